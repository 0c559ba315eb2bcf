"""Issue 12: the Decap CMS configuration is generated from the model and the site's
vocabularies, and the admin page loads only files of the site itself."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from cop_site import decap
from cop_site.model import MODELS
from cop_site.settings import build_settings
from helpers import mkdocs_build, write_site
from test_check import VALID


def _fields(config: dict, name: str) -> dict[str, dict]:
    collection = next(c for c in config["collections"] if c["name"] == name)
    fields = collection["files"][0]["fields"] if "files" in collection else collection["fields"]
    return {f["name"]: f for f in fields}


def test_config_follows_the_model_and_the_sites_vocabularies(tmp_path: Path) -> None:
    config_text = "site_name: T\ndocs_dir: content\nedit_uri: https://github.com/acme/cop/edit/trunk/content/\ntheme:\n  name: material\n"
    config_text += "plugins:\n  - cop-site:\n      categories: [schools, agency]\n      cms: {}\n"
    files = {**VALID, "content/partners/valley-college.md": "---\nname: Valley College\ncategory: schools\n---\n"}
    files["content/partners/state-agency.md"] = "---\nname: State Agency\ncategory: agency\n---\n"
    site = write_site(tmp_path / "site", files, config=config_text)
    build, out = mkdocs_build(site, "--strict")
    assert build.returncode == 0, build.output
    config = yaml.safe_load((out / "admin/config.yml").read_text("utf-8"))
    assert config["backend"] == {"name": "github", "repo": "acme/cop", "branch": "trunk"}
    assert config["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert [c["name"] for c in config["collections"]] == ["partners", "groups", "notes-pathways", "scenarios"]
    for collection, kind in (("partners", "partner"), ("groups", "group"), ("notes-pathways", "note"), ("scenarios", "scenario")):
        fields = _fields(config, collection)
        required = {n for n, f in fields.items() if f.get("required")}
        assert required == {n for n, info in MODELS[kind].model_fields.items() if info.is_required()}, collection
    partner = _fields(config, "partners")
    assert partner["category"]["widget"] == "select" and [o["value"] for o in partner["category"]["options"]] == ["schools", "agency"]
    # Issue 22: options show labels, files go through cop-forms.js, the body stays Markdown.
    assert partner["level"]["options"][0] == {"label": "National", "value": "national"}
    assert partner["body"]["modes"] == ["raw"] and partner["cop_original"]["widget"] == "hidden"
    assert {c["format"] for c in config["collections"]} == {f"cop-{k}-frontmatter" for k in ("partner", "group", "note", "scenario")}
    assert partner["alliances"]["widget"] == "relation" and partner["alliances"]["value_field"] == "{{slug}}"
    note = _fields(config, "notes-pathways")
    assert note["attendees"]["widget"] == "relation" and note["attendees"]["collection"] == "partners"
    assert note["scenarios"]["collection"] == "scenarios"
    assert note["date"]["widget"] == "datetime" and note["date"]["format"] == "YYYY-MM-DD"
    assert [o["value"] for o in note["kind"]["options"]] == ["meeting", "learning", "progress-report", "consultancy"]
    assert [o["label"] for o in note["kind"]["options"]] == ["Meeting", "Learning", "Progress report", "Consultancy"]
    assert note["date"]["default"] == "{{now}}"
    assert _fields(config, "scenarios")["groups"]["options"] == [{"label": "Pathways", "value": "pathways"}]
    members = _fields(config, "groups")["members"]
    assert members["widget"] == "list" and [f["name"] for f in members["fields"]] == ["partner", "role", "since"]
    # Issue 11: the agreement for results by element, and conditions as dated assessments.
    elements = {f["name"]: f for f in partner["agreement"]["fields"]}["elements"]["fields"]
    assert [f["name"] for f in elements][:2] == ["intent-and-vision", "roles"]
    assert [o["value"] for o in elements[0]["options"]] == ["agreed", "drafting", "open"]
    conditions = _fields(config, "groups")["conditions"]
    assert conditions["widget"] == "list" and [f["name"] for f in conditions["fields"]] == ["date", "scores", "evidence"]
    assert partner["resources"]["widget"] == "text" and _fields(config, "scenarios")["goal"]["widget"] == "text"


def test_without_the_bundle_the_admin_page_says_how_to_get_it(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", VALID, options="cms: {bundle: nowhere}")
    build, out = mkdocs_build(site, "--strict")
    assert build.returncode == 0, build.output
    page = (out / "admin/index.html").read_text("utf-8")
    assert "bash scripts/decap" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "the admin page must not load anything from elsewhere"
    assert not (out / "admin/decap-cms.js").exists() and not (out / "admin/sveltia-cms.js").exists()
    assert "Content-Security-Policy" in page and "script-src &#x27;self&#x27;" in page


def test_no_admin_page_unless_asked(tmp_path: Path) -> None:
    build, out = mkdocs_build(write_site(tmp_path / "site", VALID))
    assert build.returncode == 0
    assert not (out / "admin").exists()


FORMS_CHECK = r"""
const [script, yamlLib, shapesFile, casesFile] = process.argv.slice(2);
const fs = require("fs");
const registered = {};
global.location = { hostname: "example.org" };
global.window = {
  CMS: { registerCustomFormat: (name, ext, f) => { registered[name] = f; }, registerPreviewStyle() {}, init() {} },
  COP_FORMS: {
    kinds: JSON.parse(fs.readFileSync(shapesFile, "utf8")), names: {}, labels: {}, editor: "sveltia",
    edit_uri: "https://github.com/acme/cop/edit/main/content/",
  },
};
window.jsyaml = require(yamlLib);
require(script);
const out = [];
for (const c of JSON.parse(fs.readFileSync(casesFile, "utf8"))) {
  const format = registered[`cop-${c.kind}-frontmatter`];
  try {
    const data = format.fromFile(c.text);
    const unchanged = format.toFile(JSON.parse(JSON.stringify(data)));
    for (const [k, v] of Object.entries(c.edit || {})) data[k] = v;
    out.push({ form: data, unchanged, edited: format.toFile(data) });
  } catch (e) {
    out.push({ error: String(e.message) });
  }
}
console.log(JSON.stringify(out));
"""


def _forms_in_node(tmp_path: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each case ({kind, text, edit}) through cop-forms.js in Node, the same code the editors
    run, with a default site's field shapes: {form, unchanged, edited} (the text read into the
    form, written back untouched, and written back after the edit), or {error}."""
    yaml_js = Path(__file__).parent.parent / ".cache/decap/decap-cms/js-yaml.min.js"
    if shutil.which("node") is None or not yaml_js.is_file():
        if os.environ.get("CI") == "true":
            raise AssertionError("node or js-yaml is missing; .ci/run fetches them with bash scripts/decap")
        pytest.skip("needs Node.js and js-yaml (bash scripts/decap)")
    settings, _ = build_settings({}, tmp_path)
    _, shapes = decap.build(settings, "content", {"pathways": "Pathways"}, {})
    (tmp_path / "check.js").write_text(FORMS_CHECK, "utf-8")
    (tmp_path / "shapes.json").write_text(json.dumps(shapes), "utf-8")
    (tmp_path / "cases.json").write_text(json.dumps(cases), "utf-8")
    run = subprocess.run(
        ["node", str(tmp_path / "check.js"), str(decap.SCRIPT), str(yaml_js), str(tmp_path / "shapes.json"), str(tmp_path / "cases.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_forms_script_keeps_every_field_and_each_fields_form(tmp_path: Path) -> None:
    """cop-forms.js in Node (the same code the editors run): a file read into the form and
    written back unchanged is byte for byte the same; an edit changes that field's lines only;
    one value stays one value, a member keeps its role, a field the form lacks is kept."""
    group = (
        "---\nname: Pathways\n# who meets\nfocus: Routes\nmembers:\n  - valley-college\n"
        "  - {partner: state-agency, role: convener, since: 2025-03-04}\nstatus: active\n"
        "conditions:\n  common-agenda: emerging\nodd_field: {kept: [1, 2]}\n---\nSee [[valley-college]].\n"
    )
    partner = "---\nname: Valley\ncategory: agency\nlevel: state\nprivate:\n  notes: [a, b]\n  budget: 3\n---\nText\n"
    note = "---\ntitle: Report\ndate: 2025-06-10\nkind: progress-report\nactions: We met twice, and wrote it up.\n---\n"
    cases = [
        {"kind": "group", "text": group, "edit": {"focus": "Routes to work"}},
        {"kind": "partner", "text": partner, "edit": {"level": "district"}},
        {"kind": "note", "text": note, "edit": {"title": "Spring report"}},
        {"kind": "note", "text": "---\ntitle: [broken\n---\n"},
    ]
    g, p, n, broken = _forms_in_node(tmp_path, cases)
    assert g["unchanged"] == group and p["unchanged"] == partner and n["unchanged"] == note
    assert g["form"]["members"] == [{"partner": "valley-college"}, {"partner": "state-agency", "role": "convener", "since": "2025-03-04"}]
    assert g["edited"] == group.replace("focus: Routes\n", "focus: Routes to work\n")
    assert p["form"]["category"] == ["agency"] and "notes" not in p["form"].get("private", {})
    assert p["edited"] == partner.replace("level: state", "level: district")
    assert n["form"]["actions"] == ["We met twice, and wrote it up."]
    assert n["edited"] == note.replace("title: Report", "title: Spring report")
    assert "cannot be opened in the form" in broken["error"] and "github.com/acme/cop" in broken["error"]


def test_the_tracked_fields_keep_their_numbers_and_partners_through_the_forms(tmp_path: Path) -> None:
    """A scenario's measures, milestones and success and a group's schedule, read into the form
    and written back by cop-forms.js: unchanged, the file is the same; a reading added in the
    form is written as a number (not text), and the other fields keep their lines."""
    scenario = (
        "---\ntitle: Routes\nstatus: active\nbackbone: valley-college\npriorities:\n  - Shared data\n"
        "measures:\n  - name: Students enrolled\n    unit: students\n    target: 120\n    by: 2027-06-01\n"
        "    values:\n      - {date: 2025-09-01, value: 80}\n"
        "milestones:\n  - {name: Data agreement signed, due: 2026-03-01, status: on-track, owner: valley-college}\n"
        "success:\n  - by: 2027-06-01\n    text: Every student has a route.\n---\nBody\n"
    )
    group = "---\nname: Pathways\nfocus: Routes\nschedule:\n  start: 2025-09-02\n  time: '15:30'\n  duration: 60\n  repeat: weekly\n---\n"
    measure = {
        "name": "Students enrolled",
        "unit": "students",
        "target": 120,
        "by": "2027-06-01",
        "values": [{"date": "2025-09-01", "value": 80}, {"date": "2026-01-15", "value": 95.5}],
    }
    cases = [
        {"kind": "scenario", "text": scenario, "edit": {"measures": [measure]}},
        {"kind": "group", "text": group, "edit": {"schedule": {"start": "2025-09-02", "time": "15:30", "duration": 90, "repeat": "weekly"}}},
    ]
    s, g = _forms_in_node(tmp_path, cases)
    assert s["unchanged"] == scenario and g["unchanged"] == group
    assert s["form"]["backbone"] == "valley-college" and s["form"]["milestones"][0]["owner"] == "valley-college"
    front = yaml.safe_load(s["edited"].split("---\n")[1])
    assert front["measures"][0]["values"][1] == {"date": datetime.date(2026, 1, 15), "value": 95.5}
    assert front["measures"][0]["target"] == 120
    # The measure edited is written anew (block style); every other field keeps its own lines.
    before, after = scenario.split("measures:")[0], scenario[scenario.index("milestones:") :]
    assert s["edited"].startswith(before) and s["edited"].endswith(after), s["edited"]
    assert front["measures"][0]["values"][0] == {"date": datetime.date(2025, 9, 1), "value": 80}
    assert yaml.safe_load(g["edited"].split("---\n")[1])["schedule"]["duration"] == 90
    assert g["edited"] == group.replace("duration: 60", "duration: 90")

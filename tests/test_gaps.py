"""Issue 4: "who isn't here?" as golden cases (tests/golden/gaps/*.yml), plus real builds.

Each golden case is one YAML file: a description, optional cop-site options, the content
files (path under content/ -> full text) and the expected `gaps` / `overview` entries
exactly as cop.json writes them. A case gives only the keys it is about, and those keys
are compared exactly. `page_text` lists strings the generated Markdown of a gap page (or of
the overview, under the key `overview`) must contain. The expectations are written by hand
from the profiles, never generated from the code's output."""

from __future__ import annotations

import copy
import difflib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from cop_site import pipeline
from cop_site.analyse import Finding, LensError, Subject, analyse
from cop_site.export import build_export
from cop_site.link import Graph, link
from cop_site.model import Group, Partner, Scenario, Source
from cop_site.render import Renderer, generated_sources, page_url, render_generated
from cop_site.settings import build_settings
from cop_site.validate import Content
from helpers import BIN, ROOT, mkdocs_build, run, write_site

GOLDEN = Path(__file__).parent / "golden" / "gaps"
CASES = sorted(GOLDEN.glob("*.yml"))
CASE_KEYS = {"description", "options", "files", "expected", "problems_expected"}
EXPECTED_KEYS = {"gaps", "overview", "page_text"}
REQUIRED_CASES = {
    "conveners-members-attendees",
    "several-categories",
    "members-never-invited",
    "drafts-not-attendance",
    "category-without-partners",
    "ties-by-slug",
    "scenario-presence",
    "quiet-members",
    "per-subject-overrides",
    "invitations-limit",
    "topics-and-partners-in-no-group",
}
TAXONOMY_ORDER = list(build_settings({}, ROOT)[0].taxonomy.categories)


# ---- golden cases -------------------------------------------------------------------------
def load_case(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(case, dict), f"{path.name}: a case is a mapping"
    assert set(case) <= CASE_KEYS, f"{path.name}: unknown keys {sorted(set(case) - CASE_KEYS)}"
    assert str(case.get("description") or "").strip(), f"{path.name}: say what the case is about"
    assert case.get("files"), f"{path.name}: no content files"
    expected = case.get("expected") or {}
    assert expected and set(expected) <= EXPECTED_KEYS, f"{path.name}: expected must give some of {sorted(EXPECTED_KEYS)}"
    return case


def run_case(case: dict[str, Any], tmp_path: Path) -> tuple[pipeline.Result, dict[str, Any], dict[str, str]]:
    """Write the files, run the pipeline, and return (result, cop.json data, page Markdown by key)."""
    site = tmp_path / "site"
    docs = site / "content"
    for rel, body in case["files"].items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    result = pipeline.run(site, docs, case.get("options") or {})
    data = build_export(result.graph, result.analysis, url_for=lambda s: page_url(s))
    renderer = Renderer(result.graph, result.analysis, result.settings, generated_sources(result.graph, result.analysis))
    pages = {key: render_generated(renderer, "gap:" + key).assembled() for key in result.analysis.gaps}
    pages["overview"] = render_generated(renderer, "overview").assembled()
    return result, data, pages


def mismatches(expected: dict[str, Any], data: dict[str, Any], pages: dict[str, str]) -> list[str]:
    """What differs between a case's expectations and the output, as readable text ([] if nothing)."""
    out: list[str] = []
    want: dict[str, Any] = {}
    got: dict[str, Any] = {}
    for key, entry in (expected.get("gaps") or {}).items():
        if key not in data["gaps"]:
            out.append(f"no gaps entry {key!r}; there are {sorted(data['gaps'])}")
            continue
        want[f"gaps {key}"] = entry
        got[f"gaps {key}"] = {k: data["gaps"][key].get(k, "<missing key>") for k in entry}
    if expected.get("overview"):
        want["overview"] = expected["overview"]
        got["overview"] = {k: data["overview"].get(k, "<missing key>") for k in expected["overview"]}
    if want != got:
        a = yaml.safe_dump(want, sort_keys=True, allow_unicode=True, width=1000).splitlines()
        b = yaml.safe_dump(got, sort_keys=True, allow_unicode=True, width=1000).splitlines()
        out.append("\n".join(difflib.unified_diff(a, b, "expected", "actual", lineterm="")))
    for key, snippets in (expected.get("page_text") or {}).items():
        page = pages.get(key)
        if page is None:
            out.append(f"no page {key!r}")
            continue
        for snippet in snippets:
            if snippet not in page:
                out.append(f"the page {key!r} does not contain:\n  {snippet}\nIt reads:\n{page}")
    return out


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(path: Path, tmp_path: Path) -> None:
    case = load_case(path)
    result, data, pages = run_case(case, tmp_path)
    if case.get("problems_expected"):
        assert result.problems, f"{path.name} says problems_expected but there are none"
    else:
        assert result.problems == [], "gaps are findings, never problems:\n" + "\n".join(map(str, result.problems))
    diff = mismatches(case["expected"], data, pages)
    if diff:
        pytest.fail(f"{path.name}: {' '.join(case['description'].split())}\n\n" + "\n\n".join(diff), pytrace=False)


def test_every_required_case_is_there() -> None:
    assert REQUIRED_CASES <= {p.stem for p in CASES}


def test_a_golden_case_can_fail(tmp_path: Path) -> None:
    """Changing any one expected value makes the comparison report it."""
    case = load_case(GOLDEN / "several-categories.yml")
    _, data, pages = run_case(case, tmp_path)
    assert mismatches(case["expected"], data, pages) == []
    for mutate in (
        lambda e: e["gaps"]["groups/clinic-group"]["invitations"].reverse(),
        lambda e: e["gaps"]["groups/clinic-group"]["invitations"][0].update(score=8),
        lambda e: e["gaps"]["groups/oak"]["missing_categories"].append("workforce"),
        lambda e: e["overview"]["coverage"]["groups/oak"].update(community=2),
        lambda e: e["page_text"]["groups/clinic-group"].append("Nobody at all"),
        lambda e: e["gaps"].update({"groups/nope": {"present": []}}),
    ):
        expected = copy.deepcopy(case["expected"])
        mutate(expected)
        assert mismatches(expected, data, pages), "a changed expectation must be reported"


def test_the_internal_draft_case_really_loads_the_draft(tmp_path: Path) -> None:
    case = load_case(GOLDEN / "drafts-not-attendance-internal.yml")
    result, data, _ = run_case(case, tmp_path)
    assert result.graph.notes["g/2025-03-01-draft"].draft
    assert data["notes"]["g/2025-03-01-draft"]["attendees"] == ["family-network"]


def test_analysis_is_deterministic(tmp_path: Path) -> None:
    case = load_case(GOLDEN / "ties-by-slug.yml")
    _, first, _ = run_case(case, tmp_path / "a")
    _, second, _ = run_case(case, tmp_path / "b")
    assert json.dumps(first, sort_keys=False) == json.dumps(second, sort_keys=False)


# ---- lenses -------------------------------------------------------------------------------
def test_a_lens_failure_names_the_lens_and_the_subject(tmp_path: Path) -> None:
    case = load_case(GOLDEN / "invitations-limit.yml")

    def broken(subject: Subject, graph: Graph):
        raise KeyError("locale")

    def wrong_type(subject: Subject, graph: Graph):
        return ["not a finding"]

    site = tmp_path / "site"
    run_case(case, tmp_path)  # writes the files
    with pytest.raises(LensError, match=r"the lens 'broken' failed on groups/g: KeyError"):
        pipeline.run(site, site / "content", case["options"], [("broken", broken)])
    with pytest.raises(LensError, match=r"lens 'wrong' returned str for groups/g"):
        pipeline.run(site, site / "content", case["options"], [("wrong", wrong_type)])


def test_lens_findings_keep_their_order_and_drop_unknown_partners(tmp_path: Path) -> None:
    case = load_case(GOLDEN / "invitations-limit.yml")
    run_case(case, tmp_path)
    site = tmp_path / "site"

    def lens(subject: Subject, graph: Graph):
        yield Finding("mine", "Second thought", "Text.", ("c2", "nobody", "c1", "c2"))
        yield Finding("mine", "First thought", "More text.")

    result = pipeline.run(site, site / "content", case["options"], [("mine", lens)])
    findings = result.analysis.gaps["groups/g"].findings
    assert [f.title for f in findings] == ["Second thought", "First thought"]
    assert findings[0].partners == ("c2", "c1")
    data = build_export(result.graph, result.analysis, url_for=page_url)
    assert data["gaps"]["groups/g"]["findings"][0] == {"lens": "mine", "title": "Second thought", "text": "Text.", "partners": ["c1", "c2"]}


# ---- linear time --------------------------------------------------------------------------
class CountingDict(dict):
    """A dict that counts how often it is read, to show the work does not grow with it."""

    reads = 0

    def __getitem__(self, key):
        CountingDict.reads += 1
        return super().__getitem__(key)

    def __iter__(self):
        CountingDict.reads += len(self)
        return super().__iter__()

    def items(self):
        CountingDict.reads += len(self)
        return super().items()


def synthetic_graph(bystanders: int):
    """50 groups and 50 scenarios over 200 partners who matter, plus `bystanders` partners who
    share nothing with any of them (a category nobody expects, no topic, no ally, no level)."""
    settings, _ = build_settings({"expected_categories": ["workforce", "community", "agency"], "expected_levels": ["state", "local"]}, ROOT)
    content = Content()

    def src(rel: str, slug: str) -> Source:
        return Source(rel=rel, display=rel, slug=slug)

    cats, levels, topics = ["workforce", "community", "agency", "families-students"], ["state", "local", "district"], [f"t{i}" for i in range(20)]
    for i in range(200):
        p = Partner.model_validate(
            {
                "name": f"P {i}",
                "category": cats[i % 4],
                "level": levels[i % 3],
                "topics": [topics[i % 20], topics[(i * 7) % 20]],
                "alliances": [f"p{(i + 1) % 200:04d}"],
            }
        )
        p._src = src(f"partners/p{i:04d}.md", f"p{i:04d}")
        content.partners[f"p{i:04d}"] = p
    for i in range(bystanders):
        p = Partner.model_validate({"name": f"B {i}", "category": "philanthropy"})
        p._src = src(f"partners/b{i:05d}.md", f"b{i:05d}")
        content.partners[f"b{i:05d}"] = p
    for i in range(50):
        g = Group.model_validate({"name": f"G {i}", "focus": "x", "topics": [topics[i % 20]], "members": [f"p{(i * 3 + k) % 200:04d}" for k in range(4)]})
        g._src = src(f"groups/g{i:02d}/index.md", f"g{i:02d}")
        content.groups[f"g{i:02d}"] = g
        s = Scenario.model_validate({"title": f"S {i}", "topics": [topics[(i + 5) % 20]], "groups": [f"g{i:02d}"], "partners": [f"p{(i * 11) % 200:04d}"]})
        s._src = src(f"scenarios/s{i:02d}.md", f"s{i:02d}")
        content.scenarios[f"s{i:02d}"] = s
    graph = link(content)
    assert graph.problems == []
    graph.content.partners = CountingDict(graph.content.partners)
    return graph, settings


def test_the_work_per_subject_does_not_grow_with_the_directory() -> None:
    """100 subjects: adding 5,000 partners who concern none of them adds the cost of one pass
    over the directory (indexing it), not one pass per subject."""
    reads = {}
    results = {}
    for bystanders in (0, 5000):
        graph, settings = synthetic_graph(bystanders)
        CountingDict.reads = 0
        results[bystanders] = analyse(graph, settings)
        reads[bystanders] = CountingDict.reads
    extra = reads[5000] - reads[0]
    assert extra <= 5 * 5000, f"{extra} more reads of the directory for 5,000 more partners: the analysis walks it once per subject"
    for key, gaps in results[0].gaps.items():
        other = results[5000].gaps[key]
        assert [(i.partner, i.score, i.reasons) for i in gaps.invitations] == [(i.partner, i.score, i.reasons) for i in other.invitations]
        assert gaps.missing_categories == other.missing_categories and gaps.quiet_members == other.quiet_members


# ---- real builds --------------------------------------------------------------------------
SITE_FILES = {
    "content/index.md": "# A community with gaps\n",
    "content/partners/valley-college.md": """
        ---
        name: Valley College
        category: higher-education
        level: regional
        topics: [pathways]
        ---
        """,
    "content/partners/family-network.md": """
        ---
        name: Family Network
        category: families-students
        topics: [pathways]
        alliances: [valley-college]
        ---
        """,
    "content/partners/north-works.md": """
        ---
        name: North Works
        category: workforce
        level: state
        ---
        """,
    "content/partners/quiet-agency.md": """
        ---
        name: Quiet Agency
        category: agency
        level: state
        ---
        """,
    "content/groups/pathways/index.md": """
        ---
        name: Pathways
        focus: Routes from school to college and work.
        topics: [pathways, dual-enrollment]
        members: [valley-college, quiet-agency]
        ---
        """,
    "content/groups/pathways/2025-01-10-meeting.md": """
        ---
        title: January meeting
        date: 2025-01-10
        attendees: [valley-college]
        ---
        """,
    "content/groups/empty/index.md": """
        ---
        name: Empty group
        focus: Nobody yet.
        ---
        """,
    "content/scenarios/bridge.md": """
        ---
        title: A bridge to college
        topics: [orphan-topic]
        partners: [north-works]
        needs: [families-students, philanthropy]
        ---
        """,
}


@pytest.fixture(scope="module")
def gappy_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    site = write_site(tmp_path_factory.mktemp("gappy"), SITE_FILES)
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, "a site full of gaps must build with --strict:\n" + result.output
    assert "WARNING" not in result.output, result.output
    return out, json.loads((out / "cop.json").read_text("utf-8"))


def test_a_strict_build_full_of_gaps_passes_and_shows_them(gappy_build: tuple[Path, dict]) -> None:
    out, data = gappy_build
    gap = data["gaps"]["groups/pathways"]
    assert gap["missing_categories"] and data["overview"]["categories_without_partners"]
    assert gap["quiet_members"] == ["quiet-agency"]
    assert gap["invitations"][0] == {
        "partner": "family-network",
        "score": 7,
        "reasons": ["in a missing category: Families & students", "shares the topic pathways", "allied with Valley College, a member"],
    }
    page = (out / gap["url"] / "index.html").read_text("utf-8")
    assert "Families &amp; students" in page
    assert "in a missing category: Families &amp; students; shares the topic pathways; allied with Valley College, a member" in page
    assert re.search(r'href="../../../partners/quiet-agency/"', page)
    scenario_page = (out / data["gaps"]["scenarios/bridge"]["url"] / "index.html").read_text("utf-8")
    assert "No one in the directory has this category: recruit beyond it." in scenario_page


def test_the_overview_matrix_agrees_with_cop_json(gappy_build: tuple[Path, dict]) -> None:
    out, data = gappy_build
    page = (out / data["overview"]["url"] / "index.html").read_text("utf-8")
    html = page[: page.index("</table>")]  # the coverage matrix, the page's first table
    header = re.search(r"<thead>(.*?)</thead>", html, re.S)
    assert header
    columns = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<th[^>]*>(.*?)</th>", header.group(1), re.S)]
    assert len(columns) == len(TAXONOMY_ORDER) + 2, columns
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        link = re.search(r'<a href="([^"]+)"', row)
        if link is None or "<td" not in row:
            continue
        # the row's name is a header cell (th scope="row"), its counts are data cells
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[link.group(1)] = cells
    coverage = data["overview"]["coverage"]
    assert len(rows) == len(coverage) == len(data["groups"]) + len(data["scenarios"])
    for key, counts in coverage.items():
        href = key + "/"  # the overview is gaps/index.html; each gap page is gaps/<kind>s/<slug>/
        assert href in rows, (key, sorted(rows))
        cells = rows[href]
        numbers = [int(c) if c.isdigit() else 0 for c in cells[1:-1]]
        assert numbers == [counts[c] for c in TAXONOMY_ORDER], key
        assert int(cells[-1]) == len(data["gaps"][key]["missing_categories"]), key
        assert sum(1 for c in cells[1:-1] if "missing" in c) == len(data["gaps"][key]["missing_categories"]), key


# ---- the example site's lens, in a real build --------------------------------------------
RURAL_CONFIG = """\
site_name: Rural lens
docs_dir: content
theme:
  name: material
plugins:
  - search
  - cop-site:
      extra_fields:
        partner: [locale]
hooks:
  - plugins/rural_lens.py
"""

RURAL_FILES = {
    "content/index.md": "# Home\n",
    "content/partners/city-schools.md": "---\nname: City Schools\ncategory: districts-schools\nlevel: district\nlocale: urban\n---\n",
    "content/partners/hill-schools.md": "---\nname: Hill Schools\ncategory: districts-schools\nlevel: district\nlocale: rural\n---\n",
    "content/partners/creek-school.md": "---\nname: Creek School\ncategory: districts-schools\nlevel: local\nlocale: rural\n---\n",
    "content/partners/farm-families.md": "---\nname: Farm Families\ncategory: families-students\nlocale: rural\n---\n",
    "content/partners/state-agency.md": "---\nname: State Agency\ncategory: agency\nlevel: state\n---\n",
    "content/groups/city/index.md": "---\nname: City group\nfocus: Urban schools only.\nmembers: [city-schools, farm-families]\n---\n",
    "content/groups/hills/index.md": "---\nname: Hills group\nfocus: A rural district is here.\nmembers: [hill-schools]\n---\n",
    "content/groups/policy/index.md": "---\nname: Policy group\nfocus: Expects no schools.\nexpects: [agency]\nmembers: [state-agency]\n---\n",
}


def test_the_rural_lens_hook_adds_its_finding(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", RURAL_FILES, config=RURAL_CONFIG)
    shutil.copytree(ROOT / "plugins", site / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    # Run from another folder: MkDocs finds the hook beside mkdocs.yml, not in the working folder.
    out = tmp_path / "out"
    result = run([str(BIN / "mkdocs"), "build", "--strict", "-f", str(site / "mkdocs.yml"), "-d", str(out)], tmp_path)
    assert result.returncode == 0, result.output
    data = json.loads((out / "cop.json").read_text("utf-8"))
    findings = data["gaps"]["groups/city"]["findings"]
    assert len(findings) == 1
    assert findings[0]["lens"] == "rural"
    assert findings[0]["title"] == "No rural district at the table"
    assert findings[0]["partners"] == ["creek-school", "hill-schools"]
    assert "findings" not in data["gaps"]["groups/hills"], "a rural district is present"
    assert "findings" not in data["gaps"]["groups/policy"], "the group expects no districts or schools"
    page = (out / data["gaps"]["groups/city"]["url"] / "index.html").read_text("utf-8")
    assert "No rural district at the table" in page
    assert 'href="../../../partners/hill-schools/"' in page and 'href="../../../partners/creek-school/"' in page

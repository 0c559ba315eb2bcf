"""Issues 12 and 22: form-based editing end to end.

The admin page built from a site's config, with the copy of the editor that the build ships
(no CDN). Decap CMS talks to its local server (decap-server from npm, on loopback only) over
a temp copy of the example site. Files with every field of the content model (generated from
the model's JSON Schema, so a field added to the model is in them), and example files that
between them hold every field any example file holds, in every form it takes there (one
value, a list, a mapping), every kind of note and every kind of Markdown line (chosen from
the files' own text, so a new shape in a new file is picked up), are opened in the form in
Chromium and saved, first after touching every field and changing the title, then with the
title changed back; the parsed front matter and body must come back identical, and the
file's other lines byte for byte. (All 41 example files take about ten minutes on one core;
COP_SITE_CMS_ALL=1 round-trips every one.) A note created through the form passes
`cop-site check`. Sveltia CMS, the published site's editor, opens offline and offers its
sign-in choices."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import frontmatter
import pytest
import yaml

from cop_site.schema import schema_for
from cop_site.settings import build_settings
from helpers import ENV, ROOT, cop_check, copy_example, mkdocs_build, write_site
from test_check import VALID

pytestmark = pytest.mark.browser

CACHE = ROOT / ".cache/decap"
BUNDLE = CACHE / "decap-cms"
SVELTIA = CACHE / "sveltia"
SERVER = CACHE / "server/node_modules/decap-server/dist/index.js"
SAVE_TIMEOUT = 20
SHOTS = Path(os.environ.get("COP_SITE_SHOTS", "/tmp"))


def _need(ok: bool, why: str) -> None:
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why}; .ci/run fetches it with bash scripts/decap", pytrace=False)
    pytest.skip(f"{why} (bash scripts/decap fetches it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"decap-server stopped: {log.read_text('utf-8')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"decap-server did not listen on 127.0.0.1:{port}: {log.read_text('utf-8')}")


class _Server:
    def __init__(self, site: Path, port: int, log: Path) -> None:
        env = {**ENV, "BIND_HOST": "127.0.0.1", "PORT": str(port), "GIT_REPO_DIRECTORY": str(site)}
        self.log = log
        with open(log, "w", encoding="utf-8") as fh:
            self.proc = subprocess.Popen(["node", str(SERVER)], env=env, stdout=fh, stderr=subprocess.STDOUT)
        _wait_for_port(port, self.proc, log)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _decap_site(tmp_path: Path, port: int) -> Path:
    site = copy_example(tmp_path / "site")
    config = (site / "mkdocs.yml").read_text("utf-8")
    assert "      cms: {}\n" in config
    options = f"      cms:\n        editor: decap\n        local_port: {port}\n        bundle: {BUNDLE}\n"
    (site / "mkdocs.yml").write_text(config.replace("      cms: {}\n", options), "utf-8")
    return site


# ---- files with every field -------------------------------------------------------------------
SLUGS = {"partners": "state-agency", "scenarios": "p16-system", "groups": "p16-pathways"}
REFERS = {"alliances": "partners", "attendees": "partners", "conveners": "partners", "presenter": "partners", "partners": "partners"}
REFERS |= {"partner": "partners", "participants": "partners", "scenarios": "scenarios", "groups": "groups", "group": "groups"}
REFERS |= {"backbone": "partners", "owner": "partners", "by": "partners"}  # a date `by` (measures, success) is a date first


def _sample(name: str, node: dict[str, Any], defs: dict[str, Any], one: bool) -> Any:
    """A value for every field of a JSON Schema node: lists in their one-value form when `one`."""
    while "$ref" in node:
        node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    if "allOf" in node:
        return _sample(name, node["allOf"][0], defs, one)
    variants = [v for v in node.get("anyOf", node.get("oneOf", [])) if v.get("type") != "null"]
    if variants:
        arrays = [v for v in variants if v.get("type") == "array"]
        singles = [v for v in variants if v.get("type") != "array"]
        if name == "members":
            return [SLUGS["partners"], {"partner": "keystone-institute", "role": "coach, lead", "since": "2025-03-04"}]
        if one and singles:
            return _sample(name, singles[0], defs, one)
        return _sample(name, arrays[0] if arrays else singles[0], defs, one)
    if "enum" in node:
        values = [v for v in node["enum"] if v is not None]
        return values[min(1, len(values) - 1)]
    kind = node.get("type")
    if kind == "boolean":
        return False
    if kind in ("number", "integer"):
        return 45
    if kind == "string":
        if node.get("format") == "date":
            return "2025-02-03"
        if node.get("pattern", "").startswith("^http"):
            return "https://example.org/a?b=c"
        if "pattern" in node:
            return SLUGS.get(REFERS.get(name, ""), "data-sharing")
        return f"Some {name}: with a comma, a colon and [[p16-system]]"
    if kind == "array":
        item = _sample(name, node.get("items", {}), defs, one)
        second = _sample(name, node.get("items", {}), defs, one)
        if name in REFERS and REFERS[name] == "partners":
            second = "keystone-institute"
        return [item] if second == item else [item, second]
    if kind == "object":
        if node.get("properties"):
            return {k: _sample(k, v, defs, one) for k, v in node["properties"].items()}
        keys = node.get("propertyNames", {}).get("enum")
        if keys:
            return {k: _sample(name, node.get("additionalProperties") or {"type": "string"}, defs, one) for k in keys[:2]}
        return {"notes": "A private note", "contact": "someone@example.org", "fears": "None yet", "budget": "kept as written"}
    return "text"


def _every_field(site: Path) -> dict[str, str]:
    """rel path -> text of a file per type and form (one value / lists) with every field."""
    settings, problems = build_settings(
        yaml.safe_load((site / "mkdocs.yml").read_text("utf-8").split("plugins:")[1].split("- cop-site:")[1].split("validation:")[0]) or {}, site
    )
    assert not problems, problems
    places = {"partner": "content/partners/{}.md", "note": "content/groups/p16-pathways/2025-02-03-{}.md", "scenario": "content/scenarios/{}.md"}
    files: dict[str, str] = {}
    for kind, where in places.items():
        schema = schema_for(kind, settings)
        for one in (True, False):
            data = {k: _sample(k, v, schema.get("$defs", {}), one) for k, v in schema["properties"].items() if k != "type"}
            data["type"] = kind
            if kind == "partner":
                data["locale"] = "en-US"
            if kind == "note":
                data["group"] = "p16-pathways"
                data["kind"] = "consultancy"  # the one kind every note field is valid on
            data["draft"] = False
            slug = f"every-field-{'one' if one else 'many'}"
            body = "A body with a [[state-agency]] wikilink, [[p16-system|a labelled one]] and a list:\n\n- one\n- two\n"
            files[where.format(slug)] = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000) + "---\n" + body
    return files


def _read(path: Path) -> tuple[dict[str, Any], str]:
    post = frontmatter.loads(path.read_text("utf-8"))
    return dict(post.metadata), post.content.rstrip()


def _entries(site: Path) -> list[tuple[str, str, Path]]:
    """(collection, entry slug, path) of every file the forms open."""
    out = [("partners", p.stem, p) for p in sorted((site / "content/partners").glob("*.md"))]
    out += [("scenarios", p.stem, p) for p in sorted((site / "content/scenarios").glob("*.md"))]
    for group in sorted(p for p in (site / "content/groups").iterdir() if p.is_dir()):
        out.append(("groups", group.name, group / "index.md"))
        out += [(f"notes-{group.name}", p.stem, p) for p in sorted(group.glob("*.md")) if p.name != "index.md"]
    return out


# Markdown lines a body can hold, by name: the form's body editor must keep each as written.
BODY_LINES = {
    "list item": r"^\s*[-*+] ",
    "numbered item": r"^\s*\d+[.)] ",
    "heading": r"^#{1,6} ",
    "table row": r"^\s*\|",
    "quote": r"^\s*> ",
    "code fence": r"^\s*(```|~~~)",
    "wikilink": r"\[\[[^|\]]+\]\]",
    "labelled wikilink": r"\[\[[^\]]+\|[^\]]+\]\]",
    "link": r"\]\(",
    "emphasis": r"\*\w|_\w",
    "html": r"<[a-zA-Z]",
    "indented line": r"^ {4}\S",
}


def _shapes(key: str, value: Any, out: set[str], depth: int = 0) -> None:
    """Every field's path with the form its value takes ("members[].role: str"). The keys of a
    mapping inside a field's mapping (an indicator's evidence, an agreement element's notes)
    are the site's vocabulary, each drawn by the same kind of control: they count as one, "*"."""
    form = "mapping" if isinstance(value, dict) else "list" if isinstance(value, list) else type(value).__name__
    out.add(f"{key}: {form}")
    if isinstance(value, dict):
        for k, v in value.items():
            _shapes(f"{key}.{k if depth < 1 else '*'}", v, out, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _shapes(f"{key}[]", v, out, depth)


def _values(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_values(v) for v in value.values())
    if isinstance(value, list):
        return sum(_values(v) for v in value)
    return 1


def _features(collection: str, path: Path) -> set[str]:
    """What the form must carry through for this file: its collection, every field in the form
    it takes, a note's kind (each kind shows other fields), every kind of Markdown line."""
    meta, body = _read(path)
    kind = "notes" if collection.startswith("notes-") else collection
    out = {f"collection {collection}"}
    fields: set[str] = set()
    for key, value in meta.items():
        _shapes(key, value, fields)
    out |= {f"{kind} {f}" for f in fields}
    if kind == "notes":
        out.add(f"note kind {meta.get('kind')}")
    out |= {f"{kind} body {name}" for name, pattern in BODY_LINES.items() if re.search(pattern, body, re.M)}
    return out


def _covering(entries: list[tuple[str, str, Path]], held: set[str]) -> list[tuple[str, str, Path]]:
    """Files that between them hold every feature (see _features) of all the given files that
    the files already opened do not (`held`), at little cost: chosen greedily by new features
    per value in the file (the time a form takes grows with its controls), then any file whose
    features the others hold is dropped."""
    features = {e: _features(e[0], e[2]) - held for e in entries}
    cost = {e: _values(_read(e[2])[0]) + 5 for e in entries}  # + opening and saving it
    need = set().union(*features.values())
    chosen: list[tuple[str, str, Path]] = []
    while need:
        best = max(entries, key=lambda e: (len(features[e] & need) / cost[e], -entries.index(e)))
        chosen.append(best)
        need -= features[best]
    for e in sorted(chosen, key=lambda e: -cost[e]):
        others = [o for o in chosen if o != e]
        if others and features[e] <= set().union(*(features[o] for o in others)):
            chosen = others
    assert set().union(*(features[e] for e in chosen)) == set().union(*features.values())
    return sorted(chosen, key=entries.index)


# ---- driving the form -------------------------------------------------------------------------
def _open(page, admin: str, collection: str, slug: str) -> None:
    # A fresh page for each file: nothing of the last form (or its state) carries over.
    page.goto("about:blank")
    page.goto(f"{admin}#/collections/{collection}/entries/{slug}")
    login = page.get_by_role("button", name="Login")
    body = page.locator('label[for^="body-field-"]')
    login.or_(body).first.wait_for(timeout=15000)
    if login.is_visible():
        login.click()
    body.wait_for(timeout=15000)
    page.wait_for_timeout(500)  # pickers load their options after the form appears


def _type_and_delete(page, control) -> None:
    control.click()
    page.keyboard.press("End")
    page.keyboard.type("x")
    page.keyboard.press("Backspace")
    page.keyboard.press("Escape")


def _title(page):
    return page.locator('[id^="name-field-"], [id^="title-field-"]').first


def _touch_everything(page) -> int:
    """Type then delete a character in every text box and the body, add then remove an item in
    every list and picker, switch every toggle twice. The number of controls touched."""
    touched = 0
    # Open what is folded, so that every nested field is on the page.
    for _ in range(4):
        folded = page.locator('button[data-testid="expand-button"][aria-label="Expand"]')
        if folded.count() == 0:
            break
        visible = [folded.nth(i) for i in range(folded.count()) if folded.nth(i).is_visible()]
        if not visible:
            break
        for button in reversed(visible):
            button.click()
    boxes = page.locator('input[type="text"][id*="-field-"]:not([role="combobox"]), textarea')
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if box.is_visible() and box.is_editable():
            _type_and_delete(page, box)
            touched += 1
    pickers = page.locator('[class*="-multiValue"]').locator("xpath=ancestor::*[contains(@class,'-control')][1]//input")
    for i in range(pickers.count()):
        picker = pickers.nth(i)
        if not picker.is_visible():
            continue
        picker.click()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.keyboard.press("Backspace")
        page.keyboard.press("Escape")
        touched += 1
    adds = page.locator('button[class*="AddButton"]')
    for i in range(adds.count()):
        add = adds.nth(i)
        if not add.is_visible():
            continue
        page.evaluate("() => document.querySelectorAll('button[class*=TopBarButton]').forEach(b => b.dataset.seen = '1')")
        add.click()
        fresh = page.locator("button[class*=TopBarButton]:not([data-seen])")
        if fresh.count():
            fresh.last.click()  # the new item's remove button
        touched += 1
    toggles = page.locator('button[role="switch"]')
    for i in range(toggles.count()):
        toggles.nth(i).click()
        toggles.nth(i).click()
        touched += 1
    return touched


def _save(page, path: Path) -> None:
    before = path.stat().st_mtime_ns
    try:
        page.get_by_text("Unsaved Changes").wait_for(timeout=5000)
    except Exception:
        page.screenshot(path=str(SHOTS / f"no-change-{path.stem}.png"), full_page=True)
        raise
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Save on this computer", exact=True).click()
    deadline = time.monotonic() + SAVE_TIMEOUT
    while path.stat().st_mtime_ns == before and time.monotonic() < deadline:
        time.sleep(0.1)
    if path.stat().st_mtime_ns == before:
        page.screenshot(path=str(SHOTS / f"not-saved-{path.stem}.png"), full_page=True)
        notices = page.locator('[class*="Toast"], [class*="error"], [class*="Error"]').all_inner_texts()
        raise AssertionError(f"{path.name} was not written: {notices}")
    page.get_by_text("Unsaved Changes").wait_for(state="detached", timeout=SAVE_TIMEOUT * 1000)


@pytest.fixture
def decap(tmp_path: Path, browser, serve_folder) -> Iterator[tuple[Path, Any, str]]:
    """(site folder, page, admin URL): the example site with the Decap editor, its local server
    running over the site folder, and a Chromium page logged in."""
    _need((BUNDLE / "decap-cms.js").is_file(), f"the Decap CMS bundle is not in {BUNDLE}")
    _need(SERVER.is_file() and shutil.which("node") is not None, "decap-server or Node.js is missing")
    port = _free_port()
    site = _decap_site(tmp_path, port)
    out = tmp_path / "out"
    build, _ = mkdocs_build(site, "--strict", dest=out)
    assert build.returncode == 0, build.output
    assert (out / "admin/decap-cms.js").is_file() and (out / "admin/cop-forms.js").is_file()
    server = _Server(site, port, tmp_path / "decap-server.log")
    context = None
    try:
        with serve_folder(out) as base:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15000)
            page.problems = []  # type: ignore[attr-defined]
            page.on(
                "request",
                lambda r: (
                    page.problems.append(f"request to {r.url}")
                    if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).hostname != "127.0.0.1"
                    else None
                ),
            )
            page.on("pageerror", lambda exc: page.problems.append(f"uncaught: {exc}"))
            admin = base + "admin/"
            page.goto(admin)
            page.get_by_role("button", name="Login").click()
            page.get_by_text("Partners").first.wait_for()
            yield site, page, admin
    finally:
        if context is not None:
            context.close()
        server.stop()


def test_every_file_comes_back_identical_from_the_form(decap, tmp_path: Path) -> None:
    site, page, admin = decap
    for rel, text in _every_field(site).items():
        (site / rel).write_text(text, "utf-8")
    every = _entries(site)
    made = [e for e in every if "every-field-" in e[1]]
    assert len(made) == 6 and len(every) > 40, (made, len(every))  # each type in each form; the example's files
    held = set().union(*(_features(collection, path) for collection, _, path in made))
    entries = every if os.environ.get("COP_SITE_CMS_ALL") else made + _covering([e for e in every if e not in made], held)
    assert {e[0] for e in every} <= {e[0] for e in entries}, "every collection is opened"
    only = os.environ.get("COP_SITE_CMS_ONLY")  # a part of a path, to look into one file
    if only:
        entries = [e for e in every if only in str(e[2])]
    changed: list[str] = []
    rewritten: list[str] = []
    for collection, slug, path in entries:
        before = _read(path)
        original = path.read_bytes()
        key = "name" if "name" in before[0] and collection != "notes" and "title" not in before[0] else "title"
        _open(page, admin, collection, slug)
        if page.get_by_text("Unsaved Changes").count():
            changed.append(f"{path.name}: 'Unsaved Changes' before any edit")
        # Touch every field (each comes back to its value), and change the title: the editor
        # saves only a changed entry, and this save writes every field the form holds.
        touched = _touch_everything(page)
        assert touched >= 3, f"{path.name}: only {touched} controls found"
        _title(page).click()
        page.keyboard.press("End")
        page.keyboard.type(" 2")
        _save(page, path)
        expected = ({**before[0], key: f"{before[0][key]} 2"}, before[1])
        if _read(path) != expected:
            changed.append(f"{path.relative_to(site)} (every field touched, title changed): {expected} -> {_read(path)}")
        # Then, opened again, the title back as it was: the file is the original again, byte
        # for byte (Decap compares a form with the entry as first opened, so it is reopened).
        _open(page, admin, collection, slug)
        _title(page).click()
        page.keyboard.press("End")
        page.keyboard.press("Backspace")
        page.keyboard.press("Backspace")
        _save(page, path)
        if _read(path) != before:
            changed.append(f"{path.relative_to(site)} (saved unchanged): {before} -> {_read(path)}")
        else:
            # Every line but the edited field's is the original's (its quotes may differ: it
            # was written anew).
            new_lines = [x for x in path.read_text("utf-8").splitlines() if not x.startswith(f"{key}:")]
            old_lines = [x for x in original.decode("utf-8").splitlines() if not x.startswith(f"{key}:")]
            if new_lines != old_lines:
                rewritten.append(path.name)
    assert not changed, "\n".join(changed)
    # Only the edited field's lines changed (no noise in pull requests).
    assert not rewritten, f"lines rewritten that nobody changed: {rewritten}"
    assert not page.problems, page.problems  # type: ignore[attr-defined]
    check = cop_check(site)
    assert check.returncode == 0, check.output


def test_a_note_created_in_the_form_passes_check(decap, tmp_path: Path) -> None:
    site, page, admin = decap
    page.goto(admin + "#/collections/notes-p16-pathways")
    listed = page.locator('a[href*="/entries/"]')
    listed.first.wait_for()
    titles = [listed.nth(i).inner_text() for i in range(listed.count())]
    assert not any(t.strip().startswith(":") or t.strip() == "" for t in titles), titles  # no index.md
    page.goto(admin + "#/collections/notes-p16-pathways/new")
    page.get_by_label("Title").fill("Planning with the college")
    date = page.locator('input[type="date"]').first
    assert date.input_value() == time.strftime("%Y-%m-%d"), "a new note's date is today"
    date.fill("2025-03-04")
    # A meeting shows no consultancy or progress-report field; a consultancy shows its own.
    assert not page.locator('label[for^="presenter-field-"]').is_visible()
    assert not page.locator('label[for^="intention-field-"]').is_visible()
    attendees = page.locator('[id^="attendees-field"]').first
    attendees.click()
    page.keyboard.type("Valley")
    page.get_by_text("Larkin Valley College", exact=True).last.click()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Save on this computer", exact=True).click()
    written = site / "content/groups/p16-pathways/2025-03-04-planning-with-the-college.md"
    deadline = time.monotonic() + SAVE_TIMEOUT
    while not written.is_file() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert written.is_file(), sorted(p.name for p in (site / "content/groups/p16-pathways").iterdir())
    page.get_by_text("Saved on this computer").first.wait_for()
    page.screenshot(path=str(tmp_path / "cms.png"))
    assert not page.problems, page.problems  # type: ignore[attr-defined]
    data, _ = _read(written)
    assert data == {"title": "Planning with the college", "date": __import__("datetime").date(2025, 3, 4), "attendees": ["valley-college"]}
    check = cop_check(site)
    assert check.returncode == 0, check.output + written.read_text("utf-8")


def test_sveltia_opens_offline_with_its_sign_in_choices(tmp_path: Path, browser, serve_folder) -> None:
    _need((SVELTIA / "sveltia-cms.js").is_file(), f"Sveltia CMS is not in {SVELTIA}")
    site = copy_example(tmp_path / "site")
    config = (site / "mkdocs.yml").read_text("utf-8")
    (site / "mkdocs.yml").write_text(config.replace("      cms: {}\n", f"      cms:\n        bundle: {SVELTIA}\n"), "utf-8")
    out = tmp_path / "out"
    build, _ = mkdocs_build(site, "--strict", dest=out)
    assert build.returncode == 0, build.output
    assert (out / "admin/sveltia-cms.js").is_file() and not (out / "admin/decap-cms.js").exists()
    page_html = (out / "admin/index.html").read_text("utf-8")
    assert "Content-Security-Policy" in page_html and "<script>" not in page_html
    attempted: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:

        def block(route) -> None:
            url = route.request.url
            if urlsplit(url).hostname == "127.0.0.1" or not url.startswith("http"):
                route.continue_()
            else:
                attempted.append(url)
                route.abort()

        context.route("**/*", block)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        with serve_folder(out) as base:
            page.goto(base + "admin/")
            page.get_by_role("button", name="Sign In Using Access Token").wait_for(timeout=20000)
            assert page.get_by_role("button", name="Work with Local Repository").is_visible()
            page.screenshot(path=str(tmp_path / "sveltia.png"))
            (tmp_path / "sveltia.txt").write_text(page.locator("body").inner_text(), "utf-8")
    finally:
        context.close()
    assert not attempted, f"the editor tried to reach other hosts: {attempted}"
    assert not errors, errors


def test_no_admin_folder_without_cms(tmp_path: Path) -> None:
    build, out = mkdocs_build(write_site(tmp_path / "site", VALID))
    assert build.returncode == 0
    assert not (out / "admin").exists()

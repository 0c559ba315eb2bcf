"""Issue 19: the rubric runs a sitting. Each indicator has its own four level texts and open
probing questions, and a page; groups and scenarios assess themselves with participants and
next steps (shown on their pages and in cop.json); `cop-site new assessment` appends an
empty sitting without touching the rest of the file; `cop-site check` catches what does not
exist; worksheets carry the last level and evidence and nothing private or draft. Printing
the worksheets is measured in Chromium (tests/browser/test_worksheets.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from cop_site.settings import YES_NO_OPENERS, build_settings
from helpers import BIN, ROOT, cop_check, leaks, mkdocs_build, run, write_site

TAX = build_settings({}, Path("."))[0].taxonomy
LEVELS = list(TAX.rubric_levels)


class _Cells(HTMLParser):
    """The text of each <td> under the element with id `anchor` until the next <h2>."""

    def __init__(self, anchor: str) -> None:
        super().__init__()
        self.anchor, self.inside, self.cell, self.cells = anchor, False, None, []

    def handle_starttag(self, tag, attrs):
        if dict(attrs).get("id") == self.anchor:
            self.inside = True
        elif tag == "h2" and self.inside and self.cells:
            self.inside = False
        if self.inside and tag == "td":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.cells.append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def level_texts(html: str) -> list[str]:
    parser = _Cells("the-four-levels")
    parser.feed(html)
    return parser.cells


# ---- the rubric's data ----------------------------------------------------------------------
def test_the_shipped_rubric_has_four_own_texts_and_open_questions_per_indicator() -> None:
    seen: dict[str, str] = {}
    for slug, ind in TAX.indicators.items():
        assert list(ind.levels) == LEVELS, slug
        for level, words in ind.levels.items():
            assert words not in seen, f"{slug} {level} repeats {seen.get(words)}"
            seen[words] = f"{slug} {level}"
        assert 3 <= len(ind.questions) <= 6, slug
        for q in ind.questions:
            assert q.endswith("?"), q
            assert q.split()[0].casefold() not in YES_NO_OPENERS, q
    # The seed repeats "Mission and beliefs" under progress measures; ours says what the
    # measures are, and the file says why.
    measures = TAX.indicators["progress-measures"]
    assert "measure" in measures.description.lower() and "data" in " ".join(measures.levels.values())
    assert not set(measures.questions) & set(TAX.indicators["mission-and-beliefs"].questions)
    text = (ROOT / "cop_site" / "data" / "rubric.yml").read_text("utf-8")
    assert re.search(r"#.*repeats the text of \"Mission and beliefs\"", text)


BROKEN_RUBRIC = """\
levels:
  emerging: Emerging
  developing: Developing
  established: Established
  transformational: Transformational
domains:
  core:
    label: Core
    indicators:
      trust:
        label: Trust
        levels:
          emerging: Partners are wary.
          developing: Partners test each other.
          established: Partners rely on each other.
      voice:
        label: Voice
        levels: {emerging: a, developing: b, established: c, transformational: d, stellar: e}
        questions: ["Is everyone heard?", "Who speaks first"]
indicators:
  reach:
    domain: cor
    label: Reach
"""


def test_a_sites_own_rubric_is_checked_with_lines(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"own-rubric.yml": BROKEN_RUBRIC, "content/index.md": "# Home\n"}, "rubric: own-rubric.yml")
    out = cop_check(site)
    assert out.returncode == 1, out.output
    expected = [
        "own-rubric.yml:12: the indicator 'trust' has no text for the level 'transformational'",
        "own-rubric.yml:10: the indicator 'trust' has no probing questions",
        "own-rubric.yml:18: unknown level 'stellar' in the indicator 'voice'; allowed values: emerging",
        "own-rubric.yml:19: question 1 of the indicator 'voice' can be answered yes or no (it opens with 'Is')",
        "own-rubric.yml:19: question 2 of the indicator 'voice' does not end with '?'",
        "own-rubric.yml:22: the indicator 'reach' names an unknown domain 'cor'; did you mean 'core'?",
    ]
    for line in expected:
        assert any(o.startswith(line) for o in out.stdout.splitlines()), f"{line!r} not in\n{out.output}"
    assert "Traceback" not in out.output


# A rubric of the wrong shape is read by the same reader as the level and question checks:
# each problem names its line, the shape is said once (no cascade of level complaints).
SHAPES = {
    "root-list": ("- core\n", ["own.yml:1: the rubric must be a mapping with 'levels' and 'domains', not a list"]),
    "domains-list": (
        "levels: [emerging]\ndomains:\n  - core\n",
        ["own.yml:2: 'domains' must map each domain's slug to its label and indicators, not be a list"],
    ),
    "domain-list": ("levels: [emerging]\ndomains:\n  core: [a, b]\n", ["own.yml:3: domain 'core' must be a mapping with 'label' and 'indicators', not a list"]),
    "indicators-list": (
        "levels: [emerging]\ndomains:\n  core:\n    label: Core\n    indicators: [a, b]\n",
        ["own.yml:5: the indicators of domain 'core' must map each indicator's slug to its label, not be a list"],
    ),
    "levels-number": (
        "levels: 3\ndomains:\n  core:\n    indicators:\n      x: {levels: {emerging: a}, questions: [How?]}\n",
        ["own.yml:1: the rubric's 'levels' must be a list or a mapping"],
    ),
    "bad-yaml": ("levels: [emerging\ndomains: {}\n", ["own.yml:2: the rubric file is not valid YAML"]),
}


@pytest.mark.parametrize("case", SHAPES)
def test_a_rubric_of_the_wrong_shape_is_one_sentence_per_problem(tmp_path: Path, case: str) -> None:
    text, expected = SHAPES[case]
    (tmp_path / "own.yml").write_text(text, "utf-8")
    problems = build_settings({"rubric": "own.yml"}, tmp_path)[1]
    said = [str(p) for p in problems]
    assert len(said) == len(expected), said
    for sentence, line in zip(expected, said, strict=True):
        assert line.startswith(sentence), said


# ---- the example site, built ----------------------------------------------------------------
@pytest.fixture(scope="module")
def data(example_build: tuple[Path, object]) -> dict:
    out, _ = example_build
    return json.loads((out / "cop.json").read_text("utf-8"))


def test_each_indicator_page_has_its_own_four_texts_and_questions(example_build: tuple[Path, object]) -> None:
    out, _ = example_build
    texts: dict[str, list[str]] = {}
    for slug, ind in TAX.indicators.items():
        html = (out / "rubric" / slug / "index.html").read_text("utf-8")
        cells = level_texts(html)
        texts[slug] = cells
        assert cells == [ind.levels[lv] for lv in LEVELS], slug
        for q in ind.questions:
            assert f"<li>{q.replace(chr(39), '&#39;')}</li>" in html or f"<li>{q}</li>" in html
        assert 'role="img"' in html and "<title" in html, "a distribution picture with its name"
    for slug, cells in texts.items():
        others = {t for other, words in texts.items() if other != slug for t in words}
        assert not set(cells) & others, f"{slug} shares a level text with another indicator"
    index = (out / "rubric" / "index.html").read_text("utf-8")
    for slug in TAX.indicators:
        assert f'href="{slug}/"' in index, f"rubric/ links to {slug}"


def test_an_indicator_page_lists_partners_groups_and_scenarios_at_their_latest_level(example_build: tuple[Path, object], data: dict) -> None:
    out, _ = example_build
    html = (out / "rubric" / "progress-measures" / "index.html").read_text("utf-8")
    rti = data["groups"]["secondary-rti"]["assessments"][-1]
    assert "Secondary RTI Practice Group" in html and "Practice group" in html
    assert rti["evidence"]["progress-measures"].replace("'", "&#39;") in html or rti["evidence"]["progress-measures"] in html
    assert rti["next_steps"]["progress-measures"] in html
    html = (out / "rubric" / "roles-and-responsibilities" / "index.html").read_text("utf-8")
    assert "One P-16 system instead of four divisions" in html and "Shared work" in html
    # the table beside the picture holds its numbers: each assessed one counted once
    rows = re.findall(r'<th scope="row">(Emerging|Developing|Established|Transformational|Not rated)</th>\s*((?:<td>\d+</td>\s*){4})', html)
    totals = [int(re.findall(r"\d+", cells)[-1]) for _, cells in rows]
    assessed = sum(1 for kind in ("partners", "groups", "scenarios") for e in data[kind].values() if any(a["scores"] for a in e.get("assessments", [])))
    assert len(rows) == 5 and sum(totals) == assessed


def test_group_and_scenario_assessments_and_trends_in_cop_json(data: dict) -> None:
    group = data["groups"]["secondary-rti"]
    assert group["assessment_trend"] == {
        "collaboration-and-engagement": "up",
        "communication-procedures": "up",
        "dissemination-of-information": "new",
        "mission-and-beliefs": "up",
        "mutual-benefit": "new",
        "progress-measures": "up",
        "roles-and-responsibilities": "up",
        "shared-decision-making": "up",
        "shared-goals": "up",
        "strategic-action-plan": "up",
    }
    last = group["assessments"][-1]
    assert last["participants"] == sorted(last["participants"]) and "tomas-hale" in last["participants"]
    assert set(last["next_steps"]) <= set(last["scores"])
    scenario = data["scenarios"]["p16-system"]
    assert scenario["assessment_trend"] and set(scenario["assessment_trend"].values()) == {"new"}
    assert scenario["assessments"][0]["next_steps"]["partnership-agreement"]
    for kind in ("partners", "groups", "scenarios"):
        for entity in data[kind].values():
            assert "assessment_trend" in entity
            for a in entity["assessments"]:
                assert set(a) == {"date", "participants", "scores", "evidence", "next_steps"}
                assert set(a["participants"]) <= set(data["partners"])


def test_a_groups_page_shows_its_assessment_like_a_partners(example_build: tuple[Path, object]) -> None:
    out, _ = example_build
    html = (out / "groups" / "secondary-rti" / "index.html").read_text("utf-8")
    section = html[html.index('id="partnership-self-assessment"') :]
    for heading in ("Foundations", "Systems and structures", "History", "Evidence", "Agreed next steps"):
        assert f">{heading}" in section, heading  # a heading, or the summary a folded part starts with (issue 23)
    assert "↑ up" in section and 'role="img"' in section
    assert "Who took part in it:" in section and "Tomas Hale" in section
    assert 'href="worksheet/">Print a worksheet for the next sitting</a>' in section
    assert "Hold a half-day session where every member rewrites the statement together." in section
    scenario = (out / "scenarios" / "p16-system" / "index.html").read_text("utf-8")
    assert 'href="worksheet/">Print a worksheet for the next sitting</a>' in scenario


def test_a_partnership_that_never_sat_prints_the_blank_worksheet(example_build: tuple[Path, object], data: dict) -> None:
    """The content model's blank worksheet is for a new partnership: a group or a piece of
    shared work with no sitting behind it links to it, and gets no worksheet of its own."""
    out, _ = example_build
    for kind, slug in (("groups", "p16-pathways"), ("scenarios", "intensive-behavior-supports")):
        assert not data[kind][slug].get("assessments"), "the example must keep a partnership that never sat"
        html = (out / kind / slug / "index.html").read_text("utf-8")
        section = html[html.index('id="partnership-self-assessment"') :]
        assert "has not assessed itself on the rubric yet." in section
        assert 'href="../../rubric/worksheet/">Print a blank worksheet for the first sitting</a>' in section
        assert not (out / kind / slug / "worksheet").exists()


def test_the_keys_assessments_add_to_cop_json_are_reserved_names(data: dict) -> None:
    # A site's extra field named assessment_trend would be overwritten in cop.json: every key
    # written for a group or scenario must be one no extra field may take (model.EXPORT_KEYS).
    from cop_site.model import reserved_fields

    for kind in ("group", "scenario"):
        records = data[f"{kind}s"].values()
        assert any("assessment_trend" in r for r in records)
        for record in records:
            assert not set(record) - reserved_fields(kind) - {"private", "draft"}, (kind, set(record) - reserved_fields(kind))


def test_worksheets_carry_the_last_level_evidence_and_participants(example_build: tuple[Path, object], data: dict) -> None:
    out, _ = example_build
    html = (out / "groups" / "secondary-rti" / "worksheet" / "index.html").read_text("utf-8")
    last = data["groups"]["secondary-rti"]["assessments"][-1]
    day = last["date"]
    assert f"Took part in the last sitting ({day}):" in html
    assert "Date of this sitting:" in html
    for slug in last["participants"]:
        assert data["partners"][slug]["name"].replace("&", "&amp;") in html
    blocks = re.findall(r'<section class="cop-ws-indicator">(.*?)</section>', html, re.S)
    assert len(blocks) == len(TAX.indicators)
    for ind, block in zip(TAX.indicators.values(), blocks, strict=True):
        assert f"<h3>{ind.label}</h3>" in block
        assert block.count('class="cop-ws-box"') == 4 and block.count('class="cop-ws-line"') >= 3
        marked = re.findall(r'<li class="cop-ws-level cop-ws-last">.*?<strong>(\w+)</strong>', block)
        if ind.slug in last["scores"]:
            assert marked == [TAX.rubric_levels[last["scores"][ind.slug]].label], ind.slug
            assert f"(last sitting, {day})" in block
        if ind.slug in last["evidence"]:
            assert "Evidence so far" in block and last["evidence"][ind.slug].replace("'", "&#39;") in block
    assert html.count('<section class="cop-ws-domain"') == len(TAX.domains)
    blank = (out / "rubric" / "worksheet" / "index.html").read_text("utf-8")
    assert "cop-ws-last" not in blank and "Evidence so far" not in blank and blank.count('class="cop-ws-box"') == 4 * len(TAX.indicators)
    for kind, slug in (("partners", "valley-college"), ("scenarios", "p16-system")):
        assert (out / kind / slug / "worksheet" / "index.html").is_file()


# ---- check ------------------------------------------------------------------------------------
CHECKED = {
    "content/partners/ada.md": """
        ---
        name: Ada Institute
        category: community
        ---
        """,
    "content/partners/bea.md": """
        ---
        name: Bea College
        category: higher-education
        ---
        """,
    "content/groups/team/index.md": """
        ---
        name: Team
        focus: Working together.
        members: [ada, bea]
        assessments:
          - date: 2025-05-01
            participants: [ada, bee]
            scores:
              shared-goal: developing
              advocacy: establishd
              mutual-benefit: emerging
            next_steps:
              resource-commitment: Ask each partner for a budget line.
              mutual-benefit: Collect data.
          - date: 2025-01-01
            scores: {advocacy: emerging}
        ---
        """,
    "content/groups/team/worksheet.md": """
        ---
        title: Worksheet notes
        date: 2025-02-01
        ---
        """,
    "content/scenarios/work.md": """
        ---
        title: Work
        assessments:
          - date: 2025-05-01
            participants: ada
            scores:
              advocacy: developing
            evidence:
              advocasy: Letters to the board.
        ---
        """,
}


def test_check_catches_what_does_not_exist_with_path_and_line(tmp_path: Path) -> None:
    site = write_site(tmp_path, CHECKED)
    out = cop_check(site)
    assert out.returncode == 1
    expected = [
        "content/groups/team/index.md:7: unknown partner 'bee'; did you mean 'bea'?",
        "content/groups/team/index.md:9: unknown rubric indicator 'shared-goal'; did you mean 'shared-goals'?",
        "content/groups/team/index.md:10: unknown rubric level 'establishd'; did you mean 'established'?",
        "content/groups/team/index.md:13: a next step for 'resource-commitment', which this assessment gives no level",
        "content/groups/team/index.md:15: assessments must be listed oldest first: 2025-01-01 comes after 2025-05-01",
        "content/groups/team/worksheet.md:1: 'worksheet.md' in a group's folder is where the group's printable self-assessment worksheet goes",
        "content/scenarios/work.md:9: unknown rubric indicator 'advocasy'; did you mean 'advocacy'?",
    ]
    lines = out.stdout.splitlines()
    for line in expected:
        assert any(o.startswith(line) for o in lines), f"{line!r} not in\n{out.output}"
    assert not any("'mutual-benefit', which" in o for o in lines)  # it has a level
    assert len([o for o in lines if o.startswith("content/")]) == len(expected), out.output


# ---- cop-site new assessment --------------------------------------------------------------
def cop_new(site: Path, *args: str):
    return run([str(BIN / "cop-site"), "new", *args], site)


def test_new_assessment_appends_a_skeleton_and_keeps_every_byte(tmp_path: Path) -> None:
    files = {
        "content/partners/ada.md": (
            "---\nname: Ada Institute   # keep this comment\ncategory: community\nassessments: []               # oldest first\n---\nBody **text**.\n"
        ),
        "content/partners/bea.md": "---\nname: Bea College\ncategory: higher-education\n---\n",
        "content/groups/team/index.md": (
            "---\r\nname: Team\r\nfocus: Working together.\r\nassessments:\r\n- date: 2025-01-01\r\n  scores: {advocacy: emerging}\r\n\r\n"
            "# the members\r\nmembers: [ada, bea]\r\n---\r\nThe team.\r\n"
        ),
        "content/scenarios/work.md": "---\ntitle: Work\n---\n",
    }
    site = write_site(tmp_path, {})
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(text.encode("utf-8"))
    today = dt.date.today().isoformat()
    for flag, slug, rel in (
        ("--partner", "ada", "content/partners/ada.md"),
        ("--group", "team", "content/groups/team/index.md"),
        ("--scenario", "work", "content/scenarios/work.md"),
    ):
        before = files[rel]
        made = cop_new(site, "assessment", flag, slug, "--date", "2026-02-03")
        assert made.returncode == 0, made.output
        assert made.stdout.strip() == rel
        after = (site / rel).read_bytes().decode("utf-8")
        newline = "\r\n" if "\r\n" in before else "\n"
        # Every line that was there is still there, in order (the one exception: the empty
        # placeholder `[]` a template writes loses its brackets).
        was = [line.replace("[]", "  ") for line in before.split(newline)]
        added = [line for line in after.split(newline) if line not in was]
        assert [line for line in after.split(newline) if line in was] == was, rel
        assert after.endswith(before.split("---", 2)[2])  # the body, untouched
        assert "- date: 2026-02-03" in after
        for indicator in TAX.indicators:
            assert sum(1 for line in added if line.strip() == f"# {indicator}:") == 3, indicator
        meta = yaml.safe_load(after.split("---", 2)[1])
        assert meta["assessments"][-1]["date"] == dt.date(2026, 2, 3) and meta["assessments"][-1]["scores"] is None
        assert today  # the default date is today's (the CLI's own help says so)
    team = yaml.safe_load((site / "content/groups/team/index.md").read_text("utf-8").split("---", 2)[1])
    assert team["members"] == ["ada", "bea"] and len(team["assessments"]) == 2
    check = cop_check(site)
    assert check.returncode == 0, check.output
    # a facilitator fills in the sitting: it shows on the page, the trend follows
    path = site / "content/scenarios/work.md"
    path.write_text(
        path.read_text("utf-8").replace("      # advocacy:", "      advocacy: developing", 1).replace("participants: []", "participants: [ada]"), "utf-8"
    )
    built, dest = mkdocs_build(site, "--strict")
    assert built.returncode == 0, built.output
    data = json.loads((dest / "cop.json").read_text("utf-8"))
    assert data["scenarios"]["work"]["assessment_trend"] == {"advocacy": "new"}
    assert data["scenarios"]["work"]["assessments"][0]["participants"] == ["ada"]
    assert data["groups"]["team"]["assessment_trend"] == {"advocacy": "new"}  # the empty skeleton rates nothing


@pytest.mark.parametrize(
    "args, words",
    [
        (["--group", "teem"], "there is no group 'teem'"),
        (["--group", "team", "--date", "2024-01-01"], "has an assessment on 2025-01-01, after 2024-01-01"),
        (["--group", "team", "--date", "2025-01-01"], "already has an assessment on 2025-01-01"),
        (["--partner", "ada", "--group", "team"], "exactly one of --partner"),
        (["--scenario", "work"], "written on one line in [brackets]"),
        (["--partner", "ada", "--date", "soon"], "--date 'soon' is not a date"),
    ],
)
def test_new_assessment_refuses_with_a_sentence(tmp_path: Path, args: list[str], words: str) -> None:
    site = write_site(
        tmp_path,
        {
            "content/partners/ada.md": "---\nname: Ada\ncategory: community\n---\n",
            "content/groups/team/index.md": "---\nname: Team\nfocus: F.\nassessments:\n  - date: 2025-01-01\n---\n",
            "content/scenarios/work.md": "---\ntitle: Work\nassessments: [{date: 2025-01-01}]\n---\n",
        },
    )
    before = {p: p.read_bytes() for p in (site / "content").rglob("*.md")}
    made = cop_new(site, "assessment", *args)
    assert made.returncode in (1, 2) and words in made.stderr, made.output
    assert "Traceback" not in made.output
    assert {p: p.read_bytes() for p in (site / "content").rglob("*.md")} == before


# ---- privacy ----------------------------------------------------------------------------------
def test_private_fields_and_drafts_stay_out_of_worksheets(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/partners/ada.md": """
                ---
                name: Ada Institute
                category: community
                private: {fears: SENTINEL-PRIVATE-PARTNER}
                assessments:
                  - date: 2025-01-01
                    participants: [ada, ghost]
                    scores: {advocacy: emerging}
                    evidence: {advocacy: Letters sent.}
                ---
                """,
            "content/partners/ghost.md": """
                ---
                name: SENTINEL-DRAFT-PARTNER
                category: community
                draft: true
                ---
                """,
            "content/groups/team/index.md": """
                ---
                name: Team
                focus: Working together.
                members: [ada]
                private: {notes: SENTINEL-PRIVATE-GROUP}
                assessments:
                  - date: 2025-01-01
                    participants: [ada, ghost]
                    scores: {advocacy: developing}
                    evidence: {advocacy: Two board letters.}
                ---
                """,
            "content/groups/team/2025-02-01-secret.md": """
                ---
                title: SENTINEL-DRAFT-NOTE
                date: 2025-02-01
                attendees: [ada]
                draft: true
                ---
                SENTINEL-DRAFT-NOTE body.
                """,
            "content/scenarios/work.md": """
                ---
                title: Work
                partners: [ada]
                private: {notes: SENTINEL-PRIVATE-SCENARIO}
                assessments:
                  - date: 2025-01-01
                    participants: [ghost]
                    scores: {advocacy: developing}
                ---
                """,
        },
    )
    built, dest = mkdocs_build(site, "--strict")
    assert built.returncode == 0, built.output
    sheets = [dest / "partners/ada/worksheet/index.html", dest / "groups/team/worksheet/index.html", dest / "scenarios/work/worksheet/index.html"]
    assert all(p.is_file() for p in sheets)
    assert "Two board letters." in sheets[1].read_text("utf-8") and "Ada Institute" in sheets[1].read_text("utf-8")
    secrets = ["SENTINEL-PRIVATE-PARTNER", "SENTINEL-PRIVATE-GROUP", "SENTINEL-PRIVATE-SCENARIO", "SENTINEL-DRAFT-PARTNER", "SENTINEL-DRAFT-NOTE", "ghost"]
    assert not leaks(dest, secrets)
    for sheet in sheets:
        assert "SENTINEL" not in sheet.read_text("utf-8")
    data = json.loads((dest / "cop.json").read_text("utf-8"))
    assert data["scenarios"]["work"]["assessments"][0]["participants"] == []


# ---- schemas and forms --------------------------------------------------------------------
def test_schemas_and_forms_know_participants_and_next_steps(tmp_path: Path) -> None:
    from test_schema import front_matter, validator

    from cop_site import decap, schema

    settings = build_settings({}, Path("."))[0]
    out = tmp_path / "schemas"
    schema.write_all(out, settings)
    site = write_site(tmp_path / "site", {"content/partners/ada.md": "---\nname: Ada\ncategory: community\n---\n"})
    for kind, rel, head in (
        ("group", "content/groups/team/index.md", "name: Team\nfocus: F.\n"),
        ("scenario", "content/scenarios/work.md", "title: Work\n"),
        ("partner", "content/partners/bea.md", "name: Bea\ncategory: community\n"),
    ):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(f"---\n{head}---\n", "utf-8")
        flag = {"group": "--group", "scenario": "--scenario", "partner": "--partner"}[kind]
        assert cop_new(site, "assessment", flag, Path(rel).parent.name if kind == "group" else Path(rel).stem).returncode == 0
        text = (site / rel).read_text("utf-8")
        check = validator(out, kind)
        assert not list(check.iter_errors(front_matter(text))), f"the skeleton fits the {kind} schema"
        filled = text.replace("participants: []", "participants: [ada]").replace("      # advocacy:", "      advocacy: emerging")
        assert not list(check.iter_errors(front_matter(filled)))
        wrong = filled.replace("advocacy: emerging", "advocacy: stellar", 1)
        assert list(check.iter_errors(front_matter(wrong))), "an unknown level is refused"
        form, _shape = decap.fields_for(kind, settings, ["team"])
        fields = {f["name"]: f for f in form}
        sitting = {f["name"]: f for f in fields["assessments"]["fields"]}
        # Participants are picked by name; evidence and next steps are long text, one box per indicator.
        assert sitting["participants"]["widget"] == "relation" and sitting["participants"]["collection"] == "partners"
        assert sitting["participants"]["multiple"] is True
        for long in ("evidence", "next_steps"):
            assert [f["name"] for f in sitting[long]["fields"]] == list(TAX.indicators)
            assert {f["widget"] for f in sitting[long]["fields"]} == {"text"}, long
        assert {f["widget"] for f in sitting["scores"]["fields"]} == {"select"}

"""Issue 12: `cop-site new` starts a file from a template that passes `cop-site check` as
written, prints its path, never overwrites, and refuses bad input with a sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from helpers import BIN, cop_check, copy_example, mkdocs_build, run, write_site
from test_check import VALID


def cop_new(site: Path, *args: str):
    return run([str(BIN / "cop-site"), "new", *args], site)


CASES = [
    ("partner", ["Valley Tech Collège"], "content/partners/valley-tech-college.md"),
    ("partner-individual", ["Dana Ortiz", "--kind", "individual"], "content/partners/dana-ortiz.md"),
    ("group", ["Secondary Math"], "content/groups/secondary-math/index.md"),
    (
        "note",
        ["Kickoff: first meeting", "--group", "pathways", "--date", "2025-03-04"],
        "content/groups/pathways/2025-03-04-kickoff-first-meeting.md",
    ),
    (
        "note-learning",
        ["A learning walk", "--group", "pathways", "--date", "2025-03-05", "--kind", "learning"],
        "content/groups/pathways/2025-03-05-a-learning-walk.md",
    ),
    (
        "progress-report",
        ["Spring report", "--group", "pathways", "--date", "2025-06-10", "--kind", "progress-report"],
        "content/groups/pathways/2025-06-10-spring-report.md",
    ),
    (
        "consultancy",
        ["Bus schedules", "--group", "pathways", "--date", "2025-09-16", "--kind", "consultancy"],
        "content/groups/pathways/2025-09-16-bus-schedules.md",
    ),
    ("scenario", ["Secondary RTI at scale"], "content/scenarios/secondary-rti-at-scale.md"),
]


def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize(("case", "args", "expected"), CASES, ids=[c[0] for c in CASES])
def test_new_file_passes_check_as_written(tmp_path: Path, case: str, args: list[str], expected: str) -> None:
    site = write_site(tmp_path / "site", VALID)
    kind = {"partner-individual": "partner", "note-learning": "note", "progress-report": "note", "consultancy": "note"}.get(case, case)
    made = cop_new(site, kind, *args)
    assert made.returncode == 0, made.output
    assert made.stdout.strip() == expected
    path = site / expected
    data = front_matter(path)
    # Every field of the type is shown, so an editor sees what can be said.
    fields = {
        "partner": {
            "name",
            "kind",
            "category",
            "level",
            "roles",
            "topics",
            "relationship",
            "engagement",
            "influence",
            "interest",
            "desired_outcomes",
            "values",
            "alliances",
            "website",
            "assessments",
            "private",
        },
        "group": {"name", "focus", "topics", "conveners", "members", "expects", "levels", "meets", "status", "conditions"},
        "note": {"title", "date", "kind", "attendees", "scenarios", "decisions", "next_steps"},
        "scenario": {"title", "status", "topics", "groups", "partners", "needs", "efforts"},
    }[kind]
    if case == "progress-report":
        fields |= {"intention", "actions", "assessment"}
        assert data["kind"] == "progress-report"
    if case == "consultancy":
        fields |= {"presenter", "problem", "question", "feedback"}
        assert data["kind"] == "consultancy"
    assert fields <= set(data), fields - set(data)
    # Each field line carries a one-line comment for the editor.
    lines = path.read_text("utf-8").split("---\n")[1].splitlines()
    for line in lines:
        if line and not line.startswith(("#", " ")):
            assert " # " in line, f"no comment on {line!r}"
    if kind == "partner":
        assert data["name"] in ("Valley Tech Collège", "Dana Ortiz")
    if case == "partner-individual":
        assert data["kind"] == "individual"
    if kind == "note":
        assert data["date"].isoformat() == expected.split("/")[-1][:10]
    if kind == "scenario":
        body = path.read_text("utf-8").split("---\n", 2)[2]
        assert body.count("\n## ") >= 5, body  # the questions for understanding shared work

    check = cop_check(site)
    assert check.returncode == 0, check.output
    build, out = mkdocs_build(site, "--strict")
    assert build.returncode == 0, build.output


def test_new_note_date_defaults_to_today(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", VALID)
    made = cop_new(site, "note", "Check-in")  # one group only: no --group needed
    today = dt.date.today().isoformat()
    assert made.returncode == 0, made.output
    assert made.stdout.strip() == f"content/groups/pathways/{today}-check-in.md"


def test_new_assessment_dates_the_sitting_with_the_builds_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A day no test machine's clock shows: the date written can only come from SOURCE_DATE_EPOCH.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # 2100-01-01 00:00:00 UTC
    site = write_site(tmp_path / "site", VALID)
    made = cop_new(site, "assessment", "--group", "pathways")
    assert made.returncode == 0, made.output
    assert made.stdout.strip() == "content/groups/pathways/index.md"
    text = (site / "content/groups/pathways/index.md").read_text("utf-8")
    assert "- date: 2100-01-01" in text
    assert [a["date"] for a in front_matter(site / "content/groups/pathways/index.md")["assessments"]] == [dt.date(2100, 1, 1)]
    # The example in the refusal of a wrong --date is the same day.
    wrong = cop_new(site, "assessment", "--group", "pathways", "--date", "soon")
    assert wrong.returncode == 1
    assert "for example 2100-01-01" in wrong.stderr


def test_new_never_overwrites(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", VALID)
    before = (site / "content/partners/valley-college.md").read_bytes()
    made = cop_new(site, "partner", "Valley College")
    assert made.returncode == 1
    assert "content/partners/valley-college.md already exists and was left as it is" in made.stderr
    assert (site / "content/partners/valley-college.md").read_bytes() == before
    first = cop_new(site, "scenario", "Shared data")
    assert first.returncode == 0
    (site / "content/scenarios/shared-data.md").write_text("---\ntitle: Mine\n---\n", "utf-8")
    again = cop_new(site, "scenario", "shared-data")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (site / "content/scenarios/shared-data.md").read_text("utf-8") == "---\ntitle: Mine\n---\n"


REFUSED = [
    (["partner", "!!!"], "'!!!' cannot become a file name: use letters or digits"),
    (["group", "日本"], "'日本' cannot become a file name"),
    (
        ["note", "Kickoff", "--group", "pathway"],
        "there is no group 'pathway' (no content/groups/pathway/index.md); did you mean 'pathways'?",
    ),
    (["note", "Kickoff", "--group", "pathways", "--date", "2025-02-30"], "--date '2025-02-30' is not a date; write it as YYYY-MM-DD"),
    (["note", "Kickoff", "--group", "pathways", "--kind", "meting"], "unknown note kind 'meting'; did you mean 'meeting'?"),
    (["scenario", "X", "--kind", "meeting"], "--kind is for a note or a partner, not for a scenario"),
    (["partner", "X", "--group", "pathways"], "--group and --date are for notes only"),
]


@pytest.mark.parametrize(("args", "sentence"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_new_refuses_bad_input_with_a_sentence(tmp_path: Path, args: list[str], sentence: str) -> None:
    site = write_site(tmp_path / "site", VALID)
    made = cop_new(site, *args)
    assert made.returncode == 1, made.output
    assert sentence in made.stderr, made.stderr
    assert "Traceback" not in made.output
    assert made.stdout == ""


def test_new_note_needs_a_group_when_there_are_several(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    made = cop_new(site, "note", "Kickoff")
    assert made.returncode == 1
    assert (
        "say which group the note belongs to with --group SLUG; the groups are: behavior-human-services, p16-pathways, secondary-rti"
        in made.stderr
    )


def test_a_site_replaces_a_template(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            **VALID,
            "templates/note.md": "---\ntitle: {{title}}\ndate: {{date}}\nattendees: [valley-college]\n---\nOur own note for {{group}}.\n",
        },
    )
    made = cop_new(site, "note", "Ours", "--date", "2025-05-05")
    assert made.returncode == 0, made.output
    assert (site / "content/groups/pathways/2025-05-05-ours.md").read_text("utf-8") == (
        "---\ntitle: Ours\ndate: 2025-05-05\nattendees: [valley-college]\n---\nOur own note for pathways.\n"
    )
    assert cop_check(site).returncode == 0
    (site / "templates/scenario.md").write_text("---\ntitle: {{titel}}\n---\n", "utf-8")
    bad = cop_new(site, "scenario", "Typo")
    assert bad.returncode == 1
    assert "the template scenario.md has an unknown placeholder {{titel}}" in bad.stderr
    assert not (site / "content/scenarios/typo.md").exists()


def test_new_uses_the_sites_vocabulary(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", VALID, options="categories: [schools, agency]")
    made = cop_new(site, "partner", "Oak School")
    assert made.returncode == 0, made.output
    text = (site / "content/partners/oak-school.md").read_text("utf-8")
    assert "one or more of: schools, agency" in text
    assert front_matter(site / "content/partners/oak-school.md")["category"] == "schools"


def test_new_help_shows_examples() -> None:
    for command in ("new", "check"):
        shown = run([str(BIN / "cop-site"), command, "--help"], Path.cwd())
        assert shown.returncode == 0
        assert "examples:" in shown.stdout and f"cop-site {command}" in shown.stdout


def test_new_note_dates_itself_with_the_builds_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # 2100-01-01 00:00:00 UTC
    site = write_site(tmp_path / "site", VALID)
    made = cop_new(site, "note", "Check-in")
    assert made.returncode == 0, made.output
    assert made.stdout.strip() == "content/groups/pathways/2100-01-01-check-in.md"

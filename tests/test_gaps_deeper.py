"""Issue 20: "who isn't here?", deeper. Missing roles, relationships that could grow, partners
to keep satisfied, weak conditions and the memory of outreach, on small sites built in temp
dirs; the warnings and problems they bring; cop.json's keys; and that a private reason for
a refusal reaches no output file. "Today" is fixed with SOURCE_DATE_EPOCH (2026-12-01)."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import pytest

from cop_site import clock, pipeline
from helpers import BIN, cop_check, leaks, mkdocs_build, run, write_site

TODAY = dt.date(2026, 12, 1)
EPOCH = str(int(dt.datetime(2026, 12, 1, 12, tzinfo=dt.timezone.utc).timestamp()))
SECRET = "SENTINEL-REFUSAL-REASON"

PARTNER = """\
---
name: {name}
category: {category}
{extra}
---
"""


def partner(name: str, category: str, extra: str = "") -> str:
    return PARTNER.format(name=name, category=category, extra=extra)


GROUP = f"""\
---
name: Secondary RTI
focus: Tiered supports in high schools.
topics: [rti]
conveners: [agency]
members: [district]
conditions:
  shared-measurement: emerging
  common-agenda: developing
outreach:
  - {{partner: near-district, date: 2026-02-01, by: agency, response: invited}}
  - {{partner: near-district, date: 2026-03-01, by: agency, response: declined, note: Asked to hear when meetings move online.}}
  - {{partner: old-district, date: 2025-06-01, by: agency, response: declined}}
  - {{partner: families, date: 2026-11-01, by: district, response: invited}}
  - {{partner: quiet-org, date: 2026-05-01, by: agency, response: no-reply}}
  - {{partner: joiner, date: 2026-10-01, by: agency, response: accepted}}
private:
  refusals: {SECRET} the superintendent said the drive costs a whole day
---
"""

FILES = {
    "content/partners/agency.md": partner(
        "State Agency",
        "agency",
        "level: state\nroles: [champion]\nalliances: [near-district]\nrelationship_goal: collaboration\n"
        "relationship:\n  - {date: 2024-01-10, stage: cooperation}\n  - {date: 2025-05-01, stage: coordination}",
    ),
    "content/partners/district.md": partner(
        "Harlow District",
        "districts-schools",
        "level: district\nroles: [worker]\nrelationship: cooperation\ninfluence: high\nengagement: low\nalliances: [near-district]",
    ),
    "content/partners/near-district.md": partner(
        "Near District", "districts-schools", f"level: district\ntopics: [rti]\nprivate:\n  why_not: {SECRET} no time to drive"
    ),
    "content/partners/old-district.md": partner("Old District", "districts-schools", "level: local\ntopics: [rti]"),
    "content/partners/families.md": partner("Family Network", "families-students", "topics: [rti]\ninfluence: high\nengagement: low"),
    "content/partners/researchers.md": partner("Policy Institute", "research-policy", "roles: [power-broker]"),
    "content/partners/funder.md": partner("Valley Fund", "philanthropy", "roles: [sponsor]\ninfluence: high\nengagement: low"),
    "content/partners/quiet-org.md": partner("Quiet Org", "community", "topics: [rti]"),
    "content/partners/joiner.md": partner("Joiner", "community"),
    "content/groups/rti/index.md": GROUP,
}
OPTIONS = "invitations: 10"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict, str]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        site = write_site(tmp_path_factory.mktemp("deeper"), FILES, options=OPTIONS)
        result, out = mkdocs_build(site)
    finally:
        mp.undo()
    assert result.returncode == 0, result.output
    data = json.loads((out / "cop.json").read_text("utf-8"))
    return site, out, data, result.output


def gap_html(out: Path, data: dict, key: str = "groups/rti") -> str:
    return (out / data["gaps"][key]["url"] / "index.html").read_text("utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def test_today_is_the_build_date_fixed_by_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert clock.today() == TODAY
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert clock.today() == dt.date.today()


def test_missing_roles_with_who_plays_them(built: tuple) -> None:
    _, out, data, _ = built
    gaps = data["gaps"]["groups/rti"]
    assert gaps["missing_roles"] == ["power-broker", "sponsor"]  # the convener is the champion
    page = text_of(gap_html(out, data))
    assert "Power broker: nobody here is a power broker. Partners in the directory who play it: Policy Institute." in page
    assert "Sponsor: nobody here is a sponsor. Partners in the directory who play it: Valley Fund." in page


def test_could_move_names_first_stage_and_short_of_goal(built: tuple) -> None:
    _, out, data, _ = built
    moves = {m["partner"]: m for m in data["gaps"]["groups/rti"]["could_move"]}
    assert set(moves) == {"agency", "district"}
    assert moves["agency"]["stage"] == "coordination" and moves["agency"]["towards"] == "collaboration" and moves["agency"]["goal"] is True
    assert moves["district"]["stage"] == "cooperation" and moves["district"]["towards"] == "coordination" and moves["district"]["goal"] is False
    page = text_of(gap_html(out, data))
    assert "State Agency: at coordination, and both sides are working towards collaboration." in page
    assert "Harlow District: at cooperation, the first stage: could move to coordination." in page


def test_keep_satisfied_present_ranked_and_awaiting(built: tuple) -> None:
    _, out, data, _ = built
    keep = {k["partner"]: k["how"] for k in data["gaps"]["groups/rti"]["keep_satisfied"]}
    assert keep == {"district": "present", "funder": "ranked to invite", "families": "awaiting reply"}
    assert "Valley Fund: high influence and low engagement, ranked among those to invite" in text_of(gap_html(out, data))


def test_weak_conditions_with_missing_helpers_and_candidates(built: tuple) -> None:
    _, out, data, _ = built
    weak = data["gaps"]["groups/rti"]["weak_conditions"]
    assert weak == {
        "shared-measurement": {
            "level": "emerging",
            "helpers": ["research-policy", "implementation-support"],  # the default's order; neither is here
            "candidates": ["researchers"],
            "reason": weak["shared-measurement"]["reason"],
        }
    }
    page = text_of(gap_html(out, data))
    assert "Shared measurement is rated emerging, and no one present is in Research & policy or Implementation support" in page
    assert "Partners in the directory who could help: Policy Institute." in page


def test_outreach_declined_apart_with_an_ally_awaiting_and_ranking(built: tuple) -> None:
    _, out, data, _ = built
    gaps = data["gaps"]["groups/rti"]
    ranked = [i["partner"] for i in gaps["invitations"]]
    assert "near-district" not in ranked  # declined nine months ago
    assert "families" not in ranked  # invited, no answer yet
    assert "old-district" in ranked  # declined more than 12 months ago: back in the ranking
    assert "quiet-org" in ranked  # no-reply closed that invitation
    reasons = {i["partner"]: i["reasons"] for i in gaps["invitations"]}
    assert "declined on 2025-06-01, more than 12 months ago: worth asking again" in reasons["old-district"]
    assert "invited on 2026-05-01 with no reply: worth asking again" in reasons["quiet-org"]
    # The ally is the one here who did not get turned down (the agency asked; the district is allied too).
    assert gaps["declined"] == [{"partner": "near-district", "date": "2026-03-01", "by": "agency", "ally": "district", "reason": gaps["declined"][0]["reason"]}]
    assert gaps["awaiting"] == [{"partner": "families", "since": "2026-11-01", "days": 30, "by": "district"}]
    assert gaps["outreach_counts"] == {"invited": 5, "accepted": 1, "declined": 2, "waiting": 1}
    page = text_of(gap_html(out, data))
    assert (
        "Near District declined on 2026-03-01 (asked by State Agency). Not ranked among the invitations until after 2027-03-01. "
        "Harlow District, an ally already here, could try again." in page
    )
    assert "Family Network: awaiting reply since 2026-11-01 (30 days), asked by Harlow District." in page
    assert "Asked to hear when meetings move online." in page


def test_only_an_ally_present_is_suggested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    files = {
        "content/partners/a.md": partner("A", "agency"),
        "content/partners/b.md": partner("B", "districts-schools", "alliances: [c]"),  # allied, but not present
        "content/partners/c.md": partner("C", "districts-schools"),
        "content/groups/g/index.md": "---\nname: G\nfocus: f\nmembers: [a]\noutreach:\n  - {partner: c, date: 2026-06-01, by: a, response: declined}\n---\n",
    }
    site = write_site(tmp_path, files)
    result = pipeline.run(site, site / "content", {})
    declined = result.analysis.gaps["groups/g"].declined
    assert [(d.partner, d.ally) for d in declined] == [("c", None)]


def test_cop_json_keys_and_sorted_outreach(built: tuple) -> None:
    _, _, data, _ = built
    gaps = data["gaps"]["groups/rti"]
    for key in ("missing_roles", "could_move", "keep_satisfied", "weak_conditions", "outreach"):
        assert key in gaps
    assert [(e["date"], e["partner"]) for e in gaps["outreach"]] == sorted((e["date"], e["partner"]) for e in gaps["outreach"])
    assert gaps["outreach"][0] == {"partner": "old-district", "date": "2025-06-01", "by": "agency", "response": "declined", "note": None}
    agency = data["partners"]["agency"]
    assert agency["relationship"] == "coordination"  # the current stage, a string
    assert agency["relationship_history"] == [{"date": "2024-01-10", "stage": "cooperation"}, {"date": "2025-05-01", "stage": "coordination"}]
    assert agency["relationship_goal"] == "collaboration"
    assert data["partners"]["district"]["relationship_history"] == []
    assert data["overview"]["stages"]["coordination"] == ["agency"]
    assert data["groups"]["rti"]["outreach"] == gaps["outreach"]


def test_accepted_but_absent_is_a_warning_at_its_line(built: tuple) -> None:
    site, _, _, output = built
    assert "'joiner' accepted on 2026-10-01 but is not present in this group; add them to members or attendees" in output
    check = run([str(BIN / "cop-site"), "check"], site)
    line = GROUP.splitlines().index(next(x for x in GROUP.splitlines() if "partner: joiner" in x)) + 1
    assert f"content/groups/rti/index.md:{line}: 'joiner' accepted" in check.output


def test_no_private_reason_for_a_refusal_in_any_output(built: tuple) -> None:
    _, out, _, _ = built
    assert leaks(out, [SECRET, "drive costs"]) == []


def test_the_overview_counts_outreach_per_group(built: tuple) -> None:
    _, out, data, _ = built
    html = (out / data["overview"]["url"] / "index.html").read_text("utf-8")
    table = html[html.index('id="roles-relationships-and-outreach"') :]
    row = re.search(r"<tr>\s*<th scope=\"row\">Group: <a [^>]*>Secondary RTI</a></th>(.*?)</tr>", table, re.S)
    assert row, table[:2000]
    cells = [text_of(c).strip() for c in re.findall(r"<td>(.*?)</td>", row.group(1), re.S)]
    assert cells == ["Power broker, Sponsor", "2", "3", "1", "5", "1", "2", "1"]


def test_bad_input_is_a_problem_at_its_line_with_a_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    files = {
        "content/partners/agency.md": partner(
            "Agency",
            "agency",
            "relationship_goal: colaboration\nrelationship:\n  - {date: 2025-05-01, stage: coordination}\n  - {date: 2024-01-10, stage: cooperaton}",
        ),
        "content/partners/district.md": partner("District", "districts-schools"),
        "content/groups/g/index.md": (
            "---\nname: G\nfocus: f\nexpects_roles: [champoin]\noutreach:\n"
            "  - {partner: distrct, date: 2026-01-01}\n"
            "  - {partner: district, date: 2026-01-01, response: declind}\n"
            "  - {partner: district, date: 2027-01-01, response: accepted}\n"
            "  - {partner: district, date: 2026-01-02, by: agncy}\n---\n"
        ),
        "content/scenarios/s.md": "---\ntitle: S\nneeds_roles: [sponser]\n---\n",
    }
    options = "condition_helpers:\n  shared-measurment: [research-policy]\n  common-agenda: [comunity]"
    site = write_site(tmp_path, files, options=options)
    out = cop_check(site).output
    expected = [
        "content/partners/agency.md:4: unknown relationship stage 'colaboration'; did you mean 'collaboration'",
        "content/partners/agency.md:7: unknown relationship stage 'cooperaton'; did you mean 'cooperation'",
        "content/partners/agency.md:7: 'relationship' (item 2) is dated 2024-01-10, before the item above it (2025-05-01)",
        "content/groups/g/index.md:4: unknown role 'champoin'; did you mean 'champion'?",
        "content/groups/g/index.md:6: unknown partner 'distrct'; did you mean 'district'?",
        "content/groups/g/index.md:7: unknown outreach response 'declind'; did you mean 'declined'?",
        "content/groups/g/index.md:8: 'outreach' (item 3) records the answer 'accepted' on 2027-01-01, which is after today (2026-12-01)",
        "content/groups/g/index.md:9: unknown partner 'agncy'; did you mean 'agency'?",
        "content/scenarios/s.md:3: unknown role 'sponser'; did you mean 'sponsor'",
        "cop-site option 'condition_helpers' names an unknown condition 'shared-measurment'; did you mean 'shared-measurement'?",
        "cop-site option 'condition_helpers' (common-agenda) has an unknown category 'comunity'; did you mean 'community'?",
    ]
    for line in expected:
        assert line in out, (line, out)


def test_condition_helpers_replaced_in_config(tmp_path: Path) -> None:
    files = {
        "content/partners/a.md": partner("A", "agency"),
        "content/partners/f.md": partner("F", "philanthropy"),
        "content/groups/g/index.md": "---\nname: G\nfocus: f\nmembers: [a]\nconditions: {shared-measurement: emerging}\n---\n",
    }
    site = write_site(tmp_path, files)
    result = pipeline.run(site, site / "content", {"condition_helpers": {"shared-measurement": ["philanthropy"]}})
    weak = result.analysis.gaps["groups/g"].weak_conditions["shared-measurement"]
    assert (weak.helpers, weak.candidates) == (("philanthropy",), ("f",))
    default = pipeline.run(site, site / "content", {}).analysis.gaps["groups/g"].weak_conditions["shared-measurement"]
    assert default.helpers == ("research-policy", "implementation-support")


def test_a_lens_reads_the_new_facts(tmp_path: Path) -> None:
    from cop_site.analyse import Finding

    seen = {}

    def lens(subject, graph):  # type: ignore[no-untyped-def]
        seen[subject.key] = (subject.gaps.missing_roles, subject.expected_roles, [e.partner for e in subject.outreach])
        return [Finding("t", "T", "t")]

    files = {
        "content/partners/a.md": partner("A", "agency"),
        "content/groups/g/index.md": "---\nname: G\nfocus: f\noutreach: [{partner: a, date: 2026-01-01}]\n---\n",
    }
    site = write_site(tmp_path, files)
    pipeline.run(site, site / "content", {"expected_roles": ["champion"]}, lenses=[("t", lens)])
    assert seen == {"groups/g": (["champion"], ["champion"], ["a"])}


def test_new_outreach_appends_today_and_keeps_every_other_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = write_site(tmp_path, {k: v for k, v in FILES.items()})
    path = site / "content/groups/rti/index.md"
    before = path.read_bytes()
    result = run([str(BIN / "cop-site"), "new", "outreach", "--group", "rti", "--partner", "researchers", "--by", "agency"], site)
    assert result.returncode == 0, result.output
    after = path.read_bytes()
    added = b"  - {partner: researchers, date: 2026-12-01, by: agency, response: invited}\n"
    cut = before.index(b"private:")
    assert after == before[:cut] + added + before[cut:]
    # A file without outreach, with Windows line endings: a new key before the closing line.
    other = site / "content/groups/other/index.md"
    other.parent.mkdir()
    other.write_bytes(b"---\r\nname: Other\r\nfocus: f # why\r\n---\r\nBody\r\n")
    assert run([str(BIN / "cop-site"), "new", "outreach", "--group", "other", "--partner", "joiner"], site).returncode == 0
    assert (
        other.read_bytes()
        == b"---\r\nname: Other\r\nfocus: f # why\r\noutreach:\r\n  - {partner: joiner, date: 2026-12-01, response: invited}\r\n---\r\nBody\r\n"
    )
    wrong = run([str(BIN / "cop-site"), "new", "outreach", "--group", "rti", "--partner", "joner"], site)
    assert wrong.returncode == 1 and "did you mean 'joiner'" in wrong.output
    assert cop_check(site).output.count("problem") <= 2  # the file still checks (only the known accepted warning)


def test_a_new_group_from_the_template_takes_outreach(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = write_site(tmp_path, {"content/partners/joiner.md": partner("Joiner", "community")})
    assert run([str(BIN / "cop-site"), "new", "group", "Data Team"], site).returncode == 0
    assert run([str(BIN / "cop-site"), "new", "outreach", "--group", "data-team", "--partner", "joiner"], site).returncode == 0
    text = (site / "content/groups/data-team/index.md").read_text("utf-8")
    assert "outreach: [{partner: joiner, date: 2026-12-01, response: invited}]" in text
    check = cop_check(site)
    assert check.returncode == 0, check.output


def test_schemas_and_forms_know_the_new_fields() -> None:
    import jsonschema

    from cop_site.decap import fields_for
    from cop_site.schema import schema_for
    from cop_site.settings import build_settings

    settings = build_settings({}, Path("."))[0]
    group = jsonschema.Draft202012Validator(schema_for("group", settings))
    bad = {"name": "G", "focus": "f", "expects_roles": ["champoin"], "outreach": [{"partner": "a", "date": "2026-01-01", "response": "maybe"}]}
    messages = sorted(e.message for e in group.iter_errors(bad))
    assert any("'maybe' is not one of" in m for m in messages) and any("champoin" in m for m in messages), messages
    partner_schema = jsonschema.Draft202012Validator(schema_for("partner", settings))
    history = {"name": "P", "category": "agency", "relationship": [{"date": "2025-01-01", "stage": "cooperation"}], "relationship_goal": "collaboration"}
    assert list(partner_schema.iter_errors(history)) == []
    assert list(partner_schema.iter_errors({**history, "relationship_goal": "friends"}))
    forms = {f["name"]: f for f in fields_for("group", settings, [])[0]}
    entry = {f["name"]: f for f in forms["outreach"]["fields"]}
    assert list(entry) == ["partner", "date", "by", "response", "note"]
    assert entry["partner"]["widget"] == entry["by"]["widget"] == "relation"  # names picked from the directory
    assert [o["value"] for o in entry["response"]["options"]] == ["invited", "accepted", "declined", "no-reply"]
    assert [o["value"] for o in forms["expects_roles"]["options"]] == list(settings.taxonomy.roles)
    assert {f["name"] for f in fields_for("scenario", settings, [])[0]} >= {"needs_roles", "outreach"}


def test_relationship_history_on_the_profile_and_stages(built: tuple) -> None:
    _, out, data, _ = built
    profile = (out / data["partners"]["agency"]["url"] / "index.html").read_text("utf-8")
    svg = re.search(r'<svg class="cop-svg" role="img" aria-labelledby="cop-relationship-agency"[^>]*>(.*?)</svg>', profile, re.S)
    assert svg and "<title" in svg.group(1) and "Collaboration (goal)" in svg.group(1)
    assert svg.group(1).count("<circle") == 2  # one step per dated stage
    page = text_of(profile)
    assert "2024-01-10 Cooperation 2025-05-01 Coordination Goal Collaboration (the stage both sides are working towards)" in page
    assert "Goal both sides are working towards: Collaboration." in page
    stages = text_of((out / "stages" / "index.html").read_text("utf-8"))
    assert "Who moved, and when" in stages
    assert "2025-05-01 State Agency Cooperation Coordination Collaboration" in stages

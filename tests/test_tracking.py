"""Issue 21: shared work you can track. Measures, milestones, success statements, backbone
and priorities on scenarios; meeting schedules on groups; the progress/ and calendar/ pages;
calendar.ics files read back with icalendar and expanded as a calendar program would; what
`cop-site check` says about the new fields; cop.json, the exports and `generate`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from helpers import BIN, cop_check, leaks, mkdocs_build, run, write_site

SITE_URL = "https://example.org/cop/"
HOSTILE = 'Ann & <b>Bo</b>; "q", x\\y'  # markup, iCalendar's separators and a backslash
# 2026-01-15 12:00 UTC: "today" for these builds
EPOCH = str(int(dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc).timestamp()))

FILES = {
    "content/partners/ash.md": "---\nname: Ash College\ncategory: higher-education\n---\n",
    "content/partners/birch.md": f"---\nname: Birch {HOSTILE}\ncategory: agency\n---\n",
    "content/groups/weekly/index.md": f"""\
        ---
        name: Weekly {HOSTILE}
        focus: Meets every week.
        meets: Tuesdays at half past three
        schedule:
          start: 2025-10-21
          time: "15:30"
          duration: 90
          timezone: America/Chicago
          repeat: weekly
          until: 2025-11-18
          location: Room 4, {HOSTILE}
        ---
        """,
    "content/groups/monthly/index.md": """\
        ---
        name: Monthly
        focus: Meets on the second Tuesday.
        schedule:
          start: 2025-01-14
          time: "09:00"
          duration: 60
          timezone: America/New_York
          repeat: monthly-by-weekday
          until: 2025-05-13
        ---
        """,
    "content/scenarios/work.md": f"""\
        ---
        title: Shared work {HOSTILE}
        groups: [weekly]
        partners: [ash]
        backbone: birch
        priorities: [First priority, Second priority]
        measures:
          - name: Students on track
            unit: "%"
            baseline: 40
            target: 60
            by: 2026-06-30
            source: Registrar
            values:
              - {{date: 2025-01-10, value: 40}}
              - {{date: 2025-06-10, value: 47.5}}
              - {{date: 2025-12-10, value: 52}}
        milestones:
          - {{name: Early one, due: 2025-12-01, status: on-track, owner: ash}}
          - {{name: Later one, due: 2026-03-01, status: planned, owner: birch}}
          - {{name: Finished, due: 2025-11-01, status: done}}
          - {{name: 'Named {HOSTILE}', due: 2026-02-01, status: at-risk}}
        success:
          - {{by: 2026-09-01, text: Later statement}}
          - {{by: 2026-03-01, text: Earlier statement}}
        ---
        """,
}


def build(tmp_path: Path, name: str = "site", epoch: str = EPOCH, files: dict | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> Path:
    site = write_site(
        tmp_path / name,
        files or FILES,
        config=f"site_name: T\nsite_url: {SITE_URL}\ndocs_dir: content\ntheme:\n  name: material\nplugins:\n  - search\n  - cop-site\n",
    )
    assert monkeypatch is not None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    return out


def calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_ics_recurrence_expands_to_the_right_dates_across_daylight_saving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = build(tmp_path, monkeypatch=monkeypatch)
    weekly = calendar(out / "groups/weekly/calendar.ics")
    assert [tz["TZID"] for tz in weekly.walk("VTIMEZONE")] == ["America/Chicago"]
    event = next(e for e in weekly.walk("VEVENT") if str(e["UID"]).startswith("meetings-"))
    assert event["DTSTART"].params["TZID"] == "America/Chicago" and "RRULE" in event
    assert str(event["LOCATION"]) == f"Room 4, {HOSTILE}"  # hostile text read back unchanged
    assert str(event["SUMMARY"]) == f"Weekly {HOSTILE} meeting"
    found = [e["DTSTART"].dt for e in recurring_ical_events.of(weekly).between(dt.date(2025, 10, 1), dt.date(2026, 1, 1)) if "meetings-" in str(e["UID"])]
    chicago = ZoneInfo("America/Chicago")
    assert [d.date() for d in found] == [dt.date(2025, 10, 21), dt.date(2025, 10, 28), dt.date(2025, 11, 4), dt.date(2025, 11, 11), dt.date(2025, 11, 18)]
    # 15:30 in Chicago on both sides of the change on 2 November: 20:30 UTC, then 21:30 UTC
    assert {d.astimezone(chicago).strftime("%H:%M") for d in found} == {"15:30"}
    assert [d.astimezone(dt.timezone.utc).hour for d in found] == [20, 20, 21, 21, 21]

    monthly = calendar(out / "groups/monthly/calendar.ics")
    found = [e["DTSTART"].dt for e in recurring_ical_events.of(monthly).between(dt.date(2025, 1, 1), dt.date(2026, 1, 1))]
    assert [d.date() for d in found] == [dt.date(2025, 1, 14), dt.date(2025, 2, 11), dt.date(2025, 3, 11), dt.date(2025, 4, 8), dt.date(2025, 5, 13)]
    new_york = ZoneInfo("America/New_York")
    assert {d.astimezone(new_york).strftime("%H:%M") for d in found} == {"09:00"}
    assert [d.astimezone(dt.timezone.utc).hour for d in found] == [14, 14, 13, 13, 13]  # daylight saving from 9 March


def test_site_calendar_has_every_meeting_and_milestones_as_all_day_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = build(tmp_path, monkeypatch=monkeypatch)
    cal = calendar(out / "calendar.ics")
    assert sorted(tz["TZID"] for tz in cal.walk("VTIMEZONE")) == ["America/Chicago", "America/New_York"]
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert {"meetings-weekly@example.org", "meetings-monthly@example.org"} <= set(events)
    milestones = [e for uid, e in events.items() if uid.startswith("milestone-")]
    assert len(milestones) == 4
    for e in milestones:
        assert type(e["DTSTART"].dt) is dt.date and e["DTEND"].dt - e["DTSTART"].dt == dt.timedelta(days=1)
        assert str(e["URL"]) == SITE_URL + "scenarios/work/"
    assert any(str(e["SUMMARY"]) == f"Named {HOSTILE} (Shared work {HOSTILE})" for e in milestones)
    # DTSTAMP is SOURCE_DATE_EPOCH's moment, never the time of the build
    assert {e["DTSTAMP"].dt for e in events.values()} == {dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc)}
    # the group with milestones in its shared work has them in its own calendar; the other has none
    assert sum(str(e["UID"]).startswith("milestone-") for e in calendar(out / "groups/weekly/calendar.ics").walk("VEVENT")) == 4
    assert not any(str(e["UID"]).startswith("milestone-") for e in calendar(out / "groups/monthly/calendar.ics").walk("VEVENT"))


def test_two_builds_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(tmp_path, "one", monkeypatch=monkeypatch)
    second = build(tmp_path, "two", monkeypatch=monkeypatch)
    names = [
        "calendar.ics",
        "groups/weekly/calendar.ics",
        "groups/monthly/calendar.ics",
        "cop.json",
        "progress/index.html",
        "calendar/index.html",
        "scenarios/work/index.html",
    ]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def _milestone_rows(html: str) -> dict[str, str]:
    """Milestone name -> its status, from the scenario page's milestone table."""
    rows = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>\s*<td>[^<]*</td>\s*<td><span class="cop-status[^"]*">([^<]+)</span>', html)
    return dict(rows)


def test_overdue_is_computed_from_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = str(int(dt.datetime(2025, 11, 20, tzinfo=dt.timezone.utc).timestamp()))
    early = build(tmp_path, "early", epoch=before, monkeypatch=monkeypatch)
    late = build(tmp_path, "late", monkeypatch=monkeypatch)
    assert _milestone_rows((early / "scenarios/work/index.html").read_text("utf-8"))["Early one"] == "On track"
    statuses = _milestone_rows((late / "scenarios/work/index.html").read_text("utf-8"))
    assert statuses["Early one"] == "Overdue" and statuses["Finished"] == "Done" and statuses["Later one"] == "Planned"
    data = json.loads((late / "cop.json").read_text("utf-8"))
    overdue = {m["name"]: m["overdue"] for m in data["scenarios"]["work"]["milestones"]}
    assert overdue == {"Finished": False, "Early one": True, f"Named {HOSTILE}": False, "Later one": False}
    assert not json.loads((early / "cop.json").read_text("utf-8"))["scenarios"]["work"]["milestones"][1]["overdue"]
    progress = (late / "progress/index.html").read_text("utf-8")
    late_section = progress.split('id="late"')[1].split('id="at-risk"')[0]
    assert "Early one" in late_section and "Later one" not in late_section
    assert '<a href="#late">Late</a>: 1' in progress  # the counts link to their sections
    assert "as of 2026-01-15" in progress
    # the calendar page lists what is ahead of "today" only, soonest first
    page = (late / "calendar/index.html").read_text("utf-8")
    assert "Early one" not in page and page.index("Named") < page.index("Later one")


def test_charts_are_images_with_a_title_and_a_table_of_the_same_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = build(tmp_path, monkeypatch=monkeypatch)
    html = (out / "scenarios/work/index.html").read_text("utf-8")
    figure = html.split('<figure class="cop-figure">')[1].split("</figure>")[0]
    svg = re.search(r"<svg[^>]*>.*?</svg>", figure, re.S).group(0)
    assert 'role="img"' in svg
    title = re.search(r"<title[^>]*>(.*?)</title>", svg).group(1)
    assert "Students on track" in title and "target 60 by 2026-06-30" in title
    marks = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    table = figure.split("<table")[1]
    cells = re.findall(r"<td>([^<]*)</td>", table)
    numbers = {c.removesuffix("%") for c in cells if c.endswith("%")}
    assert numbers == {"40", "47.5", "52", "60"}
    for n in ("40", "47.5", "52"):
        assert n in marks  # each value is labelled on the chart
    assert "Baseline 40" in marks and "Target 60" in marks
    assert {"2025-01-10", "2025-06-10", "2025-12-10", "2026-06-30"} <= set(cells)
    # priorities in order, success statements by date, backbone linked both ways
    assert html.index("First priority") < html.index("Second priority")
    assert html.index("Earlier statement") < html.index("Later statement")
    assert 'href="../../partners/birch/"' in html
    partner = (out / "partners/birch/index.html").read_text("utf-8")
    assert "Carries the backbone role for" in partner and 'href="../../scenarios/work/"' in partner


def test_group_pages_offer_subscriptions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = build(tmp_path, monkeypatch=monkeypatch)
    html = (out / "groups/weekly/index.html").read_text("utf-8")
    assert 'href="webcal://example.org/cop/groups/weekly/calendar.ics"' in html
    assert 'href="calendar.ics"' in html and "https://example.org/cop/groups/weekly/calendar.ics" in html
    assert "Every week on Tuesday, 15:30 to 17:00 (America/Chicago time)" in html


def test_privacy_no_draft_or_private_field_reaches_any_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = dict(FILES)
    files["content/groups/hidden/index.md"] = """\
        ---
        name: SECRET-GROUP-NAME
        focus: x
        draft: true
        schedule: {start: 2025-01-01, time: "10:00", timezone: Europe/Paris, repeat: weekly, location: SECRET-ROOM}
        ---
        """
    files["content/scenarios/hidden.md"] = """\
        ---
        title: SECRET-SCENARIO
        draft: true
        backbone: ash
        milestones: [{name: SECRET-MILESTONE, due: 2026-05-01}]
        measures: [{name: SECRET-MEASURE, values: [{date: 2025-01-01, value: 1}]}]
        ---
        """
    files["content/partners/quiet.md"] = "---\nname: SECRET-PARTNER\ncategory: agency\ndraft: true\n---\n"
    files["content/groups/monthly/index.md"] = "---\nname: Monthly\nfocus: x\nschedule: {start: 2025-01-14}\nprivate: {fears: SECRET-FEAR}\n---\n"
    files["content/scenarios/work.md"] = FILES["content/scenarios/work.md"].replace("backbone: birch", "backbone: quiet\n        private: {notes: SECRET-NOTE}")
    out = build(tmp_path, files=files, monkeypatch=monkeypatch)
    assert (out / "calendar.ics").is_file()
    secrets = [
        "SECRET-GROUP-NAME",
        "SECRET-ROOM",
        "SECRET-SCENARIO",
        "SECRET-MILESTONE",
        "SECRET-MEASURE",
        "SECRET-PARTNER",
        "SECRET-FEAR",
        "SECRET-NOTE",
        "Europe/Paris",
    ]
    assert leaks(out, secrets) == []
    assert not (out / "groups/hidden").exists()
    data = json.loads((out / "cop.json").read_text("utf-8"))
    assert data["scenarios"]["work"]["backbone"] is None  # a draft backbone is not named


def test_check_names_each_problem_with_its_line_and_a_fix(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "s",
        {
            "content/partners/ash.md": "---\nname: Ash\ncategory: agency\n---\n",
            "content/groups/g/index.md": """\
                ---
                name: G
                focus: x
                schedule:
                  start: 2025-03-01
                  time: "9:30"
                  timezone: America/Chicgo
                  repeat: wekly
                  until: 2025-01-01
                ---
                """,
            "content/scenarios/s.md": """\
                ---
                title: S
                backbone: asj
                measures:
                  - name: Rate
                    by: 2024-06-01
                    values:
                      - {date: 2025-01-01, value: 40}
                      - {date: 2025-06-01, value: 12 %}
                milestones:
                  - {name: M, due: 2025-05-01, status: on-trak, owner: ashh}
                ---
                """,
        },
    )
    result = cop_check(site)
    assert result.returncode != 0
    out = result.output
    expected = [
        "content/groups/g/index.md:6: 'schedule' (time) must be HH:MM, not '9:30'; did you mean '09:30'?",
        "content/groups/g/index.md:7: unknown time zone 'America/Chicgo' in 'schedule'; did you mean 'America/Chicago'",
        "content/groups/g/index.md:8: unknown repeat 'wekly' in 'schedule'; did you mean 'weekly'?",
        "content/groups/g/index.md:9: 'schedule' (until) 2025-01-01 is before its start 2025-03-01",
        "content/scenarios/s.md:3: unknown partner 'asj'; did you mean 'ash'?",
        "content/scenarios/s.md:6: the measure 'Rate' is due by 2024-06-01, before its baseline of 2025-01-01",
        "content/scenarios/s.md:9: 'measures' (item 1, values, item 2, value) must be a number, not '12 %'; did you mean '12'?",
        "content/scenarios/s.md:11: unknown milestone status 'on-trak'; did you mean 'on-track'?",
        "content/scenarios/s.md:11: unknown partner 'ashh'; did you mean 'ash'?",
    ]
    for line in expected:
        assert line in out, out
    assert "Traceback" not in out


def test_cop_json_exports_and_notes_carry_the_new_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = dict(FILES)
    files["content/groups/weekly/2025-11-04-report.md"] = (
        "---\ntitle: Report\ndate: 2025-11-04\nkind: progress-report\nintention: INTENT\nactions: ACTS\nassessment: ASSESS\n---\n"
    )
    out = build(tmp_path, files=files, monkeypatch=monkeypatch)
    data = json.loads((out / "cop.json").read_text("utf-8"))
    sc = data["scenarios"]["work"]
    assert sc["backbone"] == "birch" and sc["priorities"] == ["First priority", "Second priority"]
    assert sc["measures"][0]["values"] == [{"date": "2025-01-10", "value": 40.0}, {"date": "2025-06-10", "value": 47.5}, {"date": "2025-12-10", "value": 52.0}]
    assert sc["measures"][0]["baseline_date"] == "2025-01-10" and sc["measures"][0]["target"] == 60
    assert [s["by"] for s in sc["success"]] == ["2026-03-01", "2026-09-01"]
    assert data["groups"]["weekly"]["schedule"] == {
        "start": "2025-10-21",
        "time": "15:30",
        "duration": 90,
        "timezone": "America/Chicago",
        "repeat": "weekly",
        "until": "2025-11-18",
        "location": f"Room 4, {HOSTILE}",
    }
    note = data["notes"]["weekly/2025-11-04-report"]
    assert (note["intention"], note["actions"], note["assessment"]) == ("INTENT", "ACTS", "ASSESS")
    edges = list(csv.DictReader(io.StringIO((out / "exports/edges.csv").read_text("utf-8"))))
    assert {"Source": "partner:birch", "Target": "scenario:work", "Kind": "backbone"}.items() <= next(e for e in edges if e["Kind"] == "backbone").items()
    kumu = json.loads((out / "exports/kumu.json").read_text("utf-8"))
    assert any(c["type"] == "backbone" and c["from"] == "partner:birch" for c in kumu["connections"])
    for name in ("network.gexf", "network.graphml"):
        assert "backbone" in ET.parse(out / "exports" / name).getroot().itertext() or b"backbone" in (out / "exports" / name).read_bytes()


def test_generate_keeps_progress_calendar_and_the_calendar_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "s", FILES, config=f"site_name: T\nsite_url: {SITE_URL}\ndocs_dir: content\nplugins:\n  - cop-site\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = run([str(BIN / "cop-site"), "generate", str(tmp_path / "out")], site)
    assert result.returncode == 0, result.output
    docs = tmp_path / "out/docs"
    progress = (docs / "progress/index.md").read_text("utf-8")
    assert progress.startswith("---\ntitle: Progress") and "Early one" in progress
    assert "Later one" in (docs / "calendar/index.md").read_text("utf-8")
    assert Calendar.from_ical((docs / "calendar.ics").read_bytes()).walk("VEVENT")
    assert (docs / "groups/weekly/calendar.ics").is_file()
    # the plain site builds with plain MkDocs and keeps the pages
    built, out = mkdocs_build(tmp_path / "out")
    assert built.returncode == 0, built.output
    assert "Early one" in (out / "progress/index.html").read_text("utf-8") and (out / "calendar.ics").is_file()

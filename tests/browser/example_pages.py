"""The example site's pages, one of each page type, shared by the browser tests: the ones
that load every page type (test_browser) and the ones that measure them (test_readable)."""

from __future__ import annotations

AUTHORED = {  # page type -> (path under the site, its source under content/)
    "home": ("", "index.md"),
    "partner": ("partners/valley-college/", "partners/valley-college.md"),
    "individual partner": ("partners/renata-solberg/", "partners/renata-solberg.md"),
    "partner with a relationship history": ("partners/state-university/", "partners/state-university.md"),
    "group": ("groups/secondary-rti/", "groups/secondary-rti/index.md"),
    "note": ("groups/secondary-rti/2025-06-10-progress-report/", "groups/secondary-rti/2025-06-10-progress-report.md"),
    "scenario": ("scenarios/p16-system/", "scenarios/p16-system.md"),
    # Issue 21: measures as charts, milestones, success statements
    "tracked scenario": ("scenarios/secondary-rti-at-scale/", "scenarios/secondary-rti-at-scale.md"),
    "help": ("help/publishing/", "help/publishing.md"),
}
GENERATED = {
    "partners directory": "partners/",
    "groups directory": "groups/",
    "scenarios directory": "scenarios/",
    "topics index": "topics/",
    "topic": "topics/secondary-rti/",
    "gap page": "gaps/groups/secondary-rti/",
    "scenario gap page": "gaps/scenarios/p16-system/",
    "overview": "gaps/",
    # Issue 11: the workshop tools, each a picture beside its table
    "tools": "tools/",
    "grid": "grid/",
    "stages": "stages/",
    "rubric": "rubric/",
    "conditions": "conditions/",
    "map": "map/",
    "group map": "map/p16-pathways/",  # issue 23: one map per practice group
    # Issue 19: the rubric as a sitting
    "indicator": "rubric/progress-measures/",
    "blank worksheet": "rubric/worksheet/",
    "group worksheet": "groups/secondary-rti/worksheet/",
    "partner worksheet": "partners/valley-college/worksheet/",
    "scenario worksheet": "scenarios/p16-system/worksheet/",
    # Issue 21: shared work you can track
    "progress": "progress/",
    "calendar": "calendar/",
}
PAGES = {name: path for name, (path, _) in AUTHORED.items()} | GENERATED

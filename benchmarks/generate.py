"""Deterministic synthetic cop-site content of a given size.

The default mix follows what a large community of practice would plausibly hold: about 20%
partner profiles, 1% practice groups, 2% shared-work scenarios, the rest group notes, plus a
home page. The "partners" mix (30% partners, 60% notes, 5% groups, 5% scenarios) stands for a
community that keeps a large directory, where the per-partner work (profiles, assessments,
agreements, the grid) weighs most. Every reference (front matter and [[wikilinks]]) points at something that exists, so
`cop-site check` reports no problems and the benchmark times the normal path, not the
error path.

Only the standard library and PyYAML (a MkDocs dependency) are used; the same seed and size
always give the same bytes, so timings from different runs compare the same work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CATEGORIES = (
    "workforce",
    "higher-education",
    "community",
    "student-support",
    "implementation-support",
    "agency",
    "districts-schools",
    "families-students",
    "philanthropy",
    "research-policy",
)
LEVELS = ("national", "state", "regional", "district", "local")
ROLES = ("champion", "power-broker", "worker", "sponsor", "ambassador")
RELATIONSHIPS = ("cooperation", "coordination", "collaboration")
RATINGS = ("low", "medium", "high")
NOTE_KINDS = ("meeting", "learning", "progress-report", "consultancy")
NOTE_KIND_WEIGHTS = (70, 15, 10, 5)
GROUP_STATUSES = ("forming", "active", "resting")
SCENARIO_STATUSES = ("exploring", "active", "sustained", "paused")
CONDITIONS = ("common-agenda", "shared-measurement", "mutually-reinforcing-activities", "continuous-communication", "backbone-support")
RUBRIC_LEVELS = ("emerging", "developing", "established", "transformational")
INDICATORS = ("shared-goals", "mutual-benefit", "partnership-agreement", "resource-commitment", "communication-procedures", "advocacy")
AGREEMENT_ELEMENTS = (
    "intent-and-vision",
    "roles",
    "promises",
    "time-and-value",
    "measurement-of-satisfaction",
    "concerns-and-fears",
    "renegotiation",
    "consequences",
    "conflict-resolution",
)
AGREEMENT_STATUSES = ("agreed", "drafting", "open")
# Share of each kind of document (partners, groups, scenarios); notes take the rest.
# "directory": almost all partners, a few groups, scenarios and notes (the browser tests'
# 3,000-partner site: large pictures and directories at a build time a test can afford).
MIXES: dict[str, tuple[float, float, float]] = {"default": (0.20, 0.01, 0.02), "partners": (0.30, 0.05, 0.05), "directory": (0.90, 0.01, 0.02)}

TOPICS = (
    "dual-enrollment",
    "p16-pathways",
    "career-technical-education",
    "adult-education",
    "transition",
    "work-based-learning",
    "special-education",
    "attendance",
    "chronic-absence",
    "behavior-supports",
    "mental-health",
    "family-engagement",
    "early-warning",
    "graduation",
    "credit-recovery",
    "english-learners",
    "rural-schools",
    "teacher-pipeline",
    "mentoring",
    "after-school",
    "summer-learning",
    "college-access",
    "financial-aid",
    "apprenticeships",
    "data-sharing",
    "juvenile-justice",
    "foster-youth",
    "homelessness",
    "health-services",
    "nutrition",
    "transportation",
    "broadband",
    "literacy",
    "math-readiness",
    "stem",
    "student-voice",
    "restorative-practices",
    "school-climate",
    "tutoring",
    "workforce-credentials",
)

PLACES = (
    "Harlow",
    "Millbrook",
    "Cedar Fork",
    "Pine Hollow",
    "River Valley",
    "North Basin",
    "East Ridge",
    "Larkin",
    "Stonebridge",
    "Willow Creek",
    "Maple Grove",
    "Red Mesa",
    "Clearwater",
    "Fox Run",
    "Ashford",
    "Bellport",
    "Granite Falls",
    "Oak Hill",
    "Silver Lake",
    "Two Rivers",
)
# Organisation types, each with the category it most plausibly belongs to and a likely level.
ORG_TYPES: tuple[tuple[str, str, str], ...] = (
    ("Community College", "higher-education", "regional"),
    ("State University", "higher-education", "state"),
    ("School District", "districts-schools", "district"),
    ("High School", "districts-schools", "local"),
    ("Middle School", "districts-schools", "local"),
    ("Workforce Board", "workforce", "regional"),
    ("Manufacturing Alliance", "workforce", "regional"),
    ("Chamber of Commerce", "workforce", "local"),
    ("Youth Commons", "community", "local"),
    ("Neighborhood Association", "community", "local"),
    ("Behavioral Health Center", "student-support", "regional"),
    ("Family Services", "student-support", "district"),
    ("Technical Assistance Center", "implementation-support", "state"),
    ("Learning Collaborative", "implementation-support", "national"),
    ("Department of Education Office", "agency", "state"),
    ("County Juvenile Services", "agency", "district"),
    ("Parent Network", "families-students", "local"),
    ("Youth Council", "families-students", "state"),
    ("Community Foundation", "philanthropy", "regional"),
    ("Policy Institute", "research-policy", "state"),
)
# Qualifiers multiply the place names so that large directories need few numbered duplicates.
QUALIFIERS = ("", "", "", "North ", "South ", "East ", "West ", "Upper ", "Greater ")
GIVEN = ("Renata", "Tomas", "Amara", "Jun", "Priya", "Kofi", "Elena", "Marcus", "Aisha", "Liam", "Noor", "Diego", "Hana", "Owen", "Zara", "Mateo")
FAMILY = ("Solberg", "Hale", "Okafor", "Nguyen", "Patel", "Mensah", "Costa", "Reyes", "Haddad", "Brennan", "Kaur", "Lindqvist", "Moreau", "Adeyemi")

# Sentence fragments for bodies; {p} is replaced with a wikilink to a partner, {g} to a group.
SENTENCES = (
    "The conversation started with what each partner already does for students between eighth grade and the second year of college.",
    "Several members said the same handoff keeps failing, and nobody owns the fix.",
    "{p} described how their staff track students who stop attending, and what happens next.",
    "The group agreed to bring data from two sites before the next meeting.",
    "{p} offered to host a working session and to invite a family representative.",
    "A long discussion about definitions ended with a shared one-page glossary.",
    "Members noticed that the people closest to students were not in the room.",
    "{p} and {p2} will compare their referral forms and report back.",
    "The consultancy protocol kept the discussion on the presenting problem instead of on blame.",
    "There is interest in a joint grant application, but no agreement yet on who leads it.",
    "The draft map of services was tested with students, who found three gaps the adults had missed.",
    "Attendance at the last two sessions was thin, so the conveners will call members who missed them.",
    "The work of {g} overlaps with this, and a joint session was proposed.",
    "A district liaison explained how the schedule makes it hard for teachers to attend daytime meetings.",
    "Progress is slower than hoped, mostly because data-sharing agreements take months to sign.",
    "{p} shared a short report on what students say they need from mentors.",
    "The group revisited its shared goals and kept them, with one change in wording.",
    "Transport remains the most common reason families give for missing appointments.",
    "Nobody from the workforce side has attended since spring, which several members regretted.",
    "Everyone left with one concrete task and a date to finish it.",
)
FOCUS = (
    "Keeping students connected to school when attendance starts to slip.",
    "Making the route from high school to a credential one connected path.",
    "Bringing behavioral health support into schools without adding paperwork.",
    "Helping families take part in decisions about their children's programs.",
    "Turning local data into early warnings that someone acts on.",
    "Growing work-based learning so every student can try a job before leaving school.",
)
SCENARIO_TITLES = (
    "A shared early-warning system",
    "One pathway map from grade 8 to a credential",
    "Mental health support in every school",
    "A family voice in every decision",
    "Work-based learning for every student",
    "Common data on who is falling behind",
    "Summer learning that reaches rural students",
    "Dual enrollment without cost barriers",
)
NOTE_TITLES = (
    "Quarterly meeting",
    "Working session on referrals",
    "What we learned from the site visits",
    "Progress report",
    "Consultancy on a persistent problem",
    "Planning the next cycle",
    "Data review",
    "Listening session with students",
)


@dataclass
class Plan:
    """How many documents of each kind a site of N documents holds."""

    partners: int
    groups: int
    scenarios: int
    notes: int

    @classmethod
    def for_size(cls, n: int, mix: str = "default") -> Plan:
        # index.md counts as one document, so kinds sum to n - 1.
        p, g, s = MIXES[mix]
        partners = max(5, round(n * p))
        groups = max(1, round(n * g))
        scenarios = max(1, round(n * s))
        notes = max(1, n - 1 - partners - groups - scenarios)
        return cls(partners, groups, scenarios, notes)

    @property
    def total(self) -> int:
        return 1 + self.partners + self.groups + self.scenarios + self.notes


@dataclass
class Site:
    """What was generated, for the benchmark to find pages to edit and to report counts."""

    root: Path
    plan: Plan
    partners: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "<group>/<name>"


def slugify(text: str) -> str:
    out = []
    for ch in text.lower():
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


def _unique(slug: str, used: set[str]) -> str:
    # Partner, group and scenario slugs share one namespace for [[wikilinks]]: keep them apart.
    candidate, n = slug, 2
    while candidate in used:
        candidate = f"{slug}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def _front_matter(data: dict[str, Any]) -> str:
    # default_flow_style=None writes short lists inline (`[a, b]`) as editors do, and nested
    # mappings as blocks; sort_keys=False keeps the field order of the content model's tables.
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=None) + "---\n"


class Generator:
    def __init__(self, n: int, seed: int, mix: str = "default"):
        self.plan = Plan.for_size(n, mix)
        # One stream per size: a site of 1,000 documents is the same whatever else is generated.
        self.rng = random.Random(f"{seed}:{n}" if mix == "default" else f"{seed}:{n}:{mix}")
        # The fields of content model version 2 draw from a stream of their own, so adding them
        # left every earlier choice of the default mix (and its timings' history) as it was.
        self.rng2 = random.Random(f"{seed}:{n}:{mix}:v2")
        self.used: set[str] = set()
        self.partner_names: dict[str, str] = {}
        self.partner_cats: dict[str, list[str]] = {}
        self.partner_level: dict[str, str] = {}
        self.individuals: set[str] = set()
        self.group_members: dict[str, list[str]] = {}
        self.group_scenarios: dict[str, list[str]] = {}

    # -- text ---------------------------------------------------------------------------------
    def wikilink(self, slug: str) -> str:
        # One link in four carries its own text, as editors write "[[slug|the college]]".
        if self.rng.random() < 0.25:
            return f"[[{slug}|the {self.partner_names.get(slug, slug).split(' (')[0].split()[-1].lower()}]]"
        return f"[[{slug}]]"

    def body(self, partners: list[str], groups: list[str]) -> str:
        paragraphs = []
        for _ in range(self.rng.randint(2, 5)):
            sentences = []
            for _ in range(self.rng.randint(2, 5)):
                sentence = self.rng.choice(SENTENCES)
                if "{g}" in sentence and not groups:
                    sentence = self.rng.choice([s for s in SENTENCES if "{" not in s])
                p, p2 = (self.rng.sample(partners, 2) if len(partners) >= 2 else [partners[0], partners[0]]) if partners else ("", "")
                sentence = sentence.format(
                    p=self.wikilink(p) if p else "A partner",
                    p2=self.wikilink(p2) if p2 else "another partner",
                    g=f"[[{self.rng.choice(groups)}]]" if groups else "",
                )
                sentences.append(sentence)
            paragraphs.append(_wrap(" ".join(sentences)))
        return "\n\n".join(paragraphs) + "\n"

    def date(self, rng: random.Random | None = None) -> dt.date:
        return dt.date(2022, 1, 1) + dt.timedelta(days=(rng or self.rng).randrange(4 * 365))

    # -- entities -----------------------------------------------------------------------------
    def partner_slugs(self) -> list[str]:
        slugs = []
        for i in range(self.plan.partners):
            individual = i % 20 == 7  # about 5% individuals
            if individual:
                name = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)}"
                category, level = self.rng.choice(CATEGORIES), self.rng.choice(LEVELS)
            else:
                kind, category, level = self.rng.choice(ORG_TYPES)
                name = f"{self.rng.choice(QUALIFIERS)}{self.rng.choice(PLACES)} {kind}"
                if self.rng.random() < 0.2:
                    level = self.rng.choice(LEVELS)
            slug = _unique(slugify(name), self.used)
            if slug != slugify(name):
                name = f"{name} ({slug.rsplit('-', 1)[1]})"
            cats = [category]
            if self.rng.random() < 0.3:
                cats.append(self.rng.choice([c for c in CATEGORIES if c != category]))
            self.partner_names[slug] = name
            self.partner_cats[slug] = cats
            self.partner_level[slug] = level
            if individual:
                self.individuals.add(slug)
            slugs.append(slug)
        return slugs

    def partner(self, slug: str, partners: list[str], groups: list[str]) -> str:
        rng = self.rng
        data: dict[str, Any] = {"name": self.partner_names[slug]}
        if slug in self.individuals:
            data["kind"] = "individual"
        cats = self.partner_cats[slug]
        data["category"] = cats if len(cats) > 1 else cats[0]
        data["level"] = self.partner_level[slug]
        data["roles"] = rng.sample(ROLES, rng.randint(0, 2))
        data["topics"] = rng.sample(TOPICS, rng.randint(2, 6))
        data["relationship"] = rng.choice(RELATIONSHIPS)
        data["engagement"] = rng.choice(RATINGS)
        data["influence"] = rng.choice(RATINGS)
        if rng.random() < 0.5:
            data["interest"] = "Earlier contact with students, and fewer of them lost between programs."
            data["desired_outcomes"] = "A shared definition of readiness and a named person at every handoff."
        if rng.random() < 0.6:
            data["alliances"] = rng.sample([p for p in partners if p != slug], rng.randint(1, 3))
        data["website"] = f"https://{slug}.example"
        if rng.random() < 0.1:
            first = self.date()
            data["assessments"] = [
                {"date": first, "scores": {i: rng.choice(RUBRIC_LEVELS) for i in rng.sample(INDICATORS, 3)}},
                {"date": first + dt.timedelta(days=180), "scores": {i: rng.choice(RUBRIC_LEVELS) for i in rng.sample(INDICATORS, 3)}},
            ]
        if rng.random() < 0.05:
            data["private"] = {"contact": "someone@example.org", "notes": "Prefers phone calls to email."}
        self.version2_partner(data)
        data = {k: v for k, v in data.items() if v != []}
        return _front_matter(data) + self.body(rng.sample(partners, min(3, len(partners))), groups if rng.random() < 0.3 else [])

    def version2_partner(self, data: dict[str, Any]) -> None:
        """Resources, information needs and an agreement for results on some partners; a third
        assessment on some of those assessed, so trends go both ways; a few left off the grid."""
        rng = self.rng2
        if rng.random() < 0.6:
            data["resources"] = "Staff time for two working sessions a term, and a room for them."
            data["information_needs"] = "A short monthly email, and a call before any decision that touches its students."
        if rng.random() < 0.3:
            agreement: dict[str, Any] = {}
            if rng.random() < 0.5:
                agreement["signed"] = self.date(rng)
            agreement["elements"] = {e: rng.choice(AGREEMENT_STATUSES) for e in rng.sample(AGREEMENT_ELEMENTS, rng.randint(2, 9))}
            if rng.random() < 0.5:
                agreement["notes"] = {rng.choice(list(agreement["elements"])): "Written down together at the last working session."}
            data["agreement"] = agreement
        if "assessments" in data and rng.random() < 0.5:
            last = data["assessments"][-1]["date"]
            data["assessments"].append({"date": last + dt.timedelta(days=200), "scores": {i: rng.choice(RUBRIC_LEVELS) for i in rng.sample(INDICATORS, 4)}})
        if rng.random() < 0.1:
            del data[rng.choice(("influence", "engagement"))]

    def group(self, slug: str, name: str, partners: list[str]) -> str:
        rng = self.rng
        chosen = rng.sample(partners, min(len(partners), rng.randint(5, 30) + 2))
        conveners, members = chosen[:2] if rng.random() < 0.6 else chosen[:1], chosen[2:]
        self.group_members[slug] = conveners + members
        listed: list[Any] = []
        for m in members:
            if rng.random() < 0.15:
                listed.append({"partner": m, "role": "pilot site lead", "since": self.date()})
            else:
                listed.append(m)
        data: dict[str, Any] = {
            "name": name,
            "focus": rng.choice(FOCUS),
            "topics": rng.sample(TOPICS, rng.randint(3, 6)),
            "conveners": conveners,
            "members": listed,
            "meets": rng.choice(("Monthly", "Quarterly, with working sessions in between", "Every six weeks")),
            "status": rng.choice(GROUP_STATUSES),
        }
        if rng.random() < 0.3:
            data["levels"] = rng.sample(LEVELS, 3)
        if rng.random() < 0.5:
            data["conditions"] = {c: rng.choice(RUBRIC_LEVELS) for c in rng.sample(CONDITIONS, 3)}
            if self.rng2.random() < 0.7:  # most as dated assessments, the rest in the mapping form
                first = self.date(self.rng2)
                data["conditions"] = [
                    {"date": first, "scores": {c: self.rng2.choice(RUBRIC_LEVELS) for c in CONDITIONS}},
                    {"date": first + dt.timedelta(days=180), "scores": data["conditions"]},
                ]
        return _front_matter(data) + self.body(self.group_members[slug], [])

    def scenario(self, slug: str, title: str, partners: list[str], groups: list[str]) -> str:
        rng = self.rng
        its_groups = rng.sample(groups, min(len(groups), rng.randint(1, 3)))
        for g in its_groups:
            self.group_scenarios.setdefault(g, []).append(slug)
        engaged = rng.sample(partners, min(len(partners), rng.randint(3, 12)))
        data: dict[str, Any] = {
            "title": title,
            "status": rng.choice(SCENARIO_STATUSES),
            "topics": rng.sample(TOPICS, rng.randint(2, 5)),
            "groups": its_groups,
            "partners": engaged,
        }
        if rng.random() < 0.4:
            data["needs"] = rng.sample(CATEGORIES, rng.randint(3, 6))
        data["efforts"] = [
            "A district runs a pilot under a one-year memorandum.",
            "The state office publishes its own guidance on its own timetable.",
        ][: rng.randint(1, 2)]
        data["goal"] = "Every student has a named adult at each handoff, whichever partner runs the program."
        return _front_matter(data) + self.body(engaged, its_groups)

    def note(self, group: str, title: str, day: dt.date, partners: list[str], groups: list[str]) -> str:
        rng = self.rng
        members = self.group_members[group]
        # Mostly the group's own members, sometimes a guest from the wider directory.
        attendees = rng.sample(members, min(len(members), rng.randint(3, 15)))
        if rng.random() < 0.3:
            guest = rng.choice(partners)
            if guest not in attendees:
                attendees.append(guest)
        kind = rng.choices(NOTE_KINDS, NOTE_KIND_WEIGHTS)[0]
        data: dict[str, Any] = {"title": title, "date": day, "kind": kind, "attendees": attendees}
        scenarios = self.group_scenarios.get(group, [])
        if scenarios and rng.random() < 0.5:
            data["scenarios"] = rng.sample(scenarios, min(len(scenarios), rng.randint(1, 2)))
        if rng.random() < 0.4:
            data["decisions"] = ["Bring data from two sites to the next meeting.", "Invite a family representative to the working session."]
        if kind == "progress-report":
            data["intention"] = "Every student in the pilot has a named adult at each handoff."
            data["actions"] = ["Mapped the handoffs in one district.", "Agreed a referral form with two partners."]
            data["assessment"] = "About half way: the map exists, the referral form is not yet in use."
        if rng.random() < 0.5 or kind == "progress-report":
            data["next_steps"] = ["Each convener calls members who missed the last two sessions."]
        if kind == "consultancy":
            data["presenter"] = self.rng2.choice(attendees)
            data["problem"] = "Students referred for support wait weeks, and some are lost before the first appointment."
            data["question"] = "Which handoff should we fix first, and who should own it?"
            data["feedback"] = ["Map one student's path with the family.", "Name one person per handoff."][: self.rng2.randint(1, 2)]
        others = [g for g in groups if g != group]
        return _front_matter(data) + self.body(attendees, rng.sample(others, 1) if others and rng.random() < 0.2 else [])


def _wrap(text: str, width: int = 90) -> str:
    # Editors' files have hard-wrapped paragraphs; a wrapped body also keeps wikilinks on
    # lines of realistic length, which is what the link finder scans.
    # A [[slug|text]] link must stay on one line (the link syntax does not span lines), so
    # spaces inside it are protected while wrapping.
    text = re.sub(r"\[\[[^\]]*\]\]", lambda m: m.group(0).replace(" ", "\0"), text)
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines).replace("\0", " ")


def generate(root: Path, n: int, seed: int = 1, mix: str = "default") -> Site:
    """Write a site of about n Markdown documents into root/content (root must be empty or new);
    `mix`: a key of MIXES."""
    gen = Generator(n, seed, mix)
    rng = gen.rng
    content = root / "content"
    site = Site(root, gen.plan)

    partners = gen.partner_slugs()
    group_names: dict[str, str] = {}
    for i in range(gen.plan.groups):
        topic = TOPICS[i % len(TOPICS)]
        name = f"{topic.replace('-', ' ').capitalize()} practice group"
        group_names[_unique(slugify(name), gen.used)] = name if i < len(TOPICS) else f"{name} {i // len(TOPICS) + 1}"
    groups = list(group_names)
    scenario_titles: dict[str, str] = {}
    for i in range(gen.plan.scenarios):
        title = SCENARIO_TITLES[i % len(SCENARIO_TITLES)]
        title = title if i < len(SCENARIO_TITLES) else f"{title} ({PLACES[(i // len(SCENARIO_TITLES)) % len(PLACES)]})"
        scenario_titles[_unique(slugify(title), gen.used)] = title

    files: dict[str, str] = {}
    for slug in partners:
        files[f"partners/{slug}.md"] = gen.partner(slug, partners, groups)
    for slug, name in group_names.items():
        files[f"groups/{slug}/index.md"] = gen.group(slug, name, partners)
    for slug, title in scenario_titles.items():
        files[f"scenarios/{slug}.md"] = gen.scenario(slug, title, partners, groups)
    note_names: set[str] = set()
    for _ in range(gen.plan.notes):
        group = rng.choice(groups)
        day = gen.date()
        title = rng.choice(NOTE_TITLES)
        name = f"{day.isoformat()}-{slugify(title)}"
        base, k = name, 2
        while f"{group}/{name}" in note_names:
            name, k = f"{base}-{k}", k + 1
        note_names.add(f"{group}/{name}")
        files[f"groups/{group}/{name}.md"] = gen.note(group, title, day, partners, groups)
        site.notes.append(f"{group}/{name}")
    home = [
        "# A synthetic community of practice\n",
        f"This site was generated for a benchmark: {len(partners)} partners, {len(groups)} practice groups, "
        f"{len(scenario_titles)} shared-work scenarios and {gen.plan.notes} notes.\n",
        f"Start with [[{groups[0]}]] or with [[{partners[0]}]].\n",
    ]
    files["index.md"] = "\n".join(home)

    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    site.partners, site.groups, site.scenarios = partners, groups, list(scenario_titles)
    return site


# The three builds the benchmark compares (see README.md): same theme, same content.
CONFIGS = {
    "cop-site": "plugins:\n  - search\n  - cop-site\n",
    "floor": "plugins:\n  - search\nnav:\n  - index.md\n",
    "default-nav": "plugins:\n  - search\n",
}


# "sidebar": the floor with a sidebar as long as the one cop-site gives these sites (the home
# page and each site page listed at the top level), made of the content's first pages. Any
# real site has a sidebar, and Material draws it on every page: it shows what that alone costs.
def sidebar_length() -> int:
    from cop_site.render import SITE_PAGES

    return 1 + sum(1 for page in SITE_PAGES if page.section is None)


def sidebar_nav(content: Path) -> str:
    pages = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md") if p.name != "index.md" or p.parent != content)
    return "nav:\n  - index.md\n" + "".join(f"  - {page}\n" for page in pages[: sidebar_length() - 1])


def mkdocs_yml(variant: str, n: int, one_process: bool = False, content: Path | None = None) -> str:
    """`one_process`: cop-site never shares its work with a second process (`parallel: false`).
    `content`: the content folder (the "sidebar" variant lists its first pages)."""
    if variant == "sidebar":
        assert content is not None
        plugins = "plugins:\n  - search\n" + sidebar_nav(content)
    else:
        plugins = CONFIGS[variant]
    if one_process and variant == "cop-site":
        plugins = plugins.replace("  - cop-site\n", "  - cop-site:\n      parallel: false\n")
    return f"site_name: cop-site benchmark ({n} documents, {variant})\ndocs_dir: content\ntheme:\n  name: material\n" + plugins


def main(argv: list[str] | None = None) -> int:
    """A site to look at or profile: content/ plus mkdocs.yml (cop-site), floor.yml and default-nav.yml."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", type=Path, help="a new or empty folder")
    parser.add_argument("--size", type=int, default=1000, help="documents (default: 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mix", choices=sorted(MIXES), default="default", help="shares of partners, groups, scenarios and notes (default: default)")
    args = parser.parse_args(argv)
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} is not empty")
    site = generate(args.folder, args.size, args.seed, args.mix)
    for variant, name in (("cop-site", "mkdocs.yml"), ("floor", "floor.yml"), ("sidebar", "sidebar.yml"), ("default-nav", "default-nav.yml")):
        (args.folder / name).write_text(mkdocs_yml(variant, args.size, content=args.folder / "content"), encoding="utf-8")
    print(f"{args.folder}: {site.plan.total} documents; build with mkdocs build -f mkdocs.yml (or floor.yml, sidebar.yml, default-nav.yml)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

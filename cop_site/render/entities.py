"""Entity pages: a partner's profile, a practice group, a note, a shared-work scenario."""

from __future__ import annotations

from markupsafe import Markup

from ..link import Ref
from ..model import Group, Note, Partner, Scenario
from . import profile, tracking
from .base import Renderer
from .components import esc, fmt, join, link, para
from .core import Rendered


def partner_page(r: Renderer, slug: str) -> Rendered:
    p: Partner = r.g.partners[slug]
    page = r.start(p.src.rel)
    tax = r.tax
    page.title(p.name)
    website = link(p.website, p.website) if p.website else None
    page.html(
        r.facts(
            [
                ("Kind", "Individual" if p.kind == "individual" else None),
                ("Category", join(tax.category_label(c) for c in p.category)),
                ("Level", p.level.capitalize() if p.level else None),
                ("Roles", join(tax.roles[role].label for role in p.roles)),
                ("Topics", join(r.topic(t) for t in p.topics)),
                ("Website", website),
                *r.extras(p),
            ]
        ),
        late=True,
    )
    r.reference_line(page, "partner", slug)
    profile.organiser(r, page, p)
    profile.continuum(r, page, p)
    profile.agreement(r, page, p)
    r.author_body(page, p)
    profile.connections(r, page, p)
    profile.rubric(r, page, p)
    r.private_block(page, p)
    return page.done()


def group_page(r: Renderer, slug: str) -> Rendered:
    grp: Group = r.g.groups[slug]
    page = r.start(grp.src.rel)
    page.title(grp.name)
    page.html(para(esc(grp.focus)))
    out = r.facts(
        [
            ("Status", esc(grp.status.capitalize())),
            ("Meets", esc(grp.meets) if grp.meets else None),
            ("Topics", join(r.topic(t) for t in grp.topics)),
            *r.extras(grp),
        ]
    )
    gaps = r.a.gaps.get(f"groups/{slug}")
    if gaps is not None:
        missing = join(r.tax.category_label(c) for c in gaps.missing_categories) or "none"
        out += para(fmt("{} Missing categories: {}.", r.gap_link("group", slug), missing))
    out += tracking.group_schedule(r, grp)
    page.html(out, late=True)
    r.reference_line(page, "group", slug)
    r.author_body(page, grp)
    r.section(page, "Conveners", [r.partner(c) for c in r.by_name("partner", grp.conveners)], "No conveners named yet.")
    members = []
    by_partner = {m.partner: m for m in grp.members}
    for m in (by_partner[k] for k in r.by_name("partner", by_partner)):
        # join() keeps each part escaped once: a role such as "R&D <lead>" reads as written.
        detail = join(x for x in (m.role or "", f"since {m.since.isoformat()}" if m.since else "") if x)
        members.append(fmt("{} ({})", r.partner(m.partner), detail) if detail else r.partner(m.partner))
    r.section(page, "Members", members, "No members listed yet.")
    r.section(page, "Notes, newest first", [r.note_item(k) for k in r.g.group_notes.get(slug, [])], "No notes yet.")
    r.section(page, "Shared work", [r.to(Ref("scenario", s)) for s in r.by_name("scenario", r.g.group_scenarios.get(slug, []))])
    profile.conditions(r, page, grp)
    profile.rubric(r, page, grp, "group")
    r.private_block(page, grp)
    return page.done()


def note_page(r: Renderer, key: str) -> Rendered:
    note: Note = r.g.notes[key]
    page = r.start(note.src.rel)
    page.title(note.title)
    if note.draft:
        page.html(para(Markup("<strong>Draft: shown only in the internal edition.</strong>")))
    group = r.to(Ref("group", note.group)) if note.group in r.g.groups else esc(note.group)
    out = r.facts(
        [
            ("Group", group),
            ("Date", note.date.isoformat()),
            ("Kind", esc(note.kind.replace("-", " ").capitalize())),
            ("Attendees", join(r.partner(a) for a in r.by_name("partner", dict.fromkeys(note.attendees)))),
            ("Advances", join(r.to(Ref("scenario", s)) for s in note.scenarios)),
            ("Presenter", (r.partner(note.presenter) if note.presenter in r.g.partners else esc(note.presenter)) if note.presenter else None),
            *r.extras(note),
        ]
    )
    page.html(out, late=True)
    r.reference_line(page, "note", key)
    for title, value in (
        ("Intention", note.intention),
        ("Actions", note.actions),
        ("Assessment of progress", note.assessment),
        ("Problem of practice", note.problem),
        ("Question for the consultancy", note.question),
        ("Feedback", note.feedback),
    ):
        r.text_block(page, title, value)
    r.author_body(page, note)
    r.text_block(page, "Decisions", note.decisions)
    r.text_block(page, "Next steps", note.next_steps)
    r.private_block(page, note)
    return page.done()


def scenario_page(r: Renderer, slug: str) -> Rendered:
    sc: Scenario = r.g.scenarios[slug]
    page = r.start(sc.src.rel)
    page.title(sc.title)
    out = r.facts(
        [
            ("Status", esc(sc.status.capitalize())),
            ("Topics", join(r.topic(t) for t in sc.topics)),
            ("Needs at the table", join(r.tax.category_label(c) for c in sc.needs) if sc.needs else None),
            ("Backbone organization", r.partner(sc.backbone) if sc.backbone in r.g.partners else None),
            *r.extras(sc),
        ]
    )
    if f"scenarios/{slug}" in r.a.gaps:
        out += para(r.gap_link("scenario", slug))
    page.html(out, late=True)
    r.reference_line(page, "scenario", slug)
    if sc.goal:
        page.heading(2, "The goal that could unite us")
        page.html(para(sc.goal, "cop-goal"))
    tracking.scenario_aims(r, page, sc)
    r.author_body(page, sc)
    tracking.scenario_progress(r, page, sc)
    r.section(page, "Practice groups doing this work", [r.to(Ref("group", g)) for g in r.by_name("group", sc.groups)])
    r.section(page, "Partners engaged", [r.partner(p) for p in r.by_name("partner", sc.partners)])
    r.text_block(page, "Efforts already under way", sc.efforts)
    r.section(page, "Notes that advance it", [r.note_item(k, True) for k in r.g.scenario_notes.get(slug, [])])
    profile.rubric(r, page, sc, "scenario")
    r.private_block(page, sc)
    return page.done()

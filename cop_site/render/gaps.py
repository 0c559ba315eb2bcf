"""Who isn't here? A page per practice group and per scenario, and the overview."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ..analyse import DECLINE_MONTHS, W_ALLY, W_CATEGORY, W_LEVEL, W_TOPIC, Gaps, OutreachEntry
from ..link import Ref
from .base import Renderer
from .components import attr, esc, fmt, join, para, plural, scroller, table, ul
from .core import Page, Rendered
from .registry import gap_src

RESPONSE_WORDS = {"invited": "Invited", "accepted": "Accepted", "declined": "Declined", "no-reply": "No reply (closed)"}


def gap_page(r: Renderer, key: str) -> Rendered:
    gaps: Gaps = r.a.gaps[key]
    subj = gaps.subject
    page = r.start(gap_src(subj.kind, subj.slug))
    what = "practice group" if subj.kind == "group" else "shared work"
    page.title(f"Who isn't here? {subj.name}")
    page.html(
        para(
            fmt(
                "Who is missing from the {} {}, judged from who is present: {} ({}).",
                what,
                r.to(Ref(subj.kind, subj.slug)),
                plural(len(subj.present), "partner"),
                presence_rule(subj.kind),
            )
        )
    )
    page.heading(2, "Missing categories")
    if not gaps.missing_categories:
        page.html(para("Every expected category is present."))
    items = []
    for c in gaps.missing_categories:
        term = r.tax.categories[c]
        cands = gaps.candidates.get(c, [])
        could: object
        if cands:
            more = " and more." if len(cands) > 5 else "."
            could = f"{len(cands)} in the directory could fill it: " + join(r.partner(p) for p in cands[:5]) + more
        else:
            could = "No one in the directory has this category: recruit beyond it."
        items.append(fmt("<strong>{}</strong>: {} {}", term.label, term.description, could))
    if items:
        page.html(ul(items), late=True)  # lists of other pages' names: found on their own pages
    page.heading(2, "Missing levels")
    levels = ("Missing: " + join(lv.capitalize() for lv in gaps.missing_levels) + ".") if gaps.missing_levels else "Every expected level is present."
    present_cats = join(r.tax.category_label(c) for c in gaps.present_categories) or "none"
    present_levels = join(lv.capitalize() for lv in gaps.present_levels) or "none"
    page.html(para(levels) + para(fmt("Present categories: {}. Present levels: {}.", present_cats, present_levels)))
    missing_roles(r, page, gaps)
    page.heading(2, "Who to invite")
    if gaps.invitations:
        page.html(
            para(
                f"Ranked by points: {W_CATEGORY} for each missing category the partner is in, {W_TOPIC} for each topic shared, "
                f"{W_ALLY} for each ally already here, {W_LEVEL} for working at a missing level; equal scores are listed by name."
            )
        )
        # cop.json keeps the contract's order (ties by slug); readers see ties by name
        shown = sorted(gaps.invitations, key=lambda inv: (-inv.score, r.g.partners[inv.partner].name.casefold(), inv.partner))
        rows = [[str(i), r.partner(inv.partner), str(inv.score), esc("; ".join(inv.reasons))] for i, inv in enumerate(shown, 1)]
        page.html(table(["Rank", "Partner", "Score", "Why"], rows), late=True)
    else:
        page.html(para("No one in the directory would add a missing category, a shared topic or a tie."))
    if gaps.declined or gaps.awaiting:
        page.html(para("Partners who declined recently or have not answered yet are not ranked: see Outreach below."))
    outreach(r, page, gaps)
    could_move(r, page, gaps)
    keep_satisfied(r, page, gaps)
    weak_conditions(r, page, gaps)
    if subj.kind == "group":
        page.heading(2, "Quiet members")
        if gaps.quiet_members:
            intro = f"Members who attended none of the last {r.s.quiet_window} notes that record attendance:"
            page.html(para(intro) + ul(r.partner(m) for m in r.by_name("partner", gaps.quiet_members)))
        else:
            recorded = any(n.attendees for n in r.g.published_notes(subj.slug))
            page.html(para("Every member took part recently." if recorded else "No note records attendance yet, so no one is called quiet."))
    for finding in gaps.findings:
        page.heading(2, esc(finding.title))
        page.html(para(esc(finding.text)))
        if finding.partners:
            page.html(ul(r.partner(p) for p in finding.partners if p in r.g.partners))
    rows_here = [
        fmt("{} ({}; {})", r.partner(p), ", ".join(how), join(r.tax.category_label(c) for c in r.g.partners[p].category))
        for p, how in ((p, subj.present[p]) for p in r.by_name("partner", subj.present))
    ]
    r.section(page, "Who is here", rows_here, "No one yet.")
    return page.done()


def missing_roles(r: Renderer, page: Page, gaps: Gaps) -> None:
    """Expected roles no one present plays, and who in the directory plays each."""
    expected = gaps.subject.expected_roles
    if not expected:
        return
    page.heading(2, "Missing roles")
    labels = [r.tax.roles[x].label if x in r.tax.roles else x for x in expected]
    if not gaps.missing_roles:
        page.html(para(f"Every expected role is played by someone present: {', '.join(labels)}."))
        return
    page.html(para(f"Expected roles: {', '.join(labels)}. No one present plays these:"))
    items = []
    for role in gaps.missing_roles:
        label = r.tax.roles[role].label if role in r.tax.roles else role
        cands = gaps.role_candidates.get(role, [])
        could = (
            Markup("Partners in the directory who play it: {}.").format(join(r.partner(p) for p in cands))
            if cands
            else Markup("No one free to invite plays it: recruit beyond the directory.")
        )
        items.append(Markup("<strong>{}</strong>: nobody here is a {}. {}").format(label, label.lower(), could))
    page.html(ul(items), late=True)


def outreach(r: Renderer, page: Page, gaps: Gaps) -> None:
    """The memory of invitations: recent refusals apart (with an ally who could try again),
    replies still awaited with their age, then every entry."""
    page.heading(2, "Outreach")
    if not gaps.outreach:
        what = "group" if gaps.subject.kind == "group" else "scenario"
        page.html(
            para(
                Markup("No invitation recorded yet. Add each one to this {}'s <code>outreach</code> list, so the next facilitator knows who was asked.").format(
                    what
                )
            )
        )
        return
    counts = gaps.outreach_counts
    n_asked = counts.get("invited", 0)
    page.html(
        para(
            f"{n_asked} partner{'s' if n_asked != 1 else ''} asked: {counts.get('accepted', 0)} accepted, "
            f"{counts.get('declined', 0)} declined, {counts.get('waiting', 0)} awaiting a reply (each partner counted by their latest answer)."
        )
    )
    if gaps.declined:
        page.heading(3, f"Declined in the last {DECLINE_MONTHS} months")
        items = []
        for d in gaps.declined:
            asked = Markup(" (asked by {})").format(r.partner(d.by)) if d.by else ""
            retry = (
                Markup("{}, an ally already here, could try again.").format(r.partner(d.ally))
                if d.ally
                else Markup("No ally of theirs is here yet to try again.")
            )
            again = _months_after(d.date, DECLINE_MONTHS)
            items.append(
                Markup("{} declined on {}{}. Not ranked among the invitations until after {}. {}").format(
                    r.partner(d.partner), d.date.isoformat(), asked, again, retry
                )
            )
        page.html(ul(items), late=True)
    if gaps.awaiting:
        page.heading(3, "Awaiting a reply")
        items = []
        for w in gaps.awaiting:
            asked = Markup(", asked by {}").format(r.partner(w.by)) if w.by else ""
            days = f" ({w.days} day{'s' if w.days != 1 else ''})" if w.days else ""
            items.append(Markup("{}: awaiting reply since {}{}{}.").format(r.partner(w.partner), w.since.isoformat(), days, asked))
        page.html(ul(items), late=True)
    page.heading(3, "Every invitation and answer")
    pending = {(w.partner, w.since) for w in gaps.awaiting}

    def answer(e: OutreachEntry) -> str:
        if e.response == "invited" and (e.partner, e.date) in pending:
            return "Invited, awaiting reply"
        return RESPONSE_WORDS.get(e.response, e.response)

    rows = [[e.date.isoformat(), r.partner(e.partner), r.partner(e.by) if e.by else "—", answer(e), e.note or ""] for e in gaps.outreach]
    page.html(scroller(table(["Date", "Partner", "Asked by", "Answer", "Note"], rows), "Outreach table (scrolls sideways)", "cop-wide"), late=True)


def could_move(r: Renderer, page: Page, gaps: Gaps) -> None:
    partner_reasons(
        r,
        page,
        "Relationships that could grow",
        "No partner here is at the first stage of the continuum or short of a goal both sides named.",
        "Partners here whose relationship could move further along the continuum:",
        [(m.partner, m.reason) for m in gaps.could_move],
    )


def keep_satisfied(r: Renderer, page: Page, gaps: Gaps) -> None:
    partner_reasons(
        r,
        page,
        "Keep satisfied",
        "No partner here or invited has high influence with low engagement.",
        "High influence, low engagement: they could carry or stall this work, and it does not matter much to them yet.",
        [(k.partner, k.reason) for k in gaps.keep_satisfied],
    )


def partner_reasons(r: Renderer, page: Page, heading: str, none: str, intro: str, found: list[tuple[str, str]]) -> None:
    """A section listing partners, each with the reason they are listed, or a sentence saying there are none."""
    page.heading(2, heading)
    if not found:
        page.html(para(none))
        return
    page.html(para(intro))
    page.html(ul(Markup("{}: {}.").format(r.partner(partner), reason) for partner, reason in found), late=True)


def weak_conditions(r: Renderer, page: Page, gaps: Gaps) -> None:
    if gaps.subject.kind != "group":
        return
    page.heading(2, "Weak conditions")
    if not gaps.weak_conditions:
        page.html(para("No collective impact condition is rated at the lowest level in the latest assessment."))
        return
    items = []
    for condition, weak in gaps.weak_conditions.items():
        label = r.tax.conditions[condition].label if condition in r.tax.conditions else condition
        helpers = join(r.tax.category_label(c) for c in weak.helpers)
        # The reason names the condition first (cop.json keeps it whole); here the name is bold.
        rest = weak.reason[len(label) :] if weak.reason.startswith(label) else ": " + weak.reason
        text = Markup("<strong>{}</strong>{}.").format(label, rest)
        if weak.candidates:
            text += Markup(" Partners in the directory who could help: {}.").format(join(r.partner(p) for p in weak.candidates))
        elif weak.helpers:
            asked = [p for p in [*(d.partner for d in gaps.declined), *(w.partner for w in gaps.awaiting)] if set(r.g.partners[p].category) & set(weak.helpers)]
            if asked:
                text += Markup(" Those in {} were asked already ({}: see Outreach above); meanwhile, recruit beyond the directory.").format(
                    helpers, join(r.partner(p) for p in asked)
                )
            else:
                text += Markup(" No one in the directory is in {}: recruit beyond it.").format(helpers)
        items.append(text)
    page.html(ul(items), late=True)


def _months_after(day: dt.date, months: int) -> str:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d).isoformat()
        except ValueError:
            continue
    return dt.date(year, month + 1, 28).isoformat()  # pragma: no cover


def presence_rule(kind: str) -> str:
    if kind == "group":
        return "conveners, members and attendees of its notes"
    return "its partners, the conveners and members of its groups, and attendees of notes that advance it"


def overview_page(r: Renderer) -> Rendered:
    page = r.site_page("overview")
    ov = r.a.overview
    cats = list(r.tax.categories)
    page.html(
        para(
            "Communities of practice keep asking who is missing from the table. This page sums up the answer "
            "for every practice group and every piece of shared work; each has its own page with ranked invitations."
        )
    )
    page.heading(2, "Coverage")
    gaps_with_holes = [g for g in r.a.gaps.values() if g.missing_categories]
    page.html(
        para(
            f"{len(gaps_with_holes)} of {len(r.a.gaps)} groups and scenarios {'misses' if len(gaps_with_holes) == 1 else 'miss'} an expected category. "
            "Each cell counts the partners present in that category; a dash means none is present."
        )
    )
    rows = []
    for key, counts in ov.coverage.items():
        gaps = r.a.gaps[key]
        subj = gaps.subject
        label = fmt('<a href="{}">{}</a>', attr(r.href(gap_src(subj.kind, subj.slug))), subj.name)
        kind_word = "Group" if subj.kind == "group" else "Scenario"
        cells = []
        for c in cats:
            n = counts.get(c, 0)
            cells.append(str(n) if n else (Markup('<strong class="cop-missing">missing</strong>') if c in subj.expected_categories else "—"))
        rows.append([fmt("{}: {}", kind_word, label), *cells, str(len(gaps.missing_categories))])
    head = ["Group or scenario", *(r.tax.categories[c].label for c in cats), "Missing"]
    page.wide = True
    matrix = scroller(table(head, rows, row_headers=True), "Coverage by category (scrolls sideways)", "cop-wide cop-side-heads")
    page.html(para("“missing” marks a category the group or scenario expects and nobody present has.") + matrix, late=True)
    page.heading(2, "Roles, relationships and outreach")
    page.html(
        para(
            "For each group and scenario: the expected roles nobody present plays, how many partners here could move along the continuum, "
            "how many to keep satisfied, how many conditions are rated at the lowest level, and its outreach by each partner's latest answer."
        )
    )
    rows = []
    for key in ov.coverage:
        gaps = r.a.gaps[key]
        subj = gaps.subject
        label = Markup('{}: <a href="{}">{}</a>').format("Group" if subj.kind == "group" else "Scenario", r.href(gap_src(subj.kind, subj.slug)), subj.name)
        roles = join(r.tax.roles[x].label if x in r.tax.roles else x for x in gaps.missing_roles) or "—"
        counted = gaps.outreach_counts
        weak = str(len(gaps.weak_conditions)) if subj.kind == "group" else "n/a"
        rows.append(
            [
                label,
                roles,
                str(len(gaps.could_move)),
                str(len(gaps.keep_satisfied)),
                weak,
                str(counted.get("invited", 0)),
                str(counted.get("accepted", 0)),
                str(counted.get("declined", 0)),
                str(counted.get("waiting", 0)),
            ]
        )
    head = ["Group or scenario", "Missing roles", "Could move", "Keep satisfied", "Weak conditions", "Invited", "Accepted", "Declined", "Waiting"]
    page.html(scroller(table(head, rows, row_headers=True), "Roles, relationships and outreach by group (scrolls sideways)", "cop-wide"), late=True)
    r.section(page, "Partners in no group", [r.partner(p) for p in r.by_name("partner", ov.partners_in_no_group)], "Every partner belongs to a group.")
    r.section(
        page,
        "Categories with no partner in the directory",
        [
            fmt("<strong>{}</strong>: {} Recruit beyond the directory.", r.tax.categories[c].label, r.tax.categories[c].description)
            for c in ov.categories_without_partners
        ],
        "Every category has at least one partner in the directory.",
        late=False,
    )
    r.section(page, "Topics no group takes up", [r.topic(t) for t in ov.topics_without_group], "Every topic is taken up by a group.")
    return page.done()

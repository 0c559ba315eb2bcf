"""Who isn't here? A page per practice group and per scenario, and the overview."""

from __future__ import annotations

from markupsafe import Markup

from ..analyse import W_ALLY, W_CATEGORY, W_LEVEL, W_TOPIC, Gaps
from ..link import Ref
from .base import Renderer
from .components import attr, esc, fmt, join, para, table, ul
from .core import Rendered
from .registry import gap_src


def gap_page(r: Renderer, key: str) -> Rendered:
    gaps: Gaps = r.a.gaps[key]
    subj = gaps.subject
    page = r.start(gap_src(subj.kind, subj.slug))
    what = "practice group" if subj.kind == "group" else "shared work"
    page.title(f"Who isn't here? {subj.name}")
    page.html(
        para(
            fmt(
                "Who is missing from the {} {}, judged from who is present: {} partners ({}).",
                what,
                r.to(Ref(subj.kind, subj.slug)),
                len(subj.present),
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
    page.heading(2, "Who to invite")
    if gaps.invitations:
        page.html(
            para(
                f"Ranked by points: {W_CATEGORY} for each missing category the partner is in, {W_TOPIC} for each topic shared, "
                f"{W_ALLY} for each ally already here, {W_LEVEL} for working at a missing level; equal scores are listed by slug."
            )
        )
        rows = [[str(i), r.partner(inv.partner), str(inv.score), esc("; ".join(inv.reasons))] for i, inv in enumerate(gaps.invitations, 1)]
        page.html(table(["Rank", "Partner", "Score", "Why"], rows), late=True)
    else:
        page.html(para("No one in the directory would add a missing category, a shared topic or a tie."))
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
            f"{len(gaps_with_holes)} of {len(r.a.gaps)} groups and scenarios miss at least one expected category. "
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
            cells.append(str(n) if n else (Markup('<strong class="cop-missing">— missing</strong>') if c in subj.expected_categories else "—"))
        rows.append([fmt("{}: {}", kind_word, label), *cells, str(len(gaps.missing_categories))])
    head = ["Group or scenario", *(r.tax.categories[c].label for c in cats), "Missing"]
    page.wide = True
    matrix = Markup('<div class="cop-wide">') + table(head, rows, row_headers=True) + Markup("</div>\n")
    page.html(matrix + para("“— missing” marks a category the group or scenario expects and nobody present has."), late=True)
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

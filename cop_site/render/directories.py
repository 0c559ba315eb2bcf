"""Directory pages: partners, practice groups, shared work, topics and each topic's page."""

from __future__ import annotations

from markupsafe import Markup

from ..link import Ref
from .base import Renderer
from .components import attr, esc, fmt, join, para, table, ul
from .core import Rendered
from .registry import GROUPS_INDEX, PARTNERS_INDEX, SCENARIOS_INDEX, SITE_PAGES, TOOLS_SECTION, topic_src


def partners_index(r: Renderer) -> Rendered:
    page = r.site_page("partners")
    partners = r.g.partners
    by_name = sorted(partners, key=lambda s: (partners[s].name.casefold(), s))
    page.html(para(f"{len(partners)} partners in the directory. Each is listed under every category it belongs to."))
    page.heading(2, "By category")
    for slug, term in r.tax.categories.items():
        members = [p for p in by_name if slug in partners[p].category]
        page.heading(3, fmt("{} ({})", term.label, len(members)))
        page.html(para(esc(term.description)))
        if not members:
            page.html(para("No partner in this category yet."))
            continue
        rows = []
        for p in members:
            partner = partners[p]
            rows.append(
                [
                    r.partner(p),
                    (partner.level or "").capitalize(),
                    esc(r.tax.relationships[partner.stage].label) if partner.stage else "",
                    join(r.tax.roles[role].label for role in partner.roles),
                ]
            )
        page.html(table(["Partner", "Level", "Relationship", "Roles"], rows), late=True)
    page.heading(2, "By level", late=True)
    items = []
    for level in r.tax.levels:
        names = [r.partner(p) for p in by_name if partners[p].level == level]
        items.append(fmt("<strong>{}</strong> ({}): {}", level.capitalize(), len(names), join(names) or "none"))
    page.html(ul(items), late=True)
    page.heading(2, "By relationship stage", late=True)
    items = []
    for stage, term in r.tax.relationships.items():
        names = [r.partner(p) for p in by_name if partners[p].stage == stage]
        items.append(fmt("<strong>{}</strong> ({}): {}", term.label, len(names), join(names) or "none"))
    page.html(ul(items), late=True)
    return page.done()


def groups_index(r: Renderer) -> Rendered:
    page = r.site_page("groups")
    if not r.g.groups:
        page.html(para("No practice groups yet."))
        return page.done()
    rows = [
        [
            r.to(Ref("group", slug)),
            esc(grp.focus),
            grp.status.capitalize(),
            str(len(grp.members) + len(grp.conveners)),
            str(len(r.g.group_notes.get(slug, []))),
            r.gap_link("group", slug),
        ]
        for slug, grp in ((g, r.g.groups[g]) for g in r.by_name("group", r.g.groups))
    ]
    page.html(table(["Group", "Focus", "Status", "Members", "Notes", "Gaps"], rows), late=True)
    return page.done()


def scenarios_index(r: Renderer) -> Rendered:
    page = r.site_page("scenarios")
    if not r.g.scenarios:
        page.html(para("No shared-work scenarios yet."))
        return page.done()
    rows = [
        [r.to(Ref("scenario", slug)), sc.status.capitalize(), str(len(sc.groups)), str(len(sc.partners)), r.gap_link("scenario", slug)]
        for slug, sc in ((s, r.g.scenarios[s]) for s in r.by_name("scenario", r.g.scenarios))
    ]
    page.html(table(["Scenario", "Status", "Groups", "Partners", "Gaps"], rows), late=True)
    return page.done()


def topics_index(r: Renderer) -> Rendered:
    page = r.site_page("topics")
    page.html(para("The issues partners, groups and shared work are tagged with."))
    rows = []
    for topic in sorted(r.g.topics, key=lambda t: (r.tax.topic_label(t).casefold(), t)):
        refs = r.g.topics[topic]
        counts = {k: sum(1 for ref in refs if ref.kind == k) for k in ("partner", "group", "scenario")}
        rows.append([r.topic(topic), str(counts["partner"]), str(counts["group"]), str(counts["scenario"])])
    page.html(table(["Topic", "Partners", "Groups", "Scenarios"], rows), late=True)
    return page.done()


def topic_page(r: Renderer, topic: str) -> Rendered:
    page = r.start(topic_src(topic))
    refs = r.g.topics.get(topic, [])
    label = r.tax.topic_label(topic)
    page.title(f"Topic: {label[:1].upper()}{label[1:]}")
    for kind, title in (("group", "Practice groups"), ("scenario", "Shared work"), ("partner", "Partners")):
        items = [r.to(ref) for ref in r.refs_by_name(ref for ref in refs if ref.kind == kind)]
        r.section(page, title, items, f"No {title.lower()} take up this topic." if kind == "group" else None)
    return page.done()


def home_summary(r: Renderer) -> Markup:
    """Counts and ways in, placed under the home page's title: what the community holds and
    where to start, without the author having to keep numbers up to date."""
    r.start("index.md")
    g = r.g
    categories = {c for p in g.partners.values() for c in p.category}
    missing = sum(1 for gaps in r.a.gaps.values() if gaps.missing_categories)
    notes = [k for k in sorted(g.notes, key=lambda k: (g.notes[k].date, k), reverse=True) if not g.notes[k].draft]
    cards = [
        (PARTNERS_INDEX, f"{len(g.partners)} partners", f"in {len(categories)} of {len(r.tax.categories)} categories"),
        (GROUPS_INDEX, f"{len(g.groups)} practice groups", f"{len(notes)} notes"),
        (SCENARIOS_INDEX, f"{len(g.scenarios)} pieces of shared work", f"{len(g.topics)} topics"),
        ("gaps/index.md", "Who isn't here?", f"{missing} of {len(r.a.gaps)} groups and scenarios miss a category"),
    ]
    items = [
        fmt('<li><a href="{}"><strong>{}</strong></a><br><span>{}</span></li>', attr(r.href(src)), big, small)
        for src, big, small in cards
        if src in r.generated
    ]
    out = Markup('<div class="cop-home">\n<ul class="cop-counts">\n' + "".join(items) + "</ul>\n")
    tools = [(p.src, p.title) for p in SITE_PAGES if p.section is not None and p.src in r.generated]
    if tools:
        links = join(fmt('<a href="{}">{}</a>', attr(r.href(src)), title) for src, title in tools)
        out += fmt("<p><strong>{}:</strong> {}</p>\n", TOOLS_SECTION, links)
    if notes:
        out += Markup("<p><strong>Latest notes:</strong> ") + join(r.note_item(k, True) for k in notes[:3]) + Markup("</p>\n")
    return out + Markup("</div>\n")

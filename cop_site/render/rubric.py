"""The rubric as a sitting: a page per indicator (its levels, its probing questions, and every
assessed partnership at its latest level), and printable worksheets a facilitator brings to
the room: a blank one, and one per partnership with its last levels and evidence marked."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import partial

from markupsafe import Markup

from .. import instruments
from ..instruments import Assessed
from ..link import Graph, Ref
from ..settings import Indicator
from .base import Renderer
from .components import esc, figure, join, para, scroller, table, trusted
from .core import Rendered
from .registry import BLANK_WORKSHEET, RUBRIC_INDEX, indicator_src, worksheet_src
from .svg import LEVEL_FILL, picture, rect, text

PREFIXES = ("indicator:", "worksheet:")
KIND_WORDS = {"partner": "Partner", "group": "Practice group", "scenario": "Shared work"}
RULED_LINES = 3  # lines to write on, per indicator, on a worksheet


def sources(graph: Graph) -> dict[str, str]:
    """The rubric's generated pages: source -> tag. A worksheet of its own for each partner,
    practice group and piece of shared work that has assessed itself (it carries the last
    levels, the evidence and who took part); the blank worksheet serves a partnership's first
    sitting, as the content model says. A worksheet for a partnership with no sitting behind
    it would be the blank one under another title: on a large directory, a thousand pages
    that say nothing new."""
    out = {indicator_src(slug): "indicator:" + slug for slug in _taxonomy_indicators(graph)}
    out[BLANK_WORKSHEET] = "worksheet:"
    for kind, entities in (("partner", graph.partners), ("group", graph.groups), ("scenario", graph.scenarios)):
        for slug, entity in entities.items():
            if entity.assessments:
                out[worksheet_src(kind, slug)] = f"worksheet:{kind}:{slug}"
    return out


def _taxonomy_indicators(graph: Graph) -> list[str]:
    tax = graph.content.taxonomy
    return list(tax.indicators) if tax is not None else []


def render(r: Renderer, tag: str) -> Rendered:
    if tag.startswith("indicator:"):
        return indicator_page(r, tag[len("indicator:") :])
    rest = tag[len("worksheet:") :]
    if not rest:
        return worksheet_page(r, None)
    kind, _, slug = rest.partition(":")
    return worksheet_page(r, Ref(kind, slug))


def worksheet_link(r: Renderer, kind: str, slug: str) -> Markup:
    """ "Print a worksheet for the next sitting", where the entity has one; else the blank one,
    for its first sitting."""
    src, words = worksheet_src(kind, slug), "Print a worksheet for the next sitting"
    if src not in r.generated:
        src, words = BLANK_WORKSHEET, "Print a blank worksheet for the first sitting"
        if src not in r.generated:
            return Markup("")
    return para(Markup('<a class="cop-worksheet-link" href="{}">{}</a>').format(r.href(src), words))


def indicator_label(r: Renderer, indicator: Indicator) -> Markup:
    """An indicator's name, linked to its page where the site has one."""
    src = indicator_src(indicator.slug)
    if src in r.generated:
        return Markup('<a href="{}">{}</a>').format(r.href(src), indicator.label)
    return esc(indicator.label)


# ---- one indicator ------------------------------------------------------------------------
def indicator_page(r: Renderer, slug: str) -> Rendered:
    tax = r.tax
    ind = tax.indicators[slug]
    page = r.start(indicator_src(slug))
    page.title(ind.label)
    domain = tax.domains.get(ind.domain)
    page.html(para(ind.description))
    where = Markup("<strong>Domain:</strong> {}.").format(domain.label if domain else ind.domain)
    if RUBRIC_INDEX in r.generated:
        where += Markup(' <a href="{}">Every indicator</a> of the self-assessment rubric.').format(r.href(RUBRIC_INDEX))
    page.html(para(where))
    page.heading(2, "The four levels")
    rows: list[list[object]] = [[term.label, ind.levels.get(level, term.description)] for level, term in tax.rubric_levels.items()]
    page.html(table(["Level", "What it looks like for this indicator"], rows, row_headers=True))
    page.heading(2, "Questions for the conversation")
    page.html(
        para("Open questions to talk through before the team settles on a level: each has more than one good answer.")
        + Markup("<ol>\n")
        + Markup("").join(Markup("<li>{}</li>\n").format(q) for q in ind.questions)
        + Markup("</ol>\n")
    )
    if BLANK_WORKSHEET in r.generated:
        page.html(para(Markup('<a href="{}">A blank worksheet with every indicator, to print</a>').format(r.href(BLANK_WORKSHEET))))

    standing = _standing(r, slug)
    page.heading(2, "Where partnerships stand", late=True)
    if not standing:
        page.html(para("No partner, group or shared work has assessed itself yet."), late=True)
        return page.done()
    levels = list(tax.rubric_levels)
    counts: Counter[str | None] = Counter(level for _, _, level, _, _, _ in standing)
    kinds = ("partner", "group", "scenario")
    by_kind = {k: Counter(level for kind, _, level, _, _, _ in standing if kind == k) for k in kinds}
    table_rows: list[list[object]] = [[tax.rubric_levels[lv].label, *(str(by_kind[k][lv]) for k in kinds), str(counts[lv])] for lv in levels]
    table_rows.append(["Not rated", *(str(by_kind[k][None]) for k in kinds), str(counts[None])])
    page.html(
        figure(
            _distribution_picture(r, ind, counts, len(standing)),
            table(["Level", "Partners", "Practice groups", "Shared work", "All"], table_rows, row_headers=True),
            f"How many of the {len(standing)} assessed partners, groups and pieces of shared work stand at each level, by their latest rating.",
            f"{ind.label}: levels picture",
        ),
        late=True,
    )
    rows = []
    for kind, key, level, when, evidence, step in standing:
        shown = Markup("{} <small>({})</small>").format(tax.rubric_levels[level].label, when.isoformat()) if level and when else "not rated"
        rows.append([r.to(Ref(kind, key)), KIND_WORDS[kind], shown, evidence or "", step or ""])
    page.heading(3, "Each one's latest level", late=True)
    # Five columns, two of them sentences: wider than a phone, so a named region that scrolls.
    listing = table(["Who", "Kind", "Latest level", "Evidence", "Next step"], rows, row_headers=True)
    page.html(scroller(listing, "Each one's latest level (scrolls sideways)", "cop-wide"), late=True)
    return page.done()


Standing = tuple[str, str, str | None, dt.date | None, str | None, str | None]


def _standing(r: Renderer, indicator: str) -> list[Standing]:
    """(kind, key, latest level, its date, latest evidence, latest next step) of every assessed
    partner, group and scenario, by kind then name; the level is None where the entity has
    assessed itself but never rated this indicator."""
    out: list[Standing] = []
    assessed = instruments.assessed_entities(r.g)
    for kind in ("partner", "group", "scenario"):
        keys = r.by_name(kind, [slug for k, slug, _ in assessed if k == kind])
        entities = {slug: e for k, slug, e in assessed if k == kind}
        for key in keys:
            e = entities[key]
            latest = instruments.latest_levels(e).get(indicator)
            level, when = (latest[1], latest[0]) if latest else (None, None)
            evidence = instruments.latest_notes(e, "evidence").get(indicator, (None, None))[1]
            step = instruments.latest_notes(e, "next_steps").get(indicator, (None, None))[1]
            out.append((kind, key, level, when, evidence, step))
    return out


def _distribution_picture(r: Renderer, ind: Indicator, counts: Counter[str | None], total: int) -> Markup:
    """One bar per level (and one for "not rated"), its count written beside it."""
    tax = r.tax
    label_w, bar_w, row_h = 150, 300, 28
    rows: list[tuple[str, int, tuple[str, str]]] = [
        (term.label, counts[level], LEVEL_FILL[min(n, 4)]) for n, (level, term) in enumerate(tax.rubric_levels.items(), 1)
    ]
    rows.append(("Not rated", counts[None], LEVEL_FILL[0]))  # as in the table beside it, even at 0
    most = max((n for _, n, _ in rows), default=0) or 1
    parts = []
    for row, (label, n, (fill, _)) in enumerate(rows):
        y = 8 + row * row_h
        parts.append(text(label_w - 8, y + 17, label, 12, "end"))
        w = bar_w * n / most
        if n:
            parts.append(rect(label_w, y + 3, w, row_h - 6, fill, rx=2))
        parts.append(text(label_w + w + 6, y + 17, n, 12))
    height = 8 + row_h * len(rows) + 6
    return picture(label_w + bar_w + 40, height, f"{ind.label}: partnerships at each level (of {total})", "".join(parts), f"cop-indicator-{ind.slug}")


# ---- worksheets ---------------------------------------------------------------------------
def worksheet_page(r: Renderer, ref: Ref | None) -> Rendered:
    """A worksheet to print: a cover (the partnership, the date, who took part last time and
    room for who takes part now), then each domain on a page of its own, each indicator with
    its questions, its four levels as boxes to tick (last sitting's level marked in words),
    the evidence so far and ruled lines to write on."""
    tax = r.tax
    entity: Assessed | None = r.g.entity(ref) if ref is not None else None  # type: ignore[assignment]
    src = worksheet_src(ref.kind, ref.key) if ref is not None else BLANK_WORKSHEET
    page = r.start(src)
    name = r.g.name(ref) if ref is not None else None
    page.title(f"Self-assessment worksheet: {name}" if name else "Self-assessment worksheet")
    latest = instruments.latest_levels(entity) if entity is not None else {}
    evidence = instruments.latest_notes(entity, "evidence") if entity is not None else {}
    steps = instruments.latest_notes(entity, "next_steps") if entity is not None else {}
    when, participants = instruments.last_participants(entity) if entity is not None else (None, [])
    page.html(_cover(r, ref, when, participants))
    for domain in tax.domains.values():
        indicators = [i for i in tax.indicators.values() if i.domain == domain.slug]
        if not indicators:
            continue
        parts = [Markup('<section class="cop-ws-domain" aria-labelledby="{}">\n').format(_domain_id(domain.slug))]
        parts.append(Markup('<h2 id="{}">{}</h2>\n').format(_domain_id(domain.slug), domain.label))
        for ind in indicators:
            parts.append(_indicator_block(r, ind, latest.get(ind.slug), evidence.get(ind.slug), steps.get(ind.slug)))
        parts.append(Markup("</section>\n"))
        # After search has read the page: a search for a question should find its indicator's
        # page, not every worksheet that repeats it (and indexing them all took a tenth of a build).
        page.html(Markup("").join(parts), late=True)
    return page.done()


def _domain_id(slug: str) -> str:
    return f"domain-{slug}"


def _cover(r: Renderer, ref: Ref | None, when: dt.date | None, participants: list[str]) -> Markup:
    tax = r.tax
    rows = []
    if ref is not None:
        rows.append(Markup("<p><strong>Partnership:</strong> {} <small>({})</small></p>\n").format(r.to(ref), KIND_WORDS[ref.kind]))
    else:
        rows.append(Markup('<p><strong>Partnership:</strong> <span class="cop-ws-blank"><span class="cop-sr-only">(to fill in)</span></span></p>\n'))
    rows.append(
        Markup('<p><strong>Date of this sitting:</strong> <span class="cop-ws-blank cop-ws-date"><span class="cop-sr-only">(to fill in)</span></span></p>\n')
    )
    if when is not None:
        names = join(r.partner(p) for p in r.by_name("partner", participants)) if participants else Markup("not recorded")
        rows.append(Markup("<p><strong>Took part in the last sitting ({}):</strong> {}</p>\n").format(when.isoformat(), names))
    rows.append(Markup("<p><strong>Taking part today:</strong></p>\n") + _ruled(2))
    how = (
        "For each indicator, talk through the questions first. Then agree on the level that fits best, tick its box, "
        "write down what shows it (the evidence) and one next step that would move the indicator."
    )
    if when is not None:
        how += f" The level marked “last sitting” is where the team stood on {when.isoformat()}."
    levels = ", ".join(t.label for t in tax.rubric_levels.values())
    return Markup('<section class="cop-ws-cover" aria-label="Cover">\n{}{}</section>\n').format(
        Markup("").join(rows), para(f"{how} The levels, from first steps to lasting change: {levels}.")
    )


def _indicator_block(
    r: Renderer, ind: Indicator, last: tuple[dt.date, str] | None, evidence: tuple[dt.date, str] | None, step: tuple[dt.date, str] | None
) -> Markup:
    tax = r.tax
    # Every worksheet repeats the indicator's questions and its levels: made once per site.
    parts = [r.part(("worksheet-head", ind.slug), lambda: _indicator_head(ind))]
    for level, term in tax.rubric_levels.items():
        if last is not None and last[1] == level:
            parts.append(_level_item(ind, level, term.label, term.description, last[0]))
        else:
            parts.append(r.part(("worksheet-level", ind.slug, level), partial(_level_item, ind, level, term.label, term.description, None)))
    parts.append(Markup("</ul>\n"))
    if evidence is not None:
        parts.append(Markup('<p class="cop-ws-so-far"><strong>Evidence so far</strong> ({}): {}</p>\n').format(evidence[0].isoformat(), evidence[1]))
    elif last is not None:
        parts.append(Markup('<p class="cop-ws-so-far"><strong>Evidence so far:</strong> none written down.</p>\n'))
    if step is not None:
        parts.append(Markup('<p class="cop-ws-so-far"><strong>Next step agreed</strong> ({}): {}</p>\n').format(step[0].isoformat(), step[1]))
    parts.append(Markup('<p class="cop-ws-label">Evidence and next step</p>\n') + _ruled(RULED_LINES))
    parts.append(Markup("</section>\n"))
    return Markup("").join(parts)


def _indicator_head(ind: Indicator) -> Markup:
    parts = [Markup('<section class="cop-ws-indicator">\n<h3>{}</h3>\n<p class="cop-ws-meaning">{}</p>\n').format(ind.label, ind.description)]
    if ind.questions:
        parts.append(Markup('<p class="cop-ws-label">Questions to talk through</p>\n<ol class="cop-ws-questions">\n'))
        parts += [Markup("<li>{}</li>\n").format(q) for q in ind.questions]
        parts.append(Markup("</ol>\n"))
    parts.append(Markup('<p class="cop-ws-label">Where do we stand? Tick one.</p>\n<ul class="cop-ws-levels">\n'))
    return Markup("").join(parts)


def _level_item(ind: Indicator, level: str, label: str, description: str, last_sitting: dt.date | None) -> Markup:
    """A level to tick; `last_sitting`: the date of the last sitting, if it chose this level."""
    css = "cop-ws-level cop-ws-last" if last_sitting else "cop-ws-level"
    note = Markup(' <span class="cop-ws-last-note">(last sitting, {})</span>').format(last_sitting.isoformat()) if last_sitting else Markup("")
    return Markup(
        '<li class="{}"><span class="cop-ws-box" aria-hidden="true"></span><strong>{}</strong>{}<br><span class="cop-ws-text">{}</span></li>\n'
    ).format(css, label, note, ind.levels.get(level, description))


def _ruled(lines: int) -> Markup:
    """Blank lines to write on (drawn borders: they print, unlike an empty paragraph)."""
    return trusted('<div class="cop-ws-ruled" aria-hidden="true">' + '<div class="cop-ws-line"></div>' * lines + "</div>\n")

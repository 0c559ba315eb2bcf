"""Small HTML components every page family builds from.

Escaping is enforced by type: a component takes `Markup` (HTML that is already safe) or
anything else, which it escapes as text. `esc` and the components return `Markup`, so HTML
written here passes through unchanged and editors' words never become markup. Plain
f-strings over `Markup` pieces are wrapped in `Markup` by the one who wrote them; the
components never trust a plain `str`.

The hot path (link lists of thousands of items on directory pages) stays string
concatenation: a template engine there would cost more than the rest of the page."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from markupsafe import Markup

HTML = Markup  # for readers: a value of this type is HTML, not text


def trusted(html_text: str) -> Markup:
    """`html_text`, which the caller built from escaped parts, as Markup. The same as
    `Markup(html_text)` for a str, without Markup's Python-level constructor: pages are made
    of hundreds of thousands of these."""
    return _new_str(Markup, html_text)


_new_str = str.__new__


def esc(value: object) -> Markup:
    """Editor-supplied text made inert in HTML (text content; `attr` for attributes)."""
    if isinstance(value, Markup):
        return value
    return _new_str(Markup, html.escape(value if isinstance(value, str) else str(value), quote=False).replace("\n", " "))


def fmt(template: str, *values: object) -> Markup:
    """`template` (HTML written here, with `{}` for each value) with `values` in place, each
    escaped as text unless it is already `Markup` (pass `attr(x)` for an attribute's value).
    `Markup(template).format(*values)` in effect, at the cost of `str.format`: pages are made
    of hundreds of thousands of these."""
    return _new_str(Markup, template.format(*(esc(v) for v in values)))


def attr(value: object) -> Markup:
    """A value made safe inside a double-quoted HTML attribute."""
    return trusted(html.escape(str(value), quote=True))


def ul(items: Iterable[object], css: str | None = None) -> Markup:
    cls = f' class="{attr(css)}"' if css else ""
    return trusted(f"<ul{cls}>\n" + "".join(f"<li>{esc(item)}</li>\n" for item in items) + "</ul>\n")


def table(head: Sequence[object], rows: Iterable[Sequence[object]], css: str | None = None, caption: object | None = None, row_headers: bool = False) -> Markup:
    """The same markup as a Markdown table, so the theme styles both alike. With
    `row_headers`, each row's first cell names its row for screen readers (`<th scope="row">`)."""
    cls = f' class="{attr(css)}"' if css else ""
    out = [f"<table{cls}>\n"]
    if caption is not None:
        out.append(f"<caption>{esc(caption)}</caption>\n")
    scope = ' scope="col"' if row_headers else ""
    out += ["<thead>\n<tr>\n", *(f"<th{scope}>{esc(h)}</th>\n" for h in head), "</tr>\n</thead>\n<tbody>\n"]
    for row in rows:
        if row_headers:
            first, *rest = row
            out.append(f'<tr>\n<th scope="row">{esc(first)}</th>\n' + "".join(f"<td>{esc(cell)}</td>\n" for cell in rest) + "</tr>\n")
        else:
            out.append("<tr>\n" + "".join(f"<td>{esc(cell)}</td>\n" for cell in row) + "</tr>\n")
    out.append("</tbody>\n</table>\n")
    return trusted("".join(out))


def para(fragment: object, css: str | None = None) -> Markup:
    cls = f' class="{attr(css)}"' if css else ""
    return trusted(f"<p{cls}>{esc(fragment)}</p>\n")


def facts(rows: Sequence[tuple[object, object | None]], css: str = "cop-facts") -> Markup:
    """A list of `label: value`, leaving out empty values."""
    items = [trusted(f"<strong>{esc(label)}:</strong> {esc(value)}") for label, value in rows if value]
    return ul(items, css) if items else Markup("")


def link(href: str, label: object, css: str | None = None) -> Markup:
    cls = f' class="{attr(css)}"' if css else ""
    return trusted(f'<a href="{attr(href)}"{cls}>{esc(label)}</a>')


def join(items: Iterable[object], sep: str = ", ") -> Markup:
    return trusted(sep.join(esc(item) for item in items))


def card(title: object, body: object, css: str = "cop-card") -> Markup:
    """A titled box (the organiser's card, an agreement): a section with a heading-less
    title, so it does not add to the page's table of contents."""
    return trusted(f'<section class="{attr(css)}">\n<p class="cop-card-title">{esc(title)}</p>\n{esc(body)}</section>\n')


def scale(steps: list[tuple[str, str]], current: str | None, label: object, css: str = "cop-scale") -> Markup:
    """A row of steps (slug, label) with the current one marked in words as well as by
    colour: an ordered list whose current item says "(here)" to screen readers too."""
    items = []
    for slug, name in steps:
        if slug == current:
            items.append(f'<li class="cop-step cop-step-current" aria-current="step"><strong>{esc(name)}</strong> <span class="cop-here">(here)</span></li>')
        else:
            items.append(f'<li class="cop-step">{esc(name)}</li>')
    return trusted(f'<ol class="{attr(css)}" aria-label="{attr(label)}">' + "".join(items) + "</ol>\n")


def scroller(inner: Markup, label: object, css: str = "") -> Markup:
    """`inner` (a picture, a wide table) at its own size in a box that scrolls sideways when
    the screen is narrower: a named region that takes the keyboard's focus, so arrow keys
    scroll it and screen readers announce what it holds (WCAG 2.1.1, 1.4.10)."""
    cls = f"cop-scroll {css}".strip()
    return trusted(f'<div class="{attr(cls)}" role="region" aria-label="{attr(label)}" tabindex="0">{inner}</div>\n')


def figure(svg: Markup, equivalent: Markup, caption: object, name: object) -> Markup:
    """A picture and the table or list that holds the same data, side by side (stacked on a
    phone): the picture for those who see it, the equivalent for everyone else and for print.
    The caption comes first (HTML allows a figure's caption only as its first or last child);
    the picture keeps its size and scrolls sideways on a narrow screen (see `scroller`), in a
    region named after it (`name`), so a page with several pictures says which one scrolls."""
    picture = scroller(svg, f"{name} (scrolls sideways)", "cop-figure-picture")
    return trusted(
        f'<figure class="cop-figure">\n<figcaption>{esc(caption)}</figcaption>\n{picture}<div class="cop-figure-data">\n{equivalent}</div>\n</figure>\n'
    )


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 group", "2 groups": a count with its noun, the one way every page says it."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"

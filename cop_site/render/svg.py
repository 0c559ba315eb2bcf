"""Pictures as inline SVG, made at build time: no script, no request to anyone.

Every picture has `role="img"` and a `<title>` (its accessible name) and always stands next
to a table or list holding the same data (see `components.figure`). A mark that stands for
an entity links to its page. An image must not hold links (its content is presentational),
so the links are a second, transparent layer laid exactly over the picture, hidden from
assistive technology and out of the tab order: they are for pointer users, while keyboard
and screen-reader users reach the same pages through the table beside it. Colours always
come with text: a mark is labelled in words or numbers as well."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from .components import attr, esc, fmt, trusted

# One hue per level, from light to strong, with text colours that pass WCAG AA on each.
LEVEL_FILL = {
    0: ("#ffffff", "#1a1a1a"),  # none / not rated: white, so it never reads as a level
    1: ("#d4e8f7", "#1a1a1a"),
    2: ("#8fc1e6", "#1a1a1a"),
    3: ("#3d87c4", "#0b1a26"),
    4: ("#1d5f91", "#ffffff"),
}


Links = list[tuple[str, tuple[float, float, float, float]]]  # (href, (x, y, width, height))


def picture(width: int, height: int, title: str, body: str, ident: str, links: Links | None = None) -> Markup:
    """An SVG that scales to its container (viewBox) with its accessible name, and the layer
    of links over it (see the module's note)."""
    box = f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"'
    drawing = (
        f'<svg class="cop-svg" role="img" aria-labelledby="{attr(ident)}" {box} font-family="system-ui, sans-serif" fill="#1a1a1a">'
        f'<title id="{attr(ident)}">{esc(title)}</title>{body}</svg>'
    )
    if not links:
        return Markup(drawing)
    hits = "".join(
        f'<a href="{escape(href, quote=True)}" tabindex="-1"><rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="transparent"/></a>'
        for href, (x, y, w, h) in links
    )
    # Every part above is built from escaped values and numbers.
    template = '<div class="cop-picture">{}<svg class="cop-svg cop-svg-links" aria-hidden="true" {}>{}</svg></div>'
    return fmt(template, trusted(drawing), trusted(box), trusted(hits))


# The drawing helpers return plain strings, escaped here (a picture has hundreds of marks, and
# `picture` wraps the whole as Markup once); colours and anchors are the code's own constants.
# Defaults are left out (the font is set once on the picture): a profile's map is drawn on
# thousands of pages.
def _n(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def rect(x: float, y: float, w: float, h: float, fill: str, stroke: str = "#546e7a", rx: float = 4) -> str:
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="{_n(rx)}" fill="{fill}" stroke="{stroke}"/>'


def text(x: float, y: float, words: object, size: int = 13, anchor: str = "start", fill: str = "#1a1a1a", weight: str = "normal") -> str:
    shown = words if isinstance(words, Markup) else escape(str(words), quote=False)
    extra = (f' text-anchor="{anchor}"' if anchor != "start" else "") + (f' fill="{fill}"' if fill != "#1a1a1a" else "")
    extra += f' font-weight="{weight}"' if weight != "normal" else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}"{extra}>{shown}</text>'


def line(x1: float, y1: float, x2: float, y2: float, width: float = 1.5, stroke: str = "#78909c") -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" stroke-width="{_n(width)}"/>'


def linked(links: Links, href: str | None, box: tuple[float, float, float, float], inner: str) -> str:
    """`inner`, drawn as a link (underlined words), with its hit area added to `links`."""
    if not href:
        return inner
    links.append((href, box))
    return f'<g class="cop-linked">{inner}</g>'


def clip(words: str, room: int) -> str:
    """Words cut to `room` characters with an ellipsis: the full text is in the table."""
    return words if len(words) <= room else words[: max(room - 1, 1)].rstrip() + "…"

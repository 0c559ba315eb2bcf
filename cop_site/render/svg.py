"""Pictures as inline SVG, made at build time: no script, no request to anyone.

Every picture has `role="img"` and a `<title>` (its accessible name) and always stands next
to a table or list holding the same data (see `components.figure`). A mark that stands for
an entity links to its page. An image must not hold links (its content is presentational),
so the links are a second, transparent layer laid exactly over the picture, hidden from
assistive technology and out of the tab order: they are for pointer users, while keyboard
and screen-reader users reach the same pages through the table beside it. Colours always
come with text: a mark is labelled in words or numbers as well."""

from __future__ import annotations

import functools
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


# ---- measured text ------------------------------------------------------------------------
# Advance widths (per 1000 units of font size) of DejaVu Sans, the font `system-ui, sans-serif`
# resolves to on Linux and among the widest sans-serif faces: text measured with it fits in
# Segoe UI, San Francisco, Roboto or Helvetica too. Measured in Chromium (canvas measureText,
# rounded up). A character not listed counts as 1000 (a full em, as wide as CJK glyphs).
_CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u00e9\u00e8\u00ea\u00eb\u00e1\u00e0\u00e2\u00e4\u00ed\u00ec\u00ee\u00ef\u00f3\u00f2\u00f4\u00f6\u00fa\u00f9\u00fb\u00fc\u00f1\u00e7\u00c9\u00c1\u00d3\u00da\u2192\u2191\u2193\u00d7"  # noqa: E501
_NORMAL = (318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337, 637, 637, 637, 637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 531, 1000, 685, 687, 699, 771, 632, 576, 775, 752, 295, 295, 656, 558, 863, 749, 788, 604, 788, 695, 635, 611, 732, 685, 989, 686, 611, 686, 391, 337, 391, 838, 500, 500, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580, 278, 975, 634, 612, 635, 635, 412, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838, 500, 1000, 318, 318, 519, 519, 1000, 318, 616, 616, 616, 616, 613, 613, 613, 613, 278, 278, 278, 278, 612, 612, 612, 612, 634, 634, 634, 634, 634, 550, 632, 685, 788, 732, 838, 838, 838, 838)  # noqa: E501
_BOLD = (349, 457, 521, 838, 696, 1002, 873, 307, 458, 458, 523, 838, 380, 416, 380, 366, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 581, 1000, 774, 763, 734, 831, 684, 684, 821, 837, 373, 373, 775, 638, 996, 837, 851, 733, 851, 771, 721, 683, 813, 774, 1104, 771, 725, 726, 458, 366, 458, 838, 500, 500, 675, 716, 593, 716, 679, 436, 716, 712, 343, 343, 666, 343, 1042, 712, 688, 716, 716, 494, 596, 479, 712, 652, 924, 646, 652, 583, 712, 366, 712, 838, 500, 1000, 380, 380, 658, 658, 1000, 380, 679, 679, 679, 679, 675, 675, 675, 675, 343, 343, 343, 343, 688, 688, 688, 688, 712, 712, 712, 712, 712, 593, 684, 774, 851, 813, 838, 838, 838, 838)  # noqa: E501
_WIDTHS = {False: dict(zip(_CHARS, _NORMAL, strict=True)), True: dict(zip(_CHARS, _BOLD, strict=True))}
LINE = 1.25  # line height, in font sizes
MIN_SIZE = 12  # the smallest text a picture draws (CSS px at its natural size, which it keeps)


def text_width(words: str, size: float, bold: bool = False) -> float:
    """The width `words` take at `size` px (see the width table above)."""
    return _units(words, bold) * size / 1000


# The same names are measured and wrapped on many pages (a partner on each of its groups'
# maps, every profile's picture): each is worked out once per process.
@functools.lru_cache(maxsize=1 << 14)
def _units(words: str, bold: bool) -> int:
    table = _WIDTHS[bold]
    return sum([table.get(ch, 1000) for ch in words])


def wrap(words: str, room: float, size: float, lines: int = 2, bold: bool = False) -> tuple[list[str], bool]:
    """`words` broken at spaces into at most `lines` lines of at most `room` px each; and
    whether anything had to be cut (the last line then ends in an ellipsis, and the caller
    gives the full text as a tooltip: see `label`). A word longer than a line is cut too."""
    kept, cut = _wrap(words, room, size, lines, bold)
    return list(kept), cut


@functools.lru_cache(maxsize=1 << 14)
def _wrap(words: str, room: float, size: float, lines: int, bold: bool) -> tuple[tuple[str, ...], bool]:
    broken: list[str] = []
    current = ""
    for word in words.split():
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size, bold) > room:
            broken.append(current)
            current = word
        else:
            current = trial
    if current:
        broken.append(current)
    kept = [_fit(line, room, size, bold) for line in broken[: lines - 1]]
    rest = broken[lines - 1 :]
    if rest:
        kept.append(_fit(" ".join(rest), room, size, bold, force=len(rest) > 1))
    return tuple(kept), kept != broken[:lines] or len(broken) > lines


def _fit(words: str, room: float, size: float, bold: bool, force: bool = False) -> str:
    """`words` with an ellipsis, as long as fits in `room` px (`force`: always the ellipsis)."""
    if not force and text_width(words, size, bold) <= room:
        return words
    words = words.rstrip()
    while words and text_width(words + "…", size, bold) > room:
        words = words[:-1]
    return words.rstrip(" ,;:-") + "…"


def label(
    x: float,
    y: float,
    words: str,
    room: float,
    size: int = MIN_SIZE,
    lines: int = 2,
    anchor: str = "start",
    fill: str = "#1a1a1a",
    weight: str = "normal",
) -> tuple[str, int]:
    """`words` wrapped into at most `lines` lines of `room` px, the first baseline at `y`; and
    how many lines it took. Cut text says so: the full text is its tooltip (`<title>`), and
    the table beside every picture holds it too."""
    shown, cut = wrap(words, room, size, lines, weight == "bold")
    if len(shown) <= 1:
        inner = escape(shown[0] if shown else "", quote=False)
    else:
        step = _n(size * LINE)
        inner = escape(shown[0], quote=False) + "".join(f'<tspan x="{_n(x)}" dy="{step}">{escape(s, quote=False)}</tspan>' for s in shown[1:])
    drawn = text(x, y, Markup(inner), size, anchor, fill, weight)
    if cut:
        drawn = f"<g><title>{escape(words, quote=False)}</title>{drawn}</g>"
    return drawn, max(len(shown), 1)


def lines_needed(words: str, room: float, size: int = MIN_SIZE, most: int = 2, bold: bool = False) -> int:
    return max(len(wrap(words, room, size, most, bold)[0]), 1)


def node(
    x: float,
    y: float,
    w: float,
    h: float,
    fill: str,
    words: str,
    size: int = MIN_SIZE,
    lines: int = 2,
    weight: str = "normal",
    pad: float = 6,
    fill_text: str = "#1a1a1a",
) -> str:
    """A labelled box: a rectangle and its words wrapped inside it, vertically centred, as one
    group (tests check that a group's text stays inside the group's first rectangle). `h`
    must hold `lines` lines: `box_height` says how much that is."""
    shown = lines_needed(words, w - 2 * pad, size, lines, weight == "bold")
    first = y + h / 2 - (shown - 1) * size * LINE / 2 + size * 0.36
    drawn, _ = label(x + pad, first, words, w - 2 * pad, size, lines, fill=fill_text, weight=weight)
    return f"<g>{rect(x, y, w, h, fill)}{drawn}</g>"


def box_height(lines: int, size: int = MIN_SIZE, pad: float = 6) -> float:
    """The height of a `node` that holds `lines` lines of text."""
    return lines * size * LINE + 2 * pad

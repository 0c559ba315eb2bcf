"""What the plugin adds around a page's own content, as plain text in and out: the
last-updated line, the internal edition's banner, the home page's summary, and the warning
when a Markdown extension lost the placeholders the engine's fragments go in. Used by
plugin.py only; every piece is made here so the plugin's events stay one call each."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

INTERNAL_BANNER = '<p class="cop-internal-banner"><strong>Internal edition:</strong> this page may show private fields and drafts. Do not publish it.</p>'


def updated_line(updated: dt.date | dt.datetime) -> str:
    """The "Last updated" line under a page, from its last commit's date."""
    return str(Markup('\n\n<p class="cop-updated">Last updated: <time datetime="{}">{}</time></p>\n').format(updated.isoformat(), f"{updated:%d %B %Y}"))


def page_markdown(markdown: str, *, updated: dt.date | dt.datetime | None, internal: bool, banner: str, feed_link: str) -> str:
    """A page's Markdown with what goes around it: the preview's `banner` (serve only) and the
    internal edition's above; a group's `feed_link` and the date it was `updated` below."""
    if feed_link:
        markdown += "\n\n" + feed_link + "\n"
    if updated:
        markdown += updated_line(updated)
    if internal:
        markdown = INTERNAL_BANNER + "\n\n" + markdown
    return banner + markdown


def under_title(html_text: str, addition: str) -> str:
    """`addition` just under the page's h1 (at the top if it has none)."""
    cut = html_text.find("</h1>")
    return html_text[: cut + 5] + "\n" + addition + html_text[cut + 5 :] if cut != -1 else addition + html_text


def lost_placeholders(src: str, lost: int) -> str:
    return (
        f"cop-site: {lost} part(s) of the page {src} could not be placed: a Markdown extension "
        "changed the placeholder words (copsitefragment..., copsitelink...) that mark where they go. "
        "Remove that extension or report this."
    )

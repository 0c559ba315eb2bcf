"""The plugin's options, declared once: name, type, default and one line for the docs.

Everything else is derived from `OPTIONS`: MkDocs' config class (`plugin.CopSiteConfig`),
the engine's defaults (`settings.DEFAULTS`), the options the engine does not take
(`PLUGIN_ONLY`, read by `check`, `new`, `schema` and `generate` through siteconfig.py) and
the table in content/help/configuration.md (`options_table`; tests/test_options.py fails
when that table and this list drift apart). To add an option, add one line here, read it
in settings.py (engine) or plugin.py (shell), and regenerate the table:

    .venv/bin/python -m cop_site.options --write content/help/configuration.md
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

# What a value may be, as MkDocs checks it: a vocabulary ("terms": a list of slugs or a
# mapping), a list of strings, or one plain type. "choice" takes one of `choices`.
Kind = Literal["terms", "strings", "str", "int", "bool", "dict", "choice"]


@dataclass(frozen=True)
class Option:
    name: str
    kind: Kind
    default: Any  # None: unset (the engine or the plugin decides; see `doc`)
    doc: str  # one line for the docs' table
    plugin_only: bool = False  # read by the MkDocs plugin; the engine's settings do not take it
    choices: tuple[str, ...] = ()


OPTIONS: tuple[Option, ...] = (
    Option("categories", "terms", None, "the partner categories (replaces the shipped list)"),
    Option("levels", "strings", None, "the levels partners work at, in order (replaces the shipped list)"),
    Option("roles", "terms", None, "the roles a partner can play (replaces the shipped list)"),
    Option("relationships", "terms", None, "the relationship continuum's stages, in order"),
    Option("conditions", "terms", None, "the conditions for collective impact"),
    Option("agreement_elements", "terms", None, "the elements of the agreement for results"),
    Option("rubric", "str", None, "your own rubric file (beside mkdocs.yml), in the shape of the shipped one"),
    Option("topics", "terms", None, "how topics read on the site; a topic not listed shows its slug in words"),
    Option("expected_categories", "strings", None, "the categories every group and piece of shared work is asked about (default: all)"),
    Option("expected_levels", "strings", ["state", "district", "local"], "the levels every group is asked about"),
    Option(
        "expected_roles",
        "strings",
        None,
        "the roles someone present in each group and piece of shared work should play (default: champion, power-broker, sponsor)",
    ),
    Option("condition_helpers", "dict", None, "`{condition: [categories]}`: who helps a weak condition (default: the table on Who isn't here?)"),
    Option("quiet_window", "int", 3, "a member is quiet after missing this many recent notes"),
    Option("invitations", "int", 5, "how many invitations each gap page ranks"),
    Option("edition", "choice", "public", "`public`, or `internal` to show private fields and drafts (see Privacy)", choices=("public", "internal")),
    Option("private_dir", "str", "private", "the private folder, beside mkdocs.yml"),
    Option("extra_fields", "dict", {}, "fields your site adds, by type: `{partner: [locale]}`"),
    Option("navigation", "bool", True, "build the small sidebar when mkdocs.yml has no `nav:`"),
    Option("accessibility_fixes", "bool", True, "the plugin's contrast and labelling fixes for Material", plugin_only=True),
    Option("git_dates", "bool", True, "a 'Last updated' line from each page's last commit", plugin_only=True),
    Option("home_summary", "bool", True, "counts and ways in under the home page's title", plugin_only=True),
    Option("feeds", "bool", None, "news feeds; unset: when the site has a `site_url`, `true`: warn without one, `false`: none", plugin_only=True),
    # Read by the plugin, but the engine's settings check its shape (settings.cms_options), so
    # `cop-site check` names its mistakes as a build does.
    Option("cms", "dict", None, "the form-based editor at admin/ (see Forms in your browser)"),
    Option("parallel", "bool", None, "no effect: the build runs in one process (kept so older mkdocs.yml files still build)", plugin_only=True),
)

BY_NAME = {o.name: o for o in OPTIONS}
DEFAULTS: dict[str, Any] = {o.name: o.default for o in OPTIONS}
# MkDocs adds `enabled` to every plugin's options.
PLUGIN_ONLY: tuple[str, ...] = ("enabled", *(o.name for o in OPTIONS if o.plugin_only))

TABLE_START = "<!-- options table: written by `python -m cop_site.options --write`; edit cop_site/options.py -->"
TABLE_END = "<!-- end of options table -->"


def _shown(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return "`[" + ", ".join(str(v) for v in value) + "]`"
    return f"`{value}`" if value != {} else "`{}`"


_KIND_WORDS = {
    "terms": "list or mapping",
    "strings": "list",
    "str": "text",
    "int": "whole number",
    "bool": "true or false",
    "dict": "mapping",
    "choice": "one of",
}


def options_table() -> str:
    """The docs' table of every option, between its two marker lines."""
    rows = [TABLE_START, "", "| option | takes | default | what it does |", "|---|---|---|---|"]
    for o in OPTIONS:
        takes = _KIND_WORDS[o.kind] + (" " + ", ".join(o.choices) if o.choices else "")
        rows.append(f"| `{o.name}` | {takes} | {_shown(o.default)} | {o.doc} |")
    rows += ["", TABLE_END]
    return "\n".join(rows)


def with_table(text: str) -> str:
    """`text` (a Markdown file holding the two marker lines) with the table written anew."""
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END)
    return text[:start] + options_table() + text[end:]


if __name__ == "__main__":  # pragma: no cover - a maintainer's command, see the docstring
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        path = Path(sys.argv[2])
        path.write_text(with_table(path.read_text("utf-8")), "utf-8")
    else:
        print(options_table())

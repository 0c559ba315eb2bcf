"""A site's own "who isn't here?" question: is a rural district or school at the table?

This is a MkDocs hook (listed under `hooks:` in mkdocs.yml). It adds one lens to the
cop-site plugin; the plugin runs it on every practice group and every piece of shared
work, shows its finding on that gap page and writes it to cop.json under
`gaps[...]["findings"]`.

It reads `locale` (rural, suburban or urban), a field this site adds to partner profiles;
mkdocs.yml allows it with

    plugins:
      - cop-site:
          extra_fields:
            partner: [locale]

The lens only asks about groups and scenarios that expect districts and schools (their
`expects` / `needs`, or the site-wide expected_categories). It finds the rural districts
and schools once per build, not once per group, so it stays fast on a large directory.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from cop_site.api import Finding, GraphView, Subject

CATEGORY = "districts-schools"
LOCALE = "rural"


class RuralLens:
    """The lens: called with each group or scenario (`subject`) and the linked content."""

    def __init__(self) -> None:
        self._graph: GraphView | None = None
        self._rural: set[str] = set()

    def rural_districts(self, graph: GraphView) -> set[str]:
        if graph is not self._graph:  # a new build: look through the directory once
            self._graph = graph
            self._rural = {slug for slug, p in graph.partners.items() if CATEGORY in p.category and p.src.extras.get("locale") == LOCALE}
        return self._rural

    def __call__(self, subject: Subject, graph: GraphView) -> Iterator[Finding]:
        if CATEGORY not in subject.expected_categories:
            return
        rural = self.rural_districts(graph)
        if any(slug in rural for slug in subject.present):
            return
        what = "practice group" if subject.kind == "group" else "shared work"
        if rural:
            text = (
                f"No partner in this {what} is a rural district or school, so its plans are made "
                "without the schools where one counselor or one bus route decides what is possible. "
                "These rural districts and schools in the directory could be invited:"
            )
        else:
            text = f"No partner in this {what} is a rural district or school, and the directory has none: recruit beyond it."
        yield Finding(lens="rural", title="No rural district at the table", text=text, partners=tuple(sorted(rural)))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Hooks run after the plugins listed under `plugins:`, so cop-site is set up by now,
    # and its lenses are read later, when it loads the content (on_files).
    plugin = config.plugins.get("cop-site")
    if plugin is None:
        raise PluginError("plugins/rural_lens.py needs the cop-site plugin under 'plugins:' in mkdocs.yml")
    plugin.add_lens("rural", RuralLens())  # a fresh lens for every build
    return config

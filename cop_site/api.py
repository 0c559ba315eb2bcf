"""The public API for a site's own hooks (`hooks:` in mkdocs.yml): what a "who isn't here?"
lens may import and rely on. Everything else in the package is internal and may move; these
names and their signatures are pinned by tests/test_api.py, and change only with a note in
the docs (content/help/who-isnt-here.md, "Your own questions").

    from cop_site.api import Finding, GraphView, Subject

    def no_champion(subject: Subject, graph: GraphView) -> Iterator[Finding]: ...

    def on_config(config):
        config.plugins["cop-site"].add_lens("champion", no_champion)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from .analyse import Finding, LensError, Subject
from .model import Group, Note, Partner, Scenario

__all__ = ["Finding", "GraphView", "Group", "Lens", "LensError", "Note", "Partner", "Scenario", "Subject"]


class GraphView(Protocol):
    """The linked content, as a lens reads it (read only: a lens must not change it)."""

    @property
    def partners(self) -> Mapping[str, Partner]:
        """Slug -> partner; fields as in front matter, a site's own in `.src.extras`."""
        ...

    @property
    def groups(self) -> Mapping[str, Group]: ...

    @property
    def notes(self) -> Mapping[str, Note]: ...

    @property
    def scenarios(self) -> Mapping[str, Scenario]: ...

    @property
    def allies(self) -> Mapping[str, Sequence[str]]:
        """Partner slug -> its allies' slugs."""
        ...

    def published_notes(self, group: str) -> Sequence[Note]:
        """A group's notes, newest first, without drafts."""
        ...


# A lens: called once for each group and piece of shared work; yields what it finds.
Lens = Callable[[Subject, GraphView], Iterable[Finding]]

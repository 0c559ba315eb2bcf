"""The stages run in order: load -> validate -> link -> analyse. Used by the MkDocs plugin
and by `cop-site check`, so both report exactly the same problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analyse import Analysis, Lens, analyse
from .link import Graph, link
from .load import Cache, RawDoc, load_tree
from .problems import Problem, sort_problems
from .settings import Settings, build_settings
from .validate import Content, validate


@dataclass
class Result:
    settings: Settings
    content: Content
    graph: Graph
    analysis: Analysis
    problems: list[Problem]
    files_read: int


def run(
    site_dir: Path,
    docs_dir: Path,
    options: dict[str, Any],
    lenses: Iterable[tuple[str, Lens]] = (),
    config_name: str = "mkdocs.yml",
    cache: Cache | None = None,
) -> Result:
    """`cache`: kept by a caller that builds the same site again (see `load_tree`)."""
    settings, problems = build_settings(options, site_dir, config_name)
    prefix = _display_prefix(site_dir, docs_dir)
    # The internal edition merges the private overlay into the documents it loaded, so they
    # cannot be reused by the next build.
    docs = load_tree(docs_dir, prefix, None if settings.internal else cache)
    if settings.internal:
        problems += merge_overlay(docs, site_dir / settings.private_dir, prefix)
    content = validate(docs, settings)
    graph = link(content)
    analysis = analyse(graph, settings, lenses)
    problems = sort_problems(problems + content.problems + graph.problems)
    return Result(settings, content, graph, analysis, problems, len(docs))


def _display_prefix(site_dir: Path, docs_dir: Path) -> str:
    try:
        rel = docs_dir.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return docs_dir.as_posix().rstrip("/") + "/"
    return "" if rel == "." else rel + "/"


def merge_overlay(docs: list[RawDoc], overlay_dir: Path, content_prefix: str) -> list[Problem]:
    """Internal edition only: fields from the private overlay (same paths as in the content
    folder) are merged into the matching documents; `private:` mappings are merged key by key."""
    if not overlay_dir.is_dir():
        return []
    by_rel = {d.rel: d for d in docs}
    problems: list[Problem] = []
    for extra in load_tree(overlay_dir, overlay_dir.name + "/"):
        problems.extend(extra.problems)
        if not extra.readable:
            continue
        target = by_rel.get(extra.rel)
        if target is None or target.meta is None or not isinstance(target.meta.data, dict):
            problems.append(Problem(extra.display, 1, f"no matching file {content_prefix}{extra.rel} to add these private fields to"))
            continue
        data = target.meta.data
        for key, value in extra.data.items():
            if key == "private" and isinstance(value, dict) and isinstance(data.get("private"), dict):
                data["private"] = {**data["private"], **value}
            else:
                data[key] = value
        if extra.body.strip():
            target.body = target.body.rstrip() + "\n\n## Internal notes\n\n" + extra.body.strip() + "\n"
    return problems

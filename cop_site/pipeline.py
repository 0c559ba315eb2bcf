"""The stages run in order: load -> validate -> link -> analyse. Used by the MkDocs plugin
and by `cop-site check`, so both report exactly the same problems."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import clock
from .analyse import Analysis, Lens, analyse
from .link import Graph, link, relink_prose
from .load import Cache, RawDoc, iter_markdown, load_tree, refused_links
from .problems import Problem, sort_problems
from .settings import Settings, build_settings
from .validate import Built, Content, validate, within


@dataclass
class Result:
    settings: Settings
    content: Content
    graph: Graph
    analysis: Analysis
    problems: list[Problem]
    files_read: int
    docs: list[RawDoc]  # every file read, drafts included (for checks beyond validation)
    lensed: bool = False  # whether a site's lenses took part in the analysis


def run(
    site_dir: Path,
    docs_dir: Path,
    options: dict[str, Any],
    lenses: Iterable[tuple[str, Lens]] = (),
    config_name: str = "mkdocs.yml",
    cache: Cache | None = None,
    files: list[tuple[Path, str]] | None = None,
    built: Built | None = None,
    previous: Result | None = None,
) -> Result:
    """`cache`, `built`: kept by a caller that builds the same site again (see `load_tree` and
    `validate.Built`); `previous`: that caller's last result, whose graph and analysis are
    reused when only the prose of some documents changed (see `_prose_edit`).
    `files`: the Markdown files MkDocs will publish, as (path, rel) pairs; found as MkDocs
    finds them if not given."""
    settings, problems = build_settings(options, site_dir, config_name)
    prefix = _display_prefix(site_dir, docs_dir)
    withheld, withheld_dirs, overlay = scope(site_dir, docs_dir, settings.private_dir, prefix, config_name, problems)
    listed = iter_markdown(docs_dir) if files is None else files
    listed = [(path, rel) for path, rel in listed if rel not in withheld and not within(rel, withheld_dirs)]
    docs = load_tree(docs_dir, prefix, cache, listed)
    if settings.internal and overlay is not None:
        docs, merged = merge_overlay(docs, overlay, prefix)
        problems += merged
    content = validate(docs, settings, withheld, withheld_dirs, built)
    lenses = list(lenses)
    reused = _prose_edit(previous, settings, docs, content, lenses) if previous is not None else None
    if reused is not None:
        graph, analysis = reused
    else:
        graph = link(content)
        analysis = analyse(graph, settings, lenses)
    problems = sort_problems(problems + content.problems + graph.problems + analysis.problems)
    return Result(settings, content, graph, analysis, problems, len(docs), docs, bool(lenses))


def scope(site_dir: Path, docs_dir: Path, private_dir: str, prefix: str, config_name: str, problems: list[Problem]) -> tuple[set[str], set[str], Path | None]:
    """What in the content folder is never read nor published, whatever the files say: the
    private overlay if it was put inside the content folder, and symbolic links that point
    where a published site must not reach (see `refused_links`). Returns (files, folders,
    the overlay folder if it is usable)."""
    files: set[str] = set()
    dirs: set[str] = set()
    overlay: Path | None = site_dir / private_dir
    docs_real, overlay_real = docs_dir.resolve(), (site_dir / private_dir).resolve()
    if overlay_real == docs_real or docs_real in overlay_real.parents:
        inside = overlay_real.relative_to(docs_real).as_posix()
        problems.append(
            Problem(
                config_name,
                None,
                f"cop-site option 'private_dir' ('{private_dir}') is inside the content folder, so MkDocs would publish its files",
                f"move that folder next to {config_name}, outside the content folder, and set private_dir to its name; until then it is not published or used",
            )
        )
        if inside != ".":
            dirs.add(inside + "/")
        overlay = None
    elif overlay_real in docs_real.parents:
        message = f"cop-site option 'private_dir' ('{private_dir}') holds the content folder"
        problems.append(Problem(config_name, None, message, "name a folder of its own, such as 'private'"))
        overlay = None
    for rel, why in refused_links(docs_dir, site_dir, overlay_real):
        hint = "copy the files into the content folder instead; the link is not published"
        problems.append(Problem(prefix + rel, None, f"this symbolic link is not followed: {why}", hint))
        files.add(rel)
        dirs.add(rel + "/")
    return files, dirs, overlay


def _display_prefix(site_dir: Path, docs_dir: Path) -> str:
    try:
        rel = docs_dir.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return docs_dir.as_posix().rstrip("/") + "/"
    return "" if rel == "." else rel + "/"


def merge_overlay(docs: list[RawDoc], overlay_dir: Path, content_prefix: str) -> tuple[list[RawDoc], list[Problem]]:
    """Internal edition only: `docs` with the fields from the private overlay (same paths as
    in the content folder) merged into new documents (`private:` mappings key by key), and
    the overlay's problems. The documents given are left as they were."""
    if not overlay_dir.is_dir():
        return docs, []
    index = {d.rel: i for i, d in enumerate(docs)}
    out = list(docs)
    problems: list[Problem] = []
    for extra in load_tree(overlay_dir, overlay_dir.name + "/"):
        problems.extend(extra.problems)
        if not extra.readable:
            continue
        at = index.get(extra.rel)
        target = out[at] if at is not None else None
        if at is None or target is None or target.meta is None or not isinstance(target.meta.data, dict):
            problems.append(Problem(extra.display, 1, f"no matching file {content_prefix}{extra.rel} to add these private fields to"))
            continue
        data = dict(target.meta.data)
        for key, value in extra.data.items():
            if key == "private" and isinstance(value, dict) and isinstance(data.get("private"), dict):
                data["private"] = {**data["private"], **value}
            else:
                data[key] = value
        body = target.body.rstrip() + "\n\n## Internal notes\n\n" + extra.body.strip() + "\n" if extra.body.strip() else target.body
        out[at] = dataclasses.replace(target, meta=dataclasses.replace(target.meta, data=data), body=body)
    return out, problems


def _prose_edit(previous: Result, settings: Settings, docs: list[RawDoc], content: Content, lenses: list[tuple[str, Lens]]) -> tuple[Graph, Analysis] | None:
    """The graph and analysis of `content`, made from `previous` when the documents are those
    it was made from but for the prose of some (see `link.relink_prose`); else None.

    The analysis reads no prose, so it is reused too, on the same day and when neither run
    has lenses; a site's lens may read anything, so with lenses (now or last time) it runs
    again."""
    if settings != previous.settings or len(docs) != len(previous.docs):
        return None
    before = previous.content
    if (content.withheld, content.withheld_dirs, content.unpublished) != (before.withheld, before.withheld_dirs, before.unpublished):
        return None
    changed = []
    for doc, was in zip(docs, previous.docs, strict=True):
        if doc is was:
            continue
        # Every field but the body, whatever fields a document gains later.
        same_but_prose = {**vars(doc), "body": None} == {**vars(was), "body": None}
        if not same_but_prose or not doc.readable:
            return None
        if doc.body != was.body:
            changed.append(doc)
    graph = relink_prose(previous.graph, previous.content, content, changed)
    if graph is None:
        return None
    today = clock.today()
    if lenses or previous.lensed or previous.analysis.today != today:
        return graph, analyse(graph, settings, lenses, today)
    return graph, previous.analysis

"""`cop-site generate OUT_DIR`: the public site as plain Markdown, for a site generator that
runs no cop-site plugin (MkDocs without plugins, ProperDocs, Zensical).

Every page the plugin would build is written as a Markdown file: the entity pages and the
generated pages from the same renderer, with every fragment already in place (the lists of
connections, the "who isn't here?" invitations and tables are HTML blocks, which Markdown
passes through), and the site's ordinary pages with their [[links]] made into links. Beside
them, an `mkdocs.yml` with an explicit nav and no cop-site plugin. Only the public edition
is written: no draft, nothing under `private:`, and the private overlay is never read."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from . import ics, siteconfig
from .load import page_source
from .pipeline import Result, run
from .plan import plan_site
from .render import page_url, place_links, site_nav

DOCS = "docs"  # the content folder in OUT_DIR: the default of MkDocs, ProperDocs and Zensical
CSS = "assets/cop-site/cop-site.css"
ASSET = Path(__file__).parent / "assets" / "cop-site.css"
# What the generated mkdocs.yml keeps from the site's own: settings every generator reads.
KEPT = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name", "theme", "markdown_extensions", "extra")
# Front-matter keys of ordinary pages that never leave the site folder.
WITHHELD_KEYS = ("private", "draft")


HEADER = "# Written by `cop-site generate`: this site needs no cop-site plugin.\n"


def _outside(out_dir: Path, paths: list[Path], protected: list[Path]) -> Path | None:
    """The first of `paths` whose real place (every symbolic link on the way followed) is not
    inside the real `out_dir`, or is in or is one of `protected`; None if all are safe."""
    out_real = Path(os.path.realpath(out_dir))
    guarded = [Path(os.path.realpath(p)) for p in protected]
    for path in paths:
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(out_real) or any(real == g or real.is_relative_to(g) for g in guarded):
            return path
    return None


def _generated_before(out_dir: Path) -> bool:
    try:
        return (out_dir / "mkdocs.yml").read_text("utf-8").startswith(HEADER)
    except OSError:
        return False


def pages(result: Result, site_url: str = "") -> dict[str, str]:
    """Every page of the public site: its path in the content folder -> Markdown with front matter.
    `site_url`: the site's address, for the calendar subscription links."""
    # Directory URLs, as the generated mkdocs.yml asks for: the links the renderer writes are
    # relative URLs in HTML, which no generator rewrites.
    plan = plan_site(result, use_directory_urls=True, permalink=None, site_url=site_url)
    out: dict[str, str] = {}
    for page in sorted(plan.entities, key=lambda p: (p.ref, p.src)):
        if page.ref is not None and result.graph.entity(page.ref).draft:  # not in the public edition; never written in any case
            continue
        out[page.src] = _page({"title": page.title}, page.rendered.assembled())
    for page in plan.generated:
        out[page.src] = _page({"title": page.title}, page.rendered.assembled())
    for doc in sorted(result.content.pages, key=lambda d: d.rel):
        if result.content.is_withheld(doc.rel):
            continue
        fields, text = page_source(doc) or ({}, doc.body)
        meta = {k: v for k, v in fields.items() if k not in WITHHELD_KEYS}
        body, links = plan.ordinary_body(doc.rel, text)
        out[doc.rel] = _page(meta, place_links(body, links)[0])
    return out


def _page(meta: dict[str, Any], markdown: str) -> str:
    post = frontmatter.Post(markdown.strip("\n") + "\n")
    post.metadata.update(meta)  # not as keyword arguments: a page may have a field named "handler"
    return frontmatter.dumps(post, sort_keys=False) + "\n" if meta else post.content


def site_config(config: dict[str, Any], present: set[str]) -> dict[str, Any]:
    """The generated site's mkdocs.yml: the site's own settings that any generator reads, the
    search plugin only, the stylesheet for the engine's markup, and an explicit nav."""
    out: dict[str, Any] = {k: config[k] for k in KEPT if config.get(k) is not None}
    theme = out.get("theme")
    if isinstance(theme, dict):
        out["theme"] = {k: v for k, v in theme.items() if k != "custom_dir"}  # the site's own folder is not copied
    out["docs_dir"] = DOCS
    out["use_directory_urls"] = True
    out["plugins"] = ["search"]
    extra_css = [c for c in config.get("extra_css") or [] if isinstance(c, str)]
    out["extra_css"] = [CSS, *(c for c in extra_css if c != CSS)]
    out["nav"] = site_nav(present)
    return out


def generate(site_dir: Path, out_dir: Path, config_file: str = "mkdocs.yml") -> int:
    # Read as `cop-site check` and a build read it: INHERIT, !ENV, exclude_docs and draft_docs.
    site = siteconfig.find(site_dir, config_file, "run cop-site generate in the folder that holds mkdocs.yml")
    if isinstance(site, str):
        print(site, file=sys.stderr)
        return 2
    options = dict(site.options or {})
    if options.get("edition") == "internal":
        print("cop-site generate writes the public edition only: no drafts and no private fields.", file=sys.stderr)
    options["edition"] = "public"
    docs_dir = site.docs_dir
    if out_dir.resolve().is_relative_to(docs_dir.resolve()) or out_dir.resolve() == site_dir.resolve():
        print(f"{out_dir}: give a folder outside the site and its content folder (nothing was written)", file=sys.stderr)
        return 1
    if out_dir.exists() and any(out_dir.iterdir()) and not _generated_before(out_dir):
        print(f"{out_dir}: not empty, and not written by cop-site generate; give a new or empty folder (nothing was written)", file=sys.stderr)
        return 1

    result = run(site_dir, docs_dir, options, config_name=config_file, files=site.markdown)
    for problem in result.problems:
        print(str(problem), file=sys.stderr)
    site_url = str(site.raw.get("site_url") or "")
    written = pages(result, site_url)
    target = out_dir / DOCS
    # Images and other files the pages use, as the build copies them (not a withheld one:
    # a draft group's pictures, a refused link's files).
    copies = {rel: path for path, rel in sorted(site.other_files, key=lambda f: f[1]) if not result.content.is_withheld(rel)}
    calendars = ics.calendars(result.graph, site_url, str(site.raw.get("site_name") or ""), page_url)
    # Every file about to be written, checked where it really is before anything is: a
    # symbolic link in OUT_DIR (its docs folder, a page) must not lead a write back into
    # the site's sources.
    every = [out_dir / "mkdocs.yml", target, *(target / rel for rel in (*written, *copies, *calendars, CSS))]
    outside = _outside(out_dir, every, [docs_dir, site_dir / config_file])
    if outside is not None:
        print(
            f"{outside}: a symbolic link leads this file to {os.path.realpath(outside)}, outside {out_dir} or into the site's own files; "
            "remove the link or give a new folder (nothing was written)",
            file=sys.stderr,
        )
        return 1
    # Generated before: written anew, so a page deleted from the content goes from here too.
    shutil.rmtree(target, ignore_errors=True)
    for rel, text in written.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    # The calendars the pages link to, as files any generator copies as they are (the other
    # data files are the plugin's: a site without it has no cop.json).
    for rel, data in calendars.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_bytes(data)
    for rel, path in copies.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / rel)
    (target / CSS).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ASSET, target / CSS)
    config = site_config(site.raw, set(written))
    (out_dir / "mkdocs.yml").write_text(
        HEADER + "# Edit the content in the original site folder and generate again: changes made here are lost.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    problems = f", with {len(result.problems)} problem(s) listed above" if result.problems else ""
    print(f"cop-site generate: {len(written)} pages and mkdocs.yml written to {out_dir}{problems}", file=sys.stderr)
    return 0

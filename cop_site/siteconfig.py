"""A site's mkdocs.yml read by MkDocs itself, for the `cop-site` commands (`check`, `new`,
`schema`, `generate`): the same options, inheritance (`INHERIT:`), environment values
(`!ENV`) and file list (`exclude_docs`, `draft_docs`) a build sees."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .options import PLUGIN_ONLY  # options only the MkDocs plugin reads
from .yamlio import _TolerantLoader

PLUGIN_NAME = "cop-site"


@dataclass(frozen=True)
class Site:
    options: dict[str, Any] | None  # the engine's options; None: the plugin is not listed
    all_options: dict[str, Any]  # every cop-site option, the plugin's own included
    docs_dir: Path
    markdown: list[tuple[Path, str]]  # the Markdown files a build publishes: (path, src_uri)
    other_files: list[tuple[Path, str]]  # ... and every other file it copies (pictures, PDFs)
    raw: dict[str, Any]  # mkdocs.yml as written, INHERIT merged and !ENV read (for `generate`)


def find(site_dir: Path, config_file: str, not_found: str) -> str | Site:
    """The site whose config is `config_file` in `site_dir`, as `load_site` reads it; or the
    sentence a command prints: `not_found` (what to do) when there is no such file."""
    config_path = site_dir / config_file
    if not config_path.is_file():
        return f"{config_path}: not found; {not_found}"
    site = load_site(config_path)
    return f"{config_file}: {site}" if isinstance(site, str) else site


def load_site(config_path: Path) -> str | Site:
    """The site's config read by MkDocs itself (INHERIT, !ENV and defaults as a build sees
    them), the Markdown files a build would publish and the other files it copies, listed by
    MkDocs, and the config as written. A sentence instead when MkDocs cannot read it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # a banner about MkDocs' future, not this site
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # MkDocs' own notes on the config are for builds
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.structure.files import get_files
    from mkdocs.utils.yaml import yaml_load

    try:
        config = load_config(config_file=str(config_path))
        with open(config_path, "rb") as fh:
            raw = yaml_load(fh, _RawLoader)  # type: ignore[arg-type]  # MkDocs' stub names BaseLoader; any yaml Loader class works
    except (MkDocsException, OSError) as exc:
        return f"MkDocs cannot read it: {exc}".rstrip()
    except Exception as exc:  # a YAML error or a plugin that fails to load: say so, no traceback
        return f"MkDocs cannot read it ({type(exc).__name__}: {exc})"
    plugin = config.plugins.get(PLUGIN_NAME)
    every = {} if plugin is None else dict(plugin.config.items())
    options = None if plugin is None else {k: v for k, v in every.items() if k not in PLUGIN_ONLY}
    docs_dir = Path(config.docs_dir)
    if not docs_dir.is_dir():
        return f"the content folder '{docs_dir}' does not exist"
    published = [(Path(f.abs_src_path), f.src_uri) for f in get_files(config) if f.abs_src_path and not f.inclusion.is_excluded()]
    markdown = [(path, rel) for path, rel in published if rel.endswith(".md")]
    others = [(path, rel) for path, rel in published if not rel.endswith(".md")]
    return Site(options, every, docs_dir, markdown, others, raw if isinstance(raw, dict) else {})


class _RawLoader(_TolerantLoader):
    """mkdocs.yml as written, with environment values as MkDocs reads them; other tags
    (!!python/name, !relative) become None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    from yaml_env_tag import construct_env_tag

    return construct_env_tag(loader, node)


_RawLoader.add_constructor("!ENV", _env)

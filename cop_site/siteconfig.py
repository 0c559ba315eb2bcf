"""A site's mkdocs.yml read by MkDocs itself, for the `cop-site` commands: the same options,
inheritance (`INHERIT:`), environment values (`!ENV`) and file list a build sees."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

PLUGIN_NAME = "cop-site"
# Options only the MkDocs plugin reads; the engine's settings do not take them. (`cms` goes
# to the settings too, which check its shape, so `cop-site check` names its mistakes.)
PLUGIN_ONLY = ("enabled", "accessibility_fixes", "git_dates", "feeds", "home_summary", "parallel")


def load(config_path: Path) -> str | tuple[dict[str, Any] | None, Path, list[tuple[Path, str]]]:
    """The site's config read by MkDocs itself (INHERIT, !ENV and defaults as a build sees
    them) and the Markdown files a build would publish, listed by MkDocs. A sentence instead
    when MkDocs cannot read it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # a banner about MkDocs' future, not this site
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # MkDocs' own notes on the config are for builds
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    from mkdocs.structure.files import get_files

    try:
        config = load_config(config_file=str(config_path))
    except (MkDocsException, OSError) as exc:
        return f"MkDocs cannot read it: {exc}".rstrip()
    except Exception as exc:  # a YAML error or a plugin that fails to load: say so, no traceback
        return f"MkDocs cannot read it ({type(exc).__name__}: {exc})"
    plugin = config.plugins.get(PLUGIN_NAME)
    options = None if plugin is None else {k: v for k, v in plugin.config.items() if k not in PLUGIN_ONLY}
    docs_dir = Path(config.docs_dir)
    if not docs_dir.is_dir():
        return f"the content folder '{docs_dir}' does not exist"
    files = [(Path(f.abs_src_path), f.src_uri) for f in get_files(config) if f.src_uri.endswith(".md") and f.abs_src_path and not f.inclusion.is_excluded()]
    return options, docs_dir, files

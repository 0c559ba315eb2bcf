"""`cop-site check`: validate a site's content without building it; `cop-site generate`: see generate.py."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from .pipeline import run
from .problems import Problem

PLUGIN_NAME = "cop-site"


def check(site_dir: Path, fmt: str = "text", config_file: str = "mkdocs.yml") -> int:
    config_path = site_dir / config_file
    if not config_path.is_file():
        print(f"{config_path}: not found; run cop-site check in the folder that holds mkdocs.yml, or give that folder", file=sys.stderr)
        return 2
    loaded = _load_mkdocs_config(config_path)
    if isinstance(loaded, str):
        print(f"{config_file}: {loaded}", file=sys.stderr)
        return 2
    options, docs_dir, files = loaded
    problems: list[Problem] = []
    if options is None:
        problems.append(Problem(config_file, None, f"the '{PLUGIN_NAME}' plugin is not listed under 'plugins'", f"add '- {PLUGIN_NAME}' to plugins"))
        options = {}
    try:
        result = run(config_path.parent, docs_dir, options, config_name=config_file, files=files)
    except Exception as exc:  # a bug of ours: a plain sentence, not a traceback
        if os.environ.get("COP_SITE_DEBUG"):
            raise
        print(f"cop-site check failed ({type(exc).__name__}: {exc}); set COP_SITE_DEBUG=1 for details and report it", file=sys.stderr)
        return 3
    problems += result.problems
    for problem in problems:
        print(problem.github() if fmt == "github" else str(problem))
    c = result.content
    summary = (
        f"{_n(result.files_read, 'file')}: {_n(len(c.partners), 'partner')}, {_n(len(c.groups), 'group')}, "
        f"{_n(len(c.notes), 'note')}, {_n(len(c.scenarios), 'scenario')}"
    )
    if problems:
        print(f"cop-site check: {_n(len(problems), 'problem')} in {summary}", file=sys.stderr)
        return 1
    print(f"cop-site check: no problems in {summary}", file=sys.stderr)
    return 0


def _load_mkdocs_config(config_path: Path) -> str | tuple[dict[str, Any] | None, Path, list[tuple[Path, str]]]:
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
    options = None if plugin is None else {k: v for k, v in plugin.config.items() if k not in ("enabled", "accessibility_fixes", "git_dates", "feeds")}
    docs_dir = Path(config.docs_dir)
    if not docs_dir.is_dir():
        return f"the content folder '{docs_dir}' does not exist"
    files = [(Path(f.abs_src_path), f.src_uri) for f in get_files(config) if f.src_uri.endswith(".md") and f.abs_src_path and not f.inclusion.is_excluded()]
    return options, docs_dir, files


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cop-site", description="Tools for a cop-site community of practice site.")
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="validate the content without building the site")
    chk.add_argument("site_dir", nargs="?", default=".", help="the folder that holds mkdocs.yml (default: here)")
    chk.add_argument("--format", choices=("text", "github"), default="text", help="github: GitHub Actions annotations")
    chk.add_argument("-f", "--config-file", default="mkdocs.yml", help="the config file's name in that folder")
    gen = sub.add_parser("generate", help="write the public site as plain Markdown and an mkdocs.yml that needs no cop-site plugin")
    gen.add_argument("out_dir", help="a new or empty folder (or one written by cop-site generate before)")
    gen.add_argument("--site", default=".", help="the folder that holds mkdocs.yml (default: here)")
    gen.add_argument("-f", "--config-file", default="mkdocs.yml", help="the config file's name in that folder")
    args = parser.parse_args(argv)
    if args.command == "generate":
        from .generate import generate

        return generate(Path(args.site), Path(args.out_dir), args.config_file)
    return check(Path(args.site_dir), args.format, args.config_file)


if __name__ == "__main__":
    sys.exit(main())

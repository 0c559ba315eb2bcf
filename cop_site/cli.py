"""`cop-site check`: validate a site's content without building it; `cop-site generate`: see generate.py."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from . import yamlio
from .pipeline import run
from .problems import Problem

PLUGIN_NAME = "cop-site"


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The cop-site options from a parsed mkdocs.yml, or None if the plugin is not listed."""
    plugins = config.get("plugins")
    items = plugins.items() if isinstance(plugins, dict) else ((next(iter(p.items())) if isinstance(p, dict) else (p, {})) for p in plugins or [])
    for name, options in items:
        if name == PLUGIN_NAME:
            return dict(options or {})
    return None


def check(site_dir: Path, fmt: str = "text", config_file: str = "mkdocs.yml") -> int:
    config_path = site_dir / config_file
    try:
        config = yamlio.load_config_file(config_path.read_text("utf-8")) or {}
    except FileNotFoundError:
        print(f"{config_path}: not found; run cop-site check in the folder that holds mkdocs.yml, or give that folder", file=sys.stderr)
        return 2
    except Exception as exc:  # any YAML error: say where, never a traceback
        print(f"{config_file}: cannot read it: {exc}", file=sys.stderr)
        return 2
    options = plugin_options(config)
    problems: list[Problem] = []
    if options is None:
        problems.append(Problem(config_file, None, f"the '{PLUGIN_NAME}' plugin is not listed under 'plugins'", f"add '- {PLUGIN_NAME}' to plugins"))
        options = {}
    docs_name = str(config.get("docs_dir") or "docs")
    docs_dir = site_dir / docs_name
    if not docs_dir.is_dir():
        print(f"{config_file}: the content folder '{docs_name}' does not exist", file=sys.stderr)
        return 2
    try:
        result = run(site_dir, docs_dir, options, config_name=config_file)
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

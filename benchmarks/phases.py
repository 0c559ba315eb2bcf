"""Where one `mkdocs build` spends its time, by phase, at near-zero measuring cost.

    .venv/bin/python benchmarks/phases.py SITE_DIR [-f mkdocs.yml]

cProfile slows Python-heavy code several times over and so misstates shares; this wraps a
handful of functions (the cop-site stages and the MkDocs/Material steps they feed) with a
clock instead, and runs the build in this process. Times of nested phases are included in
their parents (the indentation shows the nesting).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

# (label, module, attribute path). A name a module imported from another is patched where it
# is used, since that is the reference the caller looks up.
PHASES: tuple[tuple[str, str, str], ...] = (
    ("mkdocs build (in process)", "mkdocs.commands.build", "build"),
    ("  cop-site on_files", "cop_site.plugin", "CopSitePlugin.on_files"),
    ("    pipeline.run", "cop_site.plugin", "run"),
    ("      load.load_tree (read + YAML)", "cop_site.pipeline", "load_tree"),
    ("      validate.validate", "cop_site.pipeline", "validate"),
    ("      link.link", "cop_site.pipeline", "link"),
    ("      analyse.analyse", "cop_site.pipeline", "analyse"),
    ("    plan.plan_site", "cop_site.plugin", "plan_site"),
    ("  read pages (_populate_page)", "mkdocs.commands.build", "_populate_page"),
    ("    front matter (mkdocs meta.get_data)", "mkdocs.utils.meta", "get_data"),
    ("    Markdown -> HTML (Page.render)", "mkdocs.structure.pages", "Page.render"),
    ("      link resolution (_RelativePathTreeprocessor)", "mkdocs.structure.pages", "_RelativePathTreeprocessor.run"),
    ("      raw HTML anchor scan (MkDocs _RawHTMLPreprocessor)", "mkdocs.structure.pages", "_RawHTMLPreprocessor.run"),
    ("      raw HTML blocks (Markdown HtmlBlockPreprocessor)", "markdown.preprocessors", "HtmlBlockPreprocessor.run"),
    ("      inline patterns (Markdown InlineProcessor)", "markdown.treeprocessors", "InlineProcessor.run"),
    ("      table of contents (Markdown TocTreeprocessor)", "markdown.extensions.toc", "TocTreeprocessor.run"),
    ("    cop-site on_page_markdown", "cop_site.plugin", "CopSitePlugin.on_page_markdown"),
    ("  write pages (_build_page)", "mkdocs.commands.build", "_build_page"),
    ("    search indexing (Material on_page_context)", "material.plugins.search.plugin", "SearchPlugin.on_page_context"),
    ("    Jinja templates (Template.render)", "jinja2.environment", "Template.render"),
    ("  cop-site on_post_build (cop.json)", "cop_site.plugin", "CopSitePlugin.on_post_build"),
    ("  search index write (Material on_post_build)", "material.plugins.search.plugin", "SearchPlugin.on_post_build"),
)


class Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def wrap(self, label: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start
                self.calls[label] = self.calls.get(label, 0) + 1

        return timed

    def install(self) -> None:
        for label, module_name, path in PHASES:
            try:
                owner: Any = importlib.import_module(module_name)
            except ImportError:
                continue
            *parents, name = path.split(".")
            for part in parents:
                owner = getattr(owner, part)
            if hasattr(owner, name):
                setattr(owner, name, self.wrap(label, getattr(owner, name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_dir", type=Path, help="folder holding mkdocs.yml and the content")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    args = parser.parse_args(argv)

    clock = Clock()
    clock.install()  # before MkDocs loads the plugins, so they resolve the wrapped names
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(args.site_dir)
    with tempfile.TemporaryDirectory(prefix="cop-phases-") as site:
        start = time.perf_counter()
        config = load_config(config_file=args.config_file, site_dir=site)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
        total = time.perf_counter() - start
    print(f"{'phase':<58} {'seconds':>8} {'share':>6} {'calls':>7}")
    print(f"{'total (config + build)':<58} {total:8.2f} {100:5.0f}%")
    for label, _module, _path in PHASES:
        if label in clock.seconds:
            s = clock.seconds[label]
            print(f"{label:<58} {s:8.2f} {100 * s / total:5.0f}% {clock.calls[label]:7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

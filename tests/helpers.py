"""Shared test helpers: write a site into a temp dir, build it with the real `mkdocs` command,
check it with the real `cop-site` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONWARNINGS": "ignore"}

BASE_CONFIG = """\
site_name: Test site
docs_dir: content
theme:
  name: material
plugins:
  - search
  - cop-site{options}
"""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run(args: list[str], cwd: Path, timeout: int = 300) -> Run:
    # Variables a test sets (monkeypatch.setenv) reach the command too.
    proc = subprocess.run(args, cwd=cwd, env={**os.environ, **ENV}, capture_output=True, text=True, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def mkdocs_build(site: Path, *extra: str, dest: Path | None = None, wrapper: list[str] | None = None) -> tuple[Run, Path]:
    """`wrapper`: a command that runs mkdocs (`taskset -c 0`, say)."""
    dest = dest or site / "site"
    return run([*(wrapper or []), str(BIN / "mkdocs"), "build", "-d", str(dest), *extra], site), dest


def cop_check(site: Path, *extra: str) -> Run:
    return run([str(BIN / "cop-site"), "check", *extra], site)


def write_site(root: Path, files: dict[str, str | bytes], options: str = "", config: str | None = None) -> Path:
    """A site folder with mkdocs.yml and the given files (paths relative to the site)."""
    root.mkdir(parents=True, exist_ok=True)
    if config is None:
        opts = (":\n" + textwrap.indent(textwrap.dedent(options).strip("\n"), "      ")) if options.strip() else ""
        config = BASE_CONFIG.format(options=opts)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    for rel, body in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return root


def copy_example(dest: Path) -> Path:
    """The example site (mkdocs.yml, content/, plugins/) copied into dest."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "plugins"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def leaks(output: Path, secrets: list[str]) -> list[str]:
    """Every output file (gzip unpacked) that holds one of the secrets, as 'file: secret'."""
    import gzip

    found = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        found += [f"{path.relative_to(output)}: {secret}" for secret in secrets if secret.encode() in data]
    return found

"""Issue 12: every command the help pages give works as written after the README's set-up,
run in a copy of the example site (the long-running `serve` and `edit` aside)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import BIN, ROOT, copy_example, run

FENCE = re.compile(r"^[ \t]*```bash\n(.*?)^[ \t]*```", re.MULTILINE | re.DOTALL)
LONG_RUNNING = ("bash scripts/site serve", "bash scripts/site edit")


def help_commands() -> list[tuple[str, str]]:
    found = []
    for page in sorted((ROOT / "content/help").glob("*.md")):
        for block in FENCE.findall(page.read_text("utf-8")):
            for line in block.splitlines():
                line = line.strip()
                if line.startswith("bash ") and not line.startswith(LONG_RUNNING):
                    found.append((page.name, line))
    return found


def test_the_help_gives_the_editors_commands() -> None:
    commands = [c for _, c in help_commands()]
    for expected in ("bash scripts/site check", "bash scripts/site new note", "bash scripts/site new partner", "bash scripts/site schema"):
        assert any(c.startswith(expected) for c in commands), expected


def test_every_command_in_the_help_works_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_example(tmp_path / "site")
    shutil.copytree(ROOT / "scripts", site / "scripts")
    # The README's set-up, already done: the environment these tests run in (the lock's, or
    # the newest versions'), used as it is.
    monkeypatch.setenv("COP_SITE_VENV", str(BIN.parent))
    for page, command in help_commands():
        # The shell, as an editor's terminal runs it: quotes and all.
        result = run(["bash", "-c", command], site)
        assert result.returncode == 0, f"{page}: {command}\n{result.output}"
        assert "Traceback" not in result.output
    final = run(["bash", "scripts/site", "check"], site)
    assert final.returncode == 0, final.output

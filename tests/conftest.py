"""Fixtures shared by all tests; the helpers themselves are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Run, copy_example, mkdocs_build


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """The example site, built once with --strict: (site output folder, the build's run)."""
    site = copy_example(tmp_path_factory.mktemp("example"))
    result, dest = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    return dest, result

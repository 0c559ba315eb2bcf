"""The Pages workflow is valid YAML, asks for no more permissions than Pages needs, and
builds with exactly the command the tests use on the example site."""

from __future__ import annotations

import yaml

from helpers import ROOT


def test_pages_workflow() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run") for s in steps if "run" in s]
    # tests/conftest.py's example_build runs `mkdocs build --strict` (plus -d for a temp folder)
    assert "mkdocs build --strict" in runs
    assert "cop-site check --format github" in runs
    uses = [s.get("uses", "") for s in steps] + [s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)

"""Issue 12: form-based editing end to end. The generated Decap CMS admin page, with the
copy of Decap that the build ships (no CDN), talks to Decap's local server (decap-server
from npm, on loopback only) over a temp copy of a site; a note created through the form in
Chromium is written to content/ and passes `cop-site check` unchanged."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from helpers import ENV, ROOT, cop_check, mkdocs_build, write_site
from test_check import VALID

pytestmark = pytest.mark.browser

BUNDLE = ROOT / ".cache/decap/decap-cms"
SERVER = ROOT / ".cache/decap/server/node_modules/decap-server/dist/index.js"


def _need(ok: bool, why: str) -> None:
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why}; .ci/run fetches it with bash scripts/decap", pytrace=False)
    pytest.skip(f"{why} (bash scripts/decap fetches it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"decap-server stopped: {log.read_text('utf-8')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"decap-server did not listen on 127.0.0.1:{port}: {log.read_text('utf-8')}")


def test_a_note_created_in_the_form_passes_check(tmp_path: Path, browser, serve_folder) -> None:
    _need((BUNDLE / "decap-cms.js").is_file(), f"the Decap CMS bundle is not in {BUNDLE}")
    _need(SERVER.is_file() and shutil.which("node") is not None, "decap-server or Node.js is missing")
    port = _free_port()
    site = write_site(tmp_path / "site", VALID, options=f"cms:\n  local_port: {port}\n  bundle: {BUNDLE}")
    out = tmp_path / "out"
    build, _ = mkdocs_build(site, "--strict", dest=out)
    assert build.returncode == 0, build.output
    assert (out / "admin/decap-cms.js").is_file()
    config = yaml.safe_load((out / "admin/config.yml").read_text("utf-8"))
    assert [c["name"] for c in config["collections"]] == ["partners", "groups", "notes-pathways", "scenarios"]

    log = tmp_path / "decap-server.log"
    env = {**ENV, "BIND_HOST": "127.0.0.1", "PORT": str(port), "GIT_REPO_DIRECTORY": str(site)}
    with open(log, "w", encoding="utf-8") as fh:
        server = subprocess.Popen(["node", str(SERVER)], env=env, stdout=fh, stderr=subprocess.STDOUT)
    context = None
    try:
        _wait_for_port(port, server, log)
        assert f"listening on 127.0.0.1:{port}" in log.read_text("utf-8")
        with serve_folder(out) as base:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            foreign: list[str] = []
            errors: list[str] = []
            page.on(
                "request",
                lambda r: foreign.append(r.url) if not r.url.startswith(("data:", "blob:")) and "//127.0.0.1" not in r.url else None,
            )
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            admin = base + "admin/"
            page.goto(admin)
            page.get_by_role("button", name="Login").click()
            page.goto(admin + "#/collections/notes-pathways/new")
            page.get_by_label("Title").fill("Planning with the college")
            page.locator('input[type="date"]').first.fill("2025-03-04")
            attendees = page.locator('[id^="attendees-field"]').first
            attendees.click()
            page.keyboard.type("Valley")
            page.get_by_text("Valley College", exact=True).last.click()
            page.get_by_role("button", name="Publish").click()
            page.get_by_text("Publish now").click()
            written = site / "content/groups/pathways/2025-03-04-planning-with-the-college.md"
            deadline = time.monotonic() + 20
            while not written.is_file() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert written.is_file(), sorted(p.name for p in (site / "content/groups/pathways").iterdir())
            page.screenshot(path=str(tmp_path / "cms.png"))
            assert not foreign, f"the editor loaded something from elsewhere: {foreign}"
            assert not errors, errors
    finally:
        if context is not None:
            context.close()
        server.terminate()
        server.wait(timeout=10)

    data = yaml.safe_load(written.read_text("utf-8").split("---\n")[1])
    assert data["title"] == "Planning with the college"
    assert str(data["date"]) == "2025-03-04"
    assert data["attendees"] == ["valley-college"]
    check = cop_check(site)
    assert check.returncode == 0, check.output + written.read_text("utf-8")

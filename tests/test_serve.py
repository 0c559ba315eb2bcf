"""Issue 3: `mkdocs serve` and `mkdocs serve --dirty` rebuild every page that depends on an
edited file, and a broken edit logs the problem while the server keeps running."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import BIN, ENV, write_site
from test_site import FILES


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, site: Path, *extra: str):
        self.port = free_port()
        self.log: list[str] = []
        self.proc = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{self.port}", *extra],
            cwd=site,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for(lambda: "Serving on" in self.output, "the first build")

    def _read(self) -> None:
        assert self.proc.stdout
        for line in self.proc.stdout:
            self.log.append(line)

    @property
    def output(self) -> str:
        return "".join(self.log)

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code}"

    def wait_for(self, condition, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the server stopped while waiting for {what}:\n{self.output}")
            try:
                if condition():
                    return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}:\n{self.output}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["serve", "serve-dirty"])
def test_edit_updates_dependent_pages_and_broken_edit_keeps_serving(tmp_path: Path, mode: list[str]) -> None:
    site = write_site(tmp_path / "site", FILES)
    server = Server(site, *mode)
    try:
        assert "Valley College" in server.get("groups/rti/")
        partner = site / "content/partners/valley-college.md"
        text = partner.read_text("utf-8")
        time.sleep(1.1)  # file times have one-second resolution on some file systems
        partner.write_text(text.replace("name: Valley College", "name: Valley Community College"), "utf-8")
        # The edited file's dependants: its group, a note listing it, the home page's [[link]], cop.json.
        server.wait_for(lambda: "Valley Community College" in server.get("groups/rti/"), "the group page to show the new name")
        assert "Valley Community College" in server.get("groups/rti/2025-02-01-kickoff/")
        assert "Valley Community College" in server.get("partners/")
        assert "Valley Community College" in server.get("cop.json")

        partner.write_text(text.replace("category: [higher-education, workforce]", "category: [higher-education, workforce"), "utf-8")
        server.wait_for(lambda: "content/partners/valley-college.md:" in server.output, "the problem to be logged")
        assert "front matter is not valid YAML" in server.output
        assert "Traceback" not in server.output
        assert "Secondary RTI" in server.get("groups/rti/"), "the server keeps serving"

        partner.write_text(text, "utf-8")
        server.wait_for(lambda: "Valley College" in server.get("groups/rti/") and "Valley Community" not in server.get("groups/rti/"), "recovery")
    finally:
        server.stop()

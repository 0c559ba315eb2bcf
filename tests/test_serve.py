"""Issue 3: `mkdocs serve` and `mkdocs serve --dirty` rebuild every page that depends on an
edited file, and a broken edit logs the problem while the server keeps running."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
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


def dirty_rebuilds(site: Path, out: Path) -> Callable[..., None]:
    """Builds as `mkdocs serve --dirty` drives them, in this process: one startup, then a
    build per change, each with a freshly loaded config."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def rebuild(first: bool = False) -> None:
        config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(out))
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)

    return rebuild


def test_serve_dirty_rewrites_only_the_pages_an_edit_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve --dirty` rebuilds in the same process, so it is driven here the way `mkdocs serve`
    drives it: one startup, then a build per change, each with a freshly loaded config."""
    import json
    import os

    site = write_site(tmp_path / "site", FILES)
    out = tmp_path / "out"
    monkeypatch.chdir(site)
    rebuild = dirty_rebuilds(site, out)
    rebuild(first=True)
    pages = {p.relative_to(out).as_posix(): p for p in out.rglob("index.html")}
    before = {rel: (p.stat().st_mtime_ns, p.read_text("utf-8")) for rel, p in pages.items()}
    unrelated = {rel for rel, (_, html) in before.items() if "Valley College" not in html}
    assert {"partners/family-network/index.html", "groups/rti/2025-03-01-learning/index.html", "topics/rti/index.html"} <= unrelated

    time.sleep(1.1)  # file times have one-second resolution on some file systems
    partner = site / "content/partners/valley-college.md"
    partner.write_text(partner.read_text("utf-8").replace("name: Valley College", "name: Valley Community College"), "utf-8")
    rebuild()

    for rel, (mtime, html) in before.items():
        now = pages[rel].read_text("utf-8")
        if rel in unrelated:
            assert pages[rel].stat().st_mtime_ns == mtime, f"{rel} does not show the partner, yet it was rewritten"
        elif "Valley College" in html and rel.split("/")[0] in ("partners", "groups", "scenarios", "gaps", "topics"):
            assert "Valley Community College" in now, f"{rel} still shows the old name"
    assert "Valley Community College" in (out / "cop.json").read_text("utf-8")
    index = json.loads((out / "search/search_index.json").read_text("utf-8"))["docs"]
    locations = [d["location"] for d in index]
    assert len(locations) == len(set(locations)), "every rebuilt page is indexed once"
    assert any("Valley Community College" in d["title"] for d in index)
    assert not any("Valley College" in d["title"] + d["text"] for d in index), "no stale search entry"
    assert os.path.isfile(out / "partners/valley-college/index.html")


def test_rebuilds_reread_only_changed_files(tmp_path: Path) -> None:
    """Under `serve` the plugin keeps what each file gave, keyed by its status (times, size):
    a rebuild parses again exactly the files that changed, and forgets deleted ones."""
    from cop_site.load import Cache, load_tree

    content = write_site(tmp_path / "site", FILES) / "content"
    cache: Cache = {}
    first = {d.rel: d for d in load_tree(content, "content/", cache)}
    partner = content / "partners/valley-college.md"
    partner.write_text(partner.read_text("utf-8").replace("name: Valley College", "name: Valley Community College"), encoding="utf-8")
    (content / "about.md").unlink()
    second = {d.rel: d for d in load_tree(content, "content/", cache)}
    assert second["partners/valley-college.md"] is not first["partners/valley-college.md"]
    assert second["partners/valley-college.md"].data["name"] == "Valley Community College"
    assert second["partners/state-agency.md"] is first["partners/state-agency.md"]
    assert "about.md" not in second and "content/about.md" not in cache
    assert set(cache) == {"content/" + rel for rel in second}


def test_serve_dirty_stops_serving_deleted_and_newly_draft_pages(tmp_path: Path) -> None:
    """Issue 10: `serve --dirty` never cleans its output folder, so a deleted file's page and
    a page newly marked `draft: true` must be removed by the plugin, and leave search."""
    site = write_site(tmp_path / "site", FILES)
    server = Server(site, "--dirty")
    try:
        assert "Family Network" in server.get("partners/family-network/")
        assert "HTTP" not in server.get("groups/rti/2025-03-01-learning/")
        time.sleep(1.1)  # file times have one-second resolution on some file systems
        (site / "content/groups/rti/2025-03-01-learning.md").unlink()
        server.wait_for(lambda: server.get("groups/rti/2025-03-01-learning/") == "HTTP 404", "the deleted note's page to go")

        partner = site / "content/partners/family-network.md"
        partner.write_text(partner.read_text("utf-8").replace("---\n", "---\ndraft: true\n", 1), "utf-8")
        server.wait_for(lambda: server.get("partners/family-network/") == "HTTP 404", "the new draft's page to go")
        server.wait_for(lambda: "Family Network" not in server.get("partners/"), "the directory to drop the draft")
        index = server.get("search/search_index.json")
        assert "Family Network" not in index and "2025-03-01-learning" not in index
        assert "Valley College" in index, "the other pages stay in search"
        assert "Family Network" not in server.get("cop.json")
    finally:
        server.stop()


def test_serve_dirty_after_a_prose_edit_updates_the_feed_and_keeps_the_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: an edit to a note's prose re-renders that note only and reuses the data files
    made from the facts alone (cop.json stays the same bytes, and is not written again), but
    the feeds that hold the note, which quote the prose, show it; another group's feed is not
    written again. A later edit to the facts plans the site afresh."""
    config = "site_name: Test site\nsite_url: https://example.org/cop/\ndocs_dir: content\ntheme:\n  name: material\nplugins:\n  - search\n  - cop-site\n"
    other_group = {
        "content/groups/pathways/index.md": "---\nname: P-16 Pathways\nfocus: Transitions.\nmembers: [valley-college]\n---\n",
        "content/groups/pathways/2025-01-10-start.md": "---\ntitle: First sitting\ndate: 2025-01-10\nattendees: [valley-college]\n---\nWe began.\n",
    }
    site = write_site(tmp_path / "site", {**FILES, **other_group}, config=config)
    out = tmp_path / "out"
    monkeypatch.chdir(site)
    rebuild = dirty_rebuilds(site, out)
    rebuild(first=True)
    note = site / "content/groups/rti/2025-02-01-kickoff.md"
    export = (out / "cop.json").read_bytes()
    note_page = out / "groups/rti/2025-02-01-kickoff/index.html"
    partner_page = out / "partners/family-network/index.html"
    partner_written = partner_page.stat().st_mtime_ns
    other_feed = out / "groups/pathways/feed.xml"
    unchanged = {path: path.stat().st_mtime_ns for path in (other_feed, out / "cop.json", out / "calendar.ics")}
    assert "First sitting" in other_feed.read_text("utf-8")
    time.sleep(1.1)  # file times have one-second resolution on some file systems
    note.write_text(note.read_text("utf-8").replace("zebra-crossing metaphor", "traffic-light metaphor"), "utf-8")
    rebuild()
    assert "traffic-light metaphor" in note_page.read_text("utf-8")
    assert "traffic-light metaphor" in (out / "feed.xml").read_text("utf-8"), "the feed quotes the new prose"
    assert "traffic-light metaphor" in (out / "groups/rti/feed.xml").read_text("utf-8"), "so does its group's"
    assert (out / "cop.json").read_bytes() == export
    assert partner_page.stat().st_mtime_ns == partner_written, "a page the edit did not change is not written again"
    for path, written in unchanged.items():
        assert path.stat().st_mtime_ns == written, f"{path.name} did not change, yet it was written again"

    note.write_text(note.read_text("utf-8").replace("title: Kickoff meeting", "title: First meeting"), "utf-8")
    rebuild()
    assert "First meeting" in (out / "cop.json").read_text("utf-8")
    assert "First meeting" in (out / "partners/valley-college/index.html").read_text("utf-8")
    assert "First meeting" in (out / "feed.xml").read_text("utf-8"), "a feed shows a new title too"

"""Issue 13: Atom feeds of the notes, read back with feedparser, linked from every page;
none without a site_url (said plainly, and a failure under --strict only when asked for)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser

from helpers import mkdocs_build, write_site
from test_site import FILES

SITE_URL = "https://larkin-sea.github.io/community-of-practice/"


def parsed(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_site_feed_lists_the_newest_notes_first(example_build: tuple[Path, object]) -> None:
    out, _ = example_build
    data = json.loads((out / "cop.json").read_text("utf-8"))
    feed = parsed(out / "feed.xml")
    assert feed.feed.id == SITE_URL + "feed.xml"
    assert any(link.rel == "self" and link.href == SITE_URL + "feed.xml" for link in feed.feed.links)
    notes = data["notes"]
    assert len(feed.entries) == len(notes) and not any(n.get("draft") for n in notes.values())
    urls = {SITE_URL + n["url"]: n for n in notes.values()}
    for entry in feed.entries:
        note = urls[entry.id]  # the id is the note's absolute address
        assert entry.link == entry.id
        assert entry.title == note["title"]
        assert entry.updated.startswith(note["date"])
        assert entry.summary
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert "Draft" not in " ".join(e.title for e in feed.entries)


def test_each_group_has_a_feed_of_its_own_notes(example_build: tuple[Path, object]) -> None:
    out, _ = example_build
    data = json.loads((out / "cop.json").read_text("utf-8"))
    for slug, group in data["groups"].items():
        feed = parsed(out / "groups" / slug / "feed.xml")
        newest = sorted(group["notes"], key=lambda k: (data["notes"][k]["date"], k), reverse=True)
        assert [e.id for e in feed.entries] == [SITE_URL + data["notes"][k]["url"] for k in newest]
        assert any(link.rel == "alternate" and link.href == SITE_URL + group["url"] for link in feed.feed.links)


def test_pages_announce_their_feeds(example_build: tuple[Path, object]) -> None:
    """Every page's <head> names the community's feed by a relative address (Material fetches a
    sitemap beside every rel=alternate link, and only the root has one); a group's page links
    to the group's own feed in its text."""
    out, _ = example_build

    def heads(page: str) -> list[str]:
        head = page.split("</head>", 1)[0]
        return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', head)

    assert heads((out / "index.html").read_text("utf-8")) == ["feed.xml"]
    assert heads((out / "partners/valley-college/index.html").read_text("utf-8")) == ["../../feed.xml"]
    assert heads((out / "groups/secondary-rti/2025-03-04-kickoff/index.html").read_text("utf-8")) == ["../../../feed.xml"]
    group = (out / "groups/secondary-rti/index.html").read_text("utf-8")
    assert heads(group) == ["../../feed.xml"]
    assert re.search(r'<p class="cop-feed"><a href="feed.xml" rel="alternate" type="application/atom\+xml">Follow the notes of ', group)
    assert 'class="cop-feed"' not in (out / "partners/valley-college/index.html").read_text("utf-8")


def test_no_site_url_means_no_feed_and_a_plain_message(tmp_path: Path) -> None:
    result, out = mkdocs_build(write_site(tmp_path / "site", FILES), "--strict")
    assert result.returncode == 0, result.output
    assert "no feeds (feed.xml) without an address: set site_url in mkdocs.yml" in result.output
    assert not (out / "feed.xml").exists() and not (out / "groups/rti/feed.xml").exists()
    assert "application/atom+xml" not in (out / "index.html").read_text("utf-8")


def test_asking_for_feeds_without_site_url_fails_a_strict_build(tmp_path: Path) -> None:
    result, _ = mkdocs_build(write_site(tmp_path / "site", FILES, options="feeds: true"), "--strict")
    assert result.returncode != 0
    assert "WARNING" in result.output and "set site_url in mkdocs.yml" in result.output


def test_feeds_can_be_turned_off(tmp_path: Path) -> None:
    config = f"site_name: Feeds turned off\nsite_url: {SITE_URL}\ndocs_dir: content\ntheme: {{name: material}}\n"
    config += "plugins:\n  - search\n  - cop-site:\n      feeds: false\n"
    result, out = mkdocs_build(write_site(tmp_path / "site", FILES, config=config), "--strict")
    assert result.returncode == 0, result.output
    assert not (out / "feed.xml").exists()
    assert "application/atom+xml" not in (out / "index.html").read_text("utf-8")
    assert (out / "exports/kumu.json").exists()

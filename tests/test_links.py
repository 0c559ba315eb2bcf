"""Every internal link and anchor of a built site resolves: checked on the example site as
published (directory URLs), and without directory URLs under a sub-path."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cop_site import yamlio
from helpers import ROOT, copy_example, mkdocs_build


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name == "name" and tag == "a":
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("img", "script")):
                self.links.append(value)


def parse(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text("utf-8"))
    return parser


def broken_links(site: Path, mount: str = "/") -> list[str]:
    """Links in every HTML page (but 404.html, whose links are absolute from the mount)."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        base = "/" + page.relative_to(site).as_posix()
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            path = unquote(parts.path)
            if page.name == "404.html" and path.startswith(mount):
                target_path = "/" + path[len(mount) :]
            elif path.startswith("/"):
                broken.append(f"{base}: absolute link {link}")
                continue
            else:
                target_path = posixpath.normpath(posixpath.join(posixpath.dirname(base), path)) + ("/" if path.endswith("/") else "")
            target = site / target_path.lstrip("/")
            if target.is_dir() or target_path.endswith("/"):
                target = target / "index.html"
            if not path:
                target = page
            if not target.is_file():
                broken.append(f"{base}: {link} -> missing {target.relative_to(site) if site in target.parents else target}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{base}: {link} -> no anchor #{parts.fragment}")
    return broken


def test_example_site_has_no_broken_link(example_build) -> None:
    out, _ = example_build
    site_url = yamlio.load_config_file((ROOT / "mkdocs.yml").read_text("utf-8")).get("site_url") or "/"
    assert not broken_links(out, mount=urlsplit(site_url).path)


def test_no_broken_link_without_directory_urls_under_a_sub_path(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "src")
    config = "\n".join(line for line in (site / "mkdocs.yml").read_text("utf-8").splitlines() if not line.startswith("site_url:"))
    (site / "mkdocs.yml").write_text("site_url: https://example-sea.github.io/cop/\nuse_directory_urls: false\n" + config, "utf-8")
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    assert (out / "partners/valley-college.html").is_file()
    assert not broken_links(out, mount="/cop/")


def test_the_checker_finds_a_broken_link_and_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">gone</a><a href="a/#nope">anchor</a><a href="#top">self</a>', "utf-8")
    (tmp_path / "a/index.html").write_text('<h1 id="here">A</h1>', "utf-8")
    found = broken_links(tmp_path)
    assert any("b/" in f for f in found) and any("#nope" in f for f in found) and any("#top" in f for f in found), found
    assert len(found) == 3

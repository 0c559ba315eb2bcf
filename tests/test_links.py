"""Every internal link and anchor of a built site resolves. No browser: every HTML file is
parsed, every href/src/srcset resolved against the page, and the target file must exist and
hold the #fragment as an id. Checked on the example as published (directory URLs under the
sub-path of its site_url, built by the Pages workflow's own command) and without directory
URLs under another sub-path."""

from __future__ import annotations

import posixpath
import re
import shlex
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from helpers import BIN, ENV, ROOT, copy_example, mkdocs_build, run

LINKING = {("a", "href"), ("link", "href"), ("area", "href"), ("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src"), ("form", "action")}


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif (tag, name) in LINKING:
                self.links.append(value)
            elif name == "srcset":
                self.links += [item.split()[0] for item in value.split(",") if item.strip()]


def parse(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text("utf-8"))
    return parser


def broken_links(site: Path, mount: str = "/") -> list[str]:
    """Every broken internal link in the built site folder, as "page: link -> why".

    Links must be relative, so the site works under any address, except on 404.html, which
    is served at any depth and so links from the root of the site (`mount`, the path of
    site_url). Links to other hosts are not followed: the site has to work offline."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        base = "/" + page.relative_to(site).as_posix()
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            path = unquote(parts.path)
            if not path:
                target_path = base  # "#anchor" or "?query": this very page
            elif path.startswith("/"):
                if page.name != "404.html" or not path.startswith(mount):
                    broken.append(f"{base}: absolute link {link}")
                    continue
                target_path = "/" + path[len(mount) :]
            else:
                target_path = posixpath.join(posixpath.dirname(base), path)
            slash = target_path.endswith(("/", "/.")) or target_path in ("", ".")
            target_path = posixpath.normpath(target_path.lstrip("/") or ".")
            if target_path == ".." or target_path.startswith("../"):
                broken.append(f"{base}: {link} -> outside the site")
                continue
            target = site / target_path
            if slash or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{base}: {link} -> missing {target.relative_to(site)}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{base}: {link} -> no id {parts.fragment!r} in {target.relative_to(site)}")
    return broken


def site_url_path(config: str) -> str:
    """The path of the site_url in an mkdocs.yml text ("/" without one)."""
    found = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config, re.MULTILINE)
    return (urlsplit(found.group(1)).path or "/") if found else "/"


def with_site_url(site: Path, url: str, *extra_lines: str) -> None:
    """Point the copied site's mkdocs.yml at another site_url (replacing its own)."""
    config = (site / "mkdocs.yml").read_text("utf-8")
    config = "\n".join(line for line in config.splitlines() if not line.startswith("site_url:"))
    (site / "mkdocs.yml").write_text("\n".join([f"site_url: {url}", *extra_lines, config]), "utf-8")


def test_the_site_as_published_has_no_broken_link(tmp_path: Path) -> None:
    """Built by the very command of the Pages workflow's build step, in a copy of the example."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text("utf-8"))
    build = next(step["run"] for step in workflow["jobs"]["build"]["steps"] if step.get("name") == "Build")
    assert build == "mkdocs build --strict"
    program, *args = shlex.split(build)
    site = copy_example(tmp_path / "src")
    result = run([str(BIN / program), *args], site)
    assert result.returncode == 0, result.output
    mount = site_url_path((site / "mkdocs.yml").read_text("utf-8"))
    assert mount != "/", "the example is published under a project page's sub-path"
    assert len(list((site / "site").rglob("*.html"))) > 50
    assert not broken_links(site / "site", mount)


def test_no_broken_link_without_directory_urls_under_a_sub_path(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "src")
    with_site_url(site, "https://example-sea.github.io/cop/", "use_directory_urls: false")
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    assert (out / "partners/valley-college.html").is_file()
    assert 'href="/cop/partners/index.html"' in (out / "404.html").read_text("utf-8")
    assert not broken_links(out, mount="/cop/")


def test_gh_deploy_still_publishes_the_same_site(tmp_path: Path) -> None:
    """`mkdocs gh-deploy`, the one-command alternative to the workflow (Help > Publishing),
    pushes a link-clean site, with last-updated dates from git, to a gh-pages branch."""
    site = copy_example(tmp_path / "src")
    env = {**ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str, cwd: Path = site) -> str:
        return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "--bare", str(tmp_path / "remote.git"), cwd=tmp_path)
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "content")
    git("remote", "add", "origin", str(tmp_path / "remote.git"))
    deploy = subprocess.run([str(BIN / "mkdocs"), "gh-deploy", "--strict"], cwd=site, env=env, capture_output=True, text=True, timeout=300)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    published = tmp_path / "published"
    git("clone", "-q", "--branch", "gh-pages", str(tmp_path / "remote.git"), str(published), cwd=tmp_path)
    assert (published / ".nojekyll").is_file() and (published / "404.html").is_file()
    assert "Last updated" in (published / "help/publishing/index.html").read_text("utf-8")
    assert not broken_links(published, site_url_path((site / "mkdocs.yml").read_text("utf-8")))


def test_the_checker_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h1 id="here">A</h1><img srcset="../pic.png 1x, ../gone.png 2x" alt="">', "utf-8")
    (tmp_path / "pic.png").write_bytes(b"")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="./">ok</a><a href="https://example.org/x">other host</a>'
        '<a href="b/">gone</a><a href="a/#nope">anchor</a><a href="#top">self</a><a href="/a/">absolute</a><a href="../../up/">up</a>',
        "utf-8",
    )
    (tmp_path / "404.html").write_text('<a href="/mnt/a/">ok</a><a href="/mnt/b/">gone</a>', "utf-8")
    found = sorted(broken_links(tmp_path, mount="/mnt/"))
    assert found == [
        "/404.html: /mnt/b/ -> missing b/index.html",
        "/a/index.html: ../gone.png -> missing gone.png",
        "/index.html: #top -> no id 'top' in index.html",
        "/index.html: ../../up/ -> outside the site",
        "/index.html: a/#nope -> no id 'nope' in a/index.html",
        "/index.html: absolute link /a/",
        "/index.html: b/ -> missing b/index.html",
    ], found


def test_site_url_path() -> None:
    assert site_url_path("site_name: x\nsite_url: https://sea.github.io/cop/ # here\n") == "/cop/"
    assert site_url_path("site_url: 'https://cop.example.org'\n") == "/"
    assert site_url_path("site_name: x\n") == "/"

"""The built example site served on 127.0.0.1 under a sub-path, as GitHub project pages
serve it, and one Debian Chromium driven by Playwright for the whole session.

Playwright's own browser download is not used: Debian's /usr/bin/chromium (installed by
.ci/run) is launched through executable_path. Without it the browser tests are skipped
locally, and fail under CI=true, so a missing browser can never pass as green."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from helpers import copy_example, mkdocs_build

CHROMIUM = os.environ.get("COP_SITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MOUNT = "/cop-site/"


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under MOUNT only, as GitHub Pages serves a project page:
    any missing path gets the site's own 404.html with status 404."""

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(MOUNT):
            return str(Path(self.directory) / "__nowhere__")
        return super().translate_path("/" + clean[len(MOUNT) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a folder (which may not exist yet) under MOUNT on a free port of 127.0.0.1;
    yields the base URL, ending in MOUNT."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SubPathHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{MOUNT}"
    finally:
        server.shutdown()
        server.server_close()


def build_served(src: Path, out: Path, base_url: str) -> None:
    """Build the site in `src` with --strict for the address it will be served at."""
    config = (src / "mkdocs.yml").read_text("utf-8")
    config = "\n".join(line for line in config.splitlines() if not line.startswith("site_url:"))
    (src / "mkdocs.yml").write_text(f"site_url: {base_url}\n{config}", "utf-8")
    result, _ = mkdocs_build(src, "--strict", dest=out)
    assert result.returncode == 0, result.output


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site, built once per session with --strict for site_url
    http://127.0.0.1:PORT/cop-site/ and served there."""
    out = tmp_path_factory.mktemp("published") / "site"
    with serve_folder(out) as base:
        build_served(copy_example(tmp_path_factory.mktemp("example-src")), out, base)
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}; .ci/run installs Debian's chromium", pytrace=False)
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (bash .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@dataclass
class Visit:
    """A page plus everything that went wrong since it was opened (across navigations)."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console_errors + self.failed + self.foreign


Open = Callable[..., Visit]


@pytest.fixture
def visit(browser) -> Iterator[Open]:
    """open(url, color_scheme="light", expect_status=200) -> Visit: a fresh browser context
    (no stored palette choice) that records console errors, uncaught exceptions, failed or
    4xx/5xx requests, and any request to a host other than 127.0.0.1."""
    contexts = []

    def open_page(url: str, color_scheme: str = "light", expect_status: int = 200) -> Visit:
        context = browser.new_context(color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        v = Visit(page)

        def on_console(msg) -> None:
            # The expected 404 of the page itself is logged too; any other failed load is
            # caught by on_response.
            if msg.type == "error" and not (expect_status == 404 and "status of 404" in msg.text):
                v.console_errors.append(f"console error on {page.url}: {msg.text}")

        def on_response(response) -> None:
            if response.status >= 400 and not (response.url == url and response.status == expect_status):
                v.failed.append(f"HTTP {response.status}: {response.url}")

        def on_request(request) -> None:
            if not request.url.startswith(("data:", "blob:", "about:")) and urlsplit(request.url).hostname != "127.0.0.1":
                v.foreign.append(f"third party: {request.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: v.console_errors.append(f"uncaught on {page.url}: {exc}"))
        page.on("requestfailed", lambda req: v.failed.append(f"failed: {req.url} {req.failure}"))
        page.on("response", on_response)
        page.on("request", on_request)
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == expect_status, f"{url}: HTTP {response.status if response else None}"
        return v

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(name="serve_folder", scope="session")  # a function: any test may use it
def serve_folder_fixture() -> Callable[[Path], Any]:
    return serve_folder


@pytest.fixture(name="build_served", scope="session")
def build_served_fixture() -> Callable[[Path, Path, str], None]:
    return build_served

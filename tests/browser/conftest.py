"""The built example site served on 127.0.0.1 under a sub-path, as GitHub project pages
serve it, and one Debian Chromium driven by Playwright for the whole session."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import copy_example, mkdocs_build

CHROMIUM = os.environ.get("COP_SITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MOUNT = "/cop-site/"


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under MOUNT only; anything else gets the site's 404 page."""

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
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a folder under the sub-path on a free port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SubPathHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{MOUNT}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site, built --strict for its sub-path and served there."""
    folder = tmp_path_factory.mktemp("published")
    server = ThreadingHTTPServer(("127.0.0.1", 0), SubPathHandler)  # reserve a port for site_url
    port = server.server_address[1]
    server.server_close()
    site = copy_example(tmp_path_factory.mktemp("example-src"))
    config = (site / "mkdocs.yml").read_text("utf-8")
    config = "\n".join(line for line in config.splitlines() if not line.startswith("site_url:"))
    (site / "mkdocs.yml").write_text(f"site_url: http://127.0.0.1:{port}{MOUNT}\n" + config, "utf-8")
    result, out = mkdocs_build(site, "--strict", dest=folder / "site")
    assert result.returncode == 0, result.output
    httpd = ThreadingHTTPServer(("127.0.0.1", port), partial(SubPathHandler, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}{MOUNT}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}; .ci/run installs Debian's chromium")
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (bash .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@dataclass
class Visit:
    """A page plus everything that went wrong while it loaded."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console_errors + self.failed + self.foreign


@pytest.fixture
def visit(browser) -> Iterator:
    contexts = []

    def open_page(url: str, color_scheme: str = "light", expect_status: int = 200) -> Visit:
        context = browser.new_context(color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        v = Visit(page)

        def on_console(msg) -> None:
            # The expected 404 of the page itself is logged too; other failed loads are
            # caught by the response handler below.
            if msg.type == "error" and not (expect_status == 404 and "status of 404" in msg.text):
                v.console_errors.append(f"console {msg.type}: {msg.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: v.console_errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda req: v.failed.append(f"failed: {req.url} {req.failure}"))

        def on_response(response) -> None:
            if response.status >= 400 and not (response.url == url and response.status == expect_status):
                v.failed.append(f"HTTP {response.status}: {response.url}")

        page.on("response", on_response)

        def on_request(request) -> None:
            if urlsplit(request.url).hostname not in ("127.0.0.1", None) and not request.url.startswith(("data:", "blob:")):
                v.foreign.append(f"third party: {request.url}")

        page.on("request", on_request)
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == expect_status, f"{url}: HTTP {response.status if response else None}"
        return v

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(name="serve_folder")
def serve_folder_fixture():
    return serve_folder

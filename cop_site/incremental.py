"""`mkdocs serve`'s rebuilds, kept small: what the previous build wrote, to rebuild only what
an edit changed and to delete what this build no longer has.

Under `serve --dirty`, MkDocs rebuilds every file whose content is set in memory, which is
every page the plugin renders: one edit would rebuild them all. A page whose output would
be the same as when it was last written is marked unmodified instead (`skip_if_unchanged`).
MkDocs never cleans the output folder under `serve`, so the output of a file the previous
build had and this one has not (deleted, newly a draft) is removed (`remove_gone`), and
Material's search forgets the entries of every rebuilt page (`finish`)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from . import material
from .load import Cache


def _unmodified() -> bool:
    return False


class Incremental:
    def __init__(self, command: str, dirty: bool) -> None:
        self.dirty = command == "serve" and dirty
        # Under `serve`, each rebuild reads again only the files whose bytes changed.
        self.load_cache: Cache | None = {} if command == "serve" else None
        self.written: dict[str, str] = {}  # src_uri -> digest of the page as last written
        self.writing: dict[str, str] = {}  # ... as this build writes it
        self.outputs: dict[str, tuple[str, str | None]] = {}  # src_uri -> (dest path, page url)
        self.rebuilt_urls: set[str] = set()
        self.salt = ""

    def start(self, config: MkDocsConfig) -> None:
        """A build begins. What every page's output depends on beyond its own content: mkdocs.yml."""
        self.writing = {}
        self.rebuilt_urls = set()
        self.salt = ""
        if self.dirty and config.config_file_path:
            try:
                self.salt = Path(config.config_file_path).read_text("utf-8")
            except OSError:
                pass

    def skip_if_unchanged(self, file: File, *parts: str) -> None:
        """Under `serve --dirty`: mark `file` unmodified if what it is made from (`parts`) is
        what it was made from when last written. Its content stays set, so nothing can ever
        read its source raw."""
        if not self.dirty:
            return
        digest = hashlib.blake2b(digest_size=16)
        for part in (self.salt, *parts):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        value = self.writing[file.src_uri] = digest.hexdigest()
        if self.written.get(file.src_uri) == value and os.path.isfile(file.abs_dest_path):
            file.is_modified = _unmodified  # type: ignore[method-assign]  # MkDocs' own switch for this

    def remove_gone(self, files: Files) -> None:
        """Under `serve --dirty`: delete the output of every file the previous build had and
        this one has not, so it is no longer served; its search entries go in `finish`."""
        if not self.dirty:
            return
        now = {f.src_uri: (f.abs_dest_path, f.url if f.is_documentation_page() else None) for f in files}
        kept = {dest for dest, _ in now.values()}
        for src, (dest, url) in self.outputs.items():
            if src in now or dest in kept:
                continue
            try:
                os.remove(dest)
            except OSError:
                pass  # already gone
            if url is not None:
                self.rebuilt_urls.add(url)
        self.outputs = now

    def page_built(self, url: str) -> None:
        self.rebuilt_urls.add(url)

    def finish(self, plugins: Any) -> None:
        """The pages are written (before the search plugin writes its index)."""
        self.written, self.writing = self.writing, {}
        if self.dirty:
            material.forget_search_entries(plugins, self.rebuilt_urls)

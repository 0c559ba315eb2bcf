"""`mkdocs serve`'s rebuilds, kept small: what the previous build wrote, to rebuild only what
an edit changed and to delete what this build no longer has.

Under `serve --dirty`, MkDocs rebuilds every file whose content is set in memory, which is
every page the plugin renders: one edit would rebuild them all. A page whose output would
be the same as when it was last written is marked unmodified instead (`skip_if_unchanged`).
MkDocs never cleans the output folder under `serve`, so the output of a file the previous
build had and this one has not (deleted, newly a draft) is removed (`remove_gone`), and
Material's search forgets the entries of every rebuilt page (`finish`).

Under `serve` (with or without --dirty), what the previous build made from the same facts is
reused: the graph and the analysis when only prose changed (see `pipeline.run`), the site
plan (see `plan.plan_site`), the data files that quote no prose and the feeds whose notes
did not change (`data_files`). Under --dirty, only the data files whose
bytes changed are written again (`to_write`), and the schemas only when the settings
changed (`unchanged`)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from . import feeds, material
from .load import Cache
from .plan import DATA_FILES, FACTS_ONLY, SitePlan
from .render import Rendered
from .validate import Built


def _unmodified() -> bool:
    return False


class Incremental:
    def __init__(self, command: str, dirty: bool) -> None:
        self.dirty = command == "serve" and dirty
        # Under `serve`, each rebuild reads again only the files whose bytes changed.
        self.load_cache: Cache | None = {} if command == "serve" else None
        self.built: Built | None = Built() if command == "serve" else None  # ... validates only those
        self.written: dict[str, str] = {}  # src_uri -> digest of the page as last written
        self.writing: dict[str, str] = {}  # ... as this build writes it
        self.outputs: dict[str, tuple[str, str | None]] = {}  # src_uri -> (dest path, page url)
        self.rebuilt_urls: set[str] = set()
        self.salt = ""
        self.salted = hashlib.blake2b(b"\0", digest_size=16)
        self.serving = command == "serve"
        self.facts_files: tuple[tuple[str, ...], dict[str, bytes]] = ((), {})  # key -> the facts-only data files
        self.made: dict[str, tuple[str, ...]] = {}  # what -> the key it was last written from (--dirty)
        self.rendered: dict[str, tuple[Rendered, str]] = {}  # src -> a rendered page and its digest
        self.feeds: feeds.Held = {}  # the feeds as last made (see feeds.feeds)
        self.data_written: dict[str, bytes] = {}  # a data file's path -> its bytes as last written (--dirty)

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
        # Every page's digest starts from the same salt: hashed once, copied for each page.
        self.salted = hashlib.blake2b(self.salt.encode("utf-8", "surrogatepass") + b"\0", digest_size=16)

    def skip_if_unchanged(self, file: File, *parts: str, rendered: Rendered | None = None) -> None:
        """Under `serve --dirty`: mark `file` unmodified if what it is made from (`parts`, and
        the `rendered` page) is what it was made from when last written. Its content stays
        set, so nothing can ever read its source raw."""
        if not self.dirty:
            return
        if rendered is not None:
            parts = (*parts, self._digest_of(file.src_uri, rendered))
        digest = self.salted.copy()
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        value = self.writing[file.src_uri] = digest.hexdigest()
        if self.written.get(file.src_uri) == value and os.path.isfile(file.abs_dest_path):
            file.is_modified = _unmodified  # type: ignore[method-assign]  # MkDocs' own switch for this

    def _digest_of(self, src: str, rendered: Rendered) -> str:
        # A page the plan reused is the very object it was: its digest is the one worked out then.
        held = self.rendered.get(src)
        if held is not None and held[0] is rendered:
            return held[1]
        digest = hashlib.blake2b(digest_size=16)
        for part in rendered.texts():
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        self.rendered[src] = (rendered, digest.hexdigest())
        return self.rendered[src][1]

    def remove_gone(self, files: Files) -> None:
        """Under `serve --dirty`: delete the output of every file the previous build had and
        this one has not, so it is no longer served; its search entries go in `finish`."""
        if not self.dirty:
            return
        if len(files) == len(self.outputs) and all(f.src_uri in self.outputs and self.outputs[f.src_uri][0] == f.abs_dest_path for f in files):
            return  # the same files, written to the same places: nothing is gone
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

    def data_files(self, plan: SitePlan, site_name: str, site_url: str, feeds_url: str) -> dict[str, bytes]:
        """The plan's data files; under `serve`, those made from the facts alone are the
        previous build's while the facts stand (an edit to prose changes only the feeds)."""
        if not (self.serving and plan.key):
            return plan.data_files(site_name, site_url, feeds_url)
        key = (plan.key, site_name, site_url, feeds_url)
        held_key, held = self.facts_files
        if held_key != key:
            held = plan.data_files(site_name, site_url, feeds_url, skip=[make for make in DATA_FILES if make not in FACTS_ONLY])
            self.facts_files = (key, held)
        return {**held, **plan.data_files(site_name, site_url, feeds_url, skip=FACTS_ONLY, feeds_held=self.feeds)}

    def to_write(self, site_dir: str, data: dict[str, bytes]) -> dict[str, bytes]:
        """Under `serve --dirty`: of the data files, those whose bytes differ from what this
        server last wrote there (or whose file is gone); otherwise all of them."""
        if not self.dirty:
            return data
        changed = {}
        for rel, content in data.items():
            before = self.data_written.get(rel)
            # A file reused from the previous build is the same object: no need to compare.
            if before is content or before == content:
                if os.path.isfile(os.path.join(site_dir, *rel.split("/"))):
                    continue
            changed[rel] = content
        self.data_written = dict(data)
        return changed

    def unchanged(self, what: str, *key: str) -> bool:
        """Under `serve --dirty` (whose builds keep the output folder): whether `what` was
        written by an earlier build from the same `key`. Remembers `key` either way."""
        same = self.dirty and self.made.get(what) == key
        self.made[what] = key
        return same

"""How the plugin treats Python's cycle collector (cop_site/running.py): the engine's objects
are set apart from it after the stages run, given back at the start of the next build in the
same process, and left apart when MkDocs shuts down (the process then exits, and a last full
collection of everything would only make the exit wait)."""

from __future__ import annotations

import gc

from cop_site import running
from cop_site.plugin import CopSitePlugin


def test_the_engine_sets_its_objects_apart_until_the_next_build() -> None:
    try:
        with running.engine():
            made = [{"partner": n} for n in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made)
        with running.engine():  # the next build: the previous one's objects are collectable again
            assert gc.get_freeze_count() == 0
            assert not gc.isenabled()
    finally:
        running.release()
    assert gc.get_freeze_count() == 0


def test_shutdown_drops_the_plan_and_leaves_the_collector_alone() -> None:
    plugin = CopSitePlugin()
    try:
        with running.engine():
            plugin.planned = {"a.md": object()}  # type: ignore[dict-item]
        frozen = gc.get_freeze_count()
        plugin.on_shutdown()
        assert plugin.planned == {} and plugin.plan is None and plugin.result is None
        assert gc.get_freeze_count() > frozen // 2 > 0  # a few of the plugin's own went with it
        plugin.on_build_error(error=RuntimeError("a failed build"))  # a failed build gives them back
        assert gc.get_freeze_count() == 0
    finally:
        running.release()

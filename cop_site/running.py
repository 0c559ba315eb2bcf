"""How the plugin runs the engine inside MkDocs' process: the cycle collector set aside
while the graph and the pages are made, and the engine's failures turned into one sentence
MkDocs shows (never a traceback). Used by plugin.py only."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from .analyse import LensError

log = logging.getLogger("mkdocs.plugins.cop_site")


@contextmanager
def engine() -> Iterator[None]:
    """Around the stages and the site plan.

    The graph and the rendered pages are hundreds of thousands of objects that live until the
    build ends; Python's cycle collector would walk them on each of its full passes (a second
    of a 10,000-document build). It pauses while they are made, and they are then set apart
    from its work (gc.freeze) until `release`: at the start of the next build in the same
    process (under `serve`), or after a failed one. Not when MkDocs shuts down: the process
    then exits, and a last full collection of all of it would only make the exit wait."""
    release()  # the previous build's, under `serve`: collectable again
    gc.disable()
    try:
        yield
    except PluginError:
        raise
    except LensError as exc:
        raise PluginError(f"cop-site: {exc}. The lens comes from this site's hooks (mkdocs.yml 'hooks:'); fix it there.") from exc
    except Exception as exc:  # a bug of ours: say so plainly, keep the details for --verbose
        log.debug("cop-site failed", exc_info=True)
        raise PluginError(f"cop-site failed on this content ({type(exc).__name__}: {exc}); run with --verbose for details and report it") from exc
    finally:
        gc.enable()
        gc.freeze()


def release() -> None:
    """What `engine` set apart is the collector's again."""
    gc.unfreeze()

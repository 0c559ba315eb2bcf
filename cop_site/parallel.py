"""Pure work shared with a second process, for large sites on machines with cores to spare.

Site generators such as MkDocs build pages one at a time on one core; the engine's own
work (rendering ten thousand pages, writing the exports) is pure Python over a graph that
is complete before it starts. A forked child starts with that graph in memory (nothing is
copied or serialised to hand it over), computes its share and sends back only results.

Only where that is safe: a platform whose `fork` is reliable (Linux), a process with no
other thread (a thread holding a lock at the moment of the fork would leave the child stuck
on it; `mkdocs serve` runs a server thread), and enough work to pay for the fork. Anything
that goes wrong in the child (an exception, a crash, results that cannot be pickled) makes
the parent do that share itself: the answer is the same either way, only slower.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available() -> bool:
    """Whether a second process can share the work here."""
    return sys.platform.startswith("linux") and _cores() > 1 and threading.active_count() == 1 and _one_native_thread()


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _one_native_thread() -> bool:
    """No thread a C library started either (Python's own count misses those)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


class Background(Generic[R]):
    """`func()` computed in a forked child while the parent goes on; `result()` waits for it,
    or computes it in the parent if the child could not."""

    def __init__(self, func: Callable[[], R], fork: bool = True) -> None:
        self._func = func
        self.by_child = False  # whether the result came from the child
        self._pid = 0
        self._read = -1
        if fork and available():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit handlers
            status = 1
            try:
                os.close(read)
                data = pickle.dumps(self._func(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                status = 0
            except BaseException:  # noqa: BLE001 - the parent computes it again and reports what fails
                pass
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> R:
        if self._pid:
            pid, self._pid = self._pid, 0
            with os.fdopen(self._read, "rb") as inp:
                data = inp.read()
            _, status = os.waitpid(pid, 0)
            if status == 0:
                try:
                    value: R = pickle.loads(data)
                    self.by_child = True
                    return value
                except Exception:  # noqa: BLE001 - truncated or unreadable: compute it here
                    pass
        return self._func()

    def cancel(self) -> None:
        """Stop waiting for the child (the build failed before it needed the result)."""
        if self._pid:
            pid, self._pid = self._pid, 0
            os.close(self._read)
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except OSError:
                pass


def split_map(func: Callable[[T], R], items: Sequence[T], fork: bool = True) -> tuple[list[R], bool]:
    """`[func(item) for item in items]`, every other item computed in a forked child while
    this process computes the rest (alternate items, so that runs of costly ones are shared);
    and whether the child did its share. Same results in the same order as the plain loop."""
    if not fork or len(items) < 2 or not available():
        return [func(item) for item in items], False
    theirs = items[1::2]
    child: Background[list[R]] = Background(lambda: [func(item) for item in theirs])
    try:
        ours = [func(item) for item in items[0::2]]
    except BaseException:
        child.cancel()
        raise
    out: list[R] = [None] * len(items)  # type: ignore[list-item]  # every slot is filled below
    out[0::2] = ours
    out[1::2] = child.result()
    return out, child.by_child

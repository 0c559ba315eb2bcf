"""A second process shares the engine's work on large sites: the site it builds must be the
same, byte for byte, and anything that goes wrong in that process must cost time only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from cop_site import parallel
from helpers import copy_example, mkdocs_build

needs_two_cores = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1), reason="a second process needs Linux and a second core"
)

RENDERED = "a second process rendered"
EXPORTED = "a second process made cop.json"


def _with_parallel(site: Path, value: str) -> None:
    config = site / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - cop-site:\n" in text
    config.write_text(text.replace("  - cop-site:\n", f"  - cop-site:\n      parallel: {value}\n", 1), "utf-8")


def _tree(root: Path) -> dict[Path, bytes]:
    """Every file under root, by its path inside root, with its bytes."""
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@needs_two_cores
def test_the_example_site_is_the_same_built_by_one_process_or_two(tmp_path: Path) -> None:
    one = copy_example(tmp_path / "one")
    two = copy_example(tmp_path / "two")
    _with_parallel(one, "false")
    _with_parallel(two, "true")
    run_one, out_one = mkdocs_build(one, "--strict", "--verbose")
    run_two, out_two = mkdocs_build(two, "--strict", "--verbose")
    assert run_one.returncode == 0, run_one.output
    assert run_two.returncode == 0, run_two.output
    # The second process really did its share (a silent fallback would make this test moot).
    assert RENDERED in run_two.output and EXPORTED in run_two.output, run_two.output[-3000:]
    assert RENDERED not in run_one.output and EXPORTED not in run_one.output
    one_files, two_files = _tree(out_one), _tree(out_two)
    assert len(one_files) > 100
    assert sorted(one_files) == sorted(two_files)
    assert [str(f) for f, data in one_files.items() if two_files[f] != data] == []


# The fork mechanics are tried in a fresh interpreter: this test process may run threads (the
# browser tests' web server), and `parallel` rightly refuses to fork beside a thread.
def _fresh(code: str) -> dict:
    script = "import json, os, sys\nfrom cop_site import parallel\n" + textwrap.dedent(code)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@needs_two_cores
def test_one_core_builds_in_one_process(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    _with_parallel(site, "true")
    result, out = mkdocs_build(site, "--strict", "--verbose", wrapper=["taskset", "-c", "0"])
    assert result.returncode == 0, result.output
    assert RENDERED not in result.output and EXPORTED not in result.output
    assert (out / "cop.json").is_file() and (out / "exports" / "network.gexf").is_file()


@needs_two_cores
def test_results_come_back_in_order_from_both_processes() -> None:
    out = _fresh(
        """
        runs = []
        for n in (2, 3, 10, 11):
            results, shared = parallel.split_map(lambda i: (i, os.getpid()), list(range(n)))
            runs.append({"n": n, "items": [i for i, _ in results], "pids": [p for _, p in results], "shared": shared})
        print(json.dumps({"me": os.getpid(), "runs": runs}))
        """
    )
    for run in out["runs"]:
        assert run["items"] == list(range(run["n"]))
        assert run["shared"]
        # every other item from the child
        assert run["pids"][0::2] == [out["me"]] * len(run["pids"][0::2])
        assert out["me"] not in run["pids"][1::2] and len(set(run["pids"][1::2])) == 1


@needs_two_cores
def test_a_failing_child_costs_time_only() -> None:
    out = _fresh(
        """
        parent = os.getpid()

        def work():
            if os.getpid() != parent:
                raise RuntimeError("only in the child")
            return "done here"

        job = parallel.Background(work)
        forked = bool(job._pid)
        print(json.dumps({"forked": forked, "result": job.result(), "by_child": job.by_child}))
        """
    )
    assert out == {"forked": True, "result": "done here", "by_child": False}


@needs_two_cores
def test_an_error_in_the_work_itself_reaches_the_parent() -> None:
    out = _fresh(
        """
        def children():
            return set(open(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read().split())

        def work(_=None):
            raise ValueError("broken content")

        caught = []
        try:
            parallel.Background(work).result()
        except ValueError as exc:
            caught.append(str(exc))
        before = children()
        try:
            parallel.split_map(work, [1, 2, 3])
        except ValueError as exc:
            caught.append(str(exc))
        print(json.dumps({"caught": caught, "left_behind": sorted(children() - before)}))
        """
    )
    assert out == {"caught": ["broken content", "broken content"], "left_behind": []}


def test_nothing_is_forked_when_asked_not_to() -> None:
    results, shared = parallel.split_map(lambda i: os.getpid(), [1, 2, 3], fork=False)
    assert results == [os.getpid()] * 3 and not shared
    job = parallel.Background(os.getpid, fork=False)
    assert job.result() == os.getpid() and not job.by_child


@needs_two_cores
def test_a_cancelled_child_is_gone() -> None:
    out = _fresh(
        """
        import time
        job = parallel.Background(lambda: time.sleep(60))
        pid = job._pid
        job.cancel()
        try:
            os.waitpid(pid, os.WNOHANG)
            gone = False
        except ChildProcessError:
            gone = True
        print(json.dumps({"forked": bool(pid), "gone": gone}))
        """
    )
    assert out == {"forked": True, "gone": True}


def test_no_fork_beside_a_thread() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.available()
        results, shared = parallel.split_map(lambda i: i, [1, 2, 3])
        assert results == [1, 2, 3] and not shared
    finally:
        stop.set()
        thread.join()

"""Build-time benchmark of the cop-site plugin against plain MkDocs on the same content.

    .venv/bin/python benchmarks/run.py [--sizes 1000 10000] [--repeat 1] [--out benchmarks/out]

For each size it generates a deterministic synthetic site (see generate.py), then times, as
separate `mkdocs build` processes on identical Markdown bytes:

  cop-site     plugins [search, cop-site], no nav (the plugin makes a small one)
  floor        plugins [search], nav: [index.md]; what MkDocs itself costs for these files
  default-nav  plugins [search], no nav key: MkDocs lists every page in every page's sidebar

and `cop-site check` alone. Then, on one size, the time from saving an edit to seeing it in
the page served by `mkdocs serve --dirty` (and without --dirty). See README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from generate import MIXES, Site, generate, mkdocs_yml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent  # the venv's bin: mkdocs and cop-site live beside python
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONUNBUFFERED": "1"}
VARIANTS = ("cop-site", "floor", "sidebar", "default-nav")
# The default nav puts every page into every page's sidebar: work and output grow with pages².
QUADRATIC_NOTE = "extrapolation assuming the nav overhead over the floor grows with pages² (every page renders the whole nav)"


@dataclass
class Run:
    """One timed command."""

    seconds: float
    returncode: int
    log: str  # path of its captured output, relative to --out
    cpu_seconds: float = 0.0
    html_pages: int = 0
    output_mb: float = 0.0
    warnings: list[str] = field(default_factory=list)
    # Cores other processes used just before and during the run: they inflate wall-clock time.
    others_before: float = 0.0
    others_during: float = 0.0


@dataclass
class SizeResult:
    size: int
    counts: dict[str, int]
    generate_s: float
    runs: dict[str, list[Run]] = field(default_factory=dict)
    default_nav_estimate_s: float | None = None
    default_nav_estimate_note: str | None = None

    def median(self, name: str, cpu: bool = False) -> float | None:
        runs = self.runs.get(name)
        return statistics.median(r.cpu_seconds if cpu else r.seconds for r in runs) if runs else None

    def paired(self, name: str, base: str, cpu: bool = False) -> list[float]:
        """`name`'s time over `base`'s, attempt by attempt. The two run back to back in each
        attempt, so a slow spell of the machine (its speed drifts by tens of percent over
        minutes here) weighs on both sides of each ratio alike."""
        pairs = zip(self.runs.get(name, []), self.runs.get(base, []), strict=False)
        times = [(x.cpu_seconds, y.cpu_seconds) if cpu else (x.seconds, y.seconds) for x, y in pairs]
        return [a / b for a, b in times if b]

    def paired_ratio(self, name: str, base: str, cpu: bool = False) -> float | None:
        ratios = self.paired(name, base, cpu)
        return statistics.median(ratios) if ratios else None


# -- measuring ---------------------------------------------------------------------------------
def problem_lines(log_text: str) -> list[str]:
    """WARNING and ERROR lines of MkDocs' output, verbatim, each once, in order."""
    seen: dict[str, None] = {}
    for line in log_text.splitlines():
        if line.startswith(("WARNING", "ERROR")) or "Traceback" in line:
            seen.setdefault(line.rstrip(), None)
    return list(seen)


def site_stats(site_dir: Path) -> tuple[int, float]:
    pages, size = 0, 0
    for dirpath, _dirs, names in os.walk(site_dir):
        for name in names:
            pages += name.endswith(".html")
            size += os.path.getsize(os.path.join(dirpath, name))
    return pages, size / 1e6


def busy_cpu_seconds() -> float:
    """CPU seconds all processes have used since boot, from /proc/stat (0 where there is none)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            values = [int(v) for v in fh.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_for_quiet(limit: float = 0.3, patience: float = 60.0) -> float:
    """Give a busy machine up to `patience` seconds to calm down before a timed run, since
    every figure is wall-clock time and on two cores one other process halves the speed.
    Returns how many cores other processes kept busy in the last second."""
    deadline = time.perf_counter() + patience
    while True:
        before = busy_cpu_seconds()
        time.sleep(1.0)
        busy = busy_cpu_seconds() - before  # nothing of ours runs meanwhile
        if busy <= limit or time.perf_counter() > deadline:
            return round(busy, 2)


@dataclass
class Timed:
    seconds: float
    returncode: int
    cpu_seconds: float  # the child's user + system time: far less sensitive to other load
    others_before: float  # cores other processes used just before the start
    others_during: float  # cores other processes used on average during the run


def timed(cmd: list[str], cwd: Path, log_path: Path, timeout: float) -> Timed:
    """Wall-clock time of a subprocess (its output to log_path), and how busy the rest of the
    machine was: all CPU time used during the run minus the child's own."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    # The previous run's files were just deleted: the kernel's deferred work on them (writeback,
    # discards) would otherwise be charged to this run.
    os.sync()
    others_before = wait_for_quiet()
    with open(log_path, "w", encoding="utf-8") as log:
        cpu0, child0, start = busy_cpu_seconds(), children_cpu_seconds(), time.perf_counter()
        try:
            code = subprocess.run(cmd, cwd=cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT, timeout=timeout, check=False).returncode
        except subprocess.TimeoutExpired:
            code = -1
            log.write(f"\nERROR - benchmark: timed out after {timeout:.0f} s\n")
        seconds = time.perf_counter() - start
        cpu = children_cpu_seconds() - child0
        others = max(0.0, (busy_cpu_seconds() - cpu0) - cpu) / seconds
    return Timed(seconds, code, round(cpu, 2), others_before, round(others, 2))


def build(variant: str, content: Path, n: int, out: Path, tmp: str | None, attempt: int, timeout: float, one_process: bool = False) -> Run:
    """One `mkdocs build` in a fresh folder holding a copy of the content and the variant's config."""
    work = Path(tempfile.mkdtemp(prefix=f"cop-bench-{n}-{variant}-", dir=tmp))
    try:
        shutil.copytree(content, work / "content")
        (work / "mkdocs.yml").write_text(mkdocs_yml(variant, n, one_process, work / "content"), encoding="utf-8")
        rel_log = f"logs/{n}-{variant}-{attempt}.log"
        t = timed([str(BIN / "mkdocs"), "build", "-d", str(work / "site")], work, out / rel_log, timeout)
        pages, mb = site_stats(work / "site")
        warnings = problem_lines((out / rel_log).read_text("utf-8"))
        return Run(t.seconds, t.returncode, rel_log, t.cpu_seconds, pages, round(mb, 1), warnings, t.others_before, t.others_during)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check(site_root: Path, n: int, out: Path, attempt: int, timeout: float) -> Run:
    rel_log = f"logs/{n}-check-{attempt}.log"
    t = timed([str(BIN / "cop-site"), "check", str(site_root)], site_root, out / rel_log, timeout)
    text = (out / rel_log).read_text("utf-8")
    # check prints problems one a line (not as WARNING lines): keep everything but the summary.
    problems = [line for line in text.splitlines() if line and not line.startswith("cop-site check: no problems")]
    return Run(t.seconds, t.returncode, rel_log, t.cpu_seconds, warnings=problems[:50], others_before=t.others_before, others_during=t.others_during)


def busy_note(run: Run) -> str:
    if run.others_during < 0.2:
        return ""
    return f"  [other processes used {run.others_during:.1f} cores during this run: its time is inflated]"


# -- serve ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`mkdocs serve` on loopback, with its output collected (with arrival times) by a thread."""

    def __init__(self, site_root: Path, dirty: bool, log_path: Path, config_file: str = "mkdocs.yml"):
        self.port = free_port()
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        # Livereload stays on: --no-livereload would also stop watching files, hence rebuilds.
        cmd = [str(BIN / "mkdocs"), "serve", "-f", config_file, "-a", f"127.0.0.1:{self.port}"]
        if dirty:
            cmd.append("--dirty")
        self.log = open(log_path, "w", encoding="utf-8")  # closed in stop()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd,
            cwd=site_root,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            # Started from nohup or a background shell, we ignore SIGINT and so would the
            # server, which then could not shut down cleanly (and remove its temporary site).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append((time.perf_counter(), line.rstrip()))
            self.log.write(line)

    def wait_for(self, text: str, after: float, timeout: float) -> tuple[float, str] | None:
        """The first output line containing text that arrived after `after`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                for stamp, line in self.lines:
                    if stamp >= after and text in line:
                        return stamp, line
            if self.proc.poll() is not None:
                return None
            time.sleep(0.05)
        return None

    def stop(self) -> None:
        # SIGINT first: MkDocs then removes its temporary site folder; terminate and kill only
        # if it does not exit.
        for action, grace in ((lambda: self.proc.send_signal(signal.SIGINT), 20), (self.proc.terminate, 10), (self.proc.kill, 10)):
            if self.proc.poll() is not None:
                break
            action()
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                continue
        self.reader.join(5)
        self.log.close()


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def edit_to_visible(site: Site, site_root: Path, dirty: bool, out: Path, timeout: float, variant: str = "cop-site", edits: int = 5) -> dict[str, Any]:
    """Start `mkdocs serve`, then `edits` times append a line to one note and time until it is
    in the served page and until MkDocs says the rebuild is done; the medians are the result.
    `variant` "floor": plain MkDocs on the same Markdown (its own mkdocs-floor.yml), the
    figure an editor would wait without the plugin.

    Several edits, because one is mostly noise: MkDocs' watcher polls every half second, so
    a single edit waits anywhere from 0 to 0.5 s before its rebuild even starts."""
    note = site.notes[len(site.notes) // 2]
    group, name = note.split("/")
    path = site_root / "content" / "groups" / group / f"{name}.md"
    original = path.read_bytes()
    mode = "dirty" if dirty else "full"
    rel_log = f"logs/{site.plan.total}-serve-{mode}-{variant}.log"
    config_file = "mkdocs.yml"
    if variant != "cop-site":
        config_file = f"mkdocs-{variant}.yml"
        (site_root / config_file).write_text(mkdocs_yml(variant, site.plan.total), encoding="utf-8")
    server = Server(site_root, dirty, out / rel_log, config_file)
    result: dict[str, Any] = {"mode": mode, "variant": variant, "note": f"groups/{note}.md", "log": rel_log, "edits": []}
    try:
        ready = server.wait_for("Serving on", server.started, timeout)
        if ready is None:
            result["error"] = "the server did not start (see the log)"
            return result
        result["startup_s"] = round(ready[0] - server.started, 2)
        url = f"http://127.0.0.1:{server.port}/groups/{group}/{name}/"
        if not fetch(url):
            result["error"] = f"the note's page is not served at {url}"
            return result
        # The same waits for every variant. Random, because the watcher polls every half
        # second: edits a fixed time after each rebuild would meet it at the same point of
        # its cycle each time, early or late according to how long the rebuild took.
        gaps = random.Random(1)
        for _ in range(edits):
            time.sleep(1.0 + gaps.uniform(0, 0.6))  # the last poll is behind us: each edit is a rebuild of its own
            edit = one_edit(server, path, url, timeout)
            result["edits"].append(edit)
            if "error" in edit:
                result["error"] = edit["error"]
                break
        for name_ in ("edit_to_page_s", "edit_to_rebuild_done_s", "edit_to_detected_s", "detected_to_rebuild_done_s", "build_s"):
            values = [e[name_] for e in result["edits"] if name_ in e]
            if values:
                result[name_] = round(statistics.median(values), 3)
        with server.lock:
            result["warnings"] = problem_lines("\n".join(line for _, line in server.lines))[:50]
        return result
    finally:
        server.stop()
        path.write_bytes(original)


def one_edit(server: Server, path: Path, url: str, timeout: float) -> dict[str, Any]:
    marker = f"benchmarkmarker{time.time_ns()}"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"\nEdited during the benchmark: {marker}.\n")
    edited = time.perf_counter()
    deadline = edited + timeout
    edit: dict[str, Any] = {}
    while time.perf_counter() < deadline:
        if marker in fetch(url):
            edit["edit_to_page_s"] = round(time.perf_counter() - edited, 3)
            break
        time.sleep(0.1)
    else:
        edit["error"] = f"the edit did not appear within {timeout:.0f} s"
    # "Reloading browsers" ends every rebuild. MkDocs logs each distinct message once, so an
    # edit whose build time reads as an earlier one's has no "Documentation built in" line.
    done = server.wait_for("Reloading browsers", edited, max(1.0, deadline - time.perf_counter()))
    if done is not None:
        # What the editor waits for before the browser reloads: the whole rebuild.
        edit["edit_to_rebuild_done_s"] = round(done[0] - edited, 3)
        with server.lock:
            during = [(stamp, line) for stamp, line in server.lines if edited <= stamp <= done[0]]
        for stamp, line in during:
            if "Detected file changes" in line and "edit_to_detected_s" not in edit:
                # The watcher polls every half second: this part of the wait is luck.
                edit["edit_to_detected_s"] = round(stamp - edited, 3)
                edit["detected_to_rebuild_done_s"] = round(done[0] - stamp, 3)
            if "Documentation built in" in line:
                # MkDocs' own figure: the build, without the watcher's wait before it.
                words = line.replace("seconds", "").split()
                edit["build_s"] = float(words[-1])
    return edit


# -- report --------------------------------------------------------------------------------
def fmt(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "—" if value is None else f"{value:.{digits}f}{suffix}"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def estimate_default_nav(results: list[SizeResult], size: int, floor_s: float | None) -> tuple[float | None, str]:
    """Extrapolate the default-nav build time at `size` from the sizes measured in this run."""
    measured = [(r.size, r.median("default-nav"), r.median("floor")) for r in results if r.median("default-nav") and r.median("floor")]
    measured = [(n, d, f) for n, d, f in measured if d is not None and f is not None and d > f]
    if not measured or floor_s is None:
        return None, "no estimate: run a size at or below --skip-default-nav-above in the same invocation"
    exponent, how = 2.0, QUADRATIC_NOTE
    if len(measured) >= 2:
        (n1, d1, f1), (n2, d2, f2) = measured[-2], measured[-1]
        exponent = math.log((d2 - f2) / (d1 - f1)) / math.log(n2 / n1)
        how = f"extrapolation with the growth exponent {exponent:.2f} fitted to the overhead over the floor at {n1} and {n2} documents"
    n0, d0, f0 = measured[-1]
    return floor_s + (d0 - f0) * (size / n0) ** exponent, how


def table(results: list[SizeResult]) -> tuple[str, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for r in results:
        cop, floor, dnav, chk = r.median("cop-site"), r.median("floor"), r.median("default-nav"), r.median("check")
        estimated = dnav is None and r.default_nav_estimate_s is not None
        shown = dnav if dnav is not None else r.default_nav_estimate_s
        rows.append(
            {
                "size": r.size,
                "cop_site_s": cop,
                "floor_s": floor,
                "default_nav_s": dnav,
                "default_nav_estimate_s": r.default_nav_estimate_s if estimated else None,
                "check_s": chk,
                # The median of the attempts' own ratios (see SizeResult.paired), and their spread.
                "ratio_cop_site_to_floor": r.paired_ratio("cop-site", "floor"),
                "ratios_cop_site_to_floor_by_attempt": [round(x, 3) for x in r.paired("cop-site", "floor")],
                "ratio_of_medians_cop_site_to_floor": ratio(cop, floor),
                "ratio_default_nav_to_floor": ratio(shown, floor),
                "ratio_default_nav_is_estimate": estimated,
                "ratio_check_to_cop_site": ratio(chk, cop),
                # The same ratios from CPU time, for runs the busy_note() flagged.
                "cpu_ratio_cop_site_to_floor": r.paired_ratio("cop-site", "floor", cpu=True),
                # Against plain MkDocs with a sidebar as long as cop-site's (see generate.sidebar_nav).
                "sidebar_s": r.median("sidebar"),
                "ratio_cop_site_to_sidebar": r.paired_ratio("cop-site", "sidebar"),
                "ratio_sidebar_to_floor": r.paired_ratio("sidebar", "floor"),
                "cpu_ratio_default_nav_to_floor": ratio(r.median("default-nav", cpu=True), r.median("floor", cpu=True)),
                "cpu_ratio_check_to_cop_site": ratio(r.median("check", cpu=True), r.median("cop-site", cpu=True)),
                "max_other_cores_during_runs": max((run.others_during for runs in r.runs.values() for run in runs), default=0.0),
            }
        )
    head = ["size", "cop-site s", "floor s", "default-nav s", "check s", "cop-site/floor", "default-nav/floor", "check/cop-site"]
    lines = [head]
    for row in rows:
        est = row["ratio_default_nav_is_estimate"]
        lines.append(
            [
                str(row["size"]),
                fmt(row["cop_site_s"]),
                fmt(row["floor_s"]),
                f"~{fmt(row['default_nav_estimate_s'], 0)} (est.)" if est else fmt(row["default_nav_s"]),
                fmt(row["check_s"], 2),
                fmt(row["ratio_cop_site_to_floor"], 2, "x"),
                ("~" if est else "") + fmt(row["ratio_default_nav_to_floor"], 1 if est else 2, "x") + (" (est.)" if est else ""),
                fmt(row["ratio_check_to_cop_site"], 2, "x"),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    text = "\n".join("  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True)) for line in lines)
    return text, rows


def environment() -> dict[str, Any]:
    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "packages": {d: version(d) for d in ("mkdocs", "mkdocs-material", "cop-site", "pydantic", "Markdown", "PyYAML")},
        "cop_site_commit": git("rev-parse", "--short", "HEAD"),
        "cop_site_worktree_modified": bool(git("status", "--porcelain", "--", "cop_site")),
        # Without compiled bytecode in the venv, every build compiles each module it imports
        # first, and cop-site imports more modules than plain MkDocs (see scripts/venv).
        "venv_has_bytecode": any((Path(metadata.distribution("mkdocs").locate_file("mkdocs")) / "__pycache__").glob("*.pyc")),
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
    }


# -- main ----------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="documents per generated site (default: 1000 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each build; the table shows the median (default: 1)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="results.json and build logs go here (default: benchmarks/out)")
    parser.add_argument(
        "--skip-default-nav-above",
        type=int,
        default=1000,
        metavar="N",
        help="do not build the default-nav variant above N documents; it grows with pages² and 10,000 would take over an hour (default: 1000)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic content (default: 1)")
    parser.add_argument(
        "--mix",
        choices=sorted(MIXES),
        default="default",
        help="content mix: default (20%% partners, 77%% notes) or partners (30%% partners, 60%% notes, 5%% groups, 5%% scenarios)",
    )
    parser.add_argument("--serve-size", type=int, default=1000, help="size for the edit-to-rebuild test under mkdocs serve; 0 skips it (default: 1000)")
    parser.add_argument("--serve-timeout", type=float, default=120, help="seconds to wait for a served change, and for the server to start (default: 120)")
    parser.add_argument("--serve-edits", type=int, default=11, help="edits timed on each server; the medians are reported (default: 11)")
    parser.add_argument("--no-full-serve", action="store_true", help="time only `serve --dirty`, not also a full rebuild under plain `serve`")
    parser.add_argument("--build-timeout", type=float, default=3600, help="seconds before one build is abandoned (default: 3600)")
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="cop-site does all its work in the mkdocs process (parallel: false), as on a machine with one core",
    )
    parser.add_argument("--tmp", default=None, help="parent folder for the temporary site folders (default: the system's)")
    args = parser.parse_args(argv)
    # cop-site's own modules as they are now, compiled: where PYTHONDONTWRITEBYTECODE is set,
    # a module edited since its bytecode was written is compiled again by every build, which
    # plain MkDocs (installed, compiled once) never pays.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "cop_site")], check=False)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    results: list[SizeResult] = []
    serve_results: list[dict[str, Any]] = []
    for n in sorted(set(args.sizes)):
        root = Path(tempfile.mkdtemp(prefix=f"cop-bench-{n}-source-", dir=args.tmp))
        try:
            start = time.perf_counter()
            site = generate(root, n, args.seed, args.mix)
            gen_s = time.perf_counter() - start
            (root / "mkdocs.yml").write_text(mkdocs_yml("cop-site", n), encoding="utf-8")
            counts = {
                "documents": site.plan.total,
                "partners": len(site.partners),
                "groups": len(site.groups),
                "scenarios": len(site.scenarios),
                "notes": len(site.notes),
            }
            print(f"\n== {n} documents: {counts} (generated in {gen_s:.1f} s)", flush=True)
            result = SizeResult(n, counts, round(gen_s, 2))
            results.append(result)
            variants = [v for v in VARIANTS if v != "default-nav" or n <= args.skip_default_nav_above]
            # Repeats are interleaved, so a slow spell of the machine does not land on one variant.
            for attempt in range(1, args.repeat + 1):
                run = check(root, n, out, attempt, args.build_timeout)
                result.runs.setdefault("check", []).append(run)
                print(f"  cop-site check     {run.seconds:8.2f} s  (cpu {run.cpu_seconds:.2f} s)  exit {run.returncode}{busy_note(run)}", flush=True)
                for variant in variants:
                    run = build(variant, root / "content", n, out, args.tmp, attempt, args.build_timeout, args.one_process)
                    result.runs.setdefault(variant, []).append(run)
                    print(
                        f"  build {variant:<12} {run.seconds:8.2f} s  (cpu {run.cpu_seconds:.2f} s)  exit {run.returncode}, "
                        f"{run.html_pages} HTML pages, {run.output_mb} MB, "
                        f"{len(run.warnings)} warning/error lines{busy_note(run)}",
                        flush=True,
                    )
            if "default-nav" not in variants:
                est, how = estimate_default_nav(results, n, result.median("floor"))
                result.default_nav_estimate_s, result.default_nav_estimate_note = (round(est) if est else None), how
                shown = f"~{est / 60:.0f} min" if est else "unknown"
                print(f"  build default-nav  skipped (quadratic), estimate: {shown} — {how}", flush=True)
            if n == args.serve_size:
                runs = [(True, "cop-site"), (True, "floor")] + ([] if args.no_full_serve else [(False, "cop-site")])
                for dirty, variant in runs:
                    s = edit_to_visible(site, root, dirty, out, args.serve_timeout, variant, args.serve_edits)
                    serve_results.append(s)
                    each = ", ".join(str(e.get("edit_to_rebuild_done_s", "—")) for e in s["edits"])
                    print(
                        f"  serve {'--dirty' if dirty else '(full)'} {variant}: medians of {len(s['edits'])} edits: visible in page after "
                        f"{s.get('edit_to_page_s', '—')} s, rebuild done after {s.get('edit_to_rebuild_done_s', '—')} s ({each}), "
                        f"of which the watcher's delay {s.get('edit_to_detected_s', '—')} s and from then to rebuilt "
                        f"{s.get('detected_to_rebuild_done_s', '—')} s; MkDocs' own build time {s.get('build_s', '—')} s {s.get('error', '')}",
                        flush=True,
                    )
                figures = (
                    ("edit_to_rebuild_done_s", "edit to rebuilt"),
                    ("detected_to_rebuild_done_s", "change detected to rebuilt"),
                    ("build_s", "MkDocs' own build time"),
                )
                for figure, what in figures:
                    by_variant = {s["variant"]: s.get(figure) for s in serve_results if s["mode"] == "dirty"}
                    if by_variant.get("cop-site") and by_variant.get("floor"):
                        print(f"  serve --dirty, {what}: cop-site/floor {by_variant['cop-site'] / by_variant['floor']:.2f}x", flush=True)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    text, rows = table(results)
    print("\n" + text)
    for row in rows:
        # CPU time barely moves when other processes share the machine; wall-clock does.
        busy = row["max_other_cores_during_runs"]
        by_attempt = ", ".join(f"{x:.2f}" for x in row["ratios_cop_site_to_floor_by_attempt"])
        print(
            f"  {row['size']}: cop-site/floor attempt by attempt {by_attempt} (the table shows their median; "
            f"the ratio of the two medians is {fmt(row['ratio_of_medians_cop_site_to_floor'], 2, 'x')})"
        )
        print(
            f"  {row['size']}: plain MkDocs with a sidebar as long as cop-site's took {fmt(row['sidebar_s'])} s, "
            f"{fmt(row['ratio_sidebar_to_floor'], 2, 'x')} the floor; cop-site/that {fmt(row['ratio_cop_site_to_sidebar'], 2, 'x')}"
        )
        print(
            f"  {row['size']}: by CPU time, cop-site/floor {fmt(row['cpu_ratio_cop_site_to_floor'], 2, 'x')}, "
            f"default-nav/floor {fmt(row['cpu_ratio_default_nav_to_floor'], 2, 'x')}, check/cop-site {fmt(row['cpu_ratio_check_to_cop_site'], 2, 'x')}"
            + (f"; other processes used up to {busy:.1f} cores during these runs, so trust these more than the table" if busy >= 0.2 else "")
        )
    for r in results:
        if r.default_nav_estimate_note and r.median("default-nav") is None:
            if r.default_nav_estimate_s is None:
                print(f"  {r.size}: default-nav not run; {r.default_nav_estimate_note}.")
            else:
                print(f"  {r.size}: default-nav not run; the estimate is an {r.default_nav_estimate_note}.")
    problems = {f"{r.size}/{name}": runs[0].warnings for r in results for name, runs in r.runs.items() if runs[0].warnings}
    for key, lines in problems.items():
        print(f"\n{key}: {len(lines)} warning/error lines (verbatim, first 10):")
        for line in lines[:10]:
            print("  " + line)
    data = {
        "environment": environment(),
        "arguments": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "table": rows,
        "sizes": [asdict(r) for r in results],
        "serve": serve_results,
    }
    (out / "results.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

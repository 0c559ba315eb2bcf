"""What outreach on every group and scenario adds to cop-site's own work (issue 20).

    .venv/bin/python benchmarks/outreach_cost.py [--docs 1000] [--entries 8] [--runs 5]

Generates the benchmark's synthetic site twice (benchmarks/generate.py, same seed): as is,
and with `--entries` outreach entries (invitations and every kind of answer, some of them
recent refusals) appended to every group's and scenario's front matter. For each it times,
in this process, what the plugin itself does: the stages (load, validate, link, analyse),
rendering every entity and generated page, and cop.json; MkDocs and Markdown are left out,
since outreach does not change their work. Runs alternate between the two sites and the
fastest of each is compared (CPU time, which other processes on a shared machine
disturb far less than wall time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc).timestamp())))

from generate import generate  # noqa: E402

from cop_site import pipeline  # noqa: E402
from cop_site.export import build_export  # noqa: E402
from cop_site.link import Ref  # noqa: E402
from cop_site.render import Renderer, generated_sources, page_url, render_entity, render_generated  # noqa: E402

RESPONSES = ("invited", "accepted", "declined", "no-reply")


def add_outreach(root: Path, partners: list[str], groups: list[str], scenarios: list[str], entries: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    files = [root / "content" / "groups" / g / "index.md" for g in groups] + [root / "content" / "scenarios" / f"{s}.md" for s in scenarios]
    for path in files:
        text = path.read_text("utf-8")
        lines = ["outreach:"]
        for _ in range(entries):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(690))
            who, by, answer = rng.choice(partners), rng.choice(partners), rng.choice(RESPONSES)
            lines.append(f"  - {{partner: {who}, date: {day.isoformat()}, by: {by}, response: {answer}, note: Asked at the spring meeting.}}")
        cut = text.index("\n---", 3) + 1  # the front matter's closing line
        path.write_text(text[:cut] + "\n".join(lines) + "\n" + text[cut:], encoding="utf-8")


def engine_time(root: Path) -> float:
    # CPU time of this process: on a machine shared with other work, wall time mostly
    # measures the others; this work is single-threaded, so its CPU time is its cost.
    start = time.process_time()
    result = pipeline.run(root, root / "content", {})
    graph = result.graph
    sources = generated_sources(graph, result.analysis)
    renderer = Renderer(graph, result.analysis, result.settings, sources)
    for kind, entities in (("partner", graph.partners), ("group", graph.groups), ("note", graph.notes), ("scenario", graph.scenarios)):
        for key in entities:
            render_entity(renderer, Ref(kind, key))
    for tag in sources.values():
        render_generated(renderer, tag)
    build_export(result.graph, result.analysis, url_for=page_url)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=8)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        plain, busy = Path(tmp) / "plain", Path(tmp) / "outreach"
        generate(plain, args.docs)
        site = generate(busy, args.docs)
        add_outreach(busy, site.partners, site.groups, site.scenarios, args.entries)
        problems = [p for p in pipeline.run(busy, busy / "content", {}).problems if "accepted on" not in str(p)]
        assert not problems, problems[:5]  # accepted-but-absent warnings are expected of random entries
        times: dict[str, list[float]] = {"plain": [], "outreach": []}
        for _ in range(args.runs):
            times["plain"].append(engine_time(plain))
            times["outreach"].append(engine_time(busy))
    best = {k: min(v) for k, v in times.items()}
    extra = (best["outreach"] - best["plain"]) / best["plain"] * 100
    n = len(site.groups) + len(site.scenarios)
    print(f"{args.docs} documents, {n} groups and scenarios with {args.entries} outreach entries each")
    print(f"engine CPU time, fastest of {args.runs}: without outreach {best['plain']:.3f} s, with {best['outreach']:.3f} s: {extra:+.1f}%")
    return 0 if extra < 5 else 1


if __name__ == "__main__":
    sys.exit(main())

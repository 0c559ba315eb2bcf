"""Issue 18, "never slow": thousands of unknown slugs are each a problem, and checking them
takes seconds, not the minutes of comparing every unknown with every known slug."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from cop_site.problems import Suggester, suggest
from helpers import cop_check, write_site

WORDS = ["valley", "college", "district", "agency", "council", "network", "coalition", "center", "rural", "urban", "parent", "family"]
# The old check compared each unknown with each known slug and took minutes on this site; the
# new one takes a few seconds. The bound leaves room for a loaded 2-core machine.
BOUND = 40


def partner_slugs(count: int) -> list[str]:
    slugs = [f"{a}-{b}-{c}" for a, b, c in itertools.product(WORDS, repeat=3) if len({a, b, c}) == 3]
    return slugs[:count]


def misspell(slug: str, n: int) -> str:
    """A typo: one letter (never the first) replaced by a digit."""
    at = 1 + n % (len(slug) - 2)
    return f"{slug[:at]}{n % 10}{slug[at + 1 :]}"


def misspellings(partners: list[str], count: int) -> list[tuple[str, str]]:
    """`count` different typos, each with the slug it was meant to be."""
    found: dict[str, str] = {}
    for n in itertools.count():
        meant = partners[(n * 7) % len(partners)]
        found.setdefault(misspell(meant, n), meant)
        if len(found) == count:
            return list(found.items())
    raise AssertionError


def test_thousands_of_unknown_slugs_are_checked_in_seconds(tmp_path: Path) -> None:
    partners = partner_slugs(1000)
    assert len(partners) == 1000
    files: dict[str, str] = {"content/index.md": "# Home\n"}
    for slug in partners:
        files[f"content/partners/{slug}.md"] = f"---\nname: {slug.replace('-', ' ').title()}\ncategory: agency\n---\n"
    typos = misspellings(partners, 2000)
    wrong = [typo for typo, _ in typos]
    assert len(set(wrong)) == 2000 and not set(wrong) & set(partners)
    for g in range(20):
        members = "".join(f"  - {slug}\n" for slug in wrong[g * 100 : (g + 1) * 100])
        files[f"content/groups/group-{g}/index.md"] = f"---\nname: Group {g}\nfocus: Testing.\nmembers:\n{members}---\n"
    links = " ".join(f"[[nobody-{n}-{WORDS[n % len(WORDS)]}]]" for n in range(8000))
    files["content/groups/group-0/2025-01-10-many-links.md"] = f"---\ntitle: Many links\ndate: 2025-01-10\n---\n{links}\n"
    site = write_site(tmp_path / "site", files)

    started = time.monotonic()
    result = cop_check(site)
    seconds = time.monotonic() - started

    assert result.returncode != 0
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    # Every unknown is still its own problem, with its line.
    assert sum("unknown partner '" in line for line in lines) == 2000
    assert sum("unknown link [[nobody-" in line for line in lines) == 8000
    # The first ones still say what was meant.
    first = next(line for line in lines if f"unknown partner '{wrong[0]}'" in line)
    assert f"did you mean '{typos[0][1]}'" in first, first
    assert seconds < BOUND, f"cop-site check took {seconds:.1f} s"


def test_the_index_finds_what_difflib_finds() -> None:
    """Over a large set, the 30 candidates that share the most with a typo hold what comparing
    it with every slug finds first: the slug that was meant."""
    partners = partner_slugs(1000)
    suggester = Suggester(partners)
    typos = misspellings(partners, Suggester.MAX_VALUES)
    hints = [suggester(typo) for typo, _ in typos]
    for (typo, meant), hint in list(zip(typos, hints, strict=True))[::10]:  # comparing with all 1,000 slugs is slow
        everything = suggest(typo, partners, list_all=False)
        assert hint is not None and everything is not None
        assert hint.removesuffix("?").split(" or ")[0] == everything.removesuffix("?").split(" or ")[0] == f"did you mean '{meant}'", (typo, hint, everything)
    assert suggester("another-typo") is None  # past MAX_VALUES: a problem without a hint


def test_small_sets_and_repeats_are_exact() -> None:
    suggester = Suggester(["valley-college", "state-agency"])
    assert suggester("valley-colege") == "did you mean 'valley-college'?"
    assert suggester("valley-colege") == "did you mean 'valley-college'?"
    assert suggester("zzz") is None

"""Issue 10: nothing private or draft leaks and nothing hangs, whatever an editor (careless
or hostile) writes. Each class of leak is built into a real site and every output file is
scanned for a sentinel; hostile YAML is time- and memory-boxed."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from helpers import BIN, ENV, cop_check, leaks, mkdocs_build, run, write_site

BASE = {
    "content/index.md": "# Home\n\nWelcome.\n",
    "content/partners/valley-college.md": "---\nname: Valley College\ncategory: higher-education\nlevel: regional\n---\nA college.\n",
    "content/partners/state-agency.md": "---\nname: State Agency\ncategory: agency\nlevel: state\n---\n",
    "content/groups/pathways/index.md": "---\nname: Pathways\nfocus: Linking school to college.\nmembers: [valley-college]\n---\n",
    "content/groups/pathways/2025-01-10-kickoff.md": "---\ntitle: Kickoff\ndate: 2025-01-10\nattendees: [valley-college]\n---\nWe met.\n",
}


def build_and_scan(site: Path, secrets: list[str], *extra: str) -> tuple[str, Path]:
    build, out = mkdocs_build(site, *extra)
    assert "Traceback" not in build.output, build.output
    assert out.is_dir(), build.output
    found = leaks(out, secrets)
    assert not found, f"leaked: {found}\n{build.output}"
    return build.output, out


# -- draft: only true and false are answers ------------------------------------------------
ODD_DRAFTS = ["yes", '"true"', "1", "", "on"]
DRAFT_FILES = {
    "partner": ("content/partners/odd.md", "---\nname: ODD-PARTNER-NAME\ncategory: agency\ndraft: {v}\n---\nODD-BODY\n"),
    "group": ("content/groups/odd/index.md", "---\nname: ODD-GROUP-NAME\nfocus: ODD-FOCUS\ndraft: {v}\n---\nODD-BODY\n"),
    "note": ("content/groups/pathways/2025-02-01-odd.md", "---\ntitle: ODD-NOTE-TITLE\ndate: 2025-02-01\ndraft: {v}\n---\nODD-BODY\n"),
    "scenario": ("content/scenarios/odd.md", "---\ntitle: ODD-SCENARIO-TITLE\ndraft: {v}\n---\nODD-BODY\n"),
    "page": ("content/odd-page.md", "---\ntitle: ODD-PAGE-TITLE\ndraft: {v}\n---\nODD-BODY\n"),
}


@pytest.mark.parametrize("value", ODD_DRAFTS, ids=["yes", "quoted-true", "1", "empty", "on"])
def test_an_odd_draft_value_is_an_error_and_the_file_is_withheld(tmp_path: Path, value: str) -> None:
    """A file of each kind with the odd value, all in one site (a build and a check per value,
    not per file): each file is reported on a line of its own, in the check and in the build,
    and none reaches the site."""
    site = write_site(tmp_path / "site", {**BASE, **{path: text.format(v=value) for path, text in DRAFT_FILES.values()}})
    check = cop_check(site)
    assert check.returncode == 1
    output, out = build_and_scan(site, ["ODD-"])
    for kind, (path, _) in DRAFT_FILES.items():
        for command, said in (("check", check.stdout), ("build", output)):
            lines = [line for line in said.splitlines() if f"{path}:" in line and "'draft' must be true or false" in line]
            assert lines, f"{kind} ({path}) not reported by {command}:\n{said}"
    assert ">Draft" not in (out / "index.html").read_text("utf-8")


def test_draft_false_and_true_mean_what_they_say(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            **BASE,
            "content/partners/shown.md": "---\nname: SHOWN-PARTNER\ncategory: agency\ndraft: false\n---\n",
            "content/partners/hidden.md": "---\nname: HIDDEN-PARTNER\ncategory: agency\ndraft: True\n---\n",
        },
    )
    assert cop_check(site).returncode == 0
    _, out = build_and_scan(site, ["HIDDEN-PARTNER"], "--strict")
    assert "SHOWN-PARTNER" in (out / "partners/shown/index.html").read_text("utf-8")


# -- a draft group withholds its whole folder ----------------------------------------------
def test_a_draft_group_withholds_its_notes_files_and_every_trace(tmp_path: Path) -> None:
    files = {
        **BASE,
        "content/groups/secret/index.md": "---\nname: SECRET-GROUP\nfocus: SECRET-FOCUS\ndraft: true\nmembers: [state-agency]\n---\n",
        "content/groups/secret/2025-03-01-meeting.md": (
            "---\ntitle: SECRET-NOTE-TITLE\ndate: 2025-03-01\nattendees: [valley-college, state-agency]\n---\nSECRET-NOTE-BODY with [[valley-college]].\n"
        ),
        "content/groups/secret/agenda.txt": "SECRET-ATTACHMENT\n",
        "content/groups/secret/chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'><title>SECRET-PICTURE</title></svg>",
        "content/elsewhere/2025-04-01-outside.md": "---\ntype: note\ngroup: secret\ntitle: SECRET-OUTSIDE-NOTE\ndate: 2025-04-01\n---\n",
    }
    site = write_site(tmp_path / "site", files)
    check = cop_check(site)
    assert check.returncode == 0, check.output  # a draft is not a problem
    _, out = build_and_scan(site, ["SECRET-"], "--strict")
    assert not (out / "groups/secret").exists()
    assert not (out / "elsewhere/2025-04-01-outside").exists()
    data = json.loads((out / "cop.json").read_text("utf-8"))
    assert set(data["groups"]) == {"pathways"}
    assert all(not key.startswith("secret/") for key in data["notes"])
    partner = (out / "partners/valley-college/index.html").read_text("utf-8")
    assert "2025-03-01" not in partner
    generated = tmp_path / "generated"
    assert run([str(BIN / "cop-site"), "generate", str(generated)], site).returncode == 0
    assert not leaks(generated, ["SECRET-"])


def test_a_group_that_cannot_be_read_withholds_its_folder(tmp_path: Path) -> None:
    files = {
        **BASE,
        "content/groups/broken/index.md": "---\nname: [Broken\ndraft: true\n---\n",
        "content/groups/broken/2025-03-01-meeting.md": "---\ntitle: BROKEN-GROUP-NOTE\ndate: 2025-03-01\n---\n",
    }
    site = write_site(tmp_path / "site", files)
    output, _ = build_and_scan(site, ["BROKEN-GROUP-NOTE"])
    assert "content/groups/broken/index.md:" in output


# -- the private overlay inside the content folder -----------------------------------------
@pytest.mark.parametrize("edition", ["public", "internal"])
def test_a_private_dir_inside_the_content_folder_is_refused_and_not_published(tmp_path: Path, edition: str) -> None:
    files = {
        **BASE,
        "content/private/partners/valley-college.md": "---\nprivate:\n  fears: OVERLAY-FEAR\n---\nOVERLAY-BODY\n",
    }
    site = write_site(tmp_path / "site", files, options=f"private_dir: content/private\nedition: {edition}")
    check = cop_check(site)
    assert check.returncode == 1
    assert "'private_dir' ('content/private') is inside the content folder" in check.stdout, check.output
    output, _ = build_and_scan(site, ["OVERLAY-"])
    assert "is inside the content folder" in output


# -- symbolic links ------------------------------------------------------------------------
def test_a_linked_folder_is_read_as_mkdocs_reads_it(tmp_path: Path) -> None:
    """A link inside the site's folder is followed by both MkDocs and cop-site: its drafts
    are withheld and `check` sees the same files the build publishes."""
    files = {
        **BASE,
        "shared/linked-group/index.md": "---\nname: Linked Group\nfocus: Shared from elsewhere.\nmembers: [state-agency]\n---\n",
        "shared/linked-group/2025-06-01-shadow.md": "---\ntitle: LINKED-DRAFT\ndate: 2025-06-01\ndraft: true\n---\nLINKED-DRAFT-BODY\n",
        "shared/linked-group/2025-06-02-typo.md": "---\ntitle: Typo\ndate: 2025-06-02\nattendees: [state-agensy]\n---\n",
    }
    site = write_site(tmp_path / "site", files)
    (site / "content/groups/linked").symlink_to(site / "shared/linked-group", target_is_directory=True)
    check = cop_check(site)
    assert "content/groups/linked/2025-06-02-typo.md:4: unknown partner 'state-agensy'" in check.stdout, check.output
    output, out = build_and_scan(site, ["LINKED-DRAFT"])
    assert "content/groups/linked/2025-06-02-typo.md:4" in output
    assert "Linked Group" in (out / "groups/linked/index.html").read_text("utf-8")


@pytest.mark.parametrize("where", ["outside-the-site", "into-the-private-folder", "a-loop"])
def test_a_link_that_reaches_where_it_must_not_is_refused(tmp_path: Path, where: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# OUTSIDE-SECRET\n", "utf-8")
    files = {**BASE, "private/partners/valley-college.md": "---\nprivate:\n  fears: LINKED-OVERLAY\n---\nLINKED-OVERLAY\n"}
    site = write_site(tmp_path / "site", files)
    link = site / "content/extra"
    target = {"outside-the-site": outside, "into-the-private-folder": site / "private", "a-loop": site / "content"}[where]
    link.symlink_to(target, target_is_directory=True)
    started = time.monotonic()
    check = cop_check(site)
    assert check.returncode == 1
    assert "content/extra: this symbolic link is not followed" in check.stdout, check.output
    output, out = build_and_scan(site, ["OUTSIDE-SECRET", "LINKED-OVERLAY"])
    assert "content/extra: this symbolic link is not followed" in output
    assert not (out / "extra").exists()
    assert time.monotonic() - started < 60


# -- strict builds fail even when quiet ----------------------------------------------------
def test_strict_and_quiet_still_fails_and_says_why(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**BASE, "content/partners/lvl.md": "---\nname: Lvl\ncategory: agency\nlevel: distrct\n---\n"})
    build, _ = mkdocs_build(site, "--strict", "-q")
    assert build.returncode != 0, build.output
    assert "content/partners/lvl.md:4: unknown level 'distrct'" in build.output
    assert "Traceback" not in build.output
    clean = write_site(tmp_path / "clean", BASE)
    assert mkdocs_build(clean, "--strict", "-q")[0].returncode == 0


# -- hostile YAML: bounded time and memory -------------------------------------------------
def _bomb() -> str:
    """Nine lists of nine aliases to the list before: 9**9 values from a few hundred bytes."""
    lines = ["alliances: &b0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "---\nname: Bomb\ncategory: agency\n" + "\n".join(lines) + "\n---\n"


BOMB = _bomb()
# Runs a command and prints its peak memory (KB) last: RUSAGE_CHILDREN of this wrapper holds
# only that one command.
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print('PEAK-KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, flush=True)\n"
    "sys.exit(code)\n"
)


def run_boxed(args: list[str], cwd: Path, seconds: float) -> tuple[int, str, float, int]:
    """(exit code, output, seconds taken, peak memory in MB) of one command."""
    import sys

    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-c", MEASURE, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{args[0]} took more than {seconds} s") from None
    output = proc.stdout + proc.stderr
    peak_kb = int(output.rsplit("PEAK-KB", 1)[1].split()[0])
    return proc.returncode, output, time.monotonic() - started, peak_kb // 1024


@pytest.mark.parametrize(
    ("case", "text", "expected"),
    [
        ("alias-bomb", BOMB, "front matter would hold more than 20,000 values once its aliases (*name) are expanded"),
        ("deep-flow", "---\nname: Deep\ncategory: agency\ninterest: " + "[" * 100_000 + "]" * 100_000 + "\n---\n", "nested more than 50 levels deep"),
        ("deep-block", "---\nname: Deep\ncategory: agency\ninterest:\n" + "".join(" " * i + "- a:\n" for i in range(0, 6000, 2)) + "---\n", "more than 50"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else "",
)
def test_hostile_yaml_is_a_line_not_a_hang(tmp_path: Path, case: str, text: str, expected: str) -> None:
    assert len(BOMB) < 600  # a few hundred bytes that would expand to 9**9 values
    site = write_site(tmp_path / "site", {**BASE, "content/partners/bomb.md": text})
    for args in ([str(BIN / "cop-site"), "check"], [str(BIN / "mkdocs"), "build", "--strict"]):
        code, output, seconds, peak = run_boxed(args, site, 60)
        assert code != 0, output
        assert "content/partners/bomb.md:" in output and expected in output, output
        assert "Traceback" not in output and "RecursionError" not in output
        assert seconds < 30, f"{args[0]} took {seconds:.1f} s"
        assert peak < 400, f"{args[0]} peaked at {peak} MB"


# -- YAML 1.1 surprises --------------------------------------------------------------------
def test_text_stays_text(tmp_path: Path) -> None:
    files = {
        **BASE,
        "content/partners/norway.md": "---\nname: NO\ncategory: agency\ninterest: on\nvalues: 1.10\ndesired_outcomes: 007\n---\n",
        "content/groups/pathways/2025-05-01-morning.md": "---\ntitle: 10:30\ndate: 2025-05-01\n---\n",
    }
    site = write_site(tmp_path / "site", files)
    _, out = build_and_scan(site, [], "--strict")
    partner = (out / "partners/norway/index.html").read_text("utf-8")
    assert "<h1>NO</h1>" in partner or ">NO<" in partner
    for value in ("on", "1.10", "007"):
        assert f"</strong> {value}" in partner or f">{value}<" in partner, value
    note = (out / "groups/pathways/2025-05-01-morning/index.html").read_text("utf-8")
    assert "10:30" in note and "630" not in note
    data = json.loads((out / "cop.json").read_text("utf-8"))
    assert data["notes"]["pathways/2025-05-01-morning"]["title"] == "10:30"
    assert data["partners"]["norway"]["name"] == "NO"


# -- wikilinks -----------------------------------------------------------------------------
CODE_PAGE = """\
# Code

Inline `[[nowhere-one]]` and ``two `[[nowhere-two]]` ticks`` stay literal.

    [[nowhere-three]] in an indented block

```text
[[nowhere-four]]
```

~~~~
[[nowhere-five]]
~~~
[[nowhere-six]]
~~~~

````md
```
[[nowhere-seven]]
```
````

Named: [[valley-college|]] and [[valley-college| ]] and [[group:pathways]].
"""


def test_wikilinks_in_code_stay_literal_and_empty_labels_use_the_name(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**BASE, "content/code.md": CODE_PAGE})
    check = cop_check(site)
    assert check.returncode == 0, check.output
    _, out = build_and_scan(site, [], "--strict")
    page = (out / "code/index.html").read_text("utf-8")
    for n in ("one", "two", "three", "four", "five", "six", "seven"):
        assert f"[[nowhere-{n}]]" in page, n
    assert page.count('href="../partners/valley-college/">Valley College</a>') == 2
    assert '<a href="../groups/pathways/">Pathways</a>' in page
    assert "></a>" not in page.split('<article')[1].split('</article>')[0]


def test_a_consultancy_presented_by_a_draft_partner_names_nobody(tmp_path: Path) -> None:
    files = {
        **BASE,
        "content/partners/hidden-presenter-x.md": "---\nname: HIDDEN-PRESENTER\ncategory: agency\ndraft: true\n---\n",
        "content/groups/pathways/2025-02-01-consult.md": (
            "---\ntitle: Consultancy\ndate: 2025-02-01\nkind: consultancy\npresenter: hidden-presenter-x\nproblem: A problem.\n---\n"
        ),
    }
    site = write_site(tmp_path / "site", files)
    assert cop_check(site).returncode == 0  # a draft presenter is not a mistake
    build_and_scan(site, ["hidden-presenter-x", "HIDDEN-PRESENTER"], "--strict")

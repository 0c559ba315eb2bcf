"""The example site: the first thing a new user builds. It must check clean, build strict,
publish nothing private, and answer "who isn't here?" in a way a reader can verify."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from cop_site.settings import build_settings
from cop_site.yamlio import load_config_file
from helpers import ROOT, cop_check

# The overview's columns follow the taxonomy's order (the example site uses the defaults).
TAXONOMY_ORDER = list(build_settings({}, ROOT)[0].taxonomy.categories)
# The example's topic labels, as its mkdocs.yml gives them.
TOPIC_LABELS = next(p["cop-site"] for p in load_config_file((ROOT / "mkdocs.yml").read_text("utf-8"))["plugins"] if isinstance(p, dict))["topics"]


@pytest.fixture(scope="module")
def data(example_build: tuple[Path, object]) -> dict:
    out, _ = example_build
    return json.loads((out / "cop.json").read_text("utf-8"))


def test_example_checks_clean() -> None:
    result = cop_check(ROOT)
    assert result.returncode == 0, result.output


def test_example_is_a_believable_community(data: dict) -> None:
    partners = data["partners"]
    assert len(partners) >= 15
    assert len({c for p in partners.values() for c in p["category"]}) >= 8
    assert len(data["groups"]) >= 3 and len(data["scenarios"]) >= 3
    assert len(data["notes"]) >= 8
    assert len({n["kind"] for n in data["notes"].values()}) >= 3


def test_nothing_private_or_draft_in_any_output_file(example_build: tuple[Path, object]) -> None:
    out, _ = example_build
    markers = []
    for path in (ROOT / "content").rglob("*.md"):
        text = path.read_text("utf-8")
        markers += re.findall(r"PRIVATE-[A-Z]+[^\n\"']*", text)
        if re.search(r"^draft: true$", text, re.M):
            markers += re.findall(r"DRAFT-ONLY[^\n\"']*", text)
    assert markers, "the example content carries PRIVATE- and DRAFT-ONLY markers to scan for"
    leaks = []
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        blob = path.read_bytes()
        if path.suffix == ".gz":
            blob = gzip.decompress(blob)
        for marker in ("PRIVATE-", "DRAFT-ONLY"):
            if marker.encode() in blob:
                leaks.append(f"{path.relative_to(out)} contains {marker}")
    assert not leaks


def test_every_group_gap_page_has_a_missing_category_and_checkable_invitations(example_build: tuple[Path, object], data: dict) -> None:
    out, _ = example_build
    partners, groups = data["partners"], data["groups"]
    labels = {}
    for slug in groups:
        gap = data["gaps"][f"groups/{slug}"]
        assert gap["missing_categories"], slug
        assert gap["invitations"], slug
        page = (out / gap["url"] / "index.html").read_text("utf-8")
        present = set(gap["present"])
        for inv in gap["invitations"]:
            partner = partners[inv["partner"]]
            assert inv["partner"] not in present, "someone present is never invited"
            assert inv["partner"] not in groups[slug]["members"]
            assert partner["name"].replace("&", "&amp;") in page
            for reason in inv["reasons"]:
                if reason.startswith("in a missing category"):
                    assert set(partner["category"]) & set(gap["missing_categories"]), reason
                elif reason.startswith("shares the topic"):
                    shared = reason.split(" ", 3)[3].split(", ")  # topics by their labels (mkdocs.yml `topics`)
                    both = set(partner["topics"]) & set(groups[slug]["topics"])
                    assert set(shared) <= {TOPIC_LABELS.get(t, t.replace("-", " ")) for t in both}, reason
                elif reason.startswith("allied with"):
                    assert set(partner["alliances"]) & present, reason
                elif reason.startswith("works at a missing level"):
                    assert partner["level"] in gap["missing_levels"], reason
                elif reason.startswith(("invited on ", "declined on ")):  # the group's outreach, as of the build date
                    when = reason.split(" ")[2].rstrip(",")
                    assert any(e["partner"] == inv["partner"] and e["date"] == when for e in gap["outreach"]), reason
                else:
                    pytest.fail(f"unexplained reason {reason!r}")
        scores = [(-i["score"], i["partner"]) for i in gap["invitations"]]
        assert scores == sorted(scores), "ranked by score, then slug"
        labels[slug] = page
    assert labels


def test_overview_matrix_agrees_with_gap_pages(example_build: tuple[Path, object], data: dict) -> None:
    out, _ = example_build
    overview = (out / "gaps/index.html").read_text("utf-8")
    for key, counts in data["overview"]["coverage"].items():
        gap = data["gaps"][key]
        present_from_counts = sorted(c for c, n in counts.items() if n)
        assert present_from_counts == gap["present_categories"], key
        href = re.escape(key.split("/")[0]) + "/" + re.escape(key.split("/")[1])
        row = re.search(r'<tr>\s*<th scope="row">[^<]*<a href="' + href + r'/">.*?</tr>', overview, re.S)
        assert row, key
        cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)[:-1]  # the row's name is its header cell
        numbers = [int(c) if c.isdigit() else 0 for c in cells]
        assert numbers == [counts[c] for c in TAXONOMY_ORDER], key
        assert row.group(0).count("— missing") == len(gap["missing_categories"]), key


def test_the_example_sites_own_lens_answers(example_build: tuple[Path, object], data: dict) -> None:
    out, _ = example_build
    findings = {key: gap.get("findings", []) for key, gap in data["gaps"].items()}
    rural = [key for key, fs in findings.items() if any(f["lens"] == "rural" for f in fs)]
    assert rural, findings
    page = (out / data["gaps"][rural[0]]["url"] / "index.html").read_text("utf-8")
    assert "No rural district at the table" in page


def test_the_example_shows_every_version_2_field(data: dict) -> None:
    """Issue 11: the example site is where readers first see the instruments, so each new
    field carries believable data there."""
    partners = data["partners"].values()
    assert sum(1 for p in partners if p["resources"] and p["information_needs"]) >= 5
    agreements = [p["agreement"] for p in partners if p["agreement"]]
    assert len(agreements) >= 4 and any(a["notes"] for a in agreements)
    assert all(any(a[s] for a in agreements) for s in ("agreed", "drafting", "open"))
    trends = {t for p in partners for t in p["assessment_trend"].values()}
    assert {"up", "down", "same", "new"} <= trends
    assert all(len(g["condition_assessments"]) == 2 and all(a["date"] for a in g["condition_assessments"]) for g in data["groups"].values())
    for slug in data["groups"]:
        consultancies = [n for n in data["notes"].values() if n["group"] == slug and n["kind"] == "consultancy" and n["presenter"]]
        assert consultancies and all(n["problem"] and n["question"] and n["feedback"] for n in consultancies), slug
    assert all(s["goal"] for s in data["scenarios"].values())
    overview = data["overview"]
    placed = sum(len(v) for v in overview["grid"].values())
    assert placed >= 15 and 1 <= len(overview["grid_unplaced"]) <= 5
    assert placed + len(overview["grid_unplaced"]) == len(data["partners"])
    assert set(overview["conditions"]) == set(data["groups"])


MOVE_WORDS = {"up": "↑ up", "down": "↓ down", "same": "→ same", "new": "new"}


def test_each_profile_shows_every_indicator_and_its_move_as_cop_json_says(example_build: tuple[Path, object], data: dict) -> None:
    """Issue 11: a profile lists all 13 indicators by domain (unrated ones as such), each
    rated one with the move cop.json gives it, and its pictures have a name and a table."""
    out, _ = example_build
    checked = 0
    for slug, partner in data["partners"].items():
        if not partner["assessments"]:
            continue
        page = (out / partner["url"] / "index.html").read_text("utf-8")
        section = page.split('id="partnership-self-assessment"', 1)[1]
        rows = {
            re.sub(r"<[^>]+>", "", row[0]).strip(): [re.sub(r"<[^>]+>", "", c).strip() for c in row[1:]]
            for row in (re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S) for r in re.findall(r"<tr>(.*?)</tr>", section.split('id="history"')[0], re.S))
            if row and row[0] != "Indicator"
        }
        assert len(rows) == 13, (slug, sorted(rows))
        for indicator, move in partner["assessment_trend"].items():
            matching = [cells for name, cells in rows.items() if re.sub("[^a-z]", "", name.lower()) == indicator.replace("-", "")]
            assert matching and matching[0][-1] == MOVE_WORDS[move], (slug, indicator, move, matching)
        rated = {ind for a in partner["assessments"] for ind in a["scores"]}
        assert sum(cells[0] == "not rated" for cells in rows.values()) == 13 - len(rated), "an indicator never rated says so"
        for svg in re.findall(r'<svg class="cop-svg" role="img".*?</svg>', page, re.S):
            assert re.search(r'aria-labelledby="([^"]+)"[^>]*><title id="\1">', svg), svg[:200]
        checked += 1
    assert checked >= 3

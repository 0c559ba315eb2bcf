"""Issue 11: the workshop tools as pages. The numbers behind every picture are checked
against the content: each partner in the right grid cell, each stage's count, each
indicator's levels, each group's conditions; every picture is an SVG with role="img", a
title, and a table beside it that holds the same data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import leaks, mkdocs_build, write_site

PARTNERS = {
    # slug: (name, influence, engagement, relationship, latest scores)
    "ash": ("Ash College", "high", "low", "cooperation", {"shared-goals": "emerging", "advocacy": "established"}),
    "birch": ("Birch District", "high", "low", "coordination", {"shared-goals": "emerging"}),
    "cedar": ("Cedar Clinic", "low", "high", "collaboration", {"shared-goals": "developing"}),
    "dogwood": ("Dogwood Employers", "medium", "medium", None, {}),
    "elm": ("Elm Family Network", None, "high", "cooperation", {}),
}


def partner_file(slug: str) -> str:
    name, influence, engagement, stage, scores = PARTNERS[slug]
    lines = [f"name: {name}", "category: community"]
    lines += [f"influence: {influence}"] if influence else []
    lines += [f"engagement: {engagement}"] if engagement else []
    lines += [f"relationship: {stage}"] if stage else []
    if scores:
        lines += ["assessments:", "  - date: 2025-01-01", "    scores:", *(f"      {k}: {v}" for k, v in scores.items())]
    lines += ["private:", "  fears: TOOLS-PRIVATE-FEAR"]
    return "---\n" + "\n".join(lines) + "\n---\n"


FILES = {
    "content/index.md": "# Home\n",
    **{f"content/partners/{slug}.md": partner_file(slug) for slug in PARTNERS},
    "content/partners/secret.md": "---\nname: TOOLS-DRAFT-PARTNER\ncategory: agency\ninfluence: high\nengagement: high\ndraft: true\n---\n",
    "content/groups/alpha/index.md": (
        "---\nname: Alpha Group\nfocus: A focus.\nmembers: [ash, cedar]\nconditions: {common-agenda: established, shared-measurement: emerging}\n---\n"
    ),
    "content/groups/beta/index.md": "---\nname: Beta Group\nfocus: Another.\nmembers: [birch]\n---\n",
    "content/scenarios/work.md": "---\ntitle: Shared Work\ngroups: [alpha]\npartners: [ash]\n---\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("tools") / "site", FILES)
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    return out


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text("utf-8")


def rows(html: str) -> list[list[str]]:
    """The table rows (after the header) as lists of cell texts."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.parametrize("path", ["grid/", "stages/", "rubric/", "conditions/", "map/"])
def test_every_picture_is_an_svg_with_a_name_and_a_table(built: Path, path: str) -> None:
    html = page(built, path)
    svgs = re.findall(r'<svg class="cop-svg".*?</svg>', html, re.S)  # ours, not the theme's icons
    assert svgs, path
    for svg in svgs:
        assert 'role="img"' in svg
        label = re.search(r'aria-labelledby="([^"]+)"', svg)
        assert label and f'<title id="{label.group(1)}">' in svg
        assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    figure = re.search(r'<figure class="cop-figure">(.*?)</figure>', html, re.S)
    assert figure and "<svg" in figure.group(1) and "<table" in figure.group(1), "the picture's table sits beside it"


def test_the_grid_places_each_partner_in_its_cell(built: Path) -> None:
    html = page(built, "grid/")
    table = {r[0]: r for r in rows(html.split('<figure class="cop-figure">', 1)[1])}
    assert table["High influence, low engagement"][1:3] == ["2", "Ash College, Birch District"]
    assert table["Low influence, high engagement"][1:3] == ["1", "Cedar Clinic"]
    assert table["Medium influence, medium engagement"][1:3] == ["1", "Dogwood Employers"]
    assert sum(int(r[1]) for r in table.values()) == 4
    assert "Elm Family Network" in html.split("Not yet placed", 1)[1]  # no influence rating
    layer = re.search(r'<svg class="cop-svg cop-svg-links" aria-hidden="true".*?</svg>', html, re.S).group(0)
    assert layer.count('href="../partners/') == 4, "each placed partner is a mark that links to its page"


def test_stages_count_partners(built: Path) -> None:
    html = page(built, "stages/")
    table = {r[0]: r[1] for r in rows(html)}
    assert table == {"Cooperation": "2", "Coordination": "1", "Collaboration": "1", "No stage recorded": "1"}
    assert "2 partners" in re.search(r'<svg class="cop-svg".*?</svg>', html, re.S).group(0)


def test_rubric_counts_each_indicators_levels(built: Path) -> None:
    html = page(built, "rubric/")
    counts = {r[0]: r[1:] for r in rows(html.split('<figure class="cop-figure">', 1)[1])}
    # columns: Emerging, Developing, Established, Transformational, Not rated (of 3 assessed partners)
    assert counts["Shared goals"] == ["2", "1", "0", "0", "0"]
    assert counts["Advocacy"] == ["0", "0", "1", "0", "2"]
    assert len(counts) == 13, "every indicator, rated or not"
    # partners, groups and scenarios alike since issue 19; this site assesses partners only
    latest = {r[0]: r for r in rows(html.split('id="each-ones-latest-level"', 1)[1])}
    assert set(latest) == {"Ash College", "Birch District", "Cedar Clinic"}


def test_conditions_show_each_groups_latest_levels(built: Path) -> None:
    html = page(built, "conditions/")
    table = {r[0]: r[1:] for r in rows(html.split('<figure class="cop-figure">', 1)[1])}
    assert table == {"Alpha Group": ["Established", "Emerging", "not rated", "not rated", "not rated"]}


def test_the_map_says_who_works_with_whom(built: Path) -> None:
    """Issue 23: a partner per row with its groups, shared work and allies (only partners with
    a connection), each box of the picture linking to its page; and each group's own map."""
    html = page(built, "map/")
    table = {r[0]: r[1:] for r in rows(html.split('<figure class="cop-figure">', 1)[1])}
    assert table == {
        "Ash College": ["Alpha Group", "Shared Work", "none"],
        "Birch District": ["Beta Group", "none", "none"],
        "Cedar Clinic": ["Alpha Group", "none", "none"],
    }
    picture = html.split('<svg class="cop-svg" role="img"', 1)[1].split("</svg>", 1)[0]
    for name in ("Ash College", "Cedar Clinic", "Alpha Group", "Beta Group", "Shared Work"):
        assert f">{name}</text>" in picture, name
    assert picture.count("<line ") == 4  # ash, cedar -> alpha; birch -> beta; alpha -> the work
    assert 'href="alpha/"' in html and 'href="beta/"' in html
    alpha = page(built, "map/alpha/")
    members = {r[0]: r[1:] for r in rows(alpha.split('<figure class="cop-figure">', 1)[1])}
    assert members == {"Ash College": ["none", "none"], "Cedar Clinic": ["none", "none"]}


def test_the_tools_are_in_the_sidebar_once_and_nothing_private_or_draft_leaks(built: Path) -> None:
    home = page(built, "")
    nav = home.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("Workshop tools") == 1, "one sidebar entry, however many tools"
    tools = page(built, "tools/")
    for path in ("grid/", "stages/", "rubric/", "conditions/", "map/"):
        assert f'href="../{path}"' in tools, path
        assert f'href="{path}"' not in nav, "the tools are reached from their page, not listed on every page"
    assert not leaks(built, ["TOOLS-PRIVATE-FEAR", "TOOLS-DRAFT-PARTNER"])


def test_a_groups_map_shows_the_groups_its_members_share(tmp_path: Path) -> None:
    """A group's own map draws the other groups two or more of its members sit in (where they
    meet one another); a group only one of them sits in stays out of the picture, and the
    table still lists it beside that member."""
    partner = "---\nname: {}\ncategory: community\n---\n"
    files = {
        "content/index.md": "# Home\n",
        "content/partners/ash.md": partner.format("Ash College"),
        "content/partners/birch.md": partner.format("Birch District"),
        "content/partners/cedar.md": partner.format("Cedar Clinic"),
        "content/groups/gamma/index.md": "---\nname: Gamma Group\nfocus: F.\nmembers: [ash, birch, cedar]\n---\n",
        "content/groups/delta/index.md": "---\nname: Delta Group\nfocus: F.\nmembers: [ash, birch]\n---\n",
        "content/groups/epsilon/index.md": "---\nname: Epsilon Group\nfocus: F.\nmembers: [cedar]\n---\n",
    }
    result, out = mkdocs_build(write_site(tmp_path / "site", files), "--strict")
    assert result.returncode == 0, result.output
    html = page(out, "map/gamma/")
    picture = html.split('<svg class="cop-svg" role="img"', 1)[1].split("</svg>", 1)[0]
    assert ">Gamma Group</text>" in picture and ">Delta Group</text>" in picture
    assert "Epsilon Group" not in picture
    assert picture.count("<line ") == 5  # three members -> gamma; ash, birch -> delta
    table = {r[0]: r[1:] for r in rows(html.split('<figure class="cop-figure">', 1)[1])}
    assert table["Cedar Clinic"] == ["Epsilon Group", "none"]
    assert table["Ash College"] == ["Delta Group", "none"]

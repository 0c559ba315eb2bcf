"""Issue 18, round 3: what a careless or hostile editor can write. Each class of input is
built into a real site in a temp dir; every output file is scanned for sentinels (gzip
unpacked), and every XML, JSON and CSV file is read back by a real reader."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import networkx as nx
import pytest

from helpers import BIN, cop_check, leaks, mkdocs_build, run, write_site

SITE_URL = "https://example-sea.github.io/cop/"


def config(options: str = "") -> str:
    opts = (":\n" + "\n".join("      " + line for line in options.strip("\n").splitlines())) if options.strip() else ""
    return f"site_name: Hostile site\nsite_url: {SITE_URL}\ndocs_dir: content\ntheme:\n  name: material\nplugins:\n  - search\n  - cop-site{opts}\n"


GROUP = "---\nname: Pathways\nfocus: College and career pathways\nmembers: [valley-college]\n---\n"
PARTNER = "---\nname: Valley College\ncategory: higher-education\n---\nA college.\n"


def no_nan(value: str) -> object:
    raise AssertionError(f"{value} is not JSON")


def read_back(out: Path) -> dict[str, object]:
    """Every XML, JSON and CSV output parsed by a real reader: path -> what it gave."""
    read: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.suffix in (".xml", ".gexf", ".graphml"):
            read[rel] = ET.parse(path)
        elif path.suffix == ".json":
            read[rel] = json.loads(path.read_text("utf-8"), parse_constant=no_nan)
        elif path.suffix == ".csv":
            read[rel] = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    read["feed"] = feed
    read["gexf"] = nx.read_gexf(out / "exports/network.gexf")
    read["graphml"] = nx.read_graphml(out / "exports/network.graphml")
    return read


# -- published where it must not be -------------------------------------------------------

PAGES_MKDOCS_CANNOT_READ = {
    # No line break after the closing '---': MkDocs' reader needs one.
    "content/no-newline.md": "---\ntitle: No line break\nprivate:\n  phone: PRIVATE-NONEWLINE\n---",
    # A date that does not exist: MkDocs' YAML reader raises, and shows the whole file.
    "content/bad-date.md": (
        "---\ntitle: Impossible date\ndate: 2024-02-30\nprivate:\n  phone: PRIVATE-BADDATE\n---\n# Impossible date\n\nVISIBLE-BADDATE text.\n"
    ),
    # `private:` further down is private too.
    "content/nested.md": "---\ntitle: Nested\nextra:\n  private: PRIVATE-NESTEDPAGE\n---\n# Nested\n\nVISIBLE-NESTED text.\n",
    # A block never closed: a problem, and nothing of it published as text.
    "content/never-closed.md": "---\ntitle: Never closed\nprivate:\n  phone: PRIVATE-NEVERCLOSED\n",
}


def test_front_matter_mkdocs_cannot_read_is_read_once_by_cop_site(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/index.md": "# Home\n", **PAGES_MKDOCS_CANNOT_READ}, config=config())
    build, out = mkdocs_build(site)
    assert build.returncode == 0, build.output
    assert not leaks(out, ["PRIVATE-"]), build.output
    page = (out / "bad-date/index.html").read_text("utf-8")
    assert "VISIBLE-BADDATE" in page and "<title>Impossible date" in page
    assert "2024-02-30" not in page  # the front matter is not the page's text
    assert "VISIBLE-NESTED" in (out / "nested/index.html").read_text("utf-8")
    assert "<title>No line break" in (out / "no-newline/index.html").read_text("utf-8")
    # The block never closed is a problem with its line, in check and in a strict build.
    said = "content/never-closed.md:1: the front matter that starts on line 1 is never closed"
    check = cop_check(site)
    assert check.returncode != 0 and said in check.output, check.output
    strict, _ = mkdocs_build(site, "--strict", dest=tmp_path / "strict")
    assert strict.returncode != 0 and said in strict.output, strict.output
    # `cop-site generate` reads the same way and writes no private field either.
    gen = run([str(BIN / "cop-site"), "generate", str(tmp_path / "plain")], site)
    assert gen.returncode == 0, gen.output
    assert not leaks(tmp_path / "plain", ["PRIVATE-"])


def test_extra_fields_take_no_reserved_name_and_keep_private_private(tmp_path: Path) -> None:
    options = "extra_fields:\n  partner: [region, private, url, groups, name, score, tags, blob]"
    partner = (
        "---\nname: Valley College\ncategory: higher-education\n"
        "region: {name: North, private: {phone: PRIVATE-REGION}}\n"
        "private: {phone: PRIVATE-PHONE}\n"
        "url: 'javascript:alert(1)'\n"
        "score: !!float .nan\n"
        "tags: !!set {a, b}\n"
        "blob: !!binary aGVsbG8=\n"
        "---\nA college.\n"
    )
    files = {"content/index.md": "# Home\n", "content/partners/valley-college.md": partner, "content/groups/pathways/index.md": GROUP}
    site = write_site(tmp_path / "site", files, config=config(options))
    check = cop_check(site)
    for name in ("private", "url", "groups", "name"):
        assert f"mkdocs.yml: cop-site option 'extra_fields' names '{name}' for a partner" in check.output, check.output
    lines = {"score": 7, "tags": 8, "blob": 9}
    for name, line in lines.items():
        assert f"content/partners/valley-college.md:{line}: '{name}' must be plain text" in check.output, check.output
    assert "Traceback" not in check.output
    build, out = mkdocs_build(site)
    assert build.returncode == 0 and "Traceback" not in build.output, build.output
    assert not leaks(out, ["PRIVATE-", "javascript:"])
    data = read_back(out)["cop.json"]
    assert isinstance(data, dict)
    record = data["partners"]["valley-college"]
    assert record["url"] == "partners/valley-college/" and record["groups"] == ["pathways"] and record["name"] == "Valley College"
    assert record["region"] == {"name": "North"}
    # Every key cop.json writes for a partner is reserved (a new key must join model.EXPORT_KEYS).
    from cop_site.model import reserved_fields

    assert set(record) - reserved_fields("partner") - {"private", "draft"} == {"region"}
    assert not {"score", "tags", "blob", "private"} & set(record)


def test_private_fields_take_plain_values_too_for_the_internal_cop_json(tmp_path: Path) -> None:
    partner = "---\nname: Valley College\ncategory: higher-education\nprivate:\n  score: !!float .nan\n  blob: !!binary aGVsbG8=\n  note: kept\n---\n"
    files = {"content/index.md": "# Home\n", "content/partners/valley-college.md": partner}
    site = write_site(tmp_path / "site", files, config=config("edition: internal"))
    check = cop_check(site)
    for name, line in (("score", 5), ("blob", 6)):
        assert f"content/partners/valley-college.md:{line}: 'private' ({name}) must be plain text" in check.output, check.output
    build, out = mkdocs_build(site)
    assert build.returncode == 0 and "Traceback" not in build.output, build.output
    data = read_back(out)["cop.json"]
    assert data["partners"]["valley-college"]["private"] == {"note": "kept"}  # type: ignore[index]


def test_feeds_name_no_draft_partner_in_the_internal_edition(tmp_path: Path) -> None:
    files = {
        "content/index.md": "# Home\n",
        "content/partners/valley-college.md": PARTNER,
        "content/partners/quiet.md": "---\nname: DRAFTNAME Quiet Partner\ncategory: community\ndraft: true\n---\n",
        "content/groups/pathways/index.md": GROUP,
        "content/groups/pathways/2025-01-10-kickoff.md": "---\ntitle: Kickoff\ndate: 2025-01-10\nattendees: [valley-college, quiet]\n---\nWe met.\n",
    }
    site = write_site(tmp_path / "site", files, config=config("edition: internal"))
    build, out = mkdocs_build(site)
    assert build.returncode == 0, build.output
    feeds = sorted(out.rglob("feed.xml"))
    assert len(feeds) == 2
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo and feed.entries[0].summary.count("Valley College") == 1
        assert b"DRAFTNAME" not in path.read_bytes(), path
    assert "DRAFTNAME" in (out / "partners/quiet/index.html").read_text("utf-8")  # the internal edition shows drafts


def test_generate_never_writes_into_the_content_folder(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/index.md": "# Home\n", "content/partners/valley-college.md": PARTNER}, config=config())
    before = {p: p.read_bytes() for p in (site / "content").rglob("*") if p.is_file()}
    out = tmp_path / "plain"
    first = run([str(BIN / "cop-site"), "generate", str(out)], site)
    assert first.returncode == 0, first.output
    # The generated docs folder replaced by a link back to the sources; then one page only.
    shutil.rmtree(out / "docs")
    os.symlink(site / "content", out / "docs")
    refused(site, out, before)
    (out / "docs").unlink()
    assert run([str(BIN / "cop-site"), "generate", str(out)], site).returncode == 0
    (out / "docs/partners/valley-college.md").unlink()
    os.symlink(site / "content/partners/valley-college.md", out / "docs/partners/valley-college.md")
    refused(site, out, before)


def refused(site: Path, out: Path, before: dict[Path, bytes]) -> None:
    again = run([str(BIN / "cop-site"), "generate", str(out)], site)
    assert again.returncode == 1, again.output
    assert "a symbolic link leads this file to" in again.output and "nothing was written" in again.output, again.output
    assert "Traceback" not in again.output
    assert {p: p.read_bytes() for p in (site / "content").rglob("*") if p.is_file()} == before


# -- outputs that other programs cannot read ------------------------------------------------

CONTROL = r"\x01\b\v\x1f\uFFFF"  # as a YAML double-quoted escape: U+0001, U+0008, U+000B, U+001F, U+FFFF
HOSTILE_FILES = {
    "content/index.md": "# Home\n",
    "content/partners/valley-college.md": f'---\nname: "Valley{CONTROL} College"\ncategory: higher-education\n---\nA college.\n',
    "content/partners/formula.md": '---\nname: \'=HYPERLINK("http://evil.example","x")\'\ncategory: community\n---\n',
    "content/partners/plus.md": '---\nname: "+1 Partner"\ncategory: community\ntopics: ["-2"]\n---\n',
    "content/partners/at.md": '---\nname: "@SUM(A1) & <Friends>"\ncategory: community\n---\n',
    "content/partners/tab.md": '---\nname: "\\t=1+1"\ncategory: community\n---\n',
    "content/groups/pathways/index.md": (
        '---\nname: "Path\\x01ways"\nfocus: "-Focus=1"\nmembers: [{partner: valley-college, role: "=cmd|\' /C calc\'!A0"}, formula, plus, at, tab]\n---\n'
    ),
    "content/groups/pathways/2025-01-10-kickoff.md": '---\ntitle: "Kick\\voff"\ndate: 2025-01-10\nattendees: [valley-college]\n---\nWe\x01 met\x08 today.\n',
}
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    site = write_site(tmp_path_factory.mktemp("hostile"), HOSTILE_FILES, config=config())
    build, out = mkdocs_build(site)
    assert build.returncode == 0 and "Traceback" not in build.output, build.output
    return site, out


def test_control_characters_leave_every_xml_file_readable(hostile: tuple[Path, Path]) -> None:
    site, out = hostile
    read = read_back(out)
    titles = [e.title for e in read["feed"].entries]  # type: ignore[attr-defined]
    assert titles == ["Kickoff"]
    assert "We met today." in read["feed"].entries[0].summary  # type: ignore[attr-defined]
    labels = {data["label"] for _, data in read["gexf"].nodes(data=True)}  # type: ignore[attr-defined]
    assert "Valley College" in labels and "Pathways" in labels
    assert "Valley College" in {data["label"] for _, data in read["graphml"].nodes(data=True)}  # type: ignore[attr-defined]
    # The editor is told where, with the line.
    check = cop_check(site)
    for said in (
        "content/partners/valley-college.md:2: 'name' holds the invisible control character U+0001",
        "content/groups/pathways/index.md:2: 'name' holds the invisible control character U+0001",
        "content/groups/pathways/2025-01-10-kickoff.md:2: 'title' holds the invisible control character U+000B",
        "content/groups/pathways/2025-01-10-kickoff.md:6: the text holds the invisible control character U+0001",
    ):
        assert said in check.output, check.output


def test_no_spreadsheet_cell_is_a_formula(hostile: tuple[Path, Path]) -> None:
    _, out = hostile
    read = read_back(out)
    cells = [cell for name in ("exports/nodes.csv", "exports/edges.csv") for row in read[name][1:] for cell in row]  # type: ignore[index]
    assert cells and not [c for c in cells if c.startswith(FORMULA)], cells
    labels = {row[1] for row in read["exports/nodes.csv"][1:]}  # type: ignore[index]
    assert {'\'=HYPERLINK("http://evil.example","x")', "'+1 Partner", "'@SUM(A1) & <Friends>", "'\t=1+1"} <= labels, labels
    roles = {row[4] for row in read["exports/edges.csv"][1:]}  # type: ignore[index]
    assert "'=cmd|' /C calc'!A0" in roles
    # The other formats keep the text as written: they are not spreadsheets.
    assert '=HYPERLINK("http://evil.example","x")' in {d["label"] for _, d in read["gexf"].nodes(data=True)}  # type: ignore[attr-defined]


# -- crashes and wrong output instead of a sentence -----------------------------------------

MARKER_WORDS = "copsitefragment0 copsitefragment99 copsitelink0z copsitelink7z <!--cop-site:999--> <!--cop-site:0-->"


def test_internal_marker_words_in_text_stay_text(tmp_path: Path) -> None:
    files = {
        "content/index.md": f"# Home\n\nSee [[valley-college]]. {MARKER_WORDS}\n",
        "content/partners/valley-college.md": f"---\nname: Valley College\ncategory: higher-education\n---\nOur words: {MARKER_WORDS}\n",
        "content/groups/pathways/index.md": GROUP + f"\n{MARKER_WORDS}\n",
        "content/groups/pathways/2025-01-10-kickoff.md": f"---\ntitle: Kickoff\ndate: 2025-01-10\nattendees: [valley-college]\n---\n{MARKER_WORDS}\n",
    }
    site = write_site(tmp_path / "site", files, config=config())
    build, out = mkdocs_build(site, "--strict")
    assert build.returncode == 0 and "Traceback" not in build.output, build.output
    for url in ("", "partners/valley-college/", "groups/pathways/", "groups/pathways/2025-01-10-kickoff/"):
        page = (out / url / "index.html").read_text("utf-8")
        for word in ("copsitefragment0", "copsitefragment99", "copsitelink0z", "copsitelink7z"):
            assert page.count(word) == 1, (url, word)
        assert page.count("<h1") == 1, url  # no fragment placed twice
    partner = (out / "partners/valley-college/index.html").read_text("utf-8")
    assert 'id="practice-groups"' in partner and "groups/pathways/" in partner  # the page's own fragments are in place


def test_reserved_slugs_are_refused_with_a_sentence(tmp_path: Path) -> None:
    files = {
        "content/index.md": "# Home\n",
        "content/partners/valley-college.md": "---\nname: Valley College\ncategory: higher-education\ntopics: [pathways, index]\n---\n",
    }
    site = write_site(tmp_path / "site", files, config=config())
    check = cop_check(site)
    assert "content/partners/valley-college.md:4: 'index' in 'topics' is reserved" in check.output, check.output
    build, out = mkdocs_build(site)
    assert build.returncode == 0, build.output
    topics = (out / "topics/index.html").read_text("utf-8")
    assert "<title>Topics" in topics and "topics/pathways/" not in topics.split("<title>")[0]
    new = run([str(BIN / "cop-site"), "new", "partner", "Index"], site)
    assert new.returncode == 1 and "did you mean 'Index Partner'" in new.output, new.output
    assert not (site / "content/partners/index.md").exists()
    assert run([str(BIN / "cop-site"), "new", "scenario", "index"], site).returncode == 1
    # Nor by `type:` in the folder's own page.
    (site / "content/partners/index.md").write_text("---\ntype: partner\nname: Sneaky\ncategory: community\n---\n", "utf-8")
    check = cop_check(site)
    assert "content/partners/index.md:2: a partner cannot have the slug 'index'" in check.output, check.output
    build, out = mkdocs_build(site, dest=tmp_path / "again")
    assert "Sneaky" not in (out / "partners/index.html").read_text("utf-8") and not leaks(out, ["Sneaky"])


def test_reserved_slugs_cover_every_page_the_engine_writes_in_an_entity_folder() -> None:
    from cop_site.model import RESERVED_SLUGS
    from cop_site.render.registry import SITE_PAGES

    for page in SITE_PAGES:
        folder, name = page.src.rsplit("/", 1)
        if folder in ("partners", "scenarios", "topics"):
            assert name[: -len(".md")] in RESERVED_SLUGS, page.src


def test_blank_required_text_is_a_missing_field(tmp_path: Path) -> None:
    files = {"content/index.md": "# Home\n", "content/partners/blank.md": '---\nname: "   "\ncategory: community\n---\n'}
    site = write_site(tmp_path / "site", files, config=config())
    check = cop_check(site)
    assert "content/partners/blank.md:2: missing required field 'name' for a partner: it is there but empty" in check.output, check.output


def test_a_large_group_with_an_ampersand_is_not_an_alias_bomb(tmp_path: Path) -> None:
    from cop_site import yamlio

    members = "".join(f"  - {{partner: p{i}, role: member}}\n" for i in range(4500))  # ~22,500 values, written out
    text = "name: Parents & Teachers\nfocus: Everything\nmembers:\n" + members
    parsed = yamlio.parse(text)
    assert len(parsed.data["members"]) == 4500
    # Aliases still count: a short text that repeats one list many times is refused.
    bomb = "a: &a [" + ", ".join(["x"] * 200) + "]\nb: [" + ", ".join(["*a"] * 200) + "]\n"
    with pytest.raises(yamlio.YamlError, match="once its aliases"):
        yamlio.parse(bomb)


def test_a_file_name_cannot_print_a_ci_command(tmp_path: Path) -> None:
    name = "content/partners/bad\n::error file=x.md::pwned.md"
    site = write_site(tmp_path / "site", {"content/index.md": "# Home\n", name: "---\nname: Bad\n---\n"}, config=config())
    for output in (cop_check(site).output, cop_check(site, "--format", "github").output, mkdocs_build(site)[0].output):
        assert not [line for line in output.splitlines() if re.match(r"\s*::", line) and not line.startswith("::error file=content/partners/bad%0A")], output
        assert "pwned" in output  # the problem is still reported, on one line

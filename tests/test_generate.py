"""Issue 13: `cop-site generate OUT_DIR` writes the public site as plain Markdown and an
mkdocs.yml without the plugin, and the real `mkdocs build --strict`, `zensical build` and
`properdocs build` all build it. A missing generator fails these tests; none is skipped."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import frontmatter
import pytest
import yaml

from helpers import BIN, copy_example, run, write_site
from test_site import FILES, SECRETS


def generate(site: Path, out: Path) -> None:
    result = run([str(BIN / "cop-site"), "generate", str(out)], site)
    assert result.returncode == 0, result.output
    assert "pages and mkdocs.yml written to" in result.output


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory, example_build: tuple[Path, object]) -> tuple[Path, dict]:
    """(the generated folder of the example site, the plugin's cop.json for the same content)."""
    root = tmp_path_factory.mktemp("generate")
    site = copy_example(root / "site")
    generate(site, root / "plain")
    return root / "plain", json.loads((example_build[0] / "cop.json").read_text("utf-8"))


def invitations_survive(page: str, data: dict, key: str) -> None:
    """Every invitation of the gap `key` is in the built page's "Who to invite" table, in rank
    order: cop.json lists equal scores by slug, the page by the name readers see."""
    table = page.split('id="who-to-invite"', 1)[1].split("</table>", 1)[0]
    names = re.findall(r'<a href="[^"]*partners/([^"/]+)/">', table)
    ranked = sorted(data["gaps"][key]["invitations"], key=lambda i: (-i["score"], data["partners"][i["partner"]]["name"].casefold(), i["partner"]))
    expected = [i["partner"] for i in ranked]
    assert expected and names == expected


def test_generated_config_needs_no_plugin(example: tuple[Path, dict]) -> None:
    out, _ = example
    text = (out / "mkdocs.yml").read_text("utf-8")
    config = yaml.safe_load(text)
    assert config["plugins"] == ["search"] and "hooks" not in config, "no cop-site plugin and no site hooks"
    assert config["docs_dir"] == "docs" and config["use_directory_urls"] is True
    assert config["nav"][:8] == [
        {"Home": "index.md"},
        {"Partners": "partners/index.md"},
        {"Practice groups": "groups/index.md"},
        {"Shared work": "scenarios/index.md"},
        {"Progress": "progress/index.md"},
        {"Calendar": "calendar/index.md"},
        {"Topics": "topics/index.md"},
        {"Who isn't here?": "gaps/index.md"},
    ]
    page = frontmatter.load(str(out / "docs/partners/valley-college.md"))
    assert page["title"] == "Larkin Valley College"
    assert '<a href="../../groups/p16-pathways/">' in page.content, "connections are written out in the Markdown"
    assert "copsite" not in page.content and "<!--cop-site:" not in page.content


def test_mkdocs_builds_the_generated_site_strictly(example: tuple[Path, dict]) -> None:
    out, data = example
    result = run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(out / "mkdocs-site")], out)
    assert result.returncode == 0, result.output
    built = out / "mkdocs-site"
    assert "<h1>Larkin Valley College</h1>" in (built / "partners/valley-college/index.html").read_text("utf-8")
    invitations_survive((built / "gaps/groups/secondary-rti/index.html").read_text("utf-8"), data, "groups/secondary-rti")
    assert not (built / "cop.json").exists(), "the plugin did not run"


def test_zensical_builds_the_generated_site(example: tuple[Path, dict]) -> None:
    out, data = example
    result = run([str(BIN / "zensical"), "build", "--strict", "--clean"], out)
    assert result.returncode == 0, result.output
    built = out / "site"
    partner = (built / "partners/valley-college/index.html").read_text("utf-8")
    assert "<h1>Larkin Valley College</h1>" in partner and "../../groups/p16-pathways/" in partner
    invitations_survive((built / "gaps/groups/secondary-rti/index.html").read_text("utf-8"), data, "groups/secondary-rti")
    invitations_survive((built / "gaps/scenarios/p16-system/index.html").read_text("utf-8"), data, "scenarios/p16-system")


def test_properdocs_builds_the_generated_site(example: tuple[Path, dict]) -> None:
    out, data = example
    result = run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out / "properdocs-site")], out)
    assert result.returncode == 0, result.output
    invitations_survive((out / "properdocs-site/gaps/groups/secondary-rti/index.html").read_text("utf-8"), data, "groups/secondary-rti")


def test_nothing_private_or_draft_is_generated(tmp_path: Path) -> None:
    files = {
        **FILES,
        "content/about.md": "---\ntitle: About us\nprivate:\n  note: PRIVATE-PAGE-NOTE\n---\n# About\n\nWe work with [[valley-college]].\n",
        "content/help/hidden.md": "---\ndraft: true\n---\nDRAFT-ONLY page\n",
        "content/img/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    }
    site = write_site(tmp_path / "site", files, options="edition: internal")
    generate(site, tmp_path / "plain")
    written = [p for p in (tmp_path / "plain").rglob("*") if p.is_file()]
    for path in written:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, f"{path}: {secret}"
    docs = tmp_path / "plain/docs"
    assert not (docs / "groups/rti/2025-04-01-secret.md").exists() and not (docs / "help/hidden.md").exists()
    about = frontmatter.load(str(docs / "about.md"))
    assert about.metadata == {"title": "About us"}
    assert '<a href="../partners/valley-college/">Valley College</a>' in about.content
    assert (docs / "img/logo.svg").exists() and (docs / "assets/cop-site/cop-site.css").exists()
    result = run([str(BIN / "mkdocs"), "build", "--strict"], tmp_path / "plain")
    assert result.returncode == 0, result.output


def test_generate_writes_only_into_an_empty_folder_or_its_own(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    result = run([str(BIN / "cop-site"), "generate", str(other)], site)
    assert result.returncode == 1 and "not empty" in result.output
    assert sorted(p.name for p in other.iterdir()) == ["keep.txt"]
    generate(site, tmp_path / "plain")
    (site / "content/partners/family-network.md").unlink()
    generate(site, tmp_path / "plain")  # again, after a partner left
    assert not (tmp_path / "plain/docs/partners/family-network.md").exists()


def config_site(tmp_path: Path, config: str, base: str | None = None) -> Path:
    """The test site with its own mkdocs.yml (and an inherited base.yml)."""
    files = {**FILES, "content/help/old.md": "# Old page\n\nRETIRED-PAGE-TEXT\n", "content/img/old.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
             "content/help/wip.md": "# Work in progress\n\nUNFINISHED-PAGE-TEXT\n"}
    site = write_site(tmp_path / "site", files, config=textwrap.dedent(config).lstrip("\n"))
    if base is not None:
        (site / "base.yml").write_text(textwrap.dedent(base).lstrip("\n"), encoding="utf-8")
    return site


def test_generate_reads_inherit_and_env_as_mkdocs_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18/24: INHERIT: brings the plugin's options and the site's settings; !ENV gives
    the variable's value (not None)."""
    monkeypatch.setenv("COP_TEST_SITE_NAME", "Env Named Community")
    site = config_site(
        tmp_path,
        """
        INHERIT: base.yml
        site_name: !ENV [COP_TEST_SITE_NAME, "fallback name"]
        """,
        base="""
        site_name: Base name
        site_url: https://inherited.example/cop/
        docs_dir: content
        plugins:
          - search
          - cop-site:
              topics: {pathways: Inherited pathways label}
        """,
    )
    generate(site, tmp_path / "plain")
    config = yaml.safe_load((tmp_path / "plain/mkdocs.yml").read_text("utf-8"))
    assert config["site_name"] == "Env Named Community"
    assert config["site_url"] == "https://inherited.example/cop/"
    topic = frontmatter.load(str(tmp_path / "plain/docs/topics/pathways.md"))
    assert topic["title"] == "Topic: Inherited pathways label", "the inherited plugin options are used"


def test_generate_honours_exclude_docs(tmp_path: Path) -> None:
    site = config_site(
        tmp_path,
        """
        site_name: T
        docs_dir: content
        exclude_docs: |
          help/old.md
          img/old.svg
        plugins:
          - cop-site
        """,
    )
    generate(site, tmp_path / "plain")
    docs = tmp_path / "plain/docs"
    assert not (docs / "help/old.md").exists() and not (docs / "img/old.svg").exists()
    assert (docs / "help/wip.md").exists()
    assert not any(b"RETIRED-PAGE-TEXT" in p.read_bytes() for p in docs.rglob("*") if p.is_file())


def test_generate_honours_draft_docs(tmp_path: Path) -> None:
    """A page MkDocs' `draft_docs` names is left out of `mkdocs build`, so out of the generated site."""
    site = config_site(
        tmp_path,
        """
        site_name: T
        docs_dir: content
        draft_docs: |
          help/wip.md
        plugins:
          - cop-site
        """,
    )
    generate(site, tmp_path / "plain")
    docs = tmp_path / "plain/docs"
    assert not (docs / "help/wip.md").exists() and (docs / "help/old.md").exists()
    assert not any(b"UNFINISHED-PAGE-TEXT" in p.read_bytes() for p in docs.rglob("*") if p.is_file())
    config = yaml.safe_load((tmp_path / "plain/mkdocs.yml").read_text("utf-8"))
    assert "help/wip.md" not in json.dumps(config["nav"])

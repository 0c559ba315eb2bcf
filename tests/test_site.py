"""Issue 3: a cross-linked site built by the real `mkdocs build`, checked in its HTML and cop.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import mkdocs_build, write_site

FILES = {
    "content/index.md": (
        "# Our community\n\nStart with [[valley-college|our college partner]] or [[rti]].\n\n"
        "## Working with [[valley-college]]\n\nAsk [[valley-college|the *data* team]] and `[[not-a-link]]`.\n"
    ),
    "content/about.md": "# About\n\nA plain page.\n",
    "content/partners/valley-college.md": """
        ---
        name: Valley College
        category: [higher-education, workforce]
        level: regional
        relationship: collaboration
        roles: [champion]
        topics: [pathways, dual-enrollment]
        alliances: [state-agency]
        interest: Students who arrive ready for college courses.
        website: https://valley-college.example
        influence: high
        engagement: medium
        resources: Faculty time and two classrooms on Saturdays.
        information_needs: A term-by-term note on enrolment, by email.
        assessments:
          - date: 2024-01-15
            scores: {shared-goals: emerging, advocacy: developing, mutual-benefit: established}
          - date: 2024-07-15
            scores: {shared-goals: developing}
          - date: 2025-01-15
            scores: {shared-goals: established, advocacy: developing, mutual-benefit: developing, progress-measures: emerging}
            evidence: {shared-goals: A signed goal sheet.}
        agreement:
          signed: 2024-09-01
          elements: {roles: agreed, intent-and-vision: agreed, promises: drafting}
          notes: {promises: Course seats per term still to be fixed.}
        private:
          fears: PRIVATE-FEAR the dean may leave
          contact: PRIVATE-CONTACT dean@valley-college.example
          agreement_doubts: PRIVATE-AGREEMENT the budget may not hold
        ---
        The college teaches dual-enrollment courses in three high schools.
        """,
    "content/partners/state-agency.md": """
        ---
        name: State Agency
        category: agency
        level: state
        topics: [rti]
        relationship: coordination
        influence: high
        engagement: high
        ---
        """,
    "content/partners/family-network.md": """
        ---
        name: Family Network
        category: families-students
        level: local
        topics: [pathways]
        ---
        Mentioned in no group.
        """,
    "content/groups/rti/index.md": """
        ---
        name: Secondary RTI
        focus: Bringing tiered supports into high schools.
        topics: [rti, pathways]
        conveners: [state-agency]
        members:
          - {partner: valley-college, role: data partner, since: 2024-01-01}
        conditions:
          - date: 2024-06-01
            scores: {common-agenda: emerging, backbone-support: developing}
          - date: 2025-01-10
            scores: {common-agenda: developing}
            evidence: {common-agenda: One written goal for all members.}
        ---
        The group meets monthly.
        """,
    "content/groups/rti/2025-02-01-kickoff.md": """
        ---
        title: Kickoff meeting
        date: 2025-02-01
        attendees: [state-agency, valley-college]
        scenarios: [rti-at-scale]
        decisions: [Meet monthly]
        ---
        We agreed on a zebra-crossing metaphor for tiered support. [[valley-college]] will share data.
        """,
    "content/groups/rti/2025-03-01-learning.md": """
        ---
        title: What we learned
        date: 2025-03-01
        kind: learning
        ---
        [[family-network]] joined the call as a guest.
        """,
    "content/groups/rti/2025-03-15-consultancy.md": """
        ---
        title: Consultancy on ninth-grade failures
        date: 2025-03-15
        kind: consultancy
        presenter: valley-college
        attendees: [state-agency]
        problem: Too many ninth graders fail a core course in the first term.
        question: Which early signal should the schools act on first?
        feedback: [Start with attendance in the first month, Ask students why]
        ---
        """,
    "content/groups/rti/2025-03-20-draft-consultancy.md": """
        ---
        title: DRAFT-ONLY consultancy
        date: 2025-03-20
        kind: consultancy
        draft: true
        presenter: draft-partner
        problem: DRAFT-ONLY problem of practice
        ---
        """,
    "content/partners/draft-partner.md": """
        ---
        name: DRAFT-ONLY partner
        category: community
        influence: low
        engagement: low
        relationship: cooperation
        draft: true
        agreement: {elements: {roles: agreed}}
        ---
        """,
    "content/groups/rti/2025-04-01-secret.md": """
        ---
        title: DRAFT-ONLY planning
        date: 2025-04-01
        draft: true
        attendees: [family-network]
        ---
        DRAFT-ONLY text that must never be published.
        """,
    "content/scenarios/rti-at-scale.md": """
        ---
        title: RTI at scale
        status: active
        groups: [rti]
        partners: [valley-college]
        topics: [rti]
        efforts: [A pilot in two districts]
        goal: Every ninth grader who struggles is noticed within a month.
        ---
        """,
    "content/help/editing.md": "# Editing\n\nA help page that is not a draft.\n",
    # Front matter MkDocs' own reader gives up on (a date that does not exist, no line break
    # after the closing ---), and `private:` further down a field: read as cop-site reads them.
    "content/help/dates.md": "---\ntitle: Dates\ndate: 2024-02-30\nprivate: {phone: PRIVATE-BADDATE}\n---\n# Dates\n",
    "content/help/unbroken.md": "---\ntitle: Unbroken\nprivate: {phone: PRIVATE-UNBROKEN}\n---",
    "content/help/nested.md": "---\ntitle: Nested\nextra: {private: PRIVATE-NESTED}\n---\n# Nested\n",
}

SECRETS = ("PRIVATE-", "DRAFT-ONLY", "dean@valley-college", "draft-partner", "draft-consultancy")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("site"), FILES)
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    return out


def html(out: Path, url: str) -> str:
    return (out / url / "index.html").read_text("utf-8")


def hrefs(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', page))


def valley_notes_listed(built: Path) -> int:
    page = html(built, "partners/valley-college")
    section = page.split('id="notes-that-list-or-mention-this-partner"', 1)[1].split("</ul>", 1)[0]
    return section.count("2025-02-01-kickoff/")


def test_partner_page_shows_profile_and_connections(built: Path) -> None:
    page = html(built, "partners/valley-college")
    assert "Higher education, Workforce" in page
    assert "Collaboration" in page and "Champion" in page
    assert "Students who arrive ready for college courses." in page
    assert {"../../groups/rti/", "../../scenarios/rti-at-scale/", "../state-agency/", "../../groups/rti/2025-02-01-kickoff/"} <= hrefs(page)
    assert "data partner" in page
    # the self-assessment's history is a table with one column per date
    assert '<th scope="col">2024-01-15</th>' in page and '<th scope="col">2025-01-15</th>' in page
    assert "A signed goal sheet." in page
    assert "the dean may leave" not in page


def test_connections_are_shown_on_both_ends(built: Path) -> None:
    state = html(built, "partners/state-agency")
    assert "../valley-college/" in hrefs(state), "an alliance declared on one side shows on the other"
    group = html(built, "groups/rti")
    assert {
        "../../partners/state-agency/",
        "../../partners/valley-college/",
        "2025-02-01-kickoff/",
        "2025-03-01-learning/",
        "../../scenarios/rti-at-scale/",
        "../../gaps/groups/rti/",
    } <= hrefs(group)
    assert group.index("2025-03-01-learning/") < group.index("2025-02-01-kickoff/"), "notes newest first"
    note = html(built, "groups/rti/2025-02-01-kickoff")
    assert {"../", "../../../partners/valley-college/", "../../../scenarios/rti-at-scale/"} <= hrefs(note)
    scenario = html(built, "scenarios/rti-at-scale")
    assert {"../../groups/rti/", "../../partners/valley-college/", "../../groups/rti/2025-02-01-kickoff/"} <= hrefs(scenario)
    assert valley_notes_listed(built) == 1, "a note that lists and mentions a partner is listed once"
    family = html(built, "partners/family-network")
    assert "../../groups/rti/2025-03-01-learning/" in hrefs(family), "a note that mentions a partner is listed on it"


def test_wikilinks_in_ordinary_pages(built: Path) -> None:
    home = (built / "index.html").read_text("utf-8")
    assert '<a href="partners/valley-college/">our college partner</a>' in home
    assert '<a href="groups/rti/">Secondary RTI</a>' in home
    # On a heading the link is part of the title; a label with Markdown keeps it; code is left alone.
    assert re.search(r'<h2 id="working-with-valley-college">Working with <a href="partners/valley-college/">Valley College</a>', home)
    assert '<a href="partners/valley-college/">the <em>data</em> team</a>' in home
    assert "<code>[[not-a-link]]</code>" in home


def test_no_placeholder_is_left_in_any_output(built: Path) -> None:
    for path in built.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            content = path.read_text("utf-8")
            for marker in ("copsitefragment", "copsitelink", "<!--cop-site:"):
                assert marker not in content, f"{path.relative_to(built)} still holds {marker}"


def test_page_heading_and_table_of_contents(tmp_path: Path) -> None:
    """An entity page has one title heading, its name, and a table of contents that lists
    the engine's sections and the author's headings in page order, each a working anchor,
    whether or not the author's text has a level-1 heading of its own."""
    files = {
        **FILES,
        "content/partners/lead-h1.md": "---\nname: Lead & Co\ncategory: agency\ninterest: Data.\n---\n# About us\n\nText.\n\n## History\n\nMore.\n",
        "content/partners/later-h1.md": "---\nname: Later Org\ncategory: agency\ninterest: Data.\n---\n## Intro\n\nText.\n\n# Part two\n\n## Sub\n",
    }
    result, out = mkdocs_build(write_site(tmp_path / "site", files), "--strict")
    assert result.returncode == 0, result.output
    expected = {
        "partners/valley-college": (
            "Valley College",
            ["stakeholder-organiser", "relationship", "agreement-for-results", "connections-at-a-glance", "practice-groups", "shared-work"],
        ),
        "partners/lead-h1": ("Lead &amp; Co", ["stakeholder-organiser", "history", "practice-groups"]),
        "partners/later-h1": ("Later Org", ["stakeholder-organiser", "intro", "sub", "practice-groups"]),
    }
    for url, (name, anchors) in expected.items():
        page = html(out, url)
        assert re.findall(r"<h1[^>]*>(.*?)</h1>", page)[0] == name
        assert f"<title>{name} - " in page
        toc = page[page.index("md-nav--secondary") :]
        listed = re.findall(r'href="#([^"]+)"', toc)
        assert listed[: len(anchors)] == anchors, (url, listed)
        for anchor in listed:
            assert f'id="{anchor}"' in page, (url, anchor)


def test_directory_and_topic_pages(built: Path) -> None:
    partners = html(built, "partners")
    assert "Families &amp; students (1)" in partners and "Philanthropy (0)" in partners
    assert {"valley-college/", "state-agency/", "family-network/"} <= hrefs(partners)
    assert "rti/" in hrefs(html(built, "groups"))
    assert "rti-at-scale/" in hrefs(html(built, "scenarios"))
    topics = html(built, "topics")
    assert {"pathways/", "rti/", "dual-enrollment/"} <= hrefs(topics)
    pathways = html(built, "topics/pathways")
    assert {"../../partners/valley-college/", "../../partners/family-network/", "../../groups/rti/"} <= hrefs(pathways)
    dual = html(built, "topics/dual-enrollment")
    assert "No practice groups take up this topic." in dual


def test_navigation_is_small(built: Path) -> None:
    home = (built / "index.html").read_text("utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', home, re.S)
    assert nav
    links = set(re.findall(r'href="([^"#]+)"', nav.group(0)))
    assert {"partners/", "groups/", "scenarios/", "topics/", "gaps/", "about/", "help/editing/"} <= links
    assert not any(link.startswith("partners/") and link != "partners/" for link in links), links
    assert not any("2025-" in link for link in links)


def test_nothing_private_or_draft_anywhere(built: Path) -> None:
    leaks = []
    for path in built.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                import gzip

                data = gzip.decompress(data)
            for secret in SECRETS:
                if secret.encode() in data:
                    leaks.append(f"{path.relative_to(built)}: {secret}")
    assert not leaks
    assert not (built / "groups/rti/2025-04-01-secret").exists()
    index = json.loads((built / "search/search_index.json").read_text("utf-8"))
    assert index["docs"], "the search index is not empty"


def test_cop_json(built: Path) -> None:
    data = json.loads((built / "cop.json").read_text("utf-8"))
    assert data["version"] == 1
    assert data["partners"]["valley-college"]["url"] == "partners/valley-college/"
    assert data["partners"]["valley-college"]["category"] == ["higher-education", "workforce"]
    assert data["partners"]["state-agency"]["alliances"] == ["valley-college"]
    assert data["groups"]["rti"]["members"] == ["valley-college"]
    assert data["groups"]["rti"]["notes"] == ["rti/2025-02-01-kickoff", "rti/2025-03-01-learning", "rti/2025-03-15-consultancy"]
    assert data["scenarios"]["rti-at-scale"]["groups"] == ["rti"]
    assert set(data["notes"]) == {"rti/2025-02-01-kickoff", "rti/2025-03-01-learning", "rti/2025-03-15-consultancy"}
    assert data["notes"]["rti/2025-02-01-kickoff"]["attendees"] == ["state-agency", "valley-college"]
    # a note that lists and mentions a partner counts once; a consultancy counts for its presenter
    assert data["partners"]["valley-college"]["notes"] == ["rti/2025-02-01-kickoff", "rti/2025-03-15-consultancy"]
    gap = data["gaps"]["groups/rti"]
    assert gap["url"] == "gaps/groups/rti/"
    assert "families-students" in gap["missing_categories"]
    assert gap["invitations"][0]["partner"] == "family-network"
    assert "private" not in json.dumps(data["partners"]["valley-college"])
    for key in ("coverage", "partners_in_no_group", "categories_without_partners", "topics_without_group"):
        assert key in data["overview"]


def test_cop_json_version_2_additions(built: Path) -> None:
    """The keys CONTENT-MODEL.md's "Added to cop.json" promises, with the values the content implies."""
    data = json.loads((built / "cop.json").read_text("utf-8"))
    valley = data["partners"]["valley-college"]
    # shared-goals: developing in July, established now; advocacy unchanged; mutual-benefit fell;
    # progress-measures was never rated before.
    assert valley["assessment_trend"] == {"advocacy": "same", "mutual-benefit": "down", "progress-measures": "new", "shared-goals": "up"}
    assert valley["agreement"] == {
        "signed": "2024-09-01",
        "agreed": ["intent-and-vision", "roles"],
        "drafting": ["promises"],
        "open": ["time-and-value", "measurement-of-satisfaction", "concerns-and-fears", "renegotiation", "consequences", "conflict-resolution"],
        "notes": {"promises": "Course seats per term still to be fixed."},
    }
    assert valley["resources"] == "Faculty time and two classrooms on Saturdays."
    assert valley["information_needs"] == "A term-by-term note on enrolment, by email."
    state, family = data["partners"]["state-agency"], data["partners"]["family-network"]
    assert state["assessment_trend"] == {} and state["agreement"] is None and state["resources"] is None
    rti = data["groups"]["rti"]
    assert rti["conditions_latest"] == {"common-agenda": "developing"} == rti["conditions"]
    assert rti["condition_assessments"] == [
        {"date": "2024-06-01", "scores": {"backbone-support": "developing", "common-agenda": "emerging"}, "evidence": {}},
        {"date": "2025-01-10", "scores": {"common-agenda": "developing"}, "evidence": {"common-agenda": "One written goal for all members."}},
    ]
    note = data["notes"]["rti/2025-03-15-consultancy"]
    assert note["kind"] == "consultancy" and note["presenter"] == "valley-college"
    assert note["problem"] == "Too many ninth graders fail a core course in the first term."
    assert note["question"] == "Which early signal should the schools act on first?"
    assert note["feedback"] == ["Start with attendance in the first month", "Ask students why"]
    assert data["notes"]["rti/2025-02-01-kickoff"]["presenter"] is None
    assert data["scenarios"]["rti-at-scale"]["goal"] == "Every ninth grader who struggles is noticed within a month."
    overview = data["overview"]
    expected_grid = {f"{i}/{e}": [] for i in ("low", "medium", "high") for e in ("low", "medium", "high")}
    expected_grid["high/medium"] = ["valley-college"]
    expected_grid["high/high"] = ["state-agency"]
    assert overview["grid"] == expected_grid
    assert overview["grid_unplaced"] == ["family-network"]
    assert family["influence"] is None
    assert overview["stages"] == {"cooperation": [], "coordination": ["state-agency"], "collaboration": ["valley-college"]}
    assert overview["conditions"] == {"rti": {"common-agenda": "developing"}}


def test_cop_json_has_a_line_per_entity(built: Path) -> None:
    """So a diff of two builds' cop.json names what changed (see Help > Data export)."""
    lines = (built / "cop.json").read_text("utf-8").splitlines()
    data = json.loads("\n".join(lines))
    for section in ("partners", "groups", "scenarios", "notes", "gaps"):
        for key, value in data[section].items():
            line = f"    {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, separators=(', ', ': '))}"
            assert line in lines or line + "," in lines, f"{section}/{key} is not on a line of its own"


def test_two_builds_write_the_same_cop_json(tmp_path: Path, built: Path) -> None:
    site = write_site(tmp_path / "again", FILES)
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0
    assert (out / "cop.json").read_bytes() == (built / "cop.json").read_bytes()


def test_sub_path_and_no_directory_urls(tmp_path: Path) -> None:
    config = """\
site_name: Sub-path site
site_url: https://example-sea.github.io/cop-site/
use_directory_urls: false
docs_dir: content
theme: {name: material}
plugins: [search, cop-site]
validation:
  links: {absolute_links: warn, unrecognized_links: warn, anchors: warn}
"""
    site = write_site(tmp_path / "site", FILES, config=config)
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    group = (out / "groups/rti/index.html").read_text("utf-8")
    assert {"../../partners/valley-college.html", "2025-02-01-kickoff.html", "../../gaps/groups/rti.html"} <= hrefs(group)
    data = json.loads((out / "cop.json").read_text("utf-8"))
    assert data["partners"]["valley-college"]["url"] == "partners/valley-college.html"
    assert data["groups"]["rti"]["url"] == "groups/rti/index.html"
    for page in out.rglob("*.html"):
        if page.name == "404.html":  # served at any depth, so MkDocs makes its links absolute on purpose
            assert 'href="/cop-site/groups/index.html"' in page.read_text("utf-8")
            continue
        for href in hrefs(page.read_text("utf-8")):
            assert not href.startswith("/"), f"{page}: absolute link {href}"


def test_author_page_wins_and_explicit_nav_is_respected(tmp_path: Path) -> None:
    files = {**FILES, "content/partners/index.md": "# Our partners, curated\n\nHand-written.\n"}
    config = """\
site_name: Own nav
docs_dir: content
theme: {name: material}
plugins: [search, cop-site]
nav:
  - Home: index.md
  - Our partners: partners/index.md
"""
    site = write_site(tmp_path / "site", files, config=config)
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    assert "Hand-written." in (out / "partners/index.html").read_text("utf-8")
    home = (out / "index.html").read_text("utf-8")
    assert "Our partners" in home
    assert 'href="topics/"' not in home.split("md-nav--primary")[1].split("</nav>")[0]


def test_private_overlay_is_ignored_by_the_public_edition(tmp_path: Path) -> None:
    overlay = {"private/partners/state-agency.md": "---\nprivate:\n  notes: PRIVATE-OVERLAY budget worries\n---\nPRIVATE-OVERLAY body\n"}
    site = write_site(tmp_path / "site", {**FILES, **overlay})
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    for path in out.rglob("*"):
        if path.is_file() and path.suffix != ".gz":
            assert b"PRIVATE-OVERLAY" not in path.read_bytes(), path


def test_internal_edition_shows_private_fields_drafts_and_says_so(tmp_path: Path) -> None:
    overlay = {"private/partners/state-agency.md": "---\nprivate:\n  notes: PRIVATE-OVERLAY budget worries\n---\nPRIVATE-OVERLAY body\n"}
    site = write_site(tmp_path / "site", {**FILES, **overlay}, options="edition: internal")
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    state = html(out, "partners/state-agency")
    assert "PRIVATE-OVERLAY budget worries" in state and "PRIVATE-OVERLAY body" in state
    assert "PRIVATE-FEAR the dean may leave" in html(out, "partners/valley-college")
    assert "DRAFT-ONLY text" in html(out, "groups/rti/2025-04-01-secret")
    for page in out.rglob("*.html"):
        assert "Internal edition" in page.read_text("utf-8"), page
    data = json.loads((out / "cop.json").read_text("utf-8"))
    assert data["partners"]["state-agency"]["private"] == {"notes": "PRIVATE-OVERLAY budget worries"}
    # a draft's attendee still does not count as present
    assert "family-network" not in data["gaps"]["groups/rti"]["present"]


def test_edit_link_on_authored_pages_only_and_git_dates(tmp_path: Path) -> None:
    import subprocess

    config = BASE_CONFIG_WITH_EDIT
    site = write_site(tmp_path / "site", FILES, config=config)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    subprocess.run(["git", "add", "."], cwd=site, check=True)
    env = {"GIT_AUTHOR_DATE": "2025-06-01T12:00:00Z", "GIT_COMMITTER_DATE": "2025-06-01T12:00:00Z", "PATH": "/usr/bin:/bin"}
    subprocess.run([*git, "commit", "-qm", "content"], cwd=site, check=True, env=env)
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    partner = html(out, "partners/valley-college")
    assert 'href="https://example.org/edit/main/content/partners/valley-college.md"' in partner
    assert '<time datetime="2025-06-01">01 June 2025</time>' in partner
    gap = html(out, "gaps/groups/rti")
    assert "/edit/main/" not in gap and "Last updated" not in gap


BASE_CONFIG_WITH_EDIT = """\
site_name: Edit links
docs_dir: content
edit_uri: https://example.org/edit/main/content/
theme:
  name: material
  features: [content.action.edit]
plugins: [search, cop-site]
"""


def test_names_with_ampersands_are_escaped_once_in_lists(tmp_path: Path) -> None:
    files = {
        "content/partners/ash.md": "---\nname: Ash & Co\ncategory: agency\n---\n",
        "content/groups/jobs/index.md": "---\nname: Jobs & Pathways\nfocus: Work.\nmembers: [ash]\n---\n",
        "content/groups/jobs/2025-01-01-meet.md": "---\ntitle: Meet & greet\ndate: 2025-01-01\nattendees: [ash]\n---\n",
    }
    result, out = mkdocs_build(write_site(tmp_path / "site", files), "--strict")
    assert result.returncode == 0, result.output
    partner = html(out, "partners/ash")
    assert "Meet &amp; greet</a> (2025-01-01, meeting, Jobs &amp; Pathways)" in partner
    assert "&amp;amp;" not in partner

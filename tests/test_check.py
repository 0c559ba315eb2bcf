"""Issue 2: every bad input gets a `path:line: message` (with a hint where one exists) from
`cop-site check` and from `mkdocs build --strict`; valid edge cases pass."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers import BASE_CONFIG, cop_check, mkdocs_build, write_site

VALID = {
    "content/index.md": "# Home\n\nSee [[valley-college]].\n",
    "content/partners/valley-college.md": """
        ---
        name: Valley College
        category: higher-education
        level: regional
        topics: [pathways]
        ---
        A college.
        """,
    "content/partners/state-agency.md": """
        ---
        name: State Agency
        category: agency
        level: state
        ---
        """,
    "content/groups/pathways/index.md": """
        ---
        name: Pathways
        focus: Linking high school to college.
        conveners: [state-agency]
        members: [valley-college]
        ---
        """,
    "content/groups/pathways/2025-01-10-kickoff.md": """
        ---
        title: Kickoff
        date: 2025-01-10
        attendees: [valley-college]
        ---
        """,
    "content/scenarios/p16.md": """
        ---
        title: A P-16 system
        groups: [pathways]
        ---
        """,
}

# (case id, file path, file text or bytes, expected "path:line: message" fragment, expected hint fragment)
BAD: list[tuple[str, str, str | bytes, str, str | None]] = [
    (
        "broken-yaml",
        "content/partners/broken.md",
        "---\nname: Broken\ncategory: [agency\nlevel: state\n---\n",
        "content/partners/broken.md:4: front matter is not valid YAML",
        "starts on line 3",
    ),
    (
        "alias-inside-its-anchor",
        "content/partners/loop.md",
        "---\nname: Loop\ncategory: agency\nalliances: &friends [valley-college, *friends]\n---\n",
        "content/partners/loop.md:4: front matter is not valid YAML: an alias (*name) is used inside its own anchor (&name)",
        None,
    ),
    ("no-front-matter", "content/partners/plain.md", "Just text, no fields.\n", "content/partners/plain.md:1: no front matter", "name, category"),
    ("empty-file", "content/partners/empty.md", "", "content/partners/empty.md:1: the file is empty", "name, category"),
    (
        "not-a-mapping",
        "content/partners/listy.md",
        "---\n- name: Listy\n---\n",
        "content/partners/listy.md:2: front matter must be fields like 'name: ...', not a list",
        None,
    ),
    (
        "missing-required",
        "content/partners/nameless.md",
        "---\ncategory: agency\n---\n",
        "content/partners/nameless.md:1: missing required field 'name' for a partner",
        None,
    ),
    (
        "unknown-field",
        "content/groups/rti/index.md",
        "---\nname: RTI\nfocus: Secondary RTI.\nmember: [valley-college]\n---\n",
        "content/groups/rti/index.md:4: unknown field 'member'",
        "did you mean 'members'?",
    ),
    (
        "unknown-category",
        "content/partners/fam.md",
        "---\nname: Fam\ncategory: [agency, famlies-students]\n---\n",
        "content/partners/fam.md:3: unknown category 'famlies-students'",
        "did you mean 'families-students'?",
    ),
    (
        "unknown-category-far",
        "content/partners/fam.md",
        "---\nname: Fam\ncategory: zzz\n---\n",
        "content/partners/fam.md:3: unknown category 'zzz'",
        "allowed values: workforce, higher-education",
    ),
    (
        "unknown-level",
        "content/partners/lvl.md",
        "---\nname: Lvl\ncategory: agency\nlevel: distrct\n---\n",
        "content/partners/lvl.md:4: unknown level 'distrct'",
        "did you mean 'district'?",
    ),
    (
        "unknown-role",
        "content/partners/rol.md",
        "---\nname: Rol\ncategory: agency\nroles: [champion, powerbroker]\n---\n",
        "content/partners/rol.md:4: unknown role 'powerbroker'",
        "did you mean 'power-broker'?",
    ),
    (
        "unknown-indicator",
        "content/partners/ind.md",
        "---\nname: Ind\ncategory: agency\nassessments:\n  - date: 2025-01-01\n    scores:\n      shared-goal: emerging\n---\n",
        "content/partners/ind.md:7: unknown rubric indicator 'shared-goal'",
        "did you mean 'shared-goals'?",
    ),
    (
        "unknown-rubric-level",
        "content/partners/rl.md",
        "---\nname: Rl\ncategory: agency\nassessments:\n  - date: 2025-01-01\n    scores:\n      advocacy: emergent\n---\n",
        "content/partners/rl.md:7: unknown rubric level 'emergent'",
        "did you mean 'emerging'?",
    ),
    (
        "unknown-reference",
        "content/scenarios/rti.md",
        "---\ntitle: RTI\npartners:\n  - state-agency\n  - valley-colege\n---\n",
        "content/scenarios/rti.md:5: unknown partner 'valley-colege'",
        "did you mean 'valley-college'?",
    ),
    (
        "unknown-wikilink",
        "content/scenarios/rti.md",
        "---\ntitle: RTI\n---\nFirst line.\n\nWith [[vally-college|the college]].\n",
        "content/scenarios/rti.md:6: unknown link [[vally-college|the college]]",
        "did you mean 'valley-college'?",
    ),
    (
        "bad-slug",
        "content/partners/Valley Tech.md",
        "---\nname: Valley Tech\ncategory: higher-education\n---\n",
        "content/partners/Valley Tech.md:1: the file name 'Valley Tech' is not a valid slug",
        "rename it to 'valley-tech'",
    ),
    (
        "bad-date",
        "content/groups/pathways/2025-02-30-meeting.md",
        "---\ntitle: Meeting\ndate: 2025-02-30\n---\n",
        "content/groups/pathways/2025-02-30-meeting.md:3: 'date' is not a valid date: '2025-02-30'",
        "YYYY-MM-DD",
    ),
    # Issue 10: silent misreads made into errors.
    (
        "duplicate-key-nested",
        "content/partners/dup.md",
        "---\nname: Dup\ncategory: agency\nassessments:\n  - date: 2025-01-01\n    scores:\n      advocacy: emerging\n      advocacy: established\n---\n",
        "content/partners/dup.md:8: 'advocacy' in 'assessments' (item 1, scores) is given twice, on lines 7 and 8",
        "keep one of them",
    ),
    ("category-null", "content/partners/cn.md", "---\nname: Cn\ncategory: null\n---\n", "content/partners/cn.md:3: missing required field 'category'", None),
    ("category-empty", "content/partners/ce.md", "---\nname: Ce\ncategory:\n---\n", "content/partners/ce.md:3: missing required field 'category'", None),
    ("category-empty-list", "content/partners/cl.md", "---\nname: Cl\ncategory: []\n---\n", "content/partners/cl.md:3: missing required field", None),
    ("unknown-type", "content/about-us.md", "---\ntitle: About\ntype: partnr\n---\n", "content/about-us.md:3: unknown type 'partnr'", "'partner'?"),
    (
        "tab-indent",
        "content/partners/tab.md",
        "---\nname: Tab\ncategory:\n\t- agency\n---\n",
        "content/partners/tab.md:4: front matter is not valid YAML: a tab is used to indent this line",
        "spaces",
    ),
    (
        "indentation",
        "content/groups/ind/index.md",
        "---\nname: Ind\nfocus: A focus.\nmembers:\n  - valley-college\n - state-agency\n---\n",
        "content/groups/ind/index.md:6: front matter is not valid YAML: this line is indented differently from the lines above it",
        "the YAML reader says: did not find expected key",
    ),
    (
        "deep-nesting",
        "content/partners/deep.md",
        "---\nname: Deep\ncategory: agency\ninterest: " + "[" * 5000 + "]" * 5000 + "\n---\n",
        "content/partners/deep.md:4: front matter is nested more than 50 levels deep",
        None,
    ),
    (
        "deep-block-nesting",
        "content/partners/deepblock.md",
        "---\nname: Deep\ncategory: agency\ninterest:\n" + "".join(" " * i + "- \n" for i in range(1, 200)) + "---\n",
        "content/partners/deepblock.md:",
        None,
    ),
    (
        "draft-yes",
        "content/partners/dy.md",
        "---\nname: Dy\ncategory: agency\ndraft: yes\n---\n",
        "content/partners/dy.md:4: 'draft' must be true or false, not 'yes'",
        "treated as a draft and is not published",
    ),
    (
        "draft-on-a-page",
        "content/about-us.md",
        "---\ntitle: About\ndraft: 1\n---\n",
        "content/about-us.md:3: 'draft' must be true or false, not '1'",
        "not published",
    ),
    (
        "slug-collision",
        "content/elsewhere/valley-college.md",
        "---\ntype: partner\nname: Another Valley\ncategory: agency\n---\n",
        "content/elsewhere/valley-college.md:1: a partner with the slug 'valley-college' already comes from content/partners/valley-college.md",
        "rename one of them",
    ),
    (
        "ambiguous-wikilink",
        "content/scenarios/valley-college.md",
        "---\ntitle: Valley\n---\nSee [[valley-college]].\n",
        "content/scenarios/valley-college.md:4: [[valley-college]] could mean the partner 'valley-college' or the scenario 'valley-college'",
        "[[partner:valley-college]] or [[scenario:valley-college]]",
    ),
    # Version 2 fields (CONTENT-MODEL.md, "New optional fields").
    (
        "unknown-agreement-element",
        "content/partners/agr.md",
        "---\nname: Agr\ncategory: agency\nagreement:\n  signed: 2025-01-10\n  elements:\n    roles: agreed\n    promisses: drafting\n---\n",
        "content/partners/agr.md:8: unknown agreement element 'promisses'",
        "did you mean 'promises'?",
    ),
    (
        "unknown-agreement-status",
        "content/partners/agr.md",
        "---\nname: Agr\ncategory: agency\nagreement:\n  elements:\n    roles: agred\n---\n",
        "content/partners/agr.md:6: unknown agreement status 'agred'",
        "did you mean 'agreed'?",
    ),
    (
        "unknown-condition-in-list",
        "content/groups/cond/index.md",
        "---\nname: Cond\nfocus: A focus.\nconditions:\n  - date: 2024-05-01\n    scores:\n      common-agenda: emerging\n"
        "  - date: 2025-05-01\n    scores:\n      backbone-suport: developing\n---\n",
        "content/groups/cond/index.md:10: unknown collective impact condition 'backbone-suport'",
        "did you mean 'backbone-support'?",
    ),
    (
        "conditions-not-oldest-first",
        "content/groups/cond/index.md",
        "---\nname: Cond\nfocus: A focus.\nconditions:\n  - date: 2025-05-01\n    scores: {common-agenda: developing}\n"
        "  - date: 2024-05-01\n    scores: {common-agenda: emerging}\n---\n",
        "content/groups/cond/index.md:4: the assessments in 'conditions' must be listed oldest first",
        "earliest date first",
    ),
    (
        "conditions-bad-date",
        "content/groups/cond/index.md",
        "---\nname: Cond\nfocus: A focus.\nconditions:\n  - date: 2024-05-01\n    scores: {common-agenda: emerging}\n"
        "  - date: 2025-13-01\n    scores: {common-agenda: developing}\n---\n",
        "content/groups/cond/index.md:7: 'conditions' (item 2, date) is not a valid date: '2025-13-01'",
        "YYYY-MM-DD",
    ),
    (
        "conditions-undated-in-list",
        "content/groups/cond/index.md",
        "---\nname: Cond\nfocus: A focus.\nconditions:\n  - scores: {common-agenda: emerging}\n---\n",
        "content/groups/cond/index.md:5: 'conditions' (item 1) is missing 'date'",
        "YYYY-MM-DD",
    ),
    (
        "presenter-not-a-slug",
        "content/groups/pathways/2025-03-01-consultancy.md",
        "---\ntitle: Consultancy\ndate: 2025-03-01\nkind: consultancy\npresenter: Valley College\n---\n",
        "content/groups/pathways/2025-03-01-consultancy.md:5: 'Valley College' in 'presenter' is not a valid slug",
        "write it as 'valley-college'",
    ),
    (
        "consultancy-field-on-a-meeting",
        "content/groups/pathways/2025-03-01-meeting.md",
        "---\ntitle: Meeting\ndate: 2025-03-01\nquestion: What should we try first?\n---\n",
        "content/groups/pathways/2025-03-01-meeting.md:4: 'question' belongs to a note of kind consultancy",
        "add 'kind: consultancy'",
    ),
    (
        "not-utf8",
        "content/partners/latin.md",
        "---\nname: Fundación\ncategory: community\n---\n".encode("latin-1"),
        "content/partners/latin.md:2: the file is not UTF-8 text",
        "UTF-8",
    ),
]


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_valid_site_passes(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", VALID)
    result = cop_check(site)
    assert result.returncode == 0, result.output
    assert "no problems" in result.stderr


@pytest.mark.parametrize(("case", "path", "text", "expected", "hint"), BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_reported_with_path_and_line(tmp_path: Path, case: str, path: str, text: str | bytes, expected: str, hint: str | None) -> None:
    site = write_site(tmp_path / "site", {**VALID, path: text})
    before = _digest(site / "content")

    check = cop_check(site)
    assert check.returncode == 1, check.output
    lines = [line for line in check.stdout.splitlines() if line.startswith(expected)]
    assert lines, f"expected a line starting with {expected!r} in:\n{check.output}"
    if hint:
        assert hint in lines[0], lines[0]
    assert "Traceback" not in check.output

    build, _ = mkdocs_build(site, "--strict")
    assert build.returncode != 0, build.output
    assert expected in build.output, build.output
    assert "Traceback" not in build.output
    assert _digest(site / "content") == before, "the build must never write into content/"


def test_all_problems_of_a_build_at_once(tmp_path: Path) -> None:
    chosen = [case for case in BAD if case[0] in ("unknown-field", "unknown-category", "unknown-level", "unknown-role")]
    files = dict(VALID)
    for _, path, text, _, _ in chosen:
        files[path] = text
    site = write_site(tmp_path / "site", files)
    check = cop_check(site)
    found = [expected for _, _, _, expected, _ in chosen if expected in check.stdout]
    assert len(found) == 4, check.output
    assert "4 problems" in check.stderr


def test_github_annotations(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**VALID, "content/partners/lvl.md": "---\nname: Lvl\ncategory: agency\nlevel: distrct\n---\n"})
    check = cop_check(site, "--format", "github")
    assert check.returncode == 1
    assert "::error file=content/partners/lvl.md,line=4::unknown level 'distrct'; did you mean 'district'?" in check.stdout


def test_check_outside_a_site_says_what_to_do(tmp_path: Path) -> None:
    result = cop_check(tmp_path)
    assert result.returncode == 2
    assert "mkdocs.yml: not found" in result.stderr
    assert "Traceback" not in result.output


EDGE = {
    # A byte-order mark and Windows line endings, as some editors save files.
    "content/partners/bom-crlf.md": "\ufeff---\r\nname: Crlf Partner\r\ncategory: community\r\n---\r\nBody with CRLF.\r\n".encode(),
    "content/partners/fundacion.md": "---\nname: Fundación Puentes Niños\ncategory: [community, families-students]\ntopics: []\nalliances: []\n---\n",
    "content/partners/angle.md": "---\nname: 'Parents & <Teachers> \"Alliance\"'\ncategory: families-students\nroles: []\n---\n",
    "content/about.md": "---\ntitle: Us & <Them>\n---\nAn ordinary page whose title needs escaping.\n",
    "content/groups/mixed/index.md": """
        ---
        name: Mixed members
        focus: Both member forms in one list.
        conveners: []
        members:
          - valley-college
          - {partner: fundacion, role: family liaison, since: 2024-09-01}
          - partner: angle
        topics: []
        conditions:
          - date: 2024-05-01
            scores: {common-agenda: emerging}
          - date: 2025-05-01
            scores: {common-agenda: developing, backbone-support: emerging}
            evidence: {backbone-support: A half-time coordinator.}
        ---
        """,
    "content/groups/mixed/2025-05-02-consultancy.md": """
        ---
        title: A consultancy
        date: 2025-05-02
        kind: consultancy
        presenter: valley-college
        problem: Students drop dual-enrollment courses in week three.
        question: What would keep them enrolled?
        feedback: Call home in week two.
        ---
        """,
    "content/partners/agreeing.md": """
        ---
        name: Agreeing partner
        category: community
        resources: Two staff days a month.
        information_needs: A short monthly email.
        agreement:
          elements: {intent-and-vision: agreed, conflict-resolution: open}
          notes: {intent-and-vision: Written together in March.}
        ---
        """,
    "content/scenarios/goal.md": "---\ntitle: With a goal\ngoal: One pathway map for the region.\n---\n",
}


def test_valid_edge_cases_pass_and_are_escaped(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**VALID, **EDGE})
    before = _digest(site / "content")
    check = cop_check(site)
    assert check.returncode == 0, check.output
    build, out = mkdocs_build(site, "--strict")
    assert build.returncode == 0, build.output
    assert _digest(site / "content") == before
    angle = (out / "partners/angle/index.html").read_text("utf-8")
    assert "Parents &amp; &lt;Teachers&gt;" in angle
    assert "<Teachers>" not in angle
    assert "<title>Parents &amp; &lt;Teachers&gt;" in angle
    about = (out / "about/index.html").read_text("utf-8")
    assert "<title>Us &amp; &lt;Them&gt;" in about and "<Them>" not in about
    fundacion = (out / "partners/fundacion/index.html").read_text("utf-8")
    assert "Fundación Puentes Niños" in fundacion
    group = (out / "groups/mixed/index.html").read_text("utf-8")
    for slug in ("valley-college", "fundacion", "angle"):
        assert f'href="../../partners/{slug}/"' in group
    assert "family liaison" in group
    assert "Crlf Partner" in (out / "partners/bom-crlf/index.html").read_text("utf-8")


def test_a_failure_inside_the_plugin_is_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    """A bug of ours anywhere in the plugin's work (here: rendering a partner page, broken by
    the site's hook) stops the build with one plain sentence that says to report it."""
    hook = (
        "import cop_site.render.entities as pages\n\n"
        "def on_config(config):\n"
        "    def boom(renderer, slug):\n"
        "        raise RuntimeError('boom')\n"
        "    pages.partner_page = boom\n"
    )
    config = BASE_CONFIG.format(options="") + "hooks:\n  - breaker.py\n"
    site = write_site(tmp_path / "site", {**VALID, "breaker.py": hook}, config=config)
    build, _ = mkdocs_build(site)
    assert build.returncode != 0
    assert "cop-site failed on this content (RuntimeError: boom); run with --verbose for details and report it" in build.output
    assert "Traceback" not in build.output


def test_check_reads_the_config_and_the_files_as_mkdocs_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`INHERIT:`, `!ENV` and `exclude_docs` mean for `check` what they mean for a build."""
    base = BASE_CONFIG.format(options=":\n      rubric: !ENV [COP_RUBRIC, none.yml]") + "exclude_docs: |\n  /archive/\n"
    files = {
        **VALID,
        "base.yml": base,
        "content/archive/old.md": "---\ndraft: maybe\n---\n",  # excluded: never published, never checked
        "content/partners/lvl.md": "---\nname: Lvl\ncategory: agency\nlevel: distrct\n---\n",
    }
    site = write_site(tmp_path / "site", files, config="INHERIT: base.yml\nsite_name: Inherited\n")
    monkeypatch.setenv("COP_RUBRIC", "our-rubric.yml")
    check = cop_check(site)
    build, _ = mkdocs_build(site, "--strict")
    for output in (check.output, build.output):
        assert "content/partners/lvl.md:4: unknown level 'distrct'" in output
        assert "cannot read the rubric file 'our-rubric.yml'" in output
        assert "archive/old.md" not in output


def test_agreement_elements_are_a_replaceable_vocabulary(tmp_path: Path) -> None:
    """A site names its own agreement elements in mkdocs.yml, as it does its other vocabularies."""
    files = {
        **VALID,
        "content/partners/agr.md": "---\nname: Agr\ncategory: agency\nagreement:\n  elements:\n    budget: agreed\n    promises: drafting\n---\n",
    }
    site = write_site(tmp_path / "site", files, options="agreement_elements:\n  budget: {label: Budget, description: Who pays for what.}\n  roles: Roles\n")
    check = cop_check(site)
    assert check.returncode == 1
    assert "content/partners/agr.md:7: unknown agreement element 'promises'" in check.stdout, check.output
    build, out = mkdocs_build(site)
    assert build.returncode == 0, build.output
    import json

    agreement = json.loads((out / "cop.json").read_text("utf-8"))["partners"]["agr"]["agreement"]
    assert agreement == {"signed": None, "agreed": ["budget"], "drafting": [], "open": ["roles"], "notes": {}}

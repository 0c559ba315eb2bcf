"""Issue 18: config of the wrong shape is a sentence naming the option or the file (with its
line where known) in `mkdocs build`, `cop-site check`, `new` and `schema`: never a traceback,
never a "report it". The same for `new` with a very long title, and for `generate` and
`schema --out` given a file where a folder belongs."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import BIN, cop_check, mkdocs_build, run, write_site

FILES = {
    "content/index.md": "# Home\n",
    "content/partners/valley-college.md": "---\nname: Valley College\ncategory: agency\n---\n",
    "content/groups/pathways/index.md": "---\nname: Pathways\nfocus: Linking school to college.\nmembers: [valley-college]\n---\n",
}
RUBRIC_OPTION = "rubric: rubric.yml"

CASES = {
    "cms-port": ("cms: {local_port: abc}", {}, "mkdocs.yml: cop-site option 'cms: local_port' must be a port number from 1 to 65535, not 'abc'"),
    "cms-backend": ("cms: {backend: github}", {}, "mkdocs.yml: cop-site option 'cms: backend' must be a mapping with a name"),
    "extra-fields-text": (
        "extra_fields: {partner: locale}",
        {},
        "mkdocs.yml: cop-site option 'extra_fields: partner' must be a list of field names, not the text 'locale'; write partner: [locale]",
    ),
    "rubric-domains-list": (
        RUBRIC_OPTION,
        {"rubric.yml": "levels: [emerging, developing]\ndomains:\n  - leadership\n  - data\n"},
        "rubric.yml:2: 'domains' must map each domain's slug to its label and indicators, not be a list",
    ),
    "rubric-not-utf8": (
        RUBRIC_OPTION,
        {"rubric.yml": "levels: [emerging, developing]\ndomains:\n  leadership:\n    label: Caf\xe9\n".encode("latin-1")},
        "rubric.yml:4: the rubric file is not UTF-8 text (byte 0xe9); save it as UTF-8",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_config_of_the_wrong_shape_is_a_sentence(tmp_path: Path, case: str) -> None:
    option, extra, sentence = CASES[case]
    site = write_site(tmp_path / "site", {**FILES, **extra}, options=option)

    build, out = mkdocs_build(site, "--strict")
    check = cop_check(site)
    new = run([str(BIN / "cop-site"), "new", "partner", "Hill School"], site)
    schema = run([str(BIN / "cop-site"), "schema", "--out", str(tmp_path / "schemas")], site)

    for command, result in (("build", build), ("check", check), ("new", new), ("schema", schema)):
        assert sentence in result.output, f"{command}:\n{result.output}"
        assert "Traceback" not in result.output and "report it" not in result.output, f"{command}:\n{result.output}"
    assert build.returncode != 0 and check.returncode == 1
    # new and schema still do their work, and say what is wrong with the config.
    assert new.returncode == 0 and (site / "content/partners/hill-school.md").is_file()
    assert schema.returncode == 0 and (tmp_path / "schemas/partner.schema.json").is_file()
    # Without --strict the site is still built (the editor sees the problem and the site).
    loose, out = mkdocs_build(site, dest=tmp_path / "loose")
    assert loose.returncode == 0 and (out / "partners/valley-college/index.html").is_file(), loose.output


def test_the_wrong_extra_field_shape_is_not_split_into_letters(tmp_path: Path) -> None:
    """`partner: locale` was read as the fields l, o, c, a, l, e: now as the one field it means."""
    site = write_site(tmp_path / "site", FILES, options="extra_fields: {partner: locale}")
    schema = run([str(BIN / "cop-site"), "schema", "--out", str(tmp_path / "schemas")], site)
    assert schema.returncode == 0, schema.output
    text = (tmp_path / "schemas/partner.schema.json").read_text("utf-8")
    assert '"locale"' in text and '"l"' not in text


def test_a_very_long_title_gets_a_short_file_name(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    title = " ".join(["Regional", "collaborative", "for", "secondary", "transition"] * 16)
    assert len(title.split()) == 80
    for args, folder in ((["partner", title], "content/partners"), (["note", title, "--group", "pathways", "--date", "2025-03-04"], "content/groups/pathways")):
        result = run([str(BIN / "cop-site"), "new", *args], site)
        assert result.returncode == 0, result.output
        assert "Traceback" not in result.output
        assert "the name is long, so its file name keeps its first words only (60 characters at most)" in result.output
        written = site / result.stdout.strip()
        assert written.parent == site / folder and written.is_file()
        # Whole words, 60 characters at most.
        assert written.stem.removeprefix("2025-03-04-") == "regional-collaborative-for-secondary-transition-regional"
        assert title in written.read_text("utf-8")  # the name itself is kept whole
    check = cop_check(site)
    assert check.returncode == 0, check.output


@pytest.mark.parametrize("command", ["generate", "schema"])
def test_writing_onto_a_file_is_a_sentence(tmp_path: Path, command: str) -> None:
    site = write_site(tmp_path / "site", FILES)
    target = tmp_path / "a-file.txt"
    target.write_text("keep me\n", "utf-8")
    for out in (target, target / "inside"):
        args = [str(BIN / "cop-site"), "generate", str(out)] if command == "generate" else [str(BIN / "cop-site"), "schema", "--out", str(out)]
        result = run(args, site)
        assert result.returncode == 2, result.output
        assert "Traceback" not in result.output
        assert f"cop-site {command}: {target} is a file, not a folder; give a folder to write to (nothing was written)" in result.output
    assert target.read_text("utf-8") == "keep me\n"

"""Issue 12: `cop-site schema` writes a JSON Schema (2020-12) per type, generated from the
model and the site's vocabularies; it accepts the example site's content and rejects each
front-matter case of the engine's bad inputs. The build publishes the same schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cop_site import yamlio
from helpers import BIN, ROOT, mkdocs_build, run, write_site
from test_check import BAD, VALID


def front_matter(text: str) -> Any:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return {}
    block = text[4:].split("\n---", 1)[0]
    # Read as the engine reads it (YAML 1.2 scalars, as editors' YAML tools do; dates as text,
    # so a date such as 2025-02-30 is the schema's to reject, not the parser's).
    data = yamlio.parse(block).data
    return {} if data is None else data


def kind_of(rel: str) -> str | None:
    parts = rel.split("/")
    if parts[0] == "partners" and len(parts) == 2:
        return "partner"
    if parts[0] == "scenarios" and len(parts) == 2:
        return "scenario"
    if parts[0] == "groups" and len(parts) == 3:
        return "group" if parts[2] == "index.md" else "note"
    return None


def schema_dir(site: Path, tmp: Path) -> Path:
    out = tmp / "schemas"
    made = run([str(BIN / "cop-site"), "schema", "--out", str(out)], site)
    assert made.returncode == 0, made.output
    assert sorted(p.name for p in out.iterdir()) == ["group.schema.json", "note.schema.json", "partner.schema.json", "scenario.schema.json"]
    return out


def validator(folder: Path, kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((folder / f"{kind}.schema.json").read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_schema_accepts_the_example_content(tmp_path: Path) -> None:
    out = schema_dir(ROOT, tmp_path)
    validators = {kind: validator(out, kind) for kind in ("partner", "group", "note", "scenario")}
    checked = 0
    for path in sorted((ROOT / "content").rglob("*.md")):
        rel = path.relative_to(ROOT / "content").as_posix()
        kind = kind_of(rel)
        if kind is None:
            continue
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validators[kind].iter_errors(front_matter(path.read_text("utf-8")))]
        assert not errors, f"{rel}: {errors}"
        checked += 1
    assert checked > 40


# The engine's bad cases that are about front matter values. The others are not a schema's
# to catch: YAML that does not parse (broken-yaml, alias), bytes that are not UTF-8, a file
# name that is not a slug, and references to pages that do not exist (a schema cannot
# know which pages exist; `cop-site check` does).
NOT_FOR_A_SCHEMA = {"broken-yaml", "alias-inside-its-anchor", "not-utf8", "bad-slug", "unknown-reference", "unknown-wikilink"}
# Nor are these (issue 10): YAML the reader refuses (tabs, indentation, nesting) or that JSON
# cannot hold (a key twice), ordinary pages (no schema), and what concerns several files or
# the text below the fields.
NOT_FOR_A_SCHEMA |= {"tab-indent", "indentation", "deep-nesting", "deep-block-nesting", "duplicate-key-nested"}
NOT_FOR_A_SCHEMA |= {"unknown-type", "draft-on-a-page", "slug-collision", "ambiguous-wikilink"}
# Nor is an order of dates in a list (issue 11), which JSON Schema cannot compare.
NOT_FOR_A_SCHEMA |= {"conditions-not-oldest-first"}
SCHEMA_CASES = [case for case in BAD if case[0] not in NOT_FOR_A_SCHEMA]


def test_every_bad_case_is_sorted() -> None:
    assert {c[0] for c in BAD} - NOT_FOR_A_SCHEMA == {c[0] for c in SCHEMA_CASES}
    assert len(SCHEMA_CASES) >= 11


@pytest.mark.parametrize(("case", "path", "text", "expected", "hint"), SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_schema_rejects_the_engines_bad_cases(tmp_path: Path, case: str, path: str, text: str, expected: str, hint: str | None) -> None:
    out = schema_dir(write_site(tmp_path / "site", VALID), tmp_path)
    kind = kind_of(path.removeprefix("content/"))
    assert kind is not None
    errors = list(validator(out, kind).iter_errors(front_matter(text)))
    assert errors, f"{case}: the {kind} schema accepted {text!r}"


def test_schema_uses_the_sites_vocabularies_and_accepts_single_values(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site", VALID, options="categories: [schools, agency]\nlevels: [state, local]\nextra_fields:\n  partner: [locale]"
    )
    out = schema_dir(site, tmp_path)
    partner = validator(out, "partner")
    assert not list(partner.iter_errors({"name": "A", "category": "schools", "level": "local", "locale": "rural"}))
    assert not list(partner.iter_errors({"name": "A", "category": ["schools", "agency"], "topics": None, "private": {"fears": "x"}}))
    assert list(partner.iter_errors({"name": "A", "category": "workforce"}))  # a default category this site replaced
    assert list(partner.iter_errors({"name": "A", "category": "agency", "level": "district"}))
    assert list(partner.iter_errors({"name": "A", "category": "agency", "alliances": ["Valley College"]}))  # not a slug
    group = validator(out, "group")
    assert not list(group.iter_errors({"name": "G", "focus": "F", "members": ["a", {"partner": "b", "role": "r", "since": "2025-01-01"}]}))
    assert list(group.iter_errors({"name": "G", "focus": "F", "members": [{"partner": "b", "rol": "r"}]}))
    assert list(group.iter_errors({"name": "G", "focus": "F", "conditions": {"common-agenda": "emergent"}}))
    note = validator(out, "note")
    assert not list(note.iter_errors({"title": "T", "date": "2025-01-01", "kind": "consultancy", "presenter": "a", "feedback": ["x"]}))
    assert list(note.iter_errors({"title": "T", "date": "2025-01-01", "kind": "meting"}))
    assert list(note.iter_errors({"title": "T"}))  # no date


def test_the_build_publishes_the_schemas(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", VALID)
    config = (site / "mkdocs.yml").read_text("utf-8")
    (site / "mkdocs.yml").write_text("site_url: https://example.org/cop/\n" + config, "utf-8")
    build, out = mkdocs_build(site, "--strict")
    assert build.returncode == 0, build.output
    cli = schema_dir(site, tmp_path)
    for kind in ("partner", "group", "note", "scenario"):
        published = json.loads((out / "schema" / f"{kind}.schema.json").read_text("utf-8"))
        assert published["$id"] == f"https://example.org/cop/schema/{kind}.schema.json"
        written = json.loads((cli / f"{kind}.schema.json").read_text("utf-8"))
        written["$id"] = published["$id"]
        assert written == published


def test_schema_help_shows_examples() -> None:
    shown = run([str(BIN / "cop-site"), "schema", "--help"], ROOT)
    assert shown.returncode == 0
    assert "examples:" in shown.stdout and "cop-site schema --out" in shown.stdout

"""The site's options and vocabulary, from the plugin's config in mkdocs.yml.

Plain data, shared by the MkDocs plugin and the `cop-site` command, so both validate the
same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import options
from .problems import Problem, suggest

ENTITY_TYPES = ("partner", "group", "note", "scenario")


@dataclass(frozen=True)
class Term:
    slug: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Indicator(Term):
    domain: str = ""


@dataclass
class Taxonomy:
    categories: dict[str, Term]
    levels: list[str]
    roles: dict[str, Term]
    relationships: dict[str, Term]
    ratings: list[str]
    conditions: dict[str, Term]
    rubric_levels: dict[str, Term]
    domains: dict[str, Term]
    indicators: dict[str, Indicator]
    # Elements of the "agreement for results" (version 2); a default so that code building a
    # Taxonomy by hand keeps working.
    agreement_elements: dict[str, Term] = field(default_factory=dict)

    topics: dict[str, Term] = field(default_factory=dict)  # optional labels for topic slugs

    def category_label(self, slug: str) -> str:
        term = self.categories.get(slug)
        return term.label if term else slug

    def topic_label(self, slug: str) -> str:
        """A topic as readers see it: its label from the site's `topics`, or the slug in words
        ("data-sharing" -> "data sharing"); sentence case is the caller's."""
        term = self.topics.get(slug)
        return term.label if term else slug.replace("-", " ")


@dataclass
class Settings:
    taxonomy: Taxonomy
    expected_categories: list[str]
    expected_levels: list[str]
    # No defaults here: `build_settings` fills every field from the options (options.py).
    quiet_window: int
    invitations: int
    edition: str
    private_dir: str
    extra_fields: dict[str, list[str]]
    generate_nav: bool

    @property
    def internal(self) -> bool:
        return self.edition == "internal"


DEFAULTS: dict[str, Any] = options.DEFAULTS  # declared once, with the plugin-only ones (options.py)


def _read_package_yaml(name: str) -> Any:
    return yaml.safe_load(resources.files("cop_site").joinpath("data").joinpath(name).read_text("utf-8"))


def _terms(value: Any, where: str, problems: list[Problem], source: str) -> dict[str, Term]:
    """A vocabulary given as a list of slugs, or a mapping slug -> label or {label, description}."""
    terms: dict[str, Term] = {}
    if isinstance(value, list):
        for slug in value:
            terms[str(slug)] = Term(str(slug), str(slug).replace("-", " ").capitalize())
    elif isinstance(value, dict):
        for slug, spec in value.items():
            if isinstance(spec, dict):
                label = str(spec.get("label") or slug)
                terms[str(slug)] = Term(str(slug), label, str(spec.get("description") or ""))
            else:
                terms[str(slug)] = Term(str(slug), str(spec or slug))
    else:
        problems.append(Problem(source, None, f"cop-site option '{where}' must be a list or a mapping"))
    return terms


def load_rubric(data: Any, source: str, problems: list[Problem]) -> tuple[dict[str, Term], dict[str, Term], dict[str, Indicator]]:
    levels = _terms((data or {}).get("levels", {}), "rubric levels", problems, source)
    domains: dict[str, Term] = {}
    indicators: dict[str, Indicator] = {}
    for dslug, dspec in ((data or {}).get("domains") or {}).items():
        dspec = dspec or {}
        domains[dslug] = Term(dslug, str(dspec.get("label", dslug)), str(dspec.get("description", "")))
        for islug, ispec in (dspec.get("indicators") or {}).items():
            ispec = ispec if isinstance(ispec, dict) else {"label": ispec}
            indicators[islug] = Indicator(islug, str(ispec.get("label", islug)), str(ispec.get("description", "")), dslug)
    if not levels or not indicators:
        problems.append(Problem(source, None, "the rubric needs 'levels' and 'domains' with 'indicators'"))
    return levels, domains, indicators


def build_settings(options: dict[str, Any], site_dir: Path, source: str = "mkdocs.yml") -> tuple[Settings, list[Problem]]:
    """Settings from the plugin's options (missing keys take the defaults)."""
    problems: list[Problem] = []
    unknown = [k for k in options if k not in DEFAULTS and k != "enabled"]
    for key in unknown:
        problems.append(Problem(source, None, f"unknown cop-site option '{key}'", suggest(key, DEFAULTS)))
    opts = {**DEFAULTS, **{k: v for k, v in options.items() if v is not None}}
    base = _read_package_yaml("taxonomy.yml")

    def vocab(key: str) -> dict[str, Term]:
        return _terms(opts[key] if opts[key] is not None else base[key], key, problems, source)

    rubric_source = source
    if opts["rubric"]:
        path = site_dir / str(opts["rubric"])
        rubric_source = str(opts["rubric"])
        try:
            rubric_data = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            problems.append(Problem(source, None, f"cannot read the rubric file '{opts['rubric']}': {exc}"))
            rubric_data = _read_package_yaml("rubric.yml")
    else:
        rubric_data = _read_package_yaml("rubric.yml")
    rlevels, domains, indicators = load_rubric(rubric_data, rubric_source, problems)

    levels = [str(x) for x in (opts["levels"] or base["levels"])]
    taxonomy = Taxonomy(
        categories=vocab("categories"),
        levels=levels,
        roles=vocab("roles"),
        relationships=vocab("relationships"),
        ratings=list(base["ratings"]),
        conditions=vocab("conditions"),
        rubric_levels=rlevels,
        domains=domains,
        indicators=indicators,
        agreement_elements=vocab("agreement_elements"),
        topics=_terms(opts["topics"], "topics", problems, source) if opts["topics"] is not None else {},
    )
    expected_categories = _checked_list(opts["expected_categories"], list(taxonomy.categories), "expected_categories", source, problems)
    expected_levels = _checked_list(opts["expected_levels"], levels, "expected_levels", source, problems)
    edition = str(opts["edition"])
    if edition not in ("public", "internal"):
        problems.append(Problem(source, None, f"cop-site option 'edition' is '{edition}'", "allowed values: public, internal"))
        edition = "public"
    extra = opts["extra_fields"] or {}
    extra_fields: dict[str, list[str]] = {}
    if not isinstance(extra, dict):
        problems.append(Problem(source, None, "cop-site option 'extra_fields' must map a type to a list of field names"))
    else:
        for kind, names in extra.items():
            if kind not in ENTITY_TYPES:
                problems.append(Problem(source, None, f"extra_fields names an unknown type '{kind}'", suggest(str(kind), ENTITY_TYPES)))
                continue
            extra_fields[kind] = [str(n) for n in (names or [])]
    settings = Settings(
        taxonomy=taxonomy,
        expected_categories=expected_categories,
        expected_levels=expected_levels,
        quiet_window=_positive(opts["quiet_window"], "quiet_window", DEFAULTS["quiet_window"], source, problems),
        invitations=_positive(opts["invitations"], "invitations", DEFAULTS["invitations"], source, problems),
        edition=edition,
        private_dir=str(opts["private_dir"]),
        extra_fields=extra_fields,
        generate_nav=bool(opts["navigation"]),
    )
    return settings, problems


def _checked_list(value: Any, allowed: list[str], key: str, source: str, problems: list[Problem]) -> list[str]:
    if value is None:
        return list(allowed)
    out = []
    for item in value if isinstance(value, list) else [value]:
        if str(item) in allowed:
            out.append(str(item))
        else:
            problems.append(Problem(source, None, f"cop-site option '{key}' has unknown value '{item}'", suggest(str(item), allowed)))
    return out


def _positive(value: Any, key: str, default: int, source: str, problems: list[Problem]) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    problems.append(Problem(source, None, f"cop-site option '{key}' must be a whole number above 0"))
    return default

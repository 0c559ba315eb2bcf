"""The site's options and vocabulary, from the plugin's config in mkdocs.yml.

Plain data, shared by the MkDocs plugin and the `cop-site` command, so both validate the
same way."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import options, yamlio
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
    # What each rubric level looks like for this indicator ({level: text}, in the rubric's
    # level order), and the probing questions for a sitting: open questions, never yes/no.
    levels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    questions: tuple[str, ...] = ()


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


Rubric = tuple[dict[str, Term], dict[str, Term], dict[str, Indicator]]  # levels, domains, indicators


@functools.cache
def _default_rubric() -> Rubric:
    """The package's own rubric, read once per process (it is the same for every site)."""
    problems: list[Problem] = []
    text = resources.files("cop_site").joinpath("data").joinpath("rubric.yml").read_text("utf-8")
    found = read_rubric(text, "cop_site/data/rubric.yml", problems)
    assert found is not None and not problems, problems  # the tests keep the shipped file clean
    return found


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


# Openings of a question that can be answered with yes or no: a probing question asks how,
# what, who, where or why instead (the rubric's questions start a conversation).
YES_NO_OPENERS = frozenset("is are am do does did has have had can could will would should shall was were may might must".split())
RUBRIC_KEYS = ("levels", "domains", "indicators")
DOMAIN_KEYS = ("label", "description", "indicators")
INDICATOR_KEYS = ("label", "description", "levels", "questions", "domain")


def yes_no_question(question: str) -> bool:
    """Whether a question opens like one a team could answer with yes or no."""
    first = question.strip().split(" ", 1)[0].strip(",").casefold()
    return first in YES_NO_OPENERS


def load_rubric(data: Any, source: str, problems: list[Problem], parsed: yamlio.Parsed | None = None) -> Rubric:
    """The rubric's levels, domains and indicators, each indicator with its own level texts and
    probing questions. `parsed` (the file read with line numbers) lets a problem name its line.

    Indicators sit under their domain (`domains: {d: {indicators: {...}}}`); they may also be
    listed flat (`indicators: {i: {domain: d, ...}}`) beside labelled domains, which is where
    an unknown domain can be named."""

    def line(*path: str | int) -> int | None:
        return parsed.line_of(path) if parsed is not None else None

    def report(path: tuple[str | int, ...], message: str, hint: str | None = None) -> None:
        problems.append(Problem(source, line(*path), message, hint))

    def unknown_keys(spec: dict[str, Any], allowed: tuple[str, ...], path: tuple[str | int, ...], what: str) -> None:
        for key in spec:
            if key not in allowed:
                report(path + (str(key),), f"unknown field '{key}' in {what}", suggest(str(key), allowed))

    if not isinstance(data, dict):
        report((), "the rubric file must be a mapping with 'levels' and 'domains'")
        data = {}
    unknown_keys(data, RUBRIC_KEYS, (), "the rubric")
    levels = _terms(data.get("levels", {}), "rubric levels", problems, source)
    domains: dict[str, Term] = {}
    indicators: dict[str, Indicator] = {}
    listed: list[tuple[str, Any, tuple[str | int, ...], str | None]] = []  # (slug, spec, path, domain)
    raw_domains = data.get("domains") or {}
    if not isinstance(raw_domains, dict):
        report(("domains",), "'domains' must be a mapping of domain: {label, indicators}")
        raw_domains = {}
    for dslug, dspec in raw_domains.items():
        dslug = str(dslug)
        dspec = dspec if isinstance(dspec, dict) else {"label": dspec} if dspec else {}
        unknown_keys(dspec, DOMAIN_KEYS, ("domains", dslug), f"the domain '{dslug}'")
        domains[dslug] = Term(dslug, str(dspec.get("label", dslug)), str(dspec.get("description", "")))
        for islug, ispec in (dspec.get("indicators") or {}).items():
            listed.append((str(islug), ispec, ("domains", dslug, "indicators", str(islug)), dslug))
    flat = data.get("indicators") or {}
    if isinstance(flat, dict):
        for islug, ispec in flat.items():
            listed.append((str(islug), ispec, ("indicators", str(islug)), None))
    for islug, ispec, path, dslug in listed:
        ispec = ispec if isinstance(ispec, dict) else {"label": ispec}
        unknown_keys(ispec, INDICATOR_KEYS, path, f"the indicator '{islug}'")
        named = ispec.get("domain")
        if named is not None and str(named) != dslug:
            if str(named) not in domains:
                report(path + ("domain",), f"the indicator '{islug}' names an unknown domain '{named}'", suggest(str(named), domains))
                continue
            dslug = str(named)
        if dslug is None:
            report(path, f"the indicator '{islug}' needs 'domain: <one of the domains>'", suggest("", domains))
            continue
        if islug in indicators:
            report(path, f"the indicator '{islug}' is listed twice", "keep one of them")
            continue
        if islug in ("index", "worksheet"):  # rubric/index.md and rubric/worksheet.md (render/registry.py)
            report(path, f"'{islug}' cannot be an indicator's slug: the page rubric/{islug}/ is the rubric's own", "choose another slug")
            continue
        texts: dict[str, str] = {}
        given = ispec.get("levels")
        if given is None:
            report(path, f"the indicator '{islug}' has no 'levels': give a text for each of {', '.join(levels)}")
            given = {}
        elif not isinstance(given, dict):
            report(path + ("levels",), f"'levels' of the indicator '{islug}' must be a mapping of level: text")
            given = {}
        for level in given:
            if str(level) not in levels:
                report(path + ("levels", str(level)), f"unknown level '{level}' in the indicator '{islug}'", suggest(str(level), levels))
        for level in levels:
            text = given.get(level)
            if text is None or not str(text).strip():
                if given:
                    report(path + ("levels",), f"the indicator '{islug}' has no text for the level '{level}'")
            else:
                texts[level] = str(text).strip()
        questions: list[str] = []
        raw_questions = ispec.get("questions")
        if raw_questions is None or raw_questions == []:
            report(path, f"the indicator '{islug}' has no probing questions", "add 'questions:' with three to six open questions")
        elif not isinstance(raw_questions, list):
            report(path + ("questions",), f"'questions' of the indicator '{islug}' must be a list", "write each question on a line starting with '- '")
        else:
            for n, question in enumerate(raw_questions):
                words = str(question or "").strip()
                if not words.endswith("?"):
                    report(path + ("questions", n), f"question {n + 1} of the indicator '{islug}' does not end with '?'")
                elif yes_no_question(words):
                    opener = words.split(" ", 1)[0]
                    report(
                        path + ("questions", n),
                        f"question {n + 1} of the indicator '{islug}' can be answered yes or no (it opens with '{opener}')",
                        "ask how, what, who or why instead",
                    )
                if words:
                    questions.append(words)
        indicators[islug] = Indicator(islug, str(ispec.get("label", islug)), str(ispec.get("description", "")), dslug, texts, tuple(questions))
    if not levels or not indicators:
        report((), "the rubric needs 'levels' and 'domains' with 'indicators'")
    return levels, domains, indicators


def read_rubric(text: str, source: str, problems: list[Problem]) -> Rubric | None:
    """A rubric file's text, read with line numbers (None when it is not valid YAML)."""
    try:
        parsed = yamlio.parse(text)
    except yamlio.YamlError as exc:
        problems.append(Problem(source, exc.line, exc.message.replace("front matter", "the rubric file"), exc.hint))
        return None
    return load_rubric(parsed.data, source, problems, parsed)


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

    rubric = None
    if opts["rubric"]:
        path = site_dir / str(opts["rubric"])
        try:
            rubric = read_rubric(path.read_text("utf-8"), str(opts["rubric"]), problems)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(source, None, f"cannot read the rubric file '{opts['rubric']}': {exc}"))
    given_levels, given_domains, given_indicators = rubric or _default_rubric()
    rlevels, domains, indicators = dict(given_levels), dict(given_domains), dict(given_indicators)  # copies: the default is shared

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

"""The site's options and vocabulary, from the plugin's config in mkdocs.yml.

Plain data, shared by the MkDocs plugin and the `cop-site` command, so both validate the
same way."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import options, yamlio
from .model import reserved_fields
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
        """A topic as readers see it: its label from the site's `topics`, or the slug in
        title-case words ("data-sharing" -> "Data Sharing"), so an unlabelled topic reads as a
        name beside the labelled ones rather than as a slug."""
        term = self.topics.get(slug)
        return term.label if term else " ".join(w[:1].upper() + w[1:] for w in slug.split("-") if w)


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
    # Roles a group or scenario should have among those present (version 3), and which
    # categories of partner help a condition rated at the lowest level.
    expected_roles: list[str]
    condition_helpers: dict[str, list[str]]

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


@functools.cache  # the package's own files: read once per process (serve rebuilds often); callers only read it
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

    before = len(problems)
    if data is not None and not isinstance(data, dict):
        report((), f"the rubric must be a mapping with 'levels' and 'domains', not a {_shape(data)}")
        data = {}
    data = data or {}
    unknown_keys(data, RUBRIC_KEYS, (), "the rubric")
    levels = _terms(data.get("levels", {}), "rubric levels", problems, source)
    for n in range(before, len(problems)):  # _terms speaks of options and knows no lines
        message = problems[n].message.replace("cop-site option 'rubric levels'", "the rubric's 'levels'")
        problems[n] = dataclasses.replace(problems[n], line=problems[n].line or line("levels"), message=message)
    domains: dict[str, Term] = {}
    indicators: dict[str, Indicator] = {}
    listed: list[tuple[str, Any, tuple[str | int, ...], str | None]] = []  # (slug, spec, path, domain)
    raw_domains = data.get("domains") or {}
    if not isinstance(raw_domains, dict):
        message = f"'domains' must map each domain's slug to its label and indicators, not be a {_shape(raw_domains)}"
        report(("domains",), message, "see the rubric.yml that comes with cop-site")
        raw_domains = {}
    for dslug, dspec in raw_domains.items():
        dslug = str(dslug)
        # A bare label is a domain whose indicators are listed flat, under `indicators`.
        dspec = {"label": dspec} if isinstance(dspec, str) else dspec or {}
        if not isinstance(dspec, dict):
            report(("domains", dslug), f"domain '{dslug}' must be a mapping with 'label' and 'indicators', not a {_shape(dspec)}")
            continue
        unknown_keys(dspec, DOMAIN_KEYS, ("domains", dslug), f"the domain '{dslug}'")
        domains[dslug] = Term(dslug, str(dspec.get("label", dslug)), str(dspec.get("description", "")))
        under = dspec.get("indicators") or {}
        if not isinstance(under, dict):
            message = f"the indicators of domain '{dslug}' must map each indicator's slug to its label, not be a {_shape(under)}"
            report(("domains", dslug, "indicators"), message)
            continue
        for islug, ispec in under.items():
            listed.append((str(islug), ispec, ("domains", dslug, "indicators", str(islug)), dslug))
    flat = data.get("indicators") or {}
    if not isinstance(flat, dict):
        report(("indicators",), f"'indicators' must map each indicator's slug to its domain, levels and questions, not be a {_shape(flat)}")
        flat = {}
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
        for level in given if levels else ():  # no levels at all is one problem, said above
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
    if (not levels or not indicators) and len(problems) == before:
        report((), "the rubric needs 'levels' and 'domains' with 'indicators'")
    return levels, domains, indicators


def _shape(value: Any) -> str:
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else f"single value ({value!r})"


def read_rubric(text: str, source: str, problems: list[Problem]) -> Rubric | None:
    """A rubric file's text, read with line numbers (None when it is not valid YAML)."""
    try:
        parsed = yamlio.parse(text)
    except yamlio.YamlError as exc:
        problems.append(Problem(source, exc.line, exc.message.replace("front matter", "the rubric file"), exc.hint))
        return None
    return load_rubric(parsed.data, source, problems, parsed)


def _read_rubric(path: Path, shown: str, problems: list[Problem], config: str) -> Rubric | None:
    """A site's rubric file, checked (shape, levels, questions) with each problem at its line;
    None with a problem naming the file (or, when it cannot be read, the config that names
    it) when it cannot be read as UTF-8 YAML."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(config, None, f"cannot read the rubric file '{shown}': {exc.strerror or exc}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, f"the rubric file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x})", "save it as UTF-8"))
        return None
    return read_rubric(text, shown, problems)


def cms_options(value: Any, source: str = "mkdocs.yml") -> tuple[dict[str, Any], list[Problem]]:
    """The `cms` option (the form-based editor, see decap.py): the parts that are usable, and
    a sentence for each that is not (the build then uses the default for it)."""
    problems: list[Problem] = []
    if value is None:
        return {}, problems
    if not isinstance(value, dict):
        problems.append(Problem(source, None, f"cop-site option 'cms' must be a mapping ({', '.join(CMS_KEYS)}), not a {_shape(value)}"))
        return {}, problems
    usable: dict[str, Any] = {}
    for key, item in value.items():
        if key not in CMS_KEYS:
            problems.append(Problem(source, None, f"unknown key '{key}' in cop-site option 'cms'", suggest(str(key), CMS_KEYS)))
        elif key == "backend" and not (isinstance(item, dict) and isinstance(item.get("name"), str)):
            name = item if isinstance(item, str) else "github"
            hint = f"write backend: {{name: {name}}}, with repo and branch if they differ from edit_uri"
            problems.append(Problem(source, None, f"cop-site option 'cms: backend' must be a mapping with a name, not a {_shape(item)}", hint))
        elif key == "local_port" and not (isinstance(item, int) and not isinstance(item, bool) and 0 < item < 65536):
            message = f"cop-site option 'cms: local_port' must be a port number from 1 to 65535, not {item!r}"
            problems.append(Problem(source, None, message, "the default is 8081"))
        elif key == "publish_mode" and item not in (None, "simple", "editorial_workflow"):
            problems.append(Problem(source, None, f"cop-site option 'cms: publish_mode' is {item!r}", "allowed values: simple, editorial_workflow"))
        elif key == "editor" and item not in (None, "sveltia", "decap"):
            problems.append(Problem(source, None, f"cop-site option 'cms: editor' is {item!r}", "allowed values: sveltia, decap"))
        elif key in ("bundle", "site_folder") and not isinstance(item, (str, type(None))):
            problems.append(Problem(source, None, f"cop-site option 'cms: {key}' must be a folder's path, not a {_shape(item)}"))
        else:
            usable[key] = item
    return usable, problems


CMS_KEYS = ("editor", "backend", "publish_mode", "local_port", "bundle", "site_folder")


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
        rubric = _read_rubric(site_dir / str(opts["rubric"]), str(opts["rubric"]), problems, source)
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
            if isinstance(names, str):  # `partner: locale` for `partner: [locale]`
                message = f"cop-site option 'extra_fields: {kind}' must be a list of field names, not the text '{names}'"
                problems.append(Problem(source, None, message, f"write {kind}: [{names}]"))
                names = [names]
            elif not isinstance(names, (list, type(None))):
                problems.append(Problem(source, None, f"cop-site option 'extra_fields: {kind}' must be a list of field names, not a {_shape(names)}"))
                names = []
            for name in names or []:
                if isinstance(name, str):
                    extra_fields.setdefault(kind, []).append(name)
                else:
                    problems.append(Problem(source, None, f"cop-site option 'extra_fields: {kind}' lists {name!r}, which is not a field name"))
            extra_fields.setdefault(kind, [])
            _drop_reserved(extra_fields, kind, source, problems)
    problems += cms_options(opts["cms"], source)[1]
    roles_default = [r for r in base["expected_roles"] if r in taxonomy.roles]  # a site's own roles may lack them
    expected_roles = (
        _checked_list(opts["expected_roles"], list(taxonomy.roles), "expected_roles", source, problems) if opts["expected_roles"] is not None else roles_default
    )
    helpers_given = opts["condition_helpers"] is not None
    condition_helpers = _condition_helpers(opts["condition_helpers"] if helpers_given else base["condition_helpers"], taxonomy, source, problems, helpers_given)
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
        expected_roles=expected_roles,
        condition_helpers=condition_helpers,
    )
    return settings, problems


def _drop_reserved(extra_fields: dict[str, list[str]], kind: str, source: str, problems: list[Problem]) -> None:
    """An extra field named like one of cop-site's own (`private`, `url`, `groups`...) would
    publish what it stands for, or replace what cop-site writes there: refused, by name."""
    reserved = reserved_fields(kind)
    for name in [n for n in extra_fields[kind] if n in reserved]:
        why = "holds the private fields, never published" if name == "private" else f"is a field cop-site itself gives a {kind} (its page, cop.json)"
        problems.append(
            Problem(
                source,
                None,
                f"cop-site option 'extra_fields' names '{name}' for a {kind}, and '{name}' {why}",
                f"give your field another name in extra_fields and in the files, such as '{kind}_{name}'; until then it is not an extra field",
            )
        )
        extra_fields[kind].remove(name)


def _condition_helpers(value: Any, taxonomy: Taxonomy, source: str, problems: list[Problem], given: bool) -> dict[str, list[str]]:
    """`{condition: [categories]}`, checked against the site's vocabularies. The shipped
    default is filtered quietly, since a site that replaced its categories or conditions did
    not write it; the site's own mapping is checked value by value."""
    if not isinstance(value, dict):
        problems.append(Problem(source, None, "cop-site option 'condition_helpers' must map a condition to a list of categories"))
        return {}
    out: dict[str, list[str]] = {}
    for condition, categories in value.items():
        condition = str(condition)
        if condition not in taxonomy.conditions:
            if given:
                message = f"cop-site option 'condition_helpers' names an unknown condition '{condition}'"
                problems.append(Problem(source, None, message, suggest(condition, taxonomy.conditions)))
            continue
        kept = []
        for category in categories if isinstance(categories, list) else [categories]:
            if category is None:
                continue
            if str(category) in taxonomy.categories:
                kept.append(str(category))
            elif given:
                message = f"cop-site option 'condition_helpers' ({condition}) has an unknown category '{category}'"
                problems.append(Problem(source, None, message, suggest(str(category), taxonomy.categories)))
        out[condition] = list(dict.fromkeys(kept))
    return out


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

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
    # Roles a group or scenario should have among those present (version 3), and which
    # categories of partner help a condition rated at the lowest level.
    expected_roles: list[str]
    condition_helpers: dict[str, list[str]]

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


def load_rubric(
    data: Any, source: str, problems: list[Problem], lines: dict[str, int] | None = None
) -> tuple[dict[str, Term], dict[str, Term], dict[str, Indicator]]:
    """The rubric's levels, domains and indicators; a wrong shape is a problem at `source`
    (with the line of the key, from `lines`, where known), never a crash."""
    lines = lines or {}
    before = len(problems)

    def wrong(key: str, message: str, hint: str | None = None) -> None:
        problems.append(Problem(source, lines.get(key), message, hint))

    if data is not None and not isinstance(data, dict):
        wrong("", f"the rubric must be a mapping with 'levels' and 'domains', not a {_shape(data)}")
        data = {}
    data = data or {}
    levels = _terms(data.get("levels", {}), "rubric levels", problems, source)
    domains: dict[str, Term] = {}
    indicators: dict[str, Indicator] = {}
    given = data.get("domains") or {}
    if not isinstance(given, dict):
        message = f"'domains' must map each domain's slug to its label and indicators, not be a {_shape(given)}"
        wrong("domains", message, "see the rubric.yml that comes with cop-site")
        given = {}
    for dslug, dspec in given.items():
        dspec = dspec or {}
        if not isinstance(dspec, dict):
            wrong(f"domains.{dslug}", f"domain '{dslug}' must be a mapping with 'label' and 'indicators', not a {_shape(dspec)}")
            continue
        domains[str(dslug)] = Term(str(dslug), str(dspec.get("label", dslug)), str(dspec.get("description", "")))
        listed = dspec.get("indicators") or {}
        if not isinstance(listed, dict):
            wrong(f"domains.{dslug}", f"the indicators of domain '{dslug}' must map each indicator's slug to its label, not be a {_shape(listed)}")
            continue
        for islug, ispec in listed.items():
            ispec = ispec if isinstance(ispec, dict) else {"label": ispec}
            indicators[str(islug)] = Indicator(str(islug), str(ispec.get("label", islug)), str(ispec.get("description", "")), str(dslug))
    if (not levels or not indicators) and len(problems) == before:
        problems.append(Problem(source, None, "the rubric needs 'levels' and 'domains' with 'indicators'"))
    return levels, domains, indicators


def _shape(value: Any) -> str:
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else f"single value ({value!r})"


def _read_rubric(path: Path, shown: str, problems: list[Problem], config: str) -> tuple[Any, dict[str, int]] | None:
    """A site's rubric file and the lines of its top two levels of keys ("domains",
    "domains.<slug>"), or None with a problem naming the file (or, when it cannot be read,
    the config that names it)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        problems.append(Problem(config, None, f"cannot read the rubric file '{shown}': {exc.strerror or exc}"))
        return None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, f"the rubric file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x})", "save it as UTF-8"))
        return None
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(Problem(shown, mark.line + 1 if mark else None, f"the rubric file is not valid YAML: {exc.problem or exc.context}"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, None, f"the rubric file is not valid YAML: {exc}"))
        return None
    lines: dict[str, int] = {}
    if root is not None:
        lines[""] = root.start_mark.line + 1
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            lines[str(key.value)] = key.start_mark.line + 1
            if isinstance(value, yaml.MappingNode):
                for inner, _ in value.value:
                    lines[f"{key.value}.{inner.value}"] = inner.start_mark.line + 1
    return data, lines


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

    rubric_source = source
    rubric_lines: dict[str, int] = {}
    read = None
    if opts["rubric"]:
        rubric_source = str(opts["rubric"])
        read = _read_rubric(site_dir / rubric_source, rubric_source, problems, source)
    if read is None:
        rubric_data = _read_package_yaml("rubric.yml")
    else:
        rubric_data, rubric_lines = read
    rlevels, domains, indicators = load_rubric(rubric_data, rubric_source, problems, rubric_lines)

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

"""YAML front matter parsed with line numbers for every key and list item.

Scalars follow YAML 1.2's core schema where an editor could be surprised by YAML 1.1:
only `true`/`false` (any case form 1.2 allows) are booleans and only `null`/`~`/empty are
empty. Everything else is text exactly as written: `10:30` is not the number 630, `NO` and
`on` are words, `007` keeps its zeros (no front-matter field is a number). Dates stay
text for validation to read, so a bad one is a message with a line number.

Hostile input is bounded: nesting deeper than MAX_DEPTH and values that anchors and aliases
would expand past MAX_VALUES are errors with a line, found before anything is expanded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

MAX_DEPTH = 50  # the content model needs 4 levels (assessments > item > scores > indicator)
MAX_VALUES = 20_000  # after anchors and aliases are expanded; a large real file has ~1,000
# libyaml's composer recurses in C once per level of nesting and overflows the C stack past
# about 30,000 levels; every level takes at least one character, so shorter text is safe
# and longer text has its depth counted from the event stream (iterative) first.
SAFE_TO_COMPOSE = 16_000


# libyaml's parser is ~20x faster than PyYAML's pure-Python one, and parsing front matter is
# most of the engine's own work; both give the same nodes and marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_BOOL, _NULL, _MERGE = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:merge"
# Every plain scalar that is not text, exactly as YAML 1.2 core spells it; `<<` is a YAML 1.1
# merge key, kept because an editor may have copied `<<: *defaults` from elsewhere.
_IMPLICIT = {
    **dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), _BOOL),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), _NULL),
    "<<": _MERGE,
}


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2 core booleans and nulls, and text for everything else.

    The C composer asks Python for every node's tag and tells it every step down and up the
    tree: with a fixed set of exact spellings a dictionary answers, and no path resolvers
    are used, so those calls (a third of reading a large front matter) do nothing else."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _IMPLICIT.get(value, _STR) if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


@dataclass(frozen=True)
class Duplicate:
    """A mapping key given twice: where it sits, and both lines."""

    path: Path  # the mapping's path
    key: str
    first_line: int
    line: int


@dataclass
class Parsed:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of the deepest known node on `path`."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


class YamlError(Exception):
    def __init__(self, message: str, line: int | None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


def parse(text: str, first_line: int = 1) -> Parsed:
    """Parse one YAML document; lines are counted from `first_line` (its first line)."""
    if len(text) > SAFE_TO_COMPOSE:
        _check_depth(text, first_line)
    loader = _Loader(text)
    parsed = Parsed(None)
    try:
        node = loader.get_single_node()
        if node is not None:
            if "&" in text:  # only an anchor can make a value larger than its text
                _measure(node, first_line)
            try:
                parsed.data = _build(node, (), parsed, first_line, loader)
            except _Unusual:
                parsed = Parsed(None)
                _walk(node, (), parsed, first_line)
                parsed.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):
            # The parser's own limit fired before ours could: count the depth ourselves so
            # the editor hears the same sentence, at the line where it first went too deep.
            _check_depth(text, first_line)
            raise _too_deep(_line_of(exc, first_line)) from None
        raise _plain_error(exc, text, first_line) from None
    except RecursionError:
        # PyYAML's pure-Python composer (no libyaml) recurses once per level.
        _check_depth(text, first_line)
        raise YamlError("front matter is not valid YAML: it is nested too deeply to read", first_line, _GENERAL_HINT) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"front matter is not valid YAML: {exc}", None, _GENERAL_HINT) from None
    finally:
        loader.dispose()
    return parsed


def _too_deep(line: int | None) -> YamlError:
    hint = "fields need no more than a few levels; remove the extra brackets or indentation"
    return YamlError(f"front matter is nested more than {MAX_DEPTH} levels deep", line, hint)


def _check_depth(text: str, offset: int) -> None:
    """The nesting depth from the event stream, which libyaml builds without recursing."""
    loader = _Loader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep((event.start_mark.line if event.start_mark else 0) + offset)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):
            raise _too_deep(_line_of(exc, offset)) from None
        raise _plain_error(exc, text, offset) from None
    finally:
        loader.dispose()


def _is_nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml 0.2.6, bundled since PyYAML 6.0.3, stops at 1,000 levels ("exceeded maximum
    nesting depth"; its parser also knows a "maximum nesting level"): that is our MAX_DEPTH
    rule firing late, and must read the same, whichever reader and version says it first."""
    words = f"{exc.problem or ''} {exc.context or ''}".lower()
    return "nesting depth" in words or "nesting level" in words or "nest level" in words


def _line_of(exc: yaml.MarkedYAMLError, offset: int) -> int | None:
    mark = exc.context_mark or exc.problem_mark
    return mark.line + offset if mark else None


def _measure(root: yaml.Node, offset: int) -> None:
    """How many values aliases add to the document once expanded, counted without expanding
    anything (each node's count is worked out once); an alias inside its own anchor would
    make it endless. Raises before a "billion laughs" document can take time or memory.
    Only repeats count: a long list written out in full is as large as its text, whatever
    its values say (an '&' in a name, say)."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    repeated = 0

    def size(node: yaml.Node, depth: int) -> int:
        nonlocal repeated
        known = sizes.get(id(node))
        if known is not None:  # a node met again: only an alias leads back to it
            repeated += known
            return known
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            return 1
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark.line + offset)
        if id(node) in active:
            raise YamlError("front matter is not valid YAML: an alias (*name) is used inside its own anchor (&name)", node.start_mark.line + offset)
        active.add(id(node))
        total = 1
        for child in node.value:
            for item in child if isinstance(child, tuple) else (child,):
                total += size(item, depth + 1)
                if repeated > MAX_VALUES:
                    raise YamlError(
                        f"front matter would hold more than {MAX_VALUES:,} values once its aliases (*name) are expanded",
                        node.start_mark.line + offset,
                        "write the values out instead of repeating them with anchors (&name) and aliases (*name)",
                    )
        active.discard(id(node))
        sizes[id(node)] = total
        return total

    size(root, 1)


class _Unusual(Exception):
    """A node `_build` leaves to PyYAML's own constructor (merge keys, sets, unknown tags...)."""


def _build(node: yaml.Node, path: Path, parsed: Parsed, offset: int, loader: Any) -> Any:
    """The node's value, as PyYAML's safe constructor makes it, and the line of every key and
    item on the way, in one pass: front matter is plain mappings, lists and scalars, for
    which PyYAML's general constructor is most of the time spent reading a site."""
    parsed.lines.setdefault(path, node.start_mark.line + offset)
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, loader)
    if len(path) >= MAX_DEPTH:
        raise _too_deep(node.start_mark.line + offset)
    if tag == _SEQ:
        return [_build(item, path + (index,), parsed, offset, loader) for index, item in enumerate(node.value)]
    if tag != _MAP:
        raise _Unusual(tag)
    data: dict[Any, Any] = {}
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise _Unusual(key_node.tag)
        key = _key(key_node, path, parsed, offset, seen)
        data[_scalar(key_node, loader)] = _build(value_node, path + (key,), parsed, offset, loader)
    return data


def _key(key_node: yaml.Node, path: Path, parsed: Parsed, offset: int, seen: dict[str, int]) -> str:
    """A mapping key as it stands in paths, its line noted, and noted again if repeated."""
    key = str(key_node.value)
    line = key_node.start_mark.line + offset
    first = seen.get(key)
    if first is not None:
        parsed.duplicates.append(Duplicate(path, key, first, line))
    else:
        seen[key] = line
    parsed.lines[path + (key,)] = line
    return key


def _scalar(node: yaml.ScalarNode, loader: Any) -> Any:
    if node.tag == _STR:
        return node.value
    construct = loader.yaml_constructors.get(node.tag)
    if construct is None:
        raise _Unusual(node.tag)
    return construct(loader, node)


def _walk(node: yaml.Node, path: Path, parsed: Parsed, offset: int) -> None:
    parsed.lines.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, yaml.ScalarNode):
        return
    if len(path) >= MAX_DEPTH:
        raise _too_deep(node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _key(key_node, path, parsed, offset, seen)
            _walk(value_node, path + (key,), parsed, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), parsed, offset)


_GENERAL_HINT = "check the indentation and quote values that contain ':' or '#'"
# What the YAML reader says, and what an editor should hear first.
_LEADS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "a ':' stands where YAML does not expect one: put a value that contains ': ' in quotes, or indent this line like the one above",
    ),
    ("did not find expected key", "this line is indented differently from the lines above it: line up fields of the same level under each other"),
    ("expected <block end>", "this line is indented differently from the lines above it: line up fields of the same level under each other"),
    ("could not find expected ':'", "a line has no ':' after its field name, or is indented differently from the line above"),
    ("did not find expected ',' or ']'", "a list that opens with '[' is not closed with ']'"),
    ("did not find expected ',' or '}'", "a mapping that opens with '{' is not closed with '}'"),
    ("undefined alias", "'*' starts a reference to an anchor (&name) that is not there: put a value that starts with '*' in quotes"),
    ("could not determine a constructor", "a value starts with '!', which YAML reads as a type: put the value in quotes"),
    ("duplicate anchor", "the same anchor (&name) is defined twice"),
)


def _plain_error(exc: yaml.MarkedYAMLError, text: str, offset: int) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + offset if mark else None
    problem = exc.problem or exc.context or "invalid YAML"
    words = problem
    if exc.context and exc.problem and exc.context_mark is not None and exc.context_mark is not mark:
        words = f"{problem} ({exc.context} that starts on line {exc.context_mark.line + offset})"
    lead = next((lead for needle, lead in _LEADS if needle in problem), None)
    if "tab" in problem or (mark is not None and _char_at(text, mark) == "\t"):
        lead = "a tab is used to indent this line: YAML needs spaces, so replace the tab with spaces"
    elif "cannot start any token" in problem and mark is not None:
        lead = f"a value cannot start with '{_char_at(text, mark)}': put the value in quotes"
    elif "end of stream" in problem and "quoted" in (exc.context or ""):
        lead = "a quote opens a value and is never closed"
    if lead is None:
        return YamlError(f"front matter is not valid YAML: {words}", line, _GENERAL_HINT)
    return YamlError(f"front matter is not valid YAML: {lead} (the YAML reader says: {words})", line)


def _char_at(text: str, mark: yaml.Mark) -> str:
    lines = text.split("\n")
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: unknown tags (!ENV, !!python/name) become None."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return None
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def load_config_file(text: str) -> Any:
    return yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader subclass

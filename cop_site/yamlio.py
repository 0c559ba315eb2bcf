"""YAML front matter parsed with line numbers for every key and list item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


# libyaml's parser is ~20x faster than PyYAML's pure-Python one, and parsing front matter is
# most of the engine's own work; both give the same nodes and marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as strings, so a bad date is a validation message with a
    line number instead of a ValueError from deep inside PyYAML."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"] for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Parsed:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of the deepest known node on `path`."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


class YamlError(Exception):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


def parse(text: str, first_line: int = 1) -> Parsed:
    """Parse one YAML document; lines are counted from `first_line` (its first line)."""
    loader = _Loader(text)
    parsed = Parsed(None)
    try:
        node = loader.get_single_node()
        if node is not None:
            if "&" in text:  # only an anchor can hold an alias to itself
                _no_cycle(node, set(), first_line)
            try:
                parsed.data = _build(node, (), parsed, first_line, loader)
            except _Unusual:
                parsed = Parsed(loader.construct_document(node))
                _walk(node, (), parsed, first_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem and exc.context_mark is not None and exc.context_mark is not mark:
            problem = f"{problem} ({exc.context} that starts on line {exc.context_mark.line + first_line})"
        raise YamlError(f"front matter is not valid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"front matter is not valid YAML: {exc}", None) from None
    finally:
        loader.dispose()
    return parsed


def _no_cycle(node: yaml.Node, active: set[int], offset: int) -> None:
    """An alias inside its own anchor (`a: &x [*x]`) would make the value endless."""
    if isinstance(node, yaml.ScalarNode):
        return
    if id(node) in active:
        raise YamlError("front matter is not valid YAML: an alias (*name) is used inside its own anchor (&name)", node.start_mark.line + offset)
    active.add(id(node))
    for child in node.value:
        for item in child if isinstance(child, tuple) else (child,):
            _no_cycle(item, active, offset)
    active.discard(id(node))


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


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
    if tag == _SEQ:
        return [_build(item, path + (index,), parsed, offset, loader) for index, item in enumerate(node.value)]
    if tag != _MAP:
        raise _Unusual(tag)
    data: dict[Any, Any] = {}
    seen: set[str] = set()
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise _Unusual(key_node.tag)
        key = _key(key_node, path, parsed, offset, seen)
        data[_scalar(key_node, loader)] = _build(value_node, path + (key,), parsed, offset, loader)
    return data


def _key(key_node: yaml.Node, path: Path, parsed: Parsed, offset: int, seen: set[str]) -> str:
    """A mapping key as it stands in paths, its line noted (and a repeated top-level field)."""
    key = str(key_node.value)
    line = key_node.start_mark.line + offset
    if key in seen and not path:
        parsed.duplicates.append((key, line))
    seen.add(key)
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
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = _key(key_node, path, parsed, offset, seen)
            _walk(value_node, path + (key,), parsed, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), parsed, offset)


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

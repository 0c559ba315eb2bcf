"""Front matter nested too deeply reads the same, whichever YAML reader stops it first: our
rule (more than 50 levels), libyaml's own limit (1,000 levels, bundled since PyYAML 6.0.3), or
PyYAML's pure-Python reader running out of recursion."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cop_site import yamlio

SENTENCE = "front matter is nested more than 50 levels deep"
# (text, the line our rule names, counted from 4 as in a file whose front matter starts there)
DEEP = {
    "flow-60": ("interest: " + "[" * 60 + "]" * 60, 4),
    "flow-1001": ("interest: " + "[" * 1001 + "]" * 1001, 4),
    "flow-5000": ("interest: " + "[" * 5000 + "]" * 5000, 4),
    "flow-map-1100": ("interest: " + "{a: " * 1100 + "}" * 1100, 4),
    "flow-over-lines": ("interest:\n" + "  [\n" * 1100 + "  ]\n" * 1100, 4 + 50),
    "compact-list-1100": ("interest:\n  " + "- " * 1100 + "x", 5),
    "block-map-1100": ("interest:\n" + "".join(" " * i + "a:\n" for i in range(1, 1100)), 4 + 50),
}


@pytest.mark.parametrize("case", DEEP)
def test_too_deep_is_one_sentence(case: str) -> None:
    text, line = DEEP[case]
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(text, first_line=4)
    assert caught.value.message == SENTENCE
    assert caught.value.line == line


def test_too_deep_without_libyaml() -> None:
    """PyYAML without its C extension: the same sentence instead of a RecursionError."""
    script = f"""
import yaml
if hasattr(yaml, "CSafeLoader"):
    del yaml.CSafeLoader
from cop_site import yamlio
from test_yamlio import DEEP
assert yamlio._Base is yaml.SafeLoader
for text, line in DEEP.values():
    try:
        yamlio.parse(text, first_line=4)
    except yamlio.YamlError as exc:
        assert (exc.message, exc.line) == ({SENTENCE!r}, line), (exc.message, exc.line, line)
    else:
        raise AssertionError("no error")
print("all too deep")
"""
    tests = str(Path(__file__).parent)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": tests})
    assert proc.returncode == 0 and "all too deep" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("problem", "context"),
    [
        ("exceeded maximum nesting depth", "while increasing flow level"),
        ("exceeded maximum nesting depth", "while increasing block level"),
        ("Maximum nesting level reached, set with yaml_set_max_nest_level())", "while parsing"),
    ],
)
def test_any_reader_limit_reads_as_ours(problem: str, context: str) -> None:
    """libyaml's words for its limit, as its scanner and its parser say them."""
    mark = yaml.Mark("front", 0, 2, 0, None, None)
    exc = yaml.MarkedYAMLError(context, mark, problem, mark)
    assert yamlio._is_nesting_limit(exc)
    assert not yamlio._is_nesting_limit(yaml.MarkedYAMLError("while parsing a block mapping", mark, "did not find expected key", mark))


def test_shallow_nesting_still_reads() -> None:
    parsed = yamlio.parse("interest: " + "[" * 49 + "x" + "]" * 49, first_line=4)
    value = parsed.data["interest"]
    for _ in range(48):
        value = value[0]
    assert value == ["x"]

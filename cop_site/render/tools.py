"""The workshop tools made visible: the rubric, the collective impact conditions, the
relationship continuum, the power/interest grid and the relationship map."""

from __future__ import annotations

TAGS: tuple[str, ...] = ()

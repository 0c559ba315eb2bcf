"""The workshop tools' numbers, shared by cop.json and the pages (provisional: the data side
of issue 11 replaces this module)."""

from __future__ import annotations

from .model import Partner

LEVELS = ("emerging", "developing", "established", "transformational")


def assessment_trend(partner: Partner) -> dict[str, str]:
    """For each indicator rated in the latest assessment: up, down or same against the most
    recent earlier assessment that rated it, or new."""
    if not partner.assessments:
        return {}
    rank = {level: n for n, level in enumerate(LEVELS)}
    *earlier, latest = partner.assessments
    out = {}
    for ind, level in latest.scores.items():
        before = next((a.scores[ind] for a in reversed(earlier) if ind in a.scores), None)
        if before is None:
            out[ind] = "new"
        else:
            diff = rank.get(level, 0) - rank.get(before, 0)
            out[ind] = "up" if diff > 0 else "down" if diff < 0 else "same"
    return out

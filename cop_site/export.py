"""cop.json: the content, the relations and the gaps as data (see CONTENT-MODEL.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import clock, instruments, tracking
from .analyse import Analysis
from .link import Graph
from .model import Entity, Group, Partner, Scenario, Schedule
from .render import GAPS_INDEX, gap_src
from .settings import Taxonomy, build_settings

VERSION = 1


def build_export(graph: Graph, analysis: Analysis, url_for: Callable[[str], str], internal: bool = False) -> dict[str, Any]:
    """`url_for` maps a Markdown source path to its site-relative URL."""

    def private(entity: Entity) -> dict[str, Any]:
        return {"private": _plain(entity.private)} if internal and entity.private else {}

    taxonomy = _taxonomy(graph)
    today = clock.today()  # overdue milestones; fixed by SOURCE_DATE_EPOCH
    rubric_levels = list(taxonomy.rubric_levels)

    def agreement(p: Partner) -> dict[str, Any] | None:
        summary = instruments.agreement_summary(p, taxonomy)
        if summary is None:
            return None
        return {**summary, "notes": instruments.agreement_notes(p, taxonomy)}

    def assessments(entity: instruments.Assessed) -> list[dict[str, Any]]:
        return [
            {
                "date": a.date.isoformat(),
                "participants": sorted(a.participants),
                "scores": dict(sorted(a.scores.items())),
                "evidence": dict(sorted(a.evidence.items())),
                "next_steps": dict(sorted(a.next_steps.items())),
            }
            for a in entity.assessments
        ]

    def gap_subject(kind: str, slug: str, entity: Group | Scenario) -> dict[str, Any]:
        """The last keys of a group and of a scenario alike: both are subjects of gap analysis."""
        return {
            "outreach": outreach(entity.outreach),
            "assessments": assessments(entity),
            "assessment_trend": instruments.assessment_trend(entity, rubric_levels),
            "gaps_url": url_for(gap_src(kind, slug)),
        }

    partners = {}
    for slug, p in sorted(graph.partners.items()):
        partners[slug] = {
            "name": p.name,
            "url": url_for(p.src.rel),
            "kind": p.kind,
            "category": sorted(p.category),
            "level": p.level,
            "roles": sorted(p.roles),
            "topics": sorted(p.topics),
            "relationship": p.stage,
            "relationship_history": [{"date": step.date.isoformat(), "stage": step.stage} for step in p.relationship_history],
            "relationship_goal": p.relationship_goal,
            "engagement": p.engagement,
            "influence": p.influence,
            "interest": p.interest,
            "desired_outcomes": p.desired_outcomes,
            "values": p.values,
            "alliances": sorted(graph.allies.get(slug, [])),
            "website": p.website,
            "groups": sorted({g for g, _ in graph.partner_groups.get(slug, [])}),
            "scenarios": sorted(graph.partner_scenarios.get(slug, [])),
            "notes": sorted(graph.partner_notes.get(slug, [])),
            "assessments": assessments(p),
            "assessment_trend": instruments.assessment_trend(p, rubric_levels),
            "resources": p.resources,
            "information_needs": p.information_needs,
            "agreement": agreement(p),
        }
        _add(partners[slug], p, private(p))
    groups = {}
    for slug, g in sorted(graph.groups.items()):
        groups[slug] = {
            "name": g.name,
            "url": url_for(g.src.rel),
            "focus": g.focus,
            "status": g.status,
            "topics": sorted(g.topics),
            "conveners": sorted(g.conveners),
            "members": sorted(m.partner for m in g.members),
            "member_details": [
                {"partner": m.partner, "role": m.role, "since": m.since.isoformat() if m.since else None} for m in sorted(g.members, key=lambda m: m.partner)
            ],
            "notes": sorted(k for k in graph.group_notes.get(slug, []) if not graph.notes[k].draft),
            "scenarios": sorted(graph.group_scenarios.get(slug, [])),
            "meets": g.meets,
            "schedule": _schedule(g.schedule),
            "conditions": dict(sorted(g.latest_conditions.items())),
            "conditions_latest": dict(sorted(instruments.conditions_latest(g).items())),
            "condition_assessments": [
                {"date": a.date.isoformat() if a.date else None, "scores": dict(sorted(a.scores.items())), "evidence": dict(sorted(a.evidence.items()))}
                for a in g.condition_assessments
            ],
            "expects_roles": list(g.expects_roles) if g.expects_roles is not None else None,
            **gap_subject("group", slug, g),
        }
        _add(groups[slug], g, private(g))
    scenarios = {}
    for slug, s in sorted(graph.scenarios.items()):
        scenarios[slug] = {
            "title": s.title,
            "url": url_for(s.src.rel),
            "status": s.status,
            "topics": sorted(s.topics),
            "groups": sorted(s.groups),
            "partners": sorted(s.partners),
            "needs": sorted(s.needs) if s.needs is not None else None,
            "efforts": list(s.efforts),
            "goal": s.goal,
            # A backbone or owner that is not a published partner (a draft) is left out by name.
            "backbone": s.backbone if s.backbone in graph.partners else None,
            "priorities": list(s.priorities),
            "measures": [
                {
                    "name": m.name,
                    "unit": m.unit,
                    "baseline": m.baseline,
                    "baseline_date": m.baseline_date.isoformat() if m.baseline_date else None,
                    "target": m.target,
                    "by": m.by.isoformat() if m.by else None,
                    "values": [{"date": v.date.isoformat(), "value": v.value} for v in m.values],
                    "source": m.source,
                    "standing": tracking.measure_bucket(m, today)[0],
                }
                for m in s.measures
            ],
            "milestones": [
                {
                    "name": m.name,
                    "due": m.due.isoformat(),
                    "status": m.status,
                    "owner": m.owner if m.owner in graph.partners else None,
                    "overdue": tracking.milestone_state(m, today) == "overdue",
                }
                for m in sorted(s.milestones, key=lambda m: (m.due, m.name))
            ],
            "success": [{"by": x.by.isoformat(), "text": x.text} for x in sorted(s.success, key=lambda x: (x.by, x.text))],
            "notes": sorted(graph.scenario_notes.get(slug, [])),
            "needs_roles": list(s.needs_roles) if s.needs_roles is not None else None,
            **gap_subject("scenario", slug, s),
        }
        _add(scenarios[slug], s, private(s))
    notes = {}
    for key, n in sorted(graph.notes.items()):
        notes[key] = {
            "title": n.title,
            "url": url_for(n.src.rel),
            "group": n.group,
            "date": n.date.isoformat(),
            "kind": n.kind,
            "attendees": sorted(set(n.attendees)),
            "scenarios": sorted(set(n.scenarios)),
            "decisions": list(n.decisions),
            "next_steps": n.next_steps,
            "intention": n.intention,
            "actions": n.actions,
            "assessment": n.assessment,
            # A presenter who is not a published partner (a draft, say) is left out by name.
            "presenter": n.presenter if n.presenter in graph.partners else None,
            "problem": n.problem,
            "question": n.question,
            "feedback": list(n.feedback),
            **({"draft": True} if n.draft else {}),
        }
        _add(notes[key], n, private(n))
    gaps = {}
    for key, found in sorted(analysis.gaps.items()):
        entry = {
            "url": url_for(gap_src(found.subject.kind, found.subject.slug)),
            "present": sorted(found.subject.present),
            "present_categories": sorted(found.present_categories),
            "missing_categories": sorted(found.missing_categories),
            "present_levels": sorted(found.present_levels),
            "missing_levels": sorted(found.missing_levels),
            "invitations": [{"partner": i.partner, "score": i.score, "reasons": list(i.reasons)} for i in found.invitations],
            "quiet_members": sorted(found.quiet_members),
            "missing_roles": list(found.missing_roles),
            "could_move": [{"partner": m.partner, "stage": m.stage, "towards": m.towards, "goal": m.goal, "reason": m.reason} for m in found.could_move],
            "keep_satisfied": [{"partner": k.partner, "how": k.how, "reason": k.reason} for k in found.keep_satisfied],
            "weak_conditions": {
                c: {"level": w.level, "helpers": list(w.helpers), "candidates": list(w.candidates), "reason": w.reason}
                for c, w in sorted(found.weak_conditions.items())
            },
            "outreach": outreach(found.outreach),
            "declined": [{"partner": d.partner, "date": d.date.isoformat(), "by": d.by, "ally": d.ally, "reason": d.reason} for d in found.declined],
            "awaiting": [{"partner": w.partner, "since": w.since.isoformat(), "days": w.days, "by": w.by} for w in found.awaiting],
            "outreach_counts": dict(found.outreach_counts),
        }
        if found.findings:
            entry["findings"] = [{"lens": f.lens, "title": f.title, "text": f.text, "partners": sorted(f.partners)} for f in found.findings]
        gaps[key] = entry
    ov = analysis.overview
    cells, unplaced = instruments.grid(graph, taxonomy.ratings)
    return {
        "version": VERSION,
        "partners": partners,
        "groups": groups,
        "scenarios": scenarios,
        "notes": notes,
        "gaps": gaps,
        "overview": {
            "url": url_for(GAPS_INDEX),
            "coverage": {k: dict(sorted(v.items())) for k, v in sorted(ov.coverage.items())},
            "partners_in_no_group": sorted(ov.partners_in_no_group),
            "categories_without_partners": sorted(ov.categories_without_partners),
            "topics_without_group": sorted(ov.topics_without_group),
            "grid": cells,
            "grid_unplaced": unplaced,
            "stages": instruments.stages(graph, taxonomy),
            "conditions": instruments.overview_conditions(graph),
        },
    }


def _schedule(sch: Schedule | None) -> dict[str, Any] | None:
    """A group's schedule as written (after `cop-site check` dropped what it could not use)."""
    if sch is None:
        return None
    return {
        "start": sch.start.isoformat(),
        "time": sch.time,
        "duration": sch.duration,
        "timezone": sch.timezone,
        "repeat": sch.repeat,
        "until": sch.until.isoformat() if sch.until else None,
        "location": sch.location,
    }


def _add(record: dict[str, Any], entity: Any, private: dict[str, Any]) -> None:
    """The site's own fields (extra_fields), then the private ones (internal edition). An
    extra field never replaces what cop-site writes (its `url`, its `groups`...): settings
    refuse such names, and this keeps it so for a graph made without them."""
    for name, value in _plain(entity.src.extras).items():
        record.setdefault(name, value)
    record.update(private)


def outreach(entries: Iterable[Any]) -> list[dict[str, Any]]:
    """Outreach entries (a file's, or an analysis's), sorted by date then partner, as data.
    Only the published fields: a private reason for a refusal lives under `private:`."""
    rows = sorted(entries, key=lambda e: (e.date, e.partner))
    return [{"partner": e.partner, "date": e.date.isoformat(), "by": e.by, "response": e.response, "note": e.note} for e in rows]


def _taxonomy(graph: Graph) -> Taxonomy:
    """The vocabularies the content was validated against; the defaults for a graph built
    without them (a caller that made its own Content)."""
    if graph.content.taxonomy is not None:
        return graph.content.taxonomy
    return build_settings({}, Path("."))[0].taxonomy


def _plain(value: Any) -> Any:
    """YAML values made JSON-safe (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# One record a line (here and in the network exports): readable diffs, and the C encoder.
JSON_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def dumps(data: dict[str, Any]) -> str:
    """The export as text: each partner, group, scenario, note and gap on a line of its own,
    so a diff of two builds shows which of them changed. (Indenting everything would also
    make `json` fall back from its C encoder to a Python one several times slower.)"""
    out = ["{\n"]
    last = len(data) - 1
    for i, (key, value) in enumerate(data.items()):
        out.append(f"  {JSON_LINE.encode(key)}: ")
        if isinstance(value, dict) and value:
            out.append("{\n")
            out.append(",\n".join(f"    {JSON_LINE.encode(k)}: {JSON_LINE.encode(v)}" for k, v in value.items()))
            out.append("\n  }")
        else:
            out.append(JSON_LINE.encode(value))
        out.append(",\n" if i < last else "\n")
    out.append("}\n")
    return "".join(out)

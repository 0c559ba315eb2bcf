"""`cop-site check`: validate a site's content without building it; `cop-site generate`: see generate.py."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import siteconfig
from .pipeline import run
from .problems import Problem
from .sensitive import sensitive_keys, warning_text

PLUGIN_NAME = "cop-site"


def check(site_dir: Path, fmt: str = "text", config_file: str = "mkdocs.yml") -> int:
    site = siteconfig.find(site_dir, config_file, "run cop-site check in the folder that holds mkdocs.yml, or give that folder")
    if isinstance(site, str):
        print(site, file=sys.stderr)
        return 2
    config_path = site_dir / config_file
    options, docs_dir, files = site.options, site.docs_dir, site.markdown
    problems: list[Problem] = []
    if options is None:
        problems.append(Problem(config_file, None, f"the '{PLUGIN_NAME}' plugin is not listed under 'plugins'", f"add '- {PLUGIN_NAME}' to plugins"))
        options = {}
    try:
        result = run(config_path.parent, docs_dir, options, config_name=config_file, files=files)
    except Exception as exc:  # a bug of ours: a plain sentence, not a traceback
        if os.environ.get("COP_SITE_DEBUG"):
            raise
        print(f"cop-site check failed ({type(exc).__name__}: {exc}); set COP_SITE_DEBUG=1 for details and report it", file=sys.stderr)
        return 3
    problems += result.problems
    for problem in problems:
        print(problem.github() if fmt == "github" else str(problem))
    # Warnings only: they never change the exit status.
    for warning in sensitive_keys(result.docs):
        print(warning_text(warning, fmt))
    c = result.content
    summary = (
        f"{_n(result.files_read, 'file')}: {_n(len(c.partners), 'partner')}, {_n(len(c.groups), 'group')}, "
        f"{_n(len(c.notes), 'note')}, {_n(len(c.scenarios), 'scenario')}"
    )
    if problems:
        print(f"cop-site check: {_n(len(problems), 'problem')} in {summary}", file=sys.stderr)
        return 1
    print(f"cop-site check: no problems in {summary}", file=sys.stderr)
    return 0


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


CHECK_EXAMPLES = """\
examples:
  cop-site check                      # every problem in content/, as path:line: what to change
  cop-site check path/to/site         # a site in another folder
  cop-site check --format github      # the same, as annotations on a pull request's files
exit status: 0 no problems, 1 problems listed, 2 no site here
"""
NEW_EXAMPLES = """\
examples:
  cop-site new partner "Valley College"                       # content/partners/valley-college.md
  cop-site new partner "Dana Ortiz" --kind individual
  cop-site new group "Secondary RTI"                          # content/groups/secondary-rti/index.md
  cop-site new note "Kickoff meeting" --group secondary-rti   # content/groups/secondary-rti/<today>-kickoff-meeting.md
  cop-site new note "Spring report" --group secondary-rti --kind progress-report --date 2025-06-10
  cop-site new scenario "Secondary RTI at scale"              # content/scenarios/secondary-rti-at-scale.md
  cop-site new outreach --group secondary-rti --partner pine-hollow-schools --by state-agency
                                            # one more invitation, dated today, in that group's file
  cop-site new outreach --scenario p16-system --partner valley-college --response accepted
  cop-site new assessment --group secondary-rti               # adds today's empty sitting to its assessments
  cop-site new assessment --partner valley-college --date 2025-06-10
It prints the path it wrote and never replaces a file that exists. An assessment is added at
the end of that file's assessments, every indicator listed and commented out, the rest of the
file left as it was. A site can use its own templates: put partner.md, group.md, note.md, note-progress-report.md, note-consultancy.md
or scenario.md in a templates/ folder beside mkdocs.yml.
"""
SCHEMA_EXAMPLES = """\
examples:
  cop-site schema                     # schema/partner.schema.json, group, note, scenario
  cop-site schema --out /tmp/schemas  # somewhere else
The schemas use this site's own categories, levels and other lists from mkdocs.yml.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="cop-site",
        description="Tools for a cop-site community of practice site. Run them in the folder that holds mkdocs.yml.",
        epilog="Each command has its own help with examples, e.g. cop-site new --help",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{check,new,schema}")
    raw = argparse.RawDescriptionHelpFormatter
    chk = sub.add_parser("check", help="list every problem in the content, without building the site", epilog=CHECK_EXAMPLES, formatter_class=raw)
    chk.add_argument("site_dir", nargs="?", default=".", help="the folder that holds mkdocs.yml (default: here)")
    chk.add_argument("--format", choices=("text", "github"), default="text", help="github: GitHub Actions annotations")
    chk.add_argument("-f", "--config-file", default="mkdocs.yml", help="the config file's name in that folder")
    gen = sub.add_parser("generate", help="write the public site as plain Markdown and an mkdocs.yml that needs no cop-site plugin")
    gen.add_argument("out_dir", help="a new or empty folder (or one written by cop-site generate before)")
    gen.add_argument("--site", default=".", help="the folder that holds mkdocs.yml (default: here)")
    gen.add_argument("-f", "--config-file", default="mkdocs.yml", help="the config file's name in that folder")
    new = sub.add_parser("new", help="start a partner, group, note or scenario from a template", epilog=NEW_EXAMPLES, formatter_class=raw)
    new.add_argument(
        "type",
        choices=("partner", "group", "note", "scenario", "outreach", "assessment"),
        help="what to start (outreach: one more invitation in a file; assessment: one more sitting)",
    )
    new.add_argument("name", nargs="?", help="its name or title, in quotes if it has spaces; the file name (slug) is made from it")
    new.add_argument("--group", help="a note's group, by its slug (needed when the site has more than one group); for outreach or an assessment, the group")
    new.add_argument("--date", help="a note's date, YYYY-MM-DD (default: today)")
    new.add_argument("--kind", help="a note's kind (meeting, learning, progress-report, consultancy) or a partner's (organization, individual)")
    new.add_argument("--scenario", help="outreach or an assessment: the scenario's slug (instead of --group)")
    new.add_argument("--partner", help="outreach: who was invited, by slug; an assessment: the partner assessed")
    new.add_argument("--by", help="outreach: who made the invitation, by slug")
    new.add_argument("--response", default="invited", help="outreach: invited (default), accepted, declined or no-reply")
    new.add_argument("-C", "--site-dir", default=".", help="the folder that holds mkdocs.yml (default: here)")
    sch = sub.add_parser("schema", help="write a JSON Schema for each type's front matter", epilog=SCHEMA_EXAMPLES, formatter_class=raw)
    sch.add_argument("--out", help="the folder to write them to (default: schema/ in the site folder)")
    sch.add_argument("-C", "--site-dir", default=".", help="the folder that holds mkdocs.yml (default: here)")
    args = parser.parse_args(argv)
    out = getattr(args, "out_dir" if args.command == "generate" else "out", None)
    # The folder to write, or the nearest one of its parents that exists, must be a folder.
    existing = next((p for p in (Path(out), *Path(out).parents) if p.exists()), None) if out is not None else None
    if existing is not None and not existing.is_dir():
        print(f"cop-site {args.command}: {existing} is a file, not a folder; give a folder to write to (nothing was written)", file=sys.stderr)
        return 2
    if args.command == "generate":
        from .generate import generate

        return generate(Path(args.site), Path(args.out_dir), args.config_file)
    if args.command == "new":
        from .scaffold import add_outreach, new_assessment
        from .scaffold import new as new_file

        if args.type == "outreach":
            return add_outreach(Path(args.site_dir), args.partner, args.group, args.scenario, args.by, args.response)
        if args.type == "assessment":
            chosen = [(kind, slug) for kind, slug in (("partner", args.partner), ("group", args.group), ("scenario", args.scenario)) if slug]
            if len(chosen) != 1 or args.name or args.kind:
                print("cop-site new: an assessment needs exactly one of --partner SLUG, --group SLUG or --scenario SLUG (and no name)", file=sys.stderr)
                return 2
            return new_assessment(Path(args.site_dir), chosen[0][0], chosen[0][1], args.date)
        if args.partner or args.scenario or args.by:
            print("cop-site new: --partner, --scenario and --by are for outreach or an assessment: cop-site new assessment --partner SLUG", file=sys.stderr)
            return 2
        if not args.name:
            print(f'cop-site new: give the {args.type}\'s name, for example: cop-site new {args.type} "Valley College"', file=sys.stderr)
            return 2
        return new_file(Path(args.site_dir), args.type, args.name, args.group, args.date, args.kind)
    if args.command == "schema":
        from .schema import write_schemas

        return write_schemas(Path(args.site_dir), Path(args.out) if args.out else None)
    return check(Path(args.site_dir), args.format, args.config_file)


if __name__ == "__main__":
    sys.exit(main())

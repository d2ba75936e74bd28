"""The goal process from the command line: `goals checkin`, `goals review`, `goals digest`.

Each reads the handbook the way the site does (the `goals` options in `mkdocs.yml`, its
goals folder, git history), so a packet or a digest says what the pages say.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from ..core.checkin import Checkin, CheckinError, checkin_bytes, read_status
from ..core.document.model import load_document
from ..core.document.publish import Audience
from ..core.fix import NotFixed, boundary, fix_file
from ..core.handbook.digest import DigestError, digest, window
from ..core.handbook.packets import PacketError, packet
from ..generator.build import GenerateError, build
from ..generator.config import SiteConfigError, find_config, load_site_config
from . import output
from .process_format import digest_markdown, packet_html, packet_markdown

DAY = click.DateTime(formats=["%Y-%m-%d"])


def commands() -> dict[str, click.Command]:
    """These commands by name, for the `goals` group, which loads this module only when one runs."""
    return {command.name: command for command in (checkin, review, digest_command) if command.name}


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--status", help="The check-in's status, in the seeds' words (on track, at risk, blocked, …).")
@click.option("--note", "-m", default="", help="What happened: progress, evidence, blockers, next step, support.")
@click.option("--tick", multiple=True, help="An item done since (its text, or its first words); repeat for more.")
@click.option("--metric", type=float, help="The metric's value now (sets metric.current).")
@click.option("--confidence", type=click.IntRange(0, 100), help="How sure you are the goal will be met, in percent.")
@click.option("--date", "day", type=DAY, help="The check-in's day (default: today).")
@click.option("--keep-status", is_flag=True, help="Leave the front matter's status as it is.")
@click.option("--dry-run", is_flag=True, help="Show the changes; write nothing.")
def checkin(path, status, note, tick, metric, confidence, day, keep_status, dry_run) -> None:
    """Write a check-in into a goal file: one log line, the boxes ticked, the metric, the
    status and the counters they change — nothing else, so it is a small commit."""
    if not (status or note or tick or metric is not None):
        raise click.UsageError("say something: --status, --note, --tick or --metric")
    if not path.is_file():
        raise click.UsageError(f"no such file: {output.terminal_safe(path)}")
    document = load_document(path)
    try:
        asked = Checkin(day.date() if day else date.today(), read_status(status) if status else None, note,
                        list(tick), metric, confidence, set_status=not keep_status)
        data, said = checkin_bytes(document, asked)
    except CheckinError as error:
        raise click.UsageError(f"{output.terminal_safe(path)}: {output.terminal_safe(error)}") from None
    console = output.stdout_console()
    for line in said:
        console.print(f"{output.escape(str(path))}: {output.escape(line)}")
    if dry_run:
        return
    try:
        fix_file(document, data, boundary(path, [path]))
    except (NotFixed, OSError) as error:
        output.stderr_console().print(f"{output.escape(str(path))}: not written: {output.escape(error)}")
        sys.exit(2)


def _handbook(include_private: bool):  # noqa: ANN202 - a generator SiteHandbook
    path = find_config(Path.cwd())
    try:
        site = load_site_config(path, folder=Path.cwd())
        return build(site, audience=Audience(include_private, _default_visibility(site)))
    except (SiteConfigError, GenerateError) as error:
        raise click.UsageError(output.terminal_safe(error)) from None


def _default_visibility(site):  # noqa: ANN001, ANN202
    from ..core.document.vocabulary import Visibility  # noqa: PLC0415

    return Visibility(site.goals.default_visibility)


@click.command()
@click.argument("person")
@click.option("--cycle", required=True, help="The cycle to review: 2026-Q4, 2026-H2 or 2026.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html", "json"]), default="markdown", show_default=True)
@click.option("--output", "-o", "target", type=click.Path(path_type=Path, dir_okay=False), help="Write to a file.")
@click.option("--include-private", is_flag=True, help="Include private goals (for you; never publish the result).")
def review(person, cycle, fmt, target, include_private) -> None:
    """A person's review packet for a cycle: every goal with its statement, final state,
    assessment, evidence, check-ins, changes of plan, completed items and burn-up."""
    site = _handbook(include_private)
    try:
        result = packet(site.handbook, person, cycle)
    except PacketError as error:
        raise click.UsageError(output.terminal_safe(error)) from None
    if fmt == "html":
        text = packet_html(result, site.renderer)
    elif fmt == "json":
        text = json.dumps(_packet_json(result), indent=2, ensure_ascii=False) + "\n"
    else:
        text = packet_markdown(result)
    if target:
        target.write_text(text, encoding="utf-8")
        output.stderr_console().print(f"goals: {output.escape(str(target))} written")
    else:
        sys.stdout.write(text)


def _packet_json(result) -> dict:  # noqa: ANN001 - a Packet
    return {
        "person": result.person.id, "cycle": result.cycle.name, "as_of": result.today.isoformat(),
        "goals": [
            {"id": r.entry.id, "title": r.entry.title, "status": r.entry.goal.status.value,
             "assessment": r.entry.document.assessment.value if r.entry.document.assessment else None,
             "progress": r.entry.progress.to_json(), "statement": r.statement,
             "evidence": [{"text": text, "url": url} for text, url in r.evidence],
             "checkins": [c.to_json() for c in r.checkins], "adjustments": [a.to_json() for a in r.adjustments],
             "completed": [c.to_json() for c in r.completed], "milestones": [m.to_json() for m in r.milestones],
             "pace": r.pace_verdict}
            for r in result.goals
        ],
    }


@click.command("digest")
@click.option("--since", default="7d", show_default=True, help="The window: 7d, 2w, or a first day (2026-11-01).")
@click.option("--until", type=DAY, help="The window's last day (default: today).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "text", "json"]), default="markdown", show_default=True)
@click.option("--include-private", is_flag=True, help="Include private goals (for you; never post the result).")
def digest_command(since, until, fmt, include_private) -> None:
    """What changed in the window — check-ins, completed items, status changes, new goals
    — and the goals that need a nudge (stale, slipping), each goal and owner named once."""
    site = _handbook(include_private)
    last = until.date() if until else site.handbook.today
    try:
        result = digest(site.handbook, window(since, last), last)
    except DigestError as error:
        raise click.UsageError(str(error)) from None
    if fmt == "json":
        output.print_json({
            "since": result.since.isoformat(), "until": result.until.isoformat(),
            "checkins": [{"goal": e.id, "owner": e.owner, **c.to_json()} for c, e in result.checkins],
            "completed": [{"goal": e.id, **c.to_json()} for c, e in result.completed],
            "status_changes": [{"goal": e.id, "day": c.day.isoformat(), "status": c.status, "author": c.author}
                               for c, e in result.status_changes],
            "new_goals": [e.id for e in result.new_goals],
            "nudges": [{"goal": n.entry.id, "owner": n.entry.owner, "reasons": n.reasons} for n in result.nudges],
        })
    elif fmt == "text":
        sys.stdout.write(digest_markdown(result, safe=output.terminal_safe))
    else:
        sys.stdout.write(digest_markdown(result))

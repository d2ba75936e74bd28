"""`goals new`: a goal or an inventory rendered from the packaged (or site's) templates."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from .cycles import parse_cycle, quarter_of

SCAFFOLDS = ("goal", "inventory")


def templates_dir() -> Path:
    """The templates shipped in the wheel, or `templates/` of a source checkout."""
    packaged = resources.files("mkdocs_goals") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


def render_scaffold(
    kind: str,
    *,
    title: str,
    owner: str | None,
    team: str | None,
    cycle: str | None,
    category: str | None,
    today: date,
    extra_dirs: tuple[Path, ...] = (),
) -> str:
    """Render `scaffolds/<kind>.md.j2`; a folder in `extra_dirs` may override it."""
    chosen = parse_cycle(cycle) if cycle else quarter_of(today)
    if chosen is None:
        raise ValueError(f"{cycle!r} is not a cycle such as 2026-Q2")
    start, due = starting_dates(chosen.start, chosen.end, today)
    import jinja2  # only `goals new` renders a scaffold: the other commands need not load Jinja

    loader = jinja2.FileSystemLoader([*map(str, extra_dirs), str(templates_dir())])
    # Markdown out, not HTML: escaping would corrupt it; YAML values go through `yaml`.
    environment = jinja2.Environment(
        loader=loader, autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    # Values go into YAML: JSON strings are valid YAML scalars, so quotes and colons are safe.
    environment.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    template = environment.get_template(f"scaffolds/{kind}.md.j2")
    return template.render(
        title=title,
        owner=owner,
        team=team,
        category=category,
        cycle=chosen.name,
        start=start.isoformat(),
        due=due.isoformat(),
        steps=[step.isoformat() for step in step_dates(start, due)],
        today=today.isoformat(),
    )


def starting_dates(first: date, last: date, today: date) -> tuple[date, date]:
    """A goal written mid-cycle starts today, not on the cycle's first day (which would
    make it "behind" the moment it is written); one for a later cycle starts with it."""
    start = today if first <= today <= last else first
    return start, last


def step_dates(start: date, due: date, steps: int = 3) -> list[date]:
    """Dates for the scaffold's action steps, spread ahead of `start` up to `due`."""
    span = max((due - start).days, steps)
    return [min(due, start + timedelta(days=round(span * (n + 1) / steps))) for n in range(steps)]

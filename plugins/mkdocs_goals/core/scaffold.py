"""`goals new`: a goal or an inventory rendered from the packaged (or site's) templates."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path

import jinja2

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
        start=chosen.start.isoformat(),
        due=chosen.end.isoformat(),
        today=today.isoformat(),
    )

"""`goals.json`: the public data of a handbook, with the same figures the pages show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..stats import document_json
from .model import Entry, Handbook
from .views import figures, status_counts

SCHEMA_VERSION = 2  # 2: `progress` per document, `figures` per team and overall


def entry_json(handbook: Handbook, entry: Entry) -> dict[str, Any]:
    """`goals stats` JSON of the entry's file, with what the handbook adds; a goal of a
    goal set has its own id, title and progress (`file_progress` is the whole file's)."""
    data = document_json(entry.document)
    if entry.subgoal is not None:
        data.update(file_progress=entry.document.progress.to_json(), progress=entry.progress.to_json(),
                    line=entry.subgoal.line)
    data.update(
        id=entry.id,
        url=entry.link,
        title=entry.title,
        owner=entry.owner,
        team=handbook.team_of(entry),
        category=handbook.category_of(entry) if entry.is_goal else None,
    )
    return data


def export(
    handbook: Handbook, entry_json: Callable[[Handbook, Entry], dict[str, Any]] = entry_json
) -> dict[str, Any]:
    """The published data as JSON-ready values (`dashboards/goals.json`); `entry_json`
    may be one that keeps each entry's part between builds (`mkdocs serve`)."""
    people = [
        {"id": p.id, "name": p.name, "team": p.team, "level": p.level, "manager": p.manager,
         "figures": figures(handbook.goals_of(p.id), handbook.inventories_of(p.id)).to_json()}
        for p in sorted(handbook.people.values(), key=lambda p: p.id)
    ]
    teams = [
        {"id": team, "members": [p.id for p in handbook.members(team)],
         "figures": figures(handbook.team_goals(team), handbook.team_inventories(team)).to_json()}
        for team in handbook.teams
    ]
    return {
        "schema": SCHEMA_VERSION,
        "generated": handbook.today.isoformat(),
        "figures": figures(handbook.goals, handbook.inventories).to_json(),
        "goals": [entry_json(handbook, e) for e in handbook.goals],
        "inventories": [entry_json(handbook, e) for e in handbook.inventories],
        "people": people,
        "teams": teams,
        "status_counts": status_counts(handbook.goals),
    }

"""The handbook: people, teams and their published goals, and the views dashboards show.

Pure data in, pure data out. The caller decides which documents are published and
gives each a link; nothing here knows about MkDocs or HTML.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from ..document.model import Document, Kind, is_published  # noqa: F401 - is_published: imported from here too
from ..findings import Finding, Severity
from ..document.front_matter import FrontMatterError, SafeYAMLHandler
from ..document.goal import Status
from ..history.engine import Completion, FileHistory
from ..document.parts import ActionStep
from ..slugs import slugify
from ..stats import document_json
from ..history.trends import STALE_AFTER_DAYS, Pace, Point, burnup, combine, is_stale, pace

DUE_SOON_DAYS = 30
# The seeds' guidance for a balanced set of goals, as shares of active goals.
CATEGORY_GUIDANCE: dict[str, tuple[int, int]] = {
    "engineering-craft": (40, 70),
    "soft-skills": (25, 40),
    "leadership": (5, 20),
}
_CATEGORY_WORDS = {
    "engineering-craft": ("engineering", "craft", "technical", "code", "architecture", "testing"),
    "soft-skills": ("soft", "communication", "collaboration", "initiative", "business"),
    "leadership": ("leadership", "mentoring", "mentor", "team impact", "stakeholder"),
}


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    team: str | None = None
    level: str | None = None
    manager: str | None = None

    @property
    def slug(self) -> str:
        return slugify(self.id, fallback="someone")


def category_group(category: str | None) -> str:
    """Map a free-text category onto the guidance's three groups, or `other`."""
    if not category:
        return "other"
    text = category.lower().replace("_", "-")
    for group, words in _CATEGORY_WORDS.items():
        if text == group or any(word in text for word in words):
            return group
    return "other"


def load_people(path: Path) -> tuple[dict[str, Person], list[Finding]]:
    """Read a people registry (`id: {name, team, level, manager}`); problems become findings."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return {}, [Finding(shown, 1, "people", Severity.ERROR, f"cannot read people registry: {error}")]
    try:
        data, lines = SafeYAMLHandler().load_with_lines(text)
    except FrontMatterError as error:
        return {}, [Finding(shown, error.line + 1, "people", Severity.ERROR, str(error))]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, [Finding(shown, mark.line + 1 if mark else 1, "people", Severity.ERROR, f"invalid YAML: {error}")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Finding(shown, 1, "people", Severity.ERROR, "the registry must map person ids to details")]
    people, findings = {}, []
    for key, value in data.items():
        person_id = str(key)
        value = value if value is not None else {}
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict):
            line = lines.get(person_id, 0) + 1
            findings.append(Finding(shown, line, "people", Severity.ERROR, f"{person_id}: expected name/team/level/manager"))
            continue
        people[person_id] = Person(
            id=person_id,
            name=str(value.get("name") or person_id),
            team=str(value["team"]) if value.get("team") else None,
            level=str(value["level"]) if value.get("level") else None,
            manager=str(value["manager"]) if value.get("manager") else None,
        )
    return people, findings


@dataclass(frozen=True)
class Entry:
    """A published document, the link the caller gives it (a URL, a path), its history."""

    document: Document
    link: str
    history: FileHistory | None = None

    @property
    def goal(self):  # noqa: ANN201 - GoalFrontMatter; kept short for templates
        return self.document.goal

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def owner(self) -> str | None:
        owner = self.document.goal.owner if self.document.goal else self.document.front_matter.data.get("owner")
        return str(owner) if owner else None


@dataclass(frozen=True)
class NextStep:
    step: ActionStep
    entry: Entry


@dataclass
class Handbook:
    """Everything the dashboards show, computed once from the published entries."""

    entries: list[Entry]
    people: dict[str, Person] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    stale_after_days: int = STALE_AFTER_DAYS

    def __post_init__(self) -> None:
        for entry in self.entries:
            owner = entry.owner
            if owner and owner not in self.people:
                team = entry.goal.team if entry.goal else entry.document.front_matter.data.get("team")
                self.people[owner] = Person(id=owner, name=owner, team=str(team) if team else None)
            elif owner and entry.goal and entry.goal.team and self.people[owner].team is None:
                person = self.people[owner]
                self.people[owner] = Person(person.id, person.name, entry.goal.team, person.level, person.manager)

    @property
    def goals(self) -> list[Entry]:
        return [e for e in self.entries if e.document.kind is Kind.GOAL and e.goal is not None]

    @property
    def inventories(self) -> list[Entry]:
        return [e for e in self.entries if e.document.kind is Kind.INVENTORY]

    def goals_of(self, owner: str) -> list[Entry]:
        return [e for e in self.goals if e.goal.owner == owner]

    def team_of(self, entry: Entry) -> str | None:
        if entry.goal and entry.goal.team:
            return entry.goal.team
        person = self.people.get(entry.owner or "")
        return person.team if person else None

    @property
    def teams(self) -> list[str]:
        names = {p.team for p in self.people.values() if p.team} | {t for e in self.goals if (t := self.team_of(e))}
        return sorted(names)

    def members(self, team: str) -> list[Person]:
        owners = {p.id for p in self.people.values() if p.team == team}
        owners |= {e.goal.owner for e in self.goals if self.team_of(e) == team}
        return sorted((self.people[o] for o in owners), key=lambda p: p.name.lower())

    def overdue(self, entries: list[Entry] | None = None) -> list[Entry]:
        pool = self.goals if entries is None else entries
        found = [e for e in pool if e.goal.status.active and e.goal.due_date and e.goal.due_date < self.today]
        return sorted(found, key=lambda e: e.goal.due_date)

    def due_soon(self, entries: list[Entry] | None = None, days: int = DUE_SOON_DAYS) -> list[Entry]:
        pool = self.goals if entries is None else entries
        horizon = self.today + timedelta(days=days)
        found = [
            e
            for e in pool
            if e.goal.status.active and e.goal.due_date and self.today <= e.goal.due_date <= horizon
        ]
        return sorted(found, key=lambda e: e.goal.due_date)

    def at_risk(self, entries: list[Entry] | None = None) -> list[Entry]:
        pool = self.goals if entries is None else entries
        return [e for e in pool if e.goal.status in (Status.AT_RISK, Status.BLOCKED)]

    @staticmethod
    def status_counts(entries: list[Entry]) -> dict[str, int]:
        counts = Counter(e.goal.status.value for e in entries)
        return {status.value: counts.get(status.value, 0) for status in Status}

    @staticmethod
    def rollup(entries: list[Entry]) -> dict[str, Any]:
        """Summed checklist and mean progress of some goals."""
        progresses = [e.document.progress for e in entries]
        checked = sum(p.checked for p in progresses)
        total = sum(p.total for p in progresses)
        mean = sum(p.percent for p in progresses) / len(progresses) if progresses else 0.0
        return {"goals": len(entries), "checked": checked, "total": total, "percent": mean}

    def next_steps(self, owner: str, limit: int = 8) -> list[NextStep]:
        """Open action steps of an owner's active goals, soonest first (undated last)."""
        steps = [
            NextStep(step, entry)
            for entry in self.goals_of(owner)
            if entry.goal.status.active and entry.document.parts
            for step in entry.document.parts.action_steps
            if not step.done
        ]
        steps.sort(key=lambda s: (s.step.due is None, s.step.due or date.max, s.entry.title))
        return steps[:limit]

    def by_cycle(self, entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
        """Goals grouped by cycle, newest cycle first, then by category."""
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            groups[entry.goal.cycle_name or "no cycle"].append(entry)
        # Newest cycle first; goals without a cycle last.
        ordered = sorted(groups.items(), key=lambda item: (item[0] != "no cycle", item[0]), reverse=True)
        return [
            (cycle, sorted(group, key=lambda e: (category_group(e.goal.category), e.title)))
            for cycle, group in ordered
        ]

    def category_balance(self, owner: str) -> list[dict[str, Any]]:
        """Share of the owner's active goals per category group, against the guidance."""
        active = [e for e in self.goals_of(owner) if e.goal.status.active]
        counts = Counter(category_group(e.goal.category) for e in active)
        rows = []
        for group in (*CATEGORY_GUIDANCE, "other"):
            share = 100.0 * counts.get(group, 0) / len(active) if active else 0.0
            low, high = CATEGORY_GUIDANCE.get(group, (0, 0))
            verdict = "n/a" if group == "other" else ("low" if share < low else "high" if share > high else "ok")
            rows.append(
                {"group": group, "goals": counts.get(group, 0), "share": share, "low": low, "high": high,
                 "verdict": verdict}
            )
        return rows

    # -- history -----------------------------------------------------------------------

    @property
    def has_history(self) -> bool:
        return any(e.history and e.history.snapshots for e in self.entries)

    def burnup(self, entries: list[Entry] | Entry) -> list[Point]:
        """Checked and total over time: one goal's, or the sum over several."""
        if isinstance(entries, Entry):
            history = entries.history
            now = (entries.document.checked, entries.document.total)
            return burnup(history.snapshots if history else [], now, self.today)
        return combine([self.burnup(entry) for entry in entries])

    def pace(self, entry: Entry) -> Pace | None:
        goal = entry.goal
        if goal is None:
            return None
        done = goal.status is Status.DONE
        return pace(entry.document.progress.percent, goal.start_date, goal.due_date, self.today, done=done)

    def stale(self, entries: list[Entry] | None = None) -> list[Entry]:
        """Active goals whose numbers and status have not changed for `stale_after_days`."""
        pool = self.goals if entries is None else entries
        return [
            e for e in pool
            if e.goal.status.active and e.history and is_stale(e.history.snapshots, self.today, self.stale_after_days)
        ]

    def recently_completed(self, entries: list[Entry] | None = None, limit: int = 10) -> list[tuple[Completion, Entry]]:
        """Items checked in commits, newest first."""
        pool = self.entries if entries is None else entries
        found = [(c, e) for e in pool if e.history for c in e.history.completed if c.date]
        found.sort(key=lambda pair: pair[0].date or "", reverse=True)
        return found[:limit]

    def export(self) -> dict[str, Any]:
        """The public data as JSON-ready values (`dashboards/goals.json`)."""
        def item(entry: Entry) -> dict[str, Any]:
            data = document_json(entry.document)
            data["url"] = entry.link
            data["title"] = entry.title
            data["team"] = self.team_of(entry)
            return data

        people = [
            {"id": p.id, "name": p.name, "team": p.team, "level": p.level, "manager": p.manager}
            for p in sorted(self.people.values(), key=lambda p: p.id)
        ]
        teams = [
            {
                "id": team,
                "members": [p.id for p in self.members(team)],
                **self.rollup([e for e in self.goals if self.team_of(e) == team]),
            }
            for team in self.teams
        ]
        return {
            "schema": 1,
            "generated": self.today.isoformat(),
            "goals": [item(e) for e in self.goals],
            "inventories": [item(e) for e in self.inventories],
            "people": people,
            "teams": teams,
            "status_counts": self.status_counts(self.goals),
        }

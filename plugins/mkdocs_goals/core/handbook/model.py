"""The handbook: people, teams and their published entries (goals and inventories).

Pure data in, pure data out. The caller decides which documents are published and
gives each a link; nothing here knows about MkDocs or HTML. What dashboards show is
computed by the functions in `views`; `goals.json` by `export`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ..document.model import Document, Kind
from ..document.progress import Progress
from ..document.subgoals import SubGoal
from ..history.engine import FileHistory
from ..history.trends import STALE_AFTER_DAYS
from .alignment import Links, link
from .categories import DEFAULT_CATEGORIES, Category, resolve_category
from .people import Person

if TYPE_CHECKING:
    from ..document.goal import GoalFrontMatter


def owner_from_folder(relative_path: str) -> str | None:
    """`ana/inventory.md` (relative to the goals folder) belongs to `ana`."""
    parts = PurePosixPath(relative_path).parts
    return parts[0] if len(parts) > 1 else None


@dataclass(frozen=True)
class Entry:
    """A published document, the link the caller gives it (a URL, a path), its history,
    and the owner its folder names (`goals/<owner>/…`), if that rule is on. One goal of
    a goal set is an entry of its own (`subgoal`), sharing the file's front matter."""

    document: Document
    link: str
    history: FileHistory | None = None
    folder_owner: str | None = None
    subgoal: SubGoal | None = None

    @property
    def id(self) -> str:
        """`goals/ana/2026.md`, or `goals/ana/2026.md#goal-2-…` for a goal of a goal set."""
        return f"{self.document.path}#{self.subgoal.slug}" if self.subgoal else self.document.path

    @property
    def goal(self) -> GoalFrontMatter | None:
        return self.document.goal

    @property
    def is_goal(self) -> bool:
        return self.document.kind is Kind.GOAL and self.document.goal is not None

    @property
    def title(self) -> str:
        return self.subgoal.title if self.subgoal else self.document.title

    @property
    def progress(self) -> Progress:
        return self.subgoal.progress if self.subgoal else self.document.progress

    @property
    def owner(self) -> str | None:
        """The goal's owner; an inventory's `owner:`, else its folder's."""
        if self.document.goal:
            return self.document.goal.owner
        written = self.document.front_matter.data.get("owner")
        return str(written) if written else self.folder_owner

    @property
    def written_team(self) -> str | None:
        team = self.document.goal.team if self.document.goal else self.document.front_matter.data.get("team")
        return str(team) if team else None


def expand(entry: Entry) -> list[Entry]:
    """A goal set's entry as one entry per goal (each with its part of the history)."""
    if entry.subgoal is not None or not entry.document.subgoals:
        return [entry]
    return [
        replace(entry, link=f"{entry.link}#{goal.slug}", subgoal=goal, history=_history_of(entry.history, goal))
        for goal in entry.document.subgoals
    ]


def _history_of(history: FileHistory | None, goal: SubGoal) -> FileHistory | None:
    if history is None:
        return None
    return FileHistory(
        history.path,
        [snapshot.of_goal(goal.slug) for snapshot in history.snapshots],
        [c for c in history.completed if goal.holds(c.line)],
        list(history.former_paths),
    )


@dataclass
class Handbook:
    """The published entries with the people who own them: the model every view reads."""

    entries: list[Entry]
    people: dict[str, Person] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    stale_after_days: int = STALE_AFTER_DAYS
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES

    def __post_init__(self) -> None:
        """Goal sets become one entry per goal; owners missing from the registry become
        people, with the team their files name."""
        self.entries = [part for entry in self.entries for part in expand(entry)]
        self.people = dict(self.people)
        for entry in self.entries:
            owner = entry.owner
            if not owner:
                continue
            person = self.people.get(owner)
            if person is None:
                self.people[owner] = Person(id=owner, name=owner, team=entry.written_team)
            elif person.team is None and entry.written_team:
                self.people[owner] = Person(person.id, person.name, entry.written_team, person.level, person.manager)

    @cached_property
    def goals(self) -> list[Entry]:
        """The goals (entries are fixed once made: every page of a build asks for these)."""
        return [e for e in self.entries if e.is_goal]

    @cached_property
    def goals_by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.goals}

    @cached_property
    def alignment(self) -> Links:
        """Who serves whom among the published goals (`aligns_to`)."""
        return link((e.id, list(e.goal.aligns_to or ())) for e in self.goals if e.goal is not None)

    @cached_property
    def burnups(self) -> dict[int, tuple[Entry, tuple]]:
        """Each entry's burn-up, worked out once (`views.burnup`): by the entry's id, with
        the entry, which keeps that id from being reused."""
        return {}

    @cached_property
    def inventories(self) -> list[Entry]:
        return [e for e in self.entries if e.document.kind is Kind.INVENTORY]

    def entries_of(self, owner: str) -> list[Entry]:
        """Every entry `owner` owns, in handbook order."""
        return list(self._owned.get(owner, ()))

    def goals_of(self, owner: str) -> list[Entry]:
        return [e for e in self._owned.get(owner, ()) if e.is_goal]

    def inventories_of(self, owner: str) -> list[Entry]:
        return [e for e in self._owned.get(owner, ()) if e.document.kind is Kind.INVENTORY]

    @cached_property
    def _owned(self) -> dict[str | None, list[Entry]]:
        """Entries by owner: every person's page, figures and review ask, and a scan of
        all entries per person grew with people × goals."""
        return _grouped(self.entries, lambda e: e.owner)

    def team_of(self, entry: Entry) -> str | None:
        """The team the entry names, else its owner's team in the registry."""
        if entry.written_team:
            return entry.written_team
        person = self.people.get(entry.owner or "")
        return person.team if person else None

    @property
    def teams(self) -> list[str]:
        names = {p.team for p in self.people.values() if p.team}
        names |= {t for e in self.entries if (t := self.team_of(e))}
        return sorted(names)

    def members(self, team: str) -> list[Person]:
        owners = {p.id for p in self.people.values() if p.team == team}
        owners |= {e.owner for e in self._of_team.get(team, ()) if e.owner}
        return sorted((self.people[o] for o in owners), key=lambda p: p.name.lower())

    def team_entries(self, team: str) -> list[Entry]:
        """Every entry of `team` (`team_of`), in handbook order."""
        return list(self._of_team.get(team, ()))

    def team_goals(self, team: str) -> list[Entry]:
        return [e for e in self._of_team.get(team, ()) if e.is_goal]

    def team_inventories(self, team: str) -> list[Entry]:
        return [e for e in self._of_team.get(team, ()) if e.document.kind is Kind.INVENTORY]

    @cached_property
    def _of_team(self) -> dict[str | None, list[Entry]]:
        return _grouped(self.entries, self.team_of)

    def category_of(self, entry: Entry) -> str:
        """The id of the entry's category among the handbook's, or `other`."""
        return resolve_category(entry.document.category, self.categories)

    def category_label(self, category_id: str) -> str:
        return next((c.label for c in self.categories if c.id == category_id), "Other")


def _grouped(entries: list[Entry], key: Callable[[Entry], str | None]) -> dict[str | None, list[Entry]]:
    """`entries` by `key`, each group in the order given (the people and teams of a
    handbook are fixed once it is made, as its entries are)."""
    groups: dict[str | None, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(key(entry), []).append(entry)
    return groups

"""Goal pages' header and History blocks, and their decorated Markdown, kept from one
build to the next (`mkdocs serve`).

Drawing them (Jinja, for every goal page) was about half of our share of a rebuild
after saving one goal file. A kept block is used again only when everything the
packaged `header.html` and `history.html` read for it is the same as when it was drawn:

- per page: its URL, its entry (the document, by identity: a rebuild gets the same
  object back only for the same bytes, name and options; its link, folder owner, goal
  of a goal set, and its history by value) and the entries of the goals it serves and
  that serve it (`aligned_list` shows their titles and progress);
- per build (the scope): the date, the staleness rule, the categories, the people
  registry, the dashboards' URLs, the site's settings the plugin passes (directory URLs,
  `repo_url`, `due_soon_days`), the Jinja environment and the packaged templates' files.

A page's decorated Markdown (counters, checkboxes, nesting, the blocks' places) is kept
by its body, path, options, URL and the blocks placed in it, in the same scope.

A dashboard page is kept by its URL, title and template, in the same scope, and the
entries it shows (`shown_entries`): the overview all of them, a person's page their own
and their direct reports', a team's page its own, a review page its person's. Saving one
goal file draws again the overview and its owner's pages, not the other people's.

A site with any override template under `custom_dir/goals/` keeps nothing: an override
may read anything in the handbook. `tests/test_serve_rebuilds.py` compares rebuilds with
fresh builds after saved files, commits, the people file, the plugin's and the site's
settings, and override templates; it also pins the handbook-wide names the packaged
templates read, so a template that starts reading another one fails it until that name
is weighed for the scope here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.document.model import Document
from ..core.document.subgoals import SubGoal
from ..core.handbook.model import Entry, Handbook
from ..core.handbook.views import aligned_from, aligned_to, has_history, reports
from ..core.history.engine import FileHistory
from ..core.scaffold import templates_dir
from .last_build import LastBuild
from .templates import Renderer

if TYPE_CHECKING:
    from .dashboards import Dashboard, Plan

# What the packaged header.html and history.html, and the macros they import, read of the
# handbook-wide context; the page key or the scope covers each one (`figures` of the goals
# that serve a page; `chart` is only the burn-up macro's own argument). A test pins it.
TEMPLATE_READS = frozenset({
    "handbook", "handbook.category_label", "handbook.category_of", "handbook.today",
    "views", "views.aligned_from", "views.aligned_to", "views.checkins", "views.latest_checkin", "views.milestones_of",
    "chart", "commit_url", "figures", "person_name", "person_url", "stale_after_days", "team_url",
})

# The same for the packaged dashboard templates (overview, person, team, review) and the
# macros they import; the entries each one shows and the scope cover them. Of these,
# `views.aligned_to`/`aligned_from` are read only by process.html's `aligned_list`, which
# no dashboard calls (a test checks): one that did would need the aligned goals in its key.
DASHBOARD_READS = frozenset({
    "handbook", "handbook.category_label", "handbook.category_of", "handbook.entries", "handbook.goals",
    "handbook.goals_of", "handbook.inventories", "handbook.inventories_of", "handbook.members", "handbook.people",
    "handbook.team_goals", "handbook.team_inventories", "handbook.teams", "handbook.today",
    "views", "views.aligned_from", "views.aligned_to", "views.alignment_tree", "views.at_risk", "views.attention",
    "views.by_cycle", "views.category_balance", "views.due_soon", "views.has_history",
    "views.milestones", "views.milestones_due_soon", "views.milestones_of",
    "views.next_steps", "views.overdue", "views.overdue_milestones", "views.pace", "views.recently_completed",
    "views.reports", "views.stale",
    "chart", "commit_url", "due_soon_days", "figures", "goal_chart", "json_url", "people", "person_name",
    "person_url", "review_urls", "stale_after_days", "status_counts", "team_url",
})

Blocks = tuple[str, "str | None"]  # the header, and the History section (None: the page has none)


class Same:
    """An object compared by identity (and kept alive, so its id is not reused)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value


class Hashed:
    """A key whose hash is worked out once: a tuple's is not kept, and the overview's key
    holds every entry's (each with its whole history)."""

    __slots__ = ("value", "hash")

    def __init__(self, value: Hashable) -> None:
        self.value, self.hash = value, hash(value)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, Hashed) and other.hash == self.hash and other.value == self.value)


def entry_key(entry: Entry) -> Hashable:
    """All an entry is, for the blocks drawn from it: every field (a field added later is
    in the key too), the parsed document and the goal of a goal set by identity, the
    history by value."""
    return tuple(_field_key(getattr(entry, f.name)) for f in fields(entry))


def _field_key(value: Any) -> Hashable:
    if isinstance(value, FileHistory):
        return tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(value, f.name) for f in fields(value)))
    if isinstance(value, (Document, SubGoal)):
        return Same(value)
    return value


def build_scope(handbook: Handbook, layout: Plan, renderer: Renderer, settings: Hashable) -> Hashable | None:
    """What every page's blocks depend on in this build; None when nothing may be kept."""
    if renderer.overrides:
        return None
    templates = Path(templates_dir()) / "goals"
    stamps = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(templates.iterdir()))
    return (
        handbook.today, handbook.stale_after_days, handbook.categories, tuple(sorted(handbook.people.items())),
        has_history(handbook),
        tuple(sorted(layout.people.items())), tuple(sorted(layout.teams.items())), layout.data,
        tuple(sorted(layout.reviews.items())), Same(renderer.environment), stamps, settings,
    )


def shown_entries(handbook: Handbook, page: Dashboard) -> list[Entry] | None:
    """The entries a packaged dashboard shows (None: a page this module does not know)."""
    if page.template == "overview.html":
        return handbook.entries
    if page.template in ("person.html", "review.html"):
        person = page.context["person"] if page.template == "person.html" else page.context["packet"].person
        owners = {person.id}
        if page.template == "person.html":  # its direct reports' goals are listed too
            owners |= {p.id for p in reports(handbook, person.id)}
        return [e for owner in sorted(owners) for e in handbook.entries_of(owner)]
    if page.template == "team.html":
        return handbook.team_entries(page.context["team"])
    return None


class KeptBlocks:
    """What the last build drew, by page; a build keeps only what it used."""

    def __init__(self) -> None:
        self.scope: Hashable | None = None
        self.drawn: LastBuild[Any] = LastBuild()
        self._keys: dict[int, tuple[Entry, Hashed]] = {}  # this build's entry keys, by the entry's id
        self._last_keys: dict[Hashed, Hashed] = {}  # the last build's, each key to itself

    def next_build(self, scope: Hashable | None) -> None:
        """Start a build: what the last one drew stays only if the scope is the same."""
        self.drawn.next_build(keep=scope is not None and scope == self.scope)
        self._last_keys = {key: key for _, key in self._keys.values()}
        self.scope, self._keys = scope, {}

    def key_of(self, entry: Entry) -> Hashed:
        """`entry_key`, once per entry and build (the overview, its owner's pages and
        `goals.json` ask too), as the last build's own key object when it is equal: every key holding it
        then compares by identity, not entry by entry and snapshot by snapshot."""
        known = self._keys.get(id(entry))
        if known is None or known[0] is not entry:
            key = Hashed(entry_key(entry))
            known = self._keys[id(entry)] = (entry, self._last_keys.get(key, key))
        return known[1]

    def blocks(self, entry: Entry, handbook: Handbook, page_url: str, draw: Callable[[], Blocks]) -> Blocks:
        if self.scope is None:
            return draw()
        key = (
            page_url, self.key_of(entry),
            tuple(self.key_of(e) for e in aligned_to(handbook, entry)),
            tuple(self.key_of(e) for e in aligned_from(handbook, entry)),
        )
        return self.drawn.get(("blocks", key), draw)

    def dashboard(self, page: Dashboard, handbook: Handbook, placed: Hashable, draw: Callable[[], str]) -> str:
        """A dashboard page's file, by where it is `placed` (its URL and what is put at its
        top), its title and template, and the entries it shows."""
        shown = shown_entries(handbook, page) if self.scope is not None else None
        if shown is None:
            return draw()
        key = (page.uri, placed, page.title, page.template, tuple(self.key_of(e) for e in shown))
        return self.drawn.get(("dashboard", key), draw)

    def decorated(self, key: Hashable, decorate: Callable[[], str]) -> str:
        """A page's decorated Markdown, by its body, path, options, URL and the blocks (or
        their markers) placed in it: the rest is the layout and the inline templates."""
        return self.drawn.get(("page", key), decorate) if self.scope is not None else decorate()

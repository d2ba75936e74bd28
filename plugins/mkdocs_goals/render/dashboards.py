"""Which dashboard pages a handbook has, and what their templates see."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from ..core.handbook.export import entry_json, export
from ..core.handbook.model import Entry, Handbook
from ..core.handbook.packets import packet
from ..core.handbook.views import bound_to, burnup
from ..core.slugs import slugify
from .charts import burnup_chart
from .json_text import KeptJson
from .pages import goal_chart

DEFAULT_DIR = "dashboards"


@dataclass(frozen=True)
class Dashboard:
    """A page to add: where (`uri`, e.g. `dashboards/people/ana.md`), its title, its template."""

    uri: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)

    def front_matter(self) -> str:
        """The page's Markdown: a title, nothing else (the template draws the content)."""
        return f"---\ntitle: {json.dumps(self.title)}\n---\n"


@dataclass
class Plan:
    """The dashboards of a handbook, and the uri of each person's and team's page."""

    pages: list[Dashboard]
    people: dict[str, str]  # person id -> uri
    teams: dict[str, str]  # team id -> uri
    data: str  # uri of goals.json
    reviews: dict[tuple[str, str], str] = field(default_factory=dict)  # (person id, cycle) -> uri


def plan(handbook: Handbook, base: str = DEFAULT_DIR) -> Plan:
    """Overview, one page per person and per team (ids made into safe, unique slugs)."""
    base = base.strip("/")
    pages = [Dashboard(f"{base}/index.md", "Goals overview", "overview.html")]
    uris: dict[str, dict[str, str]] = {"people": {}, "teams": {}}
    for kind, names in (("people", sorted(handbook.people)), ("teams", handbook.teams)):
        taken: set[str] = set()
        for name in names:
            slug, n = slugify(name, fallback=kind), 2
            while slug in taken:
                slug, n = f"{slugify(name, fallback=kind)}-{n}", n + 1
            taken.add(slug)
            uri = f"{base}/{kind}/{slug}.md"
            uris[kind][name] = uri
            if kind == "people":
                pages.append(Dashboard(uri, handbook.people[name].name, "person.html", {"person": handbook.people[name]}))
            else:
                pages.append(Dashboard(uri, f"Team {name}", "team.html", {"team": name}))
    reviews = {}
    for person_id, person in sorted(handbook.people.items()):
        cycles = sorted({e.goal.cycle_name for e in handbook.goals_of(person_id) if e.goal.cycle_name}, reverse=True)
        for cycle in cycles:
            uri = f"{base}/reviews/{uris['people'][person_id].rsplit('/', 1)[1][:-3]}-{slugify(cycle)}.md"
            reviews[(person_id, cycle)] = uri
            pages.append(Dashboard(uri, f"{person.name}: {cycle} review", "review.html",
                                   {"packet": packet(handbook, person_id, cycle)}))
    return Plan(pages, uris["people"], uris["teams"], f"{base}/goals.json", reviews)


def data(handbook: Handbook, kept: KeptJson | None = None, key_of: Callable[[Entry], Hashable] | None = None) -> str:
    """`goals.json`; `kept` by a process that builds again, so a rebuild encodes only what
    changed. With `key_of` (a key that says all of an entry, `KeptBlocks.key_of`), an
    entry's part is kept by that key and what the handbook adds to it (its team and
    category), so a rebuild neither exports nor encodes an unchanged goal again."""
    if kept is None:
        return json.dumps(export(handbook), indent=2)
    if key_of is None:
        return kept.dumps(export(handbook))

    def kept_entry_json(handbook: Handbook, entry: Entry) -> dict[str, Any]:
        added = (handbook.team_of(entry), handbook.category_of(entry) if entry.is_goal else None)
        return kept.same((key_of(entry), added), lambda: entry_json(handbook, entry))

    return kept.dumps(export(handbook, kept_entry_json))


def context(
    handbook: Handbook,
    layout: Plan,
    url_of: Callable[[str], str],
    *,
    due_soon_days: int = 30,
    commit_url: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """What every template sees: the handbook, its views, and links to its pages."""
    views = bound_to(handbook)
    return {
        "handbook": handbook,
        "views": views,
        "figures": views["figures"],
        "status_counts": views["status_counts"],
        "people": sorted(handbook.people.values(), key=lambda p: p.name.lower()),
        "person_url": lambda pid: url_of(layout.people[pid]) if pid in layout.people else "",
        "person_name": lambda pid: handbook.people[pid].name if pid in handbook.people else pid,
        "team_url": lambda team: url_of(layout.teams[team]) if team in layout.teams else "",
        "json_url": url_of(layout.data),
        "review_urls": lambda pid: [(cycle, url_of(uri)) for (who, cycle), uri in layout.reviews.items() if who == pid],
        "due_soon_days": due_soon_days,
        "stale_after_days": handbook.stale_after_days,
        "commit_url": commit_url,
        "chart": lambda entries: burnup_chart(burnup(handbook, entries), start=None, due=None, today=handbook.today),
        "goal_chart": lambda entry: goal_chart(handbook, entry),
    }


def commit_links(repo_url: str | None) -> Callable[[str], str] | None:
    """Links to commits on GitHub, GitLab, Gitea and the like, when `repo_url` is set."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/")
    return lambda sha: f"{base}/commit/{sha}"

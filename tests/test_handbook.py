"""The handbook model behind the dashboards: pure data, no MkDocs."""

from __future__ import annotations

from datetime import date

from conftest import parse
from mkdocs_goals.core.document.publish import is_published
from mkdocs_goals.core.handbook import views
from mkdocs_goals.core.handbook.categories import resolve_category
from mkdocs_goals.core.handbook.export import export
from mkdocs_goals.core.handbook.model import Entry, Handbook
from mkdocs_goals.core.handbook.people import load_people

TODAY = date(2026, 5, 1)


def goal(path: str, **fields: str) -> Entry:
    fields.setdefault("status", "on-track")
    front = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return Entry(parse(f"---\n{front}---\n- [x] a\n- [ ] b\n", path=path), path)


def test_overdue_due_soon_and_at_risk():
    handbook = Handbook(
        [
            goal("late.md", title="Late", owner="ana", due="2026-04-01"),
            goal("soon.md", title="Soon", owner="ana", due="2026-05-20"),
            goal("later.md", title="Later", owner="ana", due="2026-09-30", status="blocked"),
            goal("done.md", title="Done", owner="ana", due="2026-04-01", status="done"),
        ],
        today=TODAY,
    )
    assert [e.title for e in views.overdue(handbook)] == ["Late"]
    assert [e.title for e in views.due_soon(handbook)] == ["Soon"]
    assert [e.title for e in views.due_soon(handbook, days=200)] == ["Soon", "Later"]
    assert [e.title for e in views.at_risk(handbook)] == ["Later"]


def test_people_come_from_goals_and_registry(tmp_path):
    registry = tmp_path / "people.yml"
    registry.write_text("ana: {name: Ana Ruiz, team: platform}\nzed: Zed Z\n")
    people, problems = load_people(registry)
    assert problems == [] and people["zed"].name == "Zed Z"
    handbook = Handbook([goal("b.md", title="B", owner="bo", team="product")], people, today=TODAY)
    assert sorted(handbook.people) == ["ana", "bo", "zed"]
    assert handbook.teams == ["platform", "product"]
    assert [p.id for p in handbook.members("product")] == ["bo"]


def test_bad_registry_is_a_finding_with_a_line(tmp_path):
    registry = tmp_path / "people.yml"
    registry.write_text("ana: {name: Ana\nben: x\n")
    people, problems = load_people(registry)
    assert people == {} and problems[0].rule == "people" and problems[0].line >= 1
    registry.write_text("- ana\n- ben\n")
    assert "map person ids" in load_people(registry)[1][0].message


def test_cycles_newest_first_and_undated_last():
    handbook = Handbook(
        [
            goal("a.md", title="A", owner="ana", cycle="2026-Q1"),
            goal("b.md", title="B", owner="ana"),
            goal("c.md", title="C", owner="ana", cycle="2026-Q3"),
        ],
        today=TODAY,
    )
    assert [cycle for cycle, _ in views.by_cycle(handbook, handbook.goals)] == ["2026-Q3", "2026-Q1", "no cycle"]


def test_categories_are_explicit_and_never_guessed_from_words():
    assert resolve_category("Engineering Craft") == "engineering-craft"
    assert resolve_category("hard skills") == "engineering-craft"  # an alias of the default list
    assert resolve_category("Soft Skills") == "soft-skills"
    assert resolve_category("software design") == "other"  # once guessed as soft skills
    assert resolve_category("mentoring") == "other" and resolve_category(None) == "other"
    handbook = Handbook(
        [goal(f"{i}.md", title=f"G{i}", owner="ana", category=c) for i, c in enumerate(["craft", "craft", "leadership"])],
        today=TODAY,
    )
    rows = {row["group"]: row for row in views.category_balance(handbook, "ana")}
    assert round(rows["engineering-craft"]["share"]) == 67 and rows["engineering-craft"]["verdict"] == "ok"
    assert rows["leadership"]["verdict"] == "high" and rows["soft-skills"]["verdict"] == "low"


def test_figures_keep_goal_progress_and_items_apart():
    entries = [goal("a.md", title="A", owner="ana"), goal("b.md", title="B", owner="ana")]
    f = views.figures(entries)
    assert (f.goals, f.goal_percent, f.checked, f.total, f.items_percent) == (2, 50.0, 2, 4, 50.0)


def test_private_and_unreadable_documents_are_not_published():
    assert is_published(parse("---\ntitle: t\nowner: a\n---\n"))
    assert not is_published(parse("---\ntitle: t\nowner: a\nvisibility: private\n---\n"))
    assert is_published(parse("---\ntitle: t\nowner: a\nvisibility: private\n---\n"), publish_private=True)
    assert not is_published(parse("---\ntitle: [oops\n---\n- [ ] x\n"))
    assert not is_published(parse(b"- [x] caf\xe9\n"))


def test_export_carries_stats_fields_and_urls():
    data = export(Handbook([goal("goals/a.md", title="A", owner="ana", team="t")], today=TODAY))
    (item,) = data["goals"]
    assert item["url"] == "goals/a.md" and item["team"] == "t" and (item["checked"], item["total"]) == (1, 2)
    assert item["progress"] == {"basis": "checklist", "percent": 50.0, "checked": 1, "total": 2, "metric": None}
    assert data["teams"] == [
        {"id": "t", "members": ["ana"], "figures": {"goals": 1, "goal_percent": 50.0, "inventories": 0,
                                                   "items": {"checked": 1, "total": 2, "percent": 50.0}}}
    ]


def test_entries_by_owner_and_team_are_the_filters_they_stand_for():
    """goals_of, inventories_of, entries_of, team_goals, team_inventories, team_entries
    and members come from groupings made once; each is its definition over every entry,
    in handbook order (an inventory's owner from its folder, a team from the registry)."""
    import random

    from mkdocs_goals.core.handbook.people import Person

    rng = random.Random(7)
    entries = []
    for n in range(120):
        owner, team = rng.choice(["ana", "bo", "cy", None]), rng.choice(["core", "web", None])
        if rng.random() < 0.6:
            fields = {"title": f"G{n}", **({"owner": owner} if owner else {}), **({"team": team} if team else {})}
            entries.append(goal(f"g{n}.md", **fields))
        else:
            body = f"---\n{f'team: {team}' if team else ''}\n---\n# Inventory {n}\n- [x] a\n- [ ] b\n"
            entries.append(Entry(parse(body, path=f"i{n}.md"), f"i{n}.md", folder_owner=owner))
    people = {"ana": Person("ana", "Ana", "core"), "dee": Person("dee", "Dee", "web")}
    handbook = Handbook(entries, people, today=TODAY)
    everyone = handbook.entries
    assert handbook.inventories and handbook.goals
    for who in ["ana", "bo", "cy", "dee", "nobody"]:
        assert handbook.entries_of(who) == [e for e in everyone if e.owner == who]
        assert handbook.goals_of(who) == [e for e in handbook.goals if e.owner == who]
        assert handbook.inventories_of(who) == [e for e in handbook.inventories if e.owner == who]
    for team in [*handbook.teams, "nobody"]:
        assert handbook.team_entries(team) == [e for e in everyone if handbook.team_of(e) == team]
        assert handbook.team_goals(team) == [e for e in handbook.goals if handbook.team_of(e) == team]
        assert handbook.team_inventories(team) == [e for e in handbook.inventories if handbook.team_of(e) == team]
        owners = {p.id for p in handbook.people.values() if p.team == team}
        owners |= {e.owner for e in everyone if e.owner and handbook.team_of(e) == team}
        assert [p.id for p in handbook.members(team)] == sorted(owners, key=lambda o: handbook.people[o].name.lower())
    handbook.goals_of("ana").clear()  # a caller's list is its own
    assert handbook.goals_of("ana") == [e for e in handbook.goals if e.owner == "ana"] != []

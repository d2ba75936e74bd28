"""One number per goal on every surface.

Every goal and inventory of the demo handbook and of the seed-shaped fixtures (one per
seed in `tests/fixtures/seeds/`) is committed twice to a real repository (every box
open, then as written) and built with `mkdocs build`. For each published file — and
each goal of a goal set — the page header, the burn-up's end point, the person's
dashboard, `goals.json`, `goals stats`, `goals history`, `goals diff` and `goals
textconv` must give the same basis, items and percent, all rounded the same way.
"""

from __future__ import annotations

import html
import json
import math
import re
import subprocess
from pathlib import Path

import pytest
from markupsafe import escape

from gitrepo import GoalRepo
from sites import build, tool

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
CONFIG = """\
site_name: One number
theme: {name: material, font: false}
markdown_extensions: [pymdownx.tasklist, toc]
plugins:
  - search
  - goals:
      people: people.yml
"""
_TICKED = re.compile(r"\[[xX]\]")


def goals_cli(root: Path, *args: str) -> str:
    result = subprocess.run([tool("goals"), *args], cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def handbook(tmp_path_factory) -> dict:
    repo = GoalRepo(tmp_path_factory.mktemp("one-number"))
    files = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "goals").rglob("*.md")}
    files |= {f"goals/{p.relative_to(SEEDS).as_posix()}": p.read_text(encoding="utf-8")
              for p in SEEDS.rglob("*.md") if p.parent != SEEDS}
    base = {"mkdocs.yml": CONFIG, "docs/index.md": "# Home\n", "people.yml": (ROOT / "people.yml").read_text()}
    repo.commit("all open", "2026-10-01T09:00:00+02:00", files={**base, **{k: _TICKED.sub("[ ]", v) for k, v in files.items()}})
    repo.commit("as written", "2026-11-20T09:00:00+01:00", files=files)
    result = build(repo.root)
    assert result.returncode == 0, result.stderr
    root = repo.root
    return {
        "root": root,
        "paths": sorted(p for p in files if p != "goals/index.md"),
        "stats": {d["path"]: d for d in json.loads(goals_cli(root, "stats", "--format", "json", "goals"))},
        "history": json.loads(goals_cli(root, "history", "--format", "json", "goals")),
        "diff": {d["path"]: d for d in json.loads(goals_cli(root, "diff", "HEAD~1", "HEAD", "--format", "json"))["documents"]},
        "export": json.loads((root / "site/dashboards/goals.json").read_text()),
    }


def published(handbook: dict) -> list[str]:
    return [p for p in handbook["paths"] if p in handbook["stats"]]


def whole(percent: float) -> int:
    return math.floor(percent)


def page_of(root: Path, path: str) -> str:
    return (root / "site" / path.removesuffix(".md") / "index.html").read_text(encoding="utf-8")


def progress_texts(fragment: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'class="goals-progress__text">([^<]*)<', fragment)]


def header_of(page: str) -> str:
    return re.search(r'<div class="goals-header">(.*?)<div class="goals-header__facts">', page, re.S).group(1)


def figure_text(progress: dict) -> str:
    """How a page writes a figure: `n/m · p%`, or for a metric `… · p%`."""
    if progress["basis"] == "metric":
        return f"· {whole(progress['percent'])}%"
    return f"{progress['checked']}/{progress['total']} · {whole(progress['percent'])}%"


def test_the_fixture_covers_every_shape(handbook):
    kinds = {(d["kind"], d["progress"]["basis"], bool(d["goal"] and d["goal"]["goals"])) for d in handbook["stats"].values()}
    assert ("goal", "checklist", False) in kinds and ("goal", "metric", False) in kinds
    assert ("goal", "checklist", True) in kinds and ("inventory", "checklist", False) in kinds
    assert "goals/dara/private-notes.md" not in handbook["stats"]  # private: withheld from stats
    assert len(published(handbook)) >= 9


def test_stats_json_and_goals_json_agree(handbook):
    exported = {e["id"]: e for e in handbook["export"]["goals"] + handbook["export"]["inventories"]}
    for path in published(handbook):
        stats = handbook["stats"][path]
        goals = (stats["goal"] or {}).get("goals") or []
        if goals:
            for goal in goals:
                assert exported[goal["id"]]["progress"] == goal["progress"], goal["id"]
                assert exported[goal["id"]]["file_progress"] == stats["progress"]
        else:
            assert exported[path]["progress"] == stats["progress"], path


def test_history_and_diff_end_where_stats_are(handbook):
    for path in published(handbook):
        expected = {k: handbook["stats"][path]["progress"][k] for k in ("basis", "percent", "checked", "total", "metric")}
        last = handbook["history"][path]["snapshots"][-1]
        assert {k: last[k] for k in expected} == expected, path
        after = handbook["diff"][path]["after"] if path in handbook["diff"] else None
        if after is not None:
            assert {k: after[k] for k in expected} == expected, path


def test_textconv_header_says_the_same(handbook):
    for path in published(handbook):
        progress = handbook["stats"][path]["progress"]
        first = goals_cli(handbook["root"], "textconv", path).splitlines()[0]
        if progress["basis"] == "metric":
            assert first.startswith(f"goals: {whole(progress['percent'])}% (metric "), first
            assert f"items {progress['checked']}/{progress['total']}" in first
        else:
            assert first.startswith(f"goals: {progress['checked']}/{progress['total']} ({whole(progress['percent'])}%"), first


def test_page_header_shows_the_same_figure(handbook):
    for path in published(handbook):
        stats = handbook["stats"][path]
        header = header_of(page_of(handbook["root"], path))
        texts = progress_texts(header)
        assert texts and texts[0].endswith(figure_text(stats["progress"])), (path, texts)
        for goal, text in zip((stats["goal"] or {}).get("goals") or [], texts[1:]):
            assert text == figure_text(goal["progress"]), (goal["id"], text)


def test_burnup_ends_at_the_header_figure(handbook):
    for path in published(handbook):
        progress = handbook["stats"][path]["progress"]
        label = re.search(r'<svg viewBox="0 0 600 200"[^>]*aria-label="([^"]*)"', page_of(handbook["root"], path))
        assert label, path
        end = html.unescape(label.group(1)).rsplit(", ", 1)[1]
        if progress["basis"] == "metric":
            assert end.startswith(f"{whole(progress['percent'])}% on "), (path, end)
        else:
            assert end.startswith(f"{progress['checked']} of {progress['total']} items on "), (path, end)


def test_person_dashboards_show_each_goal_with_the_same_figure(handbook):
    root = handbook["root"]
    for entry in handbook["export"]["goals"]:
        dashboard = (root / "site/dashboards/people" / entry["owner"] / "index.html").read_text(encoding="utf-8")
        title = re.escape(str(escape(entry["title"])))
        row = re.search(rf">{title}</a></td>.*?</tr>", dashboard, re.S)
        assert row, entry["id"]
        assert progress_texts(row.group(0))[0].endswith(figure_text(entry["progress"])), entry["id"]


def test_team_and_overview_figures_are_means_of_goals_and_sums_of_items(handbook):
    export = handbook["export"]
    goals, inventories = export["goals"], export["inventories"]
    mean = sum(g["progress"]["percent"] for g in goals) / len(goals)
    assert abs(export["figures"]["goal_percent"] - mean) < 0.1
    items = [e["progress"] for e in goals + inventories]
    assert export["figures"]["items"]["checked"] == sum(p["checked"] for p in items)
    assert export["figures"]["items"]["total"] == sum(p["total"] for p in items)
    overview = (handbook["root"] / "site/dashboards/index.html").read_text(encoding="utf-8")
    figures = progress_texts(overview.split('class="goals-figures"', 1)[1])
    assert figures[0] == f"{whole(export['figures']['goal_percent'])}%"
    items_figure = export["figures"]["items"]
    assert figures[1] == f"{items_figure['checked']}/{items_figure['total']} · {whole(items_figure['percent'])}%"


def test_an_inventory_without_front_matter_belongs_to_its_folder_and_team(handbook):
    (inventory,) = [e for e in handbook["export"]["inventories"] if e["path"] == "goals/chen/inventory.md"]
    assert (inventory["owner"], inventory["team"]) == ("chen", "product")
    team = next(t for t in handbook["export"]["teams"] if t["id"] == "product")
    assert team["figures"]["inventories"] == 1
    page = (handbook["root"] / "site/dashboards/teams/product/index.html").read_text(encoding="utf-8")
    assert "Goals</a> <span class=\"goals-muted\">inventory</span>" in page


def test_ticked_category_and_assessment_boxes_set_fields_not_progress(handbook):
    stats = handbook["stats"]["goals/ben/mentoring.md"]
    assert (stats["goal"]["category"], stats["goal"]["assessment"]) == ("Leadership", "partial")
    assert (stats["progress"]["checked"], stats["progress"]["total"]) == (1, 3)  # the success criteria only
    assert (stats["checked"], stats["total"]) == (3, 9)  # the file's every box
    completed = {c["text"] for c in handbook["history"]["goals/ben/mentoring.md"]["completed"]}
    assert completed == {"2 shadow weeks completed"}  # not "Leadership", not "Partially Achieved"
    header = header_of(page_of(handbook["root"], "goals/ben/mentoring.md"))
    page = page_of(handbook["root"], "goals/ben/mentoring.md")
    assert "1/3 · 33%" in header and "assessed: partial" in page and "category Leadership" in page


def test_goals_of_a_goal_set_are_dashboard_rows_with_ids(handbook):
    ids = [e["id"] for e in handbook["export"]["goals"] if e["path"] == "goals/ana/2026-technical-goals.md"]
    assert ids == [
        "goals/ana/2026-technical-goals.md#goal-1-run-two-services-on-the-new-platform",
        "goals/ana/2026-technical-goals.md#goal-2-get-better-at-system-design",
    ]
    page = page_of(handbook["root"], "goals/ana/2026-technical-goals.md")
    for goal_id in ids:
        assert f'id="{goal_id.split("#")[1]}"' in page  # the dashboards' links land on the heading


def test_the_private_goal_is_on_no_surface(handbook):
    secret = "goals/dara/private-notes.md"
    assert secret not in handbook["history"] and secret not in handbook["diff"]
    assert all(e["path"] != secret for e in handbook["export"]["goals"])
    assert not (handbook["root"] / "site/goals/dara/private-notes").exists()


def test_the_comparisons_are_not_vacuous(handbook):
    """History moved between the two commits, so "ends where stats are" says something."""
    for path in published(handbook):
        snapshots = handbook["history"][path]["snapshots"]
        assert snapshots[0]["checked"] == 0 and len(snapshots) == 2, path
    assert sum(handbook["stats"][p]["progress"]["checked"] for p in published(handbook)) > 10

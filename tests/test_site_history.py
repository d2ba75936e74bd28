"""History on the site: a handbook in a real git repository (GitPython, fixed dates), built by mkdocs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gitrepo import GoalRepo
from sites import build, every_file_text, main_content
from sites import page as built_page

CANARY = "CANARY-55e0-private-history"
CONFIG = """\
site_name: History handbook
repo_url: https://git.example.com/team/handbook
theme: {name: material, font: false}
markdown_extensions: [pymdownx.tasklist]
plugins:
  - search
  - goals:
      people: people.yml
"""


def goal(*boxes: str, status: str = "on-track") -> str:
    items = "\n".join(f"- [{'x' if b == 'x' else ' '}] step {i}" for i, b in enumerate(boxes))
    return (
        f"---\ntitle: Ship 3 things\nowner: ana\nteam: platform\nstatus: {status}\nstart: 2026-01-01\n"
        f"due: 2099-12-31\n---\n# Ship 3 things\n\n## Action steps\n\n{items}\n"
    )


def secret(*boxes: str) -> str:
    items = "\n".join(f"- [{'x' if b == 'x' else ' '}] {CANARY} {i}" for i, b in enumerate(boxes))
    return f"---\ntitle: Secret\nowner: ana\nvisibility: private\ndue: 2099-01-01\n---\n{items}\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    repo = GoalRepo(tmp_path_factory.mktemp("history-handbook"))
    shas = {}
    repo.commit("site", "2026-01-02T09:00:00+01:00", files={
        "mkdocs.yml": CONFIG, "docs/index.md": "# Home\n",
        "people.yml": "ana: {name: Ana Ruiz, team: platform}\nben: {name: Ben Okafor, team: platform}\n",
    })
    repo.commit("goal", "2026-01-05T09:00:00+01:00", files={"goals/ana/ship.md": goal(" ", " ", " ", status="not-started"),
                                                           "goals/ana/secret.md": secret(" ")})
    shas["first"] = repo.commit("tick 0", "2026-01-20T09:00:00+01:00", files={"goals/ana/ship.md": goal("x", " ", " ")})
    shas["second"] = repo.commit("tick 1", "2026-02-10T09:00:00+01:00", author="Ben Okafor",
                                 files={"goals/ana/ship.md": goal("x", "x", " ", status="at-risk"),
                                        "goals/ana/secret.md": secret("x")})
    repo.write("goals/ana/ship.md", goal("x", "x", "x", status="at-risk"))  # uncommitted: on disk only
    result = build(repo.root)
    assert result.returncode == 0, result.stderr
    assert "history: " in result.stderr
    return repo.root, shas


def page(root: Path, url: str) -> str:
    return main_content(built_page(root, url))


def test_goal_page_has_a_burnup_from_commits_and_today_from_disk(site):
    root, _ = site
    html = page(root, "goals/ana/ship")
    chart = re.search(r'<svg viewBox="0 0 600 200"[^>]*aria-label="([^"]*)"', html)
    assert chart, "no burn-up chart"
    assert "0 of 3 items on 2026-01-05" in chart.group(1) and "3 of 3 items on " in chart.group(1)
    assert "3/3 · 100%" in html  # the header counts the file on disk
    assert 'class="goals-line goals-line--pace"' in html


def test_status_history_and_quarter_states(site):
    root, _ = site
    html = page(root, "goals/ana/ship")
    statuses = html.split('id="goals-status-history"')[1].split("</ol>")[0]
    assert [s for s in re.findall(r"goals-status--([a-z-]+)", statuses)] == ["not-started", "on-track", "at-risk"]
    quarters = html.split('id="goals-quarters"')[1].split("</table>")[0]
    assert "2026-Q1" in quarters and "2/3" in quarters


def test_completed_items_name_the_commit_author_and_link_it(site):
    root, shas = site
    html = page(root, "goals/ana/ship")
    completed = html.split('id="goals-completed"')[1]
    assert "2026-02-10</span> step 1" in completed and "Ben Okafor" in completed
    assert f'href="https://git.example.com/team/handbook/commit/{shas["second"]}"' in completed
    assert "step 2" not in completed  # checked on disk only: no commit to credit yet


def test_stale_and_pace_are_shown(site):
    root, _ = site
    header = page(root, "goals/ana/ship").split('<div class="goals-header">')[1].split("</div>\n</div>")[0]
    assert "stale since 2026-02-10" in header
    assert re.search(r'goals-pace--(ahead|on-pace|behind)', header)
    overview = page(root, "dashboards")
    assert "Ship 3 things" in overview.split('id="goals-stale"')[1].split("<h2")[0]
    assert "step 1" in overview.split('id="goals-recently-completed"')[1]


def test_person_and_team_dashboards_have_burnups(site):
    root, _ = site
    for url in ("dashboards/people/ana", "dashboards/teams/platform"):
        assert re.search(r'<svg viewBox="0 0 600 200"[^>]*role="img"', page(root, url)), url


def test_private_history_reaches_no_file_of_the_site(site):
    root, _ = site
    assert CANARY not in every_file_text(root / "site")
    data = json.loads((root / "site/dashboards/goals.json").read_text())
    assert [g["title"] for g in data["goals"]] == ["Ship 3 things"]


def test_history_cache_is_written_outside_the_site(site):
    root, _ = site
    assert any((root / ".cache/goals").glob("history-*.json"))
    assert not list((root / "site").rglob("history-*.json"))

"""What a goal page shows, built by a real `mkdocs build` in a real repository:
stable anchors, lists drawn as counted, a metric goal's burn-up, pace that waits."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from conftest import run_goals
from gitrepo import GoalRepo
from sites import build, page

CONFIG = """\
site_name: Pages
theme: {name: material, font: false}
markdown_extensions:
  - pymdownx.tasklist
  - toc: {permalink: true}
plugins:
  - search
  - goals
"""
INVENTORY = """\
# Career inventory

See [the technical goals](#technical-goals) and [job goals](#job-goals).

## Technical Goals [1/3]

[x] one
[ ] two

Things I also want:
- [ ] three

## Job Goals
[0/1]

[ ] four

## Technical Goals [0/0]
"""
METRIC = """\
---
title: Cut review time from 24h to 12h
owner: ana
status: on-track
start: 2026-09-01
due: 2099-12-31
metric: {{baseline: 24, target: 12, current: {current}, unit: hours}}
---
# Cut review time from 24h to 12h

- [x] dashboard published
- [ ] rota agreed
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    repo = GoalRepo(tmp_path_factory.mktemp("pages"))
    repo.commit("site", "2026-09-01T09:00:00+02:00", files={
        "mkdocs.yml": CONFIG, "docs/index.md": "# Home\n", "goals/ana/inventory.md": INVENTORY,
        "goals/ana/review.md": METRIC.format(current=24),
    })
    repo.commit("metric", "2026-10-01T09:00:00+02:00", files={"goals/ana/review.md": METRIC.format(current=21)})
    repo.commit("metric", "2026-11-01T09:00:00+01:00", files={"goals/ana/review.md": METRIC.format(current=18)})
    today = date.today()
    new = run_goals("new", "goal", "--title", "Give 2 talks", "--owner", "ana", "--today", today.isoformat(),
                    cwd=repo.root)
    assert new.returncode == 0, new.stderr
    repo.commit("new goal", f"{today.isoformat()}T09:00:00+01:00")
    result = build(repo.root, "--strict")
    assert result.returncode == 0, result.stderr
    return repo.root


def test_headings_with_counters_keep_their_anchors(site):
    html = page(site, "goals/ana/inventory")
    assert 'id="technical-goals"' in html and 'id="job-goals"' in html
    assert 'id="technical-goals_1"' in html  # a second heading of the same name is numbered, as toc does
    assert "technical-goals-13" not in html and "516" not in html
    assert 'href="#technical-goals"' in html  # the toc and the page's own link agree
    toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', html, re.S).group(0)
    assert 'href="#technical-goals"' in toc and 'href="#job-goals"' in toc


def test_the_page_draws_every_counted_task(site):
    html = page(site, "goals/ana/inventory")
    stats = json.loads(run_goals("stats", "--format", "json", "goals/ana/inventory.md", cwd=site).stdout)[0]
    article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S).group(1)
    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', article)
    assert len(boxes) == stats["total"] == 4  # the list right after "Things I also want:" too
    assert sum("checked" in box for box in boxes) == stats["checked"] == 1


def test_a_metric_goal_plots_its_metric(site):
    html = page(site, "goals/ana/review")
    label = re.search(r'<svg viewBox="0 0 600 200"[^>]*aria-label="([^"]*)"', html).group(1)
    assert "0% on 2026-09-01" in label and "50% on " in label  # 24h → 18h of 24h → 12h
    assert "metric, % of the way to target" in html
    history = json.loads(run_goals("history", "--format", "json", "goals/ana/review.md", cwd=site).stdout)
    assert [s["metric"] for s in history["goals/ana/review.md"]["snapshots"]] == [24.0, 21.0, 18.0]
    assert [s["percent"] for s in history["goals/ana/review.md"]["snapshots"]] == [0.0, 25.0, 50.0]


def test_a_new_goal_starts_today_and_is_not_behind(site):
    text = (site / "goals/ana/give-2-talks.md").read_text()
    today = date.today()
    assert f"start: {today.isoformat()}" in text
    steps = [date.fromisoformat(d) for d in re.findall(r"step by (\d{4}-\d{2}-\d{2})", text)]
    assert len(steps) == 3 and today <= steps[0] and steps == sorted(steps)
    header = re.search(r'<div class="goals-header">.*?</div>\s*</div>', page(site, "goals/ana/give-2-talks"), re.S).group(0)
    assert "not started" in header and "behind" not in header
    assert "goals-date--late" not in page(site, "dashboards/people/ana").split("Next action steps")[1].split("</ul>")[0]

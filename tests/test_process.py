"""The goal process the seeds describe, on a real repository with a year of commits:
check-ins, milestones, changes of plan, alignment, review packets, the digest, and
`goals checkin`, on the site and in the CLI."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import click
import pytest

from conftest import run_goals
from gitrepo import GoalRepo
from sites import build, page

CONFIG = """\
site_name: Process
theme: {name: material, font: false}
markdown_extensions: [toc, pymdownx.tasklist]
plugins:
  - search
  - goals:
      people: people.yml
"""
PEOPLE = """\
ana: {name: Ana Ruiz, team: platform, manager: ben}
ben: {name: Ben Okafor, team: platform}
chen: {name: Chen Wei, team: product, manager: ben}
"""
TEAM_GOAL = """\
---
title: Cut p95 latency of the platform API to 200 ms
owner: ben
team: platform
status: on-track
cycle: 2026
---
# Cut p95 latency of the platform API to 200 ms

- [ ] 200 ms p95 for a month
"""


def migration(due: str, steps: str, log: str, status: str = "on-track") -> str:
    return f"""\
---
title: Move 3 services to the new runtime
owner: ana
status: {status}
start: 2026-01-05
due: {due}
aligns_to: platform/latency.md
---
# Move 3 services to the new runtime

## Goal statement

Three services run on the new runtime, so the latency goal can be met.

## Milestones

### Q1: First service moved
- [x] billing moved

### Q3: Last service moved
- [ ] search moved

## Action steps [0/0]

{steps}

## Progress log

{log}

## Evidence

- [Runbook](https://wiki.example.com/runbook)
- [Bad link](javascript:alert(1))

## Final assessment

- [ ] Achieved
- [ ] Partially achieved
- [ ] Not achieved
"""


STEPS_1 = "- [x] billing moved by 2026-03-15\n- [ ] auth moved by 2026-06-30\n- [ ] search moved by 2026-09-15\n- [ ] old cluster drained"
STEPS_2 = STEPS_1.replace("- [ ] old cluster drained", "")  # scope cut: the drain goes to another team
LOG_1 = "- 2026-02-01: On track. Billing is next."
LOG_2 = LOG_1 + "\n- 2026-06-01: At risk, confidence 40%. Auth slipped.\n  - **Blockers:** a vendor SDK\n  - **Next:** patch it ourselves"
LOG_3 = LOG_2 + "\n- 2026-07-01: Due moved to year end: the vendor fix lands in Q4."
QUIET = """\
---
title: Write 4 design docs
owner: chen
status: on-track
cycle: 2026
aligns_to: goals/nowhere/missing.md
---
# Write 4 design docs

- [x] one
- [ ] two
- [ ] three
- [ ] four

## Progress log

- 2026-11-20: On track. Drafting the third.
"""
SECRET = """\
---
title: CANARY-process-secret raise
owner: ana
status: on-track
cycle: 2026
visibility: private
aligns_to: platform/latency.md
---
# CANARY-process-secret raise

- [ ] CANARY-process-item

## Progress log

- 2026-11-25: On track. CANARY-process-note
"""


def fix_counters(text: str) -> str:
    from mkdocs_goals.core.document.model import parse_document
    from mkdocs_goals.core.fix import fixed_bytes

    data, _ = fixed_bytes(parse_document(text.encode(), "x.md"))
    return data.decode()


@pytest.fixture(scope="module")
def handbook(tmp_path_factory) -> Path:
    repo = GoalRepo(tmp_path_factory.mktemp("process"))
    repo.commit("site", "2025-12-15T09:00:00+01:00", files={
        "mkdocs.yml": CONFIG, "docs/index.md": "# Home\n", "people.yml": PEOPLE,
        "goals/platform/latency.md": TEAM_GOAL, "goals/chen/docs.md": QUIET.replace("- 2026-11-20: On track. Drafting the third.", ""),
        "goals/ana/secret.md": SECRET,
        "goals/ana/migration.md": fix_counters(migration("2026-09-30", STEPS_1.replace("[x]", "[ ]"), "")),
    })
    repo.commit("check-in", "2026-02-01T09:00:00+01:00", files={
        "goals/ana/migration.md": fix_counters(migration("2026-09-30", STEPS_1, LOG_1))})
    repo.commit("check-in", "2026-06-01T09:00:00+02:00", files={
        "goals/ana/migration.md": fix_counters(migration("2026-09-30", STEPS_1, LOG_2, "at-risk"))})
    repo.commit("Move the due date: the vendor fix lands in Q4", "2026-07-01T09:00:00+02:00", files={
        "goals/ana/migration.md": fix_counters(migration("2026-12-31", STEPS_2, LOG_3, "at-risk"))})
    repo.commit("check-in", "2026-11-20T09:00:00+01:00", author="Chen Wei", files={"goals/chen/docs.md": QUIET})
    result = build(repo.root)
    assert result.returncode == 0, result.stderr
    return repo.root


def test_check_ins_are_a_timeline_with_status_confidence_and_fields(handbook):
    html = page(handbook, "goals/ana/migration")
    timeline = re.search(r'<ol class="goals-timeline">(.*?)</ol>', html, re.S).group(1)
    assert timeline.index("2026-07-01") < timeline.index("2026-06-01") < timeline.index("2026-02-01")  # newest first
    assert "confidence 40%" in timeline and "a vendor SDK" in timeline and "patch it ourselves" in timeline
    header = re.search(r'<div class="goals-header">.*?</div>\s*</div>', html, re.S).group(0)
    assert "check-in 2026-07-01" in header


def test_a_check_in_is_an_update_for_staleness(handbook):
    # Chen ticked nothing since December, but wrote a check-in in November: not stale.
    overview = page(handbook, "dashboards")
    stale = overview.split('id="goals-stale"')[1].split("</table>")[0]
    assert "Write 4 design docs" not in stale
    history = json.loads(run_goals("history", "--format", "json", "goals/chen/docs.md", cwd=handbook).stdout)
    assert [s["checkins"] for s in history["goals/chen/docs.md"]["snapshots"]] == [0, 1]


def test_milestones_have_due_dates_progress_and_an_overdue_flag(handbook):
    data = json.loads(run_goals("stats", "--format", "json", "goals/ana/migration.md", cwd=handbook).stdout)[0]
    milestones = {m["label"]: m for m in data["goal"]["parts"]["milestones"]}
    assert (milestones["Q1"]["due"], milestones["Q1"]["done"]) == ("2026-03-31", True)
    assert (milestones["Q3"]["due"], milestones["Q3"]["done"]) == ("2026-09-30", False)
    html = page(handbook, "goals/ana/migration")
    table = html.split('id="goals-milestones"')[1].split("</table>")[0]
    assert "overdue" in table and "done" in table
    assert "milestone Q3: Last service moved" in html  # a marker on the burn-up
    assert "Last service moved" in page(handbook, "dashboards").split('id="goals-milestones"')[1]


def test_changes_of_plan_are_reported_with_who_when_and_why(handbook):
    html = page(handbook, "goals/ana/migration")
    changes = html.split('id="goals-adjustments"')[1].split("</ul>")[0]
    assert "2026-07-01" in changes and "Ana Ruiz" in changes
    assert "due 2026-09-30 → 2026-12-31" in changes and "the vendor fix lands in Q4" in changes
    assert "scope 6 items → 5 items" in changes and "old cluster drained" in changes


def test_alignment_links_rolls_up_and_is_checked(handbook):
    team = page(handbook, "goals/platform/latency")
    aligned = team.split('class="goals-aligned"')[1].split("</ul>")[0]
    assert "Move 3 services to the new runtime" in aligned and "1 goal serves this one · its progress 40%" in team
    assert "CANARY" not in team  # a private goal aligned to it is not shown
    assert "serves" in page(handbook, "goals/ana/migration")
    tree = page(handbook, "dashboards").split('id="goals-alignment"')[1].split("</ul>\n</ul>")[0]
    assert "Cut p95 latency" in tree and "Move 3 services" in tree
    check = run_goals("check", "--today", "2026-11-30", "goals", cwd=handbook)
    assert "goals/chen/docs.md:6: error: aligns_to 'goals/nowhere/missing.md' names no goal" in check.stdout


def test_an_alignment_loop_is_an_error(tmp_path):
    goal = "---\ntitle: {0}\nowner: ana\ncycle: 2026\naligns_to: {1}.md\n---\n- [ ] x\n"
    (tmp_path / "a.md").write_text(goal.format("A 1", "b"))
    (tmp_path / "b.md").write_text(goal.format("B 1", "a"))
    check = run_goals("check", "--today", "2026-06-01", str(tmp_path))
    assert "error: aligns_to makes a loop" in check.stdout and check.returncode == 1


def test_the_review_packet_has_every_part_and_nothing_private(handbook):
    markdown = run_goals("review", "ana", "--cycle", "2026", cwd=handbook)
    assert markdown.returncode == 0, markdown.stderr
    text = markdown.stdout
    assert "# Ana Ruiz: 2026 review" in text and "Move 3 services to the new runtime" in text
    assert "Three services run on the new runtime" in text  # the statement
    assert "Auth slipped" in text and "due 2026-09-30 → 2026-12-31" in text
    assert "2026-02-01 billing moved" in text  # completed, with its date
    assert "Runbook" in text and "CANARY" not in text
    private = run_goals("review", "ana", "--cycle", "2026", "--include-private", cwd=handbook).stdout
    assert "CANARY-process-secret" in private
    html = run_goals("review", "ana", "--cycle", "2026", "--format", "html", cwd=handbook).stdout
    assert html.startswith("<!doctype html>") and "@media print" in html and "<svg" in html
    assert 'href="https://wiki.example.com/runbook"' in html and "javascript:" not in html
    site = page(handbook, "dashboards/reviews/ana-2026-q4")  # the goal's cycle: the quarter of its due date
    assert "Move 3 services to the new runtime" in site and "CANARY" not in site
    assert 'href="../../reviews/ana-2026-q4/"' in page(handbook, "dashboards/people/ana")


def test_the_manager_view_lists_reports_with_what_needs_attention(handbook):
    ben = page(handbook, "dashboards/people/ben")
    reports = ben.split('id="goals-reports"')[1].split("</table>")[0]
    assert "Ana Ruiz" in reports and "Chen Wei" in reports
    row = re.search(r"Move 3 services.*?</tr>", reports, re.S).group(0)
    assert "at risk" in row and "milestone Q3 overdue" in row
    assert "CANARY" not in ben


def test_the_digest_names_each_goal_once_within_its_window(handbook):
    week = run_goals("digest", "--since", "7d", "--until", "2026-11-25", cwd=handbook).stdout
    assert "2026-11-20 · Write 4 design docs (chen)" in week and "2026-07-01" not in week
    assert "CANARY" not in week
    year = run_goals("digest", "--since", "2026-01-01", "--until", "2026-11-30", "--format", "json", cwd=handbook)
    data = json.loads(year.stdout)
    assert {c["label"] for c in data["checkins"]} >= {"2026-02-01", "2026-06-01", "2026-07-01", "2026-11-20"}
    goals = [n["goal"] for n in data["nudges"]]
    assert len(goals) == len(set(goals))  # once per goal, every reason together
    bad = run_goals("digest", "--since", "last week", cwd=handbook)
    assert bad.returncode == 2 and "is not a window" in bad.stderr


def test_checkin_writes_one_reviewable_change(tmp_path):
    repo = GoalRepo(tmp_path)
    text = fix_counters(migration("2026-12-31", STEPS_2, LOG_1)).replace("\n", "\r\n")
    repo.commit("goal", "2026-02-01T09:00:00+01:00", files={"goals/ana/migration.md": ""})
    (tmp_path / "goals/ana/migration.md").write_bytes(text.encode())
    repo.commit("goal", "2026-02-02T09:00:00+01:00")
    result = run_goals("checkin", "goals/ana/migration.md", "--status", "At risk", "-m", "auth waits on a vendor",
                       "--tick", "auth moved", "--confidence", "55", "--date", "2026-06-01", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    diff = subprocess.run(["git", "diff", "--numstat"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert diff.split()[:2] == ["4", "3"]  # status, the box, the counter, and the new log line
    raw = (tmp_path / "goals/ana/migration.md").read_bytes()
    assert b"- 2026-06-01: At risk, confidence 55%. auth waits on a vendor\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")  # CRLF kept on every line
    assert b"status: at-risk\r\n" in raw and b"- [x] auth moved by 2026-06-30" in raw
    unknown = run_goals("checkin", "goals/ana/migration.md", "--tick", "nothing like this", cwd=tmp_path)
    assert unknown.returncode == 2 and "no item 'nothing like this'" in unknown.stderr


def test_the_weekly_digest_recipe_is_valid_and_calls_a_real_command():
    import shlex

    import yaml

    from mkdocs_goals.cli import cli

    recipe = yaml.safe_load((Path(__file__).parents[1] / "recipes/github-goals-digest.yml").read_text())
    steps = recipe["jobs"]["digest"]["steps"]
    assert recipe["permissions"] == {"contents": "read", "issues": "write"}
    assert steps[0]["with"]["fetch-depth"] == 0
    command = next(s["run"] for s in steps if "goals digest" in s.get("run", ""))
    words = shlex.split(command.split(">")[0])
    assert words[:2] == ["goals", "digest"]
    digest = cli.get_command(click.Context(cli), "digest")
    assert digest is not None
    digest.make_context("digest", words[2:])  # raises on an unknown option

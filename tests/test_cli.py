"""The `goals` command as users and CI run it: formats, exit codes, and bad input."""

from __future__ import annotations

import json

from conftest import run_goals

GOOD_GOAL = """\
---
title: Cut review turnaround to 12h
owner: ana
team: platform
status: on-track
cycle: 2026-Q2
---
# Cut review turnaround to 12h

## Success criteria [1/2]
- [x] median under 12h for 4 weeks
- [ ] dashboard published
"""


def test_stats_json_matches_the_documented_shape(write, tmp_path):
    write("goals/ana/review.md", GOOD_GOAL)
    write("goals/inventory.md", "# Goals\n\n## Tech [1/2]\n\n[x] a\n\n[ ] b\n")
    write("goals/notes.md", "# Just notes\n")
    result = run_goals("stats", "--format", "json", "goals", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(d["path"], d["kind"], d["checked"], d["total"]) for d in data] == [
        ("goals/ana/review.md", "goal", 1, 2),
        ("goals/inventory.md", "inventory", 1, 2),
    ]
    section = data[0]["sections"][1]
    assert section == {
        "title": "Success criteria",
        "level": 2,
        "line": 10,
        "checked": 1,
        "total": 2,
        "rollup_checked": 1,
        "rollup_total": 2,
        "counter": {"text": "[1/2]", "line": 10, "stale": False, "expected": "[1/2]", "checked": 1, "total": 2},
    }
    assert data[0]["goal"]["cycle"] == "2026-Q2" and data[0]["progress"]["basis"] == "checklist"


def test_stats_text_shows_numbers_and_stale_counters(write):
    path = write("inv.md", "## Tech [0/2]\n\n[x] a\n\n[ ] b\n")
    result = run_goals("stats", str(path))
    assert result.returncode == 0
    assert "1/2" in result.stdout and "[0/2] → [1/2]" in result.stdout


def test_check_json_findings(write):
    path = write("inv.md", "## Tech [0/2]\n\n[x] a\n\n[ ] b\n")
    result = run_goals("check", "--format", "json", str(path))
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "path": str(path),
            "line": 1,
            "rule": "stale-counter",
            "severity": "error",
            "message": "counter [0/2] should be [1/2] (scope: subtree; run `goals fix`)",
        }
    ]


def test_check_github_annotations_escape_properties(write, tmp_path):
    write("a,b.md", "## T [0/1]\n- [x] a\n")
    result = run_goals("check", "--format", "github", "a,b.md", cwd=tmp_path)
    assert result.stdout.startswith("::error file=a%2Cb.md,line=1,title=stale-counter::counter [0/1]")


def test_warnings_pass_unless_strict(write):
    path = write("g.md", "---\ntitle: Learn things\nowner: ana\nkind: goal\n---\n- [ ] things\n")
    assert run_goals("check", str(path)).returncode == 0
    assert run_goals("check", "--strict", str(path)).returncode == 1


def test_today_option_makes_past_due_reproducible(write):
    path = write("g.md", GOOD_GOAL)
    assert "past-due" not in run_goals("check", "--today", "2026-05-01", str(path)).stdout
    assert "past-due" in run_goals("check", "--today", "2026-07-01", str(path)).stdout


def test_broken_files_beside_good_ones(write, tmp_path):
    write("h/good.md", GOOD_GOAL)
    write("h/latin1.md", b"- [x] caf\xe9\n")
    write("h/binary.md", b"\x00\x01\x02")
    write("h/unclosed.md", "---\ntitle: x\nowner: a\n- [x] t\n")
    write("h/dupe.md", "---\ntitle: x\nowner: a\nowner: b\n---\n")
    bomb = "---\ntitle: t\nowner: a\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    )
    write("h/bomb.md", bomb + "---\n")
    write("h/deep.md", "".join("  " * i + "- [x] level\n" for i in range(3000)))
    write("h/longline.md", "- [ ] " + "word " * 1_000_000 + "\n")
    result = run_goals("check", "--format", "json", "--today", "2026-05-01", "h", cwd=tmp_path, timeout=120)
    assert "Traceback" not in result.stderr
    found = {(f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)}
    assert {
        ("h/latin1.md", 1, "encoding"),
        ("h/binary.md", 1, "encoding"),
        ("h/unclosed.md", 1, "front-matter"),
        ("h/dupe.md", 4, "front-matter"),
        ("h/bomb.md", 8, "front-matter"),  # where the aliases pass the bound
    } <= found
    assert not any(path == "h/good.md" for path, _, _ in found)
    stats = run_goals("stats", "--format", "json", "h", cwd=tmp_path, timeout=120)
    assert stats.returncode == 2 and "Traceback" not in stats.stderr
    counted = {d["path"]: (d["checked"], d["total"]) for d in json.loads(stats.stdout)}
    assert counted["h/good.md"] == (1, 2)
    assert counted["h/deep.md"][1] > 0 and counted["h/longline.md"] == (0, 1)
    assert "h/latin1.md:1" in stats.stderr


def test_missing_path_is_a_usage_error(tmp_path):
    result = run_goals("check", "nope", cwd=tmp_path)
    assert result.returncode == 2 and "no such file or folder: nope" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_is_a_usage_error():
    assert run_goals("stats", "--format", "yaml").returncode == 2


def test_new_goal_scaffold_checks_clean_and_refuses_to_overwrite(tmp_path):
    result = run_goals("new", "goal", "--title", 'Ship "search": v2', "--owner", "ana", "--cycle", "2026-Q3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / result.stdout.strip()
    assert path == tmp_path / "goals" / "ana" / "ship-search-v2.md"
    text = path.read_text()
    assert 'title: "Ship \\"search\\": v2"' in text and "due: 2026-09-30" in text
    check = run_goals("check", "--format", "json", "--today", "2026-07-01", str(path))
    assert json.loads(check.stdout) == []
    again = run_goals("new", "goal", "--title", 'Ship "search": v2', "--owner", "ana", cwd=tmp_path)
    assert again.returncode == 2 and "exists" in again.stderr


def test_new_inventory_and_template_override(tmp_path):
    custom = tmp_path / "mine" / "scaffolds"
    custom.mkdir(parents=True)
    (custom / "inventory.md.j2").write_text("# {{ title }} [0/1]\n\n[ ] first\n")
    result = run_goals("new", "inventory", "--title", "Ideas", "--template-dir", "mine", "-o", "ideas.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ideas.md").read_text() == "# Ideas [0/1]\n\n[ ] first\n"


def test_new_goal_needs_an_owner(tmp_path):
    assert run_goals("new", "goal", "--title", "x", cwd=tmp_path).returncode == 2


def test_schema_command_prints_json_schema():
    result = run_goals("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "mkdocs-goals goal front matter"

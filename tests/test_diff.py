"""`goals diff` on real repositories (GitPython, fixed dates): every change kind and error case."""

from __future__ import annotations

import json

import pytest

from conftest import run_goals
from gitrepo import GoalRepo

DATE = "2026-03-0{}T09:00:00+00:00"


def goal(*items: str, status: str = "on-track", title: str = "Ship 3 things", visibility: str = "public") -> str:
    lines = "\n".join(f"- {i}" for i in items)
    return (f"---\ntitle: {title}\nowner: ana\nstatus: {status}\nvisibility: {visibility}\ndue: 2026-06-30\n---\n"
            f"# {title}\n\n## Steps [0/0]\n\n{lines}\n")


def diff_json(repo: GoalRepo, *args: str) -> dict:
    result = run_goals("diff", *args, "--format", "json", cwd=repo.root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def repo(tmp_path) -> GoalRepo:
    repo = GoalRepo(tmp_path)
    repo.commit("base", DATE.format(1), files={
        "goals/ship.md": goal("[ ] write spec", "[x] pick owner", "[ ] migrate 3 services", "[ ] old step"),
        "goals/gone.md": goal("[ ] a", title="Gone goal"),
        "goals/move.md": goal("[ ] a", "[ ] b", title="Moving goal"),
        "goals/notes.md": "# Notes\n\nno tasks here\n",
    })
    repo.repo.git.tag("base")
    return repo


def test_every_change_kind_between_two_commits(repo):
    repo.write("goals/ship.md", goal("[x] write spec", "[ ] pick owner", "[ ] migrate three services", "[ ] new step",
                                     status="at-risk"))
    (repo.root / "goals/gone.md").unlink()
    repo.move("goals/move.md", "goals/ana/moved.md")
    repo.write("goals/new.md", "---\ntitle: Learn Rust\nowner: ben\ndue: 2026-09-30\n---\n"
               "Read the book, port one tool, give a talk about it to the whole team.\n\n[x] first chapter\n")
    repo.write("goals/notes.md", "# Notes\n\nstill no tasks\n")
    repo.commit("work", DATE.format(2))
    data = diff_json(repo, "base", "HEAD")
    assert (data["base"], data["head"]) == ("base", "HEAD")
    by_path = {d["path"]: d for d in data["documents"]}
    assert sorted(by_path) == ["goals/ana/moved.md", "goals/gone.md", "goals/new.md", "goals/ship.md"]
    ship = by_path["goals/ship.md"]
    assert (ship["before"], ship["after"]) == (
        {"checked": 1, "total": 4, "status": "on-track", "basis": "checklist", "percent": 25.0, "metric": None},
        {"checked": 1, "total": 4, "status": "at-risk", "basis": "checklist", "percent": 25.0, "metric": None},
    )
    assert ship["checked_items"] == ["write spec"] and ship["unchecked_items"] == ["pick owner"]
    assert ship["added_items"] == ["new step"] and ship["removed_items"] == ["old step"]  # "three" ~ "3": same item
    assert by_path["goals/gone.md"]["after"] is None and by_path["goals/new.md"]["before"] is None
    assert by_path["goals/ana/moved.md"]["old_path"] == "goals/move.md"


def test_counters_that_became_stale_are_reported(repo):
    repo.commit("tick", DATE.format(2), files={"goals/ship.md": goal("[x] write spec", "[x] pick owner")})
    (document,) = diff_json(repo, "base", "HEAD")["documents"]
    assert document["stale_counters"] == [{"line": 10, "text": "[0/0]", "expected": "[2/2]"}]


def test_working_tree_is_the_default_head_and_untracked_goals_count(repo):
    repo.write("goals/ship.md", goal("[x] write spec", "[x] pick owner", "[ ] migrate 3 services", "[ ] old step"))
    repo.write("goals/draft.md", goal("[ ] draft", title="Draft goal"))
    data = diff_json(repo, "base")
    assert data["head"] is None
    assert [d["path"] for d in data["documents"]] == ["goals/draft.md", "goals/ship.md"]


def test_merge_base_syntax_compares_from_where_the_branch_started(repo):
    repo.repo.git.checkout("-b", "feature")
    repo.commit("feature", DATE.format(2), files={"goals/ship.md": goal("[x] write spec", "[x] pick owner")})
    repo.repo.git.checkout("main")
    repo.commit("main moves on", DATE.format(3), files={"goals/gone.md": goal("[x] a", title="Gone goal")})
    paths = [d["path"] for d in diff_json(repo, "main...feature")["documents"]]
    assert paths == ["goals/ship.md"]  # main's own change to gone.md is not the branch's


def test_paths_limit_the_diff(repo):
    repo.commit("two", DATE.format(2), files={"goals/ship.md": goal("[x] x"), "goals/gone.md": goal("[x] a")})
    assert [d["path"] for d in diff_json(repo, "base", "HEAD", "goals/ship.md")["documents"]] == ["goals/ship.md"]


def test_private_goals_are_only_counted_unless_asked(repo):
    repo.commit("secret", DATE.format(2), files={"goals/secret.md": goal("[x] CANARY step", visibility="private")})
    data = diff_json(repo, "base", "HEAD")
    assert data["documents"] == [] and data["private_changes"] == 1
    markdown = run_goals("diff", "base", "HEAD", cwd=repo.root).stdout
    assert "CANARY" not in markdown and "1 private goal changed" in markdown
    assert diff_json(repo, "base", "HEAD", "--include-private")["documents"][0]["added_items"] == ["CANARY step"]


def test_markdown_comment_is_a_table_with_details_that_collapse_when_long(repo):
    repo.commit("tick", DATE.format(2), files={"goals/ship.md": goal("[x] write spec | with a pipe", "[x] pick owner")})
    short = run_goals("diff", "base", "HEAD", cwd=repo.root).stdout
    assert short.startswith("<!-- mkdocs-goals:diff -->\n### Goal progress: <code>base</code> → <code>HEAD</code>")
    assert "| changed | Ship 3 things<br><code>goals/ship.md</code> | 1/4 (25%) → 2/2 (100%) | on-track |" in short
    assert "<details open>" in short and "write spec &#124; with a pipe" in short
    for n in range(4):
        repo.write(f"goals/extra{n}.md", goal("[x] a", title=f"Extra {n}"))
    repo.commit("more", DATE.format(3))
    assert "<details open>" not in run_goals("diff", "base", "HEAD", cwd=repo.root).stdout


def test_unknown_revision_non_repository_and_outside_path_exit_2(repo, tmp_path_factory):
    for args, message in (
        (("nope",), "unknown revision: 'nope'"),
        (("base", "HEAD", "../elsewhere"), "outside the repository"),
    ):
        result = run_goals("diff", *args, cwd=repo.root)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    plain = tmp_path_factory.mktemp("plain")
    result = run_goals("diff", "HEAD", cwd=plain)
    assert result.returncode == 2 and "not inside a git repository" in result.stderr


def test_no_goal_changes_says_so(repo):
    repo.commit("readme", DATE.format(2), files={"README.md": "hi\n", "goals/notes.md": "# Notes\n\nmore\n"})
    assert "No goal or inventory changed." in run_goals("diff", "base", "HEAD", cwd=repo.root).stdout
    assert diff_json(repo, "base", "HEAD")["documents"] == []


def test_a_metric_goal_reports_its_metric_and_percent_not_only_its_checklist(tmp_path):
    repo = GoalRepo(tmp_path)
    metric = ("---\ntitle: Cut review time from 24h to 12h\nowner: ana\nstatus: on-track\ndue: 2026-12-31\n"
              "metric: {{baseline: 24, target: 12, current: {}, unit: hours}}\n---\n# Cut\n\n- [{}] rota\n- [ ] dashboard\n")
    repo.commit("before", DATE.format(1), files={"goals/review.md": metric.format(18.6, " ")})
    repo.commit("after", DATE.format(2), files={"goals/review.md": metric.format(14.6, "x")})
    (change,) = diff_json(repo, "HEAD~1", "HEAD")["documents"]
    assert change["before"] == {"checked": 0, "total": 2, "status": "on-track", "basis": "metric", "percent": 45.0,
                                "metric": 18.6}
    assert change["after"] == {"checked": 1, "total": 2, "status": "on-track", "basis": "metric", "percent": 78.3,
                               "metric": 14.6}
    comment = run_goals("diff", "HEAD~1", "HEAD", cwd=repo.root).stdout
    assert "45% (metric 18.6 hours) → 78% (metric 14.6 hours)" in comment


def test_a_list_items_counter_that_became_stale_is_reported_in_json_and_the_comment(repo):
    item = "[ ] migrate 3 services [/]\n  - [ ] payments\n  - [x] search"
    repo.commit("split", DATE.format(2), files={"goals/ship.md": goal("[x] write spec", "[x] pick owner").replace(
        "## Steps [0/0]", "## Steps [2/2]")})
    repo.repo.git.tag("split")
    repo.commit("plan", DATE.format(3), files={"goals/ship.md": goal("[x] write spec", "[x] pick owner", item).replace(
        "## Steps [0/0]", "## Steps [3/5]")})
    (document,) = diff_json(repo, "split", "HEAD")["documents"]
    assert document["stale_counters"] == [{"line": 14, "text": "[/]", "expected": "[1/2]"}]
    comment = run_goals("diff", "split", "HEAD", "--format", "markdown", cwd=repo.root)
    assert ("counter <code>&#91;/&#93;</code> on line 14 is stale: it should be <code>&#91;1/2&#93;</code>"
            in comment.stdout), comment.stdout

"""Each lint rule, on real files, with its id, severity and line."""

from __future__ import annotations

from datetime import date

from conftest import dedent, parse
from mkdocs_goals.core.lint import RULES, lint

TODAY = date(2026, 5, 1)


def findings(text: str, path: str = "g.md", today: date = TODAY):
    return [(f.line, f.rule, f.severity.value) for f in lint([parse(dedent(text), path=path)], today)]


def goal(extra: str = "", body: str = "- [ ] migrate 3 services\n") -> str:
    return "---\ntitle: Migrate services\nowner: ana\n" + extra + "kind: goal\n---\n" + body


def test_a_good_goal_is_clean():
    assert findings(goal("due: 2026-06-30\n")) == []


def test_stale_counter_is_an_error_on_the_counter_line():
    assert findings("# A\n\n## B [0/1]\n- [x] done\n") == [(3, "stale-counter", "error")]


def test_due_before_start():
    assert (5, "date-order", "error") in findings(goal("start: 2026-06-01\ndue: 2026-05-01\n"))


def test_past_due_only_while_active():
    assert findings(goal("due: 2026-04-01\n")) == [(4, "past-due", "warning")]
    assert findings(goal("due: 2026-04-01\nstatus: dropped\n")) == []


def test_done_with_open_tasks():
    assert findings(goal("due: 2026-06-30\nstatus: done\n")) == [(5, "status-mismatch", "warning")]
    message = lint([parse(goal("due: 2026-06-30\nstatus: done\n"), path="g.md")], TODAY)[0].message
    assert message == "status is done but 1 task is still open"


def test_done_with_open_tasks_is_fine_when_assessed_as_not_fully_achieved():
    for verdict in ("partially achieved", "not achieved"):
        assert findings(goal(f"due: 2026-06-30\nstatus: done\nassessment: {verdict}\n")) == []
    assert findings(goal("due: 2026-06-30\nstatus: done\nassessment: achieved\n")) == [(5, "status-mismatch", "warning")]
    ticked = "- [ ] migrate 3 services\n\n## Final assessment\n- [ ] Achieved\n- [x] Partially achieved\n"
    assert findings(goal("due: 2026-06-30\nstatus: done\n", body=ticked)) == []


def test_smart_time_bound_and_measurable_hints():
    text = "---\ntitle: Get better at coding in 2026\nowner: ana\nkind: goal\n---\n## Success criteria\n- [ ] feel better by Q3\n"
    assert findings(text) == [(2, "smart-measurable", "warning"), (2, "smart-time-bound", "warning")]


def test_a_number_in_the_success_criteria_makes_it_measurable():
    text = "---\ntitle: Review more\nowner: ana\ndue: 2026-06-30\n---\n## Success criteria\n- [ ] 15 reviews a sprint\n"
    assert findings(text) == []


def test_metric_makes_it_measurable():
    assert findings(goal("due: 2026-06-30\nmetric: {baseline: 1, target: 2}\n", "text\n")) == []


def test_invalid_action_step_date():
    body = "## Action steps\n- [ ] do 2 things by 2026-02-30\n"
    assert findings(goal("due: 2026-06-30\n", body)) == [(8, "action-step-date", "warning")]


def test_a_list_right_after_a_paragraph_line_is_no_finding_any_more():
    assert findings("# Inventory\nThings I want:\n- [ ] one\n- [x] two\n") == []


def test_more_than_four_active_goals_in_a_cycle():
    documents = [
        parse(f"---\ntitle: Goal {i}\nowner: ana\ncycle: 2026-Q2\nstatus: on-track\n---\n", path=f"g{i}.md")
        for i in range(5)
    ]
    documents.append(parse("---\ntitle: Goal 9\nowner: ana\ncycle: 2026-Q2\nstatus: done\n---\n", path="done.md"))
    found = [f for f in lint(documents, TODAY) if f.rule == "too-many-goals"]
    assert sorted(f.path for f in found) == [f"g{i}.md" for i in range(5)]
    assert all(f.line == 3 and "5 active goals in 2026-Q2" in f.message for f in found)


def test_four_goals_are_fine():
    documents = [parse(f"---\ntitle: Goal {i}\nowner: ana\ncycle: 2026-Q2\n---\n", path=f"g{i}.md") for i in range(4)]
    assert not [f for f in lint(documents, TODAY) if f.rule == "too-many-goals"]


def test_every_rule_has_a_summary():
    assert all(rule.summary for rule in RULES.values())

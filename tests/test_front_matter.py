"""Goal front matter: the schema, and every YAML pitfall turned into a clear finding."""

from __future__ import annotations

import time

import pytest

from conftest import dedent, parse
from mkdocs_goals.core.document.goal import json_schema


def goal(front: str, body: str = "# G\n\n- [ ] cut p95 latency to 200 ms\n") -> str:
    """A goal document (`kind: goal` last, so the lines of `front` keep their numbers)."""
    return "---\n" + dedent(front) + "kind: goal\n---\n" + body


def rules(document) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in document.findings]


def test_a_valid_goal_has_no_findings_and_its_values_are_typed():
    document = parse(goal("title: Faster API\nowner: ana\nteam: platform\nstatus: on-track\ndue: 2026-06-30\n"))
    assert document.kind.value == "goal" and document.findings == []
    assert (document.goal.status.value, str(document.goal.due_date)) == ("on-track", "2026-06-30")


def test_quoted_and_unquoted_dates_mean_the_same():
    a = parse(goal('title: t\nowner: a\ndue: "2026-06-30"\n')).goal
    b = parse(goal("title: t\nowner: a\ndue: 2026-06-30\n")).goal
    assert a.due_date == b.due_date


def test_a_cycle_stands_for_start_and_due():
    g = parse(goal("title: t\nowner: a\nstart: 2026-Q2\ndue: 2026-Q2\n")).goal
    assert (str(g.start_date), str(g.due_date), g.cycle_name) == ("2026-04-01", "2026-06-30", "2026-Q2")


def test_an_impossible_date_is_a_schema_error_on_its_line():
    document = parse(goal("title: t\nowner: a\ndue: 2026-02-30\n"))
    assert rules(document) == [(4, "schema")]
    assert "2026-02-30" in document.findings[0].message


def test_yes_and_no_stay_strings_yaml_1_2_style():
    document = parse(goal("title: t\nowner: no\nteam: yes\n"))
    assert document.findings == []
    assert (document.goal.owner, document.goal.team) == ("no", "yes")


def test_bad_status_names_the_allowed_values_and_the_line():
    document = parse(goal("title: t\nowner: a\nstatus: finishd\n"))
    assert rules(document) == [(4, "schema")]
    assert "on-track" in document.findings[0].message and "did you mean 'done'" in document.findings[0].message


def test_missing_owner_is_reported():
    document = parse(goal("title: t\nstatus: done\n"))
    assert [(f.rule, "owner" in f.message) for f in document.findings] == [("schema", True)]


def test_unknown_key_warns_with_a_did_you_mean():
    document = parse(goal("title: t\nowner: a\ncategroy: craft\n"))
    assert rules(document) == [(4, "unknown-key")]
    assert "did you mean 'category'" in document.findings[0].message


def test_mkdocs_page_keys_are_not_unknown():
    assert parse(goal("title: t\nowner: a\ntags: [x]\ndescription: d\n")).findings == []


def test_duplicate_keys_are_an_error_on_the_second():
    document = parse(goal("title: t\nowner: a\nowner: b\n"))
    assert rules(document) == [(4, "front-matter")]
    assert "duplicate key 'owner'" in document.findings[0].message


def test_tabs_for_indentation_are_explained():
    document = parse(goal("title: t\nowner: a\nmetric:\n\tbaseline: 1\n"))
    assert [f.rule for f in document.findings] == ["front-matter"]
    assert "tab" in document.findings[0].message


def test_unclosed_front_matter_is_reported_and_tasks_still_count():
    document = parse("---\ntitle: t\n\n- [x] a\n- [ ] b\n")
    assert rules(document) == [(1, "front-matter")]
    assert (document.checked, document.total) == (1, 2)


def test_alias_bomb_is_refused_quickly_without_memory_blow_up():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 9):
        previous = chr(ord("a") + i - 1)
        bomb += f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" + ",".join(f"*{previous}" for _ in range(9)) + "]\n"
    started = time.perf_counter()
    document = parse(goal("title: t\nowner: a\n" + bomb))
    assert time.perf_counter() - started < 5
    assert [f.rule for f in document.findings] == ["front-matter"]
    assert "aliases" in document.findings[0].message


def test_deeply_nested_yaml_is_an_error_not_a_crash():
    document = parse(goal("title: t\nowner: a\nx: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert [f.rule for f in document.findings] == ["front-matter"]


def test_front_matter_that_is_not_a_mapping():
    document = parse("---\n- a\n- b\n---\n- [x] t\n")
    assert rules(document) == [(2, "front-matter")]


def test_non_utf8_bytes_are_named_with_their_line():
    document = parse(b"# Title\n\n- [x] caf\xe9\n")
    assert [(f.line, f.rule) for f in document.findings] == [(3, "encoding")]
    assert "UTF-8" in document.findings[0].message


def test_binary_file_is_named_not_parsed():
    document = parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert [f.rule for f in document.findings] == ["encoding"]
    assert document.total == 0


def test_bom_and_crlf_front_matter():
    document = parse(b"\xef\xbb\xbf---\r\ntitle: t\r\nowner: a\r\ndue: 2026-01-31\r\n---\r\n- [x] 3 things\r\n")
    assert document.findings == [] and document.kind.value == "goal"
    assert (document.total, document.checklist.tasks[0].line) == (1, 6)


def test_kind_inventory_wins_over_goal_keys():
    document = parse("---\nkind: inventory\nowner: ana\n---\n[x] a\n")
    assert document.kind.value == "inventory" and document.goal is None


def test_json_schema_describes_the_fields():
    import json

    schema = json.loads(json_schema())
    assert {"title", "owner", "status", "due", "visibility", "metric"} <= set(schema["properties"])
    assert schema["required"] == ["owner"]  # the title defaults to the first heading
    assert "on-track" in json.dumps(schema)


@pytest.mark.parametrize(
    ("metric", "percent"),
    [
        ("{baseline: 4, target: 2, current: 3}", 50.0),
        ("{baseline: 0, target: 10, current: 15}", 100.0),
        ("{baseline: 0, target: 10, current: -2}", 0.0),
        ("{baseline: 40, target: 70, current: 55, unit: '%'}", 50.0),
    ],
)
def test_metric_progress_is_clamped_and_works_in_both_directions(metric, percent):
    document = parse(goal(f"title: t\nowner: a\nmetric: {metric}\n"))
    assert (document.progress.basis.value, document.progress.percent) == ("metric", percent)


def test_without_current_value_progress_comes_from_the_checklist():
    document = parse(goal("title: t\nowner: a\nmetric: {baseline: 0, target: 5}\n", "- [x] a\n- [ ] b\n"))
    assert (document.progress.basis.value, document.progress.percent) == ("checklist", 50.0)


def test_the_vocabulary_knows_every_key_of_the_goal_model():
    """What needs only the words (a warm history, the publish decision) reads the keys
    from `vocabulary`, without pydantic: they must be the model's fields exactly."""
    from mkdocs_goals.core.document.goal import GoalFrontMatter
    from mkdocs_goals.core.document.vocabulary import GOAL_KEYS

    assert GOAL_KEYS == frozenset(GoalFrontMatter.model_fields)

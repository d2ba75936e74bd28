"""The seeds' own words are valid front matter; what is not gets a clear message."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import parse, run_goals
from mkdocs_goals.core.lint import lint


def goal(front: str, body: str = "# G\n\n- [ ] give 2 talks\n") -> str:
    return "---\ntitle: Give 2 talks\nowner: ana\n" + front + "---\n" + body


@pytest.mark.parametrize(
    ("written", "status"),
    [("On track", "on-track"), ("Blocked", "blocked"), ("At Risk", "at-risk"), ("not_started", "not-started"),
     ("DONE", "done"), ("in progress", "on-track"), ("Off track", "at-risk"), ("cancelled", "dropped")],
)
def test_status_in_the_seeds_spelling(written, status):
    document = parse(goal(f"status: {written}\n"))
    assert document.findings == [] and document.goal.status.value == status


@pytest.mark.parametrize(
    ("written", "assessment"),
    [("Achieved", "achieved"), ("Partially Achieved", "partial"), ("partial", "partial"),
     ("Not Achieved", "not-achieved"), ("not-achieved", "not-achieved")],
)
def test_assessment_in_the_seeds_spelling(written, assessment):
    document = parse(goal(f"due: 2026-06-30\nassessment: {written}\n"))
    assert document.findings == [] and document.goal.assessment.value == assessment


def test_a_near_miss_gets_a_did_you_mean_and_names_its_line():
    document = parse(goal("status: on trak\n"))
    (finding,) = document.findings
    assert (finding.line, finding.rule) == (4, "schema")
    assert "did you mean 'on-track'" in finding.message


def test_invisible_characters_are_not_silently_dropped():
    document = parse(goal('status: "on-track\u200b"\n'))
    assert [f.rule for f in document.findings] == ["schema"] and "invisible" in document.findings[0].message


@pytest.mark.parametrize(
    ("front", "start", "due", "cycle"),
    [
        ("cycle: 2026\n", "2026-01-01", "2026-12-31", "2026"),
        ("cycle: 2026-h2\n", "2026-07-01", "2026-12-31", "2026-H2"),
        ("cycle: Q3 2026\n", "2026-07-01", "2026-09-30", "2026-Q3"),
        ("due: 2026\n", None, "2026-12-31", "2026"),
        ("start: 2026-Q2\ndue: 2026-H2\n", "2026-04-01", "2026-12-31", "2026-H2"),
    ],
)
def test_a_year_a_half_and_a_quarter_are_cycles(front, start, due, cycle):
    document = parse(goal(front))
    assert document.findings == []
    g = document.goal
    assert (str(g.start_date) if g.start_date else None, str(g.due_date), g.cycle_name) == (start, due, cycle)


@pytest.mark.parametrize("value", ["2026-6-30", "20260630", "June 2026", "2026-13"])
def test_a_date_that_is_not_one_says_how_to_write_it(value):
    document = parse(goal(f"due: {value}\n"))
    (finding,) = [f for f in document.findings if f.rule == "schema"]
    assert finding.line == 4 and "YYYY-MM-DD" in finding.message and "2026-Q2" in finding.message


def test_one_schema_error_does_not_hide_the_other_findings():
    text = goal("status: finishd\nstart: 2026-06-01\ndue: 2026-05-01\n", "# G\n\n## Action steps\n- [ ] do it by 2026-02-30\n")
    rules = sorted((f.line, f.rule) for f in lint([parse(text)], date(2026, 7, 1)))
    assert (4, "schema") in rules and (6, "date-order") in rules and (11, "action-step-date") in rules
    assert (1, "withheld") in rules  # and it says the goal will not be published


def test_metric_values_must_be_finite():
    for value in (".nan", ".inf", "-.inf"):
        document = parse(goal(f"metric: {{baseline: 0, target: 10, current: {value}}}\n"))
        assert [f.rule for f in document.findings] == ["schema"], value
        assert "finite" in document.findings[0].message and document.goal is None


def test_owner_alone_does_not_make_a_goal_and_an_inventory_needs_no_title():
    document = parse("---\nowner: chen\n---\n# Goals\n\n## Technical [1/2]\n\n[x] a\n\n[ ] b\n")
    assert (document.kind.value, document.findings) == ("inventory", [])
    assert document.title == "Goals"


def test_a_goal_without_title_takes_its_heading():
    document = parse("---\nowner: ana\ncycle: 2026-Q4\n---\n# Give 2 talks\n\n- [ ] submit one\n")
    assert document.findings == [] and document.title == "Give 2 talks"


def test_a_year_or_a_date_is_not_a_measure():
    findings = lint([parse("---\ntitle: Get better at coding in 2026\nowner: ana\ncycle: 2026\n---\n"
                           "## Success criteria\n- [ ] feel confident by 2026-06-30\n- [ ] by Q3\n")], date(2026, 1, 5))
    assert [f.rule for f in findings] == ["smart-measurable"]
    measured = lint([parse("---\ntitle: Ship 3 services in 2026\nowner: ana\ncycle: 2026\n---\n")], date(2026, 1, 5))
    assert measured == []


def test_categories_are_checked_against_the_list(write):
    path = write("g.md", "---\ntitle: Ship 2 things\nowner: ana\ncycle: 2026-Q4\ncategory: Soft Skils\n---\n- [ ] a\n")
    result = run_goals("check", "--today", "2026-11-01", str(path))
    assert "category 'Soft Skils' is not one of engineering-craft, soft-skills, leadership" in result.stdout
    assert "did you mean 'soft-skills'?" in result.stdout and result.returncode == 0


def test_a_ticked_category_box_sets_the_category():
    document = parse(
        "---\ntitle: Lead 3 retros\nowner: ana\ncycle: 2026-Q4\n---\n### Category\n- [ ] Engineering Craft\n"
        "- [x] Leadership\n\n### Success criteria\n- [ ] 3 retros led\n"
    )
    assert document.category == "Leadership"
    assert (document.progress.checked, document.progress.total) == (0, 1)
    assert lint([document], date(2026, 11, 1)) == []

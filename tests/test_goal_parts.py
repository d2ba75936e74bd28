"""Body parts of a goal document, recognised by heading, in the seeds' shapes."""

from __future__ import annotations

from conftest import dedent, parse

GOAL = dedent(
    """
    ---
    title: Lead the notification refactor
    owner: ana
    due: 2026-06-30
    ---
    # Lead the notification refactor

    ## Success Criteria
    What does "done" look like?
    - [x] Spec reviewed by a staff engineer
    - [ ] 3 services migrated

    ## Action Steps
    - [x] Draft the spec by 2026-04-15
    - [ ] Present at architecture review by 2026-05-02
    - [ ] Migrate services by 2026-06-31

    ## Milestones
    - [x] Q1: Foundation
    - Q2: Practice

    ## Progress Tracking
    **Month 1:** spec drafted
    - March 2026: kicked off
    - 2026-04-20 — review passed

    ## Final Assessment
    - [ ] Achieved
    - [x] Partially Achieved
    - [ ] Not Achieved
    """
)


def test_parts_are_found_by_heading():
    parts = parse(GOAL).parts
    assert set(parts.sections) == {"success_criteria", "action_steps", "milestones", "progress_log", "final_assessment"}


def test_action_steps_carry_their_by_dates():
    steps = parse(GOAL).parts.action_steps
    assert [(s.done, str(s.due) if s.due else None, s.due_text) for s in steps] == [
        (True, "2026-04-15", "2026-04-15"),
        (False, "2026-05-02", "2026-05-02"),
        (False, None, "2026-06-31"),
    ]


def test_milestones_and_log_entries_keep_their_labels():
    parts = parse(GOAL).parts
    assert [(m.label, m.title, str(m.due), m.done) for m in parts.milestones] == [
        ("Q1", "Foundation", "2026-03-31", True), ("Q2", "Practice", "2026-06-30", None),
    ]
    assert [(e.label, e.text) for e in parts.progress_log] == [
        ("Month 1", "spec drafted"),
        ("March 2026", "kicked off"),
        ("2026-04-20", "review passed"),
    ]


def test_final_assessment_is_read_from_the_ticked_box():
    assert parse(GOAL).parts.assessment.value == "partial"


def test_assessment_boxes_do_not_count_toward_goal_progress():
    document = parse(GOAL)
    assert (document.checked, document.total) == (4, 9)  # the document: all its tasks
    progress = document.progress
    assert (progress.basis.value, progress.checked, progress.total) == ("checklist", 3, 6)


def test_assessment_from_prose():
    text = "---\ntitle: t\nowner: a\nkind: goal\n---\n## Outcome\nNot achieved: the project was cancelled.\n"
    assert parse(text).parts.assessment.value == "not-achieved"


def test_a_carriage_return_inside_a_log_line_never_reaches_the_check_in():
    text = GOAL.replace("- March 2026: kicked off", "- March 2026: kicked\roff")
    entry = next(e for e in parse(text).parts.progress_log if e.label == "March 2026")
    assert "\r" not in entry.text and "\r" not in "".join(entry.lines)
    assert entry.text == "kicked off"


def test_a_dated_heading_in_a_code_block_is_no_milestone():
    """A `# Q1:` line inside a fence looks like a heading but is code: once a crash."""
    document = parse(dedent("""
        ---
        title: Ship 2 things
        owner: ana
        status: on-track
        due: 2026-06-30
        ---
        # Ship

        ```
        # Q1: Ship
        ```

        ## Q2: Launch

        - [x] a
        """))
    assert [(m.label, m.title, m.checked, m.total) for m in document.parts.milestones] == [("Q2", "Launch", 1, 1)]

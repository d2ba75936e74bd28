"""Lint rules over documents: each rule has a stable id, a severity and a file:line message.

Errors are things that are wrong (bad front matter, stale counters, impossible dates);
warnings are hints (SMART, workload, past due) that fail only under `--strict`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from .document.model import Document, Kind
from .document.parts import part_of
from .document.subgoals import goal_headings
from .document.publish import decide
from .wording import agreeing, plural
from .findings import Finding, Severity
from .handbook.alignment import link
from .handbook.categories import DEFAULT_CATEGORIES, OTHER, Category, resolve_category, suggest_category

MAX_ACTIVE_GOALS = 4  # the seeds: "3-4 goals per quarter"
_NUMBER = re.compile(r"\d")
# Numbers that say *when*, not *how much*: dates, cycles, quarters, years, months.
_WHEN = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}-(?:Q[1-4]|H[12])|(?:Q[1-4]|H[12])(?:\s+\d{4})?|(?:19|20)\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+\d{1,2}(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("unreadable", Severity.ERROR, "The file cannot be read."),
        Rule("encoding", Severity.ERROR, "The file is not UTF-8 text (binary, UTF-16 or another encoding)."),
        Rule("front-matter", Severity.ERROR, "The YAML front matter is unclosed or invalid."),
        Rule("schema", Severity.ERROR, "A goal's front matter breaks the schema (`goals schema`)."),
        Rule("unknown-key", Severity.WARNING, "A front-matter key the schema does not know (typo?)."),
        Rule("stale-counter", Severity.ERROR, "A `[n/m]` or `[p%]` counter differs from the tasks it counts."),
        Rule("date-order", Severity.ERROR, "A goal is due before it starts."),
        Rule("past-due", Severity.WARNING, "A goal's due date has passed but it is not done or dropped."),
        Rule("status-mismatch", Severity.WARNING, "A goal is `done` while tasks are still open."),
        Rule("smart-measurable", Severity.WARNING, "A goal names no number and has no metric: how will you know?"),
        Rule("smart-time-bound", Severity.WARNING, "A goal has no due date or cycle."),
        Rule("too-many-goals", Severity.WARNING, "An owner has more than 4 active goals in one cycle."),
        Rule("action-step-date", Severity.WARNING, "An action step's `by` date is not a real date."),
        Rule("people", Severity.ERROR, "The plugin's people registry cannot be read."),
        Rule("withheld", Severity.WARNING, "The file will not be published: its visibility is private or in doubt."),
        Rule("unknown-category", Severity.WARNING, "A goal's category is not one of the configured categories."),
        Rule("kind-hint", Severity.WARNING, "A file reads like a goal but has no goal front matter, so it counts as an inventory."),
        Rule("engine", Severity.WARNING, "The site lists the goals plugin but is built by an engine that runs no plugins."),
        Rule("alignment", Severity.ERROR, "`aligns_to` names no goal, or goals align to each other in a loop."),
    )
}


def _finding(document: Document, line: int, rule: str, message: str) -> Finding:
    return Finding(document.path, line, rule, RULES[rule].severity, message)


def _stale_counters(document: Document, today: date) -> Iterator[Finding]:
    if not document.checklist:
        return
    scope = document.checklist.scope.value
    for holder in document.checklist.counters:
        if holder.stale:
            assert holder.counter is not None
            yield _finding(
                document,
                holder.counter.line,
                "stale-counter",
                f"counter {holder.counter.text} should be {holder.expected_counter} "
                f"(scope: {scope}; run `goals fix`)",
            )


def _withheld(document: Document, today: date) -> Iterator[Finding]:
    decision = decide(document)
    if not decision.published and decision.state.value != "private" and document.decoded is not None:
        yield _finding(document, decision.line, "withheld", f"not published: {decision.reason} (withheld to be safe)")


def _kind_hint(document: Document, today: date) -> Iterator[Finding]:
    if document.kind is Kind.GOAL or document.checklist is None:
        return
    goal_parts = {"success_criteria", "action_steps", "final_assessment"}
    if goal_headings(document.checklist):
        lines = ", ".join(str(s.line) for s in goal_headings(document.checklist))
        yield _finding(
            document, document.front_matter.first_line or 1, "kind-hint",
            f"this file holds several goals (headings on lines {lines}) but no goal front matter "
            "(`owner` and a `cycle`, `due` or `status`), so they are not read as goals",
        )
    elif document.kind is Kind.INVENTORY and any(
        part_of(section.title) in goal_parts for section in document.checklist.sections
    ):
        yield _finding(
            document, document.front_matter.first_line or 1, "kind-hint",
            "this file has goal sections but no goal front matter (`status`, `due`, `cycle` or `kind: goal`), "
            "so it counts as an inventory",
        )


def _goal_rules(document: Document, today: date) -> Iterator[Finding]:
    goal, fm = document.goal or document.lenient_goal, document.front_matter
    if goal is None:
        return
    start, due = goal.start_date, goal.due_date
    if start and due and due < start:
        yield _finding(document, fm.line_of("due"), "date-order", f"due {due} is before start {start}")
    if due and due < today and goal.status.active:
        yield _finding(
            document, fm.line_of("due"), "past-due", f"due {due} has passed but status is {goal.status.value}"
        )
    progress = document.progress
    # A goal assessed as partly or not achieved is done with open tasks by its owner's verdict.
    ended_short = document.assessment is not None and document.assessment.value != "achieved"
    if goal.status.value == "done" and progress.basis.value == "checklist" and progress.checked < progress.total \
            and not ended_short:
        open_tasks = progress.total - progress.checked
        yield _finding(
            document, fm.line_of("status"), "status-mismatch",
            f"status is done but {plural(open_tasks, 'task')} {agreeing(open_tasks, 'is', 'are')} still open",
        )
    if due is None:
        yield _finding(
            document, fm.line_of("title"), "smart-time-bound", "no `due` date or `cycle`: when will this be done?"
        )
    if goal.metric is None and not _names_a_number(document):
        yield _finding(
            document,
            fm.line_of("title"),
            "smart-measurable",
            "neither the title nor the success criteria (or, without them, the tasks) name a number, "
            "and there is no `metric`",
        )
    for step in document.parts.action_steps if document.parts else ():
        if step.due_text and step.due is None:
            yield _finding(
                document, step.line, "action-step-date", f"`by {step.due_text}` is not a real date (YYYY-MM-DD)"
            )


def names_a_measure(text: str) -> bool:
    """A number that says how much (`3 talks`, `12h`, `80%`), not when (`in 2026`, `by Q3`)."""
    return bool(_NUMBER.search(_WHEN.sub(" ", text)))


def _names_a_number(document: Document) -> bool:
    if names_a_measure(document.title):
        return True
    if document.checklist is None:
        return False
    criteria = document.parts.sections.get("success_criteria") if document.parts else None
    tasks = document.checklist.tasks_in(criteria) if criteria else document.work
    return any(names_a_measure(task.text) for task in tasks)


DocumentRule = Callable[[Document, date], Iterable[Finding]]
DOCUMENT_RULES: tuple[DocumentRule, ...] = (_stale_counters, _goal_rules, _withheld, _kind_hint)


def _unknown_category(document: Document, categories: tuple[Category, ...]) -> Iterator[Finding]:
    written = document.category
    if document.kind is not Kind.GOAL or not written or resolve_category(written, categories) != OTHER:
        return
    hint = suggest_category(written, categories)
    known = ", ".join(c.id for c in categories)
    # A private goal's category may say what the goal is about: CI logs must not quote it.
    named = f"category {written!r}" if decide(document).published else "the category"
    message = f"{named} is not one of {known}" + (f"; did you mean {hint!r}?" if hint else "")
    line = document.front_matter.line_of("category") if document.goal and document.goal.category else (
        document.parts.sections["category"].line if document.parts and "category" in document.parts.sections else 1
    )
    yield _finding(document, line, "unknown-category", message)


def _too_many_goals(documents: list[Document]) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for document in documents:
        goal = document.goal
        if goal and goal.status.active and goal.cycle_name:
            groups[(goal.owner, goal.cycle_name)].append(document)
    for (owner, cycle), group in sorted(groups.items()):
        count = sum(len(document.subgoals) or 1 for document in group)  # a goal set holds several
        if count > MAX_ACTIVE_GOALS:
            for document in group:
                yield _finding(
                    document,
                    document.front_matter.line_of("owner"),
                    "too-many-goals",
                    f"{owner} has {count} active goals in {cycle} (more than {MAX_ACTIVE_GOALS}: focus on fewer)",
                )


def goal_ids(document: Document) -> list[str]:
    """The ids a document's goals go by: its path, or `path#slug` for each goal of a set."""
    return [f"{document.path}#{g.slug}" for g in document.subgoals] or [document.path]


def _alignment(documents: list[Document]) -> Iterator[Finding]:
    goals = [d for d in documents if d.goal or d.lenient_goal]
    by_id = {goal_id: d for d in goals for goal_id in goal_ids(d)}
    references = [(goal_id, list((d.goal or d.lenient_goal).aligns_to or ())) for goal_id, d in by_id.items()]
    links = link(references)
    reported = set()
    for goal_id, reference in links.dangling:
        document = by_id[goal_id]
        if (document.path, reference) not in reported:
            reported.add((document.path, reference))
            yield _finding(document, document.front_matter.line_of("aligns_to"), "alignment",
                           f"aligns_to {reference!r} names no goal (give its path, e.g. goals/team/goal.md)")
    for loop in links.cycles:
        first = by_id[loop[0]]
        yield _finding(first, first.front_matter.line_of("aligns_to"), "alignment",
                       "aligns_to makes a loop: " + " → ".join(loop))


def lint(
    documents: list[Document], today: date, categories: tuple[Category, ...] = DEFAULT_CATEGORIES
) -> list[Finding]:
    """All findings for `documents`: reading problems first found, then every rule, sorted."""
    findings: list[Finding] = []
    for document in documents:
        findings.extend(document.findings)
        if document.kind is Kind.OTHER and document.decoded is not None and not document.front_matter.error:
            continue
        for rule in DOCUMENT_RULES:
            findings.extend(rule(document, today))
        findings.extend(_unknown_category(document, categories))
    findings.extend(_too_many_goals(documents))
    findings.extend(_alignment(documents))
    return sorted(set(findings))

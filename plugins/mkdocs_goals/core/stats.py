"""The per-document numbers every surface shows, as plain JSON-ready data."""

from __future__ import annotations

from typing import Any

from .document.checklist import ItemCounter, Section
from .document.model import Document
from .document.progress import Basis, Progress, format_number


def _counter_json(holder: Section | ItemCounter) -> dict[str, Any] | None:
    if holder.counter is None:
        return None
    return {"text": holder.counter.text, "line": holder.counter.line, "stale": holder.stale,
            "expected": holder.expected_counter, "checked": holder.counter_checked, "total": holder.counter_total}


def section_json(section: Section) -> dict[str, Any]:
    counter = _counter_json(section)
    return {
        "title": section.title,
        "level": section.level,
        "line": section.line,
        "checked": section.checked,
        "total": section.total,
        "rollup_checked": section.rollup_checked,
        "rollup_total": section.rollup_total,
        "counter": counter,
    }


def document_json(document: Document) -> dict[str, Any]:
    """The `goals stats --format json` object of one document (see docs/cli.md)."""
    data: dict[str, Any] = {
        "path": document.path,
        "kind": document.kind.value,
        "checked": document.checked,
        "total": document.total,
        "progress": document.progress.to_json(),
        "sections": [section_json(s) for s in document.checklist.sections] if document.checklist else [],
        "item_counters": [
            {"title": item.title, "line": item.line, "counter": _counter_json(item)} for item in document.checklist.item_counters
        ] if document.checklist else [],
        "goal": None,
    }
    goal = document.goal
    if goal is not None:
        start, due = goal.start_date, goal.due_date
        data["goal"] = {
            "title": goal.title,
            "owner": goal.owner,
            "team": goal.team,
            "status": goal.status.value,
            "start": start.isoformat() if start else None,
            "due": due.isoformat() if due else None,
            "cycle": goal.cycle_name,
            "category": document.category,
            "visibility": goal.visibility.value,
            "metric": goal.metric.model_dump() if goal.metric else None,
            "assessment": document.assessment.value if document.assessment else None,
            "parts": document.parts.to_json() if document.parts else None,
            "goals": [goal.to_json(document.path) for goal in document.subgoals],
        }
    return data


def progress_text(progress: Progress) -> str:
    """`3/7 (42%, checklist)` or `3/7 items, 75% (metric 15)`: a figure and its basis, as text."""
    if progress.basis is Basis.METRIC:
        return f"{progress.whole}% (metric {format_number(progress.metric)}; items {progress.checked}/{progress.total})"
    return f"{progress.checked}/{progress.total} ({progress.whole}%, checklist)"


def progress_header(document: Document) -> str:
    """Plain-text progress lines that a `git diff` text conversion puts above the file."""
    if document.kind.value == "other":
        return ""
    status = f" · status {document.goal.status.value}" if document.goal else ""
    lines = [f"goals: {progress_text(document.progress)}{status}"]
    for section in document.checklist.sections if document.checklist else ():
        if section.rollup_total:
            lines.append(f"goals: {'#' * section.level} {section.title}: {section.rollup_checked}/{section.rollup_total}")
    return "\n".join(lines) + "\n\n"

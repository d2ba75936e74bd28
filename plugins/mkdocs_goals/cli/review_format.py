"""`goals diff` output: a Markdown PR comment, rich text, or JSON."""

from __future__ import annotations

from rich.console import Console

from ..core.history.review import DocumentChange, Review, Side
from .output import escape

MARKER = "<!-- mkdocs-goals:diff -->"  # lets a CI job find and update its own comment
OPEN_DETAILS_UP_TO = 3  # a short comment shows everything; a long one collapses


def _progress(side: Side | None) -> str:
    return "–" if side is None else f"{side.checked}/{side.total}"


def _status(change: DocumentChange) -> str:
    before = change.before.status if change.before else None
    after = change.after.status if change.after else None
    if before == after:
        return after or "–"
    return f"{before or '–'} → {after or '–'}"


def _what(change: DocumentChange) -> str:
    if change.before is None:
        return "new"
    if change.after is None:
        return "deleted"
    return "renamed" if change.old_path else "changed"


def _summary(change: DocumentChange) -> str:
    parts = [
        f"{len(items)} {label}"
        for items, label in (
            (change.checked_items, "checked"), (change.unchecked_items, "unchecked"),
            (change.added_items, "added"), (change.removed_items, "removed"),
        )
        if items
    ]
    if change.newly_stale:
        parts.append(f"{len(change.newly_stale)} stale counter{'s' * (len(change.newly_stale) > 1)}")
    return ", ".join(parts) or "no item changes"


def _cell(text: str) -> str:
    """Safe inside a Markdown table cell: no pipes, no line breaks, no HTML."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _range(review: Review) -> str:
    base = review.base
    if "..." in base:
        base = f"{base.split('...', 1)[0] or 'HEAD'}` (merge base) → `{review.head}"
        return f"`{_cell(base)}`"
    return f"`{_cell(base)}` → `{_cell(review.head or 'working tree')}`"


def markdown(review: Review, include_private: bool) -> str:
    shown, hidden = review.public(include_private)
    lines = [MARKER, f"### Goal progress: {_range(review)}", ""]
    if not shown and not hidden:
        lines.append("No goal or inventory changed.")
        return "\n".join(lines) + "\n"
    if shown:
        lines += ["| | Goal | Progress | Status | Items |", "|---|---|---|---|---|"]
        for change in shown:
            progress = f"{_progress(change.before)} → {_progress(change.after)}"
            lines.append(
                f"| {_what(change)} | {_cell(change.title)}<br>`{_cell(change.path)}` | {progress} | "
                f"{_cell(_status(change))} | {_cell(_summary(change))} |"
            )
        lines.append("")
    for change in shown:
        details = _detail_lines(change)
        if not details:
            continue
        state = " open" if len(shown) <= OPEN_DETAILS_UP_TO else ""
        lines += [f"<details{state}><summary>{_cell(change.path)}: {_cell(_summary(change))}</summary>", "", *details,
                  "", "</details>", ""]
    if hidden:
        lines.append(f"_{hidden} private goal{'s' * (hidden > 1)} changed (not shown)._")
    return "\n".join(lines).rstrip() + "\n"


def _detail_lines(change: DocumentChange) -> list[str]:
    lines = []
    if change.old_path:
        lines.append(f"- renamed from `{_cell(change.old_path)}`")
    for items, label in (
        (change.checked_items, "✅ checked"), (change.unchecked_items, "↩️ unchecked"),
        (change.added_items, "➕ added"), (change.removed_items, "➖ removed"),
    ):
        lines += [f"- {label}: {_cell(text)}" for text in items]
    lines += [
        f"- ⚠️ counter `{written}` on line {line} is stale: it should be `{expected}` (run `goals fix`)"
        for line, written, expected in change.newly_stale
    ]
    return lines


def text(review: Review, include_private: bool, console: Console) -> None:
    shown, hidden = review.public(include_private)
    console.print(f"[bold]goal progress[/]: {escape(review.base)} → {escape(review.head or 'working tree')}")
    if not shown and not hidden:
        console.print("[dim]no goal or inventory changed[/]")
    for change in shown:
        console.print(
            f"\n[bold]{escape(change.path)}[/] ({_what(change)}) {_progress(change.before)} → {_progress(change.after)}"
            f"  status {escape(_status(change))}"
        )
        for line in _detail_lines(change):
            console.print("  " + escape(line.removeprefix("- ")))
    if hidden:
        console.print(f"\n[dim]{hidden} private goal(s) changed (not shown)[/]")

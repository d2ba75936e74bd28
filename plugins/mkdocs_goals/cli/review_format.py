"""`goals diff` output: a Markdown PR comment, rich text, or JSON.

The comment is posted by a job with a write token, and everything in it that came from
the pull request (titles, paths, item texts, statuses, revisions) was written by whoever
opened it. `inert` turns such a string into text that no Markdown, HTML or forge
reference can be built from; `code` is the same inside a `<code>` element. Neither
depends on where the string lands: a table cell, a list item or an HTML block.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.console import Console

from ..core.document.progress import format_number, whole_percent
from ..core.history.review import DocumentChange, Review, Side
from .output import escape, plural, terminal_safe

MARKER = "<!-- mkdocs-goals:diff -->"  # lets a CI job find and update its own comment
OPEN_DETAILS_UP_TO = 3  # a short comment shows everything; a long one collapses
COMMENT_LIMIT = 60_000  # characters; GitHub refuses comments over 65,536
TEXT_LIMIT = 300  # characters of one user string shown in the comment

WORD_JOINER = "\u2060"  # invisible; splits `@name` so that it pings no one
# Forge sigils: GitHub @user #12 :emoji:, GitLab also !12 ~label %milestone $snippet &epic.
_REFERENCE = re.compile(r"([@#!~%$&:])(?=\w)")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# Markdown punctuation as numeric references: entities are decoded to text, never to markup.
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_~[]|:$"}
_SPECIAL = re.compile(r"[&<>\"\\`*_~\[\]|:$]|(?<=[wW]{3})\.")  # the dot of `www.` starts an autolink


def _entity(match: re.Match[str]) -> str:
    char = match.group()
    return _HTML.get(char) or _MARKDOWN.get(char) or "&#46;"


def inert(text: str, limit: int = TEXT_LIMIT) -> str:
    """`text` as literal, single-line text anywhere in the comment.

    Control characters are shown (`<U+000D>`), reference sigils get a word joiner, HTML
    and Markdown punctuation become character references, so no code span, fence,
    table cell, link, image, autolink, HTML element or comment can start inside it.
    """
    shown = terminal_safe(text)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return _SPECIAL.sub(_entity, _REFERENCE.sub(rf"\1{WORD_JOINER}", shown))


def code(text: str) -> str:
    """`inert` text in a `<code>` element (a backtick in `text` cannot close it)."""
    return f"<code>{inert(text)}</code>"


def _progress(side: Side | None) -> str:
    """A side's figure on its basis: `2/5 (40%)`, or `45% (metric 13.4 hours)`."""
    if side is None:
        return "–"
    if side.basis == "metric":
        unit = f" {side.unit}" if side.unit else ""
        return f"{whole_percent(side.percent)}% (metric {format_number(side.metric)}{unit})"
    return f"{side.checked}/{side.total} ({whole_percent(side.percent)}%)"


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


def _range(review: Review) -> str:
    base = review.base
    if "..." in base:
        return f"{code(base.split('...', 1)[0] or 'HEAD')} (merge base) → {code(review.head or 'HEAD')}"
    return f"{code(base)} → {code(review.head or 'working tree')}"


def _row(change: DocumentChange) -> str:
    progress = inert(f"{_progress(change.before)} → {_progress(change.after)}")  # a metric's unit is user text
    return (f"| {_what(change)} | {inert(change.title)}<br>{code(change.path)} | {progress} | "
            f"{inert(_status(change))} | {_summary(change)} |")


def _details_block(change: DocumentChange, open_: bool) -> list[str]:
    details = _detail_lines(change, inert, code)
    if not details:
        return []
    state = " open" if open_ else ""
    return [f"<details{state}><summary>{code(change.path)}: {_summary(change)}</summary>", "", *details,
            "", "</details>", ""]


def markdown(review: Review, include_private: bool) -> str:
    """The PR comment: a table of changed goals, then each goal's item changes."""
    shown, hidden = review.public(include_private)
    head = [MARKER, f"### Goal progress: {_range(review)}", ""]
    if not shown and not hidden:
        return "\n".join([*head, "No goal or inventory changed."]) + "\n"
    table = ["| | Goal | Progress | Status | Items |", "|---|---|---|---|---|"] if shown else []
    rows = [_row(change) for change in shown]
    blocks = [block for change in shown if (block := _details_block(change, len(shown) <= OPEN_DETAILS_UP_TO))]
    footer = [f"_{hidden} private goal{'s' * (hidden > 1)} changed (not shown)._"] if hidden else []
    budget = COMMENT_LIMIT - _size(head) - _size(table) - _size(footer) - 300  # room for the notes below
    kept_rows, kept_blocks = _fit(rows, blocks, budget)
    if len(kept_rows) < len(rows):
        footer.insert(0, _full(len(rows) - len(kept_rows), "more goal change", "not shown"))
    elif len(kept_blocks) < len(blocks):
        footer.insert(0, _full(len(blocks) - len(kept_blocks), "goal", "shown without item details"))
    lines = [*head, *table, *kept_rows, *([""] if kept_rows else []), *(line for b in kept_blocks for line in b), *footer]
    return "\n".join(lines).rstrip() + "\n"


def _full(count: int, noun: str, what: str) -> str:
    return f"_{plural(count, noun)} {what}: the comment is full; run `goals diff` locally to see everything._"


def _size(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _fit(rows: list[str], blocks: list[list[str]], budget: int) -> tuple[list[str], list[list[str]]]:
    """As many table rows as fit in `budget` characters, then as many details blocks."""
    kept_rows, used = [], 0
    for row in rows:
        if used + len(row) + 1 > budget:
            return kept_rows, []
        kept_rows.append(row)
        used += len(row) + 1
    kept_blocks = []
    for block in blocks:
        if used + _size(block) > budget:
            break
        kept_blocks.append(block)
        used += _size(block)
    return kept_rows, kept_blocks


def _detail_lines(change: DocumentChange, quote: Callable[[str], str], literal: Callable[[str], str]) -> list[str]:
    """One line per item change; `quote` shows user text, `literal` paths and counters."""
    lines = []
    if change.old_path:
        lines.append(f"- renamed from {literal(change.old_path)}")
    for items, label in (
        (change.checked_items, "✅ checked"), (change.unchecked_items, "↩️ unchecked"),
        (change.added_items, "➕ added"), (change.removed_items, "➖ removed"),
    ):
        lines += [f"- {label}: {quote(text)}" for text in items]
    lines += [
        f"- ⚠️ counter {literal(written)} on line {line} is stale: it should be {literal(expected)} "
        f"(run {literal('goals fix')})"
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
            f"\n[bold]{escape(change.path)}[/] ({_what(change)}) "
            f"{escape(_progress(change.before))} → {escape(_progress(change.after))}"
            f"  status {escape(_status(change))}"
        )
        for line in _detail_lines(change, terminal_safe, lambda value: f"`{terminal_safe(value)}`"):
            console.print("  " + escape(line.removeprefix("- ")))
    if hidden:
        console.print(f"\n[dim]{plural(hidden, 'private goal')} changed (not shown)[/]")

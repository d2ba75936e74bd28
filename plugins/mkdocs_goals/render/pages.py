"""A goal or inventory page as every engine shows it: its Markdown with a progress
header after the title, counters showing the computed value, a checkbox for every task
that is counted, and a History section at the end."""

from __future__ import annotations

import re
from typing import Any

from ..core.document.markdown import Outline
from ..core.document.model import Options, parse_document
from ..core.handbook.model import Entry, Handbook
from ..core.handbook.views import burnup, checkins, milestones_of, pace, stale
from ..core.history.trends import last_real_change, quarter_states, status_history
from .charts import BurnupChart, burnup_chart
from .nesting import indentation_edits
from .templates import Renderer


def goal_chart(handbook: Handbook, entry: Entry) -> BurnupChart | None:
    """One goal's burn-up, with its start, due, today, steps' and milestones' dates."""
    goal = entry.goal
    parts = entry.document.parts
    markers = [(s.due, f"step: {s.text}") for s in (parts.action_steps if parts else ()) if s.due]
    markers += [(m.due, f"milestone {m.label}: {m.title}") for m, _ in milestones_of(entry) if m.due]
    return burnup_chart(
        burnup(handbook, entry),
        start=goal.start_date if goal else None,
        due=goal.due_date if goal else None,
        today=handbook.today,
        milestones=markers,
    )


def goal_page(
    markdown: str,
    entry: Entry,
    handbook: Handbook,
    renderer: Renderer,
    page_url: str,
    *,
    options: Options,
    gfm_boxes_rendered: bool,
) -> str:
    """The page's Markdown, decorated; `markdown` is the body without front matter."""
    header, footer = history_views(entry, handbook, renderer, page_url)
    return decorate_markdown(
        markdown, entry, handbook, renderer, page_url, options=options, gfm_boxes_rendered=gfm_boxes_rendered,
        header_context=header, footer=footer,
    )


def history_views(entry: Entry, handbook: Handbook, renderer: Renderer, page_url: str) -> tuple[dict, str | None]:
    """The header's pace and staleness, and the page's History section (None without history)."""
    history = entry.history
    snapshots = history.snapshots if history else []
    header = {
        "pace": pace(handbook, entry),
        "stale": bool(entry.goal and stale(handbook, [entry])),
        "last_change": last_real_change(snapshots),
        "stale_after_days": handbook.stale_after_days,
    }
    if not snapshots and not checkins(entry) and not milestones_of(entry):
        return header, None  # nothing for the section to say
    chart = goal_chart(handbook, entry) if snapshots else None
    completed = sorted(((c, entry) for c in history.completed if c.date), key=lambda pair: pair[0].date or "",
                       reverse=True) if history else []
    footer = renderer.block(
        "history.html",
        page_url,
        entry=entry,
        chart=chart,
        pace=header["pace"],
        statuses=status_history(snapshots),
        quarters=quarter_states(snapshots, handbook.today),
        completed=completed,
    )
    return header, footer


def decorate_markdown(
    markdown: str,
    entry: Entry,
    handbook: Handbook,
    renderer: Renderer,
    page_url: str,
    *,
    options: Options,
    gfm_boxes_rendered: bool,
    header_context: dict[str, Any] | None = None,
    footer: str | None = None,
) -> str:
    """The page's Markdown with a progress header after its title, counters showing the
    computed value, our checkbox for every task we count, and nested lists indented as
    Python-Markdown needs to draw the tree that was counted (`nesting`).

    Every counted box is ours, list task or bare line, with or without
    `pymdownx.tasklist` (`gfm_boxes_rendered` is kept for the engines that pass it): one
    look and one accessible name under every theme, and done and open tell apart.

    The page body is scanned again (MkDocs has stripped the front matter), so offsets are
    exact; the counts are the same as the file's.
    """
    source = markdown.encode("utf-8")
    page = parse_document(source, entry.document.path, options)
    if page.outline is None or page.checklist is None:
        return markdown
    edits = indentation_edits(page.outline)  # first: a blank line put before a line goes before its indentation
    paragraph_lines = {paragraph.line for paragraph in page.outline.paragraphs}
    for task in page.checklist.tasks:
        box = renderer.inline("checkbox.html", page_url, checked=task.checked)
        if task.bare and task.line not in paragraph_lines:
            box = f"<br>{box}"  # a bare task on the next line of a paragraph starts a line of its own
        edits.append((task.marker_start, task.marker_start + 3, box))
    for listing in page.outline.lists:
        if listing.has_task and listing.interrupts_paragraph:
            edits.append(_blank_line_before(page.outline, listing.line))
    scope = page.checklist.scope.value
    for section in page.checklist.counters:
        counter = section.counter
        assert counter is not None
        text = (section.expected_counter or counter.text).strip("[]")
        html = renderer.inline(
            "counter.html", page_url, section=section, text=text, stale=section.stale, written=counter.text, scope=scope
        )
        edits.append((counter.start, counter.end, html))
    title = next((h for h in page.outline.headings if h.level == 1), None)
    at = title.end if title is not None else 0
    header = renderer.block("header.html", page_url, entry=entry, team=handbook.team_of(entry), **(header_context or {}))
    edits.append((at, at, f"\n{header}\n\n"))
    if footer:
        edits.append((len(source), len(source), f"\n\n{footer}\n"))
    return apply_edits(source, edits).decode("utf-8")


def apply_edits(source: bytes, edits: list[tuple[int, int, str]]) -> bytes:
    """`source` with each (start, end, text) edit made, from the last to the first; of
    edits at one place, the one listed later ends up first (so a blank line put before a
    line goes before that line's new indentation)."""
    out = bytearray(source)
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        out[start:end] = replacement.encode("utf-8")
    return bytes(out)


_CONTAINER = re.compile(rb"[ \t>]*")


def _blank_line_before(outline: Outline, line: int) -> tuple[int, int, str]:
    """An edit that puts a blank line (inside the same block quotes) before `line`: a
    list right after a paragraph line is a list for GitHub and for us, but plain text for
    Python-Markdown unless a blank line separates them."""
    start = outline.line_starts[line - 1]
    prefix = _CONTAINER.match(outline.source, start).group(0).decode()  # type: ignore[union-attr]
    quotes = ">" * prefix.count(">")
    return start, start, f"{quotes}\n"

"""A goal or inventory page as every engine shows it: its Markdown with a progress
header after the title, counters showing the computed value, a checkbox for every task
that is counted, and a History section at the end."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..core.document.checklist import Section
from ..core.document.markdown import Outline
from ..core.document.model import Document, Options, parse_document
from ..core.handbook.model import Entry, Handbook
from ..core.handbook.views import burnup, checkins, milestones_of, pace, stale
from ..core.history.trends import last_real_change, quarter_states, status_history
from .charts import BurnupChart, burnup_chart
from .kept_blocks import KeptBlocks
from .last_build import LastBuild
from .nesting import Edits, indentation_edits
from .templates import Renderer

if TYPE_CHECKING:
    from .nesting_pool import NestingPool


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
    layouts: Layouts | PreparedLayouts | None = None,
    place: Callable[[str], str] | None = None,
    kept: KeptBlocks | None = None,
) -> str:
    """The page's Markdown, decorated; `markdown` is the body without front matter.

    Every counted box is ours, list task or bare line, with or without
    `pymdownx.tasklist` (`gfm_boxes_rendered` is kept for the engines that pass it): one
    look and one accessible name under every theme, and done and open tell apart.

    `place(html)` gives what stands for the header and the History section in the
    Markdown: the blocks themselves by default; the MkDocs plugin puts a marker there and
    the blocks back into the converted page, so Markdown never parses our HTML.
    `layouts` and `kept` remember each body's parse, each page's blocks and its
    decorated Markdown across builds (`mkdocs serve`).
    """
    place = place or _as_it_is
    found = (layouts.layout if layouts is not None else page_layout)(markdown, entry.document.path, options)
    if found is None:
        return markdown
    draw = lambda: page_blocks(entry, handbook, renderer, page_url)  # noqa: E731
    header, footer = kept.blocks(entry, handbook, page_url, draw) if kept is not None else draw()
    header, footer = place(header), (place(footer) if footer else None)  # what the Markdown holds for them

    def decorate() -> str:
        return decorate_markdown(markdown, found, renderer, page_url, header=header, footer=footer)

    if kept is None:
        return decorate()
    return kept.decorated((markdown, entry.document.path, options, page_url, header, footer), decorate)


def page_blocks(entry: Entry, handbook: Handbook, renderer: Renderer, page_url: str) -> tuple[str, str | None]:
    """The progress header and the History section (None without history) of a page."""
    context, footer = history_views(entry, handbook, renderer, page_url)
    header = renderer.block("header.html", page_url, entry=entry, team=handbook.team_of(entry), **context)
    return header, footer


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
    markdown: str, found: Layout, renderer: Renderer, page_url: str, *, header: str, footer: str | None = None,
) -> str:
    """The page's Markdown with the progress header after its title, counters showing the
    computed value, our checkbox for every task we count, nested lists indented as
    Python-Markdown needs to draw the tree that was counted (`nesting`), and the History
    section at the end. `found` is the body's layout: the body is scanned again (MkDocs
    has stripped the front matter), so offsets are exact; the counts are the file's."""
    source = markdown.encode("utf-8")
    edits = list(found.indentation)  # first: a blank line put before a line goes before its indentation
    boxes = {checked: renderer.inline("checkbox.html", page_url, checked=checked) for checked in found.box_states}
    for start, checked, own_line in found.boxes:
        edits.append((start, start + 3, f"<br>{boxes[checked]}" if own_line else boxes[checked]))
    edits += found.blank_lines
    for section in found.counters:
        counter = section.counter
        assert counter is not None
        text = (section.expected_counter or counter.text).strip("[]")
        html = renderer.inline(
            "counter.html", page_url, section=section, text=text, stale=section.stale, written=counter.text,
            scope=found.scope,
        )
        edits.append((counter.start, counter.end, html))
    at = found.title_end
    edits.append((at, at, f"\n{header}\n\n"))
    if found.offset:  # laid out from the whole file's parse: its positions are the file's
        edits = [(start - found.offset, end - found.offset, text) for start, end, text in edits]
    if footer:
        edits.append((len(source), len(source), f"\n\n{footer}\n"))
    return apply_edits(source, edits).decode("utf-8")


def _as_it_is(html: str) -> str:
    return html


@dataclass(frozen=True)
class Layout:
    """What a page body's parse says to draw, before any template: a function of the
    body, its path and the options only, so it can be kept while the body is unchanged."""

    indentation: Edits  # nesting edits, and `1.` for `1)`
    boxes: tuple[tuple[int, bool, bool], ...]  # (marker start, checked, starts a line of its own)
    blank_lines: tuple[tuple[int, int, str], ...]  # before a task list that interrupts a paragraph
    counters: tuple[Section, ...]
    scope: str
    title_end: int  # where the header goes: after the first `#` title, else at the top
    offset: int = 0  # where the page body starts in the text these positions are in (`PreparedLayouts`)

    @property
    def box_states(self) -> set[bool]:
        return {checked for _, checked, _ in self.boxes}


def page_layout(markdown: str, path: str, options: Options) -> Layout | None:
    """Parse a page body (None when it holds nothing we draw: no outline). A body that
    starts with U+FEFF is text (the file's BOM is gone by now), so it is parsed after a
    line feed, which reading a file would not take for a BOM."""
    offset = 1 if markdown.startswith("\ufeff") else 0
    return layout_of(parse_document(b"\n" * offset + markdown.encode("utf-8"), path, options, cache=False), offset)


def layout_of(page: Document, offset: int = 0, *, nested: bool = True) -> Layout | None:
    """The layout of a parsed text whose page body starts `offset` bytes in (without its
    nesting edits if not `nested`: `PreparedLayouts` has them worked out elsewhere)."""
    if page.outline is None or page.checklist is None:
        return None
    tasks, outline = page.checklist.tasks, page.outline
    # A bare task on a paragraph's next line starts a line of its own.
    paragraph_lines = {outline.line_of(start) for start in outline.paragraph_starts} \
        if any(task.bare for task in tasks) else set()
    boxes = tuple((task.marker_start, task.checked, bool(task.bare and task.line not in paragraph_lines))
                  for task in tasks)
    blank_lines = tuple(_blank_line_before(outline, listing.line) for listing in outline.lists
                        if listing.has_task and listing.interrupts_paragraph)
    title = next((h for h in outline.headings if h.level == 1), None)
    return Layout(Edits.of(indentation_edits(outline) if nested else []), boxes, blank_lines, tuple(page.checklist.counters),
                  page.checklist.scope.value, title.end if title is not None else offset, offset)


class PreparedLayouts:
    """Layouts of goal pages worked out from each file's own parse, while it is in memory.

    A site build parsed every goal file twice: once to count it, once more for the body
    the engine hands over (a fifth of the plugin's share of a kubernetes/enhancements
    build). The body is the file after its front matter, leading line feeds stripped, as
    MkDocs' `get_data` strips them, and the file's parse blanks its front matter out, so
    its outline is the body's, every position `offset` bytes further on. A layout is used
    only for a page whose Markdown has the digest of that body: one another plugin
    changed, or read with other line endings, or with MultiMarkdown meta taken off, is
    parsed as before (`fallback`). With a `NestingPool`, each page's nesting edits are
    worked out by another process until the page is drawn."""

    def __init__(self, fallback: Callable[[str, str, Options], Layout | None] = page_layout,
                 nesting: NestingPool | None = None) -> None:
        self.fallback = fallback
        self.nesting = nesting
        self.nested_elsewhere = 0  # pages whose nesting edits the other process worked out
        self._by_path: dict[str, tuple[bytes, Options, Layout, bool]] = {}  # …, its edits are the process's

    def add(self, document: Document, options: Options) -> None:
        """Lay out `document`'s page now (`options`: the ones it was parsed with), but for its
        nesting edits if the other process takes its text."""
        if document.decoded is None or document.text_released:
            return
        page = page_body(document)
        if page.startswith(b"---"):
            return  # a page's own parse would read a second front matter there
        layout = layout_of(document, offset=len(document.decoded.body) - len(page), nested=False)
        if layout is None:
            return
        assert document.outline is not None  # a layout has one
        elsewhere = self.nesting is not None and self.nesting.submit(document.path, document.outline.source)
        if not elsewhere:
            layout = replace(layout, indentation=Edits.of(indentation_edits(document.outline)))
        self._by_path[document.path] = (_digest(page), options, layout, elsewhere)

    def layout(self, markdown: str, path: str, options: Options) -> Layout | None:
        prepared = self._by_path.pop(path, None)  # a page is laid out once a build: let it go
        if prepared is None or prepared[1] != options or prepared[0] != _digest(markdown.encode("utf-8")):
            return self.fallback(markdown, path, options)
        if not prepared[3]:
            return prepared[2]
        edits = self.nesting.take(path) if self.nesting is not None else None
        if edits is None:
            return self.fallback(markdown, path, options)
        self.nested_elsewhere += 1
        return replace(prepared[2], indentation=edits)

    def added_all(self) -> None:
        """Every page is added: the other process may finish and end."""
        if self.nesting is not None:
            self.nesting.sent_all()

    def close(self) -> None:
        """Stop the other process (the build is over, or failed); a page asked for later is
        parsed as before."""
        if self.nesting is not None:
            self.nesting.close()
            self.nesting = None


def page_body(document: Document) -> bytes:
    """The Markdown an engine makes the file's page of: what follows its front matter,
    leading line feeds stripped, as MkDocs' `get_data` strips them."""
    assert document.decoded is not None and not document.text_released
    return document.decoded.body[document.front_matter.body_start:].lstrip(b"\n")


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=16).digest()


class Layouts:
    """Page layouts kept from one build to the next (`mkdocs serve`), by body, path and
    options, which are all a layout depends on; a build keeps only the ones it used."""

    def __init__(self) -> None:
        self.kept: LastBuild[Layout | None] = LastBuild()

    def layout(self, markdown: str, path: str, options: Options) -> Layout | None:
        return self.kept.get((markdown, path, options), lambda: page_layout(markdown, path, options))

    def next_build(self) -> None:
        """Forget the layouts the last build did not use (a page edited or removed)."""
        self.kept.next_build()


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

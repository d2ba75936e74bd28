"""How the CLI shows findings and numbers: rich text on a terminal, JSON, GitHub annotations.

Every string that came from a file, a file name or git passes through `terminal_safe`
(or `escape`, which adds rich's markup escaping) before it is printed: goal files come
from anyone who can open a pull request, and a terminal obeys the escape sequences in
what it prints.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape as markup_escape
from rich.text import Text

from ..core.document.model import Document
from ..core.document.progress import Basis, items_percent, whole_percent
from ..core.findings import Finding, Severity
from ..core.history.engine import HistoryResult
from ..core.terminal import BIDI_CONTROLS, terminal_safe, visible
from ..core.wording import plural
from ..render.json_text import indented

# What json.dumps(ensure_ascii=False) leaves raw although a terminal may act on it.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}\ud800-\udfff]")


def terminal_lines(text: str) -> str:
    """`terminal_safe` for several lines: the line breaks stay, nothing else does."""
    return "\n".join(terminal_safe(line) for line in text.split("\n"))


def escape(text: object) -> str:
    """User text ready to sit inside rich markup: made terminal-safe, brackets escaped."""
    return markup_escape(terminal_safe(text))


def escape_lines(text: str) -> str:
    """`escape` for several lines (a diff of a user's file): the line breaks stay."""
    return markup_escape(terminal_lines(text.replace("\r\n", "\n")))


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=True, emoji=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


_ONE_LINE = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps makes one per call


def json_text(data: Any, *, one_line_from: int | None = None) -> str:
    """JSON that is also safe to show on a terminal: C1, bidi and separator characters as
    `\\uXXXX` (json.dumps escapes C0 itself). They only occur inside strings, so the
    replacement keeps the JSON valid and its values unchanged.

    Indented by two spaces; with `one_line_from`, each value that deep is written on one
    line (a snapshot per line): easier to read in a long history, and written by json's
    C encoder, where indenting is pure Python (0.2 s for 6 MB of history)."""
    if one_line_from is None:
        text = json.dumps(data, indent=2, ensure_ascii=False)
    else:
        text = "".join(indented(data, one_line_from, _one_line, _ONE_LINE))
    return _terminal_safe_json(text)


def _one_line(value: Any, _depth: int) -> str:
    return _ONE_LINE(value)


def _terminal_safe_json(text: str) -> str:
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def print_json(data: Any, *, one_line_from: int | None = None) -> None:
    sys.stdout.write(json_text(data, one_line_from=one_line_from) + "\n")


def print_json_members(members: Iterable[tuple[str, Any]], *, one_line_from: int) -> None:
    """`print_json(dict(members), one_line_from=...)` byte for byte, a member at a time:
    neither the whole document (27 MB for a 10,000-goal history) nor every member's
    value is held at once, which was the peak of `goals history` on a large handbook."""
    opening = "{"
    for name, value in members:
        text = "".join(indented(value, one_line_from, _one_line, _ONE_LINE, 1))
        sys.stdout.write(_terminal_safe_json(f"{opening}\n  {_ONE_LINE(name)}: {text}"))
        opening = ","
    sys.stdout.write("{}\n" if opening == "{" else "\n}\n")


def findings_text(findings: list[Finding], console: Console) -> None:
    for finding in findings:
        colour = "red" if finding.severity is Severity.ERROR else "yellow"
        console.print(
            f"[bold]{escape(finding.path)}:{finding.line}[/]: [{colour}]{finding.severity.value}[/]: "
            f"{escape(finding.message)} [dim]\\[{finding.rule}][/]"
        )
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    summary = "no problems" if not findings else f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    console.print(f"[dim]{summary}[/]")


def _escape_annotation(text: str, *, prop: bool = False) -> str:
    """A workflow-command value that cannot end the command or start another one.

    `%`, CR and LF are percent-encoded as the runner expects (a property also needs `:`
    and `,`), so a path keeps pointing at its file; other control characters are made
    visible, since the runner's log shows the line.
    """
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return terminal_safe(text)


def findings_github(findings: list[Finding]) -> None:
    """GitHub Actions workflow commands: one annotation per finding on the PR diff."""
    for finding in findings:
        sys.stdout.write(
            f"::{finding.severity.value} file={_escape_annotation(finding.path, prop=True)},"
            f"line={finding.line},title={_escape_annotation(finding.rule, prop=True)}::"
            f"{_escape_annotation(finding.message)}\n"
        )


def columns(console: Console, header: list[str] | None, rows: list[list[str]], right: frozenset[int] = frozenset()) -> None:
    """Rows of rich-markup cells as plain aligned columns, two spaces apart, under a
    bold `header` (None: no header).

    Nothing is ever cut or wrapped to fit a width: a CI log or a pipe gets every
    character (a terminal narrower than a line wraps it itself). Columns whose index is
    in `right` are right-aligned; trailing spaces are dropped.
    """
    cells = [[Text(name, style="bold") for name in header]] if header else []
    cells += [[Text.from_markup(cell) for cell in row] for row in rows]
    if not cells:
        return
    widths = [max(line[index].cell_len for line in cells) for index in range(len(cells[0]))]
    for line in cells:
        out = Text()
        for index, (cell, width) in enumerate(zip(line, widths)):
            pad = " " * (width - cell.cell_len)
            if index:
                out.append("  ")
            out.append_text(Text(pad) + cell if index in right else cell + Text(pad))
        out.rstrip()
        console.print(out, soft_wrap=True, crop=False)


def stats_text(documents: list[Document], console: Console) -> None:
    rows: list[list[str]] = []
    for document in documents:
        progress = document.progress
        basis = " (metric)" if progress.basis is Basis.METRIC else ""
        rows.append([
            f"[bold]{escape(document.path)}[/]",
            document.kind.value,
            f"{progress.checked}/{progress.total}",
            f"{progress.whole}%{basis}",
            "",
        ])
        for section in document.checklist.sections if document.checklist else ():
            if not section.rollup_total and section.counter is None:
                continue
            counter = ""
            if section.counter is not None:
                counter = escape(section.counter.text)
                if section.stale:
                    counter = f"[red]{counter} → {escape(section.expected_counter or '')}[/]"
            percent = whole_percent(items_percent(section.rollup_checked, section.rollup_total))
            rows.append([
                "  " * section.level + escape(section.title),
                "",
                f"{section.rollup_checked}/{section.rollup_total}",
                f"{percent}%",
                counter,
            ])
        for item in document.checklist.item_counters if document.checklist else ():
            counter = escape(item.counter.text)
            if item.stale:
                counter = f"[red]{counter} → {escape(item.expected_counter)}[/]"
            percent = whole_percent(items_percent(item.counter_checked, item.counter_total))
            rows.append([
                f"  · {escape(item.title)} (line {item.line})",
                "",
                f"{item.counter_checked}/{item.counter_total}",
                f"{percent}%",
                counter,
            ])
    columns(console, ["file / section", "kind", "done", "%", "counter"], rows, right=frozenset({2, 3}))


@contextmanager
def scan_progress(console: Console) -> Iterator[Callable[[int], None] | None]:
    """A live "commits read" counter on a terminal; nothing when output is piped."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn  # a terminal's only: 50 ms to import

    with Progress(SpinnerColumn(), TextColumn("reading history: {task.completed} commits"), console=console,
                  transient=True) as bar:
        task = bar.add_task("history", total=None)
        yield lambda count: bar.update(task, completed=count)


def history_text(result: HistoryResult, console: Console) -> None:
    rows: list[list[str]] = []
    for path, history in result.files.items():
        snapshots = history.snapshots
        last = snapshots[-1] if snapshots else None
        rows.append([
            escape(path),
            str(len(snapshots)),
            snapshots[0].date[:10] if snapshots else "–",
            f"{last.date[:10]} {escape(last.author)}" if last else "–",
            f"{last.checked}/{last.total}" if last else "–",
            str(len(history.completed)),
        ])
    columns(console, ["file", "commits", "first", "last change", "now", "checked items"], rows,
            right=frozenset({1, 4, 5}))
    for path, history in result.files.items():
        recent = sorted((c for c in history.completed if c.date), key=lambda c: c.date or "", reverse=True)[:5]
        pending = [c for c in history.completed if c.commit is None]
        if not recent and not pending:
            continue
        console.print(f"\n[bold]{escape(path)}[/]")
        for item in pending:
            console.print(f"  [yellow]uncommitted[/]  {escape(item.text)}")
        for item in recent:
            console.print(f"  {item.date[:10]}  {escape(item.text)} [dim]({escape(item.author or '')}, {item.commit[:8]})[/]")
    source = "cache" if result.from_cache else f"{plural(result.commits_read, 'new commit')} read"
    console.print(f"[dim]{source}[/]")

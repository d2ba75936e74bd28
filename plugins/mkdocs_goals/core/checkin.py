"""`goals checkin`: a check-in written into a goal file, touching only the lines it must.

A check-in is one new line in the progress log (`- 2026-12-01: On track, confidence
70%. Median at 14h.`), the boxes it ticks, the metric's `current` value, the status in
front matter, and the counters those change. Every other byte — line endings, a BOM,
spacing, the rest of the YAML — stays as it was, so the commit is a small, reviewable
diff. The log gets the section `## Progress log` when the goal has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .document.vocabulary import STATUS_ALIASES, Status, read_word
from .document.model import Document, Kind, parse_document
from .document.parts import part_of
from .fix import fixed_bytes
from .history.engine import normalise


class CheckinError(ValueError):
    """The check-in cannot be written as asked (the message says why)."""


@dataclass
class Checkin:
    """What to write."""

    day: date
    status: Status | None = None
    note: str = ""
    ticks: list[str] = field(default_factory=list)  # item texts (or enough of one to name it)
    metric: float | None = None
    confidence: int | None = None  # percent
    set_status: bool = True  # also write the status into front matter


def checkin_bytes(document: Document, checkin: Checkin) -> tuple[bytes, list[str]]:
    """The file's bytes with the check-in written, and a line per change for the user."""
    if document.kind is not Kind.GOAL or document.decoded is None or document.checklist is None:
        raise CheckinError("not a goal document (a check-in needs goal front matter)")
    if document.front_matter.error is not None:
        raise CheckinError(f"its front matter cannot be read: {document.front_matter.error}")
    data, said = bytearray(document.raw), []
    newline = b"\r\n" if b"\r\n" in document.raw else b"\n"
    offset = document.decoded.offset
    for text in checkin.ticks:
        task = _task_named(document, text)
        if task.checked:
            said.append(f"already done: {task.text}")
            continue
        box = offset + task.marker_start + 1
        data[box:box + 1] = b"x"
        said.append(f"ticked: {task.text}")
    data = bytearray(_with_log_line(bytes(data), document, checkin, newline, said))
    if checkin.metric is not None:
        data = bytearray(_with_metric(bytes(data), checkin.metric, newline, said))
    if checkin.status is not None and checkin.set_status:
        data = bytearray(_with_status(bytes(data), checkin.status, newline, said))
    final = parse_document(bytes(data), document.path)
    fixed, changes = fixed_bytes(final)
    said += [f"counter on line {c.line}: {c.before} → {c.after}" for c in changes]
    return fixed, said


def read_status(word: str) -> Status:
    """A status as people write it (`On track`), or a CheckinError with a did-you-mean."""
    try:
        return read_word(word, STATUS_ALIASES, "status")
    except ValueError as error:
        raise CheckinError(str(error)) from None


def _task_named(document: Document, text: str):  # noqa: ANN202 - a Task
    """The work task `text` names: the same words, else the only one starting with them."""
    key = normalise(text)
    tasks = list(document.work)
    exact = [t for t in tasks if normalise(t.text) == key]
    found = exact or [t for t in tasks if normalise(t.text).startswith(key)] if key else []
    if len(found) == 1:
        return found[0]
    if not found:
        raise CheckinError(f"no item {text!r} in this goal (give its text, or its first words)")
    raise CheckinError(f"{text!r} names {len(found)} items: " + "; ".join(t.text for t in found[:5]))


def log_line(checkin: Checkin) -> str:
    """`- 2026-12-01: On track, confidence 70%. The note.` — what the log gets."""
    head = [checkin.status.value.replace("-", " ").capitalize()] if checkin.status else []
    if checkin.confidence is not None:
        head.append(f"confidence {checkin.confidence}%")
    words = ", ".join(head)
    note = " ".join(checkin.note.split())
    if words and note:
        words += ". "
    elif words:
        words += "."
    return f"- {checkin.day.isoformat()}: {words}{note}".rstrip()


def _with_log_line(raw: bytes, document: Document, checkin: Checkin, newline: bytes, said: list[str]) -> bytes:
    """The log line at the end of the first progress-log section (a blank line first
    unless it follows a list item), or in a new section before *Evidence* / *Final
    assessment* (else at the end)."""
    line, shown = log_line(checkin).encode("utf-8"), log_line(checkin)
    checklist = document.checklist
    assert checklist is not None
    lines = raw.split(b"\n")  # 1-based line n is lines[n - 1]; `\r` stays on the lines of a CRLF file
    logs = [s for s in checklist.sections if part_of(s.title) == "progress_log"]
    if logs:
        section, end = logs[0], checklist.region_end(logs[0])
        last = len(lines) if end == float("inf") else int(end) - 1
        while last > section.line and not lines[last - 1].strip():
            last -= 1
        after_item = last > section.line and lines[last - 1].lstrip().startswith((b"- ", b"* ", b"+ "))
        insert = [line] if after_item else [b"", line]
        said.append(f"logged under {section.title!r}: {shown}")
        return b"\n".join(lines[:last] + [_ending(part, newline) for part in insert] + lines[last:])
    said.append(f"logged in a new section 'Progress log': {shown}")
    block = [b"## Progress log", b"", line, b""]
    later = [s for s in checklist.sections if part_of(s.title) in ("evidence", "final_assessment")]
    if later:
        at = later[0].line - 1
        return b"\n".join(lines[:at] + [_ending(part, newline) for part in block] + lines[at:])
    body = raw if raw.endswith(b"\n") else raw + newline
    return body + newline + newline.join(block[:-1]) + newline


def _ending(line: bytes, newline: bytes) -> bytes:
    """A line to join with `\\n`: it carries the file's `\\r` when the file is CRLF."""
    return line + b"\r" if newline == b"\r\n" else line


_FRONT = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)
_STATUS_LINE = re.compile(rb"(?m)^status:[ \t]*(?P<value>[^\r\n#]*?)[ \t]*(?P<comment>#[^\r\n]*)?(?P<end>\r?)$")
_FLOW_CURRENT = re.compile(rb"(?P<head>\bcurrent[ \t]*:[ \t]*)(?P<value>[^,}\r\n]*?)(?P<tail>[ \t]*[,}])")
_METRIC_FLOW = re.compile(rb"(?m)^metric:[ \t]*\{[^\r\n]*\}")
_METRIC_BLOCK = re.compile(rb"(?m)^metric:[ \t]*\r?$")


def _front(raw: bytes) -> re.Match[bytes]:
    match = _FRONT.match(raw)
    if match is None:
        raise CheckinError("no front matter to write the status or metric into")
    return match


def _with_status(raw: bytes, status: Status, newline: bytes, said: list[str]) -> bytes:
    front = _front(raw)
    yaml = front.group("yaml")
    found = _STATUS_LINE.search(yaml)
    if found:
        if found.group("value").strip(b"\"' ").decode() and read_status(found.group("value").decode().strip("\"' ")) is status:
            return raw
        start, end = front.start("yaml") + found.start("value"), front.start("yaml") + found.end("value")
        said.append(f"status: {found.group('value').decode().strip()} → {status.value}")
        return raw[:start] + status.value.encode() + raw[end:]
    at = front.end("yaml")
    said.append(f"status: {status.value}")
    return raw[:at] + b"status: " + status.value.encode() + newline + raw[at:]


def _with_metric(raw: bytes, value: float, newline: bytes, said: list[str]) -> bytes:
    front = _front(raw)
    yaml, base = front.group("yaml"), front.start("yaml")
    number = _number(value).encode()
    flow = _METRIC_FLOW.search(yaml)
    if flow:
        current = _FLOW_CURRENT.search(yaml, flow.start(), flow.end())
        if current:
            said.append(f"metric current: {current.group('value').decode().strip()} → {number.decode()}")
            return raw[:base + current.start("value")] + number + raw[base + current.end("value"):]
        close = base + flow.end() - 1
        said.append(f"metric current: {number.decode()}")
        return raw[:close] + b", current: " + number + raw[close:]
    block = _METRIC_BLOCK.search(yaml)
    if not block:
        raise CheckinError("the goal has no `metric:` to set a value of (add one to its front matter)")
    rest = yaml[block.end():]
    lines = rest.split(b"\n")[1:]
    position = base + block.end() + 1
    indent = None
    for line in lines:
        stripped = line.lstrip(b" ")
        if not line.strip() or len(line) == len(stripped):
            break
        indent = indent or line[: len(line) - len(stripped)]
        key = re.match(rb"current[ \t]*:[ \t]*(?P<value>[^\r#]*?)[ \t]*(?:#.*)?\r?$", stripped)
        if key:
            start = position + (len(line) - len(stripped)) + key.start("value")
            said.append(f"metric current: {key.group('value').decode()} → {number.decode()}")
            return raw[:start] + number + raw[start + len(key.group("value")):]
        position += len(line) + 1
    said.append(f"metric current: {number.decode()}")
    return raw[:position] + (indent or b"  ") + b"current: " + number + newline + raw[position:]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))

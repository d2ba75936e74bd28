"""Check-ins: the dated entries of a goal's progress log, read with all their lines.

The seeds' monthly check asks six things — status, progress, evidence, blockers, next
step, support — and people write them in several shapes, all read the same:

```markdown
## Progress log
- 2026-10-09: On track. Baseline is 24h median.
- 2026-11-13 (at risk, confidence 60%): two 60h outliers
  - **Blockers:** holiday weeks
  - **Next:** ask for a second reviewer
### 2026-12-01
**Status:** blocked
**Support:** a rota slot from the platform lead
**Month 1:** On track, shadow week one went well
```

An entry starts at a line (or heading) labelled with a date, a month, `Month N` or a
quarter; every following line belongs to it until the next label or heading. Its status
is a word of the seeds' vocabulary (`Status: …`, or the words right after the label);
its confidence a percent, `n/10`, or low / medium / high.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .checklist import Checklist, Section
from .vocabulary import STATUS_ALIASES, Status, vocabulary_key
from .markdown import Outline

MONTHS = "january february march april may june july august september october november december".split()
_LABEL = re.compile(
    r"^\**\s*(?P<label>(?P<iso>\d{4}-\d{2}-\d{2})|(?P<ym>\d{4}-\d{2})|(?P<month>"
    + "|".join(m[:3] + f"(?:{m[3:]})?" for m in MONTHS)
    + r")\b\.?(?:\s+(?P<year>\d{4}))?|Q(?P<quarter>[1-4])(?:\s+(?P<qyear>\d{4}))?|Month\s+(?P<n>\d{1,2}))"
    r"(?P<milestone>\s+milestones?)?\s*\**\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_CONTAINER = re.compile(r"^[\s>]*(?:(?:[-*+]|\d{1,9}[.)])\s+)?(?:\[[ xX]\]\s+)?")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_FIELD = re.compile(r"^\**\s*(?P<key>status|progress|evidence|blockers?|next(?: step)?|support(?: needed)?|confidence)"
                    r"\s*\**\s*:\s*\**\s*(?P<value>.*)$", re.IGNORECASE)
_CONFIDENCE = re.compile(r"\bconfidence\b\W*(?:(?P<pct>\d{1,3})\s*%|(?P<ten>\d{1,2})\s*/\s*10|(?P<word>low|medium|high))",
                         re.IGNORECASE)
_WORD_CONFIDENCE = {"low": 30, "medium": 60, "high": 90}
_PLACEHOLDER = re.compile(r"^\[[^\]]*\]\.?$")  # a template's "[Status and notes]"
FIELDS = ("progress", "evidence", "blockers", "next", "support")


@dataclass(frozen=True)
class CheckIn:
    """One entry of a progress log."""

    line: int
    label: str  # as written: 2026-11-13, March 2026, Month 2, Q3
    day: date | None  # the day it names (a month's first day); None when it names none
    text: str  # the words after the label on its first line
    status: Status | None = None
    confidence: int | None = None  # percent
    fields: dict[str, str] = field(default_factory=dict)  # progress, evidence, blockers, next, support
    lines: tuple[str, ...] = ()  # every line of it, without list markers and quote prefixes

    @property
    def note(self) -> str:
        """The first line's words without the status and confidence it starts with."""
        text = _CONFIDENCE.sub("", self.text)
        if self.status is not None:
            match = _LEADING.match(text)
            if match and STATUS_ALIASES.get(vocabulary_key(match.group("words"))) is self.status:
                text = text[match.end():]
        return text.strip(" .,;:()—–-*")

    def to_json(self) -> dict:
        return {
            "label": self.label, "text": self.text, "note": self.note, "line": self.line,
            "date": self.day.isoformat() if self.day else None,
            "status": self.status.value if self.status else None, "confidence": self.confidence,
            "fields": self.fields, "lines": list(self.lines),
        }


def label_of(text: str) -> re.Match[str] | None:
    """The label a line starts with (after list markers and a box), if any."""
    return _LABEL.match(_CONTAINER.sub("", text, count=1).strip())


def month_number(word: str) -> int:
    """1–12 for a month's name as `_LABEL` matched it: case-blind as the pattern is, so
    `ſep` (a long s, which the pattern takes for an s) is September, not a crash."""
    prefix = word.casefold()[:3]
    return next(i for i, name in enumerate(MONTHS, 1) if name.startswith(prefix))


def day_of_label(match: re.Match[str], year: int | None, start: date | None) -> date | None:
    """The day a label names: a date; a month's first day (the year from the label, else
    the goal's); `Month N` counted from the goal's start; a quarter's first day."""
    try:
        if match.group("iso"):
            return date.fromisoformat(match.group("iso"))
        if match.group("ym"):
            y, m = (int(x) for x in match.group("ym").split("-"))
            return date(y, m, 1)
        if match.group("month"):
            chosen = int(match.group("year")) if match.group("year") else year
            month = month_number(match.group("month"))
            return date(chosen, month, 1) if chosen else None
        if match.group("n") and start is not None:
            months = start.month - 1 + int(match.group("n")) - 1
            return date(start.year + months // 12, months % 12 + 1, 1)
        if match.group("quarter"):
            chosen = int(match.group("qyear")) if match.group("qyear") else year
            return date(chosen, 3 * int(match.group("quarter")) - 2, 1) if chosen else None
    except (ValueError, OverflowError):
        return None
    return None


def read_checkins(
    outline: Outline, checklist: Checklist, sections: list[Section], *, year: int | None = None,
    start: date | None = None,
) -> list[CheckIn]:
    """Every entry of the given progress-log sections, in file order."""
    found: dict[int, CheckIn] = {}
    for section in sections:
        for entry in _entries(outline, section.line, checklist.region_end(section), section.level, year, start):
            found.setdefault(entry.line, entry)
    return sorted(found.values(), key=lambda e: e.line)


def _entries(outline: Outline, first: int, end: float, level: int, year: int | None, start: date | None) -> list[CheckIn]:
    entries, current, fence = [], None, None
    last = min(int(end) - 1 if end != float("inf") else len(outline.line_starts), len(outline.line_starts))
    for number in range(first + 1, last + 1):
        # A lone CR inside a line is a line break to Markdown; kept, it would overprint in
        # a terminal and split a JSON reader's line, so it reads as a space.
        raw = outline.line_bytes(number).decode("utf-8", "replace").replace("\r", " ")
        opened = _FENCE.match(raw)
        if fence is not None:
            fence = None if opened and opened.group(1)[0] == fence else fence
            continue
        if opened:
            fence = opened.group(1)[0]
            continue
        heading = _HEADING.match(raw)
        text = heading.group(2) if heading else raw
        match = label_of(text)
        if match and not match.group("milestone"):
            if current:
                entries.append(current)
            current = [number, match, []]
        elif heading:
            if current:
                entries.append(current)
            current = None
        elif current is not None and raw.strip():
            current[2].append(_CONTAINER.sub("", raw, count=1).strip())
    if current:
        entries.append(current)
    return [entry for entry in (_checkin(n, m, rest, year, start) for n, m, rest in entries) if entry]


def _checkin(line: int, match: re.Match[str], more: list[str], year: int | None, start: date | None) -> CheckIn | None:
    text = match.group("rest").strip().lstrip(":—–-").strip().strip("*").strip()
    lines = tuple(line for line in (text, *more) if line)
    if not lines or all(_PLACEHOLDER.match(line) for line in lines):
        return None  # an empty or placeholder entry of a template is no check-in
    fields: dict[str, str] = {}
    for row in lines:
        found = _FIELD.match(row)
        if found:
            key = found.group("key").lower().split()[0].rstrip("s") if found.group("key").lower().startswith("blocker") \
                else found.group("key").lower().split()[0]
            fields["blockers" if key == "blocker" else key] = found.group("value").strip().strip("*").strip()
    status = _status(fields.pop("status", None)) or _leading_status(text)
    confidence = _confidence(" ".join(lines))
    fields.pop("confidence", None)
    label = match.group("label")
    return CheckIn(line, label, day_of_label(match, year, start), text, status, confidence,
                   {k: v for k, v in fields.items() if k in FIELDS}, lines)


def _status(text: str | None) -> Status | None:
    if not text:
        return None
    return STATUS_ALIASES.get(vocabulary_key(re.split(r"[.,;:(—–]", text, maxsplit=1)[0]))


_LEADING = re.compile(r"^[(*\s]*(?P<words>[A-Za-z][A-Za-z _-]{0,20}?)\s*\**\s*(?:[:,.;)—–]|$)")


def _leading_status(text: str) -> Status | None:
    """`On track. …`, `(at risk, confidence 60%) …`, `Blocked: …`: a status word, then a
    stop (`Done the first review` is no status)."""
    match = _LEADING.match(text)
    return STATUS_ALIASES.get(vocabulary_key(match.group("words"))) if match else None


def _confidence(text: str) -> int | None:
    match = _CONFIDENCE.search(text)
    if not match:
        return None
    if match.group("pct"):
        return min(100, int(match.group("pct")))
    if match.group("ten"):
        return min(100, 10 * int(match.group("ten")))
    return _WORD_CONFIDENCE[match.group("word").lower()]

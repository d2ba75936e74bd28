"""Goal cycles: `2026-Q2`, `2026-H1` or `2026` standing for a date range."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# Years 0001-9999, what `datetime.date` can hold, so a cycle that matches always parses
# (no look-ahead: the JSON Schema and pydantic's regex engine use this pattern too).
_YEAR = r"(?:[1-9]\d{3}|0[1-9]\d\d|00[1-9]\d|000[1-9])"
_CYCLE = re.compile(rf"^({_YEAR})(?:-(Q[1-4]|H[12]))?$")
CYCLE_PATTERN = rf"^{_YEAR}(-(Q[1-4]|H[12]))?$"


@dataclass(frozen=True)
class Cycle:
    """A named period with its first and last day."""

    name: str
    start: date
    end: date


def parse_cycle(text: str) -> Cycle | None:
    """`2026-Q2` → 2026-04-01..2026-06-30; None when `text` is not a cycle.

    Never raises: the end is the last day of the last month, so `9999-Q4` ends on
    9999-12-31 instead of overflowing into year 10000.
    """
    match = _CYCLE.match(text.strip())
    if not match:
        return None
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        first_month, months = 1, 12
    elif part[0] == "Q":
        first_month, months = 3 * (int(part[1]) - 1) + 1, 3
    else:
        first_month, months = 6 * (int(part[1]) - 1) + 1, 6
    last_month = first_month + months - 1
    start = date(year, first_month, 1)
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    return Cycle(text.strip(), start, end)


def quarter_of(day: date) -> Cycle:
    """The quarter holding `day`, e.g. for `goals new` and for grouping goals."""
    cycle = parse_cycle(f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}")
    assert cycle is not None
    return cycle


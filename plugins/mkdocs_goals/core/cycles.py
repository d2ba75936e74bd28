"""Goal cycles: `2026-Q2`, `2026-H1` or `2026` standing for a date range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_CYCLE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")
CYCLE_PATTERN = r"^\d{4}(-(Q[1-4]|H[12]))?$"


@dataclass(frozen=True)
class Cycle:
    """A named period with its first and last day."""

    name: str
    start: date
    end: date


def parse_cycle(text: str) -> Cycle | None:
    """`2026-Q2` → 2026-04-01..2026-06-30; None when `text` is not a cycle."""
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
    start = date(year, first_month, 1)
    end = _add_months(start, months) - timedelta(days=1)
    return Cycle(text.strip(), start, end)


def quarter_of(day: date) -> Cycle:
    """The quarter holding `day`, e.g. for `goals new` and for grouping goals."""
    cycle = parse_cycle(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    assert cycle is not None
    return cycle


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)

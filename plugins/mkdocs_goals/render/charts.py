"""Burn-up charts as plain coordinates for the SVG templates (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.document.progress import whole_percent
from ..core.history.trends import Point

WIDTH, HEIGHT = 600, 200
# Room for the axis labels at their largest (the stylesheet grows them in SVG units as
# the chart shrinks, so they stay readable on a phone): "100%" on the left, a month below.
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 12, 32
MAX_TIME_LABELS = 6  # month labels that fit side by side at the widest font size
EDGE = 40  # a month label this close to an end is anchored to that end, not centred


@dataclass(frozen=True)
class Marker:
    x: float
    label: str
    kind: str  # start | due | today | milestone


@dataclass(frozen=True)
class Tick:
    """A label on the time axis; `minor` ones are left out when the chart is narrow."""

    x: float
    label: str
    anchor: str  # start | middle | end
    minor: bool


@dataclass(frozen=True)
class LegendItem:
    """What one kind of marker means, as the legend says it."""

    kind: str
    text: str


@dataclass(frozen=True)
class BurnupChart:
    """A burn-up: checked and total items as step lines (or, in percent mode, a metric
    goal's percent), the expected pace, and date markers."""

    checked: str  # SVG polyline points: checked items, or the percent in percent mode
    total: str | None  # total items; None in percent mode
    pace: str | None
    markers: tuple[Marker, ...]
    y_max: int
    y_ticks: tuple[tuple[float, int], ...]
    x_ticks: tuple[tuple[float, str], ...]
    first: Point
    last: Point
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM
    percent_mode: bool = False
    target: str | None = None  # SVG points of the target line: all items, or 100 % of the metric
    target_value: int = 0
    scope_changed: bool = False  # did the total move? (if not, the target line says it all)
    x_labels: tuple[Tick, ...] = ()
    right: int = WIDTH - RIGHT
    top: int = TOP

    @property
    def legend(self) -> tuple[LegendItem, ...]:
        """The markers on this chart, each kind once, in the order start, milestone, today, due."""
        items = []
        for kind in ("start", "milestone", "today", "due"):
            found = [m for m in self.markers if m.kind == kind]
            if kind == "milestone" and found:
                many = f"milestones ({len(found)} action steps' dates)"
                items.append(LegendItem(kind, many if len(found) > 1 else "milestone (an action step's date)"))
            elif found:
                items.append(LegendItem(kind, found[0].label))  # "due 2026-12-31"
        return tuple(items)

    @property
    def target_text(self) -> str:
        """The target line as the legend names it."""
        return "target: the metric at its target (100%)" if self.percent_mode else f"target: all {self.target_value} items done"

    def describe(self, point: Point) -> str:
        """A point as text, on the chart's basis: `3 of 7 items` or `42%`."""
        if self.percent_mode:
            return f"{whole_percent(point.percent)}%"
        return f"{point.checked} of {point.total} items"


def burnup_chart(
    points: list[Point], *, start: date | None, due: date | None, today: date,
    milestones: list[tuple[date, str]] = (),  # type: ignore[assignment]
) -> BurnupChart | None:
    """Scale `points` into the chart; None with fewer than one point. A metric goal's
    points (basis `metric`) are drawn as percent of the way from baseline to target."""
    if not points:
        return None
    percent_mode = points[-1].basis == "metric"
    first_day = min([points[0].day, *(d for d in (start,) if d)])
    last_day = max([points[-1].day, today, *(d for d in (due,) if d)])
    span = max((last_day - first_day).days, 1)
    y_max = 100 if percent_mode else max(1, max(p.total for p in points))

    def x(day: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first_day).days / span, 1)

    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * value / y_max, 1)

    def steps(values: list[tuple[date, int]]) -> str:
        coords, previous = [], None
        for day, value in values:
            if previous is not None:
                coords.append(f"{x(day)},{y(previous)}")
            coords.append(f"{x(day)},{y(value)}")
            previous = value
        return " ".join(coords)

    pace_line = None
    if start and due and due > start:
        target = y_max if percent_mode else points[-1].total
        pace_line = f"{x(start)},{y(0)} {x(due)},{y(target)}"
    markers = [Marker(x(day), label, kind) for day, label, kind in (
        (start, f"start {start}", "start") if start else (None, "", ""),
        (due, f"due {due}", "due") if due else (None, "", ""),
        (today, f"today {today}", "today"),
    ) if day]
    markers += [Marker(x(day), label, "milestone") for day, label in milestones if first_day <= day <= last_day]
    ticks = _month_starts(first_day, last_day) or [first_day, last_day]
    step = -(-len(ticks) // MAX_TIME_LABELS)  # ceiling: never more labels than fit
    x_ticks = tuple((x(day), day.strftime("%b %Y") if day.day == 1 else day.isoformat()) for day in ticks[::step])
    y_ticks = tuple((y(v), v) for v in sorted({0, y_max // 2, y_max}))
    target_value = y_max if percent_mode else points[-1].total
    return BurnupChart(
        checked=steps([(p.day, p.percent if percent_mode else p.checked) for p in points]),
        total=None if percent_mode else steps([(p.day, p.total) for p in points]),
        pace=pace_line,
        markers=tuple(markers),
        y_max=y_max,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        first=points[0],
        last=points[-1],
        percent_mode=percent_mode,
        target=f"{x(first_day)},{y(target_value)} {x(last_day)},{y(target_value)}" if target_value else None,
        target_value=target_value,
        scope_changed=len({p.total for p in points}) > 1,
        x_labels=_labels(x_ticks),
    )


def _labels(ticks: tuple[tuple[float, str], ...]) -> tuple[Tick, ...]:
    """Time-axis labels: anchored inside the plot at its ends, every other one minor when
    there are more than three (a narrow chart shows only the others)."""
    labels = []
    for i, (x, label) in enumerate(ticks):
        anchor = "start" if x - LEFT < EDGE else "end" if WIDTH - RIGHT - x < EDGE else "middle"
        labels.append(Tick(x, label, anchor, minor=len(ticks) > 3 and i % 2 == 1))
    return tuple(labels)


def _month_starts(first: date, last: date) -> list[date]:
    """The first day of each month after `first`'s, before `last`; never past the last
    month a date can hold (a goal due in 9999-Q4 draws, it does not crash)."""
    days, year, month = [], first.year, first.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if year > date.max.year or date(year, month, 1) >= last:
            return days
        days.append(date(year, month, 1))

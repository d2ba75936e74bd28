"""Burn-ups, pace, staleness, status history and quarter states from snapshots."""

from __future__ import annotations

import random
from datetime import date, timedelta

from mkdocs_goals.core.history.engine import Snapshot
from mkdocs_goals.core.history.trends import (
    Point, burnup, combine, is_stale, last_real_change, pace, quarter_states, status_history,
)


def snap(day: str, checked: int, total: int, status: str = "on-track", offset: str = "+00:00") -> Snapshot:
    return Snapshot("c" + day, f"{day}T23:30:00{offset}", "Ana", checked, total, status)


SNAPSHOTS = [
    snap("2026-01-05", 0, 4, "not-started"),
    snap("2026-01-05", 1, 4),
    snap("2026-02-10", 2, 4),
    snap("2026-03-01", 2, 5, "at-risk"),
    snap("2026-04-20", 2, 5, "at-risk"),  # a rewording: no real change
]


def test_burnup_keeps_each_days_last_state_and_ends_today():
    points = burnup(SNAPSHOTS, Point(date(2026, 5, 1), 3, 5, 60.0), date(2026, 5, 1))
    assert [(p.day.isoformat(), p.checked, p.total) for p in points] == [
        ("2026-01-05", 1, 4), ("2026-02-10", 2, 4), ("2026-03-01", 2, 5), ("2026-04-20", 2, 5), ("2026-05-01", 3, 5),
    ]


def test_dates_are_the_authors_local_days():
    assert burnup([snap("2026-01-05", 1, 1, offset="-08:00")], None, date(2026, 2, 1))[0].day == date(2026, 1, 5)


def test_combine_sums_step_functions():
    a = [Point(date(2026, 1, 1), 1, 2), Point(date(2026, 1, 10), 2, 2)]
    b = [Point(date(2026, 1, 5), 0, 3), Point(date(2026, 1, 10), 1, 3)]
    assert [(p.day.day, p.checked, p.total) for p in combine([a, b])] == [(1, 1, 2), (5, 1, 5), (10, 3, 5)]


def test_combine_is_each_days_sum_of_every_series_latest_point():
    """Against the definition: on every day any series changes, the sum over the series
    of each one's last point on or before that day (random series, zero steps included)."""
    rng = random.Random(7)
    for _ in range(200):
        series = []
        for _ in range(rng.randint(0, 6)):
            days = sorted(rng.sample(range(1, 60), rng.randint(0, 8)))
            total = rng.randint(0, 5)
            points = []
            for day in days:
                total = max(0, total + rng.randint(-2, 3))
                points.append(Point(date(2026, 1, 1) + timedelta(days=day), rng.randint(0, total), total))
            series.append(points)
        days = sorted({p.day for points in series for p in points})
        expected = []
        for day in days:
            latest = [max((p for p in points if p.day <= day), key=lambda p: p.day, default=None) for points in series]
            checked = sum(p.checked for p in latest if p)
            total = sum(p.total for p in latest if p)
            expected.append((day, checked, total, 100.0 * checked / total if total else 0.0))
        assert [(p.day, p.checked, p.total, p.percent) for p in combine(series)] == expected


def test_pace_against_a_straight_line():
    start, due = date(2026, 1, 1), date(2026, 4, 11)  # 100 days
    assert pace(50.0, start, due, date(2026, 2, 20)).verdict == "on pace"  # expected 50 %
    assert pace(75.0, start, due, date(2026, 2, 20)).verdict == "ahead"
    behind = pace(20.0, start, due, date(2026, 2, 20))
    assert behind.verdict == "behind" and round(behind.delta) == -30
    assert pace(90.0, start, due, date(2026, 5, 1)).verdict == "past due"
    assert pace(0.0, start, due, date(2025, 12, 1)).verdict == "not started"
    assert pace(40.0, start, due, date(2026, 2, 20), done=True).verdict == "done"
    assert pace(40.0, None, due, date(2026, 2, 20)) is None


def test_stale_means_no_real_change_for_the_window():
    assert last_real_change(SNAPSHOTS) == date(2026, 3, 1)
    assert not is_stale(SNAPSHOTS, date(2026, 4, 1))
    assert is_stale(SNAPSHOTS, date(2026, 4, 10))


def test_status_history_lists_changes_only():
    assert [(c.day.isoformat(), c.status) for c in status_history(SNAPSHOTS)] == [
        ("2026-01-05", "not-started"), ("2026-01-05", "on-track"), ("2026-03-01", "at-risk"),
    ]


def test_quarter_states_are_the_state_at_each_quarter_end():
    states = quarter_states(SNAPSHOTS, date(2026, 8, 1))
    assert [(q.quarter, q.checked, q.total, q.status) for q in states] == [
        ("2026-Q1", 2, 5, "at-risk"), ("2026-Q2", 2, 5, "at-risk"),
    ]

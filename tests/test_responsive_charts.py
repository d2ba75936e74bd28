"""Burn-up coordinates that keep a chart readable when it is drawn small: time labels
anchored inside the plot at its ends, every other one minor when there are many, a
target line, and a legend entry for each kind of marker."""

from __future__ import annotations

from datetime import date

from mkdocs_goals.core.history.trends import Point
from mkdocs_goals.render.charts import LEFT, RIGHT, WIDTH, burnup_chart


def points(*rows: tuple[str, int, int]) -> list[Point]:
    return [Point(date.fromisoformat(day), checked, total, 100 * checked / total) for day, checked, total in rows]


def test_a_year_long_chart_marks_every_other_month_minor_and_keeps_labels_inside():
    chart = burnup_chart(points(("2026-01-05", 0, 10), ("2026-12-20", 6, 10)), start=date(2026, 1, 1),
                         due=date(2026, 12, 31), today=date(2026, 12, 20))
    assert chart is not None
    assert len(chart.x_labels) > 3
    assert [t.minor for t in chart.x_labels] == [i % 2 == 1 for i in range(len(chart.x_labels))]
    for tick in chart.x_labels:
        assert LEFT <= tick.x <= WIDTH - RIGHT
        if tick.anchor == "middle":
            assert tick.x - LEFT >= 40 and WIDTH - RIGHT - tick.x >= 40


def test_the_target_line_is_the_last_total_and_the_total_line_shows_only_when_it_moved():
    steady = burnup_chart(points(("2026-10-01", 0, 4), ("2026-11-01", 2, 4)), start=None, due=None, today=date(2026, 11, 1))
    grown = burnup_chart(points(("2026-10-01", 0, 4), ("2026-11-01", 2, 6)), start=None, due=None, today=date(2026, 11, 1))
    assert steady and grown
    assert (steady.scope_changed, grown.scope_changed) == (False, True)
    assert steady.target_text == "target: all 4 items done" and grown.target_text == "target: all 6 items done"
    top = f",{grown.top}.0"  # the target is the highest value: it runs along the top of the plot
    assert grown.target and grown.target.count(top) == 2


def test_the_legend_names_each_kind_of_marker_once():
    chart = burnup_chart(points(("2026-10-01", 0, 4), ("2026-11-01", 2, 4)), start=date(2026, 10, 1),
                         due=date(2026, 12, 31), today=date(2026, 11, 15),
                         milestones=[(date(2026, 10, 15), "a"), (date(2026, 11, 30), "b")])
    assert chart is not None
    assert [(i.kind, i.text) for i in chart.legend] == [
        ("start", "start 2026-10-01"), ("milestone", "milestones (2 action steps' dates)"),
        ("today", "today 2026-11-15"), ("due", "due 2026-12-31"),
    ]


def test_no_span_of_months_gets_more_time_labels_than_fit():
    """Eleven months once gave eleven labels (a floor division): Jan ran into Feb."""
    for months in range(1, 37):
        last = date(2025 + months // 12, months % 12 + 1, 1)
        chart = burnup_chart(points(("2025-01-02", 0, 4), (last.isoformat(), 2, 4)), start=None, due=None, today=last)
        assert chart is not None
        assert 1 <= len(chart.x_labels) <= 6, (months, [t.label for t in chart.x_labels])
        gaps = [b.x - a.x for a, b in zip(chart.x_labels, chart.x_labels[1:])]
        assert all(gap >= 60 for gap in gaps), (months, gaps)  # "Jan 2026" at 13 px is ~52 units wide

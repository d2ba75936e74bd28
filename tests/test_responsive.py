"""The demo handbook at a phone's, a tablet's and a desktop's width, in a real browser:
no page scrolls sideways, every table fits its column or has turned into cards, the
personal goal list is a table on a desktop and cards on a phone with Progress and Pace in
sight, and chart labels are at least 11 px wherever they are drawn, none over another."""

from __future__ import annotations

import pytest

from browser import PAGES, base, browser, open_page, require_chromium  # noqa: F401 - fixtures

require_chromium()
pytest.importorskip("playwright.sync_api")
WIDTHS = (390, 768, 1280)  # a phone, a tablet (Material's drawer layout), a desktop


TABLES_JS = """() => [...document.querySelectorAll('.goals-table')].map((wrapper) => {
    const table = wrapper.querySelector('table');
    const scrollers = [wrapper, ...wrapper.querySelectorAll('.md-typeset__scrollwrap, .md-typeset__table')];
    return {
        kind: wrapper.className,
        cards: getComputedStyle(table.querySelector('tbody tr')).display === 'block',
        overflow: Math.max(...scrollers.map((el) => el.scrollWidth - el.clientWidth),
                           table.getBoundingClientRect().right - wrapper.getBoundingClientRect().right),
    };
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_and_every_table_fits(base, browser, width):
    for name, url in PAGES.items():
        page, _ = open_page(browser, base + url, width=width)
        try:
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll <= inner, (name, width, scroll, inner)
            for table in page.evaluate(TABLES_JS):
                assert table["overflow"] <= 1, (name, width, table)  # fits: no scrolling inside either
        finally:
            page.close()


CELLS_JS = """() => {
    // The personal goal list: the card table with a Pace column (milestones have none).
    const rows = [...document.querySelectorAll('.goals-table--cards tbody tr')]
        .filter((row) => row.querySelector('td[data-label="Pace"]'));
    return rows.map((row) => {
        const cell = (label) => row.querySelector(`td[data-label="${label}"]`);
        const seen = (td) => {
            const box = td.getBoundingClientRect();
            return box.width > 0 && box.left >= 0 && box.right <= innerWidth;
        };
        const title = row.querySelector('td.goals-col--title a');
        const lines = title.getClientRects().length;
        return {
            display: getComputedStyle(row).display,
            progress: seen(cell('Progress')), pace: seen(cell('Pace')),
            label: getComputedStyle(cell('Progress'), '::before').content,
            title_lines: lines,
        };
    });
}"""


def test_the_personal_goal_list_is_a_table_on_a_desktop_and_cards_on_a_phone(base, browser):
    page, _ = open_page(browser, base + PAGES["person"], width=1280)
    try:
        rows = page.evaluate(CELLS_JS)
        assert rows and all(r["display"] == "table-row" for r in rows), rows
        assert all(r["progress"] and r["pace"] for r in rows), rows  # nothing scrolled out of sight
        assert all(r["title_lines"] <= 3 for r in rows), rows  # titles no longer wrap to 4–5 lines
        assert all(r["label"] in ("none", "normal") for r in rows), rows  # no card labels in a table
    finally:
        page.close()
    page, _ = open_page(browser, base + PAGES["person"], width=390)
    try:
        rows = page.evaluate(CELLS_JS)
        assert rows and all(r["display"] == "block" for r in rows), rows
        assert all(r["progress"] and r["pace"] for r in rows), rows
        assert all("Progress" in r["label"] for r in rows), rows  # each value says what it is
    finally:
        page.close()


LABELS_JS = """() => [...document.querySelectorAll('figure.goals-chart')].map((figure) => {
    const frame = figure.getBoundingClientRect();
    const labels = [...figure.querySelectorAll('svg .goals-chart-label')].filter((t) => t.getClientRects().length);
    return labels.map((t) => {
        const box = t.getBoundingClientRect();
        return {
            text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
            left: box.left, right: box.right, top: box.top, bottom: box.bottom,
            inside: box.left >= frame.left - 1 && box.right <= frame.right + 1,
        };
    });
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_labels_are_readable_and_apart(base, browser, width):
    measured = 0
    for name in ("overview", "person", "team", "goal", "inventory"):
        page, _ = open_page(browser, base + PAGES[name], width=width)
        try:
            for labels in page.evaluate(LABELS_JS):
                for label in labels:
                    measured += 1
                    assert label["px"] >= 11, (name, width, label)
                    assert label["inside"], (name, width, label)
                for i, a in enumerate(labels):
                    for b in labels[i + 1:]:
                        apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
                        assert apart, (name, width, a, b)
        finally:
            page.close()
    assert measured > 20

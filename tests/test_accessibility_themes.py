"""Task boxes look the same under every theme and every Markdown set-up: MkDocs' plain
`mkdocs` theme without pymdownx.tasklist, Material without it and with it, and Zensical's
default theme (through `goals generate` and the extension). In a real browser, on a goal
page of list tasks and an inventory of bare `[x]` lines: one box per counted task, done
and open drawn differently, no list bullet beside a box, boxes hanging at the start of
their line; axe finds nothing wrong in what we draw; and no page scrolls sideways on a phone.
"""

from __future__ import annotations

import subprocess

import pytest

from browser import audit, browser, describe, open_page, require_chromium, serve  # noqa: F401 - fixtures
from sites import build, tool, write_tree

require_chromium()
pytest.importorskip("playwright.sync_api")

GOAL = """\
---
title: Ship the API
owner: ana
status: on-track
start: 2026-01-01
due: 2099-12-31
---
# Ship the API

## Steps [1/4]

- [x] write the spec
- [ ] build it
  - [ ] a nested step

1. [ ] announce it
"""
INVENTORY = """\
# Career inventory

## Technical [2/4]

[x] get comfortable with a very large codebase

[ ] be incident commander and run the postmortem
[x] two bare lines in one paragraph

[ ] understand how our storage layer fails
"""
EXPECTED = {"goals/ana/ship/": (1, 4), "goals/ana/inventory/": (2, 4)}  # (done, counted)
SETUPS = {
    "mkdocs-theme": ("mkdocs", "theme: {name: mkdocs}\nmarkdown_extensions: [toc, tables]\n"),
    "material": ("mkdocs", "theme: {name: material, font: false}\nmarkdown_extensions: [toc, tables]\n"),
    "material-tasklist": ("mkdocs", "theme: {name: material, font: false}\nmarkdown_extensions:\n"
                                    "  - toc\n  - pymdownx.tasklist\n"),
    "zensical": ("zensical", "theme: {name: material, font: false}\nmarkdown_extensions:\n"
                             "  - toc\n  - pymdownx.tasklist: {custom_checkbox: true}\n  - goals\n"),
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for name, (engine, config) in SETUPS.items():
        root = tmp_path_factory.mktemp(name)
        write_tree(root, {
            "mkdocs.yml": f"site_name: Themes\n{config}plugins:\n  - search\n  - goals\n",
            "docs/index.md": "# Home\n",
            "goals/ana/ship.md": GOAL,
            "goals/ana/inventory.md": INVENTORY,
        })
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        if engine == "zensical":
            for command in ([tool("goals"), "generate"], [tool("zensical"), "build", "--clean"]):
                result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
                assert result.returncode == 0, result.stdout + result.stderr
        else:
            result = build(root)
            assert result.returncode == 0, result.stderr
        built[name] = root / "site"
    return built


BOXES_JS = """() => [...(document.querySelector('.md-content, [role=main]') || document.body)
        .querySelectorAll('input[type=checkbox]')].map((box) => {
    const style = getComputedStyle(box);
    const item = box.closest('li');
    const line = box.closest('li, p');
    const rect = box.getBoundingClientRect();
    const range = document.createRange();
    range.setStartAfter(box);
    range.setEndAfter(box.nextSibling || box);
    const text = [...range.getClientRects()].find((r) => r.width > 0);
    return {
        ours: box.classList.contains('goals-checkbox'), checked: box.checked, name: box.getAttribute('aria-label'),
        mask: style.maskImage || style.webkitMaskImage, colour: style.backgroundColor,
        bullet: item ? getComputedStyle(item).listStyleType : 'none',
        hangs: rect.left < line.getBoundingClientRect().left + parseFloat(getComputedStyle(line).paddingLeft) + 1,
        before_text: text ? rect.right <= text.left + 1 : true,
        top: Math.round(rect.top), size: Math.round(rect.width),
    };
})"""


@pytest.mark.parametrize("setup", list(SETUPS))
def test_every_counted_task_gets_one_clear_box_under_every_theme(sites, browser, setup):
    with serve(sites[setup]) as base:
        for url, (done, counted) in EXPECTED.items():
            page, _ = open_page(browser, base + url)
            try:
                boxes = page.evaluate(BOXES_JS)
                assert len(boxes) == counted and all(b["ours"] for b in boxes), (setup, url, boxes)
                assert sum(b["checked"] for b in boxes) == done, (setup, url)
                looks = {b["checked"]: (b["mask"], b["colour"]) for b in boxes}
                assert len({(b["checked"], b["mask"], b["colour"]) for b in boxes}) == 2, (setup, url, boxes)
                assert looks[True][0] != looks[False][0] and looks[True][1] != looks[False][1], (setup, looks)
                assert all(b["name"] == ("done" if b["checked"] else "open") for b in boxes)
                assert all(b["bullet"] == "none" for b in boxes), (setup, url, boxes)  # a box, not a bullet and a box
                assert all(b["hangs"] and b["before_text"] for b in boxes), (setup, url, boxes)
                assert all(b["size"] >= 14 for b in boxes), (setup, url, boxes)  # not the tiny native box
                assert len({b["top"] for b in boxes}) == counted, (setup, url, boxes)  # one line each
                # Links keep the theme's colour (the plain theme's #2fa4e7 is 2.8:1 on white: its choice, not ours).
                violations = audit(page, [".goals-header", "input.goals-checkbox", ".goals-counter"], [".goals-header a"])
                assert violations == [], f"{setup} {url}:\n{describe(violations)}"
                page.screenshot(path=str(sites[setup].parent / f"{url.strip('/').replace('/', '-')}.png"))
            finally:
                page.close()


@pytest.mark.parametrize("setup", list(SETUPS))
def test_no_page_scrolls_sideways_on_a_phone_under_any_theme(sites, browser, setup):
    with serve(sites[setup]) as base:
        for url in ("dashboards/", "dashboards/people/ana/", *EXPECTED):
            page, _ = open_page(browser, base + url, width=390, height=844)
            try:
                assert page.locator(".goals-progress").count() > 0, (setup, url)
                scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                assert scroll <= inner, (setup, url, scroll, inner)
            finally:
                page.close()

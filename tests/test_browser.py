"""The demo handbook in a real browser: Debian's chromium driven by Playwright.

Opens the overview, a person and a team dashboard, a goal and an inventory page, in the
light and the dark scheme, at a desktop's and a phone's width, fails on any console
error, and saves screenshots to screenshots/ (full pages, and in screenshots/docs/ the
first screen of each, named as docs/assets/ keeps them: docs/accessibility.md says how
to refresh those).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import ARGS, CHROMIUM, PAGES, SCHEMES, demo_site, open_page, require_chromium, serve

ROOT = Path(__file__).resolve().parents[1]
require_chromium()
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


def docs_name(page: str, scheme: str, width: int) -> str:
    """The name docs/assets/ gives a first-screen shot: `person-390-dark.png`, `goal-page.png`."""
    stem = "goal-page" if page == "goal" else page
    return f"{stem}{'' if width == 1280 else f'-{width}'}{'-dark' if scheme == 'slate' else ''}.png"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve(demo_site(tmp_path_factory)) as url:
        yield url


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_dashboards_render_without_console_errors(served, scheme, width):
    shots = ROOT / "screenshots"
    (shots / "docs").mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for name, url in PAGES.items():
                page, errors = open_page(browser, served + url, scheme=scheme, width=width,
                                         height=900 if width > 800 else 844)
                assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
                assert page.locator(".goals-progress").count() > 0, url
                assert page.locator("svg[role=img], .goals-header").count() > 0, url
                assert page.locator("figure.goals-burnup svg polyline.goals-line--checked").count() == 1, url
                stem = url.strip("/").replace("/", "-") or "home"
                suffix = "" if width == 1280 else f"-{width}"
                page.screenshot(path=str(shots / f"{stem}-{scheme}{suffix}.png"), full_page=True)
                page.screenshot(path=str(shots / "docs" / docs_name(name, scheme, width)))
                if name == "goal":  # the burn-up with its legend, for docs/accessibility.md
                    page.locator("figure.goals-burnup").screenshot(path=str(shots / "docs" / docs_name("burnup", scheme, width)))
                assert errors == [], (url, errors)
                page.close()
        finally:
            browser.close()

"""The demo handbook in a real browser: Debian's chromium driven by Playwright.

Opens the overview, a person and a team dashboard and a goal page, in the light and
the dark scheme, fails on any console error, and saves screenshots to screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sites import tool

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PAGES = ["dashboards/", "dashboards/people/ana/", "dashboards/teams/platform/", "goals/ana/review-turnaround/"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing: .ci/run should have installed it")
    pytest.skip("chromium not installed (apt-get install chromium)", allow_module_level=True)
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The README's first command, minus the server: the demo with its generated history."""
    demo = tmp_path_factory.mktemp("demo") / "handbook"
    subprocess.run([sys.executable, str(ROOT / "scripts/make_demo_history.py"), str(demo)], check=True)
    site = tmp_path_factory.mktemp("demo-site")
    env = {**os.environ, "GOALS_DIR": str(demo / "goals"), "GOALS_DIR_OUTSIDE_PROJECT": "true",
           "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([tool("mkdocs"), "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_dashboards_render_without_console_errors(served, scheme):
    shots = ROOT / "screenshots"
    shots.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for url in PAGES:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                errors: list[str] = []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                index = 0 if scheme == "default" else 1
                page.add_init_script(
                    "localStorage.setItem('/.__palette', JSON.stringify("
                    f"{{index: {index}, color: {{scheme: '{scheme}'}}}}))"
                )
                page.goto(served + url)
                page.wait_for_load_state("networkidle")
                assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
                assert page.locator(".goals-progress").count() > 0, url
                assert page.locator("svg[role=img], .goals-header").count() > 0, url
                assert page.locator("figure.goals-burnup svg polyline.goals-line--checked").count() == 1, url
                name = url.strip("/").replace("/", "-") or "home"
                page.screenshot(path=str(shots / f"{name}-{scheme}.png"), full_page=True)
                assert errors == [], (url, errors)
                page.close()
        finally:
            browser.close()

"""Debian's chromium driven by Playwright, a static server for a built site, the demo
handbook built once per test run, and the accessibility audit (axe-core) for its pages."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The machine has no internet: a theme that asks a CDN for a font gets this, and it is not ours.
OFFLINE = ("net::ERR_NAME_NOT_RESOLVED", "net::ERR_INTERNET_DISCONNECTED")
SCHEMES = ("default", "slate")  # Material's light and dark schemes
# The pages every browser test looks at: the overview, a person, a team, a goal, an inventory.
PAGES = {
    "overview": "dashboards/",
    "person": "dashboards/people/ana/",
    "team": "dashboards/teams/platform/",
    "goal": "goals/ana/review-turnaround/",
    "inventory": "goals/ana/inventory/",
}
JS = ROOT / "tests" / "js"  # package.json + lock of what the tests inject (axe-core); npm ci installs it
AXE = JS / "node_modules" / "axe-core" / "axe.min.js"


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("chromium is missing: .ci/run should have installed it")
        pytest.skip("chromium not installed (apt-get install chromium)", allow_module_level=True)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium under Playwright, one per test module that asks for it."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the demo handbook's site, served for one test module."""
    with serve(demo_site(tmp_path_factory)) as url:
        yield url


_built: dict[str, Path] = {}


def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's first command, minus the server: the demo with its generated history,
    built with `mkdocs build --strict` once per test run (every browser test reads it)."""
    if "demo" not in _built:
        demo = tmp_path_factory.mktemp("demo") / "handbook"
        subprocess.run([sys.executable, str(ROOT / "scripts/make_demo_history.py"), str(demo)], check=True,
                       capture_output=True, timeout=300)
        site = tmp_path_factory.mktemp("demo-site")
        env = {**os.environ, "GOALS_DIR": str(demo / "goals"), "GOALS_DIR_OUTSIDE_PROJECT": "true",
               "NO_MKDOCS_2_WARNING": "1"}
        mkdocs = str(Path(sys.executable).with_name("mkdocs"))
        result = subprocess.run([mkdocs, "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        _built["demo"] = site
    return _built["demo"]


def open_page(browser: Any, url: str, *, scheme: str = "default", width: int = 1280, height: int = 900) -> tuple[Any, list[str]]:
    """A new tab at `url` in Material's `scheme`, and the list its console errors go to."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    index = SCHEMES.index(scheme)
    page.add_init_script(
        "localStorage.setItem('/.__palette', JSON.stringify("
        f"{{index: {index}, color: {{scheme: '{scheme}'}}}}))"
    )
    page.goto(url, wait_until="load")  # the theme's scripts have run (they are not async)
    page.evaluate("document.fonts.ready.then(() => true)")
    return page, errors


def axe_source() -> str:
    """axe-core's script, installed from tests/js/package-lock.json (`npm ci`) when missing."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI"):
                raise RuntimeError("npm is missing: .ci/run should have installed it")
            pytest.skip("npm not installed: the accessibility audit needs axe-core from npm")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS, check=True, timeout=300)
    return AXE.read_text(encoding="utf-8")


def audit(page: Any, include: list[str], exclude: list[str] = ()) -> list[dict]:  # type: ignore[assignment]
    """axe-core's whole rule set (WCAG 2.x A and AA and its best practices) on the parts
    of the page that `include` selects, less `exclude`; the violations, each with its nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    context = json.dumps({"include": [[selector] for selector in include],
                          "exclude": [[selector] for selector in exclude]})
    result = page.evaluate(f"axe.run({context}, {{resultTypes: ['violations']}})")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """Violations as lines a person can act on: rule, impact, element, why."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} — {node['failureSummary']}")
    return "\n".join(lines)


# WCAG's contrast ratio of colours as the browser computed them, each composited over
# the colour behind it (what the eye sees), for what axe does not check: bars, lines,
# markers, boxes and chart labels inside SVG.
CONTRAST_JS = """
(checks) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const found = [];
  for (const [selector, property, minimum, against] of checks) {
    for (const el of document.querySelectorAll(selector)) {
      if (!el.getClientRects().length) continue;
      const behind = background((against && el.closest(against)) || el.parentElement || el);
      const own = parse(getComputedStyle(el)[property]);
      if (!own || own.a === 0) continue;
      const colour = over(own, behind);
      found.push({selector, property, minimum, colour: hex(colour), behind: hex(behind),
                  ratio: Math.round(ratio(colour, behind) * 100) / 100});
    }
  }
  return found;
}
"""
# What we draw, the property that carries its colour, the ratio it needs (WCAG 1.4.11
# for graphics, 1.4.3 for text), and the ancestor it is seen against (None: its parent's background).
NON_TEXT = [
    (".goals-bar__fill", "backgroundColor", 3, None),
    (".goals-bar__fill", "backgroundColor", 3, ".goals-bar"),  # the filled part against the empty track
    (".goals-burnup .goals-line", "stroke", 3, None),
    (".goals-burnup .goals-marker", "stroke", 3, None),
    (".goals-status-chart rect", "fill", 3, None),
    (".goals-fill--share", "fill", 3, None),
    # The guidance band is a range drawn light on purpose behind the share bar (and given as text).
    (".goals-swatch:not(.goals-swatch--band)", "backgroundColor", 3, None),
    ("input.goals-checkbox", "backgroundColor", 3, None),
    (".goals-chart-label", "fill", 4.5, None),
]


def contrast(page: Any, checks: list[tuple[str, str, float, str | None]] = NON_TEXT) -> list[dict]:
    """Every drawn colour of `checks` on the page, with its ratio against what is behind it."""
    return page.evaluate(CONTRAST_JS, [list(check) for check in checks])

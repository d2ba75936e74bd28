"""One handbook, three engines: MkDocs 1.6 and ProperDocs run the plugin, Zensical runs
`goals generate` and the Markdown extension. The same mkdocs.yml serves all three.

For each: the same goal pages and dashboards, the same numbers in every page header and
in `goals.json`, stable heading anchors, dashboards embedded in a hand-written page, and
the private goal's text in no file of the built site.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sites import tool

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("mkdocs", "properdocs", "zensical")
CONFIG = """\
site_name: Demo handbook
theme: {name: material, font: false}
markdown_extensions:
  - toc: {permalink: true}
  - tables
  - attr_list
  - md_in_html
  - pymdownx.superfences
  - pymdownx.tasklist: {custom_checkbox: true}
  - goals
plugins:
  - search
  - goals:
      goals_dir: ../demo/goals
      allow_outside_project: true
      people: ../demo/people.yml
"""
TEAM_PAGE = "# Our team\n\n```goals\nteam platform\n```\n"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, ANSI.sub("", result.stdout + result.stderr)
    return result


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("engines")
    subprocess.run([sys.executable, str(ROOT / "scripts/make_demo_history.py"), str(base / "demo")], check=True,
                   capture_output=True, timeout=300)
    built = {}
    for engine in ENGINES:
        site = base / f"site-{engine}"
        (site / "docs").mkdir(parents=True)
        (site / "docs/index.md").write_text("# Home\n")
        (site / "docs/team.md").write_text(TEAM_PAGE)
        (site / "mkdocs.yml").write_text(CONFIG)
        subprocess.run(["git", "init", "-q", str(site)], check=True)
        if engine == "zensical":
            run([tool("goals"), "generate"], site)
            run([tool("zensical"), "build", "--clean"], site)
        else:
            run([tool(engine), "build"], site)
        built[engine] = site / "site"
    return built


def pages(site: Path, folder: str) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in (site / folder).rglob("index.html")}


def article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S).group(1)


def header_figure(page: Path) -> str:
    header = re.search(r'<div class="goals-header">(.*?)<div class="goals-header__facts">', article(page), re.S)
    return re.search(r'class="goals-progress__text">([^<]*)<', header.group(1)).group(1)


def test_every_engine_publishes_the_same_goal_pages_and_dashboards(sites):
    expected_goals, expected_dashboards = pages(sites["mkdocs"], "goals"), pages(sites["mkdocs"], "dashboards")
    assert {"goals/ana/review-turnaround", "goals/ana/inventory"} <= expected_goals
    assert {"dashboards", "dashboards/people/ana", "dashboards/teams/platform"} <= expected_dashboards
    for engine in ENGINES[1:]:
        assert pages(sites[engine], "goals") == expected_goals, engine
        assert pages(sites[engine], "dashboards") == expected_dashboards, engine


def test_every_engine_shows_the_same_numbers(sites):
    reference = json.loads((sites["mkdocs"] / "dashboards/goals.json").read_text())
    for engine in ENGINES[1:]:
        data = json.loads((sites[engine] / "dashboards/goals.json").read_text())
        assert data["figures"] == reference["figures"], engine
        assert {g["id"]: g["progress"] for g in data["goals"]} == {g["id"]: g["progress"] for g in reference["goals"]}
    for url in pages(sites["mkdocs"], "goals") - {"goals"}:
        figures = {engine: header_figure(sites[engine] / url / "index.html") for engine in ENGINES}
        assert len(set(figures.values())) == 1, (url, figures)


def test_anchors_leave_counters_out_in_every_engine(sites):
    for engine in ENGINES:
        html = article(sites[engine] / "goals/ana/inventory/index.html")
        assert 'id="technical"' in html and 'id="people"' in html, engine
        assert not re.search(r'id="technical-\d', html), engine


def test_a_hand_written_page_embeds_a_dashboard_in_every_engine(sites):
    for engine in ENGINES:
        html = article(sites[engine] / "team/index.html")
        assert 'class="goals-embed"' in html and "Ana Ruiz" in html, engine
        assert "```" not in html and "<pre" not in html and "<code>team" not in html, engine


def test_the_private_goal_reaches_no_file_of_any_site(sites):
    secret = (ROOT / "goals/dara/private-notes.md").read_text()
    phrases = [line.strip("#-[] x") for line in secret.splitlines() if len(line) > 20 and not line.startswith(("---", "title"))]
    assert phrases
    for engine, site in sites.items():
        for path in site.rglob("*"):
            if path.is_file():
                data = path.read_bytes().decode("utf-8", "replace")
                assert not any(phrase in data for phrase in phrases), (engine, path)


def test_the_generated_folders_are_marked_and_regenerating_changes_nothing(sites, tmp_path):
    site = sites["zensical"].parent
    assert (site / "docs/goals/.goals-generated").is_file() and (site / "docs/dashboards/.goals-generated").is_file()
    again = run([tool("goals"), "generate"], site)
    assert "0 files written" in again.stderr and "0 removed" in again.stderr
    shutil.copytree(site / "docs", tmp_path / "docs")
    assert not (site / "docs/goals/dara/private-notes.md").exists()


def test_each_engine_draws_the_overview_and_a_goal_page_in_a_browser(sites):
    """Screenshots of each engine's overview and goal page (in screenshots/), and no
    error in the page other than an offline font request."""
    from browser import ARGS, CHROMIUM, OFFLINE, require_chromium, serve

    require_chromium()
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    shots = ROOT / "screenshots"
    shots.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for engine, site in sites.items():
                with serve(site) as base:
                    for url, name in (("dashboards/", "overview"), ("goals/ana/review-turnaround/", "goal")):
                        page = browser.new_page(viewport={"width": 1280, "height": 900})
                        errors: list[str] = []
                        page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
                        page.on("pageerror", lambda x, e=errors: e.append(str(x)))
                        page.goto(base + url)
                        page.wait_for_load_state("networkidle")
                        assert page.locator(".goals-progress").count() > 0, (engine, url)
                        color = page.evaluate("getComputedStyle(document.querySelector('.goals-bar__fill')).backgroundColor")
                        assert color not in ("", "rgba(0, 0, 0, 0)"), (engine, "the stylesheet did not apply")
                        page.screenshot(path=str(shots / f"engine-{engine}-{name}.png"), full_page=True)
                        assert [e for e in errors if not any(o in e for o in OFFLINE)] == [], (engine, url, errors)
                        page.close()
        finally:
            browser.close()

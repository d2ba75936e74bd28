"""`goals generate` on real sites: what it writes, what it refuses, and its watch mode."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from conftest import run_goals
from gitrepo import GoalRepo
from sites import tool

CONFIG = """\
site_name: Generated
plugins:
  - goals:
      people: people.yml
"""
GOAL = ("---\ntitle: Ship 3 services\nowner: ana\nstatus: on-track\ncycle: 2026-Q4\n---\n# Ship 3 services\n\n"
        "## Steps [{done}/3]\n\n- [{a}] one\n- [ ] two\n- [ ] three\n")
SECRET = "---\ntitle: CANARY-gen-secret\nowner: ana\nvisibility: private\ncycle: 2026-Q4\n---\n- [x] CANARY-gen-item\n"


@pytest.fixture
def site(tmp_path) -> Path:
    repo = GoalRepo(tmp_path)
    repo.commit("handbook", "2026-11-02T09:00:00+01:00", files={
        "mkdocs.yml": CONFIG, "docs/index.md": "# Home\n", "people.yml": "ana: {name: Ana Ruiz, team: platform}\n",
        "goals/ana/ship.md": GOAL.format(done=0, a=" "), "goals/ana/secret.md": SECRET,
        "goals/ana/typo.md": SECRET.replace("visibility: private", "visiblity: private").replace("gen", "typo"),
    })
    return tmp_path


def every_file(folder: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


def test_it_writes_pages_dashboards_data_and_style_and_nothing_private(site):
    result = run_goals("generate", cwd=site)
    assert result.returncode == 0, result.stderr
    docs = site / "docs"
    for path in ("goals/ana/ship.md", "dashboards/index.md", "dashboards/people/ana.md", "dashboards/teams/platform.md",
                 "dashboards/goals.json", "dashboards/goals.css", "goals/.goals-generated"):
        assert (docs / path).is_file(), path
    assert "CANARY" not in every_file(docs)
    assert "goals/ana/typo.md:4: warning: not published" in result.stderr  # the doubt is said, not published
    page = (docs / "goals/ana/ship.md").read_text()
    assert page.startswith("---\ntitle: Ship 3 services\n---\n") and 'class="goals-header"' in page
    assert '<link rel="stylesheet" href="../../../dashboards/goals.css">' in page  # no extra_css in this config


def test_strict_fails_when_a_file_is_withheld_in_doubt(site):
    assert run_goals("generate", "--strict", cwd=site).returncode == 1
    (site / "goals/ana/typo.md").unlink()
    assert run_goals("generate", "--strict", cwd=site).returncode == 0


def test_a_second_run_writes_nothing_and_stale_pages_go(site):
    run_goals("generate", cwd=site)
    page = site / "docs/goals/ana/ship.md"
    before = page.stat().st_mtime_ns
    again = run_goals("generate", cwd=site)
    assert "0 files written" in again.stderr and page.stat().st_mtime_ns == before
    (site / "goals/ana/ship.md").unlink()
    gone = run_goals("generate", cwd=site)
    assert "goals: 0 files written" not in gone.stderr and not page.exists()
    assert "1 removed" in gone.stderr or "removed" in gone.stderr


def test_it_refuses_a_goals_folder_inside_docs_and_a_folder_not_its_own(site):
    inside = site / "docs/goals"
    inside.mkdir(parents=True)
    (inside / "mine.md").write_text("# My own page\n")
    result = run_goals("generate", cwd=site)
    assert result.returncode == 2 and "was not written by `goals generate`" in result.stderr
    assert (inside / "mine.md").read_text() == "# My own page\n"
    (site / "mkdocs.yml").write_text(CONFIG.replace("people: people.yml", "people: people.yml\n      goals_dir: docs/goals"))
    result = run_goals("generate", cwd=site)
    assert result.returncode == 2 and "is inside the docs folder" in result.stderr


def test_options_come_from_extra_goals_or_flags_without_a_plugin_entry(site):
    (site / "mkdocs.yml").write_text("site_name: x\nextra:\n  goals:\n    dashboards_dir: boards\n    people: people.yml\n")
    assert run_goals("generate", cwd=site).returncode == 0
    assert (site / "docs/boards/people/ana.md").is_file()
    assert run_goals("generate", "--dashboards-dir", "views", cwd=site).returncode == 0
    assert (site / "docs/views/index.md").is_file()


def test_bad_options_are_a_usage_error_naming_them(site):
    (site / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - goals:\n      scope: sideways\n")
    result = run_goals("generate", cwd=site)
    assert result.returncode == 2 and "scope" in result.stderr and "Traceback" not in result.stderr


def test_watch_regenerates_a_page_when_its_goal_changes(site):
    process = subprocess.Popen([tool("goals"), "generate", "--watch", "--interval", "0.2"], cwd=site,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = site / "docs/goals/ana/ship.md"
        deadline = time.monotonic() + 30
        while not page.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "0/3 · 0%" in page.read_text()
        (site / "goals/ana/ship.md").write_text(GOAL.format(done=1, a="x"))
        while "1/3 · 33%" not in page.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "1/3 · 33%" in page.read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_goals_check_says_when_a_zensical_site_lists_the_plugin_and_nothing_was_generated(site):
    (site / "requirements.txt").write_text("zensical==0.0.73\n")
    warned = run_goals("check", "goals", cwd=site)
    assert "mkdocs.yml:3: warning: this site is set up for Zensical" in warned.stdout
    run_goals("generate", cwd=site)
    assert "set up for Zensical" not in run_goals("check", "goals", cwd=site).stdout

"""The README's first command, run the way a newcomer runs it: a fresh clone, then
`./scripts/serve`, then an edit of a goal file while it serves.

The clone is of this repository's committed HEAD (uncommitted changes are not in it).
Its `.venv` is made from nothing, so the first start installs the package and its
dependencies (pip's cache makes that about 20-30 s); the second start must not.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from test_serve import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]
GOAL = "goals/ana/review-turnaround.md"
EDIT = "- 2026-12-01: rota extended to the product team (edited while ./scripts/serve ran)."


def start(clone: Path, log: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`./scripts/serve ARGS` in its own process group (pip, then mkdocs), output to `log`."""
    environment = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "GOALS_DIR", "NO_MKDOCS_2_WARNING")}
    environment.update(env or {})
    with log.open("wb") as out:
        return subprocess.Popen(["./scripts/serve", *args], cwd=clone, env=environment, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # the group this test started: scripts/serve and its children
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def served(url: str, text: str, server: subprocess.Popen, log: Path, seconds: float) -> str:
    try:
        return wait_for(url, text, seconds)
    except AssertionError:
        raise AssertionError(f"{text!r} never served (exit {server.poll()}):\n{log.read_text()[-3000:]}") from None


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A newcomer's clone, shared by this file's tests (its .venv is made by the first)."""
    folder = tmp_path_factory.mktemp("newcomer") / "mkdocs-goals"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True, timeout=120)
    return folder


def test_a_fresh_clone_serves_the_live_goals_folder_and_shows_an_edit(clone, tmp_path):
    assert not (clone / ".venv").exists()
    port = free_port()
    url = f"http://127.0.0.1:{port}/goals/ana/review-turnaround/"
    log = tmp_path / "first.log"
    started = time.monotonic()
    server = start(clone, log, "-a", f"127.0.0.1:{port}")
    try:
        page = served(url, "Cut code review turnaround", server, log, seconds=600)
        first_start = time.monotonic() - started
        assert "rota extended to the product team" not in page
        goal = clone / GOAL
        text = goal.read_text()
        goal.write_text(text.replace("## Evidence", f"{EDIT}\n\n## Evidence", 1))
        served(url, "rota extended to the product team", server, log, seconds=60)  # livereload rebuilt it
    finally:
        stop(server)
    output = log.read_text()
    assert "goals: installing mkdocs-goals into .venv" in output and "goals: installed in" in output
    assert re.search(r"^  Collecting ", output, re.M), "no progress shown while installing"
    assert "Watching paths for changes: 'docs', 'mkdocs.yml', 'goals', 'people.yml'" in output
    assert "end of life" not in output and "NO_MKDOCS_2_WARNING" not in output  # no third-party banner
    assert ".cache/demo-handbook" not in output and "Traceback" not in output

    # Started again, it installs nothing: the stamp in .venv says the package is current.
    log = tmp_path / "second.log"
    port = free_port()
    server = start(clone, log, env={"GOALS_SERVE_ADDR": f"127.0.0.1:{port}"})
    try:
        served(f"http://127.0.0.1:{port}/goals/ana/review-turnaround/", "rota extended to the product team",
               server, log, seconds=120)
    finally:
        stop(server)
    assert "installing" not in log.read_text() and "Collecting" not in log.read_text()
    print(f"cold start of ./scripts/serve in a fresh clone: {first_start:.0f} s until the page answered")

    # A change to what pip installs from (here a packaged template) is installed on the next start.
    css = clone / "templates/goals/goals.css"
    css.write_text(css.read_text() + "\n/* a local change */\n")
    log = tmp_path / "third.log"
    port = free_port()
    server = start(clone, log, "-a", f"127.0.0.1:{port}")
    try:
        served(f"http://127.0.0.1:{port}/dashboards/goals.css", "a local change", server, log, seconds=300)
    finally:
        stop(server)
    assert "installing mkdocs-goals into .venv (the package or its dependencies changed)" in log.read_text()

    # The wheel scripts/serve installed carries what `goals init` copies (recipes, scaffolds).
    site = tmp_path / "site"
    site.mkdir()
    subprocess.run(["git", "init", "--quiet", str(site)], check=True)
    result = subprocess.run([str(clone / ".venv/bin/goals"), "init", "--owner", "ana", "--name", "Ana Ruiz"], cwd=site,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (site / ".github/workflows/goals.yml").read_bytes() == (ROOT / "recipes/github-goals.yml").read_bytes()
    assert (site / "goals/ana/write-my-3-goals-for-this-quarter.md").read_text().startswith("---\ntitle:")



def test_the_readme_starts_with_exactly_the_two_set_up_commands():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    assert commands == ["./scripts/serve", "./scripts/test"]
    assert os.access(ROOT / "scripts/serve", os.X_OK) and os.access(ROOT / "scripts/test", os.X_OK)


def test_serve_demo_serves_the_generated_year_instead(clone, tmp_path):
    """`--demo` is the only way to the generated repository (the live test saw none)."""
    port, log = free_port(), tmp_path / "demo.log"
    server = start(clone, log, "--demo", "-a", f"127.0.0.1:{port}")
    try:
        served(f"http://127.0.0.1:{port}/dashboards/", "items on 2025-12-01", server, log, seconds=300)  # a year of burn-up
    finally:
        stop(server)
    output = log.read_text()
    assert "demo handbook repository written to .cache/demo-handbook" in output
    assert "'.cache/demo-handbook/goals'" in output and "Traceback" not in output
    commits = subprocess.run(["git", "-C", str(clone / ".cache/demo-handbook"), "rev-list", "--count", "HEAD"],
                             capture_output=True, text=True, check=True).stdout
    assert int(commits) >= 80

"""`mkdocs serve` rebuilds when a goal file outside docs_dir, or the people registry, changes."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from sites import tool, write_tree

MKDOCS_YML = """\
site_name: Serve test
theme: {name: material, font: false}
plugins:
  - goals:
      people: people.yml
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline, last = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared at {url}")


def test_serve_rebuilds_on_goal_and_registry_changes(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    write_tree(
        tmp_path,
        {
            "docs/index.md": "# Home\n",
            "people.yml": "ana: {name: Ana Ruiz, team: platform}\n",
            "goals/ana/g.md": "---\ntitle: Ship 2 things\nowner: ana\ndue: 2099-01-01\n---\n- [x] one\n- [ ] two\n",
        },
    )
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [tool("mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/dashboards/people/ana/"
        wait_for(url, "1/2 · 50%")
        goal = tmp_path / "goals/ana/g.md"
        goal.write_text(goal.read_text().replace("- [ ] two", "- [x] two"))
        wait_for(url, "2/2 · 100%")
        (tmp_path / "people.yml").write_text("ana: {name: Ana Renamed, team: platform}\n")
        wait_for(url, "Ana Renamed")
    finally:
        server.terminate()
        server.wait(timeout=20)

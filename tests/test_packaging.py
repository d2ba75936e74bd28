"""The wheel carries the templates, and an installed plugin finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from mkdocs_goals.core.scaffold import templates_dir

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_package_templates_and_entry_points(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("mkdocs_goals-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert {
        "mkdocs_goals/templates/scaffolds/goal.md.j2",
        "mkdocs_goals/templates/scaffolds/inventory.md.j2",
        "mkdocs_goals/core/document/markdown.py",
        "mkdocs_goals/core/history/engine.py",
        "mkdocs_goals/core/handbook/model.py",
        "mkdocs_goals/py.typed",
    } <= names
    assert "[mkdocs.plugins]\ngoals = mkdocs_goals.plugin:GoalsPlugin" in entry_points
    assert "[properdocs.plugins]\ngoals = mkdocs_goals.plugin:GoalsPlugin" in entry_points
    assert "goals = mkdocs_goals.cli:main" in entry_points


def test_templates_are_found_where_the_package_is_installed():
    assert (templates_dir() / "scaffolds" / "goal.md.j2").is_file()

"""The plugin in real builds: `mkdocs build` (Material) and `properdocs build` on a fixture handbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import dedent
from sites import build, every_file_text, tool

CANARY = "CANARY-7f3a-private-goal"

MKDOCS_YML = """\
site_name: Fixture handbook
site_url: https://handbook.example.com/
theme: {name: material}
markdown_extensions:
  - pymdownx.tasklist
plugins:
  - search
  - goals:
      history: false  # these fixtures are not git repositories
"""


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    files = {
        "docs/index.md": "# Handbook\n",
        "goals/ana/api.md": """
            ---
            title: Ship 3 API endpoints
            owner: ana
            due: 2099-06-30
            ---
            # Ship 3 API endpoints

            ## Success criteria [1/2]
            - [x] endpoint one
            - [ ] endpoint two
            """,
        "goals/ana/secret.md": f"""
            ---
            title: {CANARY} title
            owner: ana
            due: 2099-06-30
            visibility: private
            ---
            # {CANARY}

            - [ ] {CANARY} task 1
            """,
        "goals/inventory.md": "# Goals\n\n## Tech [1/2]\n\n[x] a\n\n[ ] b\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text))
    return tmp_path


def test_goal_files_outside_docs_dir_become_pages(handbook):
    result = build(handbook, "--strict")
    assert result.returncode == 0, result.stderr
    page = (handbook / "site/goals/ana/api/index.html").read_text()
    assert "Ship 3 API endpoints" in page
    assert (handbook / "site/goals/inventory/index.html").exists()


def test_private_goals_reach_no_file_of_the_site(handbook):
    assert build(handbook).returncode == 0
    site = handbook / "site"
    assert (site / "search/search_index.json").exists() and (site / "sitemap.xml").exists()
    assert CANARY not in every_file_text(site)
    assert not (site / "goals/ana/secret").exists()


def test_stale_counter_fails_strict_build_naming_file_and_line(handbook):
    (handbook / "goals/inventory.md").write_text("# Goals\n\n## Tech [0/2]\n\n[x] a\n\n[ ] b\n")
    strict = build(handbook, "--strict")
    assert strict.returncode != 0
    assert "goals/inventory.md:3: error: counter [0/2] should be [1/2]" in strict.stderr
    assert "Traceback" not in strict.stderr
    relaxed = build(handbook)
    assert relaxed.returncode == 0 and "goals/inventory.md:3" in relaxed.stderr
    assert (handbook / "site/goals/ana/api/index.html").exists()


def test_unreadable_front_matter_is_withheld_and_the_rest_builds(handbook):
    (handbook / "goals/ana/broken.md").write_text(f"---\ntitle: {CANARY}\nowner: [unclosed\n---\n- [ ] x\n")
    result = build(handbook)
    assert result.returncode == 0, result.stderr
    assert "goals/ana/broken.md" in result.stderr and "not published" in result.stderr
    assert CANARY not in every_file_text(handbook / "site")


def test_disabled_plugin_adds_nothing(handbook):
    (handbook / "mkdocs.yml").write_text(MKDOCS_YML.replace("      history: false", "      enabled: false"))
    assert build(handbook).returncode == 0
    assert not (handbook / "site/goals").exists()


@pytest.mark.skipif(shutil.which(tool("properdocs")) is None, reason="ProperDocs not installed")
def test_properdocs_builds_the_same_handbook(handbook):
    (handbook / "mkdocs.yml").rename(handbook / "properdocs.yml")
    result = build(handbook, "--strict", command="properdocs")
    assert result.returncode == 0, result.stderr
    assert "Ship 3 API endpoints" in (handbook / "site/goals/ana/api/index.html").read_text()
    assert "Ship 3 API endpoints" in (handbook / "site/dashboards/people/ana/index.html").read_text()
    assert CANARY not in every_file_text(handbook / "site")

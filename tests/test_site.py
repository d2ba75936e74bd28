"""The handbook site as a reader gets it: goal pages, dashboards, goals.json, safety.

Every test builds a real Material site from a fixture handbook with `mkdocs build`.
"""

from __future__ import annotations

import html as html_module
import json
import re
from pathlib import Path

import pytest

from sites import build, every_file_text, main_content, page, stats, write_tree

CANARY = "CANARY-91d2-private"
XSS_TITLE = '<script>alert("title")</script> Ship 2 things'

MKDOCS_YML = """\
site_name: Fixture handbook
site_url: https://handbook.example.com/
theme: {name: material, font: false}
markdown_extensions:
  - pymdownx.tasklist
plugins:
  - search
  - goals:
      people: people.yml
"""

HANDBOOK = {
    "docs/index.md": "# Handbook\n",
    "people.yml": """
        ana: {name: Ana Ruiz, team: platform, level: senior, manager: ben}
        ben: {name: Ben Okafor, team: platform}
        "<img src=x onerror=alert(1)>": {name: "<b>Mallory</b>", team: "<i>evil</i>"}
        """,
    "goals/ana/api.md": """
        ---
        title: Ship 3 API endpoints
        owner: ana
        status: at-risk
        due: 2099-06-30
        category: engineering-craft
        ---
        # Ship 3 API endpoints

        ## Success criteria [0/2]
        - [x] endpoint one
        - [ ] endpoint two

        ## Action steps
        - [ ] write the spec by 2099-01-15
        """,
    "goals/ana/talks.md": """
        ---
        title: Give 2 talks
        owner: ana
        status: on-track
        due: 2099-03-31
        category: soft-skills
        metric: {baseline: 0, target: 2, current: 1, unit: talks}
        ---
        # Give 2 talks

        - [x] submit a proposal
        """,
    "goals/ben/done.md": """
        ---
        title: Migrate 4 services
        owner: ben
        status: done
        due: 2000-01-31
        ---
        # Migrate 4 services

        - [x] all four
        """,
    "goals/ben/overdue.md": """
        ---
        title: Write 5 runbooks
        owner: ben
        status: on-track
        due: 2000-01-31
        ---
        # Write 5 runbooks

        - [ ] runbook one
        """,
    "goals/inventory.md": """
        ---
        kind: inventory
        owner: ana
        title: Ana's inventory
        ---
        # Inventory

        ## Technical [1/3]

        [x] bare done

        [ ] bare open

        - [ ] a list task
        """,
    "goals/mallory.md": f"""
        ---
        title: '{XSS_TITLE}'
        owner: "<img src=x onerror=alert(1)>"
        team: "<i>evil</i>"
        due: 2099-01-01
        ---
        Text <em>the author wrote</em>.

        - [ ] one
        """,
    "goals/ana/secret.md": f"""
        ---
        title: {CANARY} title
        owner: ana
        team: {CANARY}-team
        due: 2099-06-30
        visibility: private
        ---
        # {CANARY}

        - [ ] {CANARY} task
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("handbook")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    write_tree(root, HANDBOOK)
    result = build(root)  # not --strict: api.md has a stale counter on purpose
    assert result.returncode == 0, result.stderr
    assert "goals/ana/api.md:10: error: counter [0/2] should be [1/2]" in result.stderr
    return root


def test_dashboards_are_published_at_their_urls(site):
    for url in ("dashboards", "dashboards/people/ana", "dashboards/people/ben", "dashboards/teams/platform"):
        assert (site / "site" / url / "index.html").is_file(), url
    assert (site / "site/dashboards/goals.json").is_file()


def test_goal_page_header_shows_the_same_numbers_as_goals_stats(site):
    numbers = stats(site, "goals")
    for path, url in (("goals/ana/api.md", "goals/ana/api"), ("goals/inventory.md", "goals/inventory")):
        expected = numbers[path]["progress"]
        header = re.search(r'<div class="goals-header">(.*?)</div>\s*</div>', page(site, url), re.S).group(1)
        assert f"{expected['checked']}/{expected['total']} · {int(expected['percent'])}%" in header


def test_metric_goal_header_says_progress_comes_from_the_metric(site):
    html = page(site, "goals/ana/talks")
    assert "1 talks (0 → 2) · 50%" in html and "items 1/1" in html


def test_counters_show_computed_values_and_flag_stale_ones(site):
    html = page(site, "goals/ana/api")
    counter = re.search(r'<span class="goals-counter goals-counter--stale" title="([^"]*)">([^<]*)</span>', html)
    assert counter and html_module.unescape(counter.group(2)) == "1/2"  # the slash is `&#47;`: no fraction sign
    assert "the file says [0/2]" in counter.group(1)


def test_page_shows_exactly_as_many_checkboxes_as_it_counts(site):
    numbers = stats(site, "goals")
    for path, url in (("goals/inventory.md", "goals/inventory"), ("goals/ana/api.md", "goals/ana/api")):
        content = main_content(page(site, url))
        boxes = re.findall(r'<input type="checkbox"[^>]*>', content)
        assert len(boxes) == numbers[path]["total"], url
        assert sum("checked" in b for b in boxes) == numbers[path]["checked"], url


def test_overview_lists_teams_overdue_and_at_risk(site):
    content = main_content(page(site, "dashboards"))
    overdue = content.split('id="goals-overdue"')[1].split("<h2")[0]
    assert "Write 5 runbooks" in overdue and "Migrate 4 services" not in overdue
    at_risk = content.split('id="goals-at-risk"')[1].split("<h2")[0]
    assert "Ship 3 API endpoints" in at_risk
    assert ">platform</a>" in content
    assert "on track: 2" in content and "done: 1" in content and "at risk: 1" in content


def test_person_dashboard_has_goals_next_steps_balance_and_inventories(site):
    content = main_content(page(site, "dashboards/people/ana"))
    assert "Ana Ruiz" in content and "level senior" in content and ">Ben Okafor</a>" in content
    assert "Ship 3 API endpoints" in content and "Give 2 talks" in content
    steps = content.split('id="goals-next-steps"')[1].split("<h2")[0]
    assert "2099-01-15" in steps and "write the spec" in steps
    assert "Engineering craft" in content and "40–70 %" in content
    assert "Ana&#39;s inventory" in content or "Ana's inventory" in content


def test_team_dashboard_is_people_by_goals(site):
    content = main_content(page(site, "dashboards/teams/platform"))
    assert ">Ana Ruiz</a>" in content and ">Ben Okafor</a>" in content
    assert content.index("Ana Ruiz") < content.index("Ship 3 API endpoints") < content.index("Ben Okafor")


def test_goals_json_holds_the_public_data(site):
    data = json.loads((site / "site/dashboards/goals.json").read_text())
    titles = {g["title"] for g in data["goals"]}
    assert {"Ship 3 API endpoints", "Give 2 talks", "Migrate 4 services", "Write 5 runbooks", XSS_TITLE} == titles
    api = next(g for g in data["goals"] if g["title"] == "Ship 3 API endpoints")
    assert api["url"] == "goals/ana/api/" and (api["checked"], api["total"]) == (1, 3)
    assert {p["id"] for p in data["people"]} >= {"ana", "ben"}


def test_private_goals_reach_no_file_of_the_site(site):
    everything = every_file_text(site / "site")
    assert CANARY not in everything
    assert not (site / "site/goals/ana/secret").exists()


def test_user_strings_are_escaped_in_every_html_page(site):
    # goals.json carries the strings as JSON data (its consumers escape); pages must not.
    everything = "\n".join(p.read_text(encoding="utf-8") for p in (site / "site").rglob("*.html"))
    assert "<script>alert" not in everything
    assert "<img src=x onerror" not in everything
    assert "<b>Mallory</b>" not in everything and "<i>evil</i>" not in everything
    assert "&lt;script&gt;alert" in page(site, "goals/mallory")


def test_owner_and_team_ids_become_safe_slugs(site):
    site_dir = (site / "site").resolve()
    for path in site_dir.rglob("*"):
        assert path.resolve().is_relative_to(site_dir)
    people = sorted(p.name for p in (site_dir / "dashboards/people").iterdir())
    assert all(re.fullmatch(r"[a-z0-9-]+", name) for name in people), people


def test_a_site_overrides_one_fragment_from_custom_dir(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML.replace("font: false}", "font: false, custom_dir: overrides}"))
    write_tree(tmp_path, {k: v for k, v in HANDBOOK.items() if "mallory" not in k})
    write_tree(tmp_path, {"overrides/goals/header.html": '<div class="my-header">{{ entry.title }}: {{ entry.document.checked }}</div>\n'})
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = page(tmp_path, "goals/ana/api")
    assert '<div class="my-header">Ship 3 API endpoints: 1</div>' in html
    assert 'class="goals-counter' in html  # the other fragments are still ours


def test_automatic_nav_lists_the_dashboards(site):
    nav = page(site, "dashboards")
    assert 'href="people/ana/"' in nav and 'href="teams/platform/"' in nav


def test_broken_goal_file_is_a_warning_and_the_rest_builds(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    write_tree(tmp_path, {k: v for k, v in HANDBOOK.items() if "mallory" not in k})
    write_tree(tmp_path, {"goals/ben/broken.md": "---\ntitle: Broken\nowner: ben\nstatus: finishd\n---\n- [ ] x\n"})
    relaxed = build(tmp_path)
    assert relaxed.returncode == 0
    assert "goals/ben/broken.md:4: error: status: 'finishd' is not a status" in relaxed.stderr
    assert "goals/ben/broken.md:1: warning: not published: its goal front matter does not validate" in relaxed.stderr
    assert (tmp_path / "site/dashboards/people/ben/index.html").exists()
    strict = build(tmp_path, "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr + strict.stdout

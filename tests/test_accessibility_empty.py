"""An empty handbook says what to do next: no blank chart, no tables of "None.", one
sentence and the command that starts a goal; a person without goals gets the same."""

from __future__ import annotations

from sites import build, main_content, write_tree


def test_an_empty_overview_says_how_to_start(tmp_path):
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: Empty\ntheme: {name: material, font: false}\nplugins:\n  - search\n  - goals\n",
        "docs/index.md": "# Home\n",
    })
    (tmp_path / "goals").mkdir()
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    overview = main_content((tmp_path / "site/dashboards/index.html").read_text(encoding="utf-8"))
    assert 'class="goals-empty"' in overview and "No goals yet" in overview
    assert "goals new goal" in overview
    assert "<svg" not in overview and "None." not in overview and "<table" not in overview


def test_a_person_without_goals_is_told_the_command_with_their_id(tmp_path):
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: People\ntheme: {name: material, font: false}\nplugins:\n  - search\n"
                      "  - goals:\n      people: people.yml\n",
        "docs/index.md": "# Home\n",
        "people.yml": "ana: {name: Ana Ruiz, team: platform}\nben: {name: Ben Okafor, team: platform}\n",
        "goals/ana/ship.md": "---\ntitle: Ship it\nowner: ana\nstatus: on-track\ncycle: 2026-Q4\n---\n# Ship it\n\n- [ ] ship\n",
    })
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    ben = main_content((tmp_path / "site/dashboards/people/ben/index.html").read_text(encoding="utf-8"))
    assert "Ben Okafor has no published goals yet." in ben
    assert "<code>goals new goal --owner ben --title &#34;…&#34;</code>" in ben
    team = main_content((tmp_path / "site/dashboards/teams/platform/index.html").read_text(encoding="utf-8"))
    assert "Nothing published." in team  # Ben's row in the team's table

"""A warm `goals history` hashes the files on disk instead of parsing them: the facts it
decides by (kind, publish state) are remembered by blob id beside the history cache.
Remembering must never publish more: a withheld file is parsed and named on every run,
a facts file that lies or that git tracks cannot show a private goal, and a broken one
only costs a parse. Real repositories, the real command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import run_goals
from gitrepo import GoalRepo

import mkdocs_goals.cli as cli
import mkdocs_goals.core.history.engine as engine
import mkdocs_goals.core.history.facts as facts
from mkdocs_goals.core.history.engine import git_blob_id

PUBLIC = "---\ntitle: Ship 2 things\nowner: ana\nstatus: on-track\n---\n# Ship\n\n- [x] a\n- [ ] b\n"
SECRET = "---\ntitle: Secret plan Zebra\nowner: ana\nvisibility: private\n---\n# Zebra\n\n- [ ] hush\n"
TYPO = "---\ntitle: Typo plan Quokka\nowner: ana\nvisiblity: private\n---\n- [x] a\n"
FILES = {
    "goals/ship.md": PUBLIC,
    "goals/inventory.md": "# Inventory [1/2]\n\n- [x] one\n- [ ] two\n",
    "goals/README.md": "# About these goals\n\nNothing to count.\n",
    "goals/secret.md": SECRET,
}


@pytest.fixture
def repo(tmp_path, monkeypatch) -> GoalRepo:
    repo = GoalRepo(tmp_path)
    repo.commit("add", "2026-02-02T09:00:00+00:00", files=FILES)
    repo.commit("tick", "2026-02-03T09:00:00+00:00", files={"goals/ship.md": PUBLIC.replace("[ ] b", "[x] b")})
    monkeypatch.chdir(tmp_path)
    return repo


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The paths (or "" for git versions) of every document parse during a run."""
    seen: list[str] = []
    for module, name in ((facts, "parse_document"), (facts, "load_document"), (cli, "load_document"),
                         (engine, "parse_document")):
        real = getattr(module, name)

        def counting(first, *args, _real=real, _loads=name == "load_document", **kwargs):
            seen.append(str(first if _loads else args[0]))  # load_document(path, ...), parse_document(raw, path, ...)
            return _real(first, *args, **kwargs)

        monkeypatch.setattr(module, name, counting)
    return seen


def history(*args: str):
    """`goals history` in this process (so its parses can be counted)."""
    cli._site.cache_clear()  # the site's options are read once per process: this test's folder
    return CliRunner().invoke(cli.cli, ["history", *args], catch_exceptions=False)


def facts_file(repo: GoalRepo):
    (path,) = (repo.root / ".cache/goals").glob("facts-*.json")
    return path


def test_a_warm_run_parses_no_file_and_says_the_same(repo, parses):
    first = history("--format", "json", "goals")
    assert first.exit_code == 0, first.stderr
    assert {p for p in parses if p} == {f"goals/{n}" for n in ("ship.md", "inventory.md", "README.md", "secret.md")}
    parses.clear()
    second = history("--format", "json", "goals")
    assert parses == []
    assert second.stdout == first.stdout and second.stderr == first.stderr
    assert set(json.loads(second.stdout)) == {"goals/ship.md", "goals/inventory.md"}
    assert "1 private file not shown" in second.stderr
    assert "Zebra" not in second.stdout + second.stderr


def test_an_edited_file_alone_is_parsed_again(repo, parses):
    history("goals")
    repo.write("goals/inventory.md", "# Inventory [2/2]\n\n- [x] one\n- [x] two\n")
    parses.clear()
    result = history("--format", "json", "goals")
    assert [p for p in parses if p] == ["goals/inventory.md"]
    assert [c["text"] for c in json.loads(result.stdout)["goals/inventory.md"]["completed"]] == ["one", "two"]


def test_a_file_made_private_is_hidden_on_the_next_warm_run(repo):
    history("goals")
    repo.write("goals/ship.md", PUBLIC.replace("status: on-track", "status: on-track\nvisibility: private"))
    result = history("--format", "json", "goals")
    assert "goals/ship.md" not in json.loads(result.stdout)
    assert "2 private files not shown" in result.stderr


def test_a_withheld_file_is_parsed_and_named_on_every_run(repo, parses):
    repo.write("goals/typo.md", TYPO)
    for _ in range(2):
        parses.clear()
        result = history("goals")
        assert "goals/typo.md" in parses
        assert "goals/typo.md:4: left out: front-matter key 'visiblity' looks like a misspelled `visibility`" \
            in result.stderr
        assert "Quokka" not in result.stdout + result.stderr
    assert git_blob_id(TYPO.encode()) not in json.loads(facts_file(repo).read_text())["facts"]


def lie_about_the_secret(repo: GoalRepo) -> None:
    """The facts file says the private goal is a public goal."""
    path = facts_file(repo)
    data = json.loads(path.read_text())
    data["facts"][git_blob_id(SECRET.encode())] = ["goal", "public"]
    path.write_text(json.dumps(data))


def test_facts_that_lie_cannot_publish_a_private_goal(repo):
    assert run_goals("history", "goals", cwd=repo.root).returncode == 0
    lie_about_the_secret(repo)
    for fmt in ("json", "text"):
        result = run_goals("history", "--format", fmt, "goals", cwd=repo.root)
        assert result.returncode == 0, result.stderr
        assert "secret" not in result.stdout and "Zebra" not in result.stdout + result.stderr


def test_a_facts_file_git_tracks_is_not_read(repo, parses):
    history("goals")
    lie_about_the_secret(repo)
    path = facts_file(repo)
    repo.repo.git.add("-f", str(path))
    repo.commit("commit the cache by mistake", "2026-02-04T09:00:00+00:00")
    before = path.read_bytes()
    parses.clear()
    result = history("--format", "json", "goals")
    assert {p for p in parses if p} >= {"goals/secret.md", "goals/ship.md"}  # nothing taken from it
    assert path.read_bytes() == before  # nor written
    assert "goals/secret.md" not in json.loads(result.stdout) and "1 private file not shown" in result.stderr


@pytest.mark.parametrize("text", ["", "{", "[]", '{"key": [], "facts": {}}', "null",
                                  '{"key": %s, "facts": {"zz": ["goal", "public"]}}',
                                  '{"key": %s, "facts": {"%s": ["goal", "withheld"]}}',
                                  '{"key": %s, "facts": {"%s": ["gaol", "public"]}}'])
def test_a_broken_facts_file_only_costs_a_parse(repo, parses, text):
    first = history("--format", "json", "goals")
    path = facts_file(repo)
    key = json.dumps(json.loads(path.read_text())["key"])
    path.write_text(text.replace("%s", key, 1).replace("%s", git_blob_id(SECRET.encode())))
    parses.clear()
    again = history("--format", "json", "goals")
    assert again.stdout == first.stdout and again.stderr == first.stderr
    assert "goals/secret.md" in parses
    parses.clear()
    history("--format", "json", "goals")
    assert parses == []  # the file written instead is good


def test_no_cache_remembers_nothing(repo):
    assert run_goals("history", "--no-cache", "goals", cwd=repo.root).returncode == 0
    assert not list(repo.root.glob(".cache/goals/facts-*.json"))


def test_a_cold_run_parses_each_version_on_disk_once(repo, parses):
    """The command parses the files on disk to decide what to show; history takes their
    records from it instead of parsing the same versions again."""
    result = history("--format", "json", "--no-cache", "goals")
    on_disk = [p for p in parses if p]
    assert sorted(on_disk) == sorted(set(on_disk)) and "goals/ship.md" in on_disk
    # git's versions: two of ship.md and one of each other file; all but ship.md's first are on disk
    assert parses.count("") == 1
    assert result.stdout == run_goals("history", "--format", "json", "--no-cache", "goals", cwd=repo.root).stdout


def test_a_site_that_publishes_nothing_by_default_is_followed_warm(repo):
    """Facts keep what a file says (no visibility at all), not a decision: the site's
    default applies on every run."""
    repo.write("mkdocs.yml", "site_name: H\nplugins:\n  - goals:\n      goals_dir: goals\n      default_visibility: private\n")
    for _ in range(2):
        result = run_goals("history", "--format", "json", "goals", cwd=repo.root)
        assert json.loads(result.stdout) == {}, result.stderr
        assert "4 private files not shown" in result.stderr  # README.md too, as ever
    repo.write("mkdocs.yml", "site_name: H\nplugins:\n  - goals:\n      goals_dir: goals\n")
    assert set(json.loads(run_goals("history", "--format", "json", "goals", cwd=repo.root).stdout)) == {
        "goals/ship.md", "goals/inventory.md"}


def test_history_json_has_a_snapshot_per_line_and_the_values_of_indented_json(repo):
    result = run_goals("history", "--format", "json", "goals", cwd=repo.root)
    data = json.loads(result.stdout)
    lines = result.stdout.splitlines()
    for snapshot in data["goals/ship.md"]["snapshots"]:
        assert f"      {json.dumps(snapshot, ensure_ascii=False)}," in lines or \
            f"      {json.dumps(snapshot, ensure_ascii=False)}" in lines
    assert lines[:3] == ["{", '  "goals/inventory.md": {', '    "snapshots": [']

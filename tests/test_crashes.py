"""Hostile input gets a message or a fallback, never a traceback: dates at the edges of
the calendar, and history caches that are not what we wrote. Real files, a real git
repository, the installed `goals` script and a real `mkdocs build`."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import run_goals
from gitrepo import GoalRepo
from sites import build, every_file_text

from mkdocs_goals.core.document.model import Options
from mkdocs_goals.core.history.cache import FileCache
from mkdocs_goals.core.history.engine import HistoryState

FAR = """\
---
title: Live forever
owner: ana
status: on-track
start: 2026-01-01
due: 9999-Q4
---
# Live forever

## Action steps

- [x] step by 9999-Q4
- [ ] step by 9999-12-31

## Milestones

- [ ] 9999-Q4: done
"""
EDGE_DATES = {
    "goals/far.md": FAR,
    "goals/cycle.md": "---\ntitle: Far cycle\nowner: ana\ncycle: '9999'\n---\n- [ ] a by 9999-H2\n",
    "goals/cycle-number.md": "---\ntitle: Far cycle\nowner: ana\ncycle: 9999\n---\n- [ ] a\n",
    "goals/old.md": "---\ntitle: Old\nowner: ana\ndue: 0999-01-01\n---\n- [ ] a\n",
    "goals/zero.md": "---\ntitle: Zero\nowner: ana\ncycle: '0000'\ndue: 0000-Q1\n---\n- [ ] a by 0000-Q1\n",
}


def clean(result) -> bool:
    return "Traceback" not in result.stderr and "internal error" not in result.stderr


@pytest.fixture
def edge_repo(tmp_path) -> GoalRepo:
    repo = GoalRepo(tmp_path)
    repo.commit("add", "2026-01-05T09:00:00+00:00", files=EDGE_DATES)
    repo.commit("tick", "2026-01-06T09:00:00+00:00", files={"goals/far.md": FAR.replace("- [ ] step by 9999-12", "- [x] step by 9999-12")})
    return repo


def test_year_9999_and_year_0_dates_do_not_crash_check(edge_repo):
    result = run_goals("check", "--format", "json", "goals", cwd=edge_repo.root)
    assert clean(result) and result.returncode == 1, result.stderr  # errors found, and said
    found = {(f["path"], f["rule"]) for f in json.loads(result.stdout)}
    assert ("goals/zero.md", "schema") in found
    # An unquoted `cycle: 9999` is the year 9999, as `cycle: 2026` is 2026 (the seeds' words).
    assert not any(path in ("goals/far.md", "goals/cycle-number.md") and rule == "schema" for path, rule in found)


def test_year_9999_dates_do_not_crash_stats_history_or_diff(edge_repo):
    stats = run_goals("stats", "--format", "json", "goals", cwd=edge_repo.root)
    assert clean(stats) and stats.returncode == 0, stats.stderr
    goals = {d["path"]: d["goal"] for d in json.loads(stats.stdout)}
    assert goals["goals/far.md"]["due"] == "9999-12-31" and goals["goals/cycle.md"]["due"] == "9999-12-31"
    assert goals["goals/old.md"]["cycle"] == "0999-Q1"
    steps = goals["goals/far.md"]["parts"]["action_steps"]
    assert [s["due"] for s in steps] == ["9999-12-31", "9999-12-31"]
    for command in (("history", "goals"), ("history", "--format", "json", "goals"), ("diff", "HEAD~1", "HEAD")):
        result = run_goals(*command, cwd=edge_repo.root)
        assert clean(result) and result.returncode == 0, (command, result.stderr)


SITE = "site_name: Edge handbook\ntheme: {name: material, font: false}\nplugins:\n  - search\n  - goals\n"


def test_year_9999_dates_do_not_crash_a_site_build(tmp_path):
    for name, text in {**EDGE_DATES, "mkdocs.yml": SITE, "docs/index.md": "# Home\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = build(tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "9999-12-31" in every_file_text(tmp_path / "site")


def test_year_9999_dates_do_not_crash_a_site_build_with_history(edge_repo):
    root = edge_repo.root
    edge_repo.commit("site", "2026-01-07T09:00:00+00:00", files={"mkdocs.yml": SITE, "docs/index.md": "# Home\n"})
    result = build(root)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]


# --- history caches that are not what we wrote -------------------------------------------

GOAL = "---\ntitle: Ship\nowner: ana\nstatus: on-track\n---\n# Ship\n\n- [x] a\n- [ ] b\n"


def two_commits(root) -> GoalRepo:
    """The same two commits wherever they are made (fixed dates and authors: the same shas)."""
    repo = GoalRepo(root)
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": GOAL.replace("[x]", "[ ]")})
    repo.commit("tick", "2026-01-06T09:00:00+00:00", author="Ben Okafor", files={"goals/g.md": GOAL})
    return repo


@pytest.fixture
def cached_repo(tmp_path) -> GoalRepo:
    """Two commits and the cache a first `goals history` run wrote for them."""
    repo = two_commits(tmp_path)
    assert run_goals("history", "goals", cwd=tmp_path).returncode == 0
    return repo


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> dict:
    """The cache file the CLI writes for `two_commits`."""
    repo = two_commits(tmp_path_factory.mktemp("valid"))
    run_goals("history", "goals", cwd=repo.root)
    (path,) = cache_files(repo)
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def truth(tmp_path_factory) -> dict:
    """What `goals history` says about those commits without any cache."""
    repo = two_commits(tmp_path_factory.mktemp("truth"))
    return json.loads(run_goals("history", "--format", "json", "--no-cache", "goals", cwd=repo.root).stdout)


def cache_files(repo: GoalRepo) -> list:
    return sorted((repo.root / ".cache/goals").glob("history-*.json"))


def history_after(repo: GoalRepo) -> tuple[object, str]:
    """What `goals history` says now: the last line of its text (where its numbers came
    from), then its JSON on a second run (which uses the cache the first one left)."""
    text = run_goals("history", "goals", cwd=repo.root)
    result = run_goals("history", "--format", "json", "goals", cwd=repo.root)
    for run in (text, result):
        assert clean(run) and run.returncode == 0, run.stderr
    return json.loads(result.stdout), text.stdout.strip().splitlines()[-1]


def edited(cache: dict, change) -> str:
    """`cache` (a copy) after `change`, as cache file text."""
    cache = json.loads(json.dumps(cache))
    change(cache)
    return json.dumps(cache)


def _set(path: list, value):
    """A change that puts `value` at `path`: keys, indexes, or `first` (a mapping's first value)."""

    def change(cache: dict) -> None:
        target = cache
        for key in path[:-1]:
            target = target[key] if not callable(key) else key(target)
        target[path[-1]] = value
    return change


def first(mapping: dict):
    return mapping[next(iter(mapping))]


def _edit(path: list, edit):
    """A change that calls `edit` on the value at `path` (a column: append, pop, ...)."""

    def change(cache: dict) -> None:
        target = cache
        for key in path:
            target = target[key]
        edit(target)
    return change


# The cache is tables of columns (`cache.py`): `["snapshots", "checked", 0]` is the first
# snapshot's checked count; `commits` holds each commit's id, date and author once.
WRONG_SHAPES = ["[]", "null", '"x"', "5", "true", '{"version": 2, "head": 5}', '{"version": 2}',
                '{"version": "2"}', "[" * 100_000 + "]" * 100_000, "{not json", "\udcff"]
A_SECOND_ROW = ("goals/g.md", False, [], [], 0, 0)  # of `files`: the same path again, owning no rows
WRONG_TYPES = {
    "head is an option": _set(["head"], "--output=/tmp/goals-pwned"),
    "head is a number": _set(["head"], 5),
    "tip is a path": _set(["tips", "goals/g.md"], "../../etc/passwd"),
    "tips is a list": _set(["tips"], ["goals/g.md"]),
    "checked is text": _set(["records", "checked", 0], "1"),
    "checked is true": _set(["records", "checked", 0], True),
    "more checked than total": _set(["records", "checked", 0], 99),
    "negative total": _set(["records", "total", 0], -1),
    "item is short": _edit(["items", "line"], list.pop),
    "item box is 1": _set(["items", "checked", 0], 1),
    "snapshot author is a number": _set(["commits", "author", 1], 5),
    "snapshots is a list": _set(["snapshots"], []),
    "files is an object of objects": _set(["files"], {"goals/g.md": {}}),
    "event commit is not a sha": _set(["commits", "sha", 1], "HEAD"),
    "commit id is short": _set(["commits", "sha", 0], "3d7bdab"),
    "count is a float": _set(["records", "total", 0], 1e400),
    # what columns can get wrong
    "snapshot columns differ in length": _edit(["snapshots", "checked"], lambda column: column.append(0)),
    "commit table columns differ": _edit(["commits", "date"], list.pop),
    "a column is missing": _edit(["snapshots"], lambda table: table.pop("visibility")),
    "an unknown column": _set(["snapshots", "extra"], [0, 0]),
    "a column is an object": _set(["snapshots", "total"], {"0": 2, "1": 2}),
    "snapshot commit out of range": _set(["snapshots", "commit", 1], 2),
    "snapshot commit below 0": _set(["snapshots", "commit", 0], -1),
    "snapshot commit is true": _set(["snapshots", "commit", 1], True),
    "snapshot commit is a sha": _edit(["snapshots", "commit"], lambda c: c.__setitem__(1, "0" * 40)),
    "completion commit out of range": _set(["completions", "commit", 0], 7),
    "snapshot checked beyond total": _set(["snapshots", "checked", 1], 3),
    "snapshot percent is NaN": _set(["snapshots", "percent", 1], float("nan")),
    "snapshot percent is infinite": _set(["snapshots", "percent", 1], float("inf")),
    "snapshot percent is true": _set(["snapshots", "percent", 1], True),
    "snapshot basis unknown": _set(["snapshots", "basis", 0], "vibes"),
    "snapshot visibility unknown": _set(["snapshots", "visibility", 0], "publik"),
    "snapshot goals not triples": _set(["snapshots", "goals", 0], [["a", 1]]),
    "file owns too many snapshots": _set(["files", "snapshots", 0], 3),
    "file owns too few snapshots": _set(["files", "snapshots", 0], 1),
    "file owns negative adjustments": _edit(["files", "adjustments"], lambda c: c.__setitem__(0, -1)),
    "renames without their counts": _set(["files", "former_paths", 0], ["goals/old.md"]),
    "record owns too many items": _set(["records", "items", 0], 3),
    "events own too many completions": _set(["events", "completions", 0], 2),
    "record blob is an option": _set(["records", "blob", 0], "--output=/tmp/goals-pwned"),
    "event blob is upper case": _edit(["events", "blob"], lambda c: c.__setitem__(0, c[0].upper())),
    "a file twice": _edit(["files"], lambda t: [t[k].append(v) for k, v in zip(t, A_SECOND_ROW)]),
    "a tip's events twice": _edit(["events"], lambda t: [t["blob"].append(t["blob"][0]), t["completions"].append(0)]),
}


def as_text(valid: dict, case) -> str:
    """A hostile cache file's text: given as it is, or as a change to the valid cache."""
    return case if isinstance(case, str) else edited(valid, case)


@pytest.mark.parametrize("case", [*WRONG_SHAPES, *WRONG_TYPES.values()], ids=[*(c[:20] for c in WRONG_SHAPES), *WRONG_TYPES])
def test_cache_loader_refuses_every_wrong_shape_and_type(tmp_path, valid, case):
    path = tmp_path / "history-0123456789abcdef.json"
    path.write_text(json.dumps(valid))
    assert FileCache(None, Options()).load(path).head is not None  # the real cache loads
    path.write_bytes(as_text(valid, case).encode("utf-8", "surrogateescape"))
    assert FileCache(None, Options()).load(path) == HistoryState()  # this one means: start from scratch


CLI_CASES = {"[]": "[]", "head 5": '{"version": 2, "head": 5}', "deep": WRONG_SHAPES[8], "null": "null",
             **{name: WRONG_TYPES[name] for name in (
                 "head is an option", "checked is text", "more checked than total",
                 "snapshot columns differ in length", "snapshot commit out of range")}}


@pytest.mark.parametrize("case", CLI_CASES.values(), ids=CLI_CASES.keys())
def test_malformed_cache_means_a_cold_scan_in_the_cli(cached_repo, valid, truth, case):
    for path in cache_files(cached_repo):
        path.write_text(as_text(valid, case))
    data, last_line = history_after(cached_repo)
    assert data == truth and last_line == "2 new commits read"
    again = run_goals("history", "goals", cwd=cached_repo.root).stdout
    assert again.strip().endswith("\ncache")  # and the cache written instead is good


def test_cache_that_is_a_fifo_or_a_link_is_not_read(cached_repo, truth, tmp_path_factory):
    (path,) = cache_files(cached_repo)
    fifo = tmp_path_factory.mktemp("elsewhere") / "fifo"
    os.mkfifo(fifo)
    path.unlink()
    path.symlink_to(fifo)  # reading it would block for ever
    data, _ = history_after(cached_repo)
    assert data == truth and path.is_symlink()  # never written through either
    path.unlink()
    os.mkfifo(path)
    assert history_after(cached_repo)[0] == truth


def test_cache_committed_to_the_repository_is_not_trusted_or_written(cached_repo, truth):
    """A pull request could commit a well-formed cache with a forged history in it."""
    (path,) = cache_files(cached_repo)
    forged = path.read_text().replace("Ben Okafor", "Forged Author")
    path.write_text(forged)
    cached_repo.repo.git.add("-f", str(path))
    cached_repo.commit("a cache", "2026-01-07T09:00:00+00:00")
    data, _ = history_after(cached_repo)
    assert "Forged Author" not in json.dumps(data) and data["goals/g.md"] == truth["goals/g.md"]
    assert path.read_text() == forged


def test_a_new_cache_folder_keeps_itself_out_of_commits(cached_repo):
    assert (cached_repo.root / ".cache/goals/.gitignore").read_text().endswith("\n*\n")
    assert cached_repo.repo.git.status("--porcelain", "--untracked-files=all") == ""  # `git add -A` takes none of it


def test_cache_folder_that_is_a_file_or_cannot_be_written(cached_repo, truth):
    cache = cached_repo.root / ".cache/goals"
    shutil.rmtree(cache)
    cache.write_text("a file where the cache folder should be\n")
    assert history_after(cached_repo)[0] == truth
    assert cache.read_text() == "a file where the cache folder should be\n"
    unwritable = "/proc/goals-cache"  # not even root may create it
    result = run_goals("history", "--format", "json", "--cache-dir", unwritable, "goals", cwd=cached_repo.root)
    assert clean(result) and result.returncode == 0 and json.loads(result.stdout) == truth


def test_cache_folder_linked_out_of_the_repository_is_not_written(cached_repo, truth, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    cache = cached_repo.root / ".cache"
    shutil.rmtree(cache)
    cache.symlink_to(outside, target_is_directory=True)
    assert history_after(cached_repo)[0] == truth
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("content", ["[]", '{"version": 2, "head": 5}'])
def test_site_build_with_a_malformed_cache_scans_and_builds(cached_repo, content):
    cached_repo.commit("site", "2026-01-08T09:00:00+00:00",
                       files={"mkdocs.yml": SITE, "docs/index.md": "# Home\n"})
    assert build(cached_repo.root).returncode == 0
    assert "history: 0 new commits read" in build(cached_repo.root).stderr  # the cache works
    for path in cache_files(cached_repo):
        path.write_text(content)
    result = build(cached_repo.root)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "history: 2 new commits read" in result.stderr  # a cold scan, not the broken cache


def test_a_missing_object_is_a_warning_and_the_history_goes_on(tmp_path):
    repo = GoalRepo(tmp_path)
    goal = "---\ntitle: Ship 3\nowner: ana\nstatus: on-track\ndue: 2026-06-30\n---\n# Ship 3\n\n- [{}] a\n- [{}] b\n"
    repo.commit("open", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal.format(" ", " ")})
    middle = repo.commit("one", "2026-01-06T09:00:00+00:00", files={"goals/g.md": goal.format("x", " ")})
    repo.commit("two", "2026-01-07T09:00:00+00:00", files={"goals/g.md": goal.format("x", "x")})
    blob = repo.repo.git.rev_parse(f"{middle}:goals/g.md")
    (tmp_path / ".git/objects" / blob[:2] / blob[2:]).unlink()  # a damaged clone: that version is gone
    result = run_goals("history", "--format", "json", "--no-cache", "goals", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "missing from the repository" in result.stderr
    snapshots = json.loads(result.stdout)["goals/g.md"]["snapshots"]
    assert [(s["checked"], s["total"]) for s in snapshots] == [(0, 2), (2, 2)]  # the missing one left out
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - goals\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    built = build(tmp_path)
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr
    assert "missing from the repository" in built.stderr

"""The faster history engine gives the old engine's answers, to the byte (issue 10).

The reference is the scan as it was before windows, derivation and other processes:
every version parsed in full, all in one window, in this process. Against it, on a
generated history with renames, deletions, rewordings and a merge: the engine as it
runs (windows, derivation), tiny windows (tips' bytes dropped between them), other
processes parsing, a warm cache, and a cache written at an older commit then brought
up to date. Every one must give the same JSON.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_goals.core.discovery import markdown_files
from mkdocs_goals.core.document.model import Options
from mkdocs_goals.core.history import engine
from mkdocs_goals.core.history.cache import FileCache, KeptCache
from mkdocs_goals.core.history.engine import history_for

OPTIONS = Options()
BENCH = Path(__file__).resolve().parent.parent / "bench"


def _generator():
    spec = importlib.util.spec_from_file_location("make_history_repo", BENCH / "make_history_repo.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_history_repo", module)
    spec.loader.exec_module(module)
    return module


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "Ben Okafor", "GIT_AUTHOR_EMAIL": "ben@example.com", "GIT_COMMITTER_NAME": "CI",
           "GIT_COMMITTER_EMAIL": "ci@example.com", "GIT_AUTHOR_DATE": "2027-01-02T10:00:00+02:00",
           "GIT_COMMITTER_DATE": "2027-01-02T10:00:00+02:00", "PATH": os.environ["PATH"], "HOME": str(root)}
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True, env=env).stdout


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """600 commits of 40 goals, then a branch and a merge that both tick boxes."""
    root = tmp_path_factory.mktemp("generated")
    _generator().generate(root, goals=40, commits=600, seed=7)
    files = sorted(p for p in (root / "goals").rglob("*.md") if "- [ ] " in p.read_text())
    git(root, "checkout", "-q", "-b", "side")
    side = files[0]
    side.write_text(side.read_text().replace("- [ ] ", "- [x] ", 1))
    git(root, "commit", "-q", "-am", "tick on a branch")
    git(root, "checkout", "-q", "main")
    main = files[1]
    main.write_text(main.read_text().replace("- [ ] ", "- [x] ", 1))
    git(root, "commit", "-q", "-am", "tick on main")
    git(root, "merge", "-q", "--no-ff", "--no-edit", "side")
    return root


def answer(root: Path, cache=None) -> str:
    """The JSON digest of the history of every goal file at HEAD."""
    result = history_for(markdown_files([root / "goals"]), OPTIONS, cache=cache)
    assert not result.warnings
    text = json.dumps({path: h.to_json() for path, h in sorted(result.files.items())}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(scope="module")
def reference(generated) -> str:
    """The old engine: every version parsed, one window, this process only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "derive_record", lambda *args: None)
        patch.setattr(engine, "WINDOW", 10**9)
        patch.setenv("GOALS_HISTORY_WORKERS", "1")
        return answer(generated)


def test_the_engine_as_it_runs(generated, reference, monkeypatch):
    monkeypatch.setenv("GOALS_HISTORY_WORKERS", "1")
    assert answer(generated) == reference


def test_tiny_windows_drop_bytes_and_still_derive_right(generated, reference, monkeypatch):
    monkeypatch.setattr(engine, "WINDOW", 7)
    monkeypatch.setenv("GOALS_HISTORY_WORKERS", "1")
    assert answer(generated) == reference


def test_other_processes_parsing(generated, reference, monkeypatch):
    """Every window after the first in a pool, while this process still derives what it can."""
    monkeypatch.setattr(engine, "WINDOW", 50)
    for name in ("PARALLEL_FROM", "PARALLEL_MIN", "PARALLEL_SHARE"):
        monkeypatch.setattr(engine, name, 0)
    monkeypatch.setenv("GOALS_HISTORY_WORKERS", "2")
    taken = []
    take = engine.Parsing.take
    monkeypatch.setattr(engine.Parsing, "take", lambda self, blob: taken.append(blob) or take(self, blob))
    assert answer(generated) == reference
    assert len(taken) > 20


def test_a_pool_that_fails_means_parsing_here(generated, reference, monkeypatch):
    monkeypatch.setattr(engine, "WINDOW", 50)
    for name in ("PARALLEL_FROM", "PARALLEL_MIN", "PARALLEL_SHARE"):
        monkeypatch.setattr(engine, name, 0)
    monkeypatch.setenv("GOALS_HISTORY_WORKERS", "2")
    monkeypatch.setattr(engine, "_read_records", _fails)
    assert answer(generated) == reference


def _fails(raws, options):
    raise MemoryError("a worker that could not parse")


def test_cold_warm_and_incremental_agree(generated, reference, tmp_path):
    cache = FileCache(tmp_path / "cache", OPTIONS)
    assert answer(generated, cache) == reference  # cold, writes the cache
    assert answer(generated, cache) == reference  # warm
    older = tmp_path / "older"
    subprocess.run(["git", "clone", "-q", str(generated), str(older)], check=True)
    git(older, "reset", "-q", "--hard", "HEAD~250")
    incremental = FileCache(tmp_path / "older-cache", OPTIONS)
    answer(older, incremental)  # the cache at an older commit
    git(older, "reset", "-q", "--hard", "origin/main")
    assert answer(older, incremental) == reference


def test_a_warm_run_parses_no_file(generated, tmp_path, monkeypatch):
    cache = FileCache(tmp_path / "cache", OPTIONS)
    answer(generated, cache)
    parsed = []
    monkeypatch.setattr(engine, "read_record", lambda raw, options: parsed.append(raw))
    answer(generated, cache)
    assert parsed == []


def test_an_uncommitted_version_is_parsed_once_across_rebuilds(generated, tmp_path, monkeypatch):
    kept = KeptCache(FileCache(tmp_path / "cache", OPTIONS))
    answer(generated, kept)
    edited = sorted(p for p in (generated / "goals").rglob("*.md") if "- [ ] " in p.read_text())[2]
    before = edited.read_bytes()
    try:
        edited.write_bytes(before.replace(b"- [ ] ", b"- [x] ", 1))
        read = engine.read_record
        parsed = []
        monkeypatch.setattr(engine, "read_record", lambda raw, options: parsed.append(raw) or read(raw, options))
        first, second = answer(generated, kept), answer(generated, kept)
        assert first == second and len(parsed) == 1
    finally:
        edited.write_bytes(before)

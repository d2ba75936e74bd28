"""The history cache's tables of columns give back exactly the state they were made from."""

from __future__ import annotations

import json

from gitrepo import GoalRepo, goal

from mkdocs_goals.core.document.model import Options
from mkdocs_goals.core.history.cache import FileCache, dump, encoded, load
from mkdocs_goals.core.history.engine import Completion, HistoryState, history_for

OPTIONS = Options()

METRIC = ("---\ntitle: Faster builds\nowner: ana\nstatus: on-track\ndue: {due}\n"
          "metric: {{baseline: 20, target: {target}, current: {current}, unit: min}}\n---\n# Faster\n\n"
          "## Action steps\n\n- [x] cache\n- [ ] {last}\n\n## Progress log\n\n{log}")
GOAL_SET = ("---\ntitle: Q2\nowner: ben\nstatus: on-track\n---\n# Q2\n\n"
            "## Goal 1: Docs\n\n- [x] write\n- [ ] review\n\n## Goal 2: Tests\n\n- [{tick}] unit\n")


def roundtrip(state: HistoryState) -> HistoryState:
    return load(json.loads(json.dumps(dump(state), separators=(",", ":"))))


def rich_history(tmp_path) -> HistoryState:
    """A state with renames, deletions (one re-added), plan changes (with a reason), a
    metric, a goal set, a private era, several authors and shared commits."""
    repo = GoalRepo(tmp_path)
    log = "### 2026-02-01\n\nStatus: on-track\n"
    repo.commit("start", "2026-01-05T09:00:00+00:00", files={
        "goals/ana/build.md": METRIC.format(due="2026-06-30", target=10, current=18, last="profile", log=""),
        "goals/ben/q2.md": GOAL_SET.format(tick=" "),
        "goals/old/name.md": goal("[ ] a", "[x] b"),
        "goals/gone.md": goal("[ ] c"),
        "goals/dropped.md": goal("[x] d"),
    })
    repo.commit("replan", "2026-02-01T10:00:00-05:00", author="Ben Okafor", files={
        "goals/ana/build.md": METRIC.format(due="2026-09-30", target=12, current=15.5, last="profile", log=log),
        "goals/ben/q2.md": GOAL_SET.format(tick="x"),
    })
    repo.move("goals/old/name.md", "goals/new/name.md")
    (repo.root / "goals/gone.md").unlink()
    (repo.root / "goals/dropped.md").unlink()
    repo.commit("move and drop", "2026-02-02T09:00:00+09:00", author="Chen Li")
    repo.commit("back, and a smaller scope", "2026-03-01T09:00:00+00:00", files={
        "goals/gone.md": goal("[x] c").replace("owner: ana\n", "owner: ana\nvisibility: private\n"),
        "goals/ana/build.md": METRIC.format(due="2026-09-30", target=12, current=14, last="x", log=log)
        .replace("- [ ] x\n", ""),
    })
    repo.commit("public again", "2026-03-02T09:00:00+00:00", files={"goals/gone.md": goal("[x] c")})
    saved: list[HistoryState] = []
    files = sorted((repo.root / "goals").rglob("*.md"))
    history_for(files, OPTIONS, cache=lambda *_: (HistoryState(), saved.append))
    (state,) = saved
    return state


def test_every_table_comes_back_as_it_was(tmp_path):
    state = rich_history(tmp_path)
    histories = state.histories.values()
    assert any(h.former_paths for h in histories) and any(h.adjustments for h in histories)
    snapshots = [s for h in histories for s in h.snapshots]
    assert any(s.goals for s in snapshots) and any(s.metric for s in snapshots)
    assert any(s.visibility == "private" for s in snapshots)
    assert any(a.reason for h in histories for a in h.adjustments) and state.events and state.deleted
    assert roundtrip(state) == state


def test_each_commit_is_written_once(tmp_path):
    data = dump(rich_history(tmp_path))
    assert len(data["commits"]["sha"]) == len(set(data["commits"]["sha"])) == 5
    assert all(type(i) is int for i in data["snapshots"]["commit"])


def test_a_completion_not_committed_yet_has_no_commit(tmp_path):
    state = rich_history(tmp_path)
    blob, events = next(iter(state.events.items()))
    key = next(iter(events))
    state.events[blob] = {**events, key: Completion(events[key].text, None, None, None, "public", 3)}
    assert roundtrip(state) == state
    assert None in dump(state)["completions"]["commit"]


def test_an_empty_state_and_an_older_version(tmp_path):
    assert roundtrip(HistoryState()) == HistoryState()
    assert load({**dump(HistoryState(head="0" * 40)), "version": 6}) == HistoryState()


def test_a_file_cache_reads_what_it_wrote(tmp_path):
    state = rich_history(tmp_path / "repo")
    cache = FileCache(tmp_path / "cache", OPTIONS)
    path = tmp_path / "cache" / "history-0123456789abcdef.json"
    cache.save(path, state)
    assert cache.load(path) == state


def test_the_file_is_written_a_table_at_a_time_and_is_the_same_json(tmp_path):
    """A save streams one table after another (the text of a whole 10,000-goal cache was
    held at once, twice): the file is byte for byte the one-shot JSON of `dump`, its
    commit table last, and each chunk is a single table."""
    state = rich_history(tmp_path / "repo")
    chunks = list(encoded(state))
    assert b"".join(chunks) == json.dumps(dump(state), separators=(",", ":")).encode()
    assert len(chunks) == len(dump(state)) + 1 and chunks[-2].startswith(b',"commits":')
    cache = FileCache(tmp_path / "cache", OPTIONS)
    path = tmp_path / "cache" / "history-0123456789abcdef.json"
    cache.save(path, state)
    assert path.read_bytes() == b"".join(chunks) and not list(path.parent.glob("*.tmp"))

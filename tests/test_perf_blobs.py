"""Bulk blob reads: every blob asked for, byte for byte, however many and whatever they hold."""

from __future__ import annotations

from gitrepo import GoalRepo
from mkdocs_goals.core.history.engine import git_blob_id
from mkdocs_goals.core.history.git import Repository


def test_blobs_read_in_bulk_are_exact(tmp_path):
    repo = GoalRepo(tmp_path)
    contents = [b"", b"\n", b"no newline at the end", b"\x00\xff binary\r\n\n" * 3, b"x" * 300_000]
    contents += [f"- [ ] item {i}\n".encode() * (i % 7) for i in range(3000)]  # more requests than a pipe holds
    for index, data in enumerate(contents):
        (tmp_path / f"f{index}.md").write_bytes(data)
    repo.commit("all", "2025-01-01T09:00:00+00:00")
    repository = Repository(tmp_path)
    ids = [git_blob_id(data) for data in contents]
    missing = "0123456789abcdef0123456789abcdef01234567"
    found = repository.blobs([*ids, missing, ids[3]])
    assert missing not in found
    assert found == {blob: data for blob, data in zip(ids, contents)}
    assert repository.blobs([]) == {}

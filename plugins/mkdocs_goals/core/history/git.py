"""Reading a repository's history in one pass: commits with the blob ids of changed files.

One `git log --raw` over all goal paths (never one per file) gives, for every commit,
the old and new blob of each changed file and its renames; blob contents then come
from one persistent `git cat-file --batch` (GitPython's object database).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NULL_BLOB = "0" * 40
_FORMAT = "%x01%H%x00%P%x00%an%x00%aI"


class GitUnavailable(RuntimeError):
    """No usable repository here: the message says why and what to do."""


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    date: str  # ISO 8601 with the author's offset


@dataclass(frozen=True)
class Change:
    """One file changed by a commit. `old_blob` is the first parent's version."""

    status: str  # A, M, D, R, C, T; merges with a resolution: M
    old_path: str | None
    path: str
    old_blob: str | None
    new_blob: str | None


class Repository:
    """A git work tree, reached through the `git` command and GitPython's object database."""

    def __init__(self, path: Path) -> None:
        if shutil.which("git") is None:
            raise GitUnavailable("git is not installed or not on PATH")
        try:
            import git  # imported here: GitPython refuses to import when git is missing
        except ImportError as error:
            raise GitUnavailable(f"git is not installed or not on PATH ({error})") from None
        try:
            self.repo = git.Repo(path, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitUnavailable(f"{path} is not inside a git repository") from None
        if self.repo.bare or self.repo.working_tree_dir is None:
            raise GitUnavailable(f"{path} is in a bare repository")
        self.root = Path(self.repo.working_tree_dir)

    def run(self, *args: str) -> bytes:
        """Run git in the work tree; raises CalledProcessError when it fails."""
        result = subprocess.run(
            ["git", "-C", str(self.root), *args], capture_output=True, stdin=subprocess.DEVNULL, check=False
        )
        if result.returncode != 0:
            raise subprocess.CalledProcessError(result.returncode, args, result.stdout, result.stderr)
        return result.stdout

    def head(self) -> str | None:
        """The commit HEAD points at, or None before the first commit."""
        try:
            return self.run("rev-parse", "--verify", "-q", "HEAD^{commit}").decode().strip() or None
        except subprocess.CalledProcessError:
            return None

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def is_ancestor(self, older: str, newer: str) -> bool:
        try:
            self.run("merge-base", "--is-ancestor", older, newer)
            return True
        except subprocess.CalledProcessError:
            return False

    def log(self, pathspecs: list[str], since: str | None = None) -> Iterator[tuple[Commit, list[Change]]]:
        """Commits touching `pathspecs`, oldest first (parents before children), with their changes.

        `since` limits to commits after it (an ancestor of HEAD). Clean merges list no
        changes; a merge whose result differs from every parent lists it against the first.
        """
        revision = f"{since}..HEAD" if since else "HEAD"
        raw = self.run(
            "-c", "core.quotePath=false", "log", "--reverse", "--topo-order", "--raw", "-M", "--cc",
            "--no-abbrev", "-z", f"--format={_FORMAT}", revision, "--", *pathspecs,
        )
        for chunk in raw.split(b"\x01")[1:]:
            fields = chunk.split(b"\x00")
            sha, parents, author, date = (f.decode("utf-8", "replace") for f in fields[:4])
            commit = Commit(sha, tuple(parents.split()), author.strip(), date.strip())
            yield commit, list(parse_raw(fields[4:]))

    def blob(self, sha: str) -> bytes:
        """A blob's bytes, through GitPython's persistent `git cat-file --batch`."""
        return self.repo.odb.stream(bytes.fromhex(sha)).read()

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """Many blobs in one `git cat-file --batch` run: no round trip per blob."""
        if not shas:
            return {}
        out = subprocess.run(
            ["git", "-C", str(self.root), "cat-file", "--batch"],
            input="\n".join(shas).encode() + b"\n", capture_output=True, check=True,
        ).stdout
        found, pos = {}, 0
        while pos < len(out):
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            size = int(header[2])
            found[header[0].decode()] = out[pos : pos + size]
            pos += size + 1
        return found

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def close(self) -> None:
        self.repo.close()


def parse_raw(fields: list[bytes]) -> Iterator[Change]:
    """Changes from `--raw -z` output split on NUL (git log and git diff write the same)."""
    i = 0
    while i < len(fields):
        head = fields[i].strip(b"\n")
        i += 1
        if not head.startswith(b":"):
            continue
        parents = len(head) - len(head.lstrip(b":"))
        parts = head.lstrip(b":").decode().split()
        blobs = parts[parents + 1 : 2 * parents + 2]
        status = parts[-1]
        if parents > 1:  # a merge's combined diff: compare the result with the first parent
            path = fields[i].decode("utf-8", "replace")
            i += 1
            old, new = blobs[0], blobs[-1]
            yield Change("M", path, path, None if old == NULL_BLOB else old, None if new == NULL_BLOB else new)
            continue
        old, new = blobs
        if status[0] in "RC":
            old_path, path = fields[i].decode("utf-8", "replace"), fields[i + 1].decode("utf-8", "replace")
            i += 2
        else:
            old_path = path = fields[i].decode("utf-8", "replace")
            i += 1
        yield Change(
            status[0], old_path, path, None if old == NULL_BLOB else old, None if new == NULL_BLOB else new
        )

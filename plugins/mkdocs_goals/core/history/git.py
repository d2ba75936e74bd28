"""Reading a repository's history in one pass: commits with the blob ids of changed files.

One `git log --raw` over all goal paths (never one per file) gives, for every commit,
the old and new blob of each changed file and its renames; one `git diff-tree --stdin`
per kind of parent adds what merges changed; blob contents then come from one
`git cat-file --batch` run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO

from ..discovery import RealPaths, relative_text

NULL_BLOB = "0" * 40
_FORMAT = "%x01%H%x00%P%x00%an%x00%aI"
MARKDOWN = ("*.[mM][dD]", "*.[mM][aA][rR][kK][dD][oO][wW][nN]")  # git's `*` crosses folders


def markdown_in(folder: str) -> list[str]:
    """Pathspecs of the Markdown files under `folder` (itself a pathspec: see `literal`),
    at any depth and whatever the case of their suffix."""
    return [f"{folder}/{pattern}" for pattern in MARKDOWN]


def literal(name: str) -> str:
    """A path as a pathspec that matches only itself: git's wildcard characters escaped."""
    return re.sub(r"([*?\[\\])", r"\\\1", name)


class GitUnavailable(RuntimeError):
    """No usable repository here: the message says why and what to do."""


class _Unanswered(RuntimeError):
    """`git diff-tree --stdin` did not answer every merge it was asked about."""


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
    """A git work tree, reached through the `git` command and GitPython's object database.

    The work tree is found by `git rev-parse`, as every later git command will see it;
    GitPython (a tenth of a second to import) is opened only to read a single blob, which
    a run with a current cache never does."""

    def __init__(self, path: Path) -> None:
        if shutil.which("git") is None:
            raise GitUnavailable("git is not installed or not on PATH")
        found = _git_at(path, "rev-parse", "--show-toplevel")
        if found.returncode != 0:
            if _git_at(path, "rev-parse", "--is-bare-repository").stdout.strip() == b"true":
                raise GitUnavailable(f"{path} is in a bare repository")
            reason = found.stderr.decode(errors="replace").strip().splitlines()
            detail = "" if not reason or "not a git repository" in reason[0] else f" ({reason[0].removeprefix('fatal: ')})"
            raise GitUnavailable(f"{path} is not inside a git repository{detail}")
        self.root = Path(os.fsdecode(found.stdout.removesuffix(b"\n")))
        self._real_path = RealPaths()  # for `relative`

    @cached_property
    def repo(self):  # noqa: ANN201 - a git.Repo; typed loosely so that importing this module needs no GitPython
        """GitPython's view of the work tree, opened on first use."""
        try:
            import git  # imported here: GitPython refuses to import when git is missing
        except ImportError as error:
            raise GitUnavailable(f"git is not installed or not on PATH ({error})") from None
        return git.Repo(self.root)

    def run(self, *args: str, env: dict[str, str] | None = None) -> bytes:
        """Run git in the work tree; raises CalledProcessError when it fails."""
        result = subprocess.run(
            ["git", "-C", str(self.root), *args], capture_output=True, stdin=subprocess.DEVNULL, check=False, env=env
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

        For pathspecs made by `markdown_in(folder)`, git walks the whole folder (a plain
        folder is quicker for it to match than a wildcard, and it pairs renames as it
        always did there), and only the changes of Markdown files are kept, with those of
        the names a Markdown file had before it was renamed from them (a `README` that
        became `README.md` keeps its history; before `since` too, when that rename is new).
        """
        walk = list(dict.fromkeys(_walked(spec) for spec in pathspecs))
        if walk == pathspecs:
            keep = None
        else:
            specs = set(pathspecs)

            def keep(path: str) -> bool:
                return _matches(path, specs)

        try:
            entries, renamed_from = self.log_first_parent(walk, since, keep=keep)
            earlier = self.log_first_parent(walk, None, until=since, keep=_NOTHING, renamed_from=renamed_from)[0] \
                if since and renamed_from else []
        except _Unanswered:  # never seen; the combined diff is slower but needs no pairing
            entries, renamed_from = _kept(self.log_combined(walk, since), keep)
            earlier = _kept(self.log_combined(walk, None, until=since), _NOTHING, renamed_from)[0] \
                if since and renamed_from else []
        return iter(earlier + entries)

    def log_combined(
        self, pathspecs: list[str], since: str | None = None, until: str = "HEAD"
    ) -> list[tuple[Commit, list[Change]]]:
        """`log` from git's combined diffs (`--cc`): exact, but git diffs every merge
        against each parent with rename detection, which dominates on branchy histories."""
        return [(commit, list(parse_raw(fields))) for commit, fields in self._log_entries(pathspecs, since, until, "--cc")]

    def log_first_parent(
        self, pathspecs: list[str], since: str | None = None, until: str = "HEAD", *,
        keep: Callable[[str], bool] | None = None, renamed_from: set[str] | None = None,
    ) -> tuple[list[tuple[Commit, list[Change]]], set[str]]:
        """`log` from first-parent diffs: what `--cc` lists, found cheaper.

        The walk is `git log`'s own (it lists no diffs for merges). A merge's path is in
        its combined diff when it is in its diff against every parent: the diffs against
        first parents come from one `git diff-tree --stdin` (renames detected, as `-M`
        does for the combined diff); against the other parents, a path is in the diff
        when its mode or blob there differs from the merge's, which one `cat-file` run
        of the parents' folders tells. That is the diff without rename detection, which
        could only pair a deleted path away: the rare merge that deletes a path its other
        parent has is asked again with it.
        """
        entries = [
            (commit, list(parse_raw(fields))) for commit, fields in self._log_entries(pathspecs, since, until, None)
        ]
        merges = [commit for commit, _ in entries if len(commit.parents) > 1]
        firsts = self._diff_tree([(m.sha, m.parents[0]) for m in merges], pathspecs, renames=True)
        results = {m.sha: list(_parse_raw(chunk.split(b"\x00"))) for m, chunk in zip(merges, firsts)}
        if keep is not None:  # merges count as changes against their first parent, not as renames
            entries = [(c, [change for change, _ in results[c.sha]] if c.sha in results else listed)
                       for c, listed in entries]
            entries, renamed_from = _kept(entries, keep, renamed_from)
            listed_by = {commit.sha: set(map(id, listed)) for commit, listed in entries if commit.sha in results}
            results = {sha: [(c, mode) for c, mode in found if id(c) in listed_by.get(sha, ())]
                       for sha, found in results.items()}
            merges = [m for m in merges if m.sha in listed_by]
        changes = {sha: [change for change, _ in found] for sha, found in results.items()}
        pairs = [(m.sha, parent) for m in merges if changes[m.sha] for parent in m.parents[1:]]
        others = self._differing(pairs, results, pathspecs)
        uncertain = [
            pair for pair in pairs if any(c.status == "D" and c.path in others[pair] for c in changes[pair[0]])
        ]
        for pair, chunk in zip(uncertain, self._diff_tree(uncertain, pathspecs, renames=True)):
            others[pair] = {change.path for change in parse_raw(chunk.split(b"\x00"))}
        for merge in merges:
            changes[merge.sha] = [
                Change("M", change.path, change.path, change.old_blob, change.new_blob)
                for change in changes[merge.sha]
                if all(change.path in others[(merge.sha, parent)] for parent in merge.parents[1:])
            ]
        return [(commit, changes.get(commit.sha, listed)) for commit, listed in entries], renamed_from or set()

    def _differing(
        self, pairs: list[tuple[str, str]], results: dict[str, list[tuple[Change, int]]], pathspecs: list[str]
    ) -> dict[tuple[str, str], set[str]]:
        """For each (merge, other parent), which of the merge's first-parent changes name a
        path whose mode or blob in the other parent is not the merge's."""
        plain = [pair for pair in pairs if not any(_unspeakable(c.path) for c, _ in results[pair[0]])]
        folders = sorted({(parent, change.path.rpartition("/")[0]) for merge, parent in plain
                          for change, _ in results[merge]})
        trees = {
            place: _tree_entries(found[2]) if found is not None and found[1] == b"tree" else {}
            for place, found in zip(folders, self._objects([f"{parent}:{folder}" for parent, folder in folders]))
        }
        differing = {}
        for merge, parent in plain:
            differing[(merge, parent)] = {
                change.path for change, mode in results[merge]
                if trees[(parent, change.path.rpartition("/")[0])].get(change.path.rpartition("/")[2].encode())
                != ((mode, change.new_blob) if change.new_blob else None)
            }
        hard = [pair for pair in pairs if pair not in differing]  # paths git writes other than we read them
        for pair, chunk in zip(hard, self._diff_tree(hard, pathspecs, renames=False)):
            differing[pair] = {change.path for change in parse_raw(chunk.split(b"\x00"))}
        return differing

    def _log_entries(
        self, pathspecs: list[str], since: str | None, until: str, merges: str | None
    ) -> Iterator[tuple[Commit, list[bytes]]]:
        """`git log --raw` over the paths, oldest first, as commits and their raw fields."""
        revision = f"{since}..{until}" if since else until
        raw = self.run(
            "-c", "core.quotePath=false", "log", "--reverse", "--topo-order", "--raw", "-M", *filter(None, [merges]),
            "--no-abbrev", "-z", f"--format={_FORMAT}", revision, "--", *pathspecs, env=_pathspec_env(),
        )
        for chunk in raw.split(b"\x01")[1:]:
            fields = chunk.split(b"\x00")
            sha, parents, author, date = (f.decode("utf-8", "replace") for f in fields[:4])
            yield Commit(sha, tuple(parents.split()), author.strip(), date.strip()), fields[4:]

    def _diff_tree(
        self, pairs: list[tuple[str, str]], pathspecs: list[str], *, renames: bool, only: str = ""
    ) -> list[bytes]:
        """For each (commit, other), the raw `-z` diff from `other` to `commit` in one
        `git diff-tree --stdin` run (`only`: git's --diff-filter). Each path in it stands
        between NULs, after its status."""
        if not pairs:
            return []
        out = subprocess.run(
            ["git", "-C", str(self.root), "-c", "core.quotePath=false", "diff-tree", "--stdin", "-r", "--raw",
             "--no-abbrev", "-z", "--always", "--format=%x01", "-M" if renames else "--no-renames",
             *([f"--diff-filter={only}"] if only else []), "--", *pathspecs],
            input="".join(f"{commit} {other}\n" for commit, other in pairs).encode(), capture_output=True, check=True,
            env=_pathspec_env(),
        ).stdout
        diffs = out.split(b"\x01")[1:]
        if len(diffs) != len(pairs):
            raise _Unanswered(f"git diff-tree answered {len(diffs)} of {len(pairs)} merge diffs")
        return diffs

    def blob(self, sha: str) -> bytes:
        """A blob's bytes, through GitPython's persistent `git cat-file --batch`."""
        return self.repo.odb.stream(bytes.fromhex(sha)).read()

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """Many blobs in one `git cat-file --batch` run: no round trip per blob."""
        return {sha: found[2] for sha, found in zip(shas, self._objects(shas)) if found is not None}

    def _objects(self, names: list[str]) -> list[tuple[str, bytes, bytes] | None]:
        """For each object name (`<sha>`, `<commit>:<path>`), its id, type and bytes, or
        None when git has no such object; one `git cat-file --batch` run.

        Read as git writes them, so each object's bytes are held once (not once in a
        buffer of the whole output and again as a slice of it)."""
        if not names:
            return []
        process = subprocess.Popen(
            ["git", "-C", str(self.root), "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=1 << 20,
        )
        assert process.stdin is not None and process.stdout is not None
        requests = "\n".join(names).encode() + b"\n"
        writer = threading.Thread(target=_write_and_close, args=(process.stdin, requests), daemon=True)
        writer.start()
        found: list[tuple[str, bytes, bytes] | None] = []
        read, readline = process.stdout.read, process.stdout.readline
        for _ in names:
            header = readline()
            if not header:
                break
            fields = header.split()
            if header.endswith((b" missing\n", b" ambiguous\n")) or len(fields) != 3:
                found.append(None)
                continue
            found.append((fields[0].decode(), fields[1], read(int(fields[2]))))
            read(1)  # the newline after the contents
        writer.join()
        process.stdout.close()
        if process.wait() != 0 or len(found) != len(names):
            raise subprocess.CalledProcessError(process.returncode, ["cat-file", "--batch"])
        return found

    def relative(self, path: Path) -> str:
        """`path` relative to the work tree, links resolved; each folder is resolved once
        per repository object (thousands of goal files share a few hundred folders)."""
        inside = relative_text(self._real_path(path), str(self.resolved_root))
        if inside is None:
            raise ValueError(f"{path} is not inside {self.resolved_root}")
        return inside

    @cached_property
    def resolved_root(self) -> Path:
        return self.root.resolve()

    def close(self) -> None:
        if "repo" in self.__dict__:
            self.repo.close()


def _git_at(path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(path), *args], capture_output=True, stdin=subprocess.DEVNULL, check=False)


def _NOTHING(path: str) -> bool:
    return False


def _folder_of(spec: str) -> str | None:
    """The folder of a `markdown_in` pathspec, else None."""
    for pattern in MARKDOWN:
        if spec.endswith("/" + pattern):
            return spec[: -len(pattern) - 1]
    return None


def _walked(spec: str) -> str:
    """What git walks for a pathspec: a `markdown_in` one's whole folder."""
    folder = _folder_of(spec)
    return spec if folder is None else ":(literal)" + _unescaped(folder)


def _unescaped(spec: str) -> str:
    return re.sub(r"\\(.)", r"\1", spec)


def _matches(path: str, specs: set[str]) -> bool:
    """Whether git would match `path` with one of `specs` (`markdown_in` ones, or `literal`)."""
    for spec in specs:
        folder = _folder_of(spec)
        if folder is None:
            name = _unescaped(spec)
            if path == name or path.startswith(name + "/"):
                return True
        elif path.startswith(_unescaped(folder) + "/") and path.lower().endswith(
            ".md" if spec.endswith(MARKDOWN[0]) else ".markdown"
        ):
            return True
    return False


def _kept(
    entries: list[tuple[Commit, list[Change]]], keep: Callable[[str], bool] | None, renamed_from: set[str] | None = None
) -> tuple[list[tuple[Commit, list[Change]]], set[str]]:
    """The changes `keep` wants, those that rename a kept path away, and those of every
    name a kept path had before a rename (walking back from the newest commit; paths in
    `renamed_from` count as such names from the start). Commits left without changes are
    dropped, except those that had none. Also returns the names found."""
    if keep is None:
        return entries, set()
    wanted = set(renamed_from or ())
    kept: list[tuple[Commit, list[Change]]] = []
    for commit, changes in reversed(entries):
        chosen = [c for c in changes if keep(c.path) or c.path in wanted or (c.status == "R" and keep(c.old_path))]
        for change in chosen:
            if change.status == "R" and change.old_path and not keep(change.old_path):
                wanted.add(change.old_path)
        if chosen or not changes:
            kept.append((commit, chosen))
    kept.reverse()
    return kept, wanted - set(renamed_from or ())


def _pathspec_env() -> dict[str, str]:
    """This environment with git's pathspec switches off: the history's pathspecs are
    wildcard patterns (`goals/*.[mM][dD]`) and must mean the same for everyone."""
    switches = ("GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS")
    return {**os.environ, **dict.fromkeys(switches, "0")}


def _write_and_close(pipe: IO[bytes], data: bytes) -> None:
    try:
        pipe.write(data)
        pipe.close()
    except BrokenPipeError:  # git stopped early; its exit status says why
        pass


def parse_raw(fields: list[bytes]) -> Iterator[Change]:
    """Changes from `--raw -z` output split on NUL (git log and git diff write the same)."""
    for change, _ in _parse_raw(fields):
        yield change


def _parse_raw(fields: list[bytes]) -> Iterator[tuple[Change, int]]:
    """`parse_raw`, with each change's resulting file mode (0 when deleted)."""
    i = 0
    while i < len(fields):
        head = fields[i].strip(b"\n")
        i += 1
        if not head.startswith(b":"):
            continue
        parents = len(head) - len(head.lstrip(b":"))
        parts = head.lstrip(b":").decode().split()
        blobs = parts[parents + 1 : 2 * parents + 2]
        mode = int(parts[parents], 8)
        status = parts[-1]
        if parents > 1:  # a merge's combined diff: compare the result with the first parent
            path = fields[i].decode("utf-8", "replace")
            i += 1
            old, new = blobs[0], blobs[-1]
            yield Change("M", path, path, None if old == NULL_BLOB else old, None if new == NULL_BLOB else new), mode
            continue
        old, new = blobs
        if status[0] in "RC":
            old_path, path = fields[i].decode("utf-8", "replace"), fields[i + 1].decode("utf-8", "replace")
            i += 2
        else:
            old_path = path = fields[i].decode("utf-8", "replace")
            i += 1
        change = Change(status[0], old_path, path, None if old == NULL_BLOB else old, None if new == NULL_BLOB else new)
        yield change, mode


def _tree_entries(tree: bytes) -> dict[bytes, tuple[int, str]]:
    """A raw tree object's entries: name -> (mode, object id)."""
    entries, pos, size = {}, 0, len(NULL_BLOB) // 2
    while pos < len(tree):
        space = tree.index(b" ", pos)
        nul = tree.index(b"\x00", space)
        entries[tree[space + 1 : nul]] = (int(tree[pos:space], 8), tree[nul + 1 : nul + 1 + size].hex())
        pos = nul + 1 + size
    return entries


def _unspeakable(path: str) -> bool:
    """A path that a `<commit>:<path>` request cannot name as git stores it."""
    return "\ufffd" in path or "\n" in path

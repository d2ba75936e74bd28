"""`Repository.log` reads first-parent diffs and lists exactly what git's combined diffs (`--cc`) list.

The combined-diff reader (`log_combined`) is the oracle: on generated branchy histories
with merges, conflict resolutions (ours, theirs, both, deleted), merges that change
files of their own, octopus merges, renames on one side and edits on the other,
deletions, re-adds, mode changes and non-Markdown files, both readers must give the
same commits in the same order with the same changes, for several pathspecs and for
`since` ranges.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import git
import pytest

from gitrepo import GoalRepo
from mkdocs_goals.core.history.engine import _pathspecs
from mkdocs_goals.core.history.git import Change, Repository, literal

WORDS = "ship review mentor design test deploy audit write spec measure".split()


class Branchy:
    """A repository grown by random operations on several branches, at fixed dates."""

    def __init__(self, root: Path, seed: int) -> None:
        self.goals = GoalRepo(root)
        self.git = self.goals.repo.git
        self.rng = random.Random(seed)
        self.tick = 0
        self.branches = ["main"]

    def env(self) -> dict[str, str]:
        self.tick += 1
        date = f"2025-01-{1 + self.tick // 24:02d}T{self.tick % 24:02d}:00:00+01:00"
        author = self.rng.choice(["Ana Ruiz", "Ben Okafor", "Chen Wei"])
        return {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_AUTHOR_DATE": date,
                "GIT_COMMITTER_DATE": date}

    def files(self) -> list[str]:
        return sorted(self.git.ls_files().split("\n")) if self.git.ls_files() else []

    def text(self) -> str:
        items = "\n".join(f"- [{self.rng.choice(' x')}] {self.rng.choice(WORDS)} {i}" for i in range(self.rng.randint(2, 6)))
        return f"---\ntitle: {self.rng.choice(WORDS)}\nstatus: on-track\n---\n# Goal\n\n{items}\n"

    def edit(self) -> None:
        """One to three changes to the work tree of the current branch."""
        for _ in range(self.rng.randint(1, 3)):
            files = self.files()
            roll = self.rng.random()
            markdown = [f for f in files if f.lower().endswith((".md", ".markdown"))]
            if roll < 0.25 or not markdown:
                folder = self.rng.choice(["goals", "goals/ana", "goals/ben", "docs"])
                suffix = self.rng.choice([".md", ".md", ".MD", ".markdown", ".yml", ".png"])
                self.goals.write(f"{folder}/{self.rng.choice(WORDS)}-{self.rng.randint(0, 30)}{suffix}", self.text())
            elif roll < 0.6:
                name = self.rng.choice(markdown)
                path = self.goals.root / name
                text = path.read_text()
                path.write_text(text.replace("[ ]", "[x]", 1) if "[ ]" in text and self.rng.random() < 0.7 else self.text())
            elif roll < 0.72:
                old = self.rng.choice(markdown)
                new = f"{self.rng.choice(['goals/ana', 'goals/ben', 'goals', 'docs'])}/{Path(old).stem}-moved{Path(old).suffix}"
                if new not in files:
                    self.goals.move(old, new)
                    if self.rng.random() < 0.5:  # a rename with an edit
                        (self.goals.root / new).write_text((self.goals.root / new).read_text() + "- [ ] more\n")
            elif roll < 0.82:
                self.git.rm("-q", "-f", self.rng.choice(files))
            elif roll < 0.87:
                name = self.rng.choice(files)
                mode = self.rng.choice(["+x", "-x"])
                self.git.update_index(f"--chmod={mode}", name)
            else:
                name = self.rng.choice(files)
                (self.goals.root / name).write_text(self.text())

    def commit(self) -> None:
        self.git.add("-A")
        with self.git.custom_environment(**self.env()):
            self.git.commit("-q", "--allow-empty", "-m", f"change {self.tick}")

    def merge(self, others: list[str]) -> None:
        try:
            with self.git.custom_environment(**self.env()):
                self.git.merge("--no-ff", "--no-commit", "-q", *others)
        except git.GitCommandError:
            if len(others) > 1:  # an octopus refuses conflicts
                self.git.merge("--abort")
                return
            self.resolve()
        if self.rng.random() < 0.2:  # a merge that changes a file of its own
            markdown = [f for f in self.files() if f.endswith(".md")]
            if markdown:
                (self.goals.root / self.rng.choice(markdown)).write_text(self.text())
        self.git.add("-A")
        with self.git.custom_environment(**self.env()):
            self.git.commit("-q", "--allow-empty", "-m", f"merge {' '.join(others)}")

    def resolve(self) -> None:
        conflicted = sorted({line.split("\t", 1)[1] for line in self.git.ls_files("-u").splitlines()})
        for name in conflicted:
            way = self.rng.choice(["ours", "theirs", "both", "delete", "new"])
            path = self.goals.root / name
            if way in ("ours", "theirs"):
                try:
                    self.git.checkout(f"--{way}", "--", name)
                except git.GitCommandError:  # that side deleted it
                    self.git.rm("-q", "--cached", "--ignore-unmatch", name)
                    path.unlink(missing_ok=True)
            elif way == "delete":
                self.git.rm("-q", "--cached", "--ignore-unmatch", name)
                path.unlink(missing_ok=True)
            elif way == "both":
                path.parent.mkdir(parents=True, exist_ok=True)
                text = path.read_text() if path.exists() else ""
                path.write_text("\n".join(line for line in text.splitlines() if not line.startswith(("<<<<", "====", ">>>>"))) + "\n")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(self.text())

    def grow(self, steps: int) -> None:
        self.edit()
        self.commit()
        for _ in range(steps):
            roll = self.rng.random()
            current = self.git.rev_parse("--abbrev-ref", "HEAD")
            if roll < 0.15 and len(self.branches) < 5:
                name = f"b{len(self.branches)}"
                start = self.rng.choice(["HEAD", "HEAD~1"]) if self.git.rev_list("--count", "HEAD") != "1" else "HEAD"
                self.git.checkout("-q", "-b", name, start)
                self.branches.append(name)
            elif roll < 0.3:
                self.git.checkout("-q", self.rng.choice(self.branches))
            elif roll < 0.5 and len(self.branches) > 1:
                others = [b for b in self.branches if b != current]
                chosen = self.rng.sample(others, k=min(len(others), 2 if self.rng.random() < 0.15 else 1))
                self.merge(chosen)
            else:
                self.edit()
                self.commit()
        self.git.checkout("-q", "main")
        others = [b for b in self.branches if b != "main"]
        if others:
            self.merge(others[-1:])


def pathspec_sets(repository: Repository) -> list[list[str]]:
    markdown = [f for f in repository.run("ls-files").decode().splitlines() if f.lower().endswith((".md", ".markdown"))]
    return [["goals"], ["goals", "docs"], ["."], _pathspecs(markdown) or ["goals"]]


def assert_same_log(repository: Repository, specs: list[str], since: str | None = None) -> None:
    expected = list(repository.log_combined(specs, since))
    actual, _ = repository.log_first_parent(specs, since)
    assert [commit for commit, _ in actual] == [commit for commit, _ in expected]
    for (commit, changes), (_, wanted) in zip(actual, expected):
        assert changes == wanted, commit


@pytest.mark.parametrize("seed", range(8))
def test_generated_branchy_histories_log_as_the_combined_diff_does(tmp_path, seed):
    history = Branchy(tmp_path, seed)
    history.grow(45)
    repository = Repository(tmp_path)
    merges = [c for c, _ in repository.log_combined(["."]) if len(c.parents) > 1]
    assert merges, "the generator should have merged something"
    for specs in pathspec_sets(repository):
        assert_same_log(repository, specs)
    commits = [c.sha for c, _ in repository.log_combined(["."])]
    for since in commits[len(commits) // 3 :: max(1, len(commits) // 3)]:
        assert_same_log(repository, ["goals"], since)


def scenario(tmp_path: Path) -> tuple[GoalRepo, Repository]:
    goals = GoalRepo(tmp_path)
    goals.commit("start", "2025-01-01T09:00:00+00:00", files={
        "goals/a.md": "# A\n\n- [ ] one\n- [ ] two\n", "goals/b.md": "# B\n\n- [ ] one\n",
        "goals/c.md": "# C\n\n- [ ] gone\n", "goals/d.yml": "x: 1\n",
    })
    return goals, Repository(tmp_path)


def branch(goals: GoalRepo, name: str) -> None:
    goals.repo.git.checkout("-q", "-b", name)


def test_conflict_resolutions_deletions_and_renames(tmp_path):
    goals, repository = scenario(tmp_path)
    branch(goals, "side")
    goals.move("goals/b.md", "goals/ana/b.md")  # renamed on the side ...
    goals.commit("side: move b, tick a", "2025-01-02T09:00:00+00:00",
                 files={"goals/a.md": "# A\n\n- [x] one\n- [ ] two\n"})
    goals.repo.git.checkout("-q", "main")  # ... edited on main
    goals.commit("main: tick a, edit b", "2025-01-03T09:00:00+00:00",
                 files={"goals/a.md": "# A\n\n- [ ] one\n- [x] two\n", "goals/b.md": "# B\n\n- [x] one\n"})
    with pytest.raises(git.GitCommandError):
        goals.repo.git.merge("--no-ff", "--no-commit", "side")
    goals.write("goals/a.md", "# A\n\n- [x] one\n- [x] two\n")  # both ticks kept
    (tmp_path / "goals/c.md").unlink()  # and a file both parents have, deleted by the merge
    goals.commit("merge side", "2025-01-04T09:00:00+00:00")
    log = list(repository.log(["goals"]))
    merge, changes = log[-1]
    assert len(merge.parents) == 2
    # a.md: both ticks kept; ana/b.md: renamed on the side, edited on main; c.md: deleted
    assert {c.path for c in changes} == {"goals/a.md", "goals/ana/b.md", "goals/c.md"}
    assert all(c.status == "M" for c in changes)
    for specs in (["goals"], _pathspecs(["goals/a.md", "goals/ana/b.md"]), ["."]):
        assert_same_log(repository, specs)


def test_clean_merges_list_no_changes(tmp_path):
    goals, repository = scenario(tmp_path)
    branch(goals, "side")
    goals.commit("side: tick b", "2025-01-02T09:00:00+00:00", files={"goals/b.md": "# B\n\n- [x] one\n"})
    goals.repo.git.checkout("-q", "main")
    goals.commit("main: tick a", "2025-01-03T09:00:00+00:00", files={"goals/a.md": "# A\n\n- [x] one\n- [ ] two\n"})
    goals.merge("side", "2025-01-04T09:00:00+00:00")
    log = list(repository.log(["goals"]))
    assert len(log[-1][0].parents) == 2 and log[-1][1] == []
    assert_same_log(repository, ["goals"])


def test_mode_change_and_octopus_merge(tmp_path):
    goals, repository = scenario(tmp_path)
    for name, path in (("one", "goals/a.md"), ("two", "goals/b.md")):
        goals.repo.git.checkout("-q", "-b", name, "main")
        goals.commit(f"{name}: tick", "2025-01-02T09:00:00+00:00", files={path: f"# {name}\n\n- [x] one\n"})
    goals.repo.git.checkout("-q", "main")
    goals.repo.git.update_index("--chmod=+x", "goals/c.md")
    goals.commit("main: mode", "2025-01-03T09:00:00+00:00")
    with goals.repo.git.custom_environment(GIT_AUTHOR_DATE="2025-01-04T09:00:00+00:00",
                                           GIT_COMMITTER_DATE="2025-01-04T09:00:00+00:00"):
        goals.repo.git.merge("--no-ff", "--no-commit", "one", "two")
    goals.repo.git.update_index("--chmod=-x", "goals/c.md")  # the merge undoes the mode change
    goals.commit("octopus", "2025-01-04T09:00:00+00:00")
    assert len(list(repository.log(["goals"]))[-1][0].parents) == 3
    assert_same_log(repository, ["goals"])
    assert_same_log(repository, ["."])


def test_changes_keep_their_documented_shape(tmp_path):
    goals, repository = scenario(tmp_path)
    goals.move("goals/a.md", "goals/ana/a.md")
    goals.commit("move", "2025-01-02T09:00:00+00:00")
    log = list(repository.log(["goals"]))
    assert log[-1][1] == [Change("R", "goals/a.md", "goals/ana/a.md", log[0][1][0].new_blob, log[0][1][0].new_blob)]


def test_merge_that_deletes_what_the_other_parent_renames_away(tmp_path):
    """Without rename detection the other parent's diff would list the deleted path; with
    it (as `--cc -M` diffs) the path is a rename source, so the merge does not list it."""
    goals, repository = scenario(tmp_path)
    branch(goals, "side")
    goals.commit("side: edit c", "2025-01-02T09:00:00+00:00", files={"goals/c.md": "# C\n\n- [x] gone\n- [ ] kept\n"})
    goals.repo.git.checkout("-q", "main")
    goals.commit("main: add e", "2025-01-03T09:00:00+00:00", files={"goals/e.md": "# E\n\nnothing alike\n"})
    goals.repo.git.merge("--no-ff", "--no-commit", "side")
    goals.write("goals/e.md", "# C\n\n- [x] gone\n- [ ] kept\n")  # the side's c.md, now as e.md
    goals.repo.git.rm("-q", "-f", "goals/c.md")
    goals.commit("merge side", "2025-01-04T09:00:00+00:00")
    merge, changes = list(repository.log(["goals"]))[-1]
    assert len(merge.parents) == 2
    assert [c.path for c in changes] == ["goals/e.md"]
    assert_same_log(repository, ["goals"])


def test_merges_of_files_with_odd_names(tmp_path):
    """Names with spaces, brackets, non-ASCII letters, and bytes that are not UTF-8:
    the other parent's version is looked up by name, or asked of git when the name
    cannot be written back as git stores it."""
    goals, repository = scenario(tmp_path)
    names = ["goals/with space.md", "goals/[x] brackets.md", "goals/ünï/çödé.md", os.fsdecode(b"goals/\xff\xfe.md")]
    for index, name in enumerate(names):
        goals.write(name, f"# {index}\n\n- [ ] one\n- [ ] two\n")
    goals.commit("odd names", "2025-01-02T09:00:00+00:00")
    branch(goals, "side")
    for name in names:
        goals.write(name, (tmp_path / name).read_text().replace("[ ] one", "[x] one"))
    goals.commit("side: tick one", "2025-01-03T09:00:00+00:00")
    goals.repo.git.checkout("-q", "main")
    for name in names:
        goals.write(name, (tmp_path / name).read_text().replace("[ ] two", "[x] two"))
    goals.commit("main: tick two", "2025-01-04T09:00:00+00:00")
    with pytest.raises(git.GitCommandError):
        goals.repo.git.merge("--no-ff", "--no-commit", "side")
    for index, name in enumerate(names):
        goals.write(name, f"# {index}\n\n- [x] one\n- [x] two\n")
    goals.commit("merge side", "2025-01-05T09:00:00+00:00")
    merge, changes = list(repository.log(["goals"]))[-1]
    assert len(merge.parents) == 2 and len(changes) == len(names)
    assert_same_log(repository, ["goals"])
    assert_same_log(repository, _pathspecs([n for n in names if "\udcff" not in n]) + [literal(names[-1])])

"""`goals fix` edits like a careful editor: symlinks, read-only and hard-linked files,
files that change while it runs, writes that fail. Real files, the real `goals` script."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import threading

import pytest

from conftest import GOALS, run_goals
from gitrepo import GoalRepo

from mkdocs_goals.core.fix import ChangedWhileFixing, write_atomically

STALE = "# Plan [0/2]\n\n- [x] a\n- [ ] b\n"
FIXED = "# Plan [1/2]\n\n- [x] a\n- [ ] b\n"


def test_read_only_file_is_refused_and_untouched(write):
    path = write("plan.md", STALE)
    os.chmod(path, 0o444)
    result = run_goals("fix", str(path))
    assert result.returncode == 2
    assert "plan.md: not fixed: the file is read-only" in result.stderr and "fixed [0/2]" not in result.stdout
    assert path.read_text() == STALE and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_symlink_is_followed_to_its_target_and_stays_a_link(tmp_path):
    repo = GoalRepo(tmp_path)
    target = repo.write("goals/real/plan.md", STALE)
    link = tmp_path / "goals/plan.md"
    link.symlink_to("real/plan.md")
    result = run_goals("fix", "goals/plan.md", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real/plan.md"
    assert target.read_text() == FIXED
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.md"]  # no temporary file left


def test_two_names_for_one_file_fix_it_once(tmp_path):
    target = tmp_path / "goals/plan.md"
    target.parent.mkdir()
    target.write_text(STALE)
    (tmp_path / "goals/alias.md").symlink_to("plan.md")
    result = run_goals("fix", "goals", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # not "changed while goals fix ran" for the second name
    assert target.read_text() == FIXED and result.stdout.count("fixed [0/2] → [1/2]") == 1


def test_symlink_out_of_the_repository_is_not_followed(tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "victim.md"
    outside.write_text(STALE)
    root = tmp_path_factory.mktemp("repo")
    GoalRepo(root).write("goals/ok.md", "# ok\n")
    (root / "goals/plan.md").symlink_to(outside)
    result = run_goals("fix", "goals", cwd=root)
    assert result.returncode == 2
    assert f"goals/plan.md: not fixed: it is a symlink to {outside}, outside {root}" in result.stderr
    assert outside.read_text() == STALE and (root / "goals/plan.md").is_symlink()


def test_folder_symlink_out_of_the_repository_is_not_followed(tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "plan.md").write_text(STALE)
    root = tmp_path_factory.mktemp("repo")
    GoalRepo(root)
    (root / "goals").symlink_to(elsewhere, target_is_directory=True)
    result = run_goals("fix", "goals/plan.md", cwd=root)
    assert result.returncode == 2 and "not fixed: it is really" in result.stderr
    assert (elsewhere / "plan.md").read_text() == STALE


def test_outside_git_the_named_folder_is_the_boundary(tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "victim.md"
    outside.write_text(STALE)
    folder = tmp_path_factory.mktemp("handbook")
    (folder / "plan.md").symlink_to(outside)
    (folder / "inner.md").write_text(STALE)
    (folder / "inner-link.md").symlink_to("inner.md")
    result = run_goals("fix", str(folder))
    assert result.returncode == 2 and "outside" in result.stderr
    assert outside.read_text() == STALE and (folder / "inner.md").read_text() == FIXED


def test_hard_linked_file_is_refused(write, tmp_path):
    path = write("plan.md", STALE)
    os.link(path, tmp_path / "other-name.md")
    result = run_goals("fix", str(path))
    assert result.returncode == 2 and "2 hard links" in result.stderr
    assert path.read_text() == STALE


def test_a_file_that_changes_while_fix_runs_is_left_alone(write):
    """A second writer appends lines the whole time `goals fix` runs: its lines must all survive."""
    path = write("plan.md", STALE)
    process = subprocess.Popen([*GOALS, "fix", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "NO_COLOR": "1"})
    appended = []
    while process.poll() is None:
        line = f"- [ ] appended {len(appended)}\n"
        with path.open("a") as stream:
            stream.write(line)
        appended.append(line)
    stdout, stderr = process.communicate()
    assert process.returncode == 2, stdout + stderr
    assert "not fixed: the file changed while goals fix ran; run it again" in stderr and "fixed" not in stdout
    assert path.read_text() == STALE + "".join(appended) and appended


def test_write_atomically_checks_the_bytes_just_before_replacing(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(STALE + "- [ ] added by someone else\n")
    with pytest.raises(ChangedWhileFixing):
        write_atomically(path, FIXED.encode(), expected=STALE.encode())
    assert path.read_text() == STALE + "- [ ] added by someone else\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_a_failed_write_is_reported_and_never_called_fixed(write, tmp_path):
    """A real failing write, also for root: a file-size limit below the file's size (EFBIG)."""
    path = write("plan.md", STALE + "- [ ] padding\n" * 20)
    original = path.read_bytes()

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    result = subprocess.run([*GOALS, "fix", str(path)], capture_output=True, text=True, preexec_fn=small_files,
                            env={**os.environ, "NO_COLOR": "1"}, timeout=60)
    assert result.returncode == 2
    assert "plan.md: not fixed: cannot write: File too large" in result.stderr
    assert "fixed" not in result.stdout and path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]  # the partial temporary file is gone


def test_long_file_names_can_be_fixed(write):
    path = write("p" * 250 + ".md", STALE)  # the temporary name must still fit in 255 bytes
    assert run_goals("fix", str(path)).returncode == 1
    assert path.read_text() == FIXED


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_fix_keeps_the_owner_when_it_may(write):
    path = write("plan.md", STALE)
    os.chown(path, 4321, 4321)
    assert run_goals("fix", str(path)).returncode == 1
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4321) and path.read_text() == FIXED

"""`RealPaths` and `ProjectRoots` resolve each folder once, and `walk` lists each folder once;
they must answer exactly what `os.path.realpath`, `Path.resolve` with a walk up to `.git`
and `os.walk` answer, links and all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_goals.core.discovery import (
    SKIPPED_FOLDERS, Boundary, Found, ProjectRoots, RealPaths, is_markdown, leaves, project_root, walk,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links as POSIX makes them")


def tree(root: Path) -> list[str]:
    """A project with links of every kind, and the paths to ask about."""
    (root / "repo/.git").mkdir(parents=True)
    (root / "repo/goals/team/ana").mkdir(parents=True)
    (root / "repo/goals/team/ana/q1.md").write_text("# Q1\n")
    (root / "outside/deep").mkdir(parents=True)
    (root / "outside/deep/secret.md").write_text("# Secret\n")
    (root / "outside/other/.git").mkdir(parents=True)
    (root / "outside/other/x.md").write_text("# X\n")
    links = {
        "repo/goals/team/link-to-file.md": "ana/q1.md",  # relative, to a file inside
        "repo/goals/out.md": str(root / "outside/deep/secret.md"),  # absolute, to a file outside
        "repo/goals/team/folder-link": "../../../outside/deep",  # a folder outside
        "repo/goals/loop": "loop",  # a link to itself
        "repo/goals/ping": "pong",
        "repo/goals/pong": "ping",  # a loop of two
        "repo/goals/dangling.md": "nowhere.md",
        "repo/goals/chain.md": "team/link-to-file.md",  # a link to a link
        "repo/goals/other-repo": str(root / "outside/other"),
        "alias": "repo",  # the project itself through a link
    }
    for name, target in links.items():
        (root / name).symlink_to(target)
    return [
        "repo/goals/team/ana/q1.md", "repo/goals/team/link-to-file.md", "repo/goals/out.md",
        "repo/goals/team/folder-link/secret.md", "repo/goals/team/folder-link/../deep/secret.md",
        "repo/goals/team/folder-link/..", "repo/goals/loop/x.md", "repo/goals/ping/x.md", "repo/goals/dangling.md",
        "repo/goals/missing/x.md", "repo/goals/chain.md", "repo/goals/other-repo/x.md", "alias/goals/team/ana/q1.md",
        "alias/goals/../goals/team/", "repo/goals/./team/ana/q1.md", "repo//goals/team", "repo/goals/team/",
        "repo/goals", "repo",
    ]


def test_real_paths_agree_with_realpath_on_links_loops_and_dots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = tree(tmp_path)
    real = RealPaths()
    for name in asked + asked:  # the second time from what is kept
        assert real(tmp_path / name) == os.path.realpath(tmp_path / name), name
        assert real(str(tmp_path) + "/" + name) == os.path.realpath(str(tmp_path) + "/" + name), name
    monkeypatch.chdir(tmp_path / "repo/goals")
    for name in ("team/ana/q1.md", "out.md", "../goals/chain.md", "team/folder-link/secret.md", ".", ".."):
        assert real(name) == os.path.realpath(name), name


def resolved_root(path: Path) -> Path:
    """The git work tree holding `path` by `Path.resolve` and a walk up its parents."""
    start = path.resolve()
    start = start if start.is_dir() else start.parent
    return next((folder for folder in (start, *start.parents) if (folder / ".git").exists()), start)


def test_project_roots_agree_with_resolving_and_walking_up(tmp_path: Path) -> None:
    asked = tree(tmp_path)
    roots = ProjectRoots()
    for name in asked + asked:
        path = tmp_path / name
        try:
            expected = resolved_root(path)
        except RuntimeError:  # `Path.resolve` of a link loop, before Python 3.13
            assert roots(path).is_relative_to(tmp_path.resolve() / "repo"), name  # answered, not raised
            continue
        assert roots(path) == expected == project_root(path), name
        assert roots.work_tree(path) == (expected if (expected / ".git").exists() else None), name
    assert roots(tmp_path / "repo/goals/other-repo/x.md") == (tmp_path / "outside/other").resolve()
    assert roots(tmp_path / "repo/goals/out.md") == (tmp_path / "outside/deep").resolve()  # in no work tree


def test_a_name_with_a_nul_byte_is_not_inside(tmp_path: Path) -> None:
    """`realpath` raises for it, and a boundary in doubt says no (fail closed)."""
    from mkdocs_goals.core.discovery import Boundary

    (tmp_path / "goals").mkdir()
    assert not Boundary(tmp_path).holds(tmp_path / "goals" / "a\x00b.md")
    assert Boundary(tmp_path).holds(tmp_path / "goals" / "ab.md")


@pytest.mark.parametrize(("path", "folder"), [
    ("/a/b/c.md", "/a/b"), ("/a/b", "/a/b"), ("/a/bc/d.md", "/a/b"), ("/a/b/c.md", "/"), ("/a", "/a/b"),
    ("//host/a/b.md", "//host/a"), ("/a/b/c.md", "/a/b/"), ("/x/y.md", "/a"),
])
def test_relative_text_is_relative_to(path: str, folder: str) -> None:
    from mkdocs_goals.core.discovery import relative_text

    try:
        expected: str | None = Path(path).relative_to(folder).as_posix()
    except ValueError:
        expected = None
    assert relative_text(path, folder) == expected


def walked_by_os_walk(root: Path, boundary: Path) -> Found:
    """The walk as `os.walk` made it before the scandir one: the reference it must equal."""
    inside = Boundary(boundary)
    found, seen = Found(), set()
    for folder, subfolders, names in os.walk(root, followlinks=True):
        here = Path(folder)
        real = os.path.realpath(folder)
        if real in seen:
            subfolders[:] = []
            continue
        seen.add(real)
        kept = []
        for name in sorted(subfolders):
            if name.startswith(".") or name in SKIPPED_FOLDERS:
                continue
            reason = leaves(here / name, inside)
            if reason:
                found.refused.append((here / name, reason))
            else:
                kept.append(name)
        subfolders[:] = kept
        for name in sorted(names):
            path = here / name
            if not is_markdown(name):
                continue
            reason = leaves(path, inside)
            if reason:
                found.refused.append((path, reason))
            elif path.is_file():
                found.files.append(path)
    found.files.sort()
    return found


def test_walk_finds_and_refuses_what_os_walk_did(tmp_path: Path) -> None:
    """Links in and out, loops, a link to the project itself, a FIFO, hidden and skipped
    folders, an unreadable folder: the same files and the same refusals, in order."""
    tree(tmp_path)
    goals = tmp_path / "repo/goals"
    for folder in (".hidden", "site", "node_modules", "team/Upper", "locked"):
        (goals / folder).mkdir()
        (goals / folder / "g.md").write_text("# G\n")
    (goals / "team/Upper/PRIVATE.MD").write_text("# P\n")
    (goals / "team/notes.txt").write_text("not Markdown\n")
    os.mkfifo(goals / "pipe.md")
    (goals / "team/back").symlink_to("..")  # a loop through a parent
    (goals / "team/inside-folder").symlink_to("ana")  # a folder inside, reached twice
    (goals / "locked").chmod(0)
    try:
        for root in (goals, tmp_path / "alias/goals", goals / "team/folder-link"):
            for boundary in (tmp_path / "repo", goals, tmp_path):
                assert walk(root, boundary) == walked_by_os_walk(root, boundary), (root, boundary)
        found = walk(goals, tmp_path / "repo")
        assert goals / "team/ana/q1.md" in found.files and goals / "team/Upper/PRIVATE.MD" in found.files
        assert goals / "out.md" in dict(found.refused) and goals / "pipe.md" not in found.files
    finally:
        (goals / "locked").chmod(0o755)


def test_walk_lists_a_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    """A hostile tree 1,500 folders deep (deeper than Python's recursion limit, shorter
    than PATH_MAX) is walked to the bottom: its goal found, its link out refused, and the
    folders beside the deep one still listed after it, in order."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "outside.md").write_text("# Out\n")
    goals = tmp_path / "goals"
    deep = goals
    for _ in range(1501):  # one mkdir a level: pathlib's and os's own recurse
        deep.mkdir()
        deep = deep / "d"
    deep = deep.parent
    (deep / "bottom.md").write_text("# Bottom\n")
    (deep / "out.md").symlink_to(tmp_path / "outside.md")
    (goals / "e").mkdir()
    (goals / "e/after.md").write_text("# After\n")
    (goals / "e/out.md").symlink_to(tmp_path / "outside.md")
    try:
        found = walk(goals, goals)
        assert found.files == sorted([deep / "bottom.md", goals / "e/after.md"])
        assert [path for path, _ in found.refused] == [deep / "out.md", goals / "e/out.md"]
    finally:  # bottom up, a level at a time: pytest's clean-up (shutil.rmtree) recurses
        (deep / "bottom.md").unlink()
        (deep / "out.md").unlink()
        while deep != goals:
            deep.rmdir()
            deep = deep.parent

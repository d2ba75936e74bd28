"""`RealPaths` and `ProjectRoots` resolve each folder once; they must answer exactly what
`os.path.realpath` and `Path.resolve` with a walk up to `.git` answer, links and all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_goals.core.discovery import ProjectRoots, RealPaths, project_root

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

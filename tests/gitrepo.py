"""Real git repositories for tests, written with GitPython at fixed author dates."""

from __future__ import annotations

import os
from pathlib import Path

import git


class GoalRepo:
    """A repository whose commits carry the dates and authors a test gives them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = git.Repo.init(root, initial_branch="main")
        with self.repo.config_writer() as config:
            config.set_value("user", "name", "Test Bot")
            config.set_value("user", "email", "bot@example.com")
            config.set_value("commit", "gpgsign", "false")

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str, date: str, author: str = "Ana Ruiz", files: dict[str, str] | None = None) -> str:
        for name, text in (files or {}).items():
            self.write(name, text)
        self.repo.git.add("-A")
        env = {
            "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": f"{author.split()[0].lower()}@example.com",
            "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
        }
        with self.repo.git.custom_environment(**env):
            self.repo.git.commit("-m", message, "--allow-empty")
        return self.repo.head.commit.hexsha

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.repo.git.mv(old, new)

    def merge(self, branch: str, date: str, author: str = "Ben Okafor") -> str:
        env = {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
               "GIT_AUTHOR_EMAIL": "ben@example.com"}
        with self.repo.git.custom_environment(**env):
            self.repo.git.merge("--no-ff", "--no-edit", branch)
        return self.repo.head.commit.hexsha


def goal(*items: str, status: str = "on-track") -> str:
    """A goal document with the given `[x] text` / `[ ] text` items."""
    lines = "\n".join(f"- {item}" for item in items)
    return f"---\ntitle: Ship 3 things\nowner: ana\nstatus: {status}\ndue: 2026-06-30\n---\n# Ship\n\n{lines}\n"


def environ_without_git() -> dict[str, str]:
    """The environment with a PATH where no git can be found."""
    env = dict(os.environ)
    env["PATH"] = str(Path(os.sys.executable).parent)
    env["GIT_PYTHON_REFRESH"] = "quiet"
    return env

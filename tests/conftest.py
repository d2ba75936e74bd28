"""Shared helpers: parse text the way the CLI does, and run the real `goals` command."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mkdocs_goals.core.document.checklist import Scope
from mkdocs_goals.core.document.markdown import scan
from mkdocs_goals.core.document.model import Document, Options, parse_document
from mkdocs_goals.render.nesting import indentation_edits
from mkdocs_goals.render.pages import apply_edits


def parse(text: str | bytes, *, gfm_only: bool = False, scope: Scope = Scope.SUBTREE, path: str = "doc.md") -> Document:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_document(raw, path, Options(scope=scope, bare_checkboxes=not gfm_only))


def reindent(source: bytes) -> bytes:
    """A page body as the site hands it to Python-Markdown: nested lists re-indented."""
    return apply_edits(source, indentation_edits(scan(source)))


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


GOALS = [str(Path(sys.executable).with_name("goals"))]


def run_goals(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("GOALS_DEBUG", None)
    return subprocess.run(
        [*GOALS, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL
    )


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under tmp_path from text (dedented) or bytes; returns its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(dedent(content).encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return _write

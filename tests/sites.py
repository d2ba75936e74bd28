"""Helpers to build real sites from fixture handbooks with the real `mkdocs`/`properdocs`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import dedent


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")


def build(root: Path, *args: str, command: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [tool(command), "build", *args], cwd=root, capture_output=True, text=True, timeout=180, env=env
    )


def every_file_text(site: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file())


def stats(root: Path, *paths: str) -> dict[str, dict]:
    result = subprocess.run(
        [tool("goals"), "stats", "--format", "json", *paths], cwd=root, capture_output=True, text=True, timeout=60
    )
    return {item["path"]: item for item in json.loads(result.stdout)}


def page(root: Path, url: str) -> str:
    """The HTML a build of the site at `root` wrote for `url` (`goals/ana/review`)."""
    return (root / "site" / url / "index.html").read_text(encoding="utf-8")


def main_content(html: str) -> str:
    """The article of a Material page, without nav and header."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert match, "no Material article in page"
    return match.group(1)

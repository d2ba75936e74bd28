"""Hostile handbooks: small real sites in real git repositories, built with the real
`mkdocs` (plain and `--strict`) and read with the real `goals` command.

A *canary* is a string put in a private or withheld file (its title, body, items, and
where it matters the author names of its commits); a test then looks for it in every
byte of `site/` and every line the CLI prints. Each hostile file carries its own
canary, so one site can hold many cases and a leak still names the case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from conftest import run_goals
from gitrepo import GoalRepo

PREFIX = "CANARY"
PUBLIC_MARKER = "PUBLIC-MARKER-7c1e"  # a published goal's text: proves an output shows content at all
WORKERS = max(2, os.cpu_count() or 2)


def canary(name: str) -> str:
    """A string unique to one case (no canary is a substring of another)."""
    return f"{PREFIX}-{name}-Z"


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


# -- content -------------------------------------------------------------------------


def goal_front(mark: str, **extra: str) -> str:
    """Goal front matter lines (no delimiters) whose title carries `mark`."""
    lines = {"title": f'"{mark} title"', "owner": "alice", "status": "on-track", "due": "2099-06-30"}
    lines.update(extra)
    return "".join(f"{key}: {value}\n" for key, value in lines.items() if value is not None)


def body(mark: str) -> str:
    """A goal body whose heading, text and items all carry `mark`."""
    return (
        f"# {mark} heading\n\n{mark} body text.\n\n## Success criteria\n\n"
        f"- [x] {mark} item done\n- [ ] {mark} item open\n"
    )


def secret_goal(mark: str, visibility_lines: str = "visibility: private\n", **extra: str) -> str:
    return f"---\n{goal_front(mark, **extra)}{visibility_lines}---\n{body(mark)}"


def secret_inventory(mark: str, visibility_lines: str = "visibility: private\n") -> str:
    return f"---\ntitle: \"{mark} inventory\"\n{visibility_lines}---\n{body(mark)}"


PUBLIC_GOAL = f"""\
---
title: Public goal 3 things
owner: alice
team: platform
status: on-track
start: 2026-01-01
due: 2099-06-30
---
# Public goal 3 things

## Success criteria

- [x] {PUBLIC_MARKER} one
- [ ] {PUBLIC_MARKER} two
- [ ] {PUBLIC_MARKER} three
"""

PEOPLE = """\
alice: {name: Alice Adams, team: platform}
bob: {name: Bob Brown, team: platform}
"""


def config(
    *,
    goals_dir: str = "goals",
    check_paths: bool = True,
    plugin: dict | None = None,
    extra: str = "",
) -> str:
    """mkdocs.yml like this project's own: Material, search, snippets from the project root."""
    options = {"goals_dir": goals_dir, "people": "people.yml", **(plugin or {})}
    lines = "".join(f"      {key}: {json.dumps(value)}\n" for key, value in options.items())
    return (
        "site_name: Hostile handbook\n"
        "site_url: https://handbook.example.com/\n"
        "docs_dir: docs\n"
        "theme: {name: material, font: false}\n"
        "markdown_extensions:\n"
        "  - attr_list\n"
        "  - toc: {permalink: true}\n"
        "  - pymdownx.superfences\n"
        f"  - pymdownx.snippets: {{base_path: [\".\"], check_paths: {json.dumps(check_paths)}}}\n"
        "  - pymdownx.tasklist: {custom_checkbox: true}\n"
        "plugins:\n"
        "  - search\n"
        "  - goals:\n"
        f"{lines}"
        f"{extra}"
    )


# -- a handbook on disk ----------------------------------------------------------------


class Handbook:
    """A site folder and, when asked, a git repository around it."""

    def __init__(self, root: Path, *, layout: str = "outside", git: bool = True) -> None:
        self.root = root
        self.layout = layout
        self.goals_dir = "goals" if layout == "outside" else "docs/goals"
        self.repo = GoalRepo(root) if git else None
        self.write(".gitignore", "/site/\n/site-strict/\n/.cache/\n")
        self.write("people.yml", PEOPLE)
        self.write("docs/index.md", "# Home\n\nWelcome.\n")

    def goal(self, relative: str) -> str:
        """The path (from the root) of a file in the goals folder."""
        return f"{self.goals_dir}/{relative}"

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    def link(self, name: str, target: str | Path) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
        return path

    def configure(self, **kwargs) -> None:  # noqa: ANN003 - config()'s options
        self.write("mkdocs.yml", config(goals_dir=self.goals_dir, **kwargs))

    def commit(self, message: str, date: str, author: str = "Ana Ruiz", files: dict | None = None) -> str:
        assert self.repo is not None
        for name, content in (files or {}).items():
            self.write(name, content)
        return self.repo.commit(message, date, author)


# -- building and reading ---------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", "COLUMNS": "200"}
    env.pop("GOALS_DEBUG", None)
    return env


def _run(args: list[str], cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=_env(),
                          stdin=subprocess.DEVNULL)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, as bytes (links not followed out of it)."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Built:
    """A plain and a `--strict` build of one handbook, and what they wrote."""

    normal: subprocess.CompletedProcess[str]
    strict: subprocess.CompletedProcess[str]
    site: dict[str, bytes]  # site/ of the plain build
    strict_site: dict[str, bytes]  # site-strict/ of the strict build

    def outputs(self) -> str:
        return "\n".join(p.stdout + p.stderr for p in (self.normal, self.strict))

    def leaks(self, mark: str) -> list[str]:
        """The files of both sites that hold `mark`."""
        needle = mark.encode("utf-8")
        return [f"site/{name}" for name, data in self.site.items() if needle in data] + [
            f"site-strict/{name}" for name, data in self.strict_site.items() if needle in data
        ]

    def warnings(self) -> list[str]:
        return [line for line in self.normal.stderr.splitlines() if line.startswith("WARNING")]

    def warnings_naming(self, path: str) -> list[str]:
        return [line for line in self.warnings() if path in line]

    def log_leaks(self, mark: str) -> list[str]:
        return [line for line in self.outputs().splitlines() if mark in line]


def build_pair(root: Path) -> Built:
    """`mkdocs build` and `mkdocs build --strict` of `root`, side by side."""
    with ThreadPoolExecutor(2) as pool:
        normal = pool.submit(_run, [tool("mkdocs"), "build", "-d", "site"], root)
        strict = pool.submit(_run, [tool("mkdocs"), "build", "--strict", "-d", "site-strict"], root)
        built = Built(normal.result(), strict.result(), {}, {})
    built.site, built.strict_site = read_tree(root / "site"), read_tree(root / "site-strict")
    return built


def build_many(roots: list[Path]) -> list[Built]:
    with ThreadPoolExecutor(max(1, WORKERS // 2)) as pool:
        return list(pool.map(build_pair, roots))


def cli_commands(
    base: str | None, head: str | None, paths: tuple[str, ...] = (".",), *, worktree: bool = False
) -> dict[str, list[str]]:
    """Every output a user or CI may print, by name; `*-private` ones pass --include-private.
    `worktree`: also `goals diff BASE` against the work tree (it reads files, not blobs)."""
    p = list(paths)
    commands = {
        "stats": ["stats", *p],
        "stats-json": ["stats", "--format", "json", *p],
        "stats-private": ["stats", "--format", "json", "--include-private", *p],
        "history": ["history", *p],
        "history-warm": ["history", "--format", "json", *p],  # after "history": its cache and facts file
        "history-json": ["history", "--format", "json", "--no-cache", *p],
        "history-private": ["history", "--format", "json", "--no-cache", "--include-private", *p],
        "check": ["check", *p],
        "check-json": ["check", "--format", "json", *p],
        "check-github": ["check", "--format", "github", *p],
    }
    if base and head:
        commands.update({
            "diff-markdown": ["diff", base, head],
            "diff-text": ["diff", base, head, "--format", "text"],
            "diff-json": ["diff", base, head, "--format", "json"],
            "diff-private": ["diff", base, head, "--format", "json", "--include-private"],
        })
    if base and worktree:
        commands["diff-worktree"] = ["diff", base]
    return commands


@dataclass
class CliRuns:
    runs: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)

    def public(self) -> dict[str, subprocess.CompletedProcess[str]]:
        return {name: run for name, run in self.runs.items() if not name.endswith("-private")}

    def leaks(self, mark: str, runs: dict | None = None) -> list[str]:
        """`name: line` for every printed line (stdout or stderr) holding `mark`."""
        found = []
        for name, run in (runs if runs is not None else self.public()).items():
            for line in (run.stdout + "\n" + run.stderr).splitlines():
                if mark in line:
                    found.append(f"{name}: {line.strip()[:200]}")
        return found

    def shows(self, mark: str) -> list[str]:
        """The --include-private outputs that show `mark`."""
        private = {n: r for n, r in self.runs.items() if n.endswith("-private")}
        return sorted({line.split(":")[0] for line in self.leaks(mark, private)})

    def crashes(self) -> list[str]:
        return [
            f"{name}: rc={run.returncode} {(run.stderr or run.stdout)[-400:]}"
            for name, run in self.runs.items()
            if "Traceback" in run.stdout + run.stderr or "internal error" in run.stderr or run.returncode not in (0, 1, 2)
        ]


def run_cli(root: Path, commands: dict[str, list[str]]) -> CliRuns:
    """Every command, side by side; those named `*-warm` after the others, so that they
    read what the others left (the history cache, the facts file)."""
    runs = CliRuns()
    for phase in (False, True):
        batch = {name: args for name, args in commands.items() if name.endswith("-warm") is phase}
        with ThreadPoolExecutor(WORKERS) as pool:
            futures = {name: pool.submit(run_goals, *args, cwd=root) for name, args in batch.items()}
            runs.runs.update({name: future.result() for name, future in futures.items()})
    return runs


# -- HTML checks ------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Collects every start tag with its attributes, and the text of <script> and <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.titles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):  # noqa: ANN001 - HTMLParser's signature
        self.tags.append((tag, attrs))
        self._in = tag if tag in ("script", "title") else None
        if tag == "script":
            self.scripts.append("")
        if tag == "title":
            self.titles.append("")

    def handle_endtag(self, tag):  # noqa: ANN001
        self._in = None

    def handle_data(self, data):  # noqa: ANN001
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "title":
            self.titles[-1] += data


def html_elements(data: bytes) -> _Elements:
    parser = _Elements()
    parser.feed(data.decode("utf-8", "replace"))
    parser.close()
    return parser


def event_handlers(site: dict[str, bytes]) -> list[str]:
    """`file: <tag on...=...>` for every element with an event-handler attribute."""
    found = []
    for name, data in site.items():
        if not name.endswith(".html"):
            continue
        for tag, attrs in html_elements(data).tags:
            for key, value in attrs:
                if key.lower().startswith("on"):
                    found.append(f"{name}: <{tag} {key}={value!r}>")
    return found


def hostile_scripts(site: dict[str, bytes], needle: str = "alert(") -> list[str]:
    """`<script>` elements whose code holds `needle` (the theme's own scripts do not)."""
    return [
        f"{name}: {code.strip()[:80]!r}"
        for name, data in site.items() if name.endswith(".html")
        for code in html_elements(data).scripts if needle in code
    ]


def strict_json(data: bytes) -> object:
    """`json.loads` that refuses NaN and Infinity (not JSON, though Python writes them)."""

    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(data.decode("utf-8"), parse_constant=refuse)


"""`goals init`: what a repository needs for goals, planned first, then written.

Each step is a file to create, a file to edit by inserting text, or a file kept as it
is because it already has what the step would add; running it twice changes nothing
the second time. The whole plan is made before anything is written, so a config that
cannot be edited safely leaves every file untouched.
"""

from __future__ import annotations

import difflib
import fnmatch
import getpass
import json
import subprocess
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path, PurePosixPath

import yaml

from ..core.fix import write_atomically
from ..core.scaffold import render_scaffold
from ..core.slugs import slugify
from .config_edit import ConfigEditError, Entry, add_entry, names, read
from .scaffolding import scaffold_path

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
EXAMPLE_TITLE = "Write my 3 goals for this quarter"
PLUGIN = Entry("goals", {"people": "people.yml"})
# Listing markdown_extensions replaces an engine's defaults (Zensical's): the ones our
# pages use, as docs/engines/zensical.md lists them, then the goals extension.
EXTENSIONS = (Entry("toc", {"permalink": True}), Entry("tables"), Entry("admonition"), Entry("attr_list"),
              Entry("md_in_html"), Entry("pymdownx.superfences"), Entry("pymdownx.tasklist", {"custom_checkbox": True}))
NEW_SITE = "site_name: Handbook\ntheme:\n  name: material\n"
RECIPES = {"github": {".github/workflows/goals.yml": "github-goals.yml",
                      ".github/workflows/goals-comment.yml": "github-goals-comment.yml"},
           "gitlab": {".gitlab-ci.yml": "gitlab-ci.yml"}}
# The generator's site job: generate the pages, then let the engine build them.
GENERATOR_BUILD = {
    "      - run: mkdocs build --strict\n":
        "      - run: pip install zensical         # the engine: it builds what goals generate writes\n"
        "      - run: goals generate --strict && zensical build --strict\n",
    "    - mkdocs build --strict --site-dir public\n":
        "    - pip install zensical                # the engine: it builds what goals generate writes\n"
        "    - goals generate --strict && zensical build --strict && mv site public\n",
}


class InitError(ValueError):
    """The set-up cannot be done safely; nothing was written."""


@dataclass(frozen=True)
class Step:
    path: str  # relative to the repository, with forward slashes
    action: str  # "create" | "edit" | "keep"
    what: str
    data: bytes | None = None
    before: bytes | None = None


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    next: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[Step]:
        return [s for s in self.steps if s.action != "keep"]

    def to_json(self, dry_run: bool) -> dict:
        return {"dry_run": dry_run, "steps": [{"path": s.path, "action": s.action, "what": s.what} for s in self.steps],
                "next": self.next}


@dataclass(frozen=True)
class Who:
    """The example goal's owner, as written in the people registry."""

    id: str
    name: str
    team: str | None = None


def default_owner(root: Path) -> Who:
    """The person running it: git's user.name (as an id and a name), else the login."""
    try:
        name = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    name = name or getpass.getuser()
    return Who(slugify(name.split()[0] if name.split() else name, fallback="me"), name or "me")


def plan(root: Path, who: Who, *, generator: bool = False, ci: str = "github", today: date) -> Plan:
    """Every step `goals init` takes in `root`; raises InitError when one cannot be done."""
    result = Plan()
    config, options = _config_step(root, generator)
    result.steps.append(config)
    data = read(config.data.decode("utf-8-sig")) if config.data else read(_text(root / config.path))
    docs_dir = str(data.get("docs_dir") or "docs")
    if not (root / docs_dir).is_dir():
        result.steps.append(Step(f"{docs_dir}/index.md", "create", "the docs folder's home page",
                                 f"# {data.get('site_name') or 'Handbook'}\n".encode()))
    goals_dir = str(options.get("goals_dir") or "goals")
    result.steps.append(_example_step(root, goals_dir, who, today))
    people = options.get("people")
    result.steps.append(_people_step(root, people, who))
    if ci != "none":
        result.steps.extend(_ci_steps(root, ci, generator))
        result.next.append("set the CI variable GOALS_INSTALL to what pip installs mkdocs-goals from: "
                           "git+<url of your clone of mkdocs-goals>@<tag>, or the folder you vendor it in "
                           "(see the comment at the top of the workflow)")
    ignored = [".cache/goals/"]
    if generator:
        ignored += [f"{docs_dir}/{PurePosixPath(goals_dir).name}/", f"{docs_dir}/{options.get('dashboards_dir') or 'dashboards'}/"]
    result.steps.append(_gitignore_step(root, ignored))
    result.next.append("commit these files (the site's history of a goal starts with its first commit)")
    result.next.append(f"goals check {goals_dir}/")
    result.next.append("goals generate && zensical serve" if generator else "mkdocs serve")
    return result


def apply(root: Path, steps: list[Step]) -> None:
    """Write the plan's files: new ones created, edited ones replaced atomically (and
    only while they still hold what the plan read)."""
    for step in steps:
        if step.action == "keep" or step.data is None:
            continue
        path = root / step.path
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, step.data, expected=step.before if step.action == "edit" else None)


def diff(step: Step) -> str:
    """What an edit inserts, as a unified diff (for --dry-run)."""
    before = (step.before or b"").decode("utf-8", "replace").splitlines(keepends=True)
    after = (step.data or b"").decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{step.path}", f"b/{step.path}"))


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InitError(f"{path.name}: cannot read it: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise InitError(f"{path.name}: it is not UTF-8 text") from None


def _config_step(root: Path, generator: bool) -> tuple[Step, dict]:
    """The site config: created, or the plugin (and for the generator the Markdown
    extension) inserted, or kept when it lists them. Returns the goals options too."""
    existing = next((root / n for n in CONFIG_NAMES if (root / n).is_file()), None)
    if existing is None and (root / "zensical.toml").is_file():
        raise InitError("this site is configured by zensical.toml, which goals init does not edit: add the goals "
                        "options and the `goals` Markdown extension by hand (see the Zensical page of the docs)")
    name = existing.name if existing else CONFIG_NAMES[0]
    text = _text(existing) if existing else NEW_SITE
    raw = existing.read_bytes() if existing else None
    key = "plugins"
    try:
        data = read(text)
        plugins = data.get("plugins")
        listed = "goals" in names(plugins)
        added = []
        if not listed:
            text = add_entry(text, "plugins", PLUGIN, when_missing=[Entry("search"), PLUGIN])
            added.append("the goals plugin under plugins:")
        key = "markdown_extensions"
        if generator and "goals" not in names(data.get("markdown_extensions")):
            text = add_entry(text, "markdown_extensions", Entry("goals"), when_missing=[*EXTENSIONS, Entry("goals")])
            added.append("the goals Markdown extension under markdown_extensions:")
    except ConfigEditError as error:
        raise InitError(f"{name}: cannot add `goals` under `{key}:` safely: {error}. Add it yourself "
                        "(see Set-up in the docs)") from None
    options = _goals_options(plugins) if listed else dict(PLUGIN.options)
    if existing is None:
        return Step(name, "create", "a site config with the goals plugin", text.encode()), options
    if not added:
        return Step(name, "keep", "already lists the goals plugin: left as it is"), options
    data_out = ("\ufeff" if raw.startswith(b"\xef\xbb\xbf") else "").encode() + text.encode()
    return Step(name, "edit", "added " + " and ".join(added), data_out, raw), options


def _goals_options(plugins: object) -> dict:
    if isinstance(plugins, dict):
        return dict(plugins.get("goals") or {})
    for item in plugins if isinstance(plugins, list) else []:
        if isinstance(item, dict) and "goals" in item:
            return dict(item["goals"] or {})
    return {}


def _example_step(root: Path, goals_dir: str, who: Who, today: date) -> Step:
    folder = root / goals_dir
    if folder.is_dir() and any(p.suffix.lower() in (".md", ".markdown") for p in folder.rglob("*")):
        return Step(f"{goals_dir}/", "keep", "has goal files already: no example added")
    target = scaffold_path(Path(goals_dir), EXAMPLE_TITLE, who.id)
    text = render_scaffold("goal", title=EXAMPLE_TITLE, owner=who.id, team=who.team, cycle=None, category=None,
                           today=today)
    return Step(target.as_posix(), "create", "an example goal to edit (as `goals new goal` writes it)", text.encode())


def _people_step(root: Path, people: str | None, who: Who) -> Step:
    if not people:
        return Step("people.yml", "keep", "not made: the goals plugin entry names no `people:` registry")
    if (root / people).exists():
        return Step(people, "keep", "exists: left as it is")
    facts = {"name": who.name, **({"team": who.team} if who.team else {})}
    line = ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in facts.items())
    key = who.id if yaml.safe_load(who.id) == who.id else json.dumps(who.id)  # `yes`, `null`, `2026`: quoted
    text = f"# Who the goals belong to: person id -> name, team (and level, manager).\n{key}: {{{line}}}\n"
    return Step(people, "create", f"the people registry, with {who.id}", text.encode())


def recipe(name: str) -> str:
    """A CI recipe: `recipes/` of the repository, which the wheel carries as is."""
    packaged = resources.files("mkdocs_goals") / "recipes"
    folder = Path(str(packaged)) if packaged.is_dir() else Path(__file__).resolve().parents[3] / "recipes"
    return (folder / name).read_text(encoding="utf-8")


def _ci_steps(root: Path, ci: str, generator: bool) -> list[Step]:
    steps = []
    for path, name in RECIPES[ci].items():
        if (root / path).exists():
            hint = f"; add the jobs of recipes/{name} to it yourself" if ci == "gitlab" else ""
            steps.append(Step(path, "keep", f"exists: left as it is{hint}"))
            continue
        text = recipe(name)
        if generator:
            for line, replacement in GENERATOR_BUILD.items():
                text = text.replace(line, replacement)
        what = "posts the PR comment the goals workflow prepared" if name == "github-goals-comment.yml" else \
            "lints goal files, summarises each PR, publishes the site"
        steps.append(Step(path, "create", f"{what} (recipes/{name})", text.encode()))
    return steps


def _gitignore_step(root: Path, wanted: list[str]) -> Step:
    path = root / ".gitignore"
    raw = path.read_bytes() if path.is_file() else b""
    text = raw.decode("utf-8", "replace")
    missing = [line for line in wanted if not _ignored(text, line)]
    if not missing:
        return Step(".gitignore", "keep", "already ignores " + ", ".join(wanted))
    newline = "\r\n" if "\r\n" in text else "\n"
    lead = newline if text and not text.endswith("\n") else ""
    added = lead + f"# goals: build output and the history cache{newline}" + "".join(m + newline for m in missing)
    action = "edit" if path.exists() else "create"
    return Step(".gitignore", action, "ignores " + ", ".join(missing), raw + added.encode(), raw if raw else None)


def _ignored(gitignore: str, folder: str) -> bool:
    """Whether a line of `.gitignore` already ignores `folder` (or a folder above it).
    A simple reading of the patterns: a `!` line that could re-include it means no."""
    parts = PurePosixPath(folder.strip("/")).parts
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    covered = False
    for line in gitignore.splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/").removesuffix("/**").removesuffix("/*")
        anchored = "/" in pattern
        hit = any(fnmatch.fnmatchcase(p, pattern) if anchored else fnmatch.fnmatchcase(p.rsplit("/", 1)[-1], pattern)
                  for p in prefixes)
        if hit:
            covered = not negated
    return covered

"""The `goals` command: a thin shell that reads files, calls the core and prints.

Exit codes: 0 fine, 1 findings or changes, 2 usage errors or unreadable input (a path
that does not exist, no Markdown file where one was asked for, a file that cannot be
read). docs/cli.md has the table, and which `--format` each command takes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__
from ..core.document.checklist import Scope
from ..core.discovery import Found, MissingPathError, markdown_files
from ..core.document.model import Document, Kind, Options, load_document
from ..core.document.vocabulary import Visibility
from ..core.document.publish import Audience, State
from ..core.handbook.categories import DEFAULT_CATEGORIES, categories_from_config
from ..core.findings import Finding, Severity
from ..core.fix import NotFixed, boundary, fix_file, fixed_bytes
from ..core.history.engine import AsRead, BlobRecord, history_for
from ..core.history.git import GitUnavailable, Repository
from ..core.history.cache import FileCache
from ..core.history.facts import Facts, KnownFacts, recall_or_read
from ..core.lint import RULES, lint
from ..core.history.review import ReviewError, review
from ..core.scaffold import SCAFFOLDS, render_scaffold
from ..core.stats import document_json, progress_header
from . import init as setup, output, review_format
from .scaffolding import scaffold_path

if TYPE_CHECKING:  # the site's config is read only where asked for: it imports MkDocs' option types
    from ..generator.config import SiteConfig

UNREADABLE_RULES = frozenset({"unreadable", "encoding"})
PROGRESS_BAR_FROM = 50  # files; fewer finish before a bar would be seen

paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
scope_option = click.option(
    "--scope",
    type=click.Choice([s.value for s in Scope]),
    default=None,
    help="What a counter covers: a heading's subsections too (subtree), only its own lines (section), "
    "or only the boxes directly below it, as Emacs Org counts (org). [default: the site's `scope`, else subtree]",
)
gfm_only_option = click.option(
    "--gfm-only", is_flag=True,
    help="Count only GFM task-list items, not bare `[x]` lines. [default: as the site's `bare_checkboxes` says]",
)
include_private_option = click.option(
    "--include-private", is_flag=True,
    help="Show private goals too (for you, locally; never in CI logs or a public PR).",
)


def _options(scope: str | None, gfm_only: bool) -> Options:
    """How to count: as the command line says, else as the site counts (its `scope` and
    `bare_checkboxes`), so a pre-commit hook and the site never disagree on a counter."""
    site = _site() if scope is None or not gfm_only else None
    if scope is None:
        scope = site.goals.scope if site else Scope.SUBTREE.value
    bare = not gfm_only and (site.goals.bare_checkboxes if site else True)
    return Options(scope=Scope(scope), bare_checkboxes=bare)


def format_option(*choices: str):  # noqa: ANN201 - a click decorator
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True)


class InputError(click.ClickException):
    """Input the command cannot work on (exit 2): said in one line, without the usage."""

    exit_code = 2

    def __init__(self, message: object) -> None:
        super().__init__(output.terminal_safe(message))


def _must_exist(path: Path | None) -> None:
    """A path the user named must be there (exit 2 naming it, as for the PATH arguments)."""
    if path is not None and not path.exists():
        raise click.UsageError(f"no such file or folder: {output.terminal_safe(path)}")


def _write_text(target: Path, text: str) -> None:
    try:
        target.write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        raise InputError(f"cannot write {target}: {error.strerror or error}") from None


@dataclass
class Reading:
    """The documents read, the links under the folders that were not followed, and the
    files known by their facts instead of read (`goals history`, warm)."""

    documents: list[Document]
    refused: list[tuple[Path, str]]
    known: list[tuple[Path, Facts]] = field(default_factory=list)
    order: list[Path] = field(default_factory=list)  # every file, in the order found
    as_read: dict[Path, AsRead] = field(default_factory=dict)  # with facts or records: each version hashed, for history


def _read(paths: tuple[Path, ...], scope: str | None, gfm_only: bool, facts: KnownFacts | None = None,
          records: dict[str, BlobRecord] | None = None) -> Reading:
    """Read the Markdown files under `paths`. With `facts`, a version whose facts are
    known is hashed, not parsed; with `records`, the history record of each version
    parsed is kept there (by blob id), so that history does not parse it again."""
    found = Found()
    try:
        files = markdown_files(paths or (Path("."),), found)
    except MissingPathError as error:
        raise click.UsageError(f"no such file or folder: {output.terminal_safe(error)}") from None
    if not files and not found.refused:
        where = ", ".join(str(p) for p in paths) if paths else "the current folder"
        raise InputError(f"no Markdown files (*.md, *.markdown) found in {where}")
    options = _options(scope, gfm_only)
    reading = Reading([], found.refused, order=files)

    def read(path: Path) -> None:
        if facts is None and records is None:
            reading.documents.append(load_document(path, options))
            return
        found = recall_or_read(path, options, facts, records, reading.as_read)
        if isinstance(found, Facts):
            reading.known.append((path, found))
        else:
            reading.documents.append(found)

    if len(files) < PROGRESS_BAR_FROM or not sys.stderr.isatty():
        for path in files:
            read(path)
    else:
        from rich.progress import Progress  # a terminal's only: 50 ms to import

        with Progress(console=output.stderr_console(), transient=True) as bar:
            task = bar.add_task("reading goal files", total=len(files))
            for path in files:
                read(path)
                bar.advance(task)
    if facts is not None:
        facts.save()
    return reading


@lru_cache(maxsize=1)
def _site() -> SiteConfig | None:
    """The site's goals options (mkdocs.yml here), which the CLI follows where it decides
    as the site does: the default visibility, the categories. None without a config."""
    from ..generator.config_file import find_config

    path = find_config(Path.cwd())
    if path is None:
        return None
    from ..generator.config import SiteConfigError, load_site_config  # only for a site: MkDocs' option types

    try:
        return load_site_config(path)
    except SiteConfigError as error:
        output.stderr_console().print(f"[yellow]warning[/]: {output.escape(error)}; using the defaults")
        return None


def _engine_findings(site: SiteConfig | None) -> list[Finding]:
    """No silent failure: Zensical (and MkDocs 2) ignore `plugins:`. When this site lists
    the goals plugin, is set up for Zensical (a zensical.toml, or zensical in a
    requirements file beside it), and `goals generate` never ran, say so."""
    if site is None or site.path is None or not site.lists_plugin:
        return []
    requirements = [p for p in site.root.glob("requirements*.txt") if p.is_file()]
    zensical = (site.root / "zensical.toml").is_file() or any(
        line.strip().lower().startswith("zensical") for p in requirements for line in p.read_text(errors="replace").splitlines()
    )
    from ..generator.write import MARKER  # it imports the renderer: only where it is needed

    generated = (site.docs_dir / Path(site.goals.goals_dir).name / MARKER).is_file()
    if not zensical or generated:
        return []
    text = site.path.read_text(encoding="utf-8", errors="replace").splitlines()
    line = next((n for n, row in enumerate(text, 1) if row.strip().lstrip("- ").startswith("goals")), 1)
    return [Finding(str(site.path.name), line, "engine", RULES["engine"].severity,
                    "this site is set up for Zensical, which runs no MkDocs plugins: a `zensical build` of it has no "
                    "goal pages and no dashboards. Run `goals generate` before it and list the `goals` Markdown "
                    "extension (see the Zensical page of the docs); `mkdocs build` and `properdocs build` run the plugin")]


def _known_facts(cache: FileCache | None) -> KnownFacts | None:
    """The facts remembered beside the history cache of the repository here; None
    without a cache (`--no-cache`) or outside a repository."""
    if cache is None:
        return None
    try:
        repository = Repository(Path.cwd())
    except GitUnavailable:
        return None
    try:
        return KnownFacts.beside(cache, repository)
    finally:
        repository.close()


def _audience(include_private: bool) -> Audience:
    site = _site()
    default = Visibility(site.goals.default_visibility) if site else Visibility.PUBLIC
    return Audience(include_private=include_private, default=default)


def _unreadable(documents: list[Document]) -> list[Document]:
    return [d for d in documents if any(f.rule in UNREADABLE_RULES for f in d.findings)]


@dataclass
class Shown:
    """What the publish decision lets an output show, and whether a file was left out
    because its front matter could not be read (unreadable input: exit 2)."""

    documents: list[Document]
    unreadable: bool
    known: list[tuple[Path, Facts]] = field(default_factory=list)


def _shown(documents: list[Document], include_private: bool, known: list[tuple[Path, Facts]] = ()) -> Shown:
    """The documents (and files known by their facts) the publish decision lets this
    output show. On stderr: each file withheld in doubt, by name and reason (it is not
    the user's choice, so it is not quiet), and how many private files were left out."""
    audience = _audience(include_private)
    errors = output.stderr_console()
    shown, private, unreadable = [], 0, False
    for document in documents:
        decision = None if document.decoded is None else audience.decide(document)
        if decision is None or decision.published:
            shown.append(document)
        elif decision.state is State.WITHHELD:
            unreadable |= document.front_matter.error is not None
            errors.print(f"[yellow]{output.escape(document.path)}:{decision.line}: left out: "
                         f"{output.escape(decision.reason)}; `goals check` says more[/]")
        else:
            private += 1
    shown_known = [(path, facts) for path, facts in known if audience.may_see(facts.state)]
    private += len(known) - len(shown_known)  # facts are never withheld: those are parsed
    if private:
        hint = "" if include_private else " (--include-private shows them, for you alone)"
        errors.print(f"[dim]{output.plural(private, 'private file')} not shown{hint}[/]")
    return Shown(shown, unreadable, shown_known)


def _report_skipped(reading: Reading, verb: str = "skipped") -> bool:
    """Name every file that could not be read, or was a link out of the project (on
    stderr); True if there was one."""
    errors = output.stderr_console()
    skipped = _unreadable(reading.documents)
    for document in skipped:
        for finding in document.findings:
            errors.print(f"skipped {output.escape(str(finding))}")
    for path, reason in reading.refused:
        errors.print(f"{output.escape(str(path))}: {verb}: {output.escape(reason)}")
    return bool(skipped or reading.refused)


PROCESS_COMMANDS = frozenset({"checkin", "review", "digest"})  # cli/process.py


class _Commands(click.Group):
    """The `goals` group. The goal-process commands are loaded when one runs (or help
    lists them): they import the site generator, which every other command would pay for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *PROCESS_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in PROCESS_COMMANDS:
            from . import process

            return process.commands()[cmd_name]
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="goals")
def cli() -> None:
    """Count, check and fix goal documents and checklists kept in Markdown."""


@cli.command()
@click.option("--generator", is_flag=True,
              help="Set up `goals generate` and the Markdown extension (Zensical, any Markdown site) instead of the plugin.")
@click.option("--ci", type=click.Choice(["github", "gitlab", "none"]), default="github", show_default=True,
              help="Which CI workflow to add (a copy of recipes/).")
@click.option("--owner", help="Person id of the example goal's owner (default: from git's user.name).")
@click.option("--name", "person_name", help="Their name in people.yml (default: git's user.name).")
@click.option("--team", help="Their team id.")
@click.option("--dry-run", is_flag=True, help="Say what would change, with the lines an edit inserts; write nothing.")
@format_option("text", "json")
def init(generator, ci, owner, person_name, team, dry_run, fmt) -> None:
    """Set this folder up for goals: the plugin in mkdocs.yml, an example goal, people.yml,
    a CI workflow and .gitignore lines. Safe to run again: what is there is kept.

    mkdocs.yml is edited by inserting lines, never rewritten; one that already lists the
    goals plugin is left alone.
    """
    root = Path.cwd()
    found = setup.default_owner(root)
    who = setup.Who(owner or found.id, person_name or (found.name if not owner else owner), team)
    try:
        planned = setup.plan(root, who, generator=generator, ci=ci, today=date.today())
        if not dry_run:
            setup.apply(root, planned.steps)
    except setup.InitError as error:
        raise InputError(f"{error}; nothing was changed") from None
    except NotFixed as error:  # a file changed between reading and writing
        raise InputError(f"{error}; run goals init again") from None
    except OSError as error:
        raise InputError(f"cannot write {error.filename}: {error.strerror or error}") from None
    if fmt == "json":
        output.print_json(planned.to_json(dry_run))
        return
    console = output.stdout_console()
    verbs = {"create": "would create" if dry_run else "created", "edit": "would edit" if dry_run else "edited",
             "keep": "kept"}
    output.columns(console, None, [[verbs[s.action], output.escape(s.path), output.escape(s.what)]
                                                  for s in planned.steps])
    if dry_run:
        for step in planned.steps:
            if step.action == "edit":
                console.print(output.escape_lines(setup.diff(step)), end="")
    if not planned.changes:
        console.print("[dim]already set up: nothing to change[/]")
    elif dry_run:
        console.print("[dim]dry run: nothing was written[/]")
    if planned.changes:
        console.print("next:")
        for line in planned.next:
            console.print(f"  {output.escape(line)}")


@cli.command()
@paths_argument
@format_option("text", "json", "github")
@scope_option
@gfm_only_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check dates as of this day (YYYY-MM-DD) instead of today.",
)
def check(paths, fmt, scope, gfm_only, strict, today) -> None:
    """Lint goal files: front matter, stale counters, dates, SMART hints."""
    reading = _read(paths, scope, gfm_only)
    documents = reading.documents
    site = _site()
    categories = categories_from_config(site.goals.categories) if site else DEFAULT_CATEGORIES
    findings = lint(documents, today.date() if today else date.today(), categories)
    findings += _engine_findings(site)
    if fmt == "json":
        output.print_json([f.to_json() for f in findings])
    elif fmt == "github":
        output.findings_github(findings)
    else:
        output.findings_text(findings, output.stdout_console())
    refused = _report_skipped(Reading([], reading.refused))
    if refused or any(f.rule == "unreadable" for f in findings):
        sys.exit(2)
    failing = [f for f in findings if f.severity is Severity.ERROR or strict]
    sys.exit(1 if failing else 0)


@cli.command()
@paths_argument
@click.option("--check", "check_only", is_flag=True, help="Only report stale counters; write nothing.")
@format_option("text", "json")
@scope_option
@gfm_only_option
def fix(paths, check_only, fmt, scope, gfm_only) -> None:
    """Rewrite stale counters in place (only the counter bytes change).

    Exits 1 when it changed a file (or, with --check, would), so that CI and pre-commit
    notice; nothing is wrong after a fix. A symlink is followed to its target (the link
    stays), but not out of the repository; read-only files, hard-linked files and files
    that change while it runs are left alone.
    """
    reading = _read(paths, scope, gfm_only)
    documents = reading.documents
    console, errors = output.stdout_console(), output.stderr_console()
    named = paths or (Path("."),)
    changed, counters, failed, done, report = 0, 0, False, set(), []
    for document in documents:
        if document.kind is Kind.OTHER or not document.readable:
            continue
        data, changes = fixed_bytes(document)
        real = Path(document.path).resolve()
        if not changes or real in done:
            continue  # a second name for a file already seen (a symlink to it) gives no second fix
        done.add(real)
        changed += 1
        if not check_only:
            try:
                fix_file(document, data, boundary(Path(document.path), named))
            except NotFixed as refusal:
                errors.print(f"{output.escape(document.path)}: {output.escape(refusal)}")
                failed = True
                continue
            except OSError as error:
                errors.print(f"{output.escape(document.path)}: not fixed: cannot write: "
                             f"{output.escape(error.strerror or error)}")
                failed = True
                continue
        verb = "would change" if check_only else "fixed"
        counters += len(changes)
        for change in changes:  # said only once the file really holds the new counters
            report.append({"path": document.path, "line": change.line, "before": change.before,
                           "after": change.after, "written": not check_only})
            if fmt == "text":
                console.print(f"{output.escape(document.path)}:{change.line}: {verb} {output.escape(change.before)} → {output.escape(change.after)}")
    skipped = _report_skipped(reading, "not fixed")
    if fmt == "json":
        output.print_json(report)
    elif changed == 0:
        console.print("[dim]all counters up to date[/]")
    elif report:
        files = output.plural(len({r["path"] for r in report}), "file")
        what = (f"{output.plural(counters, 'counter')} would change in {files}; run `goals fix` to write them"
                if check_only else f"{output.plural(counters, 'counter')} fixed in {files}; commit the change")
        console.print(f"[dim]{what} (exit code 1, so that CI and pre-commit notice)[/]")
    if failed or skipped:
        sys.exit(2)
    sys.exit(1 if changed else 0)


@cli.command()
@paths_argument
@format_option("text", "json")
@scope_option
@gfm_only_option
@include_private_option
@click.option("--all", "include_all", is_flag=True, help="Also list Markdown files with nothing to count.")
def stats(paths, fmt, scope, gfm_only, include_private, include_all) -> None:
    """Progress per document and per section (private and withheld files left out)."""
    reading = _read(paths, scope, gfm_only)
    documents = reading.documents
    unreadable = _unreadable(documents)
    visible = _shown(documents, include_private)
    shown = [d for d in visible.documents if d not in unreadable]
    shown = [d for d in shown if include_all or d.kind is not Kind.OTHER]
    if fmt == "json":
        output.print_json([document_json(d) for d in shown])
    else:
        output.stats_text(shown, output.stdout_console())
    skipped = _report_skipped(reading)
    sys.exit(2 if skipped or visible.unreadable else 0)


@cli.command()
@paths_argument
@format_option("text", "json")
@scope_option
@gfm_only_option
@click.option("--no-cache", is_flag=True, help="Scan the whole history; neither read nor write the cache.")
@click.option(
    "--cache-dir", type=click.Path(path_type=Path, file_okay=False), help="Cache folder (default: .cache/goals)."
)
@include_private_option
def history(paths, fmt, scope, gfm_only, no_cache, cache_dir, include_private) -> None:
    """Progress over time from git: snapshots per commit and when each item was checked.

    Private goals, and versions of a goal from when it was private, are left out.
    """
    options = _options(scope, gfm_only)
    cache = None if no_cache else FileCache(cache_dir, options)
    records: dict[str, BlobRecord] = {}
    reading = _read(paths, scope, gfm_only, _known_facts(cache), records)
    skipped = _report_skipped(reading)
    unreadable = _unreadable(reading.documents)
    visible = _shown(reading.documents, include_private, reading.known)
    goals = {Path(d.path) for d in visible.documents if d.kind is not Kind.OTHER and d not in unreadable}
    goals.update(path for path, facts in visible.known if facts.kind is not Kind.OTHER)
    errors = output.stderr_console()
    audience = _audience(include_private)
    with output.scan_progress(errors) as progress:
        result = history_for(
            [path for path in reading.order if path in goals], options, cache=cache, progress=progress,
            audience=audience, known=records, current=reading.as_read,
        )
    for warning in result.warnings:
        errors.print(f"[yellow]warning[/]: {output.escape(warning)}")
    for path in result.uncommitted:
        errors.print(f"[dim]{output.escape(path)}: not committed yet: no history[/]")
    if fmt == "json":
        output.print_json_members(((path, h.to_json()) for path, h in result.files.items()), one_line_from=3)
    else:
        output.history_text(result, output.stdout_console())
    sys.exit(2 if skipped or visible.unreadable else 0)


@cli.command(context_settings={"ignore_unknown_options": False})
@click.argument("base")
@click.argument("rest", nargs=-1)
@format_option("markdown", "text", "json")
@scope_option
@gfm_only_option
@click.option("--include-private", is_flag=True, help="Show private goals' changes too (never in a public PR).")
def diff(base, rest, fmt, scope, gfm_only, include_private) -> None:
    """Goal progress between BASE and HEAD (default: the working tree), for code review.

    \b
    goals diff origin/main                 # the working tree against origin/main
    goals diff origin/main HEAD goals/     # two commits, only under goals/
    goals diff origin/main...HEAD          # from the merge base, as a PR shows it
    """
    head, paths = None, list(rest)
    if paths and not Path(paths[0]).exists():
        head = paths.pop(0)
    for path in paths:
        if not Path(path).exists() and not _ever_committed(path):
            raise click.UsageError(f"no such file or folder: {output.terminal_safe(path)} "
                                   "(not in the working tree, nor in any commit)")
    try:
        result = review(base, head, [Path(p) for p in paths], _options(scope, gfm_only), cwd=Path.cwd(),
                        default=_audience(False).default)
    except ReviewError as error:
        message = output.terminal_safe(error)
        if head is not None and message.startswith("unknown revision") and head == rest[0]:
            message += " (nor a file or folder of that name)"
        raise click.UsageError(message) from None
    if fmt == "json":
        output.print_json(result.to_json(include_private))
    elif fmt == "markdown":
        sys.stdout.write(review_format.markdown(result, include_private))
    else:
        review_format.text(result, include_private, output.stdout_console())
    sys.exit(0)


def _ever_committed(path: str) -> bool:
    """Whether any commit of the repository here has `path` (a goal deleted since may be
    diffed). Outside a repository, or for a path outside it, `review` says what is wrong."""
    try:
        repository = Repository(Path.cwd())
    except GitUnavailable:
        return True
    if not (Path.cwd() / path).resolve().is_relative_to(repository.root.resolve()):
        repository.close()
        return True
    try:
        return bool(repository.run("log", "--all", "-1", "--format=%H", "--", path).strip())
    except subprocess.CalledProcessError:
        return False
    finally:
        repository.close()


@cli.command()
@click.argument("kind", type=click.Choice(SCAFFOLDS))
@click.option("--title", required=True, help="The goal's one-line title.")
@click.option("--owner", help="Person id of the owner (required for a goal).")
@click.option("--team", help="Team id.")
@click.option("--cycle", help="Cycle such as 2026-Q3; default: the current quarter.")
@click.option("--category", help="e.g. engineering-craft, soft-skills, leadership.")
@click.option("--dir", "folder", type=click.Path(path_type=Path), default=Path("goals"), show_default=True)
@click.option("--output", "-o", "target", type=click.Path(path_type=Path), help="Write here instead.")
@click.option("--template-dir", type=click.Path(path_type=Path, file_okay=False), help="Your own templates first.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Write the goal as of this day (YYYY-MM-DD): it starts then when that day is inside the cycle.",
)
@format_option("text", "json")
def new(kind, title, owner, team, cycle, category, folder, target, template_dir, force, today, fmt) -> None:
    """Scaffold a goal document or an inventory from templates/scaffolds/.

    A goal written during its cycle starts today, with its action steps dated ahead.
    """
    if kind == "goal" and not owner:
        raise click.UsageError("a goal needs --owner")
    _must_exist(template_dir)
    try:
        text = render_scaffold(
            kind, title=title, owner=owner, team=team, cycle=cycle, category=category,
            today=today.date() if today else date.today(),
            extra_dirs=(template_dir,) if template_dir else (),
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if target is None:
        target = scaffold_path(folder, title, owner)
    if target.exists() and not force:
        raise click.UsageError(f"{output.terminal_safe(target)} exists (use --force to overwrite)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot make the folder {target.parent}: {error.strerror or error}") from None
    _write_text(target, text)
    if fmt == "json":
        output.print_json({"path": str(target), "kind": kind})
    else:
        click.echo(output.terminal_safe(target))


@cli.command()
@click.option("--config", "-f", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help="The site's config (default: mkdocs.yml, mkdocs.yaml or zensical.toml here).")
@click.option("--goals-dir", help="Where the goal files are (default: the plugin's goals_dir, else goals).")
@click.option("--dashboards-dir", help="Where the dashboards go inside the docs folder (default: dashboards).")
@click.option("--people", help="The people registry (default: the plugin's people option).")
@click.option("--no-history", is_flag=True, help="No burn-ups, pace or completions from git.")
@click.option("--watch", is_flag=True, help="Generate again whenever a goal file, the registry, the config or HEAD changes.")
@click.option("--interval", type=click.FloatRange(min=0.1), default=0.5, show_default=True, help="Seconds between checks.")
@click.option("--strict", is_flag=True, help="Exit 1 when a file is withheld or has errors (as mkdocs build --strict).")
def generate(config_file, goals_dir, dashboards_dir, people, no_history, watch, interval, strict) -> None:
    """Write the handbook as Markdown pages into the site's docs folder, for engines that
    run no MkDocs plugins (Zensical, MkDocs 2) or any Markdown site.

    It reads the options of the `goals` plugin entry in mkdocs.yml (or `extra.goals`),
    writes only what changed, and never writes a private or withheld goal.
    """
    from ..core.handbook.collect import KnownDocuments
    from ..core.history.cache import FileCache, KeptCache
    from ..generator.build import GenerateError, generate as generate_site
    from ..generator.config import SiteConfigError, find_config, load_site_config
    from ..generator.watch import snapshot, watch as watch_inputs
    from ..generator.write import WriteError, write_outputs

    overrides = {k: v for k, v in (("goals_dir", goals_dir), ("dashboards_dir", dashboards_dir),
                                   ("people", people)) if v is not None}
    if no_history:
        overrides["history"] = False
    path = config_file or find_config(Path.cwd())
    errors = output.stderr_console()
    try:
        site = load_site_config(path, overrides, folder=Path.cwd())
    except SiteConfigError as error:
        raise click.UsageError(str(error)) from None
    options = _options(site.goals.scope, not site.goals.bare_checkboxes)
    directory = Path(site.goals.history_cache_dir) if site.goals.history_cache_dir else None
    cache = KeptCache(FileCache(directory, options))
    documents = KnownDocuments() if watch else None  # a generation again parses only the files that changed

    def run() -> bool:
        """One generation; True when something a strict build fails on was said."""
        started = time.perf_counter()
        try:
            generation = generate_site(site, cache=cache, documents=documents)
            written = write_outputs(site.docs_dir, generation.outputs, generation.folders)
        except (GenerateError, WriteError) as error:
            errors.print(f"[red]error[/]: {output.escape(error)}")
            raise SystemExit(2) from None
        loud = False
        for message in generation.messages:
            loud |= message.level == "warning"
            errors.print(f"{'[yellow]warning[/]: ' if message.level == 'warning' else '[dim]'}"
                         f"{output.escape(message.text)}{'' if message.level == 'warning' else '[/]'}")
        for finding in generation.findings:
            fails = finding.severity is Severity.ERROR or finding.rule == "withheld"
            loud |= fails
            errors.print(("[yellow]" if fails else "[dim]") + output.escape(str(finding)) + "[/]")
        where = output.escape(str(site.docs_dir))
        errors.print(f"goals: {len(written.changed)} file{'s' * (len(written.changed) != 1)} written, "
                     f"{written.unchanged} unchanged, {len(written.removed)} removed in {where} "
                     f"({time.perf_counter() - started:.2f} s)")
        return loud

    goals_root = (site.root / site.goals.goals_dir).resolve()
    extra = [p for p in (path, (site.root / site.goals.people) if site.goals.people else None) if p]
    inputs = lambda: snapshot([goals_root], extra, site.root)  # noqa: E731
    before = inputs() if watch else None  # before the first build: an edit during it is seen
    loud = run()
    if watch:
        errors.print(f"goals: watching {output.escape(str(goals_root))} (Ctrl-C to stop)")
        try:
            watch_inputs(inputs, run, interval=interval, since=before)
        except KeyboardInterrupt:
            pass
        sys.exit(0)
    sys.exit(1 if strict and loud else 0)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
def textconv(path) -> None:
    """A goal file with its progress on top, for `git diff` (diff.goals.textconv).

    Prints a summary line per document and per counted section, then the file as it is.
    """
    _must_exist(path)
    document = load_document(path, Options())
    unreadable = [f for f in document.findings if f.rule == "unreadable"]
    if unreadable:
        raise InputError(unreadable[0])
    if _audience(False).decide(document).published:
        header = output.terminal_lines(progress_header(document))  # titles come from the file
    else:
        header = "goals: not published (private or withheld)\n\n"
    sys.stdout.buffer.write(header.encode("utf-8") + document.raw)


@cli.command()
@click.option("--output", "-o", "target", type=click.Path(path_type=Path), help="Write to a file.")
def schema(target) -> None:
    """Print the JSON Schema of goal front matter (for editor completion and validation)."""
    from ..core.document.goal import json_schema  # pydantic: only here and where a goal is read

    text = json_schema() + "\n"
    if target:
        _write_text(target, text)
    else:
        sys.stdout.write(text)


def main() -> None:
    """Console entry point: no traceback reaches the user unless GOALS_DEBUG is set."""
    try:
        cli(standalone_mode=True)
    except Exception as error:  # noqa: BLE001 - the last line of defence, see docstring
        if os.environ.get("GOALS_DEBUG"):
            raise
        message = output.terminal_safe(f"{type(error).__name__}: {error}")
        click.echo(f"goals: internal error: {message} (set GOALS_DEBUG=1 for details)", err=True)
        sys.exit(2)

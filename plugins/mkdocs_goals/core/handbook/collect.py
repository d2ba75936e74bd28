"""From the files of a goals folder to a handbook: what every engine shares.

The MkDocs plugin and the generator both hand `collect` the goal-folder files they
found (with the URL each page will have); it runs every one through the publish
decision, reads the published ones, lints them all, reads their history and builds the
handbook. What it withholds, and why, comes back so the caller can keep those files
out of the site (and out of includes) and log the warnings.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..discovery import Boundary, is_markdown, leaves, project_root, relative_text
from ..document.model import Document, Kind, Options, load_document, parse_document
from ..document.publish import SITE_READERS, Audience
from ..findings import Finding
from ..history.engine import AsRead, HistoryState, history_for
from ..history.git import Repository
from ..history.trends import STALE_AFTER_DAYS
from ..lint import lint
from ..wording import plural
from .categories import DEFAULT_CATEGORIES, Category
from .model import Entry, Handbook, owner_from_folder
from .people import load_people

HistoryCache = Callable[[Repository, list[str]], tuple[HistoryState, Callable[[HistoryState], None]]]


@dataclass(frozen=True)
class Source:
    """A file of the goals folder: where the site puts it, where it is, its page's URL."""

    uri: str  # e.g. goals/ana/review.md
    path: Path
    link: str  # e.g. goals/ana/review/


class KnownDocuments:
    """Documents an earlier collection read, by file and content, for processes that
    collect again and again (`mkdocs serve`): a rebuild parses only the files that
    changed. A document is a function of its bytes, its name and the options, and the
    bytes are compared whole, so a remembered one is never stale. Each is kept with its
    version as history takes it (`AsRead`): a rebuild hashes only the files that changed."""

    def __init__(self) -> None:
        self.known: dict[tuple[Path, str, Options], tuple[AsRead, Document]] = {}
        self.seen: set[tuple[Path, str, Options]] = set()

    def load(self, path: Path, options: Options, display: str) -> Document:
        key = (path, display, options)
        self.seen.add(key)
        try:
            raw = path.read_bytes()
        except OSError:
            self.known.pop(key, None)
            return load_document(path, options, display=display)  # it says why, as a finding
        known = self.known.get(key)
        if known is not None and known[0].raw == raw:
            return known[1]
        document = parse_document(raw, display, options, cache=False)  # kept here, by bytes
        self.known[key] = (AsRead.of(raw), document)
        return document

    def version(self, path: Path, options: Options, display: str, document: Document) -> AsRead | None:
        """The version `document` was read from, if it is the one kept for the file."""
        known = self.known.get((path, display, options))
        return known[0] if known is not None and known[1] is document else None

    def forget_unseen(self) -> None:
        """Drop the files this collection did not read (deleted, renamed): memory stays
        what one handbook holds."""
        self.known = {key: value for key, value in self.known.items() if key in self.seen}
        self.seen = set()


@dataclass(frozen=True)
class Settings:
    """What a handbook is built with (the plugin's options, or the generator's)."""

    goals_root: Path
    project: Path  # links in the goals folder may not leave it
    options: Options = Options()
    audience: Audience = SITE_READERS
    owner_from_folder: bool = True
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    people: Path | None = None
    stale_after_days: int = STALE_AFTER_DAYS
    history: bool = True
    today: date = field(default_factory=date.today)
    documents: KnownDocuments | None = field(default=None, compare=False)  # kept across rebuilds, if given


@dataclass(frozen=True)
class Message:
    """A line for the build log: `warning` ones fail a strict build."""

    level: str  # "warning" | "info"
    text: str


@dataclass
class Collected:
    entries: dict[str, Entry] = field(default_factory=dict)  # by uri: goal and inventory pages
    paths: dict[str, Path] = field(default_factory=dict)  # by uri: where each entry's file is
    published: dict[str, Path] = field(default_factory=dict)  # by uri: every published page's file
    duplicates: dict[str, Path] = field(default_factory=dict)  # by uri: second names of a published file
    titles: dict[str, str] = field(default_factory=dict)  # by uri: every published page's title
    withheld: dict[str, Path] = field(default_factory=dict)  # by uri: files kept out, as on disk
    messages: list[Message] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    handbook: Handbook | None = None

    def warn(self, text: str) -> None:
        self.messages.append(Message("warning", text))

    def inform(self, text: str) -> None:
        self.messages.append(Message("info", text))

    def is_withheld(self, path: Path) -> bool:
        """Whether `path` (links resolved) is a file this collection kept out."""
        real = os.path.realpath(path)
        return any(os.path.realpath(p) == real for p in self.withheld.values())


class LocationError(ValueError):
    """`goals_dir` points somewhere a handbook must not be read from."""


def locate(
    config_dir: Path, goals_dir: str, *, allow_outside_project: bool = False, docs_dir: Path | None = None
) -> tuple[Path, Path]:
    """The goals folder and the project its links may not leave, from a site's config
    folder and its `goals_dir`. It must be a folder of its own inside the project (the git
    work tree of the config, or the config's folder), unless allowed outside; never the
    file system root, the config's folder or one above it, nor a folder holding the docs."""
    config_dir = config_dir.resolve()
    project = project_root(config_dir)
    goals_root = (config_dir / goals_dir).resolve()
    if goals_root == Path(goals_root.anchor) or (not allow_outside_project and not goals_root.is_relative_to(project)):
        raise LocationError(
            f"goals_dir {goals_dir!r} is {goals_root}, outside the project at {project}; point it at a folder "
            "inside the project (or set allow_outside_project: true if you mean it; never the file system root)"
        )
    if config_dir.is_relative_to(goals_root) or (docs_dir is not None and docs_dir.resolve().is_relative_to(goals_root)):
        raise LocationError(
            f"goals_dir {goals_dir!r} is {goals_root}, which holds the site itself (its config or its docs); "
            "point it at a folder of its own, such as goals/"
        )
    if not goals_root.is_relative_to(project):
        project = project_root(goals_root)  # links may not leave the goals' own project
    return goals_root, project


def collect(sources: list[Source], settings: Settings) -> Collected:
    """Decide, read and lint every source; the published ones become entries. Documents
    are remembered only by `settings.documents`, for a process that collects again."""
    found, documents, seen = Collected(), [], {}
    project = Boundary(settings.project)
    # The shortest name of a file first: through a link loop, `a/loop/loop/x.md` is a second name of `a/x.md`.
    for source in sorted(sources, key=lambda s: (s.uri.count("/"), s.uri)):
        real = project.real_path(source.path)
        if real in seen:  # a link loop, or a second name of a file: one page, not forty
            found.duplicates[source.uri] = source.path
            found.warn(f"{source.uri}: not published twice: it is the same file as {seen[real]}")
            continue
        seen[real] = source.uri
        refused, reason = _refusal(found, source, project)
        if refused:
            found.withheld[source.uri] = source.path
            if reason:
                found.warn(f"{source.uri}: not published: {reason}")
            continue
        if settings.documents is not None:
            document = settings.documents.load(source.path, settings.options, source.uri)
        else:
            document = load_document(source.path, settings.options, display=source.uri, cache=False)
        documents.append(document)
        if not settings.audience.decide(document).published:
            found.withheld[source.uri] = source.path  # lint says why, with the line
            continue
        found.titles[source.uri] = document.title
        found.published[source.uri] = source.path
        if document.kind is not Kind.OTHER:
            found.entries[source.uri] = Entry(document, source.link, folder_owner=_folder_owner(source, settings))
            found.paths[source.uri] = source.path
    found.findings = lint(documents, settings.today, settings.categories)
    if settings.documents is not None:
        settings.documents.forget_unseen()
    return found


def _refusal(found: Collected, source: Source, project: Boundary) -> tuple[bool, str | None]:
    """Whether a file stays out of the site, and the warning to give (None: quietly)."""
    reason = leaves(source.path, project)  # its real path is known to `project` by now
    if reason:
        return True, reason
    suffix = Path(source.uri).suffix
    if is_markdown(source.uri) and suffix != suffix.lower():
        return True, f"an engine would copy `{suffix}` as it is, not as a page: name it with a lower-case `.md`"
    if is_markdown(source.uri):
        return False, None
    name = source.uri.lower()
    if ".md" in name or ".markdown" in name:  # x.md~, x.md.bak: an editor's copy of a goal
        return True, "an engine would copy this file as it is (a Markdown page is named `*.md`)"
    found.inform(f"{source.uri}: not copied: the goals folder publishes only Markdown pages")
    return True, None


def _folder_owner(source: Source, settings: Settings) -> str | None:
    inside = relative_text(str(source.path), str(settings.goals_root)) if settings.owner_from_folder else None
    return owner_from_folder(inside) if inside is not None else None


def _version(document: Document, path: Path, uri: str, settings: Settings) -> AsRead:
    """The version of an entry's file that history is handed: the kept one (serve), else hashed now."""
    known = settings.documents.version(path, settings.options, uri, document) if settings.documents else None
    return known or AsRead.of(document.raw)


def attach_history(
    found: Collected,
    settings: Settings,
    *,
    cache: HistoryCache | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """One scan of the git history for every entry (cached, incremental). Each entry's
    history ends in the version its page counts: the bytes collected, not read again."""
    if not settings.history or not found.entries:
        return
    by_uri = dict(found.paths)
    as_read = {by_uri[uri]: _version(entry.document, by_uri[uri], uri, settings)
               for uri, entry in found.entries.items() if not entry.document.text_released}
    started = time.perf_counter()
    result = history_for(list(by_uri.values()), settings.options, cache=cache, progress=progress,
                         audience=settings.audience, current=as_read)
    if result.files:
        found.inform(f"history: {plural(result.commits_read, 'new commit')} read in {time.perf_counter() - started:.2f} s")
    for warning in result.warnings:
        found.warn(f"history: {warning}")
    for path in result.uncommitted:
        found.inform(f"history: {path}: not committed yet: no history")
    for uri in by_uri:
        history = result.by_source.get(by_uri[uri])
        if history is not None:
            entry = found.entries[uri]
            found.entries[uri] = Entry(entry.document, entry.link, history, entry.folder_owner)


def build_handbook(found: Collected, settings: Settings) -> Handbook:
    """The handbook of the collected entries, with the people registry (if any)."""
    people = {}
    if settings.people is not None:
        people, problems = load_people(settings.people)
        found.findings.extend(problems)
    found.handbook = Handbook(
        list(found.entries.values()), people, today=settings.today,
        stale_after_days=settings.stale_after_days, categories=settings.categories,
    )
    return found.handbook

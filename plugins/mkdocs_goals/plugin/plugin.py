"""The plugin's event hooks: they only translate between MkDocs and the core.

Everything cross-page is known once `on_files` has read the goal files (the handbook
is built there): the dashboards, `goals.json` and the stylesheet are added then, as the
same files the generator writes (`render.site`), and goal pages are decorated while
their Markdown is read, with the same `goal_page`.

Fail closed: every file under `goals_dir` goes through the core's publish decision in
`on_files`; what it withholds is removed from the site's files before MkDocs sees them
(no page, no search entry, no sitemap line), and snippets cannot include it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..core.discovery import Boundary, is_inside, leaves, project_root, walk
from ..core.document.checklist import Scope
from ..core.document.front_matter import read_front_matter
from ..core.document.markdown import forget_sections
from ..core.document.vocabulary import Visibility
from ..core.document.model import Options
from ..core.document.publish import Audience, State, mentions_visibility, visibility_state
from ..core.findings import Finding, Severity
from ..core.handbook.categories import categories_from_config
from ..core.handbook.collect import (
    Collected,
    KnownDocuments,
    LocationError,
    Settings,
    Source,
    attach_history,
    build_handbook,
    collect,
    locate,
)
from ..core.handbook.model import Entry, Handbook
from ..core.history.cache import FileCache, KeptCache
from ..core.terminal import terminal_safe
from ..core.wording import plural
from .. import extension
from ..extension import GoalsExtension
from ..render import dashboards
from ..render.blocks import block_html, expand, has_block
from ..render.json_text import KeptJson
from ..render.kept_blocks import KeptBlocks, build_scope
from ..render.links import page_url
from ..render.nesting_pool import NestingPool
from ..render.pages import Layouts, PreparedLayouts, goal_page
from ..render.site import STYLESHEET, site_outputs
from ..render.templates import Renderer
from .config import GoalsConfig
from .placeholders import Placeholders

log = get_plugin_logger(__name__)
LOUD_RULES = frozenset({"withheld"})  # warnings that must fail `--strict`: what is not published


class GoalsPlugin(BasePlugin[GoalsConfig]):
    """Publishes goal files as pages with progress, and builds the dashboards."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.history_cache: KeptCache | None = None  # its state is kept across `mkdocs serve` rebuilds
        self.handbook: Handbook | None = None
        self.entries: dict[str, Entry] = {}  # by src_uri of goal and inventory pages
        self.dashboards: dict[str, dashboards.Dashboard] = {}  # by src_uri
        self.renderer: Renderer | None = None
        self.environments: dict = {}  # Jinja environments by template folders, kept across serve rebuilds
        self.goals_root: Path | None = None
        self.project: Path | None = None  # symbolic links in the goals folder may not leave it
        self.collected: Collected | None = None  # what the core decided and read this build
        self.withheld_pages: set[str] = set()  # real paths of pages outside the goals folder not published
        self.config_dir: Path | None = None
        self.documents: KnownDocuments | None = None  # under `mkdocs serve`, a rebuild parses only changed files
        self.layouts: Layouts | None = None  # under `mkdocs serve`, only pages whose body changed are laid out
        self.prepared: PreparedLayouts | None = None  # in a single build, pages laid out from their files' parse
        self.kept_blocks: KeptBlocks | None = None  # and only pages whose header or History changed are drawn
        self.kept_json: KeptJson | None = None  # and goals.json encodes only what changed
        self.placeholders = Placeholders()  # goal pages' header and History blocks, kept out of Markdown
        self.spent = {"files": 0.0, "pages": 0.0}  # our own seconds in this build, logged at its end

    # -- configuration -------------------------------------------------------------

    def _root(self, config: MkDocsConfig, relative: str) -> Path:
        return (Path(config.config_file_path or ".").parent / relative).resolve()

    def _options(self) -> Options:
        return Options(scope=Scope(self.config.scope), bare_checkboxes=self.config.bare_checkboxes)

    def _audience(self) -> Audience:
        return Audience(self.config.publish_private, Visibility(self.config.default_visibility))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps the plugin, and its history in memory, across serve rebuilds."""
        if command == "serve":  # what a rebuild can reuse; a single build would only hold it in memory
            self.documents, self.layouts, self.kept_json = KnownDocuments(), Layouts(), KeptJson()
            self.kept_blocks = KeptBlocks()
            self.placeholders = Placeholders(rebuilds=True)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check `goals_dir`, add our stylesheet and our Markdown extension (stable anchors,
        the include guard) to every page's conversion."""
        if not self.config.enabled:
            return config
        try:
            self.goals_root, self.project = locate(
                Path(config.config_file_path or ".").resolve().parent, self.config.goals_dir,
                allow_outside_project=self.config.allow_outside_project, docs_dir=Path(config.docs_dir),
            )
        except LocationError as error:
            raise PluginError(f"goals: {error}") from None
        self.config_dir = Path(config.config_file_path or ".").resolve().parent
        self._check_history_cache(config)
        stylesheet = f"{self.config.dashboards_dir.strip('/')}/{STYLESHEET}"
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
        extension.PLUGIN_RUNS = True  # a `goals` extension listed in mkdocs.yml as well leaves pages to us
        config.markdown_extensions.append(
            GoalsExtension(refuse_include=self._refuse_include, refusal_error=PluginError, draws_pages=False)
        )
        return config

    def _check_history_cache(self, config: MkDocsConfig) -> None:
        """A history cache holds every goal's items and authors, private ones too: it must
        not be where the site is built from or to."""
        if not self.config.history_cache_dir or self.project is None:
            return
        folder = Path(self.config.history_cache_dir)
        folder = (folder if folder.is_absolute() else self.project / folder).resolve()
        for name, place in (("docs_dir", config.docs_dir), ("site_dir", config.site_dir)):
            if folder.is_relative_to(Path(place).resolve()):
                raise PluginError(
                    f"goals: history_cache_dir {self.config.history_cache_dir!r} is inside {name} ({place}): the "
                    "cache holds private goals' items and would be published; put it elsewhere (default .cache/goals)"
                )

    def _refuse_include(self, path: Path) -> str | None:
        """Why a snippet include of `path` is refused, or None. An allow-list: a file of the
        goals folder only when it is a published page; nothing out of the project; no page
        the site withheld."""
        site = project_root(self.config_dir) if self.config_dir else None
        if site is not None and leaves(path, site) and (self.project is None or leaves(path, self.project)):
            return f"{path} is outside the project"
        found, real = self.collected, os.path.realpath(path)
        if real in self.withheld_pages or (found is not None and found.is_withheld(path)):
            return f"{path} is not published (private or withheld), so no page may include it"
        root = self.goals_root
        if root is not None and (Path(os.path.abspath(path)).is_relative_to(root) or is_inside(path, root)):
            published = {os.path.realpath(p) for p in (found.published.values() if found else ())}
            if real not in published:
                return f"{path} is in the goals folder but is not a published page of it"
        return None

    # -- collecting ------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add goal files kept outside `docs_dir`, let the core decide, read and lint every
        goal-folder file, remove what it withholds, read the history, build the handbook
        and add the dashboard pages and `goals.json`."""
        started = time.perf_counter()
        self.spent = {"files": 0.0, "pages": 0.0}
        if self.layouts is not None:
            self.layouts.next_build()
        try:
            return self._files(files, config)
        finally:
            self.spent["files"] = time.perf_counter() - started

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        self.entries, self.dashboards, self.handbook, self.collected = {}, {}, None, None
        self._release_layouts()
        self.withheld_pages = set()
        self.placeholders.forget()
        if not self.config.enabled or self.goals_root is None or self.project is None:
            return files
        self._add_goal_files(files, config)
        sources, by_uri, goals_folder = [], {}, Boundary(self.goals_root)
        for file in list(files):  # pages outside the goals folder may be removed on the way
            if file.abs_src_path is None:
                continue
            source = Path(file.abs_src_path)
            if source.is_relative_to(self.goals_root) or goals_folder.holds(source):
                sources.append(Source(file.src_uri, source, file.url))
                by_uri[file.src_uri] = file
            else:
                self._withhold_private_page(files, file, source)
        settings = self._settings(config)
        found = collect(sources, settings)
        for uri in (*found.withheld, *found.duplicates):
            files.remove(by_uri[uri])  # no page, no search entry, no sitemap line
        attach_history(found, settings, cache=self._history_cache(), progress=_log_progress)
        build_handbook(found, settings)
        for message in found.messages:
            _log(message.level, message.text)
        self._report(found.findings)
        self.collected, self.entries, self.handbook = found, found.entries, found.handbook
        self._add_dashboards(files, config)
        if self.documents is None:  # a single build: no rebuild reuses the documents, and pages re-read their files
            self.prepared = PreparedLayouts(nesting=NestingPool.start(len(found.entries)))  # a spare core nests lists
            for entry in found.entries.values():
                self.prepared.add(entry.document, settings.options)  # its page, from the parse in hand
                entry.document.release_text()
            self.prepared.added_all()
            forget_sections()  # no goal file is read again: what the parses remembered would only be held
        return files

    def _settings(self, config: MkDocsConfig) -> Settings:
        assert self.goals_root is not None and self.project is not None
        return Settings(
            goals_root=self.goals_root,
            project=self.project,
            options=self._options(),
            audience=self._audience(),
            owner_from_folder=self.config.owner_from_folder,
            categories=categories_from_config(self.config.categories),
            people=self._root(config, self.config.people) if self.config.people else None,
            stale_after_days=self.config.stale_after_days,
            history=self.config.history,
            documents=self.documents,
        )

    def _withhold_private_page(self, files: Files, file: File, source: Path) -> None:
        """Outside the goals folder, a page is MkDocs' as usual, unless it says it is private
        (or tries to, in front matter that cannot be read)."""
        if not file.is_documentation_page():
            return
        try:
            raw = source.read_bytes().removeprefix(b"\xef\xbb\xbf")
        except OSError:
            return
        front_matter = read_front_matter(raw)
        state, reason, _ = visibility_state(front_matter)
        if front_matter.error is not None and mentions_visibility(raw):
            state, reason = State.WITHHELD, f"its front matter mentions visibility but cannot be read ({front_matter.error})"
        if state is State.PRIVATE and not self.config.publish_private:
            files.remove(file)
            self.withheld_pages.add(os.path.realpath(source))
        elif state is State.WITHHELD:
            files.remove(file)
            self.withheld_pages.add(os.path.realpath(source))
            _log("warning", f"{file.src_uri}: not published: {reason}")

    def _history_cache(self) -> KeptCache:
        """The on-disk cache, with the last rebuild's state kept in memory under `mkdocs serve`
        (the plugin instance lives across rebuilds: see `on_startup`)."""
        directory = Path(self.config.history_cache_dir) if self.config.history_cache_dir else None
        if self.history_cache is None or self.history_cache.disk.directory != directory:
            self.history_cache = KeptCache(FileCache(directory, self._options()))
        return self.history_cache

    def _add_goal_files(self, files: Files, config: MkDocsConfig) -> None:
        root, docs = self.goals_root, Path(config.docs_dir).resolve()
        assert root is not None and self.project is not None
        if not root.is_dir() or root.is_relative_to(docs):
            return
        prefix = root.name
        found = walk(root, self.project)
        for path, reason in found.refused:
            _log("warning", f"{prefix}/{path.relative_to(root).as_posix()}: not published: {reason}")
        for path in found.files:
            uri = f"{prefix}/{path.relative_to(root).as_posix()}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))

    @staticmethod
    def _report(findings: list[Finding]) -> None:
        for finding in findings:
            loud = finding.severity is Severity.ERROR or finding.rule in LOUD_RULES
            _log("warning" if loud else "info", str(finding))

    def _add_dashboards(self, files: Files, config: MkDocsConfig) -> None:
        """The dashboard pages, `goals.json` and the stylesheet, as the generator writes them."""
        handbook, found = self.handbook, self.collected
        assert handbook is not None and found is not None
        layout = dashboards.plan(handbook, self.config.dashboards_dir)
        url_of = lambda uri: page_url(uri, directory_urls=config.use_directory_urls)  # noqa: E731 - as File.url
        self.renderer = Renderer(
            config.theme.custom_dir,
            dashboards.context(handbook, layout, url_of, due_soon_days=self.config.due_soon_days,
                               commit_url=dashboards.commit_links(config.repo_url)),
            environments=self.environments,
        )
        if self.kept_blocks is not None:
            settings = (config.use_directory_urls, config.repo_url, self.config.due_soon_days)
            self.kept_blocks.next_build(build_scope(handbook, layout, self.renderer, settings))
        outputs = site_outputs(found, handbook, layout, self.renderer, url_of, options=self._options(),
                               gfm_boxes_rendered=self._gfm_boxes(config), goal_pages=False,
                               kept_json=self.kept_json, kept=self.kept_blocks)
        for output in outputs:
            files.append(File.generated(config, output.uri, content=output.content))
            if output.kind == "dashboard":
                self.dashboards[output.uri] = next(p for p in layout.pages if p.uri == output.uri)

    @staticmethod
    def _gfm_boxes(config: MkDocsConfig) -> bool:
        return "pymdownx.tasklist" in config.markdown_extensions

    # -- rendering -------------------------------------------------------------------

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Folder names of the goals folder become nav sections: escape them, they are user text."""
        for item in _walk_sections(nav.items):
            titles = self.collected.titles if self.collected else {}
            if any(page.file.src_uri in titles for page in _pages_under(item)):
                item.title = Markup(escape(str(item.title)))
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Decorate goal pages; set their titles, escaped, whatever they come from (front
        matter, first heading, file name), so nav, `<title>` and search get inert text."""
        started = time.perf_counter()
        try:
            return self._page_markdown(markdown, page, config)
        finally:
            self.spent["pages"] += time.perf_counter() - started

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Our share of the build, at debug level (`mkdocs serve -v`): what a rebuild after
        saving one goal file costs us, apart from MkDocs and the theme."""
        if self.prepared is not None and self.prepared.nested_elsewhere:
            log.debug(f"the nested lists of {plural(self.prepared.nested_elsewhere, 'goal page')} laid out by another process")
        self._release_layouts()
        if self.config.enabled:
            files, pages = self.spent["files"], self.spent["pages"]
            log.debug(f"rebuild took {files + pages:.2f} s (goal files, history and dashboards {files:.2f} s, "
                      f"goal pages {pages:.2f} s)")

    def _page_markdown(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        uri = page.file.src_uri
        if uri in self.dashboards:
            _set_title(page, self.dashboards[uri].title)
            return markdown
        if self.handbook is not None and self.renderer is not None and has_block(markdown):
            handbook, renderer = self.handbook, self.renderer
            markdown = expand(markdown, lambda block: block_html(block, handbook, renderer, page.url),
                              lambda message: _log("warning", f"{uri}: {message}"))
        if self.collected is not None and uri in self.collected.titles:
            _set_title(page, self.collected.titles[uri])
        entry = self.entries.get(uri)
        if entry is None or self.renderer is None or self.handbook is None:
            return markdown
        # Material reads `status` as its own page status (an icon in the nav); ours is
        # shown in the progress header instead.
        page.meta.pop("status", None)
        self.placeholders.forget(uri)
        layouts = self.layouts if self.layouts is not None else self.prepared
        return goal_page(
            markdown, entry, self.handbook, self.renderer, page.url, options=self._options(),
            gfm_boxes_rendered=self._gfm_boxes(config), layouts=layouts, place=self.placeholders.holder(uri),
            kept=self.kept_blocks,
        )

    @event_priority(100)  # before any other plugin reads the page's HTML
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the header and History blocks back where `on_page_markdown` left their
        markers, and count their ids as the page's anchors (MkDocs found the others)."""
        started = time.perf_counter()
        try:
            html, ids = self.placeholders.release(page.file.src_uri, html)
            if ids and page.present_anchor_ids is not None:
                page.present_anchor_ids |= ids
            return html
        finally:
            self.spent["pages"] += time.perf_counter() - started

    def on_build_error(self, *, error: Exception) -> None:
        self._release_layouts()  # no page will ask for one: stop the process working them out

    def _release_layouts(self) -> None:
        if self.prepared is not None:
            self.prepared.close()
        self.prepared = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # noqa: ANN001 - livereload types
        """Rebuild when goal files outside `docs_dir`, or the people registry, change."""
        if not self.config.enabled:
            return server
        root = self._root(config, self.config.goals_dir)
        if root.is_dir():
            server.watch(str(root))
        if self.config.people and self._root(config, self.config.people).exists():
            server.watch(str(self._root(config, self.config.people)))
        return server


def _set_title(page: Page, title: str) -> None:
    """Give the page `title`, as inert text. One that HTML would change (`<`, `&`, quotes)
    goes into `meta`, escaped: Material prints `page.meta.title` as it is, `page.title`
    through `striptags`, which unescapes. Any other is set on the page itself, so a file
    without front matter keeps an empty `meta`: Material's nav looks four keys up in
    every item's non-empty `meta` on every page, a tenth of a large site's build."""
    if "title" in page.meta or escape(title) != title or " ".join(title.split()) != title:
        page.meta["title"] = Markup(escape(title))
    else:
        page.title = title  # type: ignore[misc]  # MkDocs' weak_property: overwriting it is the API


def _log(level: str, text: str) -> None:
    """A build-log line; names, titles and keys in it come from files: shown, not obeyed."""
    (log.warning if level == "warning" else log.info)(terminal_safe(text))


def _log_progress(count: int) -> None:
    if count % 2000 == 0:
        log.info(f"history: {count} commits read…")


def _walk_sections(items: list) -> list[Section]:
    found = []
    for item in items:
        if isinstance(item, Section):
            found.append(item)
            found.extend(_walk_sections(item.children))
    return found


def _pages_under(section: Section) -> list[Page]:
    pages = []
    for child in section.children:
        if isinstance(child, Section):
            pages.extend(_pages_under(child))
        elif isinstance(child, Page):
            pages.append(child)
    return pages

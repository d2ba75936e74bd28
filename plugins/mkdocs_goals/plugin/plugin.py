"""The plugin's event hooks: they only translate between MkDocs and the core.

Everything cross-page is known once `on_files` has read the goal files (the handbook
is built there), so goal pages are decorated while their Markdown is read and the
dashboards are rendered into their pages' content afterwards.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..core.document.checklist import Scope
from ..core.discovery import markdown_files
from ..core.document.model import Document, Kind, Options, load_document
from ..core.findings import Finding, Severity
from ..core.handbook.model import Entry, Handbook, Person, is_published, load_people
from ..core.history.engine import FileHistory, HistoryState, history_for
from ..core.history.cache import FileCache
from ..core.lint import lint
from ..core.slugs import slugify
from ..core.history.trends import last_real_change, quarter_states, status_history
from .charts import burnup_chart
from .config import GoalsConfig
from .renderer import Renderer, decorate_markdown, packaged_stylesheet

log = get_plugin_logger(__name__)
STYLESHEET = "assets/goals/goals.css"


class GoalsPlugin(BasePlugin[GoalsConfig]):
    """Publishes goal files as pages with progress, and builds the dashboards."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.history_state: HistoryState | None = None  # kept across `mkdocs serve` rebuilds
        self.history_key: Path | None = None  # the cache file `history_state` belongs to
        self.handbook: Handbook | None = None
        self.entries: dict[str, Entry] = {}  # by src_uri of goal and inventory pages
        self.dashboards: dict[str, tuple[str, dict]] = {}  # src_uri -> (template, context)
        self.renderer: Renderer | None = None

    # -- configuration -------------------------------------------------------------

    def _root(self, config: MkDocsConfig, relative: str) -> Path:
        return (Path(config.config_file_path or ".").parent / relative).resolve()

    def _options(self) -> Options:
        return Options(scope=Scope(self.config.scope), bare_checkboxes=self.config.bare_checkboxes)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps the plugin, and its history in memory, across serve rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add our stylesheet to the site's."""
        if self.config.enabled and STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    # -- collecting ------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add goal files kept outside `docs_dir`, withhold private ones, read them all,
        build the handbook and add the dashboard pages and `goals.json`."""
        self.entries, self.dashboards, self.handbook, self._abs = {}, {}, None, {}
        if not self.config.enabled:
            return files
        self._add_goal_files(files, config)
        documents: list[tuple[File, Document]] = []
        for file in list(files.documentation_pages()):
            if file.abs_src_path is None:
                continue
            document = load_document(Path(file.abs_src_path), self._options(), display=file.src_uri)
            if document.kind is Kind.OTHER and not document.findings:
                continue
            documents.append((file, document))
            if not is_published(document, publish_private=self.config.publish_private):
                files.remove(file)  # no page, no search entry, no sitemap line
                if document.decoded is None or document.front_matter.error:
                    log.warning(f"{file.src_uri}: not published: the file cannot be read safely (it might be private)")
            elif document.kind is not Kind.OTHER:
                self.entries[file.src_uri] = Entry(document, file.url)
                self._abs[file.src_uri] = file.abs_src_path
        self._report(lint([d for _, d in documents], date.today()))
        if self.config.history and self.entries:
            self._attach_history()

        people, problems = self._people(config)
        self._report(problems)
        self.handbook = Handbook(list(self.entries.values()), people, stale_after_days=self.config.stale_after_days)
        self._add_dashboards(files, config)
        return files

    def _attach_history(self) -> None:
        """One scan of the git history for all published goal files (cached, incremental)."""
        sources = {uri: Path(self._abs[uri]) for uri in self.entries}
        disk = FileCache(Path(self.config.history_cache_dir) if self.config.history_cache_dir else None, self._options())

        def cache(repository, pathspecs):  # noqa: ANN001, ANN202 - the core's cache protocol
            path = disk.path(repository, pathspecs)  # names repository, folders and options
            # The last rebuild's state when it is for the same file: no need to read it again.
            state = self.history_state if self.history_key == path else disk.load(path)

            def save(new_state: HistoryState) -> None:
                self.history_state, self.history_key = new_state, path
                disk.save(path, new_state)

            return state, save

        started = time.perf_counter()
        def progress(count: int) -> None:
            if count % 2000 == 0:
                log.info(f"history: {count} commits read…")

        result = history_for(list(sources.values()), self._options(), cache=cache, progress=progress)
        if result.files:
            log.info(f"history: {result.commits_read} new commit(s) read in {time.perf_counter() - started:.2f} s")
        for warning in result.warnings:
            (log.info if "not committed yet" in warning else log.warning)(f"history: {warning}")
        for uri, path in sources.items():
            history = result.by_source.get(path)
            if history is not None:
                entry = self.entries[uri]
                self.entries[uri] = Entry(entry.document, entry.link, history)

    def _add_goal_files(self, files: Files, config: MkDocsConfig) -> None:
        root, docs = self._root(config, self.config.goals_dir), Path(config.docs_dir).resolve()
        if not root.is_dir() or root.is_relative_to(docs):
            return
        prefix = Path(self.config.goals_dir).name
        for path in markdown_files([root]):
            uri = f"{prefix}/{path.relative_to(root).as_posix()}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))

    def _people(self, config: MkDocsConfig) -> tuple[dict[str, Person], list[Finding]]:
        if not self.config.people:
            return {}, []
        return load_people(self._root(config, self.config.people))

    @staticmethod
    def _report(findings: list[Finding]) -> None:
        for finding in findings:
            (log.warning if finding.severity is Severity.ERROR else log.info)(str(finding))

    def _add_dashboards(self, files: Files, config: MkDocsConfig) -> None:
        handbook, base = self.handbook, self.config.dashboards_dir.strip("/")
        assert handbook is not None
        urls: dict[str, dict[str, str]] = {"people": {}, "teams": {}}

        def add(uri: str, title: str, template: str, **context) -> str:
            content = f"---\ntitle: {json.dumps(title)}\n---\n"
            file = File.generated(config, uri, content=content)
            files.append(file)
            self.dashboards[uri] = (template, {"title": title, **context})
            return file.url

        add(f"{base}/index.md", "Goals overview", "overview.html")
        for kind, names, label in (
            ("people", sorted(handbook.people), lambda p: handbook.people[p].name),
            ("teams", handbook.teams, lambda t: f"Team {t}"),
        ):
            taken: set[str] = set()
            for name in names:
                slug, n = slugify(name, fallback=kind), 2
                while slug in taken:
                    slug, n = f"{slugify(name, fallback=kind)}-{n}", n + 1
                taken.add(slug)
                context = {"person": handbook.people[name]} if kind == "people" else {"team": name}
                template = "person.html" if kind == "people" else "team.html"
                urls[kind][name] = add(f"{base}/{kind}/{slug}.md", label(name), template, **context)
        json_file = File.generated(config, f"{base}/goals.json", content=json.dumps(handbook.export(), indent=2))
        files.append(json_file)
        files.append(File.generated(config, STYLESHEET, content=packaged_stylesheet()))
        self.renderer = Renderer(
            config.theme.custom_dir,
            {
                "handbook": handbook,
                "people": sorted(handbook.people.values(), key=lambda p: p.name.lower()),
                "person_url": lambda pid: urls["people"].get(pid, ""),
                "person_name": lambda pid: handbook.people[pid].name if pid in handbook.people else pid,
                "team_url": lambda team: urls["teams"].get(team, ""),
                "team_goals": lambda team: [e for e in handbook.goals if handbook.team_of(e) == team],
                "json_url": json_file.url,
                "due_soon_days": self.config.due_soon_days,
                "stale_after_days": self.config.stale_after_days,
                "commit_url": _commit_url(config.repo_url),
                "chart": lambda entries: burnup_chart(handbook.burnup(entries), start=None, due=None, today=handbook.today),
            },
        )

    # -- rendering -------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Decorate goal pages; escape titles we set so they cannot inject markup."""
        uri = page.file.src_uri
        if uri in self.dashboards:
            page.meta["title"] = Markup(escape(self.dashboards[uri][1]["title"]))
            return markdown
        entry = self.entries.get(uri)
        if entry is None or self.renderer is None or self.handbook is None:
            return markdown
        if "title" in page.meta:
            page.meta["title"] = Markup(escape(str(page.meta["title"])))
        # Material reads `status` as its own page status (an icon in the nav); ours is
        # shown in the progress header instead.
        page.meta.pop("status", None)
        header, footer = self._history_views(entry, page.url)
        return decorate_markdown(
            markdown,
            entry,
            self.handbook,
            self.renderer,
            page.url,
            options=self._options(),
            gfm_boxes_rendered="pymdownx.tasklist" in config.markdown_extensions,
            header_context=header,
            footer=footer,
        )

    def _history_views(self, entry: Entry, page_url: str) -> tuple[dict, str | None]:
        """The header's pace and staleness, and the page's history section."""
        handbook, renderer = self.handbook, self.renderer
        assert handbook is not None and renderer is not None
        history: FileHistory | None = entry.history
        snapshots = history.snapshots if history else []
        stale = bool(entry.goal and handbook.stale([entry]))
        header = {
            "pace": handbook.pace(entry),
            "stale": stale,
            "last_change": last_real_change(snapshots),
            "stale_after_days": self.config.stale_after_days,
        }
        if not snapshots:
            return header, None
        goal = entry.goal
        milestones = []
        for step in entry.document.parts.action_steps if entry.document.parts else ():
            if step.due:
                milestones.append((step.due, step.text))
        chart = burnup_chart(
            handbook.burnup(entry),
            start=goal.start_date if goal else None,
            due=goal.due_date if goal else None,
            today=handbook.today,
            milestones=milestones,
        )
        completed = sorted(
            ((c, entry) for c in history.completed if c.date), key=lambda pair: pair[0].date or "", reverse=True
        )
        footer = renderer.block(
            "history.html",
            page_url,
            entry=entry,
            chart=chart,
            pace=header["pace"],
            statuses=status_history(snapshots),
            quarters=quarter_states(snapshots, handbook.today),
            completed=completed,
        )
        return header, footer

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Dashboards: every page is known by now, so render the listing into the page."""
        dashboard = self.dashboards.get(page.file.src_uri)
        if dashboard is None or self.renderer is None:
            return html
        template, context = dashboard
        return self.renderer.render(template, page.url, **context)

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



def _commit_url(repo_url: str | None):  # noqa: ANN202 - a template helper
    """Links to commits on GitHub, GitLab, Gitea and the like, when `repo_url` is set."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/")
    return lambda sha: f"{base}/commit/{sha}"

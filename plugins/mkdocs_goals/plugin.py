"""The MkDocs plugin `goals`: publishes `goals_dir` as pages and checks every goal page.

Goals with `visibility: private` are removed from the site's files, so no page,
search-index entry or sitemap line is made for them.

Findings go through MkDocs' plugin logger: errors as warnings (so `mkdocs build
--strict` fails on them, and a normal build lists them and carries on), hints as
info. Progress headers, dashboards and charts come with the handbook-site work; the
counting is the core's, exactly as in the CLI.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .core.checklist import Scope
from .core.discovery import markdown_files
from .core.document import Document, Kind, Options, load_document
from .core.findings import Severity
from .core.lint import lint

log = get_plugin_logger(__name__)


def _withheld(document: Document) -> bool:
    """Private files, and files whose front matter cannot be read (they might be private)."""
    front_matter = document.front_matter
    if front_matter.error is not None and front_matter.present:
        log.warning(f"{document.path}: not published: its front matter cannot be read, it might be private")
        return True
    return str(front_matter.data.get("visibility", "")).strip().lower() == "private"


class GoalsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    goals_dir = c.Type(str, default="goals")
    scope = c.Choice([s.value for s in Scope], default=Scope.SUBTREE.value)
    bare_checkboxes = c.Type(bool, default=True)


class GoalsPlugin(BasePlugin[GoalsConfig]):
    """Adds the goal files to the site and reports their findings."""

    def _goals_root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.goals_dir).resolve()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add goal files kept outside `docs_dir`, drop private goals, and check the rest."""
        if not self.config.enabled:
            return files
        root, docs = self._goals_root(config), Path(config.docs_dir).resolve()
        if root.is_dir() and not root.is_relative_to(docs):
            for path in markdown_files([root]):
                uri = f"{Path(self.config.goals_dir).name}/{path.relative_to(root).as_posix()}"
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, abs_src_path=str(path)))
        options = Options(scope=Scope(self.config.scope), bare_checkboxes=self.config.bare_checkboxes)
        documents = []
        for file in list(files.documentation_pages()):
            if file.abs_src_path is None:
                continue
            document = load_document(Path(file.abs_src_path), options, display=file.src_uri)
            if _withheld(document):
                files.remove(file)  # never published: no page, no search entry, no sitemap line
            if document.kind is not Kind.OTHER or document.findings:
                documents.append(document)
        for finding in lint(documents, date.today()):
            (log.warning if finding.severity is Severity.ERROR else log.info)(str(finding))
        return files

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # noqa: ANN001 - livereload types
        """Rebuild when goal files outside `docs_dir` change."""
        root = self._goals_root(config)
        if self.config.enabled and root.is_dir():
            server.watch(str(root))
        return server

"""The MkDocs plugin `goals`: for now, it checks goal pages during the build.

Findings go through MkDocs' plugin logger, so `mkdocs build --strict` fails on
them and a normal build lists them without stopping. Pages, dashboards and charts
come with the handbook-site work; the counting is the core's, as in the CLI.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from .core.checklist import Scope
from .core.document import Kind, Options, load_document
from .core.findings import Severity
from .core.lint import lint

log = get_plugin_logger(__name__)


class GoalsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    scope = c.Choice([s.value for s in Scope], default=Scope.SUBTREE.value)
    bare_checkboxes = c.Type(bool, default=True)


class GoalsPlugin(BasePlugin[GoalsConfig]):
    """Checks every Markdown page that is a goal document or an inventory."""

    def on_files(self, files: Files, *, config) -> Files:  # noqa: ANN001 - MkDocs' own type
        if not self.config.enabled:
            return files
        options = Options(scope=Scope(self.config.scope), bare_checkboxes=self.config.bare_checkboxes)
        documents = []
        for file in files.documentation_pages():
            if file.abs_src_path is None:
                continue
            document = load_document(Path(file.abs_src_path), options, display=file.src_uri)
            if document.kind is not Kind.OTHER or document.findings:
                documents.append(document)
        for finding in lint(documents, date.today()):
            if finding.severity is Severity.ERROR:
                log.warning(str(finding))
            else:
                log.info(str(finding))
        return files

"""Snippets cannot include a withheld goal file: `--8<-- "goals/dara/private.md"` is refused.

`pymdownx.snippets` reads files by path, before our publish decision could see the
page. This preprocessor runs just before it and wraps its path lookup, so every include
— nested ones too — is checked; a refused path counts as missing (and `check_paths`
makes that an error), and a warning names it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from markdown import Markdown

from ..core.terminal import terminal_safe
from markdown.preprocessors import Preprocessor

log = logging.getLogger("mkdocs.plugins.mkdocs_goals")


class IncludeGuard(Preprocessor):
    def __init__(
        self, md: Markdown, refuse: Callable[[Path], str | None], error: type[Exception] | None = None
    ) -> None:
        super().__init__(md)
        self.refuse = refuse
        self.error = error

    def run(self, lines: list[str]) -> list[str]:
        snippets = self.md.preprocessors["snippet"] if "snippet" in self.md.preprocessors else None
        if snippets is not None and not getattr(snippets, "_goals_guarded", False):
            lookup = snippets.get_snippet_path

            def guarded(path: str) -> str | None:
                found = lookup(path)
                if found is None or "://" in str(found):
                    return found
                reason = self.refuse(Path(found))
                if reason is None:
                    return found
                message = terminal_safe(f"include of {path!r} refused: {reason}")
                if self.error is not None and getattr(snippets, "check_paths", False):
                    raise self.error(message)  # one clean line (MkDocs: a BuildError), not a traceback
                log.warning(message)
                return None

            snippets.get_snippet_path = guarded
            snippets._goals_guarded = True
        return lines

"""The Python-Markdown extension `mkdocs_goals.extension`: what must happen inside the
Markdown conversion of a page, whatever engine runs it.

- `anchors`: headings that hold a progress counter get an id without it, so links to
  `#technical-goals` survive every tick.
- `includes`: snippets (`pymdownx.snippets`) cannot pull a withheld goal file into a page.

The MkDocs plugin adds it to every page's conversion; see docs/plugin.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markdown import Extension, Markdown

from .anchors import CounterAnchors
from .includes import IncludeGuard

Refusal = Callable[[Path], "str | None"]  # a path's reason to refuse it, or None


class GoalsExtension(Extension):
    """Registers the anchor and include guards on a Markdown instance."""

    def __init__(
        self, refuse_include: Refusal | None = None, refusal_error: type[Exception] | None = None, **kwargs: object
    ) -> None:
        self.refuse_include = refuse_include
        self.refusal_error = refusal_error  # raised for a refused include when snippets' check_paths is on
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.registerExtension(self)
        # After attr_list (8), so explicit `{#id}`s win; before toc (5), which keeps ids it finds.
        md.treeprocessors.register(CounterAnchors(md), "goals-anchors", 6)
        if self.refuse_include is not None:
            # Before pymdownx.snippets (32): it wraps the snippet preprocessor's path lookup.
            guard = IncludeGuard(md, self.refuse_include, self.refusal_error)
            md.preprocessors.register(guard, "goals-include-guard", 33)


def makeExtension(**kwargs: object) -> GoalsExtension:  # noqa: N802 - Python-Markdown's entry point
    return GoalsExtension(**kwargs)

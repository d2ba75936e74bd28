"""The Python-Markdown extension `mkdocs_goals.extension` (also `goals`): what happens
inside the Markdown conversion of a page, whatever engine runs it.

- `anchors`: headings that hold a progress counter get an id without it, so links to
  `#technical-goals` survive every tick.
- `includes`: snippets (`pymdownx.snippets`) cannot pull a withheld goal file into a page.
- `pages` (outside the MkDocs plugin): goal pages written by hand get their header,
  counters and checkboxes, and `goals` blocks become dashboards.

The MkDocs plugin adds it to every page's conversion itself (anchors and includes; it
draws pages and blocks on its own). Zensical and plain Python-Markdown list it under
`markdown_extensions`; see docs/extension.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markdown import Extension, Markdown

from .anchors import CounterAnchors
from .includes import IncludeGuard
from .pages import GoalPages

Refusal = Callable[[Path], "str | None"]  # a path's reason to refuse it, or None
PLUGIN_RUNS = False  # set by the MkDocs plugin: it draws pages and blocks, the extension must not


class GoalsExtension(Extension):
    """Registers the anchor and include guards on a Markdown instance."""

    def __init__(
        self,
        refuse_include: Refusal | None = None,
        refusal_error: type[Exception] | None = None,
        draws_pages: bool = True,
        **kwargs: object,
    ) -> None:
        self.config = {"config_file": ["", "The site's mkdocs.yml (default: found in the site's folder)"]}
        self.refuse_include = refuse_include
        self.refusal_error = refusal_error  # raised for a refused include when snippets' check_paths is on
        self.draws_pages = draws_pages  # False in the MkDocs plugin, which draws pages itself
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.registerExtension(self)
        # After attr_list (8), so explicit `{#id}`s win; before toc (5), which keeps ids it finds.
        md.treeprocessors.register(CounterAnchors(md), "goals-anchors", 6)
        if self.draws_pages and not PLUGIN_RUNS:
            # After whitespace normalisation (30), before fenced code (25): blocks become HTML first.
            md.preprocessors.register(GoalPages(md, self.getConfig("config_file") or None), "goals-pages", 28)
        if self.refuse_include is not None:
            # Before pymdownx.snippets (32): it wraps the snippet preprocessor's path lookup.
            guard = IncludeGuard(md, self.refuse_include, self.refusal_error)
            md.preprocessors.register(guard, "goals-include-guard", 33)


def makeExtension(**kwargs: object) -> GoalsExtension:  # noqa: N802 - Python-Markdown's entry point
    return GoalsExtension(**kwargs)

"""The MkDocs plugin `goals` (entry point `mkdocs_goals.plugin:GoalsPlugin`).

`GoalsPlugin` is imported on first use, so that `plugin.config` (the options the
generator and the Markdown extension read too) can be imported without the plugin,
which itself imports the extension.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .plugin import GoalsPlugin

__all__ = ["GoalsPlugin"]


def __getattr__(name: str) -> Any:
    if name == "GoalsPlugin":
        from .plugin import GoalsPlugin

        return GoalsPlugin
    raise AttributeError(name)

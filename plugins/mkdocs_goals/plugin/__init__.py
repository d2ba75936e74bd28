"""The MkDocs plugin `goals` (entry point `mkdocs_goals.plugin:GoalsPlugin`)."""

from .plugin import GoalsPlugin

__all__ = ["GoalsPlugin"]

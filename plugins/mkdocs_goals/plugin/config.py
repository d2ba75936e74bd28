"""Typed options of the `goals` plugin (see docs/plugin.md)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.document.checklist import Scope
from ..core.document.vocabulary import Visibility


class GoalsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    goals_dir = c.Type(str, default="goals")
    allow_outside_project = c.Type(bool, default=False)  # goals_dir outside the project folder
    dashboards_dir = c.Type(str, default="dashboards")
    scope = c.Choice([s.value for s in Scope], default=Scope.SUBTREE.value)
    bare_checkboxes = c.Type(bool, default=True)
    people = c.Optional(c.Type(str))
    publish_private = c.Type(bool, default=False)
    default_visibility = c.Choice([v.value for v in Visibility], default=Visibility.PUBLIC.value)
    owner_from_folder = c.Type(bool, default=True)  # goals/<owner>/… names an inventory's owner
    categories = c.Optional(c.Type(list))  # [{id, label, aliases, share: [low, high]}]
    due_soon_days = c.Type(int, default=30)
    history = c.Type(bool, default=True)
    history_cache_dir = c.Optional(c.Type(str))  # default: .cache/goals at the repository root
    stale_after_days = c.Type(int, default=35)

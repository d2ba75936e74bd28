"""What the extension knows of the site it renders for, outside the MkDocs plugin.

Under Zensical, its rendering context names the page (path, URL, front matter) and the
config (root folder, docs folder). The handbook is built from the site's `goals` options
with the same code as the generator, once per process and again when a goal file, the
registry, the config or git's HEAD changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Markdown

from ..core.document.checklist import Scope
from ..core.document.model import Options
from ..core.history.cache import FileCache, KeptCache
from ..core.terminal import terminal_safe
from ..generator.build import GenerateError, SiteHandbook, build
from ..generator.config import SiteConfig, SiteConfigError, find_config, load_site_config
from ..generator.watch import snapshot
from ..generator.write import MARKER

log = logging.getLogger("mkdocs.plugins.mkdocs_goals")


@dataclass(frozen=True)
class Page:
    """The page being rendered, as far as the engine tells (Zensical does; others do not)."""

    path: str | None  # relative to the docs folder
    url: str  # relative to the site root; "" when unknown
    meta: dict[str, Any] | None  # its front matter, already parsed by the engine
    root: Path | None  # the site's folder (where its config is)


def current_page(md: Markdown) -> Page:
    """Zensical's rendering context when there is one, else an unknown page."""
    try:
        from zensical.extensions.context import ContextPreprocessor  # noqa: PLC0415 - only under Zensical
    except ImportError:
        return Page(None, "", None, None)
    context = ContextPreprocessor.from_markdown(md)
    if context is None:
        return Page(None, "", None, None)
    root = context.config.get("root_dir")
    return Page(str(context.page.path), str(context.page.url or ""), dict(context.page.meta or {}),
                Path(root) if root else None)


_CACHE: dict[Path, tuple[tuple, SiteHandbook | None]] = {}
_HISTORY: dict[Path, KeptCache] = {}
_WARNED: set[str] = set()


def site_handbook(root: Path | None, config_file: str | None = None) -> SiteHandbook | None:
    """The handbook of the site at `root` (its config found there), or None without one."""
    folder = root or Path.cwd()
    path = Path(config_file) if config_file else find_config(folder)
    if path is None:
        return None
    try:
        site = load_site_config(path)
    except SiteConfigError as error:
        _warn_once(str(error))
        return None
    goals_root = (site.root / site.goals.goals_dir).resolve()
    people = [site.root / site.goals.people] if site.goals.people else []
    inputs = snapshot([goals_root] if goals_root.is_dir() else [], [path, *people], site.root)
    known = _CACHE.get(path)
    if known is not None and known[0] == inputs:
        return known[1]
    _check_generated(site)
    directory = Path(site.goals.history_cache_dir) if site.goals.history_cache_dir else None
    history = _HISTORY.setdefault(path, KeptCache(FileCache(directory, _options(site))))
    try:
        result: SiteHandbook | None = build(site, cache=history)
    except GenerateError as error:
        _warn_once(str(error))
        result = None
    _CACHE[path] = (inputs, result)
    return result


def _options(site: SiteConfig) -> Options:
    return Options(scope=Scope(site.goals.scope), bare_checkboxes=site.goals.bare_checkboxes)


def _check_generated(site: SiteConfig) -> None:
    """No silent failure: a site that lists the goals plugin, built by an engine that runs
    none, and with no generated pages, gets a warning that says what to do."""
    folder = site.docs_dir / Path(site.goals.goals_dir).name
    if site.lists_plugin and not (folder / MARKER).is_file():
        _warn_once(
            f"mkdocs.yml lists the goals plugin, but this engine runs no MkDocs plugins and {folder} holds no "
            "generated pages: run `goals generate` before building (see the engines page of the docs)"
        )


def _warn_once(message: str) -> None:
    if message not in _WARNED:
        _WARNED.add(message)
        log.warning(terminal_safe(f"goals: {message}"))

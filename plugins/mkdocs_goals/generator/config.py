"""A site's configuration, as the generator needs it: from `mkdocs.yml` (what MkDocs,
ProperDocs and Zensical read), or from `zensical.toml`, with the `goals` options the
plugin takes, validated by the plugin's own option types."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..plugin.config import GoalsConfig
from .config_file import find_config  # noqa: F401 - re-exported for the readers of a config


class SiteConfigError(ValueError):
    """The site's configuration cannot be read, or its `goals` options are wrong."""


class _SiteLoader(yaml.SafeLoader):
    """Reads `mkdocs.yml` as MkDocs does, without importing what its tags name:
    `!ENV [NAME, default]` is the variable or the default; `!!python/name:…` is kept as text."""


def _env(loader: yaml.Loader, node: yaml.Node) -> Any:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if str(name) in os.environ:
            value = os.environ[str(name)]
            return yaml.safe_load(value) if value.strip() else value
    return default


def _opaque(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    return node.value if isinstance(node, yaml.ScalarNode) else None


_SiteLoader.add_constructor("!ENV", _env)
_SiteLoader.add_multi_constructor("tag:yaml.org,2002:python/", _opaque)
_SiteLoader.add_multi_constructor("!", _opaque)


@dataclass
class SiteConfig:
    """What the generator reads of a site's configuration."""

    root: Path  # the folder of the config file (or the working folder without one)
    path: Path | None = None
    docs_dir: Path = Path("docs")
    use_directory_urls: bool = True
    markdown_extensions: list[str] = field(default_factory=list)
    extra_css: list[str] = field(default_factory=list)
    repo_url: str | None = None
    custom_dir: Path | None = None
    plugins: list[str] = field(default_factory=list)
    goals: GoalsConfig = field(default_factory=GoalsConfig)
    goals_from: str = "defaults"  # "plugins" | "extra" | "defaults"

    @property
    def lists_plugin(self) -> bool:
        return "goals" in self.plugins


def load_site_config(path: Path | None, overrides: dict[str, Any] | None = None, *, folder: Path = Path(".")) -> SiteConfig:
    """The site config at `path` (None: defaults in `folder`), with `overrides` (from
    flags) on top of its goals options."""
    data = _read(path) if path else {}
    root = (path.parent if path else folder).resolve()
    plugins, options, source = _goals_options(data)
    options = {**options, **(overrides or {})}
    goals = GoalsConfig()
    goals.load_dict(options)
    failed, _ = goals.validate()
    if failed:
        problems = "; ".join(f"{key}: {error}" for key, error in failed)
        raise SiteConfigError(f"{path or 'goals options'}: {problems}")
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return SiteConfig(
        root=root,
        path=path,
        docs_dir=(root / str(data.get("docs_dir") or "docs")).resolve(),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        markdown_extensions=[_name(e) for e in data.get("markdown_extensions") or []],
        extra_css=[str(c) for c in data.get("extra_css") or [] if isinstance(c, str)],
        repo_url=str(data["repo_url"]) if data.get("repo_url") else None,
        custom_dir=(root / str(custom_dir)).resolve() if custom_dir else None,
        plugins=plugins,
        goals=goals,
        goals_from=source if options else "defaults",
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SiteConfigError(f"{path}: cannot read: {error}") from None
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text).get("project", {})
        else:
            data = yaml.load(text, Loader=_SiteLoader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
        raise SiteConfigError(f"{path}: not valid configuration: {error}") from None
    if not isinstance(data, dict):
        raise SiteConfigError(f"{path}: expected a mapping of settings")
    return data


def _name(entry: Any) -> str:
    return str(next(iter(entry))) if isinstance(entry, dict) and entry else str(entry)


def _goals_options(data: dict[str, Any]) -> tuple[list[str], dict[str, Any], str]:
    """(plugin names, the goals options, where they came from): the plugin entry wins
    over `extra.goals` (the place for them in a config that lists no plugins)."""
    raw = data.get("plugins") or []
    entries = list(raw.items()) if isinstance(raw, dict) else [
        (next(iter(e)), next(iter(e.values()))) if isinstance(e, dict) and e else (e, None) for e in raw
    ]
    names = [str(name) for name, _ in entries]
    for name, options in entries:
        if name == "goals":
            return names, dict(options or {}), "plugins"
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    options = extra.get("goals") if isinstance(extra, dict) else None
    return names, dict(options) if isinstance(options, dict) else {}, "extra"

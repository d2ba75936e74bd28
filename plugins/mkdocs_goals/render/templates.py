"""Jinja fragments turned into HTML.

Templates live in `templates/goals/`; a site overrides any one of them by putting a
file of the same name under `goals/` in its theme's `custom_dir`. Autoescape is on:
every user- or git-supplied string is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from ..core.document.progress import format_number, whole_percent
from ..core.scaffold import templates_dir
from .links import relative_url


class Renderer:
    """Renders our fragments for one build, with the site's overrides first."""

    def __init__(self, custom_dir: str | None, links: dict[str, Any], *, environments: dict | None = None) -> None:
        """`environments`, kept by a process that builds again (`mkdocs serve`), lets each
        template be compiled once: an environment is reused while the set of override files
        is the same (Jinja itself recompiles a template whose file changed)."""
        folders = (*([str(custom_dir)] if custom_dir else []), str(templates_dir()))
        key = (folders, _overrides(custom_dir))
        kept = environments if environments is not None else {}
        if key not in kept:
            kept.clear()
            kept[key] = _environment(folders)
        self.environment = kept[key]
        self.overrides = key[1]  # the override files under custom_dir/goals/
        self.links = links  # person_url, team_url, person_name, team_goals, json_url, ...

    def render(self, name: str, page_url: str, **context: Any) -> str:
        """Render `goals/<name>` for a page at `page_url` (links become relative to it)."""
        template = self.environment.get_template(f"goals/{name}")
        link: Callable[[str], str] = lambda url: relative_url(url, page_url)  # noqa: E731
        return template.render({**self.links, **context, "link": link})

    def block(self, name: str, page_url: str, **context: Any) -> str:
        """A fragment as a Markdown-safe HTML block: no blank lines inside."""
        html = self.render(name, page_url, **context)
        return "\n".join(line for line in html.splitlines() if line.strip())

    def inline(self, name: str, page_url: str, **context: Any) -> str:
        """A fragment on one line, to sit inside a heading or a paragraph."""
        return " ".join(line.strip() for line in self.render(name, page_url, **context).splitlines() if line.strip())


def _overrides(custom_dir: str | None) -> tuple[str, ...]:
    """The files a site's `custom_dir` has under `goals/`: one added or removed means
    templates are looked up again."""
    if not custom_dir:
        return ()
    folder = Path(custom_dir) / "goals"
    return tuple(sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))) if folder.is_dir() else ()


def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    """Our Jinja environment: its templates are compiled once and compiled again when
    their file changes (Jinja's `auto_reload` compares modification times)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(folders)), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, auto_reload=True,
    )
    environment.filters["number"] = format_number
    environment.filters["percent"] = whole_percent
    environment.filters["safe_url"] = safe_url
    return environment


_SAFE_SCHEMES = ("http:", "https:", "mailto:")


def safe_url(url: str) -> str:
    """A link target from a goal file, or `#`: `javascript:` and `data:` URLs never reach
    an `href` (autoescape stops markup, not a scheme)."""
    text = "".join(str(url).split()).lower()  # browsers ignore whitespace and control chars in a scheme
    scheme = text.split(":", 1)[0] + ":" if ":" in text.split("/", 1)[0] else ""
    return str(url) if not scheme or scheme in _SAFE_SCHEMES else "#"


def packaged_stylesheet() -> str:
    return (Path(templates_dir()) / "goals" / "goals.css").read_text(encoding="utf-8")

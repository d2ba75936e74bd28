"""Jinja fragments turned into HTML, and goal pages' Markdown decorated with them.

Templates live in `templates/goals/`; a site overrides any one of them by putting a
file of the same name under `goals/` in its theme's `custom_dir`. Autoescape is on:
every user- or git-supplied string is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.utils import get_relative_url

from ..core.document.markdown import Outline
from ..core.document.model import Options, parse_document
from ..core.document.progress import format_number, whole_percent
from ..core.handbook.model import Entry, Handbook
from ..core.scaffold import templates_dir


class Renderer:
    """Renders our fragments for one build, with the site's overrides first."""

    def __init__(self, custom_dir: str | None, links: dict[str, Any]) -> None:
        folders = [custom_dir] if custom_dir else []
        loader = jinja2.FileSystemLoader([*folders, str(templates_dir())])
        self.environment = jinja2.Environment(
            loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined
        )
        self.environment.filters["number"] = format_number
        self.environment.filters["percent"] = whole_percent
        self.links = links  # person_url, team_url, person_name, team_goals, json_url, ...

    def render(self, name: str, page_url: str, **context: Any) -> str:
        """Render `goals/<name>` for a page at `page_url` (links become relative to it)."""
        template = self.environment.get_template(f"goals/{name}")
        link: Callable[[str], str] = lambda url: get_relative_url(url, page_url)  # noqa: E731
        return template.render({**self.links, **context, "link": link})

    def block(self, name: str, page_url: str, **context: Any) -> str:
        """A fragment as a Markdown-safe HTML block: no blank lines inside."""
        html = self.render(name, page_url, **context)
        return "\n".join(line for line in html.splitlines() if line.strip())

    def inline(self, name: str, page_url: str, **context: Any) -> str:
        """A fragment on one line, to sit inside a heading or a paragraph."""
        return " ".join(line.strip() for line in self.render(name, page_url, **context).splitlines() if line.strip())


def decorate_markdown(
    markdown: str,
    entry: Entry,
    handbook: Handbook,
    renderer: Renderer,
    page_url: str,
    *,
    options: Options,
    gfm_boxes_rendered: bool,
    header_context: dict[str, Any] | None = None,
    footer: str | None = None,
) -> str:
    """The page's Markdown with a progress header after its title, counters showing the
    computed value, and a checkbox for every task we count that Markdown would not render.

    The page body is scanned again (MkDocs has stripped the front matter), so offsets are
    exact; the counts are the same as the file's.
    """
    source = markdown.encode("utf-8")
    page = parse_document(source, entry.document.path, options)
    if page.outline is None or page.checklist is None:
        return markdown
    edits: list[tuple[int, int, str]] = []
    for task in page.checklist.tasks:
        if task.bare or not gfm_boxes_rendered:
            edits.append((task.marker_start, task.marker_start + 3, renderer.inline("checkbox.html", page_url, checked=task.checked)))
    for listing in page.outline.lists:
        if listing.has_task and listing.interrupts_paragraph:
            edits.append(_blank_line_before(page.outline, listing.line))
    scope = page.checklist.scope.value
    for section in page.checklist.sections:
        counter = section.counter
        if counter is None:
            continue
        text = (section.expected_counter or counter.text).strip("[]")
        html = renderer.inline(
            "counter.html", page_url, section=section, text=text, stale=section.stale, written=counter.text, scope=scope
        )
        edits.append((counter.start, counter.end, html))
    title = next((h for h in page.outline.headings if h.level == 1), None)
    at = title.end if title is not None else 0
    header = renderer.block("header.html", page_url, entry=entry, team=handbook.team_of(entry), **(header_context or {}))
    edits.append((at, at, f"\n{header}\n\n"))
    if footer:
        edits.append((len(source), len(source), f"\n\n{footer}\n"))
    out = bytearray(source)
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        out[start:end] = replacement.encode("utf-8")
    return out.decode("utf-8")


_CONTAINER = re.compile(rb"[ \t>]*")


def _blank_line_before(outline: Outline, line: int) -> tuple[int, int, str]:
    """An edit that puts a blank line (inside the same block quotes) before `line`: a
    list right after a paragraph line is a list for GitHub and for us, but plain text for
    Python-Markdown unless a blank line separates them."""
    start = outline.line_starts[line - 1]
    prefix = _CONTAINER.match(outline.source, start).group(0).decode()  # type: ignore[union-attr]
    quotes = ">" * prefix.count(">")
    return start, start, f"{quotes}\n"


def packaged_stylesheet() -> str:
    return (Path(templates_dir()) / "goals" / "goals.css").read_text(encoding="utf-8")

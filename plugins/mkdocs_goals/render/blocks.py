"""Dashboards inside any page: a fenced block names what to draw.

    ```goals
    overview
    ```

`overview`, `person ana`, `team platform` or `goal goals/ana/review.md` (one per block;
`person: ana` works too). Without the plugin or the extension the block shows as a code
block saying what it wanted — a visible failure, never a silent one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..core.handbook.model import Handbook
from .templates import Renderer

FENCE = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*goals[ \t]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
                   re.MULTILINE | re.DOTALL)
KINDS = ("overview", "person", "team", "goal")
_FENCE_WORD = re.compile(r"goals[ \t]*\n")  # in every FENCE; a literal the regex engine finds fast


def has_block(markdown: str) -> bool:
    """Whether `markdown` holds a ```` ```goals ```` block: FENCE tries every line start, so most
    pages (which have none) are ruled out by the word first."""
    return _FENCE_WORD.search(markdown) is not None and FENCE.search(markdown) is not None


@dataclass(frozen=True)
class Block:
    kind: str
    name: str | None  # a person id, a team id, a goal's path; None for the overview


class BlockError(ValueError):
    """A block that names nothing we can draw (shown in its place, and logged)."""


def parse_block(body: str) -> Block:
    words = body.strip().replace(":", " ", 1).split(None, 1)
    if not words or words[0] not in KINDS:
        raise BlockError(f"a goals block names one of {', '.join(KINDS)}, not {body.strip()!r}")
    kind, name = words[0], (words[1].strip() if len(words) > 1 else None)
    if kind != "overview" and not name:
        raise BlockError(f"a `{kind}` goals block names which one: `{kind} <id>`")
    return Block(kind, name)


def block_html(block: Block, handbook: Handbook, renderer: Renderer, page_url: str) -> str:
    """The HTML of one block, for a page at `page_url`."""
    if block.kind == "overview":
        return renderer.block("overview.html", page_url, title="Goals overview", embedded=True)
    if block.kind == "person":
        if block.name not in handbook.people:
            raise BlockError(f"no person {block.name!r} in the handbook")
        return renderer.block("person.html", page_url, person=handbook.people[block.name], embedded=True)
    if block.kind == "team":
        if block.name not in handbook.teams:
            raise BlockError(f"no team {block.name!r} in the handbook")
        return renderer.block("team.html", page_url, team=block.name, embedded=True)
    entries = [e for e in handbook.entries if e.document.path == block.name or e.id == block.name]
    if not entries:
        raise BlockError(f"no published goal {block.name!r} (give its path as the site has it, e.g. goals/ana/x.md)")
    return "\n".join(renderer.block("header.html", page_url, entry=e, team=handbook.team_of(e)) for e in entries)


def expand(markdown: str, draw: Callable[[Block], str], report: Callable[[str], None]) -> str:
    """`markdown` with every goals block replaced by a raw HTML block (or, when it names
    nothing we can draw, by a note saying so; `report` gets the message for the log)."""

    def replace(match: re.Match[str]) -> str:
        try:
            html = draw(parse_block(match.group("body")))
        except BlockError as error:
            report(str(error))
            html = f'<p class="goals-block-error">goals: {_escape(str(error))}</p>'
        return f'\n<div class="goals-embed">\n{html}\n</div>\n'

    return FENCE.sub(replace, markdown)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

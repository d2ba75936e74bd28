"""HTML blocks a goal page carries past its Markdown conversion.

The progress header and the History section are HTML we rendered ourselves. Left in the
Markdown, Python-Markdown and MkDocs each parse them again with `html.parser` (to stash
raw HTML and to find anchor ids), a few per cent of a large site's build. So the page's
Markdown holds a comment marker in their place, and the blocks go back into the HTML
before any other plugin sees it: the page a reader gets, its search entry and its
anchors are the same.
"""

from __future__ import annotations

import html
import re
import secrets

from ..render.last_build import LastBuild

_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")


class Placeholders:
    """The blocks held for each page, from its `on_page_markdown` to its `on_page_content`."""

    def __init__(self, *, rebuilds: bool = False) -> None:
        self.token = secrets.token_hex(8)  # a page cannot write another page's marker, nor guess its own
        self.held: dict[str, dict[str, str]] = {}  # by src_uri: marker -> block
        # Under `mkdocs serve` most blocks are the last build's own strings (kept blocks):
        # their anchor ids are looked up, not searched for again (30 ms a rebuild on keps/).
        self._anchor_ids: LastBuild[frozenset[str]] | None = LastBuild() if rebuilds else None

    def forget(self, uri: str | None = None) -> None:
        """Drop what is held for `uri` (a page rendered again), or for every page (a new build)."""
        if uri is None:
            self.held = {}
            if self._anchor_ids is not None:
                self._anchor_ids.next_build()
        else:
            self.held.pop(uri, None)

    def holder(self, uri: str):  # noqa: ANN201 - a `place` callable for render.pages
        """What `decorate_markdown` calls with each block of page `uri`: it returns the marker."""
        blocks = self.held.setdefault(uri, {})

        def hold(block: str) -> str:
            marker = f"<!--goals-{self.token}-{len(blocks)}-->"
            blocks[marker] = block
            return marker

        return hold

    def release(self, uri: str, content: str) -> tuple[str, set[str]]:
        """`content` with the blocks of page `uri` in their markers' places, and the anchor
        ids the blocks hold. A marker Markdown did not keep as HTML (an unclosed code
        fence took it in) is taken out, and its block goes at the end: nothing is lost."""
        ids: set[str] = set()
        for marker, block in self.held.pop(uri, {}).items():
            if marker in content:
                content = content.replace(marker, block, 1)
            else:
                content = content.replace(html.escape(marker, quote=False), "") + f"\n{block}"
            ids |= self._ids(block)
        return content, ids

    def _ids(self, block: str) -> frozenset[str]:
        if self._anchor_ids is None:
            return anchor_ids(block)
        return self._anchor_ids.get(block, lambda: anchor_ids(block))


def anchor_ids(block: str) -> frozenset[str]:
    """The `id`s of the elements in an HTML block we rendered (as the anchors MkDocs finds)."""
    return frozenset(html.unescape(a or b) for a, b in _ID.findall(block))

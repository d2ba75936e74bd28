"""Heading ids without progress counters: `## Technical Goals [5/16]` is `#technical-goals`."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

COUNTER_HTML = re.compile(r'<span class="goals-counter[^"]*"[^>]*>.*?</span>', re.DOTALL)
_MARK = '<span class="goals-counter'  # how every counter starts (COUNTER_HTML)
_TAG = re.compile(r"<[^>]*>")
_HEADING = re.compile(r"^h[1-6]$")


class CounterAnchors(Treeprocessor):
    """Gives headings that hold a counter the id `toc` would give them without it."""

    def run(self, root: etree.Element) -> None:
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None
        if toc is None:
            return  # no toc, no ids at all: nothing to keep stable
        if not any(_MARK in str(block) for block in self.md.htmlStash.rawHtmlBlocks):
            return  # no counter on the page (most pages of a site): its headings are toc's
        used: set[str] | None = None  # the ids in the page, gathered at the first heading with a counter
        for el in root.iter():
            if not (isinstance(el.tag, str) and _HEADING.match(el.tag)) or "id" in el.attrib:
                continue
            text = self._text(el)
            if text is None:
                continue
            if used is None:
                used = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
            slug = toc.slugify(html.unescape(text), toc.sep)
            el.attrib["id"] = _unique(slug, used)

    def _text(self, el: etree.Element) -> str | None:
        """The heading's text with our counter taken out; None when it holds none.

        Inline HTML is stashed tag by tag (`<span …>`, `1/3`, `</span>`), so the heading
        is put back together as HTML before the counter is found.
        """
        stash = self.md.htmlStash.rawHtmlBlocks

        def raw(match: re.Match[str]) -> str:
            index = int(match.group(1))
            return str(stash[index]) if index < len(stash) else match.group(0)

        source = "".join(HTML_PLACEHOLDER_RE.sub(raw, chunk) for chunk in el.itertext())
        without = COUNTER_HTML.sub("", source)
        if without == source:
            return None
        return " ".join(_TAG.sub("", without).split())


def _unique(slug: str, used: set[str]) -> str:
    """`slug`, or `slug_1`, `slug_2`, ... as `toc` numbers duplicates."""
    candidate, n = slug, 0
    while candidate in used:
        n += 1
        candidate = f"{slug}_{n}"
    used.add(candidate)
    return candidate

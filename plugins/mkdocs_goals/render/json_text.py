"""`json.dumps(value, indent=2)`, the same text, without encoding again what a previous
build encoded: `goals.json` of a large handbook is megabytes, Python's indenting encoder
is pure Python (several times slower than the compact one, which is C), and under
`mkdocs serve` a rebuild changes one goal's part of it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from .last_build import LastBuild

INDENT = 2
_SHARED_DEPTH = 2  # values this deep (a goal of `goals`, a team's figures) are kept whole


class KeptJson:
    """Indented texts of values, by their compact encoding: two values with the same
    compact text have the same indented text, so a kept text is never stale. A build
    keeps only the texts it used."""

    def __init__(self) -> None:
        self.texts: LastBuild[str] = LastBuild()

    def dumps(self, value: Any) -> str:
        """The text of `json.dumps(value, indent=2)`."""
        try:
            return "".join(indented(value, _SHARED_DEPTH, self._piece))
        finally:
            self.texts.next_build()

    def _piece(self, value: Any, depth: int) -> str:
        text = self.texts.get(json.dumps(value), lambda: json.dumps(value, indent=INDENT))
        return text.replace("\n", "\n" + " " * (INDENT * depth)) if depth else text


def indented(
    value: Any, depth_limit: int, leaf: Callable[[Any, int], str], key: Callable[[str], str] = json.dumps, depth: int = 0
) -> Iterator[str]:
    """The text of `json.dumps(value, indent=2)`, in parts, down to `depth_limit`; each
    value that deep (or empty, or not a container) is `leaf(value, depth)`, each key
    `key(name)` (json.dumps's own escaping unless told)."""
    if isinstance(value, dict) and value and depth < depth_limit and all(type(k) is str for k in value):
        inner = "\n" + " " * (INDENT * (depth + 1))
        yield "{"
        for n, (name, item) in enumerate(value.items()):
            yield ("," if n else "") + inner + key(name) + ": "
            yield from indented(item, depth_limit, leaf, key, depth + 1)
        yield "\n" + " " * (INDENT * depth) + "}"
    elif isinstance(value, (list, tuple)) and value and depth < depth_limit:
        inner = "\n" + " " * (INDENT * (depth + 1))
        yield "["
        for n, item in enumerate(value):
            yield "," + inner if n else inner
            yield from indented(item, depth_limit, leaf, key, depth + 1)
        yield "\n" + " " * (INDENT * depth) + "]"
    else:
        yield leaf(value, depth)

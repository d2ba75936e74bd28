"""`json.dumps(value, indent=2)`, the same text, without encoding again what a previous
build encoded: `goals.json` of a large handbook is megabytes, Python's indenting encoder
is pure Python (several times slower than the compact one, which is C), and under
`mkdocs serve` a rebuild changes one goal's part of it."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterator
from typing import Any

from .last_build import LastBuild

INDENT = 2
_SHARED_DEPTH = 2  # values this deep (a goal of `goals`, a team's figures) are kept whole


class KeptJson:
    """Indented texts of values, by their compact encoding: two values with the same
    compact text have the same indented text, so a kept text is never stale. A build
    keeps only the texts it used.

    A value made through `same` is the last build's own object while its key is the same,
    and its text is found by that identity: neither made nor encoded again (a goal's part
    of `goals.json`: a rebuild after saving one goal file encodes that goal only)."""

    def __init__(self) -> None:
        self.texts: LastBuild[str] = LastBuild()
        self.values: LastBuild[Any] = LastBuild()
        self.texts_of_values: LastBuild[tuple[Any, str]] = LastBuild()  # by id(value), the value held alive
        self._handed_out: set[int] = set()  # ids of this build's values from `same`

    def same(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value for `key`, a key that says all the value depends on: the last build's
        object when the key is the same, else `make()`. Nothing may change it afterwards."""
        value = self.values.get(key, make)
        self._handed_out.add(id(value))
        return value

    def dumps(self, value: Any) -> str:
        """The text of `json.dumps(value, indent=2)`."""
        try:
            return "".join(indented(value, _SHARED_DEPTH, self._piece))
        finally:
            for kept in (self.texts, self.values, self.texts_of_values):
                kept.next_build()
            self._handed_out = set()

    def _piece(self, value: Any, depth: int) -> str:
        if id(value) in self._handed_out:  # held by `texts_of_values`, no other object has its id
            text = self.texts_of_values.get(id(value), lambda: (value, self._text(value)))[1]
        else:
            text = self._text(value)
        return text.replace("\n", "\n" + " " * (INDENT * depth)) if depth else text

    def _text(self, value: Any) -> str:
        return self.texts.get(json.dumps(value), lambda: json.dumps(value, indent=INDENT))


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

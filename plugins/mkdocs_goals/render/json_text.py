"""`json.dumps(value, indent=2)`, the same text, without encoding again what a previous
build encoded: `goals.json` of a large handbook is megabytes, Python's indenting encoder
is pure Python (several times slower than the compact one, which is C), and under
`mkdocs serve` a rebuild changes one goal's part of it."""

from __future__ import annotations

import json
from typing import Any

INDENT = 2
_SHARED_DEPTH = 2  # values this deep (a goal of `goals`, a team's figures) are kept whole


class KeptJson:
    """Indented texts of values, by their compact encoding: two values with the same
    compact text have the same indented text, so a kept text is never stale. A build
    keeps only the texts it used."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}
        self.used: dict[str, str] = {}

    def dumps(self, value: Any) -> str:
        """The text of `json.dumps(value, indent=2)`."""
        try:
            return "".join(self._encode(value, 0))
        finally:
            self.kept, self.used = self.used, {}

    def _encode(self, value: Any, depth: int) -> list[str]:
        if isinstance(value, dict) and value and depth < _SHARED_DEPTH and all(type(k) is str for k in value):
            inner = "\n" + " " * (INDENT * (depth + 1))
            parts = ["{"]
            for n, (key, item) in enumerate(value.items()):
                parts += [("," if n else "") + inner, json.dumps(key), ": ", *self._encode(item, depth + 1)]
            return [*parts, "\n" + " " * (INDENT * depth) + "}"]
        if isinstance(value, (list, tuple)) and value and depth < _SHARED_DEPTH:
            inner = "\n" + " " * (INDENT * (depth + 1))
            parts = ["["]
            for n, item in enumerate(value):
                parts += [("," if n else "") + inner, *self._encode(item, depth + 1)]
            return [*parts, "\n" + " " * (INDENT * depth) + "]"]
        key = json.dumps(value)
        text = self.used.get(key)
        if text is None:
            text = self.kept.get(key)
            if text is None:
                text = json.dumps(value, indent=INDENT)
            self.used[key] = text
        return [text.replace("\n", "\n" + " " * (INDENT * depth)) if depth else text]

"""Adding one entry to a top-level list of `mkdocs.yml` by inserting text.

The user's file is never re-dumped: comments, quoting, order, blank lines, line endings
and tags such as `!ENV` stay byte for byte. YAML's node marks say where the list's last
item ends; the new entry goes on the next line, indented like its siblings (or inside
the brackets of a flow list). The result is read back and must equal the old settings
plus that entry, or nothing is changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class ConfigEditError(ValueError):
    """The entry cannot be added safely; the message says what to add by hand."""


@dataclass(frozen=True)
class Entry:
    """`name`, or `name:` with options, as an item of a list such as `plugins:`."""

    name: str
    options: dict[str, Any] | None = None

    def value(self) -> Any:
        return {self.name: dict(self.options)} if self.options else self.name

    def flow(self) -> str:
        """The entry inside a flow list `[...]`."""
        return f"{{{self.name}: {self._flow_options()}}}" if self.options else self.name

    def flow_pair(self) -> str:
        """The entry as a `key: value` pair of a mapping."""
        return f"{self.name}: {self._flow_options() if self.options else '{}'}"

    def block(self, dash: int, newline: str) -> str:
        """The entry as `- item` lines with the dash at column `dash`."""
        if not self.options:
            return f"{' ' * dash}- {self.name}{newline}"
        inner = " " * (dash + 4)
        return f"{' ' * dash}- {self.name}:{newline}" + "".join(
            f"{inner}{key}: {_scalar(value)}{newline}" for key, value in self.options.items()
        )

    def _flow_options(self) -> str:
        return "{" + ", ".join(f"{key}: {_scalar(value)}" for key, value in (self.options or {}).items()) + "}"


def _scalar(value: Any) -> str:
    """An option value as YAML: `true`, `3`, `people.yml` (our own values, all plain)."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


class _Loader(yaml.SafeLoader):
    """Reads any tag (`!ENV`, `!!python/name:`) as the plain value under it, importing nothing."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_Loader.add_multi_constructor("!", _untagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


def read(text: str) -> dict[str, Any]:
    """The settings of a config text (tags read as their plain values)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        raise ConfigEditError(f"it is not valid YAML ({_first_line(error)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigEditError("it is not a mapping of settings")
    return data


def names(value: Any) -> list[str]:
    """The entry names of a list such as `plugins:` (a list of names or one-key
    mappings, or a mapping of names to options)."""
    if isinstance(value, dict):
        return [str(key) for key in value]
    if isinstance(value, list):
        return [str(next(iter(item))) if isinstance(item, dict) and item else str(item) for item in value]
    return []


def add_entry(text: str, key: str, entry: Entry, *, when_missing: list[Entry] | None = None) -> str:
    """`text` with `entry` added to the top-level list `key`. Without that key, a new
    `key:` block with `when_missing` (default: just `entry`) is appended at the end."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    newline = "\r\n" if "\r\n" in body else "\n"
    before = read(body)
    root = _compose(body)
    value_node = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key), None) \
        if isinstance(root, yaml.MappingNode) else None
    if value_node is None:
        entries = when_missing or [entry]
        tail = "" if not body or body.endswith(("\n", "\r")) else newline
        new = body + tail + (newline if body.strip() else "") + f"{key}:{newline}" + "".join(
            e.block(2, newline) for e in entries)
        expected = {**before, key: [e.value() for e in entries]}
    else:
        new = _insert(body, value_node, entry, newline, key)
        old = before.get(key)
        expected = {**before, key: {**old, entry.name: entry.options or {}} if isinstance(old, dict)
                    else [*old, entry.value()]}
    if read(new) != expected:
        raise ConfigEditError(f"adding it to `{key}:` here would change other settings")
    return bom + new


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)  # noqa: S506 - composing only, nothing is constructed
    except yaml.YAMLError as error:
        raise ConfigEditError(f"it is not valid YAML ({_first_line(error)})") from None


def _insert(text: str, node: yaml.Node, entry: Entry, newline: str, key: str) -> str:
    if isinstance(node, yaml.SequenceNode) and node.flow_style:
        return _into_flow(text, node, entry.flow())
    if isinstance(node, yaml.MappingNode) and node.flow_style:
        return _into_flow(text, node, entry.flow_pair())
    if isinstance(node, yaml.SequenceNode) and node.value:
        first = node.value[0].start_mark
        line = text[first.index - first.column:first.index]
        dash = line.rfind("-")
        if dash < 0:
            raise ConfigEditError(f"its `{key}:` list has a layout this command does not edit")
        return _after_line(text, _content_end(node), entry.block(dash, newline))
    if isinstance(node, yaml.MappingNode) and node.value:
        column = node.value[0][0].start_mark.column
        return _after_line(text, _content_end(node), f"{' ' * column}{entry.flow_pair()}{newline}")
    raise ConfigEditError(f"its `{key}:` is empty or not a list")


def _into_flow(text: str, node: yaml.Node, item: str) -> str:
    """`[a, b]` → `[a, b, item]`: after the last item, or right inside an empty `[]`."""
    if node.value:
        last = node.value[-1]
        end = (last[1] if isinstance(last, tuple) else last).end_mark.index
        return text[:end] + f", {item}" + text[end:]
    close = node.end_mark.index - 1
    return text[:close] + item + text[close:]


def _content_end(node: yaml.Node) -> int:
    """Where the last character of a block collection's content is (a block node's own
    end mark lies at the start of whatever follows it, comments included)."""
    while isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node.end_mark.index


def _after_line(text: str, index: int, lines: str) -> str:
    """`lines` inserted at the start of the line after the one holding `index`."""
    if index > 0 and text[index - 1] == "\n":  # a block scalar ends with its line break
        return text[:index] + lines + text[index:]
    end = text.find("\n", index)
    if end < 0:
        newline = "\r\n" if lines.endswith("\r\n") else "\n"
        return text + newline + lines
    return text[:end + 1] + lines + text[end + 1:]


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200]

"""YAML front matter, read safely: bounded aliases, no duplicate keys, YAML 1.2 booleans.

Delimiters follow python-frontmatter's YAML handler (a `---` line opens and closes),
and MkDocs' own reader (`...` may close). The YAML is loaded by a python-frontmatter
handler whose loader refuses what would surprise or hurt a user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

_OPEN = re.compile(rb"-{3,}[ \t]*\r?")
_CLOSE_LINE = re.compile(rb"(?m)^(?:-{3,}|\.{3})[ \t]*\r?$")
MAX_EXPANDED_NODES = 10_000  # front matter of a goal is a few dozen values


class FrontMatterError(ValueError):
    """A problem with the front matter at a 1-based file `line`."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class FrontMatter:
    """Loaded front matter: its values, where each top-level key sits, and the body offset."""

    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    first_line: int = 0  # the opening `---`; 0 when there is no front matter
    last_line: int = 0  # the closing delimiter
    body_start: int = 0  # byte offset where the Markdown body begins
    error: FrontMatterError | None = None  # the block is still skipped when its YAML is bad
    yaml_end: int = 0  # byte offset of the closing delimiter line

    @property
    def present(self) -> bool:
        return self.first_line > 0

    def line_of(self, key: str) -> int:
        """The line a key sits on, or the opening delimiter's line."""
        return self.key_lines.get(key, self.first_line or 1)


# libyaml's parser when PyYAML was built with it (the usual wheels are): same rules, ~10x faster.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _BoundedLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """SafeLoader that rejects duplicate keys and alias bombs, and reads only true/false as booleans."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise FrontMatterError("a mapping key must be a plain value", key_node.start_mark.line) from None
            if key in seen:
                raise FrontMatterError(
                    f"duplicate key {key!r} (first on front-matter line {seen[key] + 1})", key_node.start_mark.line
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


# YAML 1.1 turns yes/no/on/off into booleans (the "Norway problem"); YAML 1.2 does not.
# Dates stay strings here so that `due: 2026-02-30` is a schema error on its own line,
# and quoted and unquoted dates mean the same.
_DROPPED_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BoundedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _expanded_size(node: yaml.Node, memo: dict[int, int], limit: int) -> int:
    """Count values as if every alias were copied out; stop early once over `limit`."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo, limit)
            if size > limit:
                break
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            size += _expanded_size(key, memo, limit) + _expanded_size(value, memo, limit)
            if size > limit:
                break
    memo[id(node)] = size
    return size


def _check_expansion(root: yaml.Node) -> None:
    """Refuse front matter that aliases would blow up, naming the key where it happens."""
    memo: dict[int, int] = {}
    entries = root.value if isinstance(root, yaml.MappingNode) else [(root, root)]
    total = 0
    for key, value in entries:
        total += _expanded_size(value, memo, MAX_EXPANDED_NODES)
        if total > MAX_EXPANDED_NODES:
            raise FrontMatterError(
                f"front matter expands to more than {MAX_EXPANDED_NODES} values (too many aliases)",
                key.start_mark.line,
            )


class SafeYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter handler that loads with `_BoundedLoader` and reports key lines."""

    def load(self, fm: str, **kwargs: object) -> Any:
        return self.load_with_lines(fm)[0]

    def load_with_lines(self, fm: str) -> tuple[Any, dict[str, int]]:
        loader = _BoundedLoader(fm)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            _check_expansion(node)
            data = loader.construct_document(node)
            lines = {}
            if isinstance(node, yaml.MappingNode):
                lines = {str(k.value): k.start_mark.line for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
            return data, lines
        finally:
            loader.dispose()


# What a front matter block that went wrong starts with: BOMs, blank lines or spaces,
# then a line of two or more dashes (ending in LF, CRLF or a lone CR).
_ALMOST_OPEN = re.compile(rb"((?:\xef\xbb\xbf|[ \t\r\n])*)(-{2,})[ \t]*(\r\n|\n|\r(?!\n)|$)")


def near_miss(body: bytes) -> FrontMatterError | None:
    """Front matter that was meant but will not be read as such, with what is wrong.

    A reader (MkDocs, GitHub, us) would publish such a file's YAML as text and ignore
    its `visibility`; we report it instead, and the publish decision withholds it.
    """
    hidden = _invisible_start(body)
    if hidden is not None:
        return hidden
    first = body.split(b"\n", 1)[0].rstrip(b"\r")
    if re.fullmatch(rb"-{3,}[ \t]+\S.*", first):
        return FrontMatterError("the opening `---` must stand alone on the first line (nothing after it)", 1)
    match = _ALMOST_OPEN.match(body)
    if match is None:
        return None
    before, dashes, ending = match.groups()
    line = before.count(b"\n") + 1
    if b"\xef\xbb\xbf" in before:
        return FrontMatterError("a second byte-order mark (U+FEFF) before the front matter: save as plain UTF-8", 1)
    if before.strip(b" \t"):
        return FrontMatterError("front matter must open on the very first line: remove the blank lines before `---`", line)
    if before:
        return FrontMatterError("the opening `---` must start at the beginning of the line", line)
    if ending == b"\r":
        return FrontMatterError("lines end with a lone CR (classic Mac): save the file with LF or CRLF line endings", 1)
    if len(dashes) == 2:
        return FrontMatterError("front matter opens with three dashes `---`, not `--`", 1)
    return None


def _invisible_start(body: bytes) -> FrontMatterError | None:
    """Front matter behind characters an editor does not show (a zero-width or no-break
    space, a second BOM): the `---` looks like the first line but is not."""
    head = body[:64].decode("utf-8", "ignore")
    stripped = head.lstrip(" \t\r\n")
    rest = stripped.lstrip("".join(ch for ch in stripped[:16] if unicodedata.category(ch) in ("Zs", "Cf", "Cc")))
    if rest.startswith("--") and rest != stripped:
        invisible = next(ch for ch in stripped if unicodedata.category(ch) in ("Zs", "Cf", "Cc"))
        if invisible == "\ufeff":
            return FrontMatterError("a second byte-order mark (U+FEFF) before the front matter: save as plain UTF-8", 1)
        name = unicodedata.name(invisible, f"U+{ord(invisible):04X}")
        return FrontMatterError(
            f"an invisible character ({name}) before the front matter's `---`: remove it", 1
        )
    return None


def find_front_matter(body: bytes) -> FrontMatter:
    """Where the front matter is, without loading it (for fast counting)."""
    first_end = body.find(b"\n")
    if not body.startswith(b"---") or first_end == -1 or not _OPEN.fullmatch(body, 0, first_end):
        problem = near_miss(body)
        return FrontMatter(error=problem) if problem else FrontMatter()
    closing = _CLOSE_LINE.search(body, first_end + 1)
    if closing is None:
        return FrontMatter(error=FrontMatterError("front matter opened with `---` is never closed", 1))
    end = body.find(b"\n", closing.start())
    end = len(body) if end == -1 else end
    last_line = body.count(b"\n", 0, closing.start()) + 1
    return FrontMatter(first_line=1, last_line=last_line, body_start=min(end + 1, len(body)), yaml_end=closing.start())


def read_front_matter(body: bytes) -> FrontMatter:
    """Find and load the front matter at the start of `body` (UTF-8, no BOM).

    Problems (an unclosed block, bad YAML, a value that is not a mapping) come back in
    `error` with a file line; the block's lines are still known so the body parses.
    """
    result = find_front_matter(body)
    if not result.present:
        return result
    yaml_text = body[body.index(b"\n") + 1 : result.yaml_end].decode("utf-8")
    try:
        data, key_lines = SafeYAMLHandler().load_with_lines(yaml_text)
    except FrontMatterError as error:
        result.error = FrontMatterError(str(error), error.line + 2)
        return result
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        result.error = FrontMatterError(_explain_yaml_error(error, yaml_text), mark.line + 2 if mark else 1)
        return result
    except yaml.YAMLError as error:
        result.error = FrontMatterError(f"invalid YAML: {error}", 1)
        return result
    except RecursionError:
        result.error = FrontMatterError("front matter is nested too deeply", 2)
        return result
    except (ValueError, TypeError) as error:
        result.error = FrontMatterError(f"invalid YAML value: {error}", 2)
        return result
    if data is None:
        data = {}
    if not isinstance(data, dict):
        result.error = FrontMatterError("front matter must be a mapping of `key: value` lines", 2)
        return result
    result.data = data
    result.key_lines = {key: line + 2 for key, line in key_lines.items()}
    return result


def _explain_yaml_error(error: yaml.MarkedYAMLError, text: str) -> str:
    problem = error.problem or str(error)
    mark = error.problem_mark
    if mark is not None and "\t" in text.split("\n")[mark.line][: mark.column + 1]:
        return "a tab character in front matter: YAML allows only spaces for indentation"
    return f"invalid YAML: {problem}"


def blank_out(body: bytes, front_matter: FrontMatter) -> bytes:
    """Replace the front matter with blank lines so Markdown line numbers and offsets stay true."""
    if not front_matter.present:
        return body
    head = body[: front_matter.body_start].translate(_TO_SPACES)
    return head + body[front_matter.body_start :]


_TO_SPACES = bytes(b if b in (10, 13) else 32 for b in range(256))

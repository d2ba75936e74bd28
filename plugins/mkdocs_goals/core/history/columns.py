"""Tables of decoded JSON, checked a whole column at a time.

A table is a JSON object of equal-length lists, one per field. Each list is checked at
once (the set of its values' types, its min and max, one regular expression over the
joined text) rather than with a Python call per value: that keeps a cache of millions
of values cheap to trust, and every check still fails closed (`Malformed`). Types are
exact, as JSON gives them: `True` is no int here, `1.0` no count.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from itertools import accumulate
from typing import Any

NoneType = type(None)


class Malformed(ValueError):
    """The cache file is not one this version wrote (edited, truncated, hostile): the
    scan starts from scratch instead of trusting any of it."""


def typed(value: Any, kind: type) -> Any:
    """`value` if it is exactly of `kind`."""
    if type(value) is not kind:
        raise Malformed(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def fields(data: Any, names: Collection[str]) -> dict[str, Any]:
    """An object with exactly the keys `names` (none missing, none unknown)."""
    if typed(data, dict).keys() != set(names):
        raise Malformed(f"expected the keys {sorted(names)}")
    return data


def table(data: Any, names: Collection[str]) -> dict[str, list]:
    """An object of the columns `names`, all lists of one length."""
    columns = fields(data, names)
    if len({len(typed(column, list)) for column in columns.values()}) > 1:
        raise Malformed("the columns of a table differ in length")
    return columns


def length(columns: dict[str, list]) -> int:
    """The rows of a table (`table` made sure its columns agree)."""
    return len(next(iter(columns.values()))) if columns else 0


def of_types(column: list, *kinds: type) -> list:
    """`column` if each value is exactly of one of `kinds`."""
    if not set(map(type, column)) <= set(kinds):
        raise Malformed(f"expected values of {[k.__name__ for k in kinds]}")
    return column


def texts(column: list) -> list[str]:
    return of_types(column, str)


def maybe_texts(column: list) -> list[str | None]:
    return of_types(column, str, NoneType)


def flags(column: list) -> list[bool]:
    return of_types(column, bool)


def integers(column: list) -> list[int]:
    return of_types(column, int)


def counts(column: list) -> list[int]:
    """Whole numbers from 0."""
    if integers(column) and min(column) < 0:
        raise Malformed("a count below 0")
    return column


def indexes(column: list, size: int, *, optional: bool = False) -> list[int | None]:
    """Positions in a list of `size` (or None, if `optional`)."""
    if optional:
        present = [i for i in of_types(column, int, NoneType) if i is not None]
    else:
        present = integers(column)
    if present and (min(present) < 0 or max(present) >= size):
        raise Malformed("an index out of range")
    return column


def numbers(column: list) -> list[float]:
    """Finite numbers (never NaN or infinite, as 1e400 decodes), as floats."""
    kinds = set(map(type, column))
    if not kinds <= {float, int} or not all(map(math.isfinite, column)):
        raise Malformed("not a finite number")
    return [float(n) for n in column] if int in kinds else column


def maybe_numbers(column: list) -> list[float | None]:
    """`numbers` or None."""
    present = [n for n in of_types(column, float, int, NoneType) if n is not None]
    if numbers(present) is present:
        return column
    return [None if n is None else float(n) for n in column]  # an int (which this version never writes)


def choices(column: list, allowed: frozenset[str]) -> list[str]:
    """Texts each one of `allowed`."""
    if not set(texts(column)) <= allowed:
        raise Malformed("a value that is no choice")
    return column


_HEXES = re.compile(r"[0-9a-f]*")


def object_ids(column: list) -> list[str]:
    """Git object ids (SHA-1 or SHA-256, lowercase hex): never an option such as `--output`."""
    if not set(map(len, texts(column))) <= {40, 64} or not _HEXES.fullmatch("".join(column)):
        raise Malformed("not a git object id")
    return column


def at_most(smaller: list[int], larger: list[int]) -> None:
    """Each of `smaller` at most its counterpart in `larger` (checked items and total)."""
    if not all(map(int.__le__, smaller, larger)):
        raise Malformed("more checked than total")


def unique(column: list) -> list:
    """Values that are keys: no two alike (a second one would silently replace the first)."""
    if len(set(column)) != len(column):
        raise Malformed("a key given twice")
    return column


def lists(column: list, check: Callable[[list], Any]) -> list[list]:
    """Lists, each checked by `check` as a column of its own."""
    for entry in of_types(column, list):
        if entry:
            check(entry)
    return column


def triples(column: list) -> list[tuple]:
    """Lists of `[text, int, int]` (a goal set's goals), as tuples of tuples."""
    found = []
    for entry in of_types(column, list):
        if not entry:
            found.append(())
            continue
        if set(map(type, entry)) != {list} or set(map(len, entry)) != {3}:
            raise Malformed("expected [text, int, int]")
        slugs, firsts, seconds = zip(*entry)
        texts(slugs), integers(firsts), integers(seconds)
        found.append(tuple(map(tuple, entry)))
    return found


def groups(rows: list, sizes: list[int]) -> list[list]:
    """`rows` cut into consecutive groups of `sizes` (counts that add up to all the rows)."""
    if sum(counts(sizes)) != len(rows):
        raise Malformed("group sizes do not add up to the rows")
    return [rows[end - size : end] for size, end in zip(sizes, accumulate(sizes))]

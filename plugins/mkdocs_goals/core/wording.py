"""Counts in sentences: `1 file`, `2 files`, never `file(s)`."""

from __future__ import annotations


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """`1 error`, `2 errors`, `0 warnings`: a count and its noun, agreeing."""
    return f"{count} {noun if count == 1 else plural_noun or noun + 's'}"


def agreeing(count: int, singular: str, plural_form: str) -> str:
    """The verb (or phrase) that agrees with `count`: `is`/`are`, `was`/`were`."""
    return singular if count == 1 else plural_form

"""Goal categories: an explicit list (the seeds' three by default), never guessed from words.

A goal's category is its front-matter `category`, else the ticked box of its `Category`
section; either is matched against each category's id, label and aliases, ignoring case,
spaces and hyphens (`Engineering Craft`, `engineering-craft`). Anything else is *other*,
and `goals check` says so with a did-you-mean.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from ..document.vocabulary import vocabulary_key

OTHER = "other"


@dataclass(frozen=True)
class Category:
    """A category and the share of active goals the guidance suggests for it (percent)."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()
    low: int = 0
    high: int = 100

    def names(self) -> tuple[str, ...]:
        return (self.id, self.label, *self.aliases)


# The seeds' guidance: engineering craft 40–70 %, soft skills 25–40 %, leadership 5–20 %.
DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("engineering-craft", "Engineering craft", ("craft", "hard skills", "technical"), 40, 70),
    Category("soft-skills", "Soft skills", (), 25, 40),
    Category("leadership", "Leadership", (), 5, 20),
)


def resolve_category(text: str | None, categories: Iterable[Category] = DEFAULT_CATEGORIES) -> str:
    """The id of the category `text` names, or `other`."""
    if not text:
        return OTHER
    key = vocabulary_key(text)
    for category in categories:
        if any(vocabulary_key(name) == key for name in category.names()):
            return category.id
    return OTHER


def suggest_category(text: str, categories: Iterable[Category] = DEFAULT_CATEGORIES) -> str | None:
    """The category an unknown name was probably meant to be."""
    by_key = {vocabulary_key(name): c.id for c in categories for name in c.names()}
    close = difflib.get_close_matches(vocabulary_key(text), list(by_key), n=1, cutoff=0.6)
    return by_key[close[0]] if close else None


def categories_from_config(items: list[dict] | None) -> tuple[Category, ...]:
    """Categories from the plugin's `categories` option (None: the defaults)."""
    if not items:
        return DEFAULT_CATEGORIES
    found = []
    for item in items:
        share = item.get("share") or (0, 100)
        found.append(
            Category(
                id=str(item["id"]),
                label=str(item.get("label") or item["id"]),
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
                low=int(share[0]),
                high=int(share[1]),
            )
        )
    return tuple(found)

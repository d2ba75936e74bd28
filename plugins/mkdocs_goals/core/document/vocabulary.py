"""The words of goal front matter, without the model that validates them: statuses,
visibilities and assessments as people spell them, and the keys a goal may have.

Kept apart from `goal` (the pydantic model) so that what only needs the words (a warm
`goals history`, the publish decision, the dashboards' filters) does not import pydantic.
"""

from __future__ import annotations

import difflib
import re
from enum import Enum
from functools import lru_cache
from typing import Any

class Status(str, Enum):
    NOT_STARTED = "not-started"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    BLOCKED = "blocked"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def active(self) -> bool:
        """Still being worked on: neither done nor dropped."""
        return self not in (Status.DONE, Status.DROPPED)


class Visibility(str, Enum):
    PUBLIC = "public"
    TEAM = "team"
    PRIVATE = "private"


class Assessment(str, Enum):
    ACHIEVED = "achieved"
    PARTIAL = "partial"
    NOT_ACHIEVED = "not-achieved"


# Other spellings people use for each value (after `vocabulary_key`), from the seeds
# and from the goal tools teams come from (Lattice, Officevibe, 15Five).
STATUS_ALIASES: dict[str, Status] = {
    "notstarted": Status.NOT_STARTED, "todo": Status.NOT_STARTED, "planned": Status.NOT_STARTED,
    "ontrack": Status.ON_TRACK, "inprogress": Status.ON_TRACK,
    "atrisk": Status.AT_RISK, "offtrack": Status.AT_RISK, "behind": Status.AT_RISK,
    "blocked": Status.BLOCKED,
    "done": Status.DONE, "complete": Status.DONE, "completed": Status.DONE, "finished": Status.DONE,
    "dropped": Status.DROPPED, "cancelled": Status.DROPPED, "canceled": Status.DROPPED, "abandoned": Status.DROPPED,
}
ASSESSMENT_ALIASES: dict[str, Assessment] = {
    "achieved": Assessment.ACHIEVED, "fullyachieved": Assessment.ACHIEVED, "met": Assessment.ACHIEVED,
    "partial": Assessment.PARTIAL, "partially": Assessment.PARTIAL, "partiallyachieved": Assessment.PARTIAL,
    "partlyachieved": Assessment.PARTIAL, "partiallymet": Assessment.PARTIAL,
    "notachieved": Assessment.NOT_ACHIEVED, "notmet": Assessment.NOT_ACHIEVED, "missed": Assessment.NOT_ACHIEVED,
}
VISIBILITY_ALIASES: dict[str, Visibility] = {v.value: v for v in Visibility}


def vocabulary_key(value: str) -> str:
    """`On track`, `on_track`, `ON-TRACK` and `✅ On track.` all become `ontrack`."""
    return re.sub(r"[\W_]+", "", value.lower())


def read_word(value: Any, aliases: dict[str, Any], what: str) -> Any:
    """The canonical value a written word stands for, or a ValueError with a did-you-mean."""
    if isinstance(value, Enum):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a {what}: write one of {_choices(aliases)}")
    if _hidden_characters(value):
        raise ValueError(f"{value!r} contains invisible or control characters: retype it")
    found = aliases.get(vocabulary_key(value))
    if found is not None:
        return found
    message = f"{value!r} is not a {what}: write one of {_choices(aliases)}"
    close = difflib.get_close_matches(vocabulary_key(value), list(aliases), n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {aliases[close[0]].value!r}?"
    raise ValueError(message)


def _hidden_characters(value: str) -> bool:
    """Zero-width and other format characters: `private\u200b` must not read as `private`."""
    return any(not (ch.isprintable() or ch == " ") for ch in value)


def _choices(aliases: dict[str, Any]) -> str:
    return ", ".join(dict.fromkeys(v.value for v in aliases.values()))


# Page keys that MkDocs and Material read; allowed beside ours without a warning.
PAGE_KEYS = frozenset(
    {"description", "tags", "hide", "template", "icon", "search", "subtitle", "comments", "authors", "date", "kind"}
)
# The fields of `goal.GoalFrontMatter` (a test holds the two equal).
GOAL_KEYS = frozenset(
    {"title", "owner", "team", "status", "start", "due", "cycle", "category", "visibility", "metric", "assessment",
     "aligns_to", "kind"}
)
KNOWN_KEYS = GOAL_KEYS | PAGE_KEYS
# Keys that make a document a goal. `owner`, `team` and `title` alone do not: an
# inventory may name its owner.
GOAL_MARKER_KEYS = frozenset({"status", "due", "start", "assessment", "metric", "cycle"})


@lru_cache(maxsize=4096)
def suggest_key(key: str) -> str | None:
    """The known key an unknown one was probably meant to be (remembered: a history reads
    the same keys in every version)."""
    matches = difflib.get_close_matches(key.lower(), sorted(KNOWN_KEYS), n=1, cutoff=0.6)
    return matches[0] if matches else None

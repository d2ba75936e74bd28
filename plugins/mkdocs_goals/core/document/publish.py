"""Whether a document may be shown: the one publish decision every output goes through.

Fail closed. A document is published only when its bytes decode, its front matter
was read (and, for a goal, validated) and its `visibility` says it may be. Anything
in doubt is *withheld*: front matter that cannot be read, a visibility value we do not
know, a key that looks like a misspelled `visibility`, a goal whose front matter does
not validate. Private documents are withheld unless a local user asks for them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from .vocabulary import VISIBILITY_ALIASES, Visibility, read_word, vocabulary_key

if TYPE_CHECKING:
    from .front_matter import FrontMatter
    from .model import Document

# Keys someone may have written meaning "do not publish this" (after `vocabulary_key`).
# `hide` is not among them: it is Material's page key for hiding the navigation.
PRIVACY_WORDS = frozenset(
    {"private", "privacy", "hidden", "secret", "confidential", "public", "published", "publish", "visible",
     "audience", "access", "draft", "internal", "restricted", "personal"}
)


class State(str, Enum):
    """What a version of a document says about being shown."""

    PUBLIC = "public"
    TEAM = "team"
    PRIVATE = "private"
    UNDECLARED = "undeclared"  # no visibility key: the site's default applies
    WITHHELD = "withheld"  # in doubt: never shown


@dataclass(frozen=True)
class Decision:
    """Published or not; when withheld, why and at which line (for the warning)."""

    published: bool
    state: State
    reason: str | None = None
    line: int = 1


@lru_cache(maxsize=4096)
def looks_like_visibility(key: str) -> bool:
    """`Visibility`, `visiblity`, `private`, `hidden`: a key meant to hide the file."""
    if key == "visibility":
        return False
    word = vocabulary_key(key)
    if word == "visibility" or word in PRIVACY_WORDS:
        return True
    return difflib.SequenceMatcher(None, word, "visibility").ratio() >= 0.75


_KEY_LINE = re.compile(rb"(?m)^[ \t]*[\"']?([^\s:\"']+)[\"']?[ \t]*:")


def mentions_visibility(raw: bytes, lines: int = 60) -> bool:
    """Whether the head of a file has a `key:` line that is, or looks like, `visibility`:
    front matter that meant to hide the page, even when it cannot be read."""
    head = b"\n".join(raw.split(b"\n", lines)[:lines])
    keys = (m.group(1).decode("utf-8", "replace") for m in _KEY_LINE.finditer(head))
    return any(key == "visibility" or looks_like_visibility(key) for key in keys)


def visibility_state(front_matter: FrontMatter) -> tuple[State, str | None, int]:
    """What read front matter says about being shown: (state, reason when withheld, line)."""
    for key in front_matter.data:
        if looks_like_visibility(str(key)):
            line = front_matter.line_of(str(key))
            return State.WITHHELD, f"front-matter key {str(key)!r} looks like a misspelled `visibility`", line
    if "visibility" not in front_matter.data:
        return State.UNDECLARED, None, 1
    try:
        value = read_word(front_matter.data["visibility"], VISIBILITY_ALIASES, "visibility")
    except ValueError as error:
        return State.WITHHELD, str(error), front_matter.line_of("visibility")
    return State(value.value), None, 1


def front_matter_state(front_matter: FrontMatter, *, is_goal: bool, goal_valid: bool) -> tuple[State, str | None, int]:
    """What front matter says, read or not: unreadable front matter, or a goal's that
    does not validate, is withheld."""
    if front_matter.error is not None:
        return State.WITHHELD, f"its front matter cannot be read ({front_matter.error})", front_matter.error.line
    state, reason, line = visibility_state(front_matter)
    if state is not State.WITHHELD and is_goal and not goal_valid:
        return State.WITHHELD, "its goal front matter does not validate", front_matter.first_line or 1
    return state, reason, line


def state_of(document: Document) -> tuple[State, str | None, int]:
    """The document's own say (state, reason when withheld, line), before any option."""
    if document.decoded is None:
        return State.WITHHELD, "the file is not UTF-8 text", 1
    is_goal = document.kind.value == "goal"
    return front_matter_state(document.front_matter, is_goal=is_goal, goal_valid=document.goal is not None)


@dataclass(frozen=True)
class Audience:
    """Who is looking: a site's readers by default; a local user may ask for private goals.

    `default` is the visibility of a document that declares none (a site can make
    publishing opt-in with `default_visibility: private`).
    """

    include_private: bool = False
    default: Visibility = Visibility.PUBLIC

    def may_see(self, state: State | str) -> bool:
        """Whether a version in `state` may be shown to this audience (a state it does
        not know: never). Asked for every snapshot of every history: a set lookup."""
        return state in self._visible_states

    @cached_property
    def _visible_states(self) -> frozenset[str]:
        return frozenset(state.value for state in State if self._sees(state))

    def _sees(self, state: State) -> bool:
        if state is State.UNDECLARED:
            state = State(self.default.value)
        if state is State.WITHHELD:
            return False
        return self.include_private or state is not State.PRIVATE

    def decide(self, document: Document) -> Decision:
        """Publish or withhold `document`, and why."""
        state, reason, line = state_of(document)
        shown = self.may_see(state)
        if not shown and reason is None:
            reason = "it is private"
        return Decision(shown, state, None if shown else reason, line)


SITE_READERS = Audience()


def decide(document: Document, *, include_private: bool = False) -> Decision:
    """The decision for a site's readers (or, with `include_private`, a local user)."""
    return Audience(include_private=include_private).decide(document)


def is_published(document: Document, *, publish_private: bool = False) -> bool:
    """Shorthand for `decide(...).published`."""
    return decide(document, include_private=publish_private).published

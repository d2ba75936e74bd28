"""Values kept from one build to the next (`mkdocs serve`), by a key that says all they
depend on; a build keeps only the ones it used, so what an edited or removed page made
is dropped at the build after."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class LastBuild(Generic[Value]):
    """The values the last build used, and the ones this build has used so far."""

    def __init__(self) -> None:
        self.kept: dict[Hashable, Value] = {}
        self.used: dict[Hashable, Value] = {}

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value for `key`: this build's, the last build's, or `make()`."""
        if key not in self.used:
            self.used[key] = self.kept[key] if key in self.kept else make()
        return self.used[key]

    def next_build(self, keep: bool = True) -> None:
        """Start a build: the last one's values stay (unless `keep` is false) only until
        this one ends."""
        self.kept, self.used = self.used if keep else {}, {}

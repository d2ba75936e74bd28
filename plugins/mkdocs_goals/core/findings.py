"""Problems found in goal files, kept as values until the CLI prints or the plugin logs them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at `path:line`; `rule` is a stable id users can look up in the docs."""

    path: str
    line: int
    rule: str
    severity: Severity
    message: str

    def to_json(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity.value}: {self.message} [{self.rule}]"

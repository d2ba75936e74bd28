"""The people registry (`people.yml`): who is who, on which team, reporting to whom."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..document.front_matter import FrontMatterError, SafeYAMLHandler
from ..findings import Finding, Severity
from ..slugs import slugify


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    team: str | None = None
    level: str | None = None
    manager: str | None = None

    @property
    def slug(self) -> str:
        return slugify(self.id, fallback="someone")


def load_people(path: Path) -> tuple[dict[str, Person], list[Finding]]:
    """Read a people registry (`id: {name, team, level, manager}`); problems become findings."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return {}, [Finding(shown, 1, "people", Severity.ERROR, f"cannot read people registry: {error}")]
    try:
        data, lines = SafeYAMLHandler().load_with_lines(text)
    except FrontMatterError as error:
        return {}, [Finding(shown, error.line + 1, "people", Severity.ERROR, str(error))]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, [Finding(shown, mark.line + 1 if mark else 1, "people", Severity.ERROR, f"invalid YAML: {error}")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Finding(shown, 1, "people", Severity.ERROR, "the registry must map person ids to details")]
    people, findings = {}, []
    for key, value in data.items():
        person_id = str(key)
        value = value if value is not None else {}
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict):
            line = lines.get(person_id, 0) + 1
            findings.append(Finding(shown, line, "people", Severity.ERROR, f"{person_id}: expected name/team/level/manager"))
            continue
        people[person_id] = Person(
            id=person_id,
            name=str(value.get("name") or person_id),
            team=str(value["team"]) if value.get("team") else None,
            level=str(value["level"]) if value.get("level") else None,
            manager=str(value["manager"]) if value.get("manager") else None,
        )
    return people, findings

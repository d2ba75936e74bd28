"""Regenerate the demo handbook as a git repository with a believable, backdated history.

    python scripts/make_demo_history.py TARGET [--today YYYY-MM-DD]

Copies `goals/` and `people.yml`, then replays each goal file's life: written with every
box open at its start date, boxes ticked one at a time on later days by its owner (now
and then by their manager), the status moving from not-started on, counters kept right
with the project's own fixer, and the file as it is today as the last commit. The
commits interleave across files by date, so dashboards and burn-ups have something to
show. Deterministic: the same files and --today give the same repository.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from mkdocs_goals.core.document.model import parse_document
from mkdocs_goals.core.fix import fixed_bytes

ROOT = Path(__file__).resolve().parents[1]
BOX = re.compile(r"^([ \t]*(?:[-*+]|\d+[.)])?[ \t]*)\[[xX]\]", re.MULTILINE)
STATUS = re.compile(r"^status: .*$", re.MULTILINE)


def versions(text: str, start: date, end: date, rng: random.Random) -> list[tuple[date, str]]:
    """The file's versions from all-open to as-is, with a day for each.

    Boxes are ticked in a same-length copy of the file; the status and the counters
    (whose lengths vary) are set on each emitted version only.
    """
    boxes = [m.start() + len(m.group(1)) for m in BOX.finditer(text)]
    rng.shuffle(boxes)
    current = BOX.sub(lambda m: m.group(1) + "[ ]", text)
    has_status = STATUS.search(text) is not None
    steps = [_with_status(current, "not-started" if has_status else None)]
    for box in boxes:
        current = current[:box] + text[box : box + 3] + current[box + 3 :]
        steps.append(_with_status(current, "on-track" if has_status else None))
    steps.append(text)
    span = max((end - start).days, len(steps))
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in steps)
    days[0], days[-1] = start, max(days[-1], end)
    return [(day, _fix_counters(version)) for day, version in zip(days, steps)]


def _with_status(text: str, status: str | None) -> str:
    return STATUS.sub(f"status: {status}", text, count=1) if status else text


def _fix_counters(text: str) -> str:
    data, _ = fixed_bytes(parse_document(text.encode(), "demo.md"))
    return data.decode()


def make(target: Path, today: date, seed: int = 7) -> None:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    people = yaml.safe_load((ROOT / "people.yml").read_text())
    events: list[tuple[date, str, str, str]] = []  # day, path, content, author id
    for source in sorted((ROOT / "goals").rglob("*.md")):
        relative = source.relative_to(ROOT).as_posix()
        text = source.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}
        owner = str(meta.get("owner", "ana"))
        start = _as_date(meta.get("start")) or _cycle_start(meta.get("cycle")) or today - timedelta(days=75)
        due = _as_date(meta.get("due")) or today
        end = min(today - timedelta(days=rng.randint(1, 6)), due)
        if relative == "goals/index.md":
            events.append((start, relative, text, "ana"))
            continue
        for day, version in versions(text, start, max(end, start), rng):
            manager = people.get(owner, {}).get("manager")
            author = manager if manager and rng.random() < 0.15 else owner
            events.append((day, relative, version, author))
    shutil.copy(ROOT / "people.yml", target / "people.yml")
    events.sort(key=lambda event: (event[0], event[1]))
    for index, (day, relative, content, author) in enumerate(events):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        name = people.get(author, {}).get("name", author)
        when = datetime(day.year, day.month, day.day, 9 + index % 8, 7 * index % 60).isoformat() + "+01:00"
        env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": f"{author}@example.com",
               "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": f"{author}@example.com",
               "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run(["git", "-C", str(target), "add", "-A"], check=True, env=env)
        subprocess.run(["git", "-C", str(target), "commit", "-q", "--allow-empty", "-m", f"Update {relative}"],
                       check=True, env=env)


def _as_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _cycle_start(value: object) -> date | None:
    match = re.fullmatch(r"(\d{4})-Q([1-4])", str(value or ""))
    return date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1) if match else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    make(args.target, args.today)
    print(f"demo handbook repository written to {args.target}")


if __name__ == "__main__":
    main()

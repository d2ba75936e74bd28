"""Regenerate the demo handbook as a git repository with a year of believable, backdated history.

    python scripts/make_demo_history.py TARGET [--today YYYY-MM-DD]

Copies `goals/` and `people.yml`, then replays each goal file's life up to the file as
it is now:

- it is written with every box open on its start date, status `not-started`;
- its owner ticks the boxes one at a time (a step `by DATE` around that date, the rest
  spread over the goal's time), the status turning `on-track` with the first tick, a
  metric's `current` moving from its baseline with the ticks;
- each dated entry of its progress log is added on that day, by the owner, or by the
  person it names (`- 2026-11-16: Ben: …`: a manager's comment, and where the goal ends
  at risk or blocked, the manager's status change); managers never tick a box;
- the owner's last commit writes the final assessment (and any text still missing).

Commits interleave across files by date, none is empty, and the last one is a pull
request's worth of changes to one goal (its last three updates, with a tick among them),
so `goals diff HEAD~1` has a story to tell. Deterministic: the same files and --today
(default: the day the demo's story is told) give the same repository, commit ids included.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

from mkdocs_goals.core.document.model import parse_document
from mkdocs_goals.core.fix import fixed_bytes

ROOT = Path(__file__).resolve().parents[1]
ALIGNS = re.compile(r"(?m)^aligns_to: *(\S+)")
STORY_DAY = date(2026, 11, 30)  # the demo is told as of this day, whatever the clock says
BOX = re.compile(r"^([ \t]*(?:[-*+]|\d+[.)])?[ \t]*)\[([ xX])\][ \t]+(.*)$", re.MULTILINE)
STATUS = re.compile(r"^status: .*$", re.MULTILINE)
ASSESSMENT = re.compile(r"^assessment: .*\n", re.MULTILINE)
CURRENT = re.compile(r"(\bcurrent:\s*)(-?\d+(?:\.\d+)?)")
BASELINE = re.compile(r"\bbaseline:\s*(-?\d+(?:\.\d+)?)")
BY_DATE = re.compile(r"\bby (\d{4}-\d{2}-\d{2})\b")
MONTH_N = re.compile(r"^Month (\d+):")
LOG_ENTRY = re.compile(r"^- (\d{4}-\d{2}-\d{2}|[A-Z][a-z]+): (.*)$")
MONTHS = "january february march april may june july august september october november december".split()
PR_SIZE = 3  # updates in the last commit


@dataclass
class Goal:
    """A goal file's final text and what its history is made of."""

    path: str
    text: str
    owner: str
    start: date
    end: date  # the last day its owner worked on it
    status: str | None
    boxes: list[tuple[int, str]] = field(default_factory=list)  # (offset of the x, item text) ticked at the end
    log: list[tuple[int, date, str | None]] = field(default_factory=list)  # (line index, day, author id or None)
    verdict_start: int | None = None  # the line where a final-assessment section starts


@dataclass
class State:
    ticked: frozenset[int] = frozenset()
    logged: frozenset[int] = frozenset()
    status: str | None = "not-started"
    final: bool = False


@dataclass
class Event:
    day: date
    path: str
    author: str
    message: str
    state: State
    order: int = 0  # its place among the file's events
    last: bool = False  # the pull request that ends the history


def read_goal(relative: str, text: str, people: dict, today: date, rng: random.Random) -> Goal:
    meta = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}
    owner = str(meta.get("owner", "ana"))
    start = _as_date(meta.get("start")) or _cycle_start(meta.get("cycle")) or today - timedelta(days=364)
    due = _as_date(meta.get("due"), end=True) or _cycle_end(meta.get("cycle")) or today
    status = meta.get("status") if STATUS.search(text) else None
    end = min(today - timedelta(days=rng.randint(0, 3)), due + timedelta(days=rng.randint(1, 6)))
    goal = Goal(relative, text, owner, start, max(end, start + timedelta(days=1)), status)
    lines = text.split("\n")
    section = ""
    names = {str(p.get("name", i)).split()[0]: i for i, p in people.items()}
    for index, line in enumerate(lines):
        if line.startswith("#"):
            section = line.lstrip("#").strip().lower()
            if section.startswith("final assessment") and goal.verdict_start is None:
                goal.verdict_start = index
        match = LOG_ENTRY.match(line)
        if section.startswith("progress log") and match:
            day = _log_day(match.group(1), start)
            author = names.get(match.group(2).split(":", 1)[0]) if ":" in match.group(2) else None
            goal.log.append((index, max(day, start), author))
    for match in BOX.finditer(text):
        in_verdict = goal.verdict_start is not None and text[: match.start()].count("\n") > goal.verdict_start
        if match.group(2) in "xX" and not in_verdict:
            goal.boxes.append((match.start(2), match.group(3)))
    return goal


def render(goal: Goal, state: State) -> str:
    """The goal's text in `state`: unticked boxes, later log entries and the verdict left
    out, the status and the metric as they were; counters right (the project's fixer)."""
    if state.final:
        return goal.text
    chars = list(goal.text)
    for match in BOX.finditer(goal.text):
        if match.start(2) not in state.ticked:
            chars[match.start(2)] = " "
    lines = "".join(chars).split("\n")
    hidden = {index for index, _, _ in goal.log if index not in state.logged}
    if goal.verdict_start is not None:  # the final assessment's words wait for the end
        for index in range(goal.verdict_start + 1, len(lines)):
            if lines[index].startswith("#"):
                break
            if lines[index].strip() and not BOX.match(lines[index]):
                hidden.add(index)
    text = "\n".join(line for index, line in enumerate(lines) if index not in hidden)
    text = re.sub(r"\n{3,}", "\n\n", text)
    if state.status and goal.status:
        text = STATUS.sub(f"status: {state.status}", text, count=1)
    text = ASSESSMENT.sub("", text)
    baseline, current = BASELINE.search(text), CURRENT.search(text)
    if baseline and current and goal.boxes:
        low, high = float(baseline.group(1)), float(current.group(2))
        value = low + (high - low) * len(state.ticked) / len(goal.boxes)
        shown = f"{value:.1f}".rstrip("0").rstrip(".") if "." in current.group(2) else str(round(value))
        text = CURRENT.sub(lambda m: m.group(1) + shown, text, count=1)
    data, _ = fixed_bytes(parse_document(text.encode(), goal.path))
    return data.decode()


def events_of(goal: Goal, people: dict, rng: random.Random) -> list[Event]:
    """The goal's life as dated changes, each a new state of the file."""
    span = max((goal.end - goal.start).days, 1)
    ticks, parent = [], None
    for offset, item in goal.boxes:
        by, month = BY_DATE.search(item), MONTH_N.match(item)
        nested = goal.text[goal.text.rfind("\n", 0, offset) + 1:offset].startswith((" ", "\t"))
        if by:
            parent = date.fromisoformat(by.group(1))
            day = parent + timedelta(days=rng.randint(-6, 2))
        elif nested and parent:  # a sub-step is done before the step it belongs to
            day = parent - timedelta(days=rng.randint(4, 12))
        elif month:  # a milestone `Month 2: …`
            day = goal.start + timedelta(days=30 * int(month.group(1)) + rng.randint(-4, 2))
        else:  # a goal's outcomes come late in it; an inventory's items at any time
            day = goal.start + timedelta(days=rng.randint(span * 2 // 3 if goal.status else 1, span))
        ticks.append((min(max(day, goal.start + timedelta(days=1)), goal.end), offset, item))
    changes: list[tuple[date, int, str, object]] = [(d, 1, "tick", (o, i)) for d, o, i in ticks]
    changes += [(min(day, goal.end), 2, "log", (index, author)) for index, day, author in goal.log]
    changes.sort(key=lambda c: (c[0], c[1], str(c[3])))
    manager = people.get(goal.owner, {}).get("manager")
    ends_at_risk = goal.status in ("at-risk", "blocked")
    state = State(status="not-started" if goal.status else None)
    slug = Path(goal.path).stem
    events = [Event(goal.start, goal.path, goal.owner, f"{slug}: new {'goal' if goal.status else 'inventory'}", state)]
    for day, _, kind, payload in changes:
        if kind == "tick":
            offset, item = payload
            status = "on-track" if state.status == "not-started" else state.status
            state = State(state.ticked | {offset}, state.logged, status)
            author, message = goal.owner, f"{slug}: done: {_short(item)}"
        else:
            index, named = payload
            author = named or goal.owner
            status = state.status
            if ends_at_risk and named and named == manager:
                status = goal.status  # the manager says so in a 1:1, and writes it down
            state = State(state.ticked, state.logged | {index}, status)
            message = f"{slug}: comment from {people[author]['name'].split()[0]}" if named and named != goal.owner \
                else f"{slug}: check-in"
        events.append(Event(max(day, events[-1].day), goal.path, author, message, state))
    if ends_at_risk and not any(e.state.status == goal.status for e in events):
        events.append(Event(events[-1].day, goal.path, goal.owner, f"{slug}: {goal.status}", State(
            state.ticked, state.logged, goal.status)))
    verdict = "final assessment" if goal.status == "done" else "update"
    events.append(Event(max(goal.end, events[-1].day), goal.path, goal.owner, f"{slug}: {verdict}",
                        State(state.ticked, state.logged, goal.status, final=True)))
    for order, event in enumerate(events):
        event.order = order
    return events


def make(target: Path, today: date = STORY_DAY, seed: int = 7) -> int:
    """Write the repository; returns the number of commits."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    _git(target, "init", "-q", "-b", "main")
    people = yaml.safe_load((ROOT / "people.yml").read_text())
    first = today - timedelta(days=364)
    timeline: list[Event] = []
    goals = {}
    for source in sorted((ROOT / "goals").rglob("*.md")):
        relative = source.relative_to(ROOT).as_posix()
        text = source.read_text(encoding="utf-8")
        if not text.startswith("---"):  # the folder's own pages: written with the handbook
            timeline.append(Event(first - timedelta(days=1), relative, "dara", "Demo handbook: goals of platform and product",
                                  State(final=True)))
            goals[relative] = Goal(relative, text, "dara", first, first, None)
            continue
        goal = goals[relative] = read_goal(relative, text, people, today, rng)
        timeline += events_of(goal, people, rng)
    timeline = _last_commit_is_a_pull_request(timeline, today)
    rank = _alignment_ranks(goals)  # a goal is written after the goals it serves
    timeline.sort(key=lambda e: (e.day, e.last, rank[e.path], e.path, e.order))
    files, commits, clock, stream = {}, 0, {}, []
    pending = {"people.yml": (ROOT / "people.yml").read_bytes()}  # what the next commit writes
    for event in timeline:
        goal = goals[event.path]
        data = (goal.text if event.state.final else render(goal, event.state)).encode("utf-8")
        if files.get(event.path) == data:
            continue  # nothing changed: no empty commits
        files[event.path] = pending[event.path] = data
        minute = clock[event.day] = clock.get(event.day, rng.randint(9 * 60, 11 * 60)) + rng.randint(11, 97)
        summer = 4 <= event.day.month <= 10  # Central European (summer) time
        when = datetime(event.day.year, event.day.month, event.day.day, min(minute // 60, 19), minute % 60,
                        tzinfo=timezone(timedelta(hours=2 if summer else 1)))
        name = people.get(event.author, {}).get("name", event.author)
        person = f"{name} <{event.author}@example.com> {int(when.timestamp())} {when.strftime('%z')}"
        message = event.message.encode("utf-8")
        stream += [f"commit refs/heads/main\nauthor {person}\ncommitter {person}\ndata {len(message)}\n".encode(),
                   message, b"\n"]
        for path, content in pending.items():
            stream += [f"M 100644 inline {path}\ndata {len(content)}\n".encode(), content, b"\n"]
        pending, commits = {}, commits + 1
    subprocess.run(["git", "-C", str(target), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    _git(target, "checkout", "-q", "-f", "main")
    return commits


def _alignment_ranks(goals: dict) -> dict[str, int]:
    """How many goals stand above each one through `aligns_to` (0 for a goal that serves none)."""
    def rank(path: str, seen: frozenset = frozenset()) -> int:
        found = ALIGNS.search(goals[path].text)
        target = f"goals/{found.group(1)}" if found else None
        if target not in goals or target in seen:
            return 0
        return 1 + rank(target, seen | {path})
    return {path: rank(path) for path in goals}


def _last_commit_is_a_pull_request(timeline: list[Event], today: date) -> list[Event]:
    """The last updates of one goal as one commit on `today`: a pull request's worth, as
    reviewers see them. It is the goal whose owner's own last run of updates, with a
    tick among them, ends latest (a manager's comment is never folded into it)."""
    best = None
    for path in sorted({e.path for e in timeline}):
        own = [e for e in timeline if e.path == path]
        first = len(own)
        while first > 1 and own[first - 1].author == own[0].author and len(own) - first < PR_SIZE:
            first -= 1
        bundled = own[first:]
        ticked = len(bundled[-1].state.ticked) - len(own[first - 1].state.ticked) if bundled else 0
        if len(bundled) >= 2 and ticked > 0 and (best is None or bundled[-1].day > best[2][-1].day):
            best = (path, own, bundled, ticked)
    if best is None:
        return timeline
    path, own, bundled, ticked = best
    last, before = bundled[-1], own[len(own) - len(bundled) - 1]
    logged = len(last.state.logged) - len(before.state.logged)
    notes = f", {logged} check-in{'s' * (logged != 1)}" if logged else ""
    message = f"{Path(path).stem}: {ticked} more done{notes}"
    pull = Event(today, path, last.author, message, last.state, last.order, last=True)
    return [e for e in timeline if e.path != path] + own[: len(own) - len(bundled)] + [pull]


def _git(target: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(target), *args], check=True)


def _short(text: str, limit: int = 60) -> str:
    text = BY_DATE.sub("", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_date(value: object, *, end: bool = False) -> date | None:
    """A front-matter date; a cycle such as `2026-Q4` stands for its first (or last) day."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return (_cycle_end if end else _cycle_start)(value)


def _cycle_start(value: object) -> date | None:
    match = re.fullmatch(r"(\d{4})-Q([1-4])", str(value or ""))
    return date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1) if match else None


def _cycle_end(value: object) -> date | None:
    start = _cycle_start(value)
    if start is None:
        return None
    following = date(start.year + (start.month == 10), (start.month + 3 - 1) % 12 + 1, 1)
    return following - timedelta(days=1)


def _log_day(label: str, start: date) -> date:
    """A log entry's day: its date, or for a month name the 28th of that month."""
    if label.lower() in MONTHS:
        month = MONTHS.index(label.lower()) + 1
        return date(start.year + (month < start.month), month, 28)
    return date.fromisoformat(label)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=STORY_DAY,
                        help=f"the day the story is told (default: {STORY_DAY})")
    args = parser.parse_args()
    commits = make(args.target, args.today)
    print(f"demo handbook repository written to {args.target} ({commits} commits)")


if __name__ == "__main__":
    main()

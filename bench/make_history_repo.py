"""Generate a synthetic handbook repository with a long, realistic history, fast.

    python bench/make_history_repo.py DIR [--goals 1000] [--commits 20000] [--seed 1]

People × goals × commits: goals are created over time, items are ticked (and now and
then unticked or reworded), statuses change, files are renamed into people's folders,
some are deleted; author dates are backdated over two years with varying offsets.
Written with `git fast-import` (each commit continues the branch), which makes 20,000
commits in seconds.
"""

from __future__ import annotations

import argparse
import random
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

PEOPLE = ["ana", "ben", "chen", "dara", "eli", "fay", "gus", "hana", "ivo", "jun"]
WORDS = "ship review latency mentor design test deploy migrate audit write talk spec onboard measure".split()
STATUSES = ["not-started", "on-track", "on-track", "at-risk", "blocked", "done"]


def render(goal: dict) -> bytes:
    items = "\n".join(f"- [{'x' if done else ' '}] {text}" for text, done in goal["items"])
    done = sum(d for _, d in goal["items"])
    return (
        f"---\ntitle: {goal['title']}\nowner: {goal['owner']}\nteam: team{PEOPLE.index(goal['owner']) % 3}\n"
        f"status: {goal['status']}\ncycle: {goal['cycle']}\n---\n# {goal['title']}\n\n"
        f"## Success criteria [{done}/{len(goal['items'])}]\n\n{items}\n\n## Progress log\n\n- {goal['cycle']}: started\n"
    ).encode()


def generate(target: Path, goals: int, commits: int, seed: int) -> None:
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    live: dict[str, dict] = {}
    created = 0
    start = datetime(2024, 11, 1, 9, 0, tzinfo=timezone.utc)
    step = timedelta(days=730) / commits
    stream = []
    for n in range(commits):
        when = start + step * n
        offset = timedelta(hours=rng.choice([-5, 0, 1, 2, 9]))
        stamp = f"{int(when.timestamp())} {'+' if offset >= timedelta(0) else '-'}{abs(int(offset.total_seconds() // 3600)):02d}00"
        owner = rng.choice(PEOPLE)
        ops = []
        if created < goals and (not live or rng.random() < goals / commits * 1.5):
            path = f"goals/{owner}/goal-{created}.md" if rng.random() < 0.8 else f"goals/inbox/goal-{created}.md"
            created += 1
            live[path] = {
                "title": f"{rng.choice(WORDS).title()} {rng.randint(2, 9)} {rng.choice(WORDS)} things",
                "owner": owner,
                "status": "not-started",
                "cycle": f"{when.year}-Q{(when.month - 1) // 3 + 1}",
                "items": [(f"{rng.choice(WORDS)} {rng.choice(WORDS)} step {i}", False) for i in range(rng.randint(4, 14))],
            }
            ops.append(("M", path))
        else:
            path = rng.choice(sorted(live))
            goal, roll = live[path], rng.random()
            if roll < 0.6:
                open_items = [i for i, (_, d) in enumerate(goal["items"]) if not d]
                if open_items:
                    i = rng.choice(open_items)
                    goal["items"][i] = (goal["items"][i][0], True)
            elif roll < 0.65:
                done_items = [i for i, (_, d) in enumerate(goal["items"]) if d]
                if done_items:
                    i = rng.choice(done_items)
                    goal["items"][i] = (goal["items"][i][0], False)
            elif roll < 0.75:
                i = rng.randrange(len(goal["items"]))
                goal["items"][i] = (goal["items"][i][0] + " (reworded)", goal["items"][i][1])
            elif roll < 0.85:
                goal["status"] = rng.choice(STATUSES)
            elif roll < 0.9:
                goal["items"].append((f"{rng.choice(WORDS)} new step {n}", False))
            elif roll < 0.93:
                if path.startswith("goals/inbox/"):  # triage: move into the owner's folder
                    new_path = f"goals/{goal['owner']}/{Path(path).name}"
                    live[new_path] = live.pop(path)
                    ops.append(("R", path, new_path))
                    path = new_path
            elif roll < 0.932 and len(live) > 10:
                del live[path]
                ops.append(("D", path))
                path = None
            if path is not None:
                ops.append(("M", path))
        stream.append(f"commit refs/heads/main\nauthor {owner.title()} <{owner}@example.com> {stamp}\n"
                      f"committer CI <ci@example.com> {stamp}\ndata 8\nprogress\n".encode())
        for op in ops:
            if op[0] == "M":
                data = render(live[op[1]])
                stream.append(f"M 100644 inline {op[1]}\ndata {len(data)}\n".encode() + data + b"\n")
            elif op[0] == "R":
                stream.append(f"R {op[1]} {op[2]}\n".encode())
            else:
                stream.append(f"D {op[1]}\n".encode())
        stream.append(b"\n")
    subprocess.run(["git", "-C", str(target), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(target), "checkout", "-q", "-f", "main"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--goals", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.target, args.goals, args.commits, args.seed)


if __name__ == "__main__":
    main()

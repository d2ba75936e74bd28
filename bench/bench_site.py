"""Plugin overhead on a real `mkdocs build`, as a ratio to the same build with the plugin disabled.

    python bench/bench_site.py [--goals 600] [--people 60]

Generates a synthetic handbook (goal documents and inventories in the seeds' shapes,
spread over people and teams) in a temporary folder, then builds it with Material
three times each way and reports the best times. Both builds render the same goal
pages (with the plugin disabled they are plain Markdown under docs/); the enabled one
adds the dashboards, progress headers and counters.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """\
site_name: Bench handbook
theme: {{name: material, font: false}}
markdown_extensions: [pymdownx.tasklist]
plugins:
  - search
  - goals: {{enabled: {enabled}, goals_dir: docs/goals}}
"""


def handbook(root: Path, goals: int, people: int, seed: int) -> None:
    rng = random.Random(seed)
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Handbook\n")
    for i in range(goals):
        owner = f"person{i % people}"
        folder = root / "docs/goals" / owner
        folder.mkdir(parents=True, exist_ok=True)
        tasks = [f"- [{rng.choice(' x')}] step {j} by 2026-{rng.randint(1, 12):02d}-15" for j in range(rng.randint(3, 9))]
        status = rng.choice(["not-started", "on-track", "at-risk", "blocked", "done"])
        body = "\n".join(tasks)
        done = sum("[x]" in t for t in tasks)
        (folder / f"goal{i}.md").write_text(
            f"---\ntitle: Goal {i} with {rng.randint(2, 9)} outcomes\nowner: {owner}\nteam: team{i % 7}\n"
            f"status: {status}\ncycle: 2026-Q{rng.randint(1, 4)}\ncategory: {rng.choice(['craft', 'leadership', 'soft-skills'])}\n---\n"
            f"# Goal {i}\n\n## Action steps [{done}/{len(tasks)}]\n\n{body}\n\n## Progress log\n\n- 2026-03-01: note\n"
        )
    for p in range(people):
        lines = "\n\n".join(f"[{rng.choice(' x')}] inventory item {k}" for k in range(20))
        (root / f"docs/goals/person{p}/inventory.md").write_text(f"# Inventory\n\n## Ideas\n\n{lines}\n")


def best_build(root: Path, runs: int) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([mkdocs, "build", "-q"], cwd=root, check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=int, default=600)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        handbook(root, args.goals, args.people, args.seed)
        results = {}
        for enabled in ("false", "true"):
            (root / "mkdocs.yml").write_text(CONFIG.format(enabled=enabled))
            results[enabled] = best_build(root, args.runs)
        pages = args.goals + args.people + 1
        print(f"handbook: {args.goals} goals, {args.people} people, {pages} Markdown pages; best of {args.runs} builds")
        print(f"mkdocs build, plugin disabled (baseline): {results['false']:.2f} s")
        print(f"mkdocs build, plugin enabled:             {results['true']:.2f} s")
        print(f"ratio enabled / disabled:                 {results['true'] / results['false']:.2f}x")


if __name__ == "__main__":
    main()

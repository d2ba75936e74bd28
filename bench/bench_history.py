"""History engine against `git log -p` over the same paths, measured in the same session.

    python bench/bench_history.py [--repo DIR] [--goals 1000] [--commits 20000]

Without --repo, generates a synthetic handbook (bench/make_history_repo.py) first.
Each measurement runs in a fresh Python process, so peak memory (max RSS) is its own:

- baseline: `git log -p -- goals` (what a naive per-file reader would at least do);
- cold scan: the whole history, no cache;
- warm run: the cache is current, nothing to read;
- one new commit: a box ticked and committed after the cache was written;
- `goals history` end to end (imports, reading files, JSON out), for reference;
- plugin overhead: `mkdocs build` of the handbook with the plugin (history on, cold
  cache) against the same build with the plugin disabled (goal files as plain pages).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCAN = """
import json, resource, sys, time
from pathlib import Path
from mkdocs_goals.core.discovery import markdown_files
from mkdocs_goals.core.document.model import Options
from mkdocs_goals.core.history.engine import history_for
from mkdocs_goals.core.history.cache import FileCache
root, cache = Path(sys.argv[1]), sys.argv[2]
files = markdown_files([root / "goals"])
started = time.perf_counter()
result = history_for(files, Options(), cache=None if cache == "none" else FileCache(Path(cache), Options()))
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "commits": result.commits_read, "files": len(result.files),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def scan(repo: Path, cache: str) -> dict:
    out = subprocess.run([sys.executable, "-c", SCAN, str(repo), cache], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def tick_one_box(repo: Path) -> None:
    for path in sorted((repo / "goals").rglob("*.md")):
        text = path.read_text()
        if "- [ ] " in text:
            path.write_text(text.replace("- [ ] ", "- [x] ", 1))
            subprocess.run(["git", "-C", str(repo), "commit", "-qam", "tick"], check=True,
                           env={"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "Bench",
                                "GIT_COMMITTER_EMAIL": "b@x", "PATH": "/usr/bin:/bin"})
            return


BUILD_CONFIG = """\
site_name: Bench
docs_dir: docs
theme: {{name: material, font: false}}
plugins:
  - goals: {{enabled: {enabled}, goals_dir: goals, history_cache_dir: {cache}}}
"""


def plugin_overhead(repo: Path, scratch: Path) -> tuple[float, float]:
    """One cold build each way; without the plugin the goal files are linked into docs/."""
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    docs = scratch / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# Bench\n")
    times = []
    for enabled in ("false", "true"):
        goals_link = docs / "goals"
        if enabled == "false":
            goals_link.symlink_to(repo / "goals", target_is_directory=True)
        elif goals_link.is_symlink():
            goals_link.unlink()
        config = scratch / "mkdocs.yml"
        config.write_text(BUILD_CONFIG.format(enabled=enabled, cache=scratch / "build-cache"))
        (scratch / "goals").unlink(missing_ok=True)
        (scratch / "goals").symlink_to(repo / "goals", target_is_directory=True)
        started = time.perf_counter()
        subprocess.run([mkdocs, "build", "-q", "-f", str(config)], check=True, capture_output=True,
                       env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
        times.append(time.perf_counter() - started)
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path)
    parser.add_argument("--goals", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        repo = args.repo
        if repo is None:
            repo = Path(scratch) / "handbook"
            started = time.perf_counter()
            subprocess.run([sys.executable, str(HERE / "make_history_repo.py"), str(repo),
                            "--goals", str(args.goals), "--commits", str(args.commits)], check=True)
            print(f"generated {args.goals} goals x {args.commits} commits in {time.perf_counter() - started:.1f} s")
        cache = Path(scratch) / "cache"
        baseline = min(timed(["git", "log", "-p", "--", "goals"], repo) for _ in range(args.runs))
        cold = min((scan(repo, "none") for _ in range(args.runs)), key=lambda r: r["seconds"])
        scan(repo, str(cache))  # write the cache
        warm = min((scan(repo, str(cache)) for _ in range(args.runs)), key=lambda r: r["seconds"])
        tick_one_box(repo)
        one = scan(repo, str(cache))
        goals = str(Path(sys.executable).with_name("goals"))
        cli = min(timed([goals, "history", "--no-cache", "--format", "json", "goals"], repo) for _ in range(args.runs))
        builds = plugin_overhead(repo, Path(scratch))

    print(f"{cold['files']} files, {cold['commits']} commits read cold; best of {args.runs}")
    print(f"{'measurement':38} {'seconds':>8} {'x git log -p':>13} {'peak MB':>8}")
    print(f"{'git log -p -- goals (baseline)':38} {baseline:8.2f} {1:13.2f} {'':>8}")
    for name, row in (("cold scan, no cache", cold), ("warm run, cache current", warm),
                      (f"one new commit ({one['commits']} read)", one)):
        print(f"{name:38} {row['seconds']:8.2f} {row['seconds'] / baseline:13.2f} {row['rss_mb']:8.0f}")
    print(f"{'goals history --no-cache (end to end)':38} {cli:8.2f} {cli / baseline:13.2f} {'':>8}")
    off, on = builds
    print(f"mkdocs build: plugin disabled {off:.1f} s, enabled with history {on:.1f} s: {on / off:.2f}x")


if __name__ == "__main__":
    main()

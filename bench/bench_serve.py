"""Our share of a `mkdocs serve` rebuild after saving one goal file, on any git repository.

    python bench/bench_serve.py REPO [--paths DIR] [--rounds 3] [--src PLUGINS_DIR]

REPO is cloned into a scratch folder (it is never touched). The site is the one
bench_real.py builds (Material + search, the goal folder as `goals_dir`, the history on,
its cache in the scratch folder). As `mkdocs serve` does, one process loads the config
again before every build and keeps the plugin instance (it defines `on_startup`), with
its history and documents in memory. The first build is the cold one; then each round
saves one goal file (one more box ticked, not committed) and builds again.

Every build prints the whole build's wall seconds and the plugin's own share, as the
plugin logs it at debug level ("rebuild took ... s"), and the share as a fraction of
the build: MkDocs and the theme rebuild every page whatever we do. `--profile FILE`
writes a cProfile of the last rebuild (its seconds are then inflated).
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SITE = """\
site_name: Bench
docs_dir: docs
site_dir: {site}
theme: {{name: material, font: false}}
plugins:
  - search
  - goals:
      goals_dir: {goals}
      history: true
      history_cache_dir: {cache}
"""


class ShareLog(logging.Handler):
    """Catches the plugin's "rebuild took" line."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: float | None = None
        self.line = ""

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        found = re.search(r"rebuild took ([0-9.]+) s", text)
        if found:
            self.seconds, self.line = float(found.group(1)), text


def tick_one_more(repo: Path, folder: str, round_: int) -> Path:
    """Save a goal file with one more box ticked (a different file each round)."""
    candidates = sorted(p for p in (repo / folder).rglob("*.md") if b"- [ ] " in p.read_bytes())
    path = candidates[(round_ * 7) % len(candidates)]
    path.write_bytes(path.read_bytes().replace(b"- [ ] ", b"- [x] ", 1))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--paths", default=None, help="the goal folder inside REPO (default: goals)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--src", type=Path, help="a plugins/ folder to import mkdocs_goals from instead")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the last rebuild here")
    args = parser.parse_args()
    if args.src:
        sys.path.insert(0, str(args.src.resolve()))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import mkdocs_goals

    print(f"package: {mkdocs_goals.__file__}")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        scratch = Path(folder)
        clone = scratch / "repo"
        subprocess.run(["git", "clone", "-q", str(args.repo.resolve()), str(clone)], check=True)
        goals = args.paths or "goals"
        (scratch / "docs").mkdir()
        (scratch / "docs/index.md").write_text("# Bench\n")
        config_file = scratch / "mkdocs.yml"
        config_file.write_text(SITE.format(site=scratch / "site", goals=f"repo/{goals}", cache=scratch / "cache"))
        share = ShareLog()
        plugin_log = logging.getLogger("mkdocs.plugins.mkdocs_goals")
        plugin_log.addHandler(share)
        plugin_log.setLevel(logging.DEBUG)
        logging.getLogger("mkdocs").setLevel(logging.ERROR)  # MkDocs' own lines (anchors, nav) are not ours
        plugin_log.setLevel(logging.DEBUG)
        rows = []
        for round_ in range(args.rounds + 1):
            label = "first build (history cold)"
            if round_:
                saved = tick_one_more(clone, goals, round_)
                label = f"after saving {saved.relative_to(clone)}"
            config = load_config(str(config_file))
            if round_ == 0:
                config.plugins.on_startup(command="serve", dirty=False)
            profile = cProfile.Profile() if args.profile and round_ == args.rounds and round_ else None
            started = time.perf_counter()
            if profile:
                profile.enable()
            build(config)
            total = time.perf_counter() - started
            if profile:
                profile.disable()
                profile.dump_stats(args.profile)
            ours = share.seconds or 0.0
            rows.append((label, total, ours))
            print(f"  {label[:70]:70} build {total:6.2f} s   ours {ours:5.2f} s ({100 * ours / total:4.1f} %)"
                  f"   [{share.line}]", flush=True)
        rebuilds = rows[1:]
        if rebuilds:
            print(f"median rebuild: build {statistics.median(r[1] for r in rebuilds):.2f} s, "
                  f"ours {statistics.median(r[2] for r in rebuilds):.2f} s")


if __name__ == "__main__":
    main()

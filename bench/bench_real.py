"""History and site-build cost on any git repository, as ratios to baselines run side by side.

    python bench/bench_real.py REPO [--paths DIR ...] [--runs 3] [--site-runs 3]
                               [--skip-history] [--skip-site] [--skip-engine] [--one-process]
                               [--src PLUGINS_DIR] [--compare PLUGINS_DIR] [--json FILE]

REPO is cloned into a scratch folder first (a local clone: fast, and REPO is never
touched, not even by the "one new commit" row). PATHS are the goal folders inside it
(default: `goals` when it exists, else the whole repository).

History rows, each a fresh process (peak MB is that process's max RSS), against
`git log -p -- PATHS` timed in the same session:

- `goals history --no-cache --format json PATHS` (cold, end to end);
- the same with a current cache (warm);
- one new commit that ticks one box, after the cache was written;
- the same three for the engine alone (`history_for`), without the CLI's own reading
  of every file on disk;
- with `--one-process`, the cold row again with `GOALS_HISTORY_WORKERS=1` (no pool):
  what parsing on other cores buys.

Site rows, against a plain `mkdocs build` of the same site (docs_dir = the first PATH,
Material + search, no plugin): the plugin with `history: false`, with history and a
cold cache, with history and a warm cache (the first PATH as `goals_dir`, beside a
docs folder of one page: the plugin refuses a goals folder that holds the docs).

Every figure is the median of its runs, and the rows take turns run by run. `--src`
puts another copy of the package first on PYTHONPATH; `--compare` measures a second
copy (e.g. an exported older commit's `plugins/`) in turns with the first, so a
before/after table shares one session, one baseline and the same load. The JSON output
of each `goals history` run is hashed: equal digests mean equal counts, snapshots and
completion dates.

Growth: generate handbooks with bench/make_history_repo.py and pass them as REPO.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINE = """
import json, sys, time
from pathlib import Path
from mkdocs_goals.core.discovery import markdown_files
from mkdocs_goals.core.document.model import Options
from mkdocs_goals.core.history.engine import history_for
from mkdocs_goals.core.history.cache import FileCache
cache, paths = sys.argv[1], [Path(p) for p in sys.argv[2:]]
files = markdown_files(paths)
started = time.perf_counter()
result = history_for(files, Options(), cache=None if cache == "none" else FileCache(Path(cache), Options()))
print(json.dumps({"commits": result.commits_read, "files": len(result.files), "seconds": time.perf_counter() - started}))
"""

SITE = """\
site_name: Bench
docs_dir: {docs}
site_dir: {site}
theme: {{name: material, font: false}}
plugins:
  - search
{plugin}"""

PLUGIN = """\
  - goals:
      goals_dir: {goals}
      history: {history}
      history_cache_dir: {cache}
"""


class Measured:
    """One process run: wall seconds, its peak RSS in MB, the digest of its stdout and (when
    asked for: small outputs only) the stdout itself."""

    def __init__(self, seconds: float, peak_mb: float, stdout: bytes, digest: str = "") -> None:
        self.seconds, self.peak_mb, self.stdout, self.digest = seconds, peak_mb, stdout, digest


def measure(command: list[str], cwd: Path, env: dict[str, str], *, keep_stdout: bool = False,
            save_to: Path | None = None) -> Measured:
    """Run `command`, reading its stdout through a pipe (so no tool can skip work for
    /dev/null) into a digest; wait4 gives its own peak RSS.

    Linux starts a child's peak RSS at the launching process's peak (the exec'd memory
    counts), so this process never holds a large output: it hashes it, or streams it to
    `save_to`, and keeps the bytes only for the engine script's one line of JSON."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks, hasher = [], hashlib.sha256()
    assert process.stdout is not None and process.stderr is not None
    with open(save_to, "wb") if save_to else contextlib.nullcontext() as saved:
        while block := process.stdout.read(1 << 20):
            hasher.update(block)
            if keep_stdout:
                chunks.append(block)
            if saved:
                saved.write(block)
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    process.stderr.close()
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{errors.decode(errors='replace')[-2000:]}")
    return Measured(elapsed, usage.ru_maxrss / 1024, b"".join(chunks), hasher.hexdigest()[:12])


def own_peak_mb() -> float:
    """This process's peak RSS: the floor under every child's peak figure."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def count_documents(output: Path) -> int:
    """How many documents a saved `goals history` JSON holds, counted in a child process:
    parsing tens of MB here would raise the floor under every later row's peak."""
    script = "import json, sys; print(len(json.load(open(sys.argv[1], 'rb'))))"
    return int(subprocess.run([sys.executable, "-c", script, str(output)], capture_output=True, text=True,
                              check=True).stdout)


def in_process(row: Measured) -> Measured:
    """The engine script's own timing (no interpreter start, no imports), its process's peak."""
    return Measured(json.loads(row.stdout)["seconds"], row.peak_mb, row.stdout, row.digest)


def median(rows: list[Measured]) -> Measured:
    seconds = statistics.median(r.seconds for r in rows)
    return Measured(seconds, statistics.median(r.peak_mb for r in rows), rows[0].stdout, rows[0].digest)


def tick_one_box(repo: Path, paths: list[str]) -> str:
    """Tick the first open GFM box of the first tracked Markdown file that has one; commit."""
    listed = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", "--", *paths], capture_output=True,
                            check=True).stdout.split(b"\0")
    for name in sorted(n.decode() for n in listed if n.lower().endswith((b".md", b".markdown"))):
        path = repo / name
        data = path.read_bytes()
        if b"- [ ] " in data:
            path.write_bytes(data.replace(b"- [ ] ", b"- [x] ", 1))
            when = "2030-01-01T12:00:00+00:00"  # fixed, so the new commit's id (and the output) repeats
            subprocess.run(["git", "-C", str(repo), "-c", "user.name=Bench", "-c", "user.email=bench@example.com",
                            "commit", "-q", "--no-verify", "-m", "bench: tick one box", "--", name], check=True,
                           env={**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
            return name
    sys.exit("no open `- [ ] ` box to tick under the paths given")


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}" if base else "-"


def print_rows(title: str, rows: list[tuple[str, Measured]], base: Measured, *, site: bool = False) -> None:
    """Seconds, the ratio to the baseline and peak MB; for site rows also the overhead in
    percent and the memory ratio (for history rows the memory target is absolute)."""
    print(f"\n{title}")
    print(f"  {'measurement':46} {'seconds':>8} {'x base':>7} {'overhead':>9} {'peak MB':>8} {'x base MB':>9}")
    for name, row in rows:
        overhead = f"{100 * (row.seconds / base.seconds - 1):+.0f} %" if site and row is not base else ""
        memory = ratio(row.peak_mb, base.peak_mb) if site else ""
        print(f"  {name:46} {row.seconds:8.2f} {ratio(row.seconds, base.seconds):>7} {overhead:>9} "
              f"{row.peak_mb:8.0f} {memory:>9}")


class Variant:
    """One copy of the package to measure: a label and the environment that imports it."""

    def __init__(self, label: str, env: dict[str, str], scratch: Path) -> None:
        self.label, self.env = label, env
        self.cache, self.engine_cache = scratch / f"{label}-cli-cache", scratch / f"{label}-engine-cache"
        self.cold_output = scratch / f"{label}-cold.json"
        self.rows: dict[str, list[Measured]] = {}

    def add(self, row: str, measured: Measured) -> None:
        self.rows.setdefault(row, []).append(measured)

    def saved(self) -> dict[Path, Path]:
        return {folder: folder.with_name(folder.name + "-saved") for folder in (self.cache, self.engine_cache)}


def history_rows(repo: Path, paths: list[str], args: argparse.Namespace, variants: list[Variant]) -> dict:
    """Every row for every variant, run after run in turns, so that a slower minute on a
    shared machine hits all of them alike."""
    cli = [str(Path(sys.executable).with_name("goals")), "history", "--format", "json"]
    engine = [sys.executable, "-c", ENGINE]
    md_glob = [f":(glob,icase){p.rstrip('/')}/**/*.md" if p != "." else ":(glob,icase)**/*.md" for p in paths]
    env = variants[0].env
    baseline, baseline_md = [], []
    for _ in range(args.runs):
        baseline.append(measure(["git", "log", "-p", "--", *paths], repo, env))
        baseline_md.append(measure(["git", "log", "-p", "--", *md_glob], repo, env))
        for v in variants:
            v.add("cold", measure([*cli, "--no-cache", *paths], repo, v.env, save_to=v.cold_output))
            if args.one_process:
                v.add("cold 1", measure([*cli, "--no-cache", *paths], repo, {**v.env, "GOALS_HISTORY_WORKERS": "1"}))
            if not args.skip_engine:
                v.add("engine cold", in_process(measure([*engine, "none", *paths], repo, v.env, keep_stdout=True)))
    for v in variants:  # write the caches
        measure([*cli, "--cache-dir", str(v.cache), *paths], repo, v.env)
        if not args.skip_engine:
            measure([*engine, str(v.engine_cache), *paths], repo, v.env)
    for _ in range(args.runs):
        for v in variants:
            v.add("warm", measure([*cli, "--cache-dir", str(v.cache), *paths], repo, v.env))
            if not args.skip_engine:
                v.add("engine warm", in_process(measure([*engine, str(v.engine_cache), *paths], repo, v.env,
                                                        keep_stdout=True)))
    for v in variants:
        for folder, copy in v.saved().items():
            if folder.exists():
                shutil.copytree(folder, copy)
    ticked = tick_one_box(repo, paths)
    for _ in range(args.runs):
        for v in variants:
            for folder, copy in v.saved().items():
                if copy.exists():
                    shutil.rmtree(folder)
                    shutil.copytree(copy, folder)
            v.add("one", measure([*cli, "--cache-dir", str(v.cache), *paths], repo, v.env))
            if not args.skip_engine:
                v.add("engine one", in_process(measure([*engine, str(v.engine_cache), *paths], repo, v.env,
                                                       keep_stdout=True)))
    base = median(baseline)
    figures: dict = {"baseline": {"seconds": base.seconds, "peak_mb": base.peak_mb}}
    for v in variants:
        documents = count_documents(v.cold_output)
        commits = json.loads(v.rows["engine cold"][0].stdout)["commits"] if "engine cold" in v.rows else None
        cold_digests = sorted({r.digest for r in v.rows["cold"]})
        warm_digest, one_digest = v.rows["warm"][0].digest, v.rows["one"][0].digest
        rows = [
            (f"git log -p -- {' '.join(paths)} (baseline)", base),
            ("git log -p -- Markdown under PATHS (reference)", median(baseline_md)),
            ("goals history, cold (--no-cache)", median(v.rows["cold"])),
            *([("same, parsed in one process only", median(v.rows["cold 1"]))] if "cold 1" in v.rows else []),
            ("goals history, warm (cache current)", median(v.rows["warm"])),
            ("goals history, one new commit ticks one box", median(v.rows["one"])),
        ]
        if not args.skip_engine:
            rows += [("history_for alone (in-process), cold", median(v.rows["engine cold"])),
                     ("history_for alone, warm", median(v.rows["engine warm"])),
                     ("history_for alone, one new commit", median(v.rows["engine one"]))]
        print_rows(f"history [{v.label}]: {documents} documents under {' '.join(paths)}, "
                   f"{commits if commits is not None else '?'} commits read cold; median of {args.runs}", rows, base)
        print(f"  output digests: cold {cold_digests}, warm {warm_digest}"
              f" ({'same' if [warm_digest] == cold_digests else 'DIFFERENT'}), after the tick in {ticked}: {one_digest}")
        figures[v.label] = {"documents": documents, "commits": commits, "digest_cold": cold_digests,
                            "digest_warm": warm_digest, "digest_one": one_digest,
                            "rows": {name: {"seconds": r.seconds, "peak_mb": r.peak_mb} for name, r in rows}}
    return figures


def site_rows(repo: Path, paths: list[str], args: argparse.Namespace, variants: list[Variant], scratch: Path) -> dict:
    """A plain build, then each variant with history off, cold and warm, in turns."""
    docs = (repo / paths[0]).resolve()
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    plain = scratch / "mkdocs-plain.yml"
    plain.write_text(SITE.format(docs=docs, site=scratch / "site-plain", plugin=""))
    configs: dict[tuple[str, str], Path] = {}
    # The plugin refuses a goals folder that holds the docs: its sites take the goal folder
    # as `goals_dir` beside a docs folder of one page (the same goal pages, from outside).
    beside = scratch / "docs-beside"
    beside.mkdir(exist_ok=True)
    (beside / "index.md").write_text("# Bench\n")
    for v in variants:
        cache = scratch / f"{v.label}-site-cache"
        for name, history in (("off", "false"), ("cold", "true"), ("warm", "true")):
            config = configs[(v.label, name)] = scratch / f"mkdocs-{v.label}-{name}.yml"
            plugin = PLUGIN.format(goals=os.path.relpath(docs, scratch.resolve()), history=history, cache=cache)
            config.write_text(SITE.format(docs=beside, site=scratch / f"site-{v.label}-{name}", plugin=plugin))
    plain_runs: list[Measured] = []
    for _ in range(args.site_runs):
        plain_runs.append(measure([mkdocs, "build", "-q", "-f", str(plain)], scratch, variants[0].env))
        for v in variants:
            for name in ("off", "cold", "warm"):
                if name == "cold":
                    shutil.rmtree(scratch / f"{v.label}-site-cache", ignore_errors=True)
                v.add(f"site {name}", measure([mkdocs, "build", "-q", "-f", str(configs[(v.label, name)])], scratch,
                                              v.env))
    base = median(plain_runs)
    pages = sum(1 for _ in docs.rglob("*.md"))
    figures: dict = {}
    for v in variants:
        rows = [("mkdocs build, no plugin (baseline)", base),
                ("plugin, history: false", median(v.rows["site off"])),
                ("plugin, history on, cold cache", median(v.rows["site cold"])),
                ("plugin, history on, warm cache", median(v.rows["site warm"]))]
        print_rows(f"site [{v.label}]: docs_dir {paths[0]} ({pages} Markdown files), Material + search; "
                   f"median of {args.site_runs}", rows, base, site=True)
        figures[v.label] = {"rows": {name: {"seconds": r.seconds, "peak_mb": r.peak_mb} for name, r in rows}}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, help="any git repository (work tree or bare); it is cloned, not changed")
    parser.add_argument("--paths", nargs="+", help="goal folders inside it (default: goals, else .)")
    parser.add_argument("--runs", type=int, default=3, help="runs per history row (median)")
    parser.add_argument("--site-runs", type=int, default=3, help="builds per site row (median)")
    parser.add_argument("--skip-history", action="store_true")
    parser.add_argument("--skip-site", action="store_true")
    parser.add_argument("--skip-engine", action="store_true", help="no history_for-alone rows")
    parser.add_argument("--one-process", action="store_true",
                        help="also a cold row with GOALS_HISTORY_WORKERS=1 (what other processes buy)")
    parser.add_argument("--src", type=Path, help="a plugins/ folder to import mkdocs_goals from instead")
    parser.add_argument("--compare", type=Path, metavar="PLUGINS",
                        help="also measure this plugins/ folder (e.g. an older commit's), in turns with the other")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-real-") as folder:
        scratch = Path(folder)
        variants = [Variant("this", _environment(args.src), scratch)]
        if args.compare:
            variants.insert(0, Variant("compared", _environment(args.compare), scratch))
        clone = scratch / "repo"
        started = time.perf_counter()
        subprocess.run(["git", "clone", "-q", str(args.repo.resolve()), str(clone)], check=True)
        paths = args.paths or (["goals"] if (clone / "goals").is_dir() else ["."])
        count = subprocess.run(["git", "-C", str(clone), "rev-list", "--count", "HEAD"], capture_output=True,
                               text=True, check=True).stdout.strip()
        print(f"{args.repo}: {count} commits, cloned in {time.perf_counter() - started:.1f} s")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
              f"{subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()}")
        for v in variants:
            where = subprocess.run([sys.executable, "-c", "import mkdocs_goals; print(mkdocs_goals.__file__)"],
                                   env=v.env, capture_output=True, text=True, check=True).stdout.strip()
            print(f"[{v.label}] package: {where}")
        figures: dict = {"repo": str(args.repo), "paths": paths}
        if not args.skip_history:
            figures["history"] = history_rows(clone, paths, args, variants)
        if not args.skip_site:
            figures["site"] = site_rows(clone, paths, args, variants, scratch)
        figures["bench_peak_mb"] = own_peak_mb()
        print(f"this benchmark's own peak RSS, under every peak MB above: {figures['bench_peak_mb']:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


def _environment(src: Path | None) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_PAGER": "cat", "COLUMNS": "200"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode: don't compile every run
    if src:
        env["PYTHONPATH"] = os.pathsep.join([str(src.resolve()), *filter(None, [env.get("PYTHONPATH")])])
    return env


if __name__ == "__main__":
    main()

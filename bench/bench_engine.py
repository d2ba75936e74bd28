"""Engine throughput on a synthetic handbook, as ratios against parsers run in the same process.

    python bench/bench_engine.py [--mb 8] [--seed 1]

Baselines, each over the same documents: cmark-gfm rendering HTML (GitHub's engine, C),
pyromark's raw event stream (the parser we use, before our work on top), and
markdown-it-py (pure Python) when installed. Our figures: the full document model
(front matter, tasks, sections, counters, goal parts), the same again from the
content-hash cache, and `read_record`, the per-version counting that history scans use
(counts, status and items; front matter found but its YAML not loaded).
Prints MB/s, documents/s and each figure as a ratio to pyromark's event stream.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from mkdocs_goals.core.document import model as engine
from mkdocs_goals.core.history.engine import read_record

WORDS = "ship review latency mentor design test deploy migrate audit write talk spec onboard".split()


def synthetic_document(rng: random.Random) -> str:
    """A goal document, an inventory, or a plain page (a third of pages have no checkbox)."""
    shape = rng.random()
    words = lambda n: " ".join(rng.choice(WORDS) for _ in range(n))  # noqa: E731
    if shape < 0.33:
        lines = [f"# {words(3).title()}", ""]
        for _ in range(rng.randint(5, 40)):
            lines += [words(rng.randint(8, 30)) + ".", ""]
        return "\n".join(lines)
    if shape < 0.66:
        lines = ["---", f"title: {words(4)}", "owner: ana", "status: on-track", "due: 2026-12-31", "---", ""]
        for part in ("Success criteria", "Action steps", "Milestones"):
            lines += [f"## {part} [0/0]", ""]
            for _ in range(rng.randint(2, 8)):
                lines.append(f"- [{rng.choice(' x')}] {words(6)} by 2026-{rng.randint(1, 12):02d}-10")
            lines.append("")
        lines += ["## Progress log", "", "- 2026-10-01: " + words(20), "", "```", "- [x] not a task", "```"]
        return "\n".join(lines)
    lines = ["# Goals", ""]
    for _ in range(rng.randint(3, 8)):
        lines += [f"## {words(2).title()} Goals [0/0]", "", ""]
        for _ in range(rng.randint(5, 20)):
            lines += [f"[{rng.choice(' x')}] {words(rng.randint(5, 15))}", ""]
    return "\n".join(lines)


def corpus(megabytes: float, seed: int) -> list[bytes]:
    rng, docs, size = random.Random(seed), [], 0
    while size < megabytes * 1_000_000:
        docs.append(synthetic_document(rng).encode())
        size += len(docs[-1])
    return docs


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0, help="corpus size in MB")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    docs = corpus(args.mb, args.seed)
    texts = [d.decode() for d in docs]
    total_mb = sum(map(len, docs)) / 1e6
    print(f"corpus: {len(docs)} documents, {total_mb:.1f} MB (seed {args.seed}); best of {args.runs} runs", flush=True)

    import pyromark

    options = engine.Options()
    cases: dict[str, Callable[[], object]] = {
        "pyromark events (baseline)": lambda: [
            sum(1 for _ in pyromark.events_with_range(t, options=pyromark.Options.ENABLE_TASKLISTS)) for t in texts
        ],
    }
    try:
        import cmarkgfm

        cases["cmark-gfm HTML render"] = lambda: [cmarkgfm.github_flavored_markdown_to_html(t) for t in texts]
    except ImportError:
        pass
    try:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark").enable("table")
        cases["markdown-it-py tokens"] = lambda: [md.parse(t) for t in texts]
    except ImportError:
        pass

    def full_cold() -> None:
        engine.scan_cached.cache_clear()
        for i, raw in enumerate(docs):
            engine.parse_document(raw, f"doc{i}.md", options)

    def full_warm() -> None:
        for i, raw in enumerate(docs):
            engine.parse_document(raw, f"doc{i}.md", options)

    def fast_path() -> None:
        for raw in docs:
            read_record(raw, options)

    cases["mkdocs-goals document model"] = full_cold
    cases["mkdocs-goals history read_record"] = fast_path
    full_cold()
    cases["mkdocs-goals model, cached"] = full_warm

    results = {name: best_of(args.runs, work) for name, work in cases.items()}
    base = results["pyromark events (baseline)"]
    print(f"{'case':32} {'MB/s':>8} {'docs/s':>9} {'× baseline time':>16}")
    for name, seconds in results.items():
        print(f"{name:32} {total_mb / seconds:8.1f} {len(docs) / seconds:9.0f} {seconds / base:16.2f}")
    checked = statistics.mean(read_record(d, options).total for d in docs[:200])
    print(f"(mean tasks per document in the first 200: {checked:.1f})")


if __name__ == "__main__":
    main()

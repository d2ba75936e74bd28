"""Reading history: git log and blobs, per-commit snapshots, the cache, trends and diffs."""

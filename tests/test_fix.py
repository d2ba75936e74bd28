"""`goals fix`: only counter bytes change; endings, BOM and mode are kept; idempotent; atomic."""

from __future__ import annotations

import os
import stat

from conftest import run_goals

STALE = "# Plan [0/2]\n\n## Week 1 [5/16]\n- [x] a\n- [ ] b\n"


def test_fix_rewrites_only_counter_bytes(write):
    path = write("plan.md", STALE)
    result = run_goals("fix", str(path))
    assert result.returncode == 1, result.stderr
    assert path.read_text() == "# Plan [1/2]\n\n## Week 1 [1/2]\n- [x] a\n- [ ] b\n"
    assert "[5/16] → [1/2]" in result.stdout


def test_fix_keeps_crlf_bom_trailing_spaces_and_odd_bytes_elsewhere(write):
    original = b"\xef\xbb\xbf---\r\ntitle: t\r\n---\r\n## Done \xe2\x9c\x85 [0%]   \r\n\r\n[x] caf\xc3\xa9\r\n[ ] no newline at end"
    path = write("inv.md", original)
    assert run_goals("fix", str(path)).returncode == 1
    assert path.read_bytes() == original.replace(b"[0%]", b"[50%]")


def test_fix_is_idempotent_and_check_writes_nothing(write):
    path = write("plan.md", STALE)
    check = run_goals("fix", "--check", str(path))
    assert check.returncode == 1 and "would change" in check.stdout
    assert path.read_text() == STALE
    assert run_goals("fix", str(path)).returncode == 1
    after = path.read_bytes()
    again = run_goals("fix", str(path))
    assert again.returncode == 0 and path.read_bytes() == after


def test_fix_keeps_file_mode_and_leaves_no_temporary_files(write, tmp_path):
    path = write("plan.md", STALE)
    os.chmod(path, 0o640)
    run_goals("fix", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_fix_respects_scope(write):
    path = write("plan.md", "# All [0/0]\n- [x] a\n## Sub\n- [ ] b\n")
    run_goals("fix", "--scope", "section", str(path))
    assert path.read_text().startswith("# All [1/1]\n")


def test_fix_skips_non_utf8_files_and_says_so(write):
    original = b"## L [0/1]\n- [x] caf\xe9\n"
    path = write("latin1.md", original)
    result = run_goals("fix", str(path))
    assert result.returncode == 2
    assert "latin1.md:2" in result.stderr and "UTF-8" in result.stderr
    assert path.read_bytes() == original


def test_fix_with_gfm_only_counts_only_list_tasks(write):
    path = write("inv.md", "## I [0/0]\n- [x] a\n\n[x] bare\n")
    run_goals("fix", "--gfm-only", str(path))
    assert path.read_text().startswith("## I [1/1]")

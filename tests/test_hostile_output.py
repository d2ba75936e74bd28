"""Output built from text an attacker wrote: no terminal, JSON reader or CI log obeys the
control characters in file names, headings, items or git author names.

Real files in a GitPython repository, read by the installed `goals` script.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import run_goals
from gitrepo import GoalRepo

DATE = "2026-03-0{}T09:00:00+00:00"

EVIL = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07\x9b31m\u202egnp\u2066\x08\r"  # title, clear, clipboard, C1 CSI, bidi
EVIL_FILE = f"goals/evil{EVIL}\n::error::pwned.md"
EVIL_AUTHOR = f"Mallory {EVIL}"
# What a terminal could act on: every C0 control but LF and TAB, DEL, C1, separators, bidi.
OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def evil_goal() -> str:
    return (f'---\ntitle: "Title \\e]0;pwned\\a \\u202eevil"\nowner: ana\nstatus: on-track\n---\n'
            f"# Head {EVIL}\n\n## Steps [0/2]\n\n- [x] item {EVIL} fake\n- [ ] second\n")


@pytest.fixture
def evil_repo(tmp_path) -> GoalRepo:
    """A committed goal whose name, headings, items and git author carry escape
    sequences, then an edit, an uncommitted goal and an undecodable file with such names."""
    repo = GoalRepo(tmp_path)
    repo.commit("add", DATE.format(1), author=EVIL_AUTHOR, files={EVIL_FILE: evil_goal()})
    repo.write(EVIL_FILE, evil_goal().replace("- [ ] second", f"- [x] second {EVIL}"))
    repo.write(f"goals/new{EVIL}.md", f"# New {EVIL}\n\n- [ ] {EVIL}\n")
    (repo.root / f"goals/latin1{EVIL}.md").write_bytes(b"- [x] caf\xe9\n")
    return repo


@pytest.mark.parametrize("command", [
    ("check", "goals"), ("check", "--format", "github", "goals"), ("stats", "goals"), ("stats", "--all", "goals"),
    ("fix", "--check", "goals"), ("fix", "goals"), ("history", "goals"), ("diff", "HEAD", "--format", "text"),
    ("textconv", EVIL_FILE),
])
def test_text_output_shows_control_characters_instead_of_obeying_them(evil_repo, command):
    result = run_goals(*command, cwd=evil_repo.root)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    output = result.stdout + result.stderr
    if command[0] == "textconv":
        header = result.stdout.split("\n\n", 1)[0]  # the summary lines; the file itself follows as it is
        assert not OBEYED.search(header) and "<U+001B>]0;pwned<U+0007>" in header
        return
    assert not OBEYED.search(output), repr(OBEYED.search(output))
    assert "<U+001B>]0;pwned<U+0007>" in output  # shown, not dropped: a reviewer sees something is odd


def test_history_text_shows_a_hostile_git_author_inertly(evil_repo):
    result = run_goals("history", "goals", cwd=evil_repo.root)
    assert "Mallory <U+001B>]0;pwned<U+0007>" in result.stdout and not OBEYED.search(result.stdout)
    assert "not committed yet" in result.stderr and not OBEYED.search(result.stderr)


@pytest.mark.parametrize("command", [
    ("check", "--format", "json", "goals"), ("stats", "--format", "json", "goals"),
    ("history", "--format", "json", "goals"), ("diff", "HEAD", "--format", "json"),
])
def test_json_escapes_what_a_terminal_obeys_and_keeps_every_value(evil_repo, command):
    result = run_goals(*command, cwd=evil_repo.root)
    assert not OBEYED.search(result.stdout)  # json.dumps alone leaves C1, bidi and U+2028 raw
    assert EVIL_FILE in strings_in(json.loads(result.stdout))  # the real name, exactly


def strings_in(value: object) -> set[str]:
    """Every string in parsed JSON, keys included."""
    if isinstance(value, dict):
        return set(value) | {s for v in value.values() for s in strings_in(v)}
    if isinstance(value, list):
        return {s for v in value for s in strings_in(v)}
    return {value} if isinstance(value, str) else set()


def test_github_annotations_cannot_start_a_workflow_command(evil_repo):
    result = run_goals("check", "--format", "github", "goals", cwd=evil_repo.root)
    findings = json.loads(run_goals("check", "--format", "json", "goals", cwd=evil_repo.root).stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == len(findings) > 0  # a newline in a name or message started no line of its own
    assert all(re.match(r"::(error|warning) file=[^:,]*,line=\d+,title=[\w-]+::", line) for line in lines)
    assert "%0A%3A%3Aerror%3A%3Apwned.md" in result.stdout  # `%`, CR, LF, `:` and `,` percent-encoded
    assert not OBEYED.search(result.stdout)

"""The history fast path: deriving a version's record from its parent's must equal parsing it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_goals.core.document.model import Options
from mkdocs_goals.core.history.engine import derive_record, read_record

OPTIONS = Options()

LINES = st.sampled_from(
    [
        "- [ ] write the spec", "- [x] ship it", "  - [ ] nested step", "1. [X] ordered", "> - [ ] quoted",
        "[ ] bare open", "[x] bare done", "## Section [1/2]", "# Title", "", "", "text line", "```", "~~~",
        "<div>", "</div>", "- plain item", "---", "    - [ ] indented code", "`code` line", "[x]: http://x",
        "- [ ] see [a link](u)", "Setext", "===",
    ]
)
FRONT = st.sampled_from(["", "---\ntitle: t\nstatus: on-track\n---\n", "---\nstatus: done\n---\n"])
EDITS = st.sampled_from(["tick", "untick", "reword", "retitle", "status", "replace"])


@st.composite
def document_and_edit(draw):
    front = draw(FRONT)
    lines = draw(st.lists(LINES, min_size=1, max_size=20))
    edited = list(lines)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(edited) - 1))
        kind = draw(EDITS)
        line = edited[index]
        if kind == "tick":
            edited[index] = line.replace("[ ]", "[x]", 1)
        elif kind == "untick":
            edited[index] = line.replace("[x]", "[ ]", 1).replace("[X]", "[ ]", 1)
        elif kind == "reword":
            edited[index] = line + draw(st.sampled_from([" now", " `code`", " [x]", " <b>", "!"]))
        elif kind == "retitle":
            edited[index] = line.replace("Section", "Part", 1).replace("[1/2]", "[2/2]")
        elif kind == "replace":
            edited[index] = draw(LINES)
    new_front = front.replace("on-track", "done") if draw(EDITS) == "status" else front
    return (front + "\n".join(lines) + "\n").encode(), (new_front + "\n".join(edited) + "\n").encode()


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document_and_edit())
def test_derived_record_equals_the_parsed_one(pair):
    old_raw, new_raw = pair
    derived = derive_record(old_raw, read_record(old_raw, OPTIONS), new_raw)
    if derived is not None:
        assert derived == read_record(new_raw, OPTIONS)


def test_a_tick_and_a_counter_update_are_derived():
    old = b"---\nowner: ana\nstatus: on-track\n---\n## Steps [0/2]\n- [ ] a\n- [ ] b\n"
    new = b"---\nowner: ana\nstatus: done\n---\n## Steps [1/2]\n- [x] a\n- [ ] b\n"
    derived = derive_record(old, read_record(old, OPTIONS), new)
    assert derived is not None and derived == read_record(new, OPTIONS)
    assert (derived.checked, derived.total, derived.status) == (1, 2, "done")


def test_structure_changes_are_not_derived():
    old = b"- [ ] a\n- [ ] b\n"
    assert derive_record(old, read_record(old, OPTIONS), b"- [ ] a\n```\n") is None
    assert derive_record(old, read_record(old, OPTIONS), b"- [ ] a\n- [ ] b\n- [ ] c\n") is None

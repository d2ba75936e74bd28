"""`KeptJson.dumps` is `json.dumps(value, indent=2)`, whatever was kept before."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_goals.cli.output import print_json, print_json_members
from mkdocs_goals.render.json_text import KeptJson

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
KEYS = st.text() | st.integers() | st.booleans()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(KEYS, inner, max_size=4), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=4))
def test_each_build_writes_what_json_dumps_writes(builds):
    kept = KeptJson()
    for value in builds:
        assert kept.dumps(value) == json.dumps(value, indent=2)


def test_a_kept_piece_is_used_only_for_the_same_value():
    kept = KeptJson()
    first = {"schema": 2, "goals": [{"path": "a.md", "checked": 1}, {"path": "b.md", "checked": 0}]}
    assert kept.dumps(first) == json.dumps(first, indent=2)
    second = {"schema": 2, "goals": [{"path": "a.md", "checked": 1}, {"path": "b.md", "checked": 1}]}
    assert kept.dumps(second) == json.dumps(second, indent=2)
    assert kept.dumps({"goals": []}) == json.dumps({"goals": []}, indent=2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 3), VALUES), max_size=5), min_size=1, max_size=4))
def test_values_kept_by_key_write_what_json_dumps_writes(builds):
    """Each goal made through `same` (its key here says all of it: the key and the value
    drawn with it, as the plugin's entry key does), in builds that keep, change and drop
    goals: every text is json.dumps's."""
    kept = KeptJson()
    for goals in builds:
        value = {"schema": 2, "goals": [kept.same((key, json.dumps(v)), lambda v=v: {"key": key, "v": v})
                                        for key, v in goals]}
        assert kept.dumps(value) == json.dumps(value, indent=2)


def test_a_value_kept_by_key_is_made_once_and_its_text_found_by_identity():
    kept, made = KeptJson(), []

    def goal(key: str, checked: int) -> dict:
        return kept.same((key, checked), lambda: made.append(key) or {"path": key, "checked": checked})

    first = goal("a.md", 1)
    kept.dumps({"goals": [first, goal("b.md", 0)]})
    kept.texts.used.clear()  # no text by compact encoding left: a's text can only come by identity
    kept.texts.kept.clear()
    again = goal("a.md", 1)
    value = {"goals": [again, goal("b.md", 1)]}
    assert again is first and made == ["a.md", "b.md", "b.md"]
    assert kept.dumps(value) == json.dumps(value, indent=2)
    assert list(kept.texts.kept) == [json.dumps({"path": "b.md", "checked": 1})]  # a's part was not encoded


UNSAFE = st.text(alphabet=st.sampled_from("ab\"\\\n\x1b\x85\u2028\u2029\u202e\u00e9"), max_size=6)
MEMBER_VALUES = st.recursive(st.none() | st.integers() | UNSAFE, lambda inner: st.lists(inner, max_size=3)
                             | st.dictionaries(UNSAFE, inner, max_size=3), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(UNSAFE, MEMBER_VALUES, max_size=4), st.integers(1, 4))
def test_printing_a_member_at_a_time_prints_what_printing_the_whole_object_prints(data, one_line_from):
    """`goals history` prints file by file (`print_json_members`): byte for byte what
    `print_json` of the whole object printed, terminal-unsafe characters escaped alike."""
    whole, members = io.StringIO(), io.StringIO()
    with redirect_stdout(whole):
        print_json(data, one_line_from=one_line_from)
    with redirect_stdout(members):
        print_json_members(iter(data.items()), one_line_from=one_line_from)
    assert members.getvalue() == whole.getvalue()
    assert json.loads(whole.getvalue()) == data

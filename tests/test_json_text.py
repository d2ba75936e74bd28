"""`KeptJson.dumps` is `json.dumps(value, indent=2)`, whatever was kept before."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

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

"""The pipeline's hot-path helpers give exactly what the general code they replace gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toolgym.envs.graph import _segments, extract
from toolgym.synth.pipeline.turnplan import _id_key_values, _slot_values, leaf_values

_KEYS = st.sampled_from(["id", "user_id", "ids", "token", "name", "uuid", "valid", "items", "x_Id", "paid", "rows"])
_LEAF = st.one_of(st.text(max_size=6), st.integers(), st.booleans(), st.none())
_JSON = st.recursive(_LEAF, lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(_KEYS, kids, max_size=4)), max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(_JSON)
def test_id_key_walk_equals_leaf_values_without_internal_paths(content):
    want: set[str] = set()
    leaf_values(content, frozenset(), want)
    got: set[str] = set()
    _id_key_values(content, got)
    assert got == want


@settings(max_examples=150, deadline=None)
@given(_JSON, st.sampled_from(["id", "items[].id", "[].user_id", "rows{}.token", "[]", "items[].rows[].ids[]", ""]))
def test_slot_walk_equals_graph_extract(content, path):
    segs = _segments(path)
    want = {v for v, _, _ in extract(content, segs) if isinstance(v, str) and len(v) >= 3}
    got: set[str] = set()
    _slot_values(content, segs, 0, got)
    assert got == want

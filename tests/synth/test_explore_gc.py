"""fewer_collections: a speed setting of the exploration loops that leaves the process as it was."""

from __future__ import annotations

import gc

import pytest

from toolgym.synth.explore import fewer_collections


def test_threshold_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections(50_000):
        assert gc.get_threshold() == (max(50_000, before[0]), *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections(50_000):
        raise RuntimeError("boom")
    assert gc.get_threshold() == before

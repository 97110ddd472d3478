"""The grounder a process caches must not depend on which world it first met.

It is built once per env class and config, on first use. Had it been read from the world the
caller's env held (composed envs did that: their config was no valid constructor argument), the
values it proposes would depend on which record a process made first, and ``--workers 2``,
``--ray --shards 2`` or a resumed run would write other bytes than one process (found by
``benchmarks/scaling.py``: record 939 of a 1,200-record run differed on Ray shards).
"""

from __future__ import annotations

import pytest

from toolgym.synth.grounding import Grounder
from toolgym.synth.pipeline.multiturn import make_env

COMPOSED = "toolgym/Banking-v0+toolgym/Trading-v0+toolgym/FileSystem-v0"


def test_a_composed_env_rebuilds_from_its_own_config():
    env = make_env(COMPOSED)
    copy = type(env)(**env.config)
    assert list(copy.all_tooldefs()) == list(env.all_tooldefs())
    assert copy.reset(seed=3)[1]["state_hash"] == env.reset(seed=3)[1]["state_hash"]


@pytest.mark.parametrize("env_id", [COMPOSED, "toolgym/Trading-v0"])
def test_the_grounder_reads_the_same_world_whatever_world_the_env_holds(env_id):
    env = make_env(env_id)
    seen = []
    saved = dict(Grounder._cache)
    try:
        # two world seeds whose first Trading order differs (one has a limit price, one not)
        for seed in (1629429250, 102326666):
            Grounder._cache.clear()
            before = env.reset(seed=seed)[1]["state_hash"]
            g = Grounder.of(env)
            seen.append((g.world.fields, g.world.table_fields))
            assert env.state_hash() == before  # the caller's world is left as it was
    finally:
        Grounder._cache.clear()
        for k, v in saved.items():
            Grounder._cache[k] = v
    assert seen[0] == seen[1]

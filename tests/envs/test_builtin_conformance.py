"""Every registered built-in composition passes the shipped conformance check, and every domain
has the depth issue 7 asks for: internal ids, preconditions, writes, a prerequisite chain >= 3."""

from __future__ import annotations

import pytest

from toolgym.envs import check_env, make
from toolgym.envs.registry import BUILTINS, COMBINATIONS


@pytest.mark.parametrize("env_id", sorted(COMBINATIONS))
def test_registered_composition_passes_conformance(env_id):
    report = check_env(env_id, steps=200)
    assert report.passed
    assert report.ok_calls > 0


@pytest.mark.parametrize("env_id", sorted(BUILTINS))
def test_domain_has_depth(env_id):
    from toolgym.envs.graph import ApiGraph

    env = make(env_id)
    env.reset(seed=0)
    defs = env.all_tooldefs()
    assert len(defs) >= 12
    assert any(e.internal for e in env.entities().values()), "no internal ids"
    assert any(d.needs for d in defs.values()), "no preconditions"
    assert sum(d.writes for d in defs.values()) >= 3, "too few writes"
    graph = ApiGraph.of(env)
    assert max(len(graph.prerequisite_chain(t)) for t in graph.tools) >= 3


def test_suite_is_broad_enough():
    tools = sum(len(make(i).all_tooldefs()) for i in BUILTINS)
    assert len(BUILTINS) >= 12 and tools >= 200

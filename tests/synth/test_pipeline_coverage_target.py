"""A round's coverage target is reached or the attempt fails; it is never silently swapped.

Vehicle's ``refuel`` needs a long walk (unlock, navigate to a station, start the engine, drive,
stop) that the default 12-call sampler budget cannot finish and a plan longer than the default
7-call cap: before the fix, every slot targeting it quietly became a record about another tool.
"""

from __future__ import annotations

import random

import pytest

from toolgym.synth.pipeline.config import SynthConfig
from toolgym.synth.pipeline.multiturn import Drop, EnvCache, Slot, _sample_plan, _State
from toolgym.synth.pipeline.run import run_sync

ENV = "toolgym/Vehicle-v0"
WORLD = 1043


def _try(cfg: SynthConfig, target: str, rng_seed: int):
    cache = EnvCache(cfg.sampler_steps)
    h = cache.handle(ENV)
    slot = Slot(key=0, env_key=ENV, variant="base", n_turns=1, target=target, world_seed=WORLD)
    cache.begin(h, WORLD)
    return run_sync(_sample_plan(h, cfg, slot, _State(messages=[]), random.Random(rng_seed), target, avoid=set())), h


def test_a_hard_coverage_target_is_reached_with_a_longer_walk():
    cfg = SynthConfig(envs=[ENV], records=1, out="/tmp/unused")
    hits = 0
    for seed in range(4):
        try:
            (plan, _), h = _try(cfg, "refuel", seed)
        except Drop as d:
            assert d.reason in ("target_unreached", "too_many_calls"), d
            continue
        assert "refuel" in plan.targets
        assert len(plan.steps) > cfg.max_calls_per_turn  # allowed only on the longer walk
        assert h.sampler.max_steps == cfg.sampler_steps  # the longer budget does not stick
        hits += 1
    assert hits >= 1


def test_an_unreachable_coverage_target_fails_the_attempt_instead_of_being_swapped():
    cfg = SynthConfig(envs=[ENV], records=1, out="/tmp/unused", sampler_steps=1)
    with pytest.raises(Drop) as e:
        _try(cfg, "refuel", 0)
    assert e.value.reason in ("target_unreached", "too_many_calls")

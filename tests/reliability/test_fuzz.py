"""The fuzz harness in CI: a seeded sample over every registered environment, and proof that it
catches bugs planted on purpose. The full attack (>= 100,000 actions) is
``python benchmarks/fuzz.py`` (see README, "Reliability")."""

from __future__ import annotations

import os

import pytest

from toolgym.envs.fuzz import fuzz
from toolgym.envs.registry import list_envs

from .ledger_env import BuggyLedger, LeakyLedger, Ledger

SEED = int(os.environ.get("TOOLGYM_FUZZ_SEED", "12"))
PER_ENV = int(os.environ.get("TOOLGYM_FUZZ_ACTIONS", "120"))
BUILTIN = [e.id for e in list_envs() if e.source == "builtin"]


def test_every_builtin_and_combination_is_in_the_sample():
    assert len(BUILTIN) >= 17  # 12 domains + 5 registered combinations


@pytest.mark.parametrize("env_id", BUILTIN)
def test_fuzz_sample_breaks_no_promise(env_id):
    report = fuzz(env_id, actions=PER_ENV, seed=SEED)
    assert report.ok, report.summary()
    assert report.actions == PER_ENV and report.rejected_actions > 0 and report.ok_calls > 0
    assert {"valid", "parallel_mix", "garbage", "unknown_tool"} <= set(report.kinds)


SAFE = ["put", "scale", "ratio", "note", "dump"]


def test_an_honest_env_passes_even_with_every_check_on_every_action():
    report = fuzz(lambda: Ledger(tools=SAFE), actions=400, seed=1, full_check_share=1.0)
    assert report.ok, report.summary()
    assert report.full_checks > 50 and report.subset_checks > 5


def test_the_harness_catches_an_exception_planted_in_a_tool():
    report = fuzz(lambda: BuggyLedger(tools=SAFE), actions=400, seed=1)
    assert report.counts["exception"] > 0
    assert any("KeyError" in f.detail and "planted" in f.detail for f in report.failures)


def test_the_harness_catches_a_rejected_call_that_changes_the_world():
    # LeakyLedger.scale writes a row in place, then refuses negative factors: only the
    # whole-snapshot comparison sees it (the journal never heard of the write).
    report = fuzz(lambda: LeakyLedger(tools=SAFE), actions=400, seed=1, full_check_share=1.0)
    assert report.counts["state_changed"] > 0, report.summary()
    assert any("mutated in place" in f.detail or "parallel action" in f.detail for f in report.failures)


def test_a_bug_that_escapes_leaves_no_trace_of_its_action():
    # ``crash`` writes and then raises a non-ToolError: the harness sees the exceptions, and
    # checks that each left the world as it was before the action (whole-action rollback).
    report = fuzz(lambda: Ledger(tools=[*SAFE, "crash"]), actions=400, seed=1, full_check_share=1.0)
    assert report.counts["exception"] > 0
    assert report.counts["state_changed"] == 0, report.summary()

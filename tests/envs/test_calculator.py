"""Behaviour of the Calculator domain (toolgym/Calculator-v0): math, domain errors, units, memory, history."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.envs.helpers import fails, ok, run
from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, check_env, make, make_action
from toolgym.envs.calculator import Calculator

SEED = 9


def fresh(seed: int = SEED) -> Calculator:
    env = make("toolgym/Calculator-v0")
    env.reset(seed=seed)
    return env


def test_conformance_check_passes():
    report = check_env("toolgym/Calculator-v0")
    assert report.passed
    assert len(report.tools_succeeded) >= 15


def test_has_at_least_17_tools_and_a_populated_world():
    env = fresh()
    assert len(env.all_tooldefs()) >= 17
    assert len(env.history) >= 100 and len(env.memory) >= 8 and len(env.rates) >= 25


def test_every_tool_has_complete_language():
    assert_language_complete(Calculator())


def test_saved_memory_is_named_and_sized_as_a_user_would_have_it():
    # A user says "my gym fee" (not gym_fee), and a gym fee of 2,872 would make answers absurd.
    from toolgym.envs.calculator.data import _MEMORY

    for seed in range(20):
        for slot in fresh(seed).memory.values():
            assert "_" not in slot["name"], slot
            lo, hi = _MEMORY[slot["name"]]
            assert lo <= slot["value"] <= hi, slot


def test_history_expressions_read_as_labels():
    env = fresh()
    ok(env, "percentile", values=[3, 1, 2], percentile=90)
    ok(env, "percentage", operation="change", a=80, b=92)
    exprs = [h["expression"] for h in ok(env, "list_history", limit=2)]
    assert exprs == ["% change from 80 to 92", "percentile 90 of 3 values"]
    ok(env, "percentile", values=[7], percentile=50)
    assert ok(env, "list_history", limit=1)[0]["expression"] == "percentile 50 of 1 value"


def test_same_seed_builds_the_same_world_and_other_seeds_differ():
    assert fresh(2).snapshot() == fresh(2).snapshot()
    assert fresh(2).snapshot() != fresh(3).snapshot()


def test_the_package_never_evaluates_code():
    src = "".join(p.read_text() for p in Path(__file__).parents[2].joinpath("envs", "calculator").glob("*.py"))
    assert "eval(" not in src and "exec(" not in src and "compile(" not in src


@pytest.mark.parametrize(
    ("tool", "args", "expected"),
    [
        ("calculate", {"a": 7, "operation": "multiply", "b": 6}, 42.0),
        ("calculate", {"a": 10, "operation": "divide", "b": 4}, 2.5),
        ("calculate", {"a": 17, "operation": "modulo", "b": 5}, 2.0),
        ("calculate", {"a": 17, "operation": "floor_divide", "b": 5}, 3.0),
        ("power", {"base": 2, "exponent": 10}, 1024.0),
        ("root", {"value": 27, "degree": 3}, 3.0),
        ("root", {"value": -32, "degree": 5}, -2.0),
        ("logarithm", {"value": 1000}, 3.0),
        ("logarithm", {"value": 8, "base": 2}, 3.0),
        ("logarithm", {"value": math.e, "base": "e"}, 1.0),
        ("percentage", {"operation": "percent_of", "a": 15, "b": 80}, 12.0),
        ("percentage", {"operation": "change", "a": 80, "b": 100}, 25.0),
        ("percentage", {"operation": "increase_by", "a": 200, "b": 10}, 220.0),
        ("percentage", {"operation": "what_percent", "a": 30, "b": 120}, 25.0),
        ("percentile", {"values": [1, 2, 3, 4], "percentile": 50}, 2.5),
        ("convert_units", {"value": 5, "from_unit": "miles", "to_unit": "km"}, 8.04672),
        ("convert_units", {"value": 212, "from_unit": "fahrenheit", "to_unit": "C"}, 100.0),
        ("convert_units", {"value": 1, "from_unit": "gallon", "to_unit": "l"}, 3.785412),
        ("convert_units", {"value": 2, "from_unit": "lbs", "to_unit": "kg"}, 0.907185),
    ],
)
def test_results_are_right(tool: str, args: dict, expected: float):
    assert ok(fresh(), tool, **args)["result"] == pytest.approx(expected, abs=1e-6)


def test_statistics_summary():
    s = ok(fresh(), "summary_statistics", values=[2, 4, 4, 4, 5, 5, 7, 9])
    assert (s["count"], s["mean"], s["median"], s["min"], s["max"]) == (8, 5.0, 4.5, 2.0, 9.0)
    assert s["stdev"] == pytest.approx(2.13809, abs=1e-5)
    pop = ok(fresh(), "summary_statistics", values=[2, 4, 4, 4, 5, 5, 7, 9], sample=False)
    assert pop["stdev"] == 2.0


@pytest.mark.parametrize(
    ("tool", "args", "fragment"),
    [
        ("calculate", {"a": 1, "operation": "divide", "b": 0}, "division by zero"),
        ("calculate", {"a": 1, "operation": "modulo", "b": 0}, "division by zero"),
        ("logarithm", {"value": 0}, "only defined for positive"),
        ("logarithm", {"value": -5, "base": "e"}, "only defined for positive"),
        ("logarithm", {"value": 5, "base": 1}, "not 1"),
        ("power", {"base": -8, "exponent": 0.5}, "not a real number"),
        ("power", {"base": 0, "exponent": -1}, "division by zero"),
        ("power", {"base": 10, "exponent": 400}, "overflow"),
        ("root", {"value": -4}, "not real"),
        ("percentage", {"operation": "change", "a": 0, "b": 5}, "division by zero"),
        ("percentile", {"values": [], "percentile": 5}, "empty list"),
        ("convert_units", {"value": 5, "from_unit": "kg", "to_unit": "m"}, "cannot convert kg (mass) to m (length)"),
        ("convert_units", {"value": 5, "from_unit": "kilomter", "to_unit": "m"}, "did you mean 'kilometer'"),
        ("convert_units", {"value": -500, "from_unit": "c", "to_unit": "k"}, "below absolute zero"),
        ("convert_currency", {"amount": 5, "from_currency": "USD", "to_currency": "EUX"}, "did you mean 'EUR'"),
    ],
)
def test_domain_errors_explain_and_change_nothing(tool: str, args: dict, fragment: str):
    fails(fresh(), tool, fragment, **args)


def test_calculations_are_recorded_in_the_history():
    env = fresh()
    c = ok(env, "calculate", a=12, operation="add", b=30)
    latest = ok(env, "list_history", limit=1)[0]
    assert latest["entry_id"] == c["entry_id"] and latest["expression"] == "12 + 30" and latest["result"] == 42.0
    assert ok(env, "get_history_entry", entry_id=c["entry_id"])["result"] == 42.0
    n = len(env.history)
    assert ok(env, "clear_history")["deleted"] == n
    assert ok(env, "list_history") == []


def test_precision_and_rounding_mode_apply_to_results():
    env = fresh()
    assert ok(env, "calculate", a=2, operation="divide", b=3)["result"] == 0.666667
    ok(env, "set_precision", decimals=2, rounding="down")
    assert ok(env, "calculate", a=2, operation="divide", b=3)["result"] == 0.66
    ok(env, "set_precision", decimals=0, rounding="half_even")
    assert ok(env, "calculate", a=5, operation="divide", b=2)["result"] == 2.0  # banker's rounding
    fails(env, "set_precision", "between 0 and 12", decimals=20)


def test_currency_conversion_uses_the_listed_rate():
    env = fresh()
    rates = {r["currency"]: r["rate"] for r in ok(env, "list_exchange_rates", base="USD")}
    conv = ok(env, "convert_currency", amount=250, from_currency="usd", to_currency="jpy")
    assert conv["result"] == round(250 * rates["JPY"], 2) and conv["unit"] == "JPY"


def test_memory_needs_a_session():
    env = fresh()
    error = run(env, "memory_list").get("error")
    assert "precondition not met" in error and "start_session" in error


def test_memory_chain_store_from_history_then_update_and_recall():
    env = fresh()
    ok(env, "start_session")
    entry = ok(env, "calculate", a=1250, operation="multiply", b=12)
    slot = ok(env, "memory_store", name="yearly rent", entry_id=entry["entry_id"])
    assert slot["value"] == 15000.0
    listed = {s["name"]: s["slot_id"] for s in ok(env, "memory_list")}
    assert listed["yearly rent"] == slot["slot_id"]
    ok(env, "memory_update", slot_id=slot["slot_id"], operation="add", value=600)
    assert ok(env, "memory_recall", slot_id=slot["slot_id"])["value"] == 15600.0
    fails(env, "memory_store", "already exists", name="Yearly Rent", value=1.0)
    fails(env, "memory_store", "exactly one of value or entry_id", name="x")
    fails(env, "memory_recall", "memory_list shows the slot ids", slot_id="M000000")
    ok(env, "memory_delete", slot_id=slot["slot_id"])
    assert "yearly rent" not in {s["name"] for s in ok(env, "memory_list")}


def test_memory_update_refuses_division_by_zero():
    env = fresh()
    ok(env, "start_session")
    slot = ok(env, "memory_list")[0]
    fails(env, "memory_update", "division by zero", slot_id=slot["slot_id"], operation="divide", value=0)


def test_memory_survives_the_end_of_a_session_but_access_needs_a_new_one():
    env = fresh()
    ok(env, "start_session")
    slot = ok(env, "memory_store", name="tip", value=0.18)
    ok(env, "end_session")
    error = run(env, "memory_recall", slot_id=slot["slot_id"]).get("error")
    assert "precondition not met" in error
    ok(env, "start_session")
    assert ok(env, "memory_recall", slot_id=slot["slot_id"])["value"] == 0.18


def test_memory_is_limited_to_20_slots():
    env = fresh()
    ok(env, "start_session")
    for i in range(20 - len(env.memory)):
        ok(env, "memory_store", name=f"v{i}", value=float(i))
    fails(env, "memory_store", "memory is full", name="one more", value=1.0)


def test_task_mode_rewards_the_right_chain_and_not_a_wrong_one():
    def ground_truth() -> str:
        env = fresh()
        ok(env, "start_session")
        c = ok(env, "convert_currency", amount=1200, from_currency="USD", to_currency="EUR")
        ok(env, "memory_store", name="trip budget", entry_id=c["entry_id"])
        return env.state_hash()

    task = Task(seed=SEED, turns=[TurnSpec(
        user="Convert 1200 dollars to euros and keep the result in memory as 'trip budget'.",
        expect_state=ground_truth(),
        expect_calls=["convert_currency", "memory_store"],
    )])
    env = make("toolgym/Calculator-v0")
    env.reset(options={"task": task})
    ok(env, "start_session")
    c = ok(env, "convert_currency", amount=1200, from_currency="USD", to_currency="EUR")
    ok(env, "memory_store", name="trip budget", entry_id=c["entry_id"])
    _, reward, *_ = env.step(make_action(content=f"Stored {c['result']} EUR as 'trip budget'."))
    assert reward == 1.0

    env.reset(options={"task": task})
    ok(env, "start_session")
    c = ok(env, "convert_currency", amount=1200, from_currency="USD", to_currency="GBP")  # wrong currency
    ok(env, "memory_store", name="trip budget", entry_id=c["entry_id"])
    _, reward, *_ = env.step(make_action(content="Done."))
    assert reward == 0.0

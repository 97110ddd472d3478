"""Defects 3, 4 and 10 of issue 12 and the world-cache bug: each test fails on the code before the fix."""

from __future__ import annotations

import json

import pytest

from tests.envs.helpers import ok
from toolgym.envs import make
from toolgym.envs.actions import CallRequest, make_action
from toolgym.envs.core import MAX_ACTION
from toolgym.record import ToolCall

from .ledger_env import Ledger


def _standard(obs: str) -> dict:
    def refuse(name: str) -> None:
        raise AssertionError(f"observation holds {name}, which is not standard JSON")

    return json.loads(obs, parse_constant=refuse)


def _one_call(name: str, /, **arguments) -> dict:
    return {"content": None, "tool_calls": [{"id": "c00000001", "name": name, "arguments": arguments}]}


# Defect 3: the seven write tools that took NaN (each prepared so that a finite amount succeeds).


def _banking(tool: str):
    import datetime as dt

    from tests.envs.test_banking import accounts, fresh

    env = fresh()
    acc = accounts(env)
    sav, chk = acc["High-Yield Savings"]["account_id"], acc["Everyday Checking"]["account_id"]
    payee = ok(env, "list_payees")[1]["payee_id"]
    day = (dt.date.fromisoformat(env._today) + dt.timedelta(days=10)).isoformat()
    args = {"pay_payee": {"payee_id": payee, "from_account_id": sav},
            "schedule_payment": {"payee_id": payee, "from_account_id": chk, "date": day},
            "set_transfer_limit": {},
            "transfer_between_accounts": {"from_account_id": sav, "to_account_id": chk}}[tool]
    return env, args, "amount"


def _trading(tool: str):
    from tests.envs.test_trading import OPEN_SEED, brokerage, logged_in

    env = logged_in(OPEN_SEED)
    return env, {"account_id": brokerage(env)}, "amount"


def _vehicle(tool: str):
    from tests.envs.test_vehicle import running

    env = running()
    station = ok(env, "find_places", category="gas_station", limit=1)[0]
    ok(env, "set_navigation_destination", place_id=station["place_id"])
    ok(env, "set_parking_brake", engaged=False)
    ok(env, "release_brake_pedal")
    ok(env, "drive_to_destination")
    ok(env, "stop_engine")
    return env, {}, "amount"


NAN_TOOLS = [("pay_payee", _banking), ("schedule_payment", _banking), ("set_transfer_limit", _banking),
             ("transfer_between_accounts", _banking), ("deposit_funds", _trading), ("withdraw_funds", _trading),
             ("refuel", _vehicle)]


@pytest.mark.parametrize("tool,prepare", NAN_TOOLS, ids=[t for t, _ in NAN_TOOLS])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")], ids=["nan", "inf", "-inf"])
def test_non_finite_numbers_are_invalid_arguments_and_leave_the_world_unchanged(tool, prepare, bad):
    env, args, param = prepare(tool)
    before, snap = env.state_hash(), env.world.full_hash()
    # As data (the Python API, rollouts) and as text with a NaN/Infinity literal (what a model may send).
    for action in (_one_call(tool, **args, **{param: bad}), json.dumps(_one_call(tool, **args, **{param: bad}))):
        obs, *_ = env.step(action)
        d = _standard(obs)  # held "cash":NaN before
        errors = [r.get("error") for r in d.get("tool_results", [])] or [d.get("error")]
        assert all(errors), obs
        assert env.state_hash() == before and env.world.full_hash() == snap  # state_hash() raised before
    # The same state with a finite amount: the call goes through (so the refusal was the number's).
    obs, *_ = env.step(_one_call(tool, **args, **{param: 1.0}))
    assert "content" in _standard(obs)["tool_results"][0], obs


def test_text_1e309_is_refused_as_not_standard_json():
    env = make("toolgym/Trading-v0")
    env.reset(seed=1)
    obs, *_ = env.step('{"tool_calls": [{"name": "deposit_funds", "arguments": {"amount": 1e309}}]}')
    assert "not standard JSON" in _standard(obs)["error"]


CALCULATOR_TOOLS = ["add", "subtract", "multiply", "divide", "power", "square_root", "nth_root", "logarithm", "percentage",
                    "round_number", "factorial", "modulo", "floor_divide", "absolute", "convert_units", "statistics"]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_calculator_tools_answer_non_finite_inputs_with_an_error(bad):
    env = make("toolgym/Calculator-v0")
    env.reset(seed=0)
    tried = 0
    for name, td in env.all_tooldefs().items():
        props = td.spec.parameters["properties"]
        for p, s in props.items():
            types = s.get("type") if isinstance(s.get("type"), list) else [s.get("type")]
            value = [bad, 1.0] if "array" in types else bad if "number" in types else None
            if value is None:
                continue
            args = {q: 2.0 for q in td.spec.parameters["required"] if q != p}
            args = {q: ([1.0, 2.0] if "array" in (props[q].get("type") or []) else v) for q, v in args.items()}
            args[p] = value
            obs, *_ = env.step(_one_call(name, **args))  # raised ValueError/OverflowError in 10 tools
            r = _standard(obs)["tool_results"][0]
            assert "error" in r, (name, p, obs)
            tried += 1
    assert tried >= 10


def test_a_result_or_state_value_that_overflows_is_a_tool_error_and_is_rolled_back():
    env = Ledger()
    env.reset(seed=0)
    env.step(_one_call("put", key="k1", amount=1e308))
    before = env.state_hash()
    obs, *_ = env.step(_one_call("scale", key="k1", factor=10.0))
    r = _standard(obs)["tool_results"][0]
    assert "not a finite number" in r["error"] and "ledger.rows" in r["error"]
    assert env.state_hash() == before and env.rows["k1"]["amount"] == 1e308
    obs, *_ = env.step(_one_call("ratio", a=1e308, b=1e308))
    assert "not a finite number" in _standard(obs)["tool_results"][0]["error"]


def test_free_form_values_must_be_standard_json_too():
    env = Ledger()
    env.reset(seed=0)
    before = env.state_hash()
    for data in ({"x": float("nan")}, {"x": [1, float("inf")]}, {"x": 2**70}, {"x": "\udfff"}):
        obs, *_ = env.step(_one_call("note", key="k9", data=data))
        assert "error" in _standard(obs)["tool_results"][0], data
        r = env.execute(CallRequest("c00000002", "note", {"key": "k9", "data": data}))  # a hand-made request too
        assert r.error is not None, data
    assert env.state_hash() == before


# Defect 4: exceptions out of step.


def test_an_arguments_string_10k_deep_is_an_error_observation():
    env = make("toolgym/FileSystem-v0")
    env.reset(seed=0)
    deep = "[" * 10_000 + "]" * 10_000
    for args in (deep, "[" * 10_000):
        action = json.dumps({"tool_calls": [{"id": "c00000001", "name": "touch", "arguments": args}]})
        obs, *_ = env.step(action)  # RecursionError before
        assert "nested more than" in _standard(obs)["tool_results"][0]["error"]


def test_a_value_1000_deep_inside_the_arguments_is_an_error_observation():
    env = make("toolgym/FileSystem-v0")
    env.reset(seed=0)
    value: object = "x"
    for _ in range(1000):
        value = [value]
    for action in (_one_call("touch", path=value), {"tool_calls": [{"name": "touch", "arguments": {"path": value}}]}):
        obs, *_ = env.step(action)  # RecursionError from repr() before
        assert "nested more than" in _standard(obs)["tool_results"][0]["error"]
    r = env.execute(CallRequest("c00000001", "touch", {"path": value}))
    assert r.error is not None and len(r.error) < 500


@pytest.mark.parametrize("path", ["\udfff", "docs/\ud800.txt", "a\udfffb"])
def test_a_lone_surrogate_is_an_invalid_argument(path):
    env = make("toolgym/FileSystem-v0")
    env.reset(seed=0)
    before = env.state_hash()
    for action in (_one_call("touch", path=path), json.dumps(_one_call("touch", path=path)),
                   json.dumps(_one_call("touch", path=path), ensure_ascii=False)):
        obs, *_ = env.step(action)  # UnicodeEncodeError before
        assert "not valid Unicode" in obs
    assert env.state_hash() == before


def test_a_bug_in_a_later_call_rolls_the_whole_parallel_action_back():
    env = Ledger()
    env.reset(seed=0)
    before, snap = env.state_hash(), env.world.full_hash()
    steps = env._steps
    action = make_action([ToolCall(id="c00000001", name="put", arguments={"key": "k1", "amount": 7.0}),
                          ToolCall(id="c00000002", name="put", arguments={"key": "new", "amount": 1.0}),
                          ToolCall(id="c00000003", name="crash", arguments={"key": "k2"})])
    with pytest.raises(RuntimeError, match="planted bug"):  # a bug surfaces...
        env.step(action)
    # ...and the calls that ran before it are undone: the environment is as before the step.
    assert env.state_hash() == before and env.world.full_hash() == snap
    assert env.rows["k1"]["amount"] == 1.0 and "new" not in env.rows and env.cursor == ""
    assert env._steps == steps and env._turn_ok == []
    obs, *_ = env.step(make_action([ToolCall(id="c00000004", name="put", arguments={"key": "k1", "amount": 7.0})]))
    assert _standard(obs)["tool_results"][0]["content"]["amount"] == 7.0


# Defect 10: observations beyond observation_space.


def test_an_enormous_unknown_tool_name_is_not_echoed():
    env = make("toolgym/Messaging-v0")
    env.reset(seed=0)
    for n in (2_500_000, 90_000, 300):
        for action in (json.dumps({"tool_calls": [{"name": "x" * n}]}), {"tool_calls": [{"name": "y" * n}]}):
            obs, *_ = env.step(action)  # 30M characters for 2.5M before
            assert env.observation_space.contains(obs)
            assert len(obs) < 1_000, len(obs)


def test_huge_ids_keys_and_arguments_are_not_echoed_whole():
    env = make("toolgym/Messaging-v0")
    env.reset(seed=0)
    big = "k" * 90_000
    for action in (json.dumps({"content": "x", big: 1}),
                   json.dumps({"tool_calls": [{"id": big, "name": "login", "arguments": {big: 1}}]}),
                   json.dumps({"tool_calls": [{"name": "login", "arguments": {"username": [big]}}]}),
                   "x" * (MAX_ACTION + 1)):
        obs, *_ = env.step(action)
        assert len(obs) < 2_000, obs[:300]


def test_a_result_too_large_for_the_observation_is_refused():
    env = Ledger()
    env.reset(seed=0)
    obs, *_ = env.step(_one_call("dump", n=11_000_000))
    assert env.observation_space.contains(obs)
    assert "more than" in _standard(obs)["tool_results"][0]["error"]
    obs, *_ = env.step(_one_call("dump", n=5))
    assert _standard(obs)["tool_results"][0]["content"] == "zzzzz"


# The world cache (found while benchmarking).


def test_a_rebuilt_seed_puts_a_complete_template_in_the_world_cache():
    from toolgym.envs.core import clear_world_cache

    clear_world_cache()
    a = make("toolgym/Messaging-v0")
    a.reset(seed=5)
    other = make("toolgym/Calculator-v0")
    for s in range(100, 140):
        other.reset(seed=s)  # evicts seed 5
    a.reset(seed=5)  # rebuilt by an env that built it before
    b = make("toolgym/Messaging-v0")
    b.reset(seed=5)  # from the cache
    assert b.my_id == a.my_id  # AttributeError before
    fresh = make("toolgym/Messaging-v0")
    fresh.cache_worlds = False
    fresh.reset(seed=5)
    built = {k for k in vars(fresh) if not k.startswith("_")} - {"cache_worlds"}
    assert built <= set(vars(b)), built - set(vars(b))

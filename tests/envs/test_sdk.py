"""The environment SDK: schemas, validation, atomicity, preconditions, task mode, registration."""

from __future__ import annotations

import json
import sys
import textwrap

import gymnasium
import jsonschema
import pytest

import toolgym
from toolgym.envs import Task, TurnSpec, call, check_env, make_action, parse_observation, register
from toolgym.envs import make as tg_make
from toolgym.envs.actions import parse_action
from toolgym.envs.tooling import tool
from toolgym.errors import ConformanceError

from .bank_env import Bank


def fresh(seed: int = 1) -> Bank:
    env = Bank()
    env.reset(seed=seed)
    return env


def step_call(env, name, **args):
    obs, reward, term, trunc, info = env.step(make_action(call(name, **args)))
    return parse_observation(obs).results[0]


def accounts(env):
    return list(env.accounts.values())


def test_schema_comes_from_hints_and_docstring():
    spec = Bank._tooldefs["transfer"].spec
    props = spec.parameters["properties"]
    assert spec.description == "Move money between accounts."
    assert props["amount"] == {"description": "how much, in dollars.", "type": "number"}
    assert props["speed"]["enum"] == ["instant", "standard"] and props["speed"]["default"] == "standard"
    assert props["memo"]["default"] == ""
    assert spec.parameters["required"] == ["from_id", "to_id", "amount"]
    assert spec.parameters["additionalProperties"] is False
    assert spec.param_entities == {"from_id": "account", "to_id": "account"}
    assert Bank._tooldefs["find_account"].spec.result_entities == {"[].account_id": "account"}
    assert spec.writes and spec.needs == ["logged_in"]
    jsonschema.Draft202012Validator.check_schema(spec.parameters)
    assert "x-entity" not in json.dumps(spec.parameters) and "$ref" not in json.dumps(spec.parameters)
    assert Bank().entities()["account"].label == "owner"


def test_tool_without_docstring_is_refused():
    with pytest.raises(TypeError, match="needs a docstring"):

        class NoDoc(toolgym.envs.ToolEnv):
            @tool
            def f(self, x: int) -> int:
                return x


def test_same_seed_same_world_byte_for_byte():
    a, b = fresh(5), fresh(5)
    assert json.dumps(a.snapshot(), sort_keys=True) == json.dumps(b.snapshot(), sort_keys=True)
    assert a.state_hash() == b.state_hash()
    assert fresh(6).snapshot() != a.snapshot()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"to_id": "x", "amount": 1.0}, "missing required argument 'from_id'"),
        ({"from_id": "x", "to_id": "y", "amount": "5"}, "argument 'amount'"),
        ({"from_id": "x", "to_id": "y", "amount": 1.0, "memoo": "z"}, "unexpected argument 'memoo'; did you mean 'memo'?"),
        ({"from_id": "x", "to_id": "y", "amount": 1.0, "speed": "warp"}, "argument 'speed'"),
        ({"from_id": 1, "to_id": "y", "amount": 1.0}, "argument 'from_id'"),
    ],
)
def test_bad_arguments_are_error_observations(args, fragment):
    env = fresh()
    step_call(env, "login", owner=accounts(env)[0]["owner"])
    before = env.snapshot()
    r = step_call(env, "transfer", **args)
    assert r.error is not None and fragment in r.error
    assert env.snapshot() == before


def test_unknown_tool_suggests_the_nearest_name():
    env = fresh()
    r = step_call(env, "tranfer", amount=1)
    assert r.error == "unknown tool 'tranfer'; did you mean 'transfer'?"


def test_precondition_is_enforced_and_names_the_provider():
    env = fresh()
    r = step_call(env, "find_account", owner="x")
    assert "precondition not met" in r.error and "call login first" in r.error
    step_call(env, "login", owner=accounts(env)[0]["owner"])
    assert step_call(env, "find_account", owner="nobody").content == []
    step_call(env, "logout")
    assert "precondition not met" in step_call(env, "find_account", owner="x").error


def test_condition_predicate_precondition():
    env = fresh()
    step_call(env, "login", owner=accounts(env)[0]["owner"])
    assert "cart_nonempty" in step_call(env, "checkout").error
    step_call(env, "add_to_cart", item="pen")
    assert step_call(env, "checkout").content == {"bought": ["pen"]}


def test_failed_call_leaves_world_exactly_as_it_was():
    env = fresh()
    a, b = accounts(env)[:2]
    step_call(env, "login", owner=a["owner"])
    before_snapshot, before_hash = json.dumps(env.snapshot(), sort_keys=True), env.state_hash()
    r = step_call(env, "transfer", from_id=a["account_id"], to_id=b["account_id"], amount=a["balance"] + 1)
    assert r.error.startswith("insufficient funds")
    assert json.dumps(env.snapshot(), sort_keys=True) == before_snapshot
    assert env.state_hash() == before_hash
    ok = step_call(env, "transfer", from_id=a["account_id"], to_id=b["account_id"], amount=1.0)
    assert ok.error is None and ok.content["amount"] == 1.0
    assert env.accounts[a["account_id"]]["balance"] == a["balance"] - 1
    assert env.state_hash() != before_hash


def test_state_hash_is_path_independent():
    env = fresh()
    a, b = accounts(env)[:2]
    step_call(env, "login", owner=a["owner"])
    h = env.state_hash()
    step_call(env, "add_to_cart", item="x")
    assert env.state_hash() != h
    step_call(env, "checkout")  # cart back to empty, same as before add
    assert env.state_hash() == h


def test_checkpoint_and_restore():
    env = fresh()
    a, b = accounts(env)[:2]
    step_call(env, "login", owner=a["owner"])
    cp, h = env.checkpoint(), env.state_hash()
    step_call(env, "transfer", from_id=a["account_id"], to_id=b["account_id"], amount=1.0)
    assert env.state_hash() != h
    env.restore(cp)
    assert env.state_hash() == h and env.accounts[a["account_id"]] == a


def test_a_bug_in_a_tool_surfaces_and_is_rolled_back():
    env = fresh()
    with pytest.raises(RuntimeError, match="a genuine bug"):
        env.step(make_action(call("crash", x=13)))


def test_parallel_calls_run_in_order_in_one_step():
    env = fresh()
    a = accounts(env)[0]
    obs, *_ = env.step(make_action([call("login", owner=a["owner"]), call("find_account", owner=a["owner"])]))
    results = parse_observation(obs).results
    assert [r.name for r in results] == ["login", "find_account"]
    assert results[1].content[0]["account_id"] == a["account_id"]


@pytest.mark.parametrize(
    "action",
    ["", "nope", "[]", "null", '{"tool_calls": 3}', '{"content": 1}', '{"x": 1}', '{"tool_calls": [{"name": 5}]}', "[" * 3000],
)
def test_garbage_actions_give_error_observations(action):
    env = fresh()
    obs, reward, term, trunc, info = env.step(action)
    d = json.loads(obs)
    assert "error" in d or all("error" in r for r in d["tool_results"])
    assert env.observation_space.contains(obs)


def test_openai_wire_form_arguments_string_is_accepted():
    env = fresh()
    owner = accounts(env)[0]["owner"]
    action = json.dumps({"tool_calls": [{"id": "abcdefghi", "function": {"name": "login", "arguments": json.dumps({"owner": owner})}}]})
    obs, *_ = env.step(action)
    assert parse_observation(obs).results[0].content == "logged in"
    assert "not valid JSON" in parse_action('{"tool_calls": [{"name": "login", "arguments": "{oops"}]}').calls[0].error


def test_non_ascii_text_fits_the_observation_space():
    env = fresh()
    obs, *_ = env.step(make_action(call("login", owner="Zoë Ünïcode ☃")))
    assert env.observation_space.contains(obs)
    assert "Zo\\u00eb" in obs


def test_task_mode_scores_each_turn():
    probe = fresh(3)
    a, b = accounts(probe)[:2]
    step_call(probe, "login", owner=a["owner"])
    step_call(probe, "transfer", from_id=a["account_id"], to_id=b["account_id"], amount=1.0)
    target = probe.state_hash()
    task = Task(
        seed=3,
        turns=[
            TurnSpec(user="log me in", expect_calls=["login"]),
            TurnSpec(user="send 1 dollar", expect_state=target, expect_calls=["transfer"]),
            TurnSpec(user="what is 2+2?", expect_answer=["4"], expect_no_calls=True),
        ],
    )
    env = Bank()
    obs, info = env.reset(options={"task": task})
    assert json.loads(obs) == {"user": "log me in"} and info["task"] == task
    env.step(make_action(call("login", owner=a["owner"])))
    obs, r, term, _, _ = env.step(make_action(content="done"))
    assert (json.loads(obs), r, term) == ({"user": "send 1 dollar"}, 1.0, False)
    env.step(make_action(call("transfer", from_id=a["account_id"], to_id=b["account_id"], amount=2.0)))
    obs, r, term, _, info = env.step(make_action(content="sent"))
    assert r == 0.0 and info["turn_score"].checks == {"state": False, "calls": True}
    obs, r, term, _, info = env.step(make_action(content="It is 4."))
    assert term and r == 1.0 and info["episode_reward"] == pytest.approx(2 / 3)


def test_task_tools_and_injected_errors():
    task = {
        "seed": 1,
        "tools": ["login"],
        "turns": [
            {"user": "a", "inject_errors": [{"tool": "login", "error": "503 try again"}]},
            {"user": "b", "add_tools": ["find_account"]},
        ],
    }
    env = Bank()
    _, info = env.reset(options={"task": task})
    assert [t.name for t in info["tools"]] == ["login"]
    owner = accounts(env)[0]["owner"]
    assert step_call(env, "login", owner=owner).error == "503 try again"
    assert step_call(env, "login", owner=owner).error is None
    assert "unknown tool 'find_account'" in step_call(env, "find_account", owner=owner).error
    env.step(make_action(content="ok"))
    assert step_call(env, "find_account", owner=owner).error is None


def test_info_specs_are_fresh_copies():
    env = Bank()
    _, info = env.reset(seed=0)
    info["tools"][0].parameters["properties"].clear()
    _, info2 = env.reset(seed=0)
    assert info2["tools"][0].parameters["properties"]


def test_truncation_at_step_budget():
    env = Bank(max_steps=2)
    env.reset(seed=0)
    assert env.step("x")[3] is False
    assert env.step("x")[3] is True


def test_conformance_passes_for_a_third_party_env():
    report = check_env(Bank(), steps=150)
    assert report.passed and report.ok_calls > 0 and report.failed_calls > 0


class Leaky(Bank):
    """Mutates a row in place and writes in a read-only tool: the check must catch both."""

    domain = "leaky"

    @tool
    def peek(self, owner: str) -> int:
        """Count accounts, but (bug) also changes a balance in place.

        Args:
            owner: any name.
        """
        for row in self.accounts.values():
            row["balance"] += 1  # the bug under test
            break
        return 1


def test_conformance_catches_in_place_mutation():
    report = check_env(Leaky, steps=120, raise_on_failure=False)
    assert not report.passed
    assert any("journal" in p for p in report.problems)
    with pytest.raises(ConformanceError):
        check_env(Leaky, steps=50)


def test_register_and_make_through_gymnasium():
    register("thirdparty/Bank-v0", "tests.envs.bank_env:Bank")
    env = gymnasium.make("thirdparty/Bank-v0")
    obs, info = env.reset(seed=1)
    assert json.loads(obs) == {"ready": True} and len(info["tools"]) == 7
    assert "thirdparty/Bank-v0" in [e.id for e in toolgym.envs.list_envs()]
    assert tg_make("thirdparty/Bank-v0").env_id == "thirdparty/Bank-v0"
    assert check_env("thirdparty/Bank-v0", steps=80).passed


def test_unknown_env_id_suggests():
    with pytest.raises(toolgym.errors.UnknownEnvironment, match="did you mean 'thirdparty/Bank-v0'"):
        register("thirdparty/Bank-v0", "tests.envs.bank_env:Bank")
        tg_make("thirdparty/Bnk-v0")


def test_entry_point_plugin_is_listed_and_made(tmp_path, monkeypatch):
    """A separately installed package adds an environment through the toolgym.envs group."""
    pkg = tmp_path / "acme_envs"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        textwrap.dedent(
            """
            from toolgym.envs import register

            def register_all():
                register("acme/Bank-v0", "tests.envs.bank_env:Bank")
            """
        )
    )
    dist = tmp_path / "acme_envs-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-envs\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[toolgym.envs]\nacme = acme_envs:register_all\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from toolgym.envs import registry

    monkeypatch.setattr(registry, "_plugins_loaded", False)
    ids = {e.id: e.source for e in registry.list_envs()}
    assert ids["acme/Bank-v0"] == "plugin:acme"
    assert registry.make("acme/Bank-v0").reset(seed=0)[0] == '{"ready":true}'


def test_import_registers_builtins_without_importing_heavy_parts():
    import subprocess

    code = (
        "import sys, toolgym, gymnasium;"
        "print('toolgym/FileSystem-v0' in gymnasium.registry,"
        " any(m in sys.modules for m in ('toolgym.envs.filesystem', 'openai', 'datasets', 'ray', 'faker')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False"]


def test_world_cache_copy_behaves_like_a_fresh_build():
    from toolgym.envs.core import clear_world_cache

    clear_world_cache()
    first = fresh(21)  # builds and caches
    a, b = accounts(first)[:2]
    step_call(first, "login", owner=a["owner"])
    step_call(first, "transfer", from_id=a["account_id"], to_id=b["account_id"], amount=1.0)
    cached = fresh(21)  # from the cache: must not see the first env's writes
    built = Bank()
    built.cache_worlds = False
    built.reset(seed=21)
    assert cached.snapshot() == built.snapshot()
    assert cached.accounts is cached.world.tables["bank.accounts"]  # attributes rebound to the new world
    for env in (cached, built):
        step_call(env, "login", owner=a["owner"])
        step_call(env, "transfer", from_id=a["account_id"], to_id=b["account_id"], amount=3.0)
    assert cached.snapshot() == built.snapshot() and cached.state_hash() == built.state_hash()
    assert first.accounts[a["account_id"]]["balance"] == a["balance"] - 1.0


def test_tool_method_may_not_shadow_the_env_api():
    with pytest.raises(TypeError, match="shadows ToolEnv.restore"):

        class Shadow(toolgym.envs.ToolEnv):
            @tool
            def restore(self, entry: str) -> str:
                """Restore an entry.

                Args:
                    entry: which one.
                """
                return entry


def test_undoing_a_delete_puts_the_row_back_in_its_place():
    env = fresh(2)
    keys = list(env.accounts)
    cp = env.checkpoint()
    del env.accounts[keys[3]]
    del env.accounts[keys[0]]
    env.accounts[keys[0]] = {"account_id": keys[0], "owner": "x", "balance": 0.0}
    env.restore(cp)
    assert list(env.accounts) == keys
    assert list(env.accounts.values()) == list(fresh(2).accounts.values())


def test_unknown_reset_option_is_refused():
    with pytest.raises(ValueError, match="unknown reset options \\['taks'\\]; did you mean 'task'"):
        Bank().reset(seed=0, options={"taks": {}})


@pytest.mark.parametrize("text", ['{"x": 1, "x": 2}', '{"x": -0.0}', '{"x": 9223372036854775807}', '{"x": "\\ud83d\\ude00"}'])
def test_action_decoding_matches_the_standard_json_reader(text):
    from toolgym.safejson import loads

    assert repr(loads(text)) == repr(json.loads(text))


@pytest.mark.parametrize(
    "text", ['{"x": 123456789012345678901234567890}', '{"x": NaN}', '{"x": 1e400}', '{"x": "\\ud800"}', '{"x": -Infinity}']
)
def test_action_decoding_refuses_what_is_not_standard_bounded_json(text):
    from toolgym.safejson import loads

    json.loads(text)  # Python's reader takes it...
    with pytest.raises(ValueError):
        loads(text)  # ...actions must be standard JSON with 64-bit integers

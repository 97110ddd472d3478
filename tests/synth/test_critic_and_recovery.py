"""The critic on hand-written wrong attempts, the refined reasoning, and recovery from real errors.

Built on Trading (an authored domain): login -> list_accounts -> get_account_balance of the
account the user names, a plan the tests build by hand with :class:`ChainBuilder`.
"""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

from toolgym.envs import make
from toolgym.envs.graph import ApiGraph
from toolgym.record import Message, ToolCall
from toolgym.synth.pipeline.critic import DiffCritic
from toolgym.synth.pipeline.lexicon import Lexicon
from toolgym.synth.pipeline.phase3 import TurnCheck, TurnContext, check_turn, guided_turn, run_call
from toolgym.synth.pipeline.reasoner import PlanReasoner
from toolgym.synth.pipeline.recovery import choose_recovery
from toolgym.synth.pipeline.roles import HINT_WORDS
from toolgym.synth.pipeline.run import run_sync
from toolgym.synth.pipeline.turnplan import plan_turn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chains import ChainBuilder, res  # noqa: E402


def _setup(seed: int = 1):
    env = make("toolgym/Trading-v0")
    env.reset(seed=seed)
    b = ChainBuilder(env)
    me = env.login_record["me"]
    b.call("login", {"username": me["username"], "password": me["password"]})
    accounts = b.call("list_accounts", {})
    rows = accounts.result.content
    target = rows[1]
    b.call("get_account_balance", {"account_id": target["account_id"]},
           {"account_id": res(accounts, "[1].account_id", target["nickname"])})
    chain = b.chain("get_account_balance")
    graph = ApiGraph.of(env)
    specs = {n: td.spec for n, td in env.all_tooldefs().items()}
    plan = plan_turn([chain], specs, graph, {})
    plan.lex = Lexicon(env)
    env.world.restore(0)
    check = TurnCheck(start_hash=plan.start_hash, end_hash=plan.end_hash, essential=[plan.steps[i].call for i in plan.goals],
                      offered=frozenset(specs), specs=specs, tooldefs=env.all_tooldefs())
    return env, plan, check, rows


def _attempt(env, calls_per_message: list[list[ToolCall]], answer: str) -> list[Message]:
    """A hand-written attempt: its calls run for real, then the answer."""
    out: list[Message] = []
    for calls in calls_per_message:
        out.append(Message(role="assistant", tool_calls=calls))
        for c in calls:
            r, _ = run_call(env, c, {})
            out.append(Message(role="tool", tool_call_id=c.id, name=c.name, content=r.content, error=r.error))
    out.append(Message(role="assistant", content=answer))
    return out


def _critique(env, plan, check, msgs) -> str:
    verdict = check_turn(env, msgs, check)
    assert not verdict.ok
    ctx = TurnContext(env=env, plan=plan, rng=random.Random(0))
    return asyncio.run(DiffCritic().critique(env, 0, msgs, verdict, check, ctx))


def test_critic_names_the_neighbouring_row_by_its_label_and_never_pastes_an_id():
    env, plan, check, rows = _setup()
    login, lookup, goal = (s.call for s in plan.steps)
    wrong = ToolCall(id="Wrong0001", name="get_account_balance", arguments={"account_id": rows[0]["account_id"]})
    hint = _critique(env, plan, check, _attempt(env, [[login], [lookup], [wrong]], "Here it is."))
    assert rows[1]["nickname"] in hint and rows[0]["nickname"] in hint and "another row" in hint
    assert not [r["account_id"] for r in rows if r["account_id"] in hint]


def test_critic_tells_a_name_passed_as_an_id_from_a_missing_call():
    env, plan, check, rows = _setup()
    login = plan.steps[0].call
    by_name = ToolCall(id="Wrong0002", name="get_account_balance", arguments={"account_id": rows[1]["nickname"]})
    hint = _critique(env, plan, check, _attempt(env, [[login], [by_name]], "I could not do it."))
    assert "you passed the name" in hint and "list_accounts" in hint
    hint2 = _critique(env, plan, check, _attempt(env, [[login]], "Done."))
    assert "never called get_account_balance" in hint2 and rows[1]["nickname"] in hint2
    assert not [r["account_id"] for r in rows if r["account_id"] in hint + hint2]


def test_critic_asks_for_the_answer_fields_an_answer_left_out():
    env, plan, check, rows = _setup()
    msgs = _attempt(env, [[s.call] for s in plan.steps], "Done, I checked your account.")
    hint = _critique(env, plan, check, msgs)
    assert "leaves out what the user asked for" in hint and "total_value" in hint


def test_after_a_slip_the_kept_reasoning_is_more_careful_and_never_mentions_the_hint():
    env, plan, check, _ = _setup()
    view = [Message(role="system", content="s"), Message(role="user", content="how much is my Roth IRA worth?")]
    seen = 0
    for seed in range(30):
        ctx = TurnContext(env=env, plan=plan, rng=random.Random(seed), style="narrative")
        msgs, attempts, failures = run_sync(guided_turn(env, 0, view, [], check, PlanReasoner(), DiffCritic(), ctx,
                                                        k_max=3, max_steps=12, error_rate=1.0, rng=random.Random(seed)))
        assert msgs is not None and env.state_hash() == plan.end_hash
        reasoning = " ".join(m.reasoning or "" for m in msgs)
        assert not HINT_WORDS.search(reasoning)
        if attempts > 1 and failures and failures[0].problems[0].kind == "wrong_args":
            assert "Careful" in reasoning or "make sure" in reasoning or "double-check" in reasoning
            seen += 1
    assert seen >= 3  # the slips happened, and the refined attempts dwell on them


def test_error_recovery_mistakes_fail_for_real_and_the_turn_repairs_them():
    env, plan, check, _ = _setup()
    kinds = set()
    for seed in range(40):
        kind, rec, inject = choose_recovery(env, plan, 0, random.Random(seed), "how much is my Roth IRA worth", 4)
        kinds.add(kind)
        if rec is None:
            continue
        ctx = TurnContext(env=env, plan=plan, rng=random.Random(seed), recovery=rec)
        view = [Message(role="system", content="s"), Message(role="user", content="how much is my Roth IRA worth")]
        msgs, attempts, _ = run_sync(guided_turn(env, 0, view, [], check, PlanReasoner(), DiffCritic(), ctx, k_max=1, max_steps=12,
                                                 rng=random.Random(seed)))
        assert msgs is not None and attempts == 1
        errors = [m for m in msgs if m.role == "tool" and m.error]
        assert len(errors) == 1 and not errors[0].meta  # the environment's own error, not an injected one
        after = msgs[msgs.index(errors[0]) + 1]
        assert errors[0].error[:20] in (after.reasoning or "")  # the reasoning reads the error
    assert {"precondition", "wrong_id"} <= kinds


def test_a_list_of_ids_is_asked_for_by_the_names_of_its_items():
    """create_group(device_ids=[...]): the request names each device, the call takes their ids."""
    from toolgym.synth.pipeline.noise import pick_voice
    from toolgym.synth.pipeline.query import compose_query

    env = make("toolgym/SmartHome-v0")
    env.reset(seed=1)
    b = ChainBuilder(env)
    persona = env.world.persona
    b.call("login", {"username": persona["username"], "password": persona["password"]})
    hubs = b.call("list_hubs", {})
    hub = hubs.result.content[0]
    b.call("connect_hub", {"hub_id": hub["hub_id"]}, {"hub_id": res(hubs, "[0].hub_id", hub["name"])})
    devices = b.call("list_devices", {})
    rows = devices.result.content[:2]
    ids = [r["device_id"] for r in rows]
    b.call("create_group", {"name": "Evening lights", "device_ids": ids}, {"device_ids": res(devices, "[0].device_id")})
    plan = plan_turn([b.chain("create_group")], {n: td.spec for n, td in env.all_tooldefs().items()}, ApiGraph.of(env), {})
    plan.lex = Lexicon(env)
    m = next(m for m in plan.mentions if m.param == "device_ids")
    assert m.kind == "labels" and m.labels == [r["name"] for r in rows]
    for seed in range(10):
        q = compose_query(plan, plan.lex, random.Random(seed), pick_voice(random.Random(seed), politeness=0.6, irrelevant=0, typo_rate=0))
        assert all(r["name"] in q.hard for r in rows) and not any(i in q.hard for i in ids), q.hard

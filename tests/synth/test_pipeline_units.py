"""The pipeline's parts on hand-built chains: plan, advanced tool, queries, leak check, critic loop."""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chains import ChainBuilder, res  # noqa: E402
from chat_env import Chat  # noqa: E402

from toolgym.envs.graph import ApiGraph  # noqa: E402
from toolgym.record import Message  # noqa: E402
from toolgym.synth.pipeline.advanced import build_advanced_tool, check_advanced_tool  # noqa: E402
from toolgym.synth.pipeline.critic import DiffCritic  # noqa: E402
from toolgym.synth.pipeline.leakage import find_leaks  # noqa: E402
from toolgym.synth.pipeline.lexicon import Lexicon, Seg  # noqa: E402
from toolgym.synth.pipeline.noise import add_typos, pick_voice  # noqa: E402
from toolgym.synth.pipeline.phase3 import TurnCheck, TurnContext, check_turn, guided_turn  # noqa: E402
from toolgym.synth.pipeline.query import compose_query  # noqa: E402
from toolgym.synth.pipeline.reasoner import PlanReasoner, batches  # noqa: E402
from toolgym.synth.pipeline.roles import HINT_WORDS, scrub_hints  # noqa: E402
from toolgym.synth.pipeline.run import run_sync  # noqa: E402
from toolgym.synth.pipeline.turnplan import PlanRejected, needed_mentions, plan_turn  # noqa: E402


def _env(seed: int = 3) -> Chat:
    env = Chat()
    env.reset(seed=seed)
    return env


def _send_chain(env: Chat, *, extra_read: bool = True):
    """login -> find_user -> (an unused list_channels) -> send_message, like the sampler does."""
    b = ChainBuilder(env)
    b.call("login", dict(env.account))
    person = sorted(env.users.values(), key=lambda r: r["user_id"])[0]
    found = b.call("find_user", {"name": person["name"]})
    if extra_read:
        b.call("list_channels", {})
    b.call("get_profile", {"user_id": "nope"})  # a failed call: not part of the plan
    b.call("send_message", {"receiver_id": person["user_id"], "text": "Lunch at noon, by the fountain?"},
           {"receiver_id": res(found, "[0].user_id", person["name"])})
    return b.chain("send_message"), person


def _plan(env: Chat, chains):
    graph = ApiGraph.of(env)
    specs = {n: td.spec for n, td in env.all_tooldefs().items()}
    plan = plan_turn(chains, specs, graph, {})
    plan.lex = Lexicon(env)
    return plan


def test_plan_keeps_what_the_target_needs_and_drops_unused_reads_and_failures():
    env = _env()
    chain, _ = _send_chain(env)
    plan = _plan(env, [chain])
    assert [s.call.name for s in plan.steps] == ["login", "find_user", "send_message"]
    assert [s.goal for s in plan.steps] == [False, False, True]
    assert plan.end_hash == chain.steps[-1].state_hash
    # The receiver is named by the label the user knows, never by the id.
    recv = next(m for m in plan.mentions if m.param == "receiver_id")
    assert recv.kind == "label" and not recv.text.startswith("U")


def test_plan_rejects_an_internal_id_the_user_could_not_know():
    env = _env()
    b = ChainBuilder(env)
    b.call("login", dict(env.account))
    uid = next(iter(env.users))
    b.call("get_profile", {"user_id": uid})  # provenance "user": an id out of nowhere
    with pytest.raises(PlanRejected) as e:
        _plan(env, [b.chain("get_profile")])
    assert e.value.reason == "internal_user_value"


def test_advanced_tool_parameters_are_exactly_the_user_side_inputs():
    env = _env()
    chain, person = _send_chain(env)
    plan = _plan(env, [chain])
    adv = build_advanced_tool(plan)
    props = adv.spec.parameters["properties"]
    # find_user's search words are the user's to give too (the grounding law); the receiver's
    # label is the same text, said once
    assert set(props) == {"username", "password", "name", "text"}
    assert adv.spec.parameters["required"] == list(props)
    assert adv.spec.returns == env.all_tooldefs()["send_message"].spec.returns
    assert adv.example_arguments()["name"] == person["name"]
    assert "user" in adv.spec.description and "find_user" in adv.spec.description


def test_model_written_advanced_tool_must_keep_the_parameters():
    env = _env()
    plan = _plan(env, [_send_chain(env)[0]])
    ref = build_advanced_tool(plan)
    good = {"name": "message_person", "description": "Sends a direct message to a person named by the user.",
            "parameters": {"type": "object", "properties": {p: {"description": "x"} for p in ref.bindings}}}
    tool, why = check_advanced_tool(good, ref)
    assert tool is not None and tool.spec.name == "message_person" and why == ""
    bad = {**good, "parameters": {"type": "object", "properties": {"receiver_id": {}, "text": {}}}}
    tool, why = check_advanced_tool(bad, ref)
    assert tool is None and "receiver_id" in why


def test_hard_query_states_every_needed_value_and_no_tool_produced_value():
    env = _env()
    chain, person = _send_chain(env)
    plan = _plan(env, [chain])
    ids = set(env.users) | set(env.channels)
    for seed in range(40):
        rng = random.Random(seed)
        q = compose_query(plan, plan.lex, rng, pick_voice(rng, politeness=0.6, irrelevant=0.5, typo_rate=0.0))
        for m in needed_mentions(plan):
            assert plan.lex.said(plan, m, q.hard), (m, q.hard)
        assert not [i for i in ids if i in q.hard]
        assert "find" not in q.hard.lower() or "find" in person["name"].lower()  # the lookup stays implicit
        assert "look" in q.easy.lower() or "find" in q.easy.lower() or "search" in q.easy.lower()


def test_typos_never_touch_protected_values():
    env = _env()
    plan = _plan(env, [_send_chain(env)[0]])
    changed = 0
    for seed in range(60):
        rng = random.Random(seed)
        q = compose_query(plan, plan.lex, rng, pick_voice(rng, politeness=0.6, irrelevant=0.5, typo_rate=0.2))
        for m in needed_mentions(plan):
            assert plan.lex.said(plan, m, q.hard)
        clean = compose_query(plan, plan.lex, random.Random(seed), pick_voice(random.Random(seed), politeness=0.6, irrelevant=0.5, typo_rate=0.0))
        changed += q.hard != clean.hard
    assert changed > 30  # the typos did happen, just never inside a value
    segs = add_typos([Seg("please send"), Seg("Lunch at noon", True, "<text>")], random.Random(1), 1.0)
    assert segs[1].text == "Lunch at noon" and segs[0].text != "please send" and segs[0].clean == "please send"


def test_leak_check_rejects_a_query_with_an_internal_value():
    env = _env()
    chain, person = _send_chain(env)
    plan = _plan(env, [chain])
    assert person["user_id"] in plan.internal
    assert find_leaks(f"message {person['user_id']} please", plan.internal) == [person["user_id"]]
    from toolgym.synth.pipeline.query import check_query

    assert check_query(f"Send {person['user_id']} the text", plan, set()).startswith("leak")


def test_reasoner_batches_independent_calls_and_waits_for_values():
    env = _env()
    chain, _ = _send_chain(env)
    plan = _plan(env, [chain])
    # login establishes what find_user needs; send_message needs find_user's result.
    assert batches(plan, 4) == [[0], [1], [2]]


def _solve(env: Chat, plan, error_rate: float, seed: int = 0):
    cp = env.world.mark()
    view = [Message(role="system", content="sys"), Message(role="user", content="send it")]
    specs = {n: td.spec for n, td in env.all_tooldefs().items()}
    check = TurnCheck(start_hash=plan.start_hash, end_hash=plan.end_hash, essential=[plan.steps[i].call for i in plan.goals],
                      offered=frozenset(specs), specs=specs)
    ctx = TurnContext(env=env, plan=plan, rng=random.Random(seed))
    return run_sync(guided_turn(env, cp, view, list(specs.values()), check, PlanReasoner(), DiffCritic(), ctx,
                                k_max=3, max_steps=12, error_rate=error_rate, rng=random.Random(seed))), ctx


def test_critic_names_the_slip_and_the_retry_passes_without_a_trace_of_the_hint():
    env = _env()
    chain, _ = _send_chain(env)
    plan = _plan(env, [chain])
    env.world.restore(0)
    (msgs, attempts, failures), ctx = _solve(env, plan, error_rate=1.0)
    assert msgs is not None and attempts == 2 and len(failures) == 1
    assert ctx.hints and any(w in ctx.hints[0] for w in ("send_message", "never called"))
    assert env.state_hash() == plan.end_hash
    for m in msgs:
        assert not (m.reasoning and HINT_WORDS.search(m.reasoning))


def test_an_attempt_with_the_wrong_state_fails_the_check():
    env = _env()
    chain, _ = _send_chain(env)
    plan = _plan(env, [chain])
    env.world.restore(0)
    specs = {n: td.spec for n, td in env.all_tooldefs().items()}
    check = TurnCheck(start_hash=plan.start_hash, end_hash=plan.end_hash, essential=[plan.steps[-1].call], specs=specs)
    verdict = check_turn(env, [Message(role="assistant", content="done")], check)
    assert not verdict.ok and {p.kind for p in verdict.problems} == {"missing_call", "state"}
    hint = asyncio.run(DiffCritic().critique(env, 0, [], verdict, check, TurnContext(env=env, plan=plan)))
    assert "send_message" in hint and "left as it was" in hint
    assert not [i for i in env.users if i in hint]  # the critic names rows, never their ids


def test_scrub_drops_sentences_that_mention_hints():
    text = "I need Ann's id first. The hint says to use find_user. Then I send the message."
    assert scrub_hints(text) == "I need Ann's id first. Then I send the message."

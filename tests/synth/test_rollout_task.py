"""Task-mode rollouts: turn boundaries, per-turn rewards, termination reasons."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "envs"))
from bank_env import Bank  # noqa: E402

from toolgym.envs import Task, TurnSpec, call  # noqa: E402
from toolgym.record import Message  # noqa: E402
from toolgym.synth.policy import Policy, PolicyError  # noqa: E402
from toolgym.synth.rollout import run_task  # noqa: E402


class Scripted(Policy):
    name = "scripted"

    def __init__(self, script: list) -> None:
        self.script = list(script)

    async def act(self, messages, tools, ctx):  # type: ignore[no-untyped-def]
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        if item == "hang":
            await asyncio.sleep(10)
        return item


def owner() -> str:
    env = Bank()
    env.reset(seed=1)
    return next(iter(env.accounts.values()))["owner"]


TASK = Task(
    id="t1",
    seed=1,
    turns=[
        TurnSpec(user="log me in", expect_calls=["login"], meta={"target": "login"}),
        TurnSpec(user="find my account", expect_calls=["find_account"], meta={"target": "find_account"}),
    ],
)


def say(text: str) -> Message:
    return Message(role="assistant", content=text)


def calls(name: str, cid: str, **args: object) -> Message:
    return Message(role="assistant", tool_calls=[call(name, _id=cid, **args)])


def test_two_turns_solved_give_turn_boundaries_rewards_and_done() -> None:
    o = owner()
    pol = Scripted([calls("login", "aaaaaaaaa", owner=o), say("in"), calls("find_account", "bbbbbbbbb", owner=o), say("found")])
    ep = asyncio.run(run_task(Bank(), pol, TASK))
    assert ep.termination == "done" and ep.reward == 1.0
    assert [m.role for m in ep.messages] == ["system", "user", "assistant", "tool", "assistant", "user", "assistant", "tool", "assistant"]
    assert [(t.start, t.end, t.reward) for t in ep.turns] == [(1, 5, 1.0), (5, 9, 1.0)]
    assert all(t.state_hash for t in ep.turns)
    assert ep.turns[0].target_tools == ["login"] and ep.target_tools == ["login", "find_account"]
    assert ep.messages[3].tool_call_id == "aaaaaaaaa" and ep.producers == {"assistant": "scripted"}
    assert ep.to_json() == type(ep).from_json(ep.to_json()).to_json()


def test_wrong_turn_scores_zero_and_episode_reward_is_the_mean() -> None:
    o = owner()
    pol = Scripted([say("no"), calls("find_account", "bbbbbbbbb", owner=o), say("x")])
    ep = asyncio.run(run_task(Bank(), pol, TASK))
    assert [t.reward for t in ep.turns] == [0.0, 0.0]  # find_account fails without login
    pol = Scripted([calls("login", "aaaaaaaaa", owner=o), say("in"), say("nothing")])
    ep = asyncio.run(run_task(Bank(), pol, TASK))
    assert [t.reward for t in ep.turns] == [1.0, 0.0] and ep.reward == 0.5


def test_step_budget_ends_the_episode_and_unreached_turns_count_zero() -> None:
    o = owner()
    pol = Scripted([calls("find_account", f"c{i:08d}", owner=o) for i in range(5)])
    ep = asyncio.run(run_task(Bank(), pol, TASK, max_steps=3))
    assert ep.termination == "step_budget" and ep.reward == 0.0
    assert len(ep.turns) == 1 and ep.turns[0].end == len(ep.messages)


@pytest.mark.parametrize("reason", ["server_error", "malformed_output"])
def test_policy_error_reason_becomes_the_termination(reason: str) -> None:
    ep = asyncio.run(run_task(Bank(), Scripted([PolicyError(reason, "boom")]), TASK))
    assert ep.termination == reason and ep.reward == 0.0


def test_empty_message_is_malformed_output() -> None:
    ep = asyncio.run(run_task(Bank(), Scripted([Message(role="assistant")]), TASK))
    assert ep.termination == "malformed_output"


def test_timeout_keeps_the_partial_episode() -> None:
    o = owner()
    ep = asyncio.run(run_task(Bank(), Scripted([calls("login", "aaaaaaaaa", owner=o), "hang"]), TASK, timeout=0.2))
    assert ep.termination == "timeout"
    assert [m.role for m in ep.messages][-2:] == ["assistant", "tool"]


def test_duplicate_call_ids_in_one_message_are_made_unique() -> None:
    o = owner()
    msg = Message(role="assistant", tool_calls=[call("login", _id="aaaaaaaaa", owner=o), call("find_account", _id="aaaaaaaaa", owner=o)])
    ep = asyncio.run(run_task(Bank(), Scripted([msg, say("ok"), say("ok")]), TASK))
    ids = [c.id for c in ep.messages[2].tool_calls]
    assert len(set(ids)) == 2
    assert [m.tool_call_id for m in ep.messages[3:5]] == ids

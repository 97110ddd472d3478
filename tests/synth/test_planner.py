"""The offline planner solves tasks by planning on the graph, reading only structured turn data."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mini_env import Chat  # noqa: E402

from toolgym.envs import Task, TurnSpec  # noqa: E402
from toolgym.envs.actions import CallRequest  # noqa: E402
from toolgym.synth.planner import PlannerPolicy  # noqa: E402
from toolgym.synth.rollout import run_explore, run_task  # noqa: E402


def world(seed: int) -> tuple[Chat, dict, dict]:
    env = Chat()
    env.reset(seed=seed)
    users = list(env.users.values())
    return env, users[0], users[5]


def expected_state(seed: int, calls: list[tuple[str, dict]]) -> list[str]:
    """State hashes after each group of ground-truth calls, run in a fresh env."""
    env = Chat()
    env.reset(seed=seed)
    out = []
    for name, args in calls:
        r = env.execute(CallRequest("c00000000", name, args))
        assert r.error is None, r.error
        out.append(env.state_hash())
    return out


def two_turn_task(seed: int) -> Task:
    env, me, friend = world(seed)
    h_login, h_send, h_delete = expected_state(
        seed,
        [("login", {"username": me["username"]}), ("send_message", {"receiver_id": friend["user_id"], "text": "lunch?"}), ("delete_message", {"message_id": "M0000"})],
    )
    return Task(
        id=f"t{seed}",
        seed=seed,
        turns=[
            TurnSpec(
                user=f"I'm {me['username']}. Ask {friend['name']} 'lunch?'",
                expect_calls=["send_message"],
                expect_state=h_send,
                meta={"target": ["send_message"], "user_values": {"username": me["username"], "text": "lunch?", "receiver_id": friend["user_id"]}},
            ),
            TurnSpec(user="Actually, delete that message.", expect_calls=["delete_message"], expect_state=h_delete, meta={"target": "delete_message"}),
        ],
    )


def test_planner_solves_a_two_turn_task_where_turn_two_uses_turn_one_results() -> None:
    for seed in range(8):
        ep = asyncio.run(run_task(Chat(), PlannerPolicy(), two_turn_task(seed), max_steps=20))
        assert ep.termination == "done" and ep.reward == 1.0, [(c.name, c.arguments) for c in ep.calls()]
        names = [c.name for c in ep.calls()]
        assert names[:3] == ["login", "find_user", "send_message"] and names[-1] == "delete_message"
        assert ep.producers == {"assistant": "planner"}
        assert all(m.reasoning for m in ep.messages if m.role == "assistant" and m.tool_calls)


def test_planner_finds_the_lookup_argument_in_the_users_words() -> None:
    env, me, friend = world(3)
    (h,) = expected_state(3, [("login", {"username": me["username"]})])
    # no user_values: the username is only in the text
    task = Task(id="t", seed=3, turns=[TurnSpec(user=f"log me in as {me['username']} please", expect_calls=["login"], expect_state=h)])
    ep = asyncio.run(run_task(Chat(), PlannerPolicy(), task, max_steps=10))
    assert ep.reward == 1.0 and ep.calls()[0].arguments == {"username": me["username"]}


def test_planner_answers_without_tools_when_told_and_includes_expected_answer() -> None:
    task = Task(
        id="t",
        seed=1,
        turns=[
            TurnSpec(user="Delete my account.", expect_no_calls=True),
            TurnSpec(user="What's my name?", expect_no_calls=True, expect_answer=["?"]),
        ],
    )
    ep = asyncio.run(run_task(Chat(), PlannerPolicy(), task))
    assert ep.reward == 1.0 and ep.calls() == []
    assert "?" in ep.messages[-1].content


def test_planner_is_deterministic() -> None:
    a = asyncio.run(run_task(Chat(), PlannerPolicy(), two_turn_task(2), max_steps=20)).to_json()
    b = asyncio.run(run_task(Chat(), PlannerPolicy(), two_turn_task(2), max_steps=20)).to_json()
    assert a == b


def test_planner_explores_to_a_target_like_the_sampler() -> None:
    for seed in range(5):
        ep = asyncio.run(run_explore(Chat(), PlannerPolicy(), "delete_message", seed=seed, max_steps=15))
        assert ep.termination == "done", [(c.name, c.arguments) for c in ep.calls()]
        assert ep.producers == {"explorer": "planner"}


def test_planner_gives_up_on_an_impossible_goal_with_an_answer() -> None:
    # save_draft is not offered, so nothing can make send_drafts' condition hold
    task = Task(id="t", seed=0, tools=["login", "weather", "send_drafts"], turns=[TurnSpec(user="send my drafts", expect_calls=["send_drafts"])])
    ep = asyncio.run(run_task(Chat(), PlannerPolicy(max_failures=2, max_calls=5), task, max_steps=30))
    assert ep.termination == "done" and ep.reward == 0.0  # answered, did not burn the budget
    assert len(ep.calls()) <= 5 and "could not" in ep.messages[-1].content

"""LLMPolicy through real HTTP (openai client -> scripted server): tasks solved turn by turn,
parallel calls, reasoning kept, every fault ending in a retried success or a recorded
termination, malformed output shown to the model and recovered from, exploration mode."""

from __future__ import annotations

import asyncio

from toolgym.envs import make
from toolgym.synth.llm.policy import LLMPolicy
from toolgym.synth.rollout import run_explore, run_task

from .conftest import llm_config, send_rule, send_task
from .mail_env import ENV_ID


def solve(url, task, *, timeout=None, **kw):
    policy = LLMPolicy(llm_config(url, **{k: v for k, v in kw.items() if k != "max_malformed"}), max_malformed=kw.get("max_malformed", 3))

    async def main():
        try:
            return await run_task(make(ENV_ID), policy, task, timeout=timeout)
        finally:
            await policy.aclose()

    return asyncio.run(main())


def test_a_multi_turn_task_is_solved_with_parallel_calls_and_reasoning_kept(serve):
    _, url = serve(script={"rules": [send_rule("Ann Smith", "hello")]})
    ep = solve(url, send_task("Ann Smith", "hello"))
    assert (ep.termination, ep.reward) == ("done", 1.0)
    assert [t.reward for t in ep.turns] == [1.0, 1.0]
    assistant = [m for m in ep.messages if m.role == "assistant"]
    assert assistant[1].reasoning == "I need her user id first." and assistant[1].content is None
    assert assistant[2].reasoning == "The id is in the find_user result."
    sent = assistant[2].tool_calls[0]
    found = next(m for m in ep.messages if m.role == "tool" and m.name == "find_user")
    assert sent.arguments["to"] == found.content[0]["user_id"]  # an id only a tool revealed
    assert [c.name for c in assistant[4].tool_calls] == ["count_sent", "find_user"]  # parallel
    results = ep.messages[ep.messages.index(assistant[4]) + 1:][:2]
    assert [(m.role, m.name) for m in results] == [("tool", "count_sent"), ("tool", "find_user")]
    assert results[0].content == 1
    assert ep.meta["usage"]["llm_calls"] == 6 and ep.meta["usage"]["prompt_tokens"] > 0
    assert all("latency_ms" in m.meta["llm"] for m in assistant)


def test_faults_all_through_an_episode_are_retried_and_counted(serve):
    faults = {0: ["429", "500"], 1: ["hang", "drop"], 2: ["garbage"], 4: ["503"]}
    srv, url = serve(script={"rules": [send_rule("Bob Jones", "hi", faults)]}, retry_after=0.01)
    ep = solve(url, send_task("Bob Jones", "hi"), request_timeout=0.3)
    assert (ep.termination, ep.reward) == ("done", 1.0)
    assert ep.meta["usage"]["retries"] == 6
    assert [m.meta["llm"]["attempts"] for m in ep.messages if m.role == "assistant"] == [3, 3, 2, 1, 2, 1]


def test_a_malformed_tool_call_is_shown_to_the_model_which_recovers(serve):
    _, url = serve(script={"rules": [send_rule("Cleo Park", "yo", {2: ["malformed"], 3: ["empty"]})]})
    ep = solve(url, send_task("Cleo Park", "yo"))
    assert (ep.termination, ep.reward) == ("done", 1.0)
    send = next(m for m in ep.messages if m.role == "assistant" and m.tool_calls and m.tool_calls[0].name == "send_mail")
    rejected = send.meta["llm"]["rejected"]
    assert len(rejected) == 1 and "not valid JSON" in rejected[0]["error"]
    assert rejected[0]["reply"]["tool_calls"][0]["function"]["arguments"].endswith(", ")
    answer = next(m for m in ep.messages if m.role == "assistant" and m.content and m.content.startswith("Sent"))
    assert "empty" in answer.meta["llm"]["rejected"][0]["error"]
    assert ep.meta["usage"]["malformed"] == 2


def test_consecutive_malformed_replies_end_the_episode_with_its_reason(serve):
    _, url = serve(script={"rules": [send_rule("Dan Wu", "x", {1: ["malformed", "empty", "malformed"]})]})
    ep = solve(url, send_task("Dan Wu", "x"), max_malformed=3)
    assert ep.termination == "malformed_output" and ep.reward == 0.0
    assert ep.meta["usage"]["malformed"] == 3
    assert [m.role for m in ep.messages][:4] == ["system", "user", "assistant", "tool"]  # the work before it is kept


def test_retries_exhausted_end_the_episode_as_server_error_not_a_crash(serve):
    _, url = serve(script={"rules": [send_rule("Eve Stone", "z", {1: ["500"] * 9})]})
    ep = solve(url, send_task("Eve Stone", "z"), max_retries=2)
    assert ep.termination == "server_error" and ep.reward == 0.0
    assert ep.meta["usage"]["failed_requests"] == 1 and "gave up after 3 attempts" in ep.meta["usage"]["error"]
    assert len(ep.turns) == 1 and ep.turns[0].reward == 0.0


def test_the_episode_timeout_ends_a_slow_episode_with_timeout(serve):
    rule = send_rule("Finn Hart", "t")
    rule["replies"][1]["delay"] = 30
    _, url = serve(script={"rules": [rule]})
    ep = solve(url, send_task("Finn Hart", "t"), timeout=0.5, request_timeout=60)
    assert ep.termination == "timeout"
    assert ep.messages[-1].role == "tool" and ep.messages[-1].name == "login"


def test_unknown_tools_and_text_written_calls_go_through_the_environment(serve):
    script = {"rules": [{"match": "log me in", "replies": [
        {"tool_calls": [{"name": "log_in", "arguments": {"username": "me"}}]},
        {"content": '<tool_call>{"name": "login", "arguments": {"username": "me"}}</tool_call>'},
        {"content": "You are logged in."},
    ]}]}
    from toolgym.envs import Task, TurnSpec

    _, url = serve(script=script)
    ep = solve(url, Task(id="l", seed=1, turns=[TurnSpec(user="Please log me in.", expect_calls=["login"])]))
    assert (ep.termination, ep.reward) == ("done", 1.0)
    tools = [m for m in ep.messages if m.role == "tool"]
    assert "unknown tool 'log_in'" in tools[0].error and "did you mean 'login'" in tools[0].error
    assert tools[1].error is None
    text_call = [m for m in ep.messages if m.role == "assistant"][1]
    assert any("hermes" in p for p in text_call.meta["problems"])


def test_exploration_mode_reaches_the_target_with_the_samplers_episode_layout(serve):
    script = {"rules": [{"match": "`count_sent`", "replies": [
        {"tool_calls": [{"name": "count_sent", "arguments": {}}]},  # fails: not logged in
        {"reasoning_content": "The error says to log in.", "tool_calls": [{"name": "login", "arguments": {"username": "me"}}]},
        {"tool_calls": [{"name": "count_sent", "arguments": {}}]},
        {"content": "Done."},
    ]}]}
    _, url = serve(script=script)
    policy = LLMPolicy(llm_config(url))

    async def main():
        try:
            return await run_explore(make(ENV_ID), policy, "count_sent", seed=5, max_steps=10)
        finally:
            await policy.aclose()

    ep = asyncio.run(main())
    assert (ep.termination, ep.reward, ep.variant) == ("done", 1.0, "explore")
    assert ep.meta["chain"]["target_index"] == 2 and len(ep.meta["chain"]["step_hashes"]) == 3
    assert ep.producers == {"explorer": "llm:scripted"}

"""The request body: joined from JSON encoded once per message (and once per tool list), it is
the same JSON as the request encoded whole; an episode encodes each of its messages once."""

from __future__ import annotations

import asyncio
import json

from toolgym.envs import make
from toolgym.synth.llm import wire
from toolgym.synth.llm.client import LLMClient
from toolgym.synth.llm.policy import LLMPolicy
from toolgym.synth.llm.wire import Conversation, Encoded, request_body
from toolgym.synth.rollout import run_task

from .conftest import llm_config, send_rule, send_task
from .mail_env import ENV_ID

MSGS = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "héllo \"quoted\" \u2028"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "abc123XYZ", "type": "function", "function": {"name": "f", "arguments": "{\"a\": 1}"}}]},
        {"role": "tool", "tool_call_id": "abc123XYZ", "content": "[1, 2]"}]
TOOLS = [{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"type": "object", "properties": {}}}}]


def test_a_body_joined_from_encoded_parts_is_the_json_of_the_whole_request():
    head = json.dumps({"model": "m", "temperature": 0.2}).encode()
    expected = {"model": "m", "temperature": 0.2, "messages": MSGS, "tools": TOOLS}
    for msgs in (MSGS, Conversation(MSGS)):
        for tools in (TOOLS, Encoded(TOOLS)):
            assert json.loads(request_body(head, msgs, tools)) == expected
    assert json.loads(request_body(head, Conversation(MSGS), Encoded([]))) == {"model": "m", "temperature": 0.2, "messages": MSGS}
    assert json.loads(request_body(b"{}", Conversation(), None)) == {"messages": []}


def test_a_conversation_extended_for_one_request_leaves_the_episode_unchanged():
    conv = Conversation(MSGS[:2])
    more = conv.plus(MSGS[2:])
    assert json.loads(more.json()) == MSGS
    assert json.loads(conv.json()) == MSGS[:2] and len(conv) == 2


def test_sampling_overrides_and_extra_body_reach_the_body_and_tool_choice_goes_without_tools():
    client = LLMClient(llm_config("http://127.0.0.1:9/v1", tool_choice="auto", temperature=0.5, extra_body={"top_k": 5}))
    with_tools = json.loads(client._body(Conversation(MSGS), Encoded(TOOLS), {}))
    assert with_tools == {"model": "scripted", "temperature": 0.5, "tool_choice": "auto", "top_k": 5, "messages": MSGS, "tools": TOOLS}
    without = json.loads(client._body(MSGS, None, {}))
    assert "tool_choice" not in without and "tools" not in without and without["top_k"] == 5
    overridden = json.loads(client._body(Conversation(MSGS), TOOLS, {"temperature": 0.0, "max_tokens": 7}))
    assert (overridden["temperature"], overridden["max_tokens"]) == (0.0, 7)
    assert json.loads(client._body(Conversation(MSGS), Encoded(TOOLS), {}))["temperature"] == 0.5  # the override did not stick
    replaced = LLMClient(llm_config("http://127.0.0.1:9/v1", extra_body={"messages": [{"role": "user", "content": "x"}]}))
    assert json.loads(replaced._body(Conversation(MSGS), None, {}))["messages"] == [{"role": "user", "content": "x"}]


def test_each_message_of_an_episode_is_encoded_once(serve, monkeypatch):
    encoded: list[str] = []
    real = wire.dumps

    def counting(v):
        if isinstance(v, dict) and "role" in v:
            encoded.append(v["role"])
        return real(v)

    monkeypatch.setattr(wire, "dumps", counting)
    _, url = serve(script={"rules": [send_rule("Ann Smith", "hello")]})
    policy = LLMPolicy(llm_config(url))

    async def main():
        try:
            return await run_task(make(ENV_ID), policy, send_task("Ann Smith", "hello"))
        finally:
            await policy.aclose()

    ep = asyncio.run(main())
    assert ep.termination == "done" and ep.meta["usage"]["llm_calls"] == 6
    # Everything sent before the last request, each once (the last answer is never sent back).
    assert len(encoded) == len(ep.messages) - 1

"""The canonical record: lossless JSON lines, a schema that validates them, strict call ids."""

from __future__ import annotations

import random

import jsonschema
import pytest
from pydantic import ValidationError

from toolgym.record import Episode, Message, ToolCall, ToolResult, ToolSpec, Turn, episode_json_schema, new_call_id


def sample_episode() -> Episode:
    spec = ToolSpec(
        name="send",
        description="Send a message.",
        parameters={"type": "object", "properties": {"to": {"type": "string", "description": "who"}}, "required": ["to"]},
        returns={"type": "object"},
        writes=True,
        needs=["logged_in"],
        param_entities={"to": "user"},
    )
    c1, c2 = ToolCall(id="abcDEF123", name="send", arguments={"to": "U1", "n": [1, 2.5, None]}), ToolCall(
        id="XYZ987wvu", name="send", arguments={"to": "Zoë ☃"}
    )
    return Episode(
        id="ep-1",
        env_id="toolgym/Messaging-v0",
        seed=7,
        tools=[spec],
        messages=[
            Message(role="system", content="You help."),
            Message(role="user", content="Send hi to Ann and Bob"),
            Message(role="assistant", reasoning="Two sends, in parallel.", tool_calls=[c1, c2]),
            Message.from_result(ToolResult(call_id=c1.id, name="send", content={"ok": True, "nested": {"a": [1]}})),
            Message.from_result(ToolResult(call_id=c2.id, name="send", error="no user 'Zoë ☃'")),
            Message(role="assistant", content="Sent to Ann; Bob failed."),
        ],
        turns=[Turn(start=1, end=6, state_hash="ab12", reward=1.0, target_tools=["send"], ground_truth=[c1])],
        reward=1.0,
        termination="done",
        target_tools=["send"],
        difficulty=0.25,
        producers={"reasoner": "builtin"},
        meta={"k": [1, {"x": None}]},
    )


def test_episode_json_line_round_trip_is_lossless():
    ep = sample_episode()
    line = ep.to_json()
    assert "\n" not in line
    back = Episode.from_json(line)
    assert back == ep and back.to_json() == line


def test_episode_line_validates_against_its_schema():
    import json

    schema = episode_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(sample_episode().to_json()), schema)
    bad = json.loads(sample_episode().to_json())
    bad["messages"][2]["tool_calls"][0]["id"] = "call_1"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_call_ids_are_nine_alphanumerics_and_reproducible():
    ids = [new_call_id() for _ in range(200)]
    assert all(len(i) == 9 and i.isalnum() and i.isascii() for i in ids)
    assert [new_call_id(random.Random(3)) for _ in range(2)] == [new_call_id(random.Random(3))] * 2
    with pytest.raises(ValidationError):
        ToolCall(id="short", name="x")


def test_tool_spec_openai_form():
    spec = sample_episode().tools[0]
    assert spec.to_openai() == {
        "type": "function",
        "function": {"name": "send", "description": "Send a message.", "parameters": spec.parameters},
    }


def test_tool_message_text_is_ascii_json():
    ep = sample_episode()
    assert ep.messages[3].text() == '{"ok": true, "nested": {"a": [1]}}'
    assert ep.messages[4].text() == '{"error": "no user \'Zo\\u00eb \\u2603\'"}'
    assert [c.id for c in ep.calls()] == ["abcDEF123", "XYZ987wvu"]


def test_the_call_id_rule_is_one_rule_for_the_model_the_checker_and_the_generator():
    import re

    import pydantic

    from toolgym.record import CALL_ID_PATTERN, is_call_id

    cases = ["abcDEF123", "abcDEF12", "abcDEF1234", "abc-EF123", "１２３４５６７８９", "ａbcdefghi", "abcdéfghi", 123456789, None,
             new_call_id(random.Random(0))]
    for v in cases:
        by_model = True
        try:
            ToolCall(id=v, name="t")
        except pydantic.ValidationError:
            by_model = False
        assert is_call_id(v) == by_model == (isinstance(v, str) and re.fullmatch(r"[A-Za-z0-9]{9}", v) is not None), v
    assert all(re.fullmatch(CALL_ID_PATTERN, new_call_id()) for _ in range(50))

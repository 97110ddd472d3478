"""Reading model replies: every shape servers and models produce becomes a canonical message or a
clear, recoverable error; nothing raises."""

from __future__ import annotations

import json
import random

import pytest

from toolgym.synth.llm.parse import parse_completion, parse_message, split_think

TOOLS = {"find_user", "send_mail"}


def completion(**message) -> dict:
    return {"choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop"}]}


def wire_call(name, args, cid="call_abc"):
    return {"id": cid, "type": "function", "function": {"name": name, "arguments": args if isinstance(args, str) else json.dumps(args)}}


def test_parallel_tool_calls_become_canonical_calls_with_nine_char_ids():
    p = parse_completion(completion(content=None, tool_calls=[wire_call("find_user", {"name": "Ann"}, "c1"),
                                                              wire_call("send_mail", {"to": "U1", "text": "hi"}, "c2")]),
                         TOOLS, random.Random(0))
    assert p.error is None
    calls = p.message.tool_calls
    assert [(c.name, c.arguments) for c in calls] == [("find_user", {"name": "Ann"}), ("send_mail", {"to": "U1", "text": "hi"})]
    assert all(len(c.id) == 9 and c.id.isalnum() for c in calls) and calls[0].id != calls[1].id


def test_canonical_ids_from_the_server_are_kept():
    p = parse_completion(completion(tool_calls=[wire_call("find_user", {}, "aB3dE5gH9")]), TOOLS)
    assert p.message.tool_calls[0].id == "aB3dE5gH9"


def test_arguments_that_are_not_json_are_an_error_shown_to_the_model_as_tool_results():
    p = parse_completion(completion(tool_calls=[wire_call("find_user", '{"name": "Ann"'), wire_call("send_mail", {"to": "U1", "text": "x"}, "c2")]), TOOLS)
    assert p.message is None and "not valid JSON" in p.error
    assert p.feedback[0]["role"] == "assistant" and p.feedback[0]["tool_calls"][0]["function"]["arguments"] == '{"name": "Ann"'
    results = [m for m in p.feedback if m["role"] == "tool"]
    assert len(results) == 2  # every call of the reply gets an answer, none ran
    assert "not valid JSON" in json.loads(results[0]["content"])["error"]
    assert "not run" in json.loads(results[1]["content"])["error"]


def test_arguments_with_a_code_fence_or_trailing_comma_are_repaired_and_noted():
    p = parse_completion(completion(tool_calls=[wire_call("find_user", '```json\n{"name": "Ann",}\n```')]), TOOLS)
    assert p.message.tool_calls[0].arguments == {"name": "Ann"}
    assert any("repaired" in x for x in p.message.meta["problems"])


def test_arguments_that_are_json_but_not_an_object_are_an_error():
    p = parse_completion(completion(tool_calls=[wire_call("find_user", "[1, 2]")]), TOOLS)
    assert p.message is None and "must be a JSON object, got array" in p.error


def test_unknown_tool_passes_through_for_the_environment_to_answer_and_is_noted():
    p = parse_completion(completion(tool_calls=[wire_call("find_usr", {"name": "Ann"})]), TOOLS)
    assert p.error is None and p.message.tool_calls[0].name == "find_usr"
    assert "unknown tool 'find_usr'" in p.message.meta["problems"]


def test_hermes_tool_call_blocks_in_the_content_become_calls():
    text = ('Let me look.\n<tool_call>\n{"name": "find_user", "arguments": {"name": "Ann"}}\n</tool_call>\n'
            '<tool_call>{"name": "send_mail", "arguments": {"to": "U1", "text": "hi"}}</tool_call>')
    p = parse_completion(completion(content=text), TOOLS)
    assert [c.name for c in p.message.tool_calls] == ["find_user", "send_mail"]
    assert p.message.content == "Let me look."
    assert any("hermes" in x for x in p.message.meta["problems"])


@pytest.mark.parametrize("text", [
    '[TOOL_CALLS][{"name": "find_user", "arguments": {"name": "Ann"}}]',
    '<|python_tag|>{"name": "find_user", "parameters": {"name": "Ann"}}<|eom_id|>',
    '{"name": "find_user", "arguments": {"name": "Ann"}}',
    '```json\n[{"name": "find_user", "arguments": {"name": "Ann"}}]\n```',
])
def test_tool_calls_written_as_text_in_other_formats_become_calls(text):
    p = parse_completion(completion(content=text), TOOLS)
    assert [(c.name, c.arguments) for c in p.message.tool_calls] == [("find_user", {"name": "Ann"})]
    assert p.message.content is None


def test_a_json_answer_that_names_no_offered_tool_stays_an_answer():
    p = parse_completion(completion(content='{"name": "Ann", "arguments": "none"}'), TOOLS)
    assert p.message.tool_calls == [] and p.message.content.startswith("{")


def test_reasoning_from_reasoning_content_and_think_blocks():
    p = parse_completion(completion(content="<think>plan A</think>The answer is 4.", reasoning_content="first thoughts"), TOOLS)
    assert p.message.content == "The answer is 4."
    assert p.message.reasoning == "first thoughts\n\nplan A"
    p = parse_message({"content": "Done.", "reasoning": "ollama style"}, TOOLS)
    assert p.message.reasoning == "ollama style"


def test_think_block_edge_cases():
    assert split_think("only thinking</think>answer") == ("answer", "only thinking")  # opening tag in the prompt
    assert split_think("<think>cut off") == (None, "cut off")
    assert split_think("<think>a</think>x<think>b</think>y") == ("xy", "a\n\nb")
    assert split_think("plain") == ("plain", None)


def test_empty_reply_is_an_error_with_feedback_asking_again():
    p = parse_completion(completion(content=""), TOOLS)
    assert p.message is None and "empty" in p.error
    assert p.feedback[-1]["role"] == "user"
    p = parse_completion(completion(content="<think>hmm</think>"), TOOLS)
    assert "only reasoning" in p.error


def test_completions_without_choices_or_message_are_errors_not_exceptions():
    assert parse_completion({}, TOOLS).error == "the completion has no choices"
    assert parse_completion({"choices": [{}]}, TOOLS).error
    assert parse_completion([], TOOLS).error


def test_legacy_function_call_and_content_parts():
    p = parse_message({"content": [{"type": "text", "text": "ok "}, {"type": "text", "text": "then"}],
                       "function_call": {"name": "find_user", "arguments": '{"name": "A"}'}}, TOOLS)
    assert p.message.content == "ok then" and p.message.tool_calls[0].arguments == {"name": "A"}


def test_truncated_arguments_say_the_reply_was_cut_off():
    data = completion(tool_calls=[wire_call("find_user", '{"name": "An')])
    data["choices"][0]["finish_reason"] = "length"
    assert "cut off" in parse_completion(data, TOOLS).error

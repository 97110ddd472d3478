"""hermes: <tools> in the system prompt, <tool_call> / <tool_response> blocks, <think> reasoning."""

from __future__ import annotations

import json
import re

import pytest
from helpers import all_records, canonical_calls
from hypothesis import given, settings
from hypothesis import strategies as st

from toolgym.exporters.hermes import _j

CALL = re.compile(r"<tool_call>\n(.*?)\n</tool_call>", re.S)
RESP = re.compile(r"<tool_response>\n(.*?)\n</tool_response>", re.S)


@pytest.fixture(scope="module", params=["conversation", "turn"])
def hermes_export(request, src):
    res = src.export("hermes", per=request.param)
    assert res.validation.ok, res.validation.summary()
    return res


def test_system_prompt_lists_the_tools(hermes_export, src):
    names = {t.name for e in src.episodes for t in e.tools}
    for row in all_records(hermes_export):
        sys_turn = row["conversations"][0]
        assert sys_turn["from"] == "system"
        block = sys_turn["value"].split("<tools>\n", 1)[1].split("\n</tools>", 1)[0]
        listed = [json.loads(line)["function"]["name"] for line in block.splitlines()]
        assert listed and set(listed) <= names


def test_each_call_is_a_block_and_each_result_answers_it_in_order(hermes_export, src):
    calls = canonical_calls(src.episodes)
    known = {(n, json.dumps(a, sort_keys=True)) for n, a in calls.values()}
    multi = 0
    for row in all_records(hermes_export):
        conv = row["conversations"]
        for i, t in enumerate(conv):
            if t["from"] != "gpt":
                continue
            blocks = [json.loads(b) for b in CALL.findall(t["value"])]
            if not blocks:
                continue
            multi += len(blocks) > 1
            for b in blocks:
                assert isinstance(b["arguments"], dict)
                assert (b["name"], json.dumps(b["arguments"], sort_keys=True)) in known
            assert conv[i + 1]["from"] == "tool"
            responses = [json.loads(r) for r in RESP.findall(conv[i + 1]["value"])]
            assert [r["name"] for r in responses] == [b["name"] for b in blocks]
    assert multi > 0


def test_reasoning_and_text_beside_calls_survive(hermes_export, src):
    joined = "\n".join(t["value"] for r in all_records(hermes_export) for t in r["conversations"] if t["from"] == "gpt")
    for e in src.episodes:
        for m in e.messages:
            if m.reasoning:
                assert f"<think>\n{m.reasoning}\n</think>" in joined
            if m.role == "assistant" and m.content and m.tool_calls:
                assert f"{m.content}\n<tool_call>" in joined


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=5), kids, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(_json)
def test_call_and_result_json_is_spelled_exactly_as_the_templates_tojson(value):
    # Hermes text must match what a Qwen/Hermes template renders at inference (json.dumps defaults).
    assert _j(value) == json.dumps(value, ensure_ascii=False)


def test_tojson_spelling_edge_cases():
    for value in [{"a": 'x"y', "b": "a,b:c"}, {"n": 1e16, "m": [1.5e-7, -0.0, True, False, None]}, "tr\\", 2**70, {"é": "ü\u2028\x7f\x1f"}]:
        assert _j(value) == json.dumps(value, ensure_ascii=False)

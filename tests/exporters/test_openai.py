"""openai: string arguments, parallel calls in one message, strict tool_call_id pairing."""

from __future__ import annotations

import json
import shutil

from helpers import all_records, canonical_calls, canonical_results, rewrite_first_jsonl

from toolgym.exporters import validate_export


def test_export_validates_against_the_run(src):
    res = src.export("openai")
    assert res.validation.ok, res.validation.summary()
    assert res.validation.against_episodes and res.validation.records == res.total > 0
    assert res.skipped_count == 0


def test_every_call_argument_and_result_survives_with_string_arguments(src):
    res = src.export("openai")
    calls, results = canonical_calls(src.episodes), canonical_results(src.episodes)
    seen_calls, seen_results = set(), set()
    for rec in all_records(res):
        assert set(rec) == {"messages", "tools", "parallel_tool_calls"}
        for m in rec["messages"]:
            for c in m.get("tool_calls") or ():
                args = c["function"]["arguments"]
                assert isinstance(args, str)
                decoded = json.loads(args)
                assert isinstance(decoded, dict)  # not double-encoded
                assert (c["function"]["name"], decoded) == calls[c["id"]]
                seen_calls.add(c["id"])
            if m["role"] == "tool":
                content, error = results[m["tool_call_id"]]
                got = json.loads(m["content"])
                assert got == ({"error": error} if error is not None else content)
                seen_results.add(m["tool_call_id"])
    assert seen_calls == set(calls) and seen_results == set(results)


def test_parallel_calls_share_one_message_and_results_follow_with_their_ids(src):
    res = src.export("openai")
    parallel = 0
    for rec in all_records(res):
        msgs = rec["messages"]
        for i, m in enumerate(msgs):
            calls = m.get("tool_calls") or []
            if len(calls) > 1:
                parallel += 1
            if calls:
                following = [x["tool_call_id"] for x in msgs[i + 1 : i + 1 + len(calls)]]
                assert sorted(following) == sorted(c["id"] for c in calls)
                assert all(len(c["id"]) == 9 and c["id"].isalnum() for c in calls)
    assert parallel > 0


def test_reasoning_only_by_an_explicit_option(src):
    reasoning = {m.reasoning for e in src.episodes for m in e.messages if m.reasoning}
    assert reasoning
    # Default: OpenAI's schema has no reasoning key, so none is written (and nothing is inline).
    default = src.export("openai")
    assert default.validation.ok, default.validation.summary()
    assert not any("reasoning" in m or "<think>" in (m.get("content") or "") for r in all_records(default) for m in r["messages"])
    field = {m.get("reasoning") for r in all_records(src.export("openai", reasoning_style="field")) for m in r["messages"]} - {None}
    assert field == reasoning
    res = src.export("openai", reasoning_style="think")
    assert res.validation.ok, res.validation.summary()
    inline = all_records(res)
    texts = [m["content"] for r in inline for m in r["messages"] if m["role"] == "assistant" and m.get("content")]
    assert all("reasoning" not in m for r in inline for m in r["messages"])
    for text in reasoning:
        assert any(f"<think>\n{text}\n</think>" in t for t in texts)


def test_dropping_reasoning_leaves_none(src):
    res = src.export("openai", reasoning=False)
    assert res.validation.ok, res.validation.summary()
    assert not any("reasoning" in m for r in all_records(res) for m in r["messages"])


def test_per_turn_records_weight_out_the_history(src):
    res = src.export("openai", per="turn")
    assert res.validation.ok, res.validation.summary()
    assert res.total == sum(len(e.turns) for e in src.episodes)
    later = [r for r in all_records(res) if sum(m["role"] == "user" for m in r["messages"]) > 1]
    assert later
    for r in later:
        last_user = max(i for i, m in enumerate(r["messages"]) if m["role"] == "user")
        for i, m in enumerate(r["messages"]):
            if m["role"] == "assistant":
                assert (m.get("weight") == 0) == (i < last_user)
                if i < last_user:
                    assert "reasoning" not in m


def test_validator_catches_double_encoded_arguments_and_broken_pairing(export_dir, run_dir, tmp_path):
    res = export_dir("openai", reasoning_style="field")

    def double(rec):
        for m in rec["messages"]:
            for c in m.get("tool_calls") or ():
                c["function"]["arguments"] = json.dumps(c["function"]["arguments"])
        return rec

    def swap_id(rec):
        tool = next(m for m in rec["messages"] if m["role"] == "tool")
        tool["tool_call_id"] = "zzzzzzzzz"
        return rec

    def lose_reasoning(rec):
        next(m for m in rec["messages"] if m.get("reasoning")).pop("reasoning")
        return rec

    for name, tamper, expect in [("double", double, "double-encoded"), ("swap", swap_id, "zzzzzzzzz"), ("reason", lose_reasoning, "reasoning")]:
        out = tmp_path / name
        shutil.copytree(res.out, out)
        rewrite_first_jsonl(out, tamper)
        report = validate_export(out, run_dir)
        assert not report.ok, name
        assert any(expect in e for e in report.errors), (name, report.errors)
    # Without the episodes, the structural check still sees the double encoding.
    assert not validate_export(tmp_path / "double").ok


def test_every_default_row_passes_openais_schema_from_the_sdk_types(src):
    """Pydantic models built from the openai SDK's message/tool param types, extra keys forbidden."""
    from toolgym.exporters.consumers import openai_row_errors

    for per in ("conversation", "turn"):
        rows = all_records(src.export("openai", per=per))
        assert rows and all(openai_row_errors(r) == [] for r in rows)
    think = all_records(src.export("openai", reasoning_style="think"))
    assert all(openai_row_errors(r) == [] for r in think)
    # The same models reject what OpenAI rejects: a reasoning key, arguments as an object.
    field = all_records(src.export("openai", reasoning_style="field"))
    assert all(any("reasoning" in e for e in openai_row_errors(r)) for r in field if any("reasoning" in m for m in r["messages"]))
    bad = json.loads(json.dumps(rows[0]))
    next(m for m in bad["messages"] if m.get("tool_calls"))["tool_calls"][0]["function"]["arguments"] = {"a": 1}
    assert openai_row_errors(bad)

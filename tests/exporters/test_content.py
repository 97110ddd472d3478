"""Every format, on both sources: the export validates, and its content is the canonical content.

Independently of the exporters' own read-back code (view.py), the records are parsed here the way
their consumers read them, and compared with the canonical episodes: every call with its
arguments (objects, never double-encoded), every result, every reasoning string; call ids pair
with result ids where the format has ids. Also the split option: each episode in exactly one split.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from helpers import all_records

from toolgym.canonical import canonical_json
from toolgym.exporters import ExportOptions

CALL = re.compile(r"<tool_call>\n(.*?)\n</tool_call>", re.S)
RESP = re.compile(r"<tool_response>\n(.*?)\n</tool_response>", re.S)
THINK = re.compile(r"\A<think>\n(.*?)\n</think>\n\n", re.S)
CHAT_FORMATS = ["openai", "hf", "sharegpt", "hermes"]


def _think(text):
    m = THINK.match(text or "")
    return (m.group(1), text[m.end() :]) if m else (None, text)


def _args(value, as_string: bool):
    if as_string:
        assert isinstance(value, str), f"expected arguments as a JSON string, got {type(value).__name__}"
        value = json.loads(value)
    assert isinstance(value, dict), f"arguments decode to {type(value).__name__}, not an object (double-encoded?)"
    return value


def steps(fmt: str, rec: dict) -> list[dict]:
    """The record as (calls, results, reasoning) steps, read as the format's consumers read it."""
    out = []
    if fmt in ("openai", "hf"):
        msgs = rec["messages"]
        for i, m in enumerate(msgs):
            if m["role"] != "assistant":
                continue
            # openai rows hold reasoning only inline (reasoning_style="think", used below)
            reasoning = _think(m.get("content"))[0] if fmt == "openai" else m.get("reasoning_content")
            calls = [(c["id"], c["function"]["name"], _args(c["function"]["arguments"], fmt == "openai")) for c in m.get("tool_calls") or ()]
            results = [(t["tool_call_id"], json.loads(t["content"])) for t in msgs[i + 1 : i + 1 + len(calls)]]
            assert all(t["role"] == "tool" for t in msgs[i + 1 : i + 1 + len(calls)])
            out.append({"calls": calls, "results": results, "reasoning": reasoning})
    elif fmt == "sharegpt":
        conv = rec["conversations"]
        for i, t in enumerate(conv):
            if t["from"] == "gpt":
                out.append({"calls": [], "results": [], "reasoning": _think(t["value"])[0]})
            elif t["from"] == "function_call":
                reasoning, body = _think(t["value"])
                parsed = json.loads(body)
                items = parsed if isinstance(parsed, list) else [parsed]
                calls = [(None, c["name"], _args(c["arguments"], False)) for c in items]
                obs = json.loads(conv[i + 1]["value"])
                values = obs if len(calls) > 1 else [obs]
                assert conv[i + 1]["from"] == "observation" and len(values) == len(calls)
                out.append({"calls": calls, "results": [(None, v) for v in values], "reasoning": reasoning})
    elif fmt == "hermes":
        conv = rec["conversations"]
        for i, t in enumerate(conv):
            if t["from"] != "gpt":
                continue
            reasoning, body = _think(t["value"])
            calls = [(None, c["name"], _args(c["arguments"], False)) for c in map(json.loads, CALL.findall(body or ""))]
            results = []
            if calls:
                assert conv[i + 1]["from"] == "tool"
                resp = [json.loads(r) for r in RESP.findall(conv[i + 1]["value"])]
                assert [r["name"] for r in resp] == [c[1] for c in calls]
                results = [(None, r["content"]) for r in resp]
            out.append({"calls": calls, "results": results, "reasoning": reasoning})
    return out


@pytest.mark.parametrize("per", ["conversation", "turn"])
@pytest.mark.parametrize("fmt", CHAT_FORMATS)
def test_every_call_argument_result_and_reasoning_survives(src, fmt, per):
    # OpenAI's schema has no reasoning key: its reasoning is kept only inline, by this option.
    res = src.export(fmt, per=per, **({"reasoning_style": "think"} if fmt == "openai" else {}))
    assert res.validation.ok, res.validation.summary()
    assert res.skipped_count == 0 and res.episodes == len(src.episodes)
    ids = fmt in ("openai", "hf")
    want_calls, want_results, want_reasoning = {}, {}, set()
    for e in src.episodes:
        results = {m.tool_call_id: ({"error": m.error} if m.error is not None else m.content) for m in e.messages if m.role == "tool"}
        for m in e.messages:
            if m.reasoning:
                want_reasoning.add(m.reasoning)
            for c in m.tool_calls:
                key = c.id if ids else (c.name, canonical_json(c.arguments))
                want_calls[key] = (c.name, canonical_json(c.arguments))
                want_results.setdefault(key, set()).add(canonical_json(results[c.id]))
    got_calls, got_results, got_reasoning = {}, {}, set()
    for rec in all_records(res):
        seen_ids = Counter()
        for st in steps(fmt, rec):
            if st["reasoning"]:
                got_reasoning.add(st["reasoning"])
            assert len(st["results"]) == len(st["calls"])
            for (cid, name, args), (rid, value) in zip(st["calls"], st["results"], strict=False):
                key = cid if ids else (name, canonical_json(args))
                if ids:
                    assert rid == cid, "a result's id does not pair with its call's"
                    assert re.fullmatch(r"[A-Za-z0-9]{9}", cid)
                    seen_ids[cid] += 1
                got_calls[key] = (name, canonical_json(args))
                got_results.setdefault(key, set()).add(canonical_json(value))
        assert all(n == 1 for n in seen_ids.values()), "a call id appears twice in one record"
    assert got_calls == want_calls
    assert got_results == want_results
    assert got_reasoning == want_reasoning and want_reasoning


@pytest.mark.parametrize("fmt", CHAT_FORMATS)
def test_dropping_reasoning_keeps_every_call_and_no_reasoning(src, fmt):
    res = src.export(fmt, reasoning=False)
    assert res.validation.ok, res.validation.summary()
    got = [st for rec in all_records(res) for st in steps(fmt, rec)]
    assert not any(st["reasoning"] for st in got)
    assert sum(len(st["calls"]) for st in got) >= sum(len(e.calls()) for e in src.episodes)


SPLITS = "train=0.6,validation=0.2,test=0.2"


@pytest.mark.parametrize("fmt", ["openai", "hf", "sharegpt", "hermes", "bfcl"])
def test_train_validation_test_split_puts_each_episode_in_exactly_one_split(src, fmt):
    opts = dict(splits=SPLITS, split_seed=3, per="turn")
    res = src.export(fmt, **opts)
    assert res.validation.ok, res.validation.summary()  # each split holds exactly its episodes' records
    split_of = ExportOptions(**opts).split_of
    want = Counter(split_of(e.model_dump(mode="json")) for e in src.episodes)
    man = json.loads((res.out / "export.json").read_text())
    assert {s: v["episodes"] for s, v in man["splits"].items()} == dict(want)
    assert set(want) == {"train", "validation", "test"}
    if fmt == "openai":
        return  # its records carry no episode id; the validator matched them above
    where: dict[str, set[str]] = {}
    for split, info in man["splits"].items():
        for line in (res.out / info["files"][0]).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            ep_id = rec["toolgym"]["episode_id"] if fmt == "bfcl" else rec["id"].rsplit("/", 1)[0]
            where.setdefault(ep_id, set()).add(split)
    assert set(where) == {e.id for e in src.episodes}
    assert all(len(s) == 1 for s in where.values())
    assert all(where[e.id] == {split_of(e.model_dump(mode="json"))} for e in src.episodes)

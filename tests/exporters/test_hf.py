"""hf: loads with `datasets` (Parquet and JSONL), no null padding, and renders through a tool chat template."""

from __future__ import annotations

import json
import re
from pathlib import Path

import datasets
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from toolgym.record import Episode

TEMPLATE = (Path(__file__).parent / "qwen_style.jinja").read_text()


def _raise(msg):
    raise ValueError(msg)


# Compiled the way transformers' apply_chat_template does (sandboxed Jinja, tojson = json.dumps).
_env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
_env.filters["tojson"] = lambda x, indent=None: json.dumps(x, ensure_ascii=False, indent=indent)
_env.globals["raise_exception"] = _raise
_TEMPLATE = _env.from_string(TEMPLATE)


def render(messages, tools) -> str:
    return _TEMPLATE.render(messages=messages, tools=tools, add_generation_prompt=False)


@pytest.fixture(scope="module", params=["conversation", "turn"])
def hf_export(request, src):
    res = src.export("hf", per=request.param)
    assert res.validation.ok, res.validation.summary()
    return res


_LOADED: dict = {}


def _load(res, kind: str):
    """``datasets.load_dataset`` of an export's files (once per export and kind)."""
    key = (str(res.out), kind)
    if key not in _LOADED:
        files = {s: str(res.out / "data" / f"{s}.{kind}") for s in res.records}
        _LOADED[key] = datasets.load_dataset(
            kind if kind == "parquet" else "json", data_files=files, cache_dir=str(res.out.parent / f"hf-cache-{kind}")
        )
    return _LOADED[key]


def _by_id(episodes: list[Episode]) -> dict[str, Episode]:
    return {e.id: e for e in episodes}


@pytest.mark.parametrize("kind", ["parquet", "jsonl"])
def test_loads_with_datasets_and_arguments_are_the_canonical_objects(hf_export, src, kind):
    episodes = src.episodes
    ds = _load(hf_export, kind)
    assert sum(len(ds[s]) for s in ds) == hf_export.total
    calls = {c.id: c for e in episodes for c in e.calls()}
    specs = {e.id: [t.name for t in e.tools] for e in episodes}
    n = 0
    for split in ds:
        for row in ds[split]:
            tools = json.loads(row["tools"])
            assert {t["function"]["name"] for t in tools} <= set(specs[row["episode_id"]])
            for m in row["messages"]:
                for tc in m.get("tool_calls") or ():
                    args = tc["function"]["arguments"]
                    # An object with exactly the canonical keys: not a string, not null-padded
                    # with the parameters of other tools.
                    assert isinstance(args, dict)
                    assert args == calls[tc["id"]].arguments
                    n += 1
    assert n > 0


def test_rows_with_different_tools_keep_their_own_tool_lists(src):
    res = src.export("hf", per="turn")
    ds = _load(res, "parquet")
    lists = {row["tools"] for s in ds for row in ds[s]}
    assert len(lists) >= 2  # miss_func turns offer fewer tools than later turns
    for tl in lists:
        for t in json.loads(tl):
            assert set(t) == {"type", "function"} and set(t["function"]) == {"name", "description", "parameters"}


def test_every_row_renders_through_a_tool_chat_template(hf_export, src):
    ds = _load(hf_export, "parquet")
    eps = _by_id(src.episodes)
    rendered = 0
    for split in ds:
        for row in ds[split]:
            msgs, tools = row["messages"], json.loads(row["tools"])
            text = render(msgs, tools)
            rendered += 1
            # Tools land in the system turn's <tools> block.
            block = text.split("<tools>\n", 1)[1].split("\n</tools>", 1)[0]
            assert [json.loads(line)["function"]["name"] for line in block.strip().splitlines()] == [t["function"]["name"] for t in tools]
            # Calls: one <tool_call> per call, in order, arguments an object equal to the canonical one.
            want_calls = [(tc["function"]["name"], tc["function"]["arguments"]) for m in msgs for tc in (m.get("tool_calls") or ())]
            got_calls = [json.loads(b) for b in re.findall(r"<tool_call>\n(.*?)\n</tool_call>", text, re.S)]
            assert [(c["name"], c["arguments"]) for c in got_calls] == want_calls
            assert all(isinstance(c["arguments"], dict) for c in got_calls)
            # Results: one <tool_response> per tool message, in order, inside a user turn.
            want_results = [m["content"] for m in msgs if m["role"] == "tool"]
            assert re.findall(r"<tool_response>\n(.*?)\n</tool_response>", text, re.S) == want_results
            for mo in re.finditer(r"<tool_response>", text):
                assert text.rfind("<|im_start|>user", 0, mo.start()) > text.rfind("<|im_start|>assistant", 0, mo.start())
            # Reasoning of the steps after the last user message is rendered.
            last_user = max(i for i, m in enumerate(msgs) if m["role"] == "user")
            for m in msgs[last_user + 1 :]:
                if m["role"] == "assistant" and m.get("reasoning_content"):
                    assert f"<think>\n{m['reasoning_content']}\n</think>" in text
            # Every user message of the row is in the text.
            for m in msgs:
                if m["role"] == "user":
                    assert m["content"] in text
            assert row["episode_id"] in eps
    assert rendered == hf_export.total


def test_per_turn_rows_render_every_reasoning_string(src):
    res = src.export("hf", per="turn")
    ds = _load(res, "parquet")
    texts = [render(row["messages"], json.loads(row["tools"])) for s in ds for row in ds[s]]
    everything = "\n".join(texts)
    for e in src.episodes:
        for m in e.messages:
            if m.reasoning:
                assert f"<think>\n{m.reasoning}\n</think>" in everything


def test_parquet_schema_carries_json_arguments_and_string_tools(hf_export):
    import pyarrow.parquet as pq

    schema = pq.read_schema(hf_export.out / "data" / "train.parquet")
    assert str(schema.field("tools").type) == "string"
    assert "arrow.json" in str(schema.field("messages").type)
    assert b"huggingface" in schema.metadata

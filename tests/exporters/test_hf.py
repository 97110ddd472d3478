"""hf through its consumer, ``datasets``: the folder the card points to loads value for value.

``load_dataset(DIR)`` reads the Parquet files the card's ``configs`` names, with ``datasets``' own
decoders; the rows are compared, every value, floats included, with the rows the exporter built
from the canonical episodes (and those with the canonical episodes themselves: every call's
arguments object). The planted floats (1.95, 3.72) are ones ``datasets``' ``Json`` decoder
(pandas' ujson) reads back wrong if it ever parses them.
"""

from __future__ import annotations

import json

import datasets
import pytest

from toolgym.exporters import ExportOptions, build_samples
from toolgym.exporters.hf import HFFormat, decode_batch, decode_row
from toolgym.runs import iter_records as iter_run


@pytest.fixture(scope="module", params=["conversation", "turn"])
def hf_export(request, src):
    res = src.export("hf", per=request.param)
    assert res.validation.ok, res.validation.summary()
    return res


_LOADED: dict = {}


def _load(res):
    """``datasets.load_dataset`` of the export directory, the way the card tells users to."""
    key = str(res.out)
    if key not in _LOADED:
        _LOADED[key] = datasets.load_dataset(str(res.out), cache_dir=str(res.out.parent / "hf-cache"))
    return _LOADED[key]


def _expected_rows(src, per):
    """The rows built in memory from the canonical episodes (what the JSONL and Parquet must hold)."""
    opts = ExportOptions(per=per)
    fmt = HFFormat(opts)
    return [r for ep in iter_run(src.run_dir) for r in fmt.records(build_samples(ep, opts))]


def _per(res):
    return json.loads((res.out / "export.json").read_text())["options"]["per"]


def test_the_folder_loads_value_for_value_with_floats(hf_export, src):
    ds = _load(hf_export)
    assert set(ds) == {"train"}
    want = _expected_rows(src, _per(hf_export))
    got = [decode_row(dict(r)) for r in ds["train"]]
    assert len(got) == len(want) == hf_export.total
    for g, w in zip(got, want, strict=False):
        assert g == w  # every key, every message, every value; no None padding
    calls = {c.id: c.arguments for e in src.episodes for c in e.calls()}
    for r in got:
        for m in r["messages"]:
            for c in m.get("tool_calls") or ():
                assert c["function"]["arguments"] == calls[c["id"]]
    if src.name == "library":
        nested = json.dumps([r["messages"] for r in got])
        assert "1.95" in nested and "3.72" in nested and "1.9500000000000002" not in nested


def test_messages_hold_only_their_own_keys(hf_export):
    ds = _load(hf_export)
    for row in ds["train"]:
        for m in row["messages"]:
            assert None not in m.values() or m.get("content") is not None, m  # no key padded with None
            if m["role"] != "assistant":
                assert "tool_calls" not in m and "reasoning_content" not in m
            if m["role"] != "tool":
                assert "tool_call_id" not in m


def test_with_transform_gives_objects_on_access_and_jsonl_holds_the_same_rows(hf_export):
    ds = _load(hf_export)["train"].with_transform(decode_batch)
    lines = [json.loads(line) for line in (hf_export.out / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(ds)
    for i, line in enumerate(lines):
        row = ds[i]
        assert row == line


def test_parquet_messages_are_json_values_and_arguments_json_text(hf_export):
    import pyarrow.parquet as pq

    path = hf_export.out / "data" / "train.parquet"
    schema = pq.read_schema(path)
    assert str(schema.field("tools").type) == "string" and str(schema.field("tools_exact").type) == "string"
    assert "arrow.json" in str(schema.field("messages").type)
    assert b"huggingface" in schema.metadata
    raw = pq.read_table(path).column("messages").to_pylist()
    args = [c["function"]["arguments"] for row in raw for m in row for c in json.loads(m).get("tool_calls") or ()]
    assert args and all(isinstance(a, str) for a in args)


def test_tools_are_in_the_template_subset_and_exact_schemas_are_kept(hf_export, src):
    exact = {t.name: t.parameters for e in src.episodes for t in e.tools}
    ds = _load(hf_export)
    nullable_seen = 0
    for row in ds["train"]:
        tools = {t["function"]["name"]: t["function"]["parameters"] for t in json.loads(row["tools"])}
        kept = {t["function"]["name"]: t["function"]["parameters"] for t in json.loads(row["tools_exact"])}
        assert kept == {n: exact[n] for n in kept}
        assert list(tools) == list(kept)
        for name, params in tools.items():
            for pname, p in params.get("properties", {}).items():
                assert not isinstance(p.get("type"), list), (name, pname, p)
                orig = kept[name]["properties"][pname]
                if isinstance(orig.get("type"), list) and "null" in orig["type"]:
                    assert p.get("nullable") is True and p.get("type") == next(t for t in orig["type"] if t != "null")
                    nullable_seen += 1
    assert nullable_seen > 0


def test_rows_with_different_tools_keep_their_own_tool_lists(src):
    res = src.export("hf", per="turn")
    ds = _load(res)
    lists = {row["tools"] for row in ds["train"]}
    assert len(lists) >= 2  # miss_func turns offer fewer tools than later turns
    for tl in lists:
        for t in json.loads(tl):
            assert set(t) == {"type", "function"} and set(t["function"]) == {"name", "description", "parameters"}

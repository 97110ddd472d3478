"""sharegpt (LLaMA-Factory): role positions, parallel calls as one list, dataset_info.json."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import all_records, canonical_calls, rewrite_first_jsonl

from toolgym.exporters import validate_export

USER_SIDE, MODEL_SIDE = ("human", "observation"), ("gpt", "function_call")


@pytest.fixture(scope="module", params=["conversation", "turn"])
def lf_export(request, src):
    res = src.export("sharegpt", per=request.param)
    assert res.validation.ok, res.validation.summary()
    return res


def test_roles_sit_where_llamafactory_requires(lf_export):
    rows = all_records(lf_export)
    assert rows
    for row in rows:
        conv = row["conversations"]
        assert len(conv) % 2 == 0
        for i, turn in enumerate(conv):
            # LLaMA-Factory's converter: odd positions (1st, 3rd, ...) user side, even model side.
            assert turn["from"] in (USER_SIDE if i % 2 == 0 else MODEL_SIDE), (i, turn["from"])
        assert isinstance(row["system"], str) and isinstance(row["tools"], str)


def test_parallel_calls_are_one_function_call_holding_a_list(lf_export, src):
    calls = canonical_calls(src.episodes)
    by_name_args = {(n, json.dumps(a, sort_keys=True)) for n, a in calls.values()}
    parallel = 0
    for row in all_records(lf_export):
        conv = row["conversations"]
        for i, turn in enumerate(conv):
            if turn["from"] != "function_call":
                continue
            body = turn["value"].split("</think>\n\n", 1)[-1]
            value = json.loads(body)
            items = value if isinstance(value, list) else [value]
            if isinstance(value, list):
                parallel += 1
                assert len(value) > 1
                results = json.loads(conv[i + 1]["value"])
                assert conv[i + 1]["from"] == "observation" and isinstance(results, list) and len(results) == len(value)
            for c in items:
                assert isinstance(c["arguments"], dict)  # objects, never strings
                assert (c["name"], json.dumps(c["arguments"], sort_keys=True)) in by_name_args
    assert parallel > 0


def test_reasoning_is_a_think_block_in_model_turns(lf_export, src):
    values = [t["value"] for r in all_records(lf_export) for t in r["conversations"] if t["from"] in MODEL_SIDE]
    joined = "\n".join(values)
    for e in src.episodes:
        for m in e.messages:
            if m.reasoning:
                assert f"<think>\n{m.reasoning}\n</think>" in joined


def test_dataset_info_registers_every_split(lf_export):
    info = json.loads((lf_export.out / "dataset_info.json").read_text())
    assert set(info) == {f"toolgym_{s}" for s in lf_export.records}
    for _name, entry in info.items():
        assert entry["formatting"] == "sharegpt"
        assert entry["columns"] == {"messages": "conversations", "system": "system", "tools": "tools"}
        assert entry["tags"]["function_tag"] == "function_call" and entry["tags"]["observation_tag"] == "observation"
        assert (lf_export.out / entry["file_name"]).exists()


def test_tools_column_is_a_json_list_of_bare_functions(lf_export):
    for row in all_records(lf_export):
        tools = json.loads(row["tools"])
        assert tools and all(set(t) == {"name", "description", "parameters"} for t in tools)


def test_text_beside_calls_is_reported_as_lossy(export_dir):
    res = export_dir("sharegpt")
    man = json.loads((res.out / "export.json").read_text())
    assert man["lossy"].get("content_with_calls", 0) > 0  # the long_context episodes narrate a call
    assert "left out" in (res.out / "README.md").read_text()


def test_validator_rejects_a_misplaced_role_and_consecutive_function_calls(export_dir, run_dir, tmp_path):
    res = export_dir("sharegpt")

    def swap(row):
        row["conversations"][0]["from"] = "gpt"
        return row

    def split_parallel(row):
        conv = row["conversations"]
        for i, t in enumerate(conv):
            body = t["value"].split("</think>\n\n", 1)[-1]
            if t["from"] == "function_call" and body.startswith("["):
                calls = json.loads(body)
                t["value"] = json.dumps(calls[0])
                conv.insert(i + 1, {"from": "function_call", "value": json.dumps(calls[1])})
                return row
        raise AssertionError("no parallel call in the first row")

    out = tmp_path / "swap"
    shutil.copytree(res.out, out)
    rewrite_first_jsonl(out, swap)
    report = validate_export(out)
    assert not report.ok and any("invalid role tag" in e for e in report.errors)

    out = tmp_path / "split"
    shutil.copytree(res.out, out)
    rewrite_first_jsonl(out, split_parallel)
    report = validate_export(out, run_dir)
    assert not report.ok


def test_llamafactory_rules_hold_for_every_row(src):
    """LLaMA-Factory's sharegpt converter rules as its converter.py documents them (the package's own
    code is exercised by benchmarks/export_consumers.py where llamafactory is installed; it cannot
    be a test dependency: its template code imports torchaudio, which has no CPU build for the
    torch these tests use): human/observation at odd positions, gpt/function_call at even ones,
    an even count, parallel calls one function_call holding a JSON list of {name, arguments}."""
    import json as _json

    res = src.export("sharegpt")
    info = _json.loads((res.out / "dataset_info.json").read_text())
    entry = info["toolgym_train"]
    assert entry["formatting"] == "sharegpt" and entry["columns"]["messages"] == "conversations"
    tags = entry["tags"]
    odd, even = (tags["user_tag"], tags["observation_tag"]), (tags["assistant_tag"], tags["function_tag"])
    for line in (res.out / entry["file_name"]).read_text(encoding="utf-8").splitlines():
        row = _json.loads(line)
        conv = row[entry["columns"]["messages"]]
        assert len(conv) % 2 == 0
        for i, t in enumerate(conv):
            assert t[tags["role_tag"]] in (odd, even)[i % 2]
            if t[tags["role_tag"]] == tags["function_tag"]:
                body = t[tags["content_tag"]].split("</think>\n\n", 1)[-1]
                calls = _json.loads(body)
                for c in calls if isinstance(calls, list) else [calls]:
                    assert isinstance(c["arguments"], dict) and set(c) == {"name", "arguments"}
        assert isinstance(_json.loads(row[entry["columns"]["tools"]]), list)

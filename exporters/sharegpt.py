"""ShareGPT with tools, for LLaMA-Factory (``formatting: sharegpt``), with its dataset_info.json.

One row per record::

    {"id": "ep00007/0",
     "conversations": [
        {"from": "human", "value": "Weather in Oslo and Rome?"},
        {"from": "function_call", "value": "<think>\\nTwo cities.\\n</think>\\n\\n[{\\"name\\": ...}, {...}]"},
        {"from": "observation", "value": "[{\\"temp_c\\":4},{\\"temp_c\\":17}]"},
        {"from": "gpt", "value": "<think>\\nCompare.\\n</think>\\n\\nOslo 4°C, Rome 17°C."}],
     "system": "You are a travel helper.",
     "tools": "[{\\"name\\": \\"get_weather\\", \\"description\\": ..., \\"parameters\\": {...}}]"}

LLaMA-Factory's rules (src/llamafactory/data/converter.py): ``human``/``observation`` at odd
positions (1st, 3rd, ...), ``gpt``/``function_call`` at even ones, an even number of turns,
else the row is dropped as "Invalid role tag". Parallel calls are ONE ``function_call`` whose
value is a JSON list of ``{"name", "arguments"}`` (arguments objects, never strings), followed by
ONE ``observation`` (a JSON list of the results in call order; a single call's result alone).
Reasoning is a ``<think>`` block at the start of the value, which LLaMA-Factory's function
formatter keeps. Episodes that cannot be put in this shape (two assistant messages in a row)
are skipped and reported; text an assistant wrote beside its calls cannot be represented and is
counted in export.json's ``lossy``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolgym.fastjson import dumps, dumps_std, loads

from .base import Format
from .samples import EpisodeError, Sample
from .stdjson import compact
from .view import decode_result, encode_result, join_think, split_think

__all__ = ["ShareGPTFormat", "dataset_info_entry", "COLUMNS", "TAGS"]

COLUMNS = {"messages": "conversations", "system": "system", "tools": "tools"}
TAGS = {
    "role_tag": "from",
    "content_tag": "value",
    "user_tag": "human",
    "assistant_tag": "gpt",
    "observation_tag": "observation",
    "function_tag": "function_call",
    "system_tag": "system",
}
_ODD = ("human", "observation")  # 1st, 3rd, ... (0-based even indices)
_EVEN = ("gpt", "function_call")
_NEXT = {
    None: ("human",),
    "human": ("gpt", "function_call"),
    "function_call": ("observation",),
    "observation": ("gpt", "function_call"),
    "gpt": ("human",),
}


def dataset_info_entry(file_name: str) -> dict[str, Any]:
    """LLaMA-Factory's ``dataset_info.json`` entry for one data file."""
    return {"file_name": file_name, "formatting": "sharegpt", "columns": dict(COLUMNS), "tags": dict(TAGS)}


def _bare_tool(t: dict[str, Any]) -> dict[str, Any]:
    return {"name": t["name"], "description": t.get("description", ""), "parameters": t.get("parameters") or {"type": "object", "properties": {}}}


def _result_obj(m: dict[str, Any]) -> Any:
    return {"error": m["error"]} if m.get("error") is not None else m.get("content")


class ShareGPTFormat(Format):
    name = "sharegpt"
    carries = frozenset({"system", "reasoning"})
    summary = (
        "LLaMA-Factory ShareGPT (`conversations` of `human`/`function_call`/`observation`/`gpt`, plus `system` "
        "and `tools` columns); parallel calls are one `function_call` holding a JSON list; reasoning is a "
        "`<think>` block; `dataset_info.json` beside the data registers every split."
    )

    tail_key = "tools"

    def _tools_json(self, tools: list[dict[str, Any]]) -> str:
        return self.cached("tools", tools, lambda ts: dumps_std([_bare_tool(t) for t in ts]))

    def record(self, sample: Sample) -> dict[str, Any]:
        conv: list[dict[str, str]] = []
        append = conv.append
        msgs = sample.messages
        n = len(msgs)
        train_from = sample.train_from
        i = 0
        prev = None
        while i < n:
            m = msgs[i]
            role = m["role"]
            if role == "user":
                tag, value = "human", m.get("content") or ""
                i += 1
            elif role == "assistant" and m.get("tool_calls"):
                calls = m["tool_calls"]
                if m.get("content") and i >= train_from:
                    self.lossy["content_with_calls"] += 1
                objs = [{"name": c["name"], "arguments": c.get("arguments") or {}} for c in calls]
                body = compact(objs[0] if len(objs) == 1 else objs)
                i += 1
                by_id = {}
                while i < n and msgs[i]["role"] == "tool":
                    by_id[msgs[i]["tool_call_id"]] = msgs[i]
                    i += 1
                ordered = [by_id[c["id"]] for c in calls]
                if "function_call" not in _NEXT[prev]:
                    self._check_step(prev, "function_call", sample)
                append({"from": "function_call", "value": join_think(m.get("reasoning"), body)})
                prev = "function_call"
                tag = "observation"
                value = encode_result(ordered[0]) if len(ordered) == 1 else dumps([_result_obj(r) for r in ordered])
            elif role == "assistant":
                tag, value = "gpt", join_think(m.get("reasoning"), m.get("content"))
                i += 1
            else:  # a tool message not right after its calls cannot happen (check_episode)
                raise EpisodeError(f"unexpected {role} message at {i} for ShareGPT")
            if tag not in _NEXT[prev]:
                self._check_step(prev, tag, sample)
            append({"from": tag, "value": value})
            prev = tag
        if prev not in _EVEN:
            raise EpisodeError(f"sample {sample.index} ends with {prev!r}; LLaMA-Factory needs it to end with gpt or function_call")
        return {"id": sample.id, "conversations": conv, "system": sample.system or "", "tools": self._tools_json(sample.tools)}

    @staticmethod
    def _check_step(prev: str | None, tag: str, sample: Sample) -> str:
        if tag not in _NEXT[prev]:
            raise EpisodeError(
                f"sample {sample.index}: {tag!r} after {prev!r}; LLaMA-Factory expects one of {list(_NEXT[prev])} there"
            )
        return tag

    def close(self) -> dict[str, list[str]]:
        files = super().close()
        assert self.out is not None
        info = {f"{self.opts.name}_{split}": dataset_info_entry(fs[0]) for split, fs in files.items()}
        (self.out / "dataset_info.json").write_text(dumps_std(info) + "\n", encoding="utf-8")
        return files

    def extra_files(self) -> list[str]:
        return ["dataset_info.json"]

    def check_files(self, out: Path, manifest: dict[str, Any]) -> list[str]:
        p = out / "dataset_info.json"
        if not p.exists():
            return ["dataset_info.json is missing"]
        info = loads(p.read_bytes())
        errs = []
        for split, s in manifest["splits"].items():
            key = f"{manifest['options']['name']}_{split}"
            entry = info.get(key)
            if entry != dataset_info_entry(s["files"][0]):
                errs.append(f"dataset_info.json entry {key!r} is {entry!r}, expected {dataset_info_entry(s['files'][0])!r}")
            if not (out / s["files"][0]).exists():
                errs.append(f"dataset_info.json names {s['files'][0]}, which does not exist")
        return errs

    # --- reading back -------------------------------------------------------------------------

    def check(self, record: Any) -> list[str]:
        if not isinstance(record, dict) or not isinstance(record.get("conversations"), list):
            return ["expected a row with a 'conversations' list"]
        errs = []
        for key in ("system", "tools"):
            if not isinstance(record.get(key), str):
                errs.append(f"expected '{key}' as a string, got {type(record.get(key)).__name__}")
        conv = record["conversations"]
        if len(conv) % 2:
            errs.append(f"expected an even number of turns, got {len(conv)} (LLaMA-Factory: invalid message count)")
        prev = None
        n_calls = 0
        for i, t in enumerate(conv):
            tag = t.get("from")
            if set(t) != {"from", "value"} or not isinstance(t.get("value"), str):
                errs.append(f"turn {i}: expected {{'from': str, 'value': str}}")
                continue
            allowed = _ODD if i % 2 == 0 else _EVEN
            if tag not in allowed:
                errs.append(f"turn {i}: {tag!r} at position {i + 1}; LLaMA-Factory expects one of {list(allowed)} there (invalid role tag)")
            elif tag not in _NEXT[prev]:
                errs.append(f"turn {i}: {tag!r} after {prev!r}")
            prev = tag
            if tag == "function_call":
                try:
                    calls = _parse_calls(t["value"])
                except ValueError as e:
                    errs.append(f"turn {i}: {e}")
                    continue
                n_calls = len(calls)
            elif tag == "observation" and n_calls > 1:
                try:
                    res = loads(t["value"])
                except ValueError:
                    errs.append(f"turn {i}: observation of {n_calls} parallel calls is not JSON")
                    continue
                if not isinstance(res, list) or len(res) != n_calls:
                    errs.append(f"turn {i}: expected a list of {n_calls} results, got {str(res)[:60]}")
        return errs

    def tool_names(self, record: Any) -> list[str]:
        return [t["name"] for t in loads(record["tools"])]

    def view(self, record: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if record.get("system"):
            out.append({"role": "system", "content": record["system"]})
        n_calls = 0
        for t in record["conversations"]:
            tag, value = t["from"], t["value"]
            if tag == "human":
                out.append({"role": "user", "content": value})
            elif tag == "gpt":
                reasoning, content = split_think(value)
                out.append({"role": "assistant", "content": content, "reasoning": reasoning, "calls": []})
            elif tag == "function_call":
                reasoning, _ = split_think(value)
                calls = [{"id": None, "name": c["name"], "arguments": c["arguments"]} for c in _parse_calls(value)]
                n_calls = len(calls)
                out.append({"role": "assistant", "content": None, "reasoning": reasoning, "calls": calls})
            elif tag == "observation":
                if n_calls == 1:
                    pairs = [decode_result(value)]
                else:
                    pairs = [decode_result(dumps(v)) for v in loads(value)]
                for v, e in pairs:
                    out.append({"role": "tool", "id": None, "name": None, "value": v, "error": e})
        return out


def _parse_calls(value: str) -> list[dict[str, Any]]:
    """The calls of a function_call value, the way LLaMA-Factory reads them (think block removed)."""
    reasoning, body = split_think(value)
    try:
        parsed = loads(body or "")
    except ValueError:
        raise ValueError(f"function_call value is not JSON after the think block: {(body or '')[:60]!r}") from None
    calls = parsed if isinstance(parsed, list) else [parsed]
    for c in calls:
        if not isinstance(c, dict) or not isinstance(c.get("name"), str) or "arguments" not in c:
            raise ValueError(f"expected {{'name': ..., 'arguments': {{...}}}} in function_call, got {str(c)[:60]}")
        if not isinstance(c["arguments"], dict):
            raise ValueError(f"arguments of {c['name']} are {type(c['arguments']).__name__}, not an object (double-encoded?)")
    return calls

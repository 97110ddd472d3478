"""Hermes function-calling tags, stored as ShareGPT turns (system/human/gpt/tool).

The layout NousResearch's Hermes models and Qwen2.5/3 templates use::

    system: <the environment's prompt>

            # Tools
            ... <tools>
            {"type": "function", "function": {"name": "get_rate", ...}}
            </tools> ... <tool_call></tool_call> ...
    human:  EUR to JPY rate?
    gpt:    <think>
            Need the rate.
            </think>

            <tool_call>
            {"name": "get_rate", "arguments": {"base": "EUR", "quote": "JPY"}}
            </tool_call>
    tool:   <tool_response>
            {"name": "get_rate", "content": {"rate": 162.4}}
            </tool_response>
    gpt:    The rate is 162.4.

Each call is its own ``<tool_call>`` block (parallel calls: several blocks in one gpt turn),
every result its own ``<tool_response>`` block in one tool turn, in call order (the tags carry
no ids: results pair with calls by position). Call JSON is spelled as the Qwen/Hermes templates
render it at inference (``json.dumps`` defaults), so training text matches serving text.
"""

from __future__ import annotations

import re
from typing import Any

from toolgym.fastjson import dumpb, dumps, loads

from .base import Format
from .openai import tool_openai
from .samples import EpisodeError, Sample
from .stdjson import spaced
from .view import decode_result, join_think, split_think

__all__ = ["HermesFormat", "tools_prompt", "SYSTEM_MARK"]

SYSTEM_MARK = "# Tools\n\n"
_CALL_RE = re.compile(r"<tool_call>\n(.*?)\n</tool_call>", re.DOTALL)
_RESP_RE = re.compile(r"<tool_response>\n(.*?)\n</tool_response>", re.DOTALL)
_TOOLS_RE = re.compile(r"<tools>\n(.*?)\n?</tools>", re.DOTALL)


# The spelling of Jinja's tojson in HF templates: json.dumps defaults, UTF-8 kept. orjson cannot
# space separators, and respacing its output in Python costs more than the standard library's C
# encoder (see stdjson).
_j = spaced


def tools_prompt(tools: list[dict[str, Any]]) -> str:
    """The tool section of the system prompt: schemas in ``<tools>``, the call format in ``<tool_call>``."""
    lines = "\n".join(_j(tool_openai(t)) for t in tools)
    return (
        f"{SYSTEM_MARK}You may call one or more functions to help with the user's request. The function "
        f"signatures are inside <tools></tools> XML tags:\n<tools>\n{lines}\n</tools>\n\n"
        "For each function call, return a JSON object with the function name and arguments inside "
        "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>"
    )


class HermesFormat(Format):
    name = "hermes"
    carries = frozenset({"result_names", "content_with_calls", "system", "reasoning"})
    summary = (
        "Hermes function-calling tags in ShareGPT turns (`system`/`human`/`gpt`/`tool`): tool schemas in "
        "`<tools>` in the system prompt, each call a `<tool_call>` block, each result a `<tool_response>` "
        "block, reasoning in `<think>`."
    )

    def __init__(self, options: Any):
        super().__init__(options)
        self._prompts: dict[int, tuple[dict[str, Any], str]] = {}  # id(record) -> (record, its tools prompt)

    def _tools_prompt(self, tools: list[dict[str, Any]]) -> str:
        return self.cached("tools", tools, tools_prompt)

    def records(self, samples: list[Sample]) -> list[dict[str, Any]]:
        self._prompts.clear()
        return [self.record(s) for s in samples]

    def record(self, sample: Sample) -> dict[str, Any]:
        prompt = self._tools_prompt(sample.tools)
        system = f"{sample.system}\n\n{prompt}" if sample.system else prompt
        conv = [{"from": "system", "value": system}]
        append = conv.append
        msgs = sample.messages
        n = len(msgs)
        i = 0
        while i < n:
            m = msgs[i]
            role = m["role"]
            i += 1
            if role == "user":
                append({"from": "human", "value": m.get("content") or ""})
            elif role == "assistant":
                calls = m.get("tool_calls")
                text = m.get("content") or ""
                if calls:
                    blocks = "\n".join([f"<tool_call>\n{_j({'name': c['name'], 'arguments': c.get('arguments') or {}})}\n</tool_call>" for c in calls])
                    body = f"{text}\n{blocks}" if text else blocks
                else:
                    body = text
                append({"from": "gpt", "value": join_think(m.get("reasoning"), body)})
                if calls:
                    by_id = {}
                    while i < n and msgs[i]["role"] == "tool":
                        by_id[msgs[i]["tool_call_id"]] = msgs[i]
                        i += 1
                    resp = []
                    for c in calls:
                        r = by_id[c["id"]]
                        err = r.get("error")
                        content = {"error": err} if err is not None else r.get("content")
                        resp.append(f"<tool_response>\n{_j({'name': r.get('name') or c['name'], 'content': content})}\n</tool_response>")
                    append({"from": "tool", "value": "\n".join(resp)})
            else:
                raise EpisodeError(f"unexpected {role} message at {i - 1} for Hermes")
        rec = {"id": sample.id, "conversations": conv}
        self._prompts[id(rec)] = (rec, prompt)
        return rec

    def write(self, split: str, records: list[dict[str, Any]], episode: dict[str, Any]) -> None:
        w = self.writer(split)
        for r in records:
            made = self._prompts.pop(id(r), None)
            line = self._line(r, made[1]) if made is not None and made[0] is r else None
            if line is None:
                w.write(r)
            else:
                w.write_line(line)
        self._prompts.clear()

    def _line(self, rec: dict[str, Any], prompt: str) -> bytes | None:
        """The record's JSON line with the tools prompt's JSON spliced in (the bytes ``dumpb(rec)`` gives).

        The prompt is 3-50 KB of tool schemas, the same for every record of an environment:
        its escaped form is made once per distinct prompt. Escaping a string is character by
        character, so the escaped system text is the escaped prefix followed by the escaped prompt.
        """
        conv = rec["conversations"]
        system = conv[0]["value"]
        if list(rec) != ["id", "conversations"] or list(conv[0]) != ["from", "value"] or not system.endswith(prompt):
            return None
        try:
            spelled = self.cached("prompt_json", prompt, dumpb)
            prefix = system[: len(system) - len(prompt)]
            value = dumpb(prefix)[:-1] + spelled[1:] if prefix else spelled
            rest = dumpb(conv[1:])
        except (TypeError, ValueError):  # what orjson refuses (lone surrogates): the general path
            return None
        head = b'{"id":' + dumpb(rec["id"]) + b',"conversations":[{"from":"system","value":' + value + b"}"
        return head + (b"," + rest[1:] if len(rest) > 2 else b"]") + b"}\n"

    # --- reading back -------------------------------------------------------------------------

    def tool_names(self, record: Any) -> list[str]:
        m = _TOOLS_RE.search(record["conversations"][0]["value"])
        if m is None:
            return []
        return [loads(line)["function"]["name"] for line in m.group(1).split("\n") if line.strip()]

    def check(self, record: Any) -> list[str]:
        if not isinstance(record, dict) or not isinstance(record.get("conversations"), list) or not record["conversations"]:
            return ["expected a row with a non-empty 'conversations' list"]
        conv = record["conversations"]
        errs: list[str] = []
        if conv[0].get("from") != "system" or "<tools>" not in conv[0].get("value", ""):
            errs.append("the first turn must be the system prompt with <tools>")
        else:
            try:
                self.tool_names(record)
            except (ValueError, KeyError, TypeError):
                errs.append("<tools> does not hold one JSON tool schema per line")
        open_calls = 0
        for i, t in enumerate(conv[1:], 1):
            tag, value = t.get("from"), t.get("value")
            if tag not in ("human", "gpt", "tool") or not isinstance(value, str):
                errs.append(f"turn {i}: expected from human/gpt/tool with a string value, got {tag!r}")
                continue
            if tag == "tool":
                n = len(_RESP_RE.findall(value))
                if conv[i - 1].get("from") != "gpt" or n != open_calls:
                    errs.append(f"turn {i}: {n} <tool_response> blocks answer {open_calls} <tool_call> blocks")
                for body in _RESP_RE.findall(value):
                    try:
                        r = loads(body)
                        if not (isinstance(r, dict) and set(r) == {"name", "content"}):
                            raise ValueError
                    except ValueError:
                        errs.append(f"turn {i}: a <tool_response> is not {{'name': ..., 'content': ...}} JSON")
                open_calls = 0
                continue
            if open_calls:
                errs.append(f"turn {i}: {open_calls} calls before it got no <tool_response>")
            open_calls = 0
            if tag == "gpt":
                for body in _CALL_RE.findall(value):
                    open_calls += 1
                    try:
                        c = loads(body)
                    except ValueError:
                        errs.append(f"turn {i}: a <tool_call> is not JSON: {body[:60]!r}")
                        continue
                    if not (isinstance(c, dict) and isinstance(c.get("name"), str) and isinstance(c.get("arguments"), dict)):
                        errs.append(f"turn {i}: a <tool_call> is not {{'name': str, 'arguments': object}} (double-encoded?): {body[:60]!r}")
        if open_calls:
            errs.append("the last calls got no <tool_response>")
        return errs

    def view(self, record: Any) -> list[dict[str, Any]]:
        conv = record["conversations"]
        out: list[dict[str, Any]] = []
        sys_value = conv[0]["value"]
        own = sys_value.split("\n\n" + SYSTEM_MARK, 1)[0] if ("\n\n" + SYSTEM_MARK) in sys_value else None
        if own is not None:
            out.append({"role": "system", "content": own})
        for t in conv[1:]:
            tag, value = t["from"], t["value"]
            if tag == "human":
                out.append({"role": "user", "content": value})
            elif tag == "gpt":
                reasoning, body = split_think(value)
                body = body or ""
                first = body.find("<tool_call>\n")
                text = body if first < 0 else body[:first]
                if first > 0 and text.endswith("\n"):
                    text = text[:-1]
                calls = [{"id": None, **_call(b)} for b in _CALL_RE.findall(body)]
                out.append({"role": "assistant", "content": text or None, "reasoning": reasoning, "calls": calls})
            elif tag == "tool":
                for b in _RESP_RE.findall(value):
                    r = loads(b)
                    v, e = decode_result(dumps(r["content"]))
                    out.append({"role": "tool", "id": None, "name": r["name"], "value": v, "error": e})
        return out


def _call(body: str) -> dict[str, Any]:
    c = loads(body)
    return {"name": c["name"], "arguments": c["arguments"]}

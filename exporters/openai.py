"""OpenAI chat fine-tuning JSONL: ``messages`` + ``tools`` + ``parallel_tool_calls``.

Read by the OpenAI and Azure fine-tuning APIs, Together AI, torchtune's ``OpenAIToMessages``
and LLaMA-Factory's ``openai`` formatting. One line per record::

    {"messages": [
        {"role": "system", "content": "..."},
        {"role": "user", "content": "..."},
        {"role": "assistant", "content": null,
         "tool_calls": [{"id": "a1B2c3D4e", "type": "function",
                         "function": {"name": "search_books", "arguments": "{\\"query\\":\\"Dune\\"}"}}]},
        {"role": "tool", "tool_call_id": "a1B2c3D4e", "content": "[{...}]"},
        {"role": "assistant", "content": "Dune is on the shelf."}],
     "tools": [{"type": "function", "function": {"name": ..., "description": ..., "parameters": {...}}}],
     "parallel_tool_calls": true}

``function.arguments`` is a JSON **string** (the wire format), parallel calls share one
assistant message, each result carries its call's ``tool_call_id``. Every key is one that
OpenAI's chat fine-tuning schema documents (the SDK's message and tool param types, plus
``weight`` on assistant messages); a row with any other key is rejected, so by default the
reasoning is left out: the schema has no place for it. ``reasoning_style="think"`` puts it
inline, ``<think>...</think>`` before the content (a place the schema allows: the content is
text); ``reasoning_style="field"`` writes a ``reasoning`` key, outside OpenAI's schema, for
trainers that read that key. In per-turn records the history's assistant messages carry
``"weight": 0``, so only the turn itself is trained.
"""

from __future__ import annotations

from typing import Any

from toolgym.fastjson import dumps, loads

from .base import Format
from .samples import Sample
from .view import decode_result, join_think, split_think

__all__ = ["OpenAIFormat", "tool_openai"]

# The keys OpenAI's chat fine-tuning schema documents per role (the SDK's *MessageParam types;
# ``weight`` on assistant messages from the fine-tuning guide). Only those toolgym writes or
# that a writer might plausibly add are listed; anything else is reported.
_KEYS = {
    "system": frozenset({"role", "content", "name"}),
    "user": frozenset({"role", "content", "name"}),
    "assistant": frozenset({"role", "content", "tool_calls", "weight", "name", "refusal"}),
    "tool": frozenset({"role", "content", "tool_call_id"}),
}


def tool_openai(spec: dict[str, Any]) -> dict[str, Any]:
    """``ToolSpec.to_openai()`` on the spec's dict form."""
    return {
        "type": "function",
        "function": {
            "name": spec["name"],
            "description": spec.get("description", ""),
            "parameters": spec.get("parameters") or {"type": "object", "properties": {}},
        },
    }


def _openai_tools(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [tool_openai(t) for t in tools]


class OpenAIFormat(Format):
    name = "openai"
    tail_key = "tools"
    summary = (
        "OpenAI chat fine-tuning JSONL (`messages`, `tools`, `parallel_tool_calls`); tool-call "
        "`arguments` are JSON strings; each `tool` message carries its `tool_call_id`."
    )

    def keeps_reasoning(self) -> bool:
        return self.opts.reasoning and self.opts.reasoning_style != "auto"

    def record(self, sample: Sample) -> dict[str, Any]:
        # The hot loop of the export: one pass, locals only, each message built as one literal.
        think = self.opts.reasoning_style == "think"
        field = self.opts.reasoning_style == "field"
        train_from = sample.train_from
        msgs: list[dict[str, Any]] = []
        append = msgs.append
        if sample.system is not None:
            append({"role": "system", "content": sample.system})
        for i, m in enumerate(sample.messages):
            role = m["role"]
            if role == "tool":
                err = m.get("error")
                append({"role": "tool", "tool_call_id": m["tool_call_id"],
                        "content": dumps({"error": err}) if err is not None else dumps(m.get("content"))})  # encode_result
            elif role == "assistant":
                content = m.get("content")
                reasoning = m.get("reasoning")
                calls = m.get("tool_calls")
                if think:
                    d: dict[str, Any] = {"role": "assistant", "content": join_think(reasoning, content) or (None if calls else "")}
                else:
                    d = {"role": "assistant", "content": content if (content is not None or calls) else ""}
                    if reasoning and field:
                        d["reasoning"] = reasoning
                if calls:
                    d["tool_calls"] = [
                        {"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": dumps(c.get("arguments") or {})}}
                        for c in calls
                    ]
                if i < train_from:
                    d["weight"] = 0
                append(d)
            else:
                append({"role": role, "content": m.get("content") or ""})
        tools = self.cached("tools", sample.tools, _openai_tools)
        return {"messages": msgs, "parallel_tool_calls": True, "tools": tools}

    def check(self, record: Any) -> list[str]:
        errs: list[str] = []
        if not isinstance(record, dict) or not isinstance(record.get("messages"), list):
            return ["expected an object with a 'messages' list"]
        extra = set(record) - {"messages", "tools", "parallel_tool_calls"}
        if extra:
            errs.append(f"unexpected top-level keys {sorted(extra)}")
        for t in record.get("tools") or []:
            if not (isinstance(t, dict) and t.get("type") == "function" and isinstance(t.get("function"), dict) and t["function"].get("name")):
                errs.append(f"a tool is not {{'type': 'function', 'function': {{'name': ...}}}}: {str(t)[:80]}")
        pending: set[str] = set()
        for i, m in enumerate(record["messages"]):
            role = m.get("role")
            if role not in ("system", "user", "assistant", "tool"):
                errs.append(f"message {i}: unknown role {role!r}")
                continue
            extra = set(m) - _KEYS[role] - ({"reasoning"} if role == "assistant" and self.opts.reasoning_style == "field" else set())
            if extra:
                errs.append(f"message {i}: keys {sorted(extra)} are not in OpenAI's chat fine-tuning schema for {role} messages")
            if role != "tool" and pending:
                errs.append(f"message {i}: calls {sorted(pending)} have no tool message")
                pending = set()
            if role == "assistant":
                calls = m.get("tool_calls") or []
                if m.get("content") is None and not calls:
                    errs.append(f"message {i}: an assistant message needs content or tool_calls")
                if "weight" in m and m["weight"] not in (0, 1):
                    errs.append(f"message {i}: weight must be 0 or 1, got {m['weight']!r}")
                for c in calls:
                    fn = c.get("function") or {}
                    if c.get("type") != "function" or not fn.get("name"):
                        errs.append(f"message {i}: a tool call lacks type 'function' or a name")
                    args = fn.get("arguments")
                    if not isinstance(args, str):
                        errs.append(f"message {i}: expected arguments as a JSON string, got {type(args).__name__}")
                        continue
                    try:
                        decoded = loads(args)
                    except ValueError:
                        errs.append(f"message {i}: arguments of {fn.get('name')} are not JSON: {args[:60]!r}")
                        continue
                    if not isinstance(decoded, dict):
                        errs.append(f"message {i}: arguments of {fn.get('name')} decode to {type(decoded).__name__}, not an object (double-encoded?)")
                    pending.add(c.get("id"))
            elif role == "tool":
                if m.get("tool_call_id") not in pending:
                    errs.append(f"message {i}: tool_call_id {m.get('tool_call_id')!r} pairs with no open call")
                pending.discard(m.get("tool_call_id"))
                if not isinstance(m.get("content"), str):
                    errs.append(f"message {i}: tool content must be a string")
            elif not isinstance(m.get("content"), str):
                errs.append(f"message {i}: {role} content must be a string")
        if pending:
            errs.append(f"calls {sorted(pending)} have no tool message")
        return errs

    def view(self, record: Any) -> list[dict[str, Any]]:
        think = self.opts.reasoning_style == "think"
        out: list[dict[str, Any]] = []
        for m in record["messages"]:
            role = m["role"]
            if role == "assistant":
                content, reasoning = m.get("content"), m.get("reasoning")
                if think:
                    reasoning, content = split_think(content)
                calls = [
                    {"id": c["id"], "name": c["function"]["name"], "arguments": loads(c["function"]["arguments"])}
                    for c in m.get("tool_calls") or ()
                ]
                out.append({"role": "assistant", "content": content, "reasoning": reasoning, "calls": calls})
            elif role == "tool":
                value, error = decode_result(m["content"])
                out.append({"role": "tool", "id": m["tool_call_id"], "name": None, "value": value, "error": error})
            else:
                out.append({"role": role, "content": m["content"]})
        return out

    carries = frozenset({"ids", "content_with_calls", "system", "reasoning"})

"""A format-neutral view of a conversation, for proving that an export lost nothing.

Every format reads its own records back into a *view*: a list of entries ::

    {"role": "system" | "user", "content": str}
    {"role": "assistant", "content": str | None, "reasoning": str | None,
     "calls": [{"id": str | None, "name": str, "arguments": dict}]}
    {"role": "tool", "id": str | None, "name": str | None, "value": Any, "error": str | None}

and the validator compares it with the view of the canonical sample, after removing what the
format cannot carry at all (ids in Hermes tags, the text beside calls in LLaMA-Factory's
``function_call``, reasoning in OpenAI's schema), which each format declares in ``carries``.

Tool results are written as the JSON of the value, or ``{"error": message}`` for a failed call
(the same convention as ``Message.text()``).
"""

from __future__ import annotations

import re
from typing import Any

from toolgym.fastjson import dumps, loads

__all__ = [
    "expected_view",
    "normalize",
    "diff_views",
    "encode_result",
    "decode_result",
    "join_think",
    "split_think",
    "CARRY_ALL",
]

CARRY_ALL = frozenset({"ids", "result_names", "content_with_calls", "system", "reasoning"})

_THINK_RE = re.compile(r"\A<think>\n(.*?)\n</think>\n\n", re.DOTALL)


def join_think(reasoning: str | None, content: str | None) -> str:
    """``<think>\\n{reasoning}\\n</think>\\n\\n{content}`` (Qwen3's own spelling), or the content alone."""
    if reasoning:
        return f"<think>\n{reasoning}\n</think>\n\n{content or ''}"
    return content or ""


def split_think(text: str | None) -> tuple[str | None, str | None]:
    """Inverse of :func:`join_think`: (reasoning, content)."""
    if not text:
        return None, None
    m = _THINK_RE.match(text)
    if m is None:
        return None, text
    return m.group(1), text[m.end() :] or None


def encode_result(m: dict[str, Any]) -> str:
    """A tool message's content as text: the result's JSON, or ``{"error": ...}``."""
    err = m.get("error")
    if err is not None:
        return dumps({"error": err})
    return dumps(m.get("content"))


def decode_result(text: Any) -> tuple[Any, str | None]:
    """(value, error) from :func:`encode_result`'s text."""
    if not isinstance(text, str):
        raise ValueError(f"expected a tool result as a JSON string, got {type(text).__name__}")
    value = loads(text)
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("error"), str):
        return None, value["error"]
    return value, None


def expected_view(system: str | None, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The view of canonical messages (plus the system prompt)."""
    view: list[dict[str, Any]] = []
    if system is not None:
        view.append({"role": "system", "content": system})
    for m in messages:
        role = m["role"]
        if role == "assistant":
            view.append(
                {
                    "role": "assistant",
                    "content": m.get("content") or None,
                    "reasoning": m.get("reasoning") or None,
                    "calls": [
                        {"id": c["id"], "name": c["name"], "arguments": c.get("arguments") or {}}
                        for c in m.get("tool_calls") or ()
                    ],
                }
            )
        elif role == "tool":
            # Round-trip through the text form, so a result that is itself {"error": "..."}
            # compares the way every reader must see it.
            value, error = decode_result(encode_result(m))
            view.append({"role": "tool", "id": m.get("tool_call_id"), "name": m.get("name"), "value": value, "error": error})
        else:
            view.append({"role": role, "content": m.get("content")})
    return view


def normalize(view: list[dict[str, Any]], carries: frozenset[str]) -> list[dict[str, Any]]:
    """Remove from a view what a format cannot carry, and unify empty text with None."""
    out = []
    for e in view:
        e = dict(e)
        if e["role"] == "assistant":
            e["content"] = e.get("content") or None
            e["reasoning"] = (e.get("reasoning") or None) if "reasoning" in carries else None
            calls = [dict(c) for c in e.get("calls") or ()]
            if "ids" not in carries:
                for c in calls:
                    c["id"] = None
            e["calls"] = calls
            if calls and "content_with_calls" not in carries:
                e["content"] = None
        elif e["role"] == "tool":
            if "ids" not in carries:
                e["id"] = None
            if "result_names" not in carries:
                e["name"] = None
        elif e["role"] == "system" and "system" not in carries:
            continue
        out.append(e)
    return out


def _short(v: Any) -> str:
    s = dumps(v)
    return s if len(s) <= 160 else s[:157] + "..."


def diff_views(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[str]:
    """Human-readable differences between two views (empty when equal)."""
    if expected == got:
        return []
    errs = []
    if len(expected) != len(got):
        errs.append(f"expected {len(expected)} messages, got {len(got)}")
    for i, (a, b) in enumerate(zip(expected, got, strict=False)):
        if a != b:
            keys = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
            errs.append(f"message {i} ({a.get('role')}): " + "; ".join(f"{k}: expected {_short(a.get(k))}, got {_short(b.get(k))}" for k in keys))
            if len(errs) >= 3:
                break
    return errs or ["views differ"]

"""Actions and observations as strings, built and parsed here so nobody hand-writes JSON.

An **action** is one assistant message as JSON::

    {"content": "text or null", "reasoning": "optional", "tool_calls": [
        {"id": "a1B2c3D4e", "name": "send_message", "arguments": {"receiver_id": "U1", "text": "hi"}}]}

``arguments`` may also be a JSON-encoded string (the OpenAI wire form); it is decoded.

An **observation** is JSON too, one of::

    {"tool_results": [{"call_id": ..., "name": ..., "content": ...} | {..., "error": "..."}]}
    {"user": "the next user message"}            # task mode, after a text answer
    {"done": true, "reward": 1.0}                 # task mode, after the last turn
    {"error": "why the action could not be read"}

All JSON is ASCII (``ensure_ascii``), so any text fits the ``Text`` spaces' charset.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from typing import Any

from toolgym.canonical import dumps_ascii
from toolgym.record import ToolCall, ToolResult, new_call_id

__all__ = ["make_action", "call", "parse_action", "ParsedAction", "CallRequest", "Observation", "parse_observation"]


def call(name: str, /, _id: str | None = None, **arguments: Any) -> ToolCall:
    """A tool call with a fresh 9-character id: ``call("cd", folder="docs")``."""
    return ToolCall(id=_id or new_call_id(), name=name, arguments=arguments)


def make_action(
    calls: list[ToolCall] | ToolCall | None = None,
    content: str | None = None,
    reasoning: str | None = None,
) -> str:
    """The action string for an assistant message."""
    if isinstance(calls, ToolCall):
        calls = [calls]
    msg: dict[str, Any] = {"content": content}
    if reasoning is not None:
        msg["reasoning"] = reasoning
    if calls:
        msg["tool_calls"] = [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in calls]
    return dumps_ascii(msg)


@dataclass(slots=True)
class CallRequest:
    """One requested call as parsed from an action; ``error`` set when it cannot run at all."""

    id: str
    name: str
    arguments: Any
    error: str | None = None


@dataclass(slots=True)
class ParsedAction:
    content: str | None = None
    reasoning: str | None = None
    calls: list[CallRequest] = field(default_factory=list)
    error: str | None = None  # the whole action is unreadable


def _type_name(v: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(v), "number" if isinstance(v, (int, float)) else type(v).__name__
    )


_ACTION_KEYS = frozenset({"content", "tool_calls", "reasoning", "role"})

try:  # orjson decodes an action ~4x faster; anything it refuses goes to json, whose verdict stands
    from orjson import JSONDecodeError as _FastDecodeError
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover - orjson is an optional extra
    _fast_loads = None


# orjson reads integers beyond 64 bits as floats; json keeps them exact. Such inputs go to json.
_LONG_INT = re.compile(r"\d{19}").search


def _loads(action: str | bytes) -> Any:
    if _fast_loads is not None and not _LONG_INT(action if isinstance(action, str) else action.decode("latin-1")):
        try:
            return _fast_loads(action)
        except _FastDecodeError:
            pass
    return json.loads(action)


def parse_action(action: Any, rng: random.Random | None = None) -> ParsedAction:
    """Read an action string (or an already-decoded dict). Never raises on bad input."""
    if isinstance(action, (str, bytes)):
        try:
            msg = _loads(action)
        except (ValueError, RecursionError) as e:
            snippet = action[:40] if isinstance(action, str) else action[:40].decode("ascii", "replace")
            return ParsedAction(error=f"action is not JSON ({e.__class__.__name__}: {e}); got {snippet!r}")
    else:
        msg = action
    if not isinstance(msg, dict):
        return ParsedAction(
            error=f"expected an assistant message as a JSON object with 'tool_calls' and/or 'content', got {_type_name(msg)}"
        )
    if not msg.keys() <= _ACTION_KEYS:
        unknown = set(msg) - _ACTION_KEYS
        return ParsedAction(
            error=f"unexpected keys {sorted(unknown)} in action; expected 'tool_calls', 'content', 'reasoning'"
        )
    content = msg.get("content")
    if content is not None and not isinstance(content, str):
        return ParsedAction(error=f"expected 'content' to be a string or null, got {_type_name(content)}")
    reasoning = msg.get("reasoning")
    if reasoning is not None and not isinstance(reasoning, str):
        return ParsedAction(error=f"expected 'reasoning' to be a string or null, got {_type_name(reasoning)}")
    raw_calls = msg.get("tool_calls") or []
    if not isinstance(raw_calls, list):
        return ParsedAction(error=f"expected 'tool_calls' to be a list, got {_type_name(raw_calls)}")
    if not raw_calls and content is None:
        return ParsedAction(error="empty action: expected 'tool_calls' or 'content'")
    calls = []
    seen_ids: set[str] = set()
    for i, rc in enumerate(raw_calls):
        calls.append(_parse_call(i, rc, seen_ids, rng))
    return ParsedAction(content=content, reasoning=reasoning, calls=calls)


def _parse_call(i: int, rc: Any, seen_ids: set[str], rng: random.Random | None) -> CallRequest:
    if not isinstance(rc, dict):
        return CallRequest(new_call_id(rng), "", None, f"tool_calls[{i}]: expected an object, got {_type_name(rc)}")
    if "function" in rc and isinstance(rc["function"], dict):  # OpenAI wire form
        rc = {"id": rc.get("id"), **rc["function"]}
    cid = rc.get("id")
    if not isinstance(cid, str) or not cid or cid in seen_ids:
        cid = new_call_id(rng)
    seen_ids.add(cid)
    name = rc.get("name")
    if not isinstance(name, str) or not name:
        return CallRequest(cid, "", None, f"tool_calls[{i}]: expected a tool 'name' string, got {_type_name(name)}")
    args = rc.get("arguments", {})
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except ValueError as e:
            return CallRequest(cid, name, args, f"arguments of {name} are not valid JSON: {e}")
    if args is None:
        args = {}
    if not isinstance(args, dict):
        return CallRequest(cid, name, args, f"arguments of {name}: expected an object, got {_type_name(args)}")
    return CallRequest(cid, name, args)


@dataclass(slots=True)
class Observation:
    results: list[ToolResult] | None = None
    user: str | None = None
    done: bool = False
    reward: float | None = None
    error: str | None = None


def parse_observation(obs: str) -> Observation:
    """Read an observation string back into objects."""
    d = json.loads(obs)
    if "tool_results" in d:
        return Observation(
            results=[
                ToolResult(call_id=r["call_id"], name=r["name"], content=r.get("content"), error=r.get("error"))
                for r in d["tool_results"]
            ]
        )
    return Observation(user=d.get("user"), done=bool(d.get("done")), reward=d.get("reward"), error=d.get("error"))

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
from dataclasses import dataclass, field
from typing import Any

from toolgym import safejson
from toolgym.canonical import dumps_ascii
from toolgym.record import ToolCall, ToolResult, new_call_id

__all__ = ["make_action", "call", "parse_action", "ParsedAction", "CallRequest", "Observation", "parse_observation", "MAX_ACTION"]


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
    # Set by parse_action: the arguments are known to be standard, bounded JSON data, so
    # execute() need not walk them again (a CallRequest made by hand is walked).
    checked: bool = False


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

MAX_ACTION = 100_000  # characters of an action string: the action space's max_length
MAX_NAME = 256  # characters of a tool name (OpenAI allows 64); longer ones are refused, not echoed
MAX_ID = 64  # characters of a call id kept as given; longer ones are replaced, not echoed
MAX_CALLS = 1000  # tool calls in one action (each gets a result in the observation)


def _snippet(action: str | bytes) -> str:
    return action[:40] if isinstance(action, str) else action[:40].decode("ascii", "replace")


def parse_action(action: Any, rng: random.Random | None = None) -> ParsedAction:
    """Read an action string (or an already-decoded dict). Never raises on bad input.

    The action must be standard JSON (no ``NaN``/``Infinity``, no number beyond the float
    range, no lone surrogate, integers within 64 bits), at most ``MAX_ACTION`` characters and
    ``MAX_DEPTH`` levels deep; size and depth are checked before anything is parsed.
    """
    if isinstance(action, (str, bytes)):
        if len(action) > MAX_ACTION:
            return ParsedAction(
                error=f"expected an action of at most {MAX_ACTION:,} characters (the action space), got {len(action):,}"
            )
        try:
            msg = safejson.loads(action)
        except ValueError as e:
            return ParsedAction(error=f"action is not standard JSON ({e.__class__.__name__}: {e}); got {_snippet(action)!r}")
        checked = True
    else:
        # Data (the Python API, rollouts): the message is checked here, each call on its own
        # below, so a NaN in one call's arguments fails that call, not its siblings.
        msg = action
        top = {k: v for k, v in msg.items() if k != "tool_calls"} if isinstance(msg, dict) else msg
        why = safejson.problem(top, max_chars=MAX_ACTION)
        if why:
            return ParsedAction(error=f"action is not standard JSON data: {why}")
        checked = False
    if not isinstance(msg, dict):
        return ParsedAction(
            error=f"expected an assistant message as a JSON object with 'tool_calls' and/or 'content', got {_type_name(msg)}"
        )
    if not msg.keys() <= _ACTION_KEYS:
        unknown = sorted(set(msg) - _ACTION_KEYS)
        shown = [safejson.clip(k, 40) for k in unknown[:5]] + ([f"... {len(unknown) - 5} more"] if len(unknown) > 5 else [])
        return ParsedAction(
            error=f"unexpected keys {shown} in action; expected 'tool_calls', 'content', 'reasoning'"
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
    if len(raw_calls) > MAX_CALLS:
        return ParsedAction(error=f"expected at most {MAX_CALLS} tool calls in one action, got {len(raw_calls):,}")
    calls = []
    seen_ids: set[str] = set()
    for i, rc in enumerate(raw_calls):
        if not checked:
            why = safejson.problem(rc, max_depth=safejson.MAX_DEPTH - 2, max_chars=MAX_ACTION)
            if why:
                name = rc.get("name") if isinstance(rc, dict) else None
                name = safejson.clip(name, 40) if isinstance(name, str) and safejson.problem(name) is None else ""
                calls.append(CallRequest(new_call_id(rng), name, None, f"tool_calls[{i}]: invalid call{f' of {name}' if name else ''}: {why}"))
                continue
        calls.append(_parse_call(i, rc, seen_ids, rng))
    return ParsedAction(content=content, reasoning=reasoning, calls=calls)


def _parse_call(i: int, rc: Any, seen_ids: set[str], rng: random.Random | None) -> CallRequest:
    if not isinstance(rc, dict):
        return CallRequest(new_call_id(rng), "", None, f"tool_calls[{i}]: expected an object, got {_type_name(rc)}")
    if "function" in rc and isinstance(rc["function"], dict):  # OpenAI wire form
        rc = {"id": rc.get("id"), **rc["function"]}
    cid = rc.get("id")
    if not isinstance(cid, str) or not cid or len(cid) > MAX_ID or cid in seen_ids:
        cid = new_call_id(rng)
    seen_ids.add(cid)
    name = rc.get("name")
    if not isinstance(name, str) or not name:
        return CallRequest(cid, "", None, f"tool_calls[{i}]: expected a tool 'name' string, got {_type_name(name)}")
    if len(name) > MAX_NAME:
        short = safejson.clip(name, 40)
        return CallRequest(cid, short, None, f"tool_calls[{i}]: expected a tool name of at most {MAX_NAME} characters, got {len(name):,} ({short!r})")
    args = rc.get("arguments", {})
    if isinstance(args, str):
        try:
            args = safejson.loads(args) if args.strip() else {}
        except ValueError as e:
            return CallRequest(cid, name, None, f"arguments of {safejson.clip(name, 60)} are not valid JSON: {e}")
    if args is None:
        args = {}
    if not isinstance(args, dict):
        return CallRequest(cid, name, None, f"arguments of {safejson.clip(name, 60)}: expected an object, got {_type_name(args)}")
    # Decoded by safejson (or checked with the whole dict action): standard, bounded data.
    return CallRequest(cid, name, args, checked=True)


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

"""The wire form of a chat request, and its JSON encoded once per message.

A conversation only grows, and every request of an episode sends all of it again: encoding the
whole body each time costs O(n) per request and O(n^2) per episode. :class:`Conversation`
keeps each wire message with its JSON bytes, made when the message is appended, so a request
body is a join of bytes already made (:func:`request_body`); :class:`Encoded` does the same for
the tool list, which changes only when the offered tools do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from toolgym.record import Message

__all__ = ["Conversation", "Encoded", "dumps", "loads", "DECODE_ERRORS", "request_body", "to_wire"]

try:  # optional: 5-7x faster than json for the ~10 KB bodies of a mid-episode request
    import orjson as _orjson

    def dumps(v: Any) -> bytes:
        """Compact JSON bytes (orjson when installed)."""
        try:
            return _orjson.dumps(v)
        except TypeError:  # what orjson refuses (an int past 64 bits from a model...) json takes
            return json.dumps(v, separators=(",", ":"), ensure_ascii=False).encode()

    loads: Any = _orjson.loads
    DECODE_ERRORS: tuple[type[Exception], ...] = (ValueError, _orjson.JSONDecodeError)
except ImportError:  # pragma: no cover - depends on the machine

    def dumps(v: Any) -> bytes:
        """Compact JSON bytes (orjson when installed)."""
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False).encode()

    loads = json.loads
    DECODE_ERRORS = (ValueError,)


def to_wire(m: Message, *, send_reasoning: bool = False) -> dict[str, Any]:
    """A canonical message in Chat Completions form (arguments as JSON strings)."""
    if m.role == "tool":
        return {"role": "tool", "tool_call_id": m.tool_call_id, "content": m.text()}
    if m.role == "assistant":
        out: dict[str, Any] = {"role": "assistant", "content": m.content if m.content is None else m.text()}
        if m.tool_calls:
            out["tool_calls"] = [
                {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": json.dumps(c.arguments, ensure_ascii=False)}}
                for c in m.tool_calls
            ]
        if send_reasoning and m.reasoning:
            out["reasoning_content"] = m.reasoning
        return out
    return {"role": m.role, "content": m.text()}


class Conversation:
    """Wire messages, each with its JSON encoded once, when appended.

    Example:
        >>> conv = Conversation([{"role": "user", "content": "hi"}])
        >>> conv.append({"role": "assistant", "content": "hello"})
        >>> conv.json()
        b'[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]'
    """

    __slots__ = ("messages", "parts")

    def __init__(self, messages: Iterable[dict[str, Any]] = ()):
        self.messages: list[dict[str, Any]] = []
        self.parts: list[bytes] = []
        for m in messages:
            self.append(m)

    def append(self, message: dict[str, Any]) -> None:
        self.messages.append(message)
        self.parts.append(dumps(message))

    def plus(self, more: Iterable[dict[str, Any]]) -> Conversation:
        """A new conversation: this one followed by ``more`` (this one is not changed)."""
        out = Conversation()
        out.messages, out.parts = list(self.messages), list(self.parts)
        for m in more:
            out.append(m)
        return out

    def json(self) -> bytes:
        return b"[" + b",".join(self.parts) + b"]"

    def __len__(self) -> int:
        return len(self.messages)

    def __bool__(self) -> bool:
        return bool(self.messages)


class Encoded:
    """A JSON value with its encoding, made once and sent with many requests (the tool list)."""

    __slots__ = ("value", "json")

    def __init__(self, value: Any):
        self.value = value
        self.json = dumps(value)

    def __len__(self) -> int:
        return len(self.value)


def request_body(head: bytes, messages: Conversation | list[dict[str, Any]], tools: Encoded | list[dict[str, Any]] | None) -> bytes:
    """The JSON body: the object ``head`` (encoded, e.g. ``b'{"model":"m"}'``; it must hold no
    ``messages`` or ``tools``) with ``messages`` and ``tools`` (left out when empty) added,
    joining the bytes already encoded."""
    parts = [head[:-1], b',"messages":' if head != b"{}" else b'"messages":']
    parts.append(messages.json() if isinstance(messages, Conversation) else dumps(messages))
    if tools:
        parts.append(b',"tools":')
        parts.append(tools.json if isinstance(tools, Encoded) else dumps(tools))
    parts.append(b"}")
    return b"".join(parts)

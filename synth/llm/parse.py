"""A chat completion -> one canonical assistant :class:`~toolgym.record.Message`.

Servers and models disagree on where things go; this reads them all and never raises:

* ``tool_calls`` (several = parallel calls), the legacy ``function_call``; arguments as a JSON
  string, an object, empty, or JSON with a code fence or trailing commas (repaired and noted);
* reasoning in ``reasoning_content`` (vLLM, SGLang, DeepSeek), ``reasoning`` (Ollama, OpenRouter,
  newer vLLM) or ``<think>...</think>`` blocks in the content (a missing opening tag too, as
  Qwen3 templates emit when they open the block in the prompt);
* tool calls written as text in the content: Hermes ``<tool_call>{...}</tool_call>`` blocks,
  Mistral ``[TOOL_CALLS][...]``, Llama ``<|python_tag|>{...}``, and a bare JSON object or list
  (possibly fenced) naming an offered tool; they become real calls, noted in the message's meta;
* call ids: kept when they are 9 alphanumerics (the canonical form), else replaced by seeded
  ids; the conversation sent back uses the canonical ids throughout, so calls and results pair.

What cannot be used is reported, not raised: :attr:`Parsed.error` says why (an empty reply,
arguments that are no JSON object, no choices), and :attr:`Parsed.feedback` is what to show
the model so it can correct itself. Unknown tool names are not errors here: the environment
answers them with an error result the model reads (and ``meta["problems"]`` notes them).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from typing import Any

from toolgym import safejson
from toolgym.record import Message, ToolCall, is_call_id, new_call_id

__all__ = ["Parsed", "parse_completion", "parse_message", "split_think", "text_tool_calls"]

_THINK = re.compile(r"<think>(.*?)</think>", re.S)
_HERMES = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.S)
_FENCE = re.compile(r"^```(?:json|JSON)?\s*(.*?)\s*```$", re.S)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


@dataclass
class Parsed:
    """The outcome of reading one completion.

    Attributes:
        message: the canonical assistant message (None when ``error`` is set).
        error: why the reply cannot be used (None when it can).
        feedback: wire messages to append (the model's reply as sent, then error observations)
            so a retry shows the model what went wrong; empty when ``error`` is None.
        problems: everything noted while reading, usable or not (also in ``message.meta``).
        finish_reason: as the server gave it.
        raw: the wire message as received.
    """

    message: Message | None
    error: str | None = None
    feedback: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    finish_reason: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def _text(content: Any) -> str | None:
    if content is None or isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return str(content)


def split_think(content: str | None) -> tuple[str | None, str | None]:
    """``(content without think blocks, reasoning)``; either may be None.

    Handles several blocks, an unclosed block (all of it reasoning: the reply was cut off) and a
    closing tag without an opening one (everything before it is reasoning).
    """
    if not content or "think>" not in content:
        return content, None
    parts: list[str] = []
    rest = content
    if "</think>" in rest and "<think>" not in rest.split("</think>", 1)[0]:
        before, rest = rest.split("</think>", 1)
        parts.append(before.strip())
    rest = _THINK.sub(lambda m: parts.append(m.group(1).strip()) or "", rest)  # type: ignore[func-returns-value]
    if "<think>" in rest:  # unclosed
        rest, tail = rest.split("<think>", 1)
        parts.append(tail.strip())
    rest = rest.strip()
    reasoning = "\n\n".join(p for p in parts if p)
    return (rest or None), (reasoning or None)


def _loads_lenient(s: str) -> tuple[Any, str | None]:
    """JSON from a model: as is, else without a code fence / trailing commas. -> (value, note).

    Standard JSON only, nested at most ``safejson.MAX_DEPTH`` deep (checked before parsing: a
    reply 10,000 brackets deep is a ValueError here, never a RecursionError anywhere).
    """
    try:
        return safejson.loads(s), None
    except safejson.UnsafeJSON:
        raise
    except ValueError:
        pass
    t = s.strip()
    m = _FENCE.match(t)
    if m:
        t = m.group(1)
    t = _TRAILING_COMMA.sub(r"\1", t)
    try:
        return safejson.loads(t), "repaired JSON (code fence or trailing comma)"
    except ValueError as e:
        raise ValueError(str(e)) from None


def _call_from_obj(obj: Any) -> tuple[str, Any] | None:
    """(name, arguments) from the shapes models write calls in, or None."""
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("function"), dict):  # OpenAI wire form inside text
        obj = obj["function"]
    name = obj.get("name")
    if not isinstance(name, str) or not name:
        return None
    for key in ("arguments", "parameters", "args", "input"):
        if key in obj:
            return name, obj[key]
    return name, {}


def text_tool_calls(content: str, tool_names: set[str] | frozenset[str]) -> tuple[list[tuple[str, Any]], str | None, str | None]:
    """Tool calls written as text: ``(calls, remaining content, format)``; no calls: ``([], content, None)``.

    Tagged formats (Hermes, Mistral, Llama) are taken whatever the tool name (an unknown name
    gets the environment's error); bare JSON only when every call names an offered tool, so
    that an answer that happens to be JSON stays an answer.
    """
    if "<tool_call>" in content:
        calls = []
        for m in _HERMES.finditer(content):
            try:
                obj, _ = _loads_lenient(m.group(1))
            except ValueError:
                calls.append(("", m.group(1)))  # unreadable: reported by the caller
                continue
            c = _call_from_obj(obj)
            calls.append(c if c else ("", m.group(1)))
        rest = _HERMES.sub("", content).strip() or None
        return calls, rest, "hermes"
    for tag, fmt in (("[TOOL_CALLS]", "mistral"), ("<|python_tag|>", "llama")):
        if tag in content:
            before, _, payload = content.partition(tag)
            try:
                obj, _ = _loads_lenient(payload.replace("<|eom_id|>", "").replace("<|eot_id|>", "").strip())
            except ValueError:
                return [("", payload.strip())], before.strip() or None, fmt
            objs = obj if isinstance(obj, list) else [obj]
            return [c or ("", json.dumps(o)) for o in objs for c in [_call_from_obj(o)]], before.strip() or None, fmt
    t = content.strip()
    if t[:1] in "{[" or t.startswith("```"):
        try:
            obj, _ = _loads_lenient(t)
        except ValueError:
            return [], content, None
        if isinstance(obj, dict) and isinstance(obj.get("tool_calls"), list):
            obj = obj["tool_calls"]
        objs = obj if isinstance(obj, list) else [obj]
        maybe = [_call_from_obj(o) for o in objs]
        calls = [c for c in maybe if c is not None]
        if objs and len(calls) == len(maybe) and all(c[0] in tool_names for c in calls):
            return [c for c in calls if c], None, "json"
    return [], content, None


def parse_completion(data: Any, tool_names: set[str] | frozenset[str], rng: random.Random | None = None) -> Parsed:
    """Read a chat completion (JSON data) into a canonical assistant message."""
    if not isinstance(data, dict):
        return Parsed(None, f"expected a chat completion object, got {type(data).__name__}")
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return Parsed(None, "the completion has no choices")
    choice = choices[0]
    msg = choice.get("message")
    if not isinstance(msg, dict):
        return Parsed(None, "the completion's first choice has no message", finish_reason=choice.get("finish_reason"))
    return parse_message(msg, tool_names, rng, finish_reason=choice.get("finish_reason"))


def parse_message(
    msg: dict[str, Any],
    tool_names: set[str] | frozenset[str],
    rng: random.Random | None = None,
    *,
    finish_reason: str | None = None,
) -> Parsed:
    """Read one wire assistant message (``choices[0].message``) into a canonical message."""
    why = safejson.problem(msg) if isinstance(msg, dict) else "expected a message object"
    if why:
        # Nested beyond the bound, NaN, a lone surrogate...: unusable, said so, never raised.
        why = f"the reply is not standard, bounded JSON data ({why})"
        return Parsed(None, why, _feedback_empty({}, why), [why], finish_reason, {})
    problems: list[str] = []
    content = _text(msg.get("content"))
    reasoning = None
    for key in ("reasoning_content", "reasoning"):
        r = msg.get(key)
        if isinstance(r, str) and r.strip():
            reasoning = r.strip()
            break
    content, think = split_think(content)
    if think:
        reasoning = f"{reasoning}\n\n{think}" if reasoning else think
    if content is not None and not content.strip():
        content = None

    # Raw calls: (server id, name, arguments as sent)
    raw_calls: list[tuple[Any, Any, Any]] = []
    wire_calls = msg.get("tool_calls")
    if isinstance(wire_calls, list):
        for rc in wire_calls:
            if not isinstance(rc, dict):
                raw_calls.append((None, "", rc))
                continue
            wire_fn = rc.get("function")
            fn = wire_fn if isinstance(wire_fn, dict) else rc
            raw_calls.append((rc.get("id"), fn.get("name"), fn.get("arguments", {})))
    elif wire_calls is not None:
        problems.append(f"tool_calls is {type(wire_calls).__name__}, expected a list")
    fc = msg.get("function_call")
    if not raw_calls and isinstance(fc, dict):
        raw_calls.append((None, fc.get("name"), fc.get("arguments", {})))
        problems.append("legacy function_call")
    text_format = None
    if not raw_calls and content:
        found, rest, text_format = text_tool_calls(content, set(tool_names))
        if found:
            problems.append(f"tool calls written as text ({text_format} format)")
            raw_calls = [(None, n, a) for n, a in found]
            content = rest

    calls: list[ToolCall] = []
    invalid: list[tuple[int, str]] = []  # (index, error)
    seen: set[str] = set()
    for i, (sid, name, args) in enumerate(raw_calls):
        cid = sid if is_call_id(sid) and sid not in seen else new_call_id(rng)
        seen.add(cid)
        if not isinstance(name, str) or not name:
            invalid.append((i, f"tool call {i + 1} has no tool name"))
            calls.append(ToolCall(id=cid, name="", arguments={}))
            continue
        if name not in tool_names:
            problems.append(f"unknown tool {name!r}")
        if args is None or (isinstance(args, str) and not args.strip()):
            args = {}
        elif isinstance(args, str):
            try:
                args, note = _loads_lenient(args)
                if note:
                    problems.append(f"{name}: {note}")
            except ValueError as e:
                cut = " (the reply was cut off at max_tokens)" if finish_reason == "length" else ""
                invalid.append((i, f"the arguments of {name} are not valid JSON ({e}){cut}"))
                calls.append(ToolCall(id=cid, name=name, arguments={}))
                continue
        if not isinstance(args, dict):
            invalid.append((i, f"the arguments of {name} must be a JSON object, got {_type_name(args)}"))
            calls.append(ToolCall(id=cid, name=name, arguments={}))
            continue
        calls.append(ToolCall(id=cid, name=name, arguments=args))

    raw: dict[str, Any] = {k: msg[k] for k in ("content", "tool_calls", "function_call", "reasoning_content", "reasoning") if k in msg}
    if invalid:
        errors = {i: e for i, e in invalid}
        problems.extend(errors.values())
        return Parsed(None, "; ".join(errors.values()), _feedback_calls(msg, raw_calls, calls, errors, text_format),
                      problems, finish_reason, raw)
    if not calls and content is None:
        why = "the reply was cut off at max_tokens before any answer" if finish_reason == "length" else "the reply is empty"
        if reasoning:
            why += " (only reasoning, no answer or tool call)"
        problems.append(why)
        return Parsed(None, why, _feedback_empty(msg, why), problems, finish_reason, raw)

    meta: dict[str, Any] = {}
    if problems:
        meta["problems"] = problems
    message = Message(role="assistant", content=content, reasoning=reasoning, tool_calls=calls, meta=meta)
    return Parsed(message, None, [], problems, finish_reason, raw)


def _type_name(v: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(v), "number" if isinstance(v, (int, float)) else type(v).__name__
    )


def _feedback_calls(
    msg: dict[str, Any], raw_calls: list[tuple[Any, Any, Any]], calls: list[ToolCall], errors: dict[int, str], text_format: str | None
) -> list[dict[str, Any]]:
    """The reply as the model sent it, then one error result per call (none of them ran)."""
    if text_format is not None:  # the calls were text: answer in text
        lines = [errors.get(i) or f"{c.name}: not run, because another call in the reply could not be read" for i, c in enumerate(calls)]
        return [
            {"role": "assistant", "content": _text(msg.get("content")) or ""},
            {"role": "user", "content": "Your tool calls could not be read, so none of them ran: " + "; ".join(lines)
             + ". Call the tools again with a JSON object of arguments each."},
        ]
    wire_calls = []
    for (sid, name, args), c in zip(raw_calls, calls, strict=False):
        wire_calls.append({"id": sid if isinstance(sid, str) and sid else c.id, "type": "function",
                           "function": {"name": name if isinstance(name, str) else "",
                                        "arguments": args if isinstance(args, str) else json.dumps(args)}})
    out: list[dict[str, Any]] = [{"role": "assistant", "content": _text(msg.get("content")), "tool_calls": wire_calls}]
    for i, wc in enumerate(wire_calls):
        err = errors.get(i) or "not run, because another call in the same reply could not be read; send it again"
        out.append({"role": "tool", "tool_call_id": wc["id"],
                    "content": json.dumps({"error": f"{err}; nothing ran. Call again with a JSON object as arguments."})})
    return out


def _feedback_empty(msg: dict[str, Any], why: str) -> list[dict[str, Any]]:
    return [
        {"role": "assistant", "content": _text(msg.get("content")) or ""},
        {"role": "user", "content": f"({why}.) Reply with a tool call, or answer in text."},
    ]

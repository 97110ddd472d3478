"""The grounding check: every argument of every call comes from what the assistant had seen.

It walks a record's messages in order, as the assistant saw them, and for every call (failed
ones included) asks of each argument value whether it is derivable from:

* the system prompt, the user's messages so far, the results and errors of earlier calls
  (under the normalisations of :mod:`.values`: dates, numbers, case);
* the parameter's schema default (what the call means when it says nothing);
* for a boolean or an enum: a phrase of the tool's language for that value
  (:meth:`~toolgym.envs.language.ToolLanguage.value_phrases`) or the enum value itself as a
  word, in the user's words so far (an enum value also counts when a result shows it; the system prompt's rules select nothing).

It never reads how the sampler made the call: a value the user never said and no result showed
is ungrounded, whatever produced it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from toolgym.envs.language import enum_values, is_bool
from toolgym.record import Episode, Message

from .values import Haystack, stated_in

__all__ = ["Ungrounded", "GroundingReport", "check_grounding", "result_text", "known_from"]

_MISSING = object()


@dataclass(frozen=True)
class Ungrounded:
    message: int  # index in Episode.messages
    tool: str
    param: str
    value: Any

    def __str__(self) -> str:
        return f"{self.tool}.{self.param}={json.dumps(self.value, ensure_ascii=True)[:60]} (message {self.message})"


@dataclass
class GroundingReport:
    calls: int = 0
    arguments: int = 0
    ungrounded: list[Ungrounded] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.ungrounded


def _leaves(v: Any, out: list[str]) -> None:
    if isinstance(v, dict):
        for x in v.values():
            _leaves(x, out)
    elif isinstance(v, list):
        for x in v:
            _leaves(x, out)
    elif isinstance(v, bool) or v is None:
        return
    else:
        out.append(str(v))


def result_text(m: Message) -> str:
    """What a tool message shows, as text: its error, or the leaves of its content."""
    if m.error is not None:
        return m.error
    leaves: list[str] = []
    _leaves(m.content, leaves)
    return "\n".join(leaves)


class _Checker:
    def __init__(self, tooldefs: Mapping[str, Any]):
        self.tooldefs = tooldefs
        self.seen = Haystack()
        self.user = Haystack()
        self.results = Haystack()

    def phrase_said(self, tool: str, param: str, value: Any) -> bool:
        td = self.tooldefs.get(tool)
        lang = getattr(td, "language", None)
        if lang is None:
            return False
        return bool(lang.value_said(param, value, self.user.low))

    def grounded(self, tool: str, param: str, value: Any, schema: Mapping[str, Any]) -> bool:
        if value is None:
            return True
        if schema.get("default", _MISSING) == value and not (isinstance(value, bool) ^ isinstance(schema.get("default"), bool)):
            return True
        if isinstance(value, bool) or is_bool(schema):
            return self.phrase_said(tool, param, value)
        ev = enum_values(schema)
        if ev is not None and isinstance(value, str):
            # selected by the user's words (the value, or a phrase of the tool's language for
            # it) or shown by a result; the system prompt's rules do not select anything
            return self.phrase_said(tool, param, value) or self.user.has_word(value) or self.results.has_word(value)
        if isinstance(value, list):
            items = schema.get("items")
            item = items if isinstance(items, Mapping) else {}
            return all(self.grounded(tool, param, v, item) for v in value)
        if isinstance(value, dict):
            properties = schema.get("properties")
            props = properties if isinstance(properties, Mapping) else {}
            return all(self.grounded(tool, f"{param}.{k}", v, props.get(k, {})) for k, v in value.items())
        return stated_in(value, self.seen)


def check_grounding(episode: Episode, tooldefs: Mapping[str, Any]) -> GroundingReport:
    """Every argument of ``episode``'s calls that nothing the assistant had seen supports.

    Args:
        episode: the record.
        tooldefs: tool name -> ``ToolDef`` of the record's environment (``env.all_tooldefs()``):
            its schemas and language.
    """
    rep = GroundingReport()
    ck = _Checker(tooldefs)
    for i, m in enumerate(episode.messages):
        if m.role == "system" and isinstance(m.content, str):
            ck.seen.add(m.content)
        elif m.role == "user" and isinstance(m.content, str):
            ck.seen.add(m.content)
            ck.user.add(m.content)
        elif m.role == "tool":
            text = result_text(m)
            ck.seen.add(text)
            ck.results.add(text)
        elif m.role == "assistant":
            for c in m.tool_calls:
                rep.calls += 1
                td = tooldefs.get(c.name)
                props = td.spec.parameters.get("properties", {}) if td is not None else {}
                for p, v in c.arguments.items():
                    rep.arguments += 1
                    if not ck.grounded(c.name, p, v, props.get(p, {})):
                        rep.ungrounded.append(Ungrounded(i, c.name, p, v))
    return rep


def known_from(messages: list[Message]) -> Haystack:
    """What a conversation so far holds for the assistant: system prompt, user words, results."""
    hay = Haystack()
    for m in messages:
        if m.role in ("system", "user") and isinstance(m.content, str):
            hay.add(m.content)
        elif m.role == "tool":
            hay.add(result_text(m))
    return hay

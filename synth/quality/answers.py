"""The answer check: a turn's final answer states what each of its calls was for.

Read from the transcript alone. Every successful call of the turn is either *intermediate* (its
tool opens a session for later calls, or a later call of the turn takes a value from its
result) or *reported*. Then, by the tool's :class:`~toolgym.envs.language.Answer`:

* a reported call with an object result: the value of every answer field is stated;
* a reported list: its first items are named (the first field of ``each`` of up to three
  items), or, when empty, the answer says there was nothing;
* a reported scalar whose answer sentences say ``{result}``: the value is stated;
* an intermediate list: the items whose values later calls used are named;
* an intermediate object (a login): nothing.

A boolean answer field is said through the tool's ``when`` sentences, which text matching cannot
verify; such fields are not counted. ``key: value`` dumps are no answer: an answer in which
more than half the lines look like ``name: value`` fails as a template.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from toolgym.envs.language import placeholders
from toolgym.record import Message

from .values import stated

__all__ = ["AnswerReport", "Unstated", "check_answers", "turn_answer_problems"]

_DUMP_LINE = re.compile(r"^\s*[-*]?\s*[A-Za-z_ ]{2,30}:\s*\S")
_NOTHING = re.compile(r"\b(no|none|nothing|nobody|not|n't|0|zero|empty|isn't|aren't|couldn't)\b", re.IGNORECASE)
_MISSING = object()
_NAME_FIELDS = ("name", "title", "label", "nickname", "subject", "summary", "path", "display_name", "full_name", "text")  # a message is known by what it says


def _resolve(obj: Any, path: str) -> Any:
    cur = obj
    for seg in path.split("."):
        if isinstance(cur, dict) and seg in cur:
            cur = cur[seg]
        else:
            return _MISSING
    return cur


_ID_KEY = re.compile(r"(^|_)(id|ids|token|uuid|number|code|ref|reference)$", re.IGNORECASE)


@functools.cache
def _is_id_key(key: str) -> bool:
    """Whether a result key holds an id (memoized: the same few keys in every result)."""
    return bool(_ID_KEY.search(key))


def _id_values(v: Any, out: set[str]) -> None:
    """String values under id-like keys (what a later call takes from a lookup)."""
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, str) and len(x) >= 3 and _is_id_key(k):
                out.add(x)
            elif isinstance(x, (dict, list)):
                _id_values(x, out)
    elif isinstance(v, list):
        for x in v:
            _id_values(x, out)


def _leaf_strings(v: Any, out: set[str]) -> None:
    if isinstance(v, dict):
        for x in v.values():
            _leaf_strings(x, out)
    elif isinstance(v, list):
        for x in v:
            _leaf_strings(x, out)
    elif isinstance(v, str) and len(v) >= 3:
        out.add(v)


@dataclass
class AnswerReport:
    turns: int = 0
    answered: int = 0
    missing: list[tuple[int, str, str]] = field(default_factory=list)  # (turn, tool, what)
    dumps: int = 0

    @property
    def ok(self) -> bool:
        return not self.missing and not self.dumps


def _items(ans: Any, content: Any) -> list[Any] | None:
    if not ans.is_list:
        return None
    items = content if ans.items is None else _resolve(content, ans.items)
    if not isinstance(items, list):
        return None
    if ans.where:
        items = [it for it in items if isinstance(it, dict) and all(it.get(k) == v for k, v in ans.where.items())]
    return items


@dataclass(frozen=True)
class Unstated:
    """Something a turn's answer should state and does not."""

    tool: str
    what: str  # readable: "buying_power=13120.27"
    field: str | None = None  # the answer field (None: "nothing was found")
    value: Any = None

    def __iter__(self):  # (tool, what), as the verdicts read it
        return iter((self.tool, self.what))


def turn_answer_problems(messages: list[Message], answer: str, tooldefs: Mapping[str, Any]) -> list[Unstated]:
    """What the final ``answer`` of a turn fails to state.

    ``messages`` are the turn's assistant and tool messages (the answer message may be last).
    """
    results = {m.tool_call_id: m for m in messages if m.role == "tool" and m.tool_call_id}
    done: list[tuple[Any, Any]] = []
    for m in messages:
        if m.role == "assistant":
            for c in m.tool_calls:
                r = results.get(c.id)
                if r is not None and r.error is None:
                    done.append((c, r.content))
    out: list[Unstated] = []
    for k, (c, content) in enumerate(done):
        td = tooldefs.get(c.name)
        lang = getattr(td, "language", None)
        if td is None or lang is None:
            continue
        later_args: set[str] = set()
        for c2, _ in done[k + 1 :]:
            _leaf_strings(c2.arguments, later_args)
        produced: set[str] = set()
        if later_args:  # nothing after it takes anything from it: no need to read its ids
            _id_values(content, produced)
        used = produced & later_args
        opens = bool(td.spec.establishes) and k < len(done) - 1
        ans = lang.answer
        items = _items(ans, content)
        first = next(iter(placeholders(ans.each or "")), None)
        if items is not None:
            if used:
                for it in items:
                    # an item is used when a later call takes its own id (a booking's
                    # booking_id), not an id it merely mentions (the card it was paid with)
                    own = next((v for k, v in it.items() if isinstance(v, str) and _is_id_key(k)), None) if isinstance(it, dict) else None
                    vals: set[str] = {own} if own else set()
                    if vals & used and first and first != "result":
                        names = [_resolve(it, f) for f in (first, *_NAME_FIELDS)]
                        # an item is named by words ("Sandra Kent"), not by an amount: "(I went
                        # with $120.)" named nothing the user could place
                        names = [v for v in names if v is not _MISSING and isinstance(v, str)]
                        if names and not any(stated(v, answer) for v in names):
                            out.append(Unstated(c.name, f"the {first} of the item used: {names[0]!r}", first, names[0]))
                continue
            if opens:
                continue
            if not items:
                if not _NOTHING.search(answer):
                    out.append(Unstated(c.name, "that nothing was found"))
                continue
            for it in items[:3]:
                v = it if first in (None, "result") else _resolve(it, first)
                if v is _MISSING or v is None or isinstance(v, (dict, list)):
                    continue
                if not stated(v, answer):
                    out.append(Unstated(c.name, f"{first or 'item'} {v!r}", first or "result", v))
            continue
        if used or opens:
            continue
        if isinstance(content, dict):
            for f in ans.fields:
                v = _resolve(content, f)
                if v is _MISSING or v is None or isinstance(v, (bool, dict, list)):
                    continue
                if not stated(v, answer):
                    out.append(Unstated(c.name, f"{f}={v!r}", f, v))
        elif content is not None and not isinstance(content, list) and any("result" in placeholders(s) for s in ans.sentences()):
            if not stated(content, answer):
                out.append(Unstated(c.name, f"result {content!r}", "result", content))
    return out


def _is_dump(answer: str) -> bool:
    lines = [ln for ln in answer.splitlines() if ln.strip()]
    if len(lines) < 2:
        # one line of "field_name: value, other_field: value, ..." (snake_case names)
        return bool(lines) and len(re.findall(r"\b[a-z]+_[a-z_]+: ", answer)) >= 3
    return sum(bool(_DUMP_LINE.match(ln)) for ln in lines) * 2 > len(lines)


def check_answers(episode: Any, tooldefs: Mapping[str, Any]) -> AnswerReport:
    """Every answer turn of ``episode`` (a turn that ends in text after calls) checked."""
    rep = AnswerReport()
    msgs = episode.messages
    for ti, t in enumerate(episode.turns):
        turn_msgs = msgs[t.start + 1 : t.end]
        if not turn_msgs or turn_msgs[-1].role != "assistant" or turn_msgs[-1].tool_calls:
            continue
        if not any(m.role == "tool" for m in turn_msgs):
            continue  # asked or refused: no calls to report
        answer = turn_msgs[-1].content or ""
        rep.turns += 1
        problems = turn_answer_problems(turn_msgs, answer, tooldefs)
        dump = _is_dump(answer)
        rep.dumps += dump
        if not problems and not dump:
            rep.answered += 1
        rep.missing.extend((ti, u.tool, u.what) for u in problems)
    return rep


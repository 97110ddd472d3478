"""The built-in answer writer: the final message of a turn, written from the turn's results.

For every goal call of the turn (two calls of one tool are two results, two sentences) it says
what the user asked for, through the tool's :class:`~toolgym.envs.language.Answer`: the answer
fields in one of several natural sentences (a quote's price, an account's buying power), a list
as its count and its first items, an empty list as such, a boolean field through its case
sentences; a write confirmed briefly. Arguments are said as the user named them ("your Roth IRA
account"), values as people read them ("$1,250.50", "June 3, 2025"). Nothing is cut mid-way and
no tool description is pasted.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from toolgym.envs.language import PLACEHOLDER, Answer, placeholders

from .lexicon import Lexicon, cap, text_of
from .say import join_list, kind_of, say_value

if TYPE_CHECKING:
    from toolgym.record import Message, ToolCall

    from .turnplan import TurnPlan

__all__ = ["write_answer", "resolve", "answer_items", "MAX_ITEMS"]

MAX_ITEMS = 5  # list items an answer names before "and N more"
# Leads end in ". " or ": " so the sentence after them keeps its own capitals ("AAPX is ...").
_LEADS_WRITE = ("", "", "", "Done. ", "All set. ", "Okay. ", "Sure thing. ", "Got it. ", "That's taken care of. ")
_LEADS_READ = ("", "", "", "Here you go: ", "Sure. ", "Okay. ", "Here's what I found. ", "I checked. ")
_CLOSERS = ("", "", "", "", "", "", " Anything else?", " Let me know if you need anything else.", " Is there anything else I can do?")
_MISSING = object()


def resolve(obj: Any, path: str) -> Any:
    """``obj`` at a dotted path (``_MISSING`` when absent)."""
    cur = obj
    for seg in path.split("."):
        if isinstance(cur, dict) and seg in cur:
            cur = cur[seg]
        else:
            return _MISSING
    return cur


def answer_items(ans: Answer, content: Any) -> list[Any] | None:
    """The list an answer reports (filtered by ``where``), or None for a non-list answer."""
    if not ans.is_list:
        return None
    items = content if ans.items is None else resolve(content, ans.items)
    if not isinstance(items, list):
        return None
    if ans.where:
        items = [it for it in items if isinstance(it, dict) and all(it.get(k) == v for k, v in ans.where.items())]
    return items


def _say_field(name: str, value: Any, kinds: Mapping[str, str]) -> str:
    leaf = name.rsplit(".", 1)[-1]
    k = kinds.get(name) or kinds.get(leaf) or kind_of(leaf, value, kinds)
    if isinstance(value, str) and k == "text":
        return value  # a result's own text reads as is in an answer (no quotes around names)
    return say_value(value, k, None)


class _Filler:
    """Fills one answer template for one call: result fields, arguments, count, items."""

    def __init__(self, lex: Lexicon, plan: TurnPlan | None, step: int | None, call: ToolCall, content: Any, rng: random.Random):
        self.lex, self.plan, self.step, self.call, self.content, self.rng = lex, plan, step, call, content, rng
        self.lang = lex.langs[call.name]

    def arg(self, name: str) -> str | None:
        v = self.call.arguments.get(name, _MISSING)
        if v is _MISSING or v is None:
            return None
        if self.plan is not None and self.step is not None:
            for m in self.plan.mentions_of(self.step):
                if m.param == name:
                    return text_of(self.lex.surface(self.plan, m, None, voice="assistant"))
        return _say_field(name, v, self.lang.kinds)

    def value(self, name: str, item: Any = None) -> str | None:
        if item is not None:
            if name == "result":
                return None if item is None else _say_field("result", item, self.lang.kinds)
            v = resolve(item, name)
            return None if v is _MISSING or v is None else _say_field(name, v, self.lang.kinds)
        if name == "result":
            return None if self.content is None or isinstance(self.content, (dict, list)) else _say_field("result", self.content, self.lang.kinds)
        pe = self.lex.specs[self.call.name].param_entities
        if (name in pe or f"{name}[]" in pe) and name in self.call.arguments:
            return self.arg(name)  # an id the call took: said as the user knows the thing, not raw
        v = resolve(self.content, name) if isinstance(self.content, dict) else _MISSING
        if v is not _MISSING:
            return None if v is None or isinstance(v, (dict, list)) else _say_field(name, v, self.lang.kinds)
        return self.arg(name)

    def fill(self, template: str, extra: dict[str, str] | None = None, item: Any = None) -> str | None:
        out: list[str] = []
        pos = 0
        prev: str | None = None  # the value just placed
        for mt in PLACEHOLDER.finditer(template):
            name = mt.group(1)
            got = (extra or {}).get(name)
            if got is None:
                got = self.value(name, item)
            if got is None:
                return None
            out.append(_after_value(prev, template[pos : mt.start()]))
            out.append(got)
            prev = got
            pos = mt.end()
        out.append(_after_value(prev, template[pos:]))
        return "".join(out)

    def pick(self, templates: tuple[str, ...], extra: dict[str, str] | None = None) -> str | None:
        order = list(templates)
        self.rng.shuffle(order)
        for t in order:
            got = self.fill(t, extra)
            if got is not None:
                return got
        return None


def sentence_for(lex: Lexicon, call: ToolCall, content: Any, rng: random.Random, plan: TurnPlan | None = None, step: int | None = None) -> str:
    """One call's result in words, from its tool's answer language."""
    ans = lex.langs[call.name].answer
    f = _Filler(lex, plan, step, call, content, rng)
    items = answer_items(ans, content)
    if items is not None:
        if not items:
            got = f.pick(ans.empty) if ans.empty else None
            return got or "I found nothing."
        rendered = []
        # "and 2 more" of a list of 7 holds back what costs two words to say: a list a few
        # longer than MAX_ITEMS is said whole
        shown = items if len(items) <= MAX_ITEMS + 3 else items[:MAX_ITEMS]
        for it in shown:
            r = f.fill(ans.each or "{result}", item=it)
            if r is not None:
                rendered.append(r)
        listed = join_list(rendered)
        if len(items) > len(shown):
            listed = ", ".join(rendered) + f", and {len(items) - MAX_ITEMS} more"
        got = f.pick(ans.says, {"items": listed, "count": str(len(items))})
        if got and len(items) == 1:
            got = one_of(got)
        return got or f"I found {len(items)}: {listed}."
    if ans.when and isinstance(content, dict):
        for fld, cases in ans.when.items():
            v = resolve(content, fld)
            for case, ss in cases.items():
                if v == case and isinstance(v, bool) == isinstance(case, bool):
                    got = f.pick(ss)
                    if got:
                        return got
    if ans.says:
        got = f.pick(ans.says)
        if got:
            return got
    # No sentence fits (a field the result left empty): the fields that are there, plainly.
    if isinstance(content, dict):
        parts = [f"the {n.replace('_', ' ').replace('.', ' ')} is {f.value(n)}" for n in ans.fields if f.value(n) is not None]
        if parts:
            return cap(join_list(parts)) + "."
    if content is not None and not isinstance(content, (dict, list)):
        return cap(_say_field("result", content, {})) + "."
    return "That's done."


def _after_value(value: str | None, literal: str) -> str:
    """A template's words after a value: "1 followers" -> "1 follower", and no second mark
    after a value that ends a sentence itself ("Learning to code." + "; ..." -> "... code. ...")."""
    if value is None or not literal:
        return literal
    if value.rstrip().endswith((".", "!", "?")) and literal[:1] in ".;,":
        literal = literal[1:]
    if value.strip() in ("1", "one") and literal[:1] == " ":
        literal = " " + one_of(f"1 {literal[1:]}")[2:]
    return literal


def _ended(sentence: str) -> str:
    """A sentence with its full stop: a value at its end ("Your post is live: <text>") has none."""
    s = sentence.rstrip()
    if not s or "\n" in s or s.endswith((".", "!", "?", '."', '!"', '?"', ".)", "!)", "?)")):
        return s
    return s + "."


_NOT_PLURAL = frozenset("news series species means has was does goes yes this its gas lens chaos canvas atlas".split())
_PLURAL_ONE = re.compile(r"\b(1|one) ([a-z]+?)(ies|ses|xes|ches|shes|s)\b")
_ARE_ONE = re.compile(r"\b(there|they) are (1|one)\b", re.IGNORECASE)


def one_of(sentence: str) -> str:
    """"I found 1 articles" -> "I found 1 article": a count of one takes the singular."""
    def sing(m: re.Match[str]) -> str:
        stem, end = m.group(2), m.group(3)
        word = stem + end
        if word.endswith(("us", "ss", "is")) or word in _NOT_PLURAL:
            return m.group(0)  # "1 status", "1 class", "1 news"
        if end == "ies":
            return f"{m.group(1)} {stem}y"
        if end in ("ses", "xes", "ches", "shes"):
            return f"{m.group(1)} {stem}{end[:-2]}"
        return f"{m.group(1)} {stem}"
    out = _PLURAL_ONE.sub(sing, sentence)
    return _ARE_ONE.sub(lambda m: f"{m.group(1)} is {m.group(2)}", out)


def write_answer(
    lex: Lexicon,
    plan: TurnPlan,
    messages: list[Message],
    rng: random.Random,
) -> tuple[str, str]:
    """The final answer of a solved turn: ``(answer, facts)``, a sentence per goal call.

    ``messages`` are the attempt's assistant and tool messages so far. Each goal step of the
    plan is matched with the successful call that did it (a retried call's last success).
    ``facts`` is the answer's sentences alone, without lead-in or closing offer.
    """
    results = {m.tool_call_id: m for m in messages if m.role == "tool" and m.tool_call_id}
    done: list[tuple[ToolCall, Any]] = []
    for m in messages:
        if m.role != "assistant":
            continue
        for c in m.tool_calls:
            r = results.get(c.id)
            if r is not None and r.error is None:
                done.append((c, r.content))
    used: set[int] = set()
    sentences: list[str] = []
    writes = False
    for gi in plan.goals:
        step = plan.steps[gi]
        writes = writes or step.spec.writes
        match = None
        for k, (c, _content) in enumerate(done):
            if k not in used and c.name == step.call.name and c.arguments == step.call.arguments:
                match = k
        if match is None:
            continue
        used.add(match)
        c, content = done[match]
        sentences.append(_ended(cap(sentence_for(lex, c, content, rng, plan, gi))))
    facts = " ".join(dict.fromkeys(sentences)) or "That's done."  # the same sentence twice says nothing new
    facts = _complete(lex, messages, facts, rng)
    lead = rng.choice(_LEADS_WRITE if writes else _LEADS_READ)
    first = facts.split(" ", 1)[0].rstrip(".:,!")
    if lead and (first == lead.split(" ", 1)[0].rstrip(".:,") or first in ("Done", "Sure", "Okay", "OK", "Got", "All", "Here", "Here's")):
        lead = ""  # "Done. Done, ..." / "All set. Done, ..." / "Here's what I found. Here's ..."
    head = re.split(r"(?<=[.!?])\s", facts, maxsplit=1)[0]
    if lead and " " not in head.strip():
        lead = ""  # "That's taken care of. Resolved. The ticket is solved" says it twice
    elif lead.endswith(": ") and ":" in head:
        lead = "Here you go. "  # not "Here you go: This is how it's laid out: ..."
    closer = rng.choice(_CLOSERS)
    if closer and "\n" in facts:
        closer = "\n\n" + closer.strip()  # after a listing or a file's lines, not on its last line
    return (lead + facts + closer).strip(), facts


def _complete(lex: Lexicon, messages: list[Message], facts: str, rng: random.Random) -> str:
    """Add what the answer check would miss (a safety net: authored sentences should say it).

    The writer and :mod:`toolgym.synth.quality.answers` agree by construction: whatever the
    sentences of a tool's language left out (an answer field the result filled, the name of a
    looked-up item no goal sentence names) is said plainly at the end.
    """
    from toolgym.synth.quality.answers import turn_answer_problems

    extra: list[str] = []
    for u in turn_answer_problems(messages, facts, lex.defs):
        if u.field is None:
            extra.append(rng.choice(("Nothing matched.", "There was nothing to show.")))
        elif "item used" in u.what:
            v = _say_field(u.field or "result", u.value, lex.langs[u.tool].kinds)
            if isinstance(u.value, str) and " " in u.value and v == u.value:
                v = f'"{v}"'  # a title or a message read as one ("That was "SSO with Google stopped working".")
            extra.append(rng.choice(("I used {v} for this.", "This was with {v}.", "(I went with {v}.)")).replace("{v}", v))
        elif u.field == "result":
            extra.append(f"The result is {_say_field('result', u.value, lex.langs[u.tool].kinds)}.")
        else:
            name = u.field.rsplit(".", 1)[-1].replace("_", " ")
            extra.append(f"The {name} is {_say_field(u.field, u.value, lex.langs[u.tool].kinds)}.")
    return facts if not extra else facts + " " + " ".join(dict.fromkeys(extra))


def required_fields(ans: Answer) -> tuple[str, ...]:
    """The answer fields a sentence of ``ans`` states (for lists: the fields of ``each``)."""
    if ans.is_list:
        return tuple(placeholders(ans.each or ""))
    return ans.fields

"""Phase II b: the hard query (the end goal in the user's words) and the easy one (every step).

The built-in query writer composes each goal of the plan from its tool's **intents** (several
``{param}`` phrasings authored with each environment): a user-side value is filled in verbatim,
an internal id by the label the user knows it by, a value produced earlier by a reference
("that message", "the first channel from before"). Implicit lookups stay implicit; values only
they need (a login's credentials) are stated as plain facts. The easy query spells out every
call, lookups included, for curriculum learning. Seeded noise (:mod:`.noise`) varies phrasing,
persona, politeness, irrelevant detail and typos without ever touching a protected value, and
:func:`~.leakage.find_leaks` rejects any query holding a value only a tool produced.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .advanced import first_sentence
from .leakage import find_leaks
from .noise import Segment, Voice, add_typos, capitalize_first, join
from .turnplan import Mention, PlanRejected, TurnPlan, entity_noun, humanize, needed_mentions

__all__ = ["Query", "compose_query", "easy_query", "check_query", "placeholders", "vague", "PERSON_NOUNS"]

_FORMATTER = string.Formatter()
_QUESTION = re.compile(r"^\s*(who|what|which|how|where|when|why|is|are|do|does|did|can|could|will|am|was|were)\b", re.IGNORECASE)
PERSON_NOUNS = frozenset({"user", "person", "contact", "receiver", "recipient", "friend", "member", "customer", "people", "attendee", "assignee", "employee", "owner", "follower"})


@dataclass
class Query:
    """A user request for one turn."""

    hard: str
    easy: str
    protected: list[str] = field(default_factory=list)
    omitted: Mention | None = None


def placeholders(template: str) -> list[str]:
    return [f for _, f, _, _ in _FORMATTER.parse(template) if f is not None]


def vague(plan: TurnPlan, m: Mention) -> str:
    """What the user says instead of a value they forgot to give (missing-parameter variant)."""
    noun = entity_noun(plan.steps[m.step].spec, m.param)
    if noun in PERSON_NOUNS or humanize(m.param) in PERSON_NOUNS:
        return "someone"
    return f"a {noun}"


_PREP = re.compile(r"\s*\b(in|into|to|from|of|for|with|at|on|under|inside|within|by|as|about|named|called)\s*$", re.IGNORECASE)


def _fit_intent(template: str, present: set[str], required: set[str]) -> list[tuple[str, str | None]] | None:
    """The template's parts, with placeholders of absent optional arguments dropped.

    ``"list the files in {path}"`` without a ``path`` reads ``"list the files"``: the placeholder
    goes together with the preposition before it. A placeholder that cannot be dropped that way
    (or a required one that is absent) makes the template unusable (None).
    """
    parts = [(lit, f) for lit, f, _, _ in _FORMATTER.parse(template)]
    out: list[tuple[str, str | None]] = []
    for j, (lit, f) in enumerate(parts):
        if f is None or f in present:
            out.append((lit, f))
            continue
        if f in required:
            return None
        m = _PREP.search(lit)
        last = j == len(parts) - 1 or all(not (pl.strip()) and pf is None for pl, pf in parts[j + 1 :])
        if m:
            out.append((lit[: m.start()], None))
        elif last:
            out.append((lit.rstrip(), None))
        else:
            return None
    return out


_DETERMINERS = ("my ", "the ", "a ", "an ", "this ", "that ", "your ", "our ")


def _drop_noun(literal: str, noun: str) -> str:
    """``"details of my booking "`` + ``"the first booking from before"``: say the noun once."""
    low = literal.rstrip().lower()
    if not noun or not low.endswith(noun.lower()):
        return literal
    head = literal.rstrip()[: -len(noun)]
    for d in _DETERMINERS:
        if head.lower().endswith(" " + d) or head.lower() == d:
            head = head[: -len(d)]
            break
    return head if head.endswith(" ") or not head else head + " "


_FITTED: dict[tuple[Any, ...], list[list[tuple[str, str | None]]]] = {}


def _usable_intents(templates: tuple[str, ...], present: frozenset[str], required: Any) -> list[list[tuple[str, str | None]]]:
    """The templates that fit the mentioned arguments: those naming exactly them, else the rest.

    A pure function of its inputs, asked once per step of every plan with the same few
    combinations: memoized (the results are only read).
    """
    key = (templates, present, tuple(required))
    got = _FITTED.get(key)
    if got is None:
        req = set(required)
        exact: list[list[tuple[str, str | None]]] = []
        loose: list[list[tuple[str, str | None]]] = []
        for t in templates:
            fitted = _fit_intent(t, set(present), req)
            if fitted is None:
                continue
            (exact if set(placeholders(t)) <= present else loose).append(fitted)
        got = _FITTED[key] = exact or loose
    return got


def _intent_segments(
    plan: TurnPlan,
    i: int,
    intents: dict[str, tuple[str, ...]],
    rng: random.Random,
    omit: Mention | None,
    hide: set[tuple[int, str]],
) -> list[Segment]:
    step = plan.steps[i]
    ms = {m.param: m for m in plan.mentions_of(i) if (i, m.param) not in hide}
    usable = _usable_intents(intents.get(step.spec.name, ()), frozenset(ms), step.spec.parameters.get("required", ()))
    segs: list[Segment] = []
    used: set[str] = set()
    if usable:
        for literal, fname in usable[rng.randrange(len(usable))]:
            if fname is not None and ms[fname].kind in ("ref", "ordinal") and ms[fname] is not omit:
                literal = _drop_noun(literal, entity_noun(step.spec, fname))
            if literal:
                segs.append((literal, False))
            if fname is not None:
                m = ms[fname]
                used.add(fname)
                segs.append((vague(plan, m), False) if m is omit else (m.text, m.protected))
    else:
        # No intent fits (none authored, or each names an argument the call lacks).
        d = first_sentence(step.spec.description)
        segs.append((d[:1].lower() + d[1:], False))
    extras = [m for p, m in ms.items() if p not in used]
    for k, m in enumerate(extras):
        segs.append((", with " if k == 0 else " and ", False))
        if m is omit:
            segs.append((f"{humanize(m.param)} ", False))
            segs.append((vague(plan, m), False))
        elif isinstance(m.value, (bool, int, float)) and m.kind == "value":
            segs.append((f"{humanize(m.param)} set to ", False))
            segs.append((m.text, True))
        else:
            segs.append((f"{humanize(m.param)} ", False))
            segs.append((m.text, m.protected))
    return segs


def _joiner(k: int, n: int, rng: random.Random) -> str:
    if k == 0:
        return ""
    if k == n - 1:
        return rng.choice((" and then ", ", then ", " and ", ", and after that "))
    return ", "


def compose_query(
    plan: TurnPlan,
    intents: dict[str, tuple[str, ...]],
    rng: random.Random,
    voice: Voice,
    *,
    turn: int = 0,
    omit: Mention | None = None,
    forbidden: Iterable[str] = (),
) -> Query:
    """The built-in query writer: hard and easy query of one turn.

    Args:
        plan: the turn's plan.
        intents: tool name -> intent templates (``ToolDef.intents``).
        rng: the turn's RNG (all choices come from it).
        voice: the user's persona for the conversation.
        turn: the turn's index (later turns may start with a connector, "Next, ...").
        omit: a mention the user forgets to give (missing-parameter variant).
        forbidden: every value only a tool produced so far in the conversation.

    Raises:
        PlanRejected: ``leak`` when the query would contain a forbidden value (an internal value
            that is also a label, say).
    """
    needed = needed_mentions(plan)
    needed_keys = {(m.step, m.param) for m in needed}
    # Mentions dropped as redundant (a lookup's own search text, when the user names the
    # entity anyway) are hidden from the goal phrases too.
    hide = {(m.step, m.param) for m in plan.mentions if m.protected and (m.step, m.param) not in needed_keys and not plan.steps[m.step].goal}
    goals = plan.goals
    body: list[Segment] = []
    for k, gi in enumerate(goals):
        j = _joiner(k, len(goals), rng)
        if j:
            body.append((j, False))
        body.extend(_intent_segments(plan, gi, intents, rng, omit, hide))
    # Facts only implicit calls need (credentials, search criteria without a label).
    facts = [m for m in needed if not plan.steps[m.step].goal]
    fact_segs: list[Segment] = []
    if facts:
        lead = rng.choice(("For reference: ", "Details: ", "In case you need it: "))
        fact_segs.append((lead, False))
        for k, m in enumerate(facts):
            if k:
                fact_segs.append((", ", False))
            fact_segs.append((f"{humanize(m.param)} ", False))
            fact_segs.append((vague(plan, m), False) if m is omit else (m.text, True))
        fact_segs.append((".", False))

    segs: list[Segment] = []
    opener = voice.open(rng, turn == 0)
    if opener:
        segs.append((opener + " ", False))
    aside = voice.aside(rng)
    if aside and rng.random() < 0.5:
        segs.append((aside + " ", False))
        aside = None
    connector = voice.connector(rng) if turn > 0 else ""
    pre, post, cap = voice.wrap(rng)
    first_goal = next((t for t, _ in body if t.strip()), "")
    if _QUESTION.match(first_goal) and len(goals) == 1:
        pre, post, cap = "", "?", True  # "who is in my contact list?" needs no "please"
    if connector and pre:
        pre = pre[:1].lower() + pre[1:]
    request: list[Segment] = []
    if connector:
        request.append((connector, False))
    if pre:
        request.append((pre, False))
    request.extend(body)
    request.append((post, False))
    if cap or connector or not pre:
        request = capitalize_first(request)
    segs.extend(request)
    if fact_segs:
        segs.append((" ", False))
        segs.extend(capitalize_first(fact_segs))
    if aside:
        segs.append((" " + aside, False))
    closer = voice.close(rng)
    if closer:
        segs.append((" " + closer, False))
    segs = add_typos(segs, rng, voice.typo_rate)
    hard = join(segs)
    protected = [t for t, p in segs if p]
    query = Query(hard=hard, easy=easy_query(plan, intents, rng), protected=protected, omitted=omit)
    problem = check_query(query.hard, plan, forbidden, omit=omit)
    if problem:
        raise PlanRejected("leak" if problem.startswith("leak") else "query_invalid", problem)
    return query


def easy_query(plan: TurnPlan, intents: dict[str, tuple[str, ...]], rng: random.Random) -> str:
    """Every call of the plan spelled out in order, lookups included (no noise)."""
    parts: list[str] = []
    n = len(plan.steps)
    for i in range(n):
        text = join(_intent_segments(plan, i, intents, rng, None, set()))
        if n == 1:
            parts.append(text[:1].upper() + text[1:] + ".")
        elif i == 0:
            parts.append(f"First, {text}.")
        elif i == n - 1:
            parts.append(f"Finally, {text}.")
        else:
            parts.append(f"Then {text}.")
    return " ".join(parts)


def check_query(text: str, plan: TurnPlan, forbidden: Iterable[str], *, omit: Mention | None = None) -> str:
    """Why a query (built-in or model-written) is unusable, or ``""``.

    It must hold every value the solver needs (the advanced tool's parameters, except one the
    user deliberately omits) and no value only a tool produced.
    """
    leaks = find_leaks(text, set(plan.internal) | set(forbidden))
    if leaks:
        return f"leak: the query contains {leaks[:3]}, which only a tool produced"
    low = text.lower()
    missing = [m.bare for m in needed_mentions(plan) if m is not omit and m.bare.lower() not in low]
    if omit is not None and omit.kind in ("value", "label") and omit.bare.lower() in low and len(omit.bare) > 2:
        return f"the query states {omit.bare!r}, which the user was to leave out"
    if missing:
        return f"the query lacks {missing[:3]}, which the task needs"
    return ""


def intents_of(defs: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Tool name -> intents, from ``env.all_tooldefs()``."""
    return {name: tuple(getattr(td, "intents", ()) or ()) for name, td in defs.items()}

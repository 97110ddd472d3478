"""Error recovery from the environment's own errors: which mistake an error-recovery turn starts with.

FunReason-MT's released data marks trajectories with erroneous tool responses so that a model
learns to recover. Here the errors are the environment's own, drawn from what models really get
wrong, each checked to fail in the turn's world before it is used:

``precondition``  a call made before the call that opens its session ("log in first");
``wrong_id``      the name the user said passed where the id a lookup gives belongs;
``invalid_value`` a value in the form the user wrote it ("June 3, 2025", "most active") where
                  the tool wants another (``2025-06-03``, ``most_active``);
``missing_argument`` a required argument left out of the call ("missing required argument");
``wrong_type``    a number sent as the text the user typed ("7" where 7 belongs);
``transient``     an injected 503, one kind among the others.

The mistaken call is grounded like any other (the name and the date are the user's words), fails
without changing anything, and the built-in reasoner reads the error and repairs the call.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

from toolgym.envs.actions import CallRequest
from toolgym.envs.task import InjectedError

from .reasoner import Recovery, batches

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv

    from .turnplan import TurnPlan

__all__ = ["choose_recovery", "KINDS"]

KINDS = {"precondition": 0.2, "wrong_id": 0.25, "invalid_value": 0.15, "missing_argument": 0.15, "wrong_type": 0.1, "transient": 0.15}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"


def _batch_of(bs: list[list[int]], i: int) -> int:
    return next(k for k, b in enumerate(bs) if i in b)


def _in_turn_sources(plan: TurnPlan, i: int) -> list[int]:
    ids = {s.call.id: k for k, s in enumerate(plan.steps)}
    return [ids[src.call_id] for src in plan.steps[i].sources.values() if src.kind == "result" and src.call_id in ids]


def _precondition(plan: TurnPlan, bs: list[list[int]]) -> list[Recovery]:
    """Any call that needs a session opened earlier in the turn, sent before the opening call
    (the lookup that needs the login, or the goal itself), when its arguments are at hand."""
    out = []
    for g in range(len(plan.steps)):
        needs = set(plan.steps[g].spec.needs)
        openers = [e for e in range(g) if set(plan.steps[e].spec.establishes) & needs]
        if not openers or _in_turn_sources(plan, g):
            continue
        e = openers[-1]
        out.append(Recovery("precondition", g, _batch_of(bs, e), dict(plan.steps[g].call.arguments)))
    return out


def _wrong_id(plan: TurnPlan, bs: list[list[int]]) -> list[Recovery]:
    out = []
    for m in plan.mentions:
        g = m.step
        step = plan.steps[g]
        if not step.goal or m.kind != "label" or not m.bare or m.bare == m.value:
            continue
        src = step.sources.get(m.param)
        ids = {s.call.id: k for k, s in enumerate(plan.steps)}
        if src is None or src.call_id not in ids:
            continue
        before = _batch_of(bs, ids[src.call_id])
        others = [k for k in _in_turn_sources(plan, g) if k != ids[src.call_id]]
        if any(_batch_of(bs, k) >= before for k in others):
            continue  # another argument would come from a result not seen yet
        out.append(Recovery("wrong_id", g, before, {**step.call.arguments, m.param: m.bare}, m.param))
    return out


def _invalid_value(plan: TurnPlan, bs: list[list[int]], query: str) -> list[Recovery]:
    out = []
    for m in plan.mentions:
        step = plan.steps[m.step]
        if not step.goal or m.kind != "value" or not isinstance(m.value, str):
            continue
        wrong = None
        if re.match(r"^\d{4}-\d{2}-\d{2}$", m.value):
            y, mo, d = m.value.split("-")
            for mt in re.finditer(rf"\b(?:(?:{_MONTHS})\.?\s+{int(d)}(?:st|nd|rd|th)?,?\s+{y}|{int(d)}\s+(?:{_MONTHS})\.?,?\s+{y})\b", query):
                wrong = mt.group(0)
                break
        elif "_" in m.value and m.value.replace("_", " ") in query.lower():
            wrong = m.value.replace("_", " ")
        if wrong and wrong != m.value:
            before = _batch_of(bs, m.step)
            out.append(Recovery("invalid_value", m.step, before, {**step.call.arguments, m.param: wrong}, m.param))
    return out


def _missing_argument(plan: TurnPlan, bs: list[list[int]]) -> list[Recovery]:
    out = []
    for g in plan.goals:
        step = plan.steps[g]
        required = step.spec.parameters.get("required", [])
        for m in plan.mentions_of(g):
            if m.kind == "value" and m.param in required and not isinstance(m.value, bool):
                args = {k: v for k, v in step.call.arguments.items() if k != m.param}
                out.append(Recovery("missing_argument", g, _batch_of(bs, g), args, m.param))
    return out


def _wrong_type(plan: TurnPlan, bs: list[list[int]]) -> list[Recovery]:
    out = []
    for g in plan.goals:
        step = plan.steps[g]
        for m in plan.mentions_of(g):
            v = m.value
            if m.kind == "value" and isinstance(v, (int, float)) and not isinstance(v, bool):
                text = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
                out.append(Recovery("wrong_type", g, _batch_of(bs, g), {**step.call.arguments, m.param: text}, m.param))
    return out


def _fails(env: ToolEnv, plan: TurnPlan, bs: list[list[int]], cp: int, rec: Recovery) -> bool:
    """Whether the mistaken call really fails at its place in the turn (the world is left as found)."""
    env.world.restore(cp)
    try:
        for b in bs[: rec.before]:
            for i in b:
                c = plan.steps[i].call
                if env.execute(CallRequest(c.id, c.name, dict(c.arguments))).error is not None:
                    return False
        r = env.execute(CallRequest("probe0000", plan.steps[rec.step].call.name, dict(rec.arguments)))
        return r.error is not None
    finally:
        env.world.restore(cp)


def choose_recovery(
    env: ToolEnv, plan: TurnPlan, cp: int, rng: random.Random, query: str, max_parallel: int
) -> tuple[str, Recovery | None, list[InjectedError] | None]:
    """The kind of error an error-recovery turn shows, and its mistake or its injection."""
    bs = batches(plan, max_parallel)
    kinds = list(KINDS)
    order: list[str] = []
    while kinds:
        k = rng.choices(kinds, weights=[KINDS[x] for x in kinds])[0]
        order.append(k)
        kinds.remove(k)
    for kind in order:
        if kind == "transient":
            break
        cands = {"precondition": _precondition, "wrong_id": _wrong_id, "missing_argument": _missing_argument, "wrong_type": _wrong_type}.get(kind)
        found = cands(plan, bs) if cands else _invalid_value(plan, bs, query)
        rng.shuffle(found)
        for rec in found:
            if _fails(env, plan, bs, cp, rec):
                return kind, rec, None
    goal = plan.steps[plan.goals[0]]
    return "transient", None, [InjectedError(tool=goal.spec.name)]

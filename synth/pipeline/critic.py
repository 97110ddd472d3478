"""The built-in critic (A_C without a model): a structural diff of calls and state, as a hint.

It reads the failed attempt's verdict (:func:`~.phase3.check_turn`) and names each error the way
a reviewer would: a goal call never made, an argument that differs from what the request says
(and where the right value comes from: "the user id of Ann Lee, which find_user gives"), a
call to a tool this turn does not offer, a missing final answer, and the rows of the world that
ended up different from the requested state. The hint goes into the reasoner's next prompt
only; it never reaches the record.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from toolgym.envs.actions import CallRequest
from toolgym.record import Message

from .phase3 import Problem, TurnCheck, TurnContext, Verdict
from .turnplan import entity_noun

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv

__all__ = ["DiffCritic", "state_diff", "NAME"]

NAME = "builtin-diff-critic"


def _short(v: Any, n: int = 60) -> str:
    s = json.dumps(v, ensure_ascii=True)
    return s if len(s) <= n else s[: n - 3] + "..."


def state_diff(env: "ToolEnv", checkpoint: int, ctx: TurnContext) -> list[str]:
    """Rows that differ between the attempt's end state and the plan's (env left as it was found... restored)."""
    got = {t: dict(rows) for t, rows in env.world.changes().items()}
    env.world.restore(checkpoint)
    if ctx.plan is not None and ctx.mode == "solve":
        for step in ctx.plan.steps:
            c = step.call
            env.execute(CallRequest(c.id, c.name, dict(c.arguments)))
    want = {t: dict(rows) for t, rows in env.world.changes().items()}
    env.world.restore(checkpoint)
    out: list[str] = []
    for table in sorted(set(got) | set(want)):
        g, w = got.get(table, {}), want.get(table, {})
        for key in sorted(set(g) | set(w)):
            if key in g and key not in w:
                out.append(f"{table}[{key}] was changed but should not have been")
            elif key in w and key not in g:
                out.append(f"{table}[{key}] should have become {_short(w[key])}")
            elif g[key] != w[key]:
                out.append(f"{table}[{key}] is {_short(g[key])} but should be {_short(w[key])}")
            if len(out) >= 4:
                return out
    return out


class DiffCritic:
    """Names the errors of a failed attempt from the verdict and a diff of the world."""

    name = NAME

    async def critique(
        self, env: "ToolEnv", checkpoint: int, messages: list[Message], verdict: Verdict, check: TurnCheck, ctx: TurnContext
    ) -> str:
        lines = [self._line(p, ctx) for p in verdict.problems]
        if any(p.kind == "state" for p in verdict.problems):
            diff = state_diff(env, checkpoint, ctx)
            if diff:
                lines.append("State differences: " + "; ".join(diff) + ".")
        return " ".join(line for line in lines if line)

    @staticmethod
    def _expected_value(ctx: TurnContext, p: Problem, param: str) -> str:
        plan = ctx.plan
        if plan is not None and p.expected is not None:
            for m in plan.mentions:
                st = plan.steps[m.step]
                if st.call.id == p.expected.id and m.param == param:
                    if m.kind == "label":
                        producer = next((s.spec.name for s in plan.steps if s.call.id == st.sources[param].call_id), None)
                        via = f", which {producer} gives" if producer else ""
                        return f"the {entity_noun(st.spec, param)} of {m.text}{via}; do not guess ids"
                    if m.kind in ("ref", "ordinal"):
                        return f"{m.text} (a value from an earlier result)"
                    return f"{_short(m.value)}, exactly as the user said it"
        return _short(p.expected.arguments.get(param)) if p.expected is not None else "?"

    def _line(self, p: Problem, ctx: TurnContext) -> str:
        if p.kind == "missing_call" and p.expected is not None:
            args = ", ".join(f"{k}={_short(v, 30)}" for k, v in p.expected.arguments.items())
            return f"You never called {p.expected.name}; the request needs it ({p.expected.name}({args}))."
        if p.kind == "wrong_args" and p.expected is not None:
            got = p.got.arguments if p.got is not None else {}
            diffs = []
            for k in sorted(set(p.expected.arguments) | set(got)):
                if p.expected.arguments.get(k) != got.get(k):
                    diffs.append(f"{k} should be {self._expected_value(ctx, p, k)} (you passed {_short(got.get(k), 40)})")
            if not diffs:
                return f"{p.detail}."
            return f"In {p.expected.name}: " + "; ".join(diffs) + "."
        if p.kind == "unavailable_tool":
            return f"{p.tool} is not among the tools you have in this turn; do not call it."
        if p.kind == "unexpected_calls":
            if ctx.mode == "ask":
                return "The user left out a value the request needs; ask them for it instead of calling tools."
            if ctx.mode == "refuse":
                return "No tool you have can do this; tell the user so instead of calling tools."
            return "Answer without calling tools."
        if p.kind == "no_answer":
            return "Finish the turn with a short text answer to the user."
        if p.kind == "state":
            return "The final state is not what the user asked for." if ctx.mode == "solve" else "Nothing may change in this turn."
        return p.detail

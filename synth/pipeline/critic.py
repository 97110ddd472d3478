"""The built-in critic (A_C without a model): names what a failed attempt got wrong, as a hint.

It reads only the failed attempt (its calls, their results), the turn's ground truth (the plan's
calls and end state) and the verdict of :func:`~.phase3.check_turn`, never a label of the
mistake the reasoner may have been given, and names each error the way a reviewer would:

* a goal call never made ("the request also asks you to cancel the order to buy 10 AAPX");
* an argument that differs from the request, and where the right value comes from: the id of
  the row the user named (``"Ann Lee"`` in ``find_user``'s result, not ``"Ann Leeds"``, the row
  next to it), the name passed where its id belongs, an enum the request's words select;
* a call to a tool the turn does not offer; a missing or incomplete final answer;
* state that ended up different, table and fields, never the rows' ids.

It never pastes an internal id: a hint names things the way the user and the results do. The
hint goes into the reasoner's next prompt only; it never reaches the record.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from toolgym.envs.actions import CallRequest
from toolgym.record import Message

from .lexicon import text_of
from .phase3 import Problem, TurnCheck, TurnContext, Verdict

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv

__all__ = ["DiffCritic", "state_diff", "NAME"]

NAME = "builtin-diff-critic"


def _short(v: Any, n: int = 60) -> str:
    s = json.dumps(v, ensure_ascii=True)
    return s if len(s) <= n else s[: n - 3] + "..."


def state_diff(env: ToolEnv, checkpoint: int, ctx: TurnContext) -> list[str]:
    """How the attempt's end state differs from the plan's: tables and fields, no row ids."""
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
        name = table.split(".")[-1]
        for key in sorted(set(g) | set(w), key=str):
            if key in g and key not in w:
                out.append(f"a row of {name} was changed that the request does not touch")
            elif key in w and key not in g:
                out.append(f"a row of {name} the request changes was left as it was")
            elif g[key] != w[key]:
                a, b = g[key], w[key]
                if isinstance(a, dict) and isinstance(b, dict):
                    fields = [f for f in sorted(set(a) | set(b)) if a.get(f) != b.get(f) and not f.endswith("_id") and f != "id"]
                    if fields:
                        f = fields[0]
                        out.append(f"in {name}, {f} is {_short(a.get(f), 30)} but the request makes it {_short(b.get(f), 30)}")
                        continue
                out.append(f"a row of {name} ended up different from what the request asks")
            if len(out) >= 3:
                return out
    return out


def _labels_of(content: Any) -> dict[Any, str]:
    """Id-like value -> a name beside it, in a result (to speak of rows without their ids)."""
    out: dict[Any, str] = {}
    rows = content if isinstance(content, list) else [content]
    for row in rows:
        if not isinstance(row, dict):
            continue
        name = next((row[k] for k in ("name", "title", "label", "subject", "summary", "nickname", "path", "description") if isinstance(row.get(k), str)), None)
        if name is None:
            continue
        for _k, v in row.items():
            if isinstance(v, (str, int)) and not isinstance(v, bool) and v != name:
                out.setdefault(v, name)
    return out


class DiffCritic:
    """Names the errors of a failed attempt from the verdict, the results and a diff of the world."""

    name = NAME

    async def critique(
        self, env: ToolEnv, checkpoint: int, messages: list[Message], verdict: Verdict, check: TurnCheck, ctx: TurnContext
    ) -> str:
        labels: dict[Any, str] = {}
        for m in messages:
            if m.role == "tool" and m.error is None:
                labels.update(_labels_of(m.content))
        if ctx.plan is not None:
            for s in ctx.plan.steps:
                labels.update(_labels_of(s.content))
        lines = [self._line(p, ctx, labels) for p in verdict.problems]
        if any(p.kind == "state" for p in verdict.problems):
            diff = state_diff(env, checkpoint, ctx)
            if diff:
                lines.append("State: " + "; ".join(diff) + ".")
        return " ".join(line for line in lines if line)

    @staticmethod
    def _task(ctx: TurnContext, call_id: str) -> str | None:
        plan = ctx.plan
        if plan is None or plan.lex is None:
            return None
        for i, s in enumerate(plan.steps):
            if s.call.id == call_id:
                return text_of(plan.lex.clause(plan, i, ctx.rng, which="task", voice="third"))
        return None

    def _expected(self, ctx: TurnContext, p: Problem, param: str, got: Any, labels: dict[Any, str]) -> str:
        plan = ctx.plan
        exp = p.expected
        assert exp is not None
        if plan is not None:
            for m in plan.mentions:
                st = plan.steps[m.step]
                if st.call.id != exp.id or m.param != param:
                    continue
                src = st.sources.get(param)
                producer = next((s.spec.name for s in plan.steps if src is not None and s.call.id == src.call_id), None)
                if m.kind == "label":
                    where = f" in {producer}'s result" if producer else ""
                    if got == m.bare:
                        return f"{param} takes an id: you passed the name \"{m.bare}\" itself; the id of \"{m.bare}\" comes from {producer or 'a lookup'}"
                    other = labels.get(got)
                    if other and other != m.bare:
                        return f"{param} is the id of \"{other}\", another row{where}; the user asked for \"{m.bare}\""
                    return f"{param} must be the id of \"{m.bare}\"{where}; do not guess ids"
                if m.kind in ("ref", "ordinal"):
                    return f"{param} must be {m.text} (an id from an earlier result), not another one"
                enum = st.spec.parameters.get("properties", {}).get(param, {}).get("enum")
                if enum:
                    return f"{param} should be {_short(m.value)}, which is what the request's words ask for (you passed {_short(got, 30)})"
                return f"{param} should be {_short(m.value)}, as the user said it (you passed {_short(got, 40)})"
        return f"{param} differs from what the request asks"

    def _line(self, p: Problem, ctx: TurnContext, labels: dict[Any, str]) -> str:
        if p.kind == "missing_call" and p.expected is not None:
            t = self._task(ctx, p.expected.id)
            return f"You never called {p.expected.name}; the request also asks you to {t}." if t else f"You never called {p.expected.name}, which the request needs."
        if p.kind == "wrong_args" and p.expected is not None:
            got = p.got.arguments if p.got is not None else {}
            diffs = []
            for k in sorted(set(p.expected.arguments) | set(got)):
                if p.expected.arguments.get(k) != got.get(k):
                    diffs.append(self._expected(ctx, p, k, got.get(k), labels))
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
        if p.kind == "incomplete_answer":
            return f"Your answer leaves out what the user asked for: {p.detail.replace('the answer does not state ', '')}; state it."
        if p.kind == "state":
            return "The final state is not what the user asked for." if ctx.mode == "solve" else "Nothing may change in this turn."
        return p.detail

"""The built-in reasoner (A_R without a model): solves a turn from its plan and explains why.

It sends the plan's calls in as few messages as the data allows (a call joins the current
message unless it needs a value or a precondition another call of that message produces), and
writes first-person reasoning derived from the plan: what the user wants, why each call is
needed (a lookup for an id the user only named, a login a later tool requires), and which value
flows where ("find_user gave Ann Lee's user id U3f9a1c, which send_message takes as
receiver_id"). It notices a failed call: a transient error (503, timeout) is retried; anything
else ends the attempt with an honest answer, which the critic then corrects.

Missing-parameter turns ask for the value; missing-function turns say no tool can do it.
With ``error_rate`` > 0 the pipeline gives it a seeded slip on the first attempt
(:func:`~.phase3.plan_mistake`), so the critic loop is exercised offline as well.
"""

from __future__ import annotations

import json
import random
from typing import Any

from toolgym.record import Message, ToolCall, ToolSpec, new_call_id
from toolgym.synth.policy import Policy

from .fast import build
from .advanced import first_sentence
from .noise import join
from .phase3 import TRANSIENT, TurnContext
from .query import _intent_segments, vague
from .turnplan import _ID_KEY, TurnPlan, entity_noun, humanize, quote, render_value

__all__ = ["PlanReasoner", "batches", "describe_goal", "summarize_result", "NAME"]

NAME = "builtin-plan-reasoner"
def _msg(**kw: Any) -> Message:
    return build(Message, **kw)


def _call(**kw: Any) -> ToolCall:
    return build(ToolCall, **kw)


def batches(plan: TurnPlan, max_parallel: int) -> list[list[int]]:
    """Plan steps grouped into assistant messages (parallel calls where nothing depends)."""
    out: list[list[int]] = []
    cur: list[int] = []
    cur_ids: set[str] = set()
    cur_flags: set[str] = set()
    cur_writes = False
    for i, st in enumerate(plan.steps):
        deps = {s.call_id for s in st.sources.values() if s.kind == "result" and s.call_id}
        # A write ends the message: a later call may rely on the state it makes in ways no
        # edge shows (an engine that starts only with the doors locked), and when the write
        # fails the calls after it must not have been sent already.
        blocked = bool(deps & cur_ids) or bool(set(st.spec.needs) & cur_flags) or cur_writes or len(cur) >= max_parallel
        if cur and blocked:
            out.append(cur)
            cur, cur_ids, cur_flags, cur_writes = [], set(), set(), False
        cur.append(i)
        cur_ids.add(st.call.id)
        cur_flags |= set(st.spec.establishes)
        cur_writes = cur_writes or st.spec.writes
    if cur:
        out.append(cur)
    return out


def describe_goal(plan: TurnPlan, i: int, rng: random.Random | None = None, omit: Any = None) -> str:
    """A goal step in words, from its tool's intents (``"send Ann Lee a message saying hi"``)."""
    return join(_intent_segments(plan, i, plan.intents, rng or random.Random(0), omit, set()))


def summarize_result(content: Any, limit: int = 4) -> str:
    """A short reading of a result for the final answer."""
    if isinstance(content, dict):
        scalars = [(k, v) for k, v in content.items() if isinstance(v, (str, int, float, bool))]
        # Ids mean little to the user; name the rest unless ids are all there is.
        named = [(k, v) for k, v in scalars if not _ID_KEY.search(k)] or scalars
        parts = [f"{humanize(k)}: {render_value(v)}" for k, v in named[:limit]]
        return "; ".join(parts) if parts else "done"
    if isinstance(content, list):
        if not content:
            return "nothing found"
        names = []
        for item in content[:3]:
            if isinstance(item, dict):
                label = next((item[k] for k in ("name", "title", "label", "subject", "path", "symbol") if isinstance(item.get(k), str)), None)
                names.append(label or summarize_result(item, 2))
            else:
                names.append(render_value(item))
        more = f" and {len(content) - 3} more" if len(content) > 3 else ""
        return f"{len(content)} result{'s' if len(content) != 1 else ''}: " + ", ".join(names) + more
    if content is None:
        return "done"
    return render_value(content)


class PlanReasoner(Policy):
    """The built-in reasoner: acts from ``ctx.plan`` (a :class:`~.phase3.TurnContext`)."""

    name = NAME

    async def act(self, messages: list[Message], tools: list[ToolSpec], ctx: Any) -> Message:
        assert isinstance(ctx, TurnContext) and ctx.plan is not None, "PlanReasoner needs a TurnContext with a plan"
        if ctx.mode == "ask":
            return self._ask(ctx)
        if ctx.mode == "refuse":
            return self._refuse(ctx)
        return self._solve(messages, ctx)

    # --- ask / refuse -----------------------------------------------------------------------

    def _ask(self, ctx: TurnContext) -> Message:
        plan, m = ctx.plan, ctx.omitted
        assert plan is not None and m is not None
        step = plan.steps[m.step]
        noun = entity_noun(step.spec, m.param) if m.kind == "label" else humanize(m.param)
        goal = describe_goal(plan, m.step, ctx.rng, omit=m)
        who = vague(plan, m)
        reasoning = (
            f"The user wants me to {goal}, but they did not say which {noun}: '{who}' could be anything, "
            f"and {step.spec.name} needs a definite {m.param}. Guessing would act on the wrong {noun}, so I'll ask first."
        )
        if who == "someone":
            text = f"I can do that, but I need one more detail first: who do you mean? Please tell me the {noun}."
        else:
            text = f"I can do that, but I need one more detail first: which {noun} should I use?"
        return _msg(role="assistant", content=text, reasoning=reasoning)

    def _refuse(self, ctx: TurnContext) -> Message:
        plan = ctx.plan
        assert plan is not None
        missing = [plan.steps[i].spec for i in plan.goals if plan.steps[i].spec.name in ctx.withheld] or [
            plan.steps[plan.goals[-1]].spec
        ]
        what = first_sentence(missing[0].description).lower()
        reasoning = (
            f"The user asks for something that needs a tool to {what}. None of the tools I have can do that, "
            "and no combination of them would, so I should say so instead of pretending."
        )
        text = f"I'm sorry, but I can't do that right now: none of the tools available to me can {what}."
        return _msg(role="assistant", content=text, reasoning=reasoning)

    # --- solve ----------------------------------------------------------------------------

    def _solve(self, messages: list[Message], ctx: TurnContext) -> Message:
        plan = ctx.plan
        assert plan is not None
        st = ctx.state
        if "batches" not in st:
            st["batches"] = batches(plan, ctx.max_parallel)
            st["cursor"] = 0
            st["last"] = []  # (plan step, call) of the last message
            st["retried"] = False
        results = {m.tool_call_id: m for m in messages[-12:] if m.role == "tool"}
        notes: list[str] = []
        last = st["last"]
        if last:
            failed = [(i, c, results.get(c.id)) for i, c in last if (r := results.get(c.id)) is not None and r.error is not None]
            if failed:
                transient = [(i, c, r) for i, c, r in failed if TRANSIENT.search(r.error or "")]
                if transient and len(transient) == len(failed) and not st.get("retried_all"):
                    st["retried_all"] = True
                    return self._retry(transient, ctx)
                i, c, r = failed[0]
                return _msg(
                    role="assistant",
                    content=f"I couldn't finish: {c.name} failed ({r.error}).",  # type: ignore[union-attr]
                    reasoning=f"{c.name} returned an error I cannot work around: {r.error}. I'll tell the user what went wrong.",  # type: ignore[union-attr]
                )
            notes = [self._flow_note(plan, i, c, results.get(c.id)) for i, c in last]
        bs = st["batches"]
        mistake = ctx.mistake
        while st["cursor"] < len(bs):
            batch = bs[st["cursor"]]
            st["cursor"] += 1
            if mistake is not None and mistake[0] == "skip_goal":
                batch = [i for i in batch if i != mistake[1]]
                if not batch:
                    continue
            calls = []
            for i in batch:
                c = plan.steps[i].call
                args = dict(c.arguments)
                if mistake is not None and mistake[0] in ("wrong_value", "guess_id") and mistake[1] == i:
                    args[mistake[2]] = mistake[3]
                calls.append(_call(id=c.id, name=c.name, arguments=args))
            st["last"] = list(zip(batch, calls))
            first = st["cursor"] == 1
            reasoning = self._explain(plan, batch, ctx, notes, first)
            return _msg(role="assistant", content=None, reasoning=reasoning, tool_calls=calls)
        st["last"] = []
        return self._answer(plan, messages, notes)

    def _retry(self, failed: list[tuple[int, ToolCall, Any]], ctx: TurnContext) -> Message:
        calls = [_call(id=new_call_id(ctx.rng), name=c.name, arguments=dict(c.arguments)) for _, c, _ in failed]
        ctx.state["last"] = [(i, nc) for (i, _, _), nc in zip(failed, calls)]
        names = ", ".join(dict.fromkeys(c.name for _, c, _ in failed))
        err = failed[0][2].error
        reasoning = (
            f"{names} failed with a temporary error ({err}). A failed call changes nothing, and the message says "
            f"to try again, so I'll retry the same call before going on."
        )
        return _msg(role="assistant", content=None, reasoning=reasoning, tool_calls=calls)

    @staticmethod
    def _flow_note(plan: TurnPlan, i: int, call: ToolCall, result: Any) -> str:
        step = plan.steps[i]
        if result is None or result.error is not None:
            return ""
        # Which later arguments does this result feed?
        fed = []
        for j, later in enumerate(plan.steps):
            for p, src in later.sources.items():
                if src.kind == "result" and src.call_id == step.call.id:
                    v = later.call.arguments.get(p)
                    who = f" for {quote(src.label)}" if src.label else ""
                    fed.append(f"the {entity_noun(later.spec, p)} id {render_value(v)}{who}, which {later.spec.name} takes as {p}")
        if fed:
            return f"{call.name} gave me " + "; and ".join(dict.fromkeys(fed)) + "."
        if step.spec.establishes:
            return f"{call.name} succeeded, so {', '.join(step.spec.establishes)} now holds."
        return f"{call.name} succeeded."

    def _explain(self, plan: TurnPlan, batch: list[int], ctx: TurnContext, notes: list[str], first: bool) -> str:
        parts: list[str] = []
        if first:
            goals = [describe_goal(plan, i, ctx.rng) for i in plan.goals]
            parts.append("The user wants me to " + (goals[0] if len(goals) == 1 else ", then ".join(goals)) + ".")
        parts.extend(n for n in notes if n)
        for i in batch:
            parts.append(self._why(plan, i))
        if len(batch) > 1:
            parts.append("These calls do not depend on each other's results, so I'll send them together.")
        return " ".join(parts)

    @staticmethod
    def _why(plan: TurnPlan, i: int) -> str:
        step = plan.steps[i]
        name = step.spec.name
        consumers = []
        for later in plan.steps[i + 1 :]:
            for p, src in later.sources.items():
                if src.kind == "result" and src.call_id == step.call.id:
                    who = f" of {quote(src.label)}" if src.label else ""
                    consumers.append((later.spec.name, p, f"the {entity_noun(later.spec, p)} id{who}"))
        needing = [later.spec.name for later in plan.steps[i + 1 :] if set(later.spec.needs) & set(step.spec.establishes)]
        args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=True)}" for k, v in step.call.arguments.items())
        if consumers:
            c_tool, c_param, what = consumers[0]
            return f"I need {what} for {c_tool} ({c_param}); the user did not give it and only {name} can tell me, so I'll call {name}({args}) first."
        if needing:
            flags = ", ".join(f"'{f}'" for f in step.spec.establishes)
            return f"{needing[0]} requires {flags}, so I'll call {name}({args}) before it."
        flows = []
        for p, src in step.sources.items():
            if src.kind == "result":
                producer = next((s.spec.name for s in plan.steps if s.call.id == src.call_id), "an earlier call")
                flows.append(f"{p} comes from {producer}'s result")
        tail = f" ({'; '.join(flows)})" if flows else ""
        return f"Now {name}({args}) does what was asked{tail}."

    @staticmethod
    def _answer(plan: TurnPlan, messages: list[Message], notes: list[str]) -> Message:
        by_id: dict[str, Message] = {m.tool_call_id: m for m in messages if m.role == "tool" and m.tool_call_id}
        calls_by_name: dict[str, Message] = {}
        for m in messages:
            if m.role == "assistant":
                for c in m.tool_calls:
                    r = by_id.get(c.id)
                    if r is not None and r.error is None:
                        calls_by_name[c.name] = r
        lines = []
        for i in plan.goals:
            step = plan.steps[i]
            r = calls_by_name.get(step.spec.name)
            content = r.content if r is not None else step.content
            lines.append(f"- {first_sentence(step.spec.description)}: {summarize_result(content)}")
        text = ("Done. " if len(lines) == 1 else "All done. ") + "Here is what happened:\n" + "\n".join(lines)
        reasoning = " ".join(n for n in notes if n) + (" " if notes else "") + "Every step the user asked for has succeeded, so I'll report the results."
        return _msg(role="assistant", content=text, reasoning=reasoning.strip())

"""The offline planner: a :class:`~toolgym.synth.policy.Policy` that needs no model.

It solves a task turn by planning on the API graph with the machinery of the directed sampler
(:mod:`toolgym.synth.explore`): the turn's goal tools are its targets; at each step it calls the
goal if it is legal, else the legal tool nearest to it in the graph; arguments come from the
turn's structured data and from what earlier results revealed. When every goal has run it
answers in text, and the environment scores the turn.

It cannot read natural language, so it reads what a task states in structure
(:class:`~toolgym.envs.task.TurnSpec`):

* ``expect_calls``: the goal tools (a multiset: two sends need two sends);
* ``meta["target"]``: the goals when ``expect_calls`` is empty;
* ``meta["user_values"]``: ``{param: value}``, the values the user states (a city, an amount,
  and for an id the user names by label, the id itself: the planner still looks it up first,
  as a model would, and then picks the revealed value that matches);
* ``expect_no_calls`` / ``expect_answer``: answer without tools / put these strings in the answer.

A parameter the structure leaves open is grounded from the user's message where a world value
of that field occurs in it verbatim (a name the user wrote), else as the sampler grounds it.
In exploration mode (``ctx.target`` and no task) it walks to the target like the sampler.

It is the default policy wherever one is needed (``toolgym collect``, evaluation dry runs).

Example:
    >>> ep = asyncio.run(run_task(env, PlannerPolicy(), task))
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from toolgym.record import Message, ToolCall, ToolSpec, new_call_id

from .explore import choose_tool, error_hints
from .grounding import Grounder, Known, _WorldIndex
from .policy import Context, Policy

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv
    from toolgym.envs.graph import ApiGraph

__all__ = ["PlannerPolicy"]

_MAX_FAILURES = 6  # failed calls in one turn before the planner gives up and answers
_MAX_CALLS = 15  # calls in one turn before it gives up (a goal nothing leads to)


class PlannerPolicy(Policy):
    """Plans each turn on the API graph; no model, deterministic given ``ctx.rng``.

    Args:
        max_failures: failed calls in one turn after which it stops trying and answers.
        max_calls: calls in one turn after which it stops trying and answers.
    """

    name = "planner"

    def __init__(self, *, max_failures: int = _MAX_FAILURES, max_calls: int = _MAX_CALLS):
        self.max_failures = max_failures
        self.max_calls = max_calls

    async def act(self, messages: list[Message], tools: list[ToolSpec], ctx: Context) -> Message:
        env = ctx.env
        grounder = Grounder.of(env)
        graph = grounder.plan_graph
        turn_start = _turn_start(messages)
        known, ok_now, failures, last_fail = _replay(graph, messages, turn_start)
        calls_now = sum(len(m.tool_calls) for m in messages[turn_start:] if m.role == "assistant")
        spec = None
        if ctx.task is not None and ctx.turn < len(ctx.task.turns):
            spec = ctx.task.turns[ctx.turn]
        if spec is not None:
            if spec.expect_no_calls:
                return _say(_answer(spec, "I can't do that with the tools I have right now."))
            goals = list(spec.expect_calls) or _meta_targets(spec.meta)
            user_values = dict(spec.meta.get("user_values") or {}) if isinstance(spec.meta, dict) else {}
        elif ctx.target is not None:
            goals, user_values = [ctx.target], {}
        else:
            return _say("I have no structured goal to work toward.")
        remaining = list(goals)
        for name in ok_now:
            if name in remaining:
                remaining.remove(name)
        offered = set(env.offered_tools)
        remaining = [g for g in remaining if g in offered]
        if not remaining or failures >= self.max_failures or calls_now >= self.max_calls:
            done = not remaining
            return _say(_answer(spec, _summary(messages, turn_start) if done else "I could not complete this request."))
        target = remaining[0]
        user_text = messages[turn_start].content if turn_start < len(messages) and isinstance(messages[turn_start].content, str) else ""

        # An error that named the tool to use next ("lock them with lock_doors") is followed.
        tool, forced = None, {}
        if last_fail is not None:
            call, error = last_fail
            for name, kwargs, same in error_hints(grounder.graph, call.name, error):
                if name in offered and graph.is_legal(env, name, known):
                    tool = name
                    props = graph.tooldefs[name].spec.parameters.get("properties", {})
                    forced = {p: call.arguments[p] for p in props if p in call.arguments and (p in same or graph.is_internal_param(call.name, p))}
                    forced.update(kwargs)
                    break
        if tool is None:
            tool = choose_tool(graph, env, target, known, ctx.rng, reached=False, called=set(ok_now))
        if tool is None:
            return _say(_answer(spec, "None of the tools can run in the current state."))
        # Required arguments only: an optional one the user did not state would change the end
        # state the turn is checked against.
        args, _ = grounder.ground(env, tool, known, ctx.rng, required_only=True)
        _apply_user_values(graph, grounder, env, tool, args, user_values, user_text, known)
        args.update(forced)
        call = ToolCall(id=new_call_id(ctx.rng), name=tool, arguments=args)
        return Message(role="assistant", tool_calls=[call], reasoning=_why(graph, env, tool, target, known))


# --- reading the conversation -------------------------------------------------------------------


def _turn_start(messages: list[Message]) -> int:
    for i in range(len(messages) - 1, -1, -1):
        if messages[i].role == "user":
            return i
    return len(messages)


def _replay(graph: ApiGraph, messages: list[Message], turn_start: int) -> tuple[Known, list[str], int, tuple[ToolCall, str] | None]:
    """What the conversation revealed (all turns), what ran this turn, its failures, the last one."""
    known = Known()
    calls: dict[str, ToolCall] = {}
    ok_now: list[str] = []
    failures = 0
    last_fail: tuple[ToolCall, str] | None = None
    for i, m in enumerate(messages):
        if m.role == "assistant":
            for c in m.tool_calls:
                calls[c.id] = c
        elif m.role == "tool" and m.tool_call_id in calls:
            c = calls[m.tool_call_id]
            if c.name not in graph.tooldefs:
                continue
            if m.error is None:
                known.reveal(graph, c.name, c.id, m.content)
                if i > turn_start:
                    ok_now.append(c.name)
                    last_fail = None
            elif i > turn_start:
                failures += 1
                known.failed(c.name, c.arguments, graph.entity_params(c.name))
                known.unhelpful(c.name, c.arguments, graph.user_params(c.name))
                last_fail = (c, m.error)
    return known, ok_now, failures, last_fail


def _meta_targets(meta: Any) -> list[str]:
    t = meta.get("target") if isinstance(meta, dict) else None
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return []


# --- arguments ----------------------------------------------------------------------------------


def _apply_user_values(
    graph: ApiGraph, grounder: Grounder, env: ToolEnv, tool: str, args: dict[str, Any], user_values: dict[str, Any], user_text: str, known: Known
) -> None:
    """Overwrite grounded arguments with what the user stated (structured, or verbatim in text)."""
    props = graph.tooldefs[tool].spec.parameters.get("properties", {})
    required = set(graph.tooldefs[tool].spec.parameters.get("required", []))
    stated = {str(v) for v in user_values.values() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
    low_text = user_text.lower()
    for p in props:
        internal = graph.is_internal_param(tool, p)
        entity = graph.param_entity(tool, p)
        if internal and entity is not None:
            vals = known.get(entity) or []
            want = user_values.get(p)
            pick = None
            if want is not None:
                pick = next((v for v in vals if v[0] == want), None)
            if pick is None:  # the entry the user named by its label
                pick = next((v for v in reversed(vals) if v[3] and (v[3] in stated or v[3].lower() in low_text)), None)
            if pick is not None:
                args[p] = pick[0]
            continue
        if p in user_values:
            args[p] = user_values[p]
            continue
        if p in required or p in args:
            found = _from_text(grounder, env, tool, p, low_text)
            if found is not None:
                args[p] = found


def _from_text(grounder: Grounder, env: ToolEnv, tool: str, param: str, low_text: str) -> Any:
    """The longest world value of ``param``'s field (or the label of what the tool looks up) that
    the user's message contains verbatim."""
    if not low_text:
        return None
    fields = grounder._user_fields(tool, param)
    if not fields:
        g = grounder.graph
        labels = [s.label or g.entity_label(s.entity) for s in g.produced(tool)]
        fields = [f for f in labels if f and f in grounder.world.fields]
    best = None
    for f in fields:
        for tname, path in grounder.world.fields.get(f, ()):
            table = env.world.tables.get(tname)
            if table is None:
                continue
            for row in table.values():
                v = _WorldIndex.get(row, path)
                if isinstance(v, str) and len(v) >= 3 and v.lower() in low_text and (best is None or len(v) > len(best)):
                    best = v
    return best


# --- messages -----------------------------------------------------------------------------------


def _say(text: str) -> Message:
    return Message(role="assistant", content=text)


def _answer(spec: Any, text: str) -> str:
    extra = [s for s in (spec.expect_answer if spec is not None else []) if s.lower() not in text.lower()]
    return " ".join([text, *extra]).strip()


def _summary(messages: list[Message], turn_start: int) -> str:
    for m in reversed(messages[turn_start:]):
        if m.role == "tool" and m.error is None:
            body = json.dumps(m.content, ensure_ascii=True, sort_keys=True)
            if len(body) > 300:
                body = body[:297] + "..."
            return f"Done. {m.name} returned {body}"
    return "Done."


def _why(graph: ApiGraph, env: ToolEnv, tool: str, target: str, known: Known) -> str:
    if tool == target:
        return f"Everything {target} needs is at hand, so I call it."
    unmet = graph.unmet(target, graph.holding(env), known)
    needs = ", ".join(f"a {r.key} id" if r.kind == "data" else f"'{r.key}' to hold" for r in unmet) or "a step first"
    return f"{target} needs {needs}; {tool} gets me closer."

"""Phase III: the guided iterative chain, one turn at a time.

Attempt k: the reasoner gets the conversation (the hard query last) and the primitive tools,
plus ``Prompt(k)``: the advanced tool's description, then every hint so far. Its calls run in
the live env restored to the turn's starting state (a savepoint, so attempt k never sees what
attempt k-1 did). The attempt is checked against the turn's ground truth:

* the end state hash must be the plan's (every write done, nothing else changed);
* every goal call must have run successfully with the plan's arguments (order-insensitive: a
  multiset of normalised calls; defaults and nulls are dropped before comparing);
* ask and refuse turns (missing parameter, missing function) must make no call;
* the attempt must end with a text answer, and call only tools offered in this turn.

On failure the critic names the error, its hint is appended and the reasoner tries again, up
to ``k_max``. Hints live only in the reasoner's view, never in the record: the kept messages
are the passing attempt's own.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolgym.canonical import canonical_json
from toolgym.envs.actions import CallRequest
from toolgym.record import Message, ToolCall, ToolResult, ToolSpec

from .fast import build
from .turnplan import Mention, TurnPlan

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv
    from toolgym.envs.task import InjectedError

    from .advanced import AdvancedTool

__all__ = ["TurnCheck", "Problem", "Verdict", "TurnContext", "check_turn", "normalize_call", "run_attempt", "guided_turn", "TRANSIENT"]

def _msg(**kw: Any) -> Message:
    return build(Message, **kw)
TRANSIENT = re.compile(r"\b(503|429|temporar|overload|try again|timed? ?out|unavailable)", re.IGNORECASE)


@dataclass
class TurnCheck:
    """What a turn must achieve (also what task mode scores, see :mod:`.tasks`)."""

    start_hash: str
    end_hash: str
    essential: list[ToolCall] = field(default_factory=list)
    no_calls: bool = False
    offered: frozenset[str] | None = None
    specs: dict[str, ToolSpec] = field(default_factory=dict)
    tooldefs: Any = None  # name -> ToolDef: when given, the answer must state each call's answer fields


@dataclass
class Problem:
    kind: str  # missing_call | wrong_args | state | no_answer | unexpected_calls | unavailable_tool | incomplete_answer
    detail: str
    tool: str | None = None
    expected: ToolCall | None = None
    got: ToolCall | None = None


@dataclass
class Verdict:
    ok: bool
    problems: list[Problem] = field(default_factory=list)


from toolgym.synth.policy import Context  # noqa: E402  (after the dataclasses it does not need)


@dataclass
class TurnContext(Context):
    """What a reasoner may read beyond the messages (the built-in reads the plan; a model, the hints)."""

    plan: TurnPlan | None = None
    mode: str = "solve"  # solve | ask | refuse
    omitted: Mention | None = None
    hints: list[str] = field(default_factory=list)
    attempt: int = 1
    mistake: tuple[Any, ...] | None = None
    advanced: AdvancedTool | None = None
    query: str = ""
    max_parallel: int = 4
    withheld: tuple[str, ...] = ()
    state: dict[str, Any] = field(default_factory=dict)  # the reasoner's scratch space for one attempt
    style: str = "narrative"  # the built-in reasoner's phrasing for the conversation
    recovery: Any = None  # error-recovery turns: the mistake to make first (reasoner.Recovery)
    problems: list[Problem] = field(default_factory=list)  # what went wrong in earlier attempts
    earlier_tools: dict[str, str] = field(default_factory=dict)  # call id of an earlier turn -> tool


def _norm_value(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, list):
        return [_norm_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _norm_value(x) for k, x in v.items() if x is not None}
    return v


def normalize_call(name: str, args: dict[str, Any], spec: ToolSpec | None) -> str:
    """A call's comparable form: nulls and schema defaults dropped, 2.0 == 2."""
    props = spec.parameters.get("properties", {}) if spec is not None else {}
    out = {}
    for k, v in args.items():
        if v is None:
            continue
        p = props.get(k)
        if isinstance(p, dict) and "default" in p and p["default"] == v:
            continue
        out[k] = _norm_value(v)
    return name + canonical_json(out)


def check_turn(env: ToolEnv, messages: list[Message], check: TurnCheck) -> Verdict:
    """Compare one attempt (this turn's assistant and tool messages) with the ground truth."""
    problems: list[Problem] = []
    calls: list[ToolCall] = [c for m in messages if m.role == "assistant" for c in m.tool_calls]
    results = {m.tool_call_id: m for m in messages if m.role == "tool"}
    if not messages or messages[-1].role != "assistant" or messages[-1].tool_calls or not (messages[-1].content or "").strip():
        problems.append(Problem("no_answer", "the turn must end with a text answer to the user"))
    if check.offered is not None:
        for c in calls:
            if c.name not in check.offered:
                problems.append(Problem("unavailable_tool", f"{c.name} is not available in this turn", tool=c.name, got=c))
    if check.no_calls and calls:
        problems.append(
            Problem("unexpected_calls", f"this turn needs an answer without tool calls, got {[c.name for c in calls]}", tool=calls[0].name)
        )
    ok_calls = Counter(
        normalize_call(c.name, c.arguments, check.specs.get(c.name))
        for c in calls
        if (r := results.get(c.id)) is not None and r.error is None
    )
    for exp in check.essential:
        key = normalize_call(exp.name, exp.arguments, check.specs.get(exp.name))
        if ok_calls[key] > 0:
            ok_calls[key] -= 1
            continue
        same_tool = [c for c in calls if c.name == exp.name]
        if same_tool:
            got = same_tool[-1]
            r = results.get(got.id)
            why = f"failed: {r.error}" if r is not None and r.error else "ran with other arguments"
            problems.append(Problem("wrong_args", f"{exp.name} {why}", tool=exp.name, expected=exp, got=got))
        else:
            problems.append(Problem("missing_call", f"{exp.name} was never called", tool=exp.name, expected=exp))
    if check.tooldefs is not None and not problems and calls:
        from toolgym.synth.quality.answers import turn_answer_problems

        for tool, what in turn_answer_problems(messages, messages[-1].content or "", check.tooldefs):
            problems.append(Problem("incomplete_answer", f"the answer does not state {what} from {tool}", tool=tool))
    h = env.state_hash()
    if h != check.end_hash:
        what = "changed the state" if check.end_hash == check.start_hash else "did not reach the requested state"
        problems.append(Problem("state", f"the calls {what}"))
    return Verdict(ok=not problems, problems=problems)


def run_call(env: ToolEnv, call: ToolCall, injections: dict[str, list[str]]) -> tuple[ToolResult, bool]:
    """Run one call as ``env.execute`` would, failing it first if an error is injected for its tool.

    Task mode (``TurnSpec.inject_errors``) does exactly this on replay: the first ``times``
    calls of the tool in the turn fail with the message, before validation.
    """
    queue = injections.get(call.name)
    if queue:
        return ToolResult(call_id=call.id, name=call.name, error=queue.pop()), True
    return env.execute(CallRequest(call.id, call.name, call.arguments)), False


async def run_attempt(
    env: ToolEnv,
    reasoner: Any,
    view: list[Message],
    tools: list[ToolSpec],
    ctx: TurnContext,
    *,
    max_steps: int,
    inject: list[InjectedError] = (),  # type: ignore[assignment]
) -> list[Message]:
    """One attempt: the reasoner acts until it answers in text (or ``max_steps`` messages)."""
    injections: dict[str, list[str]] = {}
    for inj in inject:
        injections.setdefault(inj.tool, []).extend([inj.error] * inj.times)
    out: list[Message] = []
    for _ in range(max_steps):
        msg = await reasoner.act(view + out, tools, ctx)
        out.append(msg)
        if not msg.tool_calls:
            break
        for c in msg.tool_calls:
            r, injected = run_call(env, c, injections)
            m = _msg(role="tool", content=r.content, tool_call_id=r.call_id, name=r.name, error=r.error)
            if injected:
                m.meta = {"injected": True}
            out.append(m)
    return out


async def guided_turn(
    env: ToolEnv,
    checkpoint: int,
    view: list[Message],
    tools: list[ToolSpec],
    check: TurnCheck,
    reasoner: Any,
    critic: Any,
    ctx: TurnContext,
    *,
    k_max: int,
    max_steps: int,
    error_rate: float = 0.0,
    rng: random.Random,
    inject: list[InjectedError] = (),  # type: ignore[assignment]
) -> tuple[list[Message] | None, int, list[Verdict]]:
    """Attempts until one passes: ``(messages, attempts, verdicts of the failed attempts)``.

    ``messages`` is None when all ``k_max`` attempts failed. On success the env is left in the
    passing attempt's end state (the turn's ground-truth state).
    """
    failures: list[Verdict] = []
    for k in range(1, k_max + 1):
        env.world.restore(checkpoint)
        ctx.attempt = k
        ctx.state = {}
        if k == 1:
            ctx.problems = []
        # A seeded slip on the first attempt of the built-in reasoner (error_rate), so the
        # critic loop runs offline too; the hint of attempt 1 removes it.
        ctx.mistake = plan_mistake(ctx, rng) if (k == 1 and error_rate > 0 and ctx.mode == "solve" and rng.random() < error_rate) else None
        msgs = await run_attempt(env, reasoner, view, tools, ctx, max_steps=max_steps, inject=inject)
        verdict = check_turn(env, msgs, check)
        if verdict.ok:
            return msgs, k, failures
        failures.append(verdict)
        ctx.problems = list(verdict.problems)
        if k < k_max:
            hint = await critic.critique(env, checkpoint, msgs, verdict, check, ctx)
            ctx.hints.append(hint)
    env.world.restore(checkpoint)
    return None, k_max, failures


def plan_mistake(ctx: TurnContext, rng: random.Random) -> tuple[Any, ...] | None:
    """A mistake a model really makes on a first attempt, for the built-in reasoner to make.

    ``("similar_row", step, param, value)``: the id of a neighbouring row of the same lookup
    (another "Ann"); ``("label_as_id", ...)``: the name the user said where the id belongs (the
    lookup skipped); ``("wrong_enum", ...)``: another value of an enum; ``("wrong_value", ...)``:
    another number of the same request in the wrong place; ``("skip_goal", step)``: one part of
    a two-part request forgotten. The critic never sees which one was made.
    """
    plan = ctx.plan
    if plan is None or not plan.steps:
        return None
    options: list[tuple[Any, ...]] = []
    numbers = [m for m in plan.mentions if m.kind == "value" and isinstance(m.value, (int, float)) and not isinstance(m.value, bool)]
    for m in plan.mentions:
        step = plan.steps[m.step]
        if not step.goal:
            continue
        src = step.sources.get(m.param)
        if m.kind in ("label", "ordinal", "ref") and src is not None and src.call_id:
            other = _neighbour(plan, src.call_id, src.path, m.value)
            if other is not None:
                options.append(("similar_row", m.step, m.param, other))
            if m.kind == "label" and m.bare and m.bare != m.value:
                options.append(("label_as_id", m.step, m.param, m.bare))
        elif m.kind == "value" and isinstance(m.value, str):
            enum = step.spec.parameters.get("properties", {}).get(m.param, {}).get("enum")
            if enum and len(enum) > 1:
                options.append(("wrong_enum", m.step, m.param, rng.choice([e for e in enum if e != m.value])))
        elif m.kind == "value" and isinstance(m.value, (int, float)) and not isinstance(m.value, bool):
            others = [o.value for o in numbers if o is not m and o.value != m.value and type(o.value) is type(m.value)]
            if others:
                options.append(("wrong_value", m.step, m.param, rng.choice(others)))
    if len(plan.goals) > 1:
        options.append(("skip_goal", plan.goals[-1]))
    return rng.choice(options) if options else None


def _neighbour(plan: TurnPlan, call_id: str, path: str | None, value: Any) -> Any:
    """The same field of the next (or previous) item of the list a value came from."""
    m = re.match(r"^\[(\d+)\]\.(.+)$", path or "")
    if not m:
        return None
    src = next((s for s in plan.steps if s.call.id == call_id), None)
    if src is None or not isinstance(src.content, list):
        return None
    k, field_ = int(m.group(1)), m.group(2)
    for j in (k + 1, k - 1):
        if 0 <= j < len(src.content) and isinstance(src.content[j], dict):
            v = src.content[j].get(field_)
            if v is not None and v != value:
                return v
    return None

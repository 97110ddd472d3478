"""The built-in reasoner (A_R without a model): solves a turn from its plan and says why, as a
careful model would.

It sends the plan's calls in as few messages as the data allows (a call joins the current
message unless it needs a value or a precondition another call of that message produces), and
writes first-person reasoning from the plan and the results it has seen: what the user asked
for (restated through the tools' ``task`` phrases), what each call is for (the goal itself, a
lookup for an id the user only named, a login a later tool needs), where each argument comes
from (the user's words, an earlier result), what came back, and what follows. Its phrasing is
drawn per conversation from several styles, so no fixed template runs through a dataset.

It notices failures: a transient error (503, timeout) is retried; in an error-recovery turn it
makes one realistic mistake first (a tool called before its login, a name passed where an id
belongs, a date in the wrong format), reads the environment's own error and repairs the call.
After a critic's hint (attempt 2+), the reasoning dwells on the point that went wrong, in its
own words: the kept reasoning never mentions hints.

Missing-parameter turns ask for the value; missing-function turns say no tool can do it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from toolgym.record import Message, ToolCall, ToolSpec, new_call_id
from toolgym.synth.policy import Policy

from .answer import write_answer
from .fast import build
from .lexicon import Lexicon, cap, text_of
from .phase3 import TRANSIENT, TurnContext
from .say import join_list
from .turnplan import TurnPlan

__all__ = ["PlanReasoner", "batches", "Recovery", "task_text", "NAME", "STYLES"]

NAME = "builtin-plan-reasoner"
STYLES = ("narrative", "concise", "methodical")


def _msg(**kw: Any) -> Message:
    return build(Message, **kw)


def _call(**kw: Any) -> ToolCall:
    return build(ToolCall, **kw)


@dataclass(frozen=True)
class Recovery:
    """The mistake an error-recovery turn starts with, and where it goes.

    ``kind``: ``precondition`` (step ``step`` sent before the call that opens its session),
    ``wrong_id`` (step ``step`` sent with the label the user gave in place of the id a lookup
    gives), ``invalid_value`` (an argument in the form the user wrote it, which the tool
    rejects). ``before``: index of the batch the mistaken call is sent ahead of.
    """

    kind: str
    step: int
    before: int
    arguments: dict[str, Any]
    param: str | None = None


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


def task_text(lex: Lexicon, plan: TurnPlan, i: int, rng: random.Random, voice: str = "third", cache: dict | None = None) -> str:
    """What step ``i`` does, as an infinitive phrase ("deposit $500 into their Roth IRA account").

    ``cache``: an attempt's scratch space; a step is then phrased once per attempt and voice
    (the reasoning names a step several times; one phrasing reads more consistent anyway).
    """
    if cache is not None:
        key = ("task", i, voice)
        got = cache.get(key)
        if got is None:
            got = cache[key] = text_of(lex.clause(plan, i, rng, which="task", voice=voice))
        return got
    return text_of(lex.clause(plan, i, rng, which="task", voice=voice))


# --- phrase pools -------------------------------------------------------------------------------------
# Per style, several phrasings of each thing the reasoning says; {x} slots are filled below.

_RESTATE = {
    "narrative": ("The user wants me to {t}.", "They're asking me to {t}.", "So the request is to {t}.", "The user would like me to {t}.",
                  "What they need: {t}.", "Okay, the task is to {t}."),
    "concise": ("Need to {t}.", "Task: {t}.", "Goal: {t}.", "To do: {t}."),
    "methodical": ("Request: {t}.", "Let me restate the request: {t}.", "The user asks me to {t}.", "Objective: {t}."),
}
_PLAN = {
    "narrative": ("That takes {n} calls: {steps}.", "I'll go in order: {steps}.", "The plan is to {steps}.", "First I'll {steps}."),
    "concise": ("Plan: {steps}.", "Steps: {steps}.", "{Steps}."),
    "methodical": ("Plan, in order: {steps}.", "This needs {n} steps: {steps}.", "Steps I need: {steps}."),
}
_LOOKUP = (
    "I don't have the {what} yet, only the name the user gave ({label}); {tool} will give it to me.",
    "{tool} can look up the {what} for {label}: the user only named it.",
    "The user referred to {label} by name, so I need {tool} first to get the {what}.",
    "Before I can {next}, I need the {what} of {label}, which only {tool} can tell me.",
    "I can't guess the {what}; {tool} will find it from {label}.",
)
_LOOKUP_NOLABEL = (
    "{tool} comes first: {next} needs the {what} it returns.",
    "I need the {what} from {tool} before I can {next}.",
    "To {next} I first need the {what}, which {tool} gives.",
)
_PRECONDITION = (
    "{needer} only works after {tool}, so I'll call {tool} first{creds}.",
    "Nothing else works until {tool} has succeeded, so it goes first{creds}.",
    "{tool} has to come first: {needer} depends on it{creds}.",
    "First {tool}{creds}, since {needer} needs it.",
    "I'll start with {tool}{creds}; {needer} won't run without it.",
)
_CREDS = (", using the details in the message", " with what the user gave me", " with the credentials they provided", "")
_GOAL = {
    "narrative": ("Now I can {t}.", "With that, I'll {t}.", "Next I'll {t}.", "Time to {t}.", "That lets me {t}."),
    "concise": ("Now: {t}.", "Next, {t}.", "{T}.", "Then {t}."),
    "methodical": ("Next step: {t}.", "Now I'll {t}.", "Step: {t}.", "With that in hand, {t}."),
}
_GOAL_FIRST = {
    "narrative": ("I'll {t} right away.", "That's a single call: I'll {t}.", "I can do this directly.", "Straightforward: I'll {t}."),
    "concise": ("One call does it.", "Direct call.", "Calling it now."),
    "methodical": ("This is one step.", "A single call covers it.", "I'll make the call."),
}
_GOAL_OPEN = ("First thing: {t}.", "First, {t}.", "To begin, I'll {t}.", "I can {t} straight away.", "Nothing is needed first to {t}, so that goes now.")
_GOAL_ALSO = ("Alongside it, I'll {t}.", "In the same message, {t}.", "I'll also {t}.", "And {t} as well.")
_SOURCES_USER = (
    "The {params} {verb} straight from the message.",
    "I have the {params} from what the user wrote.",
    "The user gave the {params}.",
    "{Params}: as the user said.",
)
_SOURCES_RESULT = (
    "the {params} from {tool}'s result",
    "the {params} that {tool} returned",
    "the {params} {tool} gave me",
)
_SOURCES_EARLIER = (
    "the {params} from the earlier {tool} result",
    "the {params} we already got from {tool}",
)
_PARALLEL = (
    "These don't depend on each other, so I'll send them together.",
    "Neither call needs the other's result; I'll run them in parallel.",
    "They're independent, so one message with both calls.",
    "I can issue these at the same time.",
)
_SAW = {
    "list": ("{tool} returned {n} {nouns}{which}.", "{tool} found {n} {nouns}{which}.", "Got {n} {nouns} back from {tool}{which}."),
    "one": ("{tool} found {label}{which}.", "{tool} gave me {label}{which}.", "From {tool}: {label}{which}."),
    "ok": ("{tool} went through.", "{tool} succeeded.", "{tool} worked.", "That worked."),
    "flag": ("{tool} succeeded.", "{tool} worked, so I can go on.", "{tool} is done; on to the rest.", "Past {tool}."),
    "empty": ("{tool} came back empty.", "Nothing matched in {tool}.", "{tool} returned no results."),
}
_FINAL = {
    "narrative": ("{fact} That's what the user asked for, so I'll report it.", "{fact} I'll let the user know.",
                  "So: {fact_l} I'll tell the user.", "All done: {fact_l} I'll summarise it for the user.",
                  "The results are clear. {fact} Time to answer.", "{fact} That covers the request."),
    "concise": ("{fact} Reporting back.", "{fact} Answering.", "Result: {fact_l}", "{fact} Done."),
    "methodical": ("Result: {fact_l} Every part of the request is handled; I'll report it.", "Outcome: {fact_l} Reporting.",
                   "Checked the result: {fact_l} Answering the user.", "Verified: {fact_l} Summarising for the user."),
}


# Words a sentence may start with that are lower case inside one ("Outcome: the ticket is ...");
# any other first word (a name: "Bethany English has it") keeps its capital.
_COMMON_STARTS = frozenset("""the a an you your you're you've you'll it it's its there there's this that these those they their
they're we our nothing no nobody none done here here's all one some both each every after before now today yes ok okay in on at
for from with to of by as when while since found sent created deleted updated copied moved booked cancelled saved added removed
changed set turned opened closed started stopped locked unlocked posted replied shared linked marked logged signed checked
current currently only just still also""".split())


def _lower_start(fact: str) -> str:
    first = fact.split(" ", 1)[0]
    if first.lower().rstrip(",.:;!?") in _COMMON_STARTS and not first[1:2].isupper():
        return fact[:1].lower() + fact[1:]
    return fact


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

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _style(ctx: TurnContext) -> str:
        return ctx.style if ctx.style in STYLES else "narrative"

    @staticmethod
    def _lex(ctx: TurnContext) -> Lexicon:
        assert ctx.plan is not None and ctx.plan.lex is not None, "the plan carries no lexicon"
        return ctx.plan.lex

    # --- ask / refuse -----------------------------------------------------------------------

    def _ask(self, ctx: TurnContext) -> Message:
        plan, m = ctx.plan, ctx.omitted
        assert plan is not None and m is not None
        lex, rng = self._lex(ctx), ctx.rng
        step = plan.steps[m.step]
        noun = lex.noun(step.spec.name, m.param).noun if m.kind != "value" else lex.param_noun(step.spec.name, m.param)
        t = text_of(lex.clause(plan, m.step, rng, which="task", omit=m, voice="third"))
        reasoning = rng.choice((
            f"The user wants me to {t}, but they didn't say which {noun}. {step.spec.name} needs it, and guessing could act on the wrong one, so I'll ask.",
            f"They asked me to {t}. The {noun} is missing from the request and nothing so far tells me what it should be. I should ask rather than guess.",
            f"To {t} I need the {noun}, which the user hasn't given. I'll ask for it before calling anything.",
            f"Request: {t}. Missing: the {noun}. I won't invent it; asking.",
        ))
        question = lex.ask_for(plan, m, rng)
        text = rng.choice((
            f"Sure, I can do that. {question}",
            f"Happy to help with that. {question}",
            f"I can take care of it, I just need one detail: {question[:1].lower() + question[1:]}",
            f"Before I go ahead: {question[:1].lower() + question[1:]}",
            question,
        ))
        return _msg(role="assistant", content=text, reasoning=reasoning)

    def _refuse(self, ctx: TurnContext) -> Message:
        plan = ctx.plan
        assert plan is not None
        lex, rng = self._lex(ctx), ctx.rng
        gi = next((i for i in plan.goals if plan.steps[i].spec.name in ctx.withheld), plan.goals[-1])
        t = task_text(lex, plan, gi, rng)
        you = task_text(lex, plan, gi, rng, voice="assistant")
        reasoning = rng.choice((
            f"The user wants me to {t}. None of the tools I have can do that, and no combination of them would, so I should say so instead of pretending.",
            f"To {t} I'd need a tool for it, and I don't see one among the tools available. I'll tell the user plainly.",
            f"Request: {t}. I checked the tools I have: nothing does this. Best to be upfront.",
        ))
        text = rng.choice((
            f"I'm sorry, but I can't {you} right now: none of the tools available to me can do that.",
            f"Unfortunately I don't have a way to {you} at the moment; that isn't something my current tools support.",
            f"I can't {you} with the tools I have access to right now, sorry.",
            f"That's not something I can do at the moment: I have no tool to {you}.",
        ))
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
            st["recovery"] = ctx.recovery
        results = {m.tool_call_id: m for m in messages[-16:] if m.role == "tool"}
        notes: list[str] = []
        last = st["last"]
        if last:
            failed = [(i, c, r) for i, c in last if (r := results.get(c.id)) is not None and r.error is not None]
            if failed:
                if st.get("mistake_sent"):
                    st["mistake_sent"] = False
                    notes.append(self._read_error(ctx, failed[0][1], failed[0][2].error or ""))
                else:
                    transient = [(i, c, r) for i, c, r in failed if TRANSIENT.search(r.error or "")]
                    if transient and len(transient) == len(failed) and not st.get("retried_all"):
                        st["retried_all"] = True
                        return self._retry(transient, ctx)
                    i, c, r = failed[0]
                    return _msg(
                        role="assistant",
                        content=f"I couldn't finish: {c.name} failed ({r.error}).",
                        reasoning=f"{c.name} returned an error I can't work around: {r.error}. I'll tell the user what went wrong.",
                    )
            else:
                notes.extend(self._saw(ctx, i, c, results.get(c.id)) for i, c in last)
        bs = st["batches"]
        rec: Recovery | None = st.get("recovery")
        if rec is not None and st["cursor"] == rec.before and not st.get("mistake_done"):
            st["mistake_done"] = True
            st["mistake_sent"] = True
            step = plan.steps[rec.step]
            call = _call(id=new_call_id(ctx.rng), name=step.call.name, arguments=dict(rec.arguments))
            st["last"] = [(rec.step, call)]
            first = st["cursor"] == 0
            parts = [self._restate(ctx)] if first else []
            parts.extend(n for n in notes if n)
            parts.append(self._mistaken_why(ctx, rec))
            return _msg(role="assistant", content=None, reasoning=" ".join(p for p in parts if p), tool_calls=[call])
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
                if mistake is not None and mistake[0] in ("wrong_value", "similar_row", "wrong_enum", "label_as_id") and mistake[1] == i:
                    args[mistake[2]] = mistake[3]
                retry = rec is not None and i == rec.step and st.get("mistake_done")
                calls.append(_call(id=new_call_id(ctx.rng) if retry else c.id, name=c.name, arguments=args))
            st["last"] = list(zip(batch, calls, strict=False))
            first = st["cursor"] == 1 and not st.get("mistake_done")
            reasoning = self._explain(plan, batch, ctx, notes, first)
            return _msg(role="assistant", content=None, reasoning=reasoning, tool_calls=calls)
        st["last"] = []
        return self._answer(plan, messages, notes, ctx)

    def _retry(self, failed: list[tuple[int, ToolCall, Any]], ctx: TurnContext) -> Message:
        calls = [_call(id=new_call_id(ctx.rng), name=c.name, arguments=dict(c.arguments)) for _, c, _ in failed]
        ctx.state["last"] = [(i, nc) for (i, _, _), nc in zip(failed, calls, strict=False)]
        names = join_list(list(dict.fromkeys(c.name for _, c, _ in failed)))
        err = failed[0][2].error
        reasoning = ctx.rng.choice((
            f"{names} failed with a temporary error ({err}). A failed call changes nothing and the message says to try again, so I'll retry it once.",
            f"That was a transient failure from {names}: {err}. Nothing was changed, so retrying the same call is safe.",
            f"{names} is temporarily unavailable ({err}). I'll send the same call again.",
        ))
        return _msg(role="assistant", content=None, reasoning=reasoning, tool_calls=calls)

    # --- the reasoning text ----------------------------------------------------------------------

    def _restate(self, ctx: TurnContext) -> str:
        plan = ctx.plan
        assert plan is not None
        lex, rng, style = self._lex(ctx), ctx.rng, self._style(ctx)
        tasks = [task_text(lex, plan, i, rng) for i in plan.goals]
        t = tasks[0] if len(tasks) == 1 else join_list(tasks, "and then")
        out = rng.choice(_RESTATE[style]).replace("{t}", t)
        n = len(plan.steps)
        if n > 1 and rng.random() < 0.6:
            steps = [self._short(ctx, i) for i in range(n)]
            # every step named ("..., a few lookups, and finally ..." called requested actions lookups)
            seq = ", then ".join(steps) if n <= 5 else f"{', then '.join(steps[:3])}, then {n - 4} more, and finally {steps[-1]}"
            pl = rng.choice(_PLAN[style]).replace("{n}", str(n)).replace("{steps}", seq).replace("{Steps}", cap(seq))
            out += " " + pl
        return out

    def _short(self, ctx: TurnContext, i: int) -> str:
        """A step in a few words: its tool and what it is for."""
        plan = ctx.plan
        assert plan is not None
        return task_text(self._lex(ctx), plan, i, ctx.rng, cache=ctx.state)

    def _explain(self, plan: TurnPlan, batch: list[int], ctx: TurnContext, notes: list[str], first: bool) -> str:
        rng = ctx.rng
        parts: list[str] = []
        if first:
            parts.append(self._restate(ctx))
        parts.extend(n for n in notes if n)
        opening = first or all(j in batch for j in range(min(batch)))  # nothing sent before this batch
        for k, i in enumerate(batch):
            parts.append(self._why(ctx, i, first and len(plan.steps) == 1, opening=opening and k == 0, sibling=k > 0))
            care = self._care(ctx, i)
            if care:
                parts.append(care)
        if len(batch) > 1:
            parts.append(rng.choice(_PARALLEL))
        return " ".join(p for p in parts if p)

    def _why(self, ctx: TurnContext, i: int, only: bool, *, opening: bool = False, sibling: bool = False) -> str:
        plan = ctx.plan
        assert plan is not None
        lex, rng, style = self._lex(ctx), ctx.rng, self._style(ctx)
        step = plan.steps[i]
        name = step.spec.name
        consumers = []
        for j, later in enumerate(plan.steps[i + 1 :], start=i + 1):
            for p, src in later.sources.items():
                if src.kind == "result" and src.call_id == step.call.id:
                    consumers.append((j, p, src.label))
        needing = [j for j, later in enumerate(plan.steps[i + 1 :], start=i + 1) if set(later.spec.needs) & set(step.spec.establishes)]
        if not step.goal and consumers:
            j, p, label = consumers[0]
            what = lex.noun(plan.steps[j].spec.name, p).noun + (" id" if p.lower().endswith(("id", "ids")) else "")
            nxt = task_text(lex, plan, j, rng, cache=ctx.state)
            if label:
                s = rng.choice(_LOOKUP)
                return s.replace("{what}", what).replace("{label}", f'"{label}"').replace("{tool}", name).replace("{next}", nxt)
            return rng.choice(_LOOKUP_NOLABEL).replace("{what}", what).replace("{tool}", name).replace("{next}", nxt)
        if not step.goal and needing:
            # "with the credentials they provided" only for what the user typed (not a code or an
            # id an earlier result gave)
            creds = rng.choice(_CREDS) if any(m.step == i and m.kind == "value" for m in plan.mentions) else ""
            s = rng.choice(_PRECONDITION)
            return cap(s.replace("{needer}", plan.steps[needing[0]].spec.name).replace("{tool}", name).replace("{creds}", creds))
        t = task_text(lex, plan, i, rng, voice="third")
        if only:
            s = rng.choice(_GOAL_FIRST[style]).replace("{t}", t)
        elif opening:
            s = rng.choice(_GOAL_OPEN).replace("{t}", t)
        elif sibling:
            s = rng.choice(_GOAL_ALSO).replace("{t}", t)
        else:
            s = rng.choice(_GOAL[style]).replace("{t}", t).replace("{T}", cap(t))
        said = self._sources(ctx, i)
        return s + (" " + said if said else "")

    def _sources(self, ctx: TurnContext, i: int) -> str:
        """Where the arguments of step ``i`` come from, in one sentence (or nothing)."""
        plan = ctx.plan
        assert plan is not None
        rng = ctx.rng
        step = plan.steps[i]
        user: list[Any] = []
        from_result: dict[Any, Any] = {}
        earlier: dict[Any, Any] = {}
        in_turn = {s.call.id: s.spec.name for s in plan.steps}
        for p, src in step.sources.items():
            if p not in step.call.arguments:
                continue
            words = self._lex(ctx).param_noun(step.spec.name, p)
            if src.kind == "user":
                if isinstance(step.call.arguments[p], bool):
                    continue  # a switch is no noun ("the unread only comes from the message")
                user.append(words)
            elif src.kind == "result" and src.call_id in in_turn:
                from_result.setdefault(in_turn[src.call_id], []).append(words)
            elif src.kind == "result":
                earlier.setdefault(src.call_id, []).append(words)
        parts = []
        if len(user) >= 1 and rng.random() < 0.7:
            s = rng.choice(_SOURCES_USER)
            ps = join_list(user)
            parts.append(s.replace("{params}", ps).replace("{Params}", cap(ps)).replace("{verb}", "comes" if len(user) == 1 else "come"))
        bits = []
        for tool, ps in from_result.items():
            bits.append(rng.choice(_SOURCES_RESULT).replace("{params}", join_list(ps)).replace("{tool}", tool))
        for cid, ps in earlier.items():
            tool = ctx.earlier_tools.get(cid or "")
            bits.append(rng.choice(_SOURCES_EARLIER).replace("{params}", join_list(ps)).replace("{tool}", tool or "lookup"))
        if bits:
            # "For the rest:" only after a sentence about what the user gave
            parts.append(cap(rng.choice(("I'll use ", "I'll pass ", "For the rest: ") if parts else ("I'll use ", "I'll pass ")))
                         + join_list(bits) + ".")
        return " ".join(parts)

    def _saw(self, ctx: TurnContext, i: int, call: ToolCall, result: Any) -> str:
        """What a successful result says, as far as the next steps care."""
        plan = ctx.plan
        assert plan is not None
        if result is None or result.error is not None:
            return ""
        lex, rng = self._lex(ctx), ctx.rng
        step = plan.steps[i]
        content = result.content
        used = []
        for j, later in enumerate(plan.steps):
            for p, src in later.sources.items():
                if src.kind == "result" and src.call_id == step.call.id:
                    v = later.call.arguments.get(p)
                    used.append((j, p, src.label, join_list([str(x) for x in v]) if isinstance(v, list) else v))
        if isinstance(content, list):
            if not content:
                return rng.choice(_SAW["empty"]).replace("{tool}", call.name)
            which = ""
            if used:
                j, p, label, v = used[0]
                noun = lex.noun(plan.steps[j].spec.name, p).noun
                who = f'"{label}"' if label else f"the {noun} I need"
                which = rng.choice((f"; {who} is {v}", f", and the id of {who} is {v}", f"; {who} has the id {v}"))
            n = len(content)
            # the items are what the next step takes only when they are those things themselves
            # (accounts listed for an account id), not posts that merely name a person
            own = used and any(isinstance(it, dict) and str(used[0][3]) in (str(x) for x in it.values()) for it in content)
            if own:
                nn = lex.noun(plan.steps[used[0][0]].spec.name, used[0][1])
                noun = nn.noun if n == 1 else (nn.plural or nn.noun)
            else:
                noun = "result" if n == 1 else "results"
            return rng.choice(_SAW["list"]).replace("{tool}", call.name).replace("{n}", str(n)).replace("{nouns}", noun).replace("{which}", which)
        if used:
            j, p, label, v = used[0]
            what = f'"{label}" ({v})' if label else str(v)
            pool = _SAW["one"][1:] if step.spec.writes else _SAW["one"]  # a write made it; it did not "find" it
            return rng.choice(pool).replace("{tool}", call.name).replace("{label}", what).replace("{which}", "")
        if step.spec.establishes:
            return cap(rng.choice(_SAW["flag"]).replace("{tool}", call.name))
        return rng.choice(_SAW["ok"]).replace("{tool}", call.name)

    def _answer(self, plan: TurnPlan, messages: list[Message], notes: list[str], ctx: TurnContext) -> Message:
        lex, rng, style = self._lex(ctx), ctx.rng, self._style(ctx)
        last_user = max((i for i, m in enumerate(messages) if m.role == "user"), default=-1)
        text, facts = write_answer(lex, plan, messages[last_user + 1 :], rng)  # this turn's results only
        fact = facts if len(facts) < 200 else facts.split(". ")[0].rstrip(".") + "."
        if len(fact) >= 200:  # a long answer: its first clause stands for it
            fact = fact[:180].rsplit(" ", 1)[0].rstrip(",;:") + " ..."
        lead = " ".join(n for n in notes if n and not n.endswith("went through.") and not n.endswith("worked."))
        finals = _FINAL[style]
        if re.search(r"\bDone\b", fact):
            finals = tuple(f for f in finals if not f.endswith("Done.") and not f.startswith("All done")) or finals  # no "Done: ... Done."
        final = rng.choice(finals).replace("{fact}", fact).replace("{fact_l}", _lower_start(fact))
        reasoning = (lead + " " + final).strip()
        return _msg(role="assistant", content=text, reasoning=reasoning)

    # --- mistakes and recovery --------------------------------------------------------------------

    def _mistaken_why(self, ctx: TurnContext, rec: Recovery) -> str:
        """The reasoning before the mistaken call: plausible, and wrong in the way it is wrong."""
        plan = ctx.plan
        assert plan is not None
        lex, rng = self._lex(ctx), ctx.rng
        t = task_text(lex, plan, rec.step, rng, voice="third")
        if rec.kind == "wrong_id":
            return rng.choice((
                f"I'll {t}, passing the name the user gave.",
                f"The user named it, so I'll {t} with that name.",
                f"Let me {t} directly.",
            ))
        if rec.kind == "invalid_value":
            return rng.choice((f"I'll {t} with the values as the user wrote them.", f"Let me {t}.", f"I can {t} right away."))
        if rec.kind in ("missing_argument", "wrong_type"):
            return rng.choice((f"I'll {t}.", f"Let me {t} now.", f"Straightforward: I'll {t}."))
        return rng.choice((f"I'll {t}.", f"Let me {t} right away.", f"This should be one call: I'll {t}."))

    def _read_error(self, ctx: TurnContext, call: ToolCall, error: str) -> str:
        """Reading the environment's own error after the mistaken call, and the repair."""
        rec: Recovery | None = ctx.state.get("recovery")
        rng = ctx.rng
        quoted = error if len(error) <= 220 else error[:217] + "..."
        if rec is None:
            return f"{call.name} failed: {quoted}"
        plan = ctx.plan
        assert plan is not None
        if rec.kind == "precondition":
            opener = next((plan.steps[i].spec.name for i in range(len(plan.steps)) if set(plan.steps[i].spec.establishes) & set(plan.steps[rec.step].spec.needs)), "the login")
            return rng.choice((
                f"{call.name} was refused: \"{quoted}\". I skipped a step: {opener} has to come first. The failed call changed nothing, so I'll do that and then retry.",
                f"The error says \"{quoted}\". Right, I need {opener} before {call.name}; nothing was changed by the failed call, so I'll fix the order.",
                f"That failed (\"{quoted}\"). {opener} first, then {call.name} again.",
            ))
        if rec.kind == "wrong_id":
            noun = self._lex(ctx).noun(call.name, rec.param or "").noun
            lookup = next((plan.steps[i].spec.name for i in range(len(plan.steps)) if not plan.steps[i].goal and any(
                s.kind == "result" and s.call_id == plan.steps[i].call.id for s in plan.steps[rec.step].sources.values())), "a lookup")
            return rng.choice((
                f"{call.name} rejected it: \"{quoted}\". I passed the {noun}'s name where its id belongs. {lookup} gives the id, so I'll call it and retry.",
                f"The error (\"{quoted}\") makes sense: {rec.param} takes an id, not a name. I'll look the {noun} up with {lookup} first.",
                f"Failed: \"{quoted}\". The name isn't an id; {lookup} will give me the real {rec.param}. Nothing changed, so I can simply redo it.",
            ))
        if rec.kind == "missing_argument":
            return rng.choice((
                f"{call.name} says \"{quoted}\". I left out the {(rec.param or '').replace('_', ' ')}, which the user did give; I'll add it and resend.",
                f"Right, \"{quoted}\": the call needs {rec.param}. It's in the request, so I'll include it this time.",
                f"The call was incomplete (\"{quoted}\"). Adding {rec.param} from the user's message.",
            ))
        if rec.kind == "wrong_type":
            return rng.choice((
                f"\"{quoted}\": {rec.param} has to be a number, not text. Same value, sent as a number.",
                f"{call.name} rejected it (\"{quoted}\"); I passed {rec.param} as a string. Fixing the type and retrying.",
                f"The tool wants {rec.param} as a number (\"{quoted}\"), so I'll resend it that way.",
            ))
        return rng.choice((
            f"{call.name} rejected the value: \"{quoted}\". I'll send it in the format the tool expects and try again.",
            f"The error says \"{quoted}\". The tool wants {rec.param} in another format; fixing that and retrying.",
            f"That didn't go through (\"{quoted}\"). {rec.param} was written the way the user typed it; I'll convert it.",
        ))

    def _care(self, ctx: TurnContext, i: int) -> str:
        """After a failed attempt: the point that went wrong, said as the reasoner's own care."""
        plan = ctx.plan
        if plan is None or not ctx.problems:
            return ""
        lex, rng = self._lex(ctx), ctx.rng
        step = plan.steps[i]
        for p in ctx.problems:
            exp = p.expected
            if exp is None or exp.id != step.call.id:
                continue
            if p.kind == "missing_call":
                return rng.choice((
                    "The request has more than one part, and this one matters as much as the first.",
                    f"I must not leave this out: the user asked me to {task_text(lex, plan, i, rng)} as well.",
                ))
            if p.kind == "wrong_args":
                for m in plan.mentions_of(i):
                    if p.got is not None and p.got.arguments.get(m.param) == exp.arguments.get(m.param):
                        continue
                    noun = lex.noun(step.spec.name, m.param).noun
                    if m.kind == "label":
                        return rng.choice((
                            f"Careful with the {noun}: the user means \"{m.bare}\" exactly, so I'll take that one's id.",
                            f"I'll make sure the {noun} I pass is \"{m.bare}\" itself, by its own id.",
                        ))
                    said = text_of(lex.surface(plan, m, None, voice="third"))
                    what = lex.param_noun(step.spec.name, m.param)
                    return rng.choice((
                        f"The {what} must be exactly what the user asked for: {said}.",
                        f"I'll double-check the {what}: the request says {said}.",
                    ))
        return ""


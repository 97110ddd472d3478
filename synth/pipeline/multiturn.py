"""Multi-turn composition: N rounds in one world, each through Phases I-III, into one Episode.

For every round: choose target(s) (the first round's target comes from the run's coverage
schedule), run the directed sampler from the live state (Phase I), read the plan off the chains,
build the advanced tool and the hard query (Phase II), then let the reasoner solve the query in
the turn's starting state with the critic's help (Phase III). The world persists, so later turns
act on what earlier turns did and found (a message sent in turn 1 is there to delete in turn 3).

Variants (BFCL's multi-turn categories, plus one):

``base``            rounds as above.
``miss_param``      in one round the user forgets a value the task needs: the assistant must
                    ask (no call, nothing changes); the next user turn gives the value and the
                    round is solved then.
``miss_func``       one round's target tool is withheld from the offered tools until then: the
                    assistant must say it cannot; the next user turn adds the tool
                    (``TurnSpec.add_tools``, ``Turn.meta["add_tools"]``) and the round is solved.
``long_context``    two more domains are composed in as distractor tools (many more tools to
                    choose from) and one round asks for a large listing (long tool outputs).
``error_recovery``  one call of one round fails with an injected transient error
                    (``TurnSpec.inject_errors``); the assistant notices and retries.

Each turn carries, in ``Turn.meta["expect"]``, exactly what task mode needs to score it (a
:class:`~toolgym.envs.task.TurnSpec`), so :func:`~.tasks.episode_to_task` turns any record
into a task that ``toolgym collect`` can evaluate or use for RL with the same checker.
"""

from __future__ import annotations

import inspect
import math
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolgym.canonical import stable_hash
from toolgym.envs.task import InjectedError
from toolgym.envs.world import derive_seed
from toolgym.record import Episode, Message, ToolSpec, Turn

from .fast import build
from .leakage import find_leaks
from .lexicon import Lexicon
from .noise import pick_voice
from .phase3 import TurnCheck, TurnContext, guided_turn
from .query import follow_up_tool, follow_up_value
from .reasoner import STYLES
from .recovery import choose_recovery
from .turnplan import Mention, PlanRejected, Revealed, TurnPlan, needed_mentions, plan_turn, reveal

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv

    from .config import SynthConfig
    from .roles import Roles

__all__ = ["Slot", "Drop", "EnvHandle", "EnvCache", "synthesize_episode", "make_env", "difficulty_of", "VARIANT_WEIGHT"]

def _msg(**kw: Any) -> Message:
    return build(Message, **kw)
VARIANT_WEIGHT = {"base": 0.0, "miss_param": 2.0, "miss_func": 2.0, "long_context": 3.0, "error_recovery": 2.0}


class Drop(Exception):
    """This attempt at a record failed; ``reason`` goes into the drop summary."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Slot:
    """One output record to make: everything the run's schedule fixed for it."""

    key: int
    env_key: str  # "toolgym/X-v0" or several joined with "+"
    variant: str
    n_turns: int
    target: str | None  # the first round's target (coverage schedule)
    world_seed: int
    primary: int = 0  # index of the domain whose tools are targets (long_context: the others distract)


def make_env(env_key: str) -> "ToolEnv":
    """The environment of an episode's ``env_id``: a registered id, or ``A+B`` composed."""
    from toolgym.envs.registry import make

    parts = env_key.split("+")
    if len(parts) == 1:
        return make(parts[0])
    from toolgym.envs.compose import compose

    return compose(*parts)


@dataclass
class EnvHandle:
    env: "ToolEnv"
    env_key: str
    graph: Any
    sampler: Any
    specs: dict[str, ToolSpec]
    lex: Lexicon
    targets: dict[int, list[str]]  # primary domain index -> its tools
    base_names: dict[str, str]  # tool name -> its name in its own domain
    list_tools: set[str]
    revoking: set[str] = field(default_factory=set)  # tools that end a session (logout)
    world_seed: int | None = None
    explore_known: bool = False


class EnvCache:
    """One live env per env key in a process; records that share a world reuse it."""

    def __init__(self, sampler_steps: int = 12, max_envs: int = 32):
        self.handles: dict[str, EnvHandle] = {}
        self.max_envs = max_envs
        self.sampler_steps = sampler_steps
        self.resets = 0

    def handle(self, env_key: str) -> EnvHandle:
        h = self.handles.get(env_key)
        if h is None:
            from toolgym.envs.graph import ApiGraph
            from toolgym.synth.explore import DirectedSampler

            env = make_env(env_key)
            defs = env.all_tooldefs()
            comps = getattr(env, "components", None)
            if comps:
                targets = {i: [n for n in defs if env.tool_owner(n) is c] for i, c in enumerate(comps)}
                # A composed env prefixes clashing names with the domain ("travel_login").
                base_names = {n: (n[len(env.tool_owner(n).domain) + 1 :] if n not in type(env.tool_owner(n))._tooldefs else n) for n in defs}
            else:
                targets = {0: list(defs)}
                base_names = {n: n for n in defs}
            list_tools = {n for n, td in defs.items() if not td.writes and (td.spec.returns or {}).get("type") == "array"}
            sampler = DirectedSampler(env, max_steps=self.sampler_steps)
            h = EnvHandle(
                env=env,
                env_key=env_key,
                graph=ApiGraph.of(env),
                sampler=sampler,
                specs={n: td.spec for n, td in defs.items()},
                lex=Lexicon(env),
                targets=targets,
                base_names=base_names,
                list_tools=list_tools,
                revoking={n for n, td in defs.items() if td.spec.revokes},
                explore_known="known" in inspect.signature(sampler.explore).parameters,
            )
            self.handles[env_key] = h
            while len(self.handles) > self.max_envs:
                self.handles.pop(next(iter(self.handles)))  # the oldest composition goes
        return h

    def begin(self, h: EnvHandle, world_seed: int) -> None:
        """The pristine world of ``world_seed``: built once, restored for every later record."""
        if h.world_seed != world_seed:
            h.env.reset(seed=world_seed)
            h.world_seed = world_seed
            self.resets += 1
        else:
            h.env.world.restore(0)


def _weighted(rng: random.Random, dist: dict[int, float]) -> int:
    keys = list(dist)
    return rng.choices(keys, weights=[dist[k] for k in keys])[0]


def difficulty_of(turn_feats: list[dict[str, int]], variant: str, n_domains: int) -> float:
    """A score in [0, 1): calls, implicit dependencies, cross-turn references, variant, domains."""
    raw = sum(f["calls"] + 1.5 * f["implicit"] + 2.0 * f["cross_refs"] for f in turn_feats)
    raw += VARIANT_WEIGHT.get(variant, 0.0) + 1.0 * (n_domains - 1)
    return round(1.0 - math.exp(-raw / 15.0), 4)


@dataclass
class _State:
    messages: list[Message]
    turns: list[Turn] = field(default_factory=list)
    earlier: dict[str, tuple[int, ToolSpec, Any]] = field(default_factory=dict)
    forbidden: set[str] = field(default_factory=set)
    used_tools: set[str] = field(default_factory=set)
    feats: list[dict[str, int]] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    known: Any = None
    placed: bool = False
    omit_choices: list[Mention] = field(default_factory=list)
    revealed: dict[str, Revealed] = field(default_factory=dict)
    revealed_counts: dict[str, int] = field(default_factory=dict)
    style: str = "narrative"  # the built-in reasoner's phrasing for this conversation
    known_hay: Any = None  # what the conversation holds so far (quality.values.Haystack), grown per turn
    # tools no later round asks for as its goal: the last round's goals ("log me out", then "log
    # me out" again), and any session tool asked for before
    not_goals: set[str] = field(default_factory=set)
    session_goals: set[str] = field(default_factory=set)


# Sampler step budget (times ``sampler_steps``) per try at a round's coverage target. A target
# that none of these tries reaches fails the attempt (``target_unreached``): the slot tries again
# with a new stream, and only after half its attempts does run.py relax the target.
_FIRST_TARGET_BUDGET = (1, 2, 3, 3)


def _max_calls(cfg: "SynthConfig", budget: int) -> int:
    """The call cap of a round's plan: a coverage target on a longer walk may need more calls
    (refuelling means driving to a station: about a dozen calls), so its cap grows with the walk."""
    return cfg.max_calls_per_turn if budget == 1 else max(cfg.max_calls_per_turn, min(20, cfg.max_calls_per_turn * budget))


async def _sample_plan(
    h: EnvHandle, cfg: "SynthConfig", slot: Slot, st: _State, rng: random.Random, first_target: str | None, *, avoid: set[str],
    prefer: set[str] | None = None, primary: int | None = None,
) -> tuple[TurnPlan, int]:
    """Phase I for one round: chains toward 1-3 targets from the live state, read into a plan.

    ``primary``: the index of the domain whose tools are this round's targets (a composed
    conversation moves between its domains round by round).
    """
    env = h.env
    lane = slot.primary if primary is None else primary
    eligible = [t for t in h.targets[lane] if t not in avoid and (not cfg.targets or h.base_names[t] in cfg.targets)]
    if first_target is None:
        # nobody asks to log in while logged in, or to log out while logged out (the planner
        # would first undo the state just to redo it)
        holding = h.graph.holding(env)
        def pointless(t: str) -> bool:
            spec = h.specs[t]
            made = {h.graph.state_key(t, f) for f in spec.establishes}
            gone = {h.graph.state_key(t, f) for f in spec.revokes}
            return bool(made and made <= holding) or bool(gone and not gone & holding)
        eligible = [t for t in eligible if t not in st.not_goals and not pointless(t)] or eligible
    if not eligible:
        raise Drop("no_target")
    last_reason = "target_unreached"
    base_steps = h.sampler.max_steps
    covering = first_target is not None and first_target not in avoid
    for tries in range(len(_FIRST_TARGET_BUDGET) if covering else 4):
        cp = env.world.mark()
        budget0 = _FIRST_TARGET_BUDGET[tries] if covering else 1
        n_targets = _weighted(rng, cfg.targets_per_turn)
        chains = []
        for j in range(n_targets):
            budget = 1
            if j == 0 and covering:
                target = first_target
                # The coverage target gets a longer walk on each retry, as `toolgym explore`
                # gives a target that keeps failing (deep domain rules: drive to a gas station
                # before refuelling). Without it, such targets were silently swapped for a
                # random tool and never appeared in the output. A function of ``tries`` only,
                # so deterministic.
                budget = budget0
            elif j == 0 and prefer:
                pool = [t for t in eligible if t in prefer] or eligible
                target = rng.choice(pool)
            else:
                # a second target of the same round is another tool (two asks for one read
                # would read "what happened at home, then what happened at home")
                fresh = [t for t in eligible if t not in {c.target for c in chains}]
                target = rng.choice(fresh or eligible)
            cp_j = env.world.mark()
            kw: dict[str, Any] = {"rng": rng, "reset": False}
            if h.explore_known:
                kw["known"] = st.known
            h.sampler.max_steps = base_steps * budget
            try:
                chain = h.sampler.explore(target, slot.world_seed, **kw)
            finally:
                h.sampler.max_steps = base_steps
            if chain.target_index is None:
                env.world.restore(cp_j)
                if j == 0:
                    break
                continue
            if chains and chains[-1].steps[chains[-1].target_index].call.name in h.revoking:
                env.world.restore(cp_j)  # nothing is asked after "log me out"
                break
            tc = chain.steps[chain.target_index].call
            if any(c.steps[c.target_index].call.name == tc.name and c.steps[c.target_index].call.arguments == tc.arguments for c in chains):
                env.world.restore(cp_j)  # the same call asked for twice in one request
                continue
            chains.append(chain)
        if not chains:
            env.world.restore(cp)
            continue
        try:
            plan = plan_turn(chains, h.specs, h.graph, st.earlier, max_calls=_max_calls(cfg, budget0), revealed=st.revealed,
                             revealed_counts=st.revealed_counts, allow_undo=covering and tries >= 1)
        except PlanRejected as e:
            last_reason = e.reason
            env.world.restore(cp)
            continue
        if any(s.spec.name in avoid for s in plan.steps):
            last_reason = "withheld_tool_used"
            env.world.restore(cp)
            continue
        plan.lex = h.lex
        plan.earlier_content = {cid: content for cid, (_, _, content) in st.earlier.items()}
        return plan, cp
    raise Drop(last_reason)


_MISS_PARAM_RESAMPLES = 3


def _omit_choices(plan: TurnPlan) -> list[Mention]:
    """The values a ``miss_param`` round may leave out: said once, by the user, for a goal."""
    needed = needed_mentions(plan)
    return [
        m for m in needed
        if plan.steps[m.step].goal and len(m.bare) > 2 and not isinstance(m.value, bool)
        # a search's words are the request itself, not a detail one forgets
        and m.param.lower() not in ("query", "q", "search", "keyword", "keywords", "term", "pattern", "filter")
        and not isinstance(m.value, list)  # "lock the ... door" has no vague word for a list of doors
        # people forget a detail, not the verb: a left-out choice ("I want to a side 15 HONX")
        # or switch reads as no request at all
        and not (m.kind == "value" and plan.lex is not None and plan.lex.kind(plan.steps[m.step].spec.name, m.param, m.value) == "enum")
        and m.param in plan.steps[m.step].spec.parameters.get("required", ())
        # the value must be said once: left out here, it must not show up elsewhere
        and not any(o is not m and m.bare.lower() in o.bare.lower() for o in needed)
    ]


def _expect(user: str, start: str, end: str, plan: TurnPlan | None, *, no_calls: bool = False, ask: bool = False,
            add_tools: list[str] | None = None, inject: list[InjectedError] | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"user": user, "expect_state": end}
    if plan is not None and not no_calls:
        d["expect_calls"] = [plan.steps[i].spec.name for i in plan.goals]
        d["meta"] = {
            "target": list(plan.targets),
            "user_values": {m.param: m.value for m in needed_mentions(plan)},
        }
    if ask:
        d["expect_answer"] = ["?"]
    if add_tools:
        d["add_tools"] = list(add_tools)
    if inject:
        d["inject_errors"] = [i.model_dump() for i in inject]
    return d


async def _phase3(
    h: EnvHandle, cfg: "SynthConfig", roles: "Roles", st: _State, rng: random.Random, plan: TurnPlan, cp: int,
    tools: list[ToolSpec], offered: frozenset[str], *, mode: str, query: str, adv: Any, omitted: Mention | None = None,
    inject: list[InjectedError] | None = None, withheld: tuple[str, ...] = (), recovery: Any = None,
) -> tuple[list[Message], int]:
    env = h.env
    start = plan.start_hash
    if mode == "solve":
        # A model's answer is checked in the loop (the critic can then ask for the missing
        # figures); the built-in writer checks its own answers as it writes them.
        check = TurnCheck(start_hash=start, end_hash=plan.end_hash, essential=[plan.steps[i].call for i in plan.goals],
                          offered=offered, specs=h.specs, tooldefs=env.all_tooldefs() if cfg.roles.reasoner.is_llm else None)
    else:
        check = TurnCheck(start_hash=start, end_hash=start, no_calls=True, offered=offered, specs=h.specs)
    ctx = TurnContext(env=env, task=None, turn=len(st.turns), rng=rng, plan=plan, mode=mode, omitted=omitted,
                      advanced=adv, query=query, max_parallel=cfg.phase3.max_parallel, style=st.style, recovery=recovery,
                      earlier_tools={cid: spec.name for cid, (_, spec, _) in st.earlier.items()})
    ctx.withheld = withheld
    env.world.restore(cp)
    view = st.messages + [_msg(role="user", content=query)]
    msgs, attempts, failures = await guided_turn(
        env, cp, view, tools, check, roles.reasoner, roles.critic, ctx,
        k_max=cfg.phase3.k_max, max_steps=cfg.phase3.max_steps,
        error_rate=cfg.roles.reasoner.error_rate if not cfg.roles.reasoner.is_llm else 0.0,
        rng=rng, inject=inject or [],
    )
    if msgs is None:
        kinds = sorted({p.kind for v in failures for p in v.problems})
        raise Drop("k_max_exceeded", ",".join(kinds))
    return msgs, attempts


def _add_turn(st: _State, user: str, msgs: list[Message], *, env: "ToolEnv", plan: TurnPlan | None, variant: str, attempts: int,
              expect: dict[str, Any], meta: dict[str, Any]) -> None:
    """Append one turn; ``variant`` is what this turn holds (base unless it is the special one)."""
    start = len(st.messages)
    st.messages.append(_msg(role="user", content=user))
    st.messages.extend(msgs)
    if st.known_hay is not None:
        from toolgym.synth.quality.grounding import result_text

        st.known_hay.add(user)
        for m in msgs:
            if m.role == "tool":
                st.known_hay.add(result_text(m))
    gt = plan.calls() if plan is not None and "expect_calls" in expect else []
    st.turns.append(
        build(Turn, 
            start=start,
            end=len(st.messages),
            state_hash=env.state_hash(),
            reward=1.0,
            target_tools=list(plan.targets) if plan is not None and gt else [],
            variant=variant,
            attempts=attempts,
            ground_truth=list(gt),
            meta={"expect": expect, **meta},
        )
    )


async def synthesize_episode(slot: Slot, attempt: int, cfg: "SynthConfig", roles: "Roles", cache: EnvCache, config_hash: str) -> Episode:
    """One record for ``slot`` (its ``attempt``-th try). Raises :class:`Drop` when this try fails."""
    h = cache.handle(slot.env_key)
    env = h.env
    cache.begin(h, slot.world_seed)
    rng = random.Random(derive_seed(cfg.seed, "slot", slot.key, attempt))
    voice = pick_voice(rng, politeness=cfg.noise.politeness, irrelevant=cfg.noise.irrelevant,
                       typo_rate=cfg.noise.typo_rate, personas=cfg.noise.personas)
    variant = slot.variant
    extra_turn = variant in ("miss_param", "miss_func")
    rounds = max(1, slot.n_turns - 1) if extra_turn else slot.n_turns
    # A conversation over two apps uses both: its rounds take turns between the domains.
    lanes = [slot.primary]
    if "+" in slot.env_key and variant != "long_context" and len(h.targets) > 1:
        lanes = [(slot.primary + k) % len(h.targets) for k in range(len(h.targets))]
        rounds = max(rounds, len(lanes))
    special = rng.randrange(rounds)
    all_tools = list(h.specs)
    from toolgym.synth.quality.values import Haystack

    system = env.system_prompt()
    st = _State(messages=[_msg(role="system", content=system)], style=rng.choice(STYLES), known_hay=Haystack([system]))
    if h.explore_known:
        from toolgym.synth.grounding import Known

        st.known = Known()
    withheld: str | None = None
    offered_now = frozenset(all_tools)
    tools_now = [h.specs[n] for n in all_tools]
    keep = cfg.keep_artifacts
    error_kind: str | None = None
    for t in range(rounds):
        is_special = t == special
        first_target = slot.target if t == 0 else None
        prefer = h.list_tools if (variant == "long_context" and is_special) else None
        lane = lanes[t % len(lanes)]
        plan, cp = await _sample_plan(h, cfg, slot, st, rng, first_target, avoid=set(), prefer=prefer, primary=lane)
        omit: Mention | None = None
        if variant == "miss_func" and withheld is None and t >= special:
            # The withheld tool: a goal of this round that no earlier round used. It is absent
            # from the offered tools from the first message on (the record's ``tools``), and
            # the replay in task mode checks that no earlier turn called it. The variant lands
            # on the first round from ``special`` on where such a tool exists.
            fresh = [plan.steps[i].spec.name for i in plan.goals
                     if plan.steps[i].spec.name not in st.used_tools and sum(s.spec.name == plan.steps[i].spec.name for s in plan.steps) == 1]
            if fresh:
                withheld = fresh[-1]
                is_special = True
                offered_now = frozenset(n for n in all_tools if n != withheld)
                tools_now = [h.specs[n] for n in all_tools if n != withheld]
            elif t == rounds - 1:
                raise Drop("miss_func_no_fresh_tool")
            else:
                is_special = False
        if variant == "miss_param" and not st.placed and t >= special:
            choices = _omit_choices(plan)
            # The last chance for the variant: sample this round's plan again rather than throw
            # the whole episode away (about a fifth of all attempts ended here).
            for _ in range(_MISS_PARAM_RESAMPLES if t == rounds - 1 else 0):
                if choices:
                    break
                env.world.restore(cp)
                plan, cp = await _sample_plan(h, cfg, slot, st, rng, first_target, avoid=set(), prefer=prefer, primary=lane)
                choices = _omit_choices(plan)
            if choices:
                rng.shuffle(choices)
                omit = choices[0]
                st.omit_choices = choices[1:]  # tried in turn if the first shows up anyway
                is_special = True
                st.placed = True
            elif t == rounds - 1:
                raise Drop("miss_param_no_value")
            else:
                is_special = False
        try:
            adv = await roles.tooling.build(plan)
            while True:
                try:
                    query = await roles.query.write(plan, adv, rng, voice, turn=t, omit=omit, forbidden=st.forbidden, history=st.messages,
                                                    known=st.known_hay)
                    break
                except PlanRejected as e:
                    # A value left out may still show (inside another value): try the next one.
                    if omit is None or e.reason != "query_invalid" or not st.omit_choices:
                        raise
                    omit = st.omit_choices.pop(0)
        except PlanRejected as e:
            raise Drop(e.reason, str(e)) from None
        artifacts = {"advanced_tool": adv.to_dict(), "easy_query": query.easy} if keep else {}
        if query.skeleton:
            artifacts["skeleton"] = query.skeleton
        feats = {"calls": len(plan.steps), "implicit": plan.implicit, "cross_refs": plan.cross_refs}
        label = variant if is_special else "base"

        if variant == "miss_param" and is_special and omit is not None:
            msgs, k = await _phase3(h, cfg, roles, st, rng, plan, cp, tools_now, offered_now, mode="ask", query=query.hard, adv=adv, omitted=omit)
            _add_turn(st, query.hard, msgs, env=env, plan=plan, variant=label, attempts=k,
                      expect=_expect(query.hard, plan.start_hash, plan.start_hash, plan, no_calls=True, ask=True),
                      meta={"mode": "ask", "omitted": omit.param, **artifacts})
            follow, skeleton = follow_up_value(plan, h.lex, omit, rng, voice)
            if find_leaks(follow, st.forbidden | set(plan.internal)):
                raise Drop("leak", follow)
            msgs, k = await _phase3(h, cfg, roles, st, rng, plan, cp, tools_now, offered_now, mode="solve", query=follow, adv=adv)
            _add_turn(st, follow, msgs, env=env, plan=plan, variant=label, attempts=k,
                      expect=_expect(follow, plan.start_hash, plan.end_hash, plan), meta={"mode": "solve", "skeleton": skeleton})
        elif variant == "miss_func" and is_special and withheld is not None:
            msgs, k = await _phase3(h, cfg, roles, st, rng, plan, cp, tools_now, offered_now, mode="refuse", query=query.hard, adv=adv,
                                    withheld=(withheld,))
            _add_turn(st, query.hard, msgs, env=env, plan=plan, variant=label, attempts=k,
                      expect=_expect(query.hard, plan.start_hash, plan.start_hash, plan, no_calls=True),
                      meta={"mode": "refuse", "withheld": [withheld], **artifacts})
            offered_now = frozenset(all_tools)
            tools_now = [h.specs[n] for n in all_tools]
            follow = follow_up_tool(rng, voice, plan, h.lex)
            msgs, k = await _phase3(h, cfg, roles, st, rng, plan, cp, tools_now, offered_now, mode="solve", query=follow, adv=adv)
            _add_turn(st, follow, msgs, env=env, plan=plan, variant=label, attempts=k,
                      expect=_expect(follow, plan.start_hash, plan.end_hash, plan, add_tools=[withheld]),
                      meta={"mode": "solve", "add_tools": [withheld], "skeleton": follow})
        else:
            inject = None
            recovery = None
            meta: dict[str, Any] = {"mode": "solve", **artifacts}
            if variant == "error_recovery" and t >= special and error_kind is None:
                kind, rec, inj = choose_recovery(env, plan, cp, rng, query.hard, cfg.phase3.max_parallel)
                # The environment's own errors first: a round where only an injected 503 fits
                # passes the variant on to the next round (the last round takes what it gets).
                if kind != "transient" or t == rounds - 1:
                    error_kind, recovery, inject = kind, rec, inj
                    meta["error_kind"] = error_kind
                    label = "error_recovery"
                else:
                    label = "base"
            elif variant == "error_recovery":
                label = "base"
            msgs, k = await _phase3(h, cfg, roles, st, rng, plan, cp, tools_now, offered_now, mode="solve", query=query.hard, adv=adv,
                                    inject=inject, recovery=recovery)
            if inject:
                meta["injected"] = [i.tool for i in inject]
            _add_turn(st, query.hard, msgs, env=env, plan=plan, variant=label, attempts=k,
                      expect=_expect(query.hard, plan.start_hash, plan.end_hash, plan, inject=inject), meta=meta)
        if env.state_hash() != plan.end_hash:
            raise Drop("state_mismatch", "the kept attempt did not end in the plan's state")
        reveal(h.graph, plan.steps, st.revealed, st.revealed_counts)
        for s in plan.steps:
            st.earlier[s.call.id] = (t, s.spec, s.content)
            st.used_tools.add(s.spec.name)
        st.forbidden |= plan.internal
        goals = {plan.steps[i].spec.name for i in plan.goals}
        st.session_goals |= {g for g in goals if h.specs[g].establishes or h.specs[g].revokes}
        st.not_goals = goals | st.session_goals
        st.feats.append(feats)
        st.targets.extend(plan.targets)
    if len(lanes) > 1:
        used = {env.tool_owner(c.name).domain for m in st.messages if m.role == "assistant" for c in m.tool_calls}
        if len(used) < 2:
            raise Drop("single_domain", "a conversation over two apps used one")
    n_domains = len(slot.env_key.split("+")) if variant != "long_context" else 1
    episode_id = stable_hash([config_hash, slot.key], length=8)
    meta: dict[str, Any] = {"slot": slot.key, "attempt": attempt, "voice": voice.style, "reasoning_style": st.style}
    if error_kind:
        meta["error_kind"] = error_kind
    if "+" in slot.env_key:
        meta["domains"] = slot.env_key.split("+")
        if variant == "long_context":
            meta["distractor_domains"] = [d for i, d in enumerate(meta["domains"]) if i != slot.primary]
    if roles.prompts:
        meta["prompts"] = dict(roles.prompts)
    # where an imported environment came from (an OpenAPI document's sha256): records say it
    sources = [s for s in (getattr(type(c), "source", None) for c in getattr(env, "components", [env])) if s]
    if sources:
        meta["sources"] = sources
    return build(Episode, 
        id=episode_id,
        env_id=slot.env_key,
        env_version=type(env).version,
        seed=slot.world_seed,
        # Every tool the conversation ever offers, the withheld one included: a later turn adds it
        # (Turn.meta["add_tools"]), and readers need its spec. What is offered at the start is
        # ``tasks.initially_offered``.
        tools=[h.specs[n] for n in all_tools],
        messages=st.messages,
        turns=st.turns,
        reward=1.0,
        termination="done",
        target_tools=list(dict.fromkeys(st.targets)),
        difficulty=difficulty_of(st.feats, variant, n_domains),
        variant=variant,
        producers=roles.producers(),
        config_hash=config_hash,
        meta=meta,
    )

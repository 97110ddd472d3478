"""Phase I of FunReason-MT: graph-directed exploration that collects grounded, executed chains.

The :class:`DirectedSampler` starts from a freshly reset world and, at each step, picks a legal
tool (:meth:`~toolgym.envs.graph.ApiGraph.legal`: its preconditions hold and every id it needs
has been revealed) by the paper's rule:

* the target has run successfully: any legal tool, at random (the optional ``extra`` calls);
* the target is legal: the target;
* else: the legal tool nearest to the target in the graph, counting only requirements still
  unmet (:meth:`~toolgym.envs.graph.ApiGraph.distances`), ties broken at random. When no legal
  tool leads toward the target, a random legal tool that does not undo a precondition.

Arguments are grounded (:mod:`toolgym.synth.grounding`) with their provenance. Every call runs
in the environment (``env.execute``, the same path ``step`` takes); a failed call is recorded
with its error and the sampler carries on (a failed target is tried again with other
arguments). The output is a :class:`~toolgym.synth.chain.Chain`: calls, results, the state hash
after each, the provenance of every argument and the index of the successful target call.

Decisions the paper leaves open, made here: the graph is built from the specs (entity types
and preconditions); parameters are grounded as above; failed calls stay in the chain (they are
part of what happened and replay identically); the step budget defaults to 12 calls.

Example:
    >>> env = toolgym.envs.make("toolgym/Messaging-v0")
    >>> chain = DirectedSampler(env).explore("send_message", seed=7)
    >>> [s.call.name for s in chain.steps]
    ['login', 'find_user', 'send_message']
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolgym.canonical import canonical_json
from toolgym.envs.actions import CallRequest
from toolgym.envs.graph import ApiGraph
from toolgym.envs.world import derive_seed
from toolgym.errors import suggest
from toolgym.record import ToolCall, new_call_id
from toolgym.runs import EpisodeCounts

from .chain import Chain, ChainStep, chain_episode_json, chain_to_episode, fast_model
from .grounding import USER as _USER
from .grounding import Grounder, Known

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv
    from toolgym.record import Episode

__all__ = ["DirectedSampler", "choose_tool", "error_hints", "inverse_of", "explore_run", "resolve_env", "DEFAULT_MAX_STEPS",
           "fewer_collections"]

DEFAULT_MAX_STEPS = 12
_HINTS_PER_TOOL = 3  # a hinted tool is followed at most this often per chain (no ping-pong)
_MAX_SUBGOALS = 3  # hinted tools pursued at once (a hint's hint...)
# A walk that has not reached its target ends after this many calls in a row that learned
# nothing: each repeated a call already made since the world last changed (same tool, same
# arguments: a tool is deterministic, so the same result and nothing new). From there the
# sampler can only go round the same moves ("list_backups" eight times over), and such walks
# were half of all the calls Phase I made (a miss runs its whole budget, up to 36 calls).
_STUCK_AFTER = 4
_INVERSE = (("un", ""), ("re", ""), ("remove_", "add_"), ("delete_", "create_"), ("stop_", "start_"),
            ("disable_", "enable_"), ("deactivate_", "activate_"), ("close_", "open_"), ("release_", "press_"),
            ("cancel_", "create_"), ("cancel_", "schedule_"), ("restore_", "trash_"), ("restore", "trash"),
            ("logout", "login"), ("sign_out", "sign_in"), ("disconnect_", "connect_"), ("unpair_", "pair_"))
_VERB_RE = re.compile(r"\b(?:and|then|first|or)\s+([a-z]+)\b", re.IGNORECASE)
_KWARG = re.compile(r"(\w+)\s*=\s*(\"[^\"]*\"|'[^']*'|-?\d+(?:\.\d+)?|true|false|True|False)")
def _call(id: str, name: str, arguments: dict[str, Any]) -> ToolCall:
    return fast_model(ToolCall, id=id, name=name, arguments=arguments)


def _step(call: ToolCall, result: Any, state_hash: str, sources: dict[str, Any]) -> ChainStep:
    return fast_model(ChainStep, call=call, result=result, state_hash=state_hash, sources=sources)


def error_hints(graph: ApiGraph, tool: str, error: str) -> list[tuple[str, dict[str, Any], list[str]]]:
    """Tools an error message tells the caller to use, with the arguments it spells out.

    "lock them with lock_doors" -> ``("lock_doors", {}, [])``;
    "resolve it first with resolve_ticket(ticket_id, note)" -> ``("resolve_ticket", {}, ["ticket_id", "note"])``;
    "find one with find_places(category='gas_station')" -> ``("find_places", {"category": "gas_station"}, [])``.
    The third item names parameters to take from the failed call.
    """
    pat = graph._derived.get("hint_re")
    if pat is None:
        names = sorted(graph.tooldefs, key=len, reverse=True)
        pat = graph._derived["hint_re"] = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b(?:\(([^)]*)\))?")
    out: list[tuple[str, dict[str, Any], list[str]]] = []
    for m in pat.finditer(error):
        name = m[1]
        if name == tool or any(h[0] == name for h in out):
            continue
        props = graph.tooldefs[name].spec.parameters.get("properties", {})
        kwargs: dict[str, Any] = {}
        same: list[str] = []
        for part in (m[2] or "").split(","):
            kv = _KWARG.match(part.strip())
            if kv and kv[1] in props:
                raw = kv[2]
                if raw[0] in "\"'":
                    kwargs[kv[1]] = raw[1:-1]
                elif raw.lower() in ("true", "false"):
                    kwargs[kv[1]] = raw.lower() == "true"
                else:
                    kwargs[kv[1]] = float(raw) if "." in raw else int(raw)
            elif part.strip() in props:
                same.append(part.strip())
        out.append((name, kwargs, same))
    # "... and drive there": a verb that starts exactly one tool's name names that tool.
    verbs = graph._derived.get("hint_verbs")
    if verbs is None:
        first: dict[str, list[str]] = {}
        for name in graph.tooldefs:
            first.setdefault(name.split("_", 1)[0], []).append(name)
        verbs = graph._derived["hint_verbs"] = {v: ns[0] for v, ns in first.items() if len(ns) == 1 and len(v) > 2}
    for m in _VERB_RE.finditer(error):
        name = verbs.get(m[1].lower())
        if name and name != tool and all(h[0] != name for h in out):
            out.append((name, {}, []))
    return out[:3]


def inverse_of(graph: ApiGraph, tool: str) -> str | None:
    """The tool that undoes what ``tool`` needs undone: unfreeze_card -> freeze_card, reopen -> ... """
    cache = graph._derived.setdefault("inverse", {})
    if tool not in cache:
        found = None
        for a, b in _INVERSE:
            if tool.startswith(a):
                cand = b + tool[len(a):]
                if cand in graph.tooldefs and cand != tool:
                    found = cand
                    break
        cache[tool] = found
    return cache[tool]


def choose_tool(
    graph: ApiGraph,
    env: ToolEnv,
    target: str,
    known: Known,
    rng: random.Random,
    *,
    reached: bool,
    called: set[str] | frozenset[str] = frozenset(),
    stale: dict[str, int] | None = None,
) -> str | None:
    """One step of the directed sampler's rule; ``None`` when no tool is legal.

    Among the nearest legal tools, those not ``called`` yet in this chain win the tie (a
    second provider of ids is more likely to give new ones than the first again).
    """
    holding = graph.holding(env)  # every precondition evaluated once per step
    legal = _legal(graph, env, known, holding)
    if not legal:
        return None
    if reached:
        return rng.choice(legal)
    if target in legal:
        return target
    dist = graph.distances(target, holding, known)
    if stale:
        # A provider that twice revealed nothing (an empty cart) is worth less than a farther one.
        dist = {t: d + 2 * (stale.get(t, 0) >= 2) if t != target else d for t, d in dist.items()}
    best_d = None
    best: list[str] = []
    for t in legal:
        d = dist.get(t)
        if d is None:
            continue
        if best_d is None or d < best_d:
            best_d, best = d, [t]
        elif d == best_d:
            best.append(t)
    if len(best) > 1 and called:
        best = [t for t in best if t not in called] or best
    if best:
        return best[0] if len(best) == 1 else rng.choice(best)
    # Nothing leads toward the target (a condition no edge explains): wander, but do not undo
    # a precondition that holds (logging out helps nothing).
    safe = [t for t in legal if not {graph.state_key(t, f) for f in graph.tooldefs[t].revokes} & holding]
    return rng.choice(safe or legal)


def _legal(graph: ApiGraph, env: ToolEnv, known: Known, holding: frozenset[str]) -> list[str]:
    """``graph.legal(env, known)`` given the state keys that hold (computed once per step)."""
    if not isinstance(known, Known):
        return graph.legal(env, known)
    plan = graph._legal_plan()
    avail = frozenset(k for k, v in known.values.items() if v)
    picky = known.bad
    usable = known.usable
    out = []
    for t in env._offered:
        state, data = plan[t]
        if state <= holding and data <= avail and (not data or t not in picky or all(usable(t, e) for e in data)):
            out.append(t)
    return out


class DirectedSampler:
    """Graph-directed exploration of one environment (FunReason-MT Phase I).

    Args:
        env: the environment (reset by every :meth:`explore`).
        max_steps: the most calls per chain.
        extra: after the target ran, up to this many more legal calls (a random number in
            ``0..extra`` per chain).
    """

    def __init__(self, env: ToolEnv, *, max_steps: int = DEFAULT_MAX_STEPS, extra: int = 0):
        if max_steps < 1:
            raise ValueError(f"expected max_steps >= 1, got {max_steps}")
        self.env = env
        self.graph = ApiGraph.of(env)
        self.max_steps = max_steps
        self.extra = extra
        self._grounder: Grounder | None = None
        self._specs: tuple[list[str], list[Any], str, dict[str, str]] | None = None

    def explore(self, target: str, seed: int, *, rng: random.Random | None = None, reset: bool = True) -> Chain:
        """Reset the world from ``seed`` and walk toward ``target``; returns the executed chain.

        Args:
            target: the tool to reach.
            seed: the world seed (also seeds the sampler's choices unless ``rng`` is given).
            rng: the sampler's RNG.
            reset: reset the env first (False: explore from its current state, e.g. the next
                turn of a multi-turn episode; ``seed`` then only names the chain).
        """
        env = self.env
        if target not in self.graph.tooldefs:
            raise ValueError(f"no tool {target!r} in {env.env_id}{suggest(target, self.graph.tooldefs)}")
        start_hash = None
        if reset:
            start_hash = env.reset(seed=seed)[1]["state_hash"]
        if rng is None:
            rng = random.Random(derive_seed(seed, "explore", target))
        grounder = self._grounder or Grounder.of(env, self.graph)
        self._grounder = grounder
        graph = grounder.plan_graph
        known = Known()
        world = env.world
        if start_hash is None:
            start_hash = env.state_hash()
        last_hash = start_hash
        # A call that wrote nothing (read-only, or failed and rolled back) leaves the journal
        # as long as it was and the state as it was: its hash is the previous one (a hash costs
        # a canonical JSON of the changed rows).
        last_mark = world.mark()
        steps: list[ChainStep] = []
        target_index: int | None = None
        extra_left = rng.randint(0, self.extra) if self.extra else 0
        called: set[str] = set()
        stale: dict[str, int] = {}  # providers that ran and revealed nothing new
        # Execution feedback: tools an error named (or the inverse of a failed target) run
        # next, with the failed call's ids; then the target retries with the same ids.
        pending: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        hinted: dict[str, int] = {}
        retry: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        # A hinted tool that cannot run yet becomes a subgoal: the sampler walks toward it
        # first ("drive to a gas station" before "refuel"), then back to the target.
        subgoals: list[list[Any]] = []  # [tool, forced args, forced sources, failures]
        made: set[str] = set()  # calls made since the world last changed (tool + arguments)
        idle = 0
        for _ in range(self.max_steps):
            if target_index is not None:
                if extra_left <= 0:
                    break
                extra_left -= 1
            forced: tuple[dict[str, Any], dict[str, Any]] | None = None
            retry_used: set[str] = set()
            tool = None
            while pending and tool is None:
                name, f_args, f_src = pending.pop(0)
                if graph.is_legal(env, name, known):
                    tool, forced = name, (f_args, f_src)
                elif target_index is None and len(subgoals) < _MAX_SUBGOALS and all(g[0] != name for g in subgoals):
                    subgoals.append([name, f_args, f_src, 0])
            goal = subgoals[-1][0] if subgoals and target_index is None else target
            if tool is None:
                tool = choose_tool(graph, env, goal, known, rng, reached=target_index is not None, called=called, stale=stale)
                if tool is None:
                    break
                if subgoals and tool == goal and forced is None:
                    forced = (subgoals[-1][1], subgoals[-1][2])
                if tool in retry and rng.random() < 0.8:
                    forced = retry.pop(tool)
                    retry_used = {tool}
            called.add(tool)
            # A hinted call keeps to its required arguments ("lock them with lock_doors": all).
            args, sources = grounder.ground(env, tool, known, rng, required_only=forced is not None and tool not in retry_used)
            if forced is not None:
                args.update(forced[0])
                sources.update(forced[1])
            cid = new_call_id(rng)
            result = env.execute(CallRequest(cid, tool, args))
            mark = world.mark()
            learned = mark != last_mark
            if learned:
                last_hash, last_mark = env.state_hash(), mark
                made.clear()
            key = f"{tool}{canonical_json(args)}"
            if key not in made:
                made.add(key)
                learned = True
            steps.append(_step(call=_call(id=cid, name=tool, arguments=args), result=result, state_hash=last_hash, sources=sources))
            if result.error is None:
                before = sum(len(v) for v in known.values.values()) if graph.produced(tool) else 0
                known.reveal(graph, tool, cid, result.content)
                if graph.produced(tool) and sum(len(v) for v in known.values.values()) == before:
                    known.unhelpful(tool, args, graph.user_params(tool))  # a search that found nothing
                    stale[tool] = stale.get(tool, 0) + 1
                if tool == target and target_index is None:
                    target_index = len(steps) - 1
                if subgoals and tool == subgoals[-1][0]:
                    subgoals.pop()
            elif not result.error.startswith("invalid arguments"):
                if subgoals and tool == subgoals[-1][0]:
                    subgoals[-1][3] += 1
                    if subgoals[-1][3] >= 3:
                        subgoals.pop()
                known.numbers_from(tool, result.error)
                known.words_from(tool, result.error)
                queued = self._follow_up(tool, args, sources, result.error, target, env, known, pending, hinted, retry)
                if not queued:
                    # A domain error nothing explains: the values it used do not suit this tool.
                    known.failed(tool, args, graph.entity_params(tool))
                    known.unhelpful(tool, args, graph.user_params(tool))
            idle = 0 if learned or target_index is not None else idle + 1
            if idle >= _STUCK_AFTER:
                break
        return fast_model(
            Chain,
            env_id=env.env_id,
            seed=seed,
            target=target,
            steps=steps,
            start_hash=start_hash,
            end_hash=steps[-1].state_hash if steps else start_hash,
            target_index=target_index,
            meta={},
        )

    def _follow_up(
        self,
        tool: str,
        args: dict[str, Any],
        sources: dict[str, Any],
        error: str,
        target: str,
        env: ToolEnv,
        known: Known,
        pending: list[tuple[str, dict[str, Any], dict[str, Any]]],
        hinted: dict[str, int],
        retry: dict[str, tuple[dict[str, Any], dict[str, Any]]],
    ) -> bool:
        """Queue the tools a failed call's error points to; True when something was queued."""
        graph = self.graph
        hints = error_hints(graph, tool, error)
        if not hints and tool == target:
            inv = inverse_of(graph, tool)
            if inv is not None:
                hints = [(inv, {}, [])]
        internal = set(graph.internal_params(tool))
        queued = False
        for name, kwargs, same in hints:
            if hinted.get(name, 0) >= _HINTS_PER_TOOL:
                continue
            props = graph.tooldefs[name].spec.parameters.get("properties", {})
            f_args = {p: args[p] for p in props if p in args and (p in internal or p in same)}
            f_src = {p: sources[p] for p in f_args if p in sources}
            for k, v in kwargs.items():
                f_args[k] = v
                f_src[k] = _USER
            # "doors not locked: driver, rear_left; lock them with lock_doors": the values the
            # error names fill the hinted tool's enum parameters.
            for p, ps in props.items():
                if p in f_args:
                    continue
                enum = ps.get("enum") or (ps.get("items") or {}).get("enum")
                named = [
                    v for v in enum or ()
                    if isinstance(v, str) and re.search(rf"\b({re.escape(v)}|{re.escape(v.replace('_', ' '))})\b", error)
                ]
                if named:
                    f_args[p] = named if "enum" not in ps else named[0]
                    f_src[p] = _USER
            hinted[name] = hinted.get(name, 0) + 1
            pending.append((name, f_args, f_src))
            queued = True
        if queued:
            keep = {p: args[p] for p in internal if p in args}
            src = {p: sources[p] for p in keep if p in sources}
            # "order O1 is not pending; order O2 is: get_order(order_id='O2')": the retry takes
            # the id the error offers, not the one that just failed again
            offered = {k: v for _, kwargs, _ in hints for k, v in kwargs.items() if k in keep and keep[k] != v}
            if offered:
                # ... and what went with the failed id (its items) is drawn again for the new one
                keep, src = offered, {k: _USER for k in offered}
            retry[tool] = (keep, src)
        return queued

    def episode_line(self, chain: Chain, episode_id: str, *, config_hash: str | None = None) -> tuple[Episode, str]:
        """The episode and its JSON line, ``== episode.to_json()``, made faster.

        The line is written straight from the chain (:func:`~toolgym.synth.chain.chain_episode_json`),
        and the offered tools, most of an exploration episode's bytes and the same for every
        episode of an environment, are serialised once and spliced into each line.
        """
        ep = self.episode(chain, episode_id, config_hash=config_hash)
        specs, tools_json, descs = self._offered_specs()
        line = chain_episode_json(
            chain,
            episode_id=episode_id,
            tools_json=tools_json,
            target_description=descs.get(chain.target, ""),
            system=ep.messages[0].content,
            env_version=ep.env_version,
            config_hash=config_hash,
            meta_chain=ep.meta["chain"],
        )
        return ep, line

    def _offered_specs(self) -> tuple[list[Any], str, dict[str, str]]:
        """The offered tools' specs, their JSON list and descriptions; recomputed only when the
        offered set changes (it does not within a run)."""
        names = self.env.offered_tools
        if self._specs is None or self._specs[0] != names:
            from pydantic import TypeAdapter

            from toolgym.record import ToolSpec

            defs = self.env.all_tooldefs()
            specs = [defs[n].spec for n in names]
            tools_json = TypeAdapter(list[ToolSpec]).dump_json(specs, exclude_defaults=True).decode()
            self._specs = (names, specs, tools_json, {s.name: s.description for s in specs})
        return self._specs[1], self._specs[2], self._specs[3]

    def episode(self, chain: Chain, episode_id: str, *, config_hash: str | None = None) -> Episode:
        """The canonical exploration episode of ``chain`` (see :func:`~toolgym.synth.chain.chain_to_episode`)."""
        env = self.env
        return chain_to_episode(
            chain,
            episode_id=episode_id,
            tools=self._offered_specs()[0],
            system=env.system_prompt(),
            env_version=type(env).version,
            config_hash=config_hash,
        )


def explore_many(env: ToolEnv, targets: list[str], seed: int, **kw: Any) -> list[Chain]:
    """Convenience: one chain per target, seeds derived from ``seed`` and the index."""
    s = DirectedSampler(env, **kw)
    return [s.explore(t, derive_seed(seed, "episode", i)) for i, t in enumerate(targets)]


# --- runs ---------------------------------------------------------------------------------------


def resolve_env(env_id: str) -> ToolEnv:
    """Make an environment from a registered id (``toolgym/Travel-v0``) or ``A+B`` of them.

    Only the registry is consulted (built-ins, ``register``, installed plugins, modules named
    with ``--plugin``): an id from a command line or a file is never imported as ``module:attr``.
    """
    from toolgym.envs.registry import make

    return make(env_id)


_BATCH = 16  # chains per unit sent to a worker process or Ray shard


@dataclass(frozen=True)
class _Plan:
    """One exploration chain to make: episode key, env index, target, step budget, seeds."""

    key: int
    env: int
    target: str
    steps: int
    world: int
    rng: int


# Objects made between two young-generation collections of the cyclic GC. A chain from a new
# world allocates thousands of rows that refcounting frees (they hold no cycles), yet at
# CPython's default (700) they trigger collections that promote the live world to the old
# generation and then rescan the whole heap: 30-60% of a Retail or PersonalAssistant world build
# (``benchmarks/explore.py``). Cycles are still collected, only in fewer, larger batches.
_GEN0_THRESHOLD = 20_000


@contextlib.contextmanager
def fewer_collections(gen0: int = _GEN0_THRESHOLD) -> Iterator[None]:
    """Run the block with the young-generation GC threshold raised to ``gen0`` (restored after).

    No effect on any output (collection only frees unreachable objects): a speed setting of the
    loops that build worlds by the thousand (``toolgym explore``, the Phase I benchmark).
    """
    old = gc.get_threshold()
    gc.set_threshold(max(gen0, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


class ExploreWorker:
    """Makes exploration chains in one process or Ray shard (its samplers, envs and worlds kept)."""

    def __init__(self, arg: tuple[list[str], int, int, str]):
        env_ids, max_steps, extra, self.config_hash = arg
        self.samplers = [DirectedSampler(resolve_env(e), max_steps=max_steps, extra=extra) for e in env_ids]

    def run(self, plans: list[_Plan]) -> list[tuple[EpisodeCounts, str, bool, list[str]]]:
        with fewer_collections():
            return self._run(plans)

    def _run(self, plans: list[_Plan]) -> list[tuple[EpisodeCounts, str, bool, list[str]]]:
        # The episode goes back as its line and counts, not as an Episode: the writer needs no
        # more, and rebuilding a pickled Episode in the writer cost as much as making the chain.
        out = []
        for p in plans:
            s = self.samplers[p.env]
            s.max_steps = p.steps
            chain = s.explore(p.target, p.world, rng=random.Random(p.rng))
            ep, line = s.episode_line(chain, f"explore-{p.key:06d}", config_hash=self.config_hash)
            out.append((EpisodeCounts.of(ep), line, chain.target_index is not None,
                        [st.call.name for st in chain.steps if st.result.error is None]))
        return out


def explore_worker(arg: tuple[list[str], int, int, str]) -> ExploreWorker:
    """The :class:`~toolgym.synth.scale.WorkerSpec` factory of ``toolgym explore``."""
    return ExploreWorker(arg)


def explore_run(
    out: str,
    env_ids: list[str],
    *,
    episodes: int,
    seed: int = 0,
    max_steps: int = DEFAULT_MAX_STEPS,
    extra: int = 0,
    worlds: int | None = None,
    force: bool = False,
    shard_size: int | None = None,
    progress: bool = True,
    workers: int = 1,
    ray: str | None = None,
    shards: int | None = None,
) -> Any:
    """Explore ``episodes`` chains into the run directory ``out``; resumes what is there.

    ``workers`` processes or ``shards`` Ray actors at ``ray`` make the chains; the output is
    the same for any of them (see :mod:`toolgym.synth.scale`).

    Episode ``i`` explores ``env_ids[i % len(env_ids)]``, in the world of seed
    ``derive_seed(seed, "world", i)`` (or of ``i % worlds`` when ``worlds`` is set: many chains
    per world, and a cheaper reset for envs that memoise their base world), toward a target
    chosen by :class:`~toolgym.synth.coverage.CoverageSampler`.

    Returns:
        the :class:`~toolgym.synth.coverage.CoverageReport`.
    """
    from toolgym.synth.scale import Scale

    scale = Scale(workers=workers, ray=ray, shards=shards)
    return asyncio.run(_explore_async(out, env_ids, episodes=episodes, seed=seed, max_steps=max_steps, extra=extra, worlds=worlds,
                                      force=force, shard_size=shard_size, progress=progress, scale=scale))


async def _explore_async(out: str, env_ids: list[str], *, episodes: int, seed: int, max_steps: int, extra: int, worlds: int | None,
                         force: bool, shard_size: int | None, progress: bool, scale: Any) -> Any:
    from tqdm import tqdm

    from toolgym.errors import ConfigError
    from toolgym.runs import DEFAULT_SHARD_SIZE, RunDir, env_entry, iter_episodes
    from toolgym.synth.scale import WorkerSpec, make_executor, registering_modules

    from .coverage import CoverageSampler

    # ConfigError (a ValueError): one clear line on the command line, before anything is made.
    if episodes < 0:
        raise ConfigError(f"expected --episodes >= 0, got {episodes}")
    if not env_ids:
        raise ConfigError("expected at least one environment (--env ID)")
    if worlds is not None and worlds < 1:
        raise ConfigError(f"expected --worlds >= 1, got {worlds}")
    if max_steps < 1:
        raise ConfigError(f"expected --max-steps >= 1, got {max_steps}")
    if extra < 0:
        raise ConfigError(f"expected --extra >= 0, got {extra}")
    if shard_size is not None and shard_size < 1:
        raise ConfigError(f"expected --shard-size >= 1, got {shard_size} (the default is {DEFAULT_SHARD_SIZE:,})")
    envs = [resolve_env(e) for e in env_ids]
    samplers = [DirectedSampler(e, max_steps=max_steps, extra=extra) for e in envs]
    config = {
        "command": "explore",
        "envs": list(env_ids),
        "episodes": episodes,
        "seed": seed,
        "max_steps": max_steps,
        "extra": extra,
        "worlds": worlds,
    }
    manifest = {"envs": [env_entry(e) for e in envs], "seeds": {"run": seed, "world": "derive_seed(seed, 'world', i)"}}
    cov = CoverageSampler({eid: s.graph.tools for eid, s in zip(env_ids, samplers, strict=False)}, seed)
    run = RunDir.open(out, config, force=force, shard_size=DEFAULT_SHARD_SIZE if shard_size is None else shard_size,
                      manifest=manifest, planned=episodes)
    try:
        if run.n_done:
            # Coverage depends on every earlier episode: rebuild it from the ones on disk.
            for ep in iter_episodes(out):
                cov.observe(ep)
            run.log(f"resume: {run.n_done} episodes on disk, coverage {cov.report().fraction():.0%}")
        pending = list(run.pending(episodes))

        def plan(i: int) -> _Plan:
            """Episode ``i``'s chain, as the episodes recorded so far decide it."""
            k = i % len(envs)
            eid = env_ids[k]
            target = cov.next_target(eid, i)
            # A target that keeps failing gets a longer budget (deep domain rules: drive to
            # a gas station before refuelling); deterministic, from the counts so far.
            c = cov.cov[eid][target]
            misses = c.targeted - c.reached
            steps = max_steps * (1 if misses < 4 or c.reached else 2 if misses < 12 else 3)
            return _Plan(i, k, target, steps, derive_seed(seed, "world", i % worlds if worlds else i),
                         derive_seed(seed, "explore", i))

        spec = WorkerSpec(explore_worker, (list(env_ids), max_steps, extra, run.config_hash), imports=registering_modules(env_ids))
        executor = make_executor(spec, scale)
        parallel = executor.kind != "local"
        # This process's own worker remakes the chains whose plan moved (below). Built, and its
        # worlds built once, before worker processes fork: they start with the Faker pools drawn
        # (~1 s a process) instead of drawing them each. Pools are seeded per pool, so the same in
        # every process whoever draws them first.
        fixer = explore_worker(spec.arg) if parallel and pending else None
        if fixer is not None and executor.kind == "processes":
            for k, smp in enumerate(fixer.samplers):
                smp.env.reset(seed=derive_seed(seed, "world", k))
        if pending:
            await executor.start()
        # Each episode's target depends on every earlier episode's outcome, so with more than one
        # worker the chains ahead are planned from the counts known when they are handed out and
        # checked, in key order, against the plan the earlier outcomes give: a chain whose plan
        # still holds is written, one whose target or budget moved is made again. What is
        # written is always the chain of the one-process plan.
        # Elsewhere, chains go out in units of `batch` (a chain costs milliseconds, a unit's trip
        # to a process or shard about as much), and a chain whose plan moved is made again here,
        # on this process's own worker, at once.
        window = 2 * executor.parallel if parallel else 1
        batch = _BATCH if parallel else 1
        if parallel:
            run.log(f"explore: chains made by {executor.kind} ({executor.parallel} at once, {batch} per unit)")
        bar = tqdm(total=episodes, initial=run.n_done, unit="ep", disable=not progress, dynamic_ncols=True)
        inflight: list[tuple[list[_Plan], asyncio.Future[list[Any]]]] = []
        # Chains handed out but not yet counted are planned past as if their outcome were the
        # likely one (their target counted, reached when it mostly is): a guess only steers
        # which chains are made ahead; every written chain's plan is checked on the true counts.
        guessed: list[tuple[str, str, bool]] = []

        def guess(p: _Plan) -> None:
            eid = env_ids[p.env]
            c = cov.cov[eid][p.target]  # targets are drawn from these counts
            r = 2 * c.reached >= c.targeted
            guessed.append((eid, p.target, r))
            c.targeted += 1
            c.reached += r

        def unguess_all() -> list[tuple[str, str, bool]]:
            held = list(guessed)
            for eid, target, r in held:
                c = cov.cov[eid][target]
                c.targeted -= 1
                c.reached -= r
            guessed.clear()
            return held

        def reguess(held: list[tuple[str, str, bool]]) -> None:
            for eid, target, r in held:
                c = cov.cov[eid][target]
                c.targeted += 1
                c.reached += r
            guessed.extend(held)

        nxt = 0
        replanned = 0
        try:
            while nxt < len(pending) or inflight:
                while nxt < len(pending) and len(inflight) < window:
                    plans = []
                    for k in pending[nxt : nxt + batch]:
                        plans.append(plan(k))
                        if parallel:
                            guess(plans[-1])
                    inflight.append((plans, asyncio.ensure_future(executor.run(plans))))
                    nxt += len(plans)
                guesses, fut = inflight.pop(0)
                results = await fut
                for g, res in zip(guesses, results, strict=False):
                    held = unguess_all()[1:] if parallel else []  # the true counts: every earlier chain, none after
                    p = plan(g.key)
                    if p != g:
                        replanned += 1
                        (res,) = fixer.run([p]) if fixer is not None else await executor.run([p])
                    ep, line, reached, ran = res
                    run.write(p.key, ep, line=line)
                    cov.record(env_ids[p.env], p.target, reached=reached, ran=ran)
                    reguess(held)
                    bar.update(1)
                    if p.key % 200 == 0:
                        bar.set_postfix_str(f"coverage {cov.report().fraction():.0%}")
        except BaseException:
            executor.abort()  # interrupted or failed: stop the workers now
            raise
        finally:
            for _, f in inflight:
                f.cancel()
            bar.close()
            await executor.aclose()
        if replanned:
            run.log(f"explore: {replanned} of {len(pending)} chains made again (their plan moved while they ran)")
        report = cov.report()
        run.update_manifest(coverage=report.as_dict())
        run.log(f"coverage {report.fraction():.1%}; missing: {', '.join(report.missing()) or 'none'}")
    finally:
        run.close()
    return report


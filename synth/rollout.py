"""Drive any :class:`~toolgym.synth.policy.Policy` through an environment into a canonical Episode.

Two modes, both ``async`` so a collector can keep many episodes in flight on one event loop:

* :func:`run_task` (task mode): the user turns of a :class:`~toolgym.envs.Task` are given one at
  a time; the policy acts (tool calls run in the env, results come back as tool messages) until
  it answers in text; the env scores the turn on its end state and gives the next user turn.
  Per-turn rewards land in ``Turn.reward``, their mean over the task's turns in
  ``Episode.reward`` (turns never reached count 0).
* :func:`run_explore` (exploration mode): the policy is asked to reach a target tool and acts
  until a call to it succeeds or the budget is spent. The episode has the same layout as the
  graph sampler's (``variant="explore"``, ``meta["chain"]``, see :mod:`toolgym.synth.chain`).

Every episode ends with an explicit ``termination``:

=================== ===========================================================================
``done``             task: every turn answered; explore: the target ran successfully
``step_budget``      ``max_steps`` assistant messages without finishing
``timeout``          the episode's ``timeout`` (seconds) expired
``gave_up``          explore: the policy answered in text before reaching the target
``malformed_output`` the policy returned a message the env cannot read (no calls, no text)
(any other)          ``PolicyError.reason`` raised by the policy (``server_error``...)
=================== ===========================================================================

Any other exception from the policy is a bug and propagates.

Example:
    >>> env = toolgym.envs.make("toolgym/Travel-v0")
    >>> ep = asyncio.run(run_task(env, PlannerPolicy(), task, max_steps=30))
    >>> ep.reward, ep.termination
    (1.0, 'done')
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolgym.canonical import stable_hash
from toolgym.errors import suggest
from toolgym.record import Episode, Message, ToolCall, ToolSpec, Turn, new_call_id

from .chain import ArgSource, explore_request
from .policy import Context, Policy, PolicyError

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv
    from toolgym.envs.task import Task

__all__ = ["run_task", "run_explore", "infer_sources", "policy_rng", "TERMINATIONS"]

TERMINATIONS = ("done", "step_budget", "timeout", "gave_up", "malformed_output")


def policy_rng(seed: int, *purpose: Any) -> random.Random:
    """The seeded RNG a rollout hands the policy (``ctx.rng``): call ids and tie-breaks."""
    from toolgym.envs.world import derive_seed

    return random.Random(derive_seed(seed, "policy", *purpose))


@dataclass
class _Run:
    """What a rollout has so far; kept outside the coroutine so a timeout still yields it."""

    env: ToolEnv
    messages: list[Message] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    tools: list[ToolSpec] = field(default_factory=list)
    turn_start: int = 0
    termination: str | None = None
    steps: int = 0
    step_hashes: list[str] = field(default_factory=list)

    def offered(self) -> list[ToolSpec]:
        # The env's own spec objects, not copies (copying 20 specs costs ~3 ms): policies must
        # treat them as read-only. New tools (a turn's add_tools) join the episode's tool list.
        defs = self.env.all_tooldefs()
        specs = [defs[n].spec for n in self.env.offered_tools]
        known = {s.name for s in self.tools}
        self.tools.extend(s for s in specs if s.name not in known)
        return specs


def _fix_ids(msg: Message, rng: random.Random) -> None:
    """Make call ids unique within the message, so every tool message pairs with its call."""
    seen: set[str] = set()
    for c in msg.tool_calls:
        if c.id in seen:
            c.id = new_call_id(rng)
        seen.add(c.id)


def _action(msg: Message) -> dict[str, Any]:
    # A dict action: env.step accepts it as is, skipping a JSON round trip.
    out: dict[str, Any] = {"content": msg.content if isinstance(msg.content, str) or msg.content is None else str(msg.content)}
    if msg.tool_calls:
        out["tool_calls"] = [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in msg.tool_calls]
    return out


async def _act(policy: Policy, run: _Run, tools: list[ToolSpec], ctx: Context) -> Message | None:
    """One policy message, or None with ``run.termination`` set."""
    try:
        msg = await policy.act(run.messages, tools, ctx)
    except PolicyError as e:
        run.termination = e.reason or "policy_error"
        return None
    if not isinstance(msg, Message) or msg.role != "assistant":
        got = msg.role if isinstance(msg, Message) else type(msg).__name__
        raise TypeError(f"{type(policy).__name__}.act must return an assistant Message, got {got}")
    _fix_ids(msg, ctx.rng)
    return msg


def _episode_id(env_id: str, seed: int, what: str) -> str:
    return stable_hash([env_id, seed, what], length=8)


async def run_task(
    env: ToolEnv,
    policy: Policy,
    task: Task,
    *,
    max_steps: int | None = None,
    seed: int | None = None,
    timeout: float | None = None,
    episode_id: str | None = None,
    config_hash: str | None = None,
    rng: random.Random | None = None,
    meta: dict[str, Any] | None = None,
) -> Episode:
    """Run ``policy`` on ``task`` in ``env`` and return the scored episode.

    Args:
        env: the environment (it is reset here).
        policy: what acts.
        task: the task; its turns are given to the policy one at a time.
        max_steps: the most assistant messages in the whole episode (default: ``env.max_steps``).
        seed: the world seed (default: ``task.seed``, else 0).
        timeout: seconds for the whole episode; on expiry the episode ends with ``"timeout"``.
        episode_id: the episode id (default: a hash of env, seed and task id).
        config_hash: the run config's hash, recorded in the episode.
        rng: the policy's RNG (``ctx.rng``; default seeded from ``seed``).
        meta: extra ``Episode.meta`` entries.
    """
    if seed is None:
        seed = task.seed if task.seed is not None else 0
    max_steps = max_steps or env.max_steps
    _, info = env.reset(seed=seed, options={"task": task})
    ctx = Context(env=env, task=task, turn=0, rng=rng or policy_rng(seed, task.id))
    run = _Run(env)
    run.messages.append(Message(role="system", content=info["system_prompt"]))
    run.messages.append(Message(role="user", content=task.turns[0].user))
    run.turn_start = 1
    rewards: list[float] = []
    checks: list[dict[str, bool]] = []

    async def loop() -> None:
        tools = run.offered()
        while True:
            if run.steps >= max_steps:
                run.termination = "step_budget"
                return
            msg = await _act(policy, run, tools, ctx)
            if msg is None:
                return
            run.steps += 1
            run.messages.append(msg)
            if not msg.tool_calls and msg.content is None:
                run.termination = "malformed_output"
                return
            _, reward, terminated, truncated, sinfo = env.step(_action(msg))
            if "tool_results" in sinfo:
                run.messages.extend(Message.from_result(r) for r in sinfo["tool_results"])
            elif "turn_score" in sinfo:
                score = sinfo["turn_score"]
                rewards.append(score.reward)
                checks.append(score.checks)
                run.turns.append(_turn(task, ctx.turn, run.turn_start, len(run.messages), score.state_hash, score.reward, score.checks))
                if terminated:
                    run.termination = "done"
                    return
                ctx.turn += 1
                run.turn_start = len(run.messages)
                run.messages.append(Message(role="user", content=task.turns[ctx.turn].user))
                tools = run.offered()
            elif "error" in sinfo:
                run.termination = "malformed_output"
                return
            if truncated:
                run.termination = "step_budget"
                return

    try:
        if timeout is None:
            await loop()
        else:
            async with asyncio.timeout(timeout):
                await loop()
    except TimeoutError:
        run.termination = "timeout"
    if run.termination != "done":
        # Close the unfinished turn: unscored, so it earns nothing.
        run.turns.append(_turn(task, ctx.turn, run.turn_start, len(run.messages), env.state_hash(), 0.0, {}))
        rewards.append(0.0)
    n = len(task.turns)
    ep_meta: dict[str, Any] = {"task_id": task.id}
    if ctx.usage:
        ep_meta["usage"] = dict(ctx.usage)
    if meta:
        ep_meta.update(meta)
    targets = [t for spec in task.turns for t in _turn_targets(spec)]
    return Episode(
        id=episode_id or _episode_id(env.env_id, seed, task.id),
        env_id=env.env_id,
        env_version=type(env).version,
        seed=seed,
        tools=run.tools,
        messages=run.messages,
        turns=run.turns,
        reward=sum(rewards) / n if n else 0.0,
        termination=run.termination,
        target_tools=list(dict.fromkeys(targets)),
        variant=task.meta.get("variant", "base"),
        producers={"assistant": policy.name},
        config_hash=config_hash,
        meta=ep_meta,
    )


def _turn_targets(spec: Any) -> list[str]:
    meta = getattr(spec, "meta", None) or {}
    target = meta.get("target")
    if isinstance(target, str):
        return [target]
    if isinstance(target, list):
        return [t for t in target if isinstance(t, str)]
    return []


def _turn(task: Task, i: int, start: int, end: int, state_hash: str, reward: float, checks: dict[str, bool]) -> Turn:
    spec = task.turns[i]
    meta: dict[str, Any] = {"checks": dict(checks)} if checks else {}
    return Turn(
        start=start,
        end=end,
        state_hash=state_hash,
        reward=reward,
        target_tools=_turn_targets(spec),
        variant=task.meta.get("variant", "base"),
        add_tools=list(spec.add_tools),
        expect=spec,
        meta=meta,
    )


async def run_explore(
    env: ToolEnv,
    policy: Policy,
    target: str,
    *,
    max_steps: int = 20,
    seed: int = 0,
    extra_steps: int = 0,
    timeout: float | None = None,
    episode_id: str | None = None,
    config_hash: str | None = None,
    rng: random.Random | None = None,
    meta: dict[str, Any] | None = None,
) -> Episode:
    """Ask ``policy`` to reach ``target``; it acts until a call to it succeeds or the budget ends.

    The episode has the graph sampler's layout (``variant="explore"``, ``target_tools``,
    ``meta["chain"]`` with the state hash after each call and the provenance of every argument),
    so :func:`~toolgym.synth.chain.episode_to_chain` reads both. Calls sent together in one
    assistant message share the hash taken after all of them ran.

    Args:
        env: the environment (reset here, free mode).
        policy: what acts; ``ctx.target`` names the target.
        target: the tool to reach.
        max_steps: the most assistant messages.
        seed: the world seed.
        extra_steps: assistant messages still allowed after the target ran (default none).
        timeout: seconds for the whole episode.
        episode_id: the episode id (default: a hash of env, seed and target).
        config_hash: the run config's hash.
        rng: the policy's RNG (default seeded from ``seed`` and ``target``).
        meta: extra ``Episode.meta`` entries.
    """
    _, info = env.reset(seed=seed)
    if target not in env.offered_tools:
        raise ValueError(f"no tool {target!r} offered by {env.env_id}{suggest(target, env.offered_tools)}")
    ctx = Context(env=env, task=None, turn=0, target=target, rng=rng or policy_rng(seed, target))
    run = _Run(env)
    start_hash = info["state_hash"]
    desc = env.all_tooldefs()[target].spec.description
    run.messages.append(Message(role="system", content=info["system_prompt"]))
    run.messages.append(Message(role="user", content=explore_request(target, desc)))
    target_index: int | None = None
    calls_seen = 0
    left_after = extra_steps

    async def loop() -> None:
        nonlocal target_index, calls_seen, left_after
        tools = run.offered()
        while True:
            if target_index is not None:
                if left_after <= 0:
                    run.termination = "done"
                    return
                left_after -= 1
            if run.steps >= max_steps:
                run.termination = "done" if target_index is not None else "step_budget"
                return
            msg = await _act(policy, run, tools, ctx)
            if msg is None:
                return
            run.steps += 1
            run.messages.append(msg)
            if not msg.tool_calls:
                if msg.content is None:
                    run.termination = "malformed_output"
                else:
                    run.termination = "done" if target_index is not None else "gave_up"
                return
            _, _, _, truncated, sinfo = env.step(_action(msg))
            results = sinfo.get("tool_results")
            if results is None:
                run.termination = "malformed_output"
                return
            h = env.state_hash()
            for r in results:
                run.messages.append(Message.from_result(r))
                run.step_hashes.append(h)
                if target_index is None and r.name == target and r.error is None:
                    target_index = calls_seen
                calls_seen += 1
            if truncated:
                run.termination = "done" if target_index is not None else "step_budget"
                return

    try:
        if timeout is None:
            await loop()
        else:
            async with asyncio.timeout(timeout):
                await loop()
    except TimeoutError:
        run.termination = "timeout"
    reached = target_index is not None
    end_hash = env.state_hash()
    run.turns.append(
        Turn(start=1, end=len(run.messages), state_hash=end_hash, reward=1.0 if reached else 0.0, target_tools=[target], variant="explore")
    )
    calls = [c for m in run.messages if m.role == "assistant" for c in m.tool_calls]
    results_by_id = {m.tool_call_id: m for m in run.messages if m.role == "tool"}
    sources = infer_sources(env, calls, results_by_id)
    ep_meta: dict[str, Any] = {
        "chain": {
            "start_hash": start_hash,
            "step_hashes": run.step_hashes,
            "sources": [{k: v.model_dump(exclude_none=True) for k, v in s.items()} for s in sources],
            "target_index": target_index,
        }
    }
    if ctx.usage:
        ep_meta["usage"] = dict(ctx.usage)
    if meta:
        ep_meta.update(meta)
    return Episode(
        id=episode_id or _episode_id(env.env_id, seed, target),
        env_id=env.env_id,
        env_version=type(env).version,
        seed=seed,
        tools=run.tools,
        messages=run.messages,
        turns=run.turns,
        reward=1.0 if reached else 0.0,
        termination=run.termination,
        target_tools=[target],
        variant="explore",
        producers={"explorer": policy.name},
        config_hash=config_hash,
        meta=ep_meta,
    )


def _leaves(value: Any, path: str, out: list[tuple[str, Any, Any]], parent: Any) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _leaves(v, f"{path}.{k}" if path else k, out, value)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _leaves(v, f"{path}[{i}]", out, value)
    else:
        out.append((path, value, parent))


def infer_sources(env: ToolEnv, calls: list[ToolCall], results: dict[str | None, Message]) -> list[dict[str, ArgSource]]:
    """Provenance of the arguments of calls someone else chose (a model), after the fact.

    An argument the graph calls internal (an id only a tool can produce) is traced to the
    earliest successful earlier result holding that value (``kind="result"``, with its
    ``call_id``, ``path`` and the entity's label from the same object); every other argument is
    the user's (``kind="user"``).
    """
    from toolgym.envs.graph import ApiGraph

    graph = ApiGraph.of(env)
    seen: list[tuple[str, list[tuple[str, Any, Any]]]] = []  # (call_id, leaves of its result)
    out: list[dict[str, ArgSource]] = []
    for c in calls:
        srcs: dict[str, ArgSource] = {}
        for arg, value in c.arguments.items():
            src = None
            if graph.is_internal_param(c.name, arg) and isinstance(value, (str, int)) and not isinstance(value, bool):
                label_field = graph.label_field(c.name, arg)
                for call_id, leaves in seen:
                    for path, v, parent in leaves:
                        if v == value and type(v) is type(value):
                            label = parent.get(label_field) if label_field and isinstance(parent, dict) else None
                            src = ArgSource(kind="result", call_id=call_id, path=path, label=label if isinstance(label, str) else None)
                            break
                    if src is not None:
                        break
            srcs[arg] = src or ArgSource(kind="user")
        out.append(srcs)
        r = results.get(c.id)
        if r is not None and r.error is None:
            found: list[tuple[str, Any, Any]] = []
            _leaves(r.content, "", found, None)
            seen.append((c.id, found))
    return out

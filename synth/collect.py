"""Collect: run a policy over tasks or exploration targets into a run directory (RL and evaluation).

Each episode is a rollout (:func:`~toolgym.synth.rollout.run_task` or
:func:`~toolgym.synth.rollout.run_explore`) scored by the environment's own checker, per turn
and per episode, with an explicit termination reason. Many episodes run at once on one event
loop (the LLM client bounds the requests in flight, not the episodes); each worker owns its
environments. Episodes are written through :class:`~toolgym.runs.RunDir`, so a rerun
resumes, never duplicates and never loses an episode, also after a kill.

What an episode is, is fixed by its key alone: key ``k`` is sample ``k % samples`` of task
``k // samples`` (world seed: the task's, else derived from the run seed and the task index),
or exploration target number ``k`` (targets cycle through the environment's tools in seeded
shuffled rounds, so every tool is a target once per round; seed derived from the run seed and
``k``). That is what makes a resumed run equal to an uninterrupted one.

The run's identity (``config.json``) is what decides the episodes: environment, tasks (path and
content hash), policy and model, sampling, budgets, seed. How the model is reached (base URLs,
in-flight bound, retries, timeouts, the NAME of the API key's variable) may change between a run
and its resume; it goes to ``log.txt`` only. The API key itself is never written anywhere.

Example:
    >>> cfg = CollectConfig(env="toolgym/Travel-v0", explore_targets=100, out="runs/c", seed=0)
    >>> summary = collect(cfg)            # the offline planner policy
    >>> summary["reward_mean"]
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolgym import safejson
from toolgym.canonical import stable_hash
from toolgym.errors import ConfigError, suggest
from toolgym.record import Episode
from toolgym.runs import EpisodeCounts, RunDir, env_entry, iter_episodes

from .policy import Policy

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv
    from toolgym.envs.task import Task

    from .llm.client import LLMConfig

__all__ = ["CollectConfig", "collect", "collect_async", "load_tasks", "explore_targets", "summarize", "format_summary",
           "make_env", "ERROR_TERMINATIONS"]

# Terminations that mean the episode failed for a reason outside the policy's competence.
ERROR_TERMINATIONS = frozenset({"server_error", "request_error", "timeout", "malformed_output", "policy_error"})
DEFAULT_EXPLORE_STEPS = 20


@dataclass
class CollectConfig:
    """A collect job.

    Attributes:
        out: the run directory.
        env: a registered environment id, or ``A+B`` of registered ids. Optional with ``tasks``
            from a synth run (each task names its environment).
        tasks: a JSONL file of :class:`~toolgym.envs.task.Task` objects, or a ``toolgym synth``
            run directory (its episodes become tasks).
        explore_targets: exploration mode: this many episodes, targets cycling over the tools.
        policy: ``planner`` (offline, the default) or ``llm``.
        llm: the model settings (``policy="llm"``).
        seed: the run seed.
        samples: episodes per task (rejection sampling, RL groups).
        limit: only the first ``limit`` tasks.
        max_steps: assistant messages per episode (default: the env's; 20 in exploration).
        episode_timeout: seconds per episode (``timeout`` termination), None: no limit.
        max_malformed: unusable model replies in a row before ``malformed_output``.
        concurrency: episodes in flight (default: 1 for the planner, 2 x the LLM in-flight bound).
        force: discard an existing run with another config.
        progress: show a progress bar.
        workers: processes on this machine (the planner; a model's episodes wait together in one).
        ray: run on Ray shards at this address (``local``, ``auto``, ``ray://host:10001``).
        shards: Ray actors (default: the cluster's CPUs). The output is the same for any of these.
    """

    out: str
    env: str | None = None
    tasks: str | None = None
    explore_targets: int | None = None
    policy: str = "planner"
    llm: LLMConfig | None = None
    seed: int = 0
    samples: int = 1
    limit: int | None = None
    max_steps: int | None = None
    episode_timeout: float | None = None
    max_malformed: int = 3
    concurrency: int | None = None
    force: bool = False
    progress: bool = True
    shard_size: int | None = None
    workers: int = 1
    ray: str | None = None
    shards: int | None = None

    def check(self) -> None:
        if (self.tasks is None) == (self.explore_targets is None):
            raise ConfigError("expected exactly one of --tasks FILE|RUN_DIR and --explore-targets N")
        if self.explore_targets is not None:
            if self.explore_targets < 1:
                raise ConfigError(f"expected --explore-targets >= 1, got {self.explore_targets}")
            if not self.env:
                raise ConfigError("exploration needs --env ID")
        if self.policy not in ("planner", "llm"):
            raise ConfigError(f"expected --policy planner or llm, got {self.policy!r}{suggest(self.policy, ['planner', 'llm'])}")
        if self.policy == "llm" and self.llm is None:
            raise ConfigError("--policy llm needs --model (and --base-url)")
        if self.samples < 1:
            raise ConfigError(f"expected --samples >= 1, got {self.samples}")
        if self.concurrency is not None and self.concurrency < 1:
            raise ConfigError(f"expected --concurrency >= 1, got {self.concurrency}")


# --- environments ---------------------------------------------------------------------------


def make_env(env_id: str) -> ToolEnv:
    """Make an environment from a registered id or ``A+B`` of registered ids.

    Ids come from task files and run directories (data), so they resolve through the registry
    only, never by importing what they name; ``--plugin MODULE`` imports a module that
    registers environments, when asked for on the command line.
    """
    from toolgym.envs.registry import make

    return make(env_id)


# --- what to run ----------------------------------------------------------------------------


@dataclass
class _Item:
    env_key: str
    task: Task | None = None
    target: str | None = None
    seed: int = 0
    episode_id: str = ""
    rng_purpose: tuple[Any, ...] = ()


def load_tasks(source: str, env: str | None = None) -> tuple[list[tuple[str, Task]], dict[str, Any]]:
    """The tasks of a JSONL file or a synth run directory: ``([(env_key, task)], identity)``.

    ``identity`` (path, count, content hash) goes into the run config, so a changed task file
    is noticed on resume.
    """
    from pydantic import ValidationError

    from toolgym.envs.task import Task

    p = Path(source)
    out: list[tuple[str, Task]] = []
    h = hashlib.blake2b(digest_size=8)
    if p.is_dir():
        try:
            from .pipeline.tasks import episode_to_task
        except ImportError as e:  # the synthesis pipeline is optional here
            raise ConfigError(f"reading tasks from a run directory needs toolgym.synth.pipeline: {e}") from None
        for ep in iter_episodes(p):
            try:
                task = episode_to_task(ep)
            except ValueError as e:
                raise ConfigError(f"{p}: {e}") from None
            h.update(ep.to_json().encode())
            out.append((env or ep.env_id, task))
        kind = "run_dir"
    elif p.is_file():
        with open(p, "rb") as f:
            for n, line in enumerate(f, 1):
                h.update(line)
                if not line.strip():
                    continue
                try:
                    d = safejson.loads(line)  # data from a file: standard JSON, nesting bounded before parsing
                    task = Task.model_validate(d)
                except (ValueError, ValidationError) as e:
                    msg = str(e).splitlines()[0] if not isinstance(e, ValidationError) else str(e).replace("\n", " ")[:300]
                    raise ConfigError(f"{p}:{n}: expected a Task object per line, got an error: {msg}") from None
                env_key = env or task.meta.get("env_id")
                if not env_key:
                    raise ConfigError(f"{p}:{n}: task {task.id!r} names no environment; pass --env ID")
                out.append((env_key, task))
        kind = "jsonl"
    else:
        raise ConfigError(f"no task file or run directory at {source!r}")
    if not out:
        raise ConfigError(f"{source} holds no tasks")
    return out, {"path": str(source), "kind": kind, "count": len(out), "hash": h.hexdigest()}


def explore_targets(tools: list[str], seed: int, n: int) -> list[str]:
    """``n`` targets: the tools in seeded shuffled rounds, so coverage stays even at any prefix."""
    from toolgym.envs.world import derive_seed

    out: list[str] = []
    rnd = 0
    while len(out) < n:
        order = sorted(tools)
        random.Random(derive_seed(seed, "targets", rnd)).shuffle(order)
        out.extend(order)
        rnd += 1
    return out[:n]


def _plan(cfg: CollectConfig) -> tuple[list[_Item], dict[str, Any]]:
    from toolgym.envs.world import derive_seed

    items: list[_Item] = []
    if cfg.tasks is not None:
        tasks, ident = load_tasks(cfg.tasks, cfg.env)
        if cfg.limit is not None:
            tasks = tasks[: cfg.limit]
            ident["limit"] = cfg.limit
        for i, (env_key, task) in enumerate(tasks):
            seed = task.seed if task.seed is not None else derive_seed(cfg.seed, "task", i)
            for s in range(cfg.samples):
                items.append(_Item(env_key, task=task, seed=seed,
                                   episode_id=stable_hash([env_key, seed, task.id, i, s], length=8),
                                   rng_purpose=(cfg.seed, "task", i, s)))
        return items, {"tasks": ident}
    assert cfg.env is not None and cfg.explore_targets is not None
    env = make_env(cfg.env)
    env.reset(seed=cfg.seed)  # the offered tools are known after a reset
    targets = explore_targets(list(env.offered_tools), cfg.seed, cfg.explore_targets)
    for k, t in enumerate(targets):
        seed = derive_seed(cfg.seed, "explore", k)
        items.append(_Item(cfg.env, target=t, seed=seed, episode_id=stable_hash([cfg.env, seed, t, k], length=8),
                           rng_purpose=(cfg.seed, "explore", k)))
    return items, {"explore_targets": cfg.explore_targets}


# Settings of the model client that do not change what an episode is (how it is reached).
_RUNTIME_LLM = ("base_urls", "api_key_env", "max_in_flight", "request_timeout", "connect_timeout", "max_retries",
                "backoff_initial", "backoff_max", "max_retry_after", "record_latency", "http", "max_response_bytes")


def run_config(cfg: CollectConfig, ident: dict[str, Any]) -> dict[str, Any]:
    """The run's identity, as ``config.json`` holds it."""
    policy: dict[str, Any] = {"kind": cfg.policy}
    if cfg.policy == "llm" and cfg.llm is not None:
        policy["llm"] = {k: v for k, v in asdict(cfg.llm).items() if k not in _RUNTIME_LLM}
        policy["max_malformed"] = cfg.max_malformed
        policy["record_latency"] = cfg.llm.record_latency  # decides the episodes' bytes
    return {
        "command": "collect",
        "env": cfg.env,
        **ident,
        "policy": policy,
        "seed": cfg.seed,
        "samples": cfg.samples,
        "max_steps": cfg.max_steps,
        "episode_timeout": cfg.episode_timeout,
    }


def _make_policy(cfg: CollectConfig) -> Policy:
    if cfg.policy == "llm":
        from .llm.policy import LLMPolicy

        assert cfg.llm is not None
        return LLMPolicy(cfg.llm, max_malformed=cfg.max_malformed)
    try:
        from .planner import PlannerPolicy
    except ImportError as e:
        raise ConfigError(f"the offline planner policy is not available ({e}); use --policy llm") from None
    return PlannerPolicy()


# --- running ----------------------------------------------------------------------------------


class _Progress:
    """Live numbers for the progress bar: reward, error rate, tokens/s."""

    def __init__(self, bar: Any, client: Any):
        self.bar = bar
        self.client = client
        self.n = 0
        self.reward = 0.0
        self.errors = 0
        self.t0 = time.perf_counter()
        self.tok0 = client.stats.completion_tokens + client.stats.prompt_tokens if client else 0
        self._last = 0.0

    def add(self, ep: Episode) -> None:
        self.n += 1
        self.reward += ep.reward or 0.0
        self.errors += ep.termination in ERROR_TERMINATIONS
        if self.bar is None:
            return
        self.bar.update(1)
        now = time.perf_counter()
        if now - self._last < 0.25:
            return
        self._last = now
        post = {"reward": f"{self.reward / self.n:.3f}", "err": f"{100 * self.errors / self.n:.1f}%"}
        if self.client is not None:
            st = self.client.stats
            toks = st.completion_tokens + st.prompt_tokens - self.tok0
            post["tok/s"] = f"{toks / max(now - self.t0, 1e-9):.0f}"
            post["retries"] = st.retries
        self.bar.set_postfix(post, refresh=False)


async def collect_async(cfg: CollectConfig, *, on_episode: Callable[[int, Episode], None] | None = None) -> dict[str, Any]:
    """Run the job on the current event loop; returns :func:`summarize` of the whole run directory.

    Episodes run where ``cfg.workers``/``cfg.ray`` say (:mod:`toolgym.synth.scale`); this
    process alone writes them, in key order, so the bytes do not depend on it.

    Raises:
        ConfigError: bad settings or inputs. ``LLMFatalError``: the endpoint refuses every
            request (bad key, model or URL); the episodes written so far stay, a rerun resumes.
    """
    cfg.check()
    from toolgym.synth.scale import Scale

    scale = Scale(workers=cfg.workers, ray=cfg.ray, shards=cfg.shards)  # refused before anything is made
    items, ident = _plan(cfg)
    config = run_config(cfg, ident)
    envs: dict[str, ToolEnv] = {}
    for key in dict.fromkeys(i.env_key for i in items):
        envs[key] = make_env(key)
    manifest = {
        "environments": [env_entry(e) for e in envs.values()],
        "policy": cfg.policy if cfg.policy != "llm" or cfg.llm is None else f"llm:{cfg.llm.model}",
    }
    kw: dict[str, Any] = {"manifest": manifest, "planned": len(items), "force": cfg.force}
    if cfg.shard_size:
        kw["shard_size"] = cfg.shard_size
    run = RunDir.open(cfg.out, config, **kw)
    executor: Any = None
    try:
        pending = list(run.pending(len(items)))
        if cfg.llm is not None and cfg.policy == "llm":
            rt = {k: getattr(cfg.llm, k) for k in _RUNTIME_LLM}
            run.log(f"collect: {len(pending)} of {len(items)} episodes to run; model client {json.dumps(rt)} "
                    f"(API key read from ${cfg.llm.api_key_env}, never stored)")
        else:
            run.log(f"collect: {len(pending)} of {len(items)} episodes to run; policy {cfg.policy}")
        if not pending:
            return summarize(cfg.out)
        from toolgym.synth.scale import WorkerSpec, forwarded_env, make_executor, registering_modules

        is_llm = cfg.policy == "llm"
        conc = cfg.concurrency or (2 * cfg.llm.max_in_flight if is_llm and cfg.llm else 1)
        conc = min(conc, len(pending))
        # The policy (and with it the model client) lives with the worker that runs the
        # episodes: in this process, or one per --workers process / Ray shard.
        # Here (one process), episodes are awaited on this event loop, as a model's are anywhere.
        spec = WorkerSpec(collect_worker, (cfg, run.config_hash), is_async=is_llm or scale.kind == "local",
                          env=forwarded_env([cfg.llm.api_key_env] if is_llm and cfg.llm else []), imports=registering_modules(envs))
        executor = make_executor(spec, scale, concurrency=conc)
        await executor.start()
        if executor.kind != "local":
            run.log(f"collect: episodes run by {executor.kind} ({executor.parallel} at once)")
        worker = getattr(executor, "worker", None)
        policy = worker.policy if worker is not None else None
        client = getattr(policy, "client", None)
        # Episodes in flight: `conc` on one event loop (or spread over the shards); CPU work
        # (the planner) keeps every process or shard busy with two each.
        window = conc if (is_llm or executor.kind == "local") else 2 * executor.parallel
        bar = None
        if cfg.progress:
            from tqdm import tqdm

            bar = tqdm(total=len(items), initial=run.n_done, unit="ep", dynamic_ncols=True, desc="collect")
        prog = _Progress(bar, client)
        queue = iter(pending)

        async def feed() -> None:
            for key in queue:
                (ep,) = await executor.run([(key, items[key])])
                run.write(key, ep)
                prog.add(ep)
                if on_episode is not None:
                    on_episode(key, ep)

        tasks = [asyncio.create_task(feed()) for _ in range(min(window, len(pending)))]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            failed = [t for t in done if not t.cancelled() and t.exception() is not None]
            if failed:
                # One failure (a refused key, a bug) stops the job; the episodes on disk stay a
                # clean prefix and a rerun resumes after fixing it.
                err = failed[0].exception()
                assert err is not None
                run.log(f"stopped: {type(err).__name__}: {err}")
                executor.abort()
                raise err
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if bar is not None:
                bar.close()
        if is_llm:
            stats = client.stats.as_dict() if client is not None else await executor.stats()
            run.log(f"model client: {json.dumps(stats)}")
    finally:
        if executor is not None:
            await executor.aclose()
        run.close()
    return summarize(cfg.out)


class CollectWorker:
    """Runs collect episodes in one process or Ray shard: its own policy (model client) and envs.

    A unit is a list of ``(key, item)``; episodes of one unit run one after the other, units
    given at once (``arun`` on a model) run together, each on an environment of its own.
    """

    def __init__(self, arg: tuple[CollectConfig, str]):
        self.cfg, self.config_hash = arg
        self.policy = _make_policy(self.cfg)
        self._free: dict[str, list[ToolEnv]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    async def arun(self, units: list[tuple[int, _Item]]) -> list[Episode]:
        out = []
        for _, item in units:
            free = self._free.setdefault(item.env_key, [])
            env = free.pop() if free else make_env(item.env_key)
            try:
                out.append(await _episode(env, self.policy, item, self.cfg, self.config_hash))
            finally:
                free.append(env)
        return out

    def run(self, units: list[tuple[int, _Item]]) -> list[Episode]:
        """``arun`` from a process or shard with no event loop of its own running (CPU work)."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop.run_until_complete(self.arun(units))

    def stats(self) -> dict[str, Any]:
        client = getattr(self.policy, "client", None)
        return client.stats.as_dict() if client is not None else {}

    async def aclose(self) -> None:
        await self.policy.aclose()


def collect_worker(arg: tuple[CollectConfig, str]) -> CollectWorker:
    """The :class:`~toolgym.synth.scale.WorkerSpec` factory of ``toolgym collect``."""
    return CollectWorker(arg)


async def _episode(env: ToolEnv, policy: Policy, item: _Item, cfg: CollectConfig, config_hash: str) -> Episode:
    from .rollout import policy_rng, run_explore, run_task

    rng = policy_rng(item.seed, *item.rng_purpose)
    if item.task is not None:
        return await run_task(env, policy, item.task, max_steps=cfg.max_steps, seed=item.seed, timeout=cfg.episode_timeout,
                              episode_id=item.episode_id, config_hash=config_hash, rng=rng)
    assert item.target is not None
    return await run_explore(env, policy, item.target, max_steps=cfg.max_steps or DEFAULT_EXPLORE_STEPS, seed=item.seed,
                             timeout=cfg.episode_timeout, episode_id=item.episode_id, config_hash=config_hash, rng=rng)


def collect(cfg: CollectConfig) -> dict[str, Any]:
    """:func:`collect_async` in a fresh event loop."""
    return asyncio.run(collect_async(cfg))


# --- the score --------------------------------------------------------------------------------


def summarize(path: str) -> dict[str, Any]:
    """The score of a run directory: rewards per episode and per turn, terminations, usage."""
    n = 0
    reward = 0.0
    solved = 0
    terms: Counter[str] = Counter()
    turn_sum: dict[int, float] = {}
    turn_n: dict[int, int] = {}
    calls = failed = 0
    usage: dict[str, float] = {}
    targets_reached: Counter[str] = Counter()
    targets_tried: Counter[str] = Counter()
    for ep in iter_episodes(path):
        n += 1
        r = ep.reward or 0.0
        reward += r
        solved += r >= 1.0
        terms[ep.termination or "none"] += 1
        for i, t in enumerate(ep.turns):
            if t.reward is not None:
                turn_sum[i] = turn_sum.get(i, 0.0) + t.reward
                turn_n[i] = turn_n.get(i, 0) + 1
        counts = EpisodeCounts.of(ep)
        calls += counts.calls
        failed += counts.failed_calls
        for k, v in (counts.usage or {}).items():
            usage[k] = usage.get(k, 0) + v
        if ep.variant == "explore":
            for tool in ep.target_tools:
                targets_tried[tool] += 1
                targets_reached[tool] += r >= 1.0
    errors = sum(v for k, v in terms.items() if k in ERROR_TERMINATIONS)
    return {
        "episodes": n,
        "reward_mean": reward / n if n else None,
        "solved": solved,
        "solved_rate": solved / n if n else None,
        "turn_reward_mean": {i + 1: turn_sum[i] / turn_n[i] for i in sorted(turn_sum)},
        "terminations": dict(terms.most_common()),
        "error_rate": errors / n if n else None,
        "calls": calls,
        "failed_calls": failed,
        "usage": {k: (round(v, 3) if isinstance(v, float) else v) for k, v in sorted(usage.items())},
        "targets": {t: {"tried": targets_tried[t], "reached": targets_reached[t]} for t in sorted(targets_tried)},
    }


def format_summary(s: dict[str, Any]) -> str:
    """The summary as a small table (a model's score card)."""
    def pct(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.1f}%"

    rows = [
        ("episodes", str(s["episodes"])),
        ("reward (mean)", "-" if s["reward_mean"] is None else f"{s['reward_mean']:.4f}"),
        ("solved (reward 1)", f"{s['solved']} ({pct(s['solved_rate'])})"),
    ]
    for i, v in s["turn_reward_mean"].items():
        rows.append((f"turn {i} reward", f"{v:.4f}"))
    rows.append(("terminations", ", ".join(f"{k} {v}" for k, v in s["terminations"].items()) or "-"))
    rows.append(("error rate", pct(s["error_rate"])))
    rows.append(("tool calls (failed)", f"{s['calls']} ({s['failed_calls']})"))
    u = s["usage"]
    if u.get("llm_calls"):
        rows.append(("LLM calls", f"{u['llm_calls']} ({u.get('retries', 0)} retries, {u.get('malformed', 0)} malformed replies)"))
        rows.append(("tokens in / out", f"{u.get('prompt_tokens', 0)} / {u.get('completion_tokens', 0)}"))
        if u.get("latency_s"):
            rows.append(("mean LLM latency", f"{1000 * u['latency_s'] / u['llm_calls']:.1f} ms"))
    if s["targets"]:
        reached = sum(1 for v in s["targets"].values() if v["reached"])
        rows.append(("targets reached", f"{reached} of {len(s['targets'])} tools"))
    w = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{w}}  {v}" for k, v in rows)

"""The seam between a run's ordered writer and where its work executes.

A job describes its worker once (:class:`WorkerSpec`: a module-level factory and a JSON
argument, so it travels by reference to a forked process or a Ray actor) and then awaits
:meth:`Executor.run` on units of items. A worker is any object with ``run(items) -> results``
(CPU work) or ``async arun(items) -> results`` (work that waits on a model server), and
optionally ``stats() -> dict`` of numbers (model usage) that are summed over the workers.

The executor never decides what is written, nor in which order: the caller buffers results and
writes them by key. It only decides where a unit runs, so every executor gives the same bytes.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from toolgym.errors import ConfigError

__all__ = ["WorkerSpec", "forwarded_env", "registering_modules", "Scale", "Executor", "LocalExecutor", "ProcessExecutor", "make_executor", "sum_stats"]


@dataclass(frozen=True)
class WorkerSpec:
    """How to build a job's worker in any process.

    Attributes:
        factory: a module-level function ``factory(arg) -> worker`` (pickled by reference).
        arg: its argument, picklable (synth: its resolved config as JSON text; collect: the
            config and the run's config hash).
        is_async: the worker's units are coroutines (``arun``): they wait on a model server, so
            many run at once on one event loop instead of one process each.
    """

    factory: Callable[[Any], Any]
    arg: Any
    is_async: bool = False
    # Environment variables the worker needs from the driver (a model's API key, read from the
    # variable the config names): set in a worker process where the node has not set them. They
    # travel with the worker's creation (to a Ray shard: inside the cluster), never to disk.
    env: dict[str, str] = field(default_factory=dict, repr=False)
    # Modules that registered the environments the driver knows beyond the built-ins and
    # installed plugins (``register`` in a script, ``--plugin MODULE``): imported in the worker
    # before it is built, so it can make the same environments.
    imports: tuple[str, ...] = ()

    def build(self) -> Any:
        import importlib

        for k, v in self.env.items():
            os.environ.setdefault(k, v)
        for m in self.imports:
            importlib.import_module(m)
        return self.factory(self.arg)


def registering_modules(env_ids: Any) -> tuple[str, ...]:
    """The modules that registered the user environments (not built-in, not plugins) among
    ``env_ids`` (``A+B`` compositions split), for :attr:`WorkerSpec.imports`."""
    import gymnasium

    from toolgym.envs import registry

    out: dict[str, None] = {}
    wanted = {part for e in env_ids for part in str(e).split("+")}
    for env_id, source in registry._IDS.items():
        if source != "user" or env_id not in wanted or env_id not in gymnasium.registry:
            continue
        ep = gymnasium.registry[env_id].entry_point
        mod = ep.split(":")[0] if isinstance(ep, str) else getattr(ep, "__module__", None)
        if mod and mod != "__main__":
            out[mod] = None
    return tuple(out)


def forwarded_env(names: Any) -> dict[str, str]:
    """The driver's values of the variables ``names`` (those it has), for :attr:`WorkerSpec.env`."""
    return {n: os.environ[n] for n in dict.fromkeys(names) if n and n in os.environ}


@dataclass(frozen=True)
class Scale:
    """Where a job runs: ``workers`` processes here, or ``shards`` Ray actors on a cluster.

    Attributes:
        workers: processes on this machine (1: this process).
        ray: ``None`` for no Ray; ``"local"`` starts a private Ray instance on this machine (or
            joins the one ``RAY_ADDRESS`` names); ``"auto"`` joins the cluster this machine is
            part of (``ray start``); ``"ray://host:10001"`` or ``"host:6379"`` a given one.
        shards: Ray actors (default: the cluster's CPUs).
    """

    workers: int = 1
    ray: str | None = None
    shards: int | None = None

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"expected --workers >= 1, got {self.workers}")
        if self.shards is not None and self.shards < 1:
            raise ConfigError(f"expected --shards >= 1, got {self.shards}")
        if self.shards is not None and self.ray is None:
            raise ConfigError("--shards needs --ray (shards are Ray actors; --workers N sets processes on this machine)")
        if self.ray is not None and self.workers > 1:
            raise ConfigError("expected --workers or --ray, got both (with --ray, --shards N sets how many actors work)")

    @property
    def kind(self) -> str:
        return "ray" if self.ray is not None else "processes" if self.workers > 1 else "local"


def sum_stats(stats: list[dict[str, Any]]) -> dict[str, Any]:
    """Numbers summed key by key over the workers' ``stats()``."""
    out: dict[str, Any] = {}
    for s in stats:
        for k, v in s.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out[k] = out.get(k, 0) + v
    return out


class Executor:
    """Runs units of items on workers built from one :class:`WorkerSpec`.

    Attributes:
        kind: ``local``, ``processes`` or ``ray``.
        parallel: how many units make progress at once (the caller keeps about twice as many in
            flight, so no worker waits for the writer).
    """

    kind = "local"
    parallel = 1

    async def start(self) -> None:
        """Build the workers (a Ray cluster is joined here); idempotent."""

    async def run(self, items: list[Any]) -> list[Any]:
        """One unit: the items' results, in the items' order."""
        raise NotImplementedError

    async def stats(self) -> dict[str, Any]:
        """Every worker's ``stats()`` summed (model usage); ``{}`` when workers keep none."""
        return {}

    async def aclose(self) -> None:
        """Release the workers after the last unit."""

    def abort(self) -> None:
        """Stop every worker now (the run was interrupted or failed); safe to call twice."""


class LocalExecutor(Executor):
    """The work runs in this process, on one worker object."""

    kind = "local"

    def __init__(self, spec: WorkerSpec, *, concurrency: int = 1):
        self.spec = spec
        self.parallel = max(1, concurrency) if spec.is_async else 1
        self.worker: Any = None

    async def start(self) -> None:
        if self.worker is None:
            self.worker = self.spec.build()

    async def run(self, items: list[Any]) -> list[Any]:
        await self.start()
        if self.spec.is_async:
            return list(await self.worker.arun(items))
        return list(self.worker.run(items))

    async def stats(self) -> dict[str, Any]:
        fn = getattr(self.worker, "stats", None)
        return sum_stats([fn()]) if fn is not None else {}

    async def aclose(self) -> None:
        fn = getattr(self.worker, "aclose", None)
        if fn is not None:
            await fn()


# --- worker processes -----------------------------------------------------------------------

_WORKER: Any = None


def _process_init(spec: WorkerSpec, parent_pid: int) -> None:
    global _WORKER
    from toolgym.procs import die_with_parent

    die_with_parent(parent_pid)  # never outlive the run (kill -9 of the parent included)
    _WORKER = spec.build()


def _process_run(items: list[Any]) -> list[Any]:
    assert _WORKER is not None, "the worker process was not initialised"
    return list(_WORKER.run(items))


class ProcessExecutor(Executor):
    """``workers`` forked processes on this machine, each with its own worker object.

    Workers die with the run however it ends (:func:`toolgym.procs.die_with_parent`) and never
    hold the run directory's lock (they never open it).
    """

    kind = "processes"

    def __init__(self, spec: WorkerSpec, workers: int):
        if spec.is_async:
            raise ConfigError("work that waits on a model server runs in one process (or on --ray shards), not --workers")
        self.spec = spec
        self.parallel = workers
        self._pool: Any = None

    async def start(self) -> None:
        if self._pool is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            ctx = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
            self._pool = ProcessPoolExecutor(self.parallel, mp_context=ctx, initializer=_process_init,
                                             initargs=(self.spec, os.getpid()))

    async def run(self, items: list[Any]) -> list[Any]:
        await self.start()
        return await asyncio.get_running_loop().run_in_executor(self._pool, _process_run, items)

    async def aclose(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def abort(self) -> None:
        # interrupted or failed: stop the workers now, not after their current units
        if self._pool is not None:
            import multiprocessing as mp

            pool, self._pool = self._pool, None
            results = getattr(pool, "_result_queue", None)  # shutdown() drops it
            pool.shutdown(wait=False, cancel_futures=True)
            for child in mp.active_children():
                child.kill()
            # A worker killed while it sends a result (one over the pipe's 64 KiB goes in pieces)
            # leaves the pool's result thread waiting for the rest, and the interpreter joins
            # that thread at exit: the process hung there after SIGTERM (1 in ~20 runs). This
            # process holds a copy of the pipe's write end; closing it, with every worker gone,
            # turns the wait into end-of-file, and the pool ends as a broken one.
            writer = getattr(results, "_writer", None)
            if writer is not None:
                writer.close()


def make_executor(spec: WorkerSpec, scale: Scale, *, concurrency: int = 1) -> Executor:
    """The executor ``scale`` asks for.

    Args:
        spec: the job's worker.
        scale: processes or Ray shards.
        concurrency: units at once on one event loop, for async workers (model calls).
    """
    if scale.kind == "ray":
        from .raycluster import RayExecutor

        return RayExecutor(spec, address=scale.ray or "local", shards=scale.shards, concurrency=concurrency)
    if scale.kind == "processes" and not spec.is_async:
        return ProcessExecutor(spec, scale.workers)
    return LocalExecutor(spec, concurrency=concurrency)

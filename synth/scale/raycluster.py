"""Ray shards: a job's workers as Ray actors on a cluster (``--ray [ADDRESS] --shards N``).

Each shard is an actor built once from the job's :class:`~.executor.WorkerSpec`; it keeps the
environments and worlds it builds for every unit it runs (as a ``--workers`` process does).
Units go to the shard with the fewest units in flight; results come back to the driver, which
alone writes the run directory, in key order. So the bytes written do not depend on the number
of shards, on which shard ran what, or on a shard dying half-way:

* a shard killed mid-unit is restarted by Ray and its unit retried there (``max_restarts``,
  ``max_task_retries``); every unit is a pure function of the config and its keys, so the retry
  returns what the first try would have;
* a shard that cannot be brought back is replaced by a new actor and the unit resubmitted, a
  few times, before the run stops with an error (what was written stays; the same command
  resumes).

Shards check at start that they run the versions the driver runs (toolgym, Python, Gymnasium,
Faker, pydantic, networkx): other versions could draw other worlds, and the output would no
longer be the one-process output.

Addresses: ``local`` starts a private Ray instance on this machine (stopped at the end; joins
the cluster ``RAY_ADDRESS`` names when that is set), ``auto`` joins the cluster this machine was
added to with ``ray start``, ``ray://host:10001`` (Ray Client) or ``host:6379`` a given one.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from toolgym.errors import ConfigError, ToolgymError

from .executor import Executor, WorkerSpec, sum_stats

__all__ = ["RayExecutor", "connect"]

_RESTARTS = 3  # per shard, by Ray, before the shard is replaced by a new actor
_REPLACEMENTS = 3  # per unit: new actors tried before the run stops


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError("--ray needs Ray: pip install 'toolgym[ray]'") from None
    return ray


def connect(address: str, *, num_cpus: int | None = None) -> bool:
    """Join (or start) the Ray cluster at ``address``; True when this call started Ray here.

    Args:
        address: ``local``, ``auto``, ``ray://host:port`` or ``host:port``.
        num_cpus: CPUs a private local instance offers (default: this machine's).
    """
    ray = _ray()
    if ray.is_initialized():
        return False  # the caller's Ray (a test, a notebook): used as it is, left running
    kw: dict[str, Any] = {"logging_level": logging.ERROR, "include_dashboard": False}
    target = address
    if address == "local":
        target = os.environ.get("RAY_ADDRESS") or "local"
    if target == "local":
        # A private instance on the loopback: nothing listens beyond this machine.
        kw.update(num_cpus=num_cpus or os.cpu_count() or 1, _node_ip_address="127.0.0.1")
    elif target.startswith("ray://"):
        kw.pop("include_dashboard")
    try:
        ray.init(address=target, **kw)
    except (ConnectionError, ValueError, RuntimeError) as e:
        raise ConfigError(f"could not join the Ray cluster at {address!r}: {' '.join(str(e).split())[:300]}") from None
    return True


class _SyncShard:
    """A shard whose units are CPU work (``worker.run``)."""

    def __init__(self, spec: WorkerSpec):
        self.worker = spec.build()

    def info(self) -> dict[str, Any]:
        return _info()

    def run(self, items: list[Any]) -> list[Any]:
        return list(self.worker.run(items))

    def stats(self) -> dict[str, Any]:
        fn = getattr(self.worker, "stats", None)
        return fn() if fn is not None else {}


class _AsyncShard:
    """A shard whose units wait on a model server (``worker.arun``): many at once per actor."""

    def __init__(self, spec: WorkerSpec):
        self.worker = spec.build()

    async def info(self) -> dict[str, Any]:
        return _info()

    async def run(self, items: list[Any]) -> list[Any]:
        return list(await self.worker.arun(items))

    async def stats(self) -> dict[str, Any]:
        fn = getattr(self.worker, "stats", None)
        return fn() if fn is not None else {}

    async def aclose(self) -> None:
        fn = getattr(self.worker, "aclose", None)
        if fn is not None:
            await fn()


def _info() -> dict[str, Any]:
    import platform

    from toolgym.runs import versions

    return {"versions": versions(), "pid": os.getpid(), "host": platform.node()}


class RayExecutor(Executor):
    """``shards`` Ray actors, each with its own worker; see the module docstring."""

    kind = "ray"

    def __init__(self, spec: WorkerSpec, *, address: str = "local", shards: int | None = None, concurrency: int = 1):
        self.spec = spec
        self.address = address
        self.shards = shards
        self.concurrency = max(1, concurrency)
        self.parallel = shards or 1
        self.actors: list[Any] = []
        self.busy: list[int] = []
        self.infos: list[dict[str, Any]] = []
        self._started_ray = False
        self._cls: Any = None

    # --- life cycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        if self.actors:
            return
        ray = _ray()
        self._started_ray = connect(self.address, num_cpus=self.shards)
        cpus = int(ray.cluster_resources().get("CPU", 0))
        n = self.shards or max(1, cpus)
        if n > cpus:
            self.abort()
            raise ConfigError(f"expected --shards <= {cpus}, the CPUs of the Ray cluster at {self.address!r}, got {n}")
        self.parallel = n
        base = _AsyncShard if self.spec.is_async else _SyncShard
        opts: dict[str, Any] = {"num_cpus": 1, "max_restarts": _RESTARTS, "max_task_retries": _RESTARTS}
        if self.spec.is_async:
            # units of one shard wait on the model together; the bound on requests is the client's
            opts["max_concurrency"] = max(2, self.concurrency)
        self._cls = ray.remote(base).options(**opts)
        self.actors = [self._cls.remote(self.spec) for _ in range(n)]
        self.busy = [0] * n
        self.infos = list(await asyncio.gather(*(self._await(a.info.remote()) for a in self.actors)))
        self._check_versions()

    def _check_versions(self) -> None:
        from toolgym.runs import versions

        mine = versions()
        for info in self.infos:
            theirs = info["versions"]
            diff = [f"{k} {theirs.get(k)} (driver {v})" for k, v in mine.items() if theirs.get(k) != v]
            if diff:
                self.abort()
                raise ConfigError(
                    f"a Ray shard on {info['host']} runs other versions than this driver: {', '.join(diff)}; "
                    "install the same versions on every node (other versions could make other worlds, and the output "
                    "would differ from a one-process run)"
                )

    async def _await(self, ref: Any) -> Any:
        return await asyncio.wrap_future(ref.future())

    # --- units -----------------------------------------------------------------------------------

    async def run(self, items: list[Any]) -> list[Any]:
        await self.start()
        ray = _ray()
        from ray.exceptions import RayActorError

        i = min(range(len(self.actors)), key=lambda j: (self.busy[j], j))
        self.busy[i] += 1
        try:
            for attempt in range(_REPLACEMENTS + 1):
                actor = self.actors[i]
                try:
                    return list(await self._await(actor.run.remote(items)))
                except RayActorError as e:
                    if attempt == _REPLACEMENTS:
                        raise ToolgymError(
                            f"Ray shard {i} died {attempt + 1} times running a unit ({' '.join(str(e).split())[:200]}); "
                            "what was written is kept, rerun the same command to resume"
                        ) from None
                    if self.actors[i] is actor:  # replaced once for all the units it held
                        ray.kill(actor, no_restart=True)
                        self.actors[i] = self._cls.remote(self.spec)
            raise AssertionError("unreachable")
        finally:
            self.busy[i] -= 1

    async def stats(self) -> dict[str, Any]:
        if not self.actors:
            return {}
        return sum_stats(list(await asyncio.gather(*(self._await(a.stats.remote()) for a in self.actors))))

    async def aclose(self) -> None:
        if self.spec.is_async and self.actors:
            try:
                await asyncio.gather(*(self._await(a.aclose.remote()) for a in self.actors))
            except Exception:  # noqa: BLE001 - closing clients is best effort; the actors go next
                pass
        self.abort()

    def abort(self) -> None:
        try:
            import ray
        except ImportError:
            return
        for a in self.actors:
            try:
                ray.kill(a, no_restart=True)
            except Exception:  # noqa: BLE001 - already gone
                pass
        self.actors = []
        if self._started_ray and ray.is_initialized():
            ray.shutdown()
            self._started_ray = False

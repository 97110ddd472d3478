"""Scale-out: where the work of a run executes (this process, worker processes, Ray actors).

Every job that produces episodes (``toolgym synth``, ``explore``, ``collect``) keeps one
ordered writer in the driver process and hands *units* of work (lists of items, each a pure
function of the run's config and its key) to an :class:`Executor`:

* :class:`LocalExecutor`: in this process (one worker object, no copies);
* :class:`ProcessExecutor`: ``--workers N`` forked processes on this machine;
* :class:`~toolgym.synth.scale.raycluster.RayExecutor`: ``--ray [ADDRESS] --shards N`` Ray
  actors on a cluster (the ``toolgym[ray]`` extra).

A worker is built once per process or actor from a :class:`WorkerSpec` (a factory and its
JSON argument) and keeps what it builds (environments, worlds, graphs) for every unit it runs.
Results come back per unit and the driver writes them in key order, so what is written never
depends on the executor, the number of workers or which of them finished first.
"""

from __future__ import annotations

from .executor import (
    Executor,
    LocalExecutor,
    ProcessExecutor,
    Scale,
    WorkerSpec,
    forwarded_env,
    make_executor,
    registering_modules,
)

__all__ = ["Executor", "LocalExecutor", "ProcessExecutor", "Scale", "WorkerSpec", "forwarded_env", "make_executor", "registering_modules"]

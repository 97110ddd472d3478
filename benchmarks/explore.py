"""Phase I throughput: explored chains per second per core, executed calls per second, memory.

For each environment, on one core (CPU time of this process, so other load on the machine does
not count against us): the directed sampler explores chains toward targets chosen by the
coverage sampler, each chain from a reset world, and turns each into its canonical episode line
(what ``toolgym explore`` writes). Two world regimes:

* ``fresh``: a new world seed per chain (every reset builds a world: the worst case);
* ``reuse``: chains spread over 16 world seeds (``toolgym explore --worlds 16``; the SDK's
  per-seed world cache turns resets into copies).

Both run under :func:`~toolgym.synth.explore.fewer_collections`, the GC setting ``toolgym explore``
makes its chains with (a raised young-generation threshold; ``--default-gc`` measures without it).

Memory: 10,000 episodes of one environment written to a run directory, the resident set size
sampled along the way; it must stay flat (no growth with the number of episodes).

Target (issue 3): >= 1,000 explored chains per second per core, a reset included.

Run: ``python benchmarks/explore.py [--seconds 3] [--env ID ...] [--memory-env ID] [--json]``
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import random
import tempfile
import time

from toolgym.envs import list_envs
from toolgym.envs.world import derive_seed
from toolgym.synth.coverage import CoverageSampler
from toolgym.synth.explore import DirectedSampler, fewer_collections, resolve_env

TARGET = 1000.0


def bench_env(env_id: str, seconds: float, worlds: int | None, *, default_gc: bool = False) -> dict:
    env = resolve_env(env_id)
    sampler = DirectedSampler(env)
    cov = CoverageSampler({env_id: sampler.graph.tools}, seed=0)
    # warm up: Faker pools, the graph, the grounder, world caches
    for i in range(30):
        sampler.explore(cov.next_target(env_id, i), derive_seed(0, "w", i % (worlds or 10**9)))
    gc.collect()
    with contextlib.nullcontext() if default_gc else fewer_collections():
        return _measure(env_id, sampler, cov, seconds, worlds)


def _measure(env_id: str, sampler: DirectedSampler, cov: CoverageSampler, seconds: float, worlds: int | None) -> dict:
    n = calls = reached = 0
    ser = 0.0
    t0 = time.process_time()
    while True:
        i = n + 1000
        target = cov.next_target(env_id, i)
        seed = derive_seed(1, "world", i % worlds if worlds else i)
        chain = sampler.explore(target, seed, rng=random.Random(i))
        s0 = time.process_time()
        sampler.episode_line(chain, f"e{i}")
        ser += time.process_time() - s0
        ok = chain.target_index is not None
        cov.record(env_id, target, reached=ok, ran=[st.call.name for st in chain.steps if st.result.error is None])
        n += 1
        calls += len(chain.steps)
        reached += ok
        if n % 20 == 0 and time.process_time() - t0 >= seconds:
            break
    cpu = time.process_time() - t0
    return {
        "env": env_id,
        "worlds": "fresh" if worlds is None else worlds,
        "episodes_per_s": n / cpu,
        "calls_per_s": calls / cpu,
        "calls_per_episode": calls / n,
        "reached": reached / n,
        "serialise_share": ser / cpu,
        "n": n,
    }


def bench_memory(env_id: str, episodes: int) -> dict:
    import psutil

    from toolgym.runs import RunDir

    proc = psutil.Process()
    env = resolve_env(env_id)
    sampler = DirectedSampler(env)
    cov = CoverageSampler({env_id: sampler.graph.tools}, seed=0)
    samples = {}
    with tempfile.TemporaryDirectory() as d:
        with RunDir.open(d, {"bench": "memory", "env": env_id}, planned=episodes) as run, fewer_collections():
            for i in range(episodes):
                target = cov.next_target(env_id, i)
                chain = sampler.explore(target, derive_seed(0, "world", i), rng=random.Random(i))
                ep, line = sampler.episode_line(chain, f"e{i}")
                run.write(i, ep, line=line)
                cov.record(env_id, target, reached=chain.target_index is not None)
                if (i + 1) in (1000, 2500, 5000, 7500, episodes):
                    gc.collect()
                    samples[i + 1] = proc.memory_info().rss / 2**20
    first = samples[min(samples)]
    return {"env": env_id, "rss_mib": samples, "growth_mib": samples[max(samples)] - first}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--env", action="append", help="environment id (default: every built-in that can be made)")
    ap.add_argument("--seconds", type=float, default=3.0, help="CPU seconds per environment and regime")
    ap.add_argument("--memory-env", default="toolgym/Messaging-v0")
    ap.add_argument("--memory-episodes", type=int, default=10_000)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--default-gc", action="store_true", help="CPython's default GC thresholds (not toolgym explore's)")
    args = ap.parse_args()

    ids = args.env
    if not ids:
        ids = []
        for info in list_envs():
            try:
                resolve_env(info.id)
            except Exception:  # noqa: BLE001 - a domain still being written
                continue
            ids.append(info.id)
    rows = []
    for env_id in ids:
        for worlds in (None, 16):
            rows.append(bench_env(env_id, args.seconds, worlds, default_gc=args.default_gc))
    mem = bench_memory(args.memory_env, args.memory_episodes) if args.memory_episodes else None
    if args.json:
        print(json.dumps({"rows": rows, "memory": mem, "target_episodes_per_s": TARGET}, indent=2))
        return
    w = max(len(r["env"]) for r in rows)
    print(f"Phase I exploration, one core (CPU time), target >= {TARGET:.0f} chains/s with a reset\n")
    print(f"{'environment':<{w}}  worlds  chains/s  calls/s  calls/chain  reached  json%  vs target")
    for r in rows:
        mark = "ok" if r["episodes_per_s"] >= TARGET else "below"
        print(
            f"{r['env']:<{w}}  {str(r['worlds']):>6}  {r['episodes_per_s']:>8.0f}  {r['calls_per_s']:>7.0f}  "
            f"{r['calls_per_episode']:>11.1f}  {100 * r['reached']:>6.0f}%  {100 * r['serialise_share']:>4.0f}%  {mark}"
        )
    for regime in ("fresh", 16):
        sel = [r for r in rows if r["worlds"] == regime]
        if sel:
            # Each environment runs for the same CPU time, so chains over CPU time is the
            # arithmetic mean of the rates; the harmonic mean (chains/s when every environment
            # makes the same number of chains) weighs the slowest ones more.
            total = sum(r["n"] for r in sel) / sum(r["n"] / r["episodes_per_s"] for r in sel)
            harmonic = len(sel) / sum(1 / r["episodes_per_s"] for r in sel)
            print(f"{'all (' + str(regime) + ')':<{w}}  {'':>6}  {total:>8.0f}  (all chains / all CPU time: the mean over environments)")
            print(f"{'':<{w}}  {'':>6}  {harmonic:>8.0f}  (harmonic mean over environments)")
    if mem:
        pts = ", ".join(f"{k}: {v:.0f}" for k, v in mem["rss_mib"].items())
        print(f"\nmemory, {mem['env']}, RSS MiB after N episodes written to a run dir: {pts}; growth {mem['growth_mib']:+.1f} MiB")


if __name__ == "__main__":
    main()

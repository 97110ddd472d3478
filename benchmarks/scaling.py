"""Scale-out efficiency: one process vs ``--workers 2`` vs ``--ray --shards 2`` (issue 16).

Runs the same ``toolgym explore`` and ``toolgym synth`` job as a user does: each run is a fresh
``toolgym`` command in its own process (imports, the first build of every world, tool graph and
Faker pool, worker or actor start-up all count, for one process as for two), on one process, on
2 worker processes, and on 2 Ray shards of a local Ray cluster started once beforehand (a
cluster outlives jobs, so its own start-up is reported apart). Checks that every run wrote the
same bytes, and prints wall time, speed-up and efficiency (speed-up / 2) beside the target.

Wall-clock figures: run it on an idle machine with at least 2 free cores (the load average is
printed with the table). Even so, one job's wall time moved by up to 1.5x between two runs on our
shared 2-core machine, so every scale runs ``--repeat`` times (default 3), in rounds (each scale
once, then again), and the least wall time counts, for one process as for two; every run's time
is printed beside it. Start-up is a fixed cost per run (a few seconds for workers and actors),
so efficiency grows with the job: ``--records`` and ``--chains`` set its size.

Target: efficiency >= 0.8 for 2 workers and for 2 Ray shards (speed-up >= 1.6).

Usage: python benchmarks/scaling.py [--chains 20000] [--records 1200] [--repeat 3] [--no-ray]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.8
ENVS = ["toolgym/Calculator-v0", "toolgym/Vehicle-v0", "toolgym/Messaging-v0", "toolgym/Travel-v0"]


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "log.txt"}


def _run(cmd: list[str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chains", type=int, default=20000, help="explored chains (fresh worlds) of the explore job")
    ap.add_argument("--records", type=int, default=1200, help="records of the synth job")
    ap.add_argument("--no-ray", action="store_true", help="skip the Ray rows")
    ap.add_argument("--repeat", type=int, default=3, help="runs per job and scale, in rounds; the least wall time counts")
    args = ap.parse_args()

    exe = [sys.executable, "-m", "toolgym"]
    jobs = {
        f"explore, {args.chains} chains over {len(ENVS)} envs (fresh worlds)": [
            *exe, "explore", *(a for e in ENVS for a in ("--env", e)), "--episodes", str(args.chains), "--seed", "1", "--no-progress"],
        f"synth, {args.records} records (all domains)": [
            *exe, "synth", "--records", str(args.records), "--seed", "1", "--no-progress"],
    }
    scales: dict[str, list[str]] = {"1 process": [], "--workers 2": ["--workers", "2"]}
    tmp = Path(tempfile.mkdtemp(prefix="toolgym-scale-"))
    ray_start = None
    ray = None
    if not args.no_ray:
        import ray  # type: ignore[no-redef]

        t = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", logging_level=logging.ERROR)
        ray_start = time.perf_counter() - t
        scales["--ray --shards 2"] = ["--ray", ray.get_runtime_context().gcs_address, "--shards", "2"]
    walls: dict[tuple[str, str], list[float]] = {}
    same: dict[tuple[str, str], bool] = {}
    try:
        for _ in range(max(1, args.repeat)):
            for job, cmd in jobs.items():
                ref = None
                for name, extra in scales.items():
                    out = tmp / "run"
                    walls.setdefault((job, name), []).append(_run([*cmd, "--out", str(out), *extra]))
                    files = _files(out)
                    same[(job, name)] = same.get((job, name), True) and (ref is None or files == ref)
                    ref = ref or files
                    shutil.rmtree(out)
    finally:
        if ray is not None:
            ray.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nscale-out on {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, "
          f"load average {os.getloadavg()[0]:.1f} at the end"
          + (f"; local Ray cluster start-up {ray_start:.1f} s (once per cluster, not in the rows)" if ray_start is not None else ""))
    print("| job | scale | wall (s), least | every run (s) | speed-up | efficiency | target | bytes |")
    print("|---|---|---:|---|---:|---:|---|---|")
    rows = []
    for job in jobs:
        base = min(walls[(job, "1 process")])
        for name in scales:
            wall = min(walls[(job, name)])
            n = 1 if name == "1 process" else 2
            eff = base / wall / n
            tgt = "" if n == 1 else f">= {TARGET:.1f} ({'ok' if eff >= TARGET else 'MISSED'})"
            runs = ", ".join(f"{w:.1f}" for w in walls[(job, name)])
            ok = same[(job, name)]
            rows.append(ok)
            print(f"| {job} | {name} | {wall:.1f} | {runs} | {base / wall:.2f}x | {eff:.2f} | {tgt} | {'same' if ok else 'DIFFER'} |")
    if not all(rows):
        raise SystemExit("some scale wrote other bytes than one process")


if __name__ == "__main__":
    main()

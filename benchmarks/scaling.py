"""Scale-out efficiency: one process vs ``--workers 2`` vs ``--ray --shards 2`` (issue 16).

Runs the same ``toolgym explore`` and ``toolgym synth`` job (in this process, through the same
functions the commands call) on one process, on 2 worker processes and on 2 Ray shards of a
local Ray cluster started once beforehand (its start-up, ~10 s, is a once-per-cluster cost and
is reported apart). Checks that every run wrote the same bytes, and prints wall time, speed-up
and efficiency (speed-up / 2) beside the target. Wall-clock figures: run it on an idle machine
with at least 2 free cores (the load average is printed with the table).

Target: efficiency >= 0.8 for 2 workers and for 2 Ray shards (speed-up >= 1.6).

Usage: python benchmarks/scaling.py [--chains 600] [--records 200]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

TARGET = 0.8


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "log.txt"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chains", type=int, default=600)
    ap.add_argument("--records", type=int, default=200)
    args = ap.parse_args()

    import ray

    from toolgym.synth.explore import explore_run
    from toolgym.synth.pipeline import SynthConfig, synthesize

    tmp = Path(tempfile.mkdtemp(prefix="toolgym-scale-"))
    t = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", logging_level=logging.ERROR)
    ray_start = time.perf_counter() - t
    envs = ["toolgym/Calculator-v0", "toolgym/Vehicle-v0", "toolgym/Messaging-v0"]
    jobs = {
        f"explore, {args.chains} chains (fresh worlds)": lambda out, kw: explore_run(
            str(out), envs, episodes=args.chains, seed=1, progress=False, **kw),
        f"synth, {args.records} records": lambda out, kw: synthesize(
            SynthConfig(records=args.records, seed=1, out=str(out), progress=False, **kw)),
    }
    scales = {"1 process": {}, "--workers 2": {"workers": 2}, "--ray --shards 2": {"ray": "local", "shards": 2}}
    rows = []
    try:
        for job, fn in jobs.items():
            fn(tmp / "warm", {})  # imports, first world builds: not what scale-out changes
            shutil.rmtree(tmp / "warm")
            ref = None
            base = None
            for name, kw in scales.items():
                out = tmp / f"{len(rows)}"
                t = time.perf_counter()
                fn(out, kw)
                wall = time.perf_counter() - t
                files = _files(out)
                same = ref is None or files == ref
                ref = ref or files
                base = base or wall
                rows.append((job, name, wall, base / wall, same))
                shutil.rmtree(out)
    finally:
        ray.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nscale-out on {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, "
          f"load average {os.getloadavg()[0]:.1f} at the end; local Ray start-up {ray_start:.1f} s (once per cluster)")
    print("| job | scale | wall (s) | speed-up | efficiency | target | bytes |")
    print("|---|---|---:|---:|---:|---|---|")
    for job, name, wall, speed, same in rows:
        n = 1 if name == "1 process" else 2
        eff = speed / n
        tgt = "" if n == 1 else f">= {TARGET:.1f} ({'ok' if eff >= TARGET else 'MISSED'})"
        print(f"| {job} | {name} | {wall:.1f} | {speed:.2f}x | {eff:.2f} | {tgt} | {'same' if same else 'DIFFER'} |")


if __name__ == "__main__":
    main()

"""Peak memory of ``toolgym synth`` against the number of records (issue 16: flat memory).

Runs ``toolgym synth --records N`` (offline, all built-in domains, one process unless
``--workers``) as a child process for each N and samples the resident set size of the whole
process tree (the run and any worker processes) every 50 ms; the peak is the largest sum seen.
A heap profile of the largest run (tracemalloc, in-process, ``--profile``) lists what is still
allocated at the end by source line, to show what a run retains per record.

Target: peak RSS at the largest N within 10% of the peak at the smallest N.

Usage: python benchmarks/memory.py [--records 1000 5000 20000] [--workers N] [--profile N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.10  # the peak at the largest count may exceed the smallest count's by this share at most


def peak_rss(cmd: list[str], interval: float = 0.05) -> tuple[int, float]:
    """(peak RSS in bytes of the process tree, wall seconds) of running ``cmd``."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(interval)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return peak, time.perf_counter() - t0


def profile(records: int, out: Path, top: int = 15) -> None:
    """What is still allocated after an in-process run of ``records`` records, by line."""
    import tracemalloc

    from toolgym.synth.pipeline.config import load_config
    from toolgym.synth.pipeline.run import _drive, run_sync  # noqa: F401

    tracemalloc.start(1)
    from toolgym.synth.pipeline.run import synthesize

    cfg = load_config(overrides={"records": records, "out": str(out), "progress": False})
    synthesize(cfg)
    snap = tracemalloc.take_snapshot()
    stats = snap.statistics("lineno")
    print(f"\nheap after a {records}-record run, largest {top} allocation sites (tracemalloc):")
    for s in stats[:top]:
        print(f"  {s.size / 2**20:8.2f} MiB {s.count:8d} blocks  {s.traceback[0].filename.split('site-packages/')[-1]}:{s.traceback[0].lineno}")
    print(f"  total traced: {sum(s.size for s in stats) / 2**20:.1f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="also profile the heap of an N-record run")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="toolgym-mem-"))
    rows = []
    try:
        for n in args.records:
            out = tmp / f"r{n}"
            cmd = [sys.executable, "-m", "toolgym", "synth", "--records", str(n), "--out", str(out), "--no-progress",
                   "--workers", str(args.workers)]
            peak, wall = peak_rss(cmd)
            rows.append((n, peak, wall))
            shutil.rmtree(out, ignore_errors=True)
            print(f"  {n} records: peak {peak / 2**20:.0f} MiB in {wall:.0f} s", file=sys.stderr, flush=True)
        base = rows[0][1]
        print(f"\ntoolgym synth peak RSS (process tree, --workers {args.workers}); "
              f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"| records | peak RSS (MiB) | vs {rows[0][0]} records | target | wall (s) |")
        print("|---:|---:|---:|---|---:|")
        for n, peak, wall in rows:
            growth = peak / base - 1
            ok = "ok" if growth <= TARGET else "MISSED"
            print(f"| {n:,} | {peak / 2**20:.0f} | {growth:+.1%} | <= +{TARGET:.0%} ({ok}) | {wall:.0f} |")
        if args.profile:
            profile(args.profile, tmp / "profile")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

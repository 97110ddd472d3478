"""Export throughput (records per second) per format, and peak memory as the dataset grows.

A run directory of realistic multi-turn episodes (from the Library test environment: 2-3 turns,
parallel calls, tool errors, reasoning, miss_func / miss_param / error_recovery variants; ~7 KB
of JSON each, tool specs included) is replicated to the largest size, then each format exports
the first N episodes in a fresh subprocess, so its peak RSS is its own. Memory is flat when the
peak at 100k equals the peak at 10k.

Target: >= 20,000 records/s for the JSONL formats (openai, sharegpt, hermes, bfcl; hf writes
Parquet too and is reported beside). ``--no-orjson`` measures the standard-library fallback.

Run: ``python benchmarks/export.py [--sizes 10000,50000,100000] [--formats openai,hf,...] [--per turn]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JSONL_FORMATS = {"openai", "sharegpt", "hermes", "bfcl"}
TARGET = 20_000


def build_run(path: Path, n: int, distinct: int = 50) -> Path:
    """A run directory of ``n`` episodes: ``distinct`` real ones, copied under new ids and seeds."""
    sys.path.insert(0, str(ROOT / "tests" / "exporters"))
    from library_env import build_episode, write_run_dir

    from toolgym.exporters.io import dumps, loads

    base = [loads(build_episode(i).to_json()) for i in range(distinct)]
    write_run_dir(path, [], torn_tail=False)
    shard, per_shard = 0, 10_000
    f = None
    for i in range(n):
        if i % per_shard == 0:
            if f:
                f.close()
            f = open(path / f"episodes-{shard:05d}.jsonl", "w", encoding="utf-8")
            shard += 1
        ep = dict(base[i % distinct])
        ep["id"] = f"b{i:07d}"
        ep["seed"] = 1_000_000 + i
        f.write(dumps(ep) + "\n")
    if f:
        f.close()
    return path


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(fmt: str, size: int, run: str, out: str, per: str) -> None:
    from toolgym.exporters import ExportOptions, export, get_format
    from toolgym.exporters.io import HAVE_ORJSON, iter_run

    opts = ExportOptions(per=per, splits=dict(get_format(fmt).default_splits))
    if fmt == "hf":
        import datasets  # noqa: F401 - count the import in the baseline, not the growth
        import pyarrow  # noqa: F401
    base = rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    res = export(itertools.islice(iter_run(run), size), fmt, out, opts, validate=False, plots=False)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0]
    print(json.dumps({"episodes": res.episodes, "records": res.total, "seconds": dt, "cpu": cpu, "base_mb": base, "peak_mb": peak, "orjson": HAVE_ORJSON, "load": load}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,50000,100000")
    ap.add_argument("--formats", default="openai,sharegpt,hermes,bfcl,hf")
    ap.add_argument("--per", default="conversation", choices=["conversation", "turn"])
    ap.add_argument("--run", default=None, help="use this run directory instead of building one")
    ap.add_argument("--no-orjson", action="store_true", help="measure the standard-library JSON fallback")
    ap.add_argument("--child", nargs=4, metavar=("FORMAT", "SIZE", "RUN", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        fmt, size, run, out = args.child
        child(fmt, int(size), run, out, args.per)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = args.formats.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="toolgym-bench-export-"))
    try:
        if args.run:
            run = Path(args.run)
        else:
            t0 = time.perf_counter()
            run = build_run(tmp / "run", max(sizes))
            print(f"built a run of {max(sizes):,} episodes ({sum(p.stat().st_size for p in run.glob('*.jsonl')) / 2**20:.0f} MB) in {time.perf_counter() - t0:.0f} s")
        env = dict(os.environ)
        if args.no_orjson:
            env["TOOLGYM_NO_ORJSON"] = "1"
        rows = []
        for fmt in formats:
            for size in sizes:
                out = tmp / f"out-{fmt}-{size}"
                cmd = [sys.executable, __file__, "--per", args.per, "--child", fmt, str(size), str(run), str(out)]
                proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
                if proc.returncode != 0:
                    print(proc.stderr[-2000:], file=sys.stderr)
                    raise SystemExit(f"{fmt} at {size} failed")
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                rows.append((fmt, size, r))
                shutil.rmtree(out, ignore_errors=True)
                print(f"  {fmt:<8} {size:>7,}: {r['records'] / r['cpu']:>9,.0f} records per CPU-second ({r['records'] / r['seconds']:,.0f}/s wall, load {r['load']:.1f}), peak {r['peak_mb']:.0f} MB", flush=True)
        json_lib = "stdlib json" if args.no_orjson else ("orjson" if rows and rows[0][2]["orjson"] else "stdlib json")
        print()
        print(f"Export throughput and memory ({args.per} records, {json_lib}, {os.cpu_count()} cores)")
        print()
        print("records/s is records per CPU-second of the exporting process (the machine is shared; wall-clock")
        print("figures and the 1-minute load average at the end of each run are beside it).")
        print()
        print("| format | episodes | records | records/s (CPU) | wall s | records/s (wall) | load | RSS before | peak RSS | target |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for fmt, size, r in rows:
            rps = r["records"] / r["cpu"]
            target = f">= {TARGET:,}: {'met' if rps >= TARGET else 'missed'}" if fmt in JSONL_FORMATS else "(Parquet + JSONL; no target)"
            print(f"| {fmt} | {r['episodes']:,} | {r['records']:,} | {rps:,.0f} | {r['seconds']:.1f} | {r['records'] / r['seconds']:,.0f} | {r['load']:.1f} | {r['base_mb']:.0f} MB | {r['peak_mb']:.0f} MB | {target} |")
        print()
        print("Memory is flat when a format's peak RSS at the largest size equals its peak at the smallest:")
        for fmt in formats:
            peaks = [r["peak_mb"] for f, _, r in rows if f == fmt]
            print(f"- {fmt}: peak {' -> '.join(f'{p:.0f}' for p in peaks)} MB for {' -> '.join(f'{s:,}' for s in sizes)} episodes")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

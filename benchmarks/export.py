"""Export throughput (records per second) per format, and peak memory as the dataset grows.

The input is real: ``toolgym synth`` (offline built-in roles, every built-in domain, seed 0) makes
a few hundred verified records once (``--base``; or pass ``--base-run DIR``), and their lines are
replicated byte for byte under new ids up to the largest size (~48 KB per line, 15-50 KB of it
the tool specs; multi-turn, parallel calls, tool errors, reasoning, every variant, composed
worlds). Each format then exports the first N episodes in a fresh subprocess, so its CPU time
and peak RSS are its own; memory is flat when the peak at 100k equals the peak at 10k.
Validation (reading the export back against the episodes) is a separate streamed pass,
measured separately at ``--validate-size`` episodes.

Beside them, the floor of the machine: reading the same input and writing it back unchanged, a
line at a time, with no JSON work at all. Target (issue 16): the JSONL formats (openai, sharegpt,
hermes, bfcl) at >= 50% of the floor's records per CPU-second, hf (which writes Parquet too)
within 2x of that (>= 25%). ``--no-orjson`` measures the standard-library fallback.

The machine is shared, so CPU time still varies with the load (the floor most: it is all memory
traffic). Each measurement is repeated ``--repeat`` times in rounds (floor, then every format,
then again), and the run with the least CPU time counts, for the floor as for the formats.

Run: ``python benchmarks/export.py [--sizes 10000,50000,100000] [--formats openai,hf,...] [--per turn] [--repeat 3]``
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
TARGET = 0.50  # of the floor's records per CPU-second, JSONL formats (issue 16)
TARGET_HF = 0.25  # hf: within 2x of the JSONL target


def synth_base(path: Path, records: int) -> Path:
    """A real run: ``records`` verified records from the synthesis pipeline (offline, seeded)."""
    from toolgym.synth.pipeline import load_config, synthesize

    synthesize(load_config(overrides={"records": records, "seed": 0, "out": str(path), "progress": False}))
    return path


def build_run(path: Path, n: int, base: Path) -> Path:
    """A run directory of ``n`` episodes: the lines of ``base`` repeated under new ids (bytes kept)."""
    from toolgym.fastjson import dumpb, loads
    from toolgym.runs import shard_paths

    lines = [line for p in shard_paths(base) for line in p.read_bytes().splitlines() if line.strip()]
    path.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "manifest.json"):
        if (base / name).exists():
            shutil.copy(base / name, path / name)
    shard, per_shard = 0, 10_000
    f = None
    for i in range(n):
        if i % per_shard == 0:
            if f:
                f.close()
            f = open(path / f"episodes-{shard:05d}.jsonl", "wb")
            shard += 1
        line = lines[i % len(lines)]
        new_id = f"b{i:07d}".encode()
        end = line.find(b'"', 7)
        if line.startswith(b'{"id":"') and b"\\" not in line[7:end]:
            line = line[:7] + new_id + line[end:]  # the pipeline's own bytes, only the id changed
        else:
            ep = loads(line)
            ep["id"] = new_id.decode()
            line = dumpb(ep)
        f.write(line + b"\n")
    if f:
        f.close()
    return path


def floor(run: str, size: int, out: str) -> dict:
    """Read ``size`` lines and write them back unchanged: the I/O every format pays at least."""
    from toolgym.runs import shard_paths

    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "copy.jsonl"), "wb") as g:
        buf: list[bytes] = []
        for p in shard_paths(run):
            with open(p, "rb", buffering=1 << 20) as f:
                for line in f:
                    buf.append(line)
                    n += 1
                    if len(buf) >= 64:
                        g.write(b"".join(buf))
                        buf.clear()
                    if n >= size:
                        break
            if n >= size:
                break
        g.write(b"".join(buf))
    return {"episodes": n, "records": n, "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0}


def peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited from the parent across exec)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(fmt: str, size: int, run: str, out: str, per: str, validate_size: int) -> None:
    from toolgym.exporters import ExportOptions, export, get_format, validate_export
    from toolgym.fastjson import HAVE_ORJSON
    from toolgym.runs import iter_records as iter_run

    if fmt == "floor":
        r = floor(run, size, out)
        r.update(base_mb=rss_mb(), peak_mb=peak_mb(), orjson=HAVE_ORJSON, load=os.getloadavg()[0])
        print(json.dumps(r))
        return
    opts = ExportOptions(per=per, splits=dict(get_format(fmt).default_splits))
    if fmt == "hf":
        import datasets  # noqa: F401 - count the import in the baseline, not the growth
        import pyarrow  # noqa: F401
    base = rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    res = export(itertools.islice(iter_run(run), size), fmt, out, opts, validate=False, plots=False)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = peak_mb()
    load = os.getloadavg()[0]
    r = {"episodes": res.episodes, "records": res.total, "skipped": res.skipped_count, "seconds": dt, "cpu": cpu, "base_mb": base, "peak_mb": peak, "orjson": HAVE_ORJSON, "load": load}
    if size == validate_size:
        c0 = time.process_time()
        report = validate_export(out, itertools.islice(iter_run(run), size))
        r["validate_cpu"] = time.process_time() - c0
        r["validate_ok"] = report.ok
    print(json.dumps(r))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,50000,100000")
    ap.add_argument("--formats", default="openai,sharegpt,hermes,bfcl,hf")
    ap.add_argument("--per", default="conversation", choices=["conversation", "turn"])
    ap.add_argument("--run", default=None, help="use this (already replicated) run directory instead of building one")
    ap.add_argument("--base", type=int, default=300, help="records to synthesize as the base of the replicated run")
    ap.add_argument("--base-run", default=None, help="replicate this run directory instead of synthesizing one")
    ap.add_argument("--validate-size", type=int, default=10_000, help="also time validation at this size (0: never)")
    ap.add_argument("--no-orjson", action="store_true", help="measure the standard-library JSON fallback")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement, in rounds; the least CPU time counts")
    ap.add_argument("--child", nargs=4, metavar=("FORMAT", "SIZE", "RUN", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        fmt, size, run, out = args.child
        child(fmt, int(size), run, out, args.per, args.validate_size)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = args.formats.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="toolgym-bench-export-"))
    try:
        if args.run:
            run = Path(args.run)
        else:
            t0 = time.perf_counter()
            base = Path(args.base_run) if args.base_run else synth_base(tmp / "base", args.base)
            n_base = sum(1 for p in base.glob("episodes-*.jsonl") for line in p.open("rb") if line.strip())
            print(f"base: {n_base} synthesized records in {base} ({time.perf_counter() - t0:.0f} s)", flush=True)
            t0 = time.perf_counter()
            run = build_run(tmp / "run", max(sizes), base)
            mb = sum(p.stat().st_size for p in run.glob("*.jsonl")) / 2**20
            print(f"built a run of {max(sizes):,} episodes ({mb:,.0f} MB, {mb * 1024 / max(sizes):.0f} KB per episode) in {time.perf_counter() - t0:.0f} s", flush=True)
        env = dict(os.environ)
        if args.no_orjson:
            env["TOOLGYM_NO_ORJSON"] = "1"
        best: dict[tuple[str, int], dict] = {}
        validated: dict[tuple[str, int], dict] = {}
        for round_ in range(max(1, args.repeat)):
            for fmt in ["floor", *formats]:
                for size in sizes:
                    out = tmp / f"out-{fmt}-{size}"
                    cmd = [sys.executable, __file__, "--per", args.per, "--validate-size", str(args.validate_size if round_ == 0 else 0),
                           "--child", fmt, str(size), str(run), str(out)]
                    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
                    if proc.returncode != 0:
                        print(proc.stderr[-2000:], file=sys.stderr)
                        raise SystemExit(f"{fmt} at {size} failed")
                    r = json.loads(proc.stdout.strip().splitlines()[-1])
                    shutil.rmtree(out, ignore_errors=True)
                    print(f"  {fmt:<8} {size:>7,}: {r['records'] / r['cpu']:>9,.0f} records per CPU-second ({r['records'] / r['seconds']:,.0f}/s wall, load {r['load']:.1f}), peak {r['peak_mb']:.0f} MB", flush=True)
                    if "validate_cpu" in r:  # timed in the first round only
                        validated[(fmt, size)] = {"validate_cpu": r.pop("validate_cpu"), "validate_ok": r.pop("validate_ok")}
                    if (fmt, size) not in best or r["cpu"] < best[(fmt, size)]["cpu"]:
                        best[(fmt, size)] = r
        rows = [(fmt, size, {**best[(fmt, size)], **validated.get((fmt, size), {})}) for fmt in ["floor", *formats] for size in sizes]
        json_lib = "stdlib json" if args.no_orjson else ("orjson" if rows and rows[0][2]["orjson"] else "stdlib json")
        print()
        print(f"Export throughput and memory ({args.per} records, {json_lib}, {os.cpu_count()} cores)")
        print()
        print("records/s is records per CPU-second of the exporting process, the best of "
              f"{max(1, args.repeat)} run(s) in rounds (the machine is shared; wall-clock")
        print("figures and the 1-minute load average at the end of that run are beside it). % of floor: records/s over the")
        print("floor's records/s at the same size.")
        print()
        print("| format | episodes | records | records/s (CPU) | % of floor | wall s | records/s (wall) | load | RSS before | peak RSS | target |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for fmt, size, r in rows:
            rps = r["records"] / r["cpu"]
            fl = best[("floor", size)]
            pct = rps / (fl["records"] / fl["cpu"])
            if fmt == "floor":
                target = "(I/O floor: copy lines, no JSON)"
            else:
                goal = TARGET if fmt in JSONL_FORMATS else TARGET_HF
                target = f">= {goal:.0%} of floor: {'met' if pct >= goal else 'missed'}"
            print(f"| {fmt} | {r['episodes']:,} | {r['records']:,} | {rps:,.0f} | {pct:.0%} | {r['seconds']:.1f} | {r['records'] / r['seconds']:,.0f} | {r['load']:.1f} | {r['base_mb']:.0f} MB | {r['peak_mb']:.0f} MB | {target} |")
        checked = [(fmt, size, r) for fmt, size, r in rows if "validate_cpu" in r]
        if checked:
            print()
            print("Validation (a separate streamed pass: every record read back and compared with its episode):")
            print()
            print("| format | episodes | records | validated records/s (CPU) | OK |")
            print("|---|---:|---:|---:|---|")
            for fmt, _size, r in checked:
                print(f"| {fmt} | {r['episodes']:,} | {r['records']:,} | {r['records'] / r['validate_cpu']:,.0f} | {r['validate_ok']} |")
        print()
        print("Memory is flat when a format's peak RSS at the largest size equals its peak at the smallest:")
        for fmt in formats:
            peaks = [r["peak_mb"] for f, _, r in rows if f == fmt]
            print(f"- {fmt}: peak {' -> '.join(f'{p:.0f}' for p in peaks)} MB for {' -> '.join(f'{s:,}' for s in sizes)} episodes")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

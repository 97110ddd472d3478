"""Import time of OpenAPI documents (``toolgym.envs.openapi.from_spec``), beside the target.

Each document is imported in a fresh process (no module or parse caches warm), ``--repeat``
times; the table gives the median wall time of the import (read + resolve + infer + tools with
their validators and language + registration), the time of the first reset (the seeded world),
operations, tools, resources and the per-operation cost. The issue's target: a 500-operation
document imports in under 10 s. Peers: StableToolBench and FastMCP.from_openapi import no
state at all (a cache or a proxy), so there is no stateful import time to compare with.

Run: ``python benchmarks/openapi_import.py [--repeat 3] [DOC ...]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "openapi", "data")
DEFAULT = [os.path.join(DATA, "digitalocean", "digitalocean.json"), os.path.join(DATA, "swagger-petstore-v3.yaml"),
           os.path.join(DATA, "openapi-core-petstore.yaml"), os.path.join(DATA, "petstore-v3.1.yaml")]
TARGET_S = 10.0

_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from toolgym.envs.openapi import from_spec
t1 = time.perf_counter()
cls = from_spec(sys.argv[1], env_id="bench/Doc-v0")
t2 = time.perf_counter()
env = cls()
env.reset(seed=0)
t3 = time.perf_counter()
plan = cls.plan
print(json.dumps({"import_s": t2 - t1, "module_s": t1 - t0, "reset_s": t3 - t2, "tools": len(cls._tooldefs),
                  "operations": sum(o.op_id != "(synthesized)" for o in plan.operations) + len(plan.skipped),
                  "skipped": len(plan.skipped), "resources": len(plan.resources), "title": plan.title}))
"""


def measure(doc: str, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _CHILD, doc], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    r = dict(runs[0])
    for k in ("import_s", "module_s", "reset_s"):
        r[k] = statistics.median(x[k] for x in runs)
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", nargs="*", default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [(os.path.basename(d), measure(d, args.repeat)) for d in args.docs]
    if args.json:
        print(json.dumps({n: r for n, r in rows}, indent=1))
        return
    print(f"{'document':<30}{'ops':>6}{'tools':>7}{'skipped':>9}{'resources':>11}{'import s':>10}{'ms/op':>8}{'reset ms':>10}{'target':>9}")
    for n, r in rows:
        per = 1000 * r["import_s"] / max(1, r["operations"])
        target = f"< {TARGET_S:.0f} s" if r["operations"] >= 500 else "-"
        print(f"{n:<30}{r['operations']:>6}{r['tools']:>7}{r['skipped']:>9}{r['resources']:>11}{r['import_s']:>10.2f}{per:>8.2f}"
              f"{1000 * r['reset_s']:>10.1f}{target:>9}")
    print(f"(median of {args.repeat} fresh processes; import = read, resolve, infer, build the tools; the module import is not counted)")


if __name__ == "__main__":
    main()

"""The attack of issue 12, as a script: fuzz every registered environment and count broken promises.

For each environment (the 12 built-in domains and the 5 registered combinations, or ``--env``),
``toolgym.envs.fuzz.fuzz`` sends seeded hostile actions (non-finite and huge numbers, lone
surrogates, nesting 10,000 deep, 1-10 MB payloads, enormous and unknown tool names, garbage,
parallel mixes of all of these, a share of episodes in task mode) and checks after every action:

* exceptions out of ``step``                        target 0
* states changed by rejected actions                target 0 (state hash always; whole snapshot for
                                                    ``--full-share`` of the rejected actions)
* observations outside ``observation_space``        target 0
* observations that are not standard JSON           target 0

The issue's attack found 580 + 51 + 16 exceptions and 7 tools poisoning the world with NaN.

Run: ``python benchmarks/fuzz.py [--actions 102000] [--seed 0] [--env ID ...] [--full-share 0.1] [--json FILE]``
Exit status 1 when any check failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter

from toolgym.envs.fuzz import CHECKS, fuzz
from toolgym.envs.registry import list_envs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--actions", type=int, default=102_000, help="actions in total, spread evenly over the envs (default 102,000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--env", action="append", metavar="ID", help="environments (default: every built-in and combination)")
    ap.add_argument("--full-share", type=float, default=0.1, help="share of rejected actions compared by whole snapshot")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = ap.parse_args(argv)
    envs = args.env or [e.id for e in list_envs() if e.source == "builtin"]
    per = -(-args.actions // len(envs))
    rows = []
    total: Counter = Counter()
    t0 = time.perf_counter()
    print(f"{'environment':<30}{'actions':>9}{'calls':>9}{'rejected':>10}{'full':>7}{'subset':>8}"
          + "".join(f"{c:>18}" for c in CHECKS) + f"{'s':>7}", flush=True)
    for i, env_id in enumerate(envs):
        r = fuzz(env_id, actions=per, seed=args.seed + i, full_check_share=args.full_share)
        rows.append({"env": env_id, "actions": r.actions, "calls": r.calls, "ok_calls": r.ok_calls,
                     "rejected_calls": r.rejected_calls, "rejected_actions": r.rejected_actions,
                     "full_checks": r.full_checks, "subset_checks": r.subset_checks, "seconds": round(r.seconds, 1),
                     "kinds": dict(r.kinds), **{c: r.counts.get(c, 0) for c in CHECKS},
                     "failures": [str(f) for f in r.failures[:10]]})
        for k in ("actions", "calls", "ok_calls", "rejected_calls", "rejected_actions", "full_checks", "subset_checks"):
            total[k] += getattr(r, k)
        for c in CHECKS:
            total[c] += r.counts.get(c, 0)
        print(f"{env_id:<30}{r.actions:>9,}{r.calls:>9,}{r.rejected_actions:>10,}{r.full_checks:>7,}{r.subset_checks:>8,}"
              + "".join(f"{r.counts.get(c, 0):>18}" for c in CHECKS) + f"{r.seconds:>7.0f}", flush=True)
        for f in r.failures[:5]:
            print(f"    {f}", flush=True)
    secs = time.perf_counter() - t0
    print(f"{'total':<30}{total['actions']:>9,}{total['calls']:>9,}{total['rejected_actions']:>10,}{total['full_checks']:>7,}"
          f"{total['subset_checks']:>8,}" + "".join(f"{total[c]:>18}" for c in CHECKS) + f"{secs:>7.0f}")
    print(f"{'target':<30}{'>= 100,000':>9}{'':>34}" + "".join(f"{0:>18}" for _ in CHECKS))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"seed": args.seed, "full_share": args.full_share, "total": dict(total), "seconds": round(secs, 1),
                       "envs": rows}, f, indent=2)
    return 1 if any(total[c] for c in CHECKS) else 0


if __name__ == "__main__":
    sys.exit(main())

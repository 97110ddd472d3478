"""BFCL's ground truth replayed through the wrapped environments beside BFCL's own executor.

Prints, per category, how many entries give the same results and end states in both, the calls
replayed, and every mismatch with its cause. Needs bfcl-eval (``pip install --no-deps bfcl-eval``).

Run: ``python benchmarks/bfcl_replay.py [--category multi_turn_base ...]``
"""

from __future__ import annotations

import argparse
import time

from toolgym.envs.bfcl import replay_all


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--category", action="append", default=None)
    args = ap.parse_args()
    cats = args.category or ["multi_turn_base"]
    print(f"{'category':<28}{'entries':>8}{'same':>7}{'calls':>8}{'seconds':>9}")
    for cat in cats:
        t = time.perf_counter()
        rs = replay_all(cat)
        dt = time.perf_counter() - t
        print(f"{cat:<28}{len(rs):>8}{sum(r.ok for r in rs):>7}{sum(r.calls for r in rs):>8}{dt:>9.1f}")
        for r in rs:
            for m in r.mismatches:
                print(f"  {r.entry}: {m[:220]}")


if __name__ == "__main__":
    main()

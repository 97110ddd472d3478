"""The cost of one ``world.rng(purpose)`` stream, beside a world build and the seeding floor.

Domains used to draw everything from one ``world.rng("world")`` stream because "each world.rng
costs ~15 us". This measures the stream as it was (``random.Random(derive_seed(...))`` through
the JSON-canonical hash) and as it is (``toolgym.envs.world``), the floor (seeding a Mersenne
Twister from an int, which no stream with the same bytes can avoid), numpy's
``default_rng(seed)`` as a peer, and one fresh world build per built-in domain (no world cache),
so a stream per purpose can be weighed against what a build costs anyway. Both stream versions
are checked to give the same numbers first.

Run: ``python benchmarks/world_rng.py [--number 20000]``
"""

from __future__ import annotations

import _random
import argparse
import random
import timeit
from collections.abc import Callable

import numpy as np

import toolgym
from toolgym.canonical import stable_hash
from toolgym.envs.world import World, derive_seed

DOMAINS = ("Banking", "Calculator", "FileSystem", "Messaging", "Office", "Retail", "SmartHome", "Social", "Support",
           "Trading", "Travel", "Vehicle")
TARGET_SHARE = 0.01  # the right-hand table: how many streams cost 1% of a domain's build


def _old_rng(seed: int, *purpose: object) -> random.Random:
    # world.rng before this change, verbatim: derive_seed through the JSON encoder and a hex
    # digest parsed back, then Random(seed).
    return random.Random(int(stable_hash([str(p) for p in (seed, *purpose)], length=8), 16) >> 1)


def _best_us(fn: Callable[[], object], number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--number", type=int, default=20_000)
    n = ap.parse_args().number

    w = World("bench", 123_456_789)
    for purpose in (("banking", "world"), ("social", "ids", 7), ("x", "ünïcode \"q\"")):
        a, b = _old_rng(w.seed, *purpose), w.rng(*purpose)
        assert a.getstate() == b.getstate() and [a.random() for _ in range(9)] == [b.random() for _ in range(9)]
    seed = derive_seed(w.seed, "banking", "world")
    twister = random.Random(0)
    rows = [
        ("world.rng, before (derive_seed via stable_hash)", _best_us(lambda: _old_rng(w.seed, "banking", "world"), n)),
        ("world.rng, now", _best_us(lambda: w.rng("banking", "world"), n)),
        ("derive_seed alone, now", _best_us(lambda: derive_seed(w.seed, "banking", "world"), n)),
        ("floor: seeding a Mersenne Twister once", _best_us(lambda: _random.Random.seed(twister, seed), n)),
        ("peer: numpy.random.default_rng(seed)", _best_us(lambda: np.random.default_rng(seed), n)),
    ]
    builds = []
    for d in DOMAINS:
        env = toolgym.make(f"toolgym/{d}-v0")
        env.cache_worlds = False
        env.reset(seed=1)  # warm the per-process pools, as every build after the first finds them
        builds.append((d, _best_us(lambda env=env: env.reset(seed=2), 5)))
    cheapest = min(us for _, us in builds)
    floor = rows[3][1]
    # The target: the floor. A stream with the same bytes must seed a Mersenne Twister from the
    # derived int, so what is left to win is what world.rng adds to that seeding.
    print(f"| what | us per call | x the floor (target: 1x) | share of the cheapest world build ({cheapest / 1000:.2f} ms) |")
    print("|---|---:|---:|---:|")
    for name, us in rows:
        print(f"| {name} | {us:.2f} | {us / floor:.2f} | {us / cheapest:.1%} |")
    print()
    print("| domain | fresh world build, ms | streams for 1% of it |")
    print("|---|---:|---:|")
    now = rows[1][1]
    for d, us in builds:
        print(f"| {d} | {us / 1000:.2f} | {int(us * TARGET_SHARE / now)} |")


if __name__ == "__main__":
    main()

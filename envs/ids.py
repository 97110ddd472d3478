"""Internal ids for built-in worlds: distinct, seeded, and not guessable from names or order.

Two ways, both without retry loops:

* :func:`permuted_ids`: a random odd multiplier and an xor mask drawn from the world's RNG are a
  bijection of the ``4 * width``-bit numbers, so ``n`` ids come out distinct in one pass.
* :func:`pool_ids`: a seeded slice of a pool of 65,536 scrambled hex strings built once per
  process (the pool depends only on its namespace, so it is the same in every process).
"""

from __future__ import annotations

import functools
import random
from typing import Any

from .world import derive_seed

__all__ = ["permuted_ids", "pool_ids", "pool_slice", "scrambled_hex"]

_POOL = 1 << 16


def permuted_ids(rng: Any, prefix: str, n: int, width: int = 6) -> list[str]:
    """``n`` distinct ids like ``P3f9a1c`` (``width`` hex digits after the prefix)."""
    bits = 4 * width
    top = (1 << bits) - 1
    mul, mask = rng.getrandbits(bits) | 1, rng.getrandbits(bits)
    fmt = f"{prefix}%0{width}x"
    return [fmt % (((i * mul) & top) ^ mask) for i in range(1, n + 1)]


@functools.cache
def scrambled_hex(namespace: tuple[Any, ...], width: int = 7) -> tuple[str, ...]:
    """65,536 distinct hex strings of ``width`` digits in an order seeded by ``namespace``."""
    bits = 4 * width
    mask = (1 << bits) - 1
    rng = random.Random(derive_seed(*namespace))
    a, b, c = rng.getrandbits(bits) | 1, rng.getrandbits(bits), rng.getrandbits(bits) | 1
    fmt = f"%0{width}x"
    out = []
    for i in range(_POOL):
        x = (a * i + b) & mask
        x ^= x >> (bits // 2)
        out.append(fmt % ((x * c) & mask))
    return tuple(out)


def pool_slice(prefix: str, namespace: tuple[Any, ...], start: int, n: int, width: int = 7) -> list[str]:
    """The ``n`` ids at positions ``start``... of the namespace's pool (fixed ids: a world's
    shared rows, which every seed has; :func:`pool_ids` draws the per-world ones past them)."""
    return list(map(prefix.__add__, scrambled_hex(namespace, width)[start : start + n]))


def pool_ids(rng: Any, prefix: str, n: int, namespace: tuple[Any, ...], width: int = 7, reserved: int = 0) -> list[str]:
    """``n`` distinct ids: a slice, at a seeded offset at or past ``reserved``, of the namespace's
    scrambled pool (``reserved``: the head :func:`pool_slice` hands out as fixed ids)."""
    return pool_slice(prefix, namespace, rng.randrange(reserved, _POOL - n), n, width)

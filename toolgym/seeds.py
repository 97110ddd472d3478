"""Seeds derived from parts: one stream per purpose, and streams for different purposes never collide.

In the core because every wing derives seeds (worlds and value pools in ``envs``, schedules and
exploration in ``synth``); keeping it beside the world made ``world -> persona -> pools -> world``
a cycle.
"""

from __future__ import annotations

import hashlib
from json.encoder import encode_basestring_ascii as _json_str
from typing import Any

__all__ = ["derive_seed"]


def derive_seed(*parts: Any) -> int:
    """A 63-bit seed from any parts; streams for different purposes never collide."""
    # = int(stable_hash([str(p) for p in parts], length=8), 16) >> 1, the canonical JSON of a
    # list of strings written directly (half the cost; tests/envs/test_world_rng.py holds them equal)
    key = "[" + ",".join([_json_str(str(p)) for p in parts]) + "]"
    return int.from_bytes(hashlib.blake2b(key.encode("ascii"), digest_size=8).digest(), "big") >> 1

"""Seeds derived from parts: one stream per purpose, and streams for different purposes never collide.

In the core because every wing derives seeds (worlds and value pools in ``envs``, schedules and
exploration in ``synth``); keeping it beside the world made ``world -> persona -> pools -> world``
a cycle.
"""

from __future__ import annotations

from typing import Any

from toolgym.canonical import stable_hash

__all__ = ["derive_seed"]


def derive_seed(*parts: Any) -> int:
    """A 63-bit seed from any parts; streams for different purposes never collide."""
    return int(stable_hash([str(p) for p in parts], length=8), 16) >> 1

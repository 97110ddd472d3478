"""Canonical JSON and hashing: one byte form per value, so equal states hash equally."""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = ["canonical_json", "stable_hash", "dumps_ascii"]

_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode
_ascii = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, ASCII only, NaN refused: the byte form we hash."""
    return _canonical(value)


def dumps_ascii(value: Any) -> str:
    """Compact ASCII JSON, keys in insertion order (observations, actions)."""
    return _ascii(value)


def stable_hash(value: Any, *, length: int = 16) -> str:
    """A short hex digest of the canonical JSON of ``value``."""
    return hashlib.blake2b(_canonical(value).encode("ascii"), digest_size=length).hexdigest()

"""JSON for episode lines and export records: ``orjson`` (a dependency), the standard library as a fallback.

Both write compact separators, UTF-8 text unescaped, keys in insertion order, and the same
spelling of strings, integers and nearly every float (a test checks this on real episodes);
``orjson`` is about 5x faster here. They differ in one thing: floats of magnitude between 1e-10
and 1e-4 (orjson ``0.00001`` and ``1e-7``, the standard library ``1e-05`` and ``1e-07``; the same
numbers, read back equal). ``orjson`` is therefore a dependency, so every install writes the same
bytes; the fallback (``TOOLGYM_NO_ORJSON=1``, or a platform without an orjson wheel) is for
measuring, and its runs are byte-identical to each other, not to orjson's when such a float occurs.
"""

from __future__ import annotations

import json
import os
from typing import Any

__all__ = ["loads", "dumps", "dumps_std", "dumpb", "HAVE_ORJSON"]

try:  # a dependency; the standard library is the fallback (see the module docstring)
    if os.environ.get("TOOLGYM_NO_ORJSON"):  # measure or test the fallback
        raise ImportError("disabled by TOOLGYM_NO_ORJSON")
    import orjson as _orjson

    HAVE_ORJSON = True
except ImportError:
    _orjson = None  # type: ignore[assignment]
    HAVE_ORJSON = False

_std_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False, allow_nan=False).encode


def dumps_std(value: Any) -> str:
    """Compact JSON, UTF-8 text unescaped, keys in insertion order (the standard library)."""
    return _std_encode(value)


if _orjson is not None:
    _odumps = _orjson.dumps
    _oloads = _orjson.loads

    def dumps(value: Any) -> str:
        """Compact JSON, UTF-8 text unescaped, keys in insertion order."""
        try:
            return _odumps(value).decode("utf-8")
        except TypeError:  # ints past 64 bits and other values orjson refuses
            return _std_encode(value)

    def dumpb(value: Any) -> bytes:
        """:func:`dumps` as UTF-8 bytes (what files get; no round trip through str)."""
        try:
            return _odumps(value)
        except TypeError:
            return _std_encode(value).encode("utf-8")

    def loads(text: str | bytes) -> Any:
        """Decode JSON (``orjson``; the standard library for what orjson refuses)."""
        try:
            return _oloads(text)
        except _orjson.JSONDecodeError:
            return json.loads(text)  # raises the familiar ValueError when it is really bad

else:  # pragma: no cover
    dumps = dumps_std
    loads = json.loads

    def dumpb(value: Any) -> bytes:
        """:func:`dumps` as UTF-8 bytes."""
        return _std_encode(value).encode("utf-8")

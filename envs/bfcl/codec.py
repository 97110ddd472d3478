"""A BFCL instance's attributes as JSON data and back, so that its state lives in the world.

BFCL's classes keep their state in Python objects: dicts, lists, tuples, sets, ``datetime``s,
a ``random.Random`` and, in the file system, ``Directory``/``File`` objects whose ``parent``
points back up the tree. :func:`encode` writes such a value as JSON data (tagged forms for the
non-JSON types, ``$ref`` for an object met again, so cycles survive); :func:`decode` rebuilds it.
Objects are rebuilt only as classes of the allowed modules (BFCL's own), looked up by name
with ``getattr``: nothing is evaluated or imported from the data.

``File._last_modified`` is ``datetime.now()``, written and never read by any method: it is left
out (it would make the world differ between two runs) and comes back as a fixed time.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
from decimal import Decimal
from types import ModuleType
from typing import Any

__all__ = ["encode", "decode", "VOLATILE", "CodecError"]

VOLATILE = {"File": ("_last_modified",)}
_EPOCH = _dt.datetime(2024, 1, 1)


class CodecError(TypeError):
    """A value of a kind the codec does not know."""


def encode(value: Any, seen: dict[int, int] | None = None) -> Any:
    seen = {} if seen is None else seen
    t = type(value)
    if value is None or t in (bool, int, str):
        return value
    if t is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if t is list:
        return [encode(v, seen) for v in value]
    if t is tuple:
        return {"$tuple": [encode(v, seen) for v in value]}
    if t in (set, frozenset):
        items = [encode(v, seen) for v in value]
        return {"$set": sorted(items, key=lambda x: (type(x).__name__, repr(x)))}
    if t is dict:
        if all(type(k) is str and not k.startswith("$") for k in value):
            return {k: encode(v, seen) for k, v in value.items()}
        return {"$items": [[encode(k, seen), encode(v, seen)] for k, v in value.items()]}
    if t is _dt.datetime:
        return {"$datetime": value.isoformat()}
    if t is _dt.date:
        return {"$date": value.isoformat()}
    if t is _dt.time:
        return {"$time": value.isoformat()}
    if t is _dt.timedelta:
        return {"$timedelta": [value.days, value.seconds, value.microseconds]}
    if t is Decimal:
        return {"$decimal": str(value)}
    if isinstance(value, random.Random):
        version, state, gauss = value.getstate()
        return {"$random": [version, list(state), gauss]}
    if hasattr(value, "__dict__"):
        if id(value) in seen:
            return {"$ref": seen[id(value)]}
        seen[id(value)] = n = len(seen)
        skip = VOLATILE.get(t.__name__, ())
        return {"$obj": t.__name__, "$id": n,
                "attrs": {k: encode(v, seen) for k, v in vars(value).items() if k not in skip}}
    raise CodecError(f"cannot store a {t.__name__} in the world")


def decode(data: Any, modules: tuple[ModuleType, ...], made: dict[int, Any] | None = None) -> Any:
    made = {} if made is None else made
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(v, modules, made) for v in data]
    if not isinstance(data, dict):
        raise CodecError(f"unexpected {type(data).__name__} in stored state")
    if len(data) == 1:
        (k, v), = data.items()
        if k == "$float":
            return float(v)
        if k == "$tuple":
            return tuple(decode(x, modules, made) for x in v)
        if k == "$set":
            return {decode(x, modules, made) for x in v}
        if k == "$items":
            return {decode(a, modules, made): decode(b, modules, made) for a, b in v}
        if k == "$datetime":
            return _dt.datetime.fromisoformat(v)
        if k == "$date":
            return _dt.date.fromisoformat(v)
        if k == "$time":
            return _dt.time.fromisoformat(v)
        if k == "$timedelta":
            return _dt.timedelta(days=v[0], seconds=v[1], microseconds=v[2])
        if k == "$decimal":
            return Decimal(v)
        if k == "$random":
            r = random.Random()
            r.setstate((v[0], tuple(v[1]), v[2]))
            return r
        if k == "$ref":
            return made[v]
    if "$obj" in data and "attrs" in data:
        cls = _class(data["$obj"], modules)
        new: Any = cls.__new__  # the class's own allocator, without running __init__
        obj = new(cls)
        made[data["$id"]] = obj
        for name in VOLATILE.get(cls.__name__, ()):
            setattr(obj, name, _EPOCH)
        for name, v in data["attrs"].items():
            setattr(obj, name, decode(v, modules, made))
        return obj
    return {k: decode(v, modules, made) for k, v in data.items()}


def _class(name: str, modules: tuple[ModuleType, ...]) -> type[Any]:
    for m in modules:
        cls = getattr(m, name, None)
        if isinstance(cls, type) and cls.__module__ == m.__name__:
            return cls
    raise CodecError(f"stored state names a class {name!r} that none of {[m.__name__ for m in modules]} defines")

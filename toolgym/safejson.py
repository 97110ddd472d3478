"""Reading JSON nobody vouches for (actions, model replies): standard JSON only, bounded.

Python's ``json`` reads more than the standard (``NaN``, ``Infinity``, a ``1e309`` that becomes
``inf``, strings holding lone surrogates) and recurses once per nesting level, so a reply
10,000 brackets deep raises ``RecursionError`` from wherever it is parsed, printed or compared.
Here the nesting depth is measured *before* parsing (a count of brackets outside strings), the
non-standard constants are refused while parsing, and a decoded value can be checked the same
way (:func:`problem`) when it did not come from text.

Example:
    >>> loads('{"a": [1, 2]}')
    {'a': [1, 2]}
    >>> loads('[NaN]')
    Traceback (most recent call last):
    ...
    toolgym.safejson.UnsafeJSON: NaN is not standard JSON (numbers must be finite)
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

__all__ = ["MAX_DEPTH", "INT_LIMIT", "UnsafeJSON", "loads", "too_deep", "problem", "clip"]

MAX_DEPTH = 64  # arrays/objects inside each other; real tool arguments use fewer than 10
INT_LIMIT = 2**63  # integers a 64-bit consumer (orjson, Arrow, most languages) can hold

try:  # optional and faster; it refuses NaN, Infinity, overflowing numbers and lone surrogates itself
    from orjson import JSONDecodeError as _FastError
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover - orjson is an optional extra
    _fast_loads = None  # type: ignore[assignment]

# orjson reads integers past 64 bits as floats; json keeps them exact. Such texts go to json.
_LONG_INT = re.compile(r"\d{19}")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_STRING_B = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_BRACKETS = re.compile(r"[\[\]{}]")
_BRACKETS_B = re.compile(rb"[\[\]{}]")


class UnsafeJSON(ValueError):
    """Text that is JSON to Python but not to the standard, or nested beyond the bound."""


def too_deep(text: str | bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether ``text`` nests arrays/objects more than ``limit`` deep (brackets in strings aside).

    Linear and cheap: when the text holds no more than ``limit`` opening brackets at all, it
    cannot nest deeper, and nothing else is looked at.
    """
    if isinstance(text, (bytes, bytearray)):
        if text.count(b"[") + text.count(b"{") <= limit:
            return False
        steps = [_STEP[c[0]] for c in _BRACKETS_B.findall(_STRING_B.sub(b"", text))]
    else:
        if text.count("[") + text.count("{") <= limit:
            return False
        steps = [_STEP[ord(c)] for c in _BRACKETS.findall(_STRING.sub("", text))]
    return bool(steps) and max(accumulate(steps)) > limit


def _refuse_constant(name: str) -> Any:
    raise UnsafeJSON(f"{name} is not standard JSON (numbers must be finite)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise UnsafeJSON(f"the number {clip(text, 24)} is out of range (numbers must be finite)")
    return value


_std_decoder = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Decode standard JSON at most ``max_depth`` deep.

    Raises:
        ValueError: not JSON (``json.JSONDecodeError``), or :class:`UnsafeJSON`: nested too
            deep, ``NaN``/``Infinity``, a number out of the float range, a lone surrogate.
    """
    if too_deep(text, max_depth):
        raise UnsafeJSON(f"nested more than {max_depth} levels deep")
    if _fast_loads is not None:
        raw = text if isinstance(text, str) else bytes(text).decode("latin-1")
        if not _LONG_INT.search(raw):
            try:
                return _fast_loads(text)
            except _FastError:
                pass  # json's verdict (and message) stands
    s = text if isinstance(text, str) else bytes(text).decode("utf-8")
    value = _std_decoder.decode(s)
    why = problem(value, max_depth=max_depth)
    if why:
        raise UnsafeJSON(why)
    return value


def problem(value: Any, *, max_depth: int = MAX_DEPTH, where: str = "", max_chars: int | None = None) -> str | None:
    """Why ``value`` (decoded JSON data) is not standard, bounded JSON data, or None when it is.

    Checks, without recursion: nesting depth, finite floats, integers within 64 bits, strings
    and keys that are valid Unicode (no lone surrogates), and JSON types only (dict keys strings).
    ``where`` prefixes the place in the message (``"argument 'x'"``); ``max_chars`` bounds the
    characters of all strings and keys together (the size of a value that came as data, not text).

    It runs on every call of every tool, so the common leaves (ASCII strings, small numbers) are
    checked in place and the place of a problem is only spelled out when there is one.
    """
    chars = 0
    stack: list[tuple[Any, int, Any]] = [(value, 0, None)]
    pop = stack.pop
    push = stack.append
    while stack:
        v, depth, path = pop()
        t = type(v)
        if t is dict or t is list or t is tuple:
            if depth >= max_depth:
                return _where(where, path) + f"nested more than {max_depth} levels deep"
            d1 = depth + 1
            items = v.items() if t is dict else enumerate(v)
            for k, item in items:
                if t is dict:
                    if type(k) is not str:
                        return _where(where, path) + f"expected string keys, got {type(k).__name__}"
                    chars += len(k)
                    if not k.isascii() and not _valid_unicode(k):
                        return _where(where, path) + "a key that is not valid Unicode (it holds a lone surrogate)"
                ti = type(item)
                if ti is str:  # the common leaves, checked here rather than pushed
                    chars += len(item)
                    if item.isascii():
                        continue
                elif (ti is int and -INT_LIMIT <= item < INT_LIMIT) or ti is bool or item is None:
                    continue
                elif ti is float and item - item == 0.0:  # nan - nan and inf - inf are nan
                    continue
                push((item, d1, (path, k)))
            if max_chars is not None and chars > max_chars:
                return f"{_at(where)}more than {max_chars:,} characters of text"
            continue
        if t is str:
            if t is str and not v.isascii() and not _valid_unicode(v):
                return _where(where, path) + "a string that is not valid Unicode (it holds a lone surrogate)"
        elif t is float:
            if not math.isfinite(v):
                return _where(where, path) + f"{v!r} is not a finite number"
        elif t is int:
            if not -INT_LIMIT <= v < INT_LIMIT:
                return _where(where, path) + f"an integer of {_digits(v)} digits does not fit in 64 bits"
        elif v is None or t is bool:
            pass
        elif isinstance(v, dict):  # subclasses (OrderedDict, IntEnum...): checked as their base
            push((dict(v), depth, path))
        elif isinstance(v, (list, tuple)):
            push((list(v), depth, path))
        elif isinstance(v, bool):
            pass
        elif isinstance(v, int):
            push((int(v), depth, path))
        elif isinstance(v, float):
            push((float(v), depth, path))
        elif isinstance(v, str):
            push((str.__str__(v), depth, path))
        else:
            return _where(where, path) + f"expected JSON data, got {type(v).__name__}"
    if max_chars is not None and chars > max_chars:
        return f"{_at(where)}more than {max_chars:,} characters of text"
    return None


def _where(where: str, path: Any) -> str:
    """``where`` plus the place of a value (``'a'[1].b``), built only for a message."""
    keys = []
    while path is not None:
        path, k = path
        keys.append(k)
    text = where
    for k in reversed(keys):
        part = f"[{k}]" if isinstance(k, int) else (f".{clip(k, 40)}" if text else repr(clip(k, 40)))
        text += part
    return _at(text)


def _at(where: str) -> str:
    return f"{clip(where, 80)}: " if where else ""


def _digits(v: int) -> str:
    # str() of an int past 4,300 digits raises (CPython's guard against quadratic conversion)
    n = v.bit_length()
    return str(len(str(abs(v)))) if n < 14_000 else f"about {int(n * 0.30103):,}"


def _valid_unicode(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clip(text: str, n: int = 80) -> str:
    """``text`` cut to about ``n`` characters, saying how much was cut (echoes of input stay small)."""
    if len(text) <= n:
        return text
    return f"{text[:n]}...(+{len(text) - n} characters)"

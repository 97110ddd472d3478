"""Values from a JSON Schema: the seeded rows of an imported world, and results shaped by a
response schema.

A value is drawn from, in order: the schema's ``const``/``enum``; its ``examples`` (now and then,
so rows are not all alike); its ``format`` (email, uri, uuid, date, date-time, ipv4...); the
field's name (``firstName``, ``email``, ``city``, ``price``, ``description``... through the
Faker pools of :mod:`toolgym.envs.pools`, drawn once per process); its type and bounds. Every
draw takes the caller's seeded ``random.Random``: same seed, same world.
"""

from __future__ import annotations

import datetime as _dt
import re
import string
from collections.abc import Mapping
from random import Random
from typing import Any

from toolgym.envs.pools import pool

__all__ = ["gen_value", "shape", "MISSING", "fits"]

MISSING: Any = object()
_WORDS = {
    "first_name": ("firstname", "first_name", "givenname", "given_name", "forename"),
    "last_name": ("lastname", "last_name", "surname", "familyname", "family_name"),
    "city": ("city", "town"),
    "country": ("country",),
    "company": ("company", "organization", "organisation", "employer", "business_name"),
    "street_address": ("street", "address", "line1", "address1"),
    "color_name": ("color", "colour"),
    "phone_number": ("phone", "mobile", "telephone", "tel"),
    "job": ("job", "occupation", "position_title"),
    "sentence": ("description", "summary", "note", "notes", "comment", "message", "body", "text", "bio", "content", "reason", "memo",
                 "additionalmetadata", "caption", "about", "statement_descriptor"),
    "catch_phrase": ("title", "headline", "subject", "label"),
    "domain_name": ("domain", "hostname", "host"),
    "word": ("tag", "tags", "keyword", "category", "kind", "slug", "region", "size_slug", "nickname"),
}
_LOOKUP = {frag: p for p, frags in _WORDS.items() for frag in frags}
_CURRENCIES = ("usd", "eur", "gbp", "cad", "aud", "jpy")


def _low(name: str) -> str:
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _types(s: Mapping[str, Any]) -> list[str]:
    t = s.get("type")
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return [t] if isinstance(t, str) else []


def _main_type(s: Mapping[str, Any]) -> str | None:
    ts = [t for t in _types(s) if t != "null"]
    if ts:
        return ts[0]
    if "properties" in s:
        return "object"
    if "items" in s:
        return "array"
    if "enum" in s and s["enum"]:
        v = next((x for x in s["enum"] if x is not None), None)
        return {str: "string", bool: "boolean", int: "integer", float: "number"}.get(type(v))
    return None


def _merge(base: Mapping[str, Any], alt: Mapping[str, Any]) -> dict[str, Any]:
    """A oneOf/anyOf branch with the schema around it: properties and required of both."""
    out = {**base, **alt}
    if "properties" in base or "properties" in alt:
        out["properties"] = {**(base.get("properties") or {}), **(alt.get("properties") or {})}
    req = list(base.get("required") or []) + [r for r in alt.get("required") or [] if r not in (base.get("required") or [])]
    if req:
        out["required"] = req
    return out


def _alternative(s: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for k in ("oneOf", "anyOf"):
        alts = [a for a in s.get(k) or () if isinstance(a, Mapping) and _types(a) != ["null"]]
        if alts:
            base = {kk: v for kk, v in s.items() if kk not in ("oneOf", "anyOf")}
            return _merge(base, alts[0])
    return None


def _flat(s: Any) -> Any:
    """``allOf`` merged into the schema (later parts win where they conflict)."""
    if not isinstance(s, Mapping) or "allOf" not in s:
        return s
    from .document import merge_all_of

    merged = merge_all_of(s)
    if merged is not None:
        return merged
    out: dict[str, Any] = {k: v for k, v in s.items() if k != "allOf"}
    for part in s["allOf"]:
        part = _flat(part)
        if isinstance(part, Mapping):
            out = _merge(out, part)
    return out


def gen_value(name: str, s: Any, rng: Random, depth: int = 0) -> Any:
    """A plausible value for a field ``name`` of schema ``s``."""
    if not isinstance(s, Mapping):
        return rng.choice(pool("word"))
    s = _flat(s)
    if "const" in s:
        return s["const"]
    if s.get("enum"):
        vals = [v for v in s["enum"] if v is not None] or s["enum"]
        return rng.choice(vals)
    alt = _alternative(s)
    if alt is not None:
        return gen_value(name, alt, rng, depth)
    ex = [e for e in s.get("examples") or () if e is not None]
    t = _main_type(s)
    if ex and rng.random() < 0.3 and fits(ex[0], s):
        return rng.choice(ex)
    if t == "string":
        return _string(name, s, rng)
    if t == "integer":
        return _integer(name, s, rng)
    if t == "number":
        return _number(name, s, rng)
    if t == "boolean":
        return rng.random() < 0.5
    if t == "array":
        item = s.get("items") if isinstance(s.get("items"), Mapping) else {}
        lo = int(s.get("minItems", 1))
        hi = max(lo, min(int(s.get("maxItems", 3)), 3))
        if depth > 3:
            return [] if lo == 0 else [gen_value(name, item, rng, depth + 1) for _ in range(lo)]
        n = rng.randint(lo, hi)
        out: list[Any] = []
        for _ in range(n):
            v = gen_value(_singular(name), item, rng, depth + 1)
            if v not in out or not isinstance(v, (str, int)):
                out.append(v)
        return out if len(out) >= lo else out + [gen_value(name, item, rng, depth + 1) for _ in range(lo - len(out))]
    if t == "object":
        props = s.get("properties") or {}
        if not props:
            extra = s.get("additionalProperties")
            if isinstance(extra, Mapping) and extra and depth < 3:
                return {rng.choice(pool("word")) + str(i): gen_value("value", extra, rng, depth + 1) for i in range(rng.randint(1, 3))}
            return {}
        req = set(s.get("required") or ())
        out_o: dict[str, Any] = {}
        for k, ps in props.items():
            if k in req or (depth < 2 and rng.random() < 0.8) or (depth >= 2 and rng.random() < 0.3):
                if isinstance(ps, Mapping) and ps.get("writeOnly"):
                    continue
                v = gen_value(k, ps, rng, depth + 1)
                if k in req or fits(v, ps):  # an optional field no value can satisfy is left out
                    out_o[k] = v
        return out_o
    if "null" in _types(s):
        return None
    return rng.choice(pool("word"))


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") and len(name) > 3 else name


def _string(name: str, s: Mapping[str, Any], rng: Random) -> str:
    fmt = str(s.get("format") or "")
    low = _low(name)
    lo, hi = int(s.get("minLength", 0)), int(s.get("maxLength", 10_000))
    v = _by_format(fmt, low, rng)
    if v is None:
        v = _by_name(low, rng)
    if v is None:
        v = rng.choice(pool("word"))
    if "pattern" in s and not _matches(s["pattern"], v):
        ex = [e for e in s.get("examples") or () if isinstance(e, str) and _matches(s["pattern"], e)]
        v = rng.choice(ex) if ex else _pattern_guess(s["pattern"], rng) or v
    if len(v) > hi:
        v = v[:hi]
    while len(v) < lo:
        v += rng.choice(string.ascii_lowercase)
    return v


def _matches(pattern: str, v: str) -> bool:
    try:
        return re.search(pattern, v) is not None
    except re.error:
        return True


def _pattern_guess(pattern: str, rng: Random) -> str | None:
    """A string matching ``pattern``, generated from its parse tree (``re``'s own parser):
    literals, classes, repeats (kept short), groups, alternatives. None when it cannot."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python < 3.11
        import sre_parse
    try:
        tree = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - a pattern Python cannot read: no guess
        return None
    for _ in range(8):
        try:
            out = _gen_tokens(list(tree), rng, 0)
        except _NoGen:
            return None
        if _matches(pattern, out):
            return out
    return None


class _NoGen(Exception):
    pass


_CATS = {"CATEGORY_DIGIT": string.digits, "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
         "CATEGORY_SPACE": " ", "CATEGORY_NOT_DIGIT": string.ascii_letters, "CATEGORY_NOT_WORD": "-.",
         "CATEGORY_NOT_SPACE": string.ascii_letters}


def _gen_tokens(tokens: list[Any], rng: Random, depth: int) -> str:
    if depth > 20:
        raise _NoGen()
    out = []
    for op, av in tokens:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(av) != "a" else "b")
        elif name == "ANY":
            out.append(rng.choice(string.ascii_lowercase))
        elif name == "IN":
            out.append(_gen_class(av, rng))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            hi = min(hi, lo + 3) if str(hi) != "MAXREPEAT" and hi < 10**6 else lo + 3
            n = rng.randint(lo, max(lo, hi))
            out.append("".join(_gen_tokens(list(sub), rng, depth + 1) for _ in range(n)))
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            sub = av[-1] if name == "SUBPATTERN" else av
            out.append(_gen_tokens(list(sub), rng, depth + 1))
        elif name == "BRANCH":
            out.append(_gen_tokens(list(rng.choice(av[1])), rng, depth + 1))
        elif name in ("AT",):
            continue
        elif name == "CATEGORY":
            out.append(rng.choice(_CATS.get(str(av), "a")))
        else:
            raise _NoGen()
    return "".join(out)


def _gen_class(items: list[Any], rng: Random) -> str:
    chars: list[str] = []
    negate = False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            chars.append(chr(av))
        elif name == "RANGE":
            lo, hi = av
            chars.extend(chr(c) for c in range(lo, min(hi, lo + 60) + 1))
        elif name == "CATEGORY":
            chars.extend(_CATS.get(str(av), "a"))
    if negate:
        pool = [c for c in string.ascii_letters + string.digits if c not in chars]
        return rng.choice(pool or ["x"])
    if not chars:
        raise _NoGen()
    return rng.choice(chars)


def _by_format(fmt: str, low: str, rng: Random) -> str | None:
    if fmt == "email" or low.endswith("email"):
        return f"{rng.choice(pool('first_name')).lower()}.{rng.choice(pool('last_name')).lower()}@{rng.choice(pool('domain_name'))}"
    if fmt in ("uri", "url", "uri-reference", "iri") or low.endswith(("url", "uri", "link", "href", "website")) or "photo" in low or "image" in low:
        return f"https://{rng.choice(pool('domain_name'))}/{rng.choice(pool('word'))}"
    if fmt == "uuid" or low == "uuid" or low.endswith("_uuid"):
        a, b, c, d, e = (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), 0x8000 | rng.getrandbits(14),
                         rng.getrandbits(48))
        return f"{a:08x}-{b:04x}-4{c:03x}-{d:04x}-{e:012x}"
    if fmt == "date" or low in ("date", "birthday", "dob") or low.endswith("_date") and fmt != "date-time":
        return (_dt.date(2025, 1, 1) + _dt.timedelta(days=rng.randrange(365))).isoformat()
    if fmt == "date-time" or low.endswith(("_at", "time", "date")) or low in ("created", "updated", "timestamp"):
        day = _dt.date(2025, 1, 1) + _dt.timedelta(days=rng.randrange(365))
        return f"{day.isoformat()}T{rng.randrange(24):02d}:{rng.choice((0, 15, 30, 45)):02d}:00Z"
    if fmt == "time":
        return f"{rng.randrange(24):02d}:{rng.choice((0, 15, 30, 45)):02d}:00"
    if fmt == "ipv4" or low in ("ip", "ip_address", "ipv4"):
        return f"{rng.randint(10, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if fmt == "ipv6":
        return ":".join(f"{rng.getrandbits(16):x}" for _ in range(8))
    if fmt == "hostname":
        return rng.choice(pool("domain_name"))
    if fmt == "byte":
        import base64

        return base64.b64encode(rng.choice(pool("word")).encode()).decode()
    if fmt == "binary":
        return f"{rng.choice(pool('file_stem'))}.png"
    if fmt == "password" or "password" in low:
        return "".join(rng.choices("abcdefghijkmnpqrstuvwxyz23456789", k=10))
    return None


def _by_name(low: str, rng: Random) -> str | None:
    if low in ("username", "user_name", "login", "handle"):
        return rng.choice(pool("first_name")).lower() + str(rng.randint(1, 99))
    if low in ("name", "full_name", "display_name") or low.endswith("_name") and low not in _LOOKUP:
        if any(w in low for w in ("first", "last", "given", "family")):
            pass
        elif low in ("name", "display_name"):
            return rng.choice(pool("first_name"))
        else:
            return f"{rng.choice(pool('first_name'))} {rng.choice(pool('last_name'))}"
    if low in ("currency",) or low.endswith("_currency"):
        return rng.choice(_CURRENCIES)
    if low in ("status", "state"):
        return rng.choice(("active", "pending", "inactive"))
    if low in ("zip", "zip_code", "postal_code", "postcode"):
        return f"{rng.randint(10000, 99999)}"
    for frag, p in _LOOKUP.items():
        if frag == low or low.endswith("_" + frag) or low.startswith(frag + "_"):
            return rng.choice(pool(p))
    return None


def _bounded(s: Mapping[str, Any], lo: float, hi: float) -> tuple[float, float]:
    if "minimum" in s:
        lo = max(lo, s["minimum"]) if s["minimum"] <= hi else s["minimum"]
    if "exclusiveMinimum" in s and isinstance(s["exclusiveMinimum"], (int, float)):
        lo = max(lo, s["exclusiveMinimum"] + 1)
    if "maximum" in s:
        hi = min(hi, s["maximum"])
    if "exclusiveMaximum" in s and isinstance(s["exclusiveMaximum"], (int, float)):
        hi = min(hi, s["exclusiveMaximum"] - 1)
    if hi < lo:
        hi = lo
    return lo, hi


def _integer(name: str, s: Mapping[str, Any], rng: Random) -> int:
    low = _low(name)
    if any(w in low for w in ("price", "amount", "cost", "balance", "total", "fee")):
        lo, hi = 100, 50_000
    elif any(w in low for w in ("quantity", "count", "qty", "number_of", "size", "limit", "page")):
        lo, hi = 1, 20
    elif "year" in low:
        lo, hi = 2015, 2025
    elif "age" in low:
        lo, hi = 1, 15
    elif low == "id" or low.endswith("_id"):
        lo, hi = 1, 99_999
    else:
        lo, hi = 0, 100
    a, b = _bounded(s, lo, hi)
    v = rng.randint(int(a), int(max(a, b)))
    m = s.get("multipleOf")
    if isinstance(m, int) and m > 0:
        v = max(int(a), (v // m) * m)
    return v


def _number(name: str, s: Mapping[str, Any], rng: Random) -> float:
    low = _low(name)
    if any(w in low for w in ("lat",)):
        lo, hi = -60.0, 60.0
    elif any(w in low for w in ("lon", "lng")):
        lo, hi = -150.0, 150.0
    elif any(w in low for w in ("price", "amount", "cost", "balance", "total", "fee")):
        lo, hi = 1.0, 500.0
    else:
        lo, hi = 0.0, 100.0
    a, b = _bounded(s, lo, hi)
    return round(rng.uniform(a, b), 2)


def fits(v: Any, s: Any) -> bool:
    """A cheap type check of a value against a schema (types, enums, object/array shape)."""
    if not isinstance(s, Mapping) or not s:
        return True
    s = _flat(s)
    if "const" in s:
        return v == s["const"]
    if "enum" in s:
        return v in s["enum"]
    if s.get("oneOf") or s.get("anyOf"):
        base = {k: x for k, x in s.items() if k not in ("oneOf", "anyOf")}
        if s.get("anyOf") and not any(fits(v, _merge(base, a) if isinstance(a, Mapping) else a) for a in s["anyOf"]):
            return False
        if s.get("oneOf"):  # exactly one branch
            return sum(bool(fits(v, _merge(base, a) if isinstance(a, Mapping) else a)) for a in s["oneOf"]) == 1
        return True
    main = _main_type(s)
    ts = _types(s) or ([main] if main else [])
    if not ts:
        return True
    for t in ts:
        if t == "null" and v is None:
            return True
        if t == "string" and isinstance(v, str):
            if "pattern" in s and not _matches(s["pattern"], v):
                continue
            if len(v) < s.get("minLength", 0) or len(v) > s.get("maxLength", 1 << 30):
                continue
            return True
        if t == "boolean" and isinstance(v, bool):
            return True
        if t in ("integer", "number") and isinstance(v, (int, float)) and not isinstance(v, bool):
            if t == "integer" and not (isinstance(v, int) or float(v).is_integer()):
                continue
            if "minimum" in s and v < s["minimum"] or "maximum" in s and v > s["maximum"]:
                continue
            return True
        if t == "array" and isinstance(v, list):
            item = s.get("items")
            return all(fits(x, item) for x in v) and s.get("minItems", 0) <= len(v) <= s.get("maxItems", 1 << 30)
        if t == "object" and isinstance(v, dict):
            props = s.get("properties") or {}
            if any(r not in v for r in s.get("required") or ()):
                continue
            if not all(fits(v[k], ps) for k, ps in props.items() if k in v):
                continue
            if s.get("additionalProperties") is False and set(v) - set(props):
                continue
            return True
    return False


def shape(s: Any, v: Any, rng: Random, name: str = "value", depth: int = 0) -> Any:
    """``v`` fitted to schema ``s``: its fields the schema declares, required ones it lacks
    generated, wrong-typed ones replaced. ``MISSING`` for ``v``: generated outright."""
    if not isinstance(s, Mapping) or not s:
        return None if v is MISSING else v
    s = _flat(s)
    if v is not MISSING and depth > 6:
        return v if fits(v, s) else gen_value(name, s, rng, depth)
    alt: Mapping[str, Any] | None = None
    if ("oneOf" in s or "anyOf" in s) and v is not MISSING:
        base = {k: x for k, x in s.items() if k not in ("oneOf", "anyOf")}
        for a in [a for k in ("oneOf", "anyOf") for a in s.get(k) or ()]:
            if isinstance(a, Mapping) and fits(v, _merge(base, a)):
                alt = _merge(base, a)
                break
        if alt is None:
            alt = _alternative(s)
        if alt is not None:
            return shape(alt, v, rng, name, depth)
    t = _main_type(s)
    if t == "object" and isinstance(v, dict):
        props = s.get("properties") or {}
        if not props:
            extra = s.get("additionalProperties")
            if isinstance(extra, Mapping) and extra:
                return {k: shape(extra, x, rng, k, depth + 1) for k, x in v.items()}
            return dict(v) if extra is not False else {}
        req = set(s.get("required") or ())
        out: dict[str, Any] = {}
        for k, ps in props.items():
            if k in v:
                x = shape(ps, v[k], rng, k, depth + 1)
                if k in req or fits(x, ps):  # an optional field that cannot be made to fit is left out
                    out[k] = x
            elif k in req:
                out[k] = gen_value(k, ps, rng, depth + 1)
        return out
    if t == "array" and isinstance(v, list):
        item = s.get("items") if isinstance(s.get("items"), Mapping) else {}
        return [shape(item, x, rng, name, depth + 1) for x in v]
    if v is not MISSING and fits(v, s):
        return v
    if t == "array" and isinstance(v, dict):
        item = s.get("items") if isinstance(s.get("items"), Mapping) else {}
        return [shape(item, v, rng, name, depth + 1)]
    return gen_value(name, s, rng, depth)

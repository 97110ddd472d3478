"""Values as people say them: money, dates, times, counts, free text, lists, and named things.

Every writer of the pipeline (requests, reasoning, answers) says a value through here, so that a
date reads "June 3, 2025" to the user and "2025-06-03" in the call, and the grounding check
(:mod:`toolgym.synth.quality.values`) recognizes exactly these forms back (a test renders every
form and reads it back). Which form is drawn from the caller's seeded RNG.

The kind of a value comes from the tool's language (``kinds``), else from its name and shape:
``money`` (price, amount, balance...), ``percent`` (``*_pct``), ``count``, ``number``, ``date``
(``2025-06-03``), ``datetime``, ``time`` (``14:30``), ``text``, ``list``, ``bool``.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["kind_of", "say_value", "quote", "join_list", "MONTHS", "DATE", "TIME", "DATETIME", "named", "assistant_voice", "third_person"]

DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
TIME = re.compile(r"^(\d{2}):(\d{2})$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_MONEY_WORDS = frozenset(
    "price prices amount amounts balance cost costs fee fees total subtotal cash fare fares budget salary payment spend "
    "deposit withdrawal refund charge bill tip rent income value pl limit_price buying_power fare_total".split()
)
_PCT = re.compile(r"(^|_)(pct|percent|percentage)($|_)")
_PUNCT = re.compile(r"[.?!,:;]")


def kind_of(name: str, value: Any, kinds: Mapping[str, str] | None = None) -> str:
    """How ``value`` (of the parameter or result field ``name``) is said."""
    if kinds and name in kinds:
        return kinds[name]
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        low = name.lower()
        if _PCT.search(low):
            return "percent"
        tokens = set(low.split("_")) | {low}
        if tokens & _MONEY_WORDS:
            return "money"
        return "count" if isinstance(value, int) else "number"
    if isinstance(value, str):
        if DATE.match(value):
            return "date"
        if DATETIME.match(value):
            return "datetime"
        if TIME.match(value):
            return "time"
        return "text"
    if isinstance(value, (list, tuple)):
        return "list"
    return "raw"


def _number(v: float | int) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)


def _money(v: float | int, rng: random.Random | None) -> str:
    sign = "-" if v < 0 else ""
    a = abs(v)
    cents = not float(a).is_integer() or (rng is not None and rng.random() < 0.3)
    body = f"{a:,.2f}" if cents else f"{int(a):,}"
    if rng is not None and rng.random() < 0.15 and not sign:
        return f"{body} dollars"
    return f"{sign}${body}"


def _date(y: int, m: int, d: int, rng: random.Random | None) -> str:
    forms = (f"{MONTHS[m - 1]} {d}, {y}", f"{y:04d}-{m:02d}-{d:02d}", f"{d} {MONTHS[m - 1]} {y}", f"{MONTHS[m - 1][:3]} {d}, {y}")
    if rng is None:
        return forms[0]
    return forms[rng.choices(range(4), weights=(5, 2, 2, 1))[0]]


def _time(h: int, mi: int, rng: random.Random | None) -> str:
    twelve = f"{(h % 12) or 12}:{mi:02d} {'am' if h < 12 else 'pm'}"
    if rng is None or rng.random() < 0.6:
        return twelve
    return f"{h:02d}:{mi:02d}"


def quote(text: str) -> str:
    """Free text in double quotes (a sentence, or text with punctuation), names as they are."""
    if not text.strip() or text != text.strip():
        return f'"{text}"'
    if '"' not in text and " " in text and (len(text.split()) > 3 or _PUNCT.search(text)):
        return f'"{text}"'
    return text


def join_list(items: list[str], conj: str = "and") -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def say_value(value: Any, kind: str, rng: random.Random | None = None) -> str:
    """``value`` in words (``rng`` None: the plain form, as an assistant writes it)."""
    if value is None:
        return "none"
    if kind == "bool" or isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "money" and isinstance(value, (int, float)):
        return _money(value, rng)
    if kind == "percent" and isinstance(value, (int, float)):
        return f"{_number(value)}%"
    if kind in ("count", "number") and isinstance(value, (int, float)):
        return f"{value:,}" if isinstance(value, int) and abs(value) >= 10000 else _number(value)
    if isinstance(value, str):
        m = DATE.match(value)
        if m and kind in ("date", "text", "raw"):
            try:
                _dt.date(int(m[1]), int(m[2]), int(m[3]))
                return _date(int(m[1]), int(m[2]), int(m[3]), rng)
            except ValueError:
                return value
        m = DATETIME.match(value)
        if m and kind in ("datetime", "text", "raw"):
            try:
                _dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]))
            except ValueError:
                return value
            day = _date(int(m[1]), int(m[2]), int(m[3]), rng)
            return f"{day} at {_time(int(m[4]), int(m[5]), rng)}"
        m = TIME.match(value)
        if m and kind in ("time", "text", "raw") and int(m[1]) < 24 and int(m[2]) < 60:
            return _time(int(m[1]), int(m[2]), rng)
        if kind == "enum":
            return value.replace("_", " ")
        return quote(value) if kind == "text" else value
    if isinstance(value, (list, tuple)):
        return join_list([say_value(v, kind_of("", v), rng) for v in value])
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {say_value(v, kind_of(k, v), rng)}" for k, v in value.items())
    return str(value)


def named(template: str, label: str) -> str:
    """A thing named by its label through a ``Noun.named`` template ("my {} account")."""
    return template.replace("{}", label)


_MY = re.compile(r"\b(my|My|mine|me|I'm|I am|I)\b")
_SWAP = {"my": "your", "My": "Your", "mine": "yours", "me": "you", "I'm": "you're", "I am": "you are", "I": "you"}


def assistant_voice(text: str) -> str:
    """A user's noun phrase as the assistant says it back: "my Roth IRA account" -> "your ..."."""
    return _MY.sub(lambda m: _SWAP[m.group(1)], text)


_THIRD = {"my": "their", "My": "Their", "mine": "theirs", "me": "them", "I'm": "they're", "I am": "they are", "I": "they"}


def third_person(text: str) -> str:
    """A user's noun phrase as the assistant thinks of it: "my Roth IRA account" -> "their ..."."""
    return _MY.sub(lambda m: _THIRD[m.group(1)], text)

"""Reading values back out of text: the normalisations the quality checks accept, and no others.

A value is *stated* in a text when (case-insensitive, runs of spaces collapsed):

1. a string: it occurs in the text as is (as whole words: "red" is not in "tired"), or with
   underscores as spaces (``most_active``);
2. a number: the text holds the same number, written with or without a currency sign, a
   thousands separator, a percent sign, trailing zeros (``$1,250.50`` is 1250.5), or as a number
   word from one to twenty;
3. a date ``YYYY-MM-DD``: the text holds that day as ISO, "June 3, 2025", "Jun 3, 2025",
   "June 3rd, 2025", "3 June 2025";
4. a time ``HH:MM``: as is, or in 12-hour form ("2:30 pm", "2:30pm", "2 pm" for 14:00);
5. a date-time: both its date and its time are stated (or the ISO text itself);
6. a list or object: every element or leaf is stated; ``None``: always.

Booleans are never "stated" by text (True is no word a user types); the grounding check accepts
them through the tool's language phrases or the schema default.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["stated", "stated_in", "Haystack", "numbers_in", "dates_in", "times_in", "normalize_text", "NUMBER_WORDS"]

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_MONTH_RE = "|".join([m for m in _MONTHS] + [m[:3] for m in _MONTHS] + ["sept"])
_MONTH_NUM = {**{m: i + 1 for i, m in enumerate(_MONTHS)}, **{m[:3]: i + 1 for i, m in enumerate(_MONTHS)}, "sept": 9}
NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUM = re.compile(r"(?<![\w.])(-)?\s?\$?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d])")
_WORD = re.compile(r"[a-z]+")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}})\b")
_HM = re.compile(r"\b(\d{1,2}):(\d{2})(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?")
_H_AMPM = re.compile(r"(?<![:\d])\b(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)")
_DATE_V = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME_V = re.compile(r"^(\d{2}):(\d{2})(?::\d{2})?$")
_DT_V = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


def normalize_text(text: str) -> str:
    """Lower case, runs of white space as one space."""
    return " ".join(text.lower().split())  # as \s+ -> " " and strip (same characters), ~4x faster


def numbers_in(text: str) -> frozenset[float]:
    """Every number written in ``text`` (currency signs, separators and trailing zeros ignored)."""
    out: set[float] = set()
    for m in _NUM.finditer(text):
        try:
            v = float(m.group(2).replace(",", "") + (m.group(3) or ""))
        except ValueError:
            continue
        out.add(-v if m.group(1) else v)
        out.add(v)  # "-6.37" also states the magnitude: "down 6.37"
    for w in _WORD.findall(text.lower()):
        if w in NUMBER_WORDS:
            out.add(float(NUMBER_WORDS[w]))
    return frozenset(out)


def dates_in(text: str) -> frozenset[str]:
    """Every calendar date in ``text``, as ISO ``YYYY-MM-DD``."""
    low = text.lower()
    out = {f"{y}-{m}-{d}" for y, m, d in _ISO.findall(low)}
    for mon, d, y in _MDY.findall(low):
        out.add(f"{int(y):04d}-{_MONTH_NUM[mon]:02d}-{int(d):02d}")
    for d, mon, y in _DMY.findall(low):
        out.add(f"{int(y):04d}-{_MONTH_NUM[mon]:02d}-{int(d):02d}")
    return frozenset(out)


def times_in(text: str) -> frozenset[str]:
    """Every clock time in ``text``, as 24-hour ``HH:MM``."""
    low = text.lower()
    out: set[str] = set()
    for h, mi, ampm in _HM.findall(low):
        hh = int(h)
        if ampm:
            hh = hh % 12 + (12 if ampm.startswith("p") else 0)
        if hh < 24 and int(mi) < 60:
            out.add(f"{hh:02d}:{int(mi):02d}")
    for h, ampm in _H_AMPM.findall(low):
        hh = int(h) % 12 + (12 if ampm.startswith("p") else 0)
        if hh < 24:
            out.add(f"{hh:02d}:00")
    return frozenset(out)


class Haystack:
    """Texts a value may be stated in, growing as a conversation goes on.

    Numbers, dates and times are read out of a text only when a value of that kind is first
    looked for, and each text once (a conversation's results are long and most arguments are
    strings found by a substring search).
    """

    __slots__ = ("_raw", "_parts", "_low", "_scanned", "_numbers", "_dates", "_times")

    def __init__(self, texts: list[str] | tuple[str, ...] = ()):
        self._raw: list[str] = []
        self._parts: list[str] = []
        self._low: str | None = ""
        self._scanned = 0
        self._numbers: set[float] = set()
        self._dates: set[str] = set()
        self._times: set[str] = set()
        for t in texts:
            self.add(t)

    def add(self, text: str) -> None:
        if not text:
            return
        self._raw.append(text)
        self._parts.append(normalize_text(text))
        self._low = None

    def _scan(self) -> None:
        for text in self._raw[self._scanned :]:
            self._numbers |= numbers_in(text)
            self._dates |= dates_in(text)
            self._times |= times_in(text)
        self._scanned = len(self._raw)

    @property
    def numbers(self) -> set[float]:
        self._scan()
        return self._numbers

    @property
    def dates(self) -> set[str]:
        self._scan()
        return self._dates

    @property
    def times(self) -> set[str]:
        self._scan()
        return self._times

    @property
    def low(self) -> str:
        if self._low is None:
            self._low = "\n".join(self._parts)
        return self._low

    def has_number(self, v: float) -> bool:
        # the usual case first: the number as written in Python's own forms, found as a whole
        # word by a substring search, before every text is scanned for numbers
        forms = {repr(v)}
        if v.is_integer():
            forms |= {str(int(v)), f"{int(v):,}"}
        else:
            forms.add(f"{v:,.2f}" if abs(v) >= 1000 else f"{v:.2f}")
        if any(self.has_text(f) for f in forms):
            return True
        nums = self.numbers
        if v in nums:
            return True
        return any(abs(v - n) < 1e-9 * max(1.0, abs(v)) for n in nums)

    def has_text(self, v: str) -> bool:
        """``v`` in the texts, not as part of a longer word ("red" is not in "tired")."""
        n = normalize_text(v)
        if not n:
            return True
        low = self.low
        for cand in (n, n.replace("_", " ")) if "_" in n else (n,):
            start = low.find(cand)
            while start >= 0:
                end = start + len(cand)
                before = low[start - 1] if start else " "
                after = low[end] if end < len(low) else " "
                if not (before.isalnum() and cand[0].isalnum()) and not (after.isalnum() and cand[-1].isalnum()):
                    return True
                start = low.find(cand, start + 1)
        return False

    def has_word(self, v: str) -> bool:
        """``v`` as a whole word or phrase (an enum value: "buy" is not in "buying")."""
        n = re.escape(normalize_text(v).replace("_", " "))
        return re.search(rf"(?<![a-z0-9]){n}(?![a-z0-9])", self.low) is not None


def stated_in(value: Any, hay: Haystack) -> bool:
    """Whether ``value`` is stated in the texts of ``hay`` (see the module docstring)."""
    if value is None:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return hay.has_number(float(value))
    if isinstance(value, str):
        if hay.has_text(value):
            return True
        m = _DATE_V.match(value)
        if m:
            return value in hay.dates
        m = _TIME_V.match(value)
        if m:
            return f"{m[1]}:{m[2]}" in hay.times
        m = _DT_V.match(value)
        if m:
            return m[1] in hay.dates and m[2] in hay.times
        return False
    if isinstance(value, (list, tuple)):
        return all(stated_in(v, hay) for v in value)
    if isinstance(value, dict):
        return all(stated_in(v, hay) for v in value.values())
    return False


def stated(value: Any, text: str) -> bool:
    """Whether ``value`` is stated in ``text`` under the normalisations above."""
    return stated_in(value, Haystack([text]))

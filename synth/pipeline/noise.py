"""Seeded noise for queries: personas, phrasing, politeness, irrelevant detail, typos.

A query is built as a list of segments ``(text, protected)``. Protected segments hold the values
the checker needs (names, amounts, texts the user states) and are never altered: noise only adds
free segments around them and misspells words inside free ones. Every choice is drawn from the
RNG it is given, so the same seed gives the same query.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

__all__ = ["Segment", "Voice", "STYLES", "pick_voice", "typo", "add_typos", "join", "capitalize_first"]

Segment = tuple[str, bool]  # (text, protected)

STYLES = ("plain", "casual", "formal", "terse", "chatty")

_OPENERS = {
    "plain": ("Hi.", "Hello.", "Hi!"),
    "casual": ("Hey!", "Hey there,", "Hi, quick one:", "Hiya."),
    "formal": ("Hello.", "Good morning.", "Good afternoon.", "Dear assistant,"),
    "terse": (),
    "chatty": ("Hi! Hope your day is going well.", "Hello again!", "Hey, how are you?"),
}
_WRAPS = {
    "plain": ("Please {q}.", "Can you {q}?", "I'd like you to {q}.", "{Q}."),
    "casual": ("Can you {q}?", "{Q}, thanks.", "Mind if you {q}?", "Could you {q} for me?"),
    "formal": ("Could you please {q}?", "I would like you to {q}.", "Would you kindly {q}?", "Please {q}."),
    "terse": ("{Q}.", "{Q}", "Need you to {q}."),
    "chatty": ("So, could you {q}?", "I was hoping you could {q}.", "Would you be able to {q}?", "Can you {q} for me?"),
}
_IRRELEVANT = (
    "I'm between meetings, so quick is good.",
    "My coffee went cold while I figured this out.",
    "This is for a project I'm wrapping up this week.",
    "It has been a long day.",
    "My manager asked me to sort this out today.",
    "I'm on my phone, sorry for the short message.",
    "The weather here is terrible, by the way.",
    "I've been meaning to do this since Monday.",
    "I'm trying to clear my to-do list before the weekend.",
    "My cat just walked across the keyboard, ignore any weirdness.",
)
_CLOSERS = {
    "plain": ("Thanks.", "Thank you."),
    "casual": ("Thanks!", "Cheers!", "Appreciate it."),
    "formal": ("Thank you in advance.", "Many thanks.", "I appreciate your help."),
    "terse": (),
    "chatty": ("Thanks so much!", "You're a lifesaver.", "Thanks a bunch!"),
}
_CONNECTORS = ("Next, ", "Also, ", "Now ", "Great. Now ", "OK, ", "One more thing: ", "Then ", "Alright, ")
_KEYBOARD = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo",
    "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "q": "w", "r": "et",
    "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "x",
}
_WORD = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


@dataclass(frozen=True)
class Voice:
    """The user's manner of speaking, fixed for a whole conversation."""

    style: str
    opener: float
    politeness: float
    irrelevant: float
    closer: float
    typo_rate: float

    def open(self, rng: random.Random, first_turn: bool) -> str | None:
        pool = _OPENERS[self.style]
        if first_turn and pool and rng.random() < self.opener:
            return rng.choice(pool)
        return None

    def connector(self, rng: random.Random) -> str:
        return rng.choice(_CONNECTORS) if rng.random() < 0.5 else ""

    def wrap(self, rng: random.Random) -> tuple[str, str, bool]:
        """``(prefix, suffix, capitalize)`` around the request clause."""
        if rng.random() >= self.politeness:
            return "", ".", True
        w = rng.choice(_WRAPS[self.style])
        if "{Q}" in w:
            pre, post = w.split("{Q}")
            return pre, post, True
        pre, post = w.split("{q}")
        return pre, post, False

    def aside(self, rng: random.Random) -> str | None:
        if rng.random() < self.irrelevant:
            return rng.choice(_IRRELEVANT)
        return None

    def close(self, rng: random.Random) -> str | None:
        pool = _CLOSERS[self.style]
        if pool and rng.random() < self.closer:
            return rng.choice(pool)
        return None


def pick_voice(rng: random.Random, *, politeness: float, irrelevant: float, typo_rate: float, personas: bool = True) -> Voice:
    """A voice for one conversation (``personas=False``: always the plain style)."""
    style = rng.choice(STYLES) if personas else "plain"
    return Voice(style=style, opener=0.5, politeness=politeness, irrelevant=irrelevant, closer=0.4, typo_rate=typo_rate)


def typo(word: str, rng: random.Random) -> str:
    """One plausible slip: swapped, dropped, doubled, or neighbouring key."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    near = _KEYBOARD.get(word[i].lower())
    return word[:i] + (rng.choice(near) if near else word[i]) + word[i + 1 :]


def add_typos(segments: list[Segment], rng: random.Random, rate: float) -> list[Segment]:
    """Misspell words of at least four letters in free segments only, each with ``rate``."""
    if rate <= 0:
        return segments
    out: list[Segment] = []
    for text, protected in segments:
        if protected:
            out.append((text, True))
            continue
        parts = _WORD.findall(text)
        for j, w in enumerate(parts):
            if len(w) >= 4 and w.isalpha() and rng.random() < rate:
                parts[j] = typo(w, rng)
        out.append(("".join(parts), False))
    return out


def capitalize_first(segments: list[Segment]) -> list[Segment]:
    """Upper-case the first letter, unless it belongs to a protected value."""
    for j, (text, protected) in enumerate(segments):
        if not text.strip():
            continue
        if protected:
            return segments
        k = len(text) - len(text.lstrip())
        segments[j] = (text[:k] + text[k].upper() + text[k + 1 :], False)
        return segments
    return segments


def join(segments: list[Segment]) -> str:
    """The text of the segments, with runs of spaces collapsed where free text meets."""
    s = "".join(t for t, _ in segments)
    return re.sub(r"[ ]{2,}", " ", s).strip()

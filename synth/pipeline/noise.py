"""The user's voice: persona styles, framing, chit-chat, typos; all seeded, none touching a value.

A request is built as a list of :class:`~.lexicon.Seg`. Values the checker needs are protected:
noise only adds free pieces around them (openers, asides, closers, marked ``noise`` so the
diversity report can leave them out) and misspells words inside free pieces. Every choice is
drawn from the RNG it is given, so the same seed gives the same request.

A :class:`Voice` is fixed for a whole conversation (one persona), so a user who writes
"hey, can ya ..." in turn one does not turn formal in turn three.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .lexicon import Seg
from .phrasebank import ASIDES, CLOSERS, CONNECTORS, FRAMES, OPENERS, QUESTION_LEADS, TAILS

__all__ = ["Voice", "STYLES", "pick_voice", "typo", "add_typos"]

STYLES = ("plain", "casual", "formal", "terse", "chatty")
_FRAMES, _QUESTION_LEADS, _OPENERS, _IRRELEVANT, _CLOSERS, _CONNECTORS = FRAMES, QUESTION_LEADS, OPENERS, ASIDES, CLOSERS, CONNECTORS
_KEYBOARD = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj", "i": "uo",
    "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o", "q": "w", "r": "et",
    "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "x",
}
_WORD = re.compile(r"[A-Za-z]+|[^A-Za-z]+")
# Share of framed requests ending right after the clause that take a tail from their style's pool
# ("Can you {q} when you get a chance?"): the pieces recur, their pairings rarely do.
TAIL_RATE = 0.3


@dataclass(frozen=True)
class Voice:
    """The user's manner of speaking, fixed for a whole conversation."""

    style: str
    opener: float
    politeness: float
    irrelevant: float
    closer: float
    typo_rate: float
    lowercase: bool = False  # a casual typist who does not capitalise

    def open(self, rng: random.Random, first_turn: bool) -> str | None:
        pool = _OPENERS[self.style]
        if first_turn and pool and rng.random() < self.opener:
            return rng.choice(pool)
        return None

    def connector(self, rng: random.Random) -> str:
        return rng.choice(_CONNECTORS[self.style]) if rng.random() < 0.55 else ""

    def frame(self, rng: random.Random) -> tuple[str, str, bool]:
        """``(prefix, suffix, capitalize)`` around an imperative clause."""
        if rng.random() >= self.politeness:
            return "", rng.choice((".", ".", "!")) if self.style in ("casual", "chatty") else ".", True
        w = rng.choice(_FRAMES[self.style])
        if "{Q}" in w:
            pre, post = w.split("{Q}")
            return pre, self._tail(rng, w, post), True
        pre, post = w.split("{q}")
        return pre, self._tail(rng, w, post), False

    def _tail(self, rng: random.Random, frame: str, post: str) -> str:
        """``post``, sometimes after a short ending from the style's pool ("... if you can?").

        Only a frame that ends right after its clause takes one, and never one that repeats a
        word the frame says already ("Please X, please", "Kindly X, kindly").
        """
        pool = TAILS.get(self.style, ())
        if not pool or post.strip() not in ("", ".", "?", "!") or rng.random() >= TAIL_RATE:
            return post
        tail = rng.choice(pool)
        if set(re.findall(r"[a-z']+", frame.lower())) & set(re.findall(r"[a-z']+", tail.lower())):
            return post
        return tail + post

    def question_lead(self, rng: random.Random) -> str:
        return rng.choice(_QUESTION_LEADS[self.style])

    def aside(self, rng: random.Random) -> str | None:
        if rng.random() < self.irrelevant:
            return rng.choice(_IRRELEVANT)
        return None

    def close(self, rng: random.Random) -> str | None:
        pool = _CLOSERS[self.style]
        if pool and rng.random() < self.closer:
            return rng.choice(pool)
        return None


_POLITENESS = {"formal": 1.35, "chatty": 1.2, "plain": 0.9, "casual": 0.75, "terse": 0.4}  # how much each persona frames requests


def pick_voice(rng: random.Random, *, politeness: float, irrelevant: float, typo_rate: float, personas: bool = True) -> Voice:
    """A voice for one conversation (``personas=False``: always the plain style).

    ``politeness`` is the average share of framed requests ("could you ..."); each persona
    frames more or less of them than that (a terse user rarely does).
    """
    style = rng.choice(STYLES) if personas else "plain"
    politeness = min(1.0, politeness * _POLITENESS[style]) if personas else politeness
    lowercase = style in ("casual", "terse") and rng.random() < 0.3
    # Greetings and sign-offs are what people add least (and what repeats most across a dataset)
    return Voice(style=style, opener=0.3, politeness=politeness, irrelevant=irrelevant, closer=0.25, typo_rate=typo_rate, lowercase=lowercase)


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


def add_typos(segments: list[Seg], rng: random.Random, rate: float) -> list[Seg]:
    """Misspell words of at least four letters in free pieces only, each with ``rate``."""
    if rate <= 0:
        return segments
    for s in segments:
        if s.protected or s.fixed or s.tag is not None:
            continue
        parts = _WORD.findall(s.text)
        changed = False
        for j, w in enumerate(parts):
            if len(w) >= 4 and w.isalpha() and rng.random() < rate:
                parts[j] = typo(w, rng)
                changed = True
        if changed:
            s.clean = s.text if s.clean is None else s.clean
            s.text = "".join(parts)
    return segments

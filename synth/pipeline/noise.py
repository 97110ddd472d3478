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

__all__ = ["Voice", "STYLES", "pick_voice", "typo", "add_typos"]

STYLES = ("plain", "casual", "formal", "terse", "chatty")

# Frames around an imperative clause: {q} lower-case start, {Q} capitalised.
_FRAMES = {
    "plain": (
        "{Q}.", "Please {q}.", "Can you {q}?", "I'd like you to {q}.", "Could you {q}?", "I need you to {q}.", "{Q}, please.",
        "Go ahead and {q}.", "Would you {q}?", "Can I get you to {q}?", "I'd appreciate it if you could {q}.", "Please {q} for me.",
        "{Q} when you get a chance.", "Could you go ahead and {q}?",
    ),
    "casual": (
        "{Q}.", "Can you {q}?", "{Q}, thanks.", "Could you {q} for me?", "Hey, {q}?", "{Q} real quick.", "Can ya {q}?",
        "Need you to {q}.", "{Q} pls.", "Mind helping me {q}?", "{Q}?", "Could ya {q}?", "Just {q}.", "Gotta {q}, can you do that?",
    ),
    "formal": (
        "Could you please {q}?", "I would like you to {q}.", "Would you kindly {q}?", "Please {q}.", "I would be grateful if you could {q}.",
        "May I ask you to {q}?", "Kindly {q}.", "I'd like to request that you {q}.", "Would it be possible to {q}?",
        "Please be so kind as to {q}.", "I would appreciate it if you would {q}.",
    ),
    "terse": ("{Q}.", "{Q}", "{q}", "Need you to {q}.", "{Q} now.", "{Q}, asap.", "{q}.", "{Q}. Thanks."),
    "chatty": (
        "So, could you {q}?", "I was hoping you could {q}.", "Would you be able to {q}?", "Can you {q} for me?", "Okay so I need you to {q}.",
        "If it's not too much trouble, could you {q}?", "I've been meaning to ask: could you {q}?", "Any chance you could {q}?",
        "Here's what I need: {q}.", "Could you help me out and {q}?", "So here's the thing, I need you to {q}.",
    ),
}
# Before a question ask ("what's AAPX trading at?").
_QUESTION_LEADS = {
    "plain": ("", "", "Quick question: ", "Could you tell me: "),
    "casual": ("", "Hey, ", "So ", "Quick q: "),
    "formal": ("", "I have a question: ", "Could you tell me the following: "),
    "terse": ("",),
    "chatty": ("", "I was wondering, ", "Okay, question for you: ", "Hmm, "),
}
_OPENERS = {
    "plain": ("Hi.", "Hello.", "Hi!", "Hi there.", "Hello!"),
    "casual": ("Hey!", "Hey there,", "Hi, quick one:", "Hiya.", "Yo,", "Heya!", "Hey hey."),
    "formal": ("Hello.", "Good morning.", "Good afternoon.", "Dear assistant,", "Good evening.", "Greetings."),
    "terse": (),
    "chatty": ("Hi! Hope your day is going well.", "Hello again!", "Hey, how are you?", "Hi hi!", "Morning! Hope you slept well."),
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
    "The wifi on this train keeps dropping.",
    "I'm doing this from the airport lounge.",
    "Sorry if I'm slow to reply, the kids are home.",
    "Finally got a quiet moment to deal with this.",
    "I keep forgetting to do this.",
    "My sister reminded me about this yesterday.",
    "It's been one of those weeks.",
    "I'm multitasking, bear with me.",
    "Just got back from a run.",
    "I'm sitting in a parking lot waiting for my kid.",
    "Lunch break, so I have ten minutes.",
    "This should have been done last week, honestly.",
)
_CLOSERS = {
    "plain": ("Thanks.", "Thank you.", "Thanks a lot.", "Thank you!"),
    "casual": ("Thanks!", "Cheers!", "Appreciate it.", "Thx!", "You rock.", "Ta!"),
    "formal": ("Thank you in advance.", "Many thanks.", "I appreciate your help.", "Thank you kindly.", "With thanks."),
    "terse": ("Thx.",),
    "chatty": ("Thanks so much!", "You're a lifesaver.", "Thanks a bunch!", "Thank you, you're the best!", "Really appreciate it!"),
}
_CONNECTORS = {
    "plain": ("Next, ", "Also, ", "Now ", "Great. Now ", "OK, ", "One more thing: ", "Then ", "Alright, ", "Thanks. Next, ", "Good. Now "),
    "casual": ("Cool, now ", "Nice. Also ", "Ok next ", "Sweet. ", "Awesome, now ", "Also ", "Oh and ", "Perfect, now "),
    "formal": ("Thank you. Next, ", "Additionally, ", "Furthermore, ", "Very good. Now ", "Next, ", "In addition, "),
    "terse": ("Next: ", "Now ", "Also ", "Then ", ""),
    "chatty": ("Oh great, thanks! Now ", "Perfect! Next, ", "Lovely. Also, ", "Okay, next thing: ", "Brilliant. Now ", "Thank you! Also, "),
}
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
            return pre, post, True
        pre, post = w.split("{q}")
        return pre, post, False

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


def pick_voice(rng: random.Random, *, politeness: float, irrelevant: float, typo_rate: float, personas: bool = True) -> Voice:
    """A voice for one conversation (``personas=False``: always the plain style)."""
    style = rng.choice(STYLES) if personas else "plain"
    lowercase = style in ("casual", "terse") and rng.random() < 0.3
    return Voice(style=style, opener=0.5, politeness=politeness, irrelevant=irrelevant, closer=0.4, typo_rate=typo_rate, lowercase=lowercase)


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
        if s.protected or s.tag is not None:
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

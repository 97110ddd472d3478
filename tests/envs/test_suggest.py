"""The "did you mean" search: the same names as difflib's own get_close_matches, whatever
SequenceMatcher implementation is installed (the compiled one must not change a message)."""

from __future__ import annotations

import difflib
import random

from toolgym import errors
from toolgym.errors import close_matches, suggest


def _names(rng: random.Random, k: int) -> list[str]:
    return ["".join(rng.choice("abcdeefghilmnorst_.-0123") for _ in range(rng.randint(1, 30))) for _ in range(k)]


def test_close_matches_equals_difflib_get_close_matches() -> None:
    rng = random.Random(7)
    pool = _names(rng, 400)
    for _ in range(400):
        word = rng.choice(pool) if rng.random() < 0.3 else _names(rng, 1)[0]
        choices = rng.sample(pool, rng.randint(0, 120))
        for n, cutoff in ((3, 0.5), (1, 0.6), (5, 0.3)):
            assert close_matches(word, choices, n=n, cutoff=cutoff) == difflib.get_close_matches(word, choices, n, cutoff)


def test_compiled_sequence_matcher_scores_like_difflib() -> None:
    rng = random.Random(11)
    pool = _names(rng, 300)
    s = errors.SequenceMatcher()
    for _ in range(3000):
        a, b = rng.choice(pool), rng.choice(pool)
        s.set_seqs(a, b)
        ref = difflib.SequenceMatcher(None, a, b)
        assert (s.ratio(), s.quick_ratio(), s.real_quick_ratio()) == (ref.ratio(), ref.quick_ratio(), ref.real_quick_ratio())


def test_suggest_text() -> None:
    assert suggest("reprot.txt", ["report.txt", "notes.md", "zzz"]) == "; did you mean 'report.txt'?"
    assert suggest("qqqq", ["report.txt"]) == ""

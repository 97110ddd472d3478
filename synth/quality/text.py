"""Text measures of a dataset: duplicates, distinct-n, self-BLEU, template share.

Words are the whitespace-separated tokens of a text, case and punctuation kept (the convention
under which BFCL's human-written multi-turn queries score distinct-3 0.87 and self-BLEU-4 0.25,
the figures the project compares with). All measures are pure functions of the texts, so ours
and BFCL's are measured by the same code (``benchmarks/quality.py``).

* **distinct-n**: distinct word n-grams over all n-grams of the sample (Li et al., 2016).
* **self-BLEU-4**: every text's BLEU-4 against all the others as references, averaged (Zhu et
  al., 2018, Texygen): clipped n-gram precisions 1-4 with NLTK's ``method1`` smoothing (0.1 for
  a zero count), uniform weights, brevity penalty against the closest reference length.
  Equal to NLTK's ``sentence_bleu`` with those settings (a test checks it on a sample).
* **near duplicates**: the share of texts with another text whose word 3-gram sets have a
  Jaccard similarity of at least 0.6.
* **template share**: the share of texts whose skeleton (numbers as ``#``, quoted text as ``"…"``)
  is also another text's: a fixed template shows up as shared skeletons.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import blake2b

__all__ = ["words", "distinct_n", "self_bleu", "near_duplicate_share", "exact_duplicate_share", "template_share", "opening_share",
           "TextStats", "text_stats", "sample", "DistinctSample", "rank", "message_key"]

_WORD = re.compile(r"[a-z0-9']+")  # for duplicate checks: case and punctuation aside
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']{3,}'")


def words(text: str) -> list[str]:
    """The tokens the diversity measures count: whitespace-separated, as written."""
    return text.split()


def _plain_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _ngrams(toks: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)]


def distinct_n(texts: Sequence[str], n: int) -> float:
    grams: list[tuple[str, ...]] = []
    for t in texts:
        grams.extend(_ngrams(words(t), n))
    return len(set(grams)) / len(grams) if grams else 0.0


def self_bleu(texts: Sequence[str], n: int = 4) -> float:
    """Mean BLEU-n of each text against all the others (NLTK method1 smoothing)."""
    toks = [words(t) for t in texts]
    if len(toks) < 2:
        return 0.0
    # per n-gram, the two highest counts and whose they are (so "the others" excludes oneself)
    best: list[dict[tuple[str, ...], tuple[int, int, int]]] = []
    for k in range(1, n + 1):
        top: dict[tuple[str, ...], tuple[int, int, int]] = {}
        for i, tk in enumerate(toks):
            for g, c in Counter(_ngrams(tk, k)).items():
                c1, i1, c2 = top.get(g, (0, -1, 0))
                if c > c1:
                    top[g] = (c, i, c1)
                elif c > c2:
                    top[g] = (c1, i1, c)
        best.append(top)
    lengths = sorted((len(t), i) for i, t in enumerate(toks))
    only = [x for x, _ in lengths]
    scores = []
    for i, tk in enumerate(toks):
        c = len(tk)
        if c == 0:
            scores.append(0.0)
            continue
        logp = 0.0
        for k in range(1, n + 1):
            grams = Counter(_ngrams(tk, k))
            denom = max(1, sum(grams.values()))
            num = 0
            for g, cnt in grams.items():
                c1, i1, c2 = best[k - 1][g]
                other = c2 if i1 == i else c1
                num += min(cnt, other)
            p = num / denom if num else 0.1 / denom
            if not grams:
                p = 0.1 / 1
            logp += math.log(p) / n
        # closest reference length among the others (ties: the shorter)
        j = _bisect(only, c)
        cands = []
        for idx in (j - 2, j - 1, j, j + 1):
            if 0 <= idx < len(lengths) and lengths[idx][1] != i:
                cands.append(lengths[idx][0])
        r = min(cands, key=lambda x: (abs(x - c), x)) if cands else c
        bp = 1.0 if c > r else math.exp(1 - r / c)
        scores.append(bp * math.exp(logp))
    return sum(scores) / len(scores)


def _bisect(xs: list[int], v: int) -> int:
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < v:
            lo = mid + 1
        else:
            hi = mid
    return lo


def near_duplicate_share(texts: Sequence[str], threshold: float = 0.6, n: int = 3) -> float:
    """The share of texts with another text of word n-gram Jaccard similarity >= ``threshold``.

    Only pairs that share an n-gram are compared (an inverted index), each once.
    """
    sets = [frozenset(_ngrams(_plain_words(t), n)) for t in texts]
    index: dict[tuple[str, ...], list[int]] = {}
    for i, s in enumerate(sets):
        for g in s:
            index.setdefault(g, []).append(i)
    dup = [False] * len(sets)
    for i, a in enumerate(sets):
        if not a:
            continue
        shared: dict[int, int] = {}
        for g in a:
            for j in index[g]:
                if j > i:
                    shared[j] = shared.get(j, 0) + 1
        for j, inter in shared.items():
            if inter / (len(a) + len(sets[j]) - inter) >= threshold:
                dup[i] = dup[j] = True
    return sum(dup) / len(dup) if dup else 0.0


def _norm(text: str) -> str:
    return " ".join(_plain_words(text))


def exact_duplicate_share(texts: Sequence[str]) -> float:
    """The share of texts equal (case and punctuation aside) to an earlier one."""
    seen: set[str] = set()
    dup = 0
    for t in texts:
        k = _norm(t)
        dup += k in seen
        seen.add(k)
    return dup / len(texts) if texts else 0.0


def _skeleton(text: str) -> str:
    return _NUM.sub("#", _QUOTED.sub('"…"', text.lower())).strip()


def template_share(texts: Sequence[str]) -> float:
    """The share of texts whose skeleton another text shares."""
    counts = Counter(_skeleton(t) for t in texts)
    return sum(c for c in counts.values() if c > 1) / len(texts) if texts else 0.0


def opening_share(texts: Sequence[str], k: int = 4) -> float:
    """The share of the most common opening of ``k`` words."""
    heads = Counter(" ".join(_plain_words(t)[:k]) for t in texts if _plain_words(t))
    return heads.most_common(1)[0][1] / len(texts) if heads else 0.0


def rank(key: str, seed: int = 0) -> int:
    """A seeded 64-bit rank of ``key`` (a hash): samples keep the keys of smallest rank."""
    salt = (seed % 2**128).to_bytes(16, "big")
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8, salt=salt).digest(), "big")


def message_key(text: str) -> int:
    """A text, case, spacing and punctuation aside, as a 64-bit key (for exact duplicates)."""
    return int.from_bytes(blake2b(_norm(text).encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


class DistinctSample:
    """A seeded sample of ``size`` distinct texts (case and punctuation aside), one text at a time.

    Bottom-k sampling: each distinct text gets a seeded 64-bit rank (a hash) and the sample is
    the ``size`` texts of smallest rank, so it is a uniform sample of the distinct texts whatever
    their number, and it holds ``size`` texts however many are added (a run of any length keeps
    the same memory). For texts that repeat, the first one added is the one kept.
    :func:`sample` of the same texts gives the same list.
    """

    def __init__(self, size: int, seed: int = 0):
        self.size = size
        self.seed = seed
        self._heap: list[tuple[int, str]] = []  # (-rank, key): the largest rank on top
        self._texts: dict[str, str] = {}

    def add(self, text: str) -> None:
        key = _norm(text)
        if key in self._texts:
            return
        r = rank(key, self.seed)
        if len(self._heap) < self.size:
            heapq.heappush(self._heap, (-r, key))
        elif -self._heap[0][0] > r:
            _, out = heapq.heapreplace(self._heap, (-r, key))
            del self._texts[out]
        else:
            return
        self._texts[key] = text

    def texts(self) -> list[str]:
        """The sample, by rank."""
        return [self._texts[k] for _, k in sorted(self._heap, reverse=True)]


def sample(texts: Sequence[str], size: int, seed: int = 0) -> list[str]:
    """``size`` distinct texts (after dedup, case aside) drawn with a fixed seed (see :class:`DistinctSample`)."""
    s = DistinctSample(size, seed)
    for t in texts:
        s.add(t)
    return s.texts()


@dataclass
class TextStats:
    n: int
    distinct_1: float
    distinct_2: float
    distinct_3: float
    self_bleu_4: float
    near_dup: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def text_stats(texts: Sequence[str]) -> TextStats:
    return TextStats(
        n=len(texts),
        distinct_1=distinct_n(texts, 1),
        distinct_2=distinct_n(texts, 2),
        distinct_3=distinct_n(texts, 3),
        self_bleu_4=self_bleu(texts),
        near_dup=near_duplicate_share(texts),
    )

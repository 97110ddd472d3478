"""The compact tables a long run keeps per record answer exactly what plain sets/dicts answered."""

from __future__ import annotations

import random

import numpy as np
import pytest

from toolgym.envs.lru import LruCache
from toolgym.synth.compact import BandIndex, U64Set
from toolgym.synth.quality.text import DistinctSample, sample


def test_u64set_agrees_with_a_python_set() -> None:
    rng = random.Random(1)
    s, ref = U64Set(capacity=4), set()
    keys = [rng.getrandbits(64) for _ in range(3000)] + [0, 1, 2**64 - 1]
    keys += keys[:500]  # repeats
    for k in keys:
        assert s.add(k) == (k not in ref)
        ref.add(k)
    assert len(s) == len(ref)
    for k in keys[:200] + [rng.getrandbits(64) for _ in range(200)]:
        assert (k in s) == (k in ref)


class _PlainLSH:
    """The dict-of-buckets index the run used before (the reference for BandIndex)."""

    def __init__(self, threshold: float, perms: int, bands: int):
        self.threshold, self.bands, self.rows = threshold, bands, perms // bands
        self.buckets: dict[tuple[int, bytes], list[int]] = {}
        self.sigs: list[bytes] = []

    def near(self, sig: bytes) -> bool:
        w = self.rows * 8
        for b in range(self.bands):
            for j in self.buckets.get((b, sig[b * w : (b + 1) * w]), ()):
                a, o = np.frombuffer(sig, dtype=np.uint64), np.frombuffer(self.sigs[j], dtype=np.uint64)
                if float(np.mean(a == o)) >= self.threshold:
                    return True
        return False

    def add(self, sig: bytes) -> None:
        w = self.rows * 8
        self.sigs.append(sig)
        for b in range(self.bands):
            self.buckets.setdefault((b, sig[b * w : (b + 1) * w]), []).append(len(self.sigs) - 1)


@pytest.mark.parametrize("threshold", [0.5, 0.9])
def test_band_index_decides_as_the_plain_index(threshold: float) -> None:
    rng = np.random.Generator(np.random.PCG64(7))
    perms, bands = 32, 8
    mine, ref = BandIndex(threshold, perms, bands), _PlainLSH(threshold, perms, bands)
    base = [rng.integers(0, 2**63, size=perms, dtype=np.uint64) for _ in range(40)]
    near_seen = far_seen = 0
    for i in range(3000):
        # variants of a few bases (so bands collide and similarity varies) and fresh signatures
        if i % 3:
            v = base[int(rng.integers(len(base)))].copy()
            flip = rng.integers(0, perms, size=int(rng.integers(0, perms)))
            v[flip] = rng.integers(0, 2**63, size=len(flip), dtype=np.uint64)
        else:
            v = rng.integers(0, 2**63, size=perms, dtype=np.uint64)
        sig = v.tobytes()
        got, want = mine.near(sig), ref.near(sig)
        assert got == want, f"signature {i}: compact index says {got}, plain index {want}"
        near_seen += want
        far_seen += not want
        if not want:
            mine.add(sig)
            ref.add(sig)
    assert near_seen > 100 and far_seen > 100  # both answers were exercised
    assert mine.nbytes < 300 * mine.n  # a few hundred bytes per record, not kilobytes


def test_distinct_sample_is_bounded_and_matches_sample() -> None:
    rng = random.Random(3)
    texts = [f"Message number {rng.randrange(5000)}!" for _ in range(20000)]
    s = DistinctSample(100, seed=5)
    for t in texts:
        s.add(t)
    got = s.texts()
    assert got == sample(texts, 100, seed=5)
    assert len(got) == 100 and len(s._texts) == 100  # the memory held is the sample only
    assert len({t.lower() for t in got}) == 100
    other = DistinctSample(100, seed=6)
    for t in texts:
        other.add(t)
    assert other.texts() != got  # the seed chooses the sample
    few = texts[:50]
    assert sorted(sample(few, 100)) == sorted(dict.fromkeys(few))  # fewer distinct texts than the size: all of them


def test_lru_cache_keeps_the_most_recently_used() -> None:
    c: LruCache[str, int] = LruCache(2)
    c["a"] = 1
    c["b"] = 2
    assert c.get("a") == 1  # a is now the most recent
    c["c"] = 3
    assert list(c) == ["a", "c"] and c.get("b") is None

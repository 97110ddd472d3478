"""Compact hash tables for what a run must remember about every record it kept.

A run of 100,000 records checks each new record against all earlier ones (exact duplicates,
repeated user messages, MinHash near duplicates). Python sets and dicts of ints cost 60-100
bytes per entry; these tables keep the same facts in numpy arrays at 8-20 bytes per entry, so
the memory a long run holds is a few hundred bytes per record instead of tens of kilobytes.

* :class:`U64Set`: a set of 64-bit keys (open addressing, linear probing).
* :class:`BandIndex`: MinHash LSH: for every record, its signature and its bands; ``near(sig)``
  answers exactly what the dict-of-buckets index answered (a record is near when it shares a
  whole band with an earlier one and their signatures agree on at least ``threshold`` of the
  values).

Both are deterministic: the same keys added in the same order give the same answers.
"""

from __future__ import annotations

import numpy as np

__all__ = ["U64Set", "BandIndex"]

_M64 = (1 << 64) - 1
_FIB = 0x9E3779B97F4A7C15  # Fibonacci hashing: spreads sequential and structured keys
_BLOCK = 1024  # records per block of a BandIndex's per-record arrays


def _probe(keys: np.ndarray, key: int, i: int, mask: int) -> tuple[int, bool]:
    """Linear probing from slot ``i`` of an open-addressing table (0 marks an empty slot): the
    slot holding ``key`` and True, or the empty slot where it would go and False."""
    while True:
        k = int(keys[i])
        if k == key:
            return i, True
        if k == 0:
            return i, False
        i = (i + 1) & mask


class U64Set:
    """A set of 64-bit unsigned integers in a numpy array (16 bytes per key at most).

    Example:
        >>> s = U64Set()
        >>> s.add(7), 7 in s, 8 in s
        (True, True, False)
    """

    def __init__(self, capacity: int = 1024):
        bits = max(4, (capacity - 1).bit_length())
        self._alloc(bits)
        self.n = 0
        self._zero = False  # 0 marks an empty slot; the key 0 itself is kept aside

    def _alloc(self, bits: int) -> None:
        self._bits = bits
        self._mask = (1 << bits) - 1
        self._keys = np.zeros(1 << bits, dtype=np.uint64)

    def _find(self, key: int) -> tuple[int, bool]:
        return _probe(self._keys, key, ((key * _FIB) & _M64) >> (64 - self._bits), self._mask)

    def __contains__(self, key: int) -> bool:
        if key == 0:
            return self._zero
        return self._find(key)[1]

    def add(self, key: int) -> bool:
        """Add ``key``; True when it was new."""
        if key == 0:
            new = not self._zero
            self._zero = True
            self.n += new
            return new
        i, found = self._find(key)
        if found:
            return False
        self._keys[i] = key
        self.n += 1
        if 2 * self.n > len(self._keys):  # at most half full: probes stay short
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._keys[self._keys != 0]
        self._alloc(self._bits + 1)
        keys = self._keys
        for k in old.tolist():
            i, _ = self._find(k)
            keys[i] = k

    def __len__(self) -> int:
        return self.n

    @property
    def nbytes(self) -> int:
        return int(self._keys.nbytes)


class BandIndex:
    """MinHash LSH over signatures of ``perms`` 64-bit values in ``bands`` bands.

    Per record it keeps the signature's low 16 bits (``perms`` x 2 bytes) and one chain link per
    band, in fixed blocks of :data:`_BLOCK` records (a block is added when one fills, so a long
    run never holds a half-empty doubled array, nor the old and new copies while doubling); a
    table maps a 32-bit hash of each band to the last entry with that hash, and entries chain
    back to earlier ones. Candidates are the earlier records whose band hash matches the new
    one's and whose band agrees value for value; one is near when at least ``threshold`` of the
    values agree. Keeping 16 bits per value instead of 64 can only make two different values
    agree by chance (2^-16 per value): a candidate's band was matched on a hash of the full
    values first, and a false "near" needs chance agreement on every value that really differs
    (for the run's threshold of 0.9 on 32 values, a pair agreeing on 28 of 32 flips with
    probability ~6e-5, one agreeing on fewer far less).
    """

    def __init__(self, threshold: float, perms: int = 32, bands: int = 8):
        if perms % bands:
            raise ValueError(f"expected perms divisible by bands, got {perms} and {bands}")
        self.threshold = threshold
        self.perms = perms
        self.bands = bands
        self.rows = perms // bands
        self.n = 0
        self._sigs: list[np.ndarray] = []  # blocks of _BLOCK rows of perms uint16
        self._next: list[np.ndarray] = []  # blocks of _BLOCK * bands: entry -> earlier entry + 1 of its band (0: none)
        self._table_bits = 10
        self._tkeys = np.zeros(1 << 10, dtype=np.uint32)
        self._theads = np.zeros(1 << 10, dtype=np.uint32)  # entry + 1
        self._tn = 0
        mix = np.random.Generator(np.random.PCG64(0x6C7368)).integers(1, 2**63 - 1, size=(bands, self.rows), dtype=np.uint64)
        self._mix = mix | np.uint64(1)

    def _band_keys(self, values: np.ndarray) -> list[int]:
        with np.errstate(over="ignore"):
            h = (values.reshape(self.bands, self.rows) * self._mix).sum(axis=1, dtype=np.uint64)
            h ^= h >> np.uint64(31)
            h = h * np.uint64(_FIB) + np.arange(1, self.bands + 1, dtype=np.uint64)
        return [(k >> 32) or 1 for k in h.tolist()]

    def _slot(self, key: int) -> tuple[int, bool]:
        bits = self._table_bits
        return _probe(self._tkeys, key, (((key << 32 | key) * _FIB) & _M64) >> (64 - bits), (1 << bits) - 1)

    def near(self, sig: bytes) -> bool:
        """Whether ``sig`` (``perms`` uint64 values as bytes) is near a signature added before."""
        values = np.frombuffer(sig, dtype=np.uint64)
        low = values.astype(np.uint16)
        need = self.threshold * self.perms
        rows, bands, sigs, nxt = self.rows, self.bands, self._sigs, self._next
        block_entries = _BLOCK * bands
        seen: set[int] = set()
        for b, key in enumerate(self._band_keys(values)):
            i, found = self._slot(key)
            if not found:
                continue
            e = int(self._theads[i])
            while e:
                rec, eb = divmod(e - 1, bands)
                if eb == b and rec not in seen:
                    eq = sigs[rec // _BLOCK][rec % _BLOCK] == low
                    if eq[b * rows : (b + 1) * rows].all():
                        seen.add(rec)
                        # == mean(a == b) >= threshold, in counts (no float rounding in between)
                        if int(np.count_nonzero(eq)) >= need:
                            return True
                e = int(nxt[(e - 1) // block_entries][(e - 1) % block_entries])
        return False

    def add(self, sig: bytes) -> None:
        values = np.frombuffer(sig, dtype=np.uint64)
        rec = self.n
        block, row = divmod(rec, _BLOCK)
        if block == len(self._sigs):
            self._sigs.append(np.zeros((_BLOCK, self.perms), dtype=np.uint16))
            self._next.append(np.zeros(_BLOCK * self.bands, dtype=np.uint32))
        self._sigs[block][row] = values.astype(np.uint16)
        nxt = self._next[block]
        for b, key in enumerate(self._band_keys(values)):
            e = rec * self.bands + b
            i, found = self._slot(key)
            if found:
                nxt[row * self.bands + b] = self._theads[i]
            else:
                self._tkeys[i] = key
                self._tn += 1
            self._theads[i] = e + 1
            if 10 * self._tn > 7 * len(self._tkeys):
                self._grow_table()
        self.n += 1

    def _grow_table(self) -> None:
        live = self._tkeys != 0
        keys, heads = self._tkeys[live].tolist(), self._theads[live].tolist()
        self._table_bits += 1
        self._tkeys = np.zeros(1 << self._table_bits, dtype=np.uint32)
        self._theads = np.zeros(1 << self._table_bits, dtype=np.uint32)
        for k, h in zip(keys, heads, strict=False):
            i, _ = self._slot(k)
            self._tkeys[i] = k
            self._theads[i] = h

    @property
    def nbytes(self) -> int:
        return int(sum(a.nbytes for a in self._sigs) + sum(a.nbytes for a in self._next) + self._tkeys.nbytes + self._theads.nbytes)

"""The error hierarchy. Messages read "expected X, got Y" and suggest the nearest valid name."""

from __future__ import annotations

import errno
import heapq
from collections.abc import Iterable

try:  # difflib compiled with Cython: the same algorithm and scores, ~3.5x faster
    from cydifflib import SequenceMatcher
except ImportError:  # pragma: no cover - a dependency; difflib gives the same answers
    from difflib import SequenceMatcher

__all__ = ["ToolgymError", "UnknownEnvironment", "ConfigError", "RunDirError", "ConformanceError", "Terminated",
           "suggest", "close_matches", "machine_error"]


def suggest(name: str, choices: Iterable[str], n: int = 3) -> str:
    """"; did you mean 'x' or 'y'?" for the nearest names, or "" when none is close."""
    close = close_matches(name, choices, n=n, cutoff=0.5)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"


def close_matches(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Exactly ``difflib.get_close_matches(word, list(choices), n, cutoff)``, much faster on long lists.

    ``quick_ratio`` bounds ``ratio`` from above, so candidates are scored in decreasing order
    of that bound and the (costly) ratio stops as soon as no remaining candidate can enter the
    top ``n`` (ties are broken by the name, as difflib does, so a bound equal to the n-th score
    is still scored). Environments call this on every failed lookup (a FileSystem chain spent
    ~40% of its time here with the pure-Python difflib).
    """
    s = SequenceMatcher()
    s.set_seq2(word)
    bounded: list[tuple[float, str]] = []
    for x in choices:
        s.set_seq1(x)
        if s.real_quick_ratio() >= cutoff:
            q = s.quick_ratio()
            if q >= cutoff:
                bounded.append((q, x))
    bounded.sort(reverse=True)
    scored: list[tuple[float, str]] = []
    for q, x in bounded:
        if len(scored) >= n and q < heapq.nlargest(n, scored)[-1][0]:
            break
        s.set_seq1(x)
        r = s.ratio()
        if r >= cutoff:
            scored.append((r, x))
    return [x for _, x in heapq.nlargest(n, scored)]


class ToolgymError(Exception):
    """Base class of every error toolgym raises on purpose."""


class UnknownEnvironment(ToolgymError, KeyError):
    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class ConfigError(ToolgymError, ValueError):
    pass


class RunDirError(ToolgymError):
    pass


class ConformanceError(ToolgymError, AssertionError):
    pass


class Terminated(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM): unwinds like Ctrl-C, so runs close cleanly."""


# OS errors that say what the machine refused (a full disk, a permission, a read-only file
# system), not what the code got wrong: the user can act on them, so they are user errors.
_MACHINE_ERRNOS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large for the file system",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EMFILE: "too many open files",
    errno.ENFILE: "too many open files in the system",
    errno.EIO: "input/output error",
}


def machine_error(exc: BaseException) -> str | None:
    """One line for an OS error the machine caused (disk full, permissions...), None for any other.

    Example: ``"no space left on device (writing runs/x/manifest.json)"``.
    """
    if not isinstance(exc, OSError) or exc.errno not in _MACHINE_ERRNOS:
        return None
    what = _MACHINE_ERRNOS[exc.errno]
    where = exc.filename if exc.filename is not None else None
    return f"{what}{f' ({where})' if where else ''}"

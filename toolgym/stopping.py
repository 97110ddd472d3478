"""SIGTERM, held back while a run writes an episode and counts it.

``toolgym``'s SIGTERM handler raises :class:`~toolgym.errors.Terminated` where the main thread
is, so that a run unwinds like Ctrl-C and closes cleanly. Between two bytecodes of
``RunDir._append`` that would leave a line on disk that the final manifest does not count (2 runs
in 80 under load). Inside :func:`held` the stop is recorded instead and raised when the block
ends. (Ctrl-C needs none of this: under ``asyncio.run`` it cancels the main task at an
``await``, and no write awaits.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import Terminated

__all__ = ["held", "stop"]

_depth = 0  # held blocks open on the main thread (the only thread a Python signal handler runs on)
_pending = False


@contextmanager
def held() -> Iterator[None]:
    """A block that a SIGTERM does not cut in two: the stop is raised when it ends."""
    global _depth, _pending
    if threading.current_thread() is not threading.main_thread():
        yield  # a signal never interrupts this thread: nothing to hold
        return
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
    if _depth == 0 and _pending:
        _pending = False
        raise Terminated()


def stop() -> None:
    """What the SIGTERM handler calls: raise :class:`Terminated` now, or when the held block ends."""
    global _pending
    if _depth:
        _pending = True
        return
    raise Terminated()

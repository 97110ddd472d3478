"""Worker processes that never outlive the run that started them.

A pool worker forked by ``toolgym synth --workers N`` calls :func:`die_with_parent` first: on
Linux the kernel then sends it SIGKILL the moment its parent ends, however the parent ends
(``kill -9`` included; ``prctl(PR_SET_PDEATHSIG)``); elsewhere a watchdog thread notices the
parent is gone. It also leaves Ctrl-C and SIGTERM to the parent, which stops the pool and
closes the run cleanly (a terminal's Ctrl-C reaches every process of the foreground group).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Make this process end when ``parent_pid`` (its parent) ends; call it first in a worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if not armed:
        threading.Thread(target=_watch, args=(parent_pid,), name="toolgym-parent-watch", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)

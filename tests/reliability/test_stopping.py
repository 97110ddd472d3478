"""A SIGTERM inside ``stopping.held()`` is raised when the block ends, never in its middle."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from toolgym import stopping
from toolgym.cli import _on_sigterm
from toolgym.errors import Terminated


def test_a_stop_inside_a_held_block_is_raised_when_the_block_ends() -> None:
    done = []
    with pytest.raises(Terminated):
        with stopping.held():
            stopping.stop()
            done.append("write")
            with stopping.held():  # nested: raised by the outermost block only
                stopping.stop()
            done.append("count")
    assert done == ["write", "count"]
    with pytest.raises(Terminated):
        stopping.stop()  # outside a block: at once
    with stopping.held():
        pass  # nothing pending is left over from before


def test_the_sigterm_handler_waits_for_the_held_block() -> None:
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    hook = threading.excepthook
    steps = []
    try:
        with pytest.raises(Terminated):
            with stopping.held():
                os.kill(os.getpid(), signal.SIGTERM)  # the handler runs at the next bytecode
                steps.append("after the signal")
        assert steps == ["after the signal"]
    finally:
        signal.signal(signal.SIGTERM, previous)
        threading.excepthook = hook


def test_other_threads_are_not_held() -> None:
    seen = []

    def work() -> None:
        with stopping.held():
            seen.append(stopping._depth)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen == [0]

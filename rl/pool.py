"""``SessionPool``: many sessions in one process, looked up by id, bounded and timed out.

Worlds stay in-process inside their sessions and are never copied per call: a server (MCP,
OpenEnv) or a trainer's agent loop keeps one pool and addresses sessions by id. The pool bounds
how many sessions are open at once (a new one beyond the bound is refused with
:class:`PoolFull`, never evicts a live one), closes sessions idle longer than ``idle_timeout``
seconds, and closes everything on :meth:`close`.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any

from toolgym.errors import ToolgymError

from .session import Session

__all__ = ["SessionPool", "PoolFull", "UnknownSession"]


class PoolFull(ToolgymError):
    """The pool holds ``max_sessions`` open sessions already."""


class UnknownSession(ToolgymError, KeyError):
    """No open session has that id (never opened, closed, or timed out)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class SessionPool:
    """Open sessions by id.

    Args:
        max_sessions: the most sessions open at once.
        idle_timeout: seconds a session may go unused before it is closed (None: never).
        clock: the time source (seconds; tests pass their own).
    """

    def __init__(self, max_sessions: int = 64, idle_timeout: float | None = 600.0, clock: Callable[[], float] = time.monotonic):
        if max_sessions < 1:
            raise ValueError(f"expected max_sessions >= 1, got {max_sessions}")
        self.max_sessions = max_sessions
        self.idle_timeout = idle_timeout
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._used: dict[str, float] = {}
        self.opened = 0
        self.expired = 0

    def __len__(self) -> int:
        return len(self._sessions)

    def __contains__(self, sid: object) -> bool:
        return sid in self._sessions

    def ids(self) -> Iterator[str]:
        return iter(list(self._sessions))

    def add(self, session: Session, sid: str | None = None) -> str:
        """Hold ``session`` under ``sid`` (default: a new random id); returns the id.

        Raises:
            PoolFull: ``max_sessions`` are open (after closing the idle ones).
        """
        self.sweep()
        if sid is not None and sid in self._sessions:
            self.close(sid)  # the same id again (a retried request): the new session replaces it
        if len(self._sessions) >= self.max_sessions:
            raise PoolFull(f"expected at most {self.max_sessions} open sessions, got a request for one more; "
                           "close a session (or wait for idle ones to time out)")
        sid = sid or secrets.token_hex(8)
        session.session_id = sid
        self._sessions[sid] = session
        self._used[sid] = self._clock()
        self.opened += 1
        return sid

    def open(self, env: Any, task: Any = None, *, sid: str | None = None, **kw: Any) -> tuple[str, Session]:
        """A new session (arguments as :class:`Session`), held but not yet reset: ``(id, session)``."""
        self.sweep()
        if len(self._sessions) >= self.max_sessions and (sid is None or sid not in self._sessions):
            raise PoolFull(f"expected at most {self.max_sessions} open sessions, got a request for one more; "
                           "close a session (or wait for idle ones to time out)")
        session = env if isinstance(env, Session) else Session(env, task, **kw)
        sid = self.add(session, sid)
        return sid, session

    def get(self, sid: str) -> Session:
        """The open session ``sid`` (its idle clock restarts).

        Raises:
            UnknownSession: no open session has that id.
        """
        s = self._sessions.get(sid)
        if s is None:
            raise UnknownSession(f"no open session {str(sid)[:40]!r} (closed, timed out, or never opened)")
        self._used[sid] = self._clock()
        return s

    def close(self, sid: str) -> bool:
        """Close and forget ``sid``; False when it was not open."""
        s = self._sessions.pop(sid, None)
        self._used.pop(sid, None)
        if s is None:
            return False
        s.close()
        return True

    def sweep(self) -> int:
        """Close the sessions idle past ``idle_timeout``; how many were closed."""
        if self.idle_timeout is None:
            return 0
        now = self._clock()
        old = [sid for sid, t in self._used.items() if now - t > self.idle_timeout]
        for sid in old:
            self.close(sid)
        self.expired += len(old)
        return len(old)

    def close_all(self) -> None:
        for sid in list(self._sessions):
            self.close(sid)

    close_pool = close_all

"""A fault-injecting writer, for machines without ``strace``: counts (or kills at) the writes a
Python process makes under one directory.

``benchmarks/killpoints.py --mechanism hook`` runs the command as
``python -c "import killhook; killhook.install(); ..."`` with:

* ``TOOLGYM_KILLHOOK_DIR``: only paths under it count;
* ``TOOLGYM_KILLHOOK_LOG``: append one ``op<TAB>n<TAB>path`` line per event (enumeration);
* ``TOOLGYM_KILLHOOK_AT``: ``op<TAB>n<TAB>path``: SIGKILL this process as that event starts.

It sees what goes through Python: ``open()`` file objects (``write``, ``writelines``,
``truncate``; ours, json's, matplotlib's PNG writer...), ``os.write``, ``os.replace``/``rename``,
``os.unlink``/``remove``, ``os.truncate``/``ftruncate``. Writes a library makes in C (pyarrow's
Parquet writer) are invisible to it: strace sees those, so prefer it where it exists. A call to
``write()`` on a buffered file is counted when it is made, which is the same instant or earlier
than the system call, so killing there is never gentler than strace's kill.
"""

from __future__ import annotations

import builtins
import io
import os
import signal
from collections import Counter
from typing import Any

_real_open = builtins.open
_real_write = os.write
_counts: Counter = Counter()
_WATCH = ""
_LOG = ""
_AT: tuple[str, int, str] | None = None


def _event(op: str, path: Any) -> None:
    try:
        p = os.path.abspath(os.fsdecode(path))
    except (TypeError, ValueError):
        return
    if not p.startswith(_WATCH):
        return
    _counts[(op, p)] += 1
    n = _counts[(op, p)]
    if _LOG:
        fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            _real_write(fd, f"{op}\t{n}\t{p}\n".encode("utf-8", "surrogateescape"))
        finally:
            os.close(fd)
    if _AT == (op, n, p):
        os.kill(os.getpid(), signal.SIGKILL)


def _fd_path(fd: int) -> str | None:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None


class _Watched:
    """A file object whose writes are counted (everything else is the real file's)."""

    def __init__(self, f: Any, path: str):
        self._f = f
        self._path = path

    def write(self, data: Any) -> Any:
        _event("write", self._path)
        return self._f.write(data)

    def writelines(self, lines: Any) -> None:
        _event("write", self._path)
        self._f.writelines(lines)

    def truncate(self, *a: Any) -> Any:
        _event("truncate", self._path)
        return self._f.truncate(*a)

    def __enter__(self) -> _Watched:
        self._f.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._f.__exit__(*exc)

    def __iter__(self) -> Any:
        return iter(self._f)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._f, name)


def _open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    f = _real_open(file, mode, *args, **kwargs)
    if any(c in mode for c in "wax+") and not isinstance(file, int):
        path = os.path.abspath(os.fsdecode(file))
        if path.startswith(_WATCH):
            return _Watched(f, path)
    return f


def _wrap(name: str, op: str, arg: int = 0, fd: bool = False) -> None:
    real = getattr(os, name)

    def hooked(*a: Any, **k: Any) -> Any:
        target = _fd_path(a[arg]) if fd else a[arg]
        if target is not None:
            _event(op, target)
        return real(*a, **k)

    setattr(os, name, hooked)


def install() -> None:
    """Arm the hook from the environment (see the module docstring)."""
    global _WATCH, _LOG, _AT
    _WATCH = os.path.abspath(os.environ["TOOLGYM_KILLHOOK_DIR"]) + os.sep
    _LOG = os.environ.get("TOOLGYM_KILLHOOK_LOG", "")
    at = os.environ.get("TOOLGYM_KILLHOOK_AT", "")
    if at:
        op, n, path = at.split("\t", 2)
        _AT = (op, int(n), path)
    builtins.open = _open
    io.open = _open
    _wrap("write", "write", fd=True)
    _wrap("replace", "rename")
    _wrap("rename", "rename")
    _wrap("unlink", "unlink")
    _wrap("remove", "unlink")
    _wrap("truncate", "truncate")
    _wrap("ftruncate", "truncate", fd=True)

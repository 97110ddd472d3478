"""Files that survive a kill at any instant: atomic replacement, and directory locks that die with us.

Every file toolgym rewrites (a run's ``config.json`` and ``manifest.json``, an export's
``export.json``, graphs and pages the CLI writes) goes through :func:`atomic_write`: the bytes go
to a temporary file beside the target, are flushed to the disk, and the temporary file is
renamed over the target, then the directory itself is flushed (so the rename survives a power
cut too). A reader, or the same command rerun after a ``kill -9``, sees the old file or the new
one, never a torn mix. Leftover temporaries (``.NAME.tmp``) are removed by :func:`clean_temps`.

A directory being written is locked with :func:`lock_dir` (``flock``): the kernel drops the lock
when the process ends, however it ends. Child processes forked while the lock is held close
their copy at once (:func:`os.register_at_fork`), so a worker that outlives its parent can never
keep a run locked; :func:`lock_holders` names the processes holding one, to say who is in the way,
and :func:`lock_owner` tells a stale lock (its taker is gone, leftovers hold it) from a live one.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write", "atomic_file", "atomic_output", "fsync_dir", "clean_temps", "temp_name", "lock_dir", "unlock_dir",
           "is_locked", "lock_holders", "lock_owner", "pid_alive", "TEMP_SUFFIX"]

TEMP_SUFFIX = ".tmp"


def temp_name(path: Path, *, keep_suffix: bool = False) -> Path:
    """The temporary file :func:`atomic_write` uses for ``path`` (hidden, beside it).

    ``keep_suffix``: ``.x.tmp.png`` rather than ``.x.png.tmp``, for writers that choose the
    format by the extension (``savefig``).
    """
    if keep_suffix and path.suffix:
        return path.with_name(f".{path.stem}{TEMP_SUFFIX}{path.suffix}")
    return path.with_name(f".{path.name}{TEMP_SUFFIX}")


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Flush a directory's entries (a rename or a new file in it) to the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as e:  # some file systems cannot fsync a directory; the rename is still atomic
        if e.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


@contextmanager
def atomic_file(path: str | os.PathLike[str], mode: str = "wb", **open_kw: Any) -> Iterator[IO[Any]]:
    """Write ``path`` through a file object; it replaces ``path`` only if the block completes.

    On an exception the temporary file is removed and ``path`` is left as it was.
    """
    p = Path(path)
    tmp = temp_name(p)
    f = open(tmp, mode, **open_kw)
    try:
        yield f
        f.flush()
        os.fsync(f.fileno())
        f.close()
        os.replace(tmp, p)
    except BaseException:
        f.close()
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(p.parent)


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` atomically (temp file, fsync, rename, fsync of the directory)."""
    raw = data.encode(encoding) if isinstance(data, str) else data
    with atomic_file(path, "wb") as f:
        f.write(raw)


def atomic_output(path: str | os.PathLike[str], write: Callable[[str], Any]) -> None:
    """For writers that want a file name (``savefig``, ``draw``): ``write(tmp)`` then rename over ``path``."""
    p = Path(path)
    tmp = temp_name(p, keep_suffix=True)
    try:
        write(str(tmp))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(p.parent)


def clean_temps(directory: str | os.PathLike[str]) -> list[str]:
    """Remove the temporaries a kill left in ``directory``; returns their names."""
    gone = []
    d = Path(directory)
    for p in [*d.glob(f".*{TEMP_SUFFIX}"), *d.glob(f".*{TEMP_SUFFIX}.*")]:
        if p.is_file():
            p.unlink(missing_ok=True)
            gone.append(p.name)
    return gone


# --- locks -----------------------------------------------------------------------------------------

_HELD: set[int] = set()  # lock fds of this process, closed in forked children


def _close_in_child() -> None:
    for fd in list(_HELD):
        try:
            os.close(fd)  # the parent's lock stays: it is held while any copy of its file is open
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


def lock_dir(path: str | os.PathLike[str]) -> int | None:
    """Lock a directory for this process; returns the lock's fd, or None when another process holds it."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        os.close(fd)
        if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return None
        raise
    _HELD.add(fd)
    return fd


def unlock_dir(fd: int) -> None:
    """Release a lock taken by :func:`lock_dir`."""
    _HELD.discard(fd)
    os.close(fd)


def is_locked(path: str | os.PathLike[str]) -> bool:
    """Whether some process holds :func:`lock_dir` on ``path`` (e.g. a run still being written)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops the shared lock just taken
    return False


def lock_owner(path: str | os.PathLike[str]) -> int | None:
    """The pid that took the ``flock`` on ``path`` (from ``/proc/locks``), or None.

    The kernel keeps the lock while any process holds a copy of the locked file, and keeps
    naming the process that took it: a named pid that no longer runs means the lock is stale,
    held by leftovers (such as forked workers) of a run that is gone.
    """
    try:
        st = os.stat(path)
        text = Path("/proc/locks").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        f = line.split()
        if len(f) < 6 or f[1] != "FLOCK":
            continue
        try:
            pid = int(f[4])
            major, minor, inode = f[5].split(":")
            if int(inode) == st.st_ino and os.makedev(int(major, 16), int(minor, 16)) == st.st_dev:
                return pid
        except ValueError:
            continue
    return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock_holders(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The processes with ``path`` open as a directory (who holds its lock): pid, ppid, command.

    Reads ``/proc``; empty where there is none or it cannot be read.
    """
    target = os.path.realpath(path)
    out: list[Any] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return out
    me = os.getpid()
    for d in proc.iterdir():
        if not d.name.isdigit() or int(d.name) == me:
            continue
        try:
            fds = list((d / "fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(fd) != target:
                    continue
            except OSError:
                continue
            try:
                stat = (d / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").strip()
            except (OSError, ValueError, IndexError):
                ppid, cmd = -1, ""
            out.append({"pid": int(d.name), "ppid": ppid, "command": " ".join(cmd.split())[:200]})
            break
    return out

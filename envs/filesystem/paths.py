"""Path arithmetic for the virtual file system (pure string functions, no real disk)."""

from __future__ import annotations

import posixpath

from toolgym.envs.tooling import ToolError

__all__ = ["resolve", "parent", "basename", "is_under"]


def resolve(path: str, cwd: str, home: str) -> str:
    """The absolute, normalised form of ``path`` (relative to ``cwd``; ``~`` is ``home``).

    Raises:
        ToolError: for an empty path or one with a NUL byte.
    """
    if not path or not path.strip():
        raise ToolError(f"expected a path, got {path!r}")
    if "\x00" in path:
        raise ToolError("a path cannot contain a NUL byte")
    if path == "~" or path.startswith("~/"):
        path = home + path[1:]
    if not path.startswith("/"):
        path = f"{cwd.rstrip('/')}/{path}"
    norm = posixpath.normpath(path)
    if norm.startswith("//"):  # POSIX keeps a leading '//'; we do not
        norm = "/" + norm.lstrip("/")
    return norm


def parent(path: str) -> str:
    return posixpath.dirname(path) or "/"


def basename(path: str) -> str:
    return posixpath.basename(path) or "/"


def is_under(path: str, root: str) -> bool:
    """``path`` is ``root`` or inside it."""
    return path == root or path.startswith(root.rstrip("/") + "/")

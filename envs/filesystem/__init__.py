"""A virtual Unix-like file system, all in memory (``toolgym/FileSystem-v0``)."""

from .env import FileSystem

__all__ = ["FileSystem"]

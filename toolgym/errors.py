"""The error hierarchy. Messages read "expected X, got Y" and suggest the nearest valid name."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["ToolgymError", "UnknownEnvironment", "ConfigError", "RunDirError", "ConformanceError", "suggest"]


def suggest(name: str, choices: Iterable[str], n: int = 3) -> str:
    """"; did you mean 'x' or 'y'?" for the nearest names, or "" when none is close."""
    close = difflib.get_close_matches(name, list(choices), n=n, cutoff=0.5)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"


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

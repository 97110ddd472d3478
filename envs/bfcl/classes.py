"""The wrapped classes by name, for registry entry points (``toolgym.envs.bfcl.classes:TwitterAPI``)."""

from __future__ import annotations

from typing import Any

from .env import CLASSES, env_class


def __getattr__(name: str) -> Any:
    if name in CLASSES:
        return env_class(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

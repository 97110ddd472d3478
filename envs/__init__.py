"""The environment SDK and the built-in environments (``import toolgym.envs``).

Write an environment by subclassing :class:`ToolEnv`, building a seeded world in ``build`` and
marking tools with :func:`tool`; register it with :func:`register`; check it with
:func:`check_env`. See README.md, "Writing an environment".
"""

from __future__ import annotations

from typing import Any

from .actions import Observation, ParsedAction, call, make_action, parse_action, parse_observation
from .core import ToolEnv
from .registry import list_envs, make, register, spec
from .task import InjectedError, Task, TurnSpec
from .tooling import Entity, ToolError, condition, tool
from .world import Table, World, state

__all__ = [
    "ToolEnv", "tool", "condition", "ToolError", "Entity", "World", "Table", "state",
    "Task", "TurnSpec", "InjectedError",
    "make_action", "call", "parse_action", "parse_observation", "Observation", "ParsedAction",
    "register", "make", "spec", "list_envs", "check_env", "ConformanceReport",
]


def __getattr__(name: str) -> Any:
    # The conformance check pulls in jsonschema; load it only when asked for.
    if name in ("check_env", "ConformanceReport"):
        from . import conformance

        return getattr(conformance, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

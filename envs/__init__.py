"""The environment SDK and the built-in environments (``import toolgym.envs``).

Write an environment by subclassing :class:`ToolEnv`, building a seeded world in ``build`` and
marking tools with :func:`tool`; register it with :func:`register`; check it with
:func:`check_env`. See README.md, "Writing an environment".

Names are imported on first use, so ``import toolgym`` (which registers the built-in ids through
``toolgym.envs.registry``) does not pay for pydantic schemas or jsonschema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ToolEnv": "core",
    "tool": "tooling", "condition": "tooling", "ToolError": "tooling", "Entity": "tooling",
    "World": "world", "WorldScope": "world", "Table": "world", "state": "world",
    "Task": "task", "TurnSpec": "task", "InjectedError": "task",
    "make_action": "actions", "call": "actions", "parse_action": "actions",
    "parse_observation": "actions", "Observation": "actions", "ParsedAction": "actions",
    "register": "registry", "make": "registry", "spec": "registry", "list_envs": "registry",
    "check_env": "conformance", "ConformanceReport": "conformance",
    "ComposedEnv": "compose", "compose": "compose",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # for type checkers and IDEs
    from .actions import Observation, ParsedAction, call, make_action, parse_action, parse_observation
    from .compose import ComposedEnv, compose
    from .conformance import ConformanceReport, check_env
    from .core import ToolEnv
    from .registry import list_envs, make, register, spec
    from .task import InjectedError, Task, TurnSpec
    from .tooling import Entity, ToolError, condition, tool
    from .world import Table, World, WorldScope, state

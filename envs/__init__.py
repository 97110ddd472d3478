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
    from .actions import Observation as Observation
    from .actions import ParsedAction as ParsedAction
    from .actions import call as call
    from .actions import make_action as make_action
    from .actions import parse_action as parse_action
    from .actions import parse_observation as parse_observation
    from .compose import ComposedEnv as ComposedEnv
    from .compose import compose as compose
    from .conformance import ConformanceReport as ConformanceReport
    from .conformance import check_env as check_env
    from .core import ToolEnv as ToolEnv
    from .registry import list_envs as list_envs
    from .registry import make as make
    from .registry import register as register
    from .registry import spec as spec
    from .task import InjectedError as InjectedError
    from .task import Task as Task
    from .task import TurnSpec as TurnSpec
    from .tooling import Entity as Entity
    from .tooling import ToolError as ToolError
    from .tooling import condition as condition
    from .tooling import tool as tool
    from .world import Table as Table
    from .world import World as World
    from .world import WorldScope as WorldScope
    from .world import state as state

"""Registration: Gymnasium ids for toolgym environments, and third-party plugins.

Built-in environments are registered with Gymnasium on ``import toolgym`` through string entry
points, so nothing heavy is imported until an environment is made. Other installed packages add
environments through the ``toolgym.envs`` entry-point group: each entry point names a module
(imported; it registers on import) or a callable (called with no arguments), exactly as
Gymnasium's own plugin mechanism does.

Example (in a third-party ``pyproject.toml``)::

    [project.entry-points."toolgym.envs"]
    acme = "acme_envs:register_all"
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

import gymnasium

from toolgym.errors import UnknownEnvironment, suggest
from toolgym.safejson import clip

if TYPE_CHECKING:
    from .core import ToolEnv

__all__ = ["register", "make", "spec", "resolve", "list_envs", "load_plugins", "load_modules", "register_builtins",
           "ENTRY_POINT_GROUP", "EnvInfo"]

ENTRY_POINT_GROUP = "toolgym.envs"
log = logging.getLogger(__name__)

_IDS: dict[str, str] = {}  # id -> source ("builtin" or the plugin's entry point)
_plugins_loaded = False

# id -> entry point, for the environments that ship with toolgym. Filled by the built-in domains
# (see BUILTINS below); the string form keeps ``import toolgym`` from importing them.
BUILTINS: dict[str, str] = {
    "toolgym/FileSystem-v0": "toolgym.envs.filesystem:FileSystem",
    "toolgym/Messaging-v0": "toolgym.envs.messaging:Messaging",
    "toolgym/Travel-v0": "toolgym.envs.travel:Travel",
    "toolgym/Social-v0": "toolgym.envs.social:Social",
    "toolgym/Support-v0": "toolgym.envs.support:Support",
    "toolgym/Trading-v0": "toolgym.envs.trading:Trading",
    "toolgym/Vehicle-v0": "toolgym.envs.vehicle:Vehicle",
    "toolgym/Calculator-v0": "toolgym.envs.calculator:Calculator",
    "toolgym/Retail-v0": "toolgym.envs.retail:Retail",
    "toolgym/Office-v0": "toolgym.envs.office:Office",
    "toolgym/Banking-v0": "toolgym.envs.banking:Banking",
    "toolgym/SmartHome-v0": "toolgym.envs.smarthome:SmartHome",
}

# Registered combinations: id -> member environment ids (made by envs/compose.py).
COMBINATIONS: dict[str, list[str]] = {
    "toolgym/TravelMessaging-v0": ["toolgym/Travel-v0", "toolgym/Messaging-v0"],
    "toolgym/PersonalAssistant-v0": [
        "toolgym/Office-v0",
        "toolgym/Banking-v0",
        "toolgym/Travel-v0",
        "toolgym/Messaging-v0",
    ],
    "toolgym/Shopping-v0": ["toolgym/Retail-v0", "toolgym/Banking-v0"],
    "toolgym/HomeAndCar-v0": ["toolgym/SmartHome-v0", "toolgym/Vehicle-v0"],
    "toolgym/Workstation-v0": ["toolgym/FileSystem-v0", "toolgym/Office-v0", "toolgym/Calculator-v0"],
}


@dataclass(frozen=True)
class EnvInfo:
    id: str
    entry_point: str
    source: str
    kwargs: dict[str, Any]


def register(id: str, entry_point: Any, *, source: str = "user", max_episode_steps: int | None = None, **kwargs: Any) -> None:
    """Register a toolgym environment with Gymnasium (and toolgym's own listing).

    ``entry_point`` is ``"module:Class"`` (preferred: nothing is imported until ``make``) or a
    class. Ids look like ``"namespace/Name-v0"``.
    """
    if id in gymnasium.registry and id in _IDS:
        existing = gymnasium.registry[id]
        if existing.entry_point == entry_point and existing.kwargs == kwargs:
            return  # registering the same thing twice (a re-imported plugin) is harmless
        raise ValueError(f"environment {id!r} is already registered with another entry point")
    gymnasium.register(
        id=id,
        entry_point=entry_point,
        max_episode_steps=max_episode_steps,
        kwargs=kwargs,
        disable_env_checker=True,  # our conformance check is stricter; the passive checker warns on text spaces
        order_enforce=True,
    )
    _IDS[id] = source


def register_builtins() -> None:
    for env_id, ep in BUILTINS.items():
        if env_id not in _IDS:
            register(env_id, ep, source="builtin")
    for env_id, members in COMBINATIONS.items():
        if env_id not in _IDS:
            register(env_id, "toolgym.envs.compose:ComposedEnv", source="builtin", domains=list(members))


def load_plugins() -> list[str]:
    """Load every ``toolgym.envs`` entry point once; returns the names that failed to load."""
    global _plugins_loaded
    if _plugins_loaded:
        return []
    _plugins_loaded = True
    failed = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        before = set(gymnasium.registry)
        try:
            obj = ep.load()
            if callable(obj) and not isinstance(obj, type):
                obj()
        except Exception as e:  # a broken plugin must not break toolgym for everyone else
            log.warning("toolgym plugin %r failed to load: %s", ep.name, e)
            failed.append(ep.name)
            continue
        for new_id in set(gymnasium.registry) - before:
            _IDS[new_id] = f"plugin:{ep.name}"
    return failed


def list_envs() -> list[EnvInfo]:
    """Every toolgym environment: built-ins, user registrations and plugins."""
    load_plugins()
    out = []
    for env_id in sorted(_IDS):
        s = gymnasium.registry[env_id]
        ep = s.entry_point if isinstance(s.entry_point, str) else f"{s.entry_point.__module__}:{getattr(s.entry_point, '__qualname__', s.entry_point)}"
        out.append(EnvInfo(id=env_id, entry_point=ep, source=_IDS[env_id], kwargs=dict(s.kwargs)))
    return out


def spec(id: str) -> gymnasium.envs.registration.EnvSpec:
    """The registration of a toolgym environment id (built-in, registered, or from a plugin).

    Raises:
        UnknownEnvironment: no such id. An id is never imported or evaluated: ``os:system``
            is just an unknown id (ids come from data files and command lines).
    """
    load_plugins()
    if not isinstance(id, str) or id not in _IDS:
        shown = repr(clip(id, 80)) if isinstance(id, str) else type(id).__name__
        hint = suggest(id, _IDS) if isinstance(id, str) and len(id) <= 128 else ""
        raise UnknownEnvironment(f"no toolgym environment {shown}{hint}; `toolgym envs list` shows them")
    return gymnasium.registry[id]


def resolve(id: str) -> type:
    """The class of a registered environment id (nothing but the registry is consulted)."""
    ep: Any = spec(id).entry_point
    if isinstance(ep, str):
        mod, _, attr = ep.partition(":")
        ep = getattr(importlib.import_module(mod), attr)  # a registered entry point, not data
    return ep


def make(id: str, **kwargs: Any) -> ToolEnv:
    """Make a toolgym environment by id, unwrapped (the ToolEnv itself, with ``.spec`` set).

    ``id`` is a registered id, or several joined with ``+`` (``"toolgym/Travel-v0+toolgym/Messaging-v0"``):
    their composition, one world and one persona (:func:`toolgym.envs.compose`). Ids resolve
    through the registry only (built-ins, ``register``, installed plugins): they come from
    data files and command lines, so nothing in them is ever imported.

    ``gymnasium.make(id)`` works too for single ids and returns it inside Gymnasium's wrappers.

    Raises:
        UnknownEnvironment: an id (or a part of a composed id) that is not registered.
    """
    if isinstance(id, str) and "+" in id and id not in _IDS:
        parts = id.split("+")
        for part in parts:
            spec(part)  # every part must be registered (a clear error naming the part)
        from .compose import ComposedEnv

        env = ComposedEnv(parts, **kwargs)
        env.composed_id = id
        return env
    s = spec(id)
    merged = {**s.kwargs, **kwargs}
    env = resolve(id)(**merged)
    env.spec = dataclasses.replace(s, kwargs=merged)
    return env


def load_modules(names: list[str] | tuple[str, ...]) -> None:
    """Import modules that register environments (``--plugin MODULE`` on the command line).

    Only dotted module names, asked for explicitly; an id is never treated as one.

    Raises:
        UnknownEnvironment: a name that is not a module name, or a module that cannot be imported.
    """
    for name in names:
        if not isinstance(name, str) or not all(part.isidentifier() for part in name.split(".")):
            raise UnknownEnvironment(f"expected a module name for --plugin (like my_envs or pkg.envs), got {clip(str(name), 80)!r}")
        try:
            importlib.import_module(name)
        except ImportError as e:
            raise UnknownEnvironment(f"cannot import plugin module {name!r}: {e}") from None


# Importing the registry registers the built-ins: ``import toolgym`` imports this module as soon
# as Gymnasium is imported (not before: toolgym.exporters and the CLI's light commands never load
# Gymnasium), so ``gymnasium.make("toolgym/...")`` works after ``import toolgym`` either way.
register_builtins()

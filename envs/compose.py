"""Composition: several domains in one environment, as one assistant with many apps.

Every domain builds its tables under its own name in one shared world, from RNG streams derived
from the world seed and the domain, and all of them serve the same persona. So a composed world
holds exactly the rows each domain would build alone, and a task can cross domains (find a
flight in Travel, then message its booking code to a contact in Messaging).

Tool names that clash across domains (two ``login`` tools) are prefixed with their domain
(``travel_login``, ``messaging_login``); unique names stay as they are.

Example:
    >>> env = compose("toolgym/Travel-v0", "toolgym/Messaging-v0")
    >>> obs, info = env.reset(seed=0)
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .core import ToolEnv
from .registry import COMBINATIONS
from .tooling import ToolDef
from .world import World

__all__ = ["ComposedEnv", "compose", "COMBINATIONS"]



def _resolve(member: str | type[ToolEnv]) -> type[ToolEnv]:
    """A member class: given as a class (code), a registered id (data: the registry only), or
    ``module:qualname`` as a composed env's own config names its members, for a class already
    loaded (so that ``type(env)(**env.config)`` rebuilds the env: the grounder reads the world of
    seed 0 from such a copy). A name from data never imports anything.
    """
    if isinstance(member, type):
        return member
    from .registry import resolve

    if ":" in member and "/" not in member:
        found = _loaded_env_classes().get(member)
        if found is not None:
            return found
    return resolve(member)  # the registry's error names what is registered, and the nearest ids


def _loaded_env_classes() -> dict[str, type[ToolEnv]]:
    """Every ToolEnv subclass imported so far, by ``module:qualname``."""
    out: dict[str, type[ToolEnv]] = {}
    todo: list[type[ToolEnv]] = [ToolEnv]
    while todo:
        for sub in todo.pop().__subclasses__():
            out.setdefault(f"{sub.__module__}:{sub.__qualname__}", sub)
            todo.append(sub)
    return out


class ComposedEnv(ToolEnv):
    """One assistant with several apps. Its system prompt lists each app's own instructions."""

    domain = "composed"
    composed_id: str  # the "A+B" id it was made from (set by make; read through env_id)

    def __init__(self, domains: Sequence[str | type[ToolEnv]], **kwargs: Any):
        if len(domains) < 2:
            raise ValueError(f"expected at least two domains to compose, got {len(domains)}")
        classes = [_resolve(d) for d in domains]
        names = [c.domain for c in classes]
        dupes = [n for n, k in Counter(names).items() if k > 1]
        if dupes:
            raise ValueError(f"each domain can appear once, got {dupes} more than once")
        tool_kwargs = {k: v for k, v in kwargs.items() if k in ("max_steps", "render_mode")}
        self.components: list[ToolEnv] = [c(**tool_kwargs) for c in classes]
        clashes = Counter(n for c in classes for n in c._tooldefs)
        merged: dict[str, ToolDef] = {}
        self._owners: dict[str, ToolEnv] = {}
        self._renames: list[dict[str, str]] = []  # per component: its tool name -> merged name
        for comp in self.components:
            renames = {}
            for name, td in type(comp)._tooldefs.items():
                new_name = f"{comp.domain}_{name}" if clashes[name] > 1 else name
                if new_name != name:
                    td = dataclasses.replace(td, name=new_name, spec=td.spec.model_copy(update={"name": new_name}))
                merged[new_name] = td
                self._owners[new_name] = comp
                renames[name] = new_name
            self._renames.append(renames)
        self._merged = merged
        # Member classes are part of the identity: the config (domains) is hashed into it.
        super().__init__(domains=[f"{c.__module__}:{c.__qualname__}" for c in classes], **kwargs)

    def all_tooldefs(self) -> dict[str, ToolDef]:
        return self._merged

    def tool_owner(self, name: str) -> Any:
        return self._owners[name]

    def _attach(self, world: World) -> None:
        self._scope = world.scope(self.domain)
        for comp in self.components:
            comp.world = world
            comp._attach(world)

    def _build_targets(self) -> list[ToolEnv]:
        return [self, *self.components]

    def _build_world(self, world: World) -> None:
        self._attach(world)
        for comp in self.components:
            comp.build(comp.world_scope)

    def customize_graph(self, graph: Any) -> None:
        """Each member's own graph adjustments, under the member's tool names."""
        for comp, renames in zip(self.components, self._renames, strict=False):
            comp.customize_graph(_RenamedGraph(graph, renames))

    def system_prompt(self) -> str:
        parts = [
            "You are one assistant with access to several apps for the same user. "
            "Tools of different apps can be combined; values found in one app can be used in another."
        ]
        for comp in self.components:
            parts.append(f"## {comp.domain}\n{comp.system_prompt()}")
        return "\n\n".join(parts)


def compose(*domains: str | type[ToolEnv], **kwargs: Any) -> ComposedEnv:
    """A composed environment of any set of registered ids or ToolEnv classes."""
    return ComposedEnv(list(domains), **kwargs)


class _RenamedGraph:
    """A member's view of the composed graph: its own tool names map to the merged ones."""

    def __init__(self, graph: Any, renames: dict[str, str]):
        self._graph = graph
        self._renames = renames

    def add_edge(self, src: str, dst: str, *args: Any, **kwargs: Any) -> Any:
        return self._graph.add_edge(self._renames.get(src, src), self._renames.get(dst, dst), *args, **kwargs)

    def remove_edge(self, src: str, dst: str, *args: Any, **kwargs: Any) -> Any:
        return self._graph.remove_edge(self._renames.get(src, src), self._renames.get(dst, dst), *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._graph, name)

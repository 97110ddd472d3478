"""The API dependency graph of an environment: which tool must run before which, and why.

A :class:`ApiGraph` wraps a ``networkx.MultiDiGraph`` whose nodes are tools and whose edges say
"A can enable B", built automatically from the tool specs:

* **data** edges: a result field of A holds an entity that B takes as a parameter (matched by
  entity type, ``Annotated[str, Entity("user")]``). Labelled ``entity``, ``result`` (the result
  path, e.g. ``"[].user_id"``), ``param`` (the parameter path) and ``required``;
* **state** edges: A establishes a precondition flag that B needs (``@tool(establishes=...)``,
  ``needs=...``). Labelled ``flag``.

**Fallback for environments that declare no entities**: a parameter and a result field with
the same name that looks like an identifier (ends in ``_id``, ``_key``, ``_token``, ``_uuid``,
``_code``... see :data:`ID_SUFFIXES`) and the same JSON type are taken to be the same internal
entity, named after the field. Everything else is user-knowable.

Authors adjust the graph in ``ToolEnv.customize_graph(graph)`` with :meth:`ApiGraph.add_edge`
and :meth:`ApiGraph.remove_edge` (a ``@condition`` that some tool makes hold is the usual case).

Queries:

* :meth:`ApiGraph.legal` — the tools that may run now: every precondition holds and every
  required internal-entity parameter has a value some earlier result revealed;
* :meth:`ApiGraph.prerequisite_chain` — the shortest list of tools that makes a target legal,
  ending with the target;
* :meth:`ApiGraph.distances` — how far each tool is from enabling a target, counting only the
  requirements not met yet (what the directed sampler minimises);
* :meth:`ApiGraph.is_internal_param` / :meth:`ApiGraph.user_params` — values only a tool can
  produce (ids) versus values a user can know (names, amounts, free text).

The graph is built once per environment class and config and cached (:meth:`ApiGraph.of`).

Example:
    >>> g = ApiGraph.of(toolgym.envs.make("toolgym/Messaging-v0"))
    >>> g.prerequisite_chain("send_message")
    ['login', 'find_user', 'send_message']
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from toolgym.errors import suggest

from .lru import LruCache

if TYPE_CHECKING:
    from .core import ToolEnv
    from .tooling import ToolDef

__all__ = ["ApiGraph", "Slot", "Requirement", "ID_SUFFIXES", "extract"]

ID_SUFFIXES = ("_id", "_ids", "_key", "_token", "_uuid", "_code", "_ref", "_number")
_ID_NAMES = ("id", "uuid", "token", "key")
_SEG = re.compile(r"\[\]|\{\}|[^.\[{]+")


def _segments(path: str) -> tuple[str, ...]:
    """``"items[].user_id"`` -> ``("items", "[]", "user_id")``; ``""`` is the value itself."""
    return tuple(_SEG.findall(path))


def extract(value: Any, segments: tuple[str, ...], limit: int | None = None) -> list[tuple[Any, str, Any]]:
    """Every ``(leaf, concrete path, parent object)`` reached by a result path's segments.

    ``[]`` walks a list (the concrete path gets the index), ``{}`` the values of a mapping;
    ``limit`` caps the items taken from each list (the first ones).
    """
    out: list[tuple[Any, str, Any]] = []
    stack: list[tuple[Any, int, str, Any]] = [(value, 0, "", None)]
    n = len(segments)
    while stack:
        v, i, path, parent = stack.pop()
        if i == n:
            out.append((v, path, parent))
            continue
        seg = segments[i]
        if seg == "[]":
            if isinstance(v, list):
                for j in range((len(v) if limit is None else min(len(v), limit)) - 1, -1, -1):
                    stack.append((v[j], i + 1, f"{path}[{j}]", parent))
        elif seg == "{}":
            if isinstance(v, dict):
                for k in reversed(list(v)):
                    stack.append((v[k], i + 1, f"{path}.{k}" if path else k, parent))
        elif isinstance(v, dict) and seg in v:
            stack.append((v[seg], i + 1, f"{path}.{seg}" if path else seg, v))
    return out


@dataclass(frozen=True)
class Slot:
    """An entity-typed place in a tool's parameters or result.

    ``path`` is relative to the arguments (``"receiver_id"``, ``"items[].product_id"``) or to
    the result (``"[].user_id"``); ``param`` is the top-level argument it lies in.
    """

    tool: str
    path: str
    entity: str
    internal: bool
    label: str | None
    required: bool = True

    @property
    def param(self) -> str:
        return _segments(self.path)[0] if self.path else ""


@dataclass(frozen=True)
class Requirement:
    """Something a tool needs before it can run: a flag (``state``) or an entity value (``data``)."""

    kind: str  # "state" | "data"
    key: str  # the flag or the entity type


def _is_id_name(name: str) -> bool:
    low = name.lower()
    return low in _ID_NAMES or low.endswith(ID_SUFFIXES) or (name.endswith("Id") and len(name) > 2)


def _json_type(schema: dict[str, Any] | None) -> str | None:
    if not isinstance(schema, dict):
        return None
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), None)
    return t


def _leaf_fields(schema: Any, path: str, out: dict[str, str], depth: int = 0) -> None:
    """Every scalar field of a JSON Schema with its path and JSON type (for the fallback)."""
    if not isinstance(schema, dict) or depth > 6:
        return
    t = _json_type(schema)
    if t == "object" or "properties" in schema:
        for k, sub in (schema.get("properties") or {}).items():
            _leaf_fields(sub, f"{path}.{k}" if path else k, out, depth + 1)
        if isinstance(schema.get("additionalProperties"), dict):
            _leaf_fields(schema["additionalProperties"], f"{path}{{}}", out, depth + 1)
    elif t == "array":
        _leaf_fields(schema.get("items"), f"{path}[]", out, depth + 1)
    elif t in ("string", "integer"):
        out[path] = t
    for key in ("anyOf", "oneOf"):
        for sub in schema.get(key) or ():
            _leaf_fields(sub, path, out, depth + 1)


def _last_name(path: str) -> str:
    segs = [s for s in _segments(path) if s not in ("[]", "{}")]
    return segs[-1] if segs else ""


class _Usable:
    __slots__ = ("pairs",)

    def __init__(self, pairs: frozenset[tuple[str, str]]):
        self.pairs = pairs

    def usable(self, tool: str, entity: str) -> bool:
        return (tool, entity) in self.pairs


class ApiGraph:
    """Tools and their dependencies, with the queries the sampler and the planner need.

    Build it with :meth:`of` (cached) or :meth:`build`. ``graph.g`` is the ``MultiDiGraph``;
    edge data always has ``kind`` (``"data"`` or ``"state"``) and ``required``.
    """

    # bounded: a long synth run meets hundreds of compositions of domains, each its own key
    _cache: LruCache[tuple[type, str], ApiGraph] = LruCache(32)

    def __init__(self, tooldefs: Mapping[str, ToolDef], entities: Mapping[str, Any], *, fallback: bool):
        self.tooldefs = dict(tooldefs)
        self.fallback = fallback
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        # param_slots[tool] / result_slots[tool]: entity slots found in the specs.
        self.param_slots: dict[str, list[Slot]] = {}
        self.result_slots: dict[str, list[Slot]] = {}
        self._entity_meta: dict[str, tuple[bool, str | None]] = {
            k: (bool(getattr(v, "internal", True)), getattr(v, "label", None)) for k, v in entities.items()
        }
        self._derived: dict[str, Any] = {}
        self.extra_requirements: dict[str, frozenset[str]] = {}
        # Flags live per domain: in a composed env, Travel's "logged_in" is not Messaging's.
        # State keys are then "domain.flag"; with one domain they are just the flag.
        domains = {td.spec.domain for td in self.tooldefs.values()}
        self.scoped = len(domains) > 1
        self._flag: dict[str, tuple[str, str]] = {}  # state key -> (flag, a tool of its domain)
        for name, td in self.tooldefs.items():
            spec = td.spec
            self.g.add_node(name, writes=spec.writes, needs=tuple(td.needs), establishes=tuple(td.establishes))
            required = set(spec.parameters.get("required", []))
            props = spec.parameters.get("properties", {})
            if fallback:
                pfields: dict[str, str] = {}
                _leaf_fields(spec.parameters, "", pfields)
                pents = {p: _last_name(p) for p in pfields if _is_id_name(_last_name(p))}
                rfields: dict[str, str] = {}
                _leaf_fields(spec.returns, "", rfields)
                rents = {p: _last_name(p) for p in rfields if _is_id_name(_last_name(p))}
                for p, e in pents.items():
                    self._entity_meta.setdefault(f"{e}:{pfields[p]}", (True, None))
                pents = {p: f"{e}:{pfields[p]}" for p, e in pents.items()}
                rents = {p: f"{e}:{rfields[p]}" for p, e in rents.items()}
            else:
                pents, rents = dict(spec.param_entities), dict(spec.result_entities)
            self.param_slots[name] = [
                Slot(name, p, e, *self._entity_meta.get(e, (True, None)), required=_segments(p)[0] in required)
                for p, e in pents.items()
                if _segments(p) and _segments(p)[0] in props
            ]
            self.result_slots[name] = [Slot(name, p, e, *self._entity_meta.get(e, (True, None))) for p, e in rents.items()]
        self._auto_edges()

    # --- construction ---------------------------------------------------------------------------

    @classmethod
    def of(cls, env: ToolEnv) -> ApiGraph:
        """The (cached) graph of ``env``'s class and config, customised by the env's hook."""
        key = (type(env), repr(sorted(env.config.items())))
        g = cls._cache.get(key)
        if g is None:
            g = cls._cache[key] = cls.build(env)
        return g

    @classmethod
    def build(cls, env: ToolEnv) -> ApiGraph:
        """A fresh graph from ``env``'s tool specs, then ``env.customize_graph(graph)``."""
        defs = env.all_tooldefs()
        entities = env.entities()
        graph = cls(defs, entities, fallback=not entities)
        env.customize_graph(graph)
        return graph

    def state_key(self, tool: str, flag: str) -> str:
        """The key of precondition ``flag`` as ``tool`` sees it (``"domain.flag"`` when composed)."""
        key = f"{self.tooldefs[tool].spec.domain}.{flag}" if self.scoped else flag
        self._flag.setdefault(key, (flag, tool))
        return key

    def key_holds(self, env: ToolEnv, key: str) -> bool:
        """Whether the precondition behind a state key holds in ``env`` now."""
        flag, tool = self._flag.get(key, (key, None))
        return env.holds(flag, env.tool_owner(tool) if tool is not None else None)

    def _auto_edges(self) -> None:
        producers: dict[str, list[Slot]] = {}
        for slots in self.result_slots.values():
            for s in slots:
                producers.setdefault(s.entity, []).append(s)
        for b, slots in self.param_slots.items():
            for ps in slots:
                for rs in producers.get(ps.entity, ()):
                    if rs.tool == b:
                        continue  # a tool cannot enable itself
                    self.g.add_edge(
                        rs.tool, b, key=f"data:{ps.entity}:{rs.path}->{ps.path}", kind="data",
                        entity=ps.entity, result=rs.path, param=ps.path, required=ps.required and ps.internal,
                        internal=ps.internal,
                    )
        establishers: dict[str, list[str]] = {}
        for name, td in self.tooldefs.items():
            for f in td.establishes:
                establishers.setdefault(self.state_key(name, f), []).append(name)
        for b, td in self.tooldefs.items():
            for f in td.needs:
                k = self.state_key(b, f)
                for a in establishers.get(k, ()):
                    if a != b:
                        self.g.add_edge(a, b, key=f"state:{k}", kind="state", flag=k, required=True)

    def with_requirements(self, extra: Mapping[str, Iterable[str]]) -> ApiGraph:
        """A view of this graph in which ``tool`` also needs a value of each listed entity.

        The sampler uses it for user-knowable entities it has no other source for (a file path:
        find it before cat-ing it). The edges are shared; the original graph is unchanged.
        """
        import copy

        view = copy.copy(self)
        view._derived = {}
        view.extra_requirements = {t: frozenset(es) for t, es in extra.items() if es}
        return view

    def add_edge(
        self,
        src: str,
        dst: str,
        kind: str = "state",
        *,
        flag: str | None = None,
        entity: str | None = None,
        result: str | None = None,
        param: str | None = None,
        required: bool = True,
    ) -> None:
        """Add a dependency the specs cannot express.

        Args:
            src: the tool that must run first.
            dst: the tool it enables.
            kind: ``"state"`` (``src`` makes precondition ``flag`` of ``dst`` hold; e.g. a
                ``@condition``) or ``"data"`` (``src``'s result field ``result`` feeds ``dst``'s
                parameter ``param``, an ``entity``).
            required: whether ``dst`` cannot run without it (planning treats it as a need).
        """
        self._check_tool(src)
        self._check_tool(dst)
        if kind == "state":
            if not flag:
                raise ValueError("a state edge needs flag=<the precondition src makes hold>")
            k = self.state_key(dst, flag)
            self.g.add_edge(src, dst, key=f"state:{k}", kind="state", flag=k, required=required)
        elif kind == "data":
            if not entity:
                raise ValueError("a data edge needs entity=<the entity type that flows>")
            self._entity_meta.setdefault(entity, (True, None))
            internal = self._entity_meta[entity][0]
            if param and result is not None and not any(s.path == param for s in self.param_slots[dst]):
                self.param_slots[dst].append(Slot(dst, param, entity, internal, None, required=required))
            if result is not None and not any(s.path == result and s.entity == entity for s in self.result_slots[src]):
                self.result_slots[src].append(Slot(src, result, entity, internal, None))
            self.g.add_edge(
                src, dst, key=f"data:{entity}:{result}->{param}", kind="data", entity=entity, result=result,
                param=param, required=required and internal, internal=internal,
            )
        else:
            raise ValueError(f"expected kind 'state' or 'data', got {kind!r}")
        self._derived.clear()

    def remove_edge(self, src: str, dst: str, kind: str | None = None, *, flag: str | None = None, entity: str | None = None) -> int:
        """Remove the matching edges from ``src`` to ``dst``; returns how many went."""
        self._check_tool(src)
        self._check_tool(dst)
        gone = []
        for _, _, key, d in list(self.g.edges(src, keys=True, data=True)):
            if _ != dst:
                continue
            if kind and d["kind"] != kind or flag and d.get("flag") != flag or entity and d.get("entity") != entity:
                continue
            gone.append(key)
        for key in gone:
            self.g.remove_edge(src, dst, key)
        self._derived.clear()
        return len(gone)

    def _check_tool(self, name: str) -> None:
        if name not in self.tooldefs:
            raise ValueError(f"no tool {name!r} in this graph{suggest(name, self.tooldefs)}")

    # --- structure ----------------------------------------------------------------------------

    @property
    def tools(self) -> list[str]:
        return list(self.tooldefs)

    def edges(self, kind: str | None = None) -> list[tuple[str, str, dict[str, Any]]]:
        """Edges as ``(src, dst, data)``, optionally of one kind, in a stable order."""
        out = [(u, v, d) for u, v, d in self.g.edges(data=True) if kind is None or d["kind"] == kind]
        return sorted(out, key=lambda e: (e[0], e[1], e[2]["kind"], e[2].get("flag") or e[2].get("entity") or "", str(e[2].get("param"))))

    def data_edges(self) -> list[tuple[str, str, dict[str, Any]]]:
        return self.edges("data")

    def state_edges(self) -> list[tuple[str, str, dict[str, Any]]]:
        return self.edges("state")

    def requirements(self, tool: str) -> list[Requirement]:
        """What ``tool`` needs before it can run: its flags, and entities of required internal params."""
        cache = self._derived.setdefault("reqs", {})
        if tool not in cache:
            self._check_tool(tool)
            reqs: dict[Requirement, None] = {}
            for f in self.tooldefs[tool].needs:
                reqs[Requirement("state", self.state_key(tool, f))] = None
            for s in self.param_slots[tool]:
                if s.internal and s.required:
                    reqs[Requirement("data", s.entity)] = None
            for _, _, d in self.g.in_edges(tool, data=True):
                if d.get("required"):
                    key = d["flag"] if d["kind"] == "state" else d["entity"]
                    reqs[Requirement(d["kind"], key)] = None
            for e in sorted(self.extra_requirements.get(tool, ())):
                reqs[Requirement("data", e)] = None
            cache[tool] = list(reqs)
        return cache[tool]

    def providers(self, tool: str, req: Requirement) -> list[str]:
        """The tools with an edge into ``tool`` that meets ``req``, sorted by name."""
        cache = self._derived.setdefault("prov", {})
        k = (tool, req)
        if k not in cache:
            attr = "flag" if req.kind == "state" else "entity"
            cache[k] = sorted({u for u, _, d in self.g.in_edges(tool, data=True) if d["kind"] == req.kind and d.get(attr) == req.key})
        return cache[k]

    def entity_slots(self, tool: str) -> list[Slot]:
        """The entity-typed parameter slots of ``tool``."""
        return self.param_slots[tool]

    def produced(self, tool: str) -> list[Slot]:
        """The entity-typed result slots of ``tool`` (what running it reveals)."""
        return self.result_slots[tool]

    def _slot(self, tool: str, param: str) -> Slot | None:
        cache = self._derived.setdefault("slot", {})
        k = (tool, param)
        if k not in cache:
            cands = [s for s in self.param_slots.get(tool, ()) if s.path == param] or [
                s for s in self.param_slots.get(tool, ()) if s.param == param
            ]
            cache[k] = cands[0] if cands else None
        return cache[k]

    def is_internal_param(self, tool: str, param: str) -> bool:
        """Whether only a tool can produce ``param``'s value (an internal entity, an id)."""
        s = self._slot(tool, param)
        return s is not None and s.internal

    def param_entity(self, tool: str, param: str) -> str | None:
        s = self._slot(tool, param)
        return s.entity if s else None

    def label_field(self, tool: str, param: str) -> str | None:
        """The result field a user knows ``param``'s entity by (e.g. ``"name"`` for a user id)."""
        s = self._slot(tool, param)
        return s.label if s else None

    def internal_params(self, tool: str) -> list[str]:
        """Parameters (top level) holding a value only a tool can produce."""
        return sorted({s.param for s in self.param_slots[tool] if s.internal})

    def entity_params(self, tool: str) -> list[str]:
        """Parameters (top level) holding an entity of any kind, internal or user-knowable."""
        return sorted({s.param for s in self.param_slots[tool]})

    def user_params(self, tool: str) -> list[str]:
        """Parameters a user can know: everything that is not an internal entity."""
        internal = set(self.internal_params(tool))
        return [p for p in self.tooldefs[tool].spec.parameters.get("properties", {}) if p not in internal]

    def internal_entities(self) -> list[str]:
        return sorted(e for e, (internal, _) in self._entity_meta.items() if internal)

    def user_entities(self) -> list[str]:
        return sorted(e for e, (internal, _) in self._entity_meta.items() if not internal)

    def entity_label(self, entity: str) -> str | None:
        return self._entity_meta.get(entity, (True, None))[1]

    # --- live queries -------------------------------------------------------------------------

    def unmet(self, tool: str, flags: Iterable[str] | Mapping[str, bool], known: Any) -> list[Requirement]:
        """Requirements of ``tool`` not met: flags not holding, entities with no usable value.

        ``known`` maps entity types to values; if it has a ``usable(tool, entity)`` method
        (:class:`toolgym.synth.grounding.Known`), that decides instead.
        """
        usable = getattr(known, "usable", None)
        out = []
        for r in self.requirements(tool):
            if r.kind == "state":
                if r.key not in flags:
                    out.append(r)
            elif not (usable(tool, r.key) if usable is not None else known.get(r.key)):
                out.append(r)
        return out

    def is_legal(self, env: ToolEnv, tool: str, known: Any) -> bool:
        """Every precondition holds now and every required internal entity has a known value."""
        td = self.tooldefs[tool]
        owner = env.tool_owner(tool)
        for need in td.needs:
            if not env.holds(need, owner):
                return False
        usable = getattr(known, "usable", None)
        needs_keys = self._needs_keys(tool)
        for r in self.requirements(tool):
            if r.kind == "data" and not (usable(tool, r.key) if usable is not None else known.get(r.key)):
                return False
            if r.kind == "state" and r.key not in needs_keys and not self.key_holds(env, r.key):
                return False
        return True

    def _needs_keys(self, tool: str) -> frozenset[str]:
        cache = self._derived.setdefault("needs_keys", {})
        k = cache.get(tool)
        if k is None:
            k = cache[tool] = frozenset(self.state_key(tool, f) for f in self.tooldefs[tool].needs)
        return k

    def holding(self, env: ToolEnv) -> frozenset[str]:
        """The state keys the graph's requirements mention that hold in ``env`` now."""
        keys = self._derived.get("state_keys")
        if keys is None:
            keys = self._derived["state_keys"] = sorted({r.key for t in self.tooldefs for r in self.requirements(t) if r.kind == "state"})
        return frozenset(k for k in keys if self.key_holds(env, k))

    def _legal_plan(self) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
        plan = self._derived.get("legal_plan")
        if plan is None:
            plan = self._derived["legal_plan"] = {
                t: (
                    frozenset(r.key for r in self.requirements(t) if r.kind == "state"),
                    frozenset(r.key for r in self.requirements(t) if r.kind == "data"),
                )
                for t in self.tooldefs
            }
        return plan

    def legal(self, env: ToolEnv, known: Any, tools: Iterable[str] | None = None) -> list[str]:
        """The offered tools (or ``tools``) that may run in ``env``'s state given ``known`` values.

        Args:
            env: a live environment.
            known: entity type -> values revealed so far (any non-empty container counts), or
                an object with ``usable(tool, entity)`` (values that failed for a tool do not
                count for it).
        """
        holding = self.holding(env)  # each precondition evaluated once, not once per tool
        plan = self._legal_plan()
        usable = getattr(known, "usable", None)
        avail = frozenset(k for k, v in known.items() if v)
        picky = getattr(known, "bad", None) or {}
        out = []
        for t in env.offered_tools if tools is None else tools:
            state, data = plan[t]
            # set inclusion runs in C; only a tool with values that failed for it is checked
            # value by value
            if state <= holding and data <= avail and (not data or t not in picky or all(usable(t, e) for e in data)):  # type: ignore[misc]
                out.append(t)
        return out

    def distances(self, target: str, flags: Iterable[str], known: Any) -> dict[str, int]:
        """For each tool, how many steps it is from enabling ``target``: 0 is the target.

        A backward breadth-first search from ``target`` along unmet requirements only: tool A
        is at distance d+1 when it provides (an edge) an unmet requirement of a tool at
        distance d. Met requirements do not count, so a login already done gives no distance.
        """
        fl = frozenset(flags)
        usable = getattr(known, "usable", None)
        if usable is not None:
            # Usability is per tool (values that failed for it): key the cache on what each
            # requirement-bearing tool can use.
            pairs = self._derived.get("data_pairs")
            if pairs is None:
                pairs = self._derived["data_pairs"] = [(t, r.key) for t in self.tooldefs for r in self.requirements(t) if r.kind == "data"]
            kn = frozenset(p for p in pairs if usable(*p))
            knd: Any = _Usable(kn)
        else:
            kn = frozenset(k for k, v in known.items() if v)
            knd = dict.fromkeys(kn, True)
        cache = self._derived.setdefault("dist", {})
        ck = (target, fl, kn)
        d = cache.get(ck)
        if d is not None:
            return d
        d = {target: 0}
        q = deque([target])
        while q:
            t = q.popleft()
            for r in self.unmet(t, fl, knd):
                for p in self.providers(t, r):
                    if p not in d:
                        d[p] = d[t] + 1
                        q.append(p)
        if len(cache) > 4096:
            cache.clear()
        cache[ck] = d
        return d

    def prerequisite_chain(self, target: str, *, flags: Iterable[str] = (), known: Iterable[str] = ()) -> list[str]:
        """The shortest tool sequence that makes ``target`` legal, ending with ``target``.

        Each unmet requirement is met by the provider with the shortest chain of its own (then
        read-only tools, then tools named for what they provide, then by name); the chains are
        merged in order without repeats.

        Args:
            target: the tool to reach.
            flags: preconditions that already hold.
            known: entity types whose values are already known.

        Raises:
            ValueError: ``target`` is not a tool, or a requirement has no provider.
        """
        self._check_tool(target)
        chains = self._all_chains(frozenset(flags), frozenset(known))
        result = chains.get(target)
        if result is None:
            missing = [r for r in self.requirements(target) if not self.providers(target, r)]
            what = ", ".join(f"{r.kind} {r.key!r}" for r in missing) or "a requirement whose providers are unreachable"
            raise ValueError(f"no chain reaches {target!r}: nothing provides {what}; add an edge in customize_graph")
        return list(result)

    def _all_chains(self, fl: frozenset[str], kn: frozenset[str]) -> dict[str, tuple[str, ...]]:
        """Every tool's shortest chain at once, by relaxation to a fixpoint (polynomial: each
        round only shortens chains), cached per starting state."""
        cache = self._derived.setdefault("chains", {})
        key = (fl, kn)
        if key in cache:
            return cache[key]
        chains: dict[str, tuple[str, ...]] = {}
        for _ in range(len(self.tooldefs) + 1):
            changed = False
            for tool in self.tooldefs:
                out: list[str] = []
                ok = True
                for r in self.requirements(tool):
                    if (r.kind == "state" and r.key in fl) or (r.kind == "data" and r.key in kn):
                        continue
                    best: tuple[str, ...] | None = None
                    best_rank: tuple[Any, ...] = ()
                    for p in self.providers(tool, r):
                        c = chains.get(p)
                        if c is None or tool in c:
                            continue
                        # Shortest first; then tools that only read, then tools named for what
                        # they provide (list_cards for a card id), then by name.
                        rank = (len(c), self.tooldefs[p].writes, r.key.split(":")[0].split(".")[-1] not in p, p)
                        if best is None or rank < best_rank:
                            best, best_rank = c, rank
                    if best is None:
                        ok = False
                        break
                    for t in best:
                        if t not in out:
                            out.append(t)
                if not ok:
                    continue
                out.append(tool)
                new = tuple(out)
                old = chains.get(tool)
                if old is None or (len(new), new) < (len(old), old):
                    chains[tool] = new
                    changed = True
            if not changed:
                break
        cache[key] = chains
        return chains

    # --- output -------------------------------------------------------------------------------

    def depth(self) -> dict[str, int]:
        """Length of each tool's prerequisite chain minus one (0: runs from the start)."""
        out = {}
        for t in self.tooldefs:
            try:
                out[t] = len(self.prerequisite_chain(t)) - 1
            except ValueError:
                out[t] = -1
        return out

    def summary(self) -> str:
        """A readable listing: tools with their requirements, then every edge."""
        lines = []
        depth = self.depth()
        for t in self.tooldefs:
            reqs = ", ".join(f"{r.kind}:{r.key}" for r in self.requirements(t)) or "-"
            chain = " -> ".join(self.prerequisite_chain(t)) if depth[t] >= 0 else "(unreachable)"
            lines.append(f"{t}  [depth {depth[t]}; needs {reqs}]\n    chain: {chain}")
            user = self.user_params(t)
            internal = self.internal_params(t)
            if user or internal:
                lines.append(f"    user-knowable: {', '.join(user) or '-'}; tool-produced: {', '.join(internal) or '-'}")
        lines.append("")
        lines.append(f"{len(self.data_edges())} data edges:")
        for u, v, d in self.data_edges():
            opt = "" if d.get("required") else " (optional)"
            lines.append(f"  {u} --{d['entity']}--> {v}   {d.get('result')} -> {d.get('param')}{opt}")
        lines.append(f"{len(self.state_edges())} state edges:")
        for u, v, d in self.state_edges():
            lines.append(f"  {u} ==[{d['flag']}]==> {v}")
        return "\n".join(lines)

    def to_dot(self, name: str = "api") -> str:
        """The graph in Graphviz DOT: solid edges carry data, dashed edges state."""

        def q(s: Any) -> str:
            return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'

        out = [f"digraph {q(name)} {{", "  rankdir=LR;", "  node [shape=box, fontname=Helvetica];"]
        for t, data in self.g.nodes(data=True):
            style = ', style=filled, fillcolor="#fde2e2"' if data.get("writes") else ""
            out.append(f"  {q(t)} [label={q(t)}{style}];")
        for u, v, d in self.edges():
            if d["kind"] == "data":
                out.append(f"  {q(u)} -> {q(v)} [label={q(d['entity'])}{'' if d.get('required') else ', style=dotted'}];")
            else:
                out.append(f"  {q(u)} -> {q(v)} [label={q(d['flag'])}, style=dashed, color=blue];")
        out.append("}")
        return "\n".join(out) + "\n"

    def draw(self, path: str, title: str | None = None) -> None:
        """Write a PNG picture (matplotlib, imported here): layers by prerequisite depth."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        depth = self.depth()
        simple: nx.DiGraph[str] = nx.DiGraph()
        for t in self.tooldefs:
            simple.add_node(t, layer=max(depth[t], 0))
        for u, v, d in self.g.edges(data=True):
            kinds = simple.get_edge_data(u, v, {}).get("kinds", set())
            simple.add_edge(u, v, kinds=kinds | {d["kind"]})
        pos = nx.multipartite_layout(simple, subset_key="layer")
        n = len(self.tooldefs)
        fig, ax = plt.subplots(figsize=(4 + 2.5 * (max(depth.values(), default=0) + 1), 2 + 0.45 * n))
        colors = ["#f4b6b6" if self.tooldefs[t].writes else "#b6d7f4" for t in simple.nodes]
        nx.draw_networkx_nodes(simple, pos, node_color=colors, node_size=300, ax=ax)
        nx.draw_networkx_labels(simple, pos, font_size=7, ax=ax)
        data_e = [(u, v) for u, v, d in simple.edges(data=True) if "data" in d["kinds"]]
        state_e = [(u, v) for u, v, d in simple.edges(data=True) if d["kinds"] == {"state"}]
        # Curved edges: tools of one layer sit in a column, and straight edges between them
        # would run hidden under the nodes.
        arc = "arc3,rad=0.15"
        nx.draw_networkx_edges(simple, pos, edgelist=data_e, ax=ax, arrows=True, edge_color="#444444", width=0.6, node_size=300, connectionstyle=arc, alpha=0.7)
        nx.draw_networkx_edges(simple, pos, edgelist=state_e, ax=ax, arrows=True, edge_color="#2255cc", style="dashed", width=0.6, node_size=300, connectionstyle=arc, alpha=0.7)
        ax.set_title(title or "API graph (solid: data, dashed: state; red: writes)", fontsize=9)
        ax.axis("off")
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)

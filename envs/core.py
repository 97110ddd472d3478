"""``ToolEnv``: a simulated, stateful API as a ``gymnasium.Env[str, str]``.

Subclass it, write ``build(world)`` to make the seeded world, and mark tool methods with
``@tool``. The framework validates every call against the tool's schema before it runs, checks
preconditions, runs the tool inside a savepoint (a failed call leaves the world exactly as it
was), and turns every kind of bad input into an error observation the model can read. Only a
genuine bug (an exception other than :class:`ToolError`) escapes ``step``.
"""

from __future__ import annotations

import functools
import inspect
import json
import random
import string
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, is_dataclass
from typing import Any, ClassVar

import gymnasium
from gymnasium import spaces
from pydantic import BaseModel, ValidationError

from toolgym import safejson
from toolgym.canonical import dumps_ascii
from toolgym.errors import suggest
from toolgym.record import ToolResult, ToolSpec

from .actions import MAX_ACTION, CallRequest, parse_action
from .language import attach_language
from .task import Task, TurnScore, TurnSpec, score_turn
from .tooling import ToolDef, ToolError, build_tooldef, format_validation_error
from .world import Table, World, WorldScope, derive_seed

__all__ = ["ToolEnv", "PRINTABLE", "MAX_TEXT", "clear_world_cache"]

# identity -> (tables' row dicts, attributes build() set, persona); a small LRU per process.
_WORLD_CACHE: OrderedDict[str, tuple[Any, Any, Any]] = OrderedDict()
_WORLD_CACHE_SIZE = 32
_FRAMEWORK_ATTRS = frozenset({"_scope", "_world", "_np_random", "_np_random_seed", "np_random", "_np_random_gen", "composed_id",
                              "_np_random_pending", "_toolgym_built"})


def _reserved_names() -> frozenset[str]:
    """Attribute names of the environment API that tool methods must not take."""
    return frozenset(n for n in dir(ToolEnv) if not n.startswith("__"))


def clear_world_cache() -> None:
    _WORLD_CACHE.clear()

PRINTABLE = frozenset(string.printable)
MAX_TEXT = 10_000_000  # observations: a long-context tool output can be large
_FLAGS = "@flags"
# A system prompt is cleaned on every reset: the same few docstrings, so remember them.
_cleandoc = functools.lru_cache(maxsize=256)(inspect.cleandoc)
_MAX_SUGGEST = 128  # names longer than this get no nearest-name search (difflib is quadratic)
# Results and written rows must be standard JSON: NaN/Infinity refused (ValueError), no
# circularity check (rows are trees; a cycle would be a bug surfacing as RecursionError).
_strict_ascii = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True, allow_nan=False, check_circular=False).encode


class ToolEnv(gymnasium.Env[str, str]):
    """Base class of every toolgym environment.

    Class attributes a subclass may set:
        domain: short name of the domain (default: the class name, lower case).
        version: bump when the world or tools change; part of the state identity.
        system: the system prompt (default: the class docstring, dedented).
        language: tool name -> :class:`~toolgym.envs.language.ToolLanguage`: how users ask
            for each tool and how its result is reported (see ``envs/language.py``).
        nouns: entity type -> :class:`~toolgym.envs.language.Noun`: how users speak of the
            things the tools' ids stand for ("my Roth IRA account", "that order").
        scenes: situations a user of this app may mention around any request ("I'm going over
            my portfolio before the quarter closes"): clauses the query writer adds now and then.
    """

    metadata: dict[str, Any] = {"render_modes": ["ansi"], "render_fps": 1}  # gymnasium.Env declares it so
    domain: ClassVar[str] = ""
    version: ClassVar[int] = 0
    system: ClassVar[str | None] = None
    max_steps_default: ClassVar[int] = 200
    cache_worlds: bool = True  # reuse built worlds per seed (see _make_world); a class or instance may set it
    nouns: ClassVar[dict[str, Any]] = {}
    scenes: ClassVar[tuple[str, ...]] = ()

    _tooldefs: ClassVar[dict[str, ToolDef]]
    _conditions: ClassVar[dict[str, Callable[[Any], bool]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("domain"):
            cls.domain = cls.__name__.lower()
        tooldefs: dict[str, ToolDef] = {}
        conditions: dict[str, Callable[[Any], bool]] = {}
        reserved = _reserved_names()
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                meta = getattr(value, "__toolgym_tool__", None)
                if meta is not None:
                    if attr in reserved:
                        # A tool method named like an API method (restore, step...) would
                        # silently replace it for every caller of the env.
                        raise TypeError(
                            f"tool method {cls.__name__}.{attr} shadows ToolEnv.{attr}; rename the method and "
                            f"keep the tool's name with @tool(name={attr!r})"
                        )
                    tooldefs[meta["name"]] = build_tooldef(value, meta, cls, cls.domain)
                cond = getattr(value, "__toolgym_condition__", None)
                if cond is not None:
                    conditions[cond] = value
        attach_language(cls, tooldefs, cls.__dict__.get("language"))
        cls._tooldefs = tooldefs
        cls._conditions = conditions

    @classmethod
    def add_tool(
        cls,
        name: str,
        schema: dict[str, Any],
        fn: Callable[..., Any],
        *,
        description: str,
        returns: dict[str, Any] | None = None,
        writes: bool = False,
        needs: str | Iterable[str] | None = None,
        establishes: str | Iterable[str] | None = None,
        revokes: str | Iterable[str] | None = None,
        entities: dict[str, Any] | None = None,
        result_entities: dict[str, Any] | None = None,
        intents: Iterable[str] = (),
        language: Any = None,
    ) -> ToolDef:
        """Add a tool from data (a JSON Schema and a function) rather than a decorated method.

        The tool gets everything ``@tool`` gives: a compiled strict validator (from the schema,
        by pydantic-core; non-finite numbers and unknown arguments refused), preconditions,
        a savepoint per call (a :class:`ToolError` undoes its writes), entity edges in the API
        graph (``entities={"pet_id": Entity("pet")}``, ``result_entities={"id": Entity("pet")}``,
        or ``x-entity`` marks in the schemas), and language (``language=ToolLanguage(...)``,
        else a draft from ``intents`` and the description).

        Tools belong to the class (the API graph, the grounder and the registry key on it), so
        add them before the first environment of the class is made, typically on a subclass
        made for the purpose: ``Pets = type("Pets", (ToolEnv,), {...}); Pets.add_tool(...)``.

        Args:
            name: the tool's name (``[A-Za-z0-9_-]{1,64}``, the conformance check says).
            schema: the JSON Schema of the arguments, type ``object``.
            fn: called as ``fn(env, **arguments)`` with the validated arguments (top-level
                defaults filled in); its return value is the result (JSON data).
            description: what the model reads.
            returns: the JSON Schema of the result (checked by the conformance walk).
            writes, needs, establishes, revokes, intents: as for ``@tool``.
            language: the tool's :class:`~toolgym.envs.language.ToolLanguage`.

        Returns:
            the :class:`ToolDef` added.
        """
        from .language import attach_language
        from .tooling import build_dynamic_tooldef

        reserved = _reserved_names()
        td = build_dynamic_tooldef(
            name, schema, fn, description=description, domain=cls.domain, returns=returns, writes=writes,
            needs=needs, establishes=establishes, revokes=revokes, entities=entities,
            result_entities=result_entities, intents=intents,
        )
        if name in reserved and name in vars(cls):
            raise TypeError(f"tool {name!r} would shadow {cls.__name__}.{name}")
        attach_language(cls, {name: td}, {name: language} if language is not None else None)
        tooldefs = dict(cls.__dict__.get("_tooldefs", {}))
        tooldefs[name] = td
        cls._tooldefs = tooldefs
        _forget_class(cls)
        return td

    def __init__(
        self,
        *,
        max_steps: int | None = None,
        tools: Iterable[str] | None = None,
        render_mode: str | None = None,
        **config: Any,
    ):
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"expected render_mode in {self.metadata['render_modes']}, got {render_mode!r}")
        self.render_mode = render_mode
        self.config = dict(config)
        self.max_steps = max_steps or self.max_steps_default
        self.action_space = spaces.Text(MAX_ACTION, min_length=0, charset=string.printable)
        self.observation_space = spaces.Text(MAX_TEXT, min_length=0, charset=string.printable)
        all_tools = self.all_tooldefs()
        if tools is not None:
            tools = list(tools)
            for t in tools:
                if t not in all_tools:
                    raise ValueError(f"no tool {t!r} in {type(self).__name__}{suggest(t, all_tools)}")
        self._tool_filter = None if tools is None else frozenset(tools)
        self._world: World | None = None  # read through .world, which is never None
        self._scope: WorldScope | None = None  # read through .world_scope
        self._last_obs = ""
        self.task: Task | None = None
        self._turn_ok: list[str] = []  # this turn's successful calls (reset by _begin_turn)
        self._turn_calls = 0
        self._injections: dict[str, list[str]] = {}

    # --- what subclasses provide ------------------------------------------------------------

    def build(self, world: WorldScope) -> None:
        """Create the seeded world: tables via ``world.table``, randomness via ``world.rng``.

        ``world.persona`` is the user the assistant serves, shared by every domain of a world.
        """

    def customize_graph(self, graph: Any) -> None:
        """Adjust the API graph built from this environment's tool specs (default: no change).

        ``graph`` is a :class:`toolgym.envs.graph.ApiGraph`; call ``graph.add_edge(...)`` for a
        dependency the specs cannot express (a ``@condition`` some tool makes hold) and
        ``graph.remove_edge(...)`` for one they imply wrongly. The graph is built once per
        environment class and config and cached, so this must depend on nothing else.
        """

    # --- identity and tools -----------------------------------------------------------------

    @property
    def env_id(self) -> str:
        composed = self.__dict__.get("composed_id")  # made from "A+B" (no Gymnasium spec holds that)
        if composed:
            return composed
        spec = getattr(self, "spec", None)
        return spec.id if spec is not None else f"{type(self).__module__}:{type(self).__name__}"

    def identity(self, seed: int) -> str:
        """What determines the built world: environment, version, config, seed."""
        cfg = ",".join(f"{k}={self.config[k]!r}" for k in sorted(self.config))
        cls = type(self)
        return f"{cls.__module__}.{cls.__qualname__}@{self.version}[{cfg}]#{seed}"

    def all_tooldefs(self) -> dict[str, ToolDef]:
        """Every tool this environment can ever offer, by name."""
        return self._tooldefs

    def entities(self) -> dict[str, Any]:
        """Every entity type the tools mention: ``{type: Entity}`` (internal or not, label)."""
        out: dict[str, Any] = {}
        for td in self.all_tooldefs().values():
            for k, v in td.entities.items():
                out.setdefault(k, v)
        return out

    def tool_owner(self, name: str) -> Any:
        """The object whose method implements tool ``name`` (self, or a component)."""
        return self

    def tool_specs(self, names: Iterable[str] | None = None) -> list[ToolSpec]:
        """Fresh copies of the specs of the offered tools (or of ``names``)."""
        defs = self.all_tooldefs()
        chosen = list(names) if names is not None else list(self._offered)
        return [defs[n].spec.model_copy(deep=True) for n in chosen]

    @property
    def offered_tools(self) -> list[str]:
        return list(self._offered)

    def system_prompt(self) -> str:
        # inspect.cleandoc: a class docstring's continuation lines carry the source's
        # indentation, which would reach every system prompt (and every exported row).
        doc = _cleandoc(self.system or type(self).__doc__ or "")
        return doc or f"You are an assistant with access to the {self.domain} tools."

    # --- the world ---------------------------------------------------------------------------

    @property
    def world(self) -> World:
        """The world of the last ``reset`` (every domain's tables; never ``None``).

        Tools run only after a reset, so inside a tool this always holds a world; before the
        first reset it raises :class:`gymnasium.error.ResetNeeded` rather than returning None.
        """
        w = self._world
        if w is None:
            raise gymnasium.error.ResetNeeded(f"{type(self).__name__} has no world yet: call reset() first")
        return w

    @world.setter
    def world(self, value: World) -> None:
        self._world = value

    @property
    def world_scope(self) -> WorldScope:
        """This domain's view of :attr:`world` (``.vars``, ``.seed``, ``.rng``, ``.table``), as
        ``build`` received it; never ``None`` (raises :class:`gymnasium.error.ResetNeeded` before
        the first reset)."""
        s = self._scope
        if s is None:
            raise gymnasium.error.ResetNeeded(f"{type(self).__name__} has no world yet: call reset() first")
        return s

    @property
    def has_world(self) -> bool:
        """Whether a world is built (``reset`` has run)."""
        return self._world is not None

    # --- gymnasium API ----------------------------------------------------------------------

    # gymnasium's Env.reset(seed) builds a numpy Generator (~40 us, a good part of a reset from
    # the world cache) that no tool uses: here it is built from the seed on first access.
    @property
    def _np_random(self) -> Any:
        d = self.__dict__
        g = d.get("_np_random_gen")
        if g is None and d.get("_np_random_pending") is not None:
            from gymnasium.utils import seeding

            g, _ = seeding.np_random(d.pop("_np_random_pending"))
            d["_np_random_gen"] = g
        return g

    @_np_random.setter
    def _np_random(self, value: Any) -> None:
        self.__dict__["_np_random_pending"] = None
        self.__dict__["_np_random_gen"] = value

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
        options = dict(options or {})
        task = options.pop("task", None)
        if options:
            raise ValueError(f"unknown reset options {sorted(options)}{suggest(next(iter(options)), ['task'])}; expected 'task'")
        if task is not None and not isinstance(task, Task):
            task = Task.model_validate(task)
        if seed is None and task is not None and task.seed is not None:
            seed = task.seed
        if type(seed) is int and 0 <= seed:
            self.__dict__["_np_random_gen"] = None
            self.__dict__["_np_random_pending"] = seed
            self._np_random_seed = seed
        else:
            super().reset(seed=seed)  # None keeps the generator; bad seeds get gymnasium's error
        if seed is None:
            seed = int(self.np_random.integers(0, 2**62))
        self.world_seed = seed
        self.world = self._make_world(seed)
        self._id_rng = random.Random(derive_seed(seed, "call-ids"))
        self._steps = 0
        self.task = task
        all_defs = self.all_tooldefs()
        if task is not None and task.tools is not None:
            names = [n for n in task.tools if n in all_defs]
            unknown = [n for n in task.tools if n not in all_defs]
            if unknown:
                raise ValueError(f"task offers unknown tools {unknown}{suggest(unknown[0], all_defs)}")
        elif self._tool_filter is not None:
            names = [n for n in all_defs if n in self._tool_filter]
        else:
            names = list(all_defs)
        self._offered: dict[str, ToolDef] = {n: all_defs[n] for n in names}
        self._turn = 0
        self._turn_rewards: list[float] = []
        self._begin_turn()
        if task is not None:
            obs = dumps_ascii({"user": task.turns[0].user})
        else:
            obs = dumps_ascii({"ready": True})
        info = {
            "tools": FreshSpecs([all_defs[n].spec for n in self._offered]),
            "system_prompt": task.system if task is not None and task.system else self.system_prompt(),
            "task": task.model_copy(deep=True) if task is not None else None,
            "seed": seed,
            "state_hash": self.world.state_hash(),
        }
        self._last_obs = obs
        return obs, info

    def _build_world(self, world: World) -> None:
        self._attach(world)
        self.build(self.world_scope)

    def _attach(self, world: World) -> None:
        """Point this env (and its components) at ``world``."""
        self._scope = world.scope(self.domain)

    def _build_targets(self) -> list[ToolEnv]:
        """The objects whose attributes ``build`` sets (self, or the components)."""
        return [self]

    def _make_world(self, seed: int) -> World:
        """Build the world for ``seed``, or copy it from the per-process cache of built worlds.

        A world is a pure function of its identity, and rows are never mutated in place (the
        journal replaces them), so a built world can be reused by copying each table's dict
        (microseconds) while sharing the row objects. Phase III, verification and RL rollouts
        reset to seeds they have just built; they hit the cache. ``cache_worlds = False`` on a
        class or instance turns it off (the conformance check builds fresh to test ``build``).
        """
        identity = self.identity(seed)
        cache = _WORLD_CACHE if self.cache_worlds else None
        template = cache.get(identity) if cache is not None else None
        targets = self._build_targets()
        if cache is not None and template is not None:
            cache.move_to_end(identity)
            tables, attrs, persona = template
            world = World(identity, seed)
            for name, rows in tables.items():
                world.tables[name] = Table(world, name, rows, shared=True)  # copied on first write
            world._persona = persona
            self._attach(world)
            for target, values in zip(targets, attrs, strict=False):
                for attr, (is_table, value) in values.items():
                    setattr(target, attr, world.tables[value] if is_table else value)
                target.__dict__.setdefault("_toolgym_built", set()).update(values)
            world.seal()
            return world
        world = World(identity, seed)
        before = [dict(vars(t)) for t in targets]
        self._build_world(world)
        world.seal()
        if cache is not None:
            attrs = []
            for target, old in zip(targets, before, strict=False):
                # What build() set: attributes it changed, plus every attribute an earlier build
                # of this object set. Rebuilding a seed this object built before (after an LRU
                # eviction) may assign the very objects it already holds (a value from a shared
                # pool), which "changed" alone would miss, leaving the template incomplete.
                known = target.__dict__.setdefault("_toolgym_built", set())
                values = {}
                for attr, value in vars(target).items():
                    if attr in _FRAMEWORK_ATTRS or (attr in old and old[attr] is value and attr not in known):
                        continue
                    values[attr] = (True, value.name) if isinstance(value, Table) else (False, value)
                known.update(values)
                attrs.append(values)
            # The template shares the built dicts with this world, which copies a table on its
            # first write (like a world reset from the cache): no copy of every table per build.
            for t in world.tables.values():
                t._shared = True
            cache[identity] = ({n: t._source() for n, t in world.tables.items()}, attrs, world._persona)
            if len(cache) > _WORLD_CACHE_SIZE:
                cache.popitem(last=False)
        return world

    def step(self, action: str | Mapping[str, Any]) -> tuple[str, float, bool, bool, dict[str, Any]]:
        """Run one assistant message: its tool calls in order, or its text answer.

        Every kind of bad input (not standard JSON, too large or too deep, an unknown tool,
        invalid arguments, an unmet precondition, a :class:`ToolError`, a result or a written
        value that is not a finite number) becomes an error observation, and the call that
        caused it leaves the world exactly as it was; the other calls of a parallel action
        still run. The observation never exceeds ``observation_space``: a result that would
        not fit is refused like a failed call.

        Any other exception is a bug in the environment and propagates. If it happens in a
        parallel action, the **whole action is rolled back** before it propagates: the calls
        that ran before it are undone too (world, preconditions, the turn's counters), so the
        environment is exactly as it was before ``step``, never half-applied.
        """
        if self._world is None:
            raise gymnasium.error.ResetNeeded("call reset() before step()")
        self._steps += 1
        parsed = parse_action(action, self._id_rng)
        reward = 0.0
        terminated = False
        info: dict[str, Any] = {}
        if parsed.error is not None:
            obs = dumps_ascii({"error": parsed.error})
            info["error"] = parsed.error
        elif parsed.calls:
            results = []
            parts = []
            budget = MAX_TEXT - 20 - len(parsed.calls)  # the envelope and the commas
            mark = self.world.mark()
            counters = (self._steps - 1, self._turn_calls, len(self._turn_ok))
            injections = {k: list(v) for k, v in self._injections.items()} if self._injections else None
            try:
                for c in parsed.calls:
                    r, part = self._execute(c, budget)
                    budget -= len(part)
                    results.append(r)
                    parts.append(part)
            except BaseException:
                # A bug: roll the whole action back (see the docstring), then let it surface.
                self.world.restore(mark)
                self._steps, self._turn_calls = counters[0], counters[1]
                del self._turn_ok[counters[2]:]
                if injections is not None:
                    self._injections = injections
                raise
            info["tool_results"] = results
            obs = '{"tool_results":[' + ",".join(parts) + "]}"
        else:
            obs, reward, terminated, info = self._answer(parsed.content or "")
        truncated = not terminated and self._steps >= self.max_steps
        self._last_obs = obs
        return obs, reward, terminated, truncated, info

    def render(self) -> str | None:
        if self.render_mode == "ansi":
            return self._last_obs
        return None

    # --- running calls ----------------------------------------------------------------------

    def execute(self, req: CallRequest) -> ToolResult:
        """Run one call atomically; bad input of any kind becomes an error result."""
        return self._execute(req)[0]

    def _execute(self, req: CallRequest, budget: int = MAX_TEXT) -> tuple[ToolResult, str]:
        """:meth:`execute`, plus the result's JSON (what the observation holds, at most ``budget``)."""
        if req.error is not None:
            return _failed(req.id, req.name, req.error)
        td = self._offered.get(req.name)
        if td is None:
            name = req.name
            hint = suggest(name, self._offered) if len(name) <= _MAX_SUGGEST else ""
            return _failed(req.id, safejson.clip(name, 256), f"unknown tool {safejson.clip(name, 60)!r}{hint}")
        self._turn_calls += 1
        injected = self._injections.get(req.name)
        if injected:
            msg = injected.pop()
            return _failed(req.id, req.name, msg)
        try:
            args = td.validator.validate_python(req.arguments)
        except ValidationError as e:
            return _failed(req.id, req.name, format_validation_error(td.name, e, td.spec.parameters))
        if not req.checked:
            # Values the schema leaves free (Any, dict) must be standard JSON data as well.
            why = safejson.problem(req.arguments, where="arguments")
            if why:
                return _failed(req.id, req.name, f"invalid arguments for {td.name}: {why}")
        owner = self.tool_owner(td.name)
        for need in td.needs:
            if not self.holds(need, owner):
                return _failed(req.id, req.name, self._precondition_message(td, need))
        world = self.world
        mark = world.mark()
        try:
            out = td.fn(owner, **args)
            if td.establishes or td.revokes:
                self._set_flags(owner, td.establishes, td.revokes)
        except ToolError as e:
            world.restore(mark)
            return _failed(req.id, req.name, str(e) or type(e).__name__)
        except BaseException:
            world.restore(mark)
            raise
        content = None
        try:
            content = _jsonable(out)
            why = world.nonfinite_since(mark)
            part = "" if why else _strict_ascii({"call_id": req.id, "name": req.name, "content": content})
        except ValueError:
            why = safejson.problem(content, where="the result")
            if why is None:  # not a number problem: a bug in the tool
                world.restore(mark)
                raise
        except BaseException:
            world.restore(mark)
            raise
        if why:
            # A result or state that is not a finite number (an overflow, NaN arithmetic) is a
            # failed call: the model gets the reason, the world stays as it was.
            world.restore(mark)
            return _failed(req.id, req.name, f"{td.name} failed: {why}; nothing was changed")
        if len(part) > budget:
            world.restore(mark)
            return _failed(req.id, req.name, f"the result of {td.name} is {len(part):,} characters, more than the "
                                             f"{budget:,} the observation has room for; nothing was changed, ask for less")
        self._turn_ok.append(td.name)
        return ToolResult(req.id, req.name, content), part

    def flags(self, owner: Any | None = None) -> frozenset[str]:
        """The precondition flags that currently hold (for ``owner``'s domain)."""
        owner = owner or self
        return frozenset(owner.world_scope.vars.get(_FLAGS, ()))

    def holds(self, need: str, owner: Any | None = None) -> bool:
        """Whether precondition ``need`` holds now (a flag, or a ``@condition`` predicate)."""
        owner = owner or self
        pred = type(owner)._conditions.get(need)
        if pred is not None:
            return bool(pred(owner))
        return need in owner.world_scope.vars.get(_FLAGS, ())

    def _set_flags(self, owner: Any, add: Iterable[str], remove: Iterable[str]) -> None:
        vars_ = owner.world_scope.vars
        cur = set(vars_.get(_FLAGS, ()))
        new = (cur | set(add)) - set(remove)
        if new != cur:
            vars_[_FLAGS] = sorted(new)

    def _precondition_message(self, td: ToolDef, need: str) -> str:
        providers = [d.name for d in self._offered.values() if need in d.establishes]
        hint = f"; call {' or '.join(providers)} first" if providers else ""
        pred = type(self.tool_owner(td.name))._conditions.get(need)
        if pred is not None and pred.__doc__ and not providers:
            # A predicate's docstring says what makes it hold ("the cart has an item").
            hint = f" ({pred.__doc__.strip().splitlines()[0].rstrip('.')})"
        return f"precondition not met for {td.name}: {need!r} does not hold{hint}"

    # --- task mode ----------------------------------------------------------------------------

    def _begin_turn(self) -> None:
        self._turn_ok = []
        self._turn_calls = 0
        self._injections = {}
        spec = self._turn_spec()
        if spec is not None:
            for name in spec.add_tools:
                if name in self.all_tooldefs():
                    self._offered[name] = self.all_tooldefs()[name]
            for inj in spec.inject_errors:
                self._injections.setdefault(inj.tool, []).extend([inj.error] * inj.times)

    def _turn_spec(self) -> TurnSpec | None:
        if self.task is None or self._turn >= len(self.task.turns):
            return None
        return self.task.turns[self._turn]

    def _answer(self, text: str) -> tuple[str, float, bool, dict[str, Any]]:
        spec, task = self._turn_spec(), self.task
        if spec is None or task is None:  # free mode: a text answer ends the episode
            return dumps_ascii({"done": True}), 0.0, True, {}
        score: TurnScore = score_turn(spec, self.world.state_hash(), self._turn_ok, self._turn_calls, text)
        self._turn_rewards.append(score.reward)
        info: dict[str, Any] = {"turn": self._turn, "turn_score": score}
        self._turn += 1
        if self._turn >= len(task.turns):
            episode_reward = sum(self._turn_rewards) / len(self._turn_rewards)
            info["episode_reward"] = episode_reward
            info["turn_rewards"] = list(self._turn_rewards)
            return dumps_ascii({"done": True, "reward": score.reward}), score.reward, True, info
        self._begin_turn()
        return dumps_ascii({"user": task.turns[self._turn].user}), score.reward, False, info

    # --- state ------------------------------------------------------------------------------

    def state_hash(self) -> str:
        return self.world.state_hash()

    def snapshot(self) -> dict[str, Any]:
        return self.world.snapshot()

    def checkpoint(self) -> int:
        """A savepoint of the world; ``restore(cp)`` undoes every write since."""
        return self.world.mark()

    def restore(self, checkpoint: int) -> None:
        self.world.restore(checkpoint)


class FreshSpecs(Sequence[ToolSpec]):
    """The offered tool specs; every access returns a fresh deep copy.

    Copying 20 specs costs ~3 ms, far more than a reset; copying on access keeps callers from
    corrupting the environment's specs without making every reset pay for it.
    """

    __slots__ = ("_specs",)

    def __init__(self, specs: list[ToolSpec]):
        self._specs = specs

    def __len__(self) -> int:
        return len(self._specs)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [s.model_copy(deep=True) for s in self._specs[i]]
        return self._specs[i].model_copy(deep=True)

    def __repr__(self) -> str:
        return f"FreshSpecs({[s.name for s in self._specs]})"


def _jsonable(out: Any) -> Any:
    if isinstance(out, BaseModel):
        return out.model_dump(mode="json")
    if is_dataclass(out) and not isinstance(out, type):
        return asdict(out)
    if isinstance(out, list) and out and isinstance(out[0], BaseModel):
        return [o.model_dump(mode="json") for o in out]
    return out


def _failed(call_id: str, name: str, error: str) -> tuple[ToolResult, str]:
    return ToolResult(call_id, name, error=error), dumps_ascii({"call_id": call_id, "name": name, "error": error})


def _forget_class(cls: type) -> None:
    """Drop what was derived from ``cls``'s tools (its API graph, its grounder): they changed."""
    from .graph import ApiGraph

    for key in [k for k in ApiGraph._cache if k[0] is cls]:
        del ApiGraph._cache[key]
    try:
        from toolgym.synth.grounding import Grounder
    except ImportError:  # pragma: no cover - the synth package is part of toolgym
        return
    for key in [k for k in Grounder._cache if k[0] is cls]:
        del Grounder._cache[key]

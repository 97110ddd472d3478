"""The conformance check every toolgym environment must pass, ours and third parties' alike.

Like PettingZoo's ``api_test``, it ships in the package: an environment author runs exactly
what our CI runs::

    from toolgym.envs import check_env
    check_env("acme/Bank-v0")          # or check_env(lambda: Bank()) or check_env(Bank())

It checks: Gymnasium's own ``check_env``; every tool schema is valid JSON Schema 2020-12 and
described; reset is deterministic (same seed, same world byte for byte); a seeded random walk
of calls is deterministic; every failed call leaves the world exactly as it was; read-only tools
never write; results match their declared schemas; the journaled state agrees with the real
world (no row mutated behind the journal's back); arbitrary garbage actions never raise.
"""

from __future__ import annotations

import json
import random
import re
import string
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from gymnasium.utils.env_checker import check_env as gym_check_env

from toolgym.canonical import dumps_ascii, stable_hash
from toolgym.errors import ConformanceError
from toolgym.record import ToolCall

from .actions import make_action, parse_observation
from .core import PRINTABLE, ToolEnv

__all__ = ["check_env", "ConformanceReport", "random_arguments"]

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass
class ConformanceReport:
    env_id: str
    problems: list[str] = field(default_factory=list)
    calls: int = 0
    failed_calls: int = 0
    ok_calls: int = 0
    tools_succeeded: set[str] = field(default_factory=set)
    # write tools no call of the walk ran successfully: their writes were never checked
    # (atomicity, the journal, read-only-ness of the others, the return schema)
    writes_never_succeeded: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        status = "PASS" if self.passed else "FAIL"
        lines = [
            f"{status} {self.env_id}: {self.calls} calls ({self.ok_calls} ok, {self.failed_calls} failed), "
            f"{len(self.tools_succeeded)} tools ran successfully"
        ]
        lines += [f"  - {p}" for p in self.problems]
        if self.writes_never_succeeded:
            lines.append(f"  ! {len(self.writes_never_succeeded)} write tools never succeeded in the walk, so their writes "
                         f"were not checked: {', '.join(self.writes_never_succeeded)} (check_env(..., require_writes=True) "
                         "fails on this; test them with calls that succeed)")
        return "\n".join(lines)


def _factory(env: Any) -> tuple[Callable[[], ToolEnv], str]:
    if isinstance(env, str):
        from .registry import make

        return (lambda: make(env)), env
    if isinstance(env, ToolEnv):
        cls, cfg = type(env), dict(env.config)
        spec = getattr(env, "spec", None)
        tools = env._tool_filter

        def fresh() -> ToolEnv:
            e = cls(tools=tools, **cfg)
            e.spec = spec
            return e

        return fresh, env.env_id
    if callable(env):
        e = env()
        return env, getattr(e, "env_id", type(e).__name__)
    raise TypeError(f"expected an env id, a ToolEnv or a factory, got {type(env).__name__}")


def check_env(env: Any, *, seed: int = 0, steps: int = 300, garbage: int = 150, raise_on_failure: bool = True,
              require_writes: bool = False) -> ConformanceReport:
    """Run the conformance check; raises :class:`ConformanceError` listing every problem.

    The report lists the write tools that no call of the seeded walk ran successfully
    (``writes_never_succeeded``, also in ``summary()``): a walk of random arguments rarely gets
    ids right, and a write that never succeeded had none of its writes checked.
    ``require_writes=True`` makes each of them a problem.
    """
    make_env, env_id = _factory(env)
    report = ConformanceReport(env_id)
    p = report.problems

    # 1. Gymnasium's own checker (spaces, reset/step signatures, seeding).
    e0 = make_env()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gym_check_env(e0, skip_render_check=True)
    except Exception as ex:  # noqa: BLE001 - reported, not raised, so every problem is listed
        p.append(f"gymnasium check_env: {type(ex).__name__}: {ex}")

    # 2. Tool specs.
    _check_specs(e0, p)

    # 3. Reset determinism, byte for byte. ``a`` builds its world fresh; ``b`` gets it from the
    # cache of built worlds (warmed by a third env), so the walk below also proves the cached
    # copy behaves exactly like a fresh build.
    a = make_env()
    a.cache_worlds = False
    make_env().reset(seed=seed)
    b = make_env()
    obs_a, info_a = a.reset(seed=seed)
    obs_b, info_b = b.reset(seed=seed)
    if obs_a != obs_b or a.world.snapshot() != b.world.snapshot():
        p.append("reset(seed) is not deterministic: two resets with the same seed built different worlds")
    if json.dumps(a.world.snapshot(), sort_keys=True) != json.dumps(b.world.snapshot(), sort_keys=True):
        p.append("snapshots differ in bytes for the same seed")
    if info_a["state_hash"] != info_b["state_hash"]:
        p.append("state hashes differ after reset with the same seed")
    c = make_env()
    c.cache_worlds = False
    c.reset(seed=seed + 1)
    if c.world.full_hash() == a.world.full_hash() and len(a.world.snapshot()) > 1:
        p.append("different seeds build identical worlds: is build() using world.rng()?")
    try:
        json.dumps(a.world.snapshot(), allow_nan=False)
    except (TypeError, ValueError) as ex:
        p.append(f"world holds values that are not JSON: {ex}")

    # 4. Seeded random walk, in two envs at once: determinism, atomicity, read-only, schemas.
    _walk(a, b, seed, steps, report)
    report.writes_never_succeeded = sorted(n for n in a.offered_tools
                                           if a.all_tooldefs()[n].writes and n not in report.tools_succeeded)
    if require_writes:
        p += [f"write tool {n} never succeeded in {steps} steps of the walk: its writes were not checked"
              for n in report.writes_never_succeeded]

    # 5. Journal integrity: base world + journaled changes == the real world.
    fresh = make_env()
    fresh.cache_worlds = False
    fresh.reset(seed=seed)
    rebuilt = fresh.world.snapshot()
    for tname, rows in a.world.changes().items():
        for k, v in rows.items():
            if v is None:
                rebuilt[tname].pop(k, None)
            else:
                rebuilt.setdefault(tname, {})[k] = v
    actual = a.world.snapshot()
    rebuilt = {t: {k: r[k] for k in sorted(r)} for t, r in rebuilt.items()}
    if stable_hash(rebuilt) != stable_hash(actual):
        diff = [t for t in actual if actual.get(t) != rebuilt.get(t)]
        p.append(f"rows changed without going through the journal (mutated in place?) in tables {diff}")

    # 6. Garbage actions never raise and never change the world.
    _garbage(make_env, seed, garbage, report)

    if raise_on_failure and p:
        raise ConformanceError(report.summary())
    return report


def _check_specs(env: ToolEnv, p: list[str]) -> None:
    defs = env.all_tooldefs()
    if not defs:
        p.append("the environment has no tools")
    for name, td in defs.items():
        s = td.spec
        if not _NAME.match(name):
            p.append(f"tool name {name!r} must match [A-Za-z0-9_-]{{1,64}} (OpenAI's rule)")
        if not s.description.strip():
            p.append(f"{name}: empty description")
        try:
            jsonschema.Draft202012Validator.check_schema(s.parameters)
            if s.returns is not None:
                jsonschema.Draft202012Validator.check_schema(s.returns)
        except jsonschema.SchemaError as ex:
            p.append(f"{name}: invalid JSON Schema: {ex.message}")
        if s.parameters.get("type") != "object":
            p.append(f"{name}: parameters must be a JSON Schema of type object")
        for pname, ps in s.parameters.get("properties", {}).items():
            if not ps.get("description"):
                p.append(f"{name}: parameter {pname!r} has no description (add it to the docstring's Args)")


def _harvest(value: Any, out: dict[str, list[Any]], key: str = "", limit: int = 40) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _harvest(v, out, k, limit)
    elif isinstance(value, list):
        for v in value[:limit]:
            _harvest(v, out, key, limit)
    elif isinstance(value, (str, int, float, bool)) and key:
        bucket = out.setdefault(key, [])
        if len(bucket) < limit and value not in bucket:
            bucket.append(value)


def random_arguments(
    schema: dict[str, Any],
    rng: random.Random,
    known: dict[str, list[Any]],
    preferred: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Plausible arguments for a schema: known values of same-named fields where there are any,
    and ``preferred`` values (the persona's own) most of the time when a name matches."""
    args: dict[str, Any] = {}
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    for pname, ps in props.items():
        if pname not in required and rng.random() < 0.5:
            continue
        if preferred and pname in preferred and rng.random() < 0.7:
            args[pname] = preferred[pname]
        else:
            args[pname] = _value_for(pname, ps, rng, known, 0)
    return args


def _value_for(name: str, s: dict[str, Any], rng: random.Random, known: dict[str, list[Any]], depth: int) -> Any:
    if "enum" in s:
        return rng.choice(s["enum"])
    if "const" in s:
        return s["const"]
    t = s.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "null")
    if t is None and "anyOf" in s:
        return _value_for(name, rng.choice(s["anyOf"]), rng, known, depth)
    pool = known.get(name) or []
    typed = [v for v in pool if _json_type(v) == t or (t == "number" and _json_type(v) == "integer")]
    if typed and rng.random() < 0.8:
        return rng.choice(typed)
    if t == "string":
        return rng.choice(["", "x", "hello world", "../..", "0", "Alice", "2025-01-01"]) if rng.random() < 0.3 else "".join(
            rng.choices(string.ascii_letters, k=rng.randint(1, 10))
        )
    if t == "integer":
        lo = s.get("minimum", -3)
        hi = s.get("maximum", max(50, lo + 50))  # a minimum above 50 alone (a port, a size) still has a range
        return rng.randint(int(lo), int(max(lo, hi)))
    if t == "number":
        return round(rng.uniform(s.get("minimum", -10), s.get("maximum", 1000)), 2)
    if t == "boolean":
        return rng.random() < 0.5
    if t == "array":
        if depth > 3:
            return []
        return [_value_for(name, s.get("items", {}), rng, known, depth + 1) for _ in range(rng.randint(0, 3))]
    if t == "object":
        if depth > 3:
            return {}
        return random_arguments(s, rng, known) if "properties" in s else {}
    if t == "null":
        return None
    return None


def _json_type(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    return "other"


def _walk(a: ToolEnv, b: ToolEnv, seed: int, steps: int, report: ConformanceReport) -> None:
    p = report.problems
    rng = random.Random(seed)
    known: dict[str, list[Any]] = {}
    _harvest(a.world.snapshot(), known)
    # The user's own credentials (username, password, email...) get the walk past logins.
    preferred = {k: v for k, v in a.world.persona.items() if isinstance(v, (str, int, float))}
    names = sorted(a.offered_tools)
    # Tools that establish preconditions first, so the walk gets past logins.
    openers = [n for n in names if a.all_tooldefs()[n].establishes]
    returns = {n: a.all_tooldefs()[n].spec.returns for n in names}
    for i in range(steps):
        name = rng.choice(openers) if openers and i < 8 else rng.choice(names)
        td = a.all_tooldefs()[name]
        args = random_arguments(td.spec.parameters, rng, known, preferred)
        tc = ToolCall(id=f"c{i:08d}", name=name, arguments=args)
        action = make_action([tc])
        before = a.world.state_hash()
        before_changes = dumps_ascii(a.world.changes()) if i % 10 == 0 else None
        try:
            obs_a, *_ = a.step(action)
        except Exception as ex:  # noqa: BLE001
            p.append(f"step raised {type(ex).__name__}: {ex} on {name}({args})")
            return
        obs_b, *_ = b.step(action)
        report.calls += 1
        if obs_a != obs_b or a.world.state_hash() != b.world.state_hash():
            p.append(f"step is not deterministic: {name}({args}) gave different results in two identical envs")
            return
        if not set(obs_a) <= PRINTABLE:
            p.append(f"observation of {name} has non-printable characters")
        result = (parse_observation(obs_a).results or [])[0]
        after = a.world.state_hash()
        if result.error is not None:
            report.failed_calls += 1
            if after != before or (before_changes is not None and dumps_ascii(a.world.changes()) != before_changes):
                p.append(f"failed call {name}({args}) changed the world (error: {result.error})")
        else:
            report.ok_calls += 1
            report.tools_succeeded.add(name)
            _harvest(result.content, known)
            if not td.writes and after != before:
                p.append(f"read-only tool {name} changed the world; declare it @tool(writes=True)")
            schema = returns[name]
            if schema is not None:
                errs = list(jsonschema.Draft202012Validator(schema).iter_errors(result.content))
                if errs:
                    p.append(f"{name} returned a result that does not match its return schema: {errs[0].message}")
        if len(p) > 20:
            return


def _garbage(make_env: Callable[[], ToolEnv], seed: int, n: int, report: ConformanceReport) -> None:
    p = report.problems
    env = make_env()
    env.reset(seed=seed)
    rng = random.Random(seed + 7)
    names = sorted(env.offered_tools)
    samples: list[Any] = [
        "", "{", "null", "[]", "42", '"text"', "{}", '{"tool_calls": 5}', '{"tool_calls": [1, 2]}',
        '{"tool_calls": [{"name": 3}]}', '{"content": 7}', '{"tool_calls": [{"name": "x"}], "extra": 1}',
        "[" * 5000 + "]" * 5000, '{"tool_calls": [{"name": "' + names[0] + '", "arguments": "not json"}]}',
        '{"tool_calls": [{"name": "' + names[0] + '", "arguments": [1]}]}',
        '{"tool_calls": [{"function": {"name": "' + names[0] + '", "arguments": "{\\"zz\\": 1}"}}]}',
    ]
    for _ in range(n):
        kind = rng.random()
        if kind < 0.3:
            samples.append("".join(rng.choices(string.printable, k=rng.randint(0, 200))))
        elif kind < 0.6:
            name = rng.choice(names)
            props = env.all_tooldefs()[name].spec.parameters.get("properties", {})
            args: dict[str, Any] = {k: rng.choice([None, 1, -1.5, "s", [], {}, True, "x" * 1000]) for k in props}
            if rng.random() < 0.5:
                args["unexpected_" + str(rng.randint(0, 9))] = 1
            samples.append(make_action([ToolCall(id="g00000000", name=name, arguments=args)]))
        else:
            name = rng.choice(names)
            mangled = name[: max(1, len(name) - 2)] + rng.choice(["x", "_", ""])
            samples.append(make_action([ToolCall(id="g00000001", name=mangled, arguments={})]))
    for action in samples:
        before = env.world.state_hash()
        try:
            obs, reward, term, trunc, info = env.step(action)
        except Exception as ex:  # noqa: BLE001
            p.append(f"garbage action raised {type(ex).__name__}: {ex}: {str(action)[:80]!r}")
            continue
        if not env.observation_space.contains(obs):
            p.append(f"observation outside the observation space for {str(action)[:60]!r}")
        d = json.loads(obs)
        all_failed = "error" in d or ("tool_results" in d and all("error" in r for r in d["tool_results"]))
        if all_failed and env.world.state_hash() != before:
            p.append(f"a rejected action changed the world: {str(action)[:80]!r}")
        if term or trunc:
            env.reset(seed=seed)

"""The attack, as a check: fuzz an environment with hostile actions and verify its promises.

Like :func:`~toolgym.envs.check_env`, it ships in the package, so a third-party environment is
attacked exactly as ours are::

    from toolgym.envs.fuzz import fuzz
    report = fuzz("acme/Bank-v0", actions=5_000, seed=0)
    assert report.ok, report.summary()

Actions mix plausible calls (arguments drawn from the tool's schema and from values earlier
results revealed, so calls get past logins and write) with hostile ones: non-finite and huge
numbers (``NaN``, ``±Infinity``, ``1e309``, integers past 64 bits), lone surrogates, nesting
10,000 deep (as an arguments string, as a value, as the whole action), payloads of 1-10 MB,
unknown and enormous tool names, wrong types, unexpected keys, odd call ids, garbage text, and
parallel actions mixing all of these. A share of episodes runs in task mode, so text answers are
scored (which hashes the state).

After every action it checks the four promises:

* **no exception out of step** (and, when one does escape, the action left no trace: a bug in a
  later call of a parallel action rolls the whole action back);
* **a rejected action changes nothing**: the state hash is the same after an action whose calls
  all failed; when some calls of a parallel action failed, the calls that succeeded, run alone
  from the same state, reach the same state hash; for a seeded share of rejected actions the
  whole world snapshot is compared too (which also catches rows mutated in place);
* **the observation is inside** ``observation_space``;
* **the observation is standard JSON** (no ``NaN``/``Infinity``).
"""

from __future__ import annotations

import json
import random
import string
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from toolgym.canonical import stable_hash

from .conformance import _harvest, random_arguments
from .core import ToolEnv
from .task import Task, TurnSpec

__all__ = ["fuzz", "FuzzReport", "Failure", "CHECKS"]

CHECKS = ("exception", "state_changed", "outside_space", "nonstandard_json")
_EPISODE = 60  # actions per episode before a reset (also on termination or truncation)
_BIG = 1_000_000


@dataclass
class Failure:
    check: str  # one of CHECKS
    kind: str  # the kind of action that caused it
    detail: str
    action: str  # the start of the action

    def __str__(self) -> str:
        return f"[{self.check}] {self.kind}: {self.detail} -- action {self.action!r}"


@dataclass
class FuzzReport:
    env_id: str
    seed: int = 0
    actions: int = 0
    calls: int = 0
    ok_calls: int = 0
    rejected_calls: int = 0
    rejected_actions: int = 0
    full_checks: int = 0  # rejected actions whose whole snapshot was compared
    subset_checks: int = 0  # mixed parallel actions replayed with their accepted calls alone
    seconds: float = 0.0
    kinds: Counter = field(default_factory=Counter)
    counts: Counter = field(default_factory=Counter)  # failures per check
    failures: list[Failure] = field(default_factory=list)
    max_failures: int = 50

    @property
    def ok(self) -> bool:
        return not self.counts

    def fail(self, check: str, kind: str, detail: str, action: Any) -> None:
        self.counts[check] += 1
        if len(self.failures) < self.max_failures:
            self.failures.append(Failure(check, kind, detail, _preview(action)))

    def summary(self) -> str:
        head = (f"{'PASS' if self.ok else 'FAIL'} {self.env_id}: {self.actions} actions, {self.calls} calls "
                f"({self.ok_calls} ok, {self.rejected_calls} rejected), {self.rejected_actions} rejected actions; "
                + ", ".join(f"{c} {self.counts.get(c, 0)}" for c in CHECKS))
        return "\n".join([head] + [f"  {f}" for f in self.failures])


def _preview(action: Any, n: int = 120) -> str:
    if isinstance(action, (str, bytes)):
        text = action if isinstance(action, str) else action.decode("latin-1")
    else:
        try:
            text = json.dumps(action, ensure_ascii=True, allow_nan=True)[: n + 1]
        except (TypeError, ValueError, RecursionError):
            text = f"<{type(action).__name__}>"
    return text[:n] + ("..." if len(text) > n else "")


def _refuse(name: str) -> Any:
    raise ValueError(f"{name} is not standard JSON")


def _standard_json(text: str) -> Any:
    return json.loads(text, parse_constant=_refuse)


# --- hostile values --------------------------------------------------------------------------

class _Raw:
    """A value spelled one way in the text of an action and another in its data form."""

    __slots__ = ("text", "value")

    def __init__(self, text: str, value: Any):
        self.text = text
        self.value = value


def _deep(n: int, leaf: Any = 0, kind: str = "list") -> Any:
    v = leaf
    for _ in range(n):
        v = [v] if kind == "list" else {"a": v}
    return v


def _hostile_value(rng: random.Random) -> tuple[str, Any]:
    r = rng.random()
    if r < 0.30:  # numbers
        return "number", rng.choice([
            float("nan"), float("inf"), float("-inf"), _Raw("1e309", float("inf")), _Raw("-1e309", float("-inf")),
            _Raw("1" + "0" * 400, 10**400), 10**30, 2**63, -(2**63) - 1, 2**63 - 1, -0.0,
            1e308, -1e308, 5e-324, 2**53 + 1, -1, 0, 1e-300,
        ])
    if r < 0.50:  # strings that are not valid Unicode, or odd
        return "string", rng.choice([
            "\udfff", "\ud800", "a\udfffb", "\ud83d", "\x00", "\x00\x01\x02", "\u202e\u200b", "\U0001f4a5" * 20,
            "../../../etc/passwd", "/dev/zero", "%s%n%x", "'; DROP TABLE users; --", "", " ", "\n\t",
            "A" * 5000, "\\", '"', "null", "NaN",
        ])
    if r < 0.62:  # nesting
        n = rng.choice([65, 200, 1000, 3000, 10_000])
        kind = rng.choice(["list", "dict"])
        text = ("[" * n + "0" + "]" * n) if kind == "list" else ('{"a":' * n + "0" + "}" * n)
        return "nesting", _Raw(text, _deep(n, kind=kind))
    if r < 0.65:  # huge payload
        return "huge", "x" * rng.randint(_BIG, 10 * _BIG)
    return "type", rng.choice([None, True, False, [], {}, [1, "a", None], {"k": "v"}, 0.5, "1", 1])


def _to_text(action: Any, rng: random.Random) -> str:
    """The action as text, as a model might send it: NaN/Infinity literals, raw 1e309, deep
    brackets, surrogates escaped or raw."""
    raws: dict[str, str] = {}

    def default(o: Any) -> Any:
        if isinstance(o, _Raw):
            key = f"@@toolgym-fuzz-{len(raws)}@@"
            raws[key] = o.text
            return key
        raise TypeError(f"not JSON: {type(o).__name__}")

    text = json.dumps(action, ensure_ascii=rng.random() < 0.7, allow_nan=True, default=default)
    for key, raw in raws.items():
        text = text.replace(f'"{key}"', raw)
    return text


def _strip_marks(v: Any) -> Any:
    """The data form of an action: every :class:`_Raw` replaced by its value."""
    if isinstance(v, _Raw):
        return v.value
    if isinstance(v, dict):
        return {k: _strip_marks(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_strip_marks(x) for x in v]
    return v


# --- the attacker -----------------------------------------------------------------------------


class _Attacker:
    def __init__(self, env: ToolEnv, rng: random.Random):
        self.env = env
        self.rng = rng
        self.known: dict[str, list[Any]] = {}
        self.preferred: dict[str, Any] = {}
        self.n = 0

    def reset(self) -> None:
        env = self.env
        self.known = {}
        _harvest(env.world.snapshot() if len(env.world.tables) < 64 else {}, self.known)
        self.preferred = {k: v for k, v in env.world.persona.items() if isinstance(v, (str, int, float))}
        self.names = sorted(env.offered_tools)
        defs = env.all_tooldefs()
        self.openers = [n for n in self.names if defs[n].establishes]
        self.n = 0

    def _id(self) -> str:
        self.n += 1
        return f"f{self.n:08d}"

    def valid_call(self) -> dict[str, Any]:
        rng = self.rng
        name = rng.choice(self.openers) if self.openers and rng.random() < 0.2 else rng.choice(self.names)
        schema = self.env.all_tooldefs()[name].spec.parameters
        return {"id": self._id(), "name": name, "arguments": random_arguments(schema, rng, self.known, self.preferred)}

    def hostile_call(self) -> tuple[str, dict[str, Any]]:
        rng = self.rng
        call = self.valid_call()
        args = call["arguments"]
        props = list(self.env.all_tooldefs()[call["name"]].spec.parameters.get("properties", {}))
        r = rng.random()
        if r < 0.65 and props:
            kind, value = _hostile_value(rng)
            args[rng.choice(props)] = value
            return f"arg_{kind}", call
        if r < 0.75:
            key = rng.choice(["zz", "x" * rng.choice([10, 100_000]), "\udfff", "__class__", "self"])
            args[key] = 1
            return "extra_key", call
        if r < 0.85:
            depth = rng.choice([100, 1000, 10_000])
            call["arguments"] = "[" * depth + "]" * depth if rng.random() < 0.5 else "[" * depth
            return "deep_arguments_string", call
        if r < 0.92:
            call["arguments"] = rng.choice(["{", "not json", "[1]", "null", '{"a": NaN}', '{"a": 1e309}', "{}" * 3])
            return "bad_arguments_string", call
        call["id"] = rng.choice([None, 7, "", "x" * 100_000, "dup", "\udfff"])
        return "odd_id", call

    def unknown_call(self) -> tuple[str, dict[str, Any]]:
        rng = self.rng
        r = rng.random()
        if r < 0.4 and self.names:
            n = rng.choice(self.names)
            name = n[: max(1, len(n) - 2)] + rng.choice(["x", "_", ""])
        elif r < 0.7:
            name = "".join(rng.choices(string.ascii_letters + "_", k=rng.randint(1, 30)))
        elif r < 0.8:
            name = "x" * rng.choice([257, 100_000, 2_500_000])
        else:
            name = rng.choice(["", " ", "\udfff", "../tool", "step", "reset", "__init__", "_execute", "world"])
        return "unknown_tool", {"id": self._id(), "name": name, "arguments": {}}

    def call(self) -> tuple[str, dict[str, Any]]:
        r = self.rng.random()
        if r < 0.5:
            return "valid", self.valid_call()
        if r < 0.85:
            return self.hostile_call()
        return self.unknown_call()

    def action(self) -> tuple[str, Any, list[dict[str, Any]] | None]:
        """(kind, the action as text or data, the calls as sent or None)."""
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            kind, calls = "valid", [self.valid_call()]
        elif r < 0.50:
            kind, c = self.hostile_call()
            calls = [c]
        elif r < 0.70:
            parts = [self.call() for _ in range(rng.randint(2, 8))]
            kind, calls = "parallel_mix", [c for _, c in parts]
        elif r < 0.77:
            kind, c = self.unknown_call()
            calls = [c]
        elif r < 0.87:
            return self.garbage()
        elif r < 0.92:
            content = rng.choice(["done", "I could not do it.", "\udfff", "x" * rng.choice([10, 200_000]), ""])
            return "answer", self._form({"content": content}), None
        elif r < 0.95:
            kind = "wire_form"
            c = self.valid_call()
            calls = [c]
            msg = {"content": None, "tool_calls": [{"id": c["id"], "type": "function",
                                                    "function": {"name": c["name"], "arguments": json.dumps(c["arguments"])}}]}
            return kind, self._form(msg), calls
        else:
            kind = "huge_payload"
            c = self.valid_call()
            props = list(self.env.all_tooldefs()[c["name"]].spec.parameters.get("properties", {})) or ["payload"]
            c["arguments"][rng.choice(props)] = "y" * rng.randint(_BIG, 10 * _BIG)
            calls = [c]
        return kind, self._form({"content": None, "tool_calls": calls}), calls

    def _form(self, msg: dict[str, Any]) -> Any:
        """Half the actions as text (the wire), half as data (the Python API, what rollouts pass)."""
        if self.rng.random() < 0.5:
            return _to_text(msg, self.rng)
        return _strip_marks(msg)

    def garbage(self) -> tuple[str, Any, None]:
        rng = self.rng
        name = rng.choice(self.names) if self.names else "x"
        samples = [
            "", "{", "null", "[]", "42", '"text"', "{}", "[" * 10_000 + "]" * 10_000, "{" * 10_000,
            '{"tool_calls": [{"name": "' + name + '", "arguments": {"a": NaN}}]}',
            '{"tool_calls": [{"name": "' + name + '", "arguments": {"a": Infinity}}]}',
            '{"tool_calls": [{"name": "' + name + '", "arguments": {"a": 1e309}}]}',
            '{"tool_calls": [{"name": "' + name + '", "arguments": {"a": "\\udfff"}}]}',
            '{"tool_calls": 5}', '{"content": 7}', '{"tool_calls": [], "content": null}', '{"role": "user", "content": "x"}',
            '{"tool_calls": [{"name": "' + name + '"}], "extra": 1}', '{"content": "x", "' + "k" * 200_000 + '": 1}',
            b'\xff\xfe{"content": "x"}', b'{"content": "\xc3\x28"}', "\udfff", '{"content": "a"} trailing',
            "".join(rng.choices(string.printable, k=rng.randint(0, 300))),
            {"tool_calls": [{"name": name, "arguments": {"a": {1, 2}}}]}, {"content": "x", 5: 1},
            {"tool_calls": [{"name": name, "arguments": {"a": object()}}]}, 12, None, ["content"],
        ]
        return "garbage", rng.choice(samples), None


def _task(rng: random.Random, seed: int) -> Task:
    return Task(id=f"fuzz-{seed}", seed=seed, turns=[TurnSpec(user=f"Request {i + 1}.") for i in range(rng.randint(2, 4))])


def fuzz(
    env: str | Callable[[], ToolEnv],
    *,
    actions: int = 1000,
    seed: int = 0,
    full_check_share: float = 0.1,
    task_share: float = 0.3,
    max_failures: int = 50,
) -> FuzzReport:
    """Attack one environment with ``actions`` seeded hostile actions; see the module docstring.

    Args:
        env: a registered id or a factory returning a fresh environment.
        actions: how many actions to send.
        seed: seed of everything the attacker draws (same seed, same attack).
        full_check_share: share of rejected actions whose whole world snapshot is compared
            before and after (milliseconds each on big worlds; the state hash is always compared).
        task_share: share of episodes run in task mode (text answers are scored).
        max_failures: failures kept with their details (all are counted).
    """
    if isinstance(env, str):
        from .registry import make

        env_id = env
        factory: Callable[[], ToolEnv] = lambda: make(env_id)  # noqa: E731
    else:
        factory = env
    rng = random.Random(seed)
    e = factory()
    report = FuzzReport(env_id=getattr(e, "env_id", type(e).__name__), seed=seed, max_failures=max_failures)
    attacker = _Attacker(e, rng)
    t0 = time.perf_counter()
    steps_left = 0
    for _ in range(actions):
        if steps_left <= 0:
            world_seed = rng.randrange(2**31)
            options = {"task": _task(rng, world_seed)} if rng.random() < task_share else None
            obs, _ = e.reset(seed=world_seed, options=options)
            attacker.reset()
            steps_left = _EPISODE
        steps_left -= 1
        kind, action, calls = attacker.action()
        report.actions += 1
        report.kinds[kind] += 1
        if _step_and_check(e, kind, action, calls, report, rng, full_check_share):
            steps_left = 0
    report.seconds = time.perf_counter() - t0
    return report


def _step_and_check(e: ToolEnv, kind: str, action: Any, calls: list[dict[str, Any]] | None, report: FuzzReport,
                    rng: random.Random, full_share: float) -> bool:
    """One action and the four checks; True when the episode must be reset."""
    before = e.state_hash()
    full = rng.random() < full_share
    full_before = stable_hash(e.world.snapshot()) if full else None
    cp = e.checkpoint()
    try:
        obs, _, terminated, truncated, _ = e.step(action)
    except Exception as ex:  # noqa: BLE001 - the harness reports bugs, it does not hide them
        tb = traceback.extract_tb(ex.__traceback__)[-1]
        report.fail("exception", kind, f"{type(ex).__name__}: {str(ex)[:200]} (at {tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})", action)
        if e.state_hash() != before or (full and stable_hash(e.world.snapshot()) != full_before):
            report.fail("state_changed", kind, "an action that raised left part of its effect in the world", action)
        return True
    if not e.observation_space.contains(obs):
        n = len(obs) if isinstance(obs, str) else -1
        report.fail("outside_space", kind, f"observation of {n:,} characters outside observation_space", action)
    try:
        d = _standard_json(obs)
    except (ValueError, RecursionError, TypeError) as ex:
        report.fail("nonstandard_json", kind, f"{type(ex).__name__}: {str(ex)[:120]}", action)
        return True
    after = e.state_hash()
    rejected = "error" in d
    results = d.get("tool_results") if isinstance(d, dict) else None
    if results is not None:
        report.calls += len(results)
        errors = [r for r in results if "error" in r]
        report.rejected_calls += len(errors)
        report.ok_calls += len(results) - len(errors)
        rejected = len(errors) == len(results)
        if errors and not rejected and calls is not None and len(calls) == len(results):
            # Run the accepted calls alone from the same state: the rejected ones must not count.
            accepted = [c for c, r in zip(calls, results, strict=False) if "error" not in r]
            e.restore(cp)
            e.step({"content": None, "tool_calls": [_plain(c) for c in accepted]})
            report.subset_checks += 1
            if e.state_hash() != after:
                report.fail("state_changed", kind, f"{len(errors)} rejected call(s) of a parallel action changed the world "
                                                  f"({'; '.join(r['error'][:60] for r in errors[:2])})", action)
    if rejected:
        report.rejected_actions += 1
        if after != before:
            report.fail("state_changed", kind, "a rejected action changed the state hash", action)
        elif full:
            report.full_checks += 1
            if stable_hash(e.world.snapshot()) != full_before:
                report.fail("state_changed", kind, "a rejected action changed the world snapshot (a row mutated in place?)", action)
    return bool(terminated or truncated)


def _plain(call: dict[str, Any]) -> dict[str, Any]:
    return {"id": call["id"] if isinstance(call.get("id"), str) else None, "name": call["name"],
            "arguments": _strip_marks(call["arguments"])}

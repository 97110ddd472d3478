"""Shared call helpers for the per-domain environment tests.

Every call goes through ``env.step`` and the JSON observation, exactly as a policy sees it, so
the helpers check what is actually serialised rather than the in-process ``ToolResult``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from typing import Any

import jsonschema

from toolgym.envs import call, make_action
from toolgym.envs.conformance import _harvest, random_arguments


def run(env: Any, name: str, /, **args: Any) -> dict[str, Any]:
    """Step one call through ``env.step``; returns the first tool result as a JSON dict.

    The dict has ``content`` on success and ``error`` (a string) on failure, never both.
    """
    obs, *_ = env.step(make_action(call(name, **args)))
    return json.loads(obs)["tool_results"][0]


def ok(env: Any, name: str, /, **args: Any) -> Any:
    """The call succeeds; returns its content."""
    r = run(env, name, **args)
    assert "error" not in r, f"{name}({args}) failed: {r['error']}"
    return r["content"]


def fails(env: Any, name: str, expect: str, /, **args: Any) -> str:
    """The call fails with a message containing ``expect`` and leaves the world unchanged."""
    before = env.state_hash()
    r = run(env, name, **args)
    assert "error" in r, f"{name}({args}) should fail, got {r.get('content')!r}"
    assert expect in r["error"], r["error"]
    assert env.state_hash() == before, "a failed call changed the world"
    return r["error"]


def assert_safe_random_walk(env: Any, names: Iterable[str], *, steps: int, seed: int, min_succeeded: int) -> None:
    """Random calls from an already-prepared (e.g. signed-in) env are safe and well typed.

    Draws ``steps`` calls uniformly from ``names`` (sorted, so the walk is reproducible), with
    arguments from ``random_arguments`` fed by values harvested from the snapshot and from every
    successful result. Checks: a failed call leaves ``state_hash`` unchanged (atomicity), a tool
    declared read-only never changes it, and each result validates against ``spec.returns``.
    Finally at least ``min_succeeded`` distinct tools must have succeeded at least once.
    """
    rng = random.Random(seed)
    known: dict[str, list[Any]] = {}
    _harvest(env.snapshot(), known)
    defs = env.all_tooldefs()
    names = sorted(names)
    validators = {n: jsonschema.Draft202012Validator(td.spec.returns) for n, td in defs.items()}
    succeeded = set()
    for _ in range(steps):
        name = rng.choice(names)
        td = defs[name]
        args = random_arguments(td.spec.parameters, rng, known)
        before = env.state_hash()
        r = run(env, name, **args)
        if "error" in r:
            assert env.state_hash() == before, (name, args, r["error"])
            continue
        succeeded.add(name)
        _harvest(r["content"], known)
        if not td.writes:
            assert env.state_hash() == before, f"read-only {name} wrote"
        validators[name].validate(r["content"])
    assert len(succeeded) >= min_succeeded, sorted(set(names) - succeeded)

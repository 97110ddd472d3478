"""Shared check of a domain's ``intents=[...]`` (imported by every tests/envs/test_<domain>.py).

The built-in query writer renders a tool's intents into user requests, so every intent must be
usable as a template: each required parameter appears as a ``{param}`` placeholder, no
placeholder names an unknown parameter, and the phrasing reads like a user's request
(imperative, lower-case start, no trailing punctuation).

Usage::

    from tests.envs.intent_checks import assert_intents_cover_required_params

    def test_every_tool_has_three_intents_naming_each_required_param():
        assert_intents_cover_required_params(FileSystem())
"""

from __future__ import annotations

import string
from typing import Any

__all__ = ["intent_problems", "assert_intents_cover_required_params", "placeholders"]

_FORMATTER = string.Formatter()


def placeholders(template: str) -> set[str]:
    """The ``{name}`` placeholders of an intent template (raises ValueError if malformed)."""
    return {field for _, field, _, _ in _FORMATTER.parse(template) if field is not None}


def intent_problems(env: Any, min_intents: int = 3) -> list[str]:
    """Every problem with the intents of ``env``'s tools, one readable line each (empty: fine).

    Args:
        env: a ``ToolEnv`` instance or class (only its tool definitions are read).
        min_intents: the fewest phrasings a tool must have.
    """
    problems: list[str] = []
    for name, td in env.all_tooldefs().items() if not isinstance(env, type) else env._tooldefs.items():
        params = td.spec.parameters.get("properties", {})
        required = set(td.spec.parameters.get("required", []))
        intents = list(td.intents)
        if len(intents) < min_intents:
            problems.append(f"{name}: expected >= {min_intents} intents, got {len(intents)}")
        if len(set(intents)) != len(intents):
            problems.append(f"{name}: duplicate intents")
        for intent in intents:
            try:
                found = placeholders(intent)
            except ValueError as e:
                problems.append(f"{name}: malformed intent {intent!r}: {e}")
                continue
            missing = required - found
            if missing:
                problems.append(f"{name}: intent {intent!r} lacks placeholder(s) {sorted(missing)}")
            unknown = found - set(params)
            if unknown:
                problems.append(f"{name}: intent {intent!r} names unknown parameter(s) {sorted(unknown)}")
            stripped = intent.strip()
            if not stripped or stripped != intent:
                problems.append(f"{name}: intent {intent!r} is empty or has surrounding spaces")
            elif stripped[0].isalpha() and not stripped[0].islower():
                problems.append(f"{name}: intent {intent!r} should start lower-case")
            elif stripped[-1] in ".!?;:,":
                problems.append(f"{name}: intent {intent!r} should not end with punctuation")
    return problems


def assert_intents_cover_required_params(env: Any, min_intents: int = 3) -> None:
    """Fail with every problem listed when any tool's intents are unusable as templates."""
    problems = intent_problems(env, min_intents)
    assert not problems, "intent problems:\n  " + "\n  ".join(problems)

"""The leak check: a query must not contain any value that only a tool produced.

The set of such values comes from :func:`~.turnplan.plan_turn` (every internal value of every
result of every chain, by the tools' entity annotations, plus string values under id-like keys,
minus what the user side supplied). It grows over a conversation: an id found in turn 1 must not
appear in the user's words in turn 3 either. The check applies to every query, built-in or
model-written.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["find_leaks"]


def find_leaks(text: str, internal: Iterable[str]) -> list[str]:
    """The internal values that occur in ``text`` (case-insensitive substring), sorted."""
    low = text.lower()
    return sorted(v for v in internal if v.lower() in low)

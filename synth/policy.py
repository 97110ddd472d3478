"""The policy interface: what acts in an environment, a model or the built-in planner.

A policy sees what a model would see (the conversation so far and the offered tools) and returns
one assistant message: tool calls and/or text, with its reasoning. ``Context`` also carries the
live environment and the task, which the offline planner plans on (it has no model to read the
user's words with); a model-backed policy ignores them.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolgym.record import Message, ToolSpec

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv
    from toolgym.envs.task import Task

__all__ = ["Policy", "Context", "PolicyError"]


class PolicyError(Exception):
    """A policy could not produce a message; ``reason`` is the episode's termination reason."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class Context:
    env: ToolEnv
    task: Task | None = None
    turn: int = 0
    target: str | None = None  # exploration mode: the tool to reach
    rng: random.Random = field(default_factory=random.Random)
    usage: dict[str, Any] = field(default_factory=dict)  # tokens and latency, filled by model policies


class Policy(ABC):
    """Produces the next assistant message."""

    name: str = "policy"

    @abstractmethod
    async def act(self, messages: list[Message], tools: list[ToolSpec], ctx: Context) -> Message:
        """The next assistant message (``role="assistant"``). Raise :class:`PolicyError` to end the
        episode with a termination reason (server error after retries, malformed output...)."""

    async def aclose(self) -> None:  # noqa: B027 - an optional hook: most policies hold nothing
        """Release connections."""

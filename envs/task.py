"""Tasks: user turns, and what each turn must achieve (checked on the end state).

A task drives an environment in task mode (``reset(options={"task": task})``). Each turn is one
user message; when the assistant answers in text the environment scores the turn against its
expectations and gives the next user message. The same checker scores synthesized data,
evaluations and RL rollouts.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# A turn's expectations are part of the canonical record (Turn.expect), so they live in the core.
from toolgym.record import InjectedError, TurnSpec

__all__ = ["Task", "TurnSpec", "InjectedError", "score_turn", "TurnScore"]


class Task(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = "task"
    seed: int | None = None
    turns: list[TurnSpec]
    tools: list[str] | None = Field(default=None, description="tools offered at the start (None: all)")
    system: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)


class TurnScore(BaseModel):
    reward: float
    checks: dict[str, bool]
    state_hash: str


def score_turn(spec: TurnSpec, state_hash: str, called_ok: list[str], called_any: int, answer: str) -> TurnScore:
    """Binary reward: 1.0 when every expectation of the turn holds."""
    checks: dict[str, bool] = {}
    if spec.expect_state is not None:
        checks["state"] = state_hash == spec.expect_state
    if spec.expect_calls:
        remaining = list(called_ok)
        ok = True
        for name in spec.expect_calls:  # a multiset: two expected sends need two sends
            if name in remaining:
                remaining.remove(name)
            else:
                ok = False
        checks["calls"] = ok
    if spec.expect_answer:
        low = answer.lower()
        checks["answer"] = all(s.lower() in low for s in spec.expect_answer)
    if spec.expect_no_calls:
        checks["no_calls"] = called_any == 0
    reward = 1.0 if all(checks.values()) else 0.0
    return TurnScore(reward=reward, checks=checks, state_hash=state_hash)

"""Tasks: user turns, and what each turn must achieve (checked on the end state).

A task drives an environment in task mode (``reset(options={"task": task})``). Each turn is one
user message; when the assistant answers in text the environment scores the turn against its
expectations and gives the next user message. The same checker scores synthesized data,
evaluations and RL rollouts.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Task", "TurnSpec", "InjectedError", "score_turn", "TurnScore"]


class InjectedError(BaseModel):
    """Make the first ``times`` calls of ``tool`` in this turn fail (error-recovery variant)."""

    model_config = ConfigDict(extra="forbid")
    tool: str
    error: str = "503 Service Unavailable: the service is temporarily overloaded, try again"
    times: int = 1


class TurnSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str
    expect_state: str | None = Field(default=None, description="state hash the world must have after the turn")
    expect_calls: list[str] = Field(default_factory=list, description="tools that must run successfully this turn")
    expect_answer: list[str] = Field(
        default_factory=list, description="strings the final answer must contain (case-insensitive)"
    )
    expect_no_calls: bool = Field(default=False, description="the turn must be answered without any tool call")
    add_tools: list[str] = Field(default_factory=list, description="tools offered from this turn on")
    inject_errors: list[InjectedError] = Field(default_factory=list)
    meta: dict[str, Any] = Field(
        default_factory=dict,
        description="structured data about the turn for policies that cannot read text (the offline planner): "
        "e.g. {'target': tool, 'user_values': {param: value}}",
    )


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

"""An executed chain: Phase I's output and the ground truth of one turn.

The graph-directed sampler (and the LLM explorer) produce a :class:`Chain`: every call that ran,
its result, the state hash after it, and where each argument value came from (the user's side,
or a field of an earlier result). Phase II abstracts it into an advanced tool and a hard query;
Phase III checks the reasoner's calls against it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from toolgym.record import ToolCall, ToolResult

__all__ = ["ArgSource", "ChainStep", "Chain"]


class ArgSource(BaseModel):
    """Where an argument value came from.

    ``user``: a value the user can know (from the world's public side, the persona, the task or
    drawn from the schema); ``result``: a field of an earlier result (``call_id`` and ``path``,
    e.g. ``"[0].user_id"``), so only a tool could have produced it; ``default``: the schema's
    default.
    """

    model_config = ConfigDict(extra="forbid")
    kind: Literal["user", "result", "default"]
    call_id: str | None = None
    path: str | None = None
    label: str | None = Field(default=None, description="how the user refers to the value (e.g. a name)")


class ChainStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    call: ToolCall
    result: ToolResult
    state_hash: str
    sources: dict[str, ArgSource] = Field(default_factory=dict, description="argument name -> provenance")


class Chain(BaseModel):
    model_config = ConfigDict(extra="forbid")
    env_id: str
    seed: int
    target: str
    steps: list[ChainStep] = Field(default_factory=list)
    start_hash: str
    end_hash: str
    target_index: int | None = Field(default=None, description="index in steps of the successful target call")
    meta: dict[str, Any] = Field(default_factory=dict)

    @property
    def reached(self) -> bool:
        return self.target_index is not None

    def ok_steps(self) -> list[ChainStep]:
        return [s for s in self.steps if s.result.error is None]

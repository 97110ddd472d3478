"""The canonical record: one internal representation that every exporter is a pure function of.

Arguments are always dicts here (never JSON strings), tool-call ids follow one rule
(:data:`CALL_ID_RULE`, 9 alphanumerics: Mistral's templates, the strictest, require exactly that;
:func:`new_call_id`, :func:`is_call_id`), and reasoning is kept per
assistant step. An :class:`Episode` serialises to one JSON line and back without loss.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from toolgym.callid import (
    CALL_ID_ALPHABET,
    CALL_ID_LENGTH,
    CALL_ID_PATTERN,
    CALL_ID_RULE,
    is_call_id,
    new_call_id,
)
from toolgym.recorddict import (
    RECORD_VERSION,
    MessageDict,
    RecordDict,
    ToolCallDict,
    ToolSpecDict,
    TurnDict,
    Variant,
    upgrade_dict,
)

__all__ = [
    "ToolSpec",
    "ToolCall",
    "ToolResult",
    "Message",
    "Turn",
    "Episode",
    "Variant",
    "TurnSpec",
    "InjectedError",
    "RECORD_VERSION",
    "upgrade_dict",
    "new_call_id",
    "is_call_id",
    "CALL_ID_LENGTH",
    "CALL_ID_PATTERN",
    "CALL_ID_RULE",
    "episode_json_schema",
    "CALL_ID_ALPHABET",
    "RecordDict",
    "MessageDict",
    "TurnDict",
    "ToolCallDict",
    "ToolSpecDict",
]

_VERSION_KEY = {"record_version"}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_defaults=True)


class ToolSpec(_Record):
    """What a model is told about a tool, plus what the graph and the checker need to know."""

    name: str
    description: str
    parameters: dict[str, Any] = Field(description="JSON Schema (draft 2020-12) of the arguments; type object")
    returns: dict[str, Any] | None = Field(default=None, description="JSON Schema of the result")
    writes: bool = False
    needs: list[str] = Field(default_factory=list, description="preconditions that must hold before the call")
    establishes: list[str] = Field(default_factory=list, description="preconditions a successful call makes hold")
    revokes: list[str] = Field(default_factory=list, description="preconditions a successful call ends")
    param_entities: dict[str, str] = Field(
        default_factory=dict, description="argument path -> entity type, e.g. {'receiver_id': 'user'}"
    )
    result_entities: dict[str, str] = Field(
        default_factory=dict, description="result path -> entity type, e.g. {'[].id': 'user'}"
    )
    domain: str | None = Field(default=None, description="the environment or domain the tool belongs to")

    def to_openai(self) -> dict[str, Any]:
        """The ``{"type": "function", "function": {...}}`` form used by OpenAI-compatible servers."""
        return {
            "type": "function",
            "function": {"name": self.name, "description": self.description, "parameters": self.parameters},
        }


class ToolCall(_Record):
    id: str = Field(pattern=CALL_ID_PATTERN)
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


@dataclass(slots=True)
class ToolResult:
    """What one call returned: ``content`` (a JSON value) or ``error`` (the message shown).

    A plain slotted dataclass, not a pydantic model: one is made per call on the hot path, and
    the episode stores results as tool :class:`Message`s anyway.
    """

    call_id: str
    name: str
    content: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"call_id": self.call_id, "name": self.name}
        if self.error is not None:
            d["error"] = self.error
        else:
            d["content"] = self.content
        return d

    model_dump = to_dict


class Message(_Record):
    """One chat message.

    For ``role == "tool"``, ``content`` is the JSON value the tool returned (or null), ``error``
    the error message shown to the model (or null), and ``tool_call_id``/``name`` pair it with
    its call. For other roles ``content`` is text or null.
    """

    role: Literal["system", "user", "assistant", "tool"]
    content: Any = None
    reasoning: str | None = None
    tool_calls: list[ToolCall] = Field(default_factory=list)
    tool_call_id: str | None = None
    name: str | None = None
    error: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict, description="per-message annotations (e.g. injected fault)")

    @classmethod
    def from_result(cls, result: ToolResult, **meta: Any) -> Message:
        return cls(
            role="tool",
            content=result.content,
            tool_call_id=result.call_id,
            name=result.name,
            error=result.error,
            meta=meta,
        )

    def text(self) -> str:
        """Content as text: tool content is JSON-encoded (ASCII), other content as is."""
        if self.role == "tool":
            if self.error is not None:
                return json.dumps({"error": self.error}, ensure_ascii=True)
            return json.dumps(self.content, ensure_ascii=True)
        return "" if self.content is None else str(self.content)


class InjectedError(BaseModel):
    """Make the first ``times`` calls of ``tool`` in this turn fail (error-recovery variant)."""

    model_config = ConfigDict(extra="forbid")
    tool: str
    error: str = "503 Service Unavailable: the service is temporarily overloaded, try again"
    times: int = 1


class TurnSpec(BaseModel):
    """What one user turn of a task must achieve, checked on the end state (task mode).

    A synthesized record keeps it per turn (:attr:`Turn.expect`), so the record is also a task:
    ``toolgym collect`` and the RL adapters score any policy on it with the same checker.
    """

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


class Turn(_Record):
    """A turn: one user request and everything up to the assistant's answer to it.

    ``start``/``end`` index ``Episode.messages`` (end exclusive). ``add_tools`` names the tools
    of ``Episode.tools`` first offered at this turn (before it they are withheld: the
    missing-function variant); every exporter hides them from earlier turns. ``expect`` is the
    task-mode check of the turn (what ``toolgym synth`` verified; ``tasks.episode_to_task``
    turns the record back into a task).
    """

    start: int
    end: int
    state_hash: str | None = None
    reward: float | None = None
    target_tools: list[str] = Field(default_factory=list)
    variant: Variant = "base"
    attempts: int | None = Field(default=None, description="reasoner attempts this turn needed (Phase III)")
    ground_truth: list[ToolCall] = Field(default_factory=list, description="the calls that achieve the turn")
    add_tools: list[str] = Field(default_factory=list, description="tools of Episode.tools offered from this turn on")
    expect: TurnSpec | None = Field(default=None, description="what the turn must achieve, as task mode checks it")
    meta: dict[str, Any] = Field(default_factory=dict)


class Episode(_Record):
    """One conversation with its tools and turns: one line of a run directory.

    ``record_version`` is always written (first key of the line); see :data:`RECORD_VERSION` for
    what each version changed and how older records are read.
    """

    record_version: int = Field(default=RECORD_VERSION, description="the record layout's version (RECORD_VERSION)")
    id: str
    env_id: str
    env_version: int = 0
    seed: int
    tools: list[ToolSpec] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)
    turns: list[Turn] = Field(default_factory=list)
    reward: float | None = None
    termination: str | None = Field(default=None, description="done, step_budget, timeout, server_error, malformed_output, ...")
    target_tools: list[str] = Field(default_factory=list)
    difficulty: float | None = None
    variant: Variant = "base"
    producers: dict[str, str] = Field(default_factory=dict, description="role -> policy or model that produced it")
    config_hash: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _upgrade(self) -> Episode:
        # Read, not built: a record without the key is version 1 (before the key existed).
        if "record_version" not in self.model_fields_set:
            _upgrade_v1(self)
        elif self.record_version > RECORD_VERSION:
            raise ValueError(f"expected record_version <= {RECORD_VERSION}, got {self.record_version}: "
                             "written by a newer toolgym; upgrade toolgym to read it")
        return self

    def to_json(self) -> str:
        """One JSON line (no trailing newline); ``Episode.from_json`` inverts it exactly.

        ``record_version`` comes first and is written even though it equals its default.
        """
        body = self.model_dump_json(exclude_defaults=True, exclude=_VERSION_KEY)
        return f'{{"record_version":{self.record_version},{body[1:]}'

    def to_dict(self) -> dict[str, Any]:
        return {"record_version": self.record_version, **self.model_dump(mode="json", exclude_defaults=True, exclude=_VERSION_KEY)}

    @classmethod
    def from_json(cls, line: str | bytes) -> Episode:
        return cls.model_validate_json(line)

    def calls(self) -> list[ToolCall]:
        return [c for m in self.messages if m.role == "assistant" for c in m.tool_calls]


def _upgrade_v1(ep: Episode) -> None:
    """Version 1 -> 2 on a model: move the turn meta keys into their fields (see RECORD_VERSION)."""
    known = {t.name for t in ep.tools}
    for turn in ep.turns:
        meta = turn.meta
        if "add_tools" in meta:
            for a in meta.pop("add_tools") or []:
                if isinstance(a, dict):
                    spec = ToolSpec.model_validate(a)
                    if spec.name not in known:
                        ep.tools.append(spec)
                        known.add(spec.name)
                    a = spec.name
                turn.add_tools.append(str(a))
        if "expect" in meta:
            exp = meta.pop("expect")
            turn.expect = TurnSpec.model_validate(exp) if isinstance(exp, dict) else None
    ep.record_version = RECORD_VERSION


def episode_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one episode line."""
    schema = Episode.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema

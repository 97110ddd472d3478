"""The canonical record: one internal representation that every exporter is a pure function of.

Arguments are always dicts here (never JSON strings), tool-call ids are 9 alphanumeric
characters (Mistral's templates, the strictest, require exactly that), and reasoning is kept per
assistant step. An :class:`Episode` serialises to one JSON line and back without loss.
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ToolSpec",
    "ToolCall",
    "ToolResult",
    "Message",
    "Turn",
    "Episode",
    "Variant",
    "new_call_id",
    "episode_json_schema",
    "CALL_ID_ALPHABET",
    "RecordDict",
    "MessageDict",
    "TurnDict",
    "ToolCallDict",
    "ToolSpecDict",
]

CALL_ID_ALPHABET = string.ascii_letters + string.digits
Variant = Literal["base", "miss_param", "miss_func", "long_context", "error_recovery", "explore"]

_id_rng = random.Random()


def new_call_id(rng: random.Random | None = None) -> str:
    """A 9-character alphanumeric tool-call id.

    Pass a seeded ``random.Random`` to get reproducible ids (offline runs are byte-identical).
    """
    r = rng or _id_rng
    return "".join(r.choices(CALL_ID_ALPHABET, k=9))


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
    id: str = Field(pattern=r"^[A-Za-z0-9]{9}$")
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
    def from_result(cls, result: ToolResult, **meta: Any) -> "Message":
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


class Turn(_Record):
    """A turn: one user request and everything up to the assistant's answer to it.

    ``start``/``end`` index ``Episode.messages`` (end exclusive).
    """

    start: int
    end: int
    state_hash: str | None = None
    reward: float | None = None
    target_tools: list[str] = Field(default_factory=list)
    variant: Variant = "base"
    attempts: int | None = Field(default=None, description="reasoner attempts this turn needed (Phase III)")
    ground_truth: list[ToolCall] = Field(default_factory=list, description="the calls that achieve the turn")
    meta: dict[str, Any] = Field(default_factory=dict)


class Episode(_Record):
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

    def to_json(self) -> str:
        """One JSON line (no trailing newline); ``Episode.from_json`` inverts it exactly."""
        return self.model_dump_json(exclude_defaults=True)

    @classmethod
    def from_json(cls, line: str | bytes) -> "Episode":
        return cls.model_validate_json(line)

    def calls(self) -> list[ToolCall]:
        return [c for m in self.messages if m.role == "assistant" for c in m.tool_calls]


def episode_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one episode line."""
    schema = Episode.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# --- dict views -------------------------------------------------------------------------------
# The JSON of the models above as readers that skip validation see it (toolgym.runs.iter_records):
# the same fields, defaults omitted (so every key but the required ones may be absent).


class ToolCallDict(TypedDict, total=False):
    """:class:`ToolCall` as JSON."""

    id: str
    name: str
    arguments: dict[str, Any]


class ToolSpecDict(TypedDict, total=False):
    """:class:`ToolSpec` as JSON."""

    name: str
    description: str
    parameters: dict[str, Any]
    returns: dict[str, Any] | None
    writes: bool
    needs: list[str]
    establishes: list[str]
    revokes: list[str]
    param_entities: dict[str, str]
    result_entities: dict[str, str]
    domain: str | None


class MessageDict(TypedDict, total=False):
    """:class:`Message` as JSON."""

    role: Literal["system", "user", "assistant", "tool"]
    content: Any
    reasoning: str | None
    tool_calls: list[ToolCallDict]
    tool_call_id: str | None
    name: str | None
    error: str | None
    meta: dict[str, Any]


class TurnDict(TypedDict, total=False):
    """:class:`Turn` as JSON."""

    start: int
    end: int
    state_hash: str | None
    reward: float | None
    target_tools: list[str]
    variant: Variant
    attempts: int | None
    ground_truth: list[ToolCallDict]
    meta: dict[str, Any]


class RecordDict(TypedDict, total=False):
    """:class:`Episode` as JSON: one line of a run directory, decoded."""

    id: str
    env_id: str
    env_version: int
    seed: int
    tools: list[ToolSpecDict]
    messages: list[MessageDict]
    turns: list[TurnDict]
    reward: float | None
    termination: str | None
    target_tools: list[str]
    difficulty: float | None
    variant: Variant
    producers: dict[str, str]
    config_hash: str | None
    meta: dict[str, Any]

"""The record as JSON dicts: its version, the upgrade of older records, and typed dict views.

Pydantic-free, so readers that skip the models (``toolgym.runs.iter_records``, the exporters)
load fast; :mod:`toolgym.record` holds the models and re-exports these names.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

__all__ = ["RECORD_VERSION", "upgrade_dict", "Variant", "RecordDict", "MessageDict", "TurnDict", "ToolCallDict",
           "ToolSpecDict"]

Variant = Literal["base", "miss_param", "miss_func", "long_context", "error_recovery", "explore"]

#: The version of the record layout this toolgym writes. A reader of version N upgrades older
#: records in memory as it reads them (files on disk are never rewritten), and refuses newer ones.
#:
#: * 1 (no ``record_version`` key): a turn's tools added mid-episode in ``Turn.meta["add_tools"]``
#:   (names, or full tool specs) and its task-mode check in ``Turn.meta["expect"]``.
#: * 2: those are the typed fields ``Turn.add_tools`` (names; a spec given in full in version 1
#:   joins ``Episode.tools``) and ``Turn.expect`` (a :class:`TurnSpec`); ``record_version`` is
#:   the first key of every line.
RECORD_VERSION = 2


def upgrade_dict(ep: dict[str, Any]) -> dict[str, Any]:
    """An episode's JSON (a dict) at :data:`RECORD_VERSION`, upgraded in place; the dict readers' rule.

    Equal to ``toolgym.record.Episode.model_validate(ep).to_dict()`` without validating: what readers that skip
    the models (``toolgym.runs.iter_records``) do with older records.

    Raises:
        ValueError: the record is newer than this toolgym.
    """
    version = ep.get("record_version")
    if version == RECORD_VERSION:
        return ep
    if version is not None:
        raise ValueError(f"expected record_version <= {RECORD_VERSION}, got {version!r}: written by a newer toolgym; "
                         "upgrade toolgym to read it")
    tools: list[dict[str, Any]] | None = None
    for turn in ep.get("turns") or []:
        meta = turn.get("meta")
        if not isinstance(meta, dict) or not ("add_tools" in meta or "expect" in meta):
            continue
        meta = dict(meta)  # never edit what another reader may share
        added = meta.pop("add_tools", None) or []
        names = []
        for a in added:
            if isinstance(a, dict):
                if tools is None:
                    tools = list(ep.get("tools") or [])
                if a.get("name") not in {t.get("name") for t in tools}:
                    tools.append(a)
                a = a.get("name")
            names.append(str(a))
        if names:
            turn["add_tools"] = names
        exp = meta.pop("expect", None)
        if isinstance(exp, dict):
            turn["expect"] = exp
        if meta:
            turn["meta"] = meta
        else:
            turn.pop("meta", None)
    if tools is not None:
        ep["tools"] = tools
    return {"record_version": RECORD_VERSION, **ep}


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
    add_tools: list[str]
    expect: dict[str, Any]
    meta: dict[str, Any]


class RecordDict(TypedDict, total=False):
    """:class:`Episode` as JSON: one line of a run directory, decoded."""

    record_version: int
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

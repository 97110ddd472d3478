"""RL prompt rows: what a trainer's dataset holds so its reward function can rebuild the session.

Every row carries ``toolgym``, a JSON string (one Arrow type whatever the task) of::

    {"env_id": "toolgym/Banking-v0", "seed": 1007, "task": {<Task>}, "start_turn": 0,
     "stop_turn": 2, "prefix": [<wire messages before start_turn>], "episode_id": "..."}

:func:`session_args` turns it back into :class:`~toolgym.rl.session.Session` arguments (also
``Session.from_row(row)``); env ids resolve through the registry only. The prompt is the
session's own reset messages (system prompt, the conversation before ``start_turn``, the user
turn), with tool-call arguments as JSON strings (the OpenAI wire form every chat template reads).
"""

from __future__ import annotations

import json
from typing import Any

from toolgym.errors import ConfigError
from toolgym.record import Episode

__all__ = ["payload", "session_args", "tools_system_prompt", "episode_payloads"]


def episode_payloads(ep: Episode, per: str = "conversation") -> list[dict[str, Any]]:
    """The payloads of one synthesized episode: one (all turns), or one per turn (``per="turn"``)."""
    from toolgym.synth.pipeline.tasks import episode_to_task
    from toolgym.synth.llm.wire import to_wire

    task = episode_to_task(ep)
    n = len(task.turns)
    spans = [(k, k) for k in range(n)] if per == "turn" else [(0, n - 1)]
    out = []
    for start, stop in spans:
        prefix = ep.messages[1 : ep.turns[start].start] if start else []
        out.append({"env_id": ep.env_id, "seed": ep.seed, "task": task.model_dump(mode="json", exclude_defaults=True),
                    "start_turn": start, "stop_turn": stop, "prefix": [to_wire(m) for m in prefix], "episode_id": ep.id,
                    "variant": ep.variant})
    return out


def payload(row: dict[str, Any]) -> dict[str, Any]:
    """The ``toolgym`` payload of a row (top level, or under ``extra_info`` or ``info``), decoded."""
    p = row.get("toolgym")
    for nest in ("extra_info", "info"):  # verl and SkyRL rows; verifiers rows
        if p is None and isinstance(row.get(nest), dict):
            p = row[nest].get("toolgym")
    if isinstance(p, str):
        try:
            p = json.loads(p)
        except ValueError as e:
            raise ConfigError(f"expected the row's toolgym payload to be JSON, got an error: {e}") from None
    if not isinstance(p, dict) or not isinstance(p.get("env_id"), str):
        raise ConfigError("expected a row with a toolgym payload (env_id, seed, task), as `toolgym export --format rl` writes")
    return p


def session_args(row: dict[str, Any]) -> dict[str, Any]:
    """:class:`~toolgym.rl.session.Session` keyword arguments for a row."""
    p = payload(row)
    return {"env": p["env_id"], "task": p.get("task"), "seed": p.get("seed"), "start_turn": int(p.get("start_turn") or 0),
            "stop_turn": p.get("stop_turn"), "prefix": p.get("prefix") or None}


def tools_system_prompt(system: str, tools: list[dict[str, Any]]) -> str:
    """A system prompt that states the tools and how to call them (the hermes export's tool section).

    For trainers whose loop renders no ``tools`` into the chat template (SkyRL's generator):
    the model must read the tools from the prompt itself. ``tools`` in OpenAI form.
    """
    from toolgym.exporters.hermes import tools_prompt

    specs = [{"name": t["function"]["name"], "description": t["function"].get("description", ""),
              "parameters": t["function"].get("parameters")} for t in tools]
    return f"{system}\n\n{tools_prompt(specs)}" if system else tools_prompt(specs)

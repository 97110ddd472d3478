"""RL training on toolgym environments: sessions for text-generating policies, trainer adapters, servers.

* :class:`Session`: one environment and one task; ``reset() -> (messages, tools)``,
  ``step_text(raw model output)`` / ``step_message(openai message)`` -> messages, reward, done,
  info. Rewards from the same checker as ``toolgym collect``.
* :class:`SessionPool`: many sessions in one process, looked up by id, bounded and timed out
  (what the MCP and OpenEnv servers and the verl adapter hold).
* Adapters (each an optional extra): :mod:`toolgym.rl.trl` (an ``environment_factory`` class
  made from the tool specs, ``rl-trl``), :mod:`toolgym.rl.skyrl` (a SkyRL-Gym ``BaseTextEnv``,
  ``rl-skyrl``). verl and verifiers get prompt rows (``toolgym export --format rl``) and the
  servers below; no adapter module of theirs yet (see the README).
* Servers: :mod:`toolgym.rl.mcp_server` (``toolgym serve-env --protocol mcp``) and
  :mod:`toolgym.rl.openenv_server` (``--protocol openenv``).

Nothing heavy is imported here: ``import toolgym.rl`` costs what ``import toolgym`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Session", "StepResult", "SessionPool", "PoolFull", "STOP_TOKENS"]


def __getattr__(name: str) -> Any:
    if name in ("Session", "StepResult", "STOP_TOKENS"):
        from . import session

        return getattr(session, name)
    if name in ("SessionPool", "PoolFull"):
        from . import pool

        return getattr(pool, name)
    raise AttributeError(f"module 'toolgym.rl' has no attribute {name!r}")


if TYPE_CHECKING:
    from .pool import PoolFull, SessionPool
    from .session import STOP_TOKENS, Session, StepResult

"""toolgym: stateful simulated APIs as Gymnasium environments, and verified function-calling data.

``import toolgym`` stays light: it registers the built-in environments with Gymnasium (string
entry points, nothing imported) and exposes the record types. Heavy parts (openai, datasets,
ray) are imported only by the code paths that use them.
"""

from __future__ import annotations

from toolgym.record import Episode, Message, ToolCall, ToolResult, ToolSpec, Turn, new_call_id

__version__ = "0.1.0"

__all__ = ["Episode", "Message", "ToolCall", "ToolResult", "ToolSpec", "Turn", "new_call_id", "__version__"]


def _register_builtins() -> None:
    from toolgym.envs import registry

    registry.register_builtins()


_register_builtins()

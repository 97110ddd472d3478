"""toolgym: stateful simulated APIs as Gymnasium environments, and verified function-calling data.

``import toolgym`` stays light: it registers the built-in environments with Gymnasium (string
entry points, nothing imported) and exposes the record types on first use. Heavy parts (openai,
datasets, ray) are imported only by the code paths that use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_RECORD = ("Episode", "Message", "ToolCall", "ToolResult", "ToolSpec", "Turn", "new_call_id")
__all__ = [*_RECORD, "make", "__version__"]


def __getattr__(name: str) -> Any:
    if name in _RECORD:
        from toolgym import record

        return getattr(record, name)
    if name == "make":  # toolgym.make("toolgym/Travel-v0"), or "A+B" for a composition
        from toolgym.envs.registry import make

        return make
    raise AttributeError(f"module 'toolgym' has no attribute {name!r}")


if TYPE_CHECKING:
    from toolgym.envs.registry import make as make
    from toolgym.record import Episode as Episode
    from toolgym.record import Message as Message
    from toolgym.record import ToolCall as ToolCall
    from toolgym.record import ToolResult as ToolResult
    from toolgym.record import ToolSpec as ToolSpec
    from toolgym.record import Turn as Turn
    from toolgym.record import new_call_id as new_call_id


def _register_builtins() -> None:
    from toolgym.envs import registry

    registry.register_builtins()


_register_builtins()

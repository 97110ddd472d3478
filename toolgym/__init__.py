"""toolgym: stateful simulated APIs as Gymnasium environments, and verified function-calling data.

``import toolgym`` stays light: it registers the built-in environments with Gymnasium (string
entry points, nothing imported) as soon as Gymnasium is imported, without importing it, and
exposes the record types on first use. Heavy parts (openai,
datasets, ray) are imported only by the code paths that use them.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
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


class _RegisterWithGymnasium(importlib.abc.MetaPathFinder):
    """Registers the built-in environments right after Gymnasium is imported, by whoever imports it.

    ``import toolgym`` must not import Gymnasium (and NumPy) itself: ``toolgym.exporters`` needs
    neither, and they are most of its import time. But ``import toolgym; gymnasium.make(
    "toolgym/Travel-v0")`` must work as Gymnasium's plugins do. So this finder waits on the
    import of ``gymnasium``, lets the normal finders load it, then imports the registry (which
    registers the built-ins when imported), and removes itself.
    """

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name != "gymnasium":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            importlib.import_module("toolgym.envs.registry")  # a no-op when it is what imports gymnasium

        loader.exec_module = exec_module  # type: ignore[method-assign]  # this one load only: the spec is fresh
        return spec


def _register_builtins() -> None:
    if "gymnasium" in sys.modules:
        importlib.import_module("toolgym.envs.registry")
    elif not any(isinstance(f, _RegisterWithGymnasium) for f in sys.meta_path):
        sys.meta_path.insert(0, _RegisterWithGymnasium())


_register_builtins()

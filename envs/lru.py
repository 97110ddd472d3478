"""A bounded, least-recently-used mapping for per-process caches keyed by open-ended values.

Caches keyed by an environment's class and config (its graph, its grounder) see a new key for
every composition of domains a long run meets (hundreds); each entry holds megabytes. Bounded,
a run's memory stops growing once its working set is cached; an evicted entry is rebuilt on
its next use, identically (the cached objects are pure functions of their key).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, TypeVar

__all__ = ["LruCache"]

K = TypeVar("K")
V = TypeVar("V")


class LruCache(OrderedDict[K, V]):
    """A dict that keeps its ``maxsize`` most recently used entries.

    Example:
        >>> c = LruCache(2); c["a"] = 1; c["b"] = 2; c.get("a"); c["c"] = 3
        >>> list(c)
        ['a', 'c']
    """

    def __init__(self, maxsize: int):
        super().__init__()
        self.maxsize = maxsize

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.maxsize:
            self.popitem(last=False)

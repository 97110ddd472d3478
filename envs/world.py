"""The world as data: journaled tables, a cheap state hash, and savepoints.

A world is built at ``reset(seed)`` from seeded RNG streams and is a pure function of
``(environment, version, seed)``. Every write after that goes through a :class:`Table` and is
journaled, which gives three things without copying the world:

* **atomic calls**: a failed call is rolled back by undoing its journal entries;
* **savepoints**: ``mark()``/``restore(mark)`` return to any earlier point of the episode
  (Phase III replays a turn from its starting state this way);
* **a state hash in microseconds**: since the base world is determined by its identity
  ``(env id, seed)``, the state is that identity plus the rows that now differ from the base.
  We hash exactly that (path-independent: two call sequences that reach the same rows hash the
  same). ``snapshot()`` gives the full canonical world when a full comparison is wanted; the
  conformance check verifies the two agree, which also catches rows mutated in place.

Rows are plain dicts of JSON values. Treat a row you read as read-only; write with
``table[key] = new_row`` or ``table.patch(key, field=value)``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any, cast

from toolgym.canonical import stable_hash
from toolgym.seeds import derive_seed  # also importable from here, as before

from .persona import make_persona

__all__ = ["World", "WorldScope", "Table", "LazyRows", "state", "derive_seed"]

_MISSING: Any = object()
# NaN and infinities refused (ValueError); rows are trees, so no circularity check is needed.
_finite_json = json.JSONEncoder(allow_nan=False, check_circular=False).encode


class LazyRows:
    """A table's rows, made on first use: ``world.table("orders", LazyRows(make))``.

    ``make()`` is called at most once, the first time anything reads or writes the table (a
    tool, the grounder, a snapshot), and its dict is then shared, copy on write, by every world
    of the same seed. A build draws all its random numbers eagerly (so every other table is the
    same whether this one is ever made) and defers only the assembly of the row dicts, the bulk
    of a fresh build: most chains touch a few of a world's tables (one app of several in a
    composed world). ``make`` must be a pure function of what the build drew.
    """

    __slots__ = ("_make", "_rows")

    def __init__(self, make: Callable[[], dict[str, dict[str, Any]]]):
        self._make: Callable[[], dict[str, dict[str, Any]]] | None = make
        self._rows: dict[str, Any] | None = None

    def rows(self) -> dict[str, Any]:
        rows = self._rows
        if rows is None:
            assert self._make is not None
            rows = self._rows = self._make()
            self._make = None
        return rows


class Table(MutableMapping[str, dict[str, Any]]):
    """A keyed table of rows whose writes are journaled in its world."""

    __slots__ = ("name", "_rows", "_world", "_shared", "_lazy")

    def __init__(self, world: World, name: str, rows: dict[str, dict[str, Any]] | LazyRows | None = None, *, shared: bool = False):
        self.name = name
        self._world = world
        if isinstance(rows, LazyRows):
            # ``_rows`` stays unset until first use (see __getattr__): the hot paths read the
            # slot directly and pay nothing once it is set.
            self._lazy: LazyRows | None = rows
            self._shared = True
            return
        self._lazy = None
        self._rows: dict[str, Any] = rows if rows is not None else {}
        # Copy on first write: a world reset from the cache of built worlds shares the cached
        # dict of rows until it writes (most resets write to a few tables, if any).
        self._shared = shared

    def __getattr__(self, name: str) -> Any:
        # Only reached for an unset slot: the rows of a LazyRows table, made now. (A Table
        # being unpickled has no slots set yet: no recursion through ``_lazy``.)
        if name == "_rows":
            try:
                lazy = object.__getattribute__(self, "_lazy")
            except AttributeError:
                lazy = None
            if lazy is not None:
                rows = self._rows = lazy.rows()
                return rows
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _source(self) -> dict[str, Any] | LazyRows:
        """What a world of the same seed starts this table from (the cache of built worlds)."""
        return self._lazy if self._lazy is not None else self._rows

    def _own(self) -> None:
        if self._shared:
            self._rows = dict(self._rows)
            self._shared = False
            self._lazy = None  # this table's rows are its own from here

    # reads
    def __getitem__(self, key: str) -> dict[str, Any]:
        return self._rows[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._rows.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def values(self) -> Any:
        return self._rows.values()

    def items(self) -> Any:
        return self._rows.items()

    def keys(self) -> Any:
        return self._rows.keys()

    def where(self, **equals: Any) -> list[dict[str, Any]]:
        """Rows whose fields equal all the given values (a linear scan)."""
        return [r for r in self._rows.values() if all(r.get(k) == v for k, v in equals.items())]

    # writes (journaled)
    def __setitem__(self, key: str, row: Any) -> None:
        if not isinstance(key, str):
            raise TypeError(f"table keys are strings, got {type(key).__name__}")
        self._world._journal_write(self, key, self._rows.get(key, _MISSING))
        if self._shared:
            self._own()
        self._rows[key] = row

    def __delitem__(self, key: str) -> None:
        old = self._rows[key]
        # Remember where the row stood: undoing the delete puts it back there, so listings
        # (which follow the table's order) are the same after a rollback as before it.
        self._world._journal_write(self, key, old, list(self._rows).index(key))
        if self._shared:
            self._own()
        del self._rows[key]

    def patch(self, key: str, **changes: Any) -> dict[str, Any]:
        """Replace ``key``'s row by a copy with ``changes`` applied; returns the new row."""
        row = {**self._rows[key], **changes}
        self[key] = row
        return row

    def _raw_set(self, key: str, value: Any, position: int | None = None) -> None:
        if self._shared:
            self._own()
        if value is _MISSING:
            self._rows.pop(key, None)
        elif position is not None and key not in self._rows and position < len(self._rows):
            # Undo of a delete: rebuild the dict with the row back at its old place (O(n), and
            # deletes are rare next to reads).
            items = list(self._rows.items())
            items.insert(position, (key, value))
            self._rows = dict(items)
        else:
            self._rows[key] = value


class state:
    """A scalar state variable on an environment, stored (and journaled) in the world.

    ``cwd = state("/")`` on a ``ToolEnv`` subclass; ``self.cwd = "/tmp"`` is then a journaled
    write, rolled back with the rest of a failed call. Values must be JSON values; assign new
    containers rather than mutating them in place.
    """

    def __init__(self, default: Any = None):
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, env: Any, owner: type | None = None) -> Any:
        if env is None:
            return self
        return env._scope.vars.get(self.name, self.default)

    def __set__(self, env: Any, value: Any) -> None:
        vars_ = env._scope.vars
        if _same_json(value, self.default):
            # Back at the default is the same state as never set: keeps the hash path-independent.
            if self.name in vars_:
                del vars_[self.name]
        else:
            vars_[self.name] = value


def _same_json(a: Any, b: Any) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    return type(a) is type(b) and a == b


class World:
    """All the state of one episode: named tables plus a ``vars`` table for scalars."""

    def __init__(self, identity: str, seed: int):
        self.identity = identity
        self.seed = seed
        self.tables: dict[str, Table] = {}
        self._journal: list[tuple[Table, str, Any, int | None]] = []
        self._original: dict[tuple[str, str], Any] = {}
        self._building = True
        self._persona: dict[str, Any] | None = None

    # construction
    def table(self, name: str, rows: dict[str, dict[str, Any]] | LazyRows | None = None) -> Table:
        """Create (during build) or fetch a table. ``rows`` is adopted, not copied (a
        :class:`LazyRows` is made on the table's first use)."""
        if name in self.tables:
            if rows is not None:
                raise ValueError(f"table {name!r} already exists")
            return self.tables[name]
        if not self._building:
            raise RuntimeError(f"table {name!r} does not exist; tables are created in build()")
        t = Table(self, name, rows)
        self.tables[name] = t
        return t

    def rng(self, *purpose: Any) -> random.Random:
        """An independent RNG stream for a purpose: adding a stream never shifts another.

        A stream costs about 1.5x the Mersenne Twister seeding no stream can avoid, microseconds
        (``benchmarks/world_rng.py``): take one per purpose rather than sharing one to save time.
        """
        return random.Random(derive_seed(self.seed, *purpose))

    def seal(self) -> None:
        """End of build: from here every write is journaled against the base world."""
        self._building = False
        self._journal.clear()
        self._original.clear()

    # journaling
    def _journal_write(self, table: Table, key: str, old: Any, position: int | None = None) -> None:
        if self._building:
            return
        self._journal.append((table, key, old, position))
        okey = (table.name, key)
        if okey not in self._original:
            self._original[okey] = old

    def mark(self) -> int:
        """A savepoint: the current length of the journal."""
        return len(self._journal)

    def restore(self, mark: int) -> None:
        """Undo every write made after ``mark``."""
        journal = self._journal
        while len(journal) > mark:
            table, key, old, position = journal.pop()
            table._raw_set(key, old, position)

    def nonfinite_since(self, mark: int) -> str | None:
        """Why a row written after ``mark`` is not standard JSON (it holds NaN or an infinity),
        or None. The state must stay hashable and every observation standard JSON."""
        for table, key, _, _ in self._journal[mark:]:
            row = table._rows.get(key, _MISSING)
            if row is _MISSING:
                continue
            try:
                _finite_json(row)
            except ValueError:
                from toolgym.safejson import clip, problem

                return f"it would store {problem(row, where='the value') or 'a non-finite number'} in {table.name}[{clip(key, 40)!r}]"
        return None

    # identity of the state
    def changes(self) -> dict[str, dict[str, Any]]:
        """Rows that differ from the base world: ``{table: {key: row or None(deleted)}}``."""
        out: dict[str, dict[str, Any]] = {}
        tables = self.tables
        for (tname, key), original in self._original.items():
            current = tables[tname]._rows.get(key, _MISSING)
            if current is original or current == original:
                continue
            out.setdefault(tname, {})[key] = None if current is _MISSING else current
        return out

    def state_hash(self) -> str:
        """Hash of (world identity, rows changed since build). Microseconds for small diffs.

        Tables whose own name starts with ``_`` (``"fs._private"``) hold private state: journaled,
        restored and snapshotted like any other, but left out of the hash (a wrapped BFCL class's
        current directory is not part of what its state checker compares).
        """
        changes = self.changes()
        for t in [t for t in changes if t.rpartition(".")[2].startswith("_")]:
            del changes[t]
        return stable_hash([self.identity, changes])

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """The whole world as canonical data (tables sorted by name, rows by key)."""
        return {name: {k: t._rows[k] for k in sorted(t._rows)} for name, t in sorted(self.tables.items())}

    def full_hash(self) -> str:
        """Hash of the whole snapshot (milliseconds for big worlds: for checks, not hot paths)."""
        return stable_hash(self.snapshot())

    @property
    def persona(self) -> dict[str, Any]:
        """The user every domain of this world serves (same name, email, contacts, cards)."""
        if self._persona is None:
            self._persona = make_persona(self.rng("persona"))
        return self._persona

    def scope(self, domain: str) -> WorldScope:
        return WorldScope(self, domain)

    def iter_rows(self) -> Iterable[tuple[str, str, Any]]:
        for name, t in self.tables.items():
            for k, v in t._rows.items():
                yield name, k, v


class WorldScope:
    """One domain's view of a world: its tables are named ``"<domain>.<name>"``.

    What ``build(world)`` receives. Table names and RNG streams are per domain, so a domain
    builds the same rows whether it runs alone or composed with others in one world, and the
    persona is shared by all of them.
    """

    __slots__ = ("world", "domain", "vars")

    def __init__(self, world: World, domain: str):
        self.world = world
        self.domain = domain
        # the vars table holds values (counters, flags, ids), not rows: typed as the mapping it is
        self.vars: MutableMapping[str, Any] = cast(
            "MutableMapping[str, Any]", world.tables.get(f"{domain}.vars") or world.table(f"{domain}.vars"))

    def table(self, name: str, rows: dict[str, dict[str, Any]] | LazyRows | None = None) -> Table:
        return self.world.table(f"{self.domain}.{name}", rows)

    def rng(self, *purpose: Any) -> random.Random:
        return self.world.rng(self.domain, *purpose)

    @property
    def persona(self) -> dict[str, Any]:
        return self.world.persona

    @property
    def seed(self) -> int:
        return self.world.seed

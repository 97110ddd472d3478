"""LazyRows: a table whose rows are assembled on first use must behave exactly like an eager one
(reads, journaled writes, rollback, the per-seed cache of built worlds, snapshots)."""

from __future__ import annotations

import pytest

import toolgym.envs
from toolgym.envs.world import LazyRows, Table, World


def _rows() -> dict[str, dict[str, int]]:
    return {f"k{i}": {"v": i} for i in range(5)}


class _Counted:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, dict[str, int]]:
        self.calls += 1
        return _rows()


def _world(lazy: LazyRows) -> tuple[World, Table]:
    w = World("test", 0)
    t = w.table("t", lazy)
    w.seal()
    return w, t


def test_made_once_on_first_use_and_reads_like_eager() -> None:
    make = _Counted()
    w, t = _world(LazyRows(make))
    assert make.calls == 0  # building the world made nothing
    assert len(t) == 5 and t["k2"] == {"v": 2} and list(t) == list(_rows())
    assert t.where(v=3) == [{"v": 3}]
    assert make.calls == 1
    assert w.snapshot() == {"t": _rows()}
    assert make.calls == 1


def test_write_then_rollback_restores_rows_and_keeps_the_shared_source() -> None:
    lazy = LazyRows(_rows)
    w, t = _world(lazy)
    h0 = w.state_hash()
    m = w.mark()
    t["k9"] = {"v": 9}
    del t["k0"]
    t.patch("k1", v=100)
    assert list(t) == ["k1", "k2", "k3", "k4", "k9"] and t["k1"] == {"v": 100}
    assert lazy.rows() == _rows()  # the write copied: the source other worlds share is untouched
    w.restore(m)
    assert list(t.items()) == list(_rows().items())  # same rows, same order (the delete undone in place)
    assert w.state_hash() == h0


def test_two_worlds_from_one_source_do_not_see_each_other() -> None:
    lazy = LazyRows(_rows)
    w1, t1 = _world(lazy)
    w2, t2 = _world(lazy)
    t1["k0"] = {"v": -1}
    assert t2["k0"] == {"v": 0}
    assert t1["k0"] == {"v": -1}
    assert w1.state_hash() != w2.state_hash()


def test_write_before_any_read_is_journaled_against_the_lazy_rows() -> None:
    w, t = _world(LazyRows(_rows))
    m = w.mark()
    t["k3"] = {"v": 33}
    assert w.changes() == {"t": {"k3": {"v": 33}}}
    w.restore(m)
    assert w.changes() == {} and t["k3"] == {"v": 3}


def test_table_with_no_slot_set_raises_attribute_error_not_recursion() -> None:
    table = Table.__new__(Table)  # what unpickling or copy starts from: no slot set
    with pytest.raises(AttributeError):
        table._rows  # noqa: B018


def test_builtin_lazy_tables_same_world_fresh_cached_and_after_rollback() -> None:
    """Banking transactions, Office mail and calendar, Messaging messages are LazyRows: a fresh build, a
    reset from the world cache, and a rolled-back write all give the same full world."""
    for env_id, table, key_field in (("toolgym/Banking-v0", "banking.transactions", "description"),
                                     ("toolgym/Office-v0", "office.emails", "subject"),
                                     ("toolgym/Office-v0", "office.events", "title"),
                                     ("toolgym/Messaging-v0", "messaging.messages", "text")):
        env = toolgym.envs.make(env_id).unwrapped
        env.reset(seed=4321)
        tables = env.world.tables
        assert tables[table]._lazy is not None  # noqa: SLF001 - built lazily
        fresh = env.world.full_hash()
        env.reset(seed=4321)  # from the cache: shares the made rows
        assert env.world.full_hash() == fresh
        t = env.world.tables[table]
        key = next(iter(t))
        m = env.world.mark()
        t.patch(key, **{key_field: "changed"})
        assert env.world.full_hash() != fresh
        env.world.restore(m)
        assert env.world.full_hash() == fresh
        env.reset(seed=4321)
        assert env.world.tables[table][key][key_field] != "changed"
        cold = toolgym.envs.make(env_id).unwrapped
        cold.cache_worlds = False
        cold.reset(seed=4321)
        assert cold.world.full_hash() == fresh

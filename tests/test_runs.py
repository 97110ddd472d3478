"""toolgym.runs, the one owner of the run-directory format: one naming rule, two readers that agree."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from toolgym.errors import RunDirError
from toolgym.record import Episode, Message, Turn
from toolgym.runs import RunDir, iter_episodes, iter_records, shard_name, shard_paths


def _ep(i: int) -> Episode:
    return Episode(id=f"e{i}", env_id="demo", seed=i, messages=[Message(role="user", content=f"hi {i}")],
                   turns=[Turn(start=0, end=1)])


def test_shards_are_read_by_number_not_by_name(tmp_path: Path) -> None:
    # Past 99999 shards the name grows a digit: a sort by name would put it first.
    run = tmp_path / "r"
    run.mkdir()
    (run / "config.json").write_text("{}")
    for idx in [99_999, 100_000, 7]:
        (run / shard_name(idx)).write_text(_ep(idx).to_json() + "\n")
    assert shard_name(100_000) == "episodes-100000.jsonl"
    assert [p.name for p in shard_paths(run)] == ["episodes-00007.jsonl", "episodes-99999.jsonl", "episodes-100000.jsonl"]
    assert [e.id for e in iter_episodes(run)] == ["e7", "e99999", "e100000"]
    assert [d["id"] for d in iter_records(run)] == ["e7", "e99999", "e100000"]
    (run / "episodes-notes.jsonl").write_text("not a shard\n")  # not the naming rule: ignored
    assert len(shard_paths(run)) == 3


def test_both_readers_give_the_same_episodes_and_skip_the_same_torn_tail(tmp_path: Path, caplog) -> None:
    with RunDir.open(tmp_path / "r", {"seed": 1}, shard_size=2) as run:
        for k in range(5):
            run.write(k, _ep(k))
    with open(tmp_path / "r" / shard_name(2), "ab") as f:
        f.write(_ep(9).to_json().encode()[:30])  # a killed writer's half line
    with caplog.at_level(logging.WARNING):
        models = [e.to_dict() for e in iter_episodes(tmp_path / "r")]
        dicts = list(iter_records(tmp_path / "r"))
    assert models == dicts and len(dicts) == 5
    assert caplog.text.count("torn") == 2


def test_an_empty_run_reads_as_empty_and_a_non_run_is_refused(tmp_path: Path) -> None:
    with RunDir.open(tmp_path / "r", {"seed": 1}):
        pass
    assert list(iter_episodes(tmp_path / "r")) == [] and list(iter_records(tmp_path / "r")) == []
    (tmp_path / "other").mkdir()
    for reader in (iter_episodes, iter_records):
        with pytest.raises(RunDirError, match="expected episodes-NNNNN.jsonl shards"):
            list(reader(tmp_path / "other"))


def test_both_readers_name_the_bad_line_the_same_way(tmp_path: Path) -> None:
    with RunDir.open(tmp_path / "r", {"seed": 1}) as run:
        for k in range(3):
            run.write(k, _ep(k))
    shard = tmp_path / "r" / shard_name(0)
    lines = shard.read_text().splitlines()
    lines[1] = json.dumps({"hello": "world"})
    shard.write_text("\n".join(lines) + "\n")
    for reader in (iter_episodes, iter_records):
        with pytest.raises(RunDirError, match=r"episodes-00000\.jsonl:2 is not a valid episode"):
            list(reader(tmp_path / "r"))


def _rich_ep(i: int) -> Episode:
    from toolgym.record import ToolCall

    call = ToolCall(id=f"call{i:05d}", name="get", arguments={"k": i})
    return Episode(id=f"e{i}", env_id="demo", seed=i, reward=0.5 * i, termination="done", variant="explore",
                   target_tools=["get"], meta={"usage": {"calls": 2, "seconds": 0.25}},
                   messages=[Message(role="user", content="hi"), Message(role="assistant", tool_calls=[call]),
                             Message(role="tool", tool_call_id=call.id, name="get", error="boom"),
                             Message(role="assistant", content="done")],
                   turns=[Turn(start=0, end=4)])


def test_a_worker_may_hand_over_counts_and_line_instead_of_the_episode(tmp_path: Path) -> None:
    # What a worker process sends (no Episode to rebuild in the writer) makes the same run.
    from toolgym.runs import EpisodeCounts

    eps = [_rich_ep(i) for i in range(3)]
    for name, items in [("whole", [(e, None) for e in eps]), ("counts", [(EpisodeCounts.of(e), e.to_json()) for e in eps])]:
        run = RunDir.open(tmp_path / name, {"x": 1}, manifest={}, planned=3)
        for k in (2, 0, 1):  # handed over out of order, written in key order
            run.write(k, items[k][0], line=items[k][1])
        run.close()
    for f in ("episodes-00000.jsonl", "manifest.json"):
        assert (tmp_path / "whole" / f).read_bytes() == (tmp_path / "counts" / f).read_bytes(), f
    counts = json.loads((tmp_path / "counts" / "manifest.json").read_text())["counts"]
    assert (counts["calls"], counts["failed_calls"], counts["turns"], counts["usage"]) == (3, 3, 3, {"calls": 6, "seconds": 0.75})
    run = RunDir.open(tmp_path / "bad", {"x": 1}, manifest={}, planned=1)
    with pytest.raises(TypeError, match="without its line"):
        run.write(0, EpisodeCounts.of(eps[0]))
    run.close()

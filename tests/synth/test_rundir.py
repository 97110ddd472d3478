"""Run directories: resume, ordered writes, torn lines, refused configs, reproducible bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolgym.errors import RunDirError
from toolgym.record import Episode, Message
from toolgym.runs import RunDir, iter_episodes, read_manifest

CFG = {"env": "demo", "episodes": 6, "seed": 3}


def ep(i: int, reward: float = 1.0) -> Episode:
    return Episode(
        id=f"e{i}",
        env_id="demo",
        seed=i,
        messages=[Message(role="user", content=f"hi {i}")],
        reward=reward,
        termination="done",
        target_tools=[f"t{i % 2}"],
        meta={"usage": {"tokens": 10 * i}},
    )


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "log.txt"}


def test_out_of_order_completions_are_written_in_key_order(tmp_path: Path) -> None:
    with RunDir.open(tmp_path / "r", CFG, planned=6, shard_size=4) as run:
        for k in (2, 0, 5, 1, 4, 3):
            run.write(k, ep(k))
    assert [e.id for e in iter_episodes(tmp_path / "r")] == [f"e{i}" for i in range(6)]
    shards = sorted(p.name for p in (tmp_path / "r").glob("episodes-*.jsonl"))
    assert shards == ["episodes-00000.jsonl", "episodes-00001.jsonl"]
    m = read_manifest(tmp_path / "r")
    assert m["complete"] is True and m["counts"]["episodes"] == 6
    assert m["counts"]["usage"] == {"tokens": 150}
    assert m["counts"]["targets"] == {"t0": 3, "t1": 3}


def test_a_key_is_never_written_twice(tmp_path: Path) -> None:
    with RunDir.open(tmp_path / "r", CFG) as run:
        run.write(0, ep(0))
        run.write(2, ep(2))
        with pytest.raises(RunDirError, match="already written"):
            run.write(0, ep(0))
        with pytest.raises(RunDirError, match="already written"):
            run.write(2, ep(2))


def test_unfinished_gap_leaves_a_clean_prefix_and_resume_completes_identically(tmp_path: Path) -> None:
    ref = tmp_path / "ref"
    with RunDir.open(ref, CFG, planned=6, shard_size=4) as run:
        for k in range(6):
            run.write(k, ep(k))
    part = tmp_path / "part"
    with RunDir.open(part, CFG, planned=6, shard_size=4) as run:
        run.write(0, ep(0))
        run.write(1, ep(1))
        run.write(3, ep(3))  # key 2 never arrives: 3 must not reach the disk
    assert [e.id for e in iter_episodes(part)] == ["e0", "e1"]
    assert read_manifest(part)["complete"] is False
    with RunDir.open(part, CFG, planned=6, shard_size=4) as run:
        assert list(run.pending(6)) == [2, 3, 4, 5]
        for k in run.pending(6):
            run.write(k, ep(k))
    assert files(part) == files(ref)


def test_torn_last_line_is_dropped_on_open_and_logged(tmp_path: Path) -> None:
    r = tmp_path / "r"
    with RunDir.open(r, CFG, planned=6) as run:
        for k in range(3):
            run.write(k, ep(k))
    shard = r / "episodes-00000.jsonl"
    whole = shard.read_bytes()
    shard.write_bytes(whole + ep(3).to_json().encode()[:25])  # killed mid-write
    with RunDir.open(r, CFG, planned=6) as run:
        assert run.n_done == 3
        assert shard.read_bytes() == whole
    assert "torn" in (r / "log.txt").read_text()


def test_complete_looking_but_corrupt_last_line_is_dropped(tmp_path: Path) -> None:
    r = tmp_path / "r"
    with RunDir.open(r, CFG) as run:
        run.write(0, ep(0))
    shard = r / "episodes-00000.jsonl"
    whole = shard.read_bytes()
    shard.write_bytes(whole + b'{"id": "x", "env\n')
    with RunDir.open(r, CFG) as run:
        assert run.n_done == 1
    assert shard.read_bytes() == whole


def test_different_config_is_refused_naming_the_difference(tmp_path: Path) -> None:
    r = tmp_path / "r"
    with RunDir.open(r, CFG) as run:
        run.write(0, ep(0))
    with pytest.raises(RunDirError, match=r"episodes: 6 -> 7.*--force"):
        RunDir.open(r, {**CFG, "episodes": 7})
    # refused means untouched
    assert json.loads((r / "config.json").read_text()) == CFG
    assert len(list(iter_episodes(r))) == 1


def test_force_discards_the_old_episodes(tmp_path: Path) -> None:
    r = tmp_path / "r"
    with RunDir.open(r, CFG) as run:
        run.write(0, ep(0))
    with RunDir.open(r, {**CFG, "seed": 4}, force=True) as run:
        assert run.n_done == 0
    assert json.loads((r / "config.json").read_text())["seed"] == 4
    assert list(iter_episodes(r)) == []


def test_directory_is_locked_while_open(tmp_path: Path) -> None:
    with RunDir.open(tmp_path / "r", CFG):
        with pytest.raises(RunDirError, match="in use"):
            RunDir.open(tmp_path / "r", CFG)


def test_manifest_has_no_wall_clock_and_is_reproducible(tmp_path: Path) -> None:
    outs = []
    for name in ("a", "b"):
        with RunDir.open(tmp_path / name, CFG, planned=2, manifest={"envs": [{"id": "demo"}]}) as run:
            run.write(0, ep(0))
            run.write(1, ep(1, reward=0.0))
        outs.append(files(tmp_path / name))
    assert outs[0] == outs[1]
    m = json.loads(outs[0]["manifest.json"])
    assert m["envs"] == [{"id": "demo"}] and m["counts"]["reward_mean"] == 0.5


def test_shards_without_config_are_not_adopted(tmp_path: Path) -> None:
    r = tmp_path / "r"
    r.mkdir()
    (r / "episodes-00000.jsonl").write_text("{}\n")
    with pytest.raises(RunDirError, match="no config.json"):
        RunDir.open(r, CFG)

"""Defect 1 of issue 12 without strace: what a kill during a rewrite can leave is recovered,
and the atomic writer never leaves a torn file (the kill sweep, test_killpoints.py, does it live)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from toolgym import fsio
from toolgym.errors import RunDirError
from toolgym.runs import RunDir, iter_episodes
from toolgym.synth.explore import explore_run

ENV = "toolgym/Calculator-v0"


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "log.txt"}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("ref") / "run"
    explore_run(str(out), [ENV], episodes=30, seed=4, progress=False, shard_size=10)
    return _files(out)


@pytest.mark.parametrize("torn", [b"", b'{\n  "command": "expl', b"\x00" * 40])
def test_a_config_json_torn_by_an_in_place_rewrite_is_recovered(tmp_path, reference, torn):
    out = tmp_path / "run"
    explore_run(str(out), [ENV], episodes=30, seed=4, progress=False, shard_size=10)
    shard = out / "episodes-00002.jsonl"
    shard.unlink()  # killed before the last shard...
    (out / "config.json").write_bytes(torn)  # ...while an older version rewrote config.json in place
    explore_run(str(out), [ENV], episodes=30, seed=4, progress=False, shard_size=10)  # "not valid JSON" before
    assert _files(out) == reference
    assert "was unreadable; rewritten" in (out / "log.txt").read_text()


def test_a_missing_config_json_is_recovered_from_the_episodes_alone(tmp_path, reference):
    out = tmp_path / "run"
    explore_run(str(out), [ENV], episodes=30, seed=4, progress=False, shard_size=10)
    (out / "config.json").unlink()
    (out / "manifest.json").unlink()
    explore_run(str(out), [ENV], episodes=30, seed=4, progress=False, shard_size=10)  # "not a run directory" before
    assert _files(out) == reference


def test_a_torn_config_of_another_run_is_refused_then_force_starts_over(tmp_path):
    out = tmp_path / "run"
    explore_run(str(out), [ENV], episodes=6, seed=4, progress=False)
    (out / "config.json").write_bytes(b'{"comm')
    with pytest.raises(RunDirError, match="made with another config"):
        explore_run(str(out), [ENV], episodes=6, seed=5, progress=False)
    explore_run(str(out), [ENV], episodes=6, seed=5, progress=False, force=True)  # refused before
    assert [e.seed for e in iter_episodes(out)] and (out / "config.json").read_text().count('"seed": 5') == 1


def test_temporaries_a_kill_left_are_removed_on_open(tmp_path):
    out = tmp_path / "run"
    explore_run(str(out), [ENV], episodes=3, seed=1, progress=False)
    for name in (".config.json.tmp", ".manifest.json.tmp", "manifest.json.tmp"):
        (out / name).write_text("half")
    explore_run(str(out), [ENV], episodes=3, seed=1, progress=False)
    assert not [p for p in out.iterdir() if "tmp" in p.name]


def test_atomic_write_keeps_the_old_file_when_the_disk_refuses(tmp_path, monkeypatch):
    target = tmp_path / "config.json"
    fsio.atomic_write(target, "old\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        fsio.atomic_write(target, "new\n" * 1000)
    assert target.read_text() == "old\n" and sorted(p.name for p in tmp_path.iterdir()) == ["config.json"]


def test_a_forked_child_does_not_hold_the_lock(tmp_path):
    d = tmp_path / "run"
    r, w = os.pipe()
    with RunDir.open(d, {"x": 1}):
        pid = os.fork()
        if pid == 0:  # the child: its copy of the lock fd was closed at fork (before this line runs)
            import time

            os.write(w, b"x")
            time.sleep(3)
            os._exit(0)
        os.read(r, 1)  # the child is up: on a loaded machine it may be scheduled after the parent
    try:
        with RunDir.open(d, {"x": 1}) as again:  # "in use by another process" before
            assert again.n_done == 0
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)

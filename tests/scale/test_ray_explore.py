"""``toolgym explore --workers/--ray``: chains planned ahead and checked in key order give the
bytes of one process (a chain whose plan moved while it ran is made again, never written)."""

from __future__ import annotations

from toolgym.synth.explore import explore_run

from .conftest import run_files

ENVS = ["toolgym/Calculator-v0", "toolgym/Vehicle-v0"]


def test_explore_on_workers_and_ray_shards_writes_the_bytes_of_one_process(ray_cluster, tmp_path):
    explore_run(str(tmp_path / "one"), ENVS, episodes=160, seed=2, progress=False)
    ref = run_files(tmp_path / "one")
    for name, kw in {"workers2": {"workers": 2}, "ray2": {"ray": "local", "shards": 2}}.items():
        explore_run(str(tmp_path / name), ENVS, episodes=160, seed=2, progress=False, **kw)
        assert run_files(tmp_path / name) == ref, name
    log = (tmp_path / "ray2" / "log.txt").read_text()
    assert "chains made by ray (2 at once, 16 per unit)" in log
    # planning ahead was exercised: some plans moved (else this test would not check re-making)
    assert "chains made again" in (tmp_path / "workers2" / "log.txt").read_text() + log


def test_explore_resumes_under_another_scale(ray_cluster, tmp_path):
    explore_run(str(tmp_path / "one"), ENVS, episodes=80, seed=4, progress=False)
    mixed = tmp_path / "mixed"
    explore_run(str(mixed), ENVS, episodes=80, seed=4, progress=False, ray="local", shards=2)
    # what a kill -9 leaves: the first 30 episodes and half of the 31st
    shard = mixed / "episodes-00000.jsonl"
    lines = shard.read_bytes().splitlines(keepends=True)
    shard.write_bytes(b"".join(lines[:30]) + lines[30][:40])
    explore_run(str(mixed), ENVS, episodes=80, seed=4, progress=False, workers=2)
    assert run_files(mixed) == run_files(tmp_path / "one")

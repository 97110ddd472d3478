"""``toolgym synth --ray --shards N``: the same bytes as one process, whatever happens to shards.

The cluster is a real local Ray (2 CPUs, loopback only); shards are Ray actors in their own
worker processes, killed here with SIGKILL like a lost node would lose them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from toolgym.synth.pipeline import SynthConfig, synthesize

from .conftest import ROOT, run_files

ENVS = ["toolgym/Calculator-v0", "toolgym/FileSystem-v0"]


def _cfg(out: Path, records: int = 24, **kw) -> SynthConfig:
    return SynthConfig(envs=ENVS, records=records, seed=5, world_reuse=2, out=str(out), progress=False, **kw)


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("one") / "run"
    synthesize(_cfg(out, records=120))
    return run_files(out)


def _prefix(files: dict[str, bytes], n: int) -> bytes:
    return b"".join(files["episodes-00000.jsonl"].splitlines(keepends=True)[:n])


def test_ray_shards_and_worker_processes_write_the_bytes_of_one_process(ray_cluster, tmp_path, one_process):
    one = tmp_path / "one24"
    synthesize(_cfg(one))
    ref = run_files(one)
    assert _prefix(one_process, 24) == ref["episodes-00000.jsonl"]  # a shorter run is a prefix of a longer one
    for name, kw in {"workers2": {"workers": 2}, "ray1": {"ray": "local", "shards": 1}, "ray2": {"ray": "local", "shards": 2}}.items():
        out = tmp_path / name
        synthesize(_cfg(out, **kw))
        got = run_files(out)
        assert got == ref, f"{name}: files differ from one process: {[k for k in ref if got.get(k) != ref[k]]}"
        assert f"records made by {'ray' if 'ray' in kw else 'processes'}" in (out / "log.txt").read_text()
    # the config says nothing of how it ran: the same run directory resumes under any scale
    assert (tmp_path / "ray2" / "config.json").read_bytes() == (one / "config.json").read_bytes()


def _shard_processes() -> list[psutil.Process]:
    out = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if cmd.startswith("ray::_SyncShard"):
            out.append(p)
    return out


def test_a_shard_killed_mid_run_loses_and_duplicates_nothing(ray_cluster, tmp_path, one_process):
    out = tmp_path / "run"
    errors: list[BaseException] = []

    def drive() -> None:
        try:
            synthesize(_cfg(out, records=120, ray="local", shards=2))
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    t = threading.Thread(target=drive)
    t.start()
    shard = out / "episodes-00000.jsonl"
    killed = None
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and t.is_alive():
        shards = _shard_processes()
        if len(shards) == 2 and shard.exists() and shard.read_bytes().count(b"\n") >= 10:
            killed = shards[0]
            killed.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    t.join(timeout=300)
    assert killed is not None, "no shard was killed before the run ended; the test proves nothing"
    assert not t.is_alive() and not errors, errors
    assert shard.read_bytes().count(b"\n") == 120
    assert run_files(out) == one_process
    assert not killed.is_running() or killed.status() == psutil.STATUS_ZOMBIE


def test_the_driver_killed_9_resumes_to_the_same_bytes(ray_cluster, tmp_path, one_process):
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "toolgym", "synth", *(a for e in ENVS for a in ("--env", e)), "--records", "120", "--seed", "5",
           "--set", "world_reuse=2", "--out", str(out), "--no-progress", "--ray", "--shards", "2"]
    env = {**os.environ, "RAY_ADDRESS": ray_cluster}  # the drivers join the test's cluster
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    shard = out / "episodes-00000.jsonl"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        if shard.exists() and shard.read_bytes().count(b"\n") >= 10:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert shard.read_bytes().count(b"\n") < 120, "the run ended before the kill; the test proves nothing"
    # the dead driver's shards go with it (Ray fate-shares actors with their owner)
    deadline = time.monotonic() + 60
    while _shard_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _shard_processes(), "shards outlived their driver"
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert run_files(out) == one_process

"""Defect 2 of issue 12: ``synth --workers`` leaves no orphan holding the run; a stale lock is named."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from toolgym.errors import RunDirError
from toolgym.runs import RunDir

ROOT = Path(__file__).resolve().parents[2]


# Long enough that a loaded machine cannot finish the run between its first record on disk and
# the signal (40 records did, once in CI); a full run is still ~3 s.
RECORDS = 400


def _cmd(out: Path, records: int = RECORDS) -> list[str]:
    return [sys.executable, "-m", "toolgym", "synth", "--workers", "2", "--records", str(records), "--seed", "3",
            "--env", "toolgym/Calculator-v0", "--set", "world_reuse=2", "--out", str(out), "--no-progress"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    ref = tmp_path_factory.mktemp("workers") / "ref"
    subprocess.run(_cmd(ref), check=True, capture_output=True, cwd=ROOT)
    return _files(ref)


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "log.txt"}


def _start_and_wait_for_workers(out: Path) -> tuple[subprocess.Popen, list[psutil.Process]]:
    proc = subprocess.Popen(_cmd(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        kids = parent.children()
        shard = out / "episodes-00000.jsonl"
        if len(kids) >= 2 and shard.exists() and shard.stat().st_size > 0:
            return proc, kids
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.kill()
    raise AssertionError(f"the workers did not start or the run ended first: {proc.communicate()}")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_workers_die_with_their_parent_and_the_same_command_resumes(tmp_path, sig, reference):
    out = tmp_path / "out"
    proc, kids = _start_and_wait_for_workers(out)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    on_disk = sum(1 for _ in open(out / "episodes-00000.jsonl", "rb"))
    assert on_disk < RECORDS, "the run ended before the signal; the test proves nothing"
    _, alive = psutil.wait_procs(kids, timeout=10)
    assert not alive, f"workers outlived their parent: {[(p.pid, p.ppid()) for p in alive]}"  # ppid 1 before
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1 and "terminated (SIGTERM)" in lines[0] and "Traceback" not in err
        # the final manifest was written and counts exactly what is on disk
        import json

        man = json.loads((out / "manifest.json").read_text())
        assert man["counts"]["episodes"] == on_disk and not man["complete"]
    # the next run is not refused as "in use" and ends as an uninterrupted run would
    done = subprocess.run(_cmd(out), capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert _files(out) == reference


def test_a_lock_left_by_a_dead_run_is_named_stale_with_the_processes_holding_it(tmp_path):
    d = tmp_path / "run"
    d.mkdir()
    # A run that takes the lock and forks a worker, then dies: the worker keeps the lock alive.
    code = ("import os, fcntl, sys, time\n"
            f"fd = os.open({str(d)!r}, os.O_RDONLY)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "pid = os.fork()\n"
            "if pid:\n"
            "    print(pid, flush=True)\n"
            "    os._exit(0)\n"
            "devnull = os.open(os.devnull, os.O_RDWR)\n"
            "os.dup2(devnull, 1); os.dup2(devnull, 2)\n"
            "time.sleep(60)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    worker = int(out.stdout.strip())
    try:
        with pytest.raises(RunDirError) as e:
            RunDir.open(d, {"x": 1})
        msg = str(e.value)
        assert "stale lock" in msg and f"kill {worker}" in msg
    finally:
        os.kill(worker, signal.SIGKILL)
    time.sleep(0.2)
    with RunDir.open(d, {"x": 1}) as run:  # once the leftover is gone the directory opens
        assert run.n_done == 0


def test_a_live_holder_is_named(tmp_path):
    d = tmp_path / "run"
    with RunDir.open(d, {"x": 1}):
        holder = subprocess.Popen([sys.executable, "-c", f"import time; from toolgym.runs import RunDir; "
                                   f"r = RunDir.open({str(d)!r}, {{'x': 1}})"], stderr=subprocess.PIPE, text=True)
        _, err = holder.communicate(timeout=60)
        assert f"is in use by process {os.getpid()}" in err

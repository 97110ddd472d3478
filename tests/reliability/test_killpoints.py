"""Defect 1 (and 7) of issue 12, as the kill-at-every-write check: kill -9 at a seeded sample of
the writes of synth, explore, collect and export, then the same command: the output equals an
uninterrupted run's. The full sweep is ``python benchmarks/killpoints.py`` (README, "Reliability").

Kill points come from ``strace`` of an uninterrupted run where strace is installed (every write
of every file, libraries' included); elsewhere from the fault-injecting writer
(``benchmarks/killhook.py``: the writes that go through Python).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import killpoints  # noqa: E402

MECHANISM = os.environ.get("TOOLGYM_KILL_MECHANISM") or ("strace" if shutil.which("strace") else "hook")
SAMPLE = int(os.environ.get("TOOLGYM_KILL_SAMPLE", "4"))  # stratified: a point on each of 4 files when there are
SEED = int(os.environ.get("TOOLGYM_KILL_SEED", "7"))


@pytest.mark.parametrize("command", killpoints.COMMANDS)
def test_kill_9_at_sampled_writes_then_the_same_command_gives_the_uninterrupted_output(command, tmp_path):
    rep = killpoints.sweep(command, sample=SAMPLE, seed=SEED, log=lambda s: None, work=tmp_path / "w", mechanism=MECHANISM)
    assert rep.points >= SAMPLE and rep.tried == SAMPLE
    assert rep.ok, "\n".join(rep.failures)


def test_enumeration_reads_every_write_family_syscall_and_rename_of_a_trace():
    trace = "\n".join([
        '101 write(3</w/out/.config.json.tmp>, "{}", 2) = 2',
        '101 rename("/w/out/.config.json.tmp", "/w/out/config.json") = 0',
        '101 write(4</w/out/episodes-00000.jsonl>, "{..."..., 900) = 900',
        '102 pwrite64(5</w/out/data/train.parquet>, "PAR1", 4, 0) = 4',
        '101 write(4</w/out/episodes-00000.jsonl>, "{..."..., 900) = 900',
        '101 write(1<pipe:[123]>, "done", 4) = 4',
        '101 write(6</w/other/x.txt>, "x", 1) = 1',
        '101 write(7</w/out/log.txt>, "x", 1) = -1 ENOSPC (No space left on device)',
    ])
    pts = killpoints.enumerate_points(trace, lambda p: p.startswith("/w/out/"))
    assert [str(p) for p in pts] == [
        "pwrite64#1 /w/out/data/train.parquet",
        "rename#1 /w/out/.config.json.tmp",
        "write#1 /w/out/.config.json.tmp",
        "write#1 /w/out/episodes-00000.jsonl",
        "write#2 /w/out/episodes-00000.jsonl",
        "write#1 /w/out/log.txt",  # a failed write is an invocation too (strace's when= counts it)
    ]

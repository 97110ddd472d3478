"""Defects 8 and 11 of issue 12: every user error ends with one clear line on stderr and a
non-zero exit, never a traceback; an internal bug still shows its traceback.

In-process through ``toolgym.cli.main`` (fast, and any exception escaping it fails the test),
and as real processes for what only a process shows (a traceback on stderr, a full disk).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from toolgym.cli import main

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    """A small synth run every case starts from (copied, never changed)."""
    out = tmp_path_factory.mktemp("cli") / "run"
    assert main(["synth", "--records", "4", "--env", "toolgym/Calculator-v0", "--out", str(out), "--no-progress"]) == 0
    return out


def _damaged(run: Path, tmp: Path, how: str) -> Path:
    bad = tmp / f"bad-{how}"
    shutil.copytree(run, bad)
    shard = bad / "episodes-00000.jsonl"
    lines = shard.read_bytes().split(b"\n")
    lines[1] = {"truncated": lines[1][:50], "garbage": b"\x00\x01garbage\xff", "schema": b'{"hello":"world"}'}[how]
    shard.write_bytes(b"\n".join(lines))
    return bad


def _clean_error(capsys, code: int, expect: str) -> str:
    captured = capsys.readouterr()
    lines = [ln for ln in captured.err.splitlines() if ln.strip()]
    assert code != 0
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("toolgym ") and "error" in lines[0] and "Traceback" not in captured.err
    assert expect in lines[0], lines[0]
    return lines[0]


DAMAGE = ["truncated", "garbage", "schema"]


@pytest.mark.parametrize("how", DAMAGE)
def test_synth_check_on_a_damaged_episode_line(run, tmp_path, capsys, how):
    bad = _damaged(run, tmp_path, how)
    _clean_error(capsys, main(["synth", "--check", "--out", str(bad)]), "episodes-00000.jsonl:2 is not a valid episode")


@pytest.mark.parametrize("how", DAMAGE)
def test_collect_tasks_from_a_damaged_run(run, tmp_path, capsys, how):
    bad = _damaged(run, tmp_path, how)
    code = main(["collect", "--tasks", str(bad), "--out", str(tmp_path / "c"), "--no-progress"])
    _clean_error(capsys, code, "episodes-00000.jsonl:2 is not a valid episode")


@pytest.mark.parametrize("how", DAMAGE)
def test_stats_on_a_damaged_episode_line(run, tmp_path, capsys, how):
    bad = _damaged(run, tmp_path, how)
    _clean_error(capsys, main(["stats", str(bad)]), "episodes-00000.jsonl:2")  # {"hello":"world"} counted as an episode before


def test_stats_does_not_count_a_non_episode_as_an_episode(tmp_path, capsys):
    f = tmp_path / "episodes-00000.jsonl"
    f.write_text('{"hello": "world"}\n')
    _clean_error(capsys, main(["stats", str(tmp_path)]), "expected an episode")


@pytest.mark.parametrize("kind,expect", [("binary", "not text"), ("directory", "directory"), ("yaml", "not valid YAML"),
                                         ("json", "not valid JSON")])
def test_synth_config_that_is_not_a_config(tmp_path, capsys, kind, expect):
    p = tmp_path / {"binary": "c.json", "directory": "cdir", "yaml": "c.yaml", "json": "c.json"}[kind]
    if kind == "binary":
        p.write_bytes(b"\x00\xff\xfe\x89PNG\r\n")
    elif kind == "directory":
        p.mkdir()
    elif kind == "yaml":
        p.write_text("a: [1, 2\nb: {")
    else:
        p.write_text('{"records": 3,')
    _clean_error(capsys, main(["synth", "--config", str(p), "--out", str(tmp_path / "o")]), expect)


@pytest.mark.parametrize("where", ["at", "under"])
def test_export_out_at_or_under_a_file(run, tmp_path, capsys, where):
    f = tmp_path / "afile"
    f.write_text("x")
    out = f if where == "at" else f / "sub"
    code = main(["export", str(run), "--format", "openai", "--out", str(out), "--no-plots"])
    _clean_error(capsys, code, "is a file")
    assert f.read_text() == "x"


@pytest.mark.parametrize("flag,value", [("--episodes", "-1"), ("--max-steps", "0"), ("--worlds", "0"), ("--extra", "-3"),
                                        ("--shard-size", "0")])
def test_explore_numbers_out_of_range(tmp_path, capsys, flag, value):
    args = ["explore", "--env", "toolgym/Calculator-v0", "--episodes", "2", "--out", str(tmp_path / "e"), "--no-progress"]
    if flag == "--episodes":
        args[args.index("--episodes") + 1] = value
    else:
        args += [flag, value]
    _clean_error(capsys, main(args), f"expected {flag} >=")  # --shard-size 0 silently meant 10,000 before
    assert not (tmp_path / "e").exists()


def test_envs_graph_out_at_an_existing_file(tmp_path, capsys):
    f = tmp_path / "afile"
    f.write_text("x")
    _clean_error(capsys, main(["envs", "graph", "toolgym/Calculator-v0", "--out", str(f)]), "is a file")


def test_serve_refuses_a_fault_rate_above_one(capsys):
    _clean_error(capsys, main(["serve", "--fault", "429=2", "--port", "0"]), "between 0 and 1")


def test_export_of_corrupt_records_fails_with_a_line_and_keeps_the_rest(run, tmp_path, capsys):
    bad = tmp_path / "bad"
    shutil.copytree(run, bad)
    shard = bad / "episodes-00000.jsonl"
    lines = shard.read_text().splitlines()
    ep = json.loads(lines[2])
    ep["messages"] = [m for m in ep["messages"] if m["role"] != "tool"]  # calls without results
    lines[2] = json.dumps(ep)
    shard.write_text("\n".join(lines) + "\n")
    code = main(["export", str(bad), "--format", "openai", "--out", str(tmp_path / "x"), "--no-plots"])
    captured = capsys.readouterr()
    assert code == 1  # exit 0 before
    errs = [ln for ln in captured.err.splitlines() if ln.startswith("error:")]
    assert len(errs) == 1 and "1 episodes" in errs[0] and "corrupt" in errs[0] and "Traceback" not in captured.err
    man = json.loads((tmp_path / "x" / "export.json").read_text())
    assert man["corrupt_count"] == 1 and man["splits"]["train"]["episodes"] == 3


def test_exporting_a_run_still_being_written_is_one_line(run, tmp_path, capsys):
    from toolgym.synth.rundir import RunDir, read_config

    live = tmp_path / "live"
    shutil.copytree(run, live)
    with RunDir.open(live, read_config(live)):
        code = main(["export", str(live), "--format", "openai", "--out", str(tmp_path / "x"), "--no-plots"])
    _clean_error(capsys, code, "still being written")  # hundreds of validation lines before


# --- what only a process shows ------------------------------------------------------------------


def _proc(args: list[str], cwd: Path, preexec: Callable[[], None] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)])}
    return subprocess.run([sys.executable, "-m", "toolgym", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          preexec_fn=preexec, timeout=timeout)


def _one_line(p: subprocess.CompletedProcess, expect: str) -> None:
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    assert len(lines) == 1 and "Traceback" not in p.stderr, p.stderr[-2000:]
    assert expect in lines[0], lines[0]


@pytest.mark.parametrize("bug", ["RuntimeError", "FileNotFoundError", "KeyError"])
def test_an_internal_bug_still_prints_its_traceback(tmp_path, bug):
    # injected_bug (tests/reliability) replaces explore_run by a function raising ``bug``.
    os.environ["TOOLGYM_INJECT"] = bug
    try:
        p = _proc(["explore", "--plugin", "injected_bug", "--env", "toolgym/Calculator-v0", "--episodes", "1",
                   "--out", str(tmp_path / "e"), "--no-progress"], tmp_path)
    finally:
        del os.environ["TOOLGYM_INJECT"]
    assert p.returncode == 1
    last = p.stderr.strip().splitlines()[-1]
    assert "Traceback (most recent call last)" in p.stderr and last.startswith(f"{bug}: ") and "injected bug" in last


def test_an_internal_bug_is_not_swallowed_in_process(monkeypatch, tmp_path):
    import toolgym.synth.explore as explore

    def broken(*a, **k):
        raise RuntimeError("injected bug")

    monkeypatch.setattr(explore, "explore_run", broken)
    with pytest.raises(RuntimeError, match="injected bug"):
        main(["explore", "--env", "toolgym/Calculator-v0", "--episodes", "1", "--out", str(tmp_path / "e"), "--no-progress"])


# --- a full disk ------------------------------------------------------------------------------------


def _tmpfs_available() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path("/tmp") / f"toolgym-tmpfs-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", str(probe)], check=True)
    probe.rmdir()
    return ok


# How the disk fills: a small tmpfs (a real ENOSPC from the kernel; needs root), and everywhere a
# file-size limit (RLIMIT_FSIZE: the kernel refuses the write with EFBIG, the same path through
# our code). Both run on a root machine; CI runs the second.
FILLS = ["rlimit"] + (["tmpfs"] if sys.platform.startswith("linux") and _tmpfs_available() else [])


class Disk:
    def __init__(self, kind: str, root: Path):
        self.kind = kind
        self.root = root / "disk"
        self.root.mkdir()
        if kind == "tmpfs":
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs", str(self.root)], check=True)

    def preexec(self, file_limit: int = 60_000) -> Callable[[], None] | None:
        if self.kind != "rlimit":
            return None

        def limit() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

        return limit

    def grow(self) -> None:
        if self.kind == "tmpfs":
            subprocess.run(["mount", "-o", "remount,size=64m", str(self.root)], check=True)

    def close(self) -> None:
        if self.kind == "tmpfs":
            subprocess.run(["umount", str(self.root)], check=True)


@pytest.fixture(params=FILLS)
def disk(request, tmp_path):
    d = Disk(request.param, tmp_path)
    yield d
    d.close()


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "log.txt"}


def test_disk_full_in_synth_is_one_line_and_the_run_resumes(disk, tmp_path):
    args = ["synth", "--records", "30", "--env", "toolgym/Calculator-v0", "--no-progress"]
    out = disk.root / "run"
    p = _proc([*args, "--out", str(out)], tmp_path, disk.preexec(file_limit=30_000))
    _one_line(p, "no space left on device" if disk.kind == "tmpfs" else "file too large")
    disk.grow()
    ref = tmp_path / "ref"
    assert main([*args, "--out", str(ref)]) == 0  # in-process: the same bytes
    assert _proc([*args, "--out", str(out)], tmp_path).returncode == 0  # rerun after freeing space: resumes
    assert _files(out) == _files(ref)


def test_disk_full_in_explore_is_one_line_and_the_run_resumes(disk, tmp_path):
    args = ["explore", "--env", "toolgym/Calculator-v0", "--episodes", "150", "--seed", "2", "--no-progress"]
    out = disk.root / "run"
    p = _proc([*args, "--out", str(out)], tmp_path, disk.preexec(file_limit=30_000))
    _one_line(p, "no space left on device" if disk.kind == "tmpfs" else "file too large")
    disk.grow()
    ref = tmp_path / "ref"
    assert main([*args, "--out", str(ref)]) == 0
    assert _proc([*args, "--out", str(out)], tmp_path).returncode == 0
    assert _files(out) == _files(ref)


def test_disk_full_in_export_is_one_line_and_leaves_no_partial_export(disk, tmp_path, run):
    args = ["export", str(run), "--format", "sharegpt"]
    out = disk.root / "x"
    p = _proc([*args, "--out", str(out)], tmp_path, disk.preexec(file_limit=20_000))
    _one_line(p, "no space left on device" if disk.kind == "tmpfs" else "file too large")
    assert not out.exists() and list(disk.root.iterdir()) == []  # nothing half-written is left
    disk.grow()
    ref = tmp_path / "ref"
    assert main([*args, "--out", str(ref)]) == 0
    assert _proc([*args, "--out", str(out)], tmp_path).returncode == 0  # the same command, no --force needed
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == \
        {p.relative_to(ref): p.read_bytes() for p in ref.rglob("*") if p.is_file()}


def test_disk_full_in_stats_plots_is_one_line(disk, tmp_path, run):
    out = disk.root / "plots"
    if disk.kind == "tmpfs":  # the plots of a 4-record run weigh about 100 kB, as much as the disk
        (disk.root / "filler").write_bytes(b"\0" * 60_000)
    p = _proc(["stats", str(run), "--plots", str(out)], tmp_path, disk.preexec(file_limit=8_000))
    _one_line(p, "no space left on device" if disk.kind == "tmpfs" else "file too large")
    assert not [f for f in out.rglob("*") if f.is_file()]  # no torn picture left behind

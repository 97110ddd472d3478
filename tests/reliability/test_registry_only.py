"""Defect 9 of issue 12: environment ids from data files and command lines resolve through the
registry only; nothing they name is ever imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import toolgym
from toolgym.envs import make
from toolgym.errors import UnknownEnvironment

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def trap(tmp_path):
    """A module whose import leaves a mark: if any id makes toolgym import it, the test sees it."""
    mod = tmp_path / "mods"
    mod.mkdir()
    mark = tmp_path / "imported.txt"
    (mod / "trapmod.py").write_text(f"open({str(mark)!r}, 'w').write('imported')\ndef boom(*a, **k):\n    open({str(mark)!r}, 'w').write('called')\n")
    return mod, mark


def _run(args: list[str], mods: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": f"{mods}:{ROOT}", "PATH": "/usr/bin:/bin", "HOME": str(mods)}
    return subprocess.run([sys.executable, "-m", "toolgym", *args], capture_output=True, text=True, env=env, cwd=mods)


def _one_clean_error(p: subprocess.CompletedProcess, expect: str) -> None:
    assert p.returncode == 2, (p.returncode, p.stderr)
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    assert expect in lines[0], lines[0]


def test_collect_tasks_file_cannot_import_through_an_env_id(trap, tmp_path):
    mods, mark = trap
    tasks = tmp_path / "tasks.jsonl"
    task = {"id": "t", "seed": 1, "turns": [{"user": "hi"}], "meta": {"env_id": "trapmod:toolgym/Travel-v0"}}
    tasks.write_text(json.dumps(task) + "\n")
    p = _run(["collect", "--tasks", str(tasks), "--out", str(tmp_path / "out"), "--no-progress"], mods)
    _one_clean_error(p, "no toolgym environment 'trapmod:toolgym/Travel-v0'")
    assert not mark.exists()  # imported before the fix


def test_synth_check_cannot_import_through_a_composed_env_id(trap, tmp_path):
    mods, mark = trap
    run = tmp_path / "run"
    assert _run(["synth", "--records", "2", "--env", "toolgym/Calculator-v0", "--out", str(run), "--no-progress"], mods).returncode == 0
    shard = run / "episodes-00000.jsonl"
    line = json.loads(shard.read_text().splitlines()[0])
    line["env_id"] = "toolgym/Calculator-v0+trapmod:boom"
    shard.write_text(json.dumps(line) + "\n")
    p = _run(["synth", "--check", "--records", "2", "--env", "toolgym/Calculator-v0", "--out", str(run)], mods)
    _one_clean_error(p, "no toolgym environment 'trapmod:boom'")
    assert not mark.exists()


@pytest.mark.parametrize("cmd", [["explore", "--episodes", "1"], ["collect", "--explore-targets", "1"], ["envs", "graph"]])
def test_command_line_ids_are_not_imported(trap, tmp_path, cmd):
    mods, mark = trap
    args = [*cmd, "--env", "trapmod:boom", "--out", str(tmp_path / "o"), "--no-progress"] if cmd[0] != "envs" else [*cmd, "trapmod:boom"]
    p = _run(args, mods)
    _one_clean_error(p, "no toolgym environment 'trapmod:boom'")
    assert not mark.exists()  # `explore --env os:system` called os.system before


def test_plugin_imports_only_a_module_named_explicitly(trap, tmp_path):
    mods, mark = trap
    p = _run(["envs", "list", "--plugin", "trapmod"], mods)
    assert p.returncode == 0 and mark.read_text() == "imported"  # explicit and visible on the command line
    mark.unlink()
    _one_clean_error(_run(["envs", "list", "--plugin", "trapmod:boom"], mods), "expected a module name for --plugin")
    assert not mark.exists()


def test_make_takes_registered_ids_and_compositions_of_them():
    env = toolgym.make("toolgym/Travel-v0+toolgym/Messaging-v0")
    assert env is not None and env.env_id == "toolgym/Travel-v0+toolgym/Messaging-v0"
    obs, info = env.reset(seed=0)
    assert {"search_flights", "send_message"} <= set(env.offered_tools)
    same = make("toolgym/Travel-v0+toolgym/Messaging-v0")
    same.reset(seed=0)
    assert same.state_hash() == env.state_hash()
    with pytest.raises(UnknownEnvironment, match="'toolgym/Travle-v0'; did you mean 'toolgym/Travel-v0'"):
        make("toolgym/Travle-v0+toolgym/Messaging-v0")
    with pytest.raises(UnknownEnvironment, match="no toolgym environment 'os:system'"):
        make("os:system")
    with pytest.raises(UnknownEnvironment):
        make("toolgym/Travel-v0+os:system")

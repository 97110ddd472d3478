"""Defect 9 of issue 12: environment ids from data files and command lines resolve through the
registry only; nothing they name is ever imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import toolgym
from toolgym.cli import main
from toolgym.envs import make
from toolgym.errors import UnknownEnvironment

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def trap(tmp_path, monkeypatch):
    """A module whose import leaves a mark: if any id makes toolgym import it, the test sees it."""
    mod = tmp_path / "mods"
    mod.mkdir()
    mark = tmp_path / "imported.txt"
    name = f"trapmod_{tmp_path.name.replace('-', '_')}"  # a fresh module name per test: never imported before
    (mod / f"{name}.py").write_text(f"open({str(mark)!r}, 'w').write('imported')\ndef boom(*a, **k):\n"
                                    f"    open({str(mark)!r}, 'w').write('called')\n")
    monkeypatch.syspath_prepend(str(mod))
    yield name, mark
    sys.modules.pop(name, None)


def _one_clean_error(capsys, code: int, expect: str) -> None:
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, (code, err)
    assert len(lines) == 1 and "Traceback" not in err, err
    assert expect in lines[0], lines[0]


def test_collect_tasks_file_cannot_import_through_an_env_id(trap, tmp_path, capsys):
    name, mark = trap
    tasks = tmp_path / "tasks.jsonl"
    task = {"id": "t", "seed": 1, "turns": [{"user": "hi"}], "meta": {"env_id": f"{name}:toolgym/Travel-v0"}}
    tasks.write_text(json.dumps(task) + "\n")
    code = main(["collect", "--tasks", str(tasks), "--out", str(tmp_path / "out"), "--no-progress"])
    _one_clean_error(capsys, code, f"no toolgym environment '{name}:toolgym/Travel-v0'")
    assert not mark.exists()  # imported before the fix


def test_synth_check_cannot_import_through_a_composed_env_id(trap, tmp_path, capsys):
    name, mark = trap
    run = tmp_path / "run"
    assert main(["synth", "--records", "2", "--env", "toolgym/Calculator-v0", "--out", str(run), "--no-progress"]) == 0
    shard = run / "episodes-00000.jsonl"
    line = json.loads(shard.read_text().splitlines()[0])
    line["env_id"] = f"toolgym/Calculator-v0+{name}:boom"
    shard.write_text(json.dumps(line) + "\n")
    capsys.readouterr()
    code = main(["synth", "--check", "--records", "2", "--env", "toolgym/Calculator-v0", "--out", str(run)])
    _one_clean_error(capsys, code, f"no toolgym environment '{name}:boom'")
    assert not mark.exists()


@pytest.mark.parametrize("cmd", [["explore", "--episodes", "1"], ["collect", "--explore-targets", "1"], ["envs", "graph"]])
def test_command_line_ids_are_not_imported(trap, tmp_path, capsys, cmd):
    name, mark = trap
    env_id = f"{name}:boom"
    args = [*cmd, "--env", env_id, "--out", str(tmp_path / "o"), "--no-progress"] if cmd[0] != "envs" else [*cmd, env_id]
    _one_clean_error(capsys, main(args), f"no toolgym environment '{env_id}'")
    assert not mark.exists()  # `explore --env os:system` called os.system before


def test_plugin_imports_only_a_module_named_explicitly(trap, capsys):
    name, mark = trap
    _one_clean_error(capsys, main(["envs", "list", "--plugin", f"{name}:boom"]), "expected a module name for --plugin")
    assert not mark.exists()
    assert main(["envs", "list", "--plugin", name]) == 0 and mark.read_text() == "imported"  # explicit, on the command line


def test_the_command_line_refuses_an_importable_id_in_a_fresh_process(tmp_path):
    # The same, end to end in a real process: `os:system` is an unknown id, nothing runs.
    p = subprocess.run([sys.executable, "-m", "toolgym", "explore", "--env", "os:system", "--episodes", "1",
                        "--out", str(tmp_path / "o"), "--no-progress"], capture_output=True, text=True, cwd=tmp_path,
                       env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 2 and p.stderr.strip() == "toolgym explore: error: no toolgym environment 'os:system'; `toolgym envs list` shows them"


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

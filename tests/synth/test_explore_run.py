"""``toolgym explore`` runs: reproducible bytes, resume after a kill, refused configs, coverage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolgym.cli import main
from toolgym.errors import RunDirError
from toolgym.runs import iter_episodes, read_manifest
from toolgym.synth.explore import DirectedSampler, explore_run, resolve_env

HERE = Path(__file__).resolve().parent
CHAT = "test/ChatWithHook-v0"  # registered by mini_env on import
sys.path.insert(0, str(HERE))
import mini_env  # noqa: E402,F401


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "log.txt"}


def test_same_seed_and_config_give_byte_identical_runs(tmp_path: Path) -> None:
    for name in ("a", "b"):
        explore_run(str(tmp_path / name), [CHAT], episodes=60, seed=4, progress=False, shard_size=25)
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert a == b
    assert sorted(a) == ["config.json", "episodes-00000.jsonl", "episodes-00001.jsonl", "episodes-00002.jsonl", "manifest.json"]
    explore_run(str(tmp_path / "c"), [CHAT], episodes=60, seed=5, progress=False, shard_size=25)
    assert files(tmp_path / "c")["episodes-00000.jsonl"] != a["episodes-00000.jsonl"]


def test_rerun_of_a_finished_run_changes_nothing_and_a_partial_run_completes_identically(tmp_path: Path) -> None:
    ref = tmp_path / "ref"
    explore_run(str(ref), [CHAT], episodes=50, seed=1, progress=False)
    before = files(ref)
    explore_run(str(ref), [CHAT], episodes=50, seed=1, progress=False)
    assert files(ref) == before
    # a partial run: cut the shard after 17 episodes (as a kill would), then resume
    part = tmp_path / "part"
    explore_run(str(part), [CHAT], episodes=50, seed=1, progress=False)
    shard = part / "episodes-00000.jsonl"
    lines = shard.read_bytes().split(b"\n")
    shard.write_bytes(b"\n".join(lines[:17]) + b"\n" + lines[17][:40])  # plus a torn line
    explore_run(str(part), [CHAT], episodes=50, seed=1, progress=False)
    assert files(part) == before


def test_a_different_config_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "r"
    explore_run(str(out), [CHAT], episodes=5, seed=1, progress=False)
    with pytest.raises(RunDirError, match="seed: 1 -> 2"):
        explore_run(str(out), [CHAT], episodes=5, seed=2, progress=False)
    explore_run(str(out), [CHAT], episodes=5, seed=2, progress=False, force=True)
    assert read_manifest(out)["counts"]["episodes"] == 5


def test_kill_mid_run_and_resume_yields_the_files_of_an_uninterrupted_run(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    n = 800
    cmd = [sys.executable, "-m", "toolgym", "explore", "--plugin", "mini_env", "--env", CHAT, "--episodes", str(n), "--seed", "7", "--no-progress", "--shard-size", "300"]
    ref, killed = tmp_path / "ref", tmp_path / "killed"
    explore_run(str(ref), [CHAT], episodes=n, seed=7, progress=False, shard_size=300)  # in-process: same bytes
    proc = subprocess.Popen([*cmd, "--out", str(killed)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shard = killed / "episodes-00000.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not shard.exists() or shard.stat().st_size < 100_000):
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = sum(1 for _ in iter_episodes(killed)) if shard.exists() else 0
    assert done < n, "the run finished before it could be killed; raise n"
    subprocess.run([*cmd, "--out", str(killed)], check=True, env=env, capture_output=True)
    assert files(killed) == files(ref)
    assert [e.id for e in iter_episodes(killed)] == [f"explore-{i:06d}" for i in range(n)]


def test_cli_explore_prints_coverage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", "--env", CHAT, "--episodes", "40", "--seed", "0", "--out", str(tmp_path / "r"), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "coverage" in out and "ChatWithHook" in out
    eps = list(iter_episodes(tmp_path / "r"))
    assert len(eps) == 40 and all(e.variant == "explore" for e in eps)


def test_cli_refused_config_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["explore", "--env", CHAT, "--episodes", "3", "--out", str(tmp_path / "r"), "--no-progress"]
    assert main([*args, "--seed", "0"]) == 0
    assert main([*args, "--seed", "1"]) == 2
    assert "different config" in capsys.readouterr().err


def test_every_episode_of_a_run_replays_in_a_fresh_env(tmp_path: Path) -> None:
    from toolgym.envs.actions import make_action
    from toolgym.synth.chain import episode_to_chain

    explore_run(str(tmp_path / "r"), [CHAT], episodes=40, seed=3, progress=False, extra=2)
    for ep in iter_episodes(tmp_path / "r"):
        chain = episode_to_chain(ep)
        env = resolve_env(CHAT)
        env.reset(seed=ep.seed)
        for st in chain.steps:
            _, _, _, _, info = env.step(make_action([st.call]))
            r = info["tool_results"][0]
            assert (r.content, r.error) == (st.result.content, st.result.error)
            assert env.state_hash() == st.state_hash


# --- coverage over every built-in environment ----------------------------------------------------


def _builtin_ids() -> list[str]:
    """The built-in domains and registered compositions (not environments other test modules
    register for themselves, such as ``test/LLMMail-v0``)."""
    from toolgym.envs.registry import BUILTINS, COMBINATIONS

    return [*BUILTINS, *COMBINATIONS]


@pytest.mark.parametrize("env_id", [CHAT, *_builtin_ids()])
def test_every_tool_is_reached_as_a_target_in_a_few_hundred_episodes(env_id: str, tmp_path: Path) -> None:
    n_tools = len(DirectedSampler(resolve_env(env_id)).graph.tools)
    episodes = max(300, 12 * n_tools)
    # 16 worlds: the SDK caches built worlds per seed, so resets are copies and the test is fast
    report = explore_run(str(tmp_path / "r"), [env_id], episodes=episodes, seed=0, progress=False, worlds=16)
    missing = {t for t, c in report.tools[env_id].items() if c.reached == 0}
    assert not missing, report.table(only_missing=True)
    # every episode of the run is a well-formed exploration episode
    assert report.as_dict()["envs"][env_id]["fraction"] == 1.0

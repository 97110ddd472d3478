"""SkyRL-Gym runs toolgym: its own registry makes the env from an exported row, and its
init/step loop, driven by raw model text, earns the record's rewards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolgym.cli import main
from toolgym.record import Episode

from .rawtext import raw_texts

skyrl_gym = pytest.importorskip("skyrl_gym")  # the rl-skyrl extra; installed by the test extra
from skyrl_gym.envs.base_text_env import BaseTextEnv  # noqa: E402


def test_skyrl_gym_make_init_step_earns_the_record_rewards(rl_run: Path, tmp_path: Path, records: list[Episode]) -> None:
    from toolgym.rl.skyrl import ToolgymTextEnv, register

    out = tmp_path / "skyrl"
    assert main(["export", str(rl_run), "--format", "rl", "--target", "skyrl", "--out", str(out), "--no-plots"]) == 0
    rows = [json.loads(x) for x in (out / "data" / "train.jsonl").read_text().splitlines()]
    by_id = {e.id: e for e in records}
    register()
    register()  # idempotent
    for n, row in enumerate(rows[:40]):
        ep = by_id[json.loads(row["extra_info"]["toolgym"])["episode_id"]]
        # what SkyRL's dataset hands the generator: every column but the prompt and the env class
        extras = {k: v for k, v in row.items() if k not in ("prompt", "env_class")}
        extras["max_turns"] = 200
        env = skyrl_gym.make(row["env_class"], env_config={}, extras=extras)
        assert isinstance(env, BaseTextEnv) and isinstance(env, ToolgymTextEnv)
        prompt, meta = env.init(row["prompt"])
        assert prompt == row["prompt"] and meta["tools"] == row["tools"]
        total, done = 0.0, False
        for text in raw_texts(["hermes", "mistral", "json", "llama3.1"][n % 4], ep.messages):
            out_ = env.step(text)
            assert set(out_) >= {"observations", "reward", "done", "metadata"}
            total += out_["reward"]
            if out_["done"]:
                done = True
                break
            assert out_["observations"] and all(m["role"] in ("tool", "user") for m in out_["observations"])
        assert done and total == sum(t.reward for t in ep.turns)
        assert env.get_metrics()["episode_reward"] == ep.reward
        env.close()


def test_skyrl_max_turns_ends_the_trajectory(rl_run: Path, records: list[Episode]) -> None:
    from toolgym.rl.rows import episode_payloads
    from toolgym.rl.skyrl import register

    register()
    ep = next(e for e in records if len(e.turns) > 1)
    payload = episode_payloads(ep)[0]
    env = skyrl_gym.make("toolgym", env_config={"reward": "partial"}, extras={"extra_info": {"toolgym": json.dumps(payload)}, "max_turns": 2})
    env.init([])
    assert env.step("").get("done") is False
    out = env.step("still nothing useful <tool_call>{broken")
    assert out["done"] is True and out["metadata"]["termination"] == "max_turns" and out["observations"] == []

"""``toolgym collect`` with the LLM policy through real HTTP: every episode recorded with its
termination whatever the faults, kill-and-resume giving the files of an uninterrupted run, the
API key in no file, the run config guarding resumes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolgym.errors import RunDirError
from toolgym.runs import iter_episodes
from toolgym.synth.collect import CollectConfig, collect_async, explore_targets, format_summary

from .conftest import KEY, llm_config, send_rule, send_task

ENV = "test/LLMMail-v0"  # registered by tests.llm.mail_env (imported by conftest; --plugin in subprocesses)
ROOT = Path(__file__).resolve().parents[2]
NAMES = ["Ann Smith", "Bob Jones", "Cleo Park", "Dan Wu", "Eve Stone", "Finn Hart"]


def write_tasks(path: Path, n: int) -> list[tuple[str, str]]:
    pairs = [(NAMES[i % len(NAMES)], f"note {i}") for i in range(n)]
    with open(path, "w") as f:
        for i, (name, text) in enumerate(pairs):
            f.write(send_task(name, text, task_id=f"t{i}", seed=i).model_dump_json() + "\n")
    return pairs


def collect(**kw):
    return asyncio.run(collect_async(CollectConfig(progress=False, **kw)))


def test_every_episode_is_recorded_with_its_termination_whatever_the_faults(serve, tmp_path):
    pairs = write_tasks(tmp_path / "tasks.jsonl", 8)
    faults = [{}, {0: ["429"], 2: ["hang"]}, {1: ["500"] * 9}, {3: ["malformed"] * 3}, {2: ["drop", "garbage"]}, {}, {4: ["503", "empty"]}, {}]
    rules = [send_rule(n, t, f) for (n, t), f in zip(pairs, faults, strict=False)]
    _, url = serve(script={"rules": rules}, retry_after=0.01)
    seen = []
    summary = asyncio.run(collect_async(
        CollectConfig(out=str(tmp_path / "run"), env=ENV, tasks=str(tmp_path / "tasks.jsonl"), policy="llm",
                      llm=llm_config(url, request_timeout=0.3, max_retries=3, max_in_flight=4), progress=False),
        on_episode=lambda k, ep: seen.append(k)))
    eps = list(iter_episodes(tmp_path / "run"))
    assert len(eps) == 8 and sorted(seen) == list(range(8))
    assert [e.meta["task_id"] for e in eps] == [f"t{i}" for i in range(8)]  # key order on disk
    terms = [e.termination for e in eps]
    assert terms == ["done", "done", "server_error", "malformed_output", "done", "done", "done", "done"]
    assert [e.reward for e in eps] == [1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
    assert eps[3].reward == 0.0 and [t.reward for t in eps[3].turns] == [0.0]
    assert summary["episodes"] == 8 and summary["reward_mean"] == 0.75 and summary["error_rate"] == 0.25
    assert summary["turn_reward_mean"] == {1: 0.75, 2: 1.0}
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["complete"] and manifest["counts"]["terminations"]["server_error"] == 1
    assert manifest["counts"]["usage"]["llm_calls"] == summary["usage"]["llm_calls"] > 40
    table = format_summary(summary)
    assert "reward (mean)        0.7500" in table and "server_error 1" in table


def test_resume_keeps_the_run_and_refuses_a_different_model_config(serve, tmp_path):
    pairs = write_tasks(tmp_path / "tasks.jsonl", 4)
    _, url = serve(script={"rules": [send_rule(n, t) for n, t in pairs]})
    base = dict(out=str(tmp_path / "run"), env=ENV, tasks=str(tmp_path / "tasks.jsonl"), policy="llm")
    collect(**base, llm=llm_config(url), limit=None)
    before = (tmp_path / "run" / "episodes-00000.jsonl").read_bytes()
    # How the model is reached may change; the episodes are kept, none redone or duplicated.
    s = collect(**base, llm=llm_config(url, max_in_flight=2, max_retries=1, request_timeout=9))
    assert s["episodes"] == 4 and (tmp_path / "run" / "episodes-00000.jsonl").read_bytes() == before
    with pytest.raises(RunDirError, match="temperature"):
        collect(**base, llm=llm_config(url, temperature=0.7))


def test_exploration_targets_cycle_over_every_tool(serve, tmp_path):
    assert sorted(explore_targets(["a", "b", "c"], 0, 6)[:3]) == ["a", "b", "c"]
    _, url = serve()  # echo mode: calls the named target
    s = collect(out=str(tmp_path / "run"), env=ENV, explore_targets=8, policy="llm", llm=llm_config(url), max_steps=4)
    assert s["episodes"] == 8
    assert {t: v["tried"] for t, v in s["targets"].items()} == {"count_sent": 2, "find_user": 2, "login": 2, "send_mail": 2}
    assert all(e.termination in ("done", "gave_up", "step_budget") for e in iter_episodes(tmp_path / "run"))


def _cli(out: Path, tasks: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "toolgym", "collect", "--plugin", "tests.llm.mail_env", "--env", ENV, "--tasks", str(tasks), "--out", str(out),
            "--model", "scripted", "--base-url", url, "--max-in-flight", "2", "--no-record-latency", "--no-progress",
            "--request-timeout", "5"]


def _env() -> dict[str, str]:
    return {**os.environ, "OPENAI_API_KEY": KEY, "PYTHONPATH": str(ROOT)}


def _lines(out: Path) -> int:
    shard = out / "episodes-00000.jsonl"
    return shard.read_bytes().count(b"\n") if shard.exists() else 0


def test_kill_and_resume_gives_the_files_of_an_uninterrupted_run_and_no_file_holds_the_key(serve, tmp_path):
    pairs = write_tasks(tmp_path / "tasks.jsonl", 12)
    _, url = serve(script={"rules": [send_rule(n, t) for n, t in pairs]}, latency=0.03)
    tasks = tmp_path / "tasks.jsonl"

    ref = tmp_path / "ref"
    subprocess.run(_cli(ref, tasks, url), env=_env(), cwd=ROOT, check=True, capture_output=True, timeout=120)

    out = tmp_path / "killed"
    proc = subprocess.Popen(_cli(out, tasks, url), env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _lines(out) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = _lines(out)
    assert 3 <= killed_at < 12  # killed mid-run
    done = subprocess.run(_cli(out, tasks, url), env=_env(), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "reward (mean)        1.0000" in done.stdout

    for name in ("config.json", "manifest.json", "episodes-00000.jsonl"):
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name
    for run in (ref, out):
        for f in run.iterdir():
            assert KEY.encode() not in f.read_bytes(), f
    assert "OPENAI_API_KEY" in (out / "log.txt").read_text()  # the variable's name is what is recorded


def test_toolgym_serve_answers_the_openai_client(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "toolgym", "serve", "--port", "0", "--model", "dry-run"],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        url = proc.stdout.readline().split()[-1]
        import openai

        async def main():
            async with openai.AsyncOpenAI(base_url=url, api_key="x", max_retries=0) as c:
                models = await c.models.list()
                r = await c.chat.completions.create(model="dry-run", messages=[{"role": "user", "content": "call get_time"}],
                                                    tools=[{"type": "function", "function": {"name": "get_time", "parameters": {
                                                        "type": "object", "properties": {"tz": {"type": "string", "enum": ["UTC"]}},
                                                        "required": ["tz"]}}}])
                return models, r

        models, r = asyncio.run(main())
        assert [m.id for m in models.data] == ["dry-run"]
        call = r.choices[0].message.tool_calls[0].function
        assert (call.name, json.loads(call.arguments)) == ("get_time", {"tz": "UTC"})
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)

"""``toolgym collect --ray``: the episodes of one process, with the model client on the shards.

The model is the scripted OpenAI-compatible server on 127.0.0.1 (real HTTP from every shard);
the offline planner runs on shards and on ``--workers`` processes too.
"""

from __future__ import annotations

import asyncio

from tests.llm.conftest import KEY, llm_config, send_rule
from tests.llm.test_collect import ENV, write_tasks
from toolgym.synth.collect import CollectConfig, collect_async
from toolgym.synth.llm.server import ScriptedServer, ServerConfig

from .conftest import run_files


def _collect(**kw) -> dict:
    return asyncio.run(collect_async(CollectConfig(progress=False, **kw)))


def test_llm_episodes_on_ray_shards_are_the_bytes_of_one_process(ray_cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    pairs = write_tasks(tmp_path / "tasks.jsonl", 8)
    srv = ScriptedServer(ServerConfig(script={"rules": [send_rule(n, t) for n, t in pairs]}))
    with srv.running() as url:
        base = dict(env=ENV, tasks=str(tmp_path / "tasks.jsonl"), policy="llm",
                    llm=llm_config(url, request_timeout=5, record_latency=False, max_in_flight=4))
        one = _collect(out=str(tmp_path / "one"), **base)
        shards = _collect(out=str(tmp_path / "ray"), ray="local", shards=2, **base)
    assert one["episodes"] == shards["episodes"] == 8 and one["reward_mean"] == 1.0
    assert run_files(tmp_path / "ray") == run_files(tmp_path / "one")
    log = (tmp_path / "ray" / "log.txt").read_text()
    assert "episodes run by ray (2 at once)" in log
    assert '"calls": ' in log.split("model client: ")[-1]  # the shards' client usage, summed, reaches the log
    for f in (tmp_path / "ray").iterdir():
        assert KEY.encode() not in f.read_bytes(), f  # the key travels to the shards, never to disk


def test_planner_episodes_on_workers_and_shards_are_the_bytes_of_one_process(ray_cluster, tmp_path):
    base = dict(env="toolgym/Calculator-v0", explore_targets=12, max_steps=6)
    _collect(out=str(tmp_path / "one"), **base)
    ref = run_files(tmp_path / "one")
    for name, kw in {"workers2": {"workers": 2}, "ray2": {"ray": "local", "shards": 2}}.items():
        _collect(out=str(tmp_path / name), **base, **kw)
        assert run_files(tmp_path / name) == ref, name
    assert "episodes run by processes (2 at once)" in (tmp_path / "workers2" / "log.txt").read_text()

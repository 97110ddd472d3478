"""The OpenEnv-style server answers OpenEnv's own client (``openenv-core``'s GenericEnvClient over
WebSocket) and plain HTTP; concurrent sessions stay apart; rewards are the record's."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest

from toolgym.record import Episode
from toolgym.rl.mcp_server import running
from toolgym.rl.openenv_server import OpenEnvServer

from .rawtext import raw_texts

pytest.importorskip("openenv")  # openenv-core, installed by the `test` extra
from openenv.core.generic_client import GenericEnvClient  # noqa: E402


def _by_env(records: list[Episode], env_id: str, n: int) -> list[Episode]:
    out = [e for e in records if e.env_id == env_id][:n]
    assert len(out) == n
    return out


def test_openenv_client_replays_records_concurrently_with_their_rewards(records: list[Episode]) -> None:
    env_id = "toolgym/Banking-v0"
    eps = _by_env(records, env_id, 12)
    srv = OpenEnvServer(env_id, max_sessions=len(eps))

    async def one(url: str, ep: Episode, syntax: str) -> tuple[float, list[float]]:
        async with GenericEnvClient(base_url=url) as client:
            r = await client.reset(record=json.loads(ep.to_json()))
            assert r.done is False and r.observation["messages"][0]["role"] == "system"
            assert [t["function"]["name"] for t in r.observation["tools"]]
            for text in raw_texts(syntax, ep.messages):
                r = await client.step({"text": text})
                await asyncio.sleep(0)
                if r.done:
                    break
            state = await client.state()
            assert state["done"] is True and state["termination"] == "done"
            return r.observation["info"]["episode_reward"], r.observation["info"]["turn_rewards"]

    async def main(url: str) -> list[tuple[float, list[float]]]:
        syntaxes = ["hermes", "qwen3", "mistral", "llama3.1"]
        return await asyncio.gather(*(one(url, ep, syntaxes[i % 4]) for i, ep in enumerate(eps)))

    with running(srv.app()) as url:
        got = asyncio.run(main(url))
    assert got == [(ep.reward, [t.reward for t in ep.turns]) for ep in eps]
    assert len(srv.pool) == 0  # every connection's session was closed with it


def test_http_reset_step_state_and_errors(records: list[Episode]) -> None:
    env_id = "toolgym/Retail-v0"
    ep = _by_env(records, env_id, 1)[0]
    srv = OpenEnvServer(env_id, max_sessions=1)

    def post(url: str, path: str, body: object) -> tuple[int, dict]:
        req = urllib.request.Request(url + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def get(url: str, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(url + path, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    with running(srv.app()) as url:
        assert get(url, "/health")[1]["status"] == "healthy"
        schema = get(url, "/schema")[1]
        assert schema["action"]["required"] == ["text"]
        code, obs = post(url, "/reset", {"record": json.loads(ep.to_json())})
        assert code == 200
        sid = obs["metadata"]["session_id"]
        assert post(url, "/reset", {})[0] == 503  # max_sessions=1: refused, the open one kept
        code, bad = post(url, "/step", {"session_id": sid, "action": {"nothing": 1}})
        assert code == 400 and "'text'" in bad["error"]["message"]
        code, out = post(url, "/step", {"session_id": sid, "action": {"text": "<tool_call>{broken</tool_call>"}})
        assert code == 200 and out["done"] is False and out["observation"]["messages"][0]["role"] == "user"
        assert post(url, "/step", {"session_id": "nope", "action": {"text": "hi"}})[0] == 404
        for text in raw_texts("qwen2.5", ep.messages):
            code, out = post(url, "/step", {"session_id": sid, "action": {"text": text}})
            assert code == 200
            if out["done"]:
                break
        assert out["observation"]["info"]["episode_reward"] == ep.reward
        st = get(url, f"/state?session_id={sid}")[1]
        assert st["done"] is True and st["turn_rewards"] == [t.reward for t in ep.turns]
        assert post(url, "/reset", {"sed": 1})[1]["error"]["message"].startswith("unknown reset fields ['sed']")

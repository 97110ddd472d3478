"""The MCP server answers the official ``mcp`` SDK client: every built-in environment lists its
tools with our schemas, runs a call, returns an error with its hint; 64 concurrent sessions keep
64 worlds apart."""

from __future__ import annotations

import asyncio
import json

import pytest

from toolgym.envs.registry import list_envs, make
from toolgym.rl.mcp_server import CLOSE_META, SEED_META, SESSION_META, MCPEnvServer, running
from toolgym.synth.explore import DirectedSampler

mcp = pytest.importorskip("mcp")  # the `mcp` extra; installed by the `test` extra
from mcp import Client  # noqa: E402

BUILTIN = [e.id for e in list_envs() if e.source == "builtin"]


def _first_call(env_id: str, seed: int):
    """A call that succeeds in a fresh world of ``seed`` (the graph sampler's first step), and its result."""
    env = make(env_id)
    env.reset(seed=seed)
    target = sorted(env.offered_tools)[-1]
    chain = DirectedSampler(env).explore(target, seed)
    # the first call that succeeded (the failed ones before it left the world as it was)
    step = next(s for s in chain.steps if s.result.error is None)
    return step.call, step.result


def test_every_builtin_environment_answers_the_sdk_client() -> None:
    assert len(BUILTIN) >= 17

    async def check(url: str, env_id: str) -> None:
        env = make(env_id)
        env.reset(seed=5)
        specs = {s.name: s for s in env.tool_specs()}
        call, result = _first_call(env_id, 5)
        async with Client(url + "/mcp", mode="legacy") as c:
            tools = (await c.list_tools()).tools
            assert [t.name for t in tools] == list(specs)
            for t in tools:
                assert t.input_schema == specs[t.name].parameters
                assert t.description == specs[t.name].description
            r = await c.call_tool(call.name, call.arguments, meta={SEED_META: 5})
            assert r.is_error is False, r.content[0].text
            assert json.loads(r.content[0].text) == result.content
            # an unknown tool: isError, with the nearest name as the hint
            bad = call.name[:-1] + "x" if len(call.name) > 3 else call.name + "x"
            r = await c.call_tool(bad, {})
            assert r.is_error is True and f"unknown tool {bad!r}" in r.content[0].text and "did you mean" in r.content[0].text
            # arguments that break the schema: isError naming what is wrong
            r = await c.call_tool(call.name, {"no_such_argument_zz": 1, **call.arguments})
            assert r.is_error is True and "no_such_argument_zz" in r.content[0].text

    for env_id in BUILTIN:
        srv = MCPEnvServer(env_id, seed=0)
        with running(srv.app()) as url:
            asyncio.run(check(url, env_id))
        assert srv.pool.opened == 1


def test_a_precondition_error_says_which_call_makes_it_hold() -> None:
    env_id = "toolgym/Messaging-v0"
    env = make(env_id)
    env.reset(seed=0)
    needy = next(s for s in env.tool_specs() if s.needs and not s.parameters.get("required"))
    srv = MCPEnvServer(env_id)

    async def go(url: str) -> str:
        async with Client(url + "/mcp", mode="legacy") as c:
            r = await c.call_tool(needy.name, {})
            assert r.is_error is True
            return r.content[0].text

    with running(srv.app()) as url:
        text = asyncio.run(go(url))
    assert "precondition not met" in text and "call login first" in text


def test_64_concurrent_sessions_keep_their_worlds_apart() -> None:
    """Each session logs in and runs its own seed's chain; every result equals what a private,
    unshared environment of that seed returns, and the worlds' state hashes differ by seed."""
    env_id = "toolgym/Messaging-v0"
    n = 64
    expected = {}
    for k in range(n):
        env = make(env_id)
        env.reset(seed=k)
        target = sorted(env.offered_tools)[-1]
        chain = DirectedSampler(env).explore(target, k)
        expected[k] = [(s.call.name, s.call.arguments, s.result.content, s.result.error) for s in chain.steps]
    srv = MCPEnvServer(env_id, max_sessions=n)

    async def one(url: str, k: int, start: asyncio.Event) -> None:
        async with Client(url + "/mcp", mode="legacy") as c:
            await start.wait()
            for name, args, content, error in expected[k]:
                r = await c.call_tool(name, args, meta={SEED_META: k})
                assert r.is_error is (error is not None), (k, name, r.content[0].text)
                if error is None:
                    assert json.loads(r.content[0].text) == content, (k, name)
                await asyncio.sleep(0)  # interleave the sessions

    async def main(url: str) -> None:
        start = asyncio.Event()
        tasks = [asyncio.create_task(one(url, k, start)) for k in range(n)]
        await asyncio.sleep(0.5)
        start.set()
        await asyncio.gather(*tasks)

    with running(srv.app()) as url:
        asyncio.run(main(url))
    assert srv.pool.opened == n and srv.calls == sum(len(v) for v in expected.values())


def test_sessions_named_in_meta_are_bounded_and_closed() -> None:
    env_id = "toolgym/Vehicle-v0"
    srv = MCPEnvServer(env_id, max_sessions=2)

    async def go(url: str) -> None:
        async with Client(url + "/mcp") as c:  # the 2026 protocol: no transport session
            r = await c.call_tool("get_vehicle_status", {})
            assert r.is_error is True and SESSION_META in r.content[0].text
            for name in ("a", "b"):
                r = await c.call_tool("unlock_vehicle", {}, meta={SESSION_META: name})
                assert r.is_error is False, r.content[0].text
            r = await c.call_tool("unlock_vehicle", {}, meta={SESSION_META: "c"})
            assert r.is_error is True and "capacity" in r.content[0].text
            r = await c.call_tool("get_vehicle_status", {}, meta={SESSION_META: "a", CLOSE_META: True})
            assert r.is_error is False and json.loads(r.content[0].text)
            r = await c.call_tool("unlock_vehicle", {}, meta={SESSION_META: "c"})
            assert r.is_error is False

    with running(srv.app()) as url:
        asyncio.run(go(url))
    assert sorted(srv.pool.ids()) == ["meta:b", "meta:c"]


def test_idle_sessions_time_out() -> None:
    from toolgym.rl.pool import SessionPool, UnknownSession

    now = [0.0]
    pool = SessionPool(max_sessions=2, idle_timeout=10, clock=lambda: now[0])
    sid, s = pool.open("toolgym/Vehicle-v0")
    s.reset()
    now[0] = 5
    assert pool.get(sid) is s
    now[0] = 16
    assert pool.sweep() == 1 and sid not in pool and s.done
    with pytest.raises(UnknownSession):
        pool.get(sid)

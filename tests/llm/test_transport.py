"""The HTTP client under AsyncOpenAI (``http="aiohttp"``): what goes on the wire, what takes the
fast path and what falls back to httpx2, and failures the SDK must still classify."""

from __future__ import annotations

import asyncio

import httpx2
import pytest

from toolgym.synth.llm.client import LLMClient, LLMError, aiohttp_available
from toolgym.synth.llm.transport import AioHttpClient

from .conftest import llm_config

pytestmark = pytest.mark.skipif(not aiohttp_available(), reason="the aiohttp client needs aiohttp (the llm extra)")
HI = [{"role": "user", "content": "hi"}]


@pytest.mark.parametrize("http", ["aiohttp", "httpx2"])
def test_requests_carry_the_key_and_none_of_the_sdk_telemetry_headers(serve, monkeypatch, http):
    srv, url = serve()
    monkeypatch.setenv("WIRE_KEY", "sk-wire-test")
    client = LLMClient(llm_config(url, api_key_env="WIRE_KEY", http=http))

    async def main():
        try:
            return await client.chat(HI)
        finally:
            await client.aclose()

    res = asyncio.run(main())
    assert res.data["choices"][0]["message"]["content"]
    h = srv.last_headers
    assert h["authorization"] == "Bearer sk-wire-test" and h["content-type"] == "application/json"
    assert h["user-agent"].startswith("AsyncOpenAI/Python")
    assert not [k for k in h if k.startswith("x-stainless")]


def test_in_memory_requests_take_the_aiohttp_path_and_streams_go_through_httpx2(serve):
    _, url = serve()
    body = b'{"model":"m","messages":[{"role":"user","content":"hi"}]}'

    async def main():
        c = AioHttpClient(limits=httpx2.Limits(max_connections=4))
        try:
            async with c.stream("POST", url + "/chat/completions", content=body) as streamed:
                streamed_body = await streamed.aread()
            after_stream = c._session
            listed = await c.get(url + "/models", params={"limit": "1"})  # httpx2 builds it (a query), aiohttp sends it
            r = await c.post(url + "/chat/completions", content=body, headers={"Content-Type": "application/json"})
            return streamed_body, after_stream, listed, r, c._session
        finally:
            await c.aclose()

    streamed_body, after_stream, listed, r, session = asyncio.run(main())
    assert b"echo: hi" in streamed_body and after_stream is None  # the stream never touched aiohttp
    assert listed.status_code == 200 and listed.json()["data"][0]["id"] == "scripted"
    assert listed.request.url.params["limit"] == "1"
    assert r.status_code == 200 and r.json()["choices"][0]["message"]["content"].startswith("echo: hi")
    assert session is not None and r.request.url == httpx2.URL(url + "/chat/completions")


def test_refused_connections_and_dropped_answers_are_retried_as_connection_errors(serve):
    srv, url = serve(script={"rules": [{"match": "*", "replies": [{"content": "ok", "faults": ["drop"]}]}]})
    client = LLMClient(llm_config(url, http="aiohttp"))
    refused = LLMClient(llm_config("http://127.0.0.1:9/v1", http="aiohttp", max_retries=1))  # port 9: nothing listens

    async def main():
        try:
            res = await client.chat(HI)
            with pytest.raises(LLMError) as e:
                await refused.chat(HI)
            return res, e.value
        finally:
            await client.aclose()
            await refused.aclose()

    res, err = asyncio.run(main())
    assert res.attempts == 2 and client.stats.errors["connection"] == 1 and srv.stats["drop"] == 1
    assert err.reason == "server_error" and refused.stats.errors["connection"] == 2


@pytest.mark.parametrize("headers", [
    [("Accept", "application/json"), ("Content-Type", "application/json"), ("User-Agent", "AsyncOpenAI/Python x"), ("Authorization", "Bearer k")],
    [("X-Only", "1")],
    [("Content-Length", "3")],  # a caller's own length: httpx2 merges it
])
def test_a_request_built_on_the_fast_path_is_the_one_httpx2_builds(headers):
    ours, theirs = AioHttpClient(), httpx2.AsyncClient()
    url, body, timeout = "http://127.0.0.1:8000/v1/chat/completions", b'{"a":1}', httpx2.Timeout(30, connect=5)
    for _ in range(2):  # the second time from the URL cache
        a = ours.build_request("POST", url, content=body, headers=list(headers), timeout=timeout)
        b = theirs.build_request("POST", url, content=body, headers=list(headers), timeout=timeout)
        assert (a.method, a.url, a.content, a.extensions) == (b.method, b.url, b.content, b.extensions)
        assert sorted(a.headers.multi_items()) == sorted(b.headers.multi_items())
    g = ours.build_request("GET", "http://127.0.0.1:8000/v1/models", timeout=timeout)
    assert g.headers.multi_items() == theirs.build_request("GET", "http://127.0.0.1:8000/v1/models", timeout=timeout).headers.multi_items()


def test_a_moved_endpoint_is_followed_as_httpx2_follows_it(serve):
    from aiohttp import web

    _, url = serve()

    async def main():
        app = web.Application()

        async def moved(request):
            raise web.HTTPPermanentRedirect(url + "/chat/completions")  # 308: method and body kept

        app.router.add_post("/v1/chat/completions", moved)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        client = LLMClient(llm_config(f"http://127.0.0.1:{port}/v1", http="aiohttp"))
        try:
            return await client.chat(HI)
        finally:
            await client.aclose()
            await runner.cleanup()

    res = asyncio.run(main())
    assert res.attempts == 1 and res.data["choices"][0]["message"]["content"].startswith("echo: hi")


def test_the_proxy_the_environment_names_is_used_unless_no_proxy_exempts_the_host(monkeypatch):
    from toolgym.synth.llm.transport import _env_proxy

    for var in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(var, raising=False)
    url = httpx2.URL("http://gpu1.internal:8000/v1/chat/completions")
    assert _env_proxy(url) is None
    monkeypatch.setenv("HTTP_PROXY", "proxy.corp:3128")
    assert _env_proxy(url) == "http://proxy.corp:3128"
    assert _env_proxy(httpx2.URL("https://api.example.com/v1/chat/completions")) is None  # no HTTPS_PROXY
    monkeypatch.setenv("NO_PROXY", "gpu1.internal")
    assert _env_proxy(url) is None

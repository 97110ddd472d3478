"""The endpoint pool, through real HTTP with the openai client against the scripted server:
retries (429 with Retry-After, 5xx, hangs, dropped connections, garbage bodies), fatal and
refused requests, the in-flight bound, sticky least-in-flight routing."""

from __future__ import annotations

import asyncio
import email.utils
import time

import httpx2
import pytest

from toolgym.synth.llm.client import LLMClient, LLMError, LLMFatalError, Session, aiohttp_available, retry_delay

from .conftest import llm_config

HI = [{"role": "user", "content": "hi"}]


def one_reply(faults: list[str], content: str = "hello") -> dict:
    return {"rules": [{"match": "*", "replies": [{"content": content, "faults": faults}]}]}


def run(coro):
    return asyncio.run(coro)


async def chat_once(cfg, messages=HI):
    client = LLMClient(cfg)
    try:
        return await client.chat(messages), client.stats
    finally:
        await client.aclose()


HTTP = ["httpx2"] + (["aiohttp", "sdk-aiohttp"] if aiohttp_available() else [])


@pytest.mark.parametrize("http", HTTP)
@pytest.mark.parametrize("fault", ["429", "500", "503", "hang", "drop", "garbage"])
def test_each_transient_fault_is_retried_to_success(serve, fault, http):
    srv, url = serve(script=one_reply([fault]), retry_after=0.01)
    res, stats = run(chat_once(llm_config(url, request_timeout=0.3, http=http)))
    assert res.data["choices"][0]["message"]["content"] == "hello"
    assert res.attempts == 2 and stats.retries == 1
    assert srv.stats[fault] == 1


def test_retries_are_bounded_and_end_in_server_error(serve):
    srv, url = serve(script=one_reply(["500"] * 10))
    with pytest.raises(LLMError) as e:
        run(chat_once(llm_config(url, max_retries=2)))
    assert e.value.reason == "server_error" and "3 attempts" in str(e.value)
    assert srv.stats["500"] == 3


def test_a_bad_key_or_model_stops_the_run_with_a_clear_error(serve):
    _, url = serve()
    with pytest.raises(LLMFatalError, match="404.*base URL"):
        run(chat_once(llm_config(url.removesuffix("/v1") + "/nope")))


def test_a_refused_request_ends_the_episode_as_request_error(serve):
    _, url = serve()
    client_cfg = llm_config(url)
    with pytest.raises(LLMError) as e:
        run(chat_once(client_cfg, messages="not a list"))  # the server answers 400
    assert e.value.reason == "request_error"


def test_retry_delay_honours_retry_after_headers():
    assert retry_delay(1, httpx2.Headers({"retry-after-ms": "250"})) == 0.25
    assert retry_delay(1, httpx2.Headers({"retry-after": "3"})) == 3.0
    assert retry_delay(1, httpx2.Headers({"retry-after": "9999"}), max_retry_after=60) == 60
    assert retry_delay(1, httpx2.Headers({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0.0  # past: now
    soon = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 20 <= retry_delay(1, httpx2.Headers({"retry-after": soon})) <= 30
    for attempt in (1, 2, 3, 10):  # exponential, jittered down to half, capped
        d = retry_delay(attempt, None, initial=0.5, cap=4.0)
        assert min(0.5 * 2 ** (attempt - 1), 4.0) / 2 <= d <= min(0.5 * 2 ** (attempt - 1), 4.0)


def test_the_in_flight_bound_holds_for_many_concurrent_requests(serve):
    srv, url = serve(latency=0.02)
    client = LLMClient(llm_config(url, max_in_flight=5))

    async def main():
        try:
            await asyncio.gather(*(client.chat(HI) for _ in range(40)))
        finally:
            await client.aclose()

    run(main())
    assert client.stats.peak_in_flight == 5  # reached, never passed
    assert srv.max_connections <= 5
    assert client.stats.calls == 40


def test_episodes_stick_to_one_endpoint_and_load_is_spread(serve):
    a, url_a = serve(latency=0.01)
    b, url_b = serve(latency=0.01)
    client = LLMClient(llm_config([url_a, url_b], max_in_flight=8))
    seen: dict[int, set[int]] = {}

    async def episode(i):
        s = Session()
        for _ in range(4):
            res = await client.chat(HI, session=s)
            seen.setdefault(i, set()).add(res.endpoint)

    async def main():
        try:
            await asyncio.gather(*(episode(i) for i in range(8)))
        finally:
            await client.aclose()

    run(main())
    assert all(len(v) == 1 for v in seen.values())  # sticky
    assert a.stats["completions"] == 16 and b.stats["completions"] == 16  # least-in-flight split them evenly


def test_a_failing_endpoint_loses_its_episodes_to_the_other(serve):
    _, good = serve()
    client = LLMClient(llm_config(["http://127.0.0.1:9/v1", good], max_retries=3))  # port 9: nothing listens

    async def main():
        try:
            s = Session()
            s.endpoint = 0
            return await client.chat(HI, session=s)
        finally:
            await client.aclose()

    res = run(main())
    assert res.endpoint == 1 and res.attempts == 2
    assert client.stats.errors["connection"] == 1


def test_the_api_key_comes_from_the_named_variable(serve, monkeypatch):
    seen = []
    _, url = serve()
    monkeypatch.setenv("MY_KEY_VAR", "sk-from-env")
    client = LLMClient(llm_config(url, api_key_env="MY_KEY_VAR"))

    async def main():
        try:
            await client.chat(HI)
            c = client._state.clients[0]
            seen.append(c.api_key)
        finally:
            await client.aclose()

    run(main())
    assert seen == ["sk-from-env"]
    assert "sk-from-env" not in repr(client.config.to_dict())

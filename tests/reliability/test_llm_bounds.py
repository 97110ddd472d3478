"""Defects 5 and 6 of issue 12: a deeply nested model reply never kills a run; a reply has a
total deadline and a size bound."""

from __future__ import annotations

import asyncio
import time

import pytest

from toolgym.runs import iter_episodes
from toolgym.synth.collect import CollectConfig, collect
from toolgym.synth.llm.client import LLMClient, LLMConfig, LLMError
from toolgym.synth.llm.parse import parse_message
from toolgym.synth.llm.server import ScriptedServer, ServerConfig

from .raw_server import BadServer

DEEP = "[" * 10_000
FORMS = {
    "arguments_string": {"tool_calls": [{"id": "c1", "type": "function", "function": {"name": "calculate", "arguments": DEEP}}]},
    "hermes_block": {"content": f"<tool_call>{DEEP}</tool_call>"},
    "mistral_tag": {"content": f"[TOOL_CALLS]{DEEP}"},
    "bare_content": {"content": DEEP + "]" * 10_000},
}


@pytest.mark.parametrize("form", FORMS)
def test_parse_message_reads_a_reply_10k_deep_without_raising(form):
    msg = {"role": "assistant", **FORMS[form]}
    parsed = parse_message(msg, {"calculate"})  # RecursionError before
    assert parsed.message is None or parsed.message.content is not None
    if form != "bare_content":  # a bare bracket wall that is no call stays an (odd) text answer
        assert parsed.error is not None and parsed.feedback  # unusable, said so, shown to the model


def test_parse_message_refuses_a_decoded_reply_nested_too_deep():
    value: object = 1
    for _ in range(2000):
        value = {"a": value}
    parsed = parse_message({"role": "assistant", "tool_calls": [{"function": {"name": "calculate", "arguments": value}}]}, {"calculate"})
    assert parsed.message is None and "nested more than" in parsed.error


@pytest.mark.parametrize("form", FORMS)
def test_collect_records_every_episode_when_replies_are_10k_deep(tmp_path, form):
    script = {"rules": [], "fallback": {**FORMS[form], "tool_calls": [
        {"name": c["function"]["name"], "arguments": c["function"]["arguments"]} for c in FORMS[form].get("tool_calls", [])]}
        if form == "arguments_string" else FORMS[form]}
    srv = ScriptedServer(ServerConfig(script=script))
    with srv.running() as url:
        cfg = CollectConfig(out=str(tmp_path / "run"), env="toolgym/Calculator-v0", explore_targets=6, policy="llm",
                            llm=LLMConfig(model="m", base_urls=[url], http="httpx2", request_timeout=10, max_retries=0),
                            max_steps=4, progress=False)
        summary = collect(cfg)  # rc=1 with 0 of 6 episodes recorded before
    eps = list(iter_episodes(tmp_path / "run"))
    assert summary["episodes"] == 6 and len(eps) == 6
    assert {e.termination for e in eps} <= {"malformed_output", "done", "step_budget", "gave_up"}


def _client(url: str, http: str, **kw) -> LLMClient:
    return LLMClient(LLMConfig(model="m", base_urls=[url], http=http, max_retries=0, **kw))


async def _chat(client: LLMClient) -> None:
    try:
        await client.chat([{"role": "user", "content": "hi"}])
    finally:
        await client.aclose()


@pytest.mark.parametrize("http", ["httpx2", "aiohttp"])
def test_a_trickling_server_is_given_up_on_at_the_total_deadline(http):
    bad = BadServer("trickle", delay=0.05)  # ~15 s for the whole answer, a byte at a time
    with bad.running() as url:
        client = _client(url, http, request_timeout=1.0)
        t0 = time.monotonic()
        with pytest.raises(LLMError) as e:
            asyncio.run(_chat(client))
        elapsed = time.monotonic() - t0
    assert e.value.reason == "server_error" and "timeout" in str(e.value)  # 'bad_response' after 101 s before
    assert elapsed < 4.0, elapsed
    assert client.stats.errors["timeout"] == 1


@pytest.mark.parametrize("http", ["httpx2", "aiohttp"])
@pytest.mark.parametrize("mode", ["flood", "flood-declared"])
def test_a_flood_is_not_read_past_the_size_bound(http, mode):
    bad = BadServer(mode, size=256 * 2**20)
    with bad.running() as url:
        client = _client(url, http, request_timeout=60, max_response_bytes=2**20)
        with pytest.raises(LLMError) as e:
            asyncio.run(_chat(client))
        time.sleep(0.2)
    assert e.value.reason == "malformed_output" and "larger than" in str(e.value)
    # The client stopped reading: the server got out at most a few socket buffers, not 256 MB.
    assert bad.sent < 32 * 2**20, bad.sent


def test_a_huge_reply_is_not_stored(tmp_path):
    srv = ScriptedServer(ServerConfig(script={"rules": [], "fallback": {"content": "z" * (12 * 2**20)}}))
    with srv.running() as url:
        cfg = CollectConfig(out=str(tmp_path / "run"), env="toolgym/Calculator-v0", explore_targets=3, policy="llm",
                            llm=LLMConfig(model="m", base_urls=[url], http="httpx2", request_timeout=30, max_retries=0),
                            max_steps=2, progress=False)
        collect(cfg)
    eps = list(iter_episodes(tmp_path / "run"))
    assert len(eps) == 3 and all(e.termination == "malformed_output" for e in eps)
    size = sum(p.stat().st_size for p in (tmp_path / "run").glob("episodes-*.jsonl"))
    assert size < 2**20, size  # 150 MB for 3 episodes of a 50 MB reply before

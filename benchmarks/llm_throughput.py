"""LLM-mode throughput: is the model server the waiting party, or are we?

Starts the scripted server (``toolgym serve``) in its own process with a fixed latency (default
100 ms per request), so the CPU time of this process is the client's alone. Then, for each
in-flight bound (16, 64, 256), runs episodes through ``LLMPolicy.act`` (the whole per-call path
of our code: conversion of the new messages to wire form, body encoding, the endpoint pool with
its semaphore, routing and accounting, the ``openai`` SDK's ``AsyncOpenAI.post`` over real
HTTP, and parsing the reply into a canonical message). Twice as many episodes as the bound run
at once, as in ``toolgym collect`` (the bound is on requests, not episodes), so the semaphore is
never idle. Each episode starts from a mid-episode conversation of realistic size (15 tools,
3 calls done: a ~10 KB request) and grows by the model's reply and the tool results (or a user
follow-up) at each step, as a real one does.

For each bound it prints requests per second achieved versus the limit (bound / latency), this
process's CPU time per LLM call (``time.process_time`` over the measured phase / requests; a
warm-up round of ``bound`` requests, which opens the connections and imports the SDK, and a full
garbage collection after it are not counted), the server's CPU per call (read from its process: on a 2-core machine it competes with
us for the second core), and the peak number of requests in flight.

Beside each row, the floor: the same episodes (same bodies, same replies appended) driven with
the bare HTTP library alone (aiohttp or httpx2, ``json`` to encode and decode; no SDK, no
policy), measured the same way. Our figure minus the floor is what the SDK and our code add.

Targets (issue 4): >= 90% of the limit at 64 in flight; our CPU < 1 ms per LLM call.

Usage:
    python benchmarks/llm_throughput.py [--latency 0.1] [--rounds 10] [--bounds 16 64 256]
        [--http auto sdk-aiohttp httpx2] [--no-floor]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import psutil

from toolgym.record import Message, ToolCall, ToolSpec
from toolgym.synth.llm.client import HTTP_CLIENTS, LLMClient, LLMConfig, aiohttp_available
from toolgym.synth.llm.policy import LLMPolicy
from toolgym.synth.llm.wire import to_wire
from toolgym.synth.policy import Context

FOLLOW_UP = "Thanks. Now check the next one and tell me what you find."
# The simulated environment's side of a step: the follow-up made once, tool results ~3 us each
# (pydantic's model_construct would cost ~190 us: it inspects default factories every time).
FOLLOW_UP_MSG = Message(role="user", content=FOLLOW_UP)


def conversation() -> tuple[list[Message], list[ToolSpec]]:
    """A mid-episode conversation of realistic size: 15 tools, 3 calls done."""
    tools = [
        ToolSpec(
            name=f"tool_{i}",
            description=f"Tool number {i}: does something useful with the account and returns a summary. " * 2,
            parameters={"type": "object", "properties": {
                "name": {"type": "string", "description": "the name to look for"},
                "limit": {"type": "integer", "minimum": 1, "description": "how many"}}, "required": ["name"]},
        )
        for i in range(15)
    ]
    msgs = [Message(role="system", content="You are a helpful assistant with tools. " * 10),
            Message(role="user", content="Please find Ann and send her the report; then tell me what you did.")]
    for i in range(3):
        c = ToolCall(id=f"call{i:05d}", name=f"tool_{i}", arguments={"name": "Ann", "limit": 3})
        msgs.append(Message(role="assistant", tool_calls=[c], reasoning="step"))
        msgs.append(Message(role="tool", tool_call_id=c.id, name=c.name, content=result(i)))
    return msgs, tools


def result(i: int) -> list[dict[str, Any]]:
    return [{"id": f"U{i}{j}", "name": "Ann Smith", "city": "Lyon"} for j in range(3)]


def settle() -> None:
    """A full garbage collection before the clock starts: the SDK's import leaves ~100k new
    objects whose first full collection (~0.1-0.2 s) would otherwise land in whichever row is
    measured first. Collections that happen while requests run are counted."""
    gc.collect()


async def episodes(bound: int, rounds: int, step: Callable[[int], Awaitable[int]]) -> int:
    """2 x bound episodes at once, bound x rounds requests in all; ``step(episode)`` makes one
    request and returns how many it made."""
    n_eps = 2 * bound
    per = [bound * rounds // n_eps + (1 if e < bound * rounds % n_eps else 0) for e in range(n_eps)]

    async def run(e: int) -> int:
        done = 0
        while done < per[e]:
            done += await step(e)
        return done

    return sum(await asyncio.gather(*(run(e) for e in range(n_eps))))


async def measure(url: str, bound: int, rounds: int, http: str, server_cpu: Callable[[], float]) -> dict[str, float]:
    policy = LLMPolicy(client=LLMClient(LLMConfig(model="bench", base_urls=[url], max_in_flight=bound, http=http)))
    base, tools = conversation()
    convs: dict[int, tuple[Context, list[Message]]] = {}

    async def step(e: int) -> int:
        if e not in convs:
            convs[e] = (Context(env=None), list(base))  # type: ignore[arg-type] - the LLM policy never touches the env
        ctx, msgs = convs[e]
        reply = await policy.act(msgs, tools, ctx)
        msgs.append(reply)
        for c in reply.tool_calls:
            msgs.append(Message(role="tool", tool_call_id=c.id, name=c.name, content=result(len(msgs))))
        if not reply.tool_calls:
            msgs.append(FOLLOW_UP_MSG)
        return 1

    await asyncio.gather(*(policy.act(base, tools, Context(env=None)) for _ in range(bound)))  # type: ignore[arg-type]
    st = policy.client.stats
    st.peak_in_flight = 0
    settle()
    s0 = server_cpu()
    cpu0, t0 = time.process_time(), time.perf_counter()
    n = await episodes(bound, rounds, step)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    s1 = server_cpu()
    peak = st.peak_in_flight
    await policy.aclose()
    return {"n": n, "wall": wall, "cpu": cpu, "peak": peak, "server_cpu": s1 - s0}


async def measure_floor(url: str, bound: int, rounds: int, http: str, server_cpu: Callable[[], float]) -> dict[str, float]:
    """The HTTP library alone (no SDK, no policy): the same episodes, each request's body
    encoded with json from wire dicts, posted, the answer decoded and appended."""
    base, tools = conversation()
    wire_base = [to_wire(m) for m in base]
    tools_wire = [t.to_openai() for t in tools]
    sem = asyncio.Semaphore(bound)
    in_flight = peak = 0
    if http == "aiohttp":
        import aiohttp

        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=bound))

        async def post(body: dict[str, Any]) -> dict[str, Any]:
            async with session.post(url + "/chat/completions", data=json.dumps(body).encode(),
                                    headers={"Content-Type": "application/json"}) as r:
                return json.loads(await r.read())

        close = session.close
    else:
        import httpx2

        client = httpx2.AsyncClient(limits=httpx2.Limits(max_connections=bound, max_keepalive_connections=bound), timeout=120)

        async def post(body: dict[str, Any]) -> dict[str, Any]:
            r = await client.post(url + "/chat/completions", content=json.dumps(body).encode(),
                                  headers={"Content-Type": "application/json"})
            return json.loads(r.content)

        close = client.aclose

    convs: dict[int, list[dict[str, Any]]] = {}

    async def ask(msgs: list[dict[str, Any]]) -> dict[str, Any]:
        nonlocal in_flight, peak
        async with sem:
            in_flight += 1
            peak = max(peak, in_flight)
            try:
                return await post({"model": "bench", "messages": msgs, "tools": tools_wire})
            finally:
                in_flight -= 1

    async def step(e: int) -> int:
        msgs = convs.setdefault(e, list(wire_base))
        reply = (await ask(msgs))["choices"][0]["message"]
        msgs.append(reply)
        for c in reply.get("tool_calls") or []:
            msgs.append({"role": "tool", "tool_call_id": c["id"], "content": json.dumps(result(len(msgs)))})
        if not reply.get("tool_calls"):
            msgs.append({"role": "user", "content": FOLLOW_UP})
        return 1

    await asyncio.gather(*(ask(wire_base) for _ in range(bound)))
    peak = 0
    settle()
    s0 = server_cpu()
    cpu0, t0 = time.process_time(), time.perf_counter()
    n = await episodes(bound, rounds, step)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    s1 = server_cpu()
    await close()
    return {"n": n, "wall": wall, "cpu": cpu, "peak": peak, "server_cpu": s1 - s0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--rounds", type=int, default=10, help="requests per bound = bound x rounds")
    ap.add_argument("--bounds", type=int, nargs="+", default=[16, 64, 256])
    ap.add_argument("--http", nargs="+", default=["auto"], choices=list(HTTP_CLIENTS),
                    help="HTTP client(s) under the SDK (LLMConfig.http); sdk-aiohttp is the SDK's own aiohttp client")
    ap.add_argument("--no-floor", action="store_true", help="skip the bare-HTTP-library rows")
    args = ap.parse_args()

    server = subprocess.Popen([sys.executable, "-m", "toolgym", "serve", "--port", "0", "--latency", str(args.latency)],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split()[-1]  # type: ignore[union-attr]
        sproc = psutil.Process(server.pid)

        def server_cpu() -> float:
            return sum(sproc.cpu_times()[:2])

        print(f"scripted server (its own process) at {url}, latency {args.latency * 1000:.0f} ms; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.2f} at start; aiohttp {'installed' if aiohttp_available() else 'not installed'}")
        head = (f"{'client':<22} {'in flight':>9} {'limit req/s':>11} {'req/s':>8} {'% of limit':>10} {'target':>7} "
                f"{'our CPU ms/call':>15} {'target':>7} {'server CPU ms':>13} {'peak':>5}")
        print(head)
        print("-" * len(head))
        floors_done: set[tuple[str, int]] = set()
        for http in args.http:
            name = ("aiohttp" if aiohttp_available() else "httpx2") if http == "auto" else http
            lib = "httpx2" if name == "httpx2" else "aiohttp"
            for bound in args.bounds:
                rows = [("toolgym", f"LLMPolicy/{name}")]
                if not args.no_floor and (lib, bound) not in floors_done:
                    rows.append(("floor", f"bare {lib} (floor)"))
                    floors_done.add((lib, bound))
                for what, label in rows:
                    fn = measure if what == "toolgym" else measure_floor
                    r = asyncio.run(fn(url, bound, args.rounds, name if what == "toolgym" else lib, server_cpu))
                    limit = bound / args.latency
                    rate = r["n"] / r["wall"]
                    target = ">=90%" if bound == 64 and what == "toolgym" else "-"
                    print(f"{label:<22} {bound:>9} {limit:>11.0f} {rate:>8.0f} {100 * rate / limit:>9.1f}% {target:>7} "
                          f"{1000 * r['cpu'] / r['n']:>15.3f} {'<1' if what == 'toolgym' else '-':>7} "
                          f"{1000 * r['server_cpu'] / r['n']:>13.3f} {r['peak']:>5}", flush=True)
        print(f"load average {os.getloadavg()[0]:.2f} at the end (other processes share the cores: CPU per call "
              f"and the rate both suffer when it is above the core count)")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

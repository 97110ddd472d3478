"""LLM-mode throughput: is the model server the waiting party, or are we?

Starts the scripted server (``toolgym serve``) in its own process with a fixed latency (default
100 ms per request), then drives ``LLMPolicy.act`` (client + routing + parsing, the whole
per-call path of our code) with in-flight bounds 16, 64 and 256. For each it prints requests
per second achieved versus the limit (bound / latency), our process CPU time per LLM call (and,
as the floor to compare with, the same for a bare POST with the HTTP library alone), the
server's CPU per call (a second core's worth of work on a 2-core machine: it competes with us),
and the peak number of requests in flight.

Targets (issue 4): >= 90% of the limit at 64 in flight; our CPU < 1 ms per LLM call.

Usage:
    python benchmarks/llm_throughput.py [--latency 0.1] [--rounds 20] [--bounds 16 64 256] [--http auto httpx2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time

import psutil

from toolgym.record import Message, ToolCall, ToolSpec
from toolgym.synth.llm.client import LLMClient, LLMConfig, aiohttp_available
from toolgym.synth.llm.policy import LLMPolicy
from toolgym.synth.policy import Context


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
        msgs.append(Message(role="tool", tool_call_id=c.id, name=c.name,
                            content=[{"id": f"U{j}", "name": "Ann Smith", "city": "Lyon"} for j in range(3)]))
    return msgs, tools


async def measure(url: str, bound: int, rounds: int, http: str) -> dict[str, float]:
    policy = LLMPolicy(client=LLMClient(LLMConfig(model="bench", base_urls=[url], max_in_flight=bound, http=http)))
    msgs, tools = conversation()

    async def one() -> None:
        ctx = Context(env=None)  # type: ignore[arg-type] - the LLM policy never touches the env
        await policy.act(msgs, tools, ctx)

    await asyncio.gather(*(one() for _ in range(bound)))  # warm up: connections, imports
    n = bound * rounds
    st = policy.client.stats
    st.peak_in_flight = 0
    cpu0, t0 = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one() for _ in range(n)))
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = st.peak_in_flight
    await policy.aclose()
    return {"n": n, "wall": wall, "cpu": cpu, "peak": peak}


async def measure_floor(url: str, bound: int, rounds: int, http: str) -> dict[str, float]:
    """The HTTP library alone (no SDK, no policy): the same request body posted and the answer
    decoded, with the same bound. Our figure minus this is what the SDK and our code add."""
    import json

    from toolgym.synth.llm.policy import to_wire

    msgs, tools = conversation()
    body = {"model": "bench", "messages": [to_wire(m) for m in msgs], "tools": [t.to_openai() for t in tools]}
    sem = asyncio.Semaphore(bound)
    if http == "aiohttp":
        import aiohttp

        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=bound))

        async def post() -> None:
            async with session.post(url + "/chat/completions", data=json.dumps(body).encode(),
                                    headers={"Content-Type": "application/json"}) as r:
                json.loads(await r.read())

        close = session.close
    else:
        import httpx2

        client = httpx2.AsyncClient(limits=httpx2.Limits(max_connections=bound, max_keepalive_connections=bound), timeout=120)

        async def post() -> None:
            r = await client.post(url + "/chat/completions", content=json.dumps(body).encode(),
                                  headers={"Content-Type": "application/json"})
            json.loads(r.content)

        close = client.aclose

    async def one() -> None:
        async with sem:
            await post()

    await asyncio.gather(*(one() for _ in range(bound)))
    n = bound * rounds
    cpu0, t0 = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one() for _ in range(n)))
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    await close()
    return {"n": n, "wall": wall, "cpu": cpu, "peak": bound}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--rounds", type=int, default=20, help="requests per bound = bound x rounds")
    ap.add_argument("--bounds", type=int, nargs="+", default=[16, 64, 256])
    ap.add_argument("--http", nargs="+", default=["auto"], choices=["auto", "aiohttp", "httpx2"])
    ap.add_argument("--no-floor", action="store_true", help="skip the bare-HTTP-library rows")
    args = ap.parse_args()

    server = subprocess.Popen([sys.executable, "-m", "toolgym", "serve", "--port", "0", "--latency", str(args.latency)],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split()[-1]  # type: ignore[union-attr]
        sproc = psutil.Process(server.pid)
        print(f"scripted server at {url}, latency {args.latency * 1000:.0f} ms; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.2f}; aiohttp {'installed' if aiohttp_available() else 'not installed'}")
        head = (f"{'client':<16} {'in flight':>9} {'limit req/s':>11} {'req/s':>8} {'% of limit':>10} {'target':>7} "
                f"{'our CPU ms/call':>15} {'target':>7} {'server CPU ms':>13} {'peak':>5}")
        print(head)
        print("-" * len(head))
        for http in args.http:
            lib = ("aiohttp" if aiohttp_available() else "httpx2") if http == "auto" else http
            for bound, what in [(b, w) for b in args.bounds for w in ("toolgym", "floor")]:
                if what == "floor" and args.no_floor:
                    continue
                label = f"LLMPolicy/{lib}" if what == "toolgym" else f"bare {lib} (floor)"
                s0 = sum(sproc.cpu_times()[:2])
                fn = measure if what == "toolgym" else measure_floor
                r = asyncio.run(fn(url, bound, args.rounds, lib))
                s1 = sum(sproc.cpu_times()[:2])
                limit = bound / args.latency
                rate = r["n"] / r["wall"]
                target = ">=90%" if bound == 64 and what == "toolgym" else "-"
                print(f"{label:<16} {bound:>9} {limit:>11.0f} {rate:>8.0f} {100 * rate / limit:>9.1f}% {target:>7} "
                      f"{1000 * r['cpu'] / r['n']:>15.3f} {'<1' if what == 'toolgym' else '-':>7} {1000 * (s1 - s0) / r['n']:>13.3f} {r['peak']:>5}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""Cost of the RL session next to a bare ``env.step``, and of an MCP / OpenEnv call over loopback.

1. Step overhead. Synthesized records are replayed twice, step by step: through the bare
   environment (``env.step(action)``, the action the JSON string of the Gymnasium text action
   space) and through a :class:`toolgym.rl.Session` (``step_text(raw model text)``: the text is
   what a Hermes/Qwen model writes, rendered by the Qwen2.5 chat template; the session parses it,
   steps the environment and renders the observation messages). The CPU time of each step is
   taken (this thread's, the machine is shared); the table gives the median, mean and p90 per
   step and the ratio. Target: a ``step_text`` round trip within 2x of the bare step.
2. Loopback latency: one ``tools/call`` over MCP (the official SDK's client and server,
   Streamable HTTP, stateful session) and one OpenEnv ``step`` over WebSocket (openenv-core's
   client), wall time per call, client and server in one process on 127.0.0.1.

Run: ``python benchmarks/rl_session.py [--records 60] [--calls 300]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from toolgym.envs.actions import make_action
from toolgym.envs.registry import make
from toolgym.rl import Session

_ns = time.thread_time_ns
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def records(n: int, seed: int) -> list:
    from toolgym.cli import main
    from toolgym.synth.rundir import iter_episodes

    out = Path(tempfile.mkdtemp(prefix="rlbench")) / "run"
    main(["synth", "--out", str(out), "--records", str(n), "--seed", str(seed)])
    return list(iter_episodes(out))


def step_costs(eps: list, rounds: int) -> tuple[list[float], list[float]]:
    from tests.rl.rawtext import generated

    bare: list[float] = []
    sess: list[float] = []
    prepared = []
    for ep in eps:
        msgs = [m for m in ep.messages if m.role == "assistant"]
        actions = [make_action(m.tool_calls, m.content) for m in msgs]
        texts = [generated("qwen2.5", m) for m in msgs]
        prepared.append((ep, actions, texts))
    for _ in range(rounds):
        for ep, actions, texts in prepared:
            from toolgym.synth.pipeline.tasks import episode_to_task

            env = make(ep.env_id)
            env.reset(seed=ep.seed, options={"task": episode_to_task(ep)})
            for a in actions:
                t0 = _ns()
                _, _, term, _, _ = env.step(a)
                bare.append((_ns() - t0) / 1000)
                if term:
                    break
            s = Session.from_record(ep)
            s.reset()
            for t in texts:
                t0 = _ns()
                res = s.step_text(t)
                sess.append((_ns() - t0) / 1000)
                if res.done:
                    break
            assert res.info["episode_reward"] == ep.reward
    return bare, sess


def mcp_latency(calls: int) -> list[float]:
    from mcp import Client

    from toolgym.rl.mcp_server import MCPEnvServer, running

    srv = MCPEnvServer("toolgym/Vehicle-v0")

    async def go(url: str) -> list[float]:
        out = []
        async with Client(url + "/mcp", mode="legacy") as c:
            await c.call_tool("get_vehicle_status", {})
            for _ in range(calls):
                t0 = time.perf_counter()
                r = await c.call_tool("get_vehicle_status", {})
                out.append((time.perf_counter() - t0) * 1000)
                assert r.is_error is False
        return out

    with running(srv.app()) as url:
        return asyncio.run(go(url))


def openenv_latency(calls: int) -> list[float]:
    from openenv.core.generic_client import GenericEnvClient

    from toolgym.rl.mcp_server import running
    from toolgym.rl.openenv_server import OpenEnvServer

    srv = OpenEnvServer("toolgym/Vehicle-v0", max_steps=10 * calls + 10)
    text = '<tool_call>\n{"name": "get_vehicle_status", "arguments": {}}\n</tool_call>'

    async def go(url: str) -> list[float]:
        out = []
        async with GenericEnvClient(base_url=url) as c:
            await c.reset(seed=0)
            for _ in range(calls):
                t0 = time.perf_counter()
                r = await c.step({"text": text})
                out.append((time.perf_counter() - t0) * 1000)
                assert json.loads(r.observation["messages"][0]["content"])
        return out

    with running(srv.app()) as url:
        return asyncio.run(go(url))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=60)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--calls", type=int, default=300)
    args = ap.parse_args()
    eps = records(args.records, args.seed)
    bare, sess = step_costs(eps, args.rounds)
    mb, ms = statistics.median(bare), statistics.median(sess)
    print(f"\nstep cost per assistant message, {len(bare)} steps of {len(eps)} records x {args.rounds} rounds (CPU us)")
    print(f"{'path':<46}{'median':>9}{'mean':>9}{'p90':>9}")
    print(f"{'bare env.step(JSON action)':<46}{mb:>9.1f}{statistics.mean(bare):>9.1f}{pct(bare, .9):>9.1f}")
    print(f"{'Session.step_text(raw Qwen2.5 text)':<46}{ms:>9.1f}{statistics.mean(sess):>9.1f}{pct(sess, .9):>9.1f}")
    ratio = ms / mb
    print(f"{'ratio (median)':<46}{ratio:>9.2f}   target <= 2.00: {'met' if ratio <= 2 else 'NOT met'}")
    print(f"{'ratio (mean)':<46}{statistics.mean(sess) / statistics.mean(bare):>9.2f}")
    lat = mcp_latency(args.calls)
    oe = openenv_latency(args.calls)
    print(f"\nloopback latency per call, {args.calls} calls (wall ms, client and server in one process)")
    print(f"{'protocol':<46}{'median':>9}{'p90':>9}")
    print(f"{'MCP tools/call (mcp SDK, Streamable HTTP)':<46}{statistics.median(lat):>9.2f}{pct(lat, .9):>9.2f}")
    print(f"{'OpenEnv step (WebSocket, openenv-core client)':<46}{statistics.median(oe):>9.2f}{pct(oe, .9):>9.2f}")


if __name__ == "__main__":
    main()

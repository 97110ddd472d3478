"""Throughput of ``toolgym synth``: verified records per second per core, and model calls per record.

Offline: runs the pipeline (built-in roles, replay verification on) over each built-in domain
and over all of them, on one process, and divides the records by the CPU seconds the process
used (so a busy machine does not distort it). Steady state is what is measured: before any timing,
a warm-up run in EVERY domain (and one over all of them) builds each world, tool graph and Faker
pool once, as any long run does once; none of the timed runs pays for a first-time build of a
domain. Then the same "all domains" run with 2 worker processes, by wall clock.

LLM path: (1) measured through the scripted OpenAI-compatible server (a reasoner that fails
once and succeeds after the critic's hint, as the LLM test does); (2) what a run with every role
on a model would cost, counted from an offline run with a 30% seeded error rate: per round one
tooling and one query call, one reasoner call per assistant message of every attempt, one
critic call per failed attempt.

Usage: python benchmarks/synth.py [--records N] [--per-env N] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

TARGET = 200.0  # verified multi-turn records per second per core (issue 5)


def _run(overrides: dict, out: Path):
    from toolgym.synth.pipeline.config import load_config
    from toolgym.synth.pipeline.run import synthesize

    shutil.rmtree(out, ignore_errors=True)
    cfg = load_config(overrides={**overrides, "out": str(out), "progress": False})
    c0, w0 = time.process_time(), time.perf_counter()
    s = synthesize(cfg)
    return s, time.process_time() - c0, time.perf_counter() - w0


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def offline(records: int, per_env: int, tmp: Path, quick: bool) -> list[tuple]:
    from toolgym.synth.pipeline.config import available_builtins

    rows = []
    envs = available_builtins()
    # Warm up every domain, not just the few a short mixed run touches: first-time world, graph and
    # pool builds are a once-per-process cost that would otherwise land in whichever timed run
    # happens to meet the domain first (about a fifth of the old figure).
    for e in envs:
        _run({"envs": [e], "records": 12}, tmp / "warm")
    _run({"records": 48}, tmp / "warm")
    if not quick:
        for e in envs:
            s, cpu, wall = _run({"envs": [e], "records": per_env}, tmp / "one")
            rows.append((e.split("/")[-1], s.records, round(cpu, 2), round(s.records / cpu, 1), sum(s.drops.values()), s.turns, s.calls))
    s, cpu, wall = _run({"records": records}, tmp / "all")
    rows.append((f"all {len(envs)} domains", s.records, round(cpu, 2), round(s.records / cpu, 1), sum(s.drops.values()), s.turns, s.calls))
    before = _children_cpu()
    s2, _, wall2 = _run({"records": records, "workers": 2}, tmp / "all2")
    cpu2 = _children_cpu() - before
    rows.append((f"all, 2 workers (wall {wall2:.1f}s)", s2.records, round(cpu2, 2), round(s2.records / max(cpu2, 1e-9), 1),
                 sum(s2.drops.values()), s2.turns, s2.calls))
    same = all((tmp / "all" / f).read_bytes() == (tmp / "all2" / f).read_bytes() for f in ("episodes-00000.jsonl", "manifest.json"))
    rows.append(("  (1 and 2 workers byte-identical)", "", "", "yes" if same else "NO", "", "", ""))
    return rows


def llm_estimate(tmp: Path, records: int) -> dict:
    from toolgym.runs import iter_episodes

    _run({"records": records, "roles.reasoner.error_rate": 0.3}, tmp / "est")
    calls = kept = 0
    by = {"tooling": 0, "query": 0, "reasoner": 0, "critic": 0}
    for ep in iter_episodes(tmp / "est"):
        kept += 1
        for t in ep.turns:
            if t.meta.get("advanced_tool") is not None:
                by["tooling"] += 1
                by["query"] += 1
            msgs = sum(1 for m in ep.messages[t.start : t.end] if m.role == "assistant")
            by["reasoner"] += (t.attempts or 1) * msgs
            by["critic"] += (t.attempts or 1) - 1
    calls = sum(by.values())
    return {"records": kept, "calls_per_record": round(calls / kept, 2), **{k: round(v / kept, 2) for k, v in by.items()}}


def llm_measured(tmp: Path) -> dict:
    """The LLM test's scenario, through real HTTP: a lazy first attempt, a hint, a solve."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "synth"))
    from chat_env import Chat

    from toolgym.envs import register
    from toolgym.runs import read_manifest
    from toolgym.synth.llm.server import ScriptedServer, ServerConfig
    from toolgym.synth.pipeline.config import load_config
    from toolgym.synth.pipeline.run import Schedule

    register("test/Chat-v0", Chat)
    base = {"envs": ["test/Chat-v0"], "records": 1, "targets": ["list_channels"], "turns": {1: 1},
            "targets_per_turn": {1: 1}, "variants": {"base": 1}}
    slot = Schedule(load_config(overrides=base), {"test/Chat-v0": list(Chat().all_tooldefs())}).slot(0)
    env = Chat()
    env.reset(seed=slot.world_seed)
    u, p = env.account["username"], env.account["password"]
    from toolgym.envs import call, make_action, parse_observation

    env.step(make_action(call("login", username=u, password=p)))
    obs, *_ = env.step(make_action(call("list_channels")))
    titles = [c["title"] for c in parse_observation(obs).results[0].content][:3]
    # a real answer states what was asked for (the pipeline's answer check refuses "Done.")
    solve = [{"tool_calls": [{"name": "login", "arguments": {"username": u, "password": p}}]},
             {"tool_calls": [{"name": "list_channels", "arguments": {}}]}, {"content": f"Your channels: {', '.join(titles)} and more."}]
    script = {"rules": [{"match": "You never called", "replies": solve}, {"match": "Private notes", "replies": [{"content": "Done!"}]}],
              "fallback": "error"}
    srv = ScriptedServer(ServerConfig(script=script))
    with srv.running() as url:
        s, cpu, wall = _run({**base, "roles.reasoner.base_url": url, "roles.reasoner.model": "scripted"}, tmp / "llm")
    m = read_manifest(tmp / "llm")
    return {"records": s.records, "calls_per_record": m["synth"].get("model_calls_per_record"), "wall_s": round(wall, 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=600, help="records of the all-domains runs")
    ap.add_argument("--per-env", type=int, default=80, help="records per single-domain run")
    ap.add_argument("--quick", action="store_true", help="skip the per-domain runs")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="toolgym-bench-synth-"))
    try:
        rows = offline(args.records, args.per_env, tmp, args.quick)
        print(f"\ntoolgym synth, offline (built-in roles, replay on); target {TARGET:.0f} records/s/core")
        print("steady state: every domain warmed up before timing (worlds, graphs, pools built once)")
        print("load average (1/5/15 min) at the end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (CPU time, so shared cores barely move it)\n")
        print(f"{'run':<40}{'records':>8}{'cpu s':>9}{'rec/s/core':>12}{'dropped':>9}{'turns':>7}{'calls':>7}")
        for r in rows:
            print(f"{r[0]:<40}{r[1]!s:>8}{r[2]!s:>9}{r[3]!s:>12}{r[4]!s:>9}{r[5]!s:>7}{r[6]!s:>7}")
        est = llm_estimate(tmp, min(args.records, 300))
        meas = llm_measured(tmp)
        print("\nLLM path: model calls per kept record")
        print(f"{'measured, scripted server (1 turn, 1 failed attempt)':<58}{meas['calls_per_record']!s:>8}")
        print(f"{'every role a model, 30% first-attempt errors (counted)':<58}{est['calls_per_record']!s:>8}")
        print("  per role: " + json.dumps({k: est[k] for k in ("tooling", "query", "reasoner", "critic")}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The writer counts kept records from their digests (what a worker sends instead of the Episode):
the same summary and quality report as counting the records on disk."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from toolgym.runs import iter_episodes, read_manifest
from toolgym.synth.pipeline.config import load_config
from toolgym.synth.pipeline.multiturn import make_env
from toolgym.synth.pipeline.roles import make_roles
from toolgym.synth.pipeline.run import (
    Outcome,
    RecordMaker,
    Schedule,
    SynthSummary,
    _env_tools,
    synthesize,
    unphrasable_tools,
)


def test_the_summary_from_digests_is_the_summary_of_the_records_on_disk(tmp_path: Path) -> None:
    cfg = load_config(overrides={"records": 60, "seed": 2, "compose_share": 0.5, "out": str(tmp_path / "run"), "progress": False})
    synthesize(cfg)
    written = read_manifest(tmp_path / "run")["synth"]["summary"]
    again = SynthSummary()
    for ep in iter_episodes(tmp_path / "run"):
        again.add(ep, make_env(ep.env_id).all_tooldefs())  # the checks run anew on the record as written
    again.quality_report = again.quality.report()
    mine = again.as_dict()
    assert written["drops"], "no record dropped an attempt: the drops path is not exercised"
    assert written["multi_domain_records"], "no composed record: the domain count is not exercised"
    for key in ("records", "turns", "calls", "drops", "variants", "difficulty", "attempts_per_turn", "multi_domain_records", "quality"):
        assert json.loads(json.dumps(mine[key])) == written[key], key


def test_an_outcome_carries_the_line_and_digest_not_the_episode() -> None:
    cfg = load_config(overrides={"records": 4, "seed": 1, "out": "unused", "progress": False})
    tools = _env_tools(cfg)
    schedule = Schedule(cfg, tools, {e: unphrasable_tools(make_env(e)) for e in tools})
    out = asyncio.run(RecordMaker(cfg, make_roles(cfg)).make(schedule.slot(0)))
    assert isinstance(out, Outcome) and out.line is not None and out.digest is not None
    assert set(vars(out)) == {"key", "attempt", "line", "digest", "sig", "drops", "error"}
    ep = json.loads(out.line)
    assert out.digest.counts.turns == len(ep["turns"]) and out.digest.quality.id == ep["id"]
    assert ep.get("meta", {}).get("drops", {}) == dict(sorted(out.drops.items()))

"""``toolgym synth`` end to end: replay, no leaks, shares, coverage, determinism, resume, tasks."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from pathlib import Path

import pytest

from toolgym.synth.pipeline.tasks import episode_to_task, initially_offered

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chat_env import Chat  # noqa: E402

from toolgym.envs import register  # noqa: E402
from toolgym.envs.graph import ApiGraph, _segments, extract  # noqa: E402
from toolgym.errors import RunDirError  # noqa: E402
from toolgym.record import Message  # noqa: E402
from toolgym.runs import iter_episodes  # noqa: E402
from toolgym.synth.pipeline.config import load_config  # noqa: E402
from toolgym.synth.pipeline.recovery import KINDS  # noqa: E402
from toolgym.synth.pipeline.run import synthesize  # noqa: E402
from toolgym.synth.pipeline.tasks import env_for_episode  # noqa: E402
from toolgym.synth.pipeline.verify import replay_episode  # noqa: E402
from toolgym.synth.policy import Policy  # noqa: E402
from toolgym.synth.rollout import run_task  # noqa: E402

CHAT = "test/Chat-v0"
register(CHAT, Chat)


def _cfg(out: Path, **kw):
    over = {"envs": [CHAT], "records": 30, "out": str(out), "progress": False, "world_reuse": 4}
    over.update(kw)
    return load_config(overrides=over)


def _files(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.name != "log.txt"}


@pytest.fixture(scope="module")
def run30(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "run"
    cfg = _cfg(out, **{"roles.reasoner.error_rate": 0.3})
    summary = synthesize(cfg)
    return cfg, out, list(iter_episodes(out)), summary


def test_run_writes_the_requested_number_of_multi_turn_records(run30):
    cfg, out, eps, summary = run30
    assert len(eps) == 30 == summary.records
    assert len({e.id for e in eps}) == 30
    assert max(len(e.turns) for e in eps) > 1
    for e in eps:
        assert e.reward == 1.0 and e.config_hash == cfg.config_hash
        assert e.producers["reasoner"] == "builtin-plan-reasoner"
        assert e.messages[0].role == "system"
        for t in e.turns:
            assert e.messages[t.start].role == "user" and e.messages[t.end - 1].role == "assistant"
            assert t.attempts is not None and t.expect is not None and "expect" not in t.meta


def test_every_kept_record_replays_in_a_fresh_env(run30):
    _, _, eps, _ = run30
    for ep in eps:
        rep = replay_episode(ep)
        assert rep.ok, (ep.id, rep.turn, rep.reason)


def test_a_tampered_record_fails_replay(run30):
    _, _, eps, _ = run30
    ep = eps[0].model_copy(deep=True)
    tool_msg = next(m for m in ep.messages if m.role == "tool" and m.error is None)
    tool_msg.content = {"tampered": True}
    assert not replay_episode(ep).ok


def _internal_values_before(ep, upto: int, graph: ApiGraph) -> set[str]:
    out: set[str] = set()
    for m in ep.messages[:upto]:
        if m.role != "tool" or m.error is not None or m.name not in graph.tooldefs:
            continue
        for slot in graph.produced(m.name):
            if slot.internal:
                for v, _, _ in extract(m.content, _segments(slot.path)):
                    if isinstance(v, str) and len(v) >= 3:
                        out.add(v)
    return out


def _assert_no_leaks(eps) -> int:
    scanned = 0
    for ep in eps:
        graph = ApiGraph.of(env_for_episode(ep))
        for i, m in enumerate(ep.messages):
            if m.role == "user":
                leaked = [v for v in _internal_values_before(ep, i, graph) if v.lower() in m.content.lower()]
                assert not leaked, (ep.id, m.content, leaked)
                scanned += 1
    return scanned


def test_no_user_message_contains_a_value_only_a_tool_produced(run30):
    _, _, eps, _ = run30
    assert _assert_no_leaks(eps) > 60


def test_no_leaks_in_built_in_domains(tmp_path):
    cfg = load_config(overrides={"envs": ["toolgym/Messaging-v0", "toolgym/Vehicle-v0"], "records": 12, "out": str(tmp_path / "b"),
                                 "progress": False, "world_reuse": 6})
    synthesize(cfg)
    eps = list(iter_episodes(tmp_path / "b"))
    assert len(eps) == 12
    assert _assert_no_leaks(eps) >= 12
    for ep in eps:
        assert replay_episode(ep).ok


def test_variant_shares_follow_the_config(run30):
    cfg, _, eps, _ = run30
    got = Counter(e.variant for e in eps)
    for v, share in cfg.variants.items():
        assert abs(got[v] - share * len(eps)) <= 2, (v, got)
    er = [e for e in eps if e.variant == "error_recovery"]
    for e in er:
        # the turn labelled error_recovery holds a failed call (the env's own error or an
        # injected one) and the assistant goes on after it; no other turn carries the label
        special = [t for t in e.turns if t.variant == "error_recovery"]
        assert len(special) == 1
        t = special[0]
        assert any(m.role == "tool" and m.error for m in e.messages[t.start:t.end])
        assert t.meta["error_kind"] in KINDS
    assert len({t.meta["error_kind"] for e in er for t in e.turns if t.variant == "error_recovery"}) >= 2
    mf = [e for e in eps if e.variant == "miss_func"]
    for e in mf:
        added = [t.add_tools[0] for t in e.turns if t.add_tools]
        # The withheld tool's spec is in the record (readers need it) but not offered at first.
        assert len(added) == 1 and added[0] in {s.name for s in e.tools}
        assert added[0] not in initially_offered(e) and episode_to_task(e).tools == initially_offered(e)
    mp = [e for e in eps if e.variant == "miss_param"]
    assert all(any(t.meta.get("mode") == "ask" for t in e.turns) for e in mp)


def test_every_tool_is_a_target(run30):
    _, _, eps, summary = run30
    targets = {t for e in eps for t in e.target_tools}
    assert targets == set(Chat().all_tooldefs())
    assert summary.coverage[CHAT]["missing"] == []


def test_critic_loop_runs_offline_with_a_seeded_error_rate(run30):
    _, _, eps, _ = run30
    attempts = Counter(t.attempts for e in eps for t in e.turns)
    assert attempts[2] > 0 and attempts[1] > 0


def test_same_config_twice_gives_byte_identical_files(run30, tmp_path):
    cfg, out, _, _ = run30
    again = tmp_path / "again"
    synthesize(cfg.model_copy(update={"out": str(again)}))
    assert _files(again) == _files(out)


def test_workers_do_not_change_the_output(run30, tmp_path):
    cfg, out, _, _ = run30
    par = tmp_path / "par"
    synthesize(cfg.model_copy(update={"out": str(par), "workers": 2}))
    assert _files(par) == _files(out)


def test_resume_extends_a_shorter_run_to_the_same_files(run30, tmp_path):
    cfg, out, _, _ = run30
    part = tmp_path / "part"
    synthesize(cfg.model_copy(update={"out": str(part), "records": 11}))
    assert len(list(iter_episodes(part))) == 11
    synthesize(cfg.model_copy(update={"out": str(part)}))
    assert _files(part) == _files(out)


def test_a_different_config_on_the_same_directory_is_refused(run30):
    cfg, out, _, _ = run30
    with pytest.raises(RunDirError, match="different config"):
        synthesize(cfg.model_copy(update={"seed": 99}))


class _Replayer(Policy):
    """Says exactly what the record's assistant said (a perfect student)."""

    name = "replayer"

    def __init__(self, ep):
        self.msgs = [m for m in ep.messages if m.role == "assistant"]

    async def act(self, messages, tools, ctx):  # type: ignore[no-untyped-def]
        return self.msgs.pop(0).model_copy(deep=True)


class _Lazy(Policy):
    """Answers every turn without doing anything."""

    name = "lazy"

    async def act(self, messages, tools, ctx):  # type: ignore[no-untyped-def]
        return Message(role="assistant", content="Done!")


def test_episode_to_task_scores_the_record_1_and_a_lazy_policy_0(run30):
    _, _, eps, _ = run30
    for ep in eps[:10]:
        task = episode_to_task(ep)
        good = asyncio.run(run_task(env_for_episode(ep), _Replayer(ep), task, max_steps=200))
        assert good.reward == 1.0 and good.termination == "done", (ep.id, [t.meta for t in good.turns])
    lazy = [asyncio.run(run_task(env_for_episode(ep), _Lazy(), episode_to_task(ep))).reward for ep in eps[:10]]
    assert max(lazy) < 1.0


def test_cli_synth_and_check(tmp_path, capsys):
    from toolgym.cli import main

    out = tmp_path / "cli"
    code = main(["synth", "--env", CHAT, "--records", "6", "--out", str(out), "--no-progress", "--set", "world_reuse=3"])
    assert code == 0
    text = capsys.readouterr().out
    assert "records" in text and "tool coverage" in text
    assert main(["synth", "--check", "--out", str(out), "--env", CHAT, "--set", "world_reuse=3"]) == 0
    assert "6 passed, 0 failed" in capsys.readouterr().out
    assert main(["synth", "--env", CHAT, "--set", "phase3.kmax=2", "--out", str(out)]) == 2
    assert "did you mean 'k_max'" in capsys.readouterr().err

"""The session reproduces the rewards of synthesized records from raw model text, in every syntax,
and scores perturbed episodes exactly as ``toolgym collect`` does."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest

from toolgym.record import Episode, Message
from toolgym.rl import Session
from toolgym.synth.llm.wire import to_wire

from .rawtext import PERTURBATIONS, SYNTAXES, assistant_steps, generated, perturb, raw_texts


def _drive(session: Session, texts: list[str]):
    session.reset()
    res = None
    for t in texts:
        res = session.step_text(t)
        if res.done:
            break
    return res


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_raw_text_in_each_syntax_reproduces_every_record_reward(records: list[Episode], syntax: str) -> None:
    formats: Counter = Counter()
    for ep in records:
        texts = raw_texts(syntax, ep.messages)
        s = Session.from_record(ep)
        s.reset()
        res = None
        for t in texts:
            res = s.step_text(t)
            formats[res.info["format"]] += 1
            assert "error" not in res.info, (ep.id, t[:200], res.info["error"])
            if res.done:
                break
        assert res is not None and res.done, ep.id
        assert res.info["termination"] == "done"
        assert res.info["turn_rewards"] == [t.reward for t in ep.turns], ep.id
        assert res.info["episode_reward"] == ep.reward == s.episode_reward
    # the calls really were read from text in that syntax (not from structured fields)
    expected = {"hermes": "hermes", "qwen2.5": "hermes", "qwen3": "hermes", "llama3.1": "json", "mistral": "mistral", "json": "json"}
    calls = sum(len(m.tool_calls) for ep in records for m in ep.messages if m.role == "assistant")
    assert formats[expected[syntax]] >= 0.9 * calls / max(1, max(len(m.tool_calls) for ep in records for m in ep.messages)), formats
    assert set(formats) <= {expected[syntax], None}


def test_templates_render_the_syntax_they_are_named_for(records: list[Episode]) -> None:
    m = next(m for ep in records for m in ep.messages if m.role == "assistant" and len(m.tool_calls) > 1)
    assert generated("hermes", m).count("<tool_call>") == len(m.tool_calls)
    assert generated("qwen3", m).startswith("<think>")
    assert generated("mistral", m).startswith("[TOOL_CALLS] [")
    single = assistant_steps("llama3.1", [m])
    assert len(single) == len(m.tool_calls)
    assert '"parameters": ' in generated("llama3.1", single[0])


# --- perturbed episodes against `toolgym collect` ---------------------------------------------


def _collect_scores(tmp: Path, items: list[tuple[Episode, list[Message]]]) -> dict[str, Episode]:
    """``toolgym collect`` (LLM policy) over the records' tasks, the model's replies scripted to be
    the perturbed messages, served by the scripted OpenAI-compatible server over HTTP."""
    from toolgym.synth.collect import CollectConfig, collect_async
    from toolgym.synth.llm.client import LLMConfig
    from toolgym.synth.llm.server import ScriptedServer, ServerConfig
    from toolgym.synth.pipeline.tasks import episode_to_task
    from toolgym.synth.rundir import iter_episodes

    out: dict[str, Episode] = {}
    # One batch per round so no two conversations of a batch share a first user message.
    pending = list(items)
    batch_no = 0
    while pending:
        firsts: set[str] = set()
        batch, rest = [], []
        for ep, msgs in pending:
            first = next(m.content for m in ep.messages if m.role == "user")
            (rest if first in firsts else batch).append((ep, msgs))
            firsts.add(first)
        pending = rest
        rules = []
        tasks = tmp / f"tasks{batch_no}.jsonl"
        with open(tasks, "w") as f:
            for ep, msgs in batch:
                first = next(m.content for m in ep.messages if m.role == "user")
                replies = []
                for m in msgs:
                    r = {"content": m.content}
                    if m.tool_calls:
                        r["tool_calls"] = [{"name": c.name, "arguments": c.arguments} for c in m.tool_calls]
                    replies.append(r)
                rules.append({"match": first, "replies": replies})
                f.write(episode_to_task(ep).model_dump_json() + "\n")
        rules.sort(key=lambda r: -len(r["match"]))  # a match that is part of a longer one comes after it
        srv = ScriptedServer(ServerConfig(script={"rules": rules, "fallback": "error"}))
        with srv.running() as url:
            cfg = CollectConfig(out=str(tmp / f"collect{batch_no}"), tasks=str(tasks), policy="llm", progress=False,
                                llm=LLMConfig(model="scripted", base_urls=[url], max_in_flight=8, request_timeout=30),
                                concurrency=8)
            asyncio.run(collect_async(cfg))
        by_task = {e.meta["task_id"]: e for e in iter_episodes(tmp / f"collect{batch_no}")}
        out.update(by_task)
        batch_no += 1
    return out


def test_perturbed_episodes_are_scored_by_the_session_exactly_as_by_collect(records: list[Episode], tmp_path: Path) -> None:
    items = []
    kinds: Counter = Counter()
    for n, ep in enumerate(records):
        msgs, what = perturb(ep, PERTURBATIONS[n % 3], seed=n)
        kinds[what.split()[0]] += 1
        items.append((ep, msgs))
    assert len(items) == 200 and all(kinds[k] >= 40 for k in PERTURBATIONS), kinds
    collected = _collect_scores(tmp_path, items)
    assert len(collected) == 200
    rewards: Counter = Counter()
    for n, (ep, msgs) in enumerate(items):
        want = collected[ep.id]
        syntax = SYNTAXES[n % len(SYNTAXES)]
        res = _drive(Session.from_record(ep), raw_texts(syntax, msgs))
        assert res is not None and res.done, (ep.id, syntax)
        assert res.info["termination"] == want.termination, (ep.id, syntax)
        assert res.info["episode_reward"] == want.reward, (ep.id, syntax, res.info["turn_rewards"], [t.reward for t in want.turns])
        assert res.info["turn_rewards"] == [t.reward for t in want.turns], ep.id
        # and the same through structured messages
        res2 = _drive_messages(Session.from_record(ep), msgs)
        assert (res2.info["episode_reward"], res2.info["turn_rewards"]) == (want.reward, [t.reward for t in want.turns])
        rewards[want.reward < 1.0] += 1
    # the perturbations matter: most of them cost reward (the checker is not trivially satisfied)
    assert rewards[True] >= 100, rewards


def _drive_messages(session: Session, msgs: list[Message]):
    session.reset()
    res = None
    for m in msgs:
        res = session.step_message(to_wire(m))
        if res.done:
            break
    return res


# --- malformed output --------------------------------------------------------------------------

MALFORMED = [
    "",
    "   \n\t ",
    "<tool_call>",
    "<tool_call>{not json}</tool_call>",
    '<tool_call>{"arguments": {}}</tool_call>',
    '<tool_call>{"name": "login", "arguments": "[1, 2"}</tool_call>',
    '<tool_call>{"name": "login", "arguments": [1, 2]}</tool_call>',
    "[TOOL_CALLS] [",
    '[TOOL_CALLS] [{"name": 5}]',
    "<|python_tag|>{",
    '<|python_tag|>{"name": "", "parameters": {}}',
    "<think>only reasoning, cut off",
    "<think>done thinking</think>",
    "<|im_end|>",
    '<tool_call>{"name": "login", "arguments": {"a": NaN}}</tool_call>',
    "[" * 5000,
    '<tool_call>' + '{"a":' * 3000 + '1' + '}' * 3000 + '</tool_call>',
    "\ud800 lone surrogate <tool_call>{\"name\": \"x\"}</tool_call>",
    '<tool_call>{"name": "no_such_tool_anywhere", "arguments": {}}</tool_call>',
    '<tool_call>{"name": "' + "n" * 100_000 + '", "arguments": {}}</tool_call>',
]


def test_twenty_kinds_of_malformed_text_never_raise(records: list[Episode]) -> None:
    assert len(MALFORMED) == 20
    ep = records[0]
    for text in MALFORMED:
        s = Session.from_record(ep)
        s.reset()
        before = s.env.state_hash()
        res = s.step_text(text)
        assert isinstance(res.messages, list) and res.messages, text[:40]
        for m in res.messages:
            json.dumps(m)  # what the model sees is JSON-ready
            assert m["role"] in ("user", "tool")
        assert not res.done and res.reward == 0.0
        # the world is untouched by what could not be run
        assert s.env.state_hash() == before, text[:40]


def test_malformed_replies_in_a_row_end_the_episode_and_the_world_stays(records: list[Episode]) -> None:
    ep = records[0]
    s = Session.from_record(ep, max_malformed=3)
    s.reset()
    before = s.env.state_hash()
    for k in range(3):
        res = s.step_text(MALFORMED[k + 2])
        assert "error" in res.info and res.info["malformed"] == k + 1
    assert res.done and res.info["termination"] == "malformed_output"
    assert res.info["episode_reward"] == 0.0 and s.env.state_hash() == before
    with pytest.raises(Exception, match="episode is over"):
        s.step_text("hello")


def test_a_readable_reply_resets_the_malformed_count(records: list[Episode]) -> None:
    ep = records[0]
    s = Session.from_record(ep, max_malformed=2)
    s.reset()
    assert not s.step_text("").done
    first = next(m for m in ep.messages if m.role == "assistant")
    assert not s.step_text(generated("hermes", first)).done
    assert not s.step_text("").done


def test_the_mistral_template_is_the_upstream_file() -> None:
    import hashlib

    from .rawtext import MISTRAL

    assert hashlib.sha256(MISTRAL.read_bytes()).hexdigest() == "c6464b830e746b7c0f8b0f48e479839598840173e0f70b709eb921680888ff5a"


def test_importing_toolgym_rl_stays_light() -> None:
    import subprocess
    import sys

    code = ("import sys, toolgym, toolgym.rl; from toolgym.rl import Session, SessionPool; "
            "heavy = [m for m in ('openai', 'mcp', 'trl', 'torch', 'transformers', 'skyrl_gym', 'starlette', 'datasets') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]", out


def test_a_composed_record_makes_its_environment_directly(records: list[Episode]) -> None:
    import toolgym

    ep = next(e for e in records if "+" in e.env_id)
    env = toolgym.make(ep.env_id)
    assert env.env_id == ep.env_id
    s = Session.from_record(ep)
    assert s.env.env_id == ep.env_id
    with pytest.raises(Exception, match="no toolgym environment"):
        Session("toolgym/Banking-v0+os:system", task={"turns": [{"user": "hi"}]})

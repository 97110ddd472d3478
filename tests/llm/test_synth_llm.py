"""The synthesis pipeline with model roles, through the scripted OpenAI-compatible server.

The scripted reasoner answers the first attempt without doing the work; the critic's hint names
the missing call; the second attempt (whose prompt now holds the hint) does it. The record keeps
only the passing attempt, with no trace of the hint, and replays.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "synth"))
from chat_env import Chat  # noqa: E402

from toolgym.envs import register  # noqa: E402
from toolgym.runs import iter_episodes, read_manifest  # noqa: E402
from toolgym.synth.pipeline.config import load_config  # noqa: E402
from toolgym.synth.pipeline.roles import HINT_WORDS  # noqa: E402
from toolgym.synth.pipeline.run import Schedule, synthesize  # noqa: E402
from toolgym.synth.pipeline.verify import replay_episode  # noqa: E402

CHAT = "test/Chat-v0"
register(CHAT, Chat)

# What the reasoner does once the hint is in its prompt, and before.
SOLVE = [
    {"reasoning_content": "The channels need a session, so I log in first.",
     "tool_calls": [{"name": "login", "arguments": {"username": "{U}", "password": "{P}"}}]},
    {"reasoning_content": "Logged in; now I can list the channels.", "tool_calls": [{"name": "list_channels", "arguments": {}}]},
    {"reasoning_content": "I have the list.", "content": "Your workspace has these channels: books, general, ops and more."},
]
LAZY = [{"reasoning_content": "Nothing to do, I think.", "content": "Done!"}]


def _base(out: Path, **kw):
    over = {
        "envs": [CHAT], "records": 1, "out": str(out), "progress": False, "targets": ["list_channels"],
        "turns": {1: 1}, "targets_per_turn": {1: 1}, "variants": {"base": 1}, "noise.typo_rate": 0,
    }
    over.update(kw)
    return load_config(overrides=over)


def _credentials(cfg) -> tuple[str, str]:
    slot = Schedule(cfg, {CHAT: list(Chat().all_tooldefs())}).slot(0)
    env = Chat()
    env.reset(seed=slot.world_seed)
    return env.account["username"], env.account["password"]


def _fill(replies: list[dict], user: str, pw: str) -> list[dict]:
    return json.loads(json.dumps(replies).replace("{U}", user).replace("{P}", pw))


def test_scripted_reasoner_fails_first_and_passes_after_the_critics_hint(serve, tmp_path):
    cfg0 = _base(tmp_path / "r")
    user, pw = _credentials(cfg0)
    script = {"rules": [
        {"match": "You never called", "replies": _fill(SOLVE, user, pw)},  # the hint is in the prompt
        {"match": "Private notes", "replies": LAZY},  # attempt 1: Prompt(1) only
    ], "fallback": "error"}
    _, url = serve(script=script)
    cfg = _base(tmp_path / "r", **{"roles.reasoner.base_url": url, "roles.reasoner.model": "scripted"})
    synthesize(cfg)
    (ep,) = list(iter_episodes(tmp_path / "r"))
    (turn,) = ep.turns
    assert turn.attempts == 2
    assert ep.producers["reasoner"] == "llm:scripted" and ep.producers["critic"] == "builtin-diff-critic"
    calls = [c.name for c in ep.calls()]
    assert calls == ["login", "list_channels"]
    assert ep.messages[-1].content.startswith("Your workspace has these channels")
    user_msgs = [m.content for m in ep.messages if m.role == "user"]
    assert not any("Private notes" in u or "never called" in u for u in user_msgs)
    for m in ep.messages:
        if m.role == "assistant" and m.reasoning:
            assert not HINT_WORDS.search(m.reasoning)
    assert replay_episode(ep).ok
    manifest = read_manifest(tmp_path / "r")
    assert manifest["synth"]["prompts"] == {"reasoner": 2}
    # 1 lazy reply, then 3 solving replies: 4 model calls for one kept record.
    assert manifest["synth"]["model_calls_per_record"] == 4


def test_all_four_roles_on_a_model(serve, tmp_path):
    cfg0 = _base(tmp_path / "all")
    user, pw = _credentials(cfg0)
    tool = {"name": "show_channels", "description": "Signs in with the user's credentials and lists every channel.",
            "parameters": {"type": "object", "properties": {"username": {"description": "login name"}, "password": {"description": "secret"}}}}
    script = {"rules": [
        {"match": "Design ONE composite", "replies": [{"content": "```json\n" + json.dumps(tool) + "\n```"}]},
        {"match": "Write the message a user would type", "replies": [{"content": f"Hi! I'm {user} (password {pw}); which channels do we have?"}]},
        {"match": "tried to serve a user request", "replies": [{"content": "You never called list_channels: log in, then list them."}]},
        {"match": "You never called", "replies": _fill(SOLVE, user, pw)},
        {"match": "Private notes", "replies": LAZY},
    ], "fallback": "error"}
    _, url = serve(script=script)
    cfg = _base(tmp_path / "all", **{"roles." + r + ".base_url": url for r in ("tooling", "query", "reasoner", "critic")},
                **{"roles." + r + ".model": "scripted" for r in ("tooling", "query", "reasoner", "critic")})
    synthesize(cfg)
    (ep,) = list(iter_episodes(tmp_path / "all"))
    assert set(ep.producers.values()) == {"graph-sampler", "llm:scripted"}
    assert ep.messages[1].content == f"Hi! I'm {user} (password {pw}); which channels do we have?"
    assert ep.turns[0].meta["advanced_tool"]["name"] == "show_channels"
    assert ep.turns[0].attempts == 2
    assert ep.meta["prompts"] == {"tooling": 1, "query": 2, "reasoner": 2, "critic": 2}
    assert replay_episode(ep).ok


def test_a_model_query_without_the_values_is_rejected_and_the_prompt_says_how_values_are_said(serve, tmp_path):
    cfg0 = _base(tmp_path / "q")
    user, pw = _credentials(cfg0)
    good = f"Hey, which channels do we have? I'm {user}, password {pw}."
    script = {"rules": [
        # the retry says why; the first rule only matches a prompt that carries the built-in examples
        {"match": "Your last answer was rejected: the query lacks", "replies": [{"content": good}]},
        {"match": "Two requests for the same task", "replies": [{"content": "Which channels do we have?"}]},
        {"match": "Private notes", "replies": _fill(SOLVE, user, pw)},
    ], "fallback": "error"}
    _, url = serve(script=script)
    cfg = _base(tmp_path / "q", **{"roles.query.base_url": url, "roles.query.model": "scripted",
                                   "roles.reasoner.base_url": url, "roles.reasoner.model": "scripted"})
    synthesize(cfg)
    (ep,) = list(iter_episodes(tmp_path / "q"))
    assert ep.messages[1].content == good  # the first answer lacked the credentials: rejected, asked again
    assert replay_episode(ep).ok

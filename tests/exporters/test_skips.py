"""Episodes a format cannot hold are skipped whole and reported; the rest still validates."""

from __future__ import annotations

import json

import pytest
from helpers import read_jsonl
from library_env import build_episode, write_run_dir

from toolgym.exporters import ExportOptions, export
from toolgym.record import Message


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    eps = [build_episode(i) for i in range(6)]
    # A call whose result is missing: no format can pair it.
    broken = eps[1].model_copy(deep=True)
    broken.id = "broken"
    k = next(i for i, m in enumerate(broken.messages) if m.role == "tool")
    del broken.messages[k]
    broken.turns = []
    # Two assistant messages in a row (a text, then calls): fine for chat formats, impossible
    # for LLaMA-Factory's alternating roles.
    chatty = eps[0].model_copy(deep=True)
    chatty.id = "chatty"
    i = next(i for i, m in enumerate(chatty.messages) if m.role == "assistant")
    chatty.messages.insert(i, Message(role="assistant", content="Let me check."))
    chatty.turns = []  # derived from user messages
    return write_run_dir(tmp_path_factory.mktemp("mixed"), eps + [broken, chatty], torn_tail=False)


@pytest.mark.parametrize("fmt, skipped", [("openai", {"broken"}), ("hf", {"broken"}), ("hermes", {"broken"}), ("sharegpt", {"broken", "chatty"}), ("bfcl", {"broken"})])
def test_skipped_episodes_are_reported_and_the_rest_validates(mixed_run, tmp_path, fmt, skipped):
    res = export(mixed_run, fmt, tmp_path / fmt, ExportOptions(per="turn"), plots=False)
    assert {s["episode"] for s in res.skipped} == skipped
    assert res.validation.ok, res.validation.summary()
    assert res.validation.skipped == len(skipped)
    man = json.loads((tmp_path / fmt / "export.json").read_text())
    assert man["skipped_count"] == len(skipped)
    reason = next(s["reason"] for s in res.skipped if s["episode"] == "broken")
    assert "no result" in reason


def test_episodes_without_turns_get_one_turn_per_user_message(mixed_run, tmp_path):
    res = export(mixed_run, "openai", tmp_path / "o", ExportOptions(per="turn"), plots=False, card=False)
    rows = read_jsonl(tmp_path / "o" / "data" / "train.jsonl")
    chatty = [r for r in rows if any(m.get("content") == "Let me check." for m in r["messages"])]
    assert len(chatty) == 2  # its two user messages
    assert res.validation.ok

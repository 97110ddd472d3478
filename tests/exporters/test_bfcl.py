"""bfcl: multi-turn entries, ground truth as call strings, function docs, and a reproducible world."""

from __future__ import annotations

import json

import pytest
from helpers import read_jsonl
from library_env import Library

from toolgym.envs import call, make_action
from toolgym.exporters.bfcl import call_string, parse_call_string


@pytest.fixture(scope="module")
def bfcl_export(export_dir):
    res = export_dir("bfcl")
    assert res.validation.ok, res.validation.summary()
    assert list(res.records) == ["test"]  # an evaluation set by default
    return res


def _entries(res):
    entries = read_jsonl(res.out / "BFCL_v4_toolgym_test.json")
    answers = read_jsonl(res.out / "possible_answer" / "BFCL_v4_toolgym_test.json")
    assert [e["id"] for e in entries] == [a["id"] for a in answers]
    return list(zip(entries, answers))


def test_entries_have_bfcl_shape(bfcl_export, episodes):
    pairs = _entries(bfcl_export)
    assert len(pairs) == len(episodes)
    by_id = {e.id: e for e in episodes}
    for entry, answer in pairs:
        ep = by_id[entry["toolgym"]["episode_id"]]
        assert len(entry["question"]) == len(ep.turns) == len(answer["ground_truth"])
        assert all(isinstance(turn, list) for turn in entry["question"])
        assert entry["involved_classes"] == ["Library"]
        assert entry["initial_config"]["Library"] == {"env_id": ep.env_id, "env_version": 0, "seed": ep.seed}
        assert entry["path"] == [f"Library.{parse_call_string(s)[0]}" for turn in answer["ground_truth"] for s in turn]
        for turn, gt in zip(ep.turns, answer["ground_truth"]):
            assert [parse_call_string(s) for s in gt] == [(c.name, c.arguments) for c in turn.ground_truth]


def test_missing_function_turns_follow_bfcl(bfcl_export, episodes):
    found = 0
    for entry, answer in _entries(bfcl_export):
        if "missed_function" not in entry:
            continue
        found += 1
        (k, names), = entry["missed_function"].items()
        assert names == ["reserve_book"]
        assert entry["question"][int(k)] == []  # BFCL sends its own "functions were added" turn
        assert entry["toolgym"]["holdout_user_messages"][k]
        assert answer["ground_truth"][int(k) - 1] == []  # the turn that had to be refused
        assert any(s.startswith("reserve_book(") for s in answer["ground_truth"][int(k)])
    assert found > 0


def test_function_docs_use_bfcl_types(bfcl_export):
    docs = read_jsonl(bfcl_export.out / "multi_turn_func_doc" / "library.json")
    names = {d["name"] for d in docs}
    assert {"login", "search_books", "reserve_book", "leave_note"} <= names
    note = next(d for d in docs if d["name"] == "leave_note")
    assert note["parameters"]["type"] == "dict"
    assert note["parameters"]["properties"]["extra"]["type"] == "dict"
    assert note["parameters"]["properties"]["tags"]["type"] == "array"


def test_entries_that_did_not_offer_a_tool_exclude_it(bfcl_export):
    for entry, _ in _entries(bfcl_export):
        if entry["toolgym"]["variant"] != "miss_func":
            assert entry.get("excluded_function") == ["reserve_book"]
        else:
            assert "excluded_function" not in entry


def test_initial_config_rebuilds_the_world_where_the_ground_truth_reaches_the_same_state(bfcl_export, episodes):
    by_id = {e.id: e for e in episodes}
    for entry, answer in _entries(bfcl_export):
        cfg = entry["initial_config"]["Library"]
        ep = by_id[entry["toolgym"]["episode_id"]]
        env = Library()
        env.reset(seed=cfg["seed"])
        for k, turn in enumerate(answer["ground_truth"]):
            for s in turn:
                name, args = parse_call_string(s)
                _, _, _, _, info = env.step(make_action(call(name, **args)))
                assert info["tool_results"][0].error is None, s
            assert env.state_hash() == ep.turns[k].state_hash


def test_call_strings_are_python_literals_read_by_ast_only():
    args = {"text": "it's \"quoted\" — ☕\n", "n": 3, "x": 1.25, "ok": True, "none": None, "tags": ["a", {"b": False}]}
    s = call_string("leave_note", args)
    assert s.startswith("leave_note(text=")
    assert parse_call_string(s) == ("leave_note", args)
    with pytest.raises(ValueError):
        parse_call_string("__import__('os').system('true')")
    with pytest.raises(ValueError):
        parse_call_string("f(x=g())")

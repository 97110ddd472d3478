"""bfcl: multi-turn entries, ground truth as call strings, function docs, and a reproducible world."""

from __future__ import annotations

import pytest
from helpers import read_jsonl
from library_env import Library

from toolgym.envs import call, make_action
from toolgym.exporters.bfcl import call_string, class_names, parse_call_string


@pytest.fixture(scope="module")
def bfcl_export(export_dir):
    """The Library run's export (its special cases: reserve_book held out, leave_note's types)."""
    res = export_dir("bfcl")
    assert res.validation.ok, res.validation.summary()
    assert list(res.records) == ["test"]  # an evaluation set by default
    return res


@pytest.fixture(scope="module")
def any_bfcl(src):
    """The export of each source (the Library run and the synthesized run)."""
    res = src.export("bfcl")
    assert res.validation.ok, res.validation.summary()
    assert list(res.records) == ["test"] and res.skipped_count == 0
    return res


def _entries(res):
    entries = read_jsonl(res.out / "BFCL_v4_toolgym_test.json")
    answers = read_jsonl(res.out / "possible_answer" / "BFCL_v4_toolgym_test.json")
    assert [e["id"] for e in entries] == [a["id"] for a in answers]
    return list(zip(entries, answers, strict=False))


def test_entries_have_bfcl_shape(any_bfcl, src):
    pairs = _entries(any_bfcl)
    assert len(pairs) == len(src.episodes)
    by_id = {e.id: e for e in src.episodes}
    for entry, answer in pairs:
        ep = by_id[entry["toolgym"]["episode_id"]]
        classes = class_names(ep.model_dump(mode="json"))
        assert len(entry["question"]) == len(ep.turns) == len(answer["ground_truth"])
        assert all(isinstance(turn, list) for turn in entry["question"])
        assert entry["involved_classes"] == sorted(set(classes.values()))
        for cfg in entry["initial_config"].values():
            assert (cfg["env_id"], cfg["env_version"], cfg["seed"]) == (ep.env_id, ep.env_version, ep.seed)
        calls = [parse_call_string(s)[0] for turn in answer["ground_truth"] for s in turn]
        assert entry["path"] == [f"{classes[n]}.{n}" for n in calls]
        for turn, gt in zip(ep.turns, answer["ground_truth"], strict=False):
            assert [parse_call_string(s) for s in gt] == [(c.name, c.arguments) for c in turn.ground_truth]
        # Every user message is in its turn's question, or held out with a missing function.
        held = entry["toolgym"].get("holdout_user_messages", {})
        for k, turn in enumerate(ep.turns):
            users = [m.content for m in ep.messages[turn.start : turn.end] if m.role == "user"]
            asked = [m["content"] for m in entry["question"][k] if m["role"] == "user"]
            assert asked == users or (asked == [] and held[str(k)] == "\n".join(users))


def test_held_out_functions_are_the_tools_a_turn_adds(any_bfcl, src):
    by_id = {e.id: e for e in src.episodes}
    found = 0
    for entry, answer in _entries(any_bfcl):
        ep = by_id[entry["toolgym"]["episode_id"]]
        added = {str(k): list(t.add_tools) for k, t in enumerate(ep.turns) if t.add_tools}
        assert entry.get("missed_function", {}) == added
        for k, names in added.items():
            found += 1
            assert entry["question"][int(k)] == []  # BFCL sends its own "functions were added" turn
            assert not any(s.split("(")[0] in names for turn in answer["ground_truth"][: int(k)] for s in turn)
        # Functions of the involved classes that the episode never offers are excluded.
        offered = {t.name for t in ep.tools}
        assert not set(entry.get("excluded_function", [])) & offered
    assert found > 0


def test_function_docs_are_bfcl_dialect(any_bfcl):
    docs_dir = any_bfcl.out / "multi_turn_func_doc"
    docs = [d for p in sorted(docs_dir.glob("*.json")) for d in read_jsonl(p)]
    assert docs

    def types(schema):
        if isinstance(schema, dict):
            if "type" in schema:
                yield schema["type"]
            for v in schema.values():
                yield from types(v)
        elif isinstance(schema, list):
            for v in schema:
                yield from types(v)

    for d in docs:
        assert d["parameters"]["type"] == "dict"
        assert not {"object", "number"} & {t for t in types(d["parameters"]) if isinstance(t, str)}


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


def test_synthesized_entries_rebuild_their_world_where_the_ground_truth_reaches_each_turns_state(synth_source):
    from toolgym.synth.pipeline.multiturn import make_env

    res = synth_source.export("bfcl")
    by_id = {e.id: e for e in synth_source.episodes}
    checked = 0
    for entry, answer in _entries(res):
        ep = by_id[entry["toolgym"]["episode_id"]]
        cfg = next(iter(entry["initial_config"].values()))
        env = make_env(cfg["env_id"])  # what initial_config names is enough to rebuild the world
        env.reset(seed=cfg["seed"])
        for k, turn in enumerate(answer["ground_truth"]):
            for s in turn:
                name, args = parse_call_string(s)
                _, _, _, _, info = env.step(make_action(call(name, **args)))
                assert info["tool_results"][0].error is None, (entry["id"], s, info["tool_results"][0].error)
            if ep.turns[k].state_hash is not None:
                assert env.state_hash() == ep.turns[k].state_hash, (entry["id"], k)
                checked += 1
    assert checked > 0


def test_one_class_name_per_api_whatever_the_composition(synth_source):
    """A domain maps to one API class in single-domain and composed entries alike, with one doc file."""
    res = synth_source.export("bfcl")
    eps = {f"toolgym_{e.id}": e for e in synth_source.episodes}
    composed = single = 0
    class_of: dict[str, set[str]] = {}
    for entry, _ in _entries(res):
        ep = eps[entry["id"]]
        composed += "+" in ep.env_id
        single += "+" not in ep.env_id
        names = {t.name: t.domain for t in ep.tools}
        for p in entry["path"]:
            cls, fn = p.split(".", 1)
            class_of.setdefault(names[fn], set()).add(cls)
    assert composed and single
    assert all(len(c) == 1 for c in class_of.values()), class_of
    docs = sorted(p.name for p in (res.out / "multi_turn_func_doc").iterdir())
    classes = sorted({c for cs in class_of.values() for c in cs})
    assert len(docs) == len({d.lower().replace("_", "") for d in docs})  # no smart_home.json beside smarthome.json
    assert {c.lower() for c in classes} <= {d[:-5].replace("_", "") for d in docs}
    # Class names are the environments' own (FileSystem), not a re-cased domain (Filesystem).
    assert "FileSystem" in classes

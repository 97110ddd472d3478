"""Run-directory reading, JSON byte forms, options, splits and sample cutting."""

from __future__ import annotations

import json
import logging

import pytest
from library_env import build_episode, write_run_dir

from toolgym.errors import ConfigError, RunDirError
from toolgym.exporters import ExportOptions, build_samples, parse_splits
from toolgym.exporters.samples import EpisodeError
from toolgym.fastjson import dumps, dumps_std, loads
from toolgym.runs import iter_records as iter_run


def test_run_reader_streams_shards_in_order_and_skips_a_torn_tail(tmp_path, caplog):
    eps = [build_episode(i) for i in range(10)]
    run = write_run_dir(tmp_path / "run", eps, shard_size=3, torn_tail=True)
    with caplog.at_level(logging.WARNING):
        got = [d["id"] for d in iter_run(run)]
    assert got == [e.id for e in eps]
    assert "torn" in caplog.text


def test_corruption_inside_a_shard_is_a_clear_error(tmp_path):
    run = write_run_dir(tmp_path / "run", [build_episode(i) for i in range(4)], torn_tail=False)
    shard = run / "episodes-00000.jsonl"
    lines = shard.read_text().splitlines()
    lines.insert(1, "{not json")
    shard.write_text("\n".join(lines) + "\n")
    with pytest.raises(RunDirError, match=r"episodes-00000.jsonl:2"):
        list(iter_run(run))


def test_a_directory_without_shards_says_what_it_expected(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(RunDirError, match="episodes-NNNNN.jsonl"):
        list(iter_run(tmp_path))
    with pytest.raises(RunDirError, match="does not exist"):
        list(iter_run(tmp_path / "missing"))


def test_fast_and_standard_json_write_the_same_bytes(episodes):
    for e in episodes:
        d = loads(e.to_json())
        assert dumps(d) == dumps_std(d)
        assert loads(dumps(d)) == json.loads(e.to_json())


def test_the_fallback_differs_from_orjson_only_in_tiny_floats():
    """What toolgym/fastjson.py's docstring says: orjson is a dependency because of this."""
    import orjson

    same = [0.1, 2.5, 1e-4, 123.456, 1e16, 1.5e300, -0.0, 1e-10, 1e-11, 10**18, "é\u2028\"", [1, {"a": None}]]
    for v in same:
        assert orjson.dumps(v).decode() == dumps_std(v)
    for v, ours, std in [(1e-5, "0.00001", "1e-05"), (1e-7, "1e-7", "1e-07"), (3.2e-9, "3.2e-9", "3.2e-09")]:
        assert (dumps(v), dumps_std(v)) == (ours, std)
        assert loads(ours) == loads(std) == v


def test_split_is_a_pure_function_of_the_episode_and_seed(src):
    opts = ExportOptions(splits="train=0.6,validation=0.2,test=0.2", split_seed=7)
    dicts = [loads(e.to_json()) for e in src.episodes]
    first = [opts.split_of(d) for d in dicts]
    assert first == [opts.split_of(d) for d in reversed(dicts)][::-1]  # order does not matter
    assert set(first) == {"train", "validation", "test"}
    other = ExportOptions(splits="train=0.6,validation=0.2,test=0.2", split_seed=8)
    assert first != [other.split_of(d) for d in dicts]


def test_split_by_world_keeps_one_world_in_one_split(src):
    opts = ExportOptions(splits="train=0.5,test=0.5", split_by="world")
    worlds = {}
    for e in src.episodes:
        worlds.setdefault((e.env_id, e.seed), set()).add(opts.split_of(loads(e.to_json())))
    assert all(len(s) == 1 for s in worlds.values())
    d = loads(src.episodes[0].to_json())
    twins = [{**d, "id": f"copy{i}"} for i in range(40)]
    assert len({opts.split_of(t) for t in twins}) == 1
    by_episode = ExportOptions(splits="train=0.5,test=0.5")
    assert len({by_episode.split_of(t) for t in twins}) == 2


def test_bad_options_get_clear_errors():
    with pytest.raises(ConfigError, match="did you mean 'validation'"):
        parse_splits("train=0.9,valdation=0.1")
    with pytest.raises(ConfigError, match="sum to 1"):
        parse_splits("train=0.9,test=0.2")
    with pytest.raises(ConfigError, match="did you mean 'turn'"):
        ExportOptions(per="turns")
    with pytest.raises(ConfigError, match=r"\{system\}"):
        ExportOptions(system_template="{sysem} hi")


def test_per_turn_samples_strip_history_reasoning_and_keep_their_own(src):
    multi = [e for e in src.episodes if len(e.turns) > 1]
    assert multi
    for e in multi:
        ep = loads(e.to_json())
        samples = build_samples(ep, ExportOptions(per="turn"))
        assert len(samples) == len(ep["turns"])
        for s in samples:
            history, part = s.messages[: s.train_from], s.messages[s.train_from :]
            assert not any("reasoning" in m for m in history)
            start = ep["turns"][s.turns[0]]["start"]
            assert part == ep["messages"][start : ep["turns"][s.turns[0]]["end"]]
            assert history == [{k: v for k, v in m.items() if k != "reasoning"} for m in ep["messages"][1:start]]


def test_a_tool_added_mid_episode_is_hidden_before_its_turn(episodes):
    ep = loads(next(e for e in episodes if e.variant == "miss_func").to_json())
    conv = build_samples(ep, ExportOptions())
    assert len(conv) == 2  # split where the offered tools change
    assert "reserve_book" not in [t["name"] for t in conv[0].tools]
    assert "reserve_book" in [t["name"] for t in conv[1].tools]
    per_turn = build_samples(ep, ExportOptions(per="turn"))
    assert ["reserve_book" in [t["name"] for t in s.tools] for s in per_turn] == [False, False, True]


def test_synthesized_tools_added_mid_episode_are_hidden_before_their_turn(synth_source):
    from toolgym.synth.pipeline.tasks import initially_offered

    found = 0
    for e in synth_source.episodes:
        if not any(t.add_tools for t in e.turns):
            continue
        found += 1
        ep = loads(e.to_json())
        per_turn = build_samples(ep, ExportOptions(per="turn"))
        assert [t["name"] for t in per_turn[0].tools] == initially_offered(e)
        offered = set(initially_offered(e))
        for k, (turn, s) in enumerate(zip(e.turns, per_turn, strict=False)):
            offered |= set(turn.add_tools)
            assert {t["name"] for t in s.tools} == offered, k
        conv = build_samples(ep, ExportOptions())
        assert len(conv) == 1 + sum(bool(t.add_tools) for t in e.turns[1:])
    assert found > 0


def test_system_template_fills_its_fields(episodes):
    ep = loads(episodes[0].to_json())
    s = build_samples(ep, ExportOptions(system_template="[{domain}] {system} Tools: {tool_names}"))[0]
    assert s.system.startswith("[Library] You help members")
    assert s.system.endswith("leave_note")


def test_a_call_without_a_result_is_refused_not_exported(episodes):
    ep = loads(episodes[0].to_json())
    i = next(i for i, m in enumerate(ep["messages"]) if m["role"] == "tool")
    del ep["messages"][i]
    with pytest.raises(EpisodeError, match="no result"):
        build_samples(ep, ExportOptions())


def test_tools_cache_decodes_exactly_and_shares_one_parsed_list(src):
    from toolgym.runs import ToolsCache

    cache = ToolsCache()
    lines = [e.to_json().encode() for e in src.episodes]
    got = [cache.decode(line) for line in lines]
    assert got == [json.loads(line) for line in lines]
    assert cache.hits > 0 and cache.misses == len({json.dumps(g["tools"]) for g in got})
    by_tools: dict = {}
    for g in got:
        by_tools.setdefault(json.dumps(g["tools"]), set()).add(id(g["tools"]))
    assert all(len(ids) == 1 for ids in by_tools.values())  # one parsed list per distinct list


def test_tools_cache_is_not_fooled_by_a_nested_tools_key_or_another_spelling():
    from toolgym.runs import ToolsCache

    cache = ToolsCache()
    tools = [{"name": "a", "description": "d", "parameters": {"type": "object"}}]
    first = {"id": "e1", "tools": tools, "messages": []}
    assert cache.decode(dumps(first).encode()) == first
    # The same tools bytes first appear nested (keys in another order): decoded whole, correctly.
    nested = {"id": "e2", "messages": [{"role": "tool", "content": {"tools": tools}}], "tools": tools + tools}
    assert cache.decode(dumps(nested).encode()) == nested
    # A writer with spaces: nothing to reuse, still exact.
    spaced = json.dumps(first).encode()
    assert cache.decode(spaced) == first

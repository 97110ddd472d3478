"""Record versions: records written before ``record_version`` existed (v1) read as today's records.

``tests/data/records-v1.jsonl`` was written by toolgym at commit 4b87c34 (see tests/data/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolgym.errors import RunDirError
from toolgym.exporters import ExportOptions, build_samples
from toolgym.record import RECORD_VERSION, Episode, TurnSpec, upgrade_dict
from toolgym.runs import iter_episodes, iter_records, records_of

V1 = Path(__file__).parent / "data" / "records-v1.jsonl"


def _raw() -> list[dict]:
    return [json.loads(line) for line in V1.read_text().splitlines()]


def test_the_fixture_is_a_version_1_record() -> None:
    raw = _raw()
    assert all("record_version" not in d for d in raw)
    assert any("add_tools" in t.get("meta", {}) for d in raw for t in d["turns"])
    assert all("expect" in t["meta"] for d in raw for t in d["turns"])


def test_a_v1_record_reads_with_its_meta_keys_moved_into_the_typed_fields() -> None:
    raw = _raw()
    eps = list(iter_episodes(V1))
    assert RECORD_VERSION == 2 and [e.record_version for e in eps] == [2, 2]
    for d, ep in zip(raw, eps, strict=False):
        for t_raw, t in zip(d["turns"], ep.turns, strict=False):
            assert t.add_tools == t_raw["meta"].get("add_tools", [])
            assert t.expect == TurnSpec.model_validate(t_raw["meta"]["expect"])
            assert "add_tools" not in t.meta and "expect" not in t.meta
            assert t.meta == {k: v for k, v in t_raw["meta"].items() if k not in ("add_tools", "expect")}
    # the upgraded record is written as version 2 and reads back unchanged
    again = [Episode.from_json(e.to_json()) for e in eps]
    assert again == eps and all(e.to_json().startswith('{"record_version":2,') for e in eps)


def test_the_dict_reader_upgrades_exactly_as_the_models_do() -> None:
    models = [e.to_dict() for e in iter_episodes(V1)]
    assert list(iter_records(V1)) == models
    assert list(records_of(_raw())) == models


def test_a_v1_record_still_exports_and_poses_its_task() -> None:
    from toolgym.synth.pipeline.tasks import episode_to_task, initially_offered

    ep = next(e for e in iter_episodes(V1) if any(t.add_tools for t in e.turns))
    added = [n for t in ep.turns for n in t.add_tools]
    task = episode_to_task(ep)
    assert [s.add_tools for s in task.turns] == [t.add_tools for t in ep.turns]
    assert task.tools == initially_offered(ep) and not set(added) & set(task.tools)
    samples = build_samples(next(iter_records(V1)), ExportOptions(per="turn"))
    assert not set(added) & {t["name"] for t in samples[0].tools}
    assert set(added) <= {t["name"] for t in samples[-1].tools}


def test_a_v1_tool_spec_given_in_full_joins_the_episode_tools() -> None:
    d = next(d for d in _raw() if any("add_tools" in t["meta"] for t in d["turns"]))
    name = next(t["meta"]["add_tools"][0] for t in d["turns"] if "add_tools" in t["meta"])
    spec = next(s for s in d["tools"] if s["name"] == name)
    d["tools"] = [s for s in d["tools"] if s["name"] != name]  # only the turn carries the spec
    for t in d["turns"]:
        if "add_tools" in t["meta"]:
            t["meta"]["add_tools"] = [spec]
    line = json.dumps(d)
    ep = Episode.from_json(line)
    assert ep.tools[-1].to_dict() == spec and [n for t in ep.turns for n in t.add_tools] == [name]
    assert upgrade_dict(json.loads(line)) == ep.to_dict()


def test_a_record_from_a_newer_toolgym_is_refused(tmp_path: Path) -> None:
    ep = next(iter_episodes(V1))
    newer = tmp_path / "new.jsonl"
    newer.write_text(ep.to_json().replace('"record_version":2', '"record_version":3', 1) + "\n")
    for reader in (iter_episodes, iter_records):
        with pytest.raises(RunDirError, match="newer toolgym"):
            list(reader(newer))

"""``toolgym export --format rl --target T``: prompt rows whose payload rebuilds the session; the
session a row rebuilds poses exactly the row's prompt and scores the record's replay as the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolgym.cli import main
from toolgym.exporters.rl import TARGETS
from toolgym.record import Episode
from toolgym.rl import Session

from .rawtext import raw_texts


def rows(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "data" / "train.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def exports(rl_run: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for t in TARGETS:
        d = tmp_path_factory.mktemp("rlx") / t
        assert main(["export", str(rl_run), "--format", "rl", "--target", t, "--out", str(d), "--no-plots"]) == 0
        out[t] = d
    return out


def test_every_target_exports_and_validates(exports: dict[str, Path], records: list[Episode]) -> None:
    n_turns = sum(len(e.turns) for e in records)
    counts = {t: len(rows(d)) for t, d in exports.items()}
    assert counts == {"trl": n_turns, "verl": 200, "skyrl": 200, "verifiers": 200}
    for t, d in exports.items():
        man = json.loads((d / "export.json").read_text())
        assert man["format"] == f"rl-{t}"
    r = rows(exports["verl"])[0]
    assert r["agent_name"] == "toolgym" and r["prompt"][-1]["role"] == "user" and "toolgym" in r["extra_info"]
    r = rows(exports["skyrl"])[0]
    assert r["env_class"] == "toolgym" and "<tools>" in r["prompt"][0]["content"]
    assert rows(exports["trl"])[0]["environment"] == records[0].env_id


def test_a_row_rebuilds_the_session_and_scores_the_record(exports: dict[str, Path], records: list[Episode]) -> None:
    by_id = {e.id: e for e in records}
    trl_rows = rows(exports["trl"])
    checked = 0
    for row in trl_rows[:120]:
        p = json.loads(row["toolgym"])
        ep = by_id[p["episode_id"]]
        s = Session.from_row(row)
        messages, tools = s.reset()
        assert messages == row["prompt"] and tools == row["tools"]
        k = p["start_turn"]
        turn = ep.turns[k]
        res = None
        for text in raw_texts("qwen3", ep.messages[turn.start:turn.end]):
            res = s.step_text(text)
            if res.done:
                break
        assert res is not None and res.done and res.info["turn_rewards"] == [turn.reward], (ep.id, k)
        checked += k > 0
    assert checked > 50  # most rows start after a replayed history


def test_export_rl_needs_a_target(rl_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(rl_run), "--format", "rl", "--out", str(tmp_path / "x")]) == 2
    assert "expected --target trl|verl|skyrl|verifiers" in capsys.readouterr().err
    assert main(["export", str(rl_run), "--format", "rl", "--target", "trx", "--out", str(tmp_path / "x")]) == 2
    assert "did you mean 'trl'" in capsys.readouterr().err
    assert main(["export", str(rl_run), "--format", "hf", "--target", "trl", "--out", str(tmp_path / "x")]) == 2

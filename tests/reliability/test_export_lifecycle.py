"""Defect 7 of issue 12: an export is redone by the same command (after a kill, a full disk or
not), --force replaces what a killed export left, and --check reports incomplete exports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from toolgym.cli import main


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exp") / "run"
    assert main(["synth", "--records", "4", "--env", "toolgym/Calculator-v0", "--out", str(out), "--no-progress"]) == 0
    return out


def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_the_same_export_command_twice_redoes_it(run, tmp_path, capsys):
    out = tmp_path / "x"
    args = ["export", str(run), "--format", "openai", "--out", str(out)]
    assert main(args) == 0
    first = _tree(out)
    assert main(args) == 0  # refused before: "expected an empty or new output directory"
    assert _tree(out) == first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_another_export_into_the_same_directory_needs_force(run, tmp_path, capsys):
    out = tmp_path / "x"
    assert main(["export", str(run), "--format", "openai", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["export", str(run), "--format", "hermes", "--out", str(out)]) == 2
    assert "another export" in capsys.readouterr().err
    assert main(["export", str(run), "--format", "hermes", "--out", str(out), "--force"]) == 0
    assert json.loads((out / "export.json").read_text())["format"] == "hermes"


def test_force_replaces_what_a_killed_in_place_export_left(run, tmp_path, capsys):
    out = tmp_path / "x"
    (out / "data").mkdir(parents=True)
    (out / "data" / "train.jsonl").write_text('{"messages": [')  # killed before export.json existed
    (out / "stats.json").write_text("{")
    assert main(["export", str(run), "--format", "openai", "--out", str(out), "--force"]) == 0  # refused before
    assert json.loads((out / "export.json").read_text())["format"] == "openai"
    # but a directory holding anything else is never deleted
    other = tmp_path / "mine"
    other.mkdir()
    (other / "thesis.tex").write_text("precious")
    capsys.readouterr()
    assert main(["export", str(run), "--format", "openai", "--out", str(other), "--force"]) == 2
    assert "not an export directory" in capsys.readouterr().err and (other / "thesis.tex").read_text() == "precious"


@pytest.mark.parametrize("remove", ["README.md", "plots", "stats.md"])
def test_check_reports_an_incomplete_export(run, tmp_path, capsys, remove):
    out = tmp_path / "x"
    assert main(["export", str(run), "--format", "openai", "--out", str(out)]) == 0
    assert (out / "plots").is_dir() and list((out / "plots").iterdir())
    target = out / remove
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    capsys.readouterr()
    assert main(["export", str(run), "--format", "openai", "--out", str(out), "--check"]) == 1  # said OK before
    report = capsys.readouterr().out
    assert "is missing: the export is incomplete" in report and remove in report


def test_check_with_a_missing_parquet_file_is_a_report_not_a_crash(run, tmp_path, capsys):
    out = tmp_path / "x"
    assert main(["export", str(run), "--format", "hf", "--out", str(out), "--no-plots"]) == 0
    (out / "data" / "train.parquet").unlink()
    capsys.readouterr()
    assert main(["export", str(run), "--format", "hf", "--out", str(out), "--check"]) == 1  # FileNotFoundError before
    assert "data/train.parquet is missing" in capsys.readouterr().out


def test_check_without_export_json_is_one_line(run, tmp_path, capsys):
    out = tmp_path / "x"
    (out / "data").mkdir(parents=True)
    assert main(["export", str(run), "--format", "openai", "--out", str(out), "--check"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "did the export finish" in err

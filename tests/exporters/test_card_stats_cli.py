"""The dataset card, statistics and plots beside every export; the CLI; deterministic bytes."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import yaml

from toolgym.cli import main
from toolgym.exporters import ExportOptions, collect_stats, export
from toolgym.exporters.plots import write_plots


@pytest.fixture(scope="module")
def full_export(src, tmp_path_factory):
    out = tmp_path_factory.mktemp("full") / "hf"
    return export(src.run_dir, "hf", out, ExportOptions(per="turn", splits="train=0.8,test=0.2", license="cc-by-4.0"))


def _bucket(d):
    return "none" if d is None else str(round(min(max(d, 0.0), 1.0) * 10) / 10)


def test_card_has_hub_yaml_header_and_the_sections(full_export):
    text = (full_export.out / "README.md").read_text()
    assert text.startswith("---\n")
    header = yaml.safe_load(text.split("---\n")[1])
    assert header["license"] == "cc-by-4.0"
    assert "text-generation" in header["task_categories"]
    assert header["size_categories"] == ["n<1K"]
    files = {d["split"]: d["path"] for d in header["configs"][0]["data_files"]}
    assert set(files) == set(full_export.records)
    for path in files.values():
        assert (full_export.out / path).exists()
    for section in ("## What is in it", "## How it was generated", "## Configuration", "## Statistics", "## How to load"):
        assert section in text
    assert '"k_max": 3' in text  # the run's config.json
    assert "![" in text and "plots/" in text


def test_statistics_count_the_episodes(full_export, src):
    episodes = src.episodes
    stats = json.loads((full_export.out / "stats.json").read_text())
    assert stats["episodes"] == len(episodes)
    assert stats["calls"] == sum(len(e.calls()) for e in episodes)
    assert stats["turns"] == sum(len(e.turns) for e in episodes)
    assert stats["variants"] == dict(sorted(Counter(e.variant for e in episodes).items()))
    assert stats["turn_variants"] == dict(sorted(Counter(t.variant for e in episodes for t in e.turns).items()))
    assert Counter(stats["difficulty"]) == Counter(_bucket(e.difficulty) for e in episodes)
    assert stats["envs"] == dict(sorted(Counter(e.env_id for e in episodes).items()))
    assert set(stats["tools_offered"]) == {t.name for e in episodes for t in e.tools}
    assert stats["failed_calls"] == sum(m.error is not None for e in episodes for m in e.messages if m.role == "tool")
    assert stats["turns_per_episode"] == {str(k): sum(len(e.turns) == k for e in episodes) for k in {len(e.turns) for e in episodes}}
    assert stats["reasoning_steps"] == sum(bool(m.reasoning) for e in episodes for m in e.messages)
    assert "| calls per turn" in (full_export.out / "stats.md").read_text()


def test_card_shows_the_runs_variants_difficulty_and_environments(full_export, src):
    text = (full_export.out / "README.md").read_text()
    table = text.split("## Statistics", 1)[1]
    variants = Counter(e.variant for e in src.episodes)
    row = next(line for line in table.splitlines() if line.startswith("| episode variants"))
    for v, n in variants.items():
        assert f"{v}: {n}" in row
    row = next(line for line in table.splitlines() if line.startswith("| difficulty"))
    for b, n in Counter(_bucket(e.difficulty) for e in src.episodes).items():
        assert f"{b}: {n}" in row
    for env in {e.env_id for e in src.episodes}:
        assert f"`{env}`" in text
    assert "![variants](plots/variants.png)" in text and "![difficulty](plots/difficulty.png)" in text


def test_plots_are_pngs_with_deterministic_bytes(full_export, src, tmp_path):
    run_dir = src.run_dir
    pngs = sorted(p.name for p in (full_export.out / "plots").glob("*.png"))
    assert {"turns_per_episode.png", "calls_per_turn.png", "tool_calls.png", "environments.png", "variants.png", "difficulty.png", "reasoning_length.png"} <= set(pngs)
    again = write_plots(collect_stats(run_dir), tmp_path)
    assert sorted(again) == pngs
    for name in pngs:
        data = (full_export.out / "plots" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert (tmp_path / name).read_bytes() == data, name


def test_same_run_and_options_give_the_same_bytes(run_dir, tmp_path):
    outs = []
    for k in range(2):
        out = tmp_path / f"e{k}"
        export(run_dir, "sharegpt", out, ExportOptions(per="turn", splits="train=0.5,test=0.5"), plots=False)
        outs.append(out)
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (outs[0] / rel).read_bytes() == (outs[1] / rel).read_bytes(), rel


def test_stats_command_prints_the_table(run_dir, capsys):
    assert main(["stats", str(run_dir)]) == 0
    out = capsys.readouterr().out
    assert "| turns per episode" in out and "| tools covered" in out and "toolgym/Library-v0" in out


def test_export_command_exports_validates_and_checks(run_dir, tmp_path, capsys):
    out = tmp_path / "lf"
    assert main(["export", str(run_dir), "--format", "sharegpt", "--out", str(out), "--per", "turn", "--split", "0.8,0.2", "--no-plots"]) == 0
    text = capsys.readouterr().out
    assert "OK" in text and (out / "dataset_info.json").exists()
    assert main(["export", str(run_dir), "-f", "sharegpt", "-o", str(out), "--check"]) == 0
    data = out / "data" / "train.jsonl"
    lines = data.read_text().splitlines()
    data.write_text("\n".join(lines[1:]) + "\n")  # lose a record
    assert main(["export", str(run_dir), "-f", "sharegpt", "-o", str(out), "--check"]) == 1
    assert main(["export", str(run_dir), "-f", "sharegtp", "-o", str(tmp_path / "x")]) == 2
    assert "did you mean 'sharegpt'" in capsys.readouterr().err


def test_template_check_command_reports_losses_and_the_options_that_avoid_them(synth_source, tmp_path, capsys):
    run = str(synth_source.run_dir)
    # Llama 3.1 refuses parallel calls: the check fails and names the option.
    assert main(["export", run, "--format", "hf", "--template", "llama3.1", "--check", "--report", str(tmp_path / "r.jsonl")]) == 1
    out = capsys.readouterr().out
    assert "refused: parallel calls" in out and "--parallel-calls serialize" in out
    lines = (tmp_path / "r.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["failed"] == len(lines) - 1 > 0
    assert main(["export", run, "--format", "hf", "--template", "llama3.1", "--parallel-calls", "serialize", "--check"]) == 0
    # Qwen3 drops earlier reasoning: per-turn records are chosen, and every row passes.
    assert main(["export", run, "--format", "hf", "--template", "qwen3", "--check"]) == 0
    captured = capsys.readouterr()
    assert "--per turn" in captured.err and " 0 lose something" in captured.out
    assert main(["export", run, "--format", "hf", "--template", "qwen3", "--per", "conversation", "--check"]) == 1
    assert "reasoning dropped" in capsys.readouterr().out
    assert main(["export", run, "--format", "openai", "--template", "qwen3", "--check"]) == 2
    assert main(["export", run, "--format", "hf", "--template", "qwen-3", "--check"]) == 2
    assert "did you mean" in capsys.readouterr().err


def test_rendered_export_is_deterministic_and_listed_in_the_card(run_dir, tmp_path, capsys):
    outs = []
    for k in range(2):
        out = tmp_path / f"q{k}"
        assert main(["export", str(run_dir), "--format", "hf", "--template", "qwen2.5", "--out", str(out), "--no-plots"]) == 0
        outs.append(out)
    a, b = ((o / "data" / "train.qwen2.5.jsonl").read_bytes() for o in outs)
    assert a == b and a
    card = (outs[0] / "README.md").read_text()
    assert "## Rendered through a chat template" in card and "data/train.qwen2.5.jsonl" in card
    manifest = json.loads((outs[0] / "export.json").read_text())
    assert manifest["template"]["template"] == "qwen2.5" and manifest["template"]["files"] == {"train": "data/train.qwen2.5.jsonl"}


def test_card_and_stats_carry_the_runs_quality_report(synth_source, tmp_path, capsys):
    out = tmp_path / "q"
    export(synth_source.run_dir, "openai", out, ExportOptions(), plots=False)
    card = (out / "README.md").read_text()
    manifest = json.loads((synth_source.run_dir / "manifest.json").read_text())
    q = manifest["synth"]["summary"]["quality"]
    section = card.split("## Quality", 1)[1]
    assert f"| call arguments grounded in what the assistant had seen | {q['grounded_arguments']:.1%} |" in section
    assert str(q["as_written"]["distinct_3"]) in section
    assert main(["stats", str(synth_source.run_dir)]) == 0
    printed = capsys.readouterr().out
    assert "grounded arguments %" in printed and "self-BLEU-4" in printed

"""docs/catalogue.md is generated from the code; this fails when it is out of date."""

from __future__ import annotations

from pathlib import Path

from toolgym.envs.catalogue import load_timings, render_catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_catalogue_page_is_in_sync_with_the_environments():
    expected = render_catalogue(load_timings(ROOT / "benchmarks" / "results" / "env_step.json"))
    actual = (ROOT / "docs" / "catalogue.md").read_text()
    assert actual == expected, (
        "docs/catalogue.md is out of date: run `toolgym envs catalogue --out docs/catalogue.md "
        "--timings benchmarks/results/env_step.json`"
    )

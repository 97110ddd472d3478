"""Fixtures: the synthesized run the issue names (``toolgym synth --records 200 --seed 3``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolgym.record import Episode

RECORDS = 200
SEED = 3


@pytest.fixture(scope="session")
def rl_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``toolgym synth --out RUN --records 200 --seed 3``, run once per test session."""
    from toolgym.cli import main

    out = tmp_path_factory.mktemp("rl") / "run"
    assert main(["synth", "--out", str(out), "--records", str(RECORDS), "--seed", str(SEED)]) == 0
    return out


@pytest.fixture(scope="session")
def records(rl_run: Path) -> list[Episode]:
    from toolgym.synth.rundir import iter_episodes

    eps = list(iter_episodes(rl_run))
    assert len(eps) == RECORDS
    return eps

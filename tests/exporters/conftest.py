"""The exporter tests' one source of episodes.

Until the synthesis pipeline writes real runs, episodes come from ``library_env.py``: a real
ToolEnv driven through ``step`` (multi-turn, parallel calls, tool errors, reasoning, and
miss_param / miss_func / error_recovery / long_context turns). To test against a synthesized run
instead, point ``TOOLGYM_TEST_RUN`` at its directory: every test takes its episodes from here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from library_env import build_episode, write_run_dir  # noqa: E402

from toolgym.exporters import ExportOptions, export  # noqa: E402
from toolgym.exporters.io import iter_run  # noqa: E402
from toolgym.record import Episode  # noqa: E402

N_EPISODES = 25


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run directory in the pipeline's layout (sharded, with a torn last line)."""
    env_run = os.environ.get("TOOLGYM_TEST_RUN")
    if env_run:
        return Path(env_run)
    eps = [build_episode(i) for i in range(N_EPISODES)]
    return write_run_dir(tmp_path_factory.mktemp("run"), eps)


@pytest.fixture(scope="session")
def episodes(run_dir: Path) -> list[Episode]:
    """The canonical episodes of the run, as Episode objects."""
    return [Episode.model_validate(d) for d in iter_run(run_dir)]


@pytest.fixture(scope="session")
def export_dir(run_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """``export_dir(format, **options)``: the export of the run (made once per argument set)."""
    cache: dict = {}

    def make(fmt: str, **opts):
        key = (fmt, tuple(sorted(opts.items())))
        if key not in cache:
            out = tmp_path_factory.mktemp(f"{fmt}-export")
            o = ExportOptions(**opts) if opts else None
            cache[key] = export(run_dir, fmt, out, o, overwrite=True, plots=False)
        return cache[key]

    return make

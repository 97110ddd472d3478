"""The exporter tests' two sources of episodes.

* ``library``: ``library_env.py``, a real ToolEnv driven by hand through ``step``. Small and
  fully known, it covers special cases the tests name (text beside calls, a reserve_book tool
  added mid-episode, the validator's tampering tests).
* ``synth``: a REAL run of the synthesis pipeline (``toolgym.synth.pipeline.synthesize``, built-in
  offline roles, a fixed seed, three domains, 40 records with every variant and composed
  multi-domain worlds), made once per session in a few seconds. Point ``TOOLGYM_TEST_RUN`` at a
  run directory to use that run instead.

Tests that hold for any run take the parametrized ``src`` fixture and run on both; tests about
the Library's special cases take ``run_dir`` / ``episodes`` / ``export_dir`` (the Library run).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from library_env import build_episode, write_run_dir  # noqa: E402

from toolgym.exporters import ExportOptions, ExportResult, export  # noqa: E402
from toolgym.record import Episode  # noqa: E402
from toolgym.runs import iter_records as iter_run  # noqa: E402

N_EPISODES = 25
SOURCES = ("library", "synth")
#: the synthesized run: small enough for seconds, varied enough for every variant and a composed world
SYNTH_OVERRIDES: dict[str, Any] = {
    "records": 40,
    "seed": 0,
    "envs": ["toolgym/FileSystem-v0", "toolgym/Messaging-v0", "toolgym/Calculator-v0"],
    "progress": False,
}


@dataclass
class Source:
    """One run directory, its canonical episodes, and its exports (each made once per option set)."""

    name: str
    run_dir: Path
    tmp: pytest.TempPathFactory
    _episodes: list[Episode] | None = None
    _exports: dict[Any, ExportResult] = field(default_factory=dict)

    @property
    def episodes(self) -> list[Episode]:
        if self._episodes is None:
            self._episodes = [Episode.model_validate(d) for d in iter_run(self.run_dir)]
        return self._episodes

    def export(self, fmt: str, **opts: Any) -> ExportResult:
        key = (fmt, tuple(sorted(opts.items())))
        if key not in self._exports:
            out = self.tmp.mktemp(f"{self.name}-{fmt}-export")
            self._exports[key] = export(self.run_dir, fmt, out, ExportOptions(**opts) if opts else None, overwrite=True, plots=False)
        return self._exports[key]

    def __repr__(self) -> str:  # shown in test ids and failures
        return f"Source({self.name})"


@pytest.fixture(scope="session")
def library_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-driven Library run, in the pipeline's layout (sharded, with a torn last line)."""
    eps = [build_episode(i) for i in range(N_EPISODES)]
    return write_run_dir(tmp_path_factory.mktemp("run"), eps)


@pytest.fixture(scope="session")
def synth_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run directory written by the real synthesis pipeline (offline, seeded: deterministic)."""
    env_run = os.environ.get("TOOLGYM_TEST_RUN")
    if env_run:
        return Path(env_run)
    from toolgym.synth.pipeline import load_config, synthesize

    out = tmp_path_factory.mktemp("synth") / "run"
    synthesize(load_config(overrides={**SYNTH_OVERRIDES, "out": str(out)}))
    return out


@pytest.fixture(scope="session")
def library_source(library_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Source:
    return Source("library", library_run, tmp_path_factory)


@pytest.fixture(scope="session")
def synth_source(synth_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Source:
    return Source("synth", synth_run, tmp_path_factory)


@pytest.fixture(scope="session", params=SOURCES)
def src(request: pytest.FixtureRequest) -> Source:
    """Each source in turn: tests taking it run on the Library run and on the synthesized run."""
    return request.getfixturevalue(f"{request.param}_source")


# --- the Library run (special cases) -----------------------------------------------------------


@pytest.fixture(scope="session")
def run_dir(library_source: Source) -> Path:
    return library_source.run_dir


@pytest.fixture(scope="session")
def episodes(library_source: Source) -> list[Episode]:
    """The canonical episodes of the Library run, as Episode objects."""
    return library_source.episodes


@pytest.fixture(scope="session")
def export_dir(library_source: Source) -> Callable[..., ExportResult]:
    """``export_dir(format, **options)``: the export of the Library run (made once per argument set)."""
    return library_source.export

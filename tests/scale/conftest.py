"""A local Ray cluster for the scale-out tests: 2 CPUs on 127.0.0.1, no dashboard, started once."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[str]:
    """The cluster's GCS address (``RAY_ADDRESS`` for drivers started as subprocesses)."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", logging_level=logging.ERROR,
             runtime_env={"env_vars": {"PYTHONHASHSEED": "0"}})
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


def run_files(path: Path) -> dict[str, bytes]:
    """Every file of a run directory but its log (which has times), by name."""
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.name != "log.txt"}

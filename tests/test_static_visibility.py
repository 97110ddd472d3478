"""Type checkers see the installed ``toolgym.*`` modules (issue 15).

mypy runs in a subprocess from a directory outside the repository, so the only way it can find
``toolgym`` is through what ``pip install -e .`` put into site-packages. Before the symlink
layout (pyproject.toml, "Layout") the editable install was an import hook and mypy answered
``Cannot find implementation or library stub for module named "toolgym"``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MODULES = ("toolgym.envs.core", "toolgym.envs.world", "toolgym.synth.pipeline", "toolgym.exporters.hf",
           "toolgym.rl", "toolgym.record")


def _mypy(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mypy", "--python-executable", sys.executable, "--no-error-summary",
           "--cache-dir", str(tmp_path / ".mypy_cache"), "--config-file", "", "-c", code]
    return subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600)


def test_mypy_resolves_every_wing_from_outside_the_repository(tmp_path: Path) -> None:
    # One run (mypy is slow cold): every wing imports cleanly, and the one wrong use is reported,
    # so the package is analysed as typed (py.typed), not skipped as Any.
    code = "\n".join(f"import {m}" for m in MODULES) + "\nx: int = toolgym.envs.core.ToolEnv.reset\n"
    done = _mypy(tmp_path, code)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "[assignment]" in errors[0], done.stdout + done.stderr


def test_py_typed_ships_beside_the_package() -> None:
    import toolgym

    assert (Path(toolgym.__file__).parent / "py.typed").is_file()

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

import pytest

MODULES = ("toolgym.envs.core", "toolgym.envs.world", "toolgym.synth.pipeline", "toolgym.exporters.hf",
           "toolgym.rl", "toolgym.record")


def _mypy(tmp_path: Path, code: str, cache: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mypy", "--python-executable", sys.executable, "--no-error-summary",
           "--cache-dir", str(cache), "--config-file", "", "-c", code]
    return subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600)


# A tool environment as a user writes one: @tool (bare and with options) must keep each method's
# signature, so the three wrong uses at the end are errors (with @tool typed as Any they were not).
TOOLS = """
from toolgym.envs import ToolEnv, WorldScope, tool

class Shop(ToolEnv):
    domain = "shop"

    def build(self, world: WorldScope) -> None:
        self.items = world.table("items", {"a": {"price": 1}})

    @tool
    def price(self, item_id: str) -> int:
        return int(self.items[item_id]["price"])

    @tool(writes=True, needs="open")
    def restock(self, item_id: str, n: int) -> str:
        return item_id

shop = Shop()
ok: int = shop.price("a") + len(shop.restock("a", 2)) + shop.world.seed + len(shop.world_scope.domain)
shop.price(3)
shop.restock("a", n="two")
bad: str = shop.price("a")
"""
WRONG = ('Argument 1 to "price" of "Shop" has incompatible type "int"',
         'Argument "n" to "restock" of "Shop" has incompatible type "str"',
         'Incompatible types in assignment (expression has type "int", variable has type "str")')


def test_mypy_resolves_every_wing_from_outside_the_repository(tmp_path: Path,
                                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    # One run (mypy is slow cold): every wing imports cleanly, a wrong use of a module is
    # reported (the package is analysed as typed, py.typed, not skipped as Any), and decorated
    # tools keep their signatures.
    code = "\n".join(f"import {m}" for m in MODULES) + "\nx: int = toolgym.envs.core.ToolEnv.reset\n" + TOOLS
    done = _mypy(tmp_path, code, tmp_path_factory.getbasetemp() / "mypy-cache")  # shared: mypy is slow cold
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 4, done.stdout + done.stderr
    assert f"<string>:{len(MODULES) + 1}:" in errors[0] and "[assignment]" in errors[0], errors
    for want, got in zip(WRONG, errors[1:], strict=True):
        assert want in got, (want, got)


def test_py_typed_ships_beside_the_package() -> None:
    import toolgym

    assert (Path(toolgym.__file__).parent / "py.typed").is_file()

"""docs/writing-a-domain.md, followed as written: its code blocks make the ``library`` package,
which registers, passes check_env (every write succeeding in the walk), lints clean and is typed."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolgym.envs import check_env, make, register
from toolgym.envs.language import lint

DOC = Path(__file__).resolve().parents[2] / "docs" / "writing-a-domain.md"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("domain")
    files = {}
    for block in re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S):
        first = block.split("\n", 1)[0]
        if first.startswith("# library/"):
            files[first[2:]] = block
    assert sorted(files) == ["library/__init__.py", "library/data.py", "library/env.py", "library/language.py"]
    for name, text in files.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        yield root
    finally:
        sys.path.remove(str(root))
        for m in [m for m in sys.modules if m == "library" or m.startswith("library.")]:
            del sys.modules[m]


def test_the_recipe_makes_a_domain_that_passes_every_check(library: Path) -> None:
    register("docs/Library-v0", entry_point="library:Library")
    report = check_env("docs/Library-v0", require_writes=True)
    assert report.passed and report.writes_never_succeeded == []
    assert {"find_books", "borrow_book", "return_book"} <= report.tools_succeeded
    env = make("docs/Library-v0")
    assert lint(env.all_tooldefs()) == []
    env.reset(seed=4)
    a = env.world.snapshot()
    env.reset(seed=4)
    assert env.world.snapshot() == a and len(env.books) == 30 and len(env.loans) == 3  # type: ignore[attr-defined]
    assert importlib.import_module("library.data").build_world.__annotations__["world"] == "WorldScope"


def test_the_recipe_type_checks(library: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = tmp_path_factory.getbasetemp() / "mypy-cache"  # shared with tests/test_static_visibility.py
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--config-file", "", "--cache-dir",
                           str(cache), "-p", "library"], cwd=library, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr

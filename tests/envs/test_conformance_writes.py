"""check_env names the write tools its walk never ran successfully (the README's Bank: ``transfer``)."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolgym.envs import check_env
from toolgym.errors import ToolgymError

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def readme_bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[type]:
    """The README's "Writing an environment" example, saved as a module as a reader would save
    it (without its last two lines, which register it globally and check it)."""
    section = README.read_text(encoding="utf-8").split("## Writing an environment", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    path = tmp_path_factory.mktemp("readme") / "readme_bank.py"
    path.write_text(code.group(1).split('\nregister("acme/Bank-v0"', 1)[0], encoding="utf-8")
    spec = importlib.util.spec_from_file_location("readme_bank", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["readme_bank"] = module
    try:
        spec.loader.exec_module(module)
        yield module.Bank
    finally:
        del sys.modules["readme_bank"]


def test_the_readme_bank_reports_that_transfer_never_succeeded(readme_bank: type) -> None:
    report = check_env(readme_bank, raise_on_failure=False)
    assert report.passed  # its other checks hold: the walk is what never reached transfer
    assert report.writes_never_succeeded == ["transfer"]
    assert "login" in report.tools_succeeded
    assert "1 write tools never succeeded in the walk" in report.summary() and "transfer" in report.summary()


def test_require_writes_makes_it_a_failure(readme_bank: type) -> None:
    with pytest.raises(ToolgymError, match="write tool transfer never succeeded"):
        check_env(readme_bank, require_writes=True)


def test_a_domain_whose_writes_all_succeed_reports_none() -> None:
    report = check_env("toolgym/Calculator-v0", raise_on_failure=False, require_writes=False)
    assert set(report.writes_never_succeeded) <= {"convert_currency", "convert_units", "memory_store"}
    assert all(n not in report.tools_succeeded for n in report.writes_never_succeeded)

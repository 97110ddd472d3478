"""Every snippet of the README's RL section runs: its commands through the CLI, its Python blocks
in order, in one namespace, in a fresh directory."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from toolgym.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("<!-- rl:begin -->", 1)[1].split("<!-- rl:end -->", 1)[0]
    return re.findall(r"```(bash|python)\n(.*?)```", section, re.S)


def test_the_rl_section_has_a_snippet_per_trainer() -> None:
    code = "\n".join(b for _, b in _blocks())
    for needle in ("toolgym.rl.trl", "toolgym.rl.skyrl", "exports/rl-verl", "GenericEnvClient", "Session.from_record"):
        assert needle in code


def test_every_rl_snippet_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ns: dict = {"__name__": "readme"}
    blocks = _blocks()
    assert len(blocks) >= 6
    for lang, body in blocks:
        if lang == "bash":
            for line in body.strip().splitlines():
                argv = shlex.split(line)
                assert argv[0] == "toolgym"
                assert main(argv[1:] + (["--no-plots"] if argv[1] == "export" else [])) == 0, line
        else:
            exec(compile(body, f"README.md:{lang}", "exec"), ns)  # noqa: S102 - our own README, not model output

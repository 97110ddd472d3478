"""``toolgym serve-env``: starts, answers the SDK clients, stops cleanly on SIGTERM; bad input is one line."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys

import pytest

from toolgym.cli import main

pytest.importorskip("mcp")
from mcp import Client  # noqa: E402


def _start(*args: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "toolgym", "serve-env", *args, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = proc.stdout.readline()
    assert line.startswith("serving "), (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc, line.split(" on ", 1)[1].strip()


def _stop(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_serve_env_mcp_answers_and_stops_cleanly() -> None:
    proc, url = _start("--env", "toolgym/Vehicle-v0", "--protocol", "mcp", "--max-sessions", "4")
    try:
        async def go() -> None:
            async with Client(url, mode="legacy") as c:
                names = [t.name for t in (await c.list_tools()).tools]
                assert "get_vehicle_status" in names
                r = await c.call_tool("get_vehicle_status", {})
                assert r.is_error is False and isinstance(json.loads(r.content[0].text), dict)

        asyncio.run(go())
    finally:
        code = _stop(proc)
    assert code == 0


def test_serve_env_openenv_answers_and_stops_cleanly() -> None:
    pytest.importorskip("openenv")
    from openenv.core.generic_client import GenericEnvClient

    proc, url = _start("--env", "toolgym/Vehicle-v0", "--protocol", "openenv")
    base = url.rsplit("/ws", 1)[0]
    try:
        async def go() -> None:
            async with GenericEnvClient(base_url=base) as client:
                r = await client.reset(seed=4)
                assert r.observation["messages"][0]["role"] == "system"
                r = await client.step({"text": '<tool_call>{"name": "get_vehicle_status", "arguments": {}}</tool_call>'})
                msg = r.observation["messages"][0]
                assert msg["role"] == "tool" and msg["name"] == "get_vehicle_status" and "error" not in json.loads(msg["content"])

        asyncio.run(go())
    finally:
        code = _stop(proc)
    assert code == 0


@pytest.mark.parametrize("args, message", [
    (["--env", "toolgym/Nope-v0"], "no toolgym environment 'toolgym/Nope-v0'"),
    (["--env", "toolgym/Vehicle-v0", "--max-sessions", "0"], "expected --max-sessions >= 1"),
    (["--env", "toolgym/Vehicle-v0", "--idle-timeout", "nan"], "expected --idle-timeout > 0"),
    (["--env", "os:system"], "no toolgym environment 'os:system'"),
])
def test_serve_env_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert main(["serve-env", *args, "--port", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err

"""Scale options: bad combinations refused before anything is made; what a worker is built with."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from toolgym.errors import ConfigError
from toolgym.synth.scale import (
    LocalExecutor,
    ProcessExecutor,
    Scale,
    WorkerSpec,
    forwarded_env,
    make_executor,
    registering_modules,
)

from .conftest import ROOT


@pytest.mark.parametrize(("kw", "needle"), [
    ({"shards": 2}, "--shards needs --ray"),
    ({"workers": 2, "ray": "local"}, "expected --workers or --ray, got both"),
    ({"workers": 0}, "expected --workers >= 1, got 0"),
    ({"ray": "local", "shards": 0}, "expected --shards >= 1, got 0"),
])
def test_bad_combinations_are_refused(kw, needle):
    with pytest.raises(ConfigError, match=needle):
        Scale(**kw)


def test_the_command_line_refuses_shards_without_ray_before_writing(tmp_path):
    out = tmp_path / "run"
    r = subprocess.run([sys.executable, "-m", "toolgym", "synth", "--records", "2", "--out", str(out), "--shards", "2"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode != 0 and "--shards needs --ray" in r.stderr and "Traceback" not in r.stderr
    assert not (out / "episodes-00000.jsonl").exists()


def _echo(arg):
    return {"arg": arg, "key": os.environ.get("TOOLGYM_TEST_KEY")}


def test_a_worker_gets_forwarded_variables_unless_its_node_sets_them(monkeypatch):
    monkeypatch.setenv("TOOLGYM_TEST_KEY", "driver")
    env = forwarded_env(["TOOLGYM_TEST_KEY", "TOOLGYM_TEST_UNSET"])
    assert env == {"TOOLGYM_TEST_KEY": "driver"}
    monkeypatch.setenv("TOOLGYM_TEST_KEY", "node")  # the node's own value wins
    assert WorkerSpec(_echo, 1, env=env).build() == {"arg": 1, "key": "node"}
    monkeypatch.delenv("TOOLGYM_TEST_KEY")
    assert WorkerSpec(_echo, 1, env=env).build()["key"] == "driver"
    assert "driver" not in repr(WorkerSpec(_echo, 1, env=env))  # never in a log line


def test_the_modules_of_user_environments_travel_with_the_worker():
    from tests.llm.mail_env import ENV_ID  # registers it

    assert registering_modules([ENV_ID, "toolgym/Calculator-v0"]) == ("tests.llm.mail_env",)
    assert registering_modules(["toolgym/Calculator-v0"]) == ()


def test_model_bound_work_stays_on_one_event_loop_with_workers():
    spec = WorkerSpec(_echo, 1, is_async=True)
    assert isinstance(make_executor(spec, Scale(workers=2)), LocalExecutor)
    assert isinstance(make_executor(WorkerSpec(_echo, 1), Scale(workers=2)), ProcessExecutor)
    with pytest.raises(ConfigError, match="one process"):
        ProcessExecutor(spec, 2)


class _Slow:
    def __init__(self, arg: object) -> None:
        pass

    def run(self, items: list[object]) -> list[object]:
        import time

        time.sleep(60)
        return items


def _slow(arg: object) -> _Slow:
    return _Slow(arg)


def test_abort_ends_the_pool_thread_even_when_a_worker_died_mid_result():
    # A worker killed in the middle of sending a result leaves part of a message in the pipe:
    # the pool's result thread waits for the rest, and the interpreter joins that thread at
    # exit (a synth run hung after SIGTERM). Made here by writing a part of a message ourselves.
    import asyncio
    import struct

    ex = ProcessExecutor(WorkerSpec(_slow, None), 1)

    async def go() -> None:
        await ex.start()
        asyncio.ensure_future(ex.run([1]))  # the worker is busy; the pool's thread waits on the pipe
        await asyncio.sleep(0.5)
        pool = ex._pool
        thread, writer = pool._executor_manager_thread, pool._result_queue._writer
        writer._send(struct.pack("!i", 1000) + b"x" * 10)  # the first 10 bytes of a 1,000-byte message
        await asyncio.sleep(0.5)
        ex.abort()
        thread.join(timeout=20)
        stuck = thread.is_alive()
        if stuck:
            writer.close()  # let this test process end, whatever abort() did
        assert not stuck, "the pool's result thread is still waiting for the rest of a result"

    asyncio.run(go())

"""Fixtures: the scripted OpenAI-compatible server on 127.0.0.1 (a free port, stopped after the
test), and the scripted conversations that solve tasks of the mail test environment."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from toolgym.envs import Task, TurnSpec
from toolgym.synth.llm.client import LLMConfig
from toolgym.synth.llm.server import ScriptedServer, ServerConfig

from .mail_env import ENV_ID  # noqa: F401 - registers the environment

KEY = "sk-test-DO-NOT-LEAK-4f1c2e9a"


@pytest.fixture
def serve() -> Iterator[Callable[..., tuple[ScriptedServer, str]]]:
    """``serve(script=..., **ServerConfig fields) -> (server, base_url)``; all stopped at the end."""
    stack = contextlib.ExitStack()

    def start(**kw: Any) -> tuple[ScriptedServer, str]:
        srv = ScriptedServer(ServerConfig(**kw))
        url = stack.enter_context(srv.running())
        return srv, url

    with stack:
        yield start


def llm_config(url: str | list[str], **kw: Any) -> LLMConfig:
    """Test settings: tiny timeouts and backoff so faults cost milliseconds."""
    base = dict(model="scripted", base_urls=[url] if isinstance(url, str) else url, request_timeout=0.5,
                backoff_initial=0.005, backoff_max=0.02, max_retries=4, max_in_flight=8, http="httpx2")
    base.update(kw)
    return LLMConfig(**base)


def send_task(name: str, text: str, task_id: str = "t", seed: int = 3) -> Task:
    """Turn 1: send ``name`` the ``text``; turn 2: say how many mails were sent (1)."""
    return Task(
        id=task_id,
        seed=seed,
        turns=[
            TurnSpec(user=f"Please send {name} the text '{text}'.", expect_calls=["send_mail"]),
            TurnSpec(user="How many mails have I sent so far?", expect_answer=["1"]),
        ],
    )


def send_rule(name: str, text: str, faults: dict[int, list[str]] | None = None) -> dict[str, Any]:
    """The script that solves :func:`send_task` (reply ``i`` gets ``faults[i]``), with a think
    block, reasoning_content, an id only a tool reveals, and two parallel calls in turn 2."""
    faults = faults or {}
    replies: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "login", "arguments": {"username": "me"}}]},
        {"content": "<think>I need her user id first.</think>",
         "tool_calls": [{"name": "find_user", "arguments": {"name": name.split()[0]}}]},
        {"reasoning_content": "The id is in the find_user result.",
         "tool_calls": [{"name": "send_mail", "arguments": {"to": {"$from": "find_user", "path": "0.user_id"}, "text": text}}]},
        {"content": f"Sent '{text}' to {name}."},
        {"tool_calls": [{"name": "count_sent", "arguments": {}}, {"name": "find_user", "arguments": {"name": name.split()[0]}}]},
        {"content": "You have sent 1 mail."},
    ]
    for i, f in faults.items():
        replies[i] = {**replies[i], "faults": f}
    return {"match": f"send {name} the text '{text}'", "replies": replies}

"""Model-backed policies over any OpenAI-compatible Chat Completions server.

- :mod:`.client`: the endpoint pool (in-flight bound, retries honouring Retry-After,
  least-in-flight routing with a sticky endpoint per episode, timeouts, usage accounting).
- :mod:`.parse`: a chat completion -> one canonical assistant :class:`~toolgym.record.Message`,
  whatever shape the model's output has.
- :mod:`.policy`: :class:`LLMPolicy`, the :class:`~toolgym.synth.policy.Policy` on top of both.
- :mod:`.server`: a scripted, deterministic OpenAI-compatible server for tests and dry runs.
- :mod:`.transport`: the HTTP client under the SDK (aiohttp, least CPU per request).
- :mod:`.wire`: the request's wire form, JSON-encoded once per message.

Importing this package is light: ``openai`` is imported only when a client is first used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LLMConfig", "LLMClient", "LLMPolicy", "LLMError", "parse_completion", "ScriptedServer"]


def __getattr__(name: str) -> Any:  # lazy: keep `import toolgym.synth.llm` free of openai
    if name in ("LLMConfig", "LLMClient", "LLMError"):
        from . import client

        return getattr(client, name)
    if name == "LLMPolicy":
        from .policy import LLMPolicy

        return LLMPolicy
    if name == "parse_completion":
        from .parse import parse_completion

        return parse_completion
    if name == "ScriptedServer":
        from .server import ScriptedServer

        return ScriptedServer
    raise AttributeError(name)

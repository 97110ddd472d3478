"""``LLMPolicy``: a model behind any OpenAI-compatible server, acting as a :class:`Policy`.

It sends the conversation and the offered tools, reads the reply with
:func:`~toolgym.synth.llm.parse.parse_completion`, and returns one canonical assistant message.
One policy object serves any number of concurrent episodes: per-episode state (the sticky
endpoint, the wire form of the conversation so far) lives on the episode's ``Context``.

A reply it cannot use (an empty one, arguments that are no JSON object) is never executed and
never crashes the episode: the model is shown what went wrong, as error results of its calls
or a short user note, and asked again, up to ``max_malformed`` times in a row; then the episode
ends with ``PolicyError("malformed_output")``. The rejected replies are kept in the accepted
message's ``meta["llm"]["rejected"]``. Problems that the environment can answer (an unknown tool,
arguments that break the schema) go to the environment, which returns an error result the model
reads, so they show in the episode as they happened.

Accounting: ``meta["llm"]`` of each message has the call's tokens, attempts and finish reason
(and latency and endpoint, unless ``record_latency`` is off); ``ctx.usage`` sums them per
episode (the rollout stores it in ``Episode.meta["usage"]``, the run manifest sums those).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any

from toolgym.record import Message, ToolSpec

from ..policy import Context, Policy, PolicyError
from .client import ChatResult, LLMClient, LLMConfig, Session
from .parse import Parsed, parse_completion
from .wire import Conversation, Encoded, to_wire

__all__ = ["LLMPolicy", "to_wire"]

_STATE = "_llm_state"  # attribute of the episode's Context


@dataclass
class _Episode:
    route: Session = field(default_factory=Session)
    src: list[Message] = field(default_factory=list)
    wire: Conversation = field(default_factory=Conversation)
    tools_src: list[ToolSpec] = field(default_factory=list)  # held: their ids key the cache below
    tools_wire: Encoded = field(default_factory=lambda: Encoded([]))
    tool_names: frozenset[str] = frozenset()


class LLMPolicy(Policy):
    """A policy over an OpenAI-compatible Chat Completions endpoint (or several).

    Args:
        config: where the model is and how to sample it (ignored when ``client`` is given).
        client: a shared :class:`LLMClient` (several policies may share one bound).
        max_malformed: unusable replies in a row before the episode ends (``malformed_output``).
        send_reasoning: send earlier reasoning back as ``reasoning_content`` (most chat
            templates drop it; some reasoning models want it).
        name: the producer name recorded in episodes (default ``llm:<model>``).

    Example:
        >>> policy = LLMPolicy(LLMConfig(model="qwen3-8b", base_urls=["http://localhost:8000/v1"]))
        >>> episode = await run_task(env, policy, task)
        >>> await policy.aclose()
    """

    def __init__(
        self,
        config: LLMConfig | None = None,
        *,
        client: LLMClient | None = None,
        max_malformed: int = 3,
        send_reasoning: bool = False,
        name: str | None = None,
    ):
        if client is None:
            if config is None:
                raise TypeError("LLMPolicy needs a config or a client")
            client = LLMClient(config)
        if max_malformed < 1:
            raise ValueError(f"expected max_malformed >= 1, got {max_malformed}")
        self.client = client
        self.config = client.config
        self.max_malformed = max_malformed
        self.send_reasoning = send_reasoning
        self.name = name or f"llm:{self.config.model}"

    # --- per-episode state ----------------------------------------------------------------------

    def _state(self, ctx: Context) -> _Episode:
        st = ctx.__dict__.get(_STATE)
        if st is None:
            st = _Episode()
            setattr(ctx, _STATE, st)
        return st

    def _wire(self, st: _Episode, messages: list[Message]) -> Conversation:
        # Conversations only grow: convert and encode just the new messages (an episode of n
        # steps would otherwise convert and encode O(n^2) messages).
        n = len(st.src)
        if n > len(messages) or (n and messages[n - 1] is not st.src[-1]):
            st.src, st.wire, n = [], Conversation(), 0
        for m in messages[n:]:
            st.src.append(m)
            st.wire.append(to_wire(m, send_reasoning=self.send_reasoning))
        return st.wire

    @staticmethod
    def _tools(st: _Episode, tools: list[ToolSpec]) -> tuple[Encoded, frozenset[str]]:
        # Per episode: the offered tools change rarely within one (a turn adding a tool), while
        # concurrent episodes of different environments offer different ones.
        old = st.tools_src
        if len(old) != len(tools) or not all(map(operator.is_, old, tools)):
            st.tools_wire = Encoded([t.to_openai() for t in tools])
            st.tool_names = frozenset(t.name for t in tools)
            st.tools_src = list(tools)
        return st.tools_wire, st.tool_names

    # --- acting ---------------------------------------------------------------------------------

    async def act(self, messages: list[Message], tools: list[ToolSpec], ctx: Context) -> Message:
        st = self._state(ctx)
        wire = self._wire(st, messages)
        tools_wire, names = self._tools(st, tools)
        extra: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        for _ in range(self.max_malformed):
            try:
                res = await self.client.chat(wire.plus(extra) if extra else wire, tools_wire, session=st.route)
            except PolicyError as e:
                u = ctx.usage
                u["failed_requests"] = u.get("failed_requests", 0) + 1
                u["error"] = str(e)[:300]
                raise
            self._account(ctx, res)
            parsed = parse_completion(res.data, names, ctx.rng)
            if parsed.message is not None:
                msg = parsed.message
                msg.meta["llm"] = self._call_meta(res, parsed, rejected)
                return msg
            ctx.usage["malformed"] = ctx.usage.get("malformed", 0) + 1
            rejected.append({"error": parsed.error, "reply": parsed.raw})
            extra = extra + parsed.feedback
        raise PolicyError(
            "malformed_output", f"{self.max_malformed} unusable replies in a row; the last: {rejected[-1]['error']}"
        )

    def _account(self, ctx: Context, res: ChatResult) -> None:
        u = ctx.usage
        usage = res.usage
        u["llm_calls"] = u.get("llm_calls", 0) + 1
        u["prompt_tokens"] = u.get("prompt_tokens", 0) + usage["prompt_tokens"]
        u["completion_tokens"] = u.get("completion_tokens", 0) + usage["completion_tokens"]
        if res.attempts > 1:
            u["retries"] = u.get("retries", 0) + res.attempts - 1
        if self.config.record_latency:
            u["latency_s"] = round(u.get("latency_s", 0.0) + res.latency, 6)

    def _call_meta(self, res: ChatResult, parsed: Parsed, rejected: list[dict[str, Any]]) -> dict[str, Any]:
        meta: dict[str, Any] = {**res.usage, "attempts": res.attempts}
        if parsed.finish_reason is not None:
            meta["finish_reason"] = parsed.finish_reason
        if self.config.record_latency:
            meta["latency_ms"] = round(res.latency * 1000, 3)
            if len(self.config.base_urls) > 1:
                meta["endpoint"] = res.endpoint
        if rejected:
            meta["rejected"] = rejected
        return meta

    async def aclose(self) -> None:
        await self.client.aclose()

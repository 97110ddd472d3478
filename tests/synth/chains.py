"""Build Phase I chains by hand in a live env (for tests that must not depend on the sampler)."""

from __future__ import annotations

import random
from typing import Any

from toolgym.envs.actions import CallRequest
from toolgym.record import ToolCall, new_call_id
from toolgym.synth.chain import ArgSource, Chain, ChainStep


def user() -> ArgSource:
    return ArgSource(kind="user")


def res(step: ChainStep, path: str, label: str | None = None) -> ArgSource:
    return ArgSource(kind="result", call_id=step.call.id, path=path, label=label)


class ChainBuilder:
    """``b.call(name, args, sources)`` runs a call in ``env`` and records it; ``b.chain(target)``."""

    def __init__(self, env: Any, seed: int = 0, rng: random.Random | None = None) -> None:
        self.env = env
        self.seed = seed
        self.rng = rng or random.Random(seed)
        self.steps: list[ChainStep] = []
        self.start = env.state_hash()

    def call(self, name: str, args: dict[str, Any], sources: dict[str, ArgSource] | None = None) -> ChainStep:
        cid = new_call_id(self.rng)
        r = self.env.execute(CallRequest(cid, name, dict(args)))
        src = sources or {}
        full = {k: src.get(k, user()) for k in args}
        st = ChainStep(call=ToolCall(id=cid, name=name, arguments=dict(args)), result=r, state_hash=self.env.state_hash(), sources=full)
        self.steps.append(st)
        return st

    def chain(self, target: str) -> Chain:
        idx = max(i for i, s in enumerate(self.steps) if s.call.name == target and s.result.error is None)
        ch = Chain(env_id="chat", seed=self.seed, target=target, steps=self.steps, start_hash=self.start,
                   end_hash=self.env.state_hash(), target_index=idx)
        self.steps = []
        self.start = self.env.state_hash()
        return ch

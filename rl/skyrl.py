"""SkyRL-Gym: a toolgym session as a ``BaseTextEnv`` (``pip install 'toolgym[rl-skyrl]'``).

:func:`register` registers it with SkyRL-Gym as ``toolgym``; rows of
``toolgym export RUN --format rl --target skyrl`` name it (``env_class``) and carry the session
in ``extra_info.toolgym``. SkyRL's generator makes the env with
``skyrl_gym.make("toolgym", env_config=..., extras=row)``, calls ``init(prompt)`` and then
``step(model_output)`` until ``done``: each step reads the model's raw text (any tool-call
syntax the session reads) and returns the tool results (``role: tool``) or the next user turn as
observations, with the turn's reward at the step that ends it.

Example:
    >>> import skyrl_gym
    >>> from toolgym.rl.skyrl import register
    >>> register()
    >>> env = skyrl_gym.make("toolgym", env_config={}, extras=row)
    >>> prompt, _ = env.init(row["prompt"])
    >>> out = env.step('<tool_call>{"name": "login", "arguments": {"username": "me"}}</tool_call>')
"""

from __future__ import annotations

from typing import Any

try:
    from skyrl_gym.envs.base_text_env import BaseTextEnv, BaseTextEnvStepOutput
except ImportError as e:  # pragma: no cover - depends on the extra
    raise ImportError("toolgym.rl.skyrl needs SkyRL-Gym: pip install 'toolgym[rl-skyrl]'") from e

from .session import Session

__all__ = ["ToolgymTextEnv", "register", "ENV_CLASS"]

ENV_CLASS = "toolgym"


class ToolgymTextEnv(BaseTextEnv):
    """One toolgym session per trajectory, made from the row's ``extra_info.toolgym`` payload.

    Args:
        env_config: SkyRL's per-env config (``reward``: ``binary``/``partial``; ``max_malformed``).
        extras: the dataset row (SkyRL passes every column but the prompt and env class), plus
            ``max_turns`` from the generator.
    """

    def __init__(self, env_config: Any = None, extras: dict[str, Any] | None = None):
        super().__init__()
        extras = dict(extras or {})
        cfg = dict(env_config or {})
        kw = {k: cfg[k] for k in ("reward", "max_malformed") if k in cfg}
        self.session = Session.from_row(extras, **kw)
        self.max_turns = int(extras.get("max_turns") or self.session.max_steps)
        self.rewards: list[float] = []

    def init(self, prompt: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Build the world; the prompt is the row's (the tools stated in its system prompt)."""
        messages, tools = self.session.reset()
        return prompt, {"tools": tools, "messages": messages}

    def step(self, action: str) -> BaseTextEnvStepOutput:
        self.turns += 1
        res = self.session.step_text(action)
        self.rewards.append(res.reward)
        done = res.done or self.turns >= self.max_turns
        meta = dict(res.info)
        if done and not res.done:
            meta["termination"] = "max_turns"
        return BaseTextEnvStepOutput(observations=[] if done else res.messages, reward=res.reward, done=done, metadata=meta)

    def get_metrics(self) -> dict[str, Any]:
        return {"steps": self.turns, "episode_reward": self.session.episode_reward or 0.0,
                "turns_answered": len(self.session.turn_rewards)}

    def close(self) -> None:
        self.session.close()


def register() -> None:
    """Register :class:`ToolgymTextEnv` with SkyRL-Gym as ``toolgym`` (idempotent)."""
    import skyrl_gym
    from skyrl_gym.envs.registration import registry

    if ENV_CLASS not in registry:
        skyrl_gym.register(id=ENV_CLASS, entry_point="toolgym.rl.skyrl:ToolgymTextEnv")

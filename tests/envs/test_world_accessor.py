"""``ToolEnv.world`` / ``world_scope``: never ``None``; a clear error before the first reset."""

from __future__ import annotations

import gymnasium
import pytest

import toolgym
from toolgym.envs import ToolEnv, WorldScope, tool


class _Counter(ToolEnv):
    domain = "counter"

    def build(self, world: WorldScope) -> None:
        world.vars["n"] = 0

    @tool(writes=True)
    def bump(self) -> int:
        """Add one to the counter."""
        n = self.world_scope.vars["n"] + 1
        self.world_scope.vars["n"] = n
        return n


def test_world_before_reset_is_a_clear_error_not_none() -> None:
    env = toolgym.make("toolgym/Banking-v0")
    assert not env.has_world
    for name in ("world", "world_scope"):
        with pytest.raises(gymnasium.error.ResetNeeded, match=r"Banking has no world yet: call reset\(\) first"):
            getattr(env, name)
    with pytest.raises(gymnasium.error.ResetNeeded):
        env.state_hash()


def test_world_after_reset_is_the_built_world_and_tools_use_the_scope() -> None:
    env = _Counter()
    env.reset(seed=3)
    assert env.has_world and env.world.seed == 3
    assert env.world_scope.domain == "counter" and env.world_scope.world is env.world
    obs, *_ = env.step('{"tool_calls": [{"name": "bump", "arguments": {}}]}')
    assert '"content":1' in obs.replace(" ", "")
    env.reset(seed=3)  # a new world: the counter starts again
    obs, *_ = env.step('{"tool_calls": [{"name": "bump", "arguments": {}}]}')
    assert '"content":1' in obs.replace(" ", "")

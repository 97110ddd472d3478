"""Composition: domains share one world and persona; clashing tool names get a domain prefix."""

from __future__ import annotations

import json

import pytest

from toolgym.envs import ToolEnv, ToolError, call, check_env, make_action, parse_observation, state, tool
from toolgym.envs.compose import compose
from toolgym.envs.registry import COMBINATIONS, list_envs

from .bank_env import Bank


class Shop(ToolEnv):
    """A small shop that knows the persona's cards."""

    domain = "shop"
    me = state(None)

    def build(self, world) -> None:
        rng = world.rng("stock")
        self.stock = world.table("stock", {f"S{i}": {"sku": f"S{i}", "qty": rng.randint(0, 5)} for i in range(30)})

    @tool(establishes="logged_in", writes=True)
    def login(self, email: str) -> str:
        """Sign in with the user's email.

        Args:
            email: the account email.
        """
        if email != self.world_scope.persona["email"]:
            raise ToolError("unknown email")
        self.me = email
        return "ok"

    @tool(needs="logged_in")
    def my_cards(self) -> list[str]:
        """The last four digits of the user's cards."""
        return [c["last4"] for c in self.world_scope.persona["cards"]]


def test_composed_world_is_the_union_of_standalone_worlds():
    env = compose(Bank, Shop)
    env.reset(seed=4)
    bank, shop = Bank(), Shop()
    bank.reset(seed=4)
    shop.reset(seed=4)
    snap = env.snapshot()
    for alone in (bank, shop):
        for table, rows in alone.snapshot().items():
            assert snap[table] == rows


def test_clashing_names_are_prefixed_and_flags_are_per_domain():
    env = compose(Bank, Shop)
    _, info = env.reset(seed=1)
    names = [t.name for t in info["tools"]]
    assert "bank_login" in names and "shop_login" in names and "login" not in names
    assert "transfer" in names and "my_cards" in names
    persona = env.world.persona
    obs, *_ = env.step(make_action(call("shop_login", email=persona["email"])))
    assert parse_observation(obs).results[0].content == "ok"
    # Logging into the shop does not log into the bank.
    r = parse_observation(env.step(make_action(call("find_account", owner="x")))[0]).results[0]
    assert "precondition not met" in r.error and "bank_login" in r.error
    cards = parse_observation(env.step(make_action(call("my_cards")))[0]).results[0].content
    assert cards == [c["last4"] for c in persona["cards"]]


def test_persona_is_the_same_in_every_domain_and_alone():
    env = compose(Bank, Shop)
    env.reset(seed=9)
    shop = Shop()
    shop.reset(seed=9)
    assert env.world.persona == shop.world.persona
    assert json.dumps(env.world.persona, sort_keys=True) == json.dumps(shop.world.persona, sort_keys=True)


def test_composition_passes_conformance():
    assert check_env(lambda: compose(Bank, Shop), steps=120).passed


def test_composing_one_domain_twice_is_refused():
    with pytest.raises(ValueError, match="once"):
        compose(Bank, Bank)


def test_registered_combinations_are_listed():
    ids = {e.id for e in list_envs()}
    assert set(COMBINATIONS) <= ids

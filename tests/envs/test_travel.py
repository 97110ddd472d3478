"""Behaviour of the Travel environment (toolgym/Travel-v0)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make_action
from toolgym.envs.travel import Travel
from toolgym.envs.travel.data import DATE_OF


def run(env: Travel, name: str, /, **args: Any) -> Any:
    _, _, _, _, info = env.step(make_action(call(name, **args)))
    return info["tool_results"][0]


def ok(env: Travel, name: str, /, **args: Any) -> Any:
    r = run(env, name, **args)
    assert r.error is None, f"{name}({args}) failed: {r.error}"
    return r.content


def fails(env: Travel, name: str, expect: str, /, **args: Any) -> str:
    before = env.state_hash()
    r = run(env, name, **args)
    assert r.error is not None, f"{name}({args}) should fail, returned {r.content!r}"
    assert expect in r.error, r.error
    assert env.state_hash() == before
    return r.error


def login(env: Travel) -> None:
    ok(env, "login", username=env.persona["username"], password=env.persona["password"])


def some_flight(env: Travel, cabin: str = "economy", start: int = 20) -> dict[str, Any]:
    """The first flight found on a route of this world, searching forward from day ``start``."""
    for _num, r in sorted(env.routes.items()):
        for day in range(start, 60):
            offers = ok(env, "search_flights", origin=r["origin"], destination=r["destination"], date=DATE_OF[day], cabin=cabin)
            if offers:
                return offers[0]
    raise AssertionError("no flight found")


def valid_card(env: Travel) -> str:
    return next(c["card_id"] for c in ok(env, "list_cards") if c["expires"] != "08/25")


@pytest.fixture
def env() -> Travel:
    e = Travel()
    e.reset(seed=3)
    login(e)
    return e


def test_conformance_check_passes():
    report = check_env("toolgym/Travel-v0", raise_on_failure=False)
    assert report.passed, report.summary()


def test_every_tool_has_complete_language():
    assert_language_complete(Travel())
    assert len(Travel().all_tooldefs()) >= 16


def test_world_is_seeded_and_uses_the_persona_cards():
    a, b, c = Travel(), Travel(), Travel()
    a.reset(seed=1)
    b.reset(seed=1)
    c.reset(seed=2)
    assert a.snapshot() == b.snapshot() and a.snapshot() != c.snapshot()
    assert len(a.routes) >= 300
    persona_cards = {card["card_id"] for card in a.persona["cards"]}
    assert persona_cards < set(a.cards)


def test_flight_ids_decode_and_cannot_be_forged(env):
    offer = some_flight(env)
    assert ok(env, "get_flight", flight_id=offer["flight_id"])["flight_number"] == offer["flight_number"]
    forged = offer["flight_id"][:-1] + ("0" if offer["flight_id"][-1] != "0" else "1")
    fails(env, "get_flight", "search_flights gives flight ids", flight_id=forged)


def test_search_validates_airports_and_dates(env):
    fails(env, "search_flights", "is served by CDG", origin="Paris", destination="JFK", date=DATE_OF[10])
    fails(env, "search_flights", "in the past", origin="CDG", destination="JFK", date="2025-01-01")
    fails(env, "search_flights", "published 60 days ahead", origin="CDG", destination="JFK", date="2026-06-01")
    fails(env, "search_flights", "expected a date as YYYY-MM-DD", origin="CDG", destination="JFK", date="next friday")
    assert [a["code"] for a in ok(env, "find_airports", query="tokyo")] == ["NRT", "HND"]


def test_account_tools_need_login():
    e = Travel()
    e.reset(seed=3)
    fails(e, "list_cards", "call login first")
    fails(e, "login", "wrong password", username=e.persona["username"], password="x")
    assert ok(e, "get_exchange_rate", from_currency="USD", to_currency="USD")["rate"] == 1.0


def test_chain_login_search_cards_book_then_booking_is_listed(env):
    offer = some_flight(env)
    cost = ok(env, "get_flight_cost", flight_id=offer["flight_id"], passengers=2)
    card = valid_card(env)
    booking = ok(env, "book_flight", flight_id=offer["flight_id"], card_id=card, passengers=2)
    assert booking["total"] == cost["total_usd"]
    assert booking["status"] == "confirmed"
    listed = ok(env, "list_bookings", status="confirmed")
    assert booking["booking_id"] in [b["booking_id"] for b in listed]
    after = ok(env, "get_flight", flight_id=offer["flight_id"])
    assert after["seats_left"] == offer["seats_left"] - 2


def test_budget_limit_refuses_and_set_budget_unlocks(env):
    offer = some_flight(env, cabin="business")
    card = valid_card(env)
    committed = ok(env, "get_budget")["committed"]
    ok(env, "set_budget", amount=committed + 10)
    err = fails(env, "book_flight", "over budget", flight_id=offer["flight_id"], card_id=card, cabin="business")
    assert "set_budget" in err
    fails(env, "set_budget", "below the", amount=max(committed - 1, 0))
    ok(env, "set_budget", amount=committed + 100_000)
    ok(env, "book_flight", flight_id=offer["flight_id"], card_id=card, cabin="business")


def test_expired_and_unknown_cards_are_refused(env):
    offer = some_flight(env)
    expired = next(c["card_id"] for c in ok(env, "list_cards") if c["expires"] == "08/25")
    fails(env, "book_flight", "expired 08/25", flight_id=offer["flight_id"], card_id=expired)
    fails(env, "book_flight", "list_cards shows", flight_id=offer["flight_id"], card_id="card_00000000")


def test_cancellation_refund_rules(env):
    card = valid_card(env)
    ok(env, "set_budget", amount=100_000)
    far = some_flight(env, start=30)
    b = ok(env, "book_flight", flight_id=far["flight_id"], card_id=card)
    c = ok(env, "cancel_booking", booking_id=b["booking_id"])
    assert c["refund"] == round(b["total"] - 75.0, 2)
    fails(env, "cancel_booking", "already cancelled", booking_id=b["booking_id"])
    near = some_flight(env, start=2)
    b2 = ok(env, "book_flight", flight_id=near["flight_id"], card_id=card)
    assert b2["date"] < DATE_OF[7]  # 1-6 days ahead: half back
    assert ok(env, "cancel_booking", booking_id=b2["booking_id"])["refund"] == round(b2["total"] / 2, 2)
    done = ok(env, "list_bookings", status="completed")[0]
    fails(env, "cancel_booking", "already flown", booking_id=done["booking_id"])


def test_premium_insurance_gives_a_full_refund_and_one_policy_per_booking(env):
    card = valid_card(env)
    ok(env, "set_budget", amount=100_000)
    offer = some_flight(env, start=30)
    b = ok(env, "book_flight", flight_id=offer["flight_id"], card_id=card)
    quote = ok(env, "get_insurance_quote", booking_id=b["booking_id"])
    pol = ok(env, "buy_insurance", booking_id=b["booking_id"], plan="premium")
    assert pol["price"] == quote["premium"]
    assert ok(env, "get_booking", booking_id=b["booking_id"])["insurance_id"] == pol["insurance_id"]
    fails(env, "buy_insurance", "already insured", booking_id=b["booking_id"], plan="basic")
    assert ok(env, "cancel_booking", booking_id=b["booking_id"])["refund"] == b["total"]
    assert any(p["insurance_id"] == pol["insurance_id"] and p["status"] == "expired" for p in ok(env, "list_insurance"))


def test_seat_selection(env):
    booking = ok(env, "list_bookings", status="confirmed")[0]
    seat_map = ok(env, "get_seat_map", flight_id=booking["flight_id"], cabin=booking["cabin"])
    free = seat_map["available"][0]
    out = ok(env, "select_seat", booking_id=booking["booking_id"], seat=free)
    assert out["seats"][0] == free
    assert free not in ok(env, "get_seat_map", flight_id=booking["flight_id"], cabin=booking["cabin"])["available"]
    fails(env, "select_seat", "is not in the", booking_id=booking["booking_id"], seat="99Z")


def test_currency_conversion_round_trips(env):
    rate = ok(env, "get_exchange_rate", from_currency="USD", to_currency="EUR")["rate"]
    out = ok(env, "convert_currency", amount=100.0, from_currency="USD", to_currency="EUR")
    assert out["converted"] == round(100 * rate, 2)


def test_task_mode_rewards_the_right_end_state_only():
    seed = 13
    probe = Travel()
    probe.reset(seed=seed)
    login(probe)
    offer = some_flight(probe)
    card = valid_card(probe)

    def solve(e: Travel, passengers: int) -> None:
        login(e)
        ok(e, "search_flights", origin=offer["origin"], destination=offer["destination"], date=offer["date"])
        ok(e, "list_cards")
        ok(e, "book_flight", flight_id=offer["flight_id"], card_id=card, passengers=passengers)

    truth = Travel()
    truth.reset(seed=seed)
    solve(truth, 1)
    task = Task(seed=seed, turns=[TurnSpec(
        user=f"Book me on {offer['flight_number']} from {offer['origin']} to {offer['destination']} on {offer['date']}.",
        expect_state=truth.state_hash(), expect_calls=["book_flight"],
    )])
    good = Travel()
    good.reset(options={"task": task})
    solve(good, 1)
    assert good.step(make_action(content="Booked."))[1] == 1.0
    bad = Travel()
    bad.reset(options={"task": task})
    solve(bad, 2)
    assert bad.step(make_action(content="Booked."))[1] == 0.0


def test_results_that_name_a_booking_or_flight_carry_its_flight_number(env):
    """A user knows a booking, its policy and a flight by the flight number: every result
    holding one of their ids also holds the number, so the thing can be named ("the insurance
    on AA1266"), never picked by position from an unrelated list."""
    card = valid_card(env)
    ok(env, "set_budget", amount=100_000)
    offer = some_flight(env, start=30)
    num = offer["flight_number"]
    b = ok(env, "book_flight", flight_id=offer["flight_id"], card_id=card)
    assert ok(env, "get_flight_cost", flight_id=offer["flight_id"])["flight_number"] == num
    assert ok(env, "get_seat_map", flight_id=offer["flight_id"])["flight_number"] == num
    assert ok(env, "get_insurance_quote", booking_id=b["booking_id"])["flight_number"] == num
    pol = ok(env, "buy_insurance", booking_id=b["booking_id"], plan="basic")
    assert pol["flight_number"] == num
    assert {p["flight_number"] for p in ok(env, "list_insurance") if p["insurance_id"] == pol["insurance_id"]} == {num}
    assert ok(env, "cancel_insurance", insurance_id=pol["insurance_id"])["flight_number"] == num
    assert ok(env, "cancel_booking", booking_id=b["booking_id"])["flight_number"] == num


def test_the_seat_map_feeds_select_seat_in_the_graph():
    from toolgym.envs.graph import ApiGraph

    g = ApiGraph.of(Travel())
    assert g.param_entity("select_seat", "seat") == "seat"
    assert "seat" in {s.entity for s in g.result_slots["get_seat_map"]}


def test_arrival_is_a_clock_time_and_a_date(env):
    """A flight landing after midnight arrives at "01:40" on the next day: a time and a date a
    reader can say, not "01:40 (+1d)"."""
    import datetime as dt

    seen_overnight = False
    for _num, r in sorted(env.routes.items())[:60]:
        for day in (20, 21, 22):
            for f in ok(env, "search_flights", origin=r["origin"], destination=r["destination"], date=DATE_OF[day]):
                h, m = map(int, f["depart"].split(":"))
                start = dt.datetime.fromisoformat(f"{f['date']}T{f['depart']}")
                landing = start + dt.timedelta(minutes=f["duration_min"])
                assert (f["arrive"], f["arrive_date"]) == (landing.strftime("%H:%M"), landing.date().isoformat())
                seen_overnight |= f["arrive_date"] > f["date"]
    assert seen_overnight

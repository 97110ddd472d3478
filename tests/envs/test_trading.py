"""Behaviour of the Trading domain (toolgym/Trading-v0): market clock, orders, cash, watchlists."""

from __future__ import annotations

from typing import Any

from tests.envs.helpers import fails, ok, run
from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make, make_action
from toolgym.envs.trading import Trading
from toolgym.envs.trading.data import COMPANIES, market_session


def seed_where(open_: bool) -> int:
    for seed in range(100):
        env = make("toolgym/Trading-v0")
        env.reset(seed=seed)
        if market_session(env.now)["is_open"] is open_:
            return seed
    raise AssertionError("no such seed")


OPEN_SEED = seed_where(True)
CLOSED_SEED = seed_where(False)


def logged_in(seed: int) -> Trading:
    env = make("toolgym/Trading-v0")
    env.reset(seed=seed)
    rec = env.login_record["me"]
    ok(env, "login", username=rec["username"], password=rec["password"])
    return env


def brokerage(env: Trading) -> str:
    return next(a["account_id"] for a in ok(env, "list_accounts") if a["type"] == "individual")


def ira(env: Trading) -> str:
    return next(a["account_id"] for a in ok(env, "list_accounts") if a["type"] == "roth_ira")


def cheap_symbol(env: Trading) -> str:
    return min((q for q in env.quotes.values() if not q["halted"]), key=lambda q: q["last"])["symbol"]


def test_conformance_check_passes():
    report = check_env("toolgym/Trading-v0")
    assert report.passed
    assert len(report.tools_succeeded) >= 12


def test_has_at_least_17_tools_and_about_100_companies():
    env = make("toolgym/Trading-v0")
    env.reset(seed=OPEN_SEED)
    assert len(env.all_tooldefs()) >= 17
    assert len(COMPANIES) >= 95 and len({c["symbol"] for c in COMPANIES}) == len(COMPANIES)
    assert len(env.quotes) == len(COMPANIES) and len(env.orders) >= 100 and len(env.transactions) >= 100


def test_every_tool_has_complete_language():
    assert_language_complete(Trading())


def test_tools_need_a_login_and_the_right_password():
    env = make("toolgym/Trading-v0")
    env.reset(seed=OPEN_SEED)
    error = run(env, "get_quote", symbol="AAPX").get("error")
    assert "precondition not met" in error and "login" in error
    fails(env, "login", "wrong password", username=env.login_record["me"]["username"], password="nope")


def test_portfolio_is_consistent_cash_equals_the_sum_of_transactions():
    env = logged_in(OPEN_SEED)
    for acct in env.accounts:
        total = sum(t["amount"] for t in env.transactions.values() if t["account_id"] == acct)
        assert round(total, 2) == env.accounts[acct]["cash"]
        for pos in (p for p in env.positions.values() if p["account_id"] == acct):
            fills = [o for o in env.orders.values() if o["account_id"] == acct and o["symbol"] == pos["symbol"] and o["status"] == "filled"]
            bought = sum(o["quantity"] for o in fills if o["side"] == "buy") - sum(o["quantity"] for o in fills if o["side"] == "sell")
            assert bought == pos["quantity"]


def test_chain_login_accounts_limit_order_then_cancel_frees_buying_power():
    env = logged_in(OPEN_SEED)
    acct = brokerage(env)
    sym = cheap_symbol(env)
    q = ok(env, "get_quote", symbol=sym.lower())
    power = ok(env, "get_account_balance", account_id=acct)["buying_power"]
    limit = round(q["last"] * 0.9, 2)  # below the ask: rests in the book
    order = ok(env, "place_order", account_id=acct, symbol=sym, side="buy", quantity=10, order_type="limit", limit_price=limit)
    assert order["status"] == "open"
    assert order["order_id"] in [o["order_id"] for o in ok(env, "list_orders", account_id=acct, status="open")]
    after = ok(env, "get_account_balance", account_id=acct)["buying_power"]
    assert round(power - after, 2) == round(10 * limit, 2)
    assert ok(env, "cancel_order", order_id=order["order_id"])["status"] == "cancelled"
    assert ok(env, "get_order_status", order_id=order["order_id"])["status"] == "cancelled"
    assert ok(env, "get_account_balance", account_id=acct)["buying_power"] == power
    fails(env, "cancel_order", "only open orders", order_id=order["order_id"])


def test_market_buy_fills_at_the_ask_and_shows_in_positions_cash_and_history():
    env = logged_in(OPEN_SEED)
    acct = brokerage(env)
    sym = cheap_symbol(env)
    ask = env.quotes[sym]["ask"]
    cash = env.accounts[acct]["cash"]
    held = env.positions.get(f"{acct}:{sym}", {}).get("quantity", 0)
    order = ok(env, "place_order", account_id=acct, symbol=sym, side="buy", quantity=3)
    assert order["status"] == "filled" and order["filled_price"] == ask
    assert env.accounts[acct]["cash"] == round(cash - 3 * ask, 2)
    pos = {p["symbol"]: p for p in ok(env, "get_positions", account_id=acct)}
    assert pos[sym]["quantity"] == held + 3
    last = ok(env, "get_transaction_history", account_id=acct, limit=1)[0]
    assert (last["kind"], last["symbol"], last["quantity"], last["order_id"]) == ("buy", sym, 3, order["order_id"])
    sold = ok(env, "place_order", account_id=acct, symbol=sym, side="sell", quantity=held + 3)
    assert sold["status"] == "filled"
    assert sym not in {p["symbol"] for p in ok(env, "get_positions", account_id=acct)}


def test_market_orders_are_refused_while_the_market_is_closed_but_limit_orders_queue():
    env = logged_in(CLOSED_SEED)
    assert ok(env, "get_market_status")["is_open"] is False
    acct = brokerage(env)
    sym = cheap_symbol(env)
    fails(env, "place_order", "market is closed", account_id=acct, symbol=sym, side="buy", quantity=1)
    ask = env.quotes[sym]["ask"]
    queued = ok(env, "place_order", account_id=acct, symbol=sym, side="buy", quantity=1, order_type="limit", limit_price=ask)
    assert queued["status"] == "open"  # marketable, but nothing fills outside the session


def test_order_rules_buying_power_shares_band_halt_and_arguments():
    env = logged_in(OPEN_SEED)
    acct = brokerage(env)
    dear = max(env.quotes.values(), key=lambda q: q["last"] if not q["halted"] else 0)
    n = int(env.accounts[acct]["cash"] / dear["ask"]) + 5
    fails(env, "place_order", "insufficient buying power", account_id=acct, symbol=dear["symbol"], side="buy", quantity=n)
    pos = next(p for p in env.positions.values() if p["account_id"] == acct)
    err = fails(env, "place_order", "not enough shares", account_id=acct, symbol=pos["symbol"], side="sell", quantity=pos["quantity"] + 1)
    assert "short selling" in err
    sym = cheap_symbol(env)
    last = env.quotes[sym]["last"]
    fails(env, "place_order", "more than 20% away", account_id=acct, symbol=sym, side="buy", quantity=1, order_type="limit", limit_price=round(last * 1.5, 2))
    fails(env, "place_order", "needs a limit_price", account_id=acct, symbol=sym, side="buy", quantity=1, order_type="limit")
    fails(env, "place_order", "takes no limit_price", account_id=acct, symbol=sym, side="buy", quantity=1, limit_price=last)
    fails(env, "place_order", "from 1 to", account_id=acct, symbol=sym, side="buy", quantity=0)
    halted = next(q["symbol"] for q in env.quotes.values() if q["halted"])
    fails(env, "place_order", "halted", account_id=acct, symbol=halted, side="buy", quantity=1)
    fails(env, "place_order", "search_symbols", account_id=acct, symbol="ZZZZQ", side="buy", quantity=1)
    fails(env, "place_order", "list_accounts", account_id="ACnope", symbol=sym, side="buy", quantity=1)


def test_shares_reserved_by_an_open_sell_cannot_be_sold_twice():
    env = logged_in(OPEN_SEED)
    acct = brokerage(env)
    _, reserved = env._reserved(acct)
    pos = next(p for p in env.positions.values() if p["account_id"] == acct and p["symbol"] not in reserved and not env.quotes[p["symbol"]]["halted"])
    high = round(env.quotes[pos["symbol"]]["last"] * 1.1, 2)
    ok(env, "place_order", account_id=acct, symbol=pos["symbol"], side="sell", quantity=pos["quantity"], order_type="limit", limit_price=high)
    avail = {p["symbol"]: p["available"] for p in ok(env, "get_positions", account_id=acct)}
    assert avail[pos["symbol"]] == 0
    fails(env, "place_order", "reserved by open orders", account_id=acct, symbol=pos["symbol"], side="sell", quantity=1)


def test_deposits_withdrawals_and_ira_rules():
    env = logged_in(OPEN_SEED)
    acct, retirement = brokerage(env), ira(env)
    cash = env.accounts[acct]["cash"]
    ok(env, "deposit_funds", account_id=acct, amount=1000)
    assert ok(env, "get_account_balance", account_id=acct)["cash"] == round(cash + 1000, 2)
    fails(env, "deposit_funds", "at most 250,000.00", account_id=acct, amount=300000)
    fails(env, "deposit_funds", "must be positive", account_id=acct, amount=-5)
    free = ok(env, "get_account_balance", account_id=acct)["buying_power"]
    err = fails(env, "withdraw_funds", "insufficient funds", account_id=acct, amount=free + 1)
    assert f"{free:,.2f}" in err
    out = ok(env, "withdraw_funds", account_id=acct, amount=free)
    assert out["kind"] == "withdrawal"
    assert ok(env, "get_transaction_history", account_id=acct, kind="withdrawal", limit=1)[0]["amount"] == -free
    fails(env, "withdraw_funds", "Roth IRA", account_id=retirement, amount=1)
    room = ok(env, "get_account_balance", account_id=retirement)["contribution_room"]
    fails(env, "deposit_funds", "contribution limit", account_id=retirement, amount=room + 1)
    ok(env, "deposit_funds", account_id=retirement, amount=room)
    assert ok(env, "get_account_balance", account_id=retirement)["contribution_room"] == 0


def test_watchlists_create_add_remove_delete():
    env = logged_in(OPEN_SEED)
    wl = ok(env, "create_watchlist", name="Chips", symbols=["nvdx", "AMDX"])
    assert wl["symbols"] == ["NVDX", "AMDX"]
    fails(env, "create_watchlist", "already have a watchlist", name="chips")
    ok(env, "add_to_watchlist", watchlist_id=wl["watchlist_id"], symbol="INTX")
    fails(env, "add_to_watchlist", "already on", watchlist_id=wl["watchlist_id"], symbol="INTX")
    fails(env, "add_to_watchlist", "did you mean", watchlist_id=wl["watchlist_id"], symbol="INTXX")
    view = ok(env, "get_watchlist", watchlist_id=wl["watchlist_id"])
    assert [i["symbol"] for i in view["items"]] == ["NVDX", "AMDX", "INTX"]
    ok(env, "remove_from_watchlist", watchlist_id=wl["watchlist_id"], symbol="AMDX")
    fails(env, "remove_from_watchlist", "is not on", watchlist_id=wl["watchlist_id"], symbol="AMDX")
    assert any(w["symbols"] == ["NVDX", "INTX"] for w in ok(env, "list_watchlists"))
    ok(env, "delete_watchlist", watchlist_id=wl["watchlist_id"])
    fails(env, "get_watchlist", "list_watchlists", watchlist_id=wl["watchlist_id"])


def test_search_and_movers():
    env = logged_in(OPEN_SEED)
    assert ok(env, "search_symbols", query="Novadyne")[0]["symbol"] == "NVDX"
    gainers = ok(env, "get_market_movers", direction="gainers", limit=5)
    assert [g["change_pct"] for g in gainers] == sorted((g["change_pct"] for g in gainers), reverse=True)


def test_same_seed_same_world_and_writes_never_leak_into_the_next_reset():
    a = logged_in(OPEN_SEED)
    ok(a, "deposit_funds", account_id=brokerage(a), amount=10)
    b = make("toolgym/Trading-v0")
    b.reset(seed=OPEN_SEED)
    a.reset(seed=OPEN_SEED)
    assert a.snapshot() == b.snapshot()


def test_task_mode_rewards_the_right_calls_and_end_state():
    quantity = 2
    truth = logged_in(OPEN_SEED)
    acct = brokerage(truth)
    sym = cheap_symbol(truth)
    ok(truth, "place_order", account_id=acct, symbol=sym, side="buy", quantity=quantity)
    rec = truth.login_record["me"]
    task = Task(
        seed=OPEN_SEED,
        turns=[TurnSpec(user=f"Buy {quantity} {sym} at market in my brokerage account.", expect_state=truth.state_hash(), expect_calls=["place_order"])],
    )

    def play(calls: list[tuple[str, dict[str, Any]]]) -> float:
        env = make("toolgym/Trading-v0")
        env.reset(options={"task": task})
        for name, args in calls:
            env.step(make_action(call(name, **args)))
        return env.step(make_action(content="Done."))[1]

    login = ("login", {"username": rec["username"], "password": rec["password"]})
    buy = ("place_order", {"account_id": acct, "symbol": sym, "side": "buy", "quantity": quantity})
    assert play([login, ("list_accounts", {}), ("get_quote", {"symbol": sym}), buy]) == 1.0
    assert play([login, ("place_order", {**buy[1], "quantity": quantity + 1})]) == 0.0

"""Banking-v0: two-factor sign-in, money movement rules, limits, cards, schedules, disputes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tests.envs.helpers import assert_safe_random_walk, fails, ok
from tests.envs.label_checks import assert_labels_are_their_own
from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make, make_action
from toolgym.envs.banking import Banking

ENV_ID = "toolgym/Banking-v0"


def authenticate(env: Banking) -> None:
    me = env.world.persona
    ok(env, "login", username=me["username"], password=me["password"])
    ok(env, "request_otp")
    ok(env, "verify_otp", code=ok(env, "read_security_code")["code"])


def fresh(seed: int = 1, auth: bool = True) -> Banking:
    env = make(ENV_ID)
    env.reset(seed=seed)
    if auth:
        authenticate(env)
    return env


def accounts(env: Banking) -> dict[str, dict[str, Any]]:
    return {a["name"]: a for a in ok(env, "list_accounts")}


def test_conformance_check_passes():
    check_env(ENV_ID)


def test_authenticated_random_walk_is_atomic_read_only_safe_and_matches_result_schemas():
    env = fresh(3)
    defs = env.all_tooldefs()
    names = [n for n in defs if n not in ("logout", "login", "request_otp", "verify_otp", "read_security_code")]
    assert_safe_random_walk(env, names, steps=800, seed=0, min_succeeded=15)


def test_world_size_and_tool_count():
    env = fresh()
    assert len(env.all_tooldefs()) >= 18
    assert len(env.transactions) >= 700 and len(env.accounts) == 4 and len(env.payees) >= 10


def test_two_factor_chain_is_enforced_step_by_step():
    env = fresh(auth=False)
    me = env.world.persona
    fails(env, "list_accounts", "call verify_otp first")
    fails(env, "request_otp", "call login first")
    fails(env, "login", "wrong password", username=me["username"], password="x")
    ok(env, "login", username=me["username"], password=me["password"])
    fails(env, "verify_otp", "call request_otp first", code="123456")
    sent = ok(env, "request_otp")
    assert sent["sent_to"].endswith(me["phone"][-4:])
    code = ok(env, "read_security_code")["code"]
    fails(env, "verify_otp", "is wrong", code="000000" if code != "000000" else "111111")
    fails(env, "list_accounts", "precondition not met")
    ok(env, "verify_otp", code=code)
    assert len(ok(env, "list_accounts")) == 4
    ok(env, "logout")
    fails(env, "list_accounts", "precondition not met")


def test_history_is_consistent_with_balances_and_statements_add_up():
    env = fresh()
    for acc in ok(env, "list_accounts"):
        txns = [t for t in env.transactions.values() if t["account_id"] == acc["account_id"]]
        assert txns[-1]["balance_after"] == acc["balance"]
        month = env._today[:7]
        st = ok(env, "get_statement", account_id=acc["account_id"], month=month)
        assert round(st["opening_balance"] + st["total_in"] - st["total_out"], 2) == st["closing_balance"] == acc["balance"]
        assert st["transaction_count"] == len(st["transactions"])


def test_transfer_moves_money_and_shows_in_transactions():
    env = fresh()
    a = accounts(env)
    chk, sav = a["Everyday Checking"], a["High-Yield Savings"]
    r = ok(env, "transfer_between_accounts", from_account_id=sav["account_id"], to_account_id=chk["account_id"], amount=250.5)
    assert r["from_balance"] == round(sav["balance"] - 250.5, 2) and r["to_balance"] == round(chk["balance"] + 250.5, 2)
    top = ok(env, "list_transactions", account_id=chk["account_id"], limit=1)[0]
    assert top["txn_id"] in r["txn_ids"] and top["amount"] == 250.5
    assert ok(env, "get_balance", account_id=chk["account_id"])["balance"] == r["to_balance"]


def test_insufficient_funds_and_credit_card_rules():
    env = fresh()
    a = accounts(env)
    chk, cc = a["Everyday Checking"], a["Rewards Credit Card"]
    fails(env, "transfer_between_accounts", f"balance is {chk['balance']:,.2f}", from_account_id=chk["account_id"],
          to_account_id=a["Vacation Fund"]["account_id"], amount=round(chk["balance"] + 1, 2))
    fails(env, "transfer_between_accounts", "cannot send money", from_account_id=cc["account_id"],
          to_account_id=chk["account_id"], amount=1.0)
    owed = -cc["balance"]
    fails(env, "transfer_between_accounts", "pay at most that much", from_account_id=a["High-Yield Savings"]["account_id"],
          to_account_id=cc["account_id"], amount=round(owed + 10, 2))
    fails(env, "transfer_between_accounts", "at most 2 decimals", from_account_id=chk["account_id"],
          to_account_id=cc["account_id"], amount=1.005)
    fails(env, "transfer_between_accounts", "same account", from_account_id=chk["account_id"],
          to_account_id=chk["account_id"], amount=1.0)


def test_add_payee_then_pay_chain_with_daily_limit_error_naming_the_remainder():
    env = fresh()
    sav = accounts(env)["High-Yield Savings"]["account_id"]
    fails(env, "add_payee", "not a valid IBAN", name="Ann", iban="GB00XXXX00000000000000")
    p = ok(env, "add_payee", name="Ann Lee", iban="GB82 WEST 1234 5698 7654 32")
    assert p["iban"] == "GB82WEST12345698765432"
    fails(env, "add_payee", "already saved as payee", name="Ann again", iban="GB82WEST12345698765432")
    assert p["payee_id"] in [x["payee_id"] for x in ok(env, "list_payees")]
    pay = ok(env, "pay_payee", payee_id=p["payee_id"], from_account_id=sav, amount=2000.0)
    assert pay["remaining_daily_limit"] == 500.0
    fails(env, "pay_payee", "500.00 remaining today", payee_id=p["payee_id"], from_account_id=sav, amount=600.0)
    ok(env, "set_transfer_limit", amount=5000.0)
    assert ok(env, "get_transfer_limit") == {"daily_limit": 5000.0, "used_today": 2000.0, "remaining_today": 3000.0}
    ok(env, "pay_payee", payee_id=p["payee_id"], from_account_id=sav, amount=600.0)
    fails(env, "set_transfer_limit", "maximum daily limit", amount=20000.0)
    # Own-account transfers do not count against the limit.
    chk = accounts(env)["Everyday Checking"]["account_id"]
    ok(env, "transfer_between_accounts", from_account_id=sav, to_account_id=chk, amount=4000.0)
    assert ok(env, "get_transfer_limit")["used_today"] == 2600.0


def test_card_freeze_and_unfreeze():
    env = fresh()
    card = ok(env, "list_cards")[0]
    assert ok(env, "freeze_card", card_id=card["card_id"])["status"] == "frozen"
    fails(env, "freeze_card", "already frozen", card_id=card["card_id"])
    assert next(c for c in ok(env, "list_cards") if c["card_id"] == card["card_id"])["status"] == "frozen"
    ok(env, "unfreeze_card", card_id=card["card_id"])
    fails(env, "unfreeze_card", "not frozen", card_id=card["card_id"])
    fails(env, "freeze_card", "use list_cards", card_id="card_nope")


def test_cards_are_the_personas_cards():
    env = fresh()
    assert {c["last4"] for c in ok(env, "list_cards")} == {c["last4"] for c in env.world.persona["cards"]}


def test_cards_have_distinct_names_a_customer_would_say():
    # The card's label: "freeze my Visa credit card", never the lower-case brand alone.
    for seed in range(6):
        cards = ok(fresh(seed), "list_cards")
        names = [c["card_name"] for c in cards]
        assert len(set(names)) == len(cards)
        for c in cards:
            assert c["card_name"] == f"{c['card_name'].split()[0]} {c['kind']} card"
            assert c["card_name"][0].isupper() and c["card_name"].split()[0].lower() == c["brand"]


def test_scheduled_payments_create_list_cancel_and_rules():
    env = fresh()
    chk = accounts(env)["Everyday Checking"]["account_id"]
    payee = ok(env, "list_payees")[1]["payee_id"]
    today = dt.date.fromisoformat(env._today)
    day = (today + dt.timedelta(days=10)).isoformat()
    s = ok(env, "schedule_payment", payee_id=payee, from_account_id=chk, amount=80.0, date=day, frequency="monthly")
    assert s["scheduled_id"] in [x["scheduled_id"] for x in ok(env, "list_scheduled_payments")]
    fails(env, "schedule_payment", "must be after today", payee_id=payee, from_account_id=chk, amount=5.0, date=env._today)
    fails(env, "schedule_payment", "at most 365 days", payee_id=payee, from_account_id=chk, amount=5.0,
          date=(today + dt.timedelta(days=400)).isoformat())
    fails(env, "schedule_payment", "daily transfer limit", payee_id=payee, from_account_id=chk, amount=3000.0, date=day)
    fails(env, "remove_payee", "cancel it first", payee_id=payee)
    ok(env, "cancel_scheduled_payment", scheduled_id=s["scheduled_id"])
    assert s["scheduled_id"] not in [x["scheduled_id"] for x in ok(env, "list_scheduled_payments")]
    fails(env, "cancel_scheduled_payment", "already cancelled", scheduled_id=s["scheduled_id"])


def test_dispute_rules_card_only_window_and_once():
    env = fresh()
    today = dt.date.fromisoformat(env._today)
    recent = next(t for t in ok(env, "search_transactions", query="a", limit=200) if t["type"] == "card")
    d = ok(env, "dispute_transaction", txn_id=recent["txn_id"], reason="unauthorized")
    assert d in ok(env, "list_disputes")
    fails(env, "dispute_transaction", "already disputed", txn_id=recent["txn_id"], reason="duplicate")
    old = next(t for t in env.transactions.values() if t["type"] == "card" and (today - dt.date.fromisoformat(t["date"])).days > 120)
    fails(env, "dispute_transaction", "dispute window", txn_id=old["txn_id"], reason="duplicate")
    transfer = next(t for t in env.transactions.values() if t["type"] == "transfer")
    fails(env, "dispute_transaction", "only card purchases", txn_id=transfer["txn_id"], reason="other")


def test_statement_month_bounds():
    env = fresh()
    chk = accounts(env)["Everyday Checking"]["account_id"]
    fails(env, "get_statement", "in the future", account_id=chk, month="2099-01")
    fails(env, "get_statement", "history starts in", account_id=chk, month="2001-01")
    fails(env, "get_statement", "expected a month as YYYY-MM", account_id=chk, month="March")


def test_same_seed_same_world_and_other_seed_other_world():
    a, b, c = fresh(5, False), fresh(5, False), fresh(6, False)
    assert json.dumps(a.snapshot(), sort_keys=True) == json.dumps(b.snapshot(), sort_keys=True)
    assert a.snapshot() != c.snapshot()


def test_every_tool_has_complete_language():
    assert_language_complete(Banking())


def test_revealed_ids_sit_beside_their_own_names():
    # A card row also holds its account's id: the card's own name must not be "name", or the
    # account would be called "Visa credit card" in requests.
    env = fresh()
    chk = accounts(env)["Everyday Checking"]["account_id"]
    results = {t: ok(env, t) for t in ("list_accounts", "list_payees", "list_cards", "list_scheduled_payments")}
    results["list_transactions"] = ok(env, "list_transactions", account_id=chk, limit=30)
    results["get_statement"] = ok(env, "get_statement", account_id=chk, month=env._today[:7])
    assert assert_labels_are_their_own(env, results) > 20


def test_task_mode_rewards_right_end_state_and_not_wrong_one():
    seed = 9
    gt = fresh(seed)
    a = accounts(gt)
    sav, cc = a["High-Yield Savings"]["account_id"], a["Rewards Credit Card"]["account_id"]
    ok(gt, "transfer_between_accounts", from_account_id=sav, to_account_id=cc, amount=100.0)
    target = gt.state_hash()

    def task() -> Task:
        return Task(seed=seed, turns=[TurnSpec(user="pay 100 off my credit card from savings", expect_state=target,
                                               expect_calls=["verify_otp", "transfer_between_accounts"])])

    def sign_in(env: Banking) -> None:
        me = env.world.persona
        env.step(make_action(call("login", username=me["username"], password=me["password"])))
        env.step(make_action(call("request_otp")))
        code = json.loads(env.step(make_action(call("read_security_code")))[0])["tool_results"][0]["content"]["code"]
        env.step(make_action(call("verify_otp", code=code)))

    env = make(ENV_ID)
    env.reset(options={"task": task()})
    sign_in(env)
    env.step(make_action(call("transfer_between_accounts", from_account_id=sav, to_account_id=cc, amount=100.0)))
    _, reward, done, _, _ = env.step(make_action(content="Paid 100.00."))
    assert reward == 1.0 and done

    env.reset(options={"task": task()})
    sign_in(env)
    chk = a["Everyday Checking"]["account_id"]
    env.step(make_action(call("transfer_between_accounts", from_account_id=chk, to_account_id=cc, amount=100.0)))
    _, reward, done, _, _ = env.step(make_action(content="Paid 100.00."))
    assert reward == 0.0 and done

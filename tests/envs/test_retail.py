"""Behaviour of the Retail domain (toolgym/Retail-v0): auth, catalogue, cart, orders, written policies."""

from __future__ import annotations

import json
import random
from typing import Any

import jsonschema

from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make, make_action
from toolgym.envs.conformance import random_arguments
from toolgym.envs.graph import ApiGraph
from toolgym.envs.retail import Retail

SEED = 4


def step(env: Any, _tool: str, /, **args: Any) -> tuple[Any, str | None]:
    obs, *_ = env.step(make_action(call(_tool, **args)))
    res = json.loads(obs)["tool_results"][0]
    return res.get("content"), res.get("error")


def ok(env: Any, _tool: str, /, **args: Any) -> Any:
    """The call succeeds and its result matches the tool's declared return schema."""
    content, error = step(env, _tool, **args)
    assert error is None, f"{_tool}({args}) failed: {error}"
    jsonschema.validate(content, env.all_tooldefs()[_tool].spec.returns)
    return content


def fails(env: Any, _tool: str, fragment: str, /, **args: Any) -> str:
    """The call fails with a message containing ``fragment`` and leaves the state unchanged."""
    before = env.state_hash()
    content, error = step(env, _tool, **args)
    assert error is not None, f"{_tool}({args}) should fail, got {content}"
    assert fragment in error, error
    assert env.state_hash() == before
    return error


def me(env: Retail) -> dict:
    """The persona's customer row (the user the assistant serves)."""
    email = env.world.persona["email"]
    return next(c for c in env.customers.values() if c["email"] == email)


def signed_in(seed: int = SEED) -> Retail:
    env = make("toolgym/Retail-v0")
    env.reset(seed=seed)
    row = me(env)
    ok(env, "authenticate_by_email", email=row["email"], zip_code=row["address"]["zip_code"])
    return env


def orders_with(env: Retail, status: str) -> list[dict]:
    return [env.orders[o["order_id"]] for o in ok(env, "list_orders", status=status)]


def gift_card_id(env: Retail) -> str:
    return next(m["payment_method_id"] for m in me(env)["payment_methods"] if m["kind"] == "gift_card")


def card_id(env: Retail) -> str:
    return next(m["payment_method_id"] for m in me(env)["payment_methods"] if m["kind"] == "card")


def in_stock_variant(env: Retail, query: str) -> tuple[dict, dict]:
    for p in ok(env, "search_products", query=query, in_stock_only=True, limit=50):
        prod = ok(env, "get_product", product_id=p["product_id"])
        for v in prod["variants"]:
            if v["stock"] >= 2:
                return prod, v
    raise AssertionError(f"no in-stock {query}")


# --- the shipped checks ------------------------------------------------------------------------


def test_conformance_check_passes():
    assert check_env("toolgym/Retail-v0").passed


def test_has_at_least_18_tools_and_a_realistic_world():
    env = make("toolgym/Retail-v0")
    env.reset(seed=SEED)
    assert len(env.all_tooldefs()) >= 18
    assert len(env.products) == 300 and len(env.items) >= 1000
    assert len(env.customers) >= 100 and len(env.orders) >= 300
    # consistency across tables: every order's items exist, every order is listed by its customer
    for o in env.orders.values():
        assert all(line["item_id"] in env.items for line in o["items"])
        assert o["order_id"] in env.customers[o["customer_id"]]["order_ids"]


def test_every_tool_has_complete_language():
    assert_language_complete(Retail())


def test_same_seed_same_world_other_seed_other_customers_same_catalogue():
    a, b, c = (make("toolgym/Retail-v0") for _ in range(3))
    a.reset(seed=1)
    b.reset(seed=1)
    c.reset(seed=2)
    assert a.snapshot() == b.snapshot()
    assert a.snapshot()["retail.orders"] != c.snapshot()["retail.orders"]
    assert a.snapshot()["retail.products"] == c.snapshot()["retail.products"]  # one store, one catalogue


def test_a_reused_seed_gets_pristine_rows_after_writes_in_an_earlier_episode():
    env = signed_in()
    pristine = make("toolgym/Retail-v0")
    pristine.reset(seed=SEED + 100)
    expected = json.dumps(pristine.snapshot(), sort_keys=True)
    pending = orders_with(env, "pending")[0]
    ok(env, "cancel_order", order_id=pending["order_id"], reason="no longer needed")
    env.reset(seed=SEED + 100)
    assert json.dumps(env.snapshot(), sort_keys=True) == expected


def test_prerequisite_chain_to_checkout_goes_through_search_product_and_cart():
    chain = ApiGraph.of(Retail()).prerequisite_chain("checkout")
    assert chain[0] == "authenticate_by_email" and chain[-1] == "checkout"
    # product ids -> item ids -> the cart_not_empty condition (declared in customize_graph)
    assert chain.index("search_products") < chain.index("get_product") < chain.index("add_to_cart")
    assert len(chain) >= 5


def test_only_lookup_tools_reveal_ids_in_the_graph():
    env = Retail()
    for name, td in env.all_tooldefs().items():
        if td.writes and not td.establishes:
            assert not td.spec.result_entities, f"{name} reveals {td.spec.result_entities}"


# --- authentication ----------------------------------------------------------------------------


def test_tools_need_authentication():
    env = make("toolgym/Retail-v0")
    env.reset(seed=SEED)
    _, error = step(env, "list_orders")
    assert "precondition not met" in error and "authenticate_by_email" in error


def test_authentication_by_email_or_name_needs_the_right_zip():
    env = make("toolgym/Retail-v0")
    env.reset(seed=SEED)
    row = me(env)
    fails(env, "authenticate_by_email", "no customer matches", email=row["email"], zip_code="00000")
    fails(env, "authenticate_by_name", "no customer matches",
          first_name=row["first_name"], last_name=row["last_name"], zip_code="00000")
    got = ok(env, "authenticate_by_name", first_name=row["first_name"].upper(), last_name=row["last_name"],
             zip_code=row["address"]["zip_code"])
    assert got == {"customer_id": row["customer_id"], "name": row["name"]}
    ok(env, "sign_out")
    _, error = step(env, "view_cart")
    assert "precondition not met" in error


def test_another_customers_order_is_not_reachable():
    env = signed_in()
    theirs = next(o for o in env.orders.values() if o["customer_id"] != me(env)["customer_id"])
    fails(env, "get_order", "no order", order_id=theirs["order_id"])
    fails(env, "cancel_order", "no order", order_id=theirs["order_id"], reason="no longer needed")


# --- cart and checkout -------------------------------------------------------------------------


def test_checkout_needs_a_non_empty_cart():
    env = signed_in()
    before = env.state_hash()
    _, error = step(env, "checkout", payment_method_id=card_id(env))
    assert "cart_not_empty" in error and env.state_hash() == before


def test_full_chain_search_add_checkout_then_order_is_listed_and_stock_drops():
    env = signed_in()
    prod, variant = in_stock_variant(env, "backpack")
    ok(env, "add_to_cart", item_id=variant["item_id"], quantity=2)
    cart = ok(env, "view_cart")
    assert cart["item_count"] == 2 and cart["total"] == round(2 * variant["price"], 2)
    order = ok(env, "checkout", payment_method_id=card_id(env))
    assert order["status"] == "pending" and order["placed_on"] == "2025-06-15"  # the world's today
    assert order["total"] == cart["total"] and len(order["items"]) == 2
    assert ok(env, "list_orders", status="pending")[0]["order_id"] == order["order_id"]
    assert ok(env, "get_product", product_id=prod["product_id"])["variants"][
        [v["item_id"] for v in prod["variants"]].index(variant["item_id"])]["stock"] == variant["stock"] - 2
    assert ok(env, "view_cart")["lines"] == []


def test_cart_rules_stock_and_removal():
    env = signed_in()
    scarce = next(i for i in env.items.values() if 2 <= i["stock"] < 10)
    fails(env, "add_to_cart", "left in stock", item_id=scarce["item_id"], quantity=scarce["stock"] + 1)
    fails(env, "add_to_cart", "between 1 and 10", item_id=scarce["item_id"], quantity=11)
    out_of_stock = next(i for i in env.items.values() if i["stock"] == 0)
    fails(env, "add_to_cart", "out of stock", item_id=out_of_stock["item_id"])
    fails(env, "add_to_cart", "get_product lists the item ids", item_id="I000000")
    ok(env, "add_to_cart", item_id=scarce["item_id"], quantity=2)
    fails(env, "add_to_cart", "left in stock", item_id=scarce["item_id"], quantity=scarce["stock"] - 1)
    fails(env, "remove_from_cart", "not in the cart", item_id=out_of_stock["item_id"])
    assert ok(env, "remove_from_cart", item_id=scarce["item_id"], quantity=1)["item_count"] == 1
    assert ok(env, "remove_from_cart", item_id=scarce["item_id"])["item_count"] == 0
    _, error = step(env, "remove_from_cart", item_id=scarce["item_id"])
    assert "cart_not_empty" in error


def test_a_gift_card_must_cover_the_whole_charge():
    env = signed_in()
    gid = gift_card_id(env)
    _, variant = in_stock_variant(env, "desk")
    ok(env, "add_to_cart", item_id=variant["item_id"])
    env.gift_cards.patch(gid, balance=0.5)  # test setup: a nearly empty gift card
    fails(env, "checkout", "insufficient gift card balance: 0.50 available", payment_method_id=gid)
    fails(env, "checkout", "is not one of this customer's", payment_method_id="card_00000000")


# --- orders under the written policies ---------------------------------------------------------


def test_cancel_only_pending_and_refund_to_the_original_gift_card():
    env = signed_in()
    delivered = orders_with(env, "delivered")[0]
    fails(env, "cancel_order", "only pending orders", order_id=delivered["order_id"], reason="no longer needed")
    gid = gift_card_id(env)
    env.gift_cards.patch(gid, balance=5000.0)  # test setup: enough to pay with the gift card
    _, variant = in_stock_variant(env, "lamp")
    ok(env, "add_to_cart", item_id=variant["item_id"], quantity=2)
    order = ok(env, "checkout", payment_method_id=gid)
    assert env.gift_cards[gid]["balance"] == round(5000.0 - order["total"], 2)
    stock = env.items[variant["item_id"]]["stock"]
    out = ok(env, "cancel_order", order_id=order["order_id"], reason="ordered by mistake")
    assert out["status"] == "cancelled"
    assert out["refunds"] == [{"amount": order["total"], "payment_method_id": gid, "status": "completed"}]
    assert env.gift_cards[gid]["balance"] == 5000.0
    assert env.items[variant["item_id"]]["stock"] == stock + 2
    assert ok(env, "get_order", order_id=order["order_id"])["status"] == "cancelled"
    fails(env, "cancel_order", "status is 'cancelled'", order_id=order["order_id"], reason="no longer needed")


def test_return_window_is_30_days_from_delivery_inclusive():
    env = signed_in()
    by_age = {}
    for o in orders_with(env, "delivered"):
        d = ok(env, "get_order", order_id=o["order_id"])
        by_age[d["delivered_on"]] = d
    inside = by_age["2025-05-16"]  # delivered exactly 30 days before today
    outside = by_age["2025-05-01"]  # 45 days
    err = fails(env, "return_items", "return window", order_id=outside["order_id"], item_ids=[outside["items"][0]["item_id"]])
    assert "ended on 2025-05-31" in err
    out = ok(env, "return_items", order_id=inside["order_id"], item_ids=[inside["items"][0]["item_id"]])
    assert out["status"] == "return requested"
    assert out["refunds"][-1] == {
        "amount": inside["items"][0]["price"], "payment_method_id": inside["payment_method_id"],
        "status": "completed" if inside["payment_method_id"].startswith("gift_card_") else "processing: 5-7 business days",
    }
    fails(env, "return_items", "status is 'return requested'", order_id=inside["order_id"],
          item_ids=[inside["items"][0]["item_id"]])


def test_return_rejects_items_not_in_the_order_and_pending_orders():
    env = signed_in()
    recent = [o for o in orders_with(env, "delivered") if o["delivered_on"] >= "2025-05-20"][0]
    fails(env, "return_items", "is not in order", order_id=recent["order_id"], item_ids=["I000000"])
    fails(env, "return_items", "name at least one item", order_id=recent["order_id"], item_ids=[])
    pending = orders_with(env, "pending")[0]
    fails(env, "return_items", "only orders with status 'delivered'", order_id=pending["order_id"],
          item_ids=[pending["items"][0]["item_id"]])


def _swap_target(env: Retail, order: dict) -> tuple[dict, dict] | None:
    for line in order["items"]:
        prod = ok(env, "get_product", product_id=line["product_id"])
        for v in prod["variants"]:
            if v["item_id"] != line["item_id"] and v["stock"] > 0:
                return line, v
    return None


def test_exchange_only_for_a_variant_of_the_same_product_and_settles_the_difference():
    env = signed_in()
    recent = [o for o in orders_with(env, "delivered") if o["delivered_on"] >= "2025-05-16"]
    order, (line, variant) = next((o, t) for o in recent if (t := _swap_target(env, o)) is not None)
    other_product_item = next(i for i in env.items.values() if i["product_id"] != line["product_id"] and i["stock"])
    fails(env, "exchange_items", "not a variant of", order_id=order["order_id"], item_ids=[line["item_id"]],
          new_item_ids=[other_product_item["item_id"]])
    fails(env, "exchange_items", "pair up one to one", order_id=order["order_id"], item_ids=[line["item_id"]],
          new_item_ids=[])
    stock = variant["stock"]
    out = ok(env, "exchange_items", order_id=order["order_id"], item_ids=[line["item_id"]], new_item_ids=[variant["item_id"]])
    assert out["status"] == "exchange requested"
    assert out["exchanges"] == [{"from_item_id": line["item_id"], "to_item_id": variant["item_id"]}]
    assert env.items[variant["item_id"]]["stock"] == stock - 1
    diff = round(variant["price"] - line["price"], 2)
    if diff < 0:
        assert out["refunds"][-1]["amount"] == -diff


def test_pending_order_changes_address_items_payment():
    env = signed_in()
    pending = next(o for o in orders_with(env, "pending") if _swap_target(env, o) is not None)
    oid = pending["order_id"]
    fails(env, "modify_order_address", "zip code must be 5 digits", order_id=oid, street="1 Elm St", city="Springfield",
          state="IL", zip_code="1234")
    out = ok(env, "modify_order_address", order_id=oid, street="1 Elm St", city="Springfield", state="il", zip_code="62701")
    assert out["address"] == {"street": "1 Elm St", "city": "Springfield", "state": "IL", "zip_code": "62701"}
    line, variant = _swap_target(env, pending)
    out = ok(env, "modify_order_items", order_id=oid, item_ids=[line["item_id"]], new_item_ids=[variant["item_id"]])
    assert variant["item_id"] in [i["item_id"] for i in out["items"]]
    assert out["total"] == round(pending["total"] - line["price"] + variant["price"], 2)
    other = next(m["payment_method_id"] for m in me(env)["payment_methods"]
                 if m["payment_method_id"] != pending["payment_method_id"] and m["kind"] == "card")
    fails(env, "modify_order_payment", "already paid with", order_id=oid, payment_method_id=pending["payment_method_id"])
    assert ok(env, "modify_order_payment", order_id=oid, payment_method_id=other)["payment_method_id"] == other
    delivered = orders_with(env, "delivered")[0]
    fails(env, "modify_order_address", "only pending orders", order_id=delivered["order_id"], street="1 Elm St",
          city="Springfield", state="IL", zip_code="62701")


def test_gift_codes_redeem_once_onto_the_gift_card():
    env = signed_in()
    gid = gift_card_id(env)
    code = next(c for c in env.gift_codes.values() if c["redeemed_by"] is None)
    before = env.gift_cards[gid]["balance"]
    got = ok(env, "redeem_gift_card", code=code["code"].lower())
    assert got == {"gift_card_id": gid, "description": f"gift card {gid[-4:]}", "balance": round(before + code["amount"], 2)}
    assert ok(env, "get_gift_card_balance") == [got]
    fails(env, "redeem_gift_card", "already redeemed", code=code["code"])
    fails(env, "redeem_gift_card", "no gift code", code="GIFT-0000-0000")


def test_default_address_change_moves_the_zip_used_to_authenticate():
    env = signed_in()
    row = me(env)
    ok(env, "update_default_address", street="9 Oak Ave", city="Portland", state="OR", zip_code="97201")
    ok(env, "sign_out")
    fails(env, "authenticate_by_email", "no customer matches", email=row["email"], zip_code=row["address"]["zip_code"])
    ok(env, "authenticate_by_email", email=row["email"], zip_code="97201")


def test_authenticated_random_walk_is_atomic_read_only_safe_and_schema_true():
    """The shipped walk rarely guesses a matching email and zip; this one signs in first, then
    draws arguments from what the customer's own lookups reveal."""
    a, b = signed_in(), signed_in()
    rng = random.Random(0)
    defs = a.all_tooldefs()
    known: dict[str, list[Any]] = {}

    def harvest(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                harvest(v, k)
        elif isinstance(value, list):
            for v in value[:20]:
                harvest(v, key)
        elif isinstance(value, (str, int, float)) and key:
            bucket = known.setdefault(key, [])
            if value not in bucket:
                bucket.append(value)

    for seed_call in (("get_customer_profile", {}), ("list_orders", {}), ("search_products", {"limit": 30})):
        harvest(ok(a, seed_call[0], **seed_call[1]))
        ok(b, seed_call[0], **seed_call[1])
    names = sorted(n for n in defs if n not in ("sign_out",))
    succeeded = set()
    for i in range(300):
        name = rng.choice(names)
        args = random_arguments(defs[name].spec.parameters, rng, known)
        before = a.state_hash()
        action = make_action(call(name, _id=f"w{i:08d}", **args))
        obs_a, *_ = a.step(action)
        obs_b, *_ = b.step(action)
        assert obs_a == obs_b, f"not deterministic: {name}({args})"
        res = json.loads(obs_a)["tool_results"][0]
        if "error" in res:
            assert a.state_hash() == before, f"failed {name}({args}) changed the world: {res['error']}"
            continue
        succeeded.add(name)
        harvest(res["content"])
        if not defs[name].writes:
            assert a.state_hash() == before, f"read-only {name} wrote"
        jsonschema.validate(res["content"], defs[name].spec.returns)
    assert len(succeeded) >= 12, sorted(set(names) - succeeded)


# --- task mode ---------------------------------------------------------------------------------


def test_task_mode_rewards_the_policy_following_return_and_not_a_wrong_one():
    def setup() -> tuple[Retail, dict]:
        env = signed_in()
        inside = next(o for o in orders_with(env, "delivered") if o["delivered_on"] == "2025-05-16")
        return env, inside

    truth, order = setup()
    ok(truth, "return_items", order_id=order["order_id"], item_ids=[order["items"][0]["item_id"]])
    task = Task(seed=SEED, turns=[TurnSpec(
        user="I'd like to return the item I got on May 16.",
        expect_state=truth.state_hash(),
        expect_calls=["authenticate_by_email", "return_items"],
    )])
    row = me(truth)
    env = make("toolgym/Retail-v0")
    env.reset(options={"task": task})
    ok(env, "authenticate_by_email", email=row["email"], zip_code=row["address"]["zip_code"])
    ok(env, "list_orders", status="delivered")
    ok(env, "return_items", order_id=order["order_id"], item_ids=[order["items"][0]["item_id"]])
    _, reward, *_ = env.step(make_action(content="Your return is requested; the refund goes to your original payment."))
    assert reward == 1.0

    env.reset(options={"task": task})
    ok(env, "authenticate_by_email", email=row["email"], zip_code=row["address"]["zip_code"])
    pending = orders_with(env, "pending")[0]
    ok(env, "cancel_order", order_id=pending["order_id"], reason="no longer needed")  # the wrong order and action
    _, reward, *_ = env.step(make_action(content="Done."))
    assert reward == 0.0


# --- exchanges and item changes: graph entities, eligible orders, errors that name the lookups ---


def test_order_items_and_catalogue_variants_are_different_entities_in_the_graph():
    g = ApiGraph.of(Retail())
    assert g.param_entity("exchange_items", "item_ids") == "item"
    assert g.param_entity("exchange_items", "new_item_ids") == "variant"
    assert g.param_entity("add_to_cart", "item_id") == "variant"
    need = {r.key for r in g.requirements("exchange_items") if r.kind == "data"}
    assert need == {"order", "item", "variant"}
    # items of an order come from get_order, replacements from get_product (whose product get_order names)
    chain = g.prerequisite_chain("modify_order_items")
    assert chain.index("list_orders") < chain.index("get_order") < chain.index("modify_order_items")
    assert "get_product" in chain


def test_every_customer_has_a_recent_order():
    env = make("toolgym/Retail-v0")
    env.reset(seed=SEED)
    assert len(env.orders) == 350
    for c in env.customers.values():
        newest = max(env.orders[o]["placed_on"] for o in c["order_ids"])
        assert newest >= "2025-05-10", c["name"]


def test_order_details_say_whether_the_return_window_is_open():
    env = signed_in()
    seen = {}
    for o in ok(env, "list_orders"):
        d = ok(env, "get_order", order_id=o["order_id"])
        seen.setdefault(d["return_window"], []).append(d)
    assert {None, "open", "closed"} <= set(seen)
    assert all(d["status"] == "delivered" and d["return_deadline"] >= "2025-06-15" for d in seen["open"])
    assert all(d["return_deadline"] < "2025-06-15" for d in seen["closed"])


def test_exchange_refusals_name_an_eligible_order_and_the_lookups_that_show_it():
    env = signed_in()
    pending = orders_with(env, "pending")[0]
    err = fails(env, "exchange_items", "only orders with status 'delivered'", order_id=pending["order_id"],
                item_ids=[pending["items"][0]["item_id"]], new_item_ids=[pending["items"][0]["item_id"]])
    hinted = err.split("get_order(order_id='")[1].split("'")[0]
    product = err.split("get_product(product_id='")[1].split("'")[0]
    details = ok(env, "get_order", order_id=hinted)
    assert details["return_window"] == "open"
    line = next(x for x in details["items"] if x["product_id"] == product)
    variant = next(v for v in ok(env, "get_product", product_id=product)["variants"]
                   if v["item_id"] != line["item_id"] and v["available"])
    # following the hint works
    out = ok(env, "exchange_items", order_id=hinted, item_ids=[line["item_id"]], new_item_ids=[variant["item_id"]])
    assert out["status"] == "exchange requested"
    # the window error names the lookups too (the hinted order is now used up: another one is named)
    closed = next(o for o in orders_with(env, "delivered") if ok(env, "get_order", order_id=o["order_id"])["return_window"] == "closed")
    err = fails(env, "exchange_items", "return window of order", order_id=closed["order_id"],
                item_ids=[closed["items"][0]["item_id"]], new_item_ids=[closed["items"][0]["item_id"]])
    assert "get_order(order_id='" in err and hinted not in err.split(";", 1)[1]


def test_swap_errors_point_to_the_variants_of_the_item_s_product():
    env = signed_in()
    pending = next(o for o in orders_with(env, "pending") if _swap_target(env, o) is not None)
    line, _ = _swap_target(env, pending)
    other = next(i for i in env.items.values() if i["product_id"] != line["product_id"])
    lookup = f"get_product(product_id='{line['product_id']}')"
    err = fails(env, "modify_order_items", "not a variant of", order_id=pending["order_id"], item_ids=[line["item_id"]],
                new_item_ids=[other["item_id"]])
    assert lookup in err and "(order " in err and ": pending)" in err
    assert lookup in fails(env, "modify_order_items", "same variant", order_id=pending["order_id"],
                           item_ids=[line["item_id"]], new_item_ids=[line["item_id"]])
    err = fails(env, "modify_order_items", "is not in order", order_id=pending["order_id"], item_ids=[other["item_id"]],
                new_item_ids=[other["item_id"]])
    assert f"get_order(order_id='{pending['order_id']}')" in err
    delivered = orders_with(env, "delivered")[0]
    err = fails(env, "modify_order_items", "only pending orders can be changed", order_id=delivered["order_id"],
                item_ids=[delivered["items"][0]["item_id"]], new_item_ids=[delivered["items"][0]["item_id"]])
    assert "is pending: get_order(order_id='" in err and "get_product(product_id='" in err


def test_an_order_summary_counts_units_of_one_item_as_a_quantity():
    """Seven of one scarf are "7 x Nova Scarf (gray / wool)", not "... + 6 more" (issue 10)."""
    env = signed_in()
    prod, v = in_stock_variant(env, "scarf")  # at least 2 in stock
    title = f"{prod['name']} ({v['description']})"
    assert v["title"] == title
    ok(env, "add_to_cart", item_id=v["item_id"], quantity=2)
    order = ok(env, "checkout", payment_method_id=card_id(env))
    assert order["summary"] == f"2 x {title} placed on {order['placed_on']}"
    assert len(order["items"]) == 2 and {line["title"] for line in order["items"]} == {title}
    # another order: one unit of a first item and two of another -> "and 2 other items"
    prod, v = in_stock_variant(env, "kettle")
    title = f"{prod['name']} ({v['description']})"
    _, v2 = in_stock_variant(env, "backpack")
    ok(env, "add_to_cart", item_id=v["item_id"])
    ok(env, "add_to_cart", item_id=v2["item_id"], quantity=2)
    mixed = ok(env, "checkout", payment_method_id=card_id(env))
    assert mixed["summary"] == f"{title} and 2 other items placed on {mixed['placed_on']}"
    assert ok(env, "list_orders")[0]["summary"] == mixed["summary"]


def test_variants_and_order_items_are_titled_with_their_product():
    """A variant's label says its product: the graph names items and variants by ``title``."""
    env = signed_in()
    prod, v = in_stock_variant(env, "backpack")
    ok(env, "add_to_cart", item_id=v["item_id"])
    line = ok(env, "view_cart")["lines"][0]
    assert line["title"] == v["title"] == f"{prod['name']} ({v['description']})"
    order = ok(env, "get_order", order_id=ok(env, "list_orders")[0]["order_id"])
    assert all(it["title"] == f"{it['name']} ({it['description']})" for it in order["items"])
    g = ApiGraph.of(env)
    assert g.entity_label("variant") == "title" and g.entity_label("item") == "title"

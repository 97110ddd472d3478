"""The Retail world: one store's catalogue, its customers (the persona among them), their orders.

The catalogue (about 300 products, 1,000+ variants) belongs to the store, not to a seed: it is
drawn once per process from a fixed RNG stream and the Faker pools, so it is identical in every
process, and every reset adopts its rows without rebuilding them (rows are never mutated in
place, so sharing them is safe). Customers, gift cards and the order history are drawn per seed
from one ``world.rng("world")`` stream: shoppers (names, emails, addresses), orders without
their customers (status, dates, lines, totals, tracking), order ids and gift codes come from
pools drawn once per process from fixed seeds, of which a world takes seeded slices and gives
them ids and owners. Every date is relative to the simulated ``TODAY``, never the real clock.
"""

from __future__ import annotations

import functools
import itertools
import random
from datetime import date, timedelta
from typing import Any

from toolgym.envs.ids import permuted_ids as _ids
from toolgym.envs.pools import POOL_SEED, pool
from toolgym.envs.world import WorldScope, derive_seed

__all__ = ["TODAY", "build_world", "catalogue", "day", "days_between", "STATES"]

TODAY = "2025-06-15"
_TODAY = date.fromisoformat(TODAY)
_DAYS = tuple((_TODAY - timedelta(days=d)).isoformat() for d in range(800))

STATES = ("CA", "NY", "TX", "WA", "IL", "PA", "OH", "GA", "NC", "MI", "AZ", "MA", "CO", "OR", "MN", "FL")
_COLORS = ("black", "white", "red", "blue", "green", "gray", "navy", "beige", "pink", "orange")
# product type: (category, price range in dollars, {option: values})
_TYPES: dict[str, tuple[str, tuple[int, int], dict[str, tuple[str, ...]]]] = {
    "T-Shirt": ("apparel", (12, 40), {"color": _COLORS, "size": ("XS", "S", "M", "L", "XL")}),
    "Hoodie": ("apparel", (35, 90), {"color": _COLORS, "size": ("S", "M", "L", "XL")}),
    "Jeans": ("apparel", (40, 120), {"fit": ("slim", "regular", "relaxed"), "size": ("28", "30", "32", "34", "36")}),
    "Rain Jacket": ("apparel", (60, 220), {"color": _COLORS, "size": ("S", "M", "L", "XL")}),
    "Scarf": ("apparel", (15, 60), {"color": _COLORS, "material": ("wool", "cotton", "cashmere")}),
    "Sneakers": ("footwear", (50, 180), {"color": _COLORS, "size": ("7", "8", "9", "10", "11", "12")}),
    "Hiking Boots": ("footwear", (80, 240), {"color": ("brown", "black", "gray"), "size": ("7", "8", "9", "10", "11", "12")}),
    "Backpack": ("bags", (30, 160), {"color": _COLORS, "capacity": ("20L", "30L", "40L")}),
    "Duffel Bag": ("bags", (40, 140), {"color": _COLORS, "size": ("small", "medium", "large")}),
    "Headphones": ("electronics", (25, 350), {"color": _COLORS, "connectivity": ("wired", "wireless")}),
    "Bluetooth Speaker": ("electronics", (30, 250), {"color": _COLORS, "battery": ("10h", "20h")}),
    "Smart Watch": ("electronics", (99, 450), {"color": _COLORS, "size": ("40mm", "44mm")}),
    "Mechanical Keyboard": ("electronics", (60, 220), {"switch": ("linear", "tactile", "clicky"), "layout": ("full", "TKL", "60%")}),
    "Wireless Mouse": ("electronics", (20, 120), {"color": _COLORS, "grip": ("palm", "claw")}),
    "Monitor": ("electronics", (150, 700), {"size": ("24in", "27in", "32in"), "resolution": ("1080p", "1440p", "4K")}),
    "Kettle": ("kitchen", (25, 140), {"color": _COLORS, "material": ("stainless steel", "glass", "plastic")}),
    "Coffee Maker": ("kitchen", (40, 300), {"capacity": ("4 cups", "8 cups", "12 cups"), "color": _COLORS}),
    "Blender": ("kitchen", (35, 260), {"color": _COLORS, "power": ("600W", "1000W", "1500W")}),
    "Skillet": ("kitchen", (20, 130), {"size": ("8in", "10in", "12in"), "material": ("cast iron", "nonstick", "stainless steel")}),
    "Desk Lamp": ("home", (20, 120), {"color": _COLORS, "bulb": ("LED", "halogen")}),
    "Pillow": ("home", (15, 90), {"firmness": ("soft", "medium", "firm"), "size": ("standard", "king")}),
    "Blanket": ("home", (25, 150), {"color": _COLORS, "material": ("fleece", "wool", "cotton")}),
    "Office Chair": ("furniture", (90, 600), {"color": _COLORS, "material": ("mesh", "leather", "fabric")}),
    "Standing Desk": ("furniture", (200, 900), {"size": ("48in", "55in", "60in"), "color": ("black", "white", "oak")}),
    "Tent": ("outdoor", (60, 480), {"capacity": ("1-person", "2-person", "4-person"), "color": ("green", "orange", "gray")}),
    "Water Bottle": ("outdoor", (10, 50), {"color": _COLORS, "capacity": ("500ml", "750ml", "1L")}),
    "Sleeping Bag": ("outdoor", (40, 300), {"temperature": ("0F", "20F", "40F"), "size": ("regular", "long")}),
    "Yoga Mat": ("sports", (20, 110), {"color": _COLORS, "thickness": ("4mm", "6mm", "8mm")}),
    "Dumbbell Set": ("sports", (40, 350), {"weight": ("10lb", "25lb", "50lb")}),
    "Sunglasses": ("accessories", (15, 250), {"color": _COLORS, "lens": ("polarized", "standard")}),
    "Wallet": ("accessories", (20, 150), {"color": ("black", "brown", "tan"), "material": ("leather", "canvas")}),
    "Notebook": ("stationery", (5, 35), {"color": _COLORS, "paper": ("lined", "dotted", "blank")}),
}
# product lines (brand-like first words of product names)
_LINES = (
    "Aero", "Summit", "Nova", "Terra", "Urban", "Alpine", "Classic", "Pro", "Lite", "Zen", "Vista", "Metro",
    "Echo", "Apex", "Bolt", "Coast", "Drift", "Ember", "Flux", "Glide", "Harbor", "Iron", "Juniper", "Kodiak",
    "Luna", "Maple", "Nimbus", "Orbit", "Pulse", "Quest", "Ridge", "Sierra", "Tide", "Vertex", "Wave", "Yukon",
)
_STATUS = ("delivered",) * 11 + ("pending",) * 3 + ("processed",) * 3 + ("cancelled",) * 2 + ("return requested",)
_N_LINES = (1, 1, 1, 2, 2, 3, 4)
_BRANDS = ("visa", "mastercard", "amex")
_GIFT_AMOUNTS = (10.0, 25.0, 25.0, 50.0, 50.0, 100.0)
# The persona's 14 orders: every status, and delivered orders on both sides of the 30-day window
# (ages in days since delivery; None keeps the drawn age).
_PERSONA_STATUS = (
    "pending", "pending", "processed", "delivered", "delivered", "delivered", "delivered",
    "delivered", "delivered", "cancelled", "return requested", "delivered", "pending", "processed",
)
_PERSONA_AGES = [None, None, None, 3, 12, 22, 45, 90, 200, None, None, 30]


def day(days_ago: int) -> str:
    """The ISO date ``days_ago`` days before TODAY."""
    return _DAYS[days_ago]


def days_between(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


@functools.lru_cache(maxsize=1)
def catalogue(n_products: int = 300) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The store's catalogue: (products, items, order lines by item id). Built once per process."""
    rng = random.Random(derive_seed("retail-catalogue", POOL_SEED))
    words = _LINES
    types = list(_TYPES)
    names: dict[str, str] = {}
    while len(names) < n_products:
        t = rng.choice(types)
        name = f"{rng.choice(words)} {t}"
        names.setdefault(name, t)
    pids = _ids(rng, "P", n_products)
    iids = iter(_ids(rng, "I", n_products * 12))
    products: dict[str, Any] = {}
    items: dict[str, Any] = {}
    lines: dict[str, Any] = {}
    for pid, (name, t) in zip(pids, sorted(names.items()), strict=False):
        category, (lo, hi), options = _TYPES[t]
        chosen = {opt: sorted(rng.sample(vals, min(len(vals), rng.randint(2, 3)))) for opt, vals in options.items()}
        combos = list(itertools.product(*chosen.values()))
        combos = sorted(rng.sample(combos, min(len(combos), rng.randint(2, 6))))
        base = rng.randint(lo, hi) - 0.01
        item_ids = []
        for combo in combos:
            iid = next(iids)
            opts = dict(zip(chosen, combo, strict=False))
            desc = " / ".join(combo)
            price = round(base * rng.choice((1.0, 1.0, 1.05, 1.1, 0.95)), 2)
            stock = rng.choice((0, 1, 2, 5, 8, 12, 20, 35, 50))
            items[iid] = {
                "item_id": iid, "product_id": pid, "product_name": name, "options": opts,
                "description": desc, "price": price, "stock": stock,
            }
            lines[iid] = {"item_id": iid, "product_id": pid, "name": name, "description": desc, "price": price}
            item_ids.append(iid)
        products[pid] = {
            "product_id": pid, "name": name, "type": t, "category": category, "item_ids": item_ids,
            "description": f"{name}: {category} ({', '.join(options)} options)",
        }
    return products, items, lines


@functools.lru_cache(maxsize=1)
def _line_table() -> tuple[list[dict[str, Any]], list[float]]:
    """Order lines and prices by item index (the catalogue's order), for drawing orders fast."""
    lines = catalogue()[2]
    at = [lines[i] for i in catalogue()[1]]
    return at, [line["price"] for line in at]


def build_world(world: WorldScope, n_customers: int = 100, n_orders: int = 350) -> dict[str, Any]:
    """Create the tables; returns them by name. The catalogue's rows are shared (see above)."""
    products, items, _ = catalogue()
    tables = {"products": products, "items": items, **_draw(world, n_customers, n_orders), "carts": {}}
    return {name: world.table(name, dict(rows)) for name, rows in tables.items()}


@functools.lru_cache(maxsize=1)
def _shoppers() -> tuple[tuple[Any, ...], ...]:
    """2,000 shoppers without ids, in random order, drawn once per process.

    Each is (first, last, email, address, card description, has a gift card, gift card
    balance); emails are distinct. A world takes a seeded slice (a random sample) and gives the
    shoppers ids. Address dicts are shared by rows, which is safe: rows are never mutated in place.
    """
    rng = random.Random(derive_seed("retail-shoppers", POOL_SEED))
    firsts, lasts, domains = pool("first_name"), pool("last_name"), pool("domain_name")
    cities, streets = pool("city"), pool("street_address")
    out, emails = [], set()
    for i in range(2000):
        first, last, domain = rng.choice(firsts), rng.choice(lasts), rng.choice(domains)
        email = f"{first[0]}{last}@{domain}".lower()
        if email in emails:
            email = f"{first}.{last}{i}@{domain}".lower()
        emails.add(email)
        address = {"street": rng.choice(streets), "city": rng.choice(cities), "state": rng.choice(STATES), "zip_code": f"{rng.randint(10_000, 99_999):05d}"}
        out.append((first, last, email, address, f"{rng.choice(_BRANDS)} ending in {rng.randrange(10_000):04d}", rng.randrange(3) == 0, rng.randrange(30_000) / 100))
    return tuple(out)


def _order_shape(status: str, age: int, k: int, sh: int, tr: int, idx: list[int]) -> tuple[Any, ...]:
    """(status, placed_on, delivered_on, lines, total, tracking, returned items) of one order."""
    line_at, price_at = _line_table()
    sh += 2
    if status == "pending":
        age = age % 3
    elif status == "processed":
        age = age % 3 + 1
    elif age < sh:
        age = sh  # delivered, cancelled and returned orders are old enough to have arrived
    its = [line_at[i] for i in idx[: _N_LINES[k]]]
    delivered = status == "delivered" or status == "return requested"
    return (
        status, _DAYS[age + sh if delivered else age], _DAYS[age] if delivered else None, its,
        round(sum(price_at[i] for i in idx[: _N_LINES[k]]), 2),
        None if status == "pending" or status == "cancelled" else f"1Z{tr:010d}",
        (its[0]["item_id"],) if status == "return requested" else (),
    )


@functools.lru_cache(maxsize=1)
def _orders_pool() -> tuple[tuple[Any, ...], ...]:
    """4,096 orders without customers or ids (status, dates, lines, total, tracking, returned
    items, payment pick), drawn once per process. Line lists are shared by rows (never mutated)."""
    rng = random.Random(derive_seed("retail-orders", POOL_SEED))
    n_items = len(_line_table()[0])
    return tuple(
        _order_shape(rng.choice(_STATUS), rng.randrange(400), rng.randrange(len(_N_LINES)), rng.randrange(5),
                     rng.randrange(10**9), [rng.randrange(n_items) for _ in range(4)]) + (rng.randrange(4),)
        for _ in range(4096)
    )


# A store's active customers have bought something lately: every customer gets one recent
# order (placed in the last four weeks), so each request a customer brings to the desk (cancel,
# change, return, exchange) has an order it can apply to as often as not.
_RECENT_STATUS = ("delivered",) * 5 + ("pending",) * 3 + ("processed",) * 2


@functools.lru_cache(maxsize=1)
def _recent_pool() -> tuple[tuple[Any, ...], ...]:
    """1,024 recent orders (pending, processed or delivered within the 30-day return window)
    without customers or ids, drawn once per process like :func:`_orders_pool`."""
    rng = random.Random(derive_seed("retail-recent-orders", POOL_SEED))
    n_items = len(_line_table()[0])
    return tuple(
        _order_shape(rng.choice(_RECENT_STATUS), rng.randrange(23), rng.randrange(len(_N_LINES)), rng.randrange(5),
                     rng.randrange(10**9), [rng.randrange(n_items) for _ in range(4)]) + (rng.randrange(4),)
        for _ in range(1024)
    )


_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@functools.lru_cache(maxsize=1)
def _gift_code_pool() -> tuple[str, ...]:
    """8,192 distinct gift codes in random order, drawn once per process (a world takes a slice)."""
    rng = random.Random(derive_seed("retail-gift-codes", POOL_SEED))
    codes = dict.fromkeys("".join(rng.choices(_ALPHABET, k=8)) for _ in range(8192))
    return tuple(f"GIFT-{c[:4]}-{c[4:]}" for c in codes)


@functools.lru_cache(maxsize=1)
def _order_id_pool() -> tuple[str, ...]:
    """65,536 distinct order ids in a scrambled order, built once per process (worlds take slices)."""
    return tuple(_ids(random.Random(derive_seed("retail-order-ids", POOL_SEED)), "O", 1 << 16))


def _draw(world: WorldScope, n_customers: int, n_orders: int) -> dict[str, dict[str, Any]]:
    """Customers, gift cards, gift codes and orders for one seed (column-wise draws)."""
    persona = world.persona
    rng = world.rng("world")
    n = n_customers + 1
    cids = _ids(rng, "C", n)
    pm_ids = _ids(rng, "card_", n, width=8)
    gc_ids = _ids(rng, "gift_card_", n, width=7)

    # orders first (customers list theirs): the persona gets 14 covering every status and both
    # sides of the return window, the others come from the pool
    id_pool = _order_id_pool()
    at = rng.randrange(len(id_pool) - n_orders)
    oids = id_pool[at : at + n_orders]
    pool_ = _orders_pool()
    start = rng.randrange(len(pool_) - n_orders)  # the pool is in random order: a slice is a sample
    recent = _recent_pool()
    at = rng.randrange(len(recent) - n_customers)
    # one recent order per other customer, then older history from the general pool
    shapes = list(recent[at : at + n_customers]) + list(pool_[start + 14 + n_customers : start + n_orders])
    n_items = len(_line_table()[0])
    mine = [
        _order_shape(status, rng.randrange(400) if age is None else age, rng.randrange(len(_N_LINES)), rng.randrange(5),
                     rng.randrange(10**9), rng.choices(range(n_items), k=4)) + (rng.randrange(4),)
        for status, age in itertools.zip_longest(_PERSONA_STATUS, _PERSONA_AGES)
    ]
    owners = [0] * 14 + list(range(1, n_customers + 1)) + [1 + o for o in rng.choices(range(n_customers), k=n_orders - 14 - n_customers)]
    order_lists: dict[int, list[str]] = {}
    for oid, o in zip(oids, owners, strict=False):
        order_lists.setdefault(o, []).append(oid)

    # customers: the persona first, then other shoppers
    shoppers = _shoppers()
    at = rng.randrange(len(shoppers) - n_customers)
    customers: dict[str, Any] = {}
    gift_cards: dict[str, Any] = {}
    for i, cid in enumerate(cids):
        if i == 0:
            first, last, email = persona["first_name"], persona["last_name"], persona["email"]
            address = {"street": persona["address"], "city": persona["home_city"], "state": persona["state"], "zip_code": persona["zip_code"]}
            methods = [
                {"payment_method_id": c["card_id"], "kind": "card", "description": f"{c['brand']} ending in {c['last4']}"}
                for c in persona["cards"]
            ]
            gift, balance = True, rng.randrange(30_000) / 100
        else:
            first, last, email, address, card, gift, balance = shoppers[at + i - 1]
            if email == persona["email"]:
                email = f"{first}.{last}{i}@shopper.example".lower()
            methods = [{"payment_method_id": pm_ids[i], "kind": "card", "description": card}]
        if gift:
            gid = gc_ids[i]
            methods.append({"payment_method_id": gid, "kind": "gift_card", "description": f"gift card {gid[-4:]}"})
            gift_cards[gid] = {"gift_card_id": gid, "customer_id": cid, "balance": balance}
        customers[cid] = {
            "customer_id": cid, "first_name": first, "last_name": last, "name": f"{first} {last}", "email": email,
            "address": address, "payment_methods": methods, "order_ids": order_lists.get(i, []),
        }

    orders: dict[str, Any] = {}
    for oid, o, (status, placed, delivered, its, total, tracking, returned, pmi) in zip(oids, owners, mine + shapes, strict=False):
        cust = customers[cids[o]]
        methods = cust["payment_methods"]
        orders[oid] = {
            "order_id": oid, "customer_id": cids[o], "status": status, "placed_on": placed, "delivered_on": delivered,
            "items": its, "total": total, "payment_method_id": methods[pmi % len(methods)]["payment_method_id"],
            "address": cust["address"], "tracking_number": tracking, "returned_items": list(returned),
            "exchanges": [], "refunds": [],
        }

    codes = _gift_code_pool()
    at = rng.randrange(len(codes) - 40)
    gift_codes = {
        code: {"code": code, "amount": amount, "redeemed_by": who if redeemed == 0 else None}
        for code, amount, redeemed, who in zip(
            codes[at : at + 40], rng.choices(_GIFT_AMOUNTS, k=40), rng.choices(range(4), k=40), rng.choices(cids[1:], k=40), strict=False
        )
    }
    return {"customers": customers, "orders": orders, "gift_cards": gift_cards, "gift_codes": gift_codes}

"""The Retail world: one store's catalogue, its customers (the persona among them), their orders.

The catalogue (about 300 products, 1,000+ variants) belongs to the store, not to a seed: it is
drawn once per process from a fixed RNG stream and the Faker pools, so it is identical in every
process, and every reset adopts its rows without rebuilding them (rows are never mutated in
place, so sharing them is safe). Customers, gift cards and the order history are drawn per seed,
column-wise. Every date is relative to the simulated ``TODAY``, never the real clock.
"""

from __future__ import annotations

import functools
import itertools
import random
from datetime import date, timedelta
from typing import Any

import numpy as np

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


def _ids(rng: random.Random, prefix: str, n: int, width: int = 6) -> list[str]:
    """``n`` distinct unguessable ids: a random odd multiplier and xor mask permute the id space."""
    bits = 4 * width
    top = (1 << bits) - 1
    mul, mask = rng.getrandbits(bits) | 1, rng.getrandbits(bits)
    f = f"{prefix}%0{width}x"
    return [f % (((i * mul) & top) ^ mask) for i in range(1, n + 1)]


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
    for pid, (name, t) in zip(pids, sorted(names.items())):
        category, (lo, hi), options = _TYPES[t]
        chosen = {opt: sorted(rng.sample(vals, min(len(vals), rng.randint(2, 3)))) for opt, vals in options.items()}
        combos = list(itertools.product(*chosen.values()))
        combos = sorted(rng.sample(combos, min(len(combos), rng.randint(2, 6))))
        base = rng.randint(lo, hi) - 0.01
        item_ids = []
        for combo in combos:
            iid = next(iids)
            opts = dict(zip(chosen, combo))
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


def _columns(rng: random.Random, highs: list[int], n: int) -> list[list[int]]:
    """``len(highs)`` columns of ``n`` uniform ints in ``[0, high)``, drawn in one vectorised call.

    Python draws cost ~0.3 us each and a world needs thousands; NumPy's PCG64 stream (seeded from
    the world's own RNG stream, so still a pure function of the seed) draws them all at once.
    """
    g = np.random.default_rng(rng.getrandbits(64))
    return g.integers(0, np.array(highs, dtype=np.int64)[:, None], size=(len(highs), n)).tolist()


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


def _draw(world: WorldScope, n_customers: int, n_orders: int) -> dict[str, dict[str, Any]]:
    """Customers, gift cards, gift codes and orders for one seed (column-wise draws)."""
    products, items, lines = catalogue()
    persona = world.persona
    item_ids = tuple(items)

    # customers: the persona first, then other shoppers
    rng = world.rng("customers")
    n = n_customers + 1
    firsts, lasts, domains = pool("first_name"), pool("last_name"), pool("domain_name")
    cities, streets = pool("city"), pool("street_address")
    fi, la, do, zi, st, ci, sa, l4, br, gi, gb = _columns(
        rng, [len(firsts), len(lasts), len(domains), 90_000, len(STATES), len(cities), len(streets), 10_000, 3, 3, 30_000], n
    )
    cids = _ids(rng, "C", n)
    pm_ids = _ids(rng, "card_", n, width=8)
    gc_ids = _ids(rng, "gift_card_", n, width=7)
    customers: dict[str, Any] = {}
    gift_cards: dict[str, Any] = {}
    emails: set[str] = {persona["email"]}
    for i, cid in enumerate(cids):
        if i == 0:
            first, last, email = persona["first_name"], persona["last_name"], persona["email"]
            city, street = persona["home_city"], persona["address"]
            state, zip_code = persona["state"], persona["zip_code"]
            methods = [
                {"payment_method_id": c["card_id"], "kind": "card", "description": f"{c['brand']} ending in {c['last4']}"}
                for c in persona["cards"]
            ]
            gift = True
        else:
            first, last = firsts[fi[i]], lasts[la[i]]
            email = f"{first[0]}{last}@{domains[do[i]]}".lower()
            if email in emails:
                email = f"{first}.{last}{i}@{domains[do[i]]}".lower()
            city, street = cities[ci[i]], streets[sa[i]]
            state, zip_code = STATES[st[i]], "%05d" % (10_000 + zi[i])
            methods = [{
                "payment_method_id": pm_ids[i], "kind": "card",
                "description": f"{_BRANDS[br[i]]} ending in {l4[i]:04d}",
            }]
            gift = gi[i] == 0
        emails.add(email)
        if gift:
            gid = gc_ids[i]
            methods.append({"payment_method_id": gid, "kind": "gift_card", "description": f"gift card {gid[-4:]}"})
            gift_cards[gid] = {"gift_card_id": gid, "customer_id": cid, "balance": gb[i] / 100}
        customers[cid] = {
            "customer_id": cid, "first_name": first, "last_name": last, "name": f"{first} {last}", "email": email,
            "address": {"street": street, "city": city, "state": state, "zip_code": zip_code},
            "payment_methods": methods, "order_ids": [],
        }

    # orders: the persona gets 14 covering every status and both sides of the return window
    rng = world.rng("orders")
    oids = _ids(rng, "O", n_orders)
    ow, sta, ages, nl, ship, pmp, trk = _columns(rng, [n_customers, len(_STATUS), 400, len(_N_LINES), 5, 4, 10**9], n_orders)
    picks = _columns(rng, [len(item_ids)], 4 * n_orders)[0]
    line_at, price_at = _line_table()
    pos = 0
    owners = [cids[0]] * 14 + [cids[1 + o] for o in ow[14:]]
    statuses = list(_PERSONA_STATUS) + [_STATUS[k] for k in sta[14:]]
    ages[: len(_PERSONA_AGES)] = _PERSONA_AGES  # None keeps the drawn age
    orders: dict[str, Any] = {}
    order_lists: dict[str, list[str]] = {}
    for oid, cid, status, age, k, sh, pmi, tr in zip(oids, owners, statuses, ages, nl, ship, pmp, trk):
        if age is None:
            age = 0
        sh += 2
        cust = customers[cid]
        if status == "pending":
            age = age % 3
        elif status == "processed":
            age = age % 3 + 1
        elif age < sh:
            age = sh  # delivered, cancelled and returned orders are old enough to have arrived
        m = _N_LINES[k]
        idx = picks[pos : pos + m]
        pos += m
        its = list(map(line_at.__getitem__, idx))
        methods = cust["payment_methods"]
        delivered = status == "delivered" or status == "return requested"
        orders[oid] = {
            "order_id": oid, "customer_id": cid, "status": status,
            "placed_on": _DAYS[age + sh if delivered else age],
            "delivered_on": _DAYS[age] if delivered else None,
            "items": its, "total": round(sum(map(price_at.__getitem__, idx)), 2),
            "payment_method_id": methods[pmi % len(methods)]["payment_method_id"],
            "address": cust["address"],
            "tracking_number": None if status == "pending" or status == "cancelled" else "1Z%010d" % tr,
            "returned_items": [its[0]["item_id"]] if status == "return requested" else [],
            "exchanges": [],
            "refunds": [],
        }
        order_lists.setdefault(cid, []).append(oid)
    for cid, oids_ in order_lists.items():
        customers[cid] = {**customers[cid], "order_ids": oids_}

    rng = world.rng("gift-codes")
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    chars = _columns(rng, [32] * 8 + [len(_GIFT_AMOUNTS), 4, n_customers], 40)
    gift_codes = {}
    for j in range(40):
        c = "".join(alphabet[chars[k][j]] for k in range(8))
        code = f"GIFT-{c[:4]}-{c[4:]}"
        gift_codes[code] = {
            "code": code, "amount": _GIFT_AMOUNTS[chars[8][j]],
            "redeemed_by": cids[1 + chars[10][j]] if chars[9][j] == 0 else None,
        }
    return {"customers": customers, "orders": orders, "gift_cards": gift_cards, "gift_codes": gift_codes}

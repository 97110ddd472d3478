"""The Banking world: the persona's accounts, a year of transactions, payees, cards, schedules.

Balances are consistent with the history: every account's transactions carry a running
``balance_after`` from the opening balance to the current one, so statements add up. Rows are
drawn column-wise from one seeded ``world.rng("world")`` stream and the Faker pools; what does
not depend on the seed (date strings, the scrambled id pool, a pool of card purchases) is
prepared once per process, and money is summed in integer cents, so a cold build of a year of
history costs about a millisecond.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
from typing import Any

from toolgym.envs import pools
from toolgym.envs.ids import pool_ids
from toolgym.envs.world import LazyRows, WorldScope, derive_seed

__all__ = ["build_world", "MERCHANTS", "DEFAULT_DAILY_LIMIT", "MAX_DAILY_LIMIT", "HISTORY_MONTHS"]

DEFAULT_DAILY_LIMIT = 2500.0
MAX_DAILY_LIMIT = 10000.0
HISTORY_MONTHS = 12

# Authored merchants by category, with a typical spend range (min, max) in dollars.
MERCHANTS: dict[str, tuple[tuple[str, ...], float, float]] = {
    "groceries": (("Whole Foods Market", "Trader Joe's", "Safeway", "Kroger", "Costco"), 12, 180),
    "dining": (("Chipotle", "Starbucks", "Sweetgreen", "Olive Garden", "Shake Shack", "Local Bistro"), 5, 95),
    "transport": (("Uber", "Lyft", "Shell", "Chevron", "City Parking", "Metro Transit"), 3, 75),
    "shopping": (("Amazon", "Target", "Best Buy", "IKEA", "Home Depot", "Apple Store"), 8, 450),
    "entertainment": (("Netflix", "Spotify", "AMC Theatres", "Steam", "Ticketmaster"), 9, 160),
    "health": (("CVS Pharmacy", "Walgreens", "City Dental", "Planet Fitness"), 10, 220),
    "travel": (("Delta Air Lines", "Marriott", "Airbnb", "Hertz", "United Airlines"), 60, 900),
}
# How a card brand is written (the persona stores it lower-case).
BRAND_NAMES = {"visa": "Visa", "mastercard": "Mastercard", "amex": "Amex"}
UTILITIES = ("PG&E", "Comcast", "Verizon Wireless", "City Water")
_CATS = tuple(MERCHANTS)
_CAT_WEIGHTS = (30, 26, 16, 14, 6, 5, 3)

_EPOCH = dt.date(2023, 12, 1)
_DATES = tuple((_EPOCH + dt.timedelta(days=d)).isoformat() for d in range(800))  # built once
_MONTHS = tuple(d[:7] for d in _DATES)


def _ids(rng: Any, prefix: str, n: int, bits: int = 28) -> list[str]:
    return pool_ids(rng, prefix, n, ("banking-ids", bits // 4), width=bits // 4)


@functools.lru_cache(maxsize=1)
def _purchases() -> tuple[tuple[int, str, str], ...]:
    """4,096 card purchases (minus cents, merchant, category), drawn once per process.

    Skewed like real spending: most purchases are small.
    """
    rng = random.Random(derive_seed("banking-purchases"))
    out = []
    for c in rng.choices(_CATS, weights=_CAT_WEIGHTS, k=4096):
        names, lo, hi = MERCHANTS[c]
        s = rng.random()
        out.append((-round((lo + (hi - lo) * s * s) * 100), rng.choice(names), c))
    return tuple(out)


def build_world(world: WorldScope) -> dict[str, Any]:
    """The domain's tables (made with ``world.table``) and facts, by name (see docs/writing-a-domain.md)."""
    data = _rows(world)
    me = world.persona
    # The bank's record of the customer (what login checks against).
    made: dict[str, Any] = {
        "customer": world.table("customer", {"me": {"username": me["username"], "password": me["password"], "phone": me["phone"], "email": me["email"]}}),
        "today": data["today"], "first_month": data["first_month"],
    }
    for name in ("accounts", "transactions", "payees", "cards", "scheduled", "disputes"):
        made[name] = world.table(name, data[name])
    return made


def _rows(world: WorldScope) -> dict[str, Any]:
    """Rows of every Banking table plus ``today`` (ISO date).

    A pure function of the world's seed (the SDK caches built worlds per seed, so this runs
    once per seed and process).
    """
    return _build(world)


def _first(item: tuple[Any, ...]) -> int:
    return item[0]


def _months_back(today: dt.date, n: int) -> dt.date:
    y, m = divmod(today.year * 12 + today.month - 1 - n, 12)
    return dt.date(y, m + 1, 1)


def _transactions(days: tuple[str, ...], history: list[tuple[str, list[str], list[Any], list[int]]]) -> dict[str, dict[str, Any]]:
    """The transactions table from each account's (ids, history rows, running balances)."""
    transactions: dict[str, dict[str, Any]] = {}
    for acc, ids, rows, balances in history:
        transactions.update({
            tid: {
                "txn_id": tid, "account_id": acc, "date": days[i], "description": desc, "category": cat,
                "amount": cents / 100, "balance_after": after / 100, "type": kind, "card_id": card,
            }
            for tid, (i, cents, desc, cat, kind, card), after in zip(ids, rows, balances[1:], strict=False)
        })
    return transactions


def _build(world: Any) -> dict[str, Any]:
    persona = world.persona
    rng = world.rng("world")
    today = dt.date(2025, 2, 1) + dt.timedelta(days=rng.randrange(0, 300))
    start = _months_back(today, HISTORY_MONTHS - 1)
    n_days = (today - start).days + 1
    s0 = (start - _EPOCH).days
    days = _DATES[s0 : s0 + n_days]

    arng = rng
    acc_ids = _ids(arng, "A", 4)
    checking, savings, vacation, credit = acc_ids
    numbers = [f"{arng.randrange(10**4):04d}" for _ in acc_ids]
    credit_limit = float(arng.choice((5000, 8000, 12000, 15000)))
    accounts: dict[str, dict[str, Any]] = {
        checking: {"account_id": checking, "name": "Everyday Checking", "type": "checking", "last4": numbers[0]},
        savings: {"account_id": savings, "name": "High-Yield Savings", "type": "savings", "last4": numbers[1]},
        vacation: {"account_id": vacation, "name": "Vacation Fund", "type": "savings", "last4": numbers[2]},
        credit: {"account_id": credit, "name": "Rewards Credit Card", "type": "credit", "last4": numbers[3]},
    }
    # Opening balances a year ago; today's balances follow from the history (forward sums).
    opening = {
        checking: round(arng.uniform(1500, 6000), 2),
        savings: round(arng.uniform(8000, 40000), 2),
        vacation: round(arng.uniform(100, 2500), 2),
        credit: -round(arng.uniform(150, 1200), 2),  # negative: owed
    }
    target_checking = round(arng.uniform(1800, 9000), 2)

    # Cards: the persona's two cards; the primary is the credit card, the other a debit card.
    # ``card_name`` is what the customer calls a card ("my Visa credit card"); the persona's
    # two cards have different brands, so it tells them apart. Not ``name``: a card row also
    # holds its account's id, and an account is known by the ``name`` beside its id.
    card_rows: dict[str, dict[str, Any]] = {}
    for card in persona["cards"]:
        kind = "credit" if card["primary"] else "debit"
        card_rows[card["card_id"]] = {
            "card_id": card["card_id"],
            "card_name": f"{BRAND_NAMES.get(card['brand'], card['brand'].title())} {kind} card",
            "brand": card["brand"],
            "last4": card["last4"],
            "kind": kind,
            "account_id": credit if kind == "credit" else checking,
            "expires": card["expires"],
            "status": "active",
        }
    debit_card = next(c for c, r in card_rows.items() if r["kind"] == "debit")
    credit_card = next(c for c, r in card_rows.items() if r["kind"] == "credit")

    # Payees: the landlord, utilities and a few of the persona's contacts.
    prng = rng
    contacts = prng.sample(persona["contacts"], 6)
    landlord = f"{prng.choice(pools.pool('last_name'))} Property Management"
    payee_names = [landlord, *UTILITIES, *(c["name"] for c in contacts)]
    ibans = prng.sample(pools.pool("iban"), len(payee_names))
    payee_ids = _ids(prng, "P", len(payee_names))
    payees = {
        pid: {"payee_id": pid, "name": name, "iban": iban, "nickname": "", "added": days[prng.randrange(0, 60)]}
        for pid, name, iban in zip(payee_ids, payee_names, ibans, strict=False)
    }
    rent_payee, util_payees = payee_ids[0], payee_ids[1 : 1 + len(UTILITIES)]

    # Transactions, per account, as (day index, cents, description, category, type, card).
    trng = rng
    employer = trng.choice(pools.pool("company"))
    rent = float(trng.randrange(1400, 3200, 50))
    items: dict[str, list[tuple[int, int, str, str, str, str | None]]] = {a: [] for a in acc_ids}
    month_starts = [i for i, d in enumerate(days) if d.endswith("-01")]
    mid_months = [i for i, d in enumerate(days) if d.endswith("-15")]
    last = n_days - 1
    for i in month_starts:
        items[checking].append((i, -round(rent * 100), f"Rent {landlord}", "housing", "payment", None))
        for u in UTILITIES:
            items[checking].append((min(i + 3, last), -trng.randrange(3000, 16000), u, "utilities", "payment", None))
        sv = trng.choice((100, 200, 250, 500)) * 100
        items[checking].append((min(i + 1, last), -sv, "Transfer to High-Yield Savings", "transfer", "transfer", None))
        items[savings].append((min(i + 1, last), sv, "Transfer from Everyday Checking", "transfer", "transfer", None))
        items[savings].append((i, trng.randrange(800, 6000), "Interest paid", "interest", "interest", None))
        items[vacation].append((i, 7500, "Automatic savings", "transfer", "deposit", None))
    pool_ = _purchases()
    for acc, card, per_month in ((checking, debit_card, 23), (credit, credit_card, 25)):
        n = per_month * HISTORY_MONTHS
        start_at = trng.randrange(len(pool_) - n)  # the pool is in random order: a slice is a sample
        items[acc] += [
            (w, cents, name, c, "card", card)
            for w, (cents, name, c) in zip(trng.choices(range(n_days), k=n), pool_[start_at : start_at + n], strict=False)
        ]
    # The credit card is paid in full on the 21st for what was spent the month before.
    spent: dict[str, int] = {}
    month_of = _MONTHS[s0 : s0 + n_days]
    for w, cents, *_ in items[credit]:
        month = month_of[w]
        spent[month] = spent.get(month, 0) - cents
    for i in month_starts[1:]:
        j = i + 20
        prev = days[i - 1][:7]
        if j < n_days and spent.get(prev):
            pay = spent[prev]
            items[checking].append((j, -pay, "Credit card payment", "transfer", "transfer", None))
            items[credit].append((j, pay, "Payment - thank you", "transfer", "transfer", None))
    # Payroll twice a month, sized so the checking account ends near its target balance.
    paydays = month_starts + mid_months
    spend = sum(t[1] for t in items[checking])
    salary = max(150_000, round((target_checking * 100 - opening[checking] * 100 - spend) / len(paydays)))
    for i in paydays:
        items[checking].append((i, salary, f"Payroll {employer}", "income", "deposit", None))

    history = []
    total = sum(len(v) for v in items.values())
    txn_ids = _ids(trng, "T", total, bits=32)
    used = 0
    for acc in acc_ids:
        rows = sorted(items[acc], key=_first)
        balances = list(itertools.accumulate((r[1] for r in rows), initial=round(opening[acc] * 100)))
        bal = balances[-1]
        # Ids ascend within an account, so (date, id) order, which statements use, is the history's.
        history.append((acc, sorted(txn_ids[used : used + len(rows)]), rows, balances))
        used += len(rows)
        # Accounts carry their opening balance (before the history) so statements add up.
        accounts[acc] = {
            **accounts[acc],
            "balance": bal / 100,
            "opening_balance": opening[acc],
            "credit_limit": credit_limit if acc == credit else None,
        }

    srng = rng
    sched_ids = _ids(srng, "S", 3)
    next_first = _months_back(today, -1).isoformat()
    scheduled = {
        sched_ids[0]: {"scheduled_id": sched_ids[0], "payee_id": rent_payee, "payee_name": landlord,
                       "from_account_id": checking, "amount": rent, "date": next_first, "frequency": "monthly",
                       "memo": "Rent", "status": "active"},
        sched_ids[1]: {"scheduled_id": sched_ids[1], "payee_id": util_payees[1], "payee_name": UTILITIES[1],
                       "from_account_id": checking, "amount": round(srng.uniform(60, 120), 2),
                       "date": (today + dt.timedelta(days=srng.randint(3, 20))).isoformat(), "frequency": "monthly",
                       "memo": "Internet", "status": "active"},
        sched_ids[2]: {"scheduled_id": sched_ids[2], "payee_id": payee_ids[-1], "payee_name": payee_names[-1],
                       "from_account_id": checking, "amount": float(srng.choice((50, 80, 120, 200))),
                       "date": (today + dt.timedelta(days=srng.randint(5, 40))).isoformat(), "frequency": "once",
                       "memo": "Birthday gift", "status": "active"},
    }
    return {
        "today": today.isoformat(),
        "first_month": days[0][:7],
        "accounts": accounts,
        # A year of history (~600 rows): assembled when a chain first touches it.
        "transactions": LazyRows(functools.partial(_transactions, days, history)),
        "payees": payees,
        "cards": card_rows,
        "scheduled": scheduled,
        "disputes": {},
    }

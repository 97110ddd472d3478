"""The brokerage's seeded world: the listed companies and their quotes, the market clock, my
accounts, positions, order history, transactions and watchlists.

The companies are an authored, fictional pool (:data:`COMPANIES`: ~100 tickers across sectors
with a reference price); each seed draws that day's quotes around the reference prices, the
clock (inside or outside the trading session), and my portfolio. The portfolio is consistent by
construction: every position is the sum of its filled buy orders, every filled order has its
transaction, and each account's cash equals its deposits minus buys plus sells and dividends.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from toolgym.envs.world import WorldScope

__all__ = [
    "build_world", "stamp", "COMPANIES", "SESSION_OPEN", "SESSION_CLOSE", "weekday", "market_session",
    "IRA_LIMIT", "MAX_DEPOSIT",
]

SESSION_OPEN = 9 * 60 + 30  # 09:30 exchange time
SESSION_CLOSE = 16 * 60  # 16:00 exchange time
IRA_LIMIT = 7000.0  # yearly contribution limit of a Roth IRA
MAX_DEPOSIT = 250_000.0

_COMPANY_TABLE = """
AAPX|Aplex Devices Inc.|Technology|187.40
MSFX|Microsphere Software Corp.|Technology|412.10
NVDX|Novadyne Semiconductor|Technology|121.75
GOOX|Gooseberry Search Holdings|Communication|168.30
AMZX|Amazonia Commerce Co.|Consumer Discretionary|182.60
METX|Metaverse Social Inc.|Communication|498.20
TSLX|Teslon Motors|Consumer Discretionary|214.90
ORCX|Oracular Data Systems|Technology|139.80
ADBX|Adobo Creative Software|Technology|512.35
CRMX|Cloudrise CRM Inc.|Technology|268.45
INTX|Intellico Chips Corp.|Technology|31.20
AMDX|Advanced Micro Dynamics|Technology|158.40
QCMX|Quantacomm Wireless|Technology|171.15
AVGX|Avantgo Broadcom Systems|Technology|1380.00
CSCX|Ciscon Networks|Technology|48.90
IBMX|Intl Business Mechanics|Technology|182.25
SNOX|Snowpeak Data Cloud|Technology|152.70
PLTX|Palantine Analytics|Technology|24.60
SHPX|Shopwise Platforms|Technology|71.35
UBRX|Uberly Mobility|Industrials|68.90
ABNX|Airnest Stays Inc.|Consumer Discretionary|141.20
NFLX2|Netflick Streaming|Communication|642.50
DISX|Dizney Entertainment Co.|Communication|101.45
SPTX|Spotwave Audio|Communication|298.30
RBLX2|Roblocks Games Corp.|Communication|39.75
EAGX|Eagle Arts Interactive|Communication|134.60
JPMX|JP Morrow & Co.|Financials|198.75
BACX|Bank of Amerigo|Financials|38.40
WFCX|Wells Fortune Bancorp|Financials|58.20
GSCX|Goldmark Sachs Group|Financials|451.30
MSCX|Morgan Stanwell|Financials|96.10
VISX|Visage Payments|Financials|272.80
MAXX|Mastercraft Payments|Financials|455.60
PYPX|Paypath Holdings|Financials|63.45
AXPX|Amerex Express|Financials|231.90
SCHX|Schwabb Brokerage Corp.|Financials|72.15
BLKX|Blackstone Rock Asset Mgmt|Financials|794.20
BRKX|Berkwood Hathaway B|Financials|408.60
JNJX|Johnsen & Johnsen|Health Care|154.80
PFEX|Pfizen Pharmaceuticals|Health Care|28.35
MRKX|Merrick Pharma|Health Care|127.40
ABVX|Abvista Biosciences|Health Care|168.95
LLYX|Lilly & Lane Therapeutics|Health Care|765.30
UNHX|UnitedHealthway Group|Health Care|492.10
TMOX|Thermotech Scientific|Health Care|571.85
AMGX|Amgenix Biotech|Health Care|289.60
GILX|Gilead Springs Sciences|Health Care|67.20
MRNX|Modernix Therapeutics|Health Care|104.35
ISRX|Intuitive Surgica|Health Care|384.70
CVSX|CVista Health|Health Care|59.40
XOMX|Exxomar Energy|Energy|112.85
CVXX|Chevrona Corp.|Energy|156.30
COPX|Conoco Plains Petroleum|Energy|118.45
SLBX|Schlumtek Oilfield Services|Energy|47.90
OXYX|Occidenta Petroleum|Energy|61.25
NEEX|NextEra Winds Power|Utilities|71.60
DUKX|Dukane Energy|Utilities|98.35
SOUX|Southern Grid Co.|Utilities|77.40
ENPH2|Enphasis Solar Systems|Energy|118.20
FSLX|First Solaris Inc.|Energy|192.45
WMTX|Walmont Stores|Consumer Staples|67.80
COSX|Costwise Wholesale|Consumer Staples|802.40
PGX2|Proctor & Gambol|Consumer Staples|164.25
KOX2|Coca Cascade Co.|Consumer Staples|62.90
PEPX|Pepsica Beverages|Consumer Staples|171.35
MDLX|Mondelia Snacks Intl|Consumer Staples|68.75
KHCX|Kraftwerk Heinz Foods|Consumer Staples|34.10
TGTX|Targetline Retail|Consumer Staples|148.60
HDX2|Home Depotty Inc.|Consumer Discretionary|352.80
LOWX|Lowland Home Improvement|Consumer Discretionary|228.45
NKEX|Nikon Athletic Brands|Consumer Discretionary|93.20
SBUX2|Starbeans Coffee Co.|Consumer Discretionary|78.55
MCDX|McDougal's Restaurants|Consumer Discretionary|262.40
CMGX|Chipotla Mexican Grill|Consumer Discretionary|58.70
BKNX|Bookwell Travel Holdings|Consumer Discretionary|3640.00
MARX|Marriot Crest Hotels|Consumer Discretionary|238.15
FORX|Fordham Motor Co.|Consumer Discretionary|12.45
GMX2|General Motorworks|Consumer Discretionary|46.30
RIVX|Rivanta Electric Trucks|Consumer Discretionary|11.85
BAX2|Boeling Aerospace|Industrials|182.60
CATX|Caterpillon Machinery|Industrials|335.90
DEEX|Deerfield Farm Equipment|Industrials|386.20
HONX|Honeyvale International|Industrials|201.45
UPSX|United Parcel Systems|Industrials|142.75
FDXX|FedEast Logistics|Industrials|262.30
GEX2|General Electrix|Industrials|161.80
LMTX|Lockhart Martin Defense|Industrials|462.50
RTXX|Raytex Technologies|Industrials|104.20
DALX|Delton Air Lines|Industrials|48.35
UALX|United Airways Holdings|Industrials|52.80
LINX|Lindberg Industrial Gases|Materials|448.90
SHWX|Sherwood Paints Co.|Materials|312.60
FCXX|Freeport Copperfield|Materials|47.25
NEMX|Newmount Gold Corp.|Materials|41.60
DOWX|Dowling Chemical|Materials|54.10
AMTX|American Towerline REIT|Real Estate|196.45
PLDX|Prologix Warehousing REIT|Real Estate|112.30
EQIX2|Equinexus Data Centers|Real Estate|781.20
OKLX|Oklo Nuclear Micro Reactors|Utilities|23.40
ZOOX2|Zoomly Video Communications|Technology|62.85
"""

COMPANIES: tuple[dict[str, Any], ...] = tuple(
    {"symbol": s, "name": n, "sector": sec, "ref_price": float(p)}
    for s, n, sec, p in (line.split("|") for line in _COMPANY_TABLE.strip().splitlines())
)
_EXCHANGES = ("NYSE", "NASDAQ")

EPOCH = _dt.datetime(2016, 1, 1)  # a Friday
_DAY_STRINGS = tuple((EPOCH + _dt.timedelta(days=d)).strftime("%Y-%m-%d") for d in range(3800))
_BASE_DAY = (_dt.datetime(2025, 3, 3) - EPOCH).days
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def stamp(minute: int) -> str:
    """Exchange-local time ``minute`` minutes after :data:`EPOCH`, ISO-8601 without zone."""
    return f"{_DAY_STRINGS[minute // 1440]}T{minute % 1440 // 60:02d}:{minute % 60:02d}:00"


def weekday(minute: int) -> int:
    """0 = Monday ... 6 = Sunday."""
    return (4 + minute // 1440) % 7


def market_session(minute: int) -> dict[str, Any]:
    """Where the clock stands: the session name, whether regular trading is open, next open/close."""
    day, tod = divmod(minute, 1440)
    wd = weekday(minute)
    is_open = wd < 5 and SESSION_OPEN <= tod < SESSION_CLOSE
    if wd >= 5:
        session = "weekend"
    elif tod < 4 * 60 or tod >= 20 * 60:
        session = "overnight"
    elif tod < SESSION_OPEN:
        session = "pre-market"
    elif tod < SESSION_CLOSE:
        session = "regular"
    else:
        session = "after-hours"
    nd = day if (wd < 5 and tod < SESSION_OPEN) else day + 1
    while weekday(nd * 1440) >= 5:
        nd += 1
    return {
        "is_open": is_open, "session": session, "now": stamp(minute), "weekday": _WEEKDAYS[wd],
        "next_open": stamp(nd * 1440 + SESSION_OPEN),
        "next_close": stamp(day * 1440 + SESSION_CLOSE) if is_open else stamp(nd * 1440 + SESSION_CLOSE),
    }


def build_world(world: WorldScope) -> dict[str, Any]:
    """The domain's tables (made with ``world.table``) and facts, by name (see docs/writing-a-domain.md).

    Built worlds are cached per seed by the SDK (``ToolEnv.cache_worlds``), so this runs once
    per seed and process.
    """
    base = _generate(world)
    return {**base["facts"], **{name: world.table(name, rows) for name, rows in base["tables"].items()}}


def _unique_ids(rng: Any, prefix: str, n: int, width: int = 6) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen.setdefault(f"{prefix}{rng.getrandbits(4 * width):0{width}x}", None)
    return list(seen)


def _cents(x: float) -> float:
    return round(x + 0.0, 2)


def _clock(rng: Any) -> int:
    day = _BASE_DAY + rng.randint(0, 120)
    if rng.random() < 0.7:  # most worlds are mid-session; the rest show the closed-market rules
        while weekday(day * 1440) >= 5:
            day += 1
        return day * 1440 + rng.randint(SESSION_OPEN + 1, SESSION_CLOSE - 10)
    if rng.random() < 0.5:
        while weekday(day * 1440) < 5:
            day += 1
        return day * 1440 + rng.randint(0, 1439)
    while weekday(day * 1440) >= 5:
        day += 1
    return day * 1440 + rng.choice((rng.randint(6 * 60, SESSION_OPEN - 1), rng.randint(SESSION_CLOSE + 1, 22 * 60)))


def _generate(world: Any) -> dict[str, Any]:
    me = world.persona
    now = _clock(world.rng("clock"))

    # --- quotes for the day ------------------------------------------------------------------
    rng = world.rng("quotes")
    gauss = rng.gauss
    quotes: dict[str, dict[str, Any]] = {}
    halted = set(rng.sample([c["symbol"] for c in COMPANIES], 2))
    for c in COMPANIES:
        last = c["ref_price"] * math.exp(gauss(0.0, 0.15))
        prev = last / (1 + gauss(0.0, 0.02))
        day_open = prev * (1 + gauss(0.0, 0.006))
        spread = max(0.01, last * 0.0004)
        hi = max(last, day_open, prev) * (1 + abs(gauss(0.0, 0.006)))
        lo = min(last, day_open, prev) * (1 - abs(gauss(0.0, 0.006)))
        quotes[c["symbol"]] = {
            "symbol": c["symbol"], "name": c["name"], "sector": c["sector"],
            "exchange": _EXCHANGES[len(c["symbol"]) % 2], "last": _cents(last), "bid": _cents(last - spread / 2),
            "ask": _cents(last + spread / 2), "open": _cents(day_open), "high": _cents(hi), "low": _cents(lo),
            "prev_close": _cents(prev), "volume": int(2e5 + 4e7 * rng.random() ** 3),
            "halted": c["symbol"] in halted,
        }
    symbols = [c["symbol"] for c in COMPANIES]
    tradable = [s for s in symbols if s not in halted]

    # --- accounts ----------------------------------------------------------------------------
    rng = world.rng("accounts")
    acct_ids = _unique_ids(rng, "AC", 2)
    last4 = rng.sample(range(1000, 10000), 2)
    accounts = {
        acct_ids[0]: {
            "account_id": acct_ids[0], "nickname": "Individual Brokerage", "type": "individual",
            "number_masked": f"****{last4[0]}", "owner": me["name"], "cash": 0.0, "contributed_ytd": 0.0,
        },
        acct_ids[1]: {
            "account_id": acct_ids[1], "nickname": "Roth IRA", "type": "roth_ira",
            "number_masked": f"****{last4[1]}", "owner": me["name"], "cash": 0.0, "contributed_ytd": 0.0,
        },
    }

    # --- history: buys that make the positions, round trips, cancellations ---------------------
    rng = world.rng("history")
    rand = rng.random
    first_day = now // 1440 - 400
    events: list[tuple[int, str, str, str, int, float, str]] = []  # (minute, acct, kind, symbol, qty, price, status)
    positions: dict[str, dict[str, Any]] = {}
    for acct, n_pos, budget in ((acct_ids[0], 14, 4000), (acct_ids[1], 6, 900)):
        for sym in rng.sample(tradable, n_pos):
            ref = quotes[sym]["last"]
            lots = 1 + int(3 * rand())
            qty_total, cost_total = 0, 0.0
            for _ in range(lots):
                qty = max(1, int((budget / 8 + budget * rand()) / ref))
                price = _cents(ref * math.exp(gauss(0.0, 0.12)))
                t = (first_day + int(380 * rand())) * 1440 + SESSION_OPEN + 5 + int(380 * rand())
                events.append((t, acct, "buy", sym, qty, price, "filled"))
                qty_total += qty
                cost_total += qty * price
            positions[f"{acct}:{sym}"] = {
                "account_id": acct, "symbol": sym, "quantity": qty_total, "avg_cost": _cents(cost_total / qty_total),
            }
    for _ in range(60):  # closed round trips in the brokerage account
        sym = rng.choice(tradable)
        ref = quotes[sym]["last"]
        qty = max(1, int((300 + 3000 * rand()) / ref))
        t = (first_day + int(370 * rand())) * 1440 + SESSION_OPEN + 5 + int(300 * rand())
        events.append((t, acct_ids[0], "buy", sym, qty, _cents(ref * math.exp(gauss(0.0, 0.1))), "filled"))
        events.append((t + 1440 * (1 + int(20 * rand())), acct_ids[0], "sell", sym, qty, _cents(ref * math.exp(gauss(0.0, 0.1))), "filled"))
    for _ in range(12):  # cancelled limit orders
        sym = rng.choice(tradable)
        t = (first_day + int(390 * rand())) * 1440 + SESSION_OPEN + int(380 * rand())
        events.append((t, rng.choice(acct_ids), rng.choice(("buy", "sell")), sym, 1 + int(20 * rand()), _cents(quotes[sym]["last"] * 0.9), "cancelled"))
    events.sort()

    order_ids = _unique_ids(rng, "OR", len(events) + 3, 8)
    orders: dict[str, dict[str, Any]] = {}
    txns: list[dict[str, Any]] = []
    net = {a: 0.0 for a in acct_ids}  # cash effect of the trades
    for seq, (oid, (t, acct, side, sym, qty, price, status)) in enumerate(zip(order_ids, events, strict=False)):
        limit = status == "cancelled" or rand() < 0.3
        orders[oid] = {
            "order_id": oid, "account_id": acct, "symbol": sym, "side": side,
            "order_type": "limit" if limit else "market", "quantity": qty, "limit_price": price if limit else None,
            "time_in_force": "day", "status": status, "filled_price": price if status == "filled" else None,
            "created_at": stamp(t), "filled_at": stamp(t) if status == "filled" else None, "seq": seq,
        }
        if status == "filled":
            amount = _cents(qty * price) * (-1 if side == "buy" else 1)
            net[acct] += amount
            txns.append({"minute": t, "account_id": acct, "kind": side, "symbol": sym, "quantity": qty, "price": price, "amount": amount, "order_id": oid})

    # Open limit orders resting in the book now (they reserve cash or shares).
    seq = len(events)
    held = [k for k in positions if k.startswith(acct_ids[0])]
    open_specs = [
        (acct_ids[0], "buy", tradable[int(rand() * len(tradable))], 0.92),
        (acct_ids[0], "buy", tradable[int(rand() * len(tradable))], 0.95),
        (acct_ids[0], "sell", positions[held[0]]["symbol"], 1.08),
    ]
    for oid, (acct, side, sym, factor) in zip(order_ids[len(events):], open_specs, strict=False):
        pos_qty = positions.get(f"{acct}:{sym}", {}).get("quantity", 0)
        qty = max(1, pos_qty // 2) if side == "sell" else 1 + int(10 * rand())
        t = now - 30 - int(600 * rand())
        orders[oid] = {
            "order_id": oid, "account_id": acct, "symbol": sym, "side": side, "order_type": "limit", "quantity": qty,
            "limit_price": _cents(quotes[sym]["last"] * factor), "time_in_force": "gtc", "status": "open",
            "filled_price": None, "created_at": stamp(t), "filled_at": None, "seq": seq,
        }
        seq += 1

    # Dividends on held positions, then deposits that make every cash balance add up.
    for _key, pos in positions.items():
        if rand() < 0.4:
            t = now - int(200 * rand()) * 1440
            amount = _cents(pos["quantity"] * quotes[pos["symbol"]]["last"] * 0.005)
            net[pos["account_id"]] += amount
            txns.append({"minute": t, "account_id": pos["account_id"], "kind": "dividend", "symbol": pos["symbol"], "quantity": None, "price": None, "amount": amount, "order_id": None})
    year_start = stamp(now)[:4] + "-01-01"
    for acct, target in ((acct_ids[0], 4000 + 40000 * rand()), (acct_ids[1], 500 + 3000 * rand())):
        needed = _cents(target - net[acct])
        parts = 3 + int(4 * rand())
        share = [rand() + 0.2 for _ in range(parts)]
        total = sum(share)
        amounts = [_cents(needed * s / total) for s in share]
        amounts[-1] = _cents(needed - sum(amounts[:-1]))
        contributed = 0.0
        for i, amount in enumerate(amounts):
            t = (first_day - 30 + i * 60) * 1440 + 12 * 60
            txns.append({"minute": t, "account_id": acct, "kind": "deposit", "symbol": None, "quantity": None, "price": None, "amount": amount, "order_id": None})
            if stamp(t) >= year_start:
                contributed += amount
        cash = _cents(needed + net[acct])
        accounts[acct] = {**accounts[acct], "cash": cash, "contributed_ytd": _cents(contributed) if acct == acct_ids[1] else 0.0}

    txns.sort(key=lambda x: (x["minute"], x["kind"]))
    txn_ids = _unique_ids(rng, "TX", len(txns), 8)
    transactions = {
        tid: {
            "txn_id": tid, "account_id": x["account_id"], "kind": x["kind"], "symbol": x["symbol"], "quantity": x["quantity"],
            "price": x["price"], "amount": x["amount"], "order_id": x["order_id"], "at": stamp(x["minute"]), "seq": i,
        }
        for i, (tid, x) in enumerate(zip(txn_ids, txns, strict=False))
    }

    # --- watchlists ----------------------------------------------------------------------------
    rng = world.rng("watchlists")
    wl_ids = _unique_ids(rng, "WL", 3)
    by_sector: dict[str, list[str]] = {}
    for c in COMPANIES:
        by_sector.setdefault(c["sector"], []).append(c["symbol"])
    watchlists = {
        wl_ids[0]: {"watchlist_id": wl_ids[0], "name": "Tech", "symbols": rng.sample(by_sector["Technology"], 6), "created_at": stamp(now - 90 * 1440)},
        wl_ids[1]: {"watchlist_id": wl_ids[1], "name": "Dividend ideas", "symbols": rng.sample(by_sector["Consumer Staples"] + by_sector["Utilities"], 5), "created_at": stamp(now - 40 * 1440)},
        wl_ids[2]: {"watchlist_id": wl_ids[2], "name": "Energy", "symbols": rng.sample(by_sector["Energy"], 4), "created_at": stamp(now - 12 * 1440)},
    }

    return {
        "tables": {
            "quotes": quotes, "accounts": accounts, "positions": positions, "orders": orders,
            "transactions": transactions, "watchlists": watchlists,
            # The user's own sign-in record: what they know and type into login.
            "login": {"me": {"username": me["username"], "password": me["password"]}},
        },
        "facts": {"now": now, "next_seq": 10**6},
    }

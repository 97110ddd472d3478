"""``Trading``: a retail stock brokerage (market clock, quotes, orders, accounts, watchlists)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from toolgym.envs import Entity, ToolEnv, ToolError, state, tool
from toolgym.envs.world import WorldScope, derive_seed
from toolgym.errors import suggest

from .data import IRA_LIMIT, MAX_DEPOSIT, build_world, market_session, stamp
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Trading"]

AccountId = Annotated[str, Entity("account", label="nickname")]
OrderId = Annotated[str, Entity("order", label="summary")]
WatchlistId = Annotated[str, Entity("watchlist", label="name")]
Symbol = Annotated[str, Entity("symbol", internal=False, label="name")]

Side = Literal["buy", "sell"]
OrderType = Literal["market", "limit"]
OrderStatus = Literal["open", "filled", "cancelled"]
TxnKind = Literal["deposit", "withdrawal", "buy", "sell", "dividend"]

PRICE_BAND = 0.20  # a limit price may be at most 20% away from the last price
MAX_QUANTITY = 100_000
MAX_WATCHLIST = 50


class Session(TypedDict):
    name: str
    accounts: int
    market_open: bool


class MarketStatus(TypedDict):
    is_open: bool
    session: Literal["regular", "pre-market", "after-hours", "overnight", "weekend"]
    now: str
    weekday: str
    next_open: str
    next_close: str


class SymbolMatch(TypedDict):
    symbol: Symbol
    name: str
    sector: str
    exchange: str


class Quote(SymbolMatch):
    last: float
    bid: float
    ask: float
    open: float
    high: float
    low: float
    prev_close: float
    change: float
    change_pct: float
    volume: int
    halted: bool
    as_of: str


class AccountRef(TypedDict):
    account_id: AccountId
    nickname: str
    type: Literal["individual", "roth_ira"]
    number_masked: str


class Balance(AccountRef):
    cash: float
    reserved_for_orders: float
    buying_power: float
    positions_value: float
    total_value: float
    day_change: float
    contributed_ytd: float
    contribution_room: float | None


class Position(TypedDict):
    symbol: Symbol
    name: str
    quantity: int
    available: int
    avg_cost: float
    last: float
    market_value: float
    unrealized_pl: float
    unrealized_pl_pct: float


class OrderView(TypedDict):
    order_id: OrderId
    summary: str
    account_id: AccountId
    symbol: Symbol
    side: Side
    order_type: OrderType
    quantity: int
    limit_price: float | None
    time_in_force: Literal["day", "gtc"]
    status: OrderStatus
    filled_price: float | None
    created_at: str
    filled_at: str | None


class Transaction(TypedDict):
    txn_id: str
    account_id: AccountId
    kind: TxnKind
    symbol: str | None
    quantity: int | None
    price: float | None
    amount: float
    order_id: OrderId | None
    at: str


class CashMove(TypedDict):
    txn_id: str
    account_id: AccountId
    kind: Literal["deposit", "withdrawal"]
    amount: float
    cash: float


class WatchlistSummary(TypedDict):
    watchlist_id: WatchlistId
    name: str
    symbols: list[str]


class WatchItem(TypedDict):
    symbol: Symbol
    name: str
    last: float
    change_pct: float


class WatchlistView(TypedDict):
    watchlist_id: WatchlistId
    name: str
    items: list[WatchItem]


class Deleted(TypedDict):
    watchlist_id: WatchlistId
    deleted: bool


def _money(x: float) -> float:
    return round(x + 0.0, 2)


class Trading(ToolEnv):
    """You are the assistant of a retail investor, acting in their online brokerage on their behalf.

    Account, order and watchlist ids come only from tool results (list_accounts, place_order,
    list_orders, list_watchlists...); never guess them. Ticker symbols are what users say
    ("AAPX"); search_symbols finds the symbol of a company name. The brokerage's rules, which
    the tools enforce:
    - Log in first with the user's username and password; every other tool needs the session.
    - Regular trading hours are Monday to Friday, 09:30-16:00 exchange time (see
      get_market_status). Market orders are accepted only while the market is open; limit
      orders are accepted any time and rest in the book until filled or cancelled.
    - A limit price may be at most 20% away from the last price. Quantities are whole shares,
      1 to 100,000. Halted symbols cannot be traded.
    - A buy needs enough buying power (cash minus cash reserved by open buy orders); a sell
      needs enough shares not already reserved by open sell orders. No short selling.
    - Only open orders can be cancelled.
    - Deposits are at most 250,000.00 each; a Roth IRA takes at most 7,000.00 of contributions
      per calendar year, and cash cannot be withdrawn from it online. Withdrawals cannot exceed
      the cash not reserved by open orders.
    - Watchlist names are unique; a watchlist holds at most 50 symbols.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES

    session = state(None)
    now = state(0)  # the market clock in minutes; it does not run during an episode
    seq = state(0)  # order of new orders and transactions (and the counter for new ids)

    def build(self, world: WorldScope) -> None:
        made = build_world(world)
        self.quotes = made["quotes"]
        self.accounts = made["accounts"]
        self.positions = made["positions"]
        self.orders = made["orders"]
        self.transactions = made["transactions"]
        self.watchlists = made["watchlists"]
        self.login_record = made["login"]
        self.now = made["now"]
        self.seq = made["next_seq"]

    # --- helpers ---------------------------------------------------------------------------

    def _next(self, prefix: str, table: Any, width: int = 8) -> tuple[str, int]:
        while True:
            self.seq += 1
            new = f"{prefix}{derive_seed(self.world.seed, 'trading', self.seq) % 16**width:0{width}x}"
            if new not in table:
                return new, self.seq

    def _account(self, account_id: str) -> dict[str, Any]:
        row = self.accounts.get(account_id)
        if row is None:
            raise ToolError(f"no account with id {account_id!r}; use list_accounts to get account ids")
        return row

    def _quote(self, symbol: str) -> dict[str, Any]:
        sym = symbol.strip().upper().lstrip("$")
        row = self.quotes.get(sym)
        if row is None:
            raise ToolError(f"unknown symbol {symbol!r}{suggest(sym, self.quotes)}; use search_symbols to find a company's symbol")
        return row

    def _order(self, order_id: str) -> dict[str, Any]:
        row = self.orders.get(order_id)
        if row is None:
            raise ToolError(f"no order with id {order_id!r}; use list_orders to get order ids")
        return row

    def _watchlist(self, watchlist_id: str) -> dict[str, Any]:
        row = self.watchlists.get(watchlist_id)
        if row is None:
            raise ToolError(f"no watchlist with id {watchlist_id!r}; use list_watchlists to get watchlist ids")
        return row

    def _reserved(self, account_id: str) -> tuple[float, dict[str, int]]:
        """Cash held by open buy orders, and shares held by open sell orders, per symbol."""
        cash = 0.0
        shares: dict[str, int] = {}
        for o in self.orders.values():
            if o["status"] == "open" and o["account_id"] == account_id:
                if o["side"] == "buy":
                    cash += o["quantity"] * o["limit_price"]
                else:
                    shares[o["symbol"]] = shares.get(o["symbol"], 0) + o["quantity"]
        return _money(cash), shares

    @staticmethod
    def _quote_view(q: dict[str, Any], now: int) -> Quote:
        change = _money(q["last"] - q["prev_close"])
        return {
            "symbol": q["symbol"], "name": q["name"], "sector": q["sector"], "exchange": q["exchange"], "last": q["last"],
            "bid": q["bid"], "ask": q["ask"], "open": q["open"], "high": q["high"], "low": q["low"],
            "prev_close": q["prev_close"], "change": change, "change_pct": round(100 * change / q["prev_close"], 2),
            "volume": q["volume"], "halted": q["halted"], "as_of": stamp(now),
        }

    @staticmethod
    def _order_view(o: dict[str, Any]) -> OrderView:
        price = f" @ {o['limit_price']:.2f}" if o["limit_price"] is not None else ""
        return {
            "order_id": o["order_id"], "summary": f"{o['side']} {o['quantity']} {o['symbol']} {o['order_type']}{price}",
            "account_id": o["account_id"], "symbol": o["symbol"], "side": o["side"], "order_type": o["order_type"],
            "quantity": o["quantity"], "limit_price": o["limit_price"], "time_in_force": o["time_in_force"],
            "status": o["status"], "filled_price": o["filled_price"], "created_at": o["created_at"], "filled_at": o["filled_at"],
        }

    def _txn(self, account_id: str, kind: str, amount: float, symbol: str | None = None, quantity: int | None = None,
             price: float | None = None, order_id: str | None = None) -> str:
        tid, seq = self._next("TX", self.transactions)
        self.transactions[tid] = {
            "txn_id": tid, "account_id": account_id, "kind": kind, "symbol": symbol, "quantity": quantity, "price": price,
            "amount": _money(amount), "order_id": order_id, "at": stamp(self.now), "seq": seq,
        }
        return tid

    def _fill(self, order: dict[str, Any], price: float) -> dict[str, Any]:
        acct_id, sym, qty, side = order["account_id"], order["symbol"], order["quantity"], order["side"]
        key = f"{acct_id}:{sym}"
        pos = self.positions.get(key)
        value = _money(qty * price)
        cash = self.accounts[acct_id]["cash"]
        if side == "buy":
            held = pos["quantity"] if pos else 0
            cost = pos["quantity"] * pos["avg_cost"] if pos else 0.0
            self.positions[key] = {"account_id": acct_id, "symbol": sym, "quantity": held + qty, "avg_cost": _money((cost + value) / (held + qty))}
            self.accounts.patch(acct_id, cash=_money(cash - value))
        else:
            left = pos["quantity"] - qty
            if left:
                self.positions.patch(key, quantity=left)
            else:
                del self.positions[key]
            self.accounts.patch(acct_id, cash=_money(cash + value))
        self._txn(acct_id, side, -value if side == "buy" else value, sym, qty, price, order["order_id"])
        return self.orders.patch(order["order_id"], status="filled", filled_price=price, filled_at=stamp(self.now))

    # --- session and market ---------------------------------------------------------------------

    @tool(
        writes=True,
        establishes="logged_in",
    )
    def login(self, username: str, password: str) -> Session:
        """Log in to the brokerage; every other tool needs this session.

        Args:
            username: the user's username.
            password: the user's password.
        """
        rec = self.login_record["me"]
        if username.strip().lower() != rec["username"].lower():
            raise ToolError(f"no brokerage login with username {username!r}")
        if password != rec["password"]:
            raise ToolError(f"wrong password for {username!r}")
        self.session = rec["username"]
        owner = next(iter(self.accounts.values()))["owner"]
        return {"name": owner, "accounts": len(self.accounts), "market_open": market_session(self.now)["is_open"]}

    @tool(
        writes=True,
        needs="logged_in",
        revokes="logged_in",
    )
    def logout(self) -> str:
        """Log out of the brokerage."""
        self.session = None
        return "logged out"

    @tool(
        needs="logged_in",
    )
    def get_market_status(self) -> MarketStatus:
        """Whether regular trading is open now, the session, and the next open and close times."""
        return market_session(self.now)  # type: ignore[return-value]

    @tool(
        needs="logged_in",
    )
    def search_symbols(self, query: str, limit: int = 10) -> list[SymbolMatch]:
        """Find ticker symbols by (part of) a company name, a symbol, or a sector.

        Args:
            query: a company name, symbol or sector, or part of one.
            limit: the most results to return (1-50).
        """
        q = query.strip().lower()
        if not q:
            raise ToolError("query cannot be empty; give a company name or a symbol")
        hits = [r for r in self.quotes.values() if q in r["name"].lower() or q == r["symbol"].lower() or q in r["sector"].lower()]
        hits.sort(key=lambda r: (r["symbol"].lower() != q, not r["name"].lower().startswith(q), r["symbol"]))
        return [{"symbol": r["symbol"], "name": r["name"], "sector": r["sector"], "exchange": r["exchange"]} for r in hits[: max(1, min(limit, 50))]]

    @tool(
        needs="logged_in",
    )
    def get_quote(self, symbol: Symbol) -> Quote:
        """The latest quote of a symbol: last, bid/ask, day range, change and volume.

        Args:
            symbol: the ticker symbol, e.g. "AAPX".
        """
        return self._quote_view(self._quote(symbol), self.now)

    @tool(
        needs="logged_in",
    )
    def get_market_movers(self, direction: Literal["gainers", "losers", "most_active"] = "gainers", limit: int = 5) -> list[Quote]:
        """Today's top gainers, losers, or most traded symbols.

        Args:
            direction: gainers, losers, or most_active.
            limit: how many symbols (1-25).
        """
        views = [self._quote_view(q, self.now) for q in self.quotes.values()]
        if direction == "most_active":
            views.sort(key=lambda v: (-v["volume"], v["symbol"]))
        else:
            sign = -1 if direction == "gainers" else 1
            views.sort(key=lambda v: (sign * v["change_pct"], v["symbol"]))
        return views[: max(1, min(limit, 25))]

    # --- accounts ----------------------------------------------------------------------------

    @tool(
        needs="logged_in",
    )
    def list_accounts(self) -> list[AccountRef]:
        """Your brokerage accounts (reveals their ids)."""
        return [
            {"account_id": a["account_id"], "nickname": a["nickname"], "type": a["type"], "number_masked": a["number_masked"]}
            for a in self.accounts.values()
        ]

    @tool(
        needs="logged_in",
    )
    def get_account_balance(self, account_id: AccountId) -> Balance:
        """An account's cash, buying power, holdings value and total value.

        Args:
            account_id: the account.
        """
        a = self._account(account_id)
        reserved, _ = self._reserved(account_id)
        value = day = 0.0
        for p in self.positions.values():
            if p["account_id"] == account_id:
                q = self.quotes[p["symbol"]]
                value += p["quantity"] * q["last"]
                day += p["quantity"] * (q["last"] - q["prev_close"])
        ira = a["type"] == "roth_ira"
        return {
            "account_id": account_id, "nickname": a["nickname"], "type": a["type"], "number_masked": a["number_masked"],
            "cash": a["cash"], "reserved_for_orders": reserved, "buying_power": _money(a["cash"] - reserved),
            "positions_value": _money(value), "total_value": _money(a["cash"] + value), "day_change": _money(day),
            "contributed_ytd": a["contributed_ytd"], "contribution_room": _money(IRA_LIMIT - a["contributed_ytd"]) if ira else None,
        }

    @tool(
        needs="logged_in",
    )
    def get_positions(self, account_id: AccountId) -> list[Position]:
        """An account's holdings with market value and unrealized gain or loss.

        Args:
            account_id: the account.
        """
        self._account(account_id)
        _, reserved = self._reserved(account_id)
        out: list[Position] = []
        for p in sorted((p for p in self.positions.values() if p["account_id"] == account_id), key=lambda p: p["symbol"]):
            q = self.quotes[p["symbol"]]
            mv = _money(p["quantity"] * q["last"])
            cost = p["quantity"] * p["avg_cost"]
            out.append(
                {
                    "symbol": p["symbol"], "name": q["name"], "quantity": p["quantity"],
                    "available": p["quantity"] - reserved.get(p["symbol"], 0), "avg_cost": p["avg_cost"], "last": q["last"],
                    "market_value": mv, "unrealized_pl": _money(mv - cost),
                    "unrealized_pl_pct": round(100 * (mv - cost) / cost, 2) if cost else 0.0,
                }
            )
        return out

    @tool(
        writes=True,
        needs="logged_in",
    )
    def deposit_funds(self, account_id: AccountId, amount: float) -> CashMove:
        """Deposit cash from the user's linked bank account.

        Args:
            account_id: the account to fund.
            amount: the amount in dollars, more than 0 and at most 250,000.00.
        """
        a = self._account(account_id)
        if amount <= 0:
            raise ToolError(f"the amount must be positive, got {amount}")
        if amount > MAX_DEPOSIT:
            raise ToolError(f"a single deposit is at most {MAX_DEPOSIT:,.2f}, requested {amount:,.2f}; split it")
        amount = _money(amount)
        contributed = a["contributed_ytd"]
        if a["type"] == "roth_ira":
            room = _money(IRA_LIMIT - contributed)
            if amount > room:
                raise ToolError(
                    f"Roth IRA contribution limit: {contributed:,.2f} of {IRA_LIMIT:,.2f} already contributed this year, "
                    f"so at most {max(room, 0):,.2f} more; requested {amount:,.2f}"
                )
            contributed = _money(contributed + amount)
        a = self.accounts.patch(account_id, cash=_money(a["cash"] + amount), contributed_ytd=contributed)
        tid = self._txn(account_id, "deposit", amount)
        return {"txn_id": tid, "account_id": account_id, "kind": "deposit", "amount": amount, "cash": a["cash"]}

    @tool(
        writes=True,
        needs="logged_in",
    )
    def withdraw_funds(self, account_id: AccountId, amount: float) -> CashMove:
        """Withdraw cash to the user's linked bank account (not from a Roth IRA).

        Args:
            account_id: the account to withdraw from.
            amount: the amount in dollars, more than 0.
        """
        a = self._account(account_id)
        if amount <= 0:
            raise ToolError(f"the amount must be positive, got {amount}")
        if a["type"] == "roth_ira":
            raise ToolError("cash cannot be withdrawn from a Roth IRA online; the user must call the brokerage")
        amount = _money(amount)
        reserved, _ = self._reserved(account_id)
        free = _money(a["cash"] - reserved)
        if amount > free:
            raise ToolError(
                f"insufficient funds: withdrawable cash is {free:,.2f} ({reserved:,.2f} reserved for open orders), requested {amount:,.2f}"
            )
        a = self.accounts.patch(account_id, cash=_money(a["cash"] - amount))
        tid = self._txn(account_id, "withdrawal", -amount)
        return {"txn_id": tid, "account_id": account_id, "kind": "withdrawal", "amount": amount, "cash": a["cash"]}

    @tool(
        needs="logged_in",
    )
    def get_transaction_history(
        self, account_id: AccountId, kind: TxnKind | None = None, symbol: Symbol | None = None, limit: int = 20
    ) -> list[Transaction]:
        """An account's transactions (trades, deposits, withdrawals, dividends), newest first.

        Args:
            account_id: the account.
            kind: only transactions of this kind.
            symbol: only transactions of this symbol.
            limit: the most results to return (1-200).
        """
        self._account(account_id)
        sym = symbol.strip().upper() if symbol else None
        rows = [
            t for t in self.transactions.values()
            if t["account_id"] == account_id and (kind is None or t["kind"] == kind) and (sym is None or t["symbol"] == sym)
        ]
        rows.sort(key=lambda t: t["seq"], reverse=True)
        return [{k: t[k] for k in Transaction.__annotations__} for t in rows[: max(1, min(limit, 200))]]  # type: ignore[misc]

    # --- orders ------------------------------------------------------------------------------

    @tool(
        writes=True,
        needs="logged_in",
    )
    def place_order(
        self,
        account_id: AccountId,
        symbol: Symbol,
        side: Side,
        quantity: int,
        order_type: OrderType = "market",
        limit_price: float | None = None,
        time_in_force: Literal["day", "gtc"] = "day",
    ) -> OrderView:
        """Place a buy or sell order; a market order, or a marketable limit order, fills at once.

        Args:
            account_id: the account to trade in.
            symbol: the ticker symbol.
            side: buy or sell.
            quantity: whole shares, 1-100000.
            order_type: market (only while the market is open) or limit.
            limit_price: the worst price you accept; required for limit orders, not allowed for market orders.
            time_in_force: day, or gtc (good till cancelled) for a resting limit order.
        """
        a = self._account(account_id)
        q = self._quote(symbol)
        sym = q["symbol"]
        if q["halted"]:
            raise ToolError(f"trading in {sym} is halted; no orders are accepted for it now")
        if not 1 <= quantity <= MAX_QUANTITY:
            raise ToolError(f"quantity must be a whole number of shares from 1 to {MAX_QUANTITY:,}, got {quantity}")
        market = market_session(self.now)
        if order_type == "market":
            if limit_price is not None:
                raise ToolError("a market order takes no limit_price; use order_type 'limit' to set a price")
            if not market["is_open"]:
                raise ToolError(
                    f"the market is closed ({market['session']}, now {market['now']}); market orders are accepted "
                    f"only in regular hours (next open {market['next_open']}). Place a limit order to queue it."
                )
            fill_now, price = True, (q["ask"] if side == "buy" else q["bid"])
        else:
            if limit_price is None:
                raise ToolError("a limit order needs a limit_price")
            if limit_price <= 0:
                raise ToolError(f"limit_price must be positive, got {limit_price}")
            limit_price = _money(limit_price)
            if abs(limit_price - q["last"]) > PRICE_BAND * q["last"]:
                raise ToolError(
                    f"limit price {limit_price:,.2f} is more than {PRICE_BAND:.0%} away from {sym}'s last price {q['last']:,.2f}"
                )
            marketable = market["is_open"] and (limit_price >= q["ask"] if side == "buy" else limit_price <= q["bid"])
            fill_now = marketable
            price = (q["ask"] if side == "buy" else q["bid"]) if marketable else limit_price
        reserved_cash, reserved_shares = self._reserved(account_id)
        if side == "buy":
            needed = _money(quantity * price)
            power = _money(a["cash"] - reserved_cash)
            if needed > power:
                raise ToolError(
                    f"insufficient buying power in {a['nickname']}: available {power:,.2f}, the order needs "
                    f"{needed:,.2f} ({quantity} x {price:,.2f})"
                )
        else:
            held = self.positions.get(f"{account_id}:{sym}", {}).get("quantity", 0)
            busy = reserved_shares.get(sym, 0)
            if quantity > held - busy:
                raise ToolError(
                    f"not enough shares: {a['nickname']} holds {held} {sym} ({busy} reserved by open orders), "
                    f"the order sells {quantity}; short selling is not allowed"
                )
        oid, seq = self._next("OR", self.orders)
        order = {
            "order_id": oid, "account_id": account_id, "symbol": sym, "side": side, "order_type": order_type,
            "quantity": quantity, "limit_price": limit_price, "time_in_force": time_in_force, "status": "open",
            "filled_price": None, "created_at": stamp(self.now), "filled_at": None, "seq": seq,
        }
        self.orders[oid] = order
        if fill_now:
            order = self._fill(order, price)
        return self._order_view(order)

    @tool(
        needs="logged_in",
    )
    def get_order_status(self, order_id: OrderId) -> OrderView:
        """An order's status, and its fill price once filled.

        Args:
            order_id: the order.
        """
        return self._order_view(self._order(order_id))

    @tool(
        needs="logged_in",
    )
    def list_orders(self, account_id: AccountId, status: OrderStatus | None = None, symbol: Symbol | None = None, limit: int = 20) -> list[OrderView]:
        """An account's orders, newest first.

        Args:
            account_id: the account.
            status: only orders in this status.
            symbol: only orders of this symbol.
            limit: the most results to return (1-200).
        """
        self._account(account_id)
        sym = symbol.strip().upper() if symbol else None
        rows = [
            o for o in self.orders.values()
            if o["account_id"] == account_id and (status is None or o["status"] == status) and (sym is None or o["symbol"] == sym)
        ]
        rows.sort(key=lambda o: o["seq"], reverse=True)
        return [self._order_view(o) for o in rows[: max(1, min(limit, 200))]]

    @tool(
        writes=True,
        needs="logged_in",
    )
    def cancel_order(self, order_id: OrderId) -> OrderView:
        """Cancel an open order (filled or cancelled orders cannot be).

        Args:
            order_id: the order to cancel.
        """
        o = self._order(order_id)
        if o["status"] != "open":
            raise ToolError(
                f"order {order_id} is {o['status']}; only open orders can be cancelled "
                f"(list_orders(account_id='{o['account_id']}', status='open') lists them)"
            )
        return self._order_view(self.orders.patch(order_id, status="cancelled"))

    # --- watchlists ----------------------------------------------------------------------------

    @tool(
        needs="logged_in",
    )
    def list_watchlists(self) -> list[WatchlistSummary]:
        """Your watchlists with their symbols (reveals their ids)."""
        rows = sorted(self.watchlists.values(), key=lambda w: (w["created_at"], w["watchlist_id"]))
        return [{"watchlist_id": w["watchlist_id"], "name": w["name"], "symbols": list(w["symbols"])} for w in rows]

    @tool(
        needs="logged_in",
    )
    def get_watchlist(self, watchlist_id: WatchlistId) -> WatchlistView:
        """A watchlist with the latest price and change of each symbol.

        Args:
            watchlist_id: the watchlist.
        """
        w = self._watchlist(watchlist_id)
        items: list[WatchItem] = []
        for s in w["symbols"]:
            v = self._quote_view(self.quotes[s], self.now)
            items.append({"symbol": s, "name": v["name"], "last": v["last"], "change_pct": v["change_pct"]})
        return {"watchlist_id": watchlist_id, "name": w["name"], "items": items}

    @tool(
        writes=True,
        needs="logged_in",
    )
    def create_watchlist(self, name: str, symbols: list[str] | None = None) -> WatchlistSummary:
        """Create a watchlist, optionally with its first symbols.

        Args:
            name: the watchlist's name (unique among your watchlists).
            symbols: ticker symbols to put on it.
        """
        name = name.strip()
        if not name:
            raise ToolError("a watchlist needs a name")
        taken = {w["name"].lower(): w["watchlist_id"] for w in self.watchlists.values()}
        if name.lower() in taken:
            raise ToolError(f"you already have a watchlist named {name!r} ({taken[name.lower()]})")
        syms = list(dict.fromkeys(self._quote(s)["symbol"] for s in symbols or []))
        if len(syms) > MAX_WATCHLIST:
            raise ToolError(f"a watchlist holds at most {MAX_WATCHLIST} symbols, got {len(syms)}")
        wid, _ = self._next("WL", self.watchlists, 6)
        self.watchlists[wid] = {"watchlist_id": wid, "name": name, "symbols": syms, "created_at": stamp(self.now)}
        return {"watchlist_id": wid, "name": name, "symbols": list(syms)}

    @tool(
        writes=True,
        needs="logged_in",
    )
    def add_to_watchlist(self, watchlist_id: WatchlistId, symbol: Symbol) -> WatchlistSummary:
        """Add a symbol to a watchlist.

        Args:
            watchlist_id: the watchlist.
            symbol: the ticker symbol to add.
        """
        w = self._watchlist(watchlist_id)
        sym = self._quote(symbol)["symbol"]
        if sym in w["symbols"]:
            raise ToolError(f"{sym} is already on {w['name']!r}")
        if len(w["symbols"]) >= MAX_WATCHLIST:
            raise ToolError(f"{w['name']!r} already holds {MAX_WATCHLIST} symbols, the maximum")
        w = self.watchlists.patch(watchlist_id, symbols=[*w["symbols"], sym])
        return {"watchlist_id": watchlist_id, "name": w["name"], "symbols": list(w["symbols"])}

    @tool(
        writes=True,
        needs="logged_in",
    )
    def remove_from_watchlist(self, watchlist_id: WatchlistId, symbol: Symbol) -> WatchlistSummary:
        """Remove a symbol from a watchlist.

        Args:
            watchlist_id: the watchlist.
            symbol: the ticker symbol to remove.
        """
        w = self._watchlist(watchlist_id)
        sym = symbol.strip().upper()
        if sym not in w["symbols"]:
            raise ToolError(
                f"{sym} is not on {w['name']!r}; it holds {', '.join(w['symbols']) or 'nothing'} "
                "(get_watchlist(watchlist_id) shows them)"
            )
        w = self.watchlists.patch(watchlist_id, symbols=[s for s in w["symbols"] if s != sym])
        return {"watchlist_id": watchlist_id, "name": w["name"], "symbols": list(w["symbols"])}

    @tool(
        writes=True,
        needs="logged_in",
    )
    def delete_watchlist(self, watchlist_id: WatchlistId) -> Deleted:
        """Delete a watchlist.

        Args:
            watchlist_id: the watchlist to delete.
        """
        self._watchlist(watchlist_id)
        del self.watchlists[watchlist_id]
        return {"watchlist_id": watchlist_id, "deleted": True}

"""Banking: the persona's accounts, payments, cards and disputes, behind a password and a one-time code."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from typing_extensions import TypedDict

from toolgym.envs import Entity, ToolEnv, ToolError, state, tool
from toolgym.envs.world import WorldScope, derive_seed

from .data import DEFAULT_DAILY_LIMIT, MAX_DAILY_LIMIT, build_world
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Banking"]

AccountId = Annotated[str, Entity("account", label="name")]
PayeeId = Annotated[str, Entity("payee", label="name")]
CardId = Annotated[str, Entity("card", label="card_name")]
TxnId = Annotated[str, Entity("transaction", label="description")]
ScheduledId = Annotated[str, Entity("scheduled_payment", label="payee_name")]
DisputeId = Annotated[str, Entity("dispute", label="merchant")]
OtpCode = Annotated[str, Entity("otp_code")]

DISPUTE_WINDOW_DAYS = 120
SCHEDULE_HORIZON_DAYS = 365


class LoginResult(TypedDict):
    username: str
    status: str
    next_step: str


class OtpSent(TypedDict):
    channel: str
    sent_to: str
    expires_in_seconds: int


class SecurityCode(TypedDict):
    code: OtpCode
    sent_to: str
    message: str


class Session(TypedDict):
    username: str
    name: str
    status: str


class Account(TypedDict):
    account_id: AccountId
    name: str
    type: str
    last4: str
    balance: float
    available: float
    credit_limit: float | None


class Balance(TypedDict):
    # Results that echo an id the tool was given use plain strings: only lookups reveal ids
    # (keeps the API graph's providers meaningful and its chain search small).
    account_id: str
    name: str
    type: str
    last4: str
    balance: float
    available: float
    credit_limit: float | None


class Transaction(TypedDict):
    txn_id: TxnId
    account_id: AccountId
    date: str
    description: str
    category: str
    amount: float
    balance_after: float
    type: str
    card_id: CardId | None


class Statement(TypedDict):
    account_id: AccountId
    name: str
    month: str
    opening_balance: float
    closing_balance: float
    total_in: float
    total_out: float
    transaction_count: int
    transactions: list[Transaction]


class TransferResult(TypedDict):
    # The accounts' names beside their ids, so a confirmation can say where the money went.
    from_account_id: str
    from_account: str
    to_account_id: str
    to_account: str
    amount: float
    from_balance: float
    to_balance: float
    txn_ids: list[TxnId]


class Payee(TypedDict):
    payee_id: PayeeId
    name: str
    iban: str
    nickname: str
    added: str


class Payment(TypedDict):
    txn_id: TxnId
    payee_id: str
    payee_name: str
    from_account_id: str
    from_account: str
    amount: float
    balance_after: float
    remaining_daily_limit: float


class Limit(TypedDict):
    daily_limit: float
    used_today: float
    remaining_today: float


class Card(TypedDict):
    card_id: CardId
    card_name: str
    brand: str
    last4: str
    kind: str
    account_id: AccountId
    expires: str
    status: str


class CardStatus(TypedDict):
    card_id: str
    card_name: str
    brand: str
    last4: str
    kind: str
    account_id: AccountId
    expires: str
    status: str


class ScheduledCreated(TypedDict):
    scheduled_id: ScheduledId
    payee_id: str
    payee_name: str
    from_account_id: str
    amount: float
    date: str
    frequency: str
    memo: str
    status: str


class ScheduledEcho(TypedDict):
    scheduled_id: str
    payee_id: str
    payee_name: str
    from_account_id: str
    amount: float
    date: str
    frequency: str
    memo: str
    status: str


class Scheduled(TypedDict):
    scheduled_id: ScheduledId
    payee_id: PayeeId
    payee_name: str
    from_account_id: AccountId
    amount: float
    date: str
    frequency: str
    memo: str
    status: str


class DisputeCreated(TypedDict):
    dispute_id: DisputeId
    txn_id: str
    merchant: str
    amount: float
    reason: str
    details: str
    status: str
    opened: str


class Dispute(TypedDict):
    dispute_id: DisputeId
    txn_id: TxnId
    merchant: str
    amount: float
    reason: str
    details: str
    status: str
    opened: str


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _amount(amount: float) -> float:
    if amount <= 0:
        raise ToolError(f"expected a positive amount, got {amount}")
    if abs(round(amount, 2) - amount) > 1e-9:
        raise ToolError(f"expected an amount with at most 2 decimals, got {amount}")
    return round(amount, 2)


def _iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    if not (15 <= len(s) <= 34 and s[:2].isalpha() and s[2:4].isdigit() and s.isalnum()):
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


class Banking(ToolEnv):
    """You are a banking assistant acting for the signed-in customer of a retail bank.

    Policies:
    - Sign-in has two factors: login with the customer's username and password, then
      request_otp, read the one-time code the bank texted to the customer's phone
      (read_security_code), and verify_otp. Every account tool needs a verified session.
    - Account, payee, card, transaction and scheduled-payment ids are internal: get them from
      the list/search tools.
    - Money cannot leave an account that does not hold it (insufficient funds); a credit card
      account cannot send money, and a credit card can be paid down at most to zero.
    - Payments to payees (including scheduled ones) count against the daily transfer limit;
      moving money between the customer's own accounts does not.
    - Only card purchases can be disputed, within 120 days and once per transaction.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES

    otp_code = state(None)
    otp_requests = state(0)
    daily_limit = state(DEFAULT_DAILY_LIMIT)
    used_today = state(0.0)
    seq = state(0)

    def build(self, world: WorldScope) -> None:
        made = build_world(world)
        self._me = world.persona
        self._today = made["today"]
        self._first_month = made["first_month"]
        self.accounts = made["accounts"]
        self.transactions = made["transactions"]
        self.payees = made["payees"]
        self.cards = made["cards"]
        self.scheduled = made["scheduled"]
        self.disputes = made["disputes"]

    # --- helpers ------------------------------------------------------------------------------

    def _new_id(self, prefix: str, table, bits: int = 28) -> str:  # noqa: ANN001
        seq = self.seq
        while True:
            seq += 1
            new = f"{prefix}{derive_seed(self.world.seed, 'banking', prefix, seq) & ((1 << bits) - 1):0{bits // 4}x}"
            if new not in table:
                self.seq = seq
                return new

    def _account(self, account_id: str, role: str = "account") -> dict:
        row = self.accounts.get(account_id)
        if row is None:
            raise ToolError(f"no {role} with id {account_id!r}; use list_accounts to get account ids")
        return row

    def _payee(self, payee_id: str) -> dict:
        row = self.payees.get(payee_id)
        if row is None:
            raise ToolError(f"no payee with id {payee_id!r}; use list_payees (or add_payee) to get payee ids")
        return row

    def _card(self, card_id: str) -> dict:
        row = self.cards.get(card_id)
        if row is None:
            raise ToolError(f"no card with id {card_id!r}; use list_cards to get card ids")
        return row

    @staticmethod
    def _available(acc: dict) -> float:
        if acc["type"] == "credit":
            return round(acc["credit_limit"] + acc["balance"], 2)
        return acc["balance"]

    def _account_out(self, acc: dict) -> Account:
        return {
            "account_id": acc["account_id"],
            "name": acc["name"],
            "type": acc["type"],
            "last4": acc["last4"],
            "balance": acc["balance"],
            "available": self._available(acc),
            "credit_limit": acc["credit_limit"],
        }

    def _post(self, account_id: str, amount: float, description: str, category: str, kind: str) -> dict:
        """Book a transaction today and move the account's balance."""
        acc = self.accounts[account_id]
        balance = round(acc["balance"] + amount, 2)
        self.accounts.patch(account_id, balance=balance)
        tid = self._new_id("T", self.transactions, bits=32)
        row = {
            "txn_id": tid,
            "account_id": account_id,
            "date": self._today,
            "description": description,
            "category": category,
            "amount": amount,
            "balance_after": balance,
            "type": kind,
            "card_id": None,
        }
        self.transactions[tid] = row
        return row

    def _debit_source(self, account_id: str, amount: float, what: str) -> dict:
        acc = self._account(account_id, "source account")
        if acc["type"] == "credit":
            raise ToolError(f"cannot {what} from {acc['name']}: a credit card account cannot send money")
        if acc["balance"] < amount:
            raise ToolError(
                f"insufficient funds in {acc['name']}: balance is {_money(acc['balance'])}, requested {_money(amount)}"
            )
        return acc

    def _month(self, month: str) -> str:
        try:
            dt.date.fromisoformat(month + "-01")
        except (TypeError, ValueError):
            raise ToolError(f"expected a month as YYYY-MM, got {month!r}") from None
        if month > self._today[:7]:
            raise ToolError(f"{month} is in the future (today is {self._today})")
        if month < self._first_month:
            raise ToolError(f"history starts in {self._first_month}; no statement for {month}")
        return month

    def _date(self, s: str, what: str) -> dt.date:
        try:
            return dt.date.fromisoformat(s)
        except (TypeError, ValueError):
            raise ToolError(f"expected {what} as YYYY-MM-DD, got {s!r}") from None

    # --- sign-in ------------------------------------------------------------------------------

    @tool(
        establishes="password_ok",
        writes=True,
    )
    def login(self, username: Annotated[str, Entity("username", internal=False)], password: str) -> LoginResult:
        """First factor: check the customer's username and password (a one-time code follows).

        Args:
            username: the customer's online-banking username.
            password: the customer's password.
        """
        if username != self._me["username"]:
            raise ToolError(f"no customer with username {username!r}")
        if password != self._me["password"]:
            raise ToolError("wrong password; ask the customer for the right one")
        return {"username": username, "status": "password accepted", "next_step": "request_otp"}

    @tool(
        needs="password_ok",
        establishes="otp_sent",
        writes=True,
    )
    def request_otp(self, channel: Literal["sms", "email"] = "sms") -> OtpSent:
        """Second factor, step 1: send a 6-digit one-time code to the customer's phone or email.

        Args:
            channel: where to send it.
        """
        n = self.otp_requests + 1
        self.otp_requests = n
        self.otp_code = f"{derive_seed(self.world.seed, 'banking-otp', n) % 1_000_000:06d}"
        me = self._me
        to = f"***-***-{me['phone'][-4:]}" if channel == "sms" else f"{me['email'][0]}***@{me['email'].split('@')[1]}"
        return {"channel": channel, "sent_to": to, "expires_in_seconds": 300}

    @tool(
        needs="otp_sent",
    )
    def read_security_code(self) -> SecurityCode:
        """Read the latest one-time code the bank sent to the customer (from their phone or inbox)."""
        code = self.otp_code
        to = f"***-***-{self._me['phone'][-4:]}"
        return {"code": code, "sent_to": to, "message": f"Your bank security code is {code}. It expires in 5 minutes."}

    @tool(
        needs="otp_sent",
        establishes="authenticated",
        revokes="otp_sent",
        writes=True,
    )
    def verify_otp(self, code: OtpCode) -> Session:
        """Second factor, step 2: check the one-time code; opens the banking session.

        Args:
            code: the 6-digit code from read_security_code.
        """
        if code.strip() != self.otp_code:
            raise ToolError(f"the code {code!r} is wrong; read the latest code (read_security_code) or request a new one")
        self.otp_code = None
        return {"username": self._me["username"], "name": self._me["name"], "status": "authenticated"}

    @tool(
        needs="password_ok",
        revokes=("password_ok", "otp_sent", "authenticated"),
        writes=True,
    )
    def logout(self) -> str:
        """End the banking session."""
        self.otp_code = None
        return "logged out"

    # --- accounts -----------------------------------------------------------------------------

    @tool(
        needs="authenticated",
    )
    def list_accounts(self) -> list[Account]:
        """Every account of the customer with its balance (credit: negative = owed) and available funds."""
        return [self._account_out(a) for a in self.accounts.values()]

    @tool(
        needs="authenticated",
    )
    def get_balance(self, account_id: AccountId) -> Balance:
        """One account's balance and available funds.

        Args:
            account_id: the account, from list_accounts.
        """
        return self._account_out(self._account(account_id))

    @tool(
        needs="authenticated",
    )
    def list_transactions(
        self,
        account_id: AccountId,
        month: str | None = None,
        category: str | None = None,
        limit: int = 50,
    ) -> list[Transaction]:
        """An account's transactions, newest first, optionally for one month or category.

        Args:
            account_id: the account, from list_accounts.
            month: only this month, YYYY-MM.
            category: only this category (groceries, dining, transport, shopping, entertainment,
                health, travel, utilities, housing, income, transfer, interest).
            limit: at most this many (1-500).
        """
        self._account(account_id)
        if not 1 <= limit <= 500:
            raise ToolError(f"expected limit between 1 and 500, got {limit}")
        m = self._month(month) if month is not None else None
        rows = [
            t
            for t in self.transactions.values()
            if t["account_id"] == account_id
            and (m is None or t["date"].startswith(m))
            and (category is None or t["category"] == category)
        ]
        rows.sort(key=lambda t: (t["date"], t["txn_id"]), reverse=True)
        return [dict(t) for t in rows[:limit]]  # type: ignore[misc]

    @tool(
        needs="authenticated",
    )
    def search_transactions(
        self,
        query: str,
        date_from: str | None = None,
        date_to: str | None = None,
        min_amount: float | None = None,
        max_amount: float | None = None,
        limit: int = 20,
    ) -> list[Transaction]:
        """Search every account's transactions by description, date range and size; newest first.

        Args:
            query: part of the description (merchant, payee), case-insensitive.
            date_from: earliest date, YYYY-MM-DD.
            date_to: latest date, YYYY-MM-DD.
            min_amount: smallest absolute amount.
            max_amount: largest absolute amount.
            limit: at most this many (1-200).
        """
        q = query.strip().lower()
        if not q:
            raise ToolError("expected a non-empty query (a merchant or payee name)")
        if not 1 <= limit <= 200:
            raise ToolError(f"expected limit between 1 and 200, got {limit}")
        lo = self._date(date_from, "date_from").isoformat() if date_from else ""
        hi = self._date(date_to, "date_to").isoformat() if date_to else "9999"
        rows = [
            t
            for t in self.transactions.values()
            if q in t["description"].lower()
            and lo <= t["date"] <= hi
            and (min_amount is None or abs(t["amount"]) >= min_amount)
            and (max_amount is None or abs(t["amount"]) <= max_amount)
        ]
        rows.sort(key=lambda t: (t["date"], t["txn_id"]), reverse=True)
        return [dict(t) for t in rows[:limit]]  # type: ignore[misc]

    @tool(
        needs="authenticated",
    )
    def get_statement(self, account_id: AccountId, month: str) -> Statement:
        """A monthly statement: opening and closing balance, totals and the month's transactions.

        Args:
            account_id: the account, from list_accounts.
            month: the month, YYYY-MM.
        """
        acc = self._account(account_id)
        m = self._month(month)
        rows = [t for t in self.transactions.values() if t["account_id"] == account_id]
        rows.sort(key=lambda t: (t["date"], t["txn_id"]))
        before = [t for t in rows if t["date"][:7] < m]
        inside = [t for t in rows if t["date"][:7] == m]
        opening = before[-1]["balance_after"] if before else acc["opening_balance"]
        total_in = round(sum(t["amount"] for t in inside if t["amount"] > 0), 2)
        total_out = round(-sum(t["amount"] for t in inside if t["amount"] < 0), 2)
        return {
            "account_id": account_id,
            "name": acc["name"],
            "month": m,
            "opening_balance": opening,
            "closing_balance": round(opening + total_in - total_out, 2),
            "total_in": total_in,
            "total_out": total_out,
            "transaction_count": len(inside),
            "transactions": [dict(t) for t in inside],  # type: ignore[misc]
        }

    # --- moving money -------------------------------------------------------------------------

    @tool(
        needs="authenticated",
        writes=True,
    )
    def transfer_between_accounts(
        self, from_account_id: AccountId, to_account_id: AccountId, amount: float, memo: str = ""
    ) -> TransferResult:
        """Move money between the customer's own accounts (paying down the credit card included).

        Args:
            from_account_id: the account the money leaves.
            to_account_id: the account the money goes to.
            amount: dollars, positive, at most 2 decimals.
            memo: a note on both transactions.
        """
        amount = _amount(amount)
        if from_account_id == to_account_id:
            raise ToolError("from_account_id and to_account_id are the same account; choose two different accounts")
        dst = self._account(to_account_id, "destination account")
        src = self._debit_source(from_account_id, amount, "transfer")
        if dst["type"] == "credit":
            owed = -dst["balance"]
            if owed <= 0:
                raise ToolError(f"{dst['name']} has nothing owed; no payment needed")
            if amount > owed:
                raise ToolError(f"{dst['name']} owes {_money(owed)}; pay at most that much, requested {_money(amount)}")
        note = f" ({memo})" if memo else ""
        out = self._post(from_account_id, -amount, f"Transfer to {dst['name']}{note}", "transfer", "transfer")
        inn = self._post(to_account_id, amount, f"Transfer from {src['name']}{note}", "transfer", "transfer")
        return {
            "from_account_id": from_account_id,
            "from_account": src["name"],
            "to_account_id": to_account_id,
            "to_account": dst["name"],
            "amount": amount,
            "from_balance": out["balance_after"],
            "to_balance": inn["balance_after"],
            "txn_ids": [out["txn_id"], inn["txn_id"]],
        }

    @tool(needs="authenticated")
    def list_payees(self) -> list[Payee]:
        """The customer's saved payees."""
        return [dict(p) for p in self.payees.values()]  # type: ignore[misc]

    @tool(
        needs="authenticated",
        writes=True,
    )
    def add_payee(self, name: str, iban: str, nickname: str = "") -> Payee:
        """Save a new payee by name and IBAN.

        Args:
            name: the payee's name as on their account.
            iban: the payee's IBAN (spaces allowed).
            nickname: an optional short name.
        """
        clean = iban.replace(" ", "").upper()
        if not name.strip():
            raise ToolError("expected a non-empty payee name")
        if not _iban_ok(clean):
            raise ToolError(f"{iban!r} is not a valid IBAN (wrong length, format or check digits); ask the customer to check it")
        for p in self.payees.values():
            if p["iban"] == clean:
                raise ToolError(f"IBAN {clean} is already saved as payee {p['name']!r} (id {p['payee_id']})")
        pid = self._new_id("P", self.payees)
        row = {"payee_id": pid, "name": name.strip(), "iban": clean, "nickname": nickname, "added": self._today}
        self.payees[pid] = row
        return dict(row)  # type: ignore[return-value]

    @tool(
        needs="authenticated",
        writes=True,
    )
    def remove_payee(self, payee_id: PayeeId) -> str:
        """Delete a saved payee (not while a scheduled payment to them is active).

        Args:
            payee_id: the payee, from list_payees.
        """
        p = self._payee(payee_id)
        for s in self.scheduled.values():
            if s["payee_id"] == payee_id and s["status"] == "active":
                raise ToolError(
                    f"{p['name']} has an active scheduled payment ({s['scheduled_id']}, {s['date']}); cancel it first"
                )
        del self.payees[payee_id]
        return f"payee {p['name']} removed"

    def _check_limit(self, amount: float) -> float:
        remaining = round(max(self.daily_limit - self.used_today, 0.0), 2)
        if amount > remaining:
            raise ToolError(
                f"exceeds the daily transfer limit of {_money(self.daily_limit)}: {_money(remaining)} remaining today, "
                f"requested {_money(amount)}; raise the limit (set_transfer_limit) or pay less"
            )
        return remaining

    @tool(
        needs="authenticated",
        writes=True,
    )
    def pay_payee(self, payee_id: PayeeId, from_account_id: AccountId, amount: float, memo: str = "") -> Payment:
        """Pay a saved payee now (counts against the daily transfer limit).

        Args:
            payee_id: who to pay, from list_payees or add_payee.
            from_account_id: the account to pay from (checking or savings).
            amount: dollars, positive, at most 2 decimals.
            memo: a reference for the payee.
        """
        amount = _amount(amount)
        p = self._payee(payee_id)
        src = self._debit_source(from_account_id, amount, "pay")
        remaining = self._check_limit(amount)
        note = f" ({memo})" if memo else ""
        row = self._post(from_account_id, -amount, f"Payment to {p['name']}{note}", "payment", "payment")
        self.used_today = round(self.used_today + amount, 2)
        return {
            "txn_id": row["txn_id"],
            "payee_id": payee_id,
            "payee_name": p["name"],
            "from_account_id": from_account_id,
            "from_account": src["name"],
            "amount": amount,
            "balance_after": row["balance_after"],
            "remaining_daily_limit": round(remaining - amount, 2),
        }

    @tool(
        needs="authenticated",
    )
    def get_transfer_limit(self) -> Limit:
        """The daily limit on payments to payees, what was used today and what remains."""
        return self._limit()

    def _limit(self) -> Limit:
        return {
            "daily_limit": self.daily_limit,
            "used_today": self.used_today,
            "remaining_today": round(max(self.daily_limit - self.used_today, 0.0), 2),
        }

    @tool(
        needs="authenticated",
        writes=True,
    )
    def set_transfer_limit(self, amount: float) -> Limit:
        """Change the daily limit on payments to payees (up to 10,000.00).

        Args:
            amount: the new daily limit in dollars.
        """
        amount = _amount(amount)
        if amount > MAX_DAILY_LIMIT:
            raise ToolError(f"the bank's maximum daily limit is {_money(MAX_DAILY_LIMIT)}, requested {_money(amount)}")
        self.daily_limit = amount
        return self._limit()

    # --- cards --------------------------------------------------------------------------------

    @tool(needs="authenticated")
    def list_cards(self) -> list[Card]:
        """The customer's cards with their status (active or frozen)."""
        return [dict(c) for c in self.cards.values()]  # type: ignore[misc]

    @tool(
        needs="authenticated",
        writes=True,
    )
    def freeze_card(self, card_id: CardId) -> CardStatus:
        """Freeze a card: new purchases are declined until it is unfrozen.

        Args:
            card_id: the card, from list_cards.
        """
        c = self._card(card_id)
        if c["status"] == "frozen":
            raise ToolError(f"the {c['card_name']} ending {c['last4']} is already frozen")
        return self.cards.patch(card_id, status="frozen")

    @tool(
        needs="authenticated",
        writes=True,
    )
    def unfreeze_card(self, card_id: CardId) -> CardStatus:
        """Unfreeze a frozen card.

        Args:
            card_id: the card, from list_cards.
        """
        c = self._card(card_id)
        if c["status"] != "frozen":
            raise ToolError(f"the {c['card_name']} ending {c['last4']} is not frozen")
        return self.cards.patch(card_id, status="active")

    # --- scheduled payments -------------------------------------------------------------------

    @tool(
        needs="authenticated",
        writes=True,
    )
    def schedule_payment(
        self,
        payee_id: PayeeId,
        from_account_id: AccountId,
        amount: float,
        date: str,
        frequency: Literal["once", "weekly", "monthly"] = "once",
        memo: str = "",
    ) -> ScheduledCreated:
        """Schedule a future payment to a payee, once or repeating.

        Args:
            payee_id: who to pay, from list_payees.
            from_account_id: the account to pay from (checking or savings).
            amount: dollars per payment, positive, at most 2 decimals.
            date: the (first) payment date, YYYY-MM-DD, after today and within a year.
            frequency: once, weekly or monthly.
            memo: a reference for the payee.
        """
        amount = _amount(amount)
        p = self._payee(payee_id)
        acc = self._account(from_account_id, "source account")
        if acc["type"] == "credit":
            raise ToolError(f"cannot pay from {acc['name']}: a credit card account cannot send money")
        day = self._date(date, "date")
        today = dt.date.fromisoformat(self._today)
        if day <= today:
            raise ToolError(f"a scheduled payment must be after today ({self._today}); use pay_payee to pay now")
        if day > today + dt.timedelta(days=SCHEDULE_HORIZON_DAYS):
            raise ToolError(f"payments can be scheduled at most {SCHEDULE_HORIZON_DAYS} days ahead (until {today + dt.timedelta(days=SCHEDULE_HORIZON_DAYS)})")
        if amount > self.daily_limit:
            raise ToolError(
                f"each payment must fit the daily transfer limit of {_money(self.daily_limit)}, requested {_money(amount)}"
            )
        sid = self._new_id("S", self.scheduled)
        row = {
            "scheduled_id": sid,
            "payee_id": payee_id,
            "payee_name": p["name"],
            "from_account_id": from_account_id,
            "amount": amount,
            "date": day.isoformat(),
            "frequency": frequency,
            "memo": memo,
            "status": "active",
        }
        self.scheduled[sid] = row
        return dict(row)  # type: ignore[return-value]

    @tool(
        needs="authenticated",
    )
    def list_scheduled_payments(self, include_cancelled: bool = False) -> list[Scheduled]:
        """Scheduled payments by date.

        Args:
            include_cancelled: also show cancelled ones.
        """
        rows = [s for s in self.scheduled.values() if include_cancelled or s["status"] == "active"]
        rows.sort(key=lambda s: (s["date"], s["scheduled_id"]))
        return [dict(s) for s in rows]  # type: ignore[misc]

    @tool(
        needs="authenticated",
        writes=True,
    )
    def cancel_scheduled_payment(self, scheduled_id: ScheduledId) -> ScheduledEcho:
        """Cancel a scheduled payment.

        Args:
            scheduled_id: the scheduled payment, from list_scheduled_payments.
        """
        s = self.scheduled.get(scheduled_id)
        if s is None:
            raise ToolError(f"no scheduled payment with id {scheduled_id!r}; use list_scheduled_payments to get ids")
        if s["status"] != "active":
            raise ToolError(f"the scheduled payment {scheduled_id} to {s['payee_name']} is already cancelled")
        return self.scheduled.patch(scheduled_id, status="cancelled")

    # --- disputes -----------------------------------------------------------------------------

    @tool(
        needs="authenticated",
        writes=True,
    )
    def dispute_transaction(
        self,
        txn_id: TxnId,
        reason: Literal["unauthorized", "duplicate", "not_received", "wrong_amount", "other"],
        details: str = "",
    ) -> DisputeCreated:
        """Open a dispute on a card purchase (within 120 days, once per transaction).

        Args:
            txn_id: the transaction, from list_transactions or search_transactions.
            reason: why the customer disputes it.
            details: the customer's explanation.
        """
        t = self.transactions.get(txn_id)
        if t is None:
            raise ToolError(f"no transaction with id {txn_id!r}; use search_transactions or list_transactions to get ids")
        if t["type"] != "card":
            raise ToolError(f"only card purchases can be disputed; {t['description']!r} is a {t['type']}")
        age = (dt.date.fromisoformat(self._today) - dt.date.fromisoformat(t["date"])).days
        if age > DISPUTE_WINDOW_DAYS:
            raise ToolError(
                f"the {DISPUTE_WINDOW_DAYS}-day dispute window for {t['description']!r} on {t['date']} has passed"
            )
        for d in self.disputes.values():
            if d["txn_id"] == txn_id:
                raise ToolError(f"{t['description']!r} on {t['date']} is already disputed ({d['dispute_id']}, {d['status']})")
        did = self._new_id("D", self.disputes)
        row = {
            "dispute_id": did,
            "txn_id": txn_id,
            "merchant": t["description"],
            "amount": -t["amount"],
            "reason": reason,
            "details": details,
            "status": "open",
            "opened": self._today,
        }
        self.disputes[did] = row
        return dict(row)  # type: ignore[return-value]

    @tool(needs="authenticated")
    def list_disputes(self) -> list[Dispute]:
        """The customer's disputes and their status."""
        return [dict(d) for d in self.disputes.values()]  # type: ignore[misc]

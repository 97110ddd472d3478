"""A third-party style environment defined outside the package, used by the SDK tests."""

from __future__ import annotations

from typing import Annotated, Literal

from typing_extensions import TypedDict

from toolgym.envs import Entity, ToolEnv, ToolError, condition, pools, state, tool

AccountId = Annotated[str, Entity("account", label="owner")]


class AccountRef(TypedDict):
    account_id: AccountId
    owner: str
    balance: float


class Transfer(TypedDict):
    transfer_id: str
    from_id: AccountId
    to_id: AccountId
    amount: float


class Bank(ToolEnv):
    """You are a bank assistant. Transfers need a login and enough funds."""

    domain = "bank"
    user = state(None)
    cart = state(())

    def build(self, world) -> None:
        rng = world.rng("accounts")
        people = pools.people(rng, 60)
        ids = rng.sample(range(16**6), 60)
        balances = [float(rng.randint(0, 1000)) for _ in ids]
        self.accounts = world.table(
            "accounts",
            {
                f"A{i:06x}": {"account_id": f"A{i:06x}", "owner": p["name"], "balance": b}
                for i, p, b in zip(ids, people, balances, strict=False)
            },
        )
        self.transfers = world.table("transfers")

    @tool(establishes="logged_in", writes=True, intents=["log me in as {owner}", "sign in as {owner}", "log in for {owner}"])
    def login(self, owner: str) -> str:
        """Log in as an account owner.

        Args:
            owner: full name of the account owner.
        """
        if not self.accounts.where(owner=owner):
            raise ToolError(f"no account for {owner!r}")
        self.user = owner
        return "logged in"

    @tool(revokes="logged_in", writes=True, needs="logged_in")
    def logout(self) -> str:
        """Log out."""
        self.user = None
        return "logged out"

    @tool(needs="logged_in")
    def find_account(self, owner: str) -> list[AccountRef]:
        """Find accounts by owner name.

        Args:
            owner: full name of the owner.
        """
        return self.accounts.where(owner=owner)

    @tool(needs="logged_in", writes=True)
    def transfer(
        self,
        from_id: AccountId,
        to_id: AccountId,
        amount: float,
        memo: str = "",
        speed: Literal["instant", "standard"] = "standard",
    ) -> Transfer:
        """Move money between accounts.

        Args:
            from_id: the account to take the money from.
            to_id: the account to pay into.
            amount: how much, in dollars.
            memo: a note for the statement.
            speed: how fast the money moves.
        """
        for a in (from_id, to_id):
            if a not in self.accounts:
                raise ToolError(f"no account {a!r}; find_account gives ids")
        # Debit first and check after on purpose: the framework must undo this on ToolError.
        self.accounts.patch(from_id, balance=self.accounts[from_id]["balance"] - amount)
        if self.accounts[from_id]["balance"] < 0:
            raise ToolError(f"insufficient funds in {from_id}")
        self.accounts.patch(to_id, balance=self.accounts[to_id]["balance"] + amount)
        tid = f"T{len(self.transfers):04d}"
        self.transfers[tid] = {"transfer_id": tid, "from_id": from_id, "to_id": to_id, "amount": amount}
        return self.transfers[tid]

    @tool(needs="logged_in", writes=True)
    def add_to_cart(self, item: str) -> list[str]:
        """Put an item in the cart.

        Args:
            item: the item's name.
        """
        self.cart = [*self.cart, item]
        return list(self.cart)

    @condition
    def cart_nonempty(self) -> bool:
        return bool(self.cart)

    @tool(needs=("logged_in", "cart_nonempty"), writes=True)
    def checkout(self) -> dict:
        """Buy what is in the cart."""
        items = list(self.cart)
        self.cart = []
        return {"bought": items}

    @tool
    def crash(self, x: int) -> int:
        """A tool with a bug (for tests).

        Args:
            x: anything.
        """
        if x == 13:
            raise RuntimeError("a genuine bug")
        return x

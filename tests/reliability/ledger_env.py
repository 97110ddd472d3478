"""Small environments for the reliability tests: one honest, and two with bugs planted on purpose."""

from __future__ import annotations

from typing import Any

from toolgym.envs import ToolEnv, ToolError, state, tool


class Ledger(ToolEnv):
    """A ledger of named amounts."""

    domain = "ledger"
    cursor = state("")

    def build(self, world) -> None:
        self.rows = world.table("rows", {f"k{i}": {"key": f"k{i}", "amount": float(i)} for i in range(5)})

    @tool(writes=True)
    def put(self, key: str, amount: float) -> dict:
        """Set an amount.

        Args:
            key: the row.
            amount: the amount.
        """
        self.rows[key] = {"key": key, "amount": amount}
        self.cursor = key
        return self.rows[key]

    @tool(writes=True)
    def scale(self, key: str, factor: float) -> dict:
        """Multiply an amount (1e308 times 10 is no longer a finite number).

        Args:
            key: the row.
            factor: the factor.
        """
        if key not in self.rows:
            raise ToolError(f"no row {key!r}")
        return self.rows.patch(key, amount=self.rows[key]["amount"] * factor)

    @tool
    def ratio(self, a: float, b: float) -> float:
        """a times b, returned but not stored.

        Args:
            a: a number.
            b: another.
        """
        return a * b

    @tool(writes=True)
    def note(self, key: str, data: dict[str, Any]) -> dict:
        """Store free-form data (its schema leaves the values open).

        Args:
            key: the row.
            data: anything.
        """
        self.rows[key] = {"key": key, "amount": 0.0, "data": data}
        return self.rows[key]

    @tool
    def dump(self, n: int) -> str:
        """A text of n characters.

        Args:
            n: how many.
        """
        if n > 20_000_000:
            raise ToolError("at most 20,000,000 characters")
        return "z" * max(0, n)

    @tool(writes=True)
    def crash(self, key: str) -> None:
        """Writes, then fails with a bug (not a ToolError).

        Args:
            key: the row.
        """
        self.rows[key] = {"key": key, "amount": -1.0}
        raise RuntimeError("planted bug")


class LeakyLedger(Ledger):
    """A ledger whose ``scale`` mutates a row in place before refusing: a rejected call that
    changes the world behind the journal's back (the fuzz harness must catch it)."""

    @tool(writes=True)
    def scale(self, key: str, factor: float) -> dict:
        """Multiply an amount.

        Args:
            key: the row.
            factor: the factor.
        """
        row = self.rows.get(key)
        if row is None:
            raise ToolError(f"no row {key!r}")
        row["amount"] = row["amount"] * 2  # the planted bug: an in-place write
        if factor < 0:
            raise ToolError("negative factor")
        return self.rows.patch(key, amount=row["amount"] * factor)


class BuggyLedger(Ledger):
    """A ledger whose ``dump`` raises KeyError on negative n: an exception out of step."""

    @tool
    def dump(self, n: int) -> str:
        """A text of n characters.

        Args:
            n: how many.
        """
        if n < 0:
            return {}["planted"]
        return "z" * n

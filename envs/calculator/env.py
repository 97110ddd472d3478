"""Calculator: arithmetic, statistics, unit and currency conversion, named memory, a history.

Safe by construction: every operation is a named tool with numeric arguments. Nothing is parsed
as an expression and nothing is evaluated as code.
"""

from __future__ import annotations

import math
import statistics
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
)
from typing import Annotated, Literal

from typing_extensions import TypedDict

from toolgym.canonical import stable_hash
from toolgym.envs.core import ToolEnv
from toolgym.envs.tooling import Entity, ToolError, tool
from toolgym.envs.world import WorldScope, state
from toolgym.errors import suggest

from .data import ALIASES, DIMENSIONS, TODAY, UNITS, build_world, fmt
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Calculator"]

EntryId = Annotated[str, Entity("calculation", label="expression")]
SlotId = Annotated[str, Entity("memory_slot", label="name")]
Rounding = Literal["half_even", "half_up", "half_down", "up", "down", "ceiling", "floor"]
Dimension = Literal["length", "mass", "volume", "temperature", "time", "speed", "area"]

_MODES = {
    "half_even": ROUND_HALF_EVEN, "half_up": ROUND_HALF_UP, "half_down": ROUND_HALF_DOWN, "up": ROUND_UP,
    "down": ROUND_DOWN, "ceiling": ROUND_CEILING, "floor": ROUND_FLOOR,
}
_CTX = Context(prec=400)  # enough digits to quantize any finite double at 12 decimals
MAX_SLOTS = 20
MAX_VALUES = 10_000


class Calculation(TypedDict):
    entry_id: EntryId
    expression: str
    result: float
    unit: str | None


class HistoryEntry(TypedDict):
    entry_id: EntryId
    kind: str
    expression: str
    result: float
    unit: str | None


class Session(TypedDict):
    session_id: str
    status: str
    memory_slots: int


class Slot(TypedDict):
    slot_id: SlotId
    name: str
    value: float
    source: str


class Stats(TypedDict):
    count: int
    sum: float
    mean: float
    median: float
    stdev: float | None
    variance: float | None
    min: float
    max: float


class UnitInfo(TypedDict):
    unit: str
    dimension: str
    names: list[str]


class Rate(TypedDict):
    currency: str
    name: str
    rate: float


class CurrencyConversion(TypedDict):
    entry_id: EntryId
    expression: str
    result: float
    unit: str | None
    rate: float
    as_of: str


class Settings(TypedDict):
    decimals: int
    rounding: str
    session_active: bool


class Deleted(TypedDict):
    deleted: int
    message: str


class Calculator(ToolEnv):
    """You are a calculator assistant: arithmetic, powers, roots, logarithms, percentages,
    statistics, unit conversion and currency conversion, with a calculation history and a named
    memory.

    How it works:
    - Every calculation with one numeric result is recorded in the history with an entry id
      (`list_history` shows them). Results are rounded to the configured precision
      (`set_precision`: decimals and rounding mode; default 6 decimals, half-even).
    - Memory slots (named stored values, e.g. "rent") need an active session: call
      `start_session` first. `memory_store` saves a value or a history entry's result and returns
      the slot id; `memory_list` reveals the ids of existing slots. At most 20 slots.
    - Units: length, mass, volume, temperature, time, speed and area; a conversion only works
      within one dimension. Currency conversion uses today's reference rates (ISO codes).
    - Errors (division by zero, the log of a non-positive number, unknown units) explain the fix.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES
    decimals = state(6)
    rounding = state("half_even")

    def build(self, world: WorldScope) -> None:
        t = build_world(world)
        self.rates, self.memory, self.history = t["rates"], t["memory"], t["history"]
        world.vars["next_entry"] = len(self.history)
        world.vars["next_slot"] = len(self.memory)

    # --- helpers ------------------------------------------------------------------------------

    def _round(self, x: float) -> float:
        if not math.isfinite(x):
            raise ToolError("the result is too large to represent (overflow); use smaller numbers")
        q = Decimal(repr(x)).quantize(Decimal(1).scaleb(-self.decimals), rounding=_MODES[self.rounding], context=_CTX)
        return float(q) + 0.0  # + 0.0 turns -0.0 into 0.0

    def _counter(self, name: str) -> int:
        n = self.world_scope.vars[name]
        self.world_scope.vars[name] = n + 1
        return n

    def _new_id(self, prefix: str, counter: str, taken: object) -> str:
        """An id derived from (seed, counter): deterministic, journal-safe, not guessable."""
        while True:
            new = prefix + stable_hash([self.world_scope.seed, counter, self._counter(counter)], length=3)
            if new not in taken:  # type: ignore[operator]
                return new

    def _record(self, kind: str, expression: str, result: float, unit: str | None = None) -> Calculation:
        result = self._round(result)
        eid = self._new_id("H", "next_entry", self.history)
        seq = self.world_scope.vars["next_entry"]
        self.history[eid] = {
            "entry_id": eid, "seq": seq, "kind": kind, "expression": expression, "result": result, "unit": unit,
        }
        return {"entry_id": eid, "expression": expression, "result": result, "unit": unit}

    def _slot(self, slot_id: str) -> dict:
        row = self.memory.get(slot_id)
        if row is None:
            raise ToolError(f"no memory slot {slot_id!r}; memory_list shows the slot ids")
        return row

    def _unit(self, name: str) -> str:
        key = " ".join(name.strip().lower().split())
        sym = ALIASES.get(key)
        if sym is None:
            raise ToolError(f"unknown unit {name!r} (list_units shows every unit){suggest(key, ALIASES)}")
        return sym

    def _currency(self, code: str) -> dict:
        row = self.rates.get(code.strip().upper())
        if row is None:
            raise ToolError(f"unknown currency {code!r} (use ISO codes like USD, EUR){suggest(code.strip().upper(), self.rates)}")
        return row

    @staticmethod
    def _finite(values: list[float]) -> None:
        if not values:
            raise ToolError("expected at least one value, got an empty list")
        if len(values) > MAX_VALUES:
            raise ToolError(f"expected at most {MAX_VALUES} values, got {len(values)}")

    # --- session ------------------------------------------------------------------------------

    @tool(writes=True, establishes="session")
    def start_session(self) -> Session:
        """Start a session (needed for the memory tools)."""
        sid = self.world_scope.vars.get("session_id")
        if sid is not None:
            return {"session_id": sid, "status": "already active", "memory_slots": len(self.memory)}
        sid = "S" + stable_hash([self.world_scope.seed, "session", self._counter_or_zero("sessions")], length=3)
        self.world_scope.vars["session_id"] = sid
        return {"session_id": sid, "status": "started", "memory_slots": len(self.memory)}

    def _counter_or_zero(self, name: str) -> int:
        n = self.world_scope.vars.get(name, 0)
        self.world_scope.vars[name] = n + 1
        return n

    @tool(writes=True, needs="session", revokes="session")
    def end_session(self) -> Session:
        """End the session (memory stays saved for the next session)."""
        sid = self.world_scope.vars["session_id"]
        del self.world_scope.vars["session_id"]
        return {"session_id": sid, "status": "ended", "memory_slots": len(self.memory)}

    # --- arithmetic ---------------------------------------------------------------------------

    @tool(writes=True)
    def calculate(
        self, a: float, operation: Literal["add", "subtract", "multiply", "divide", "modulo", "floor_divide"], b: float
    ) -> Calculation:
        """Apply a basic arithmetic operation to two numbers.

        Args:
            a: the first operand.
            operation: "add", "subtract", "multiply", "divide", "modulo" or "floor_divide".
            b: the second operand.
        """
        if operation in ("divide", "modulo", "floor_divide") and b == 0:
            raise ToolError(f"division by zero: cannot {operation.replace('_', ' ')} {fmt(a)} by 0")
        sym = {"add": "+", "subtract": "-", "multiply": "*", "divide": "/", "modulo": "mod", "floor_divide": "//"}
        if operation == "add":
            r = a + b
        elif operation == "subtract":
            r = a - b
        elif operation == "multiply":
            r = a * b
        elif operation == "divide":
            r = a / b
        elif operation == "modulo":
            r = a % b
        else:
            r = float(a // b)
        return self._record("arithmetic", f"{fmt(a)} {sym[operation]} {fmt(b)}", r)

    @tool(writes=True)
    def power(self, base: float, exponent: float) -> Calculation:
        """Raise a number to a power.

        Args:
            base: the base.
            exponent: the exponent.
        """
        if base == 0 and exponent < 0:
            raise ToolError("division by zero: 0 cannot be raised to a negative power")
        if base < 0 and exponent != int(exponent):
            raise ToolError(f"{fmt(base)}^{fmt(exponent)} is not a real number: a negative base needs an integer exponent")
        try:
            r = math.pow(base, exponent)
        except OverflowError:
            raise ToolError(f"{fmt(base)}^{fmt(exponent)} is too large to represent (overflow)") from None
        return self._record("power", f"{fmt(base)}^{fmt(exponent)}", r)

    @tool(writes=True)
    def root(self, value: float, degree: int = 2) -> Calculation:
        """The n-th root of a number (square root by default).

        Args:
            value: the number.
            degree: which root: 2 for square, 3 for cube, and so on (>= 2).
        """
        if degree < 2:
            raise ToolError(f"degree must be 2 or more, got {degree}")
        if value < 0 and degree % 2 == 0:
            raise ToolError(f"an even root (degree {degree}) of a negative number ({fmt(value)}) is not real; use an odd degree")
        r = math.copysign(abs(value) ** (1.0 / degree), value)
        near = round(r)
        if near**degree == value:  # exact for perfect powers: 27 -> 3, not 3.0000000000000004
            r = float(near)
        label = "sqrt" if degree == 2 else "cbrt" if degree == 3 else f"root{degree}"
        return self._record("root", f"{label}({fmt(value)})", r)

    @tool(writes=True)
    def logarithm(self, value: float, base: float | Literal["e"] = 10.0) -> Calculation:
        """The logarithm of a number.

        Args:
            value: the number (> 0).
            base: the base (> 0 and not 1), or "e" for the natural logarithm.
        """
        if value <= 0:
            raise ToolError(f"the logarithm is only defined for positive numbers, got {fmt(value)}")
        if base == "e":
            return self._record("logarithm", f"ln({fmt(value)})", math.log(value))
        if base <= 0 or base == 1:
            raise ToolError(f"the base must be positive and not 1, got {fmt(base)}")
        return self._record("logarithm", f"log{fmt(base)}({fmt(value)})", math.log(value) / math.log(base))

    @tool(writes=True)
    def percentage(
        self, operation: Literal["percent_of", "what_percent", "change", "increase_by", "decrease_by"], a: float, b: float
    ) -> Calculation:
        """Percentage calculations.

        Args:
            operation: "percent_of" (a% of b), "what_percent" (a is what % of b), "change" (% change
                from a to b), "increase_by" (a increased by b%), "decrease_by" (a decreased by b%).
            a: the first number (see operation).
            b: the second number (see operation).
        """
        if operation == "percent_of":
            return self._record("percentage", f"{fmt(a)}% of {fmt(b)}", a / 100 * b)
        if operation == "what_percent":
            if b == 0:
                raise ToolError("division by zero: cannot express a percentage of 0")
            return self._record("percentage", f"{fmt(a)} as % of {fmt(b)}", a / b * 100, "%")
        if operation == "change":
            if a == 0:
                raise ToolError("division by zero: the percent change from 0 is undefined")
            return self._record("percentage", f"% change from {fmt(a)} to {fmt(b)}", (b - a) / abs(a) * 100, "%")
        if operation == "increase_by":
            return self._record("percentage", f"{fmt(a)} + {fmt(b)}%", a * (1 + b / 100))
        return self._record("percentage", f"{fmt(a)} - {fmt(b)}%", a * (1 - b / 100))

    # --- statistics ---------------------------------------------------------------------------

    @tool
    def summary_statistics(self, values: list[float], sample: bool = True) -> Stats:
        """Count, sum, mean, median, standard deviation, variance, min and max of a list of numbers.

        Args:
            values: the numbers.
            sample: true for the sample standard deviation (n-1), false for the population one (n).
        """
        self._finite(values)
        if not all(math.isfinite(v) for v in values):
            raise ToolError("values must be finite numbers")
        n = len(values)
        if n >= 2 or not sample:
            var = statistics.variance(values) if sample else statistics.pvariance(values)
            stdev: float | None = self._round(math.sqrt(var))
            variance: float | None = self._round(var)
        else:
            stdev = variance = None  # a sample standard deviation needs two values
        try:
            total = math.fsum(values)
        except OverflowError:
            raise ToolError("the sum is too large to represent (overflow)") from None
        return {
            "count": n, "sum": self._round(total), "mean": self._round(statistics.fmean(values)),
            "median": self._round(statistics.median(values)), "stdev": stdev, "variance": variance,
            "min": self._round(min(values)), "max": self._round(max(values)),
        }

    @tool(writes=True)
    def percentile(self, values: list[float], percentile: float) -> Calculation:
        """The p-th percentile of a list of numbers (linear interpolation between ranks).

        Args:
            values: the numbers.
            percentile: which percentile, 0-100 (50 is the median).
        """
        self._finite(values)
        if not 0 <= percentile <= 100:
            raise ToolError(f"percentile must be between 0 and 100, got {fmt(percentile)}")
        xs = sorted(values)
        pos = (len(xs) - 1) * percentile / 100
        lo = int(pos)
        hi = min(lo + 1, len(xs) - 1)
        r = xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)
        return self._record("statistics", f"percentile {fmt(percentile)} of {len(xs)} value{'s' if len(xs) != 1 else ''}", r)

    # --- conversion ---------------------------------------------------------------------------

    @tool(writes=True)
    def convert_units(self, value: float, from_unit: str, to_unit: str) -> Calculation:
        """Convert a quantity between units of the same dimension (length, mass, volume, temperature, time, speed, area).

        Args:
            value: the quantity.
            from_unit: the unit it is in (symbol or name: "km", "miles", "lb", "celsius"...).
            to_unit: the unit to convert to.
        """
        src, dst = self._unit(from_unit), self._unit(to_unit)
        d_src, f_src, _ = UNITS[src]
        d_dst, f_dst, _ = UNITS[dst]
        if d_src != d_dst:
            raise ToolError(
                f"cannot convert {src} ({d_src}) to {dst} ({d_dst}): units must measure the same dimension"
            )
        if d_src == "temperature":
            kelvin = {"c": value + 273.15, "f": (value - 32) * 5 / 9 + 273.15, "k": value}[src]
            if kelvin < -1e-9:
                raise ToolError(f"{fmt(value)} {src.upper()} is below absolute zero")
            r = {"c": kelvin - 273.15, "f": (kelvin - 273.15) * 9 / 5 + 32, "k": kelvin}[dst]
            return self._record("conversion", f"{fmt(value)} {src.upper()} -> {dst.upper()}", r, dst.upper())
        return self._record("conversion", f"{fmt(value)} {src} -> {dst}", value * f_src / f_dst, dst)

    @tool
    def list_units(self, dimension: Dimension | None = None) -> list[UnitInfo]:
        """List the units the converter knows, optionally for one dimension.

        Args:
            dimension: only units of this dimension.
        """
        return [
            {"unit": sym, "dimension": dim, "names": list(names)}
            for sym, (dim, _, names) in UNITS.items()
            if dimension is None or dim == dimension
        ]

    @tool(writes=True)
    def convert_currency(self, amount: float, from_currency: str, to_currency: str) -> CurrencyConversion:
        """Convert money between currencies at today's reference rates (results to 2 decimals).

        Args:
            amount: the amount of money.
            from_currency: ISO code of the currency it is in (e.g. "USD").
            to_currency: ISO code of the currency to convert to (e.g. "EUR").
        """
        src, dst = self._currency(from_currency), self._currency(to_currency)
        rate = dst["per_usd"] / src["per_usd"]
        r = round(amount * rate, 2)
        if not math.isfinite(r):
            raise ToolError("the amount is too large to convert")
        rec = self._record("currency", f"{fmt(amount)} {src['code']} -> {dst['code']}", r, dst["code"])
        return {**rec, "rate": round(rate, 6), "as_of": TODAY}

    @tool
    def list_exchange_rates(self, base: str = "USD") -> list[Rate]:
        """Today's reference exchange rates: units of each currency per one unit of `base`.

        Args:
            base: ISO code of the base currency.
        """
        b = self._currency(base)["per_usd"]
        return [{"currency": r["code"], "name": r["name"], "rate": round(r["per_usd"] / b, 6)} for r in self.rates.values()]

    # --- memory -------------------------------------------------------------------------------

    def _slot_out(self, row: dict) -> Slot:
        return {"slot_id": row["slot_id"], "name": row["name"], "value": row["value"], "source": row["source"]}

    @tool(writes=True, needs="session")
    def memory_store(self, name: str, value: float | None = None, entry_id: EntryId | None = None) -> Slot:
        """Store a value, or the result of a history entry, in a new named memory slot.

        Args:
            name: a name for the slot (e.g. "rent"); unique.
            value: the number to store (give this or entry_id).
            entry_id: a history entry whose result to store (from list_history or a calculation).
        """
        name = name.strip()
        if not name or len(name) > 40:
            raise ToolError(f"a slot name has 1-40 characters, got {len(name)}")
        if (value is None) == (entry_id is None):
            raise ToolError("give exactly one of value or entry_id")
        for row in self.memory.values():
            if row["name"].lower() == name.lower():
                raise ToolError(
                    f"memory {name!r} already exists as slot {row['slot_id']}; use memory_update to change it"
                )
        if len(self.memory) >= MAX_SLOTS:
            raise ToolError(f"memory is full ({MAX_SLOTS} slots); free one with memory_delete")
        if entry_id is not None:
            entry = self.history.get(entry_id)
            if entry is None:
                raise ToolError(f"no history entry {entry_id!r}; list_history shows entry ids")
            value, source = entry["result"], f"result of {entry['expression']}"
        else:
            if not math.isfinite(value):  # type: ignore[arg-type]
                raise ToolError("value must be a finite number")
            value, source = self._round(value), "stored value"  # type: ignore[arg-type]
        sid = self._new_id("M", "next_slot", self.memory)
        row = {"slot_id": sid, "seq": self.world_scope.vars["next_slot"], "name": name, "value": value, "source": source}
        self.memory[sid] = row
        return self._slot_out(row)

    @tool(needs="session")
    def memory_recall(self, slot_id: SlotId) -> Slot:
        """Read a memory slot.

        Args:
            slot_id: the slot (from memory_list or memory_store).
        """
        return self._slot_out(self._slot(slot_id))

    @tool(needs="session")
    def memory_list(self) -> list[Slot]:
        """List every memory slot with its id, name and value."""
        return [self._slot_out(r) for r in sorted(self.memory.values(), key=lambda r: r["seq"])]

    @tool(writes=True, needs="session")
    def memory_update(
        self, slot_id: SlotId, operation: Literal["set", "add", "subtract", "multiply", "divide"], value: float
    ) -> Slot:
        """Change a memory slot: set it, or add/subtract/multiply/divide it by a value (M+, M-).

        Args:
            slot_id: the slot (from memory_list or memory_store).
            operation: "set", "add", "subtract", "multiply" or "divide".
            value: the operand.
        """
        row = self._slot(slot_id)
        cur = row["value"]
        if operation == "divide" and value == 0:
            raise ToolError(f"division by zero: cannot divide {row['name']} by 0")
        new = {"set": value, "add": cur + value, "subtract": cur - value, "multiply": cur * value}.get(operation)
        if new is None:
            new = cur / value
        new = self._round(new)
        row = self.memory.patch(slot_id, value=new, source=f"{operation} {fmt(value)}")
        return self._slot_out(row)

    @tool(writes=True, needs="session")
    def memory_delete(self, slot_id: SlotId) -> Deleted:
        """Delete a memory slot.

        Args:
            slot_id: the slot (from memory_list).
        """
        row = self._slot(slot_id)
        del self.memory[slot_id]
        return {"deleted": 1, "message": f"deleted memory {row['name']!r} ({slot_id})"}

    # --- history and settings -----------------------------------------------------------------

    @tool
    def list_history(
        self,
        limit: int = 10,
        kind: Literal["arithmetic", "power", "root", "logarithm", "percentage", "statistics", "conversion", "currency"] | None = None,
        contains: str | None = None,
    ) -> list[HistoryEntry]:
        """List past calculations, most recent first; reveals entry ids.

        Args:
            limit: how many entries (1-100).
            kind: only entries of this kind.
            contains: only entries whose expression contains this text.
        """
        rows = sorted(self.history.values(), key=lambda r: -r["seq"])
        out: list[HistoryEntry] = []
        want = max(1, min(limit, 100))
        for r in rows:
            if kind is not None and r["kind"] != kind:
                continue
            if contains and contains.lower() not in r["expression"].lower():
                continue
            out.append({k: r[k] for k in ("entry_id", "kind", "expression", "result", "unit")})  # type: ignore[arg-type]
            if len(out) == want:
                break
        return out

    @tool
    def get_history_entry(self, entry_id: EntryId) -> HistoryEntry:
        """Get one history entry.

        Args:
            entry_id: the entry (from list_history or a calculation's result).
        """
        r = self.history.get(entry_id)
        if r is None:
            raise ToolError(f"no history entry {entry_id!r}; list_history shows entry ids")
        return {k: r[k] for k in ("entry_id", "kind", "expression", "result", "unit")}  # type: ignore[return-value]

    @tool(writes=True)
    def clear_history(self) -> Deleted:
        """Delete every history entry (memory slots are kept)."""
        keys = list(self.history)
        for k in keys:
            del self.history[k]
        return {"deleted": len(keys), "message": f"deleted {len(keys)} history entries"}

    @tool(writes=True)
    def set_precision(self, decimals: int, rounding: Rounding = "half_even") -> Settings:
        """Set how results are rounded.

        Args:
            decimals: decimal places, 0-12.
            rounding: "half_even" (banker's), "half_up", "half_down", "up", "down", "ceiling" or "floor".
        """
        if not 0 <= decimals <= 12:
            raise ToolError(f"decimals must be between 0 and 12, got {decimals}")
        self.decimals = decimals
        self.rounding = rounding
        return self.get_settings()

    @tool
    def get_settings(self) -> Settings:
        """The current rounding settings and whether a session is active."""
        return {
            "decimals": self.decimals, "rounding": self.rounding,
            "session_active": self.world_scope.vars.get("session_id") is not None,
        }


assert set(Dimension.__args__) == set(DIMENSIONS)  # type: ignore[attr-defined]

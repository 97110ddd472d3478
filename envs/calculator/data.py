"""The Calculator world: unit and currency tables, the user's saved memory slots, past calculations.

Units are an authored table (exact factors to one base unit per dimension; temperatures are
affine). Exchange rates are reference rates per US dollar with a small seeded drift, so each
world has its own "today's rates". The history and memory hold what an earlier user session left.
"""

from __future__ import annotations

import functools
import random
from typing import Any

from toolgym.envs.ids import permuted_ids as _ids
from toolgym.envs.world import WorldScope, derive_seed

__all__ = ["UNITS", "ALIASES", "DIMENSIONS", "CURRENCIES", "TODAY", "build_world", "fmt"]

TODAY = "2025-06-15"

# symbol: (dimension, factor to the dimension's base unit, extra names users type)
UNITS: dict[str, tuple[str, float, tuple[str, ...]]] = {
    # length, base metre
    "mm": ("length", 0.001, ("millimeter", "millimetre")),
    "cm": ("length", 0.01, ("centimeter", "centimetre")),
    "m": ("length", 1.0, ("meter", "metre")),
    "km": ("length", 1000.0, ("kilometer", "kilometre")),
    "in": ("length", 0.0254, ("inch", "inches")),
    "ft": ("length", 0.3048, ("foot", "feet")),
    "yd": ("length", 0.9144, ("yard",)),
    "mi": ("length", 1609.344, ("mile",)),
    "nmi": ("length", 1852.0, ("nautical mile",)),
    # mass, base kilogram
    "mg": ("mass", 1e-6, ("milligram",)),
    "g": ("mass", 0.001, ("gram", "gramme")),
    "kg": ("mass", 1.0, ("kilogram", "kilo")),
    "t": ("mass", 1000.0, ("tonne", "metric ton")),
    "oz": ("mass", 0.028349523125, ("ounce",)),
    "lb": ("mass", 0.45359237, ("pound", "lbs")),
    "st": ("mass", 6.35029318, ("stone",)),
    # volume, base litre
    "ml": ("volume", 0.001, ("milliliter", "millilitre")),
    "l": ("volume", 1.0, ("liter", "litre")),
    "m3": ("volume", 1000.0, ("cubic meter", "cubic metre")),
    "tsp": ("volume", 0.00492892159375, ("teaspoon",)),
    "tbsp": ("volume", 0.01478676478125, ("tablespoon",)),
    "fl_oz": ("volume", 0.0295735295625, ("fluid ounce", "fl oz")),
    "cup": ("volume", 0.2365882365, ()),
    "pt": ("volume", 0.473176473, ("pint",)),
    "qt": ("volume", 0.946352946, ("quart",)),
    "gal": ("volume", 3.785411784, ("gallon",)),
    # temperature (affine: handled apart; the factor is unused)
    "c": ("temperature", 1.0, ("celsius", "degc", "degrees celsius")),
    "f": ("temperature", 1.0, ("fahrenheit", "degf", "degrees fahrenheit")),
    "k": ("temperature", 1.0, ("kelvin",)),
    # time, base second
    "ms": ("time", 0.001, ("millisecond",)),
    "s": ("time", 1.0, ("second", "sec")),
    "min": ("time", 60.0, ("minute",)),
    "h": ("time", 3600.0, ("hour", "hr")),
    "day": ("time", 86400.0, ()),
    "week": ("time", 604800.0, ()),
    # speed, base metre per second
    "m/s": ("speed", 1.0, ("meters per second", "metres per second")),
    "km/h": ("speed", 1 / 3.6, ("kph", "kilometers per hour", "kilometres per hour")),
    "mph": ("speed", 0.44704, ("miles per hour",)),
    "kn": ("speed", 1852 / 3600, ("knot",)),
    # area, base square metre
    "cm2": ("area", 1e-4, ("square centimeter", "square centimetre")),
    "m2": ("area", 1.0, ("square meter", "square metre")),
    "km2": ("area", 1e6, ("square kilometer", "square kilometre")),
    "ha": ("area", 1e4, ("hectare",)),
    "acre": ("area", 4046.8564224, ()),
    "ft2": ("area", 0.09290304, ("square foot", "square feet")),
    "mi2": ("area", 2589988.110336, ("square mile",)),
}
DIMENSIONS = ("length", "mass", "volume", "temperature", "time", "speed", "area")


def _aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for sym, (_, _, names) in UNITS.items():
        out[sym] = sym
        for n in names:
            out[n] = sym
            if not n.endswith("s") and n not in ("celsius", "fahrenheit", "kelvin"):
                out[n + "s"] = sym  # plural
    out.update({"feet": "ft", "inches": "in", "°c": "c", "°f": "f", "degrees": "c", "tons": "t", "hrs": "h", "mins": "min", "days": "day", "weeks": "week", "acres": "acre"})
    return out


ALIASES = _aliases()

# ISO code: (name, units per US dollar, reference)
CURRENCIES: dict[str, tuple[str, float]] = {
    "USD": ("US dollar", 1.0), "EUR": ("euro", 0.92), "GBP": ("pound sterling", 0.79),
    "JPY": ("Japanese yen", 151.2), "CNY": ("Chinese yuan", 7.23), "INR": ("Indian rupee", 83.4),
    "CAD": ("Canadian dollar", 1.36), "AUD": ("Australian dollar", 1.52), "CHF": ("Swiss franc", 0.90),
    "SEK": ("Swedish krona", 10.6), "NOK": ("Norwegian krone", 10.8), "DKK": ("Danish krone", 6.88),
    "MXN": ("Mexican peso", 17.1), "BRL": ("Brazilian real", 5.05), "ZAR": ("South African rand", 18.6),
    "KRW": ("South Korean won", 1350.0), "SGD": ("Singapore dollar", 1.35), "HKD": ("Hong Kong dollar", 7.82),
    "NZD": ("New Zealand dollar", 1.66), "TRY": ("Turkish lira", 32.1), "PLN": ("Polish zloty", 3.98),
    "THB": ("Thai baht", 36.4), "IDR": ("Indonesian rupiah", 15900.0), "AED": ("UAE dirham", 3.6725),
    "SAR": ("Saudi riyal", 3.75), "ILS": ("Israeli shekel", 3.7), "CZK": ("Czech koruna", 23.3),
    "HUF": ("Hungarian forint", 362.0), "PHP": ("Philippine peso", 56.9), "MYR": ("Malaysian ringgit", 4.74),
}
_PEGGED = ("USD", "AED", "SAR", "HKD")  # pegged currencies do not drift

# Slots a user keeps, each with the range its value plausibly takes (low, high; rates in %):
# a user says "my gym fee", and a gym fee of 2,872 would make every answer about it read wrong.
_MEMORY: dict[str, tuple[float, float]] = {
    "rent": (850, 3200), "tax rate": (5, 32), "salary": (2400, 9500), "car payment": (180, 750),
    "grocery budget": (250, 900), "tip rate": (10, 25), "mortgage": (900, 3800), "savings goal": (2000, 40000),
    "gas price": (2.79, 5.49), "utilities": (90, 420), "insurance": (70, 380), "phone bill": (25, 140),
    "gym fee": (15, 95), "loan rate": (2.5, 11.5),
}
_MEMORY_NAMES = tuple(_MEMORY)
_OPS = ("add", "subtract", "multiply", "divide")
_SYM = {"add": "+", "subtract": "-", "multiply": "*", "divide": "/"}


def fmt(x: float) -> str:
    """A number as a person writes it: no trailing ``.0``, no exponent for everyday sizes."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.12g}"


@functools.lru_cache(maxsize=1)
def _calculations() -> tuple[tuple[str, float], ...]:
    """4,096 past calculations (expression, result), drawn once per process; a world takes a slice."""
    rng = random.Random(derive_seed("calculator-history"))
    out = []
    for _ in range(4096):
        op, a, b = rng.choice(_OPS), rng.randrange(1, 100_000) / 100, rng.randrange(1, 1000)
        r = a + b if op == "add" else a - b if op == "subtract" else a * b if op == "multiply" else a / b
        out.append((f"{fmt(a)} {_SYM[op]} {b}", round(r, 6)))
    return tuple(out)


def build_world(world: WorldScope, n_history: int = 160) -> dict[str, Any]:
    rng = world.rng("world")
    drift = rng.choices(range(-300, 301), k=len(CURRENCIES))
    rates = {
        code: {
            "code": code, "name": name,
            "per_usd": ref if code in _PEGGED else round(ref * (1 + d / 10_000), 6),
        }
        for (code, (name, ref)), d in zip(CURRENCIES.items(), drift, strict=False)
    }

    n_mem = rng.randint(8, 12)
    names = rng.sample(_MEMORY_NAMES, n_mem)
    fractions = [rng.random() for _ in range(n_mem)]
    mids = _ids(rng, "M", n_mem)
    memory = {}
    for i, (mid, name, f) in enumerate(zip(mids, names, fractions, strict=False)):
        lo, hi = _MEMORY[name]
        value = round(lo + f * (hi - lo), 2)
        memory[mid] = {"slot_id": mid, "seq": i, "name": name, "value": value, "source": "stored earlier"}

    calcs = _calculations()
    start = rng.randrange(len(calcs) - n_history)  # the pool is in random order: a slice is a sample
    history = {
        hid: {"entry_id": hid, "seq": seq, "kind": "arithmetic", "expression": e, "result": r, "unit": None}
        for seq, (hid, (e, r)) in enumerate(zip(_ids(rng, "H", n_history), calcs[start : start + n_history], strict=False))
    }
    return {
        "rates": world.table("rates", rates),
        "memory": world.table("memory", memory),
        "history": world.table("history", history),
    }

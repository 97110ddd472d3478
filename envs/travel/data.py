"""The seeded world of the Travel environment: airports, a flight schedule, fares, my account.

Airlines publish **schedules** (a route flown at a time on some weekdays); a **flight** is one
departure of a route on one date. The schedule is a table (a few hundred routes drawn from a
per-process universe of every plausible route between 30 real airports); the flights of the
next 60 days are never materialised: a flight id is a seeded, invertible scrambling of
``(route, day)``, so ids look random (and cannot be guessed from a route and a date) yet any id
decodes in constant time. Fares, taxes and occupancy of a flight are pure functions of the
route, the day and the world seed. Only what the user changes (bookings, seats) is stored.

Rows (never mutated in place):
    ``airports[code]``   = ``{"name", "city", "country", "currency"}``
    ``routes[flight_no]`` = ``{"index", "airline", "origin", "destination", "depart", "duration_min", "base_fare", "days", "capacity"}``
    ``rates[currency]``  = ``{"per_usd"}``          (units of the currency one US dollar buys)
    ``cards[card_id]``   = ``{"brand", "last4", "holder", "expires", "primary"}``
    ``bookings[booking_id]`` = see ``env.Travel.book_flight``
    ``insurance[insurance_id]`` = ``{"booking_id", "plan", "price", "status", "bought"}``
    ``seats_taken[flight_id]`` = ``{"seats": [...], "passengers": n}``  (the user's own)
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import random
from typing import Any

from toolgym.envs.world import WorldScope, derive_seed

__all__ = ["build_world", "TODAY", "DATES", "HORIZON", "AIRPORTS", "FlightCodec", "CABINS", "unique_ids"]

TODAY = "2025-11-03"
HORIZON = 60  # schedules are published this many days ahead
_T0 = dt.date.fromisoformat(TODAY)
# Day offsets from TODAY: -120 (past trips in the history) .. HORIZON.
DATES = {(_T0 + dt.timedelta(days=k)).isoformat(): k for k in range(-120, HORIZON + 1)}
DATE_OF = {k: d for d, k in DATES.items()}
CABINS = {"economy": 1.0, "premium": 1.65, "business": 3.2}

# code, airport, city, country, currency, latitude, longitude
AIRPORTS = (
    ("JFK", "John F. Kennedy International", "New York", "United States", "USD", 40.64, -73.78),
    ("LAX", "Los Angeles International", "Los Angeles", "United States", "USD", 33.94, -118.41),
    ("SFO", "San Francisco International", "San Francisco", "United States", "USD", 37.62, -122.38),
    ("ORD", "O'Hare International", "Chicago", "United States", "USD", 41.98, -87.90),
    ("ATL", "Hartsfield-Jackson", "Atlanta", "United States", "USD", 33.64, -84.43),
    ("SEA", "Seattle-Tacoma International", "Seattle", "United States", "USD", 47.45, -122.31),
    ("MIA", "Miami International", "Miami", "United States", "USD", 25.79, -80.29),
    ("BOS", "Logan International", "Boston", "United States", "USD", 42.36, -71.01),
    ("DEN", "Denver International", "Denver", "United States", "USD", 39.86, -104.67),
    ("YYZ", "Toronto Pearson", "Toronto", "Canada", "CAD", 43.68, -79.63),
    ("YVR", "Vancouver International", "Vancouver", "Canada", "CAD", 49.19, -123.18),
    ("MEX", "Benito Juarez International", "Mexico City", "Mexico", "MXN", 19.44, -99.07),
    ("LHR", "Heathrow", "London", "United Kingdom", "GBP", 51.47, -0.45),
    ("CDG", "Charles de Gaulle", "Paris", "France", "EUR", 49.01, 2.55),
    ("AMS", "Schiphol", "Amsterdam", "Netherlands", "EUR", 52.31, 4.76),
    ("FRA", "Frankfurt am Main", "Frankfurt", "Germany", "EUR", 50.03, 8.56),
    ("MAD", "Adolfo Suarez Madrid-Barajas", "Madrid", "Spain", "EUR", 40.47, -3.56),
    ("FCO", "Leonardo da Vinci-Fiumicino", "Rome", "Italy", "EUR", 41.80, 12.25),
    ("ZRH", "Zurich Airport", "Zurich", "Switzerland", "CHF", 47.46, 8.55),
    ("DXB", "Dubai International", "Dubai", "United Arab Emirates", "AED", 25.25, 55.36),
    ("NRT", "Narita International", "Tokyo", "Japan", "JPY", 35.77, 140.39),
    ("HND", "Haneda", "Tokyo", "Japan", "JPY", 35.55, 139.78),
    ("ICN", "Incheon International", "Seoul", "South Korea", "KRW", 37.46, 126.44),
    ("SIN", "Changi", "Singapore", "Singapore", "SGD", 1.36, 103.99),
    ("HKG", "Hong Kong International", "Hong Kong", "China", "HKD", 22.31, 113.91),
    ("SYD", "Kingsford Smith", "Sydney", "Australia", "AUD", -33.94, 151.18),
    ("GRU", "Guarulhos International", "Sao Paulo", "Brazil", "BRL", -23.43, -46.47),
    ("BCN", "Josep Tarradellas Barcelona-El Prat", "Barcelona", "Spain", "EUR", 41.30, 2.08),
    ("DUB", "Dublin Airport", "Dublin", "Ireland", "EUR", 53.42, -6.27),
    ("CPH", "Copenhagen Airport", "Copenhagen", "Denmark", "DKK", 55.62, 12.66),
)
_BASE_RATES = {
    "USD": 1.0, "EUR": 0.92, "GBP": 0.79, "CAD": 1.37, "MXN": 18.2, "CHF": 0.88, "AED": 3.6725, "JPY": 151.0,
    "KRW": 1370.0, "SGD": 1.34, "HKD": 7.8, "AUD": 1.53, "BRL": 5.4, "DKK": 6.87,
}
_AIRLINES = (("UA", "United"), ("DL", "Delta"), ("AA", "American"), ("BA", "British Airways"), ("AF", "Air France"),
             ("LH", "Lufthansa"), ("KL", "KLM"), ("EK", "Emirates"), ("NH", "ANA"), ("SQ", "Singapore Airlines"),
             ("AC", "Air Canada"), ("QF", "Qantas"), ("IB", "Iberia"), ("KE", "Korean Air"))
_DAY_MASKS = ("1111111", "1111111", "1111111", "1111100", "1010101", "0111110", "1101101")


_AIRPORT_ROWS = {a[0]: {"name": a[1], "city": a[2], "country": a[3], "currency": a[4]} for a in AIRPORTS}
_BYTE_BITS = tuple(tuple(bool(b >> (7 - i) & 1) for i in range(8)) for b in range(256))


def _km(a: tuple[Any, ...], b: tuple[Any, ...]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[5], a[6], b[5], b[6]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@functools.lru_cache(maxsize=1)
def route_universe() -> tuple[tuple[str, dict[str, Any]], ...]:
    """Every route a world may fly: 2 to 3 departures a day for every airport pair, built once.

    Returns ``(flight_number, row)`` pairs; flight numbers are unique across the universe.
    """
    rng = random.Random(derive_seed("travel-routes"))
    out = []
    used: set[str] = set()
    for a in AIRPORTS:
        for b in AIRPORTS:
            if a[0] == b[0] or (a[0], b[0]) in (("NRT", "HND"), ("HND", "NRT")):
                continue
            km = _km(a, b)
            for _ in range(rng.choice((2, 2, 3))):
                code, _name = rng.choice(_AIRLINES)
                num = f"{code}{rng.randint(10, 9999)}"
                while num in used:
                    num = f"{code}{rng.randint(10, 9999)}"
                used.add(num)
                out.append(
                    (num, {
                        "airline": _name, "origin": a[0], "destination": b[0],
                        "depart": f"{rng.choice(range(6, 23)):02d}:{rng.choice((0, 15, 30, 45)):02d}",
                        "duration_min": int(45 + km / 13.5) // 5 * 5,
                        "base_fare": round(60 + km * rng.uniform(0.07, 0.12), 2),
                        "days": rng.choice(_DAY_MASKS),
                        "capacity": rng.choice((120, 150, 180, 240, 300)),
                    })
                )
    return tuple((num, {"index": i, **row}) for i, (num, row) in enumerate(out))


class FlightCodec:
    """Flight ids <-> ``(route index, day offset)`` through a seeded bijection on 28 bits.

    Ids look random and a route and date do not reveal one: they come from search_flights.
    """

    BITS = 28
    MASK = (1 << BITS) - 1
    DAYS = 256  # day offsets -128..127 (history and the published horizon)

    def __init__(self, rng: random.Random):
        self.a = rng.getrandbits(self.BITS) | 1
        self.b = rng.getrandbits(self.BITS)
        self.a_inv = pow(self.a, -1, 1 << self.BITS)

    def encode(self, route_index: int, day: int) -> str:
        x = route_index * self.DAYS + (day + 128)
        return f"FL{(self.a * x + self.b) & self.MASK:07x}"

    def decode(self, flight_id: str) -> tuple[int, int] | None:
        if len(flight_id) != 9 or not flight_id.startswith("FL"):
            return None
        try:
            y = int(flight_id[2:], 16)
        except ValueError:
            return None
        x = ((y - self.b) * self.a_inv) & self.MASK
        return x // self.DAYS, x % self.DAYS - 128


def unique_ids(rng: random.Random, prefix: str, n: int, width: int = 6) -> list[str]:
    """``n`` distinct, random-looking ids: a seeded bijection of 0..n-1 (no retries)."""
    bits = width * 4
    mask = (1 << bits) - 1
    a, b, c = rng.getrandbits(bits) | 1, rng.getrandbits(bits), rng.getrandbits(bits) | 1
    out = []
    for i in range(n):
        x = (a * i + b) & mask
        x ^= x >> (bits // 2)
        out.append(f"{prefix}{(x * c) & mask:0{width}x}")
    return out


def mix(*parts: int) -> int:
    """A cheap deterministic hash of small integers (fares and occupancy per flight)."""
    h = 0x9E3779B1
    for p in parts:
        h = ((h ^ (p & 0xFFFFFFFF)) * 0x01000193) & 0xFFFFFFFF
        h ^= h >> 15
    return h


TAX_RATE = 0.12
FEE_PER_PASSENGER = 25.0
INSURANCE = {"basic": (0.04, 15.0), "premium": (0.09, 30.0)}  # share of the trip's total, minimum


@functools.lru_cache(maxsize=1)
def routes_by_pair() -> dict[tuple[str, str], tuple[str, ...]]:
    """Flight numbers of the universe by (origin, destination); a world filters them."""
    out: dict[tuple[str, str], list[str]] = {}
    for num, r in route_universe():
        out.setdefault((r["origin"], r["destination"]), []).append(num)
    return {k: tuple(v) for k, v in out.items()}


def fare_for(route: dict[str, Any], day: int, salt: int, cabin: str) -> float:
    """The fare of one seat: the route's base fare, a per-day demand factor, the cabin, and
    a rise as the date nears (the last two weeks cost more)."""
    demand = 0.8 + (mix(route["index"], day, salt) % 45) / 100
    late = 1.0 + max(0, 14 - day) * 0.02
    return round(route["base_fare"] * demand * late * CABINS[cabin], 2)


def total_for(fare: float, passengers: int) -> float:
    return round(fare * passengers * (1 + TAX_RATE) + FEE_PER_PASSENGER * passengers, 2)


def insurance_price(total: float, plan: str) -> float:
    share, minimum = INSURANCE[plan]
    return round(max(minimum, total * share), 2)


def build_world(world: WorldScope) -> dict[str, Any]:
    me = world.persona
    rng = world.rng("schedule")
    universe = route_universe()
    # About a third of all routes fly in a given world (picks sorted: the index is the route's place in the schedule).
    # A quarter of all routes fly in a given world: two random bit masks ANDed pick them in
    # one pass. Rows are shared with the universe (safe: rows are never mutated in place).
    nbytes = (len(universe) + 7) // 8
    mask = rng.getrandbits(nbytes * 8) & rng.getrandbits(nbytes * 8)
    flags = itertools.chain.from_iterable(map(_BYTE_BITS.__getitem__, mask.to_bytes(nbytes, "big")))
    routes = dict(itertools.compress(universe, flags))
    airports = dict(_AIRPORT_ROWS)
    rates = {c: {"per_usd": round(r * rng.uniform(0.97, 1.03), 6 if r < 10 else 2)} for c, r in _BASE_RATES.items()}
    rates["USD"] = {"per_usd": 1.0}

    cards = {c["card_id"]: {k: c[k] for k in ("brand", "last4", "holder", "expires", "primary")} for c in me["cards"]}
    crng = world.rng("cards")
    old_card = f"card_{crng.getrandbits(32):08x}"
    cards[old_card] = {"brand": "visa", "last4": f"{crng.getrandbits(13) % 10000:04d}", "holder": me["name"], "expires": "08/25", "primary": False}

    # my history: two past trips, two upcoming ones (one insured), one cancelled
    codec = FlightCodec(world.rng("flight-ids"))
    salt = world.rng("fares").getrandbits(32)
    hrng = world.rng("history")
    nums = hrng.sample(list(routes), 5)
    bids = unique_ids(hrng, "BK", 5)
    ins_id = unique_ids(hrng, "INS", 1)[0]
    primary = me["cards"][0]["card_id"]
    bookings: dict[str, dict[str, Any]] = {}
    for bid, num, day, status, cabin in zip(
        bids, nums, (-64, -23, 12, 27, 16), ("completed", "completed", "confirmed", "confirmed", "cancelled"),
        ("economy", "business", "economy", "premium", "economy"), strict=False,
    ):
        r = routes[num]
        while r["days"][(_T0.weekday() + day) % 7] != "1":  # a day the route flies
            day += 1
        fare = fare_for(r, day, salt, cabin)
        bookings[bid] = {
            "flight_id": codec.encode(r["index"], day), "flight_number": num, "origin": r["origin"], "destination": r["destination"],
            "date": DATE_OF[day], "depart": r["depart"], "cabin": cabin, "passengers": 1, "total": total_for(fare, 1),
            "card_id": primary, "status": status, "seats": [], "insurance_id": None, "booked": DATE_OF[min(day, 0) - 20],
            "refund": 0.0,
        }
    insured = bids[3]
    bookings[insured] = {**bookings[insured], "insurance_id": ins_id}
    insurance = {ins_id: {"booking_id": insured, "plan": "premium", "price": insurance_price(bookings[insured]["total"], "premium"), "status": "active", "bought": DATE_OF[-10]}}

    return {
        "bookings": world.table("bookings", bookings),
        "insurance": world.table("insurance", insurance),
        "seats_taken": world.table("seats_taken", {}),
        "routes": world.table("routes", routes),
        "airports": world.table("airports", airports),
        "rates": world.table("rates", rates),
        "cards": world.table("cards", cards),
        "codec": codec,
        "salt": salt,
    }

"""The Travel environment: search, price and book flights; cancel, insure, pick seats, convert money."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from toolgym.canonical import stable_hash
from toolgym.envs.core import ToolEnv
from toolgym.envs.tooling import Entity, ToolError, tool
from toolgym.envs.world import WorldScope, state
from toolgym.errors import suggest

from .data import (
    DATE_OF,
    DATES,
    FEE_PER_PASSENGER,
    HORIZON,
    TAX_RATE,
    TODAY,
    build_world,
    fare_for,
    insurance_price,
    mix,
    route_universe,
    routes_by_pair,
    total_for,
)
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Travel"]

AirportCode = Annotated[str, Entity("airport", internal=False, label="city")]
FlightId = Annotated[str, Entity("flight", label="flight_number")]
BookingId = Annotated[str, Entity("booking", label="flight_number")]
CardId = Annotated[str, Entity("card", label="last4")]
# A policy is known by the flight it covers ("the insurance on AA1266"): one active policy per booking.
InsuranceId = Annotated[str, Entity("insurance", label="flight_number")]
# A seat is something a user says ("14C"); get_seat_map reveals the free ones, select_seat takes one.
Seat = Annotated[str, Entity("seat", internal=False)]
Currency = Literal["USD", "EUR", "GBP", "CAD", "MXN", "CHF", "AED", "JPY", "KRW", "SGD", "HKD", "AUD", "BRL", "DKK"]
Cabin = Literal["economy", "premium", "business"]
Passengers = Annotated[int, Field(ge=1, le=9)]
Money = Annotated[float, Field(ge=0, le=1_000_000)]

_T0 = dt.date.fromisoformat(TODAY)
_WEEKDAY0 = _T0.weekday()
_SEAT_ROWS = {"business": range(1, 5), "premium": range(5, 10), "economy": range(10, 41)}
_SEAT_LETTERS = {"business": "ACDF", "premium": "ABCDEF", "economy": "ABCDEF"}
_START_BUDGET = 0.0  # replaced in build()


class Airport(TypedDict):
    code: AirportCode
    name: str
    city: str
    country: str
    currency: str


class FlightOffer(TypedDict):
    flight_id: FlightId
    flight_number: str
    airline: str
    origin: AirportCode
    destination: AirportCode
    date: str
    depart: str
    arrive: str  # local time of arrival, HH:MM, on arrive_date
    arrive_date: str
    duration_min: int
    cabin: str
    fare: float
    currency: str
    seats_left: int


class Cost(TypedDict):
    flight_id: FlightId
    flight_number: str
    cabin: str
    passengers: int
    fare_per_passenger: float
    taxes: float
    fees: float
    total: float
    currency: str
    total_usd: float


class Rate(TypedDict):
    from_currency: str
    to_currency: str
    rate: float


class Conversion(TypedDict):
    amount: float
    from_currency: str
    converted: float
    to_currency: str
    rate: float


class Card(TypedDict):
    card_id: CardId
    brand: str
    last4: str
    holder: str
    expires: str
    primary: bool


class Budget(TypedDict):
    budget: float
    committed: float
    remaining: float
    currency: str


class Booking(TypedDict):
    booking_id: BookingId
    flight_id: FlightId
    flight_number: str
    origin: AirportCode
    destination: AirportCode
    date: str
    depart: str
    cabin: str
    passengers: int
    total: float
    # A plain string: list_cards reveals cards (with their last4, the label a user says); a
    # booking's card id has no last4 beside it and would be a card the user cannot name.
    card_id: str
    card_last4: str
    status: Literal["confirmed", "completed", "cancelled"]
    seats: list[str]
    insurance_id: InsuranceId | None
    booked: str
    refund: float


class Cancellation(TypedDict):
    booking_id: BookingId
    flight_number: str
    status: str
    refund: float
    rule: str


class Policy(TypedDict):
    insurance_id: InsuranceId
    booking_id: BookingId
    flight_number: str
    plan: str
    price: float
    status: str
    covers: str


class Quote(TypedDict):
    booking_id: BookingId
    flight_number: str
    basic: float
    premium: float


class SeatMap(TypedDict):
    flight_id: FlightId
    flight_number: str
    cabin: str
    available: list[Seat]
    taken: int


class Loyalty(TypedDict):
    points: int
    tier: str
    next_tier: str | None
    points_to_next: int


class Profile(TypedDict):
    name: str
    username: str
    email: str
    home_city: str
    loyalty_points: int


_COVERS = {
    "basic": "medical emergencies and lost luggage",
    "premium": "medical, luggage, and cancellation for any reason (full refund of the fare)",
}
_TIERS = ((0, "blue"), (10_000, "silver"), (25_000, "gold"), (50_000, "platinum"))


class Travel(ToolEnv):
    """You are a travel booking assistant for one customer.

    Rules:
    - Searching airports, flights, prices and exchange rates is public. Everything about the
      customer's account (cards, budget, bookings, insurance, seats, loyalty) needs login with
      their username and password first.
    - Airports are given by IATA code (find_airports maps a city to codes). Flights are bookable
      from tomorrow up to 60 days ahead. Flight ids come from search_flights; never invent one.
    - All prices are charged in USD; totals include 12% taxes and a 25.00 USD fee per passenger.
    - Budget: the sum of the customer's confirmed bookings and their insurance may not exceed
      the budget (set_budget changes it). A booking or insurance over budget is refused.
    - Expired cards are refused.
    - Cancellation refunds: premium and business cabins get a full refund; economy gets the
      total minus a 75.00 USD fee when cancelled 7 or more days before departure, half the total
      from 1 to 6 days before. Premium insurance makes any cancellation fully refunded.
    - Insurance: one policy per confirmed booking, bought at least one day before departure.
      basic = 4% of the trip total (min 15 USD), premium = 9% (min 30 USD).
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES
    budget = state(_START_BUDGET)
    points = state(0)

    def build(self, world: WorldScope) -> None:
        made = build_world(world)
        self.routes = made["routes"]
        self.airports = made["airports"]
        self.rates = made["rates"]
        self.cards = made["cards"]
        self.bookings = made["bookings"]
        self.insurance = made["insurance"]
        self.seats_taken = made["seats_taken"]
        self.codec = made["codec"]
        self.salt: int = made["salt"]
        self.universe = route_universe()
        self.persona = world.persona
        acct = world.rng("account")
        self.points = 8000 + acct.getrandbits(14)
        # The budget leaves 2500-5000 USD on top of the trips already booked.
        self.budget = float(-(-(self._committed() + 2500 + acct.getrandbits(12) % 2500) // 500) * 500)

    # --- helpers ---------------------------------------------------------------------------

    def _airport(self, code: str, what: str) -> str:
        c = code.strip().upper()
        if c in self.airports:
            return c
        cities = {a["city"].lower(): k for k, a in self.airports.items()}
        hint = f"; {code} is served by {cities[code.strip().lower()]}" if code.strip().lower() in cities else suggest(c, self.airports)
        raise ToolError(f"unknown {what} airport {code!r}: use an IATA code (find_airports gives them){hint}")

    def _day(self, date: str) -> int:
        day = DATES.get(date)
        if day is None:
            try:
                d = dt.date.fromisoformat(date)
            except ValueError:
                raise ToolError(f"expected a date as YYYY-MM-DD, got {date!r}") from None
            if d < _T0:
                raise ToolError(f"{date} is in the past (today is {TODAY})")
            raise ToolError(f"no schedule for {date}: flights are published {HORIZON} days ahead (until {DATE_OF[HORIZON]})")
        if day < 0:
            raise ToolError(f"{date} is in the past (today is {TODAY})")
        if day == 0:
            raise ToolError(f"flights for today ({TODAY}) are closed for booking; the earliest date is {DATE_OF[1]}")
        return day

    def _flies(self, route: dict[str, Any], day: int) -> bool:
        return route["days"][(_WEEKDAY0 + day) % 7] == "1"

    def _flight(self, flight_id: str) -> tuple[str, dict[str, Any], int]:
        decoded = self.codec.decode(flight_id)
        if decoded is not None:
            idx, day = decoded
            if 0 <= idx < len(self.universe) and 1 <= day <= HORIZON:
                num, _ = self.universe[idx]
                route = self.routes.get(num)
                if route is not None and self._flies(route, day):
                    return num, route, day
        raise ToolError(f"no flight with id {flight_id!r}; search_flights gives flight ids")

    def _seats_left(self, route: dict[str, Any], day: int, flight_id: str) -> int:
        cap = route["capacity"]
        sold = cap * (55 + mix(route["index"], day, self.salt, 7) % 45) // 100
        mine = self.seats_taken.get(flight_id)
        return max(0, cap - sold - (mine["passengers"] if mine else 0))

    def _offer(self, num: str, route: dict[str, Any], day: int, cabin: str, currency: str) -> FlightOffer:
        fid = self.codec.encode(route["index"], day)
        h, m = map(int, route["depart"].split(":"))
        end = h * 60 + m + route["duration_min"]
        # the clock time and the day of arrival apart ("01:40" on the next day), not "01:40 (+1d)"
        arrive = f"{end // 60 % 24:02d}:{end % 60:02d}"
        fare = fare_for(route, day, self.salt, cabin)
        return {
            "flight_id": fid, "flight_number": num, "airline": route["airline"], "origin": route["origin"],
            "destination": route["destination"], "date": DATE_OF[day], "depart": route["depart"], "arrive": arrive,
            "arrive_date": DATE_OF.get(day + end // 1440) or (_T0 + dt.timedelta(days=day + end // 1440)).isoformat(),
            "duration_min": route["duration_min"], "cabin": cabin, "fare": self._convert(fare, "USD", currency),
            "currency": currency, "seats_left": self._seats_left(route, day, fid),
        }

    def _rate(self, src: str, dst: str) -> float:
        return self.rates[dst]["per_usd"] / self.rates[src]["per_usd"]

    def _convert(self, amount: float, src: str, dst: str) -> float:
        return round(amount * self._rate(src, dst), 2) if src != dst else round(amount, 2)

    def _committed(self) -> float:
        total = sum(b["total"] for b in self.bookings.values() if b["status"] == "confirmed")
        total += sum(p["price"] for p in self.insurance.values() if p["status"] == "active")
        return round(total, 2)

    def _check_budget(self, cost: float, what: str) -> None:
        committed = self._committed()
        remaining = round(self.budget - committed, 2)
        if cost > remaining + 1e-9:
            raise ToolError(
                f"over budget: {what} costs {cost:.2f} USD but only {max(remaining, 0):.2f} USD of your {self.budget:.2f} USD "
                f"budget remains ({committed:.2f} committed); raise it with set_budget or choose something cheaper"
            )

    def _booking(self, booking_id: str) -> dict[str, Any]:
        b = self.bookings.get(booking_id)
        if b is None:
            raise ToolError(f"no booking {booking_id!r}; list_bookings shows your booking ids{suggest(booking_id, self.bookings)}")
        return b

    def _booking_view(self, bid: str, b: dict[str, Any]) -> Booking:
        card = self.cards.get(b["card_id"])
        return {"booking_id": bid, **b, "card_last4": card["last4"] if card else ""}  # type: ignore[typeddict-item]

    def _days_until(self, b: dict[str, Any]) -> int:
        return DATES[b["date"]]

    # --- account ----------------------------------------------------------------------------

    @tool(writes=True, establishes="logged_in")
    def login(self, username: str, password: str) -> Profile:
        """Sign in to the customer's travel account.

        Args:
            username: the account's username.
            password: the account's password.
        """
        if username != self.persona["username"]:
            raise ToolError(f"no travel account with username {username!r}")
        if password != self.persona["password"]:
            raise ToolError(f"wrong password for {username!r}")
        return self._profile()

    def _profile(self) -> Profile:
        p = self.persona
        return {"name": p["name"], "username": p["username"], "email": p["email"], "home_city": p["home_city"], "loyalty_points": self.points}

    @tool(writes=True, needs="logged_in", revokes="logged_in")
    def logout(self) -> str:
        """Sign out."""
        return "logged out"

    @tool(needs="logged_in")
    def get_profile(self) -> Profile:
        """The signed-in customer's profile."""
        return self._profile()

    @tool(needs="logged_in")
    def list_cards(self) -> list[Card]:
        """The customer's saved payment cards."""
        return [{"card_id": cid, **c} for cid, c in sorted(self.cards.items(), key=lambda kv: (not kv[1]["primary"], kv[0]))]  # type: ignore[typeddict-item]

    @tool(needs="logged_in")
    def get_budget(self) -> Budget:
        """The travel budget, what confirmed bookings and insurance commit, and what remains (USD)."""
        committed = self._committed()
        return {"budget": self.budget, "committed": committed, "remaining": round(self.budget - committed, 2), "currency": "USD"}

    @tool(writes=True, needs="logged_in")
    def set_budget(self, amount: Money, currency: Currency = "USD") -> Budget:
        """Set the travel budget (stored in USD).

        Args:
            amount: the new budget.
            currency: the currency of the amount (converted to USD).
        """
        usd = self._convert(amount, currency, "USD")
        committed = self._committed()
        if usd < committed:
            raise ToolError(f"a budget of {usd:.2f} USD is below the {committed:.2f} USD already committed to confirmed bookings; cancel something first or set at least {committed:.2f}")
        self.budget = usd
        return {"budget": usd, "committed": committed, "remaining": round(usd - committed, 2), "currency": "USD"}

    @tool(needs="logged_in")
    def get_loyalty(self) -> Loyalty:
        """The customer's loyalty points and tier (10 points per USD spent on flights)."""
        pts = self.points
        tier = [name for floor, name in _TIERS if pts >= floor][-1]
        nxt = next(((floor, name) for floor, name in _TIERS if floor > pts), None)
        return {"points": pts, "tier": tier, "next_tier": nxt[1] if nxt else None, "points_to_next": nxt[0] - pts if nxt else 0}

    # --- public information ------------------------------------------------------------------

    @tool
    def find_airports(self, query: str) -> list[Airport]:
        """Airports whose city, name, country or code contains the text (case-insensitive).

        Args:
            query: a city, country, airport name or code.
        """
        q = query.strip().lower()
        if not q:
            raise ToolError("expected a city or airport name, got an empty string")
        out = [
            {"code": k, **a} for k, a in self.airports.items()
            if q in a["city"].lower() or q in a["name"].lower() or q in a["country"].lower() or q == k.lower()
        ]
        return out  # type: ignore[return-value]

    @tool
    def search_flights(
        self, origin: AirportCode, destination: AirportCode, date: str, cabin: Cabin = "economy", passengers: Passengers = 1,
        currency: Currency = "USD",
    ) -> list[FlightOffer]:
        """Direct flights between two airports on a date, cheapest first, with fares per passenger.

        Args:
            origin: the departure airport's IATA code, e.g. "JFK".
            destination: the arrival airport's IATA code, e.g. "LHR".
            date: the departure date, YYYY-MM-DD.
            cabin: the cabin class to price.
            passengers: only flights with this many free seats.
            currency: show fares in this currency (bookings are charged in USD).
        """
        o, d = self._airport(origin, "origin"), self._airport(destination, "destination")
        if o == d:
            raise ToolError("origin and destination are the same airport")
        day = self._day(date)
        offers = [self._offer(num, self.routes[num], day, cabin, currency) for num in routes_by_pair().get((o, d), ()) if num in self.routes and self._flies(self.routes[num], day)]
        offers = [f for f in offers if f["seats_left"] >= passengers]
        offers.sort(key=lambda f: (f["fare"], f["depart"], f["flight_number"]))
        return offers

    @tool
    def get_flight(self, flight_id: FlightId, cabin: Cabin = "economy") -> FlightOffer:
        """One flight's schedule, fare and free seats.

        Args:
            flight_id: the flight, from search_flights.
            cabin: the cabin class to price.
        """
        num, route, day = self._flight(flight_id)
        return self._offer(num, route, day, cabin, "USD")

    @tool
    def get_flight_cost(self, flight_id: FlightId, cabin: Cabin = "economy", passengers: Passengers = 1, currency: Currency = "USD") -> Cost:
        """The full price of a flight for a party: fare, 12% taxes, 25 USD fee per passenger.

        Args:
            flight_id: the flight, from search_flights.
            cabin: the cabin class.
            passengers: how many travellers.
            currency: the currency to show (the charge is in USD).
        """
        num, route, day = self._flight(flight_id)
        fare = fare_for(route, day, self.salt, cabin)
        total = total_for(fare, passengers)
        taxes = round(fare * passengers * TAX_RATE, 2)
        fees = FEE_PER_PASSENGER * passengers
        cv = self._convert
        return {
            "flight_id": flight_id, "flight_number": num, "cabin": cabin, "passengers": passengers, "fare_per_passenger": cv(fare, "USD", currency),
            "taxes": cv(taxes, "USD", currency), "fees": cv(fees, "USD", currency), "total": cv(total, "USD", currency),
            "currency": currency, "total_usd": total,
        }

    @tool
    def get_exchange_rate(self, from_currency: Currency, to_currency: Currency) -> Rate:
        """Today's exchange rate: units of to_currency per one unit of from_currency.

        Args:
            from_currency: the currency converted from.
            to_currency: the currency converted to.
        """
        return {"from_currency": from_currency, "to_currency": to_currency, "rate": round(self._rate(from_currency, to_currency), 6)}

    @tool
    def convert_currency(self, amount: Money, from_currency: Currency, to_currency: Currency) -> Conversion:
        """Convert an amount between currencies at today's rate.

        Args:
            amount: the amount to convert.
            from_currency: its currency.
            to_currency: the currency wanted.
        """
        return {
            "amount": amount, "from_currency": from_currency, "converted": self._convert(amount, from_currency, to_currency),
            "to_currency": to_currency, "rate": round(self._rate(from_currency, to_currency), 6),
        }

    # --- bookings ---------------------------------------------------------------------------

    @tool(writes=True, needs="logged_in")
    def book_flight(self, flight_id: FlightId, card_id: CardId, cabin: Cabin = "economy", passengers: Passengers = 1) -> Booking:
        """Book a flight and charge a saved card (within the budget).

        Args:
            flight_id: the flight, from search_flights.
            card_id: the card to charge, from list_cards.
            cabin: the cabin class.
            passengers: how many travellers (1-9).
        """
        num, route, day = self._flight(flight_id)
        card = self.cards.get(card_id)
        if card is None:
            raise ToolError(f"no card {card_id!r}; list_cards shows your card ids")
        mm, yy = map(int, card["expires"].split("/"))
        if (2000 + yy, mm) < (_T0.year, _T0.month):
            raise ToolError(f"card ending {card['last4']} expired {card['expires']}; choose another card (list_cards)")
        left = self._seats_left(route, day, flight_id)
        if passengers > left:
            raise ToolError(f"only {left} seat(s) left on {num} on {DATE_OF[day]}; book fewer passengers or another flight")
        total = total_for(fare_for(route, day, self.salt, cabin), passengers)
        self._check_budget(total, f"{num} for {passengers} in {cabin}")
        bid = "BK" + stable_hash([flight_id, cabin, passengers, len(self.bookings)], length=3)
        while bid in self.bookings:
            bid = "BK" + stable_hash([bid], length=3)
        row = {
            "flight_id": flight_id, "flight_number": num, "origin": route["origin"], "destination": route["destination"],
            "date": DATE_OF[day], "depart": route["depart"], "cabin": cabin, "passengers": passengers, "total": total,
            "card_id": card_id, "status": "confirmed", "seats": [], "insurance_id": None, "booked": TODAY, "refund": 0.0,
        }
        self.bookings[bid] = row
        mine = self.seats_taken.get(flight_id)
        self.seats_taken[flight_id] = {"seats": mine["seats"] if mine else [], "passengers": (mine["passengers"] if mine else 0) + passengers}
        self.points = self.points + int(total * 10)
        return self._booking_view(bid, row)

    @tool(needs="logged_in")
    def list_bookings(self, status: Literal["confirmed", "completed", "cancelled"] | None = None) -> list[Booking]:
        """The customer's bookings (optionally only one status), by date.

        Args:
            status: only bookings with this status.
        """
        out = [self._booking_view(k, b) for k, b in self.bookings.items() if status is None or b["status"] == status]
        out.sort(key=lambda b: (b["date"], b["booking_id"]))
        return out

    @tool(needs="logged_in")
    def get_booking(self, booking_id: BookingId) -> Booking:
        """One booking's details.

        Args:
            booking_id: the booking, from list_bookings.
        """
        return self._booking_view(booking_id, self._booking(booking_id))

    @tool(writes=True, needs="logged_in")
    def cancel_booking(self, booking_id: BookingId) -> Cancellation:
        """Cancel a confirmed booking; the refund follows the cancellation rules.

        Args:
            booking_id: the booking, from list_bookings.
        """
        b = self._booking(booking_id)
        if b["status"] == "cancelled":
            raise ToolError(f"booking {booking_id} is already cancelled")
        if b["status"] == "completed":
            raise ToolError(f"booking {booking_id} was already flown on {b['date']}; it cannot be cancelled")
        days = self._days_until(b)
        policy = self.insurance.get(b["insurance_id"]) if b["insurance_id"] else None
        if policy is not None and policy["status"] == "active" and policy["plan"] == "premium":
            refund, rule = b["total"], "premium insurance: full refund"
        elif b["cabin"] in ("premium", "business"):
            refund, rule = b["total"], f"{b['cabin']} cabin: full refund"
        elif days >= 7:
            refund, rule = max(0.0, round(b["total"] - 75.0, 2)), "economy, 7+ days before departure: total minus a 75.00 USD fee"
        else:
            refund, rule = round(b["total"] / 2, 2), "economy, 1-6 days before departure: half the total"
        self.bookings.patch(booking_id, status="cancelled", refund=refund)
        mine = self.seats_taken.get(b["flight_id"])
        if mine is not None:
            left = mine["passengers"] - b["passengers"]
            seats = [s for s in mine["seats"] if s not in b["seats"]]
            if left > 0 or seats:
                self.seats_taken[b["flight_id"]] = {"seats": seats, "passengers": max(left, 0)}
            else:
                del self.seats_taken[b["flight_id"]]
        if policy is not None and policy["status"] == "active":
            self.insurance.patch(b["insurance_id"], status="expired")
        return {"booking_id": booking_id, "flight_number": b["flight_number"], "status": "cancelled", "refund": refund, "rule": rule}

    # --- insurance --------------------------------------------------------------------------

    @tool(needs="logged_in")
    def get_insurance_quote(self, booking_id: BookingId) -> Quote:
        """Prices of the basic and premium insurance plans for a booking.

        Args:
            booking_id: the booking, from list_bookings.
        """
        b = self._booking(booking_id)
        return {"booking_id": booking_id, "flight_number": b["flight_number"], "basic": insurance_price(b["total"], "basic"), "premium": insurance_price(b["total"], "premium")}

    @tool(writes=True, needs="logged_in")
    def buy_insurance(self, booking_id: BookingId, plan: Literal["basic", "premium"]) -> Policy:
        """Buy travel insurance for a confirmed booking (charged to the booking's card, within the budget).

        Args:
            booking_id: the booking, from list_bookings.
            plan: "basic" (medical and luggage) or "premium" (also cancellation for any reason).
        """
        b = self._booking(booking_id)
        if b["status"] != "confirmed":
            raise ToolError(f"booking {booking_id} is {b['status']}; only confirmed bookings can be insured")
        if b["insurance_id"] and self.insurance[b["insurance_id"]]["status"] == "active":
            raise ToolError(f"booking {booking_id} is already insured ({b['insurance_id']}, {self.insurance[b['insurance_id']]['plan']}); cancel_insurance first to change plan")
        if self._days_until(b) < 1:
            raise ToolError(f"insurance must be bought at least one day before departure ({b['date']})")
        price = insurance_price(b["total"], plan)
        self._check_budget(price, f"{plan} insurance")
        iid = "INS" + stable_hash([booking_id, plan, len(self.insurance)], length=3)
        self.insurance[iid] = {"booking_id": booking_id, "plan": plan, "price": price, "status": "active", "bought": TODAY}
        self.bookings.patch(booking_id, insurance_id=iid)
        return {"insurance_id": iid, "booking_id": booking_id, "flight_number": b["flight_number"], "plan": plan, "price": price, "status": "active", "covers": _COVERS[plan]}

    @tool(needs="logged_in")
    def list_insurance(self) -> list[Policy]:
        """The customer's insurance policies."""
        return [
            {"insurance_id": k, "booking_id": p["booking_id"], "flight_number": self.bookings[p["booking_id"]]["flight_number"], "plan": p["plan"], "price": p["price"], "status": p["status"], "covers": _COVERS[p["plan"]]}
            for k, p in sorted(self.insurance.items())
        ]

    @tool(writes=True, needs="logged_in")
    def cancel_insurance(self, insurance_id: InsuranceId) -> Policy:
        """Cancel an active insurance policy (fully refunded before departure).

        Args:
            insurance_id: the policy, from list_insurance or get_booking.
        """
        p = self.insurance.get(insurance_id)
        if p is None:
            raise ToolError(f"no insurance policy {insurance_id!r}; list_insurance shows the ids")
        if p["status"] != "active":
            raise ToolError(f"policy {insurance_id} is {p['status']}, not active")
        self.insurance.patch(insurance_id, status="cancelled")
        self.bookings.patch(p["booking_id"], insurance_id=None)
        return {"insurance_id": insurance_id, "booking_id": p["booking_id"], "flight_number": self.bookings[p["booking_id"]]["flight_number"], "plan": p["plan"], "price": p["price"], "status": "cancelled", "covers": _COVERS[p["plan"]]}

    # --- seats ------------------------------------------------------------------------------

    def _taken(self, route: dict[str, Any], day: int, flight_id: str, seat: str) -> bool:
        mine = self.seats_taken.get(flight_id)
        if mine is not None and seat in mine["seats"]:
            return True
        row, letter = int(seat[:-1]), seat[-1]
        return mix(route["index"], day, self.salt, row * 8 + ord(letter)) % 100 < 60

    @tool
    def get_seat_map(self, flight_id: FlightId, cabin: Cabin = "economy") -> SeatMap:
        """The free seats (such as "12A") of one cabin of a flight.

        Args:
            flight_id: the flight, from search_flights or a booking.
            cabin: the cabin.
        """
        num, route, day = self._flight(flight_id)
        seats = [f"{r}{c}" for r in _SEAT_ROWS[cabin] for c in _SEAT_LETTERS[cabin]]
        free = [s for s in seats if not self._taken(route, day, flight_id, s)]
        return {"flight_id": flight_id, "flight_number": num, "cabin": cabin, "available": free, "taken": len(seats) - len(free)}

    @tool(writes=True, needs="logged_in")
    def select_seat(self, booking_id: BookingId, seat: Seat, passenger: Passengers = 1) -> Booking:
        """Choose a seat for one passenger of a confirmed booking (in the booking's cabin).

        Args:
            booking_id: the booking, from list_bookings.
            seat: a free seat such as "14C", from get_seat_map.
            passenger: which passenger of the booking (1 = the first).
        """
        b = self._booking(booking_id)
        if b["status"] != "confirmed":
            raise ToolError(f"booking {booking_id} is {b['status']}; seats can only be chosen on confirmed bookings")
        if passenger > b["passengers"]:
            raise ToolError(f"booking {booking_id} has {b['passengers']} passenger(s); got passenger {passenger}")
        seat = seat.strip().upper()
        cabin = b["cabin"]
        rows, letters = _SEAT_ROWS[cabin], _SEAT_LETTERS[cabin]
        if len(seat) < 2 or not seat[:-1].isdigit() or int(seat[:-1]) not in rows or seat[-1] not in letters:
            raise ToolError(f"seat {seat!r} is not in the {cabin} cabin: rows {rows.start}-{rows.stop - 1}, letters {', '.join(letters)}")
        _, route, day = self._flight(b["flight_id"])
        seats = list(b["seats"]) + [""] * (b["passengers"] - len(b["seats"]))
        if seats[passenger - 1] == seat:
            return self._booking_view(booking_id, b)
        if self._taken(route, day, b["flight_id"], seat):
            raise ToolError(f"seat {seat} is taken; get_seat_map lists the free seats")
        old = seats[passenger - 1]
        seats[passenger - 1] = seat
        new = self.bookings.patch(booking_id, seats=seats)
        mine = self.seats_taken.get(b["flight_id"]) or {"seats": [], "passengers": 0}
        self.seats_taken[b["flight_id"]] = {"seats": sorted([s for s in mine["seats"] if s != old] + [seat]), "passengers": mine["passengers"]}
        return self._booking_view(booking_id, new)

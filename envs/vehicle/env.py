"""Vehicle: remote and in-car control of the user's car (BFCL's vehicle API, made stateful and deeper)."""

from __future__ import annotations

from typing import Annotated, Literal

from typing_extensions import TypedDict

from toolgym.canonical import stable_hash
from toolgym.envs.core import ToolEnv
from toolgym.envs.tooling import Entity, ToolError, tool
from toolgym.envs.world import WorldScope
from toolgym.errors import suggest

from .data import CATEGORIES, DOORS, TIRES, TODAY, build_world, distance_km
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Vehicle"]

KM_PER_MILE = 1.609344
L_PER_GALLON = 3.785411784
MIN_C, MAX_C = 16.0, 30.0

PlaceId = Annotated[str, Entity("place", label="name")]
Door = Literal["driver", "passenger", "rear_left", "rear_right"]
Tire = Literal["front_left", "front_right", "rear_left", "rear_right"]
Category = Literal["saved", "gas_station", "tire_shop", "restaurant", "parking", "supermarket", "hospital", "hotel", "park"]
Units = Literal["metric", "imperial"]


class Climate(TypedDict):
    temperature: float
    temperature_unit: str
    fan_speed: int
    ac: bool
    mode: str


class Cruise(TypedDict):
    active: bool
    speed: float | None
    speed_unit: str


class VehicleStatus(TypedDict):
    vehicle: str
    plate: str
    security_locked: bool
    engine: str
    doors: dict[str, str]
    brake_pedal_pressure: int
    parking_brake: str
    headlights: str
    climate: Climate
    cruise_control: Cruise
    fuel_level: float
    fuel_unit: str
    odometer: float
    distance_unit: str
    location: str
    destination: str | None
    display_units: str


class ActionResult(TypedDict):
    status: str
    message: str


class DoorsResult(TypedDict):
    doors: dict[str, str]
    all_locked: bool


class FuelInfo(TypedDict):
    fuel_level: float
    capacity: float
    fuel_unit: str
    percent: float
    range: float
    distance_unit: str


class PlaceRef(TypedDict):
    place_id: PlaceId
    name: str
    category: str
    address: str
    city: str
    distance: float
    distance_unit: str


class TireInfo(TypedDict):
    pressure_psi: dict[str, float]
    recommended_psi: float
    low_tires: list[str]
    healthy: bool
    nearest_service: PlaceRef | None


class Navigation(TypedDict):
    active: bool
    place_id: PlaceId | None
    destination: str | None
    distance: float | None
    distance_unit: str
    eta_minutes: int | None


class TripEstimate(TypedDict):
    place_id: PlaceId
    destination: str
    distance: float
    distance_unit: str
    duration_minutes: int
    fuel_needed: float
    fuel_available: float
    fuel_unit: str
    enough_fuel: bool


class TripRecord(TypedDict):
    trip_id: str
    date: str
    origin: str
    destination: str
    distance: float
    distance_unit: str
    fuel_used: float
    fuel_unit: str


class ClimateResult(TypedDict):
    climate: Climate


class Vehicle(ToolEnv):
    """You are the in-car assistant of the user's own car, reachable from the phone app and the dashboard.

    Rules of the car (the tools enforce them and say how to recover):
    - The car starts security-locked. Unlock it with the key fob (`unlock_vehicle`) or, when the fob
      is not detected, with the owner's 4-digit PIN. Almost everything else needs it unlocked.
    - Starting the engine needs every door locked and the brake pedal pressed (pressure >= 50) and
      fuel in the tank. Releasing the parking brake needs the engine running and the brake pressed.
    - Driving to the navigation destination needs the engine running, the parking brake released,
      the brake pedal released and enough fuel for the whole trip.
    - Refuelling and inflating tyres happen only while parked at a gas station (tyres also at a tire
      shop), with the engine off.
    - Cruise control needs the engine running and the parking brake released; speeds are multiples
      of 5 in the display units (40-150 km/h or 25-90 mph).
    - Distances, fuel and temperatures are reported in the display units (metric or imperial).
    Places (saved places and points of interest) have internal ids: get them from `find_places`.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES

    def build(self, world: WorldScope) -> None:
        t = build_world(world)
        self.cities, self.places, self.car_t, self.trips = t["cities"], t["places"], t["car"], t["trips"]
        world.vars["next_trip"] = 1 + max((t["seq"] for t in self.trips.values()), default=0)

    # --- helpers ------------------------------------------------------------------------------

    @property
    def car(self) -> dict:
        return self.car_t["car"]

    def _patch(self, **changes: object) -> dict:
        return self.car_t.patch("car", **changes)

    def _imperial(self) -> bool:
        return self.car["units"] == "imperial"

    def _dist(self, km: float) -> float:
        return round(km / KM_PER_MILE if self._imperial() else km, 1)

    def _fuel(self, liters: float) -> float:
        return round(liters / L_PER_GALLON if self._imperial() else liters, 2)

    def _temp(self, c: float) -> float:
        return round(c * 9 / 5 + 32 if self._imperial() else c, 1)

    def _units(self) -> tuple[str, str, str, str]:
        return ("mi", "gal", "fahrenheit", "mph") if self._imperial() else ("km", "L", "celsius", "km/h")

    def _place(self, place_id: str) -> dict:
        row = self.places.get(place_id)
        if row is None:
            raise ToolError(f"no place with id {place_id!r}; use find_places to get place ids")
        return row

    @staticmethod
    def _where(place: dict) -> str:
        """A place as people say it: "Home, Riverton", but "Shell Riverton", not "Shell Riverton, Riverton"."""
        return place["name"] if place["name"].endswith(place["city"]) else f"{place['name']}, {place['city']}"

    def _km_to(self, place: dict) -> float:
        here = self.places[self.car["location"]]
        return distance_km(here["lat_e4"], here["lon_e4"], place["lat_e4"], place["lon_e4"])

    def _climate(self) -> Climate:
        c = self.car["climate"]
        return {
            "temperature": self._temp(c["temperature_c"]), "temperature_unit": self._units()[2],
            "fan_speed": c["fan_speed"], "ac": c["ac"], "mode": c["mode"],
        }

    def _speed_kmh(self) -> float:
        cr = self.car["cruise"]
        return cr["speed_kmh"] if cr["active"] else 70.0

    def _new_id(self, prefix: str, kind: str, n: int, taken: object) -> str:
        """An id derived from (seed, kind, counter): deterministic, journal-safe, not guessable."""
        while True:
            new = prefix + stable_hash([self.world_scope.seed, kind, n], length=3)
            if new not in taken:  # type: ignore[operator]
                return new
            n += 1

    def _require_engine_off(self, what: str) -> None:
        if self.car["engine"] == "running":
            raise ToolError(f"cannot {what} while the engine is running; call stop_engine first")

    # --- status and access --------------------------------------------------------------------

    @tool
    def get_vehicle_status(self) -> VehicleStatus:
        """Get the full status of the car: locks, engine, doors, brakes, lights, climate, fuel, location."""
        car = self.car
        dist_u, fuel_u, _, speed_u = self._units()
        cr = car["cruise"]
        here = self.places[car["location"]]
        dest = self.places.get(car["destination"]) if car["destination"] else None
        return {
            "vehicle": f"{car['year']} {car['make']} {car['model']}",
            "plate": car["plate"],
            "security_locked": car["security_locked"],
            "engine": car["engine"],
            "doors": dict(car["doors"]),
            "brake_pedal_pressure": car["brake_pressure"],
            "parking_brake": car["parking_brake"],
            "headlights": car["headlights"],
            "climate": self._climate(),
            "cruise_control": {
                "active": cr["active"],
                "speed": None if cr["speed_kmh"] is None else self._dist(cr["speed_kmh"]),
                "speed_unit": speed_u,
            },
            "fuel_level": self._fuel(car["fuel_liters"]),
            "fuel_unit": fuel_u,
            "odometer": self._dist(car["odometer_km"]),
            "distance_unit": dist_u,
            "location": f"{here['name']}, {here['address']}, {here['city']}",
            "destination": None if dest is None else self._where(dest),
            "display_units": car["units"],
        }

    @tool(writes=True, establishes="unlocked")
    def unlock_vehicle(self, method: Literal["key_fob", "pin"] = "key_fob", pin: str | None = None) -> ActionResult:
        """Disarm the security lock and unlock all doors, with the key fob or the owner's PIN.

        Args:
            method: "key_fob" (the fob must be near the car) or "pin" (needs `pin`).
            pin: the owner's 4-digit PIN, required with the PIN method.
        """
        car = self.car
        if method == "key_fob":
            if not car["fob_detected"]:
                raise ToolError(
                    "key fob not detected near the vehicle (its battery may be flat); "
                    "unlock with method='pin' and the owner's 4-digit PIN"
                )
        else:
            if pin is None:
                raise ToolError("method 'pin' needs the 4-digit `pin` argument")
            if pin != car["owner_pin"]:
                raise ToolError("incorrect PIN; ask the owner for the 4-digit PIN of this car")
        if not car["security_locked"]:
            return {"status": "unlocked", "message": "the car was already unlocked"}
        self._patch(security_locked=False, doors=dict.fromkeys(DOORS, "unlocked"))
        return {"status": "unlocked", "message": f"car unlocked with the {method.replace('_', ' ')}; all doors unlocked"}

    @tool(writes=True, needs="unlocked", revokes="unlocked")
    def lock_vehicle(self) -> ActionResult:
        """Lock all doors and arm the security lock (the engine must be off)."""
        self._require_engine_off("lock and arm the vehicle")
        self._patch(security_locked=True, doors=dict.fromkeys(DOORS, "locked"), headlights="off", brake_pressure=0)
        return {"status": "locked", "message": "all doors locked and security lock armed"}

    @tool(writes=True, needs="unlocked")
    def lock_doors(self, doors: list[Door], lock: bool) -> DoorsResult:
        """Lock or unlock individual doors.

        Args:
            doors: the doors to change: any of "driver", "passenger", "rear_left", "rear_right".
            lock: true to lock them, false to unlock them.
        """
        # `lock` has no default (as in BFCL's lockDoors): a request always says which way.
        if not doors:
            raise ToolError(f"name at least one door; doors are {list(DOORS)}")
        new = dict(self.car["doors"])
        for d in doors:
            new[d] = "locked" if lock else "unlocked"
        self._patch(doors=new)
        return {"doors": new, "all_locked": all(v == "locked" for v in new.values())}

    @tool(writes=True, needs="unlocked")
    def press_brake_pedal(self, pressure: int = 100) -> ActionResult:
        """Press the brake pedal.

        Args:
            pressure: how hard, in percent of full travel (1-100).
        """
        if not 1 <= pressure <= 100:
            raise ToolError(f"pressure is a percentage from 1 to 100, got {pressure}")
        self._patch(brake_pressure=pressure)
        return {"status": "pressed", "message": f"brake pedal pressed at {pressure}%"}

    @tool(writes=True, needs="unlocked")
    def release_brake_pedal(self) -> ActionResult:
        """Release the brake pedal completely."""
        self._patch(brake_pressure=0)
        return {"status": "released", "message": "brake pedal released"}

    # --- engine -------------------------------------------------------------------------------

    @tool(writes=True, needs="unlocked", establishes="engine_running")
    def start_engine(self) -> ActionResult:
        """Start the engine (doors locked, brake pressed and fuel in the tank are required)."""
        car = self.car
        if car["engine"] == "running":
            raise ToolError("the engine is already running")
        open_doors = [d for d in DOORS if car["doors"][d] != "locked"]
        if open_doors:
            raise ToolError(f"cannot start the engine: doors not locked: {', '.join(open_doors)}; lock them with lock_doors(lock=true)")
        if car["brake_pressure"] < 50:
            raise ToolError(
                f"cannot start the engine: the brake pedal must be pressed (pressure >= 50, now {car['brake_pressure']}); "
                "call press_brake_pedal first"
            )
        if car["fuel_liters"] <= 0.5:
            raise ToolError("cannot start the engine: the fuel tank is empty; refuel first")
        self._patch(engine="running")
        return {"status": "running", "message": "engine started"}

    @tool(writes=True, needs="engine_running", revokes="engine_running")
    def stop_engine(self) -> ActionResult:
        """Stop the engine (cruise control and the AC compressor switch off with it)."""
        climate = {**self.car["climate"], "ac": False}
        self._patch(engine="off", cruise={"active": False, "speed_kmh": self.car["cruise"]["speed_kmh"]}, climate=climate)
        return {"status": "off", "message": "engine stopped"}

    @tool(writes=True, needs="unlocked")
    def set_parking_brake(self, engaged: bool) -> ActionResult:
        """Engage or release the electronic parking brake.

        Args:
            engaged: true to engage it, false to release it (release needs the engine running and the brake pressed).
        """
        car = self.car
        if engaged:
            if car["cruise"]["active"]:
                raise ToolError("cannot engage the parking brake while cruise control is active; disable it with set_cruise_control first")
            self._patch(parking_brake="engaged")
            return {"status": "engaged", "message": "parking brake engaged"}
        if car["engine"] != "running":
            raise ToolError("releasing the parking brake needs the engine running; call start_engine first")
        if car["brake_pressure"] < 50:
            raise ToolError("press the brake pedal (pressure >= 50) before releasing the parking brake")
        self._patch(parking_brake="released")
        return {"status": "released", "message": "parking brake released"}

    @tool(writes=True, needs="engine_running")
    def set_cruise_control(self, speed: float, active: bool = True) -> Cruise:
        """Set the cruise control speed and switch it on or off.

        Args:
            speed: the target speed in the display units (km/h for metric, mph for imperial), a multiple of 5.
            active: true to engage cruise control, false to switch it off (the speed is kept).
        """
        car = self.car
        imperial = self._imperial()
        lo, hi = (25, 90) if imperial else (40, 150)
        unit = self._units()[3]
        if not lo <= speed <= hi:
            raise ToolError(f"cruise speed must be between {lo} and {hi} {unit}, got {speed:g}")
        if speed % 5:
            raise ToolError(f"cruise speed must be a multiple of 5 {unit}, got {speed:g}; try {5 * round(speed / 5):g}")
        if active and car["parking_brake"] == "engaged":
            raise ToolError("release the parking brake with set_parking_brake(engaged=false) before engaging cruise control")
        kmh = round(speed * KM_PER_MILE, 3) if imperial else float(speed)
        self._patch(cruise={"active": active, "speed_kmh": kmh})
        return {"active": active, "speed": float(speed), "speed_unit": unit}

    # --- comfort ------------------------------------------------------------------------------

    @tool(writes=True, needs="unlocked")
    def set_headlights(self, mode: Literal["off", "on", "auto", "high_beam"]) -> ActionResult:
        """Set the headlights.

        Args:
            mode: "off", "on", "auto" or "high_beam" (high beam needs the engine running).
        """
        if mode == "high_beam" and self.car["engine"] != "running":
            raise ToolError("high beams need the engine running; start_engine first or use mode 'on'")
        self._patch(headlights=mode)
        return {"status": mode, "message": f"headlights set to {mode}"}

    @tool(writes=True, needs="unlocked")
    def set_climate(
        self,
        temperature: float,
        unit: Literal["celsius", "fahrenheit"] | None = None,
        mode: Literal["auto", "cool", "heat", "defrost"] = "auto",
    ) -> ClimateResult:
        """Set the cabin temperature and climate mode.

        Args:
            temperature: the target temperature (16-30 C, 61-86 F).
            unit: "celsius" or "fahrenheit"; defaults to the display units.
            mode: "auto", "cool", "heat" or "defrost".
        """
        unit = unit or ("fahrenheit" if self._imperial() else "celsius")
        c = (temperature - 32) * 5 / 9 if unit == "fahrenheit" else temperature
        if not MIN_C - 0.05 <= c <= MAX_C + 0.05:
            rng = "61-86 F" if unit == "fahrenheit" else "16-30 C"
            hint = "; did you mean unit='fahrenheit'?" if unit == "celsius" and 61 <= temperature <= 86 else ""
            raise ToolError(f"temperature must be within {rng}, got {temperature:g} {unit}{hint}")
        self._patch(climate={**self.car["climate"], "temperature_c": round(c, 2), "mode": mode})
        return {"climate": self._climate()}

    @tool(writes=True, needs="unlocked")
    def set_fan_speed(self, level: int) -> ClimateResult:
        """Set the climate fan speed.

        Args:
            level: fan level from 0 (off) to 10 (max).
        """
        if not 0 <= level <= 10:
            raise ToolError(f"fan level must be between 0 and 10, got {level}")
        self._patch(climate={**self.car["climate"], "fan_speed": level})
        return {"climate": self._climate()}

    @tool(writes=True, needs="unlocked")
    def set_air_conditioning(self, on: bool) -> ClimateResult:
        """Switch the air conditioning on or off.

        Args:
            on: true to switch the AC on (the compressor needs the engine running), false to switch it off.
        """
        if on and self.car["engine"] != "running":
            raise ToolError("the AC compressor only runs with the engine on; call start_engine first")
        self._patch(climate={**self.car["climate"], "ac": on})
        return {"climate": self._climate()}

    @tool(writes=True)
    def set_display_units(self, units: Units) -> ActionResult:
        """Choose metric (km, liters, celsius) or imperial (miles, gallons, fahrenheit) display units.

        Args:
            units: "metric" or "imperial".
        """
        self._patch(units=units)
        return {"status": units, "message": f"display units set to {units}"}

    # --- fuel and tyres -----------------------------------------------------------------------

    @tool
    def check_fuel(self) -> FuelInfo:
        """Get the fuel level, tank capacity and remaining range."""
        car = self.car
        range_km = car["fuel_liters"] / car["consumption_l_per_100km"] * 100
        return {
            "fuel_level": self._fuel(car["fuel_liters"]),
            "capacity": self._fuel(car["tank_liters"]),
            "fuel_unit": self._units()[1],
            "percent": round(100 * car["fuel_liters"] / car["tank_liters"], 1),
            "range": self._dist(range_km),
            "distance_unit": self._units()[0],
        }

    @tool(writes=True, needs="unlocked")
    def refuel(self, amount: float, unit: Literal["liters", "gallons"] = "liters") -> FuelInfo:
        """Add fuel to the tank (parked at a gas station, engine off).

        Args:
            amount: how much fuel to add.
            unit: "liters" or "gallons".
        """
        car = self.car
        self._require_engine_off("refuel")
        here = self.places[car["location"]]
        if here["category"] != "gas_station":
            raise ToolError(
                f"the car is parked at {here['name']} ({here['category']}), not a gas station; "
                "find_places(category='gas_station', limit=1) finds the nearest one, "
                "then set_navigation_destination and drive_to_destination"
            )
        if amount <= 0:
            raise ToolError(f"amount must be positive, got {amount:g}")
        liters = amount * L_PER_GALLON if unit == "gallons" else amount
        room = car["tank_liters"] - car["fuel_liters"]
        if liters > room + 1e-9:
            room_u = room / L_PER_GALLON if unit == "gallons" else room
            raise ToolError(
                f"the tank has room for {room_u:.2f} {unit} only (capacity {car['tank_liters']:g} L, "
                f"now {car['fuel_liters']:g} L); request at most that"
            )
        self._patch(fuel_liters=round(car["fuel_liters"] + liters, 2))
        return self.check_fuel()

    def _ref(self, row: dict, km: float) -> PlaceRef:
        return {
            "place_id": row["place_id"], "name": row["name"], "category": row["category"], "address": row["address"],
            "city": row["city"], "distance": self._dist(km), "distance_unit": self._units()[0],
        }

    def _nearest_service(self) -> PlaceRef | None:
        """The nearest place where tyres can be inflated (a tire shop or gas station)."""
        best = None
        for row in self.places.values():
            if row["category"] in ("tire_shop", "gas_station"):
                key = (self._km_to(row), row["place_id"])
                if best is None or key < best[0]:
                    best = (key, row)
        return None if best is None else self._ref(best[1], best[0][0])

    @tool
    def check_tire_pressure(self) -> TireInfo:
        """Get the pressure of each tyre in psi, which are below the recommended pressure, and the nearest
        place to inflate them."""
        tires = dict(self.car["tires_psi"])
        low = [t for t in TIRES if tires[t] < 30.0]
        return {
            "pressure_psi": tires, "recommended_psi": 35.0, "low_tires": low, "healthy": not low,
            "nearest_service": self._nearest_service(),
        }

    @tool(writes=True, needs="unlocked")
    def inflate_tires(self, pressure_psi: float, tires: list[Tire] | None = None) -> TireInfo:
        """Inflate tyres (parked at a gas station or tire shop).

        Args:
            pressure_psi: the target pressure in psi (25-45).
            tires: which tyres (default: all four).
        """
        here = self.places[self.car["location"]]
        if here["category"] not in ("gas_station", "tire_shop"):
            raise ToolError(
                f"the car is parked at {here['name']} ({here['category']}); tyres can only be inflated at a gas station "
                "or tire shop: find_places(category='tire_shop', limit=1) finds the nearest one, "
                "then set_navigation_destination and drive_to_destination"
            )
        if not 25 <= pressure_psi <= 45:
            raise ToolError(f"pressure must be between 25 and 45 psi (35 recommended), got {pressure_psi:g}")
        new = dict(self.car["tires_psi"])
        for t in tires or TIRES:
            new[t] = float(pressure_psi)
        self._patch(tires_psi=new)
        return self.check_tire_pressure()

    # --- places and navigation ----------------------------------------------------------------

    @tool
    def find_places(
        self, query: str = "", category: Category | None = None, city: str | None = None, limit: int = 10
    ) -> list[PlaceRef]:
        """Search saved places and points of interest, nearest first; reveals place ids.

        Args:
            query: words to match in the name or address (empty matches all).
            category: only places of this category ("saved" for the user's saved places).
            city: only places in this city.
            limit: the most results to return (1-50).
        """
        if city is not None and city not in self.cities:
            raise ToolError(f"unknown city {city!r}{suggest(city, self.cities)}")
        q = query.strip().lower()
        hits = []
        for row in self.places.values():
            if category is not None and row["category"] != category:
                continue
            if city is not None and row["city"] != city:
                continue
            if q and q not in row["name"].lower() and q not in row["address"].lower() and q not in row["city"].lower():
                continue
            hits.append((self._km_to(row), row["place_id"], row))
        hits.sort(key=lambda h: (h[0], h[1]))
        du = self._units()[0]
        return [
            {
                "place_id": r["place_id"], "name": r["name"], "category": r["category"], "address": r["address"],
                "city": r["city"], "distance": self._dist(km), "distance_unit": du,
            }
            for km, _, r in hits[: max(1, min(limit, 50))]
        ]

    @tool(writes=True)
    def save_place(self, name: str, address: str, city: str) -> PlaceRef:
        """Save a place (an address in a known city) under a name.

        Args:
            name: what to call it (e.g. "Grandma's").
            address: the street address.
            city: the city; must be a city the navigation map knows.
        """
        name = name.strip()
        if not name or not address.strip():
            raise ToolError("name and address must not be empty")
        if city not in self.cities:
            raise ToolError(f"the map has no city {city!r}{suggest(city, self.cities)}")
        for row in self.places.values():
            if row["saved"] and row["name"].lower() == name.lower():
                raise ToolError(f"a saved place named {name!r} already exists ({row['address']}, {row['city']})")
        pid = self._new_id("P", "place", len(self.places), self.places)
        c = self.cities[city]
        row = {
            "place_id": pid, "name": name, "category": "saved", "address": address.strip(), "city": city,
            "lat_e4": c["lat_e4"], "lon_e4": c["lon_e4"], "saved": True,
        }
        self.places[pid] = row
        return {
            "place_id": pid, "name": name, "category": "saved", "address": row["address"], "city": city,
            "distance": self._dist(self._km_to(row)), "distance_unit": self._units()[0],
        }

    @tool(writes=True, needs="unlocked", establishes="destination_set")
    def set_navigation_destination(self, place_id: PlaceId) -> Navigation:
        """Set the navigation destination.

        Args:
            place_id: the place to go to (from find_places).
        """
        place = self._place(place_id)
        if place_id == self.car["location"]:
            raise ToolError(f"the car is already at {place['name']}")
        self._patch(destination=place_id)
        return self.get_navigation()

    @tool
    def get_navigation(self) -> Navigation:
        """Get the current navigation destination, remaining distance and ETA."""
        dest = self.car["destination"]
        du = self._units()[0]
        if dest is None:
            return {"active": False, "place_id": None, "destination": None, "distance": None, "distance_unit": du, "eta_minutes": None}
        place = self.places[dest]
        km = self._km_to(place)
        return {
            "active": True, "place_id": dest, "destination": self._where(place),
            "distance": self._dist(km), "distance_unit": du, "eta_minutes": round(km / self._speed_kmh() * 60),
        }

    @tool(writes=True, needs="destination_set", revokes="destination_set")
    def cancel_navigation(self) -> ActionResult:
        """Cancel the current navigation."""
        self._patch(destination=None)
        return {"status": "cancelled", "message": "navigation cancelled"}

    @tool
    def estimate_trip(self, place_id: PlaceId) -> TripEstimate:
        """Estimate distance, duration and fuel for driving from the car's location to a place.

        Args:
            place_id: the destination (from find_places).
        """
        place = self._place(place_id)
        car = self.car
        km = self._km_to(place)
        need = km * car["consumption_l_per_100km"] / 100
        return {
            "place_id": place_id, "destination": self._where(place),
            "distance": self._dist(km), "distance_unit": self._units()[0],
            "duration_minutes": round(km / self._speed_kmh() * 60),
            "fuel_needed": self._fuel(need), "fuel_available": self._fuel(car["fuel_liters"]),
            "fuel_unit": self._units()[1], "enough_fuel": need <= car["fuel_liters"],
        }

    @tool(writes=True, needs=("engine_running", "destination_set"), revokes="destination_set")
    def drive_to_destination(self) -> TripRecord:
        """Drive (assisted mode) to the navigation destination; the car ends parked there."""
        car = self.car
        if car["parking_brake"] == "engaged":
            raise ToolError("the parking brake is engaged; release it with set_parking_brake(engaged=false)")
        if car["brake_pressure"] > 0:
            raise ToolError("the brake pedal is pressed; call release_brake_pedal before driving")
        place = self.places[car["destination"]]
        km = self._km_to(place)
        need = km * car["consumption_l_per_100km"] / 100
        if need > car["fuel_liters"]:
            raise ToolError(
                f"not enough fuel: the trip needs {self._fuel(need):g} {self._units()[1]}, the tank has "
                f"{self._fuel(car['fuel_liters']):g}; set_navigation_destination to a gas station within reach first "
                "(find_places(category='gas_station', limit=1) finds the nearest) to refuel there"
            )
        origin = self.places[car["location"]]
        seq = self.world_scope.vars["next_trip"]
        self.world_scope.vars["next_trip"] = seq + 1
        tid = self._new_id("T", "trip", seq, self.trips)
        trip = {
            "trip_id": tid, "seq": seq, "date": TODAY, "from": origin["name"], "to": place["name"],
            "distance_km": round(km, 1), "fuel_liters": round(need, 2),
        }
        self.trips[tid] = trip
        self._patch(
            location=place["place_id"], destination=None, fuel_liters=round(car["fuel_liters"] - need, 2),
            odometer_km=round(car["odometer_km"] + km, 1),
        )
        return self._trip(trip)

    def _trip(self, t: dict) -> TripRecord:
        return {
            "trip_id": t["trip_id"], "date": t["date"], "origin": t["from"], "destination": t["to"],
            "distance": self._dist(t["distance_km"]), "distance_unit": self._units()[0],
            "fuel_used": self._fuel(t["fuel_liters"]), "fuel_unit": self._units()[1],
        }

    @tool
    def list_trips(self, limit: int = 10) -> list[TripRecord]:
        """List past trips, most recent first.

        Args:
            limit: how many trips to return (1-50).
        """
        rows = sorted(self.trips.values(), key=lambda t: -t["seq"])[: max(1, min(limit, 50))]
        return [self._trip(t) for t in rows]


# Places and categories offered to find_places must agree with the data module.
assert set(CATEGORIES) | {"saved"} == set(Category.__args__)  # type: ignore[attr-defined]

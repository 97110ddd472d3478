"""The Vehicle world: the persona's car, a region of cities, places to drive to, past trips.

Everything is drawn from two ``world.rng(...)`` streams (the car's own, and one for the rest) and the shared Faker pools,
column-wise (one ``rng.choices(..., k=n)`` per column) so a reset costs well under a millisecond. The car starts
parked at the persona's home, security-locked, engine off, parking brake engaged; the home town has a gas station
and a tyre shop a few kilometres away.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from toolgym.envs.ids import permuted_ids as _ids
from toolgym.envs.pools import pool
from toolgym.envs.world import WorldScope

__all__ = ["build_world", "distance_km", "DOORS", "TIRES", "CATEGORIES", "TODAY"]

TODAY = "2025-06-15"  # the simulated date; trips are dated before it, never by the real clock
DOORS = ("driver", "passenger", "rear_left", "rear_right")
TIRES = ("front_left", "front_right", "rear_left", "rear_right")
CATEGORIES = ("gas_station", "tire_shop", "restaurant", "parking", "supermarket", "hospital", "hotel", "park")
_POI_NAMES = {
    "gas_station": ("Shell", "Chevron", "Exxon", "BP", "Mobil", "Sunoco", "Valero", "Citgo"),
    "tire_shop": ("Discount Tire", "Firestone Complete Auto Care", "Goodyear Auto Service", "Les Schwab Tires"),
    "restaurant": ("Olive Garden", "Denny's", "Panera Bread", "Chipotle", "Texas Roadhouse", "Waffle House"),
    "parking": ("City Parking Garage", "Park & Ride", "Central Parking", "Airport Long-Term Parking"),
    "supermarket": ("Kroger", "Whole Foods Market", "Trader Joe's", "Safeway", "Aldi", "Publix"),
    "hospital": ("General Hospital", "Memorial Hospital", "St. Mary's Medical Center", "Community Hospital"),
    "hotel": ("Hilton Garden Inn", "Holiday Inn Express", "Marriott Courtyard", "Best Western"),
    "park": ("Riverside Park", "Lakeside Park", "Veterans Memorial Park", "Pine Hills State Park"),
}
_CAT_WEIGHTS = (30, 10, 20, 10, 12, 5, 8, 5)
_CAT_DRAW = tuple(c for c, w in zip(CATEGORIES, _CAT_WEIGHTS, strict=False) for _ in range(w))  # unweighted draws are cheaper
_MODELS = (
    ("Toyota", "Camry", 60.0, 7.1), ("Honda", "Accord", 56.0, 7.4), ("Ford", "F-150", 98.0, 11.8),
    ("Subaru", "Outback", 70.0, 8.4), ("Mazda", "CX-5", 56.0, 8.1), ("Volkswagen", "Golf", 50.0, 6.2),
    ("Chevrolet", "Malibu", 59.0, 7.6), ("Hyundai", "Tucson", 54.0, 8.0),
)
_SAVED = ("Home", "Work", "Gym", "School", "Mom's house", "Dentist", "Office downtown", "Cabin")


# The region is small (about 5 x 7 degrees), so a flat projection at its middle latitude is
# within a percent of the great-circle distance and costs a few multiplications.
_KM_PER_E4_LAT = 111.195 / 1e4
_KM_PER_E4_LON = 111.195 * math.cos(math.radians(39.5)) / 1e4
_DETOUR = 1.25  # roads are longer than straight lines


def distance_km(lat1: int, lon1: int, lat2: int, lon2: int) -> float:
    """Road distance between points given in 1e-4 degrees."""
    return math.hypot((lat2 - lat1) * _KM_PER_E4_LAT, (lon2 - lon1) * _KM_PER_E4_LON) * _DETOUR


_TODAY = date.fromisoformat(TODAY)
_DAYS_AGO = tuple((_TODAY - timedelta(days=d)).isoformat() for d in range(1000))


def build_world(world: WorldScope, n_cities: int = 60, n_pois: int = 220, n_trips: int = 120) -> dict[str, Any]:
    """Create the tables; returns them by name (the env keeps references)."""
    persona = world.persona
    rng = world.rng("world")
    home_city = persona["home_city"]
    names = [c for c in rng.sample(pool("city"), n_cities + 1) if c != home_city][: n_cities - 1] + [home_city]
    # A region about 600 km across (coordinates in 1e-4 degrees, ints: cheap to draw, exact in
    # JSON): most trips fit in one tank, a few do not.
    lats = rng.choices(range(370_000, 420_000), k=n_cities)
    lons = rng.choices(range(-880_000, -810_000), k=n_cities)
    cities = {n: {"city": n, "lat_e4": la, "lon_e4": lo} for n, la, lo in zip(names, lats, lons, strict=False)}

    n_all = n_pois + len(_SAVED)
    cats = rng.choices(_CAT_DRAW, k=n_pois)
    # The home town has a gas station and a tyre shop (as real towns do): the first two points
    # of interest, placed in the home city like Home, Work and the Gym.
    cats[:2] = ["gas_station", "tire_shop"]
    pcities = [home_city] * 3 + rng.choices(names, k=n_all - 3)
    pcities[len(_SAVED) : len(_SAVED) + 2] = [home_city, home_city]
    streets = rng.choices(pool("street_address"), k=n_all)
    streets[0] = persona["address"]
    jlat = rng.choices(range(-400, 401), k=n_all)
    jlon = rng.choices(range(-400, 401), k=n_all)
    brand_pick = rng.choices(range(8), k=n_all)
    ids = _ids(rng, "P", n_all)
    labels = list(_SAVED) + cats
    places: dict[str, dict[str, Any]] = {}
    for i, (pid, label, city, street, dla, dlo, b) in enumerate(zip(ids, labels, pcities, streets, jlat, jlon, brand_pick, strict=False)):
        c = cities[city]
        saved = i < len(_SAVED)
        if saved:
            name, cat = label, "saved"
        else:
            brands = _POI_NAMES[label]
            name, cat = f"{brands[b % len(brands)]} {city}", label
        places[pid] = {
            "place_id": pid, "name": name, "category": cat, "address": street, "city": city,
            "lat_e4": c["lat_e4"] + dla, "lon_e4": c["lon_e4"] + dlo, "saved": saved,
        }
    home_id = ids[0]

    crng = world.rng("car")  # its own stream: the car's state stays what it was for every seed
    make, model, tank, cons = crng.choice(_MODELS)
    fuel = round(tank * crng.uniform(0.18, 0.9), 1)
    tires = {t: crng.choice((27.0, 29.0, 31.0, 33.0, 34.0, 35.0, 35.0, 36.0)) for t in TIRES}
    car = {
        "car": {
            "vin": "1" + "".join(crng.choices("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", k=16)),
            "make": make, "model": model, "year": crng.randint(2016, 2024),
            "plate": crng.choice(pool("license_plate")),
            "tank_liters": tank, "fuel_liters": fuel, "consumption_l_per_100km": cons,
            "odometer_km": float(crng.randint(8_000, 140_000)),
            "owner_pin": f"{crng.randint(0, 9999):04d}",
            "fob_detected": crng.random() < 0.75,
            "security_locked": True, "engine": "off", "doors": dict.fromkeys(DOORS, "locked"),
            "brake_pressure": 0, "parking_brake": "engaged", "headlights": "off",
            "climate": {"temperature_c": 21.0, "fan_speed": 3, "ac": False, "mode": "auto"},
            "cruise": {"active": False, "speed_kmh": None},
            "tires_psi": tires, "location": home_id, "destination": None, "units": "metric",
        }
    }

    pids = list(places)
    a = rng.choices(pids, k=n_trips)
    b = rng.choices(pids, k=n_trips)
    days = sorted(rng.choices(range(1, 720), k=n_trips), reverse=True)
    tids = _ids(rng, "T", n_trips)
    trips: dict[str, dict[str, Any]] = {}
    for seq, (tid, pa, pb, d) in enumerate(zip(tids, a, b, days, strict=False)):
        if pa == pb:
            continue
        ra, rb = places[pa], places[pb]
        km = round(distance_km(ra["lat_e4"], ra["lon_e4"], rb["lat_e4"], rb["lon_e4"]), 1)
        trips[tid] = {
            "trip_id": tid, "seq": seq, "date": _DAYS_AGO[d],
            "from": ra["name"], "to": rb["name"], "distance_km": km, "fuel_liters": round(km * cons / 100, 2),
        }
    return {
        "cities": world.table("cities", cities),
        "places": world.table("places", places),
        "car": world.table("car", car),
        "trips": world.table("trips", trips),
    }

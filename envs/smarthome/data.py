"""The SmartHome world: the persona's two homes (hubs), their rooms, devices, scenes and history.

Devices are authored per room (a kitchen has pendant lights and a coffee-maker plug; the porch
has the front-door lock and a camera) and then sampled, so homes differ by seed but always make
sense. Energy use is 30 days of per-device daily kWh consistent with each device's wattage;
the activity log holds a few hundred past events. Everything is drawn from one seeded
``world.rng("world")`` stream; what does not depend on the seed (date and clock strings, the
scrambled id pool, 16 energy series per kind of device) is prepared once per process.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from typing import Any

from toolgym.envs import pools
from toolgym.envs.world import derive_seed
from toolgym.envs.ids import pool_ids

__all__ = ["build_smarthome", "COLORS", "ENERGY_DAYS", "PRICE_PER_KWH"]

ENERGY_DAYS = 30
PRICE_PER_KWH = 0.17
COLORS = ("warm white", "cool white", "daylight", "red", "orange", "yellow", "green", "blue", "purple", "pink")

# (device name, type, rated watts, probability it exists); one tuple list per room kind.
ROOMS: dict[str, list[tuple[str, str, float, float]]] = {
    "Living Room": [("Ceiling Light", "light", 40, 1), ("Floor Lamp", "light", 12, 0.8), ("TV Plug", "plug", 110, 0.9),
                    ("Thermostat", "thermostat", 15, 1), ("Blinds", "blind", 5, 0.8)],
    "Kitchen": [("Pendant Lights", "light", 36, 1), ("Under-Cabinet Light", "light", 10, 0.6),
                ("Coffee Maker Plug", "plug", 900, 0.9), ("Kettle Plug", "plug", 1500, 0.5)],
    "Master Bedroom": [("Ceiling Light", "light", 40, 1), ("Bedside Lamp", "light", 8, 1), ("Blinds", "blind", 5, 0.9),
                       ("Thermostat", "thermostat", 15, 0.7), ("Fan Plug", "plug", 45, 0.5)],
    "Kids Room": [("Ceiling Light", "light", 30, 1), ("Night Light", "light", 3, 0.8), ("Kids Room Camera", "camera", 6, 0.6)],
    "Office": [("Desk Lamp", "light", 9, 1), ("Ceiling Light", "light", 30, 0.7), ("Space Heater Plug", "plug", 1500, 0.6),
               ("Blinds", "blind", 5, 0.6)],
    "Bathroom": [("Mirror Light", "light", 14, 1), ("Towel Warmer Plug", "plug", 100, 0.5)],
    "Hallway": [("Hall Light", "light", 20, 1), ("Back Door Lock", "lock", 2, 0.8)],
    "Garage": [("Garage Light", "light", 25, 1), ("Garage Door Lock", "lock", 2, 1), ("Garage Camera", "camera", 6, 0.8),
               ("Freezer Plug", "plug", 120, 0.6)],
    "Front Porch": [("Porch Light", "light", 15, 1), ("Front Door Lock", "lock", 2, 1), ("Doorbell Camera", "camera", 6, 1)],
    "Backyard": [("Garden Lights", "light", 30, 0.9), ("Backyard Camera", "camera", 6, 0.9), ("Pool Pump Plug", "plug", 750, 0.4)],
    # The second home (a cabin).
    "Cabin Living Room": [("Ceiling Light", "light", 40, 1), ("Reading Lamp", "light", 10, 1), ("Thermostat", "thermostat", 15, 1)],
    "Cabin Bedroom": [("Bedside Lamp", "light", 8, 1), ("Blinds", "blind", 5, 1), ("Heater Plug", "plug", 1200, 0.8)],
    "Cabin Kitchen": [("Ceiling Light", "light", 30, 1), ("Fridge Plug", "plug", 150, 1)],
    "Deck": [("Deck Lights", "light", 25, 1), ("Cabin Door Lock", "lock", 2, 1), ("Deck Camera", "camera", 6, 1)],
}
HOME_ROOMS = ("Living Room", "Kitchen", "Master Bedroom", "Kids Room", "Office", "Bathroom", "Hallway", "Garage",
              "Front Porch", "Backyard")
CABIN_ROOMS = ("Cabin Living Room", "Cabin Bedroom", "Cabin Kitchen", "Deck")
ACTIVITY = {
    "light": ("turned on", "turned off", "brightness changed"),
    "plug": ("turned on", "turned off"),
    "thermostat": ("setpoint changed", "mode changed", "reached setpoint"),
    "lock": ("locked", "unlocked with PIN", "auto-locked", "jammed, then locked"),
    "camera": ("motion detected", "person detected", "turned on", "turned off"),
    "blind": ("opened", "closed", "moved"),
}
FIRMWARE = ("1.2.0", "1.3.1", "2.0.4", "2.1.0")
LATEST = "2.2.0"

_EPOCH = dt.date(2024, 12, 1)
_DATES = tuple((_EPOCH + dt.timedelta(days=d)).isoformat() for d in range(400))  # built once
_CLOCK = tuple(f"T{m // 60:02d}:{m % 60:02d}" for m in range(24 * 60))
_HOURS_TYPICAL = {"light": 5.0, "plug": 3.0, "thermostat": 24.0, "lock": 24.0, "camera": 24.0, "blind": 0.2}


def _ids(rng: Any, prefix: str, n: int) -> list[str]:
    return pool_ids(rng, prefix, n, ("smarthome-ids",))


@functools.lru_cache(maxsize=None)
def _energy_series(watts: float, kind: str) -> tuple[list[float], ...]:
    """16 series of 30 days of kWh for a device of ``watts`` and ``kind``, drawn once per process.

    Rated watts x hours used, the hours varying day to day. A world picks one per device; the
    lists are shared between rows, which is safe: rows and their lists are never mutated in place.
    """
    rng = random.Random(derive_seed("smarthome-energy", watts, kind))
    base = watts * _HOURS_TYPICAL[kind] / 1000
    return tuple([round(base * (0.4 + 1.2 * rng.random()), 3) for _ in range(ENERGY_DAYS)] for _ in range(16))


def build_smarthome(world: Any) -> dict[str, Any]:
    """Rows of every SmartHome table plus ``today``.

    A pure function of the world's seed (the SDK caches built worlds per seed, so this runs
    once per seed and process).
    """
    return _build(world)


def _build(world: Any) -> dict[str, Any]:
    persona = world.persona
    rng = world.rng("world")  # one stream: each world.rng costs ~15 us
    today = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, 300))
    hub_ids = _ids(rng, "H", 2)
    home, cabin = hub_ids
    hubs = {
        home: {"hub_id": home, "name": "Home", "address": persona["address"], "pin": f"{rng.randrange(10**4):04d}",
               "away_mode": False},
        cabin: {"hub_id": cabin, "name": "Cabin", "address": rng.choice(pools.pool("street_address")),
                "pin": f"{rng.randrange(10**4):04d}", "away_mode": False},
    }
    room_names = [(home, r) for r in HOME_ROOMS] + [(cabin, r) for r in CABIN_ROOMS]
    room_ids = _ids(rng, "R", len(room_names))
    rooms = {rid: {"room_id": rid, "hub_id": h, "name": r.removeprefix("Cabin ")} for rid, (h, r) in zip(room_ids, room_names)}

    specs = []
    for rid, (h, r) in zip(room_ids, room_names):
        for name, kind, watts, p in ROOMS[r]:
            if p >= 1 or rng.random() < p:
                label = name if kind == "lock" or "Camera" in name or name.startswith(("Porch", "Garden", "Garage", "Hall", "Deck")) else f"{rooms[rid]['name']} {name}"
                specs.append((rid, h, label, kind, watts))
    n = len(specs)
    dev_ids = _ids(rng, "D", n)
    coin = [rng.random() for _ in range(n)]
    levels = rng.choices(range(10, 101, 5), k=n)
    colors = rng.choices(COLORS, k=n)
    firmware = rng.choices(FIRMWARE + (LATEST,) * 2, k=n)
    temps = rng.choices(range(64, 75), k=n)
    devices: dict[str, dict[str, Any]] = {}
    for i, (did, (rid, h, name, kind, watts)) in enumerate(zip(dev_ids, specs)):
        row: dict[str, Any] = {
            "device_id": did, "hub_id": h, "name": name, "type": kind, "room_id": rid, "room": rooms[rid]["name"],
            "power": None, "brightness": None, "color": None, "supports_color": False, "setpoint": None,
            "min_setpoint": None, "max_setpoint": None, "mode": None, "current_temp": None, "locked": None,
            "position": None, "watts": float(watts), "firmware": firmware[i], "online": True,
        }
        if kind == "light":
            on = coin[i] < 0.3
            row.update(power=on, brightness=levels[i] if on else 0, supports_color="Lamp" in name or "Garden" in name or "Night" in name)
            row["color"] = colors[i] if row["supports_color"] else None
        elif kind in ("plug", "camera"):
            row["power"] = coin[i] < (0.5 if kind == "plug" else 0.8) or name.startswith(("Freezer", "Fridge"))
        elif kind == "thermostat":
            row.update(power=True, setpoint=float(temps[i]), min_setpoint=50.0, max_setpoint=90.0,
                       mode="heat" if coin[i] < 0.6 else "auto", current_temp=float(temps[i] - 1))
        elif kind == "lock":
            row["locked"] = coin[i] < 0.85 or h == cabin
        elif kind == "blind":
            row["position"] = levels[i] if coin[i] < 0.5 else 0
        devices[did] = row
    # One cabin device dropped off the Wi-Fi: commands to it fail until it is back.
    cabin_devs = [d for d in dev_ids if devices[d]["hub_id"] == cabin and devices[d]["type"] != "lock"]
    off = rng.choice(cabin_devs)
    devices[off] = {**devices[off], "online": False}

    # 30 days of daily kWh per device: rated watts x hours used, hours varying day to day.
    picks16 = rng.choices(range(16), k=n)
    energy = {
        did: {"device_id": did, "daily_kwh": _energy_series(row["watts"], row["type"])[k]}
        for (did, row), k in zip(devices.items(), picks16)
    }

    # A few hundred past events, newest last.
    na = 300
    who = rng.choices(dev_ids, k=na)
    ago = sorted(rng.choices(range(14 * 24 * 60), k=na), reverse=True)
    picks = rng.choices(range(12), k=na)  # 12: a multiple of every kind's number of events
    act_ids = _ids(rng, "L", na)
    d0 = (today - _EPOCH).days
    activity = {}
    for aid, did, m, p in zip(act_ids, who, ago, picks):
        d = devices[did]
        opts = ACTIVITY[d["type"]]
        t = 8 * 60 - m  # minutes after midnight of today (negative: earlier days)
        activity[aid] = {"event_id": aid, "device_id": did, "device": d["name"], "hub_id": d["hub_id"],
                         "time": _DATES[d0 + t // 1440] + _CLOCK[t % 1440], "event": opts[p % len(opts)]}

    # Scenes, schedules and a group the persona already set up at home.
    srng = rng
    home_devs = [d for d in dev_ids if devices[d]["hub_id"] == home]
    lights = [d for d in home_devs if devices[d]["type"] == "light"]
    locks = [d for d in home_devs if devices[d]["type"] == "lock"]
    thermos = [d for d in home_devs if devices[d]["type"] == "thermostat"]
    scene_ids = _ids(srng, "S", 3)
    night = [{"device_id": d, "power": False} for d in lights] + [{"device_id": d, "locked": True} for d in locks]
    night += [{"device_id": d, "setpoint": 66.0} for d in thermos[:1]]
    living = [d for d in lights if devices[d]["room"] == "Living Room"]
    movie = [{"device_id": d, "power": True, "brightness": 20} for d in living]
    morning = [{"device_id": d, "power": True, "brightness": 80} for d in lights if devices[d]["room"] in ("Kitchen", "Master Bedroom")]
    scenes = {
        scene_ids[0]: {"scene_id": scene_ids[0], "hub_id": home, "name": "Good Night", "settings": night},
        scene_ids[1]: {"scene_id": scene_ids[1], "hub_id": home, "name": "Movie Time", "settings": movie},
        scene_ids[2]: {"scene_id": scene_ids[2], "hub_id": home, "name": "Good Morning", "settings": morning},
    }
    sched_ids = _ids(srng, "T", 2)
    schedules = {
        sched_ids[0]: {"schedule_id": sched_ids[0], "hub_id": home, "name": "Bedtime", "scene_id": scene_ids[0],
                       "time": "23:00", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "enabled": True},
        sched_ids[1]: {"schedule_id": sched_ids[1], "hub_id": home, "name": "Wake up", "scene_id": scene_ids[2],
                       "time": "06:45", "days": ["mon", "tue", "wed", "thu", "fri"], "enabled": True},
    }
    group_id = _ids(srng, "G", 1)[0]
    outdoor = [d for d in lights if devices[d]["room"] in ("Front Porch", "Backyard", "Garage")]
    groups = {group_id: {"group_id": group_id, "hub_id": home, "name": "Outdoor Lights", "device_ids": outdoor}}

    # Devices in range of the hub but not yet paired (serial numbers are on the boxes).
    drng = rng
    serials = [f"SN-{drng.getrandbits(32):08X}" for _ in range(3)]
    models = (("Smart Bulb A19", "light", 9.0), ("Smart Plug Mini", "plug", 0.0), ("Indoor Cam 2K", "camera", 6.0))
    discovered = {s: {"serial": s, "hub_id": home, "model": m, "type": t, "watts": w} for s, (m, t, w) in zip(serials, models)}
    return {
        "today": today.isoformat(), "hubs": hubs, "rooms": rooms, "devices": devices, "energy": energy,
        "activity": activity, "scenes": scenes, "schedules": schedules, "groups": groups, "discovered": discovered,
    }

"""SmartHome: the persona's hubs, rooms and devices, with scenes, schedules, groups and energy."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, NotRequired

from typing_extensions import TypedDict

from toolgym.envs import Entity, ToolEnv, ToolError, state, tool
from toolgym.envs.world import WorldScope, derive_seed
from toolgym.errors import suggest

from .data import COLORS, ENERGY_DAYS, PRICE_PER_KWH, build_world
from .data import LATEST as LATEST_FIRMWARE
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["SmartHome"]

HubId = Annotated[str, Entity("hub", label="name")]
RoomId = Annotated[str, Entity("room", label="name")]
DeviceId = Annotated[str, Entity("device", label="name")]
SceneId = Annotated[str, Entity("scene", label="name")]
ScheduleId = Annotated[str, Entity("schedule", label="name")]
GroupId = Annotated[str, Entity("device_group", label="name")]
Color = Literal["warm white", "cool white", "daylight", "red", "orange", "yellow", "green", "blue", "purple", "pink"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DeviceType = Literal["light", "thermostat", "lock", "camera", "plug", "blind"]
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ALL_DAYS: list[Weekday] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
assert set(COLORS) == set(Color.__args__)  # type: ignore[attr-defined]


class Hub(TypedDict):
    hub_id: HubId
    name: str
    address: str
    device_count: int
    away_mode: bool


class Room(TypedDict):
    room_id: RoomId
    name: str
    device_count: int


class DeviceRef(TypedDict):
    device_id: DeviceId
    name: str
    type: str
    room: str
    online: bool


class Device(TypedDict):
    # Tools returning this echo the device they were given: plain ids here, so only lookups
    # (list_devices, find_device, list_scenes, ...) count as revealing device ids.
    device_id: str
    name: str
    type: str
    room_id: str
    room: str
    online: bool
    power: bool | None
    brightness: int | None
    color: str | None
    supports_color: bool
    setpoint: float | None
    min_setpoint: float | None
    max_setpoint: float | None
    mode: str | None
    current_temp: float | None
    locked: bool | None
    position: int | None
    firmware: str


class PairedDevice(TypedDict):
    device_id: DeviceId
    name: str
    type: str
    room: str
    firmware: str


class SceneSetting(TypedDict):
    device_id: DeviceId
    power: NotRequired[bool]
    brightness: NotRequired[int]
    color: NotRequired[Color]
    setpoint: NotRequired[float]
    position: NotRequired[int]
    locked: NotRequired[bool]


class Scene(TypedDict):
    scene_id: SceneId
    name: str
    settings: list[SceneSetting]


class Schedule(TypedDict):
    schedule_id: ScheduleId
    name: str
    # A plain string: a scene is known by its name, and the ``name`` beside this id is the
    # schedule's ("Bedtime"), not the scene's ("Good Night"); list_scenes gives scene ids.
    scene_id: str
    time: str
    days: list[str]
    enabled: bool


class Group(TypedDict):
    group_id: GroupId
    name: str
    # Plain strings: beside them is the group's name, not the devices' (list_devices and
    # find_device give device ids with their names).
    device_ids: list[str]


class DeviceEnergy(TypedDict):
    device_id: DeviceId
    name: str
    kwh: float


class EnergyReport(TypedDict):
    days: int
    total_kwh: float
    estimated_cost: float
    by_device: list[DeviceEnergy]


class Activity(TypedDict):
    time: str
    device_id: DeviceId
    device: str
    event: str


class Discovered(TypedDict):
    serial: Annotated[str, Entity("serial", internal=False)]
    model: str
    type: str


class HomeStatus(TypedDict):
    hub: str
    away_mode: bool
    lights_on: list[str]
    unlocked_doors: list[str]
    cameras_off: list[str]
    offline: list[str]
    thermostats: list[str]


_DEVICE_KEYS = tuple(Device.__annotations__)
_IDLE = {
    "light": lambda d: not d["power"],
    "plug": lambda d: not d["power"],
    "camera": lambda d: not d["power"],
    "thermostat": lambda d: d["mode"] == "off",
    "lock": lambda d: bool(d["locked"]),
    "blind": lambda d: True,
}
_BUSY = {"light": "on", "plug": "on", "camera": "on", "thermostat": "running (mode is not off)", "lock": "unlocked"}


class SmartHome(ToolEnv):
    """You are a smart-home assistant controlling the user's connected homes through their hub app.

    Policies:
    - Log in with the user's username and password, then connect to one hub (list_hubs shows the
      user's homes); device tools act on the connected hub only.
    - Device, room, scene, schedule and group ids are internal: get them from list_devices,
      find_device, list_rooms, list_scenes, list_schedules or list_groups.
    - Unlocking a door needs the home's PIN, which only the user knows; scenes and schedules can
      lock doors but never unlock them.
    - Settings must be within each device's limits (thermostat setpoints, brightness 0-100,
      colors only on color bulbs). Offline devices cannot be controlled.
    - Firmware can only be updated while a device is idle (off, or locked for a lock).
    - Away mode can only be turned on when every door is locked; it turns the cameras on.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES

    hub_id = state(None)
    seq = state(0)

    def build(self, world: WorldScope) -> None:
        made = build_world(world)
        self._me = world.persona
        self.hubs = made["hubs"]
        self.rooms = made["rooms"]
        self.devices = made["devices"]
        self.energy = made["energy"]
        self.activity = made["activity"]
        # not self.scenes: that is the class's tuple of user situations (ToolEnv.scenes)
        self.scene_table = made["scenes"]
        self.schedules = made["schedules"]
        self.groups = made["groups"]
        self.discovered = made["discovered"]

    # --- helpers ------------------------------------------------------------------------------

    def _new_id(self, prefix: str, table) -> str:  # noqa: ANN001
        seq = self.seq
        while True:
            seq += 1
            new = f"{prefix}{derive_seed(self.world.seed, 'smarthome', prefix, seq) & 0xFFFFFFF:07x}"
            if new not in table:
                self.seq = seq
                return new

    def _hub(self) -> dict:
        return self.hubs[self.hub_id]

    def _devices_here(self) -> list[dict]:
        hub = self.hub_id
        return [d for d in self.devices.values() if d["hub_id"] == hub]

    def _device(self, device_id: str, *, online: bool = True) -> dict:
        d = self.devices.get(device_id)
        if d is None or d["hub_id"] != self.hub_id:
            raise ToolError(f"no device with id {device_id!r} on the connected hub; use list_devices or find_device to get ids")
        if online and not d["online"]:
            raise ToolError(f"{d['name']} is offline; check its power or Wi-Fi, then try again")
        return d

    def _kind(self, d: dict, *kinds: str, what: str) -> None:
        if d["type"] not in kinds:
            plural = [k + "s" for k in kinds]
            names = plural[0] if len(plural) == 1 else f"{', '.join(plural[:-1])} and {plural[-1]}"
            hint = {"lock": "; use lock_door or unlock_door", "blind": "; use set_blinds", "thermostat": "; use set_thermostat"}
            extra = hint.get(d["type"], "") if what in ("power", "brightness") else ""
            raise ToolError(f"{d['name']} is a {d['type']}; {what} works on {names} only{extra}")

    def _dev_out(self, d: dict) -> Device:
        return {k: d[k] for k in _DEVICE_KEYS}  # type: ignore[return-value]

    def _apply(self, d: dict[str, Any], s: Mapping[str, Any]) -> dict[str, Any]:
        """Validate one setting bundle against the device and return the changes it makes."""
        ch: dict = {}
        name = d["name"]
        if "power" in s:
            self._kind(d, "light", "plug", "camera", "thermostat", what="power")
            if d["type"] == "thermostat":
                ch["mode"] = ("auto" if d["mode"] == "off" else d["mode"]) if s["power"] else "off"
            else:
                ch["power"] = s["power"]
                if d["type"] == "light":
                    ch["brightness"] = (d["brightness"] or 100) if s["power"] else 0
        if "brightness" in s:
            self._kind(d, "light", what="brightness")
            b = s["brightness"]
            if not 0 <= b <= 100:
                raise ToolError(f"brightness must be 0-100, got {b}")
            ch["brightness"], ch["power"] = b, b > 0
        if "color" in s:
            self._kind(d, "light", what="color")
            if not d["supports_color"]:
                raise ToolError(f"{name} is not a color bulb; it only dims")
            if s["color"] not in COLORS:
                raise ToolError(f"unknown color {s['color']!r}{suggest(s['color'], COLORS)}; choose one of {list(COLORS)}")
            ch["color"] = s["color"]
        if "setpoint" in s:
            self._kind(d, "thermostat", what="a setpoint")
            t = s["setpoint"]
            if not d["min_setpoint"] <= t <= d["max_setpoint"]:
                raise ToolError(f"setpoint {t:g}F is outside {name}'s range {d['min_setpoint']:g}-{d['max_setpoint']:g}F")
            ch["setpoint"] = float(t)
            if d["mode"] == "off" and "mode" not in ch:
                ch["mode"] = "auto"
        if "position" in s:
            self._kind(d, "blind", what="position")
            p = s["position"]
            if not 0 <= p <= 100:
                raise ToolError(f"position must be 0 (closed) to 100 (open), got {p}")
            ch["position"] = p
        if "locked" in s:
            self._kind(d, "lock", what="locking")
            if not s["locked"]:
                raise ToolError(f"scenes cannot unlock {name}; unlock it with unlock_door and the home PIN")
            ch["locked"] = True
        return ch

    def _change(self, d: dict, changes: dict) -> Device:
        if all(d.get(k) == v for k, v in changes.items()):
            return self._dev_out(d)  # already so: no write, the state stays the same
        return self._dev_out(self.devices.patch(d["device_id"], **changes))

    # --- session ------------------------------------------------------------------------------

    @tool(
        establishes="signed_in",
        revokes="hub_connected",  # a fresh login starts without a hub
        writes=True,
    )
    def login(self, username: Annotated[str, Entity("username", internal=False)], password: str) -> str:
        """Log in to the smart-home account.

        Args:
            username: the user's account name.
            password: the account password.
        """
        if username != self._me["username"]:
            raise ToolError(f"no smart-home account {username!r}")
        if password != self._me["password"]:
            raise ToolError("wrong password; ask the user for the right one")
        self.hub_id = None
        return f"logged in as {username}; connect to a hub next (list_hubs, connect_hub)"

    @tool(
        needs="signed_in",
        revokes=("signed_in", "hub_connected"),
        writes=True,
    )
    def logout(self) -> str:
        """Log out (disconnects from the hub)."""
        self.hub_id = None
        return "logged out"

    @tool(needs="signed_in")
    def list_hubs(self) -> list[Hub]:
        """The user's hubs (one per home) with how many devices each has."""
        return [self._hub_out(h) for h in self.hubs.values()]

    def _hub_out(self, h: dict) -> Hub:
        count = sum(1 for d in self.devices.values() if d["hub_id"] == h["hub_id"])
        return {"hub_id": h["hub_id"], "name": h["name"], "address": h["address"], "device_count": count,
                "away_mode": h["away_mode"]}

    @tool(
        needs="signed_in",
        establishes="hub_connected",
        writes=True,
    )
    def connect_hub(self, hub_id: HubId) -> Hub:
        """Connect to one hub; device tools then act on that home.

        Args:
            hub_id: the hub, from list_hubs.
        """
        if hub_id not in self.hubs:
            raise ToolError(f"no hub with id {hub_id!r}; use list_hubs to get hub ids")
        self.hub_id = hub_id
        return self._hub_out(self.hubs[hub_id])

    # --- rooms and devices --------------------------------------------------------------------

    @tool(needs="hub_connected")
    def list_rooms(self) -> list[Room]:
        """The connected home's rooms."""
        counts: dict[str, int] = {}
        for d in self._devices_here():
            counts[d["room_id"]] = counts.get(d["room_id"], 0) + 1
        return [
            {"room_id": r["room_id"], "name": r["name"], "device_count": counts.get(r["room_id"], 0)}
            for r in self.rooms.values()
            if r["hub_id"] == self.hub_id
        ]

    @tool(
        needs="hub_connected",
    )
    def list_devices(self, room_id: RoomId | None = None, type: DeviceType | None = None) -> list[DeviceRef]:  # noqa: A002
        """Devices of the connected home, optionally in one room or of one type.

        Args:
            room_id: only this room (from list_rooms).
            type: only this kind of device.
        """
        if room_id is not None and (room_id not in self.rooms or self.rooms[room_id]["hub_id"] != self.hub_id):
            raise ToolError(f"no room with id {room_id!r} in this home; use list_rooms to get room ids")
        return [
            {"device_id": d["device_id"], "name": d["name"], "type": d["type"], "room": d["room"], "online": d["online"]}
            for d in self._devices_here()
            if (room_id is None or d["room_id"] == room_id) and (type is None or d["type"] == type)
        ]

    @tool(needs="hub_connected")
    def find_device(self, name: str) -> list[DeviceRef]:
        """Find devices by (part of) their name or room, case-insensitive; all words must match.

        Args:
            name: words of the device name, e.g. "porch light" or "bedroom lamp".
        """
        words = name.lower().split()
        if not words:
            raise ToolError("expected a device name to search for, got an empty string")
        return [
            {"device_id": d["device_id"], "name": d["name"], "type": d["type"], "room": d["room"], "online": d["online"]}
            for d in self._devices_here()
            if all(w in f"{d['name']} {d['room']}".lower() for w in words)
        ]

    @tool(
        needs="hub_connected",
    )
    def get_device_state(self, device_id: DeviceId) -> Device:
        """Everything about one device: power, brightness, color, temperatures, lock, position, firmware.

        Args:
            device_id: the device, from list_devices or find_device.
        """
        return self._dev_out(self._device(device_id, online=False))

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def set_power(self, device_id: DeviceId, on: bool) -> Device:
        """Turn a light, plug, camera or thermostat on or off.

        Args:
            device_id: the device.
            on: true to turn it on, false to turn it off.
        """
        d = self._device(device_id)
        return self._change(d, self._apply(d, {"power": on}))

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def set_brightness(self, device_id: DeviceId, brightness: int) -> Device:
        """Set a light's brightness (0 turns it off, above 0 turns it on).

        Args:
            device_id: the light.
            brightness: 0-100 percent.
        """
        d = self._device(device_id)
        return self._change(d, self._apply(d, {"brightness": brightness}))

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def set_color(self, device_id: DeviceId, color: Color) -> Device:
        """Set a color bulb's color.

        Args:
            device_id: the light (a color bulb).
            color: the color.
        """
        d = self._device(device_id)
        return self._change(d, self._apply(d, {"color": color}))

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def set_thermostat(
        self, device_id: DeviceId, setpoint: float, mode: Literal["heat", "cool", "auto", "off"] | None = None
    ) -> Device:
        """Set a thermostat's target temperature (Fahrenheit, within its limits) and optionally its mode.

        Args:
            device_id: the thermostat.
            setpoint: target temperature in F.
            mode: heat, cool, auto or off (default: keep, or auto if it was off).
        """
        d = self._device(device_id)
        ch = self._apply(d, {"setpoint": setpoint})
        if mode is not None:
            ch["mode"] = mode
        return self._change(d, ch)

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def set_blinds(self, device_id: DeviceId, position: int) -> Device:
        """Move blinds: 0 is closed, 100 fully open.

        Args:
            device_id: the blinds.
            position: 0-100 percent open.
        """
        d = self._device(device_id)
        return self._change(d, self._apply(d, {"position": position}))

    @tool(needs="hub_connected", writes=True)
    def lock_door(self, device_id: DeviceId) -> Device:
        """Lock a door lock.

        Args:
            device_id: the lock.
        """
        d = self._device(device_id)
        return self._change(d, self._apply(d, {"locked": True}))

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def unlock_door(self, device_id: DeviceId, pin: Annotated[str, Entity("pin", internal=False)]) -> Device:
        """Unlock a door lock with the home's PIN (turns away mode off).

        Args:
            device_id: the lock.
            pin: the home's 4-digit PIN (ask the user).
        """
        d = self._device(device_id)
        self._kind(d, "lock", what="unlocking")
        hub = self._hub()
        if pin != hub["pin"]:
            raise ToolError("wrong PIN; ask the user for the home's PIN")
        if hub["away_mode"]:
            self.hubs.patch(hub["hub_id"], away_mode=False)
        return self._change(d, {"locked": False})

    # --- scenes -------------------------------------------------------------------------------

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def create_scene(self, name: str, settings: list[SceneSetting]) -> Scene:
        """Create a scene: a named set of device settings to apply together.

        Args:
            name: the scene's name (unique in this home).
            settings: per device, the settings to apply (power, brightness, color, setpoint,
                position, locked=true).
        """
        name = name.strip()
        if not name:
            raise ToolError("expected a non-empty scene name")
        if not settings:
            raise ToolError("expected at least one device setting")
        for s in self.scene_table.values():
            if s["hub_id"] == self.hub_id and s["name"].lower() == name.lower():
                raise ToolError(f"a scene named {s['name']!r} already exists ({s['scene_id']})")
        seen = set()
        clean = []
        for s in settings:
            if s["device_id"] in seen:
                raise ToolError(f"device {s['device_id']} appears twice; merge its settings into one entry")
            seen.add(s["device_id"])
            d = self._device(s["device_id"], online=False)
            if len(s) == 1:
                raise ToolError(f"the entry for {d['name']} has no setting; add power, brightness, color, setpoint, position or locked")
            self._apply(d, s)
            clean.append(dict(s))
        sid = self._new_id("S", self.scene_table)
        self.scene_table[sid] = {"scene_id": sid, "hub_id": self.hub_id, "name": name, "settings": clean}
        return {"scene_id": sid, "name": name, "settings": clean}  # type: ignore[typeddict-item]

    @tool(needs="hub_connected")
    def list_scenes(self) -> list[Scene]:
        """The connected home's scenes with their settings."""
        return [
            {"scene_id": s["scene_id"], "name": s["name"], "settings": s["settings"]}
            for s in self.scene_table.values()
            if s["hub_id"] == self.hub_id
        ]

    def _scene(self, scene_id: str) -> dict:
        s = self.scene_table.get(scene_id)
        if s is None or s["hub_id"] != self.hub_id:
            raise ToolError(f"no scene with id {scene_id!r} in this home; use list_scenes to get scene ids")
        return s

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def activate_scene(self, scene_id: SceneId) -> list[Device]:
        """Apply a scene's settings to all its devices at once (all or nothing).

        Args:
            scene_id: the scene, from list_scenes.
        """
        out = []
        for s in self._scene(scene_id)["settings"]:
            d = self._device(s["device_id"])
            out.append(self._change(d, self._apply(d, s)))
        return out

    @tool(needs="hub_connected", writes=True)
    def delete_scene(self, scene_id: SceneId) -> str:
        """Delete a scene (not while a schedule uses it).

        Args:
            scene_id: the scene.
        """
        s = self._scene(scene_id)
        for t in self.schedules.values():
            if t["scene_id"] == scene_id:
                raise ToolError(f"schedule {t['name']!r} ({t['schedule_id']}) runs this scene; delete it first")
        del self.scene_table[scene_id]
        return f"scene {s['name']} deleted"

    # --- schedules ----------------------------------------------------------------------------

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def create_schedule(
        self, scene_id: SceneId, time: str, days: list[Weekday] = _ALL_DAYS, name: str = ""  # noqa: B006
    ) -> Schedule:
        """Run a scene automatically at a time of day on chosen weekdays.

        Args:
            scene_id: the scene to run, from list_scenes or create_scene.
            time: time of day, HH:MM (24-hour).
            days: weekdays to run on (default: every day).
            name: a name for the schedule (default: the scene's name and time).
        """
        s = self._scene(scene_id)
        if not _TIME_RE.match(time):
            raise ToolError(f"expected time as HH:MM (24-hour), got {time!r}")
        if not days:
            raise ToolError("expected at least one weekday")
        days = [d for d in _ALL_DAYS if d in set(days)]
        for t in self.schedules.values():
            if t["scene_id"] == scene_id and t["time"] == time:
                raise ToolError(f"{s['name']!r} already runs at {time} ({t['schedule_id']}); delete that schedule or pick another time")
        tid = self._new_id("T", self.schedules)
        row = {"schedule_id": tid, "hub_id": self.hub_id, "name": name.strip() or f"{s['name']} at {time}", "scene_id": scene_id,
               "time": time, "days": days, "enabled": True}
        self.schedules[tid] = row
        return {k: row[k] for k in Schedule.__annotations__}  # type: ignore[return-value]

    @tool(needs="hub_connected")
    def list_schedules(self) -> list[Schedule]:
        """The connected home's schedules."""
        return [
            {k: t[k] for k in Schedule.__annotations__}  # type: ignore[misc]
            for t in sorted(self.schedules.values(), key=lambda t: (t["time"], t["schedule_id"]))
            if t["hub_id"] == self.hub_id
        ]

    @tool(needs="hub_connected", writes=True)
    def delete_schedule(self, schedule_id: ScheduleId) -> str:
        """Delete a schedule.

        Args:
            schedule_id: the schedule, from list_schedules.
        """
        t = self.schedules.get(schedule_id)
        if t is None or t["hub_id"] != self.hub_id:
            raise ToolError(f"no schedule with id {schedule_id!r} in this home; use list_schedules to get ids")
        del self.schedules[schedule_id]
        return f"schedule {t['name']} deleted"

    # --- groups -------------------------------------------------------------------------------

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def create_group(self, name: str, device_ids: list[DeviceId]) -> Group:
        """Group lights and plugs so they switch together.

        Args:
            name: the group's name (unique in this home).
            device_ids: the lights and plugs to group (at least two).
        """
        name = name.strip()
        if not name:
            raise ToolError("expected a non-empty group name")
        ids = list(dict.fromkeys(device_ids))
        if len(ids) < 2:
            raise ToolError(f"a group needs at least two different devices, got {len(ids)}")
        for i in ids:
            self._kind(self._device(i, online=False), "light", "plug", what="grouping")
        for g in self.groups.values():
            if g["hub_id"] == self.hub_id and g["name"].lower() == name.lower():
                raise ToolError(f"a group named {g['name']!r} already exists ({g['group_id']})")
        gid = self._new_id("G", self.groups)
        self.groups[gid] = {"group_id": gid, "hub_id": self.hub_id, "name": name, "device_ids": ids}
        return {"group_id": gid, "name": name, "device_ids": ids}

    @tool(needs="hub_connected")
    def list_groups(self) -> list[Group]:
        """The connected home's device groups."""
        return [
            {"group_id": g["group_id"], "name": g["name"], "device_ids": g["device_ids"]}
            for g in self.groups.values()
            if g["hub_id"] == self.hub_id
        ]

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def set_group_power(self, group_id: GroupId, on: bool) -> list[Device]:
        """Turn every device of a group on or off (all or nothing).

        Args:
            group_id: the group, from list_groups.
            on: true for on, false for off.
        """
        g = self.groups.get(group_id)
        if g is None or g["hub_id"] != self.hub_id:
            raise ToolError(f"no group with id {group_id!r} in this home; use list_groups to get ids")
        out = []
        for i in g["device_ids"]:
            d = self._device(i)
            out.append(self._change(d, self._apply(d, {"power": on})))
        return out

    # --- energy, firmware, away mode, history, pairing ---------------------------------------

    @tool(
        needs="hub_connected",
    )
    def energy_report(self, days: int = 7, room_id: RoomId | None = None, top: int = 10) -> EnergyReport:
        """Energy used over the last days (up to 30), in total and by the biggest consumers.

        Args:
            days: how many past days to cover (1-30).
            room_id: only devices in this room.
            top: how many devices to list (1-50), biggest first.
        """
        if not 1 <= days <= ENERGY_DAYS:
            raise ToolError(f"expected days between 1 and {ENERGY_DAYS}, got {days}")
        if not 1 <= top <= 50:
            raise ToolError(f"expected top between 1 and 50, got {top}")
        if room_id is not None and (room_id not in self.rooms or self.rooms[room_id]["hub_id"] != self.hub_id):
            raise ToolError(f"no room with id {room_id!r} in this home; use list_rooms to get room ids")
        per: list[DeviceEnergy] = [
            {"device_id": d["device_id"], "name": d["name"], "kwh": round(sum(self.energy[d["device_id"]]["daily_kwh"][-days:]), 3)}
            for d in self._devices_here()
            if (room_id is None or d["room_id"] == room_id) and d["device_id"] in self.energy
        ]
        total = round(sum(p["kwh"] for p in per), 3)
        per.sort(key=lambda p: (-p["kwh"], p["device_id"]))
        return {"days": days, "total_kwh": total, "estimated_cost": round(total * PRICE_PER_KWH, 2), "by_device": per[:top]}

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def update_firmware(self, device_id: DeviceId) -> Device:
        """Install the latest firmware on a device; it must be idle (off, or locked for a lock).

        Args:
            device_id: the device.
        """
        d = self._device(device_id)
        if d["firmware"] == LATEST_FIRMWARE:
            raise ToolError(f"{d['name']} already runs the latest firmware {LATEST_FIRMWARE}")
        if not _IDLE[d["type"]](d):
            raise ToolError(f"{d['name']} is in use ({_BUSY[d['type']]}); make it idle first, then update")
        return self._change(d, {"firmware": LATEST_FIRMWARE})

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def set_away_mode(self, enabled: bool) -> HomeStatus:
        """Turn away mode on (every door must be locked; cameras are switched on) or off.

        Args:
            enabled: true to turn away mode on, false to turn it off.
        """
        hub = self._hub()
        if enabled:
            here = self._devices_here()
            open_doors = [d["name"] for d in here if d["type"] == "lock" and not d["locked"]]
            if open_doors:
                raise ToolError(f"cannot turn on away mode: {', '.join(open_doors)} unlocked; lock them first (lock_door)")
            for d in here:
                if d["type"] == "camera" and d["online"] and not d["power"]:
                    self.devices.patch(d["device_id"], power=True)
        if hub["away_mode"] != enabled:
            self.hubs.patch(hub["hub_id"], away_mode=enabled)
        return self._status()

    def _status(self) -> HomeStatus:
        here = self._devices_here()
        return {
            "hub": self._hub()["name"],
            "away_mode": self._hub()["away_mode"],
            "lights_on": [d["name"] for d in here if d["type"] == "light" and d["power"]],
            "unlocked_doors": [d["name"] for d in here if d["type"] == "lock" and not d["locked"]],
            "cameras_off": [d["name"] for d in here if d["type"] == "camera" and not d["power"]],
            "offline": [d["name"] for d in here if not d["online"]],
            "thermostats": [f"{d['name']}: {d['setpoint']:g}F ({d['mode']})" for d in here if d["type"] == "thermostat"],
        }

    @tool(needs="hub_connected")
    def get_home_status(self) -> HomeStatus:
        """A summary of the connected home: away mode, lights on, unlocked doors, cameras off, offline devices."""
        return self._status()

    @tool(
        needs="hub_connected",
    )
    def get_activity_log(self, device_id: DeviceId | None = None, limit: int = 20) -> list[Activity]:
        """Recent device events in the connected home, newest first.

        Args:
            device_id: only this device's events.
            limit: at most this many (1-100).
        """
        if not 1 <= limit <= 100:
            raise ToolError(f"expected limit between 1 and 100, got {limit}")
        if device_id is not None:
            self._device(device_id, online=False)
        rows = [
            a for a in self.activity.values()
            if a["hub_id"] == self.hub_id and (device_id is None or a["device_id"] == device_id)
        ]
        rows.sort(key=lambda a: (a["time"], a["event_id"]), reverse=True)
        return [{"time": a["time"], "device_id": a["device_id"], "device": a["device"], "event": a["event"]} for a in rows[:limit]]

    @tool(needs="hub_connected")
    def discover_devices(self) -> list[Discovered]:
        """New devices in range of the connected hub that are not paired yet."""
        return [
            {"serial": s["serial"], "model": s["model"], "type": s["type"]}
            for s in self.discovered.values()
            if s["hub_id"] == self.hub_id
        ]

    @tool(
        needs="hub_connected",
        writes=True,
    )
    def pair_device(self, serial: Annotated[str, Entity("serial", internal=False)], room_id: RoomId, name: str) -> PairedDevice:
        """Pair a discovered device into a room of the connected home.

        Args:
            serial: the serial number (from discover_devices or the box).
            room_id: the room it goes in, from list_rooms.
            name: what to call it (unique in this home).
        """
        s = self.discovered.get(serial.strip().upper())
        if s is None or s["hub_id"] != self.hub_id:
            raise ToolError(f"no unpaired device {serial!r} near this hub; use discover_devices to see what is in range")
        room = self.rooms.get(room_id)
        if room is None or room["hub_id"] != self.hub_id:
            raise ToolError(f"no room with id {room_id!r} in this home; use list_rooms to get room ids")
        name = name.strip()
        if not name:
            raise ToolError("expected a non-empty device name")
        for d in self._devices_here():
            if d["name"].lower() == name.lower():
                raise ToolError(f"a device named {d['name']!r} already exists; choose another name")
        did = self._new_id("D", self.devices)
        kind = s["type"]
        row = {
            "device_id": did, "hub_id": self.hub_id, "name": name, "type": kind, "room_id": room_id, "room": room["name"],
            "power": False if kind in ("light", "plug", "camera") else None, "brightness": 0 if kind == "light" else None,
            "color": "warm white" if kind == "light" else None, "supports_color": kind == "light", "setpoint": None,
            "min_setpoint": None, "max_setpoint": None, "mode": None, "current_temp": None, "locked": None,
            "position": None, "watts": s["watts"], "firmware": LATEST_FIRMWARE, "online": True,
        }
        del self.discovered[s["serial"]]
        self.devices[did] = row
        return {"device_id": did, "name": name, "type": kind, "room": room["name"], "firmware": LATEST_FIRMWARE}

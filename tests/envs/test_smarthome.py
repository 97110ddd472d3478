"""SmartHome-v0: hub login and pairing, device limits, PIN locks, scenes, schedules, groups, energy."""

from __future__ import annotations

import json

from tests.envs.helpers import assert_safe_random_walk, fails, ok
from tests.envs.label_checks import assert_labels_are_their_own
from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make, make_action
from toolgym.envs.smarthome import SmartHome

ENV_ID = "toolgym/SmartHome-v0"


def connect(env: SmartHome, home: str = "Home") -> None:
    me = env.world.persona
    ok(env, "login", username=me["username"], password=me["password"])
    hub = next(h for h in ok(env, "list_hubs") if h["name"] == home)
    ok(env, "connect_hub", hub_id=hub["hub_id"])


def fresh(seed: int = 1, home: str | None = "Home") -> SmartHome:
    env = make(ENV_ID)
    env.reset(seed=seed)
    if home:
        connect(env, home)
    return env


def device(env: SmartHome, words: str) -> str:
    return ok(env, "find_device", name=words)[0]["device_id"]


def test_conformance_check_passes():
    check_env(ENV_ID)


def test_connected_random_walk_is_atomic_read_only_safe_and_matches_result_schemas():
    env = fresh(3)
    defs = env.all_tooldefs()
    names = [n for n in defs if n not in ("logout", "login", "connect_hub")]
    assert_safe_random_walk(env, names, steps=800, seed=0, min_succeeded=20)


def test_tool_count_and_world_size():
    env = fresh(home=None)
    assert len(env.all_tooldefs()) >= 17
    assert len(env.devices) >= 30 and len(env.activity) == 300 and len(env.hubs) == 2


def test_login_list_hubs_connect_find_device_chain_and_device_ids_only_from_lookups():
    env = fresh(home=None)
    fails(env, "list_devices", "precondition not met")
    me = env.world.persona
    ok(env, "login", username=me["username"], password=me["password"])
    fails(env, "list_devices", "call connect_hub first")
    hubs = ok(env, "list_hubs")
    ok(env, "connect_hub", hub_id=next(h["hub_id"] for h in hubs if h["name"] == "Home"))
    light = ok(env, "find_device", name="porch light")[0]
    assert light["name"] == "Porch Light" and light["device_id"].startswith("D")
    assert ok(env, "set_power", device_id=light["device_id"], on=True)["power"] is True
    assert ok(env, "get_device_state", device_id=light["device_id"])["power"] is True


def test_devices_of_the_other_hub_are_not_reachable():
    env = fresh()
    cabin_dev = next(d for d in env.devices.values() if d["hub_id"] != env.hub_id)
    fails(env, "get_device_state", "on the connected hub", device_id=cabin_dev["device_id"])


def test_device_limits_and_capabilities_are_enforced():
    env = fresh()
    t = ok(env, "list_devices", type="thermostat")[0]["device_id"]
    fails(env, "set_thermostat", "outside", device_id=t, setpoint=99.0)
    assert ok(env, "set_thermostat", device_id=t, setpoint=70.0, mode="cool")["setpoint"] == 70.0
    light = device(env, "living room ceiling")
    fails(env, "set_brightness", "must be 0-100", device_id=light, brightness=150)
    fails(env, "set_color", "not a color bulb", device_id=light, color="red")
    lamp = next(d["device_id"] for d in env.devices.values() if d["hub_id"] == env.hub_id and d["supports_color"])
    assert ok(env, "set_color", device_id=lamp, color="blue")["color"] == "blue"
    assert ok(env, "set_brightness", device_id=light, brightness=0)["power"] is False
    lock = ok(env, "list_devices", type="lock")[0]["device_id"]
    fails(env, "set_power", "use lock_door or unlock_door", device_id=lock, on=True)
    fails(env, "set_brightness", "works on lights only", device_id=t, brightness=10)


def test_unlock_needs_the_pin_and_scenes_cannot_unlock():
    env = fresh()
    lock = ok(env, "find_device", name="front door")[0]["device_id"]
    ok(env, "lock_door", device_id=lock)
    fails(env, "unlock_door", "wrong PIN", device_id=lock, pin="0000" if env.hubs[env.hub_id]["pin"] != "0000" else "1111")
    assert ok(env, "unlock_door", device_id=lock, pin=env.hubs[env.hub_id]["pin"])["locked"] is False
    fails(env, "create_scene", "scenes cannot unlock", name="Open up", settings=[{"device_id": lock, "locked": False}])


def test_offline_device_cannot_be_controlled():
    env = fresh(home="Cabin")
    off = next(d for d in env.devices.values() if d["hub_id"] == env.hub_id and not d["online"])
    fails(env, "update_firmware", "is offline", device_id=off["device_id"])
    assert ok(env, "get_device_state", device_id=off["device_id"])["online"] is False


def test_scene_create_activate_schedule_chain_and_reads_see_it():
    env = fresh()
    light = device(env, "living room ceiling")
    blinds = ok(env, "list_devices", type="blind")[0]["device_id"]
    scene = ok(env, "create_scene", name="Reading", settings=[{"device_id": light, "power": True, "brightness": 65},
                                                               {"device_id": blinds, "position": 30}])
    assert scene["scene_id"] in [s["scene_id"] for s in ok(env, "list_scenes")]
    fails(env, "create_scene", "already exists", name="reading", settings=[{"device_id": light, "power": False}])
    changed = ok(env, "activate_scene", scene_id=scene["scene_id"])
    assert {d["device_id"] for d in changed} == {light, blinds}
    assert ok(env, "get_device_state", device_id=light)["brightness"] == 65
    assert ok(env, "get_device_state", device_id=blinds)["position"] == 30
    sched = ok(env, "create_schedule", scene_id=scene["scene_id"], time="20:30", days=["sun", "mon"])
    assert sched["days"] == ["mon", "sun"] and sched in ok(env, "list_schedules")
    fails(env, "create_schedule", "already runs at 20:30", scene_id=scene["scene_id"], time="20:30")
    fails(env, "create_schedule", "HH:MM", scene_id=scene["scene_id"], time="8pm")
    fails(env, "delete_scene", "delete it first", scene_id=scene["scene_id"])
    ok(env, "delete_schedule", schedule_id=sched["schedule_id"])
    ok(env, "delete_scene", scene_id=scene["scene_id"])
    assert scene["scene_id"] not in [s["scene_id"] for s in ok(env, "list_scenes")]


def test_groups_switch_together_and_only_hold_lights_and_plugs():
    env = fresh()
    lights = [d["device_id"] for d in ok(env, "list_devices", type="light")[:3]]
    g = ok(env, "create_group", name="Downstairs", device_ids=lights)
    assert g in ok(env, "list_groups")
    assert all(d["power"] for d in ok(env, "set_group_power", group_id=g["group_id"], on=True))
    assert all(ok(env, "get_device_state", device_id=i)["power"] for i in lights)
    lock = ok(env, "list_devices", type="lock")[0]["device_id"]
    fails(env, "create_group", "grouping works on lights and plugs only", name="Mixed", device_ids=[lights[0], lock])
    fails(env, "create_group", "at least two", name="One", device_ids=[lights[0], lights[0]])


def test_firmware_update_only_when_idle():
    env = fresh()
    d = next(x for x in env.devices.values() if x["hub_id"] == env.hub_id and x["type"] == "light" and x["firmware"] != "2.2.0")
    ok(env, "set_power", device_id=d["device_id"], on=True)
    fails(env, "update_firmware", "is in use (on)", device_id=d["device_id"])
    ok(env, "set_power", device_id=d["device_id"], on=False)
    assert ok(env, "update_firmware", device_id=d["device_id"])["firmware"] == "2.2.0"
    fails(env, "update_firmware", "already runs the latest", device_id=d["device_id"])


def test_away_mode_needs_locked_doors_and_turns_cameras_on():
    env = fresh()
    locks = ok(env, "list_devices", type="lock")
    pin = env.hubs[env.hub_id]["pin"]
    ok(env, "unlock_door", device_id=locks[0]["device_id"], pin=pin)
    fails(env, "set_away_mode", "unlocked; lock them first", enabled=True)
    ok(env, "lock_door", device_id=locks[0]["device_id"])
    cam = ok(env, "list_devices", type="camera")[0]["device_id"]
    ok(env, "set_power", device_id=cam, on=False)
    for lk in locks:
        ok(env, "lock_door", device_id=lk["device_id"])
    status = ok(env, "set_away_mode", enabled=True)
    assert status["away_mode"] and not status["cameras_off"] and not status["unlocked_doors"]
    assert ok(env, "get_home_status")["away_mode"] is True


def test_energy_report_totals_match_devices_and_room_filter():
    env = fresh()
    rep = ok(env, "energy_report", days=7, top=50)
    assert abs(sum(d["kwh"] for d in rep["by_device"]) - rep["total_kwh"]) < 0.01
    assert rep["estimated_cost"] == round(rep["total_kwh"] * 0.17, 2)
    room = ok(env, "list_rooms")[0]
    in_room = ok(env, "energy_report", days=7, room_id=room["room_id"], top=50)
    assert len(in_room["by_device"]) == room["device_count"]
    fails(env, "energy_report", "between 1 and 30", days=90)


def test_discover_and_pair_a_new_device():
    env = fresh()
    new = ok(env, "discover_devices")[0]
    room = ok(env, "list_rooms")[0]["room_id"]
    dev = ok(env, "pair_device", serial=new["serial"], room_id=room, name="Shelf Light")
    assert dev["device_id"] in [d["device_id"] for d in ok(env, "list_devices", room_id=room)]
    assert new["serial"] not in [d["serial"] for d in ok(env, "discover_devices")]
    fails(env, "pair_device", "no unpaired device", serial=new["serial"], room_id=room, name="Again")


def test_same_seed_same_world_and_other_seed_other_world():
    a, b, c = fresh(5, None), fresh(5, None), fresh(6, None)
    assert json.dumps(a.snapshot(), sort_keys=True) == json.dumps(b.snapshot(), sort_keys=True)
    assert a.snapshot() != c.snapshot()


def test_every_tool_has_complete_language():
    assert_language_complete(SmartHome())


def test_revealed_ids_sit_beside_their_own_names():
    # list_schedules shows each schedule's scene id beside the schedule's name: that id must
    # not be labelled with it (a request would call the Good Night scene "Bedtime").
    env = fresh()
    reads = ("list_hubs", "list_rooms", "list_devices", "list_scenes", "list_schedules", "list_groups",
             "get_activity_log", "discover_devices")
    results = {t: ok(env, t) for t in reads}
    results["energy_report"] = ok(env, "energy_report", days=30, top=50)
    assert assert_labels_are_their_own(env, results) > 40


def test_device_names_are_distinct_in_a_home_and_never_a_bare_kind():
    # A device's name is what a user calls it ("turn on the Kids Room Camera"): unique in its
    # home, and more than a bare kind such as "Camera".
    for seed in range(8):
        env = fresh(seed, home=None)
        by_hub: dict[str, list[str]] = {}
        for d in env.devices.values():
            by_hub.setdefault(d["hub_id"], []).append(d["name"])
        for names in by_hub.values():
            assert len(names) == len(set(names)), names
            assert all(len(n.split()) >= 2 for n in names), names


def test_task_mode_rewards_right_end_state_and_not_wrong_one():
    seed = 4
    gt = fresh(seed)
    porch = device(gt, "porch light")
    ok(gt, "set_brightness", device_id=porch, brightness=40)
    target = gt.state_hash()
    hub = gt.hub_id
    me = gt.world.persona

    def task() -> Task:
        return Task(seed=seed, turns=[TurnSpec(user="dim the porch light to 40%", expect_state=target,
                                               expect_calls=["set_brightness"])])

    env = make(ENV_ID)
    for value, want in ((40, 1.0), (60, 0.0)):
        env.reset(options={"task": task()})
        env.step(make_action(call("login", username=me["username"], password=me["password"])))
        env.step(make_action(call("connect_hub", hub_id=hub)))
        env.step(make_action(call("set_brightness", device_id=porch, brightness=value)))
        _, reward, done, _, _ = env.step(make_action(content="Done."))
        assert reward == want and done

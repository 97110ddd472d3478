"""Behaviour of the Vehicle domain (toolgym/Vehicle-v0): access, engine rules, fuel, navigation, units."""

from __future__ import annotations

from tests.envs.helpers import fails, ok, run
from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, check_env, make, make_action
from toolgym.envs.vehicle import Vehicle

SEED = 5
ALL_DOORS = ["driver", "passenger", "rear_left", "rear_right"]


def fresh(seed: int = SEED) -> Vehicle:
    env = make("toolgym/Vehicle-v0")
    env.reset(seed=seed)
    return env


def unlocked(seed: int = SEED) -> Vehicle:
    env = fresh(seed)
    ok(env, "unlock_vehicle", method="pin", pin=env.car["owner_pin"])
    return env


def running(seed: int = SEED) -> Vehicle:
    env = unlocked(seed)
    ok(env, "lock_doors", doors=ALL_DOORS, lock=True)
    ok(env, "press_brake_pedal", pressure=100)
    ok(env, "start_engine")
    return env


def test_conformance_check_passes():
    report = check_env("toolgym/Vehicle-v0")
    assert report.passed
    assert len(report.tools_succeeded) >= 12


def test_has_at_least_17_tools_and_a_sizeable_world():
    env = fresh()
    assert len(env.all_tooldefs()) >= 17
    assert len(env.places) >= 200 and len(env.trips) >= 100 and len(env.cities) >= 50


def test_every_tool_has_complete_language():
    assert_language_complete(Vehicle())


def test_same_seed_builds_the_same_world_and_other_seeds_differ():
    assert fresh(3).snapshot() == fresh(3).snapshot()
    assert fresh(3).snapshot() != fresh(4).snapshot()


def test_the_car_starts_locked_and_tools_need_it_unlocked():
    env = fresh()
    error = run(env, "start_engine").get("error")
    assert "precondition not met" in error and "unlock_vehicle" in error
    assert ok(env, "get_vehicle_status")["security_locked"] is True


def test_wrong_pin_is_rejected_and_right_pin_unlocks_every_door():
    env = fresh()
    fails(env, "unlock_vehicle", "incorrect PIN", method="pin", pin="x" + env.car["owner_pin"])
    fails(env, "unlock_vehicle", "needs the 4-digit", method="pin")
    ok(env, "unlock_vehicle", method="pin", pin=env.car["owner_pin"])
    status = ok(env, "get_vehicle_status")
    assert status["security_locked"] is False and set(status["doors"].values()) == {"unlocked"}


def test_key_fob_works_only_when_detected():
    for seed in range(40):
        env = fresh(seed)
        if not env.car["fob_detected"]:
            fails(env, "unlock_vehicle", "key fob not detected", method="key_fob")
            break
    else:
        raise AssertionError("no seed in 0..39 has an undetected fob")
    for seed in range(40):
        env = fresh(seed)
        if env.car["fob_detected"]:
            ok(env, "unlock_vehicle")
            assert env.car["security_locked"] is False
            return
    raise AssertionError("no seed in 0..39 has a detected fob")


def test_engine_start_needs_doors_locked_then_brake_pressed():
    env = unlocked()
    fails(env, "start_engine", "doors not locked: driver, passenger, rear_left, rear_right")
    ok(env, "lock_doors", doors=ALL_DOORS, lock=True)
    fails(env, "start_engine", "brake pedal must be pressed")
    ok(env, "press_brake_pedal", pressure=30)
    fails(env, "start_engine", "now 30")
    ok(env, "press_brake_pedal", pressure=80)
    ok(env, "start_engine")
    assert ok(env, "get_vehicle_status")["engine"] == "running"
    fails(env, "start_engine", "already running")


def test_full_chain_drive_to_a_gas_station_and_refuel():
    env = running()
    station = ok(env, "find_places", category="gas_station", limit=1)[0]
    ok(env, "set_navigation_destination", place_id=station["place_id"])
    fails(env, "drive_to_destination", "parking brake is engaged")
    ok(env, "set_parking_brake", engaged=False)
    fails(env, "drive_to_destination", "brake pedal is pressed")
    ok(env, "release_brake_pedal")
    fuel_before = env.car["fuel_liters"]
    trip = ok(env, "drive_to_destination")
    assert trip["destination"] == station["name"]
    # the write is visible to later reads: location, fuel, trip log, navigation cleared
    assert ok(env, "list_trips", limit=1)[0]["trip_id"] == trip["trip_id"]
    assert station["name"] in ok(env, "get_vehicle_status")["location"]
    assert ok(env, "get_navigation")["active"] is False
    assert env.car["fuel_liters"] < fuel_before
    fails(env, "refuel", "engine is running", amount=1.0)
    ok(env, "stop_engine")
    room = env.car["tank_liters"] - env.car["fuel_liters"]
    fails(env, "refuel", "has room for", amount=room + 5)
    fuel = ok(env, "refuel", amount=round(room - 0.01, 2))
    assert fuel["percent"] >= 99.9


def test_refuel_and_inflate_only_at_the_right_place_and_the_errors_say_how_to_get_there():
    env = unlocked()
    err = fails(env, "refuel", "not a gas station", amount=5.0)
    assert "find_places(category='gas_station', limit=1)" in err and "drive_to_destination" in err
    err = fails(env, "inflate_tires", "gas station or tire shop", pressure_psi=35.0)
    assert "find_places(category='tire_shop', limit=1)" in err and "set_navigation_destination" in err


def test_the_home_town_has_a_gas_station_and_a_tire_shop_the_tank_reaches():
    env = make("toolgym/Vehicle-v0")
    for seed in range(8):
        env.reset(seed=seed)
        home = env.places[env.car["location"]]
        for cat in ("gas_station", "tire_shop"):
            assert ok(env, "find_places", category=cat, city=home["city"])
            near = ok(env, "find_places", category=cat, limit=1)[0]  # a neighbour town's may be nearer
            assert near["distance"] < 25, near
            assert env._km_to(env.places[near["place_id"]]) * env.car["consumption_l_per_100km"] / 100 < env.car["fuel_liters"]


def test_tyre_report_names_the_nearest_service_and_inflating_there_works():
    env = running()
    service = ok(env, "check_tire_pressure")["nearest_service"]
    assert service["category"] in ("gas_station", "tire_shop")
    ok(env, "set_navigation_destination", place_id=service["place_id"])
    ok(env, "set_parking_brake", engaged=False)
    ok(env, "release_brake_pedal")
    ok(env, "drive_to_destination")
    fails(env, "inflate_tires", "between 25 and 45 psi", pressure_psi=60.0)
    tyres = ok(env, "inflate_tires", pressure_psi=35.0, tires=["front_left"])
    assert tyres["pressure_psi"]["front_left"] == 35.0 and "front_left" not in tyres["low_tires"]
    assert ok(env, "check_tire_pressure")["nearest_service"]["distance"] == 0.0


def test_drive_refuses_a_trip_longer_than_the_fuel_allows():
    env = running()
    env_far = max(env.places.values(), key=lambda p: env._km_to(p))
    env.car_t.patch("car", fuel_liters=1.0)  # test setup: nearly empty tank
    ok(env, "set_parking_brake", engaged=False)
    ok(env, "release_brake_pedal")
    est = ok(env, "estimate_trip", place_id=env_far["place_id"])
    assert est["enough_fuel"] is False
    ok(env, "set_navigation_destination", place_id=env_far["place_id"])
    fails(env, "drive_to_destination", "not enough fuel")


def test_lock_doors_needs_to_be_told_which_way_and_errors_name_the_call_that_fixes_them():
    # `lock` has no default (as in BFCL's lockDoors): a request always says lock or unlock,
    # and the errors that send the caller to lock_doors / set_parking_brake spell the argument.
    env = unlocked()
    fails(env, "lock_doors", "missing required argument 'lock'", doors=["driver"])
    ok(env, "lock_doors", doors=["driver"], lock=True)
    assert ok(env, "lock_doors", doors=["driver"], lock=False)["doors"]["driver"] == "unlocked"
    ok(env, "press_brake_pedal")
    assert "lock_doors(lock=true)" in fails(env, "start_engine", "doors not locked")
    env = running()
    assert "set_parking_brake(engaged=false)" in fails(env, "set_cruise_control", "release the parking brake", speed=100)


def test_destinations_are_said_without_repeating_the_city():
    env = running()
    station = ok(env, "find_places", category="gas_station", limit=1)[0]
    assert station["name"].endswith(station["city"])  # points of interest carry their town
    assert ok(env, "estimate_trip", place_id=station["place_id"])["destination"] == station["name"]
    assert ok(env, "set_navigation_destination", place_id=station["place_id"])["destination"] == station["name"]
    assert ok(env, "get_vehicle_status")["destination"] == station["name"]
    saved = next(p for p in ok(env, "find_places", category="saved", limit=50) if p["place_id"] != env.car["location"])
    assert ok(env, "estimate_trip", place_id=saved["place_id"])["destination"] == f"{saved['name']}, {saved['city']}"


def test_cruise_control_rules():
    env = running()
    fails(env, "set_cruise_control", "release the parking brake", speed=100)
    ok(env, "set_parking_brake", engaged=False)
    fails(env, "set_cruise_control", "multiple of 5", speed=93)
    fails(env, "set_cruise_control", "between 40 and 150", speed=200)
    assert ok(env, "set_cruise_control", speed=100)["active"] is True
    fails(env, "set_parking_brake", "cruise control is active", engaged=True)


def test_display_units_change_what_reads_report():
    env = fresh()
    metric = ok(env, "check_fuel")
    ok(env, "set_display_units", units="imperial")
    imperial = ok(env, "check_fuel")
    assert (metric["fuel_unit"], imperial["fuel_unit"]) == ("L", "gal")
    assert abs(imperial["fuel_level"] * 3.785411784 - metric["fuel_level"]) < 0.05
    assert imperial["distance_unit"] == "mi"


def test_climate_rules_and_fahrenheit_hint():
    env = unlocked()
    fails(env, "set_climate", "did you mean unit='fahrenheit'", temperature=72)
    ok(env, "set_climate", temperature=72, unit="fahrenheit")
    assert abs(env.car["climate"]["temperature_c"] - 22.22) < 0.01
    fails(env, "set_air_conditioning", "engine on", on=True)
    fails(env, "set_fan_speed", "between 0 and 10", level=11)


def test_saved_place_is_found_and_unknown_city_gets_a_suggestion():
    env = fresh()
    city = env.world.persona["home_city"]
    fails(env, "save_place", "did you mean", name="Grandma", address="1 Elm St", city=city[:-1])
    fails(env, "save_place", "already exists", name="Home", address="1 Elm St", city=city)
    saved = ok(env, "save_place", name="Grandma", address="1 Elm St", city=city)
    found = ok(env, "find_places", query="grandma", category="saved")
    assert [p["place_id"] for p in found] == [saved["place_id"]]


def test_lock_vehicle_needs_the_engine_off_and_revokes_access():
    env = running()
    fails(env, "lock_vehicle", "engine is running")
    ok(env, "stop_engine")
    ok(env, "lock_vehicle")
    error = run(env, "set_headlights", mode="on").get("error")
    assert "precondition not met" in error


def _ground_truth_state(seed: int) -> str:
    env = running(seed)
    station = ok(env, "find_places", category="gas_station", limit=1)[0]
    ok(env, "set_navigation_destination", place_id=station["place_id"])
    ok(env, "set_parking_brake", engaged=False)
    ok(env, "release_brake_pedal")
    ok(env, "drive_to_destination")
    return env.state_hash()


def test_task_mode_rewards_the_right_chain_and_not_a_partial_one():
    target = _ground_truth_state(SEED)
    task = Task(
        seed=SEED,
        turns=[TurnSpec(
            user="Drive me to the nearest gas station.",
            expect_state=target,
            expect_calls=["start_engine", "drive_to_destination"],
        )],
    )
    env = make("toolgym/Vehicle-v0")
    env.reset(options={"task": task})
    pin = env.car["owner_pin"]
    ok(env, "unlock_vehicle", method="pin", pin=pin)
    ok(env, "lock_doors", doors=ALL_DOORS, lock=True)
    ok(env, "press_brake_pedal")
    ok(env, "start_engine")
    station = ok(env, "find_places", category="gas_station", limit=1)[0]
    ok(env, "set_navigation_destination", place_id=station["place_id"])
    ok(env, "set_parking_brake", engaged=False)
    ok(env, "release_brake_pedal")
    ok(env, "drive_to_destination")
    _, reward, *_ = env.step(make_action(content="You are at the gas station."))
    assert reward == 1.0

    env.reset(options={"task": task})
    ok(env, "unlock_vehicle", method="pin", pin=pin)
    ok(env, "lock_doors", doors=ALL_DOORS, lock=True)
    ok(env, "press_brake_pedal")
    ok(env, "start_engine")  # stops short of driving
    _, reward, *_ = env.step(make_action(content="Done."))
    assert reward == 0.0

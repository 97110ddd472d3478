"""How a driver talks to the car's assistant, and how it reports back (see envs/language.py).

Written for the synthesis pipeline's built-in writers. Several tools take a boolean that flips
the action (lock or unlock, engage or release, AC on or off); their asks name the thing and
leave the state to the value's phrase, which completes the sentence ("get the driver door" +
"unlocked", "leave the handbrake" + "engaged"). So every phrase of such a boolean fits after
every ask that does not place it, and no ask says lock, engage or switch on by itself.

Lists of doors and tyres are said as the engine joins them ("driver and rear left") followed
by "door"/"tire" in the singular: "the driver and rear left door" reads acceptably, "the driver
doors" would not (SPEC: a noun with number agreement for list placeholders would do better).

Per-value asks (``value_asks``) let these read as people say them: "lock the driver door",
"release the handbrake", "turn the AC off"; the neutral asks plus a phrase remain as variety.

The owner's PIN is something only the user knows: ``unlock_vehicle``'s context states it as a
background fact when unlocking is a step the user did not ask for ("start the engine. My fob's
battery is dead, so unlock it using my PIN, 4821").
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS", "SCENES"]

NOUNS = {
    # Saved places ("Home", "Mom's house") and points of interest ("Shell Riverton") alike are
    # said by their name alone.
    "place": Noun("place", named=("{}",)),
}

_PLACE_QUERIES = (
    "Shell", "Chevron", "Exxon", "BP", "Kroger", "Trader Joe's", "Whole Foods", "Safeway", "Hilton", "Holiday Inn",
    "Chipotle", "Panera", "Waffle House", "Discount Tire", "Firestone", "Memorial Hospital", "Riverside Park",
    "Home", "Work", "Gym", "Dentist", "Mom's house",
)
_NEW_PLACE_NAMES = (
    "Grandma's", "Office annex", "Soccer practice", "Vet", "Dad's place", "Climbing gym", "Book club",
    "Piano lessons", "Storage unit", "Lake house", "Favorite diner", "Pharmacy", "Kids' school", "Car wash",
    "Farmers market", "Daycare",
)

# Situations a driver mentions to the in-car assistant around any request (ToolEnv.scenes):
# neutral to every tool (no place, weather or word that selects a setting: not "off", "running",
# "parking"...), first person, no numbers.
SCENES = (
    "I've only had this car for a couple of weeks",
    "this car is new to me and I'm still learning its features",
    "my partner usually handles the car stuff",
    "we're heading to the coast for the weekend",
    "I'm getting the car ready for a long drive",
    "I use the car for deliveries at the weekend",
    "the kids are coming with me today",
    "my commute has been a nightmare lately",
    "I'm trying to look after the car better than I used to",
    "the dashboard menus confuse me",
    "I find the touchscreen fiddly",
    "the car's due for a service soon",
    "my hands are full of shopping bags",
    "as a nervous driver, I like to check everything",
    "my wife shares this car with me and always changes the settings",
    "I'm picking my parents up later",
    "it's been a long day and I'm exhausted",
    "I drive a lot for my job, so the car is basically my second desk",
    "my eyesight isn't what it used to be",
    "fuel prices have me watching every drop",
    "I'm teaching my teenager to drive",
    "the car has been making a funny noise",
    "we just moved to the area and don't know the roads yet",
    "I'm in a bit of a hurry today",
    "I want everything sorted before the weekend",
    "the car sat unused for a while when I was travelling",
    "it's my first winter with this car",
    "my last car had none of these features",
    "a few friends and I are planning a day trip",
    "honestly, I'm not much of a car person",
    "I keep a log of my trips for tax purposes",
    "my mechanic told me to keep a closer eye on things",
    "we're doing a bit of a road trip across the state",
    "the weather has been all over the place this week",
    "I'm the designated driver tonight",
    "my kids are strapped in the back and getting impatient",
    "I hate fiddling with buttons while I'm behind the wheel",
    "it's a big week for driving, with appointments all over town",
    "I am responsible for this vehicle while my colleague is on leave",
    "ugh, I'm still half asleep",
)

LANGUAGE = {
    # --- status and access --------------------------------------------------------------------
    "get_vehicle_status": ToolLanguage(
        task=("check the car's status", "look up the state of the car"),
        asks=(
            "show me the status of my car",
            "what state is the car in right now?",
            "give me a full report on the car",
            "is my car locked, and where is it parked?",
            "how's the car doing?",
            "run a status check on the vehicle",
            "I want an overview of the car",
        ),
        answer=Answer(
            fields=("engine", "fuel_level", "location"),
            when={"security_locked": {
                True: (
                    "Your {vehicle} is locked with the engine {engine}. It's parked at {location} with {fuel_level} {fuel_unit} of fuel.",
                    "The car is locked up at {location}; engine {engine}, {fuel_level} {fuel_unit} in the tank.",
                ),
                False: (
                    "Your {vehicle} is unlocked and the engine is {engine}. It's at {location} with {fuel_level} {fuel_unit} of fuel.",
                    "The car is unlocked at {location}; engine {engine}, {fuel_level} {fuel_unit} in the tank.",
                ),
            }},
        ),
        why=("I think I forgot something", "I haven't checked on the car in a while", "someone else drove it last"),
    ),
    "unlock_vehicle": ToolLanguage(
        task=("unlock the car", "disarm the security lock and unlock the doors"),
        asks=(
            "unlock my car",
            "unlock the car with the {method} {pin}",
            "open my car using the {method} {pin}",
            "disarm the car's security lock",
            "let me into the car",
            "I need the car unlocked",
            "unlock the doors of my car",
        ),
        context=(
            "my key fob's battery is dead, so unlock it using my PIN, {pin}",
            "the fob isn't working; the car opens with my PIN, {pin}",
            "if the fob doesn't work, unlock it with my PIN: {pin}",
        ),
        params={
            "method": {
                "key_fob": ("with the key fob", "using the fob"),
                "pin": ("with my PIN", "using my PIN"),
            },
        },
        answer=Answer(
            when={"message": {
                "the car was already unlocked": ("The car was already unlocked.", "It was unlocked already; nothing to do."),
            }},
            says=("Your car is unlocked and the security lock is off.", "Unlocked: all four doors are open to you.", "The car is unlocked."),
        ),
        why=("I'm about to leave", "I left my bag inside", "the kids need to get in"),
    ),
    "lock_vehicle": ToolLanguage(
        task=("lock the car and arm its security lock",),
        asks=(
            "lock up my car",
            "arm the car's security lock",
            "secure the car for the night",
            "lock the car and set the alarm",
            "lock everything up",
            "I'm leaving the car, lock it",
        ),
        answer=Answer(says=("Your car is locked and the security lock is armed.", "All doors are locked and the alarm is set.", "The car is locked up.")),
        why=("I'm heading inside", "I'm parked downtown", "I'm leaving it overnight"),
    ),
    "lock_doors": ToolLanguage(
        task=("change the locks on the {doors} door",),
        asks=(
            "get the {doors} door",
            "I want the {doors} door",
            "make sure the {doors} door is",
            "leave the {doors} door",
            "have the {doors} door",
            "the {doors} door should be",
        ),
        params={
            # Each phrase completes every ask above: "get the driver door" + "unlocked".
            "lock": {
                True: ("locked up", "securely locked"),
                False: ("unlocked", "unlocked for now"),
            },
        },
        value_asks={"lock": {
            True: ("lock the {doors} door", "lock up the {doors} door", "can you lock the {doors} door?", "make sure the {doors} door gets locked"),
            False: ("unlock the {doors} door", "pop the locks on the {doors} door", "can you unlock the {doors} door?", "I need the {doors} door unlocked"),
        }},
        answer=Answer(
            when={"all_locked": {
                True: ("All four doors are locked now.", "That leaves every door locked."),
                False: (
                    "Now the driver door is {doors.driver}, the passenger door {doors.passenger}, the rear left {doors.rear_left} and the rear right {doors.rear_right}.",
                    "The doors now stand like this: driver {doors.driver}, passenger {doors.passenger}, rear left {doors.rear_left}, rear right {doors.rear_right}.",
                ),
            }},
        ),
        why=("the kids are in the back", "it's what my passenger wants"),
    ),
    "press_brake_pedal": ToolLanguage(
        task=("press the brake pedal",),
        asks=(
            "press the brake pedal",
            "push the brake down",
            "step on the brake",
            "hold the brake",
            "put my foot on the brake",
            "press the brake with pressure {pressure}",
            "I need the brake pedal pressed",
        ),
        params={"pressure": ("to {} percent", "at {}% pressure", "{} percent of the way down")},
        answer=Answer(says=("The brake pedal is pressed.", "Brake's down.", "Holding the brake.")),
        why=("I'm about to start the engine", "I'm getting ready to go", "the car is on a slope"),
    ),
    "release_brake_pedal": ToolLanguage(
        task=("release the brake pedal",),
        asks=(
            "release the brake pedal",
            "take my foot off the brake",
            "let go of the brake",
            "ease off the brake",
            "stop pressing the brake",
            "I want the brake pedal released",
        ),
        answer=Answer(says=("The brake pedal is released.", "Brake released.", "Off the brake now.")),
        why=("I'm ready to move", "we're about to set out"),
    ),
    # --- engine -------------------------------------------------------------------------------
    "start_engine": ToolLanguage(
        task=("start the engine",),
        asks=(
            "start the engine",
            "start my car",
            "turn the engine on",
            "fire up the engine",
            "get the car running",
            "I want the engine started",
        ),
        answer=Answer(says=("The engine is running.", "Engine started.", "The car is running now.")),
        why=("I want to warm it up", "I'm ready to go", "we're leaving in a minute"),
    ),
    "stop_engine": ToolLanguage(
        task=("stop the engine",),
        asks=(
            "stop the engine",
            "turn off my car",
            "switch the engine off",
            "kill the engine",
            "shut the car off",
            "I want the engine off",
        ),
        answer=Answer(says=("The engine is off.", "Engine stopped.", "I've switched the engine off.")),
        why=("we've arrived", "I don't want to sit here idling", "I'm about to fill up"),
    ),
    "set_parking_brake": ToolLanguage(
        task=("set the parking brake",),
        asks=(
            "I want the parking brake",
            "get the handbrake",
            "make sure the parking brake is",
            "leave the handbrake",
            "have the parking brake",
            "the parking brake needs to be",
            "set the electronic parking brake to",
        ),
        params={
            # Each phrase completes every ask above: "leave the handbrake" + "engaged".
            "engaged": {
                True: ("engaged", "applied"),
                False: ("released", "off"),
            },
        },
        value_asks={"engaged": {
            True: ("engage the parking brake", "put the handbrake on", "pull the parking brake", "set the handbrake"),
            False: ("release the parking brake", "take the handbrake off", "let the parking brake off", "disengage the handbrake"),
        }},
        answer=Answer(
            when={"status": {
                "engaged": ("The parking brake is engaged.", "Handbrake's on."),
                "released": ("The parking brake is released.", "Handbrake's off; you're free to move."),
            }},
        ),
    ),
    "set_cruise_control": ToolLanguage(
        task=("set the cruise control speed to {speed}",),
        asks=(
            "set the cruise speed to {speed}",
            "make the cruise control speed {speed}",
            "I want cruise control at {speed}",
            "change the cruise setting to {speed}",
            "program cruise control for {speed}",
            "cruise control to {speed}",
        ),
        params={
            "active": {
                True: ("and engage it", "and switch it on"),
                False: ("but leave it switched off", "without engaging it yet"),
            },
        },
        answer=Answer(
            fields=("speed",),
            when={"active": {
                True: ("Cruise control is on at {speed} {speed_unit}.", "Holding {speed} {speed_unit} on cruise control."),
                False: ("The cruise speed is set to {speed} {speed_unit}, but cruise control is off.", "Saved {speed} {speed_unit} as the cruise speed; it isn't engaged."),
            }},
        ),
        kinds={"speed": "number"},
        why=("I'm on the motorway for a while", "it's a long straight stretch", "my foot gets tired on long drives"),
    ),
    # --- comfort ------------------------------------------------------------------------------
    "set_headlights": ToolLanguage(
        task=("set the headlights",),
        asks=(
            "turn the headlights",
            "switch the headlights",
            "flip the headlights",
            "I want the headlights",
            "set the headlight mode to {mode}",
            "change the headlights to {mode}",
        ),
        params={
            "mode": {
                "off": ("off", "switched off"),
                "on": ("on low beam", "on regular low beam"),
                "auto": ("on auto", "on automatic"),
                "high_beam": ("on high beam", "on full beam"),
            },
        },
        answer=Answer(
            when={"status": {
                "off": ("The headlights are off.", "Lights off."),
                "on": ("The headlights are on.", "Low beams are on."),
                "auto": ("The headlights are on automatic.", "Lights set to auto."),
                "high_beam": ("High beams are on.", "The headlights are on full beam."),
            }},
        ),
    ),
    "set_climate": ToolLanguage(
        task=("set the cabin temperature to {temperature}",),
        asks=(
            "set the temperature to {temperature} {unit}",
            "make it {temperature} degrees in the car",
            "I'd like the cabin at {temperature}",
            "set the climate to {temperature}",
            "put the climate control on {temperature}",
            "change the cabin temperature to {temperature}",
            "bring the inside of the car to {temperature} degrees",
            "set {mode} mode at {temperature} degrees",
        ),
        params={
            "unit": {
                "celsius": ("in Celsius", "using Celsius"),
                "fahrenheit": ("in Fahrenheit", "using Fahrenheit"),
            },
            "mode": {
                "auto": ("in auto mode", "on automatic"),
                "cool": ("in cooling mode", "on cool"),
                "heat": ("in heating mode", "on heat"),
                "defrost": ("in defrost mode", "with defrost on"),
            },
        },
        answer=Answer(
            fields=("climate.temperature",),
            says=(
                "The cabin is set to {climate.temperature} degrees {climate.temperature_unit}, {climate.mode} mode.",
                "Climate set to {climate.temperature} degrees {climate.temperature_unit} in {climate.mode} mode.",
                "I've set the temperature to {climate.temperature} degrees {climate.temperature_unit}.",
            ),
        ),
        # Cabin temperatures people ask for (Celsius, the default display units).
        values={"temperature": (18, 19, 20, 20.5, 21, 21.5, 22, 23, 24, 25)},
        kinds={"temperature": "number", "climate.temperature": "number"},
        why=("my passenger feels uncomfortable", "I want it comfortable before we set out", "the kids keep complaining"),
    ),
    "set_fan_speed": ToolLanguage(
        task=("set the fan to level {level}",),
        asks=(
            "set the fan to {level}",
            "turn the blower to level {level}",
            "change the fan speed to {level}",
            "put the fan on {level}",
            "I want the fan at level {level}",
            "fan speed {level}",
        ),
        answer=Answer(
            fields=("climate.fan_speed",),
            says=("The fan is at level {climate.fan_speed} now.", "Fan speed set to {climate.fan_speed}.", "I've put the blower on {climate.fan_speed}."),
        ),
        kinds={"level": "count", "climate.fan_speed": "count"},
        why=("my passenger prefers it that way", "I want it comfortable in here", "the kids keep complaining"),
    ),
    "set_air_conditioning": ToolLanguage(
        task=("set the air conditioning",),
        asks=(
            "I want the AC",
            "get the air conditioning",
            "make sure the AC is",
            "leave the air con",
            "have the AC",
            "keep the air conditioning",
            "the AC should be",
        ),
        params={
            # Each phrase completes every ask above: "keep the air conditioning" + "running".
            "on": {
                True: ("switched on", "running"),
                False: ("switched off", "off"),
            },
        },
        value_asks={"on": {
            True: ("turn the AC on", "switch on the air conditioning", "put the air con on", "can you turn on the AC?"),
            False: ("turn the AC off", "switch off the air conditioning", "kill the air con", "can you turn off the AC?"),
        }},
        answer=Answer(
            when={"climate.ac": {
                True: ("The AC is on; the cabin is set to {climate.temperature} degrees {climate.temperature_unit}.", "Air conditioning's running."),
                False: ("The AC is off.", "Air conditioning switched off; the fan stays at {climate.fan_speed}."),
            }},
        ),
        why=("it's what my passenger wants", "the kids keep asking"),
    ),
    "set_display_units": ToolLanguage(
        task=("switch the display to {units} units",),
        asks=(
            "switch the display to {units} units",
            "show everything in {units}",
            "use {units} units on the dashboard",
            "I prefer {units} units",
            "change the units to {units}",
            "set the car to {units}",
        ),
        params={"units": {"metric": ("in kilometres and litres",), "imperial": ("in miles and gallons",)}},
        answer=Answer(
            when={"status": {
                "metric": ("The display is in metric now: kilometres, litres and Celsius.", "Switched to metric units."),
                "imperial": ("The display is in imperial now: miles, gallons and Fahrenheit.", "Switched to imperial units."),
            }},
        ),
        why=("I'm used to the other system", "my partner prefers it that way", "I'm driving abroad next week"),
    ),
    # --- fuel and tyres -----------------------------------------------------------------------
    "check_fuel": ToolLanguage(
        task=("check the fuel level", "check how far the car can go on this tank"),
        asks=(
            "how much fuel do I have?",
            "check my fuel level",
            "how far can I go on this tank?",
            "is the tank getting low?",
            "what's the range left?",
            "I need to know the fuel situation",
        ),
        answer=Answer(
            fields=("fuel_level", "range"),
            says=(
                "You have {fuel_level} {fuel_unit} left ({percent} of the tank), enough for about {range} {distance_unit}.",
                "The tank holds {fuel_level} of {capacity} {fuel_unit}; that's roughly {range} {distance_unit} of driving.",
                "Fuel: {fuel_level} {fuel_unit}, good for about {range} {distance_unit}.",
            ),
        ),
        kinds={"percent": "percent", "fuel_level": "number", "capacity": "number", "range": "number"},
        why=("I have a long drive ahead", "I don't trust the gauge", "I want to know if I can make it without stopping"),
    ),
    "refuel": ToolLanguage(
        task=("refuel with {amount}",),
        asks=(
            "refuel with {amount}",
            "put {amount} {unit} in the tank",
            "fill up with {amount} {unit}",
            "add {amount} {unit} of fuel",
            "pump {amount} {unit} into the tank",
            "top up the tank with {amount}",
            "I want {amount} {unit} of gas in the car",
        ),
        params={"unit": {"liters": ("liters",), "gallons": ("gallons",)}},
        answer=Answer(
            fields=("fuel_level",),
            says=(
                "The tank now has {fuel_level} {fuel_unit} ({percent} full).",
                "Refuelled: {fuel_level} {fuel_unit} in the tank, about {range} {distance_unit} of range.",
                "Done filling up; you're at {fuel_level} {fuel_unit}.",
            ),
        ),
        kinds={"amount": "number", "percent": "percent", "fuel_level": "number", "range": "number"},
        why=("the tank is nearly empty", "I have a long drive tomorrow", "I'm at the pump anyway"),
    ),
    "check_tire_pressure": ToolLanguage(
        task=("check the tire pressure",),
        asks=(
            "check my tire pressure",
            "are my tires properly inflated?",
            "what pressure are the tires at?",
            "do any of my tires need air?",
            "how are the tires looking?",
            "I want a tire pressure reading",
        ),
        answer=Answer(
            when={"healthy": {
                True: (
                    "All four tires are fine: front {pressure_psi.front_left} and {pressure_psi.front_right} psi, rear {pressure_psi.rear_left} and {pressure_psi.rear_right} psi (recommended {recommended_psi}).",
                    "Your tires look good. Front left {pressure_psi.front_left}, front right {pressure_psi.front_right}, rear left {pressure_psi.rear_left}, rear right {pressure_psi.rear_right} psi.",
                ),
                False: (
                    "These tires are low: {low_tires}. They should be at {recommended_psi} psi; the nearest place to pump them up is {nearest_service.name}, {nearest_service.distance} {nearest_service.distance_unit} away.",
                    "You need air in the {low_tires} tire (recommended {recommended_psi} psi). {nearest_service.name} is {nearest_service.distance} {nearest_service.distance_unit} away.",
                ),
            }},
        ),
        kinds={"recommended_psi": "number"},
        why=("the steering feels strange", "it's been a while since I checked", "I have a long drive ahead"),
    ),
    "inflate_tires": ToolLanguage(
        task=("inflate the tires to {pressure_psi} psi",),
        asks=(
            "inflate the tires to {pressure_psi} psi",
            "pump the tires up to {pressure_psi} psi",
            "fill the {tires} tire to {pressure_psi} psi",
            "bring the tire pressure up to {pressure_psi} psi",
            "put air in the tires, {pressure_psi} psi",
            "I want the tires at {pressure_psi} psi",
        ),
        params={"tires": ("just the {} tire", "only the {} tire")},
        answer=Answer(
            # SPEC: `fields` cannot name the entries of a map (pressure_psi.front_left is not a
            # result path); the sentences state all four anyway.
            says=(
                "Front tires are at {pressure_psi.front_left} and {pressure_psi.front_right} psi, rear tires at {pressure_psi.rear_left} and {pressure_psi.rear_right} psi.",
                "All set: front left {pressure_psi.front_left}, front right {pressure_psi.front_right}, rear left {pressure_psi.rear_left} and rear right {pressure_psi.rear_right} psi.",
            ),
        ),
        kinds={"pressure_psi": "number"},
        why=("the warning light came on", "one of them looked a bit flat", "I have a heavy load to carry"),
    ),
    # --- places and navigation ----------------------------------------------------------------
    "find_places": ToolLanguage(
        task=("search the map", "look up places on the map"),
        asks=(
            "search the map for {query}",
            "where's the nearest {query}?",
            "look up {query} on the map",
            "find places in {city}",
            "find {category} places in {city}",
            "which {category} places are there in {city}?",
            "check the map for {query} in {city}",
            "search my navigation for {query}",
            "show me what's on the map",
        ),
        context=("the place is called {query}", "it's the {query} in {city}", "I mean the {query} one"),
        params={
            "query": ("matching {}", "called {}"),
            "category": {
                "gas_station": ("gas stations only", "just gas stations"),
                "tire_shop": ("tire shops only", "just tire shops"),
                "restaurant": ("restaurants only", "just restaurants"),
                "parking": ("parking only", "just parking lots"),
                "supermarket": ("supermarkets only", "just grocery stores"),
                "hospital": ("hospitals only", "just hospitals"),
                "hotel": ("hotels only", "just hotels"),
                "park": ("parks only", "just parks"),
                "saved": ("only my saved places", "just my saved places"),
            },
            "city": ("in {}", "around {}"),
            "limit": ("the closest {} only", "no more than {} results"),
        },
        values={"query": _PLACE_QUERIES},
        answer=Answer(
            each="{name} ({distance} {distance_unit})",
            says=("I found {count} places: {items}.", "Closest first: {items}.", "Here's what's on the map: {items}."),
            empty=("Nothing on the map matches that.", "I couldn't find any place like that."),
        ),
        why=("I don't know the area", "I'm trying to plan a stop", "we need a break soon"),
    ),
    "save_place": ToolLanguage(
        task=("save {address} in {city} as {name}",),
        asks=(
            "save {address} in {city} as {name}",
            "add a saved place called {name} at {address}, {city}",
            "remember {address}, {city} as {name}",
            "bookmark {address} in {city} under the name {name}",
            "I want {address}, {city} saved as {name}",
            "store {name} in my places: {address}, {city}",
        ),
        values={"name": _NEW_PLACE_NAMES},
        answer=Answer(
            fields=("name",),
            says=(
                "Saved {name} ({address}, {city}); it's {distance} {distance_unit} from here.",
                "{name} is in your saved places now.",
                "I've added {name} at {address}, {city}.",
            ),
        ),
        why=("I go there often", "I'll need to find it again", "I'm tired of typing the address"),
    ),
    "set_navigation_destination": ToolLanguage(
        task=("set the navigation destination to {place_id}",),
        asks=(
            "navigate to {place_id}",
            "set the destination to {place_id}",
            "route me to {place_id}",
            "I want directions to {place_id}",
            "put {place_id} in the navigation",
            "plan the route to {place_id}",
            "guide me to {place_id}",
        ),
        context=("I want to go to {place_id}", "the destination is {place_id}", "I'm heading to {place_id}"),
        answer=Answer(
            fields=("distance", "eta_minutes"),
            says=(
                "Navigation is set to {destination}: {distance} {distance_unit}, about {eta_minutes} min.",
                "Route ready to {destination}, {distance} {distance_unit} away (ETA {eta_minutes} min).",
                "Heading to {destination}; it's {distance} {distance_unit}, roughly {eta_minutes} min.",
            ),
        ),
        kinds={"distance": "number", "eta_minutes": "count"},
        why=("I don't know the way", "I'm not sure of the route", "I want the traffic updates"),
    ),
    "get_navigation": ToolLanguage(
        task=("check the current route",),
        asks=(
            "where is the navigation taking me?",
            "how far is it to my destination?",
            "show the current route",
            "how long until we get there?",
            "is a destination set?",
            "what's the ETA?",
        ),
        answer=Answer(
            when={"active": {
                True: (
                    "You're headed to {destination}, {distance} {distance_unit} away (about {eta_minutes} min).",
                    "The route goes to {destination}: {distance} {distance_unit} left, ETA about {eta_minutes} min.",
                ),
                False: ("No destination is set right now.", "The navigation isn't guiding you anywhere at the moment."),
            }},
        ),
        kinds={"distance": "number", "eta_minutes": "count"},
        why=("I'm wondering how much longer it'll be", "someone's waiting for me", "I want to tell them when I'll arrive"),
    ),
    "cancel_navigation": ToolLanguage(
        task=("cancel the navigation",),
        asks=(
            "cancel the navigation",
            "stop the route guidance",
            "clear my destination",
            "I don't need directions anymore",
            "end the route",
            "turn off the navigation",
        ),
        answer=Answer(says=("Navigation cancelled.", "The route is cleared.", "No more directions; the destination is cleared.")),
        why=("I know the way from here", "our plans changed", "we're going somewhere else first"),
    ),
    "estimate_trip": ToolLanguage(
        task=("estimate the trip to {place_id}",),
        asks=(
            "how long would it take to drive to {place_id}?",
            "estimate a trip to {place_id}",
            "do I have enough fuel to reach {place_id}?",
            "how far is {place_id} from here?",
            "what would a drive to {place_id} take?",
            "I'm thinking of driving to {place_id}; how long is that?",
        ),
        context=("I'm thinking of going to {place_id}", "the place is {place_id}"),
        answer=Answer(
            fields=("distance", "duration_minutes"),
            when={"enough_fuel": {
                True: (
                    "{destination} is {distance} {distance_unit} away, about {duration_minutes} min; the trip takes {fuel_needed} of your {fuel_available} {fuel_unit}.",
                    "It's {distance} {distance_unit} to {destination}, roughly {duration_minutes} min, and you have enough fuel.",
                ),
                False: (
                    "{destination} is {distance} {distance_unit} away (about {duration_minutes} min), but you'd need {fuel_needed} {fuel_unit} and have only {fuel_available}: refuel first.",
                    "It's {distance} {distance_unit}, roughly {duration_minutes} min, and not enough fuel: the trip takes {fuel_needed} {fuel_unit}, the tank has {fuel_available}.",
                ),
            }},
        ),
        kinds={"distance": "number", "duration_minutes": "count", "fuel_needed": "number", "fuel_available": "number"},
        why=("I'm deciding whether to go today", "I want to know if I need to fill up first", "I'm planning my day"),
    ),
    "drive_to_destination": ToolLanguage(
        task=("drive to the destination",),
        asks=(
            "drive me there",
            "start driving to the destination",
            "let's go, head to the destination",
            "take me to the destination now",
            "go ahead and drive",
            "I'm ready, drive to where the navigation is set",
        ),
        answer=Answer(
            fields=("destination", "distance"),
            says=(
                "We've arrived at {destination} after {distance} {distance_unit}; the drive used {fuel_used} {fuel_unit}.",
                "Arrived at {destination}: {distance} {distance_unit} driven.",
                "You're at {destination} now, {distance} {distance_unit} from {origin}.",
            ),
        ),
        kinds={"distance": "number", "fuel_used": "number"},
        why=("I'm tired", "I'm ready to go", "everyone's buckled in"),
    ),
    "list_trips": ToolLanguage(
        task=("look up the recent trips", "list the car's past drives"),
        asks=(
            "show my recent trips",
            "list my last {limit} drives",
            "what trips did the car make lately?",
            "where have I driven recently?",
            "pull up my driving history",
            "I need my trip log",
        ),
        params={"limit": ("the last {}", "just the last {}")},
        answer=Answer(
            each="{origin} to {destination} on {date} ({distance} {distance_unit})",
            says=("Your last {count} trips: {items}.", "Recent drives: {items}.", "I see {count} trips: {items}."),
            empty=("There are no trips on record.", "The car hasn't logged any trips."),
        ),
        kinds={"distance": "number"},
        why=("I'm filling in my mileage claim", "I keep a log for my employer", "I want to see how much I've been driving"),
    ),
}

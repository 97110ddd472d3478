"""How people ask their smart-home app for things, and how the assistant reports them (see envs/language.py).

Asks are what someone would type or say to an assistant running their home hub app; ``task``
is what the assistant thinks it is doing; answers state the setting the user asked about (a
light's brightness, a thermostat's setpoint and mode, whether a door is locked), never a dump
of the device record.

Writing notes:
- An id placeholder is a whole noun phrase: ``{device_id}`` is "the Porch Light" or "that
  device", ``{room_id}`` "the Kitchen", ``{scene_id}`` "the Good Night scene". Several device
  ids (``create_group``) read as "the Porch Light and the Garden Lights". Named forms carry no
  "my", so that an answer repeating a reference still speaks to the user.
- Device names can be plural ("Kitchen Pendant Lights", "Living Room Blinds"), so answers say
  device states without a verb agreeing with the name ("I turned off the {name}", "The app
  shows the {name} locked").
- On/off (``on``, ``enabled``) and thermostat modes are said only through ``params`` phrases;
  no ask says "on", "off", "heat", "cool" or "auto" by itself, so the words a user reads always
  match the call.
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS", "SCENES"]

NOUNS = {
    "hub": Noun("hub", named=("the {} hub",)),
    "room": Noun("room", named=("the {}",)),
    "device": Noun("device", named=("the {}",)),
    "scene": Noun("scene", named=("the {} scene",)),
    "schedule": Noun("schedule", named=("the {} schedule",)),
    "device_group": Noun("group", named=("the {} group",)),
}

# Names people give scenes (a set of device settings applied together).
_SCENE_NAMES = (
    "Reading Nook", "Dinner Party", "Lazy Sunday", "Date Night", "Game Night", "Leaving Home",
    "Welcome Home", "Cozy Evening", "Focus Time", "Kids Bedtime", "Early Start", "Summer Afternoon",
    "Quiet Hours", "Wind Down", "Sunrise", "Cleaning Mode", "Movie Marathon", "Holiday Party",
)

# Names of schedules (a scene run at a time of day).
_SCHEDULE_NAMES = (
    "Weekday wake-up", "Lights out", "Evening wind-down", "School mornings", "Weekend lie-in",
    "Porch lights at dusk", "Vacation lights", "Night lock-up", "Sunday reset", "Morning coffee",
    "After school", "Late shift", "Sunset", "Workday start",
)

# Names of device groups (lights and plugs that switch together).
_GROUP_NAMES = (
    "Downstairs Lights", "Bedroom Lamps", "Holiday Lights", "Front of House", "Reading Lights",
    "Kids' Lights", "Night Path", "Patio", "Living Area", "Entertainment", "Office Setup", "Upstairs",
    "Evening Lamps", "Kitchen Counter", "Christmas Tree", "Bedtime Lamps",
)

# Names for a newly paired device. The sampler draws one without knowing the device's kind (a
# bulb, a plug or a camera), so they name a place, as people do ("Side Table", "Nursery").
_NEW_DEVICE_NAMES = (
    "Side Table", "Bookshelf", "Window Seat", "Entryway", "Pantry", "Nursery", "Reading Corner",
    "Guest Room", "Balcony", "Laundry Room", "Craft Table", "Piano Corner", "Attic Stairs", "Mudroom",
    "Sunroom", "Workbench",
)

_ON_OFF = {True: ("on", "back on"), False: ("off", "off for now")}

# Situations a user of the home hub app mentions around any request (ToolEnv.scenes): neutral to
# every tool (no room, device, scene or colour name; no "on"/"off", which say a switch, nor a
# device type such as "lock" or "light"), first person.
SCENES = (
    "we just got the keys and I'm still learning the system",
    "my partner set all this up and I'm still finding my way around",
    "this week I'm travelling for work",
    "we have a newborn, so quiet evenings matter a lot right now",
    "our energy bill needs to come down",
    "my parents are staying with us for a while",
    "I'm in bed and don't want to get up",
    "the kids are by themselves for the first time",
    "we're having people round tonight",
    "I'm at work and checking in remotely",
    "the power went out last night and things are acting strange",
    "I'm slowly letting the house take over more of our routines",
    "the dog has been by himself all day",
    "we're renting the place out for the summer soon",
    "I'm a bit of a gadget nerd",
    "honestly, I'm not very techy",
    "we had new wiring put in recently",
    "I'm sprawled across the sofa with my phone",
    "our cleaner comes by today",
    "getting everyone into a better sleep routine is my project this month",
    "my teenager keeps messing with the settings",
    "we're selling the house and have viewings this week",
    "since the last app update, I can't find anything",
    "we're planning a quiet weekend in",
    "our energy supplier raised prices again",
    "my mother-in-law arrives later today",
    "making the house feel cosier is my goal this winter",
    "there's a storm coming, so I'm getting the house ready",
    "I am configuring the house systems in preparation for guests",
    "the cat keeps triggering the motion sensor",
    "I'm at the gym and just thought of something",
    "we've got a contractor working in the house this week",
    "ugh, I forgot to deal with this before leaving",
    "since the baby arrived, our evenings have changed completely",
    "my husband is travelling, so I'm in charge of the house",
    "we just got back from a long holiday",
    "I'm out running errands for the afternoon",
    "after a long week, I just want the house to take care of itself",
    "I've been reading about ways to make our house smarter",
    "my landlord installed all of this and left me the app",
)

LANGUAGE = {
    # --- session -------------------------------------------------------------------------------
    "login": ToolLanguage(
        task=("log in to the smart-home app as {username}", "sign in to the home app with the user's username and password"),
        asks=(
            "log in to my smart home app as {username} with the password {password}",
            "sign me in to the home hub app: {username} / {password}",
            "my smart home login is {username}, password {password}; sign me in",
            "I'm {username} on the home app and my password is {password}, log me in",
            "get me into my smart home account ({username}, {password})",
            "open the home app with {username} and {password}",
            "start a session in my home app, user {username}, password {password}",
        ),
        context=(
            "my home app username is {username} and the password is {password}",
            "I log in to the smart home app as {username} with {password}",
            "the app login is {username}, password {password}",
            "sign in as {username} / {password} first",
        ),
        answer=Answer(
            says=(
                "You're signed in to the home app as {username}; next comes choosing which home to control.",
                "Logged in as {username}. Pick a home (hub) and I can control its devices.",
                "You're in, {username}. I still need to connect to one of your hubs.",
            ),
        ),
    ),
    "logout": ToolLanguage(
        task=("log out of the smart-home app",),
        asks=(
            "log out of the smart home app",
            "sign me out of the home app",
            "disconnect from my smart home account",
            "I'm done with the house for now, log me out",
            "end my session in the home app",
            "sign out of the hub app",
        ),
        answer=Answer(says=("You're logged out of the home app.", "Signed out; the hub is disconnected too.", "Done, your session is closed.")),
    ),
    "list_hubs": ToolLanguage(
        task=("list the user's homes", "look up which hubs the user has"),
        asks=(
            "which homes do I have in the app?",
            "list my hubs",
            "show my smart home locations",
            "what places can I control from here?",
            "pull up my homes",
            "how many hubs are on my account?",
        ),
        answer=Answer(
            each="{name} ({address})",
            says=("Your homes: {items}.", "You have these hubs ({count} in all): {items}.", "The app controls {items}."),
            empty=("There are no hubs on your account.", "You haven't set up any homes in the app yet."),
        ),
        why=("I can't remember which homes are linked", "I just added a property", "I'm setting things up for the first time"),
    ),
    "connect_hub": ToolLanguage(
        task=("connect to {hub_id}", "switch the app to {hub_id}"),
        asks=(
            "connect to {hub_id}",
            "switch to {hub_id}",
            "I want to control the devices on {hub_id}",
            "open {hub_id} in the app",
            "use {hub_id} from now on",
            "go over to {hub_id}",
        ),
        context=("it's on {hub_id}", "the devices are on {hub_id}", "I'm talking about {hub_id}"),
        answer=Answer(
            fields=("name",),
            says=(
                "Connected to {name} at {address}; it has {device_count} devices.",
                "You're now controlling {name} ({address}).",
                "I've switched to {name}, which has {device_count} devices.",
            ),
        ),
        why=("I want to check that house", "I'm managing the other property today", "we're heading there later"),
    ),
    # --- rooms and devices ---------------------------------------------------------------------
    "list_rooms": ToolLanguage(
        task=("list the rooms of the connected home", "look up the rooms in the home"),
        asks=(
            "what rooms are in my home?",
            "list the rooms",
            "show the rooms and how many devices each has",
            "which rooms does the app know about?",
            "give me the room list",
            "how is the house split into rooms in the app?",
        ),
        answer=Answer(
            each="{name} ({device_count})",
            says=(
                "The rooms, with how many devices each: {items}.",
                "This home has {count} rooms (device counts in brackets): {items}.",
                "Rooms and their device counts: {items}.",
            ),
            empty=("This home has no rooms set up.", "The app doesn't list any rooms here."),
        ),
        why=("I'm setting things up", "I can't remember how the rooms are named", "I want to organise the devices better"),
    ),
    "list_devices": ToolLanguage(
        task=("list the devices of the connected home", "look up the devices in the home"),
        asks=(
            "list my devices",
            "show the devices in {room_id}",
            "what devices are connected?",
            "which devices do I have in {room_id}?",
            "give me the device list",
            "what's hooked up to the hub in {room_id}?",
            "tell me what devices the app controls",
        ),
        params={
            "room_id": ("in {}", "that are in {}"),
            "type": {
                "light": ("just the lights", "only the lights"),
                "thermostat": ("just the thermostats", "only the thermostats"),
                "lock": ("just the door locks", "only the locks"),
                "camera": ("just the cameras", "only the cameras"),
                "plug": ("just the smart plugs", "only the plugs"),
                "blind": ("just the blinds", "only the window blinds"),
            },
        },
        answer=Answer(
            each="{name}",
            says=("Here they are, {count} altogether: {items}.", "I found these devices: {items}.", "The hub lists {items}."),
            empty=("There are no devices like that here.", "I didn't find any matching devices."),
        ),
        why=("I'm not sure what's connected", "I'm doing an inventory", "I want to tidy up the device list"),
    ),
    "find_device": ToolLanguage(
        task=("find the device called {name}", "look up {name} among the devices"),
        asks=(
            "find the {name}",
            "which device is the {name}?",
            "look up the device called {name}",
            "where's my {name}?",
            "search my devices for {name}",
            "is there a device named {name}?",
            "I'm looking for the {name} in the app",
        ),
        context=("it's the {name}", "the device is called {name}", "I mean the {name}"),
        answer=Answer(
            each="{name} in the {room}",
            says=("I found {items}.", "Matches ({count} found): {items}.", "That's {items}."),
            empty=("No device matches {name}.", "I couldn't find anything called {name}."),
        ),
        why=("I can't remember what I named it", "there are a lot of devices", "I need it for the next step"),
    ),
    "get_device_state": ToolLanguage(
        task=("check the state of {device_id}", "look up the current settings of {device_id}"),
        asks=(
            "what's the state of {device_id}?",
            "check on {device_id}",
            "what are the current settings of {device_id}?",
            "show me the settings of {device_id}",
            "give me the status of {device_id}",
            "check {device_id} and tell me the current settings",
            "what's going on with {device_id}?",
        ),
        context=("it's {device_id}", "I'm asking about {device_id}"),
        answer=Answer(
            # The first field whose value has sentences decides: offline, then locks, then a
            # thermostat that is off, then thermostats and blinds, then anything with power.
            # SPEC: a case cannot join two fields (type=light and power=True), so a light's
            # brightness is not said here (a plug's would be null).
            when={
                "online": {False: (
                    "I see the {name} offline, so I can't read how it's set right now.",
                    "The app shows the {name} offline; check its power or Wi-Fi.",
                )},
                "locked": {
                    True: ("The app shows the {name} locked.", "I checked the {name}: locked."),
                    False: ("The app shows the {name} unlocked.", "Heads up: I see the {name} unlocked."),
                },
                "mode": {"off": (
                    "The {name} is off; its setpoint is {setpoint}°F and the room is at {current_temp}°F.",
                    "Heating and cooling are off on the {name} (setpoint {setpoint}°F, currently {current_temp}°F).",
                )},
                "type": {
                    "thermostat": (
                        "The {name} is set to {setpoint}°F in {mode} mode; it's {current_temp}°F in the room.",
                        "It's {current_temp}°F by the {name}, which is holding {setpoint}°F ({mode} mode).",
                    ),
                    "blind": (
                        "The app shows the {name} {position}% open.",
                        "I see the {name} at {position}% open.",
                    ),
                },
                "power": {
                    True: ("The app shows the {name} switched on.", "I see the {name} switched on right now."),
                    False: ("The app shows the {name} switched off.", "I see the {name} turned off at the moment."),
                },
            },
        ),
        kinds={"setpoint": "number", "current_temp": "number", "position": "count"},
        why=("something seems wrong with it", "I want to be sure it did what I asked", "I can't see it from here"),
    ),
    "set_power": ToolLanguage(
        # SPEC: a task cannot say a boolean's value ("turn the Porch Light off"), so the tasks
        # of set_power, set_group_power and set_away_mode stay neutral.
        task=("switch the power of {device_id}", "change the power state of {device_id}"),
        asks=(
            "turn {device_id}",
            "switch {device_id}",
            "flip {device_id}",
            "I want {device_id}",
            "I need {device_id}",
            "go ahead and turn {device_id}",
            "power {device_id}",
        ),
        params={"on": _ON_OFF},
        answer=Answer(
            when={
                "mode": {"off": ("I turned off the {name}; heating and cooling are off.", "Done: the {name} is off now.")},
                "power": {
                    True: ("I turned on the {name}.", "Done: the {name} switched on.", "The app shows the {name} on now."),
                    False: ("I turned off the {name}.", "Done: the {name} switched off.", "The app shows the {name} off now."),
                },
            },
        ),
        why=("it's what my partner wants", "I'm not in that room"),
    ),
    "set_brightness": ToolLanguage(
        task=("set {device_id} to {brightness}% brightness",),
        asks=(
            "set {device_id} to {brightness}% brightness",
            "put {device_id} at {brightness} percent",
            "change the brightness of {device_id} to {brightness}%",
            "make {device_id} {brightness}% bright",
            "I want {device_id} at {brightness}%",
            "adjust {device_id} to {brightness} percent brightness",
        ),
        answer=Answer(
            fields=("brightness",),
            says=(
                "I set the {name} to {brightness}% brightness.",
                "Done: the {name} at {brightness}%.",
                "The brightness of the {name} is now {brightness}%.",
            ),
        ),
        kinds={"brightness": "count"},
        why=("my partner prefers it that way", "I want to set the mood"),
    ),
    "set_color": ToolLanguage(
        task=("change the color of {device_id} to {color}",),
        asks=(
            "make {device_id} {color}",
            "change {device_id} to {color}",
            "turn {device_id} {color}",
            "set the color of {device_id} to {color}",
            "I'd like {device_id} in {color}",
            "switch {device_id} over to {color} light",
        ),
        answer=Answer(
            fields=("color",),
            says=("I changed the {name} to {color}.", "The color of the {name} is now {color}.", "Done: the {name} set to {color}."),
        ),
        why=("we're having friends over", "it's for the kids"),
    ),
    "set_thermostat": ToolLanguage(
        task=("set {device_id} to {setpoint} degrees", "change the target temperature of {device_id} to {setpoint}"),
        asks=(
            "set {device_id} to {setpoint} degrees",
            "change the temperature on {device_id} to {setpoint}",
            "I want {device_id} at {setpoint}°F",
            "put {device_id} on {setpoint} degrees",
            "adjust {device_id} to {setpoint}",
            "make it {setpoint} degrees on {device_id}",
            "get {device_id} to hold {setpoint}°F",
        ),
        params={
            "mode": {
                "heat": ("in heat mode", "on heating"),
                "cool": ("in cool mode", "with the AC cooling"),
                "auto": ("in auto mode", "on automatic"),
                "off": ("but keep the system switched off", "with heating and cooling switched off"),
            },
        },
        answer=Answer(
            fields=("setpoint", "mode"),
            when={"mode": {
                "heat": (
                    "The {name} is set to {setpoint}°F in {mode} mode.",
                    "Done: the {name} will hold {setpoint}°F ({mode} mode); it's {current_temp}°F now.",
                ),
                "cool": (
                    "The {name} is set to {setpoint}°F in {mode} mode.",
                    "Done: the {name} will hold {setpoint}°F ({mode} mode); it's {current_temp}°F now.",
                ),
                "auto": (
                    "The {name} is set to {setpoint}°F in {mode} mode.",
                    "Done: the {name} will hold {setpoint}°F ({mode} mode); it's {current_temp}°F now.",
                ),
                "off": (
                    "The {name} has a setpoint of {setpoint}°F, but the system is {mode}.",
                    "I saved {setpoint}°F on the {name}; heating and cooling stay {mode}.",
                ),
            }},
        ),
        kinds={"setpoint": "number", "current_temp": "number"},
        why=("my partner prefers it that way", "I want it comfortable when we get back"),
    ),
    "set_blinds": ToolLanguage(
        task=("set {device_id} to {position}% open",),
        asks=(
            "set {device_id} to {position}% open",
            "move {device_id} to {position} percent open",
            "I want {device_id} {position}% open",
            "adjust {device_id} to {position}% open",
            "put {device_id} at {position}% open",
            "position {device_id} at {position} percent",
        ),
        answer=Answer(
            fields=("position",),
            says=("I moved the {name} to {position}% open.", "Done: the {name} at {position}% open.", "The app shows the {name} {position}% open now."),
        ),
        kinds={"position": "count"},
        why=("it's what my partner wants", "I want to change how much sun gets in"),
    ),
    "lock_door": ToolLanguage(
        task=("lock {device_id}",),
        asks=(
            "lock {device_id}",
            "make sure {device_id} is locked",
            "lock up {device_id}",
            "secure {device_id}",
            "I forgot to lock {device_id}, do it for me",
            "put {device_id} on lock",
        ),
        answer=Answer(says=("I locked the {name}.", "Done: the {name} locked.", "The app shows the {name} locked now.")),
        why=("I'm already at work", "we're going to bed", "I left in a hurry"),
    ),
    "unlock_door": ToolLanguage(
        task=("unlock {device_id} with the home PIN",),
        asks=(
            "unlock {device_id} with PIN {pin}",
            "open {device_id}, the PIN is {pin}",
            "let someone in through {device_id} using PIN {pin}",
            "use {pin} to unlock {device_id}",
            "unlock {device_id}; my PIN is {pin}",
            "I need {device_id} unlocked, PIN {pin}",
        ),
        context=("the home PIN is {pin}", "my PIN is {pin}", "use the PIN {pin}"),
        answer=Answer(says=("I unlocked the {name} with your PIN.", "Done: the {name} unlocked.", "The app shows the {name} unlocked now.")),
        why=("the dog walker is here", "a delivery is at the door", "my sister is coming over"),
    ),
    # --- scenes --------------------------------------------------------------------------------
    "create_scene": ToolLanguage(
        # SPEC: how a list of setting objects is said is the engine's; asks place it after
        # "that sets" / "with" as a noun phrase.
        task=("create a scene called {name}", "save a new scene named {name}"),
        asks=(
            "create a scene called {name} that sets {settings}",
            "save {settings} as a scene named {name}",
            "make a scene, {name}, with {settings}",
            "set up a new scene {name}: {settings}",
            "I want a scene called {name} that sets {settings}",
            "add a scene named {name} with {settings}",
        ),
        values={"name": _SCENE_NAMES},
        answer=Answer(
            fields=("name",),
            says=("Saved the {name} scene.", "Your new scene {name} is ready to run.", "{name} is set up as a scene."),
        ),
        why=("I do this every evening", "I'm fed up with changing things one by one", "I want it all in one tap"),
    ),
    "list_scenes": ToolLanguage(
        task=("list the saved scenes", "look up the scenes of the home"),
        asks=(
            "what scenes do I have?",
            "list my scenes",
            "show my saved scenes",
            "which scenes are set up in this home?",
            "remind me what scenes I made",
            "pull up the scene list",
        ),
        answer=Answer(
            each="{name}",
            says=("Your scenes: {items}.", "You have these scenes saved ({count} in all): {items}.", "Scenes in this home: {items}."),
            empty=("You haven't saved any scenes here yet.", "There are no scenes in this home."),
        ),
        why=("I can't remember what I set up", "I'm looking for the right one", "I want to clean up old ones"),
    ),
    "activate_scene": ToolLanguage(
        task=("run {scene_id}", "activate {scene_id}"),
        asks=(
            "activate {scene_id}",
            "run {scene_id}",
            "set the house to {scene_id}",
            "start {scene_id}",
            "put {scene_id} on",
            "trigger {scene_id} now",
            "I'd like {scene_id} going",
        ),
        answer=Answer(
            each="{name}",
            says=(
                "I ran {scene_id}; it set {items}.",
                "{scene_id} is applied; it changed {items}.",
                "Done: {scene_id} adjusted {items}.",
            ),
            empty=("{scene_id} ran, but it had nothing to change.", "{scene_id} has no devices to set."),
        ),
        why=("it saves me doing it by hand", "I'm in a hurry", "we're about to settle in"),
    ),
    "delete_scene": ToolLanguage(
        task=("delete {scene_id}",),
        asks=(
            "delete {scene_id}",
            "remove {scene_id}",
            "get rid of {scene_id}",
            "I don't use {scene_id} anymore, delete it",
            "throw away {scene_id}",
            "clear {scene_id} from the app",
        ),
        answer=Answer(says=("I deleted {scene_id}.", "{scene_id} is gone.", "Done, {scene_id} no longer exists.")),
        why=("it was only for one party", "it doesn't work the way I wanted", "I'm cleaning up the app"),
    ),
    # --- schedules -----------------------------------------------------------------------------
    "create_schedule": ToolLanguage(
        task=("schedule {scene_id} for {time}", "make {scene_id} run automatically at {time}"),
        asks=(
            "schedule {scene_id} for {time}",
            "run {scene_id} automatically at {time}",
            "automate {scene_id} to start at {time}",
            "program {scene_id} for {time}",
            "I want {scene_id} to kick in at {time}",
            "have {scene_id} run at {time}",
            "add a schedule that runs {scene_id} at {time}",
        ),
        params={
            # SPEC: days is a list of weekday codes ("mon", "fri"); how a list of enum values is
            # said is the engine's (ideally "Mondays and Fridays").
            "days": ("on {}", "only on {}"),
            "name": ("and call it {}", "named {}", "under the name {}"),
        },
        values={"name": _SCHEDULE_NAMES},
        answer=Answer(
            fields=("time",),
            says=(
                "{scene_id} will now run automatically at {time}.",
                "Scheduled: {scene_id} at {time} on {days}.",
                "Done. The {name} schedule runs {scene_id} at {time}.",
            ),
        ),
        why=("I don't want to have to remember", "it's part of my routine", "I keep forgetting to do it myself"),
    ),
    "list_schedules": ToolLanguage(
        task=("list the schedules of the home", "check when the scenes run automatically"),
        asks=(
            "what automations are set up?",
            "list my schedules",
            "show when my scenes run",
            "which schedules do I have?",
            "remind me what runs automatically",
            "pull up the schedule list",
        ),
        answer=Answer(
            each="{name} ({time})",
            says=("Your schedules: {items}.", "These run automatically, {count} of them: {items}.", "Scheduled in this home: {items}."),
            empty=("Nothing is scheduled in this home.", "You don't have any schedules here."),
        ),
        why=("something happened at an odd time", "I'm reviewing our routines", "I forgot what I set up"),
    ),
    "delete_schedule": ToolLanguage(
        task=("delete {schedule_id}",),
        asks=(
            "delete {schedule_id}",
            "stop {schedule_id}",
            "remove {schedule_id}",
            "I don't need {schedule_id} anymore, delete it",
            "scrap {schedule_id}",
            "cancel {schedule_id} for good",
        ),
        answer=Answer(says=("I deleted {schedule_id}.", "{schedule_id} is gone.", "Done, {schedule_id} won't run again.")),
        why=("my hours changed", "the kids have a school break", "our routine is different now"),
    ),
    # --- groups --------------------------------------------------------------------------------
    "create_group": ToolLanguage(
        task=("group {device_ids} as {name}", "create a group called {name}"),
        asks=(
            "group {device_ids} as {name}",
            "create a group called {name} with {device_ids}",
            "put {device_ids} together in a group named {name}",
            "make {device_ids} one group, {name}",
            "I want {device_ids} to switch together as {name}",
            "link {device_ids} into a group called {name}",
        ),
        values={"name": _GROUP_NAMES},
        answer=Answer(
            fields=("name",),
            says=("I grouped {device_ids} as {name}.", "Your new group {name} holds {device_ids}.", "{name} is set up; those devices now switch together."),
        ),
        why=("I'm fed up with switching them one by one", "they're always used together", "it'll save me time"),
    ),
    "list_groups": ToolLanguage(
        task=("list the device groups", "look up the groups of the home"),
        asks=(
            "list my device groups",
            "what groups have I set up?",
            "show my groups",
            "which devices are grouped together?",
            "pull up the group list",
            "remind me what groups I made",
        ),
        answer=Answer(
            each="{name}",
            says=("Your groups: {items}.", "You have these groups ({count} altogether): {items}.", "Groups in this home: {items}."),
            empty=("You haven't made any groups here.", "There are no device groups in this home."),
        ),
        why=("I forgot what I set up", "I'm reorganising things"),
    ),
    "set_group_power": ToolLanguage(
        task=("switch the power of {group_id}", "switch every device in {group_id} together"),
        asks=(
            "turn {group_id}",
            "switch {group_id}",
            "flip {group_id}",
            "I want {group_id}",
            "switch everything in {group_id}",
            "turn all of {group_id}",
        ),
        params={"on": _ON_OFF},
        answer=Answer(
            # SPEC: a list result cannot say a boolean argument (on/off), so these name the
            # devices switched.
            each="{name}",
            says=(
                "Done: I switched {group_id}: {items}.",
                "All {count} devices in {group_id} switched together: {items}.",
                "{group_id} is switched as you asked ({items}).",
            ),
            empty=("{group_id} has no devices to switch.", "There was nothing in {group_id} to switch."),
        ),
        why=("it's what my partner wants", "it's quicker than doing them one at a time"),
    ),
    # --- energy, firmware, away mode, history, pairing -----------------------------------------
    "energy_report": ToolLanguage(
        task=("check the home's energy use", "get an energy report for the home"),
        asks=(
            "how much energy did I use?",
            "show my electricity use by device",
            "give me an energy report",
            "what's my power consumption been like?",
            "how many kilowatt-hours has the house used?",
            "what has electricity cost me?",
            "which devices use the most power?",
        ),
        params={
            "days": ("over the last {} days", "for the past {} days", "covering {} days"),
            "room_id": ("in {}", "for {}", "just for {}"),
            "top": ("with the top {} devices", "listing the {} biggest users", "showing {} devices at most"),
        },
        answer=Answer(
            fields=("total_kwh", "estimated_cost"),
            says=(
                "Over the last {days} days you used {total_kwh} kWh, about {estimated_cost}.",
                "Energy use for the past {days} days: {total_kwh} kWh, roughly {estimated_cost}.",
                "That comes to {total_kwh} kWh in {days} days, or about {estimated_cost} of electricity.",
            ),
        ),
        kinds={"total_kwh": "number", "days": "count"},
        why=("my bill was high", "I'm trying to use less electricity", "I'm curious which device costs the most"),
    ),
    "update_firmware": ToolLanguage(
        task=("update the firmware of {device_id}", "install the latest firmware on {device_id}"),
        asks=(
            "update the firmware of {device_id}",
            "install the latest software on {device_id}",
            "upgrade {device_id}",
            "bring {device_id} up to date",
            "get the newest firmware onto {device_id}",
            "I want {device_id} on the latest version",
        ),
        answer=Answer(
            fields=("firmware",),
            says=("I updated the {name} to firmware {firmware}.", "Done: firmware {firmware} is on the {name} now.", "Firmware {firmware}, the latest, is installed on the {name}."),
        ),
        why=("the app keeps nagging me", "it's been acting up", "I heard there's a security fix"),
    ),
    "set_away_mode": ToolLanguage(
        task=("switch the home's away mode", "change the away mode of the home"),
        asks=(
            "turn away mode",
            "switch away mode",
            "set away mode",
            "flip away mode",
            "I want away mode",
            "put the house's away mode",
        ),
        params={"enabled": _ON_OFF},
        answer=Answer(
            when={"away_mode": {
                True: (
                    "Away mode is on: every door is locked and the cameras are on.",
                    "{hub} is in away mode now, with the cameras watching.",
                ),
                False: (
                    "Away mode is off.",
                    "{hub} is out of away mode.",
                ),
            }},
        ),
    ),
    "get_home_status": ToolLanguage(
        # SPEC: the lists may be empty; how an empty list is said ("none") is the engine's.
        task=("check the status of the home", "get a summary of the home"),
        asks=(
            "how's the house?",
            "give me a status of my home",
            "are any doors unlocked or lights on?",
            "what's the state of the house right now?",
            "quick check: anything left on or unlocked at home?",
            "summarise what's going on at home",
            "is everything OK at the house?",
        ),
        answer=Answer(
            fields=("lights_on", "unlocked_doors"),
            when={"away_mode": {
                True: (
                    "{hub} is in away mode. Lights on: {lights_on}; doors unlocked: {unlocked_doors}; offline: {offline}.",
                    "Away mode is on at {hub}. I see these lights on: {lights_on}, and these doors unlocked: {unlocked_doors}.",
                ),
                False: (
                    "Away mode is off at {hub}. Lights on: {lights_on}; doors unlocked: {unlocked_doors}; offline: {offline}.",
                    "Here's {hub}: the lights on are {lights_on}, the unlocked doors {unlocked_doors}, and away mode is off.",
                ),
            }},
        ),
        why=("I'm at the airport", "I left in a hurry this morning", "I'm about to go to sleep"),
    ),
    "get_activity_log": ToolLanguage(
        task=("check the recent activity at home", "look up the latest device events"),
        asks=(
            "what happened at home recently?",
            "show the recent activity of {device_id}",
            "pull up the event history for {device_id}",
            "any activity on {device_id} lately?",
            "what's been going on in the house?",
            "list the latest events from my devices",
            "when was {device_id} last used?",
            "show me the activity log",
        ),
        params={
            "device_id": ("for {}", "involving {}", "just for {}"),
            "limit": ("the last {} events", "just the latest {}", "at most {} entries"),
        },
        answer=Answer(
            # SPEC: ``time`` is an ISO date-time ("2025-07-26T06:31"); the kinds have date and
            # time but no date-time.
            each="{device} ({event}, {time})",
            says=(
                "Here's the latest activity, newest first: {items}.",
                "Recent events ({count} shown): {items}.",
                "The log shows {items}.",
            ),
            empty=("Nothing has happened recently.", "The activity log is empty for that."),
        ),
        why=("I heard a noise", "I want to know when the kids got back", "something felt odd when I came in"),
    ),
    "discover_devices": ToolLanguage(
        task=("look for new devices near the hub", "scan for unpaired devices"),
        asks=(
            "look for new devices",
            "are there any new devices to set up?",
            "scan for unpaired devices",
            "does the hub see anything new?",
            "search for devices I haven't added yet",
            "find the gadget I just plugged in",
        ),
        answer=Answer(
            each="{model} ({serial})",
            says=("I found new devices in range: {items}.", "The hub sees these unpaired devices ({count} in all): {items}.", "Ready to pair: {items}."),
            empty=("No new devices in range of the hub.", "The hub doesn't see anything new to pair."),
        ),
        why=("I just bought something new for the house", "I just set up a new gadget"),
    ),
    "pair_device": ToolLanguage(
        task=("pair {serial} in {room_id} as {name}", "add the new device {serial} to {room_id}"),
        asks=(
            "pair {serial} in {room_id} as {name}",
            "add the new device {serial} to {room_id} and call it {name}",
            "set up {serial} in {room_id}, named {name}",
            "connect the device with serial {serial} to {room_id} as {name}",
            "I just unboxed {serial}; put it in {room_id} and name it {name}",
            "register {serial} as {name} in {room_id}",
        ),
        values={"name": _NEW_DEVICE_NAMES},
        answer=Answer(
            fields=("name", "room"),
            says=(
                "{name} is paired and in the {room}.",
                "Done: the new {type} is set up as {name} in the {room}.",
                "I paired {serial} as {name} ({room}); it's on firmware {firmware}.",
            ),
        ),
        why=("it arrived this morning", "I want it working before tonight", "it was a present from my sister"),
    ),
}

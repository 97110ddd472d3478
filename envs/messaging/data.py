"""The seeded workspace of the Messaging environment.

People come from the shared pools (the persona's 40 contacts are members too, so a contact in
another domain is a colleague here), message texts from per-process pools of authored-looking
chat lines built once from a fixed seed. A reset samples column-wise and builds rows by
``zip``: a few hundred users and messages in a few hundred microseconds.

Rows (never mutated in place):
    ``users[user_id]``       = ``{"name", "username", "email", "title", "department", "status", "status_text"}``
    ``contacts[user_id]``    = ``{"added"}``                      (my contacts)
    ``messages[message_id]`` = ``{"from", "to", "channel", "text", "sent", "read"}``
                               (a direct message has ``to``; a channel post has ``channel``)
    ``channels[channel_id]`` = ``{"name", "topic", "private", "members"}``
"""

from __future__ import annotations

import functools
import random
from typing import Any

from toolgym.envs.ids import pool_ids
from toolgym.envs.pools import people, pool
from toolgym.envs.world import LazyRows, WorldScope, derive_seed

__all__ = ["build_world", "NOW", "unique_ids"]

NOW = "2025-11-03 09:00"
_PEERS = 45  # people I exchange direct messages with: 30 contacts and 15 others

_DEPARTMENTS = ("Engineering", "Design", "Sales", "Marketing", "Finance", "Support", "People", "Legal", "Product", "Operations")
_STATUSES = ("active", "active", "active", "away", "busy", "offline")
_CHANNELS = (
    ("general", "Company-wide announcements", False), ("random", "Anything goes", False),
    ("engineering", "Builds, deploys and code review", False), ("design", "Mockups and feedback", False),
    ("sales", "Deals and pipeline", False), ("support", "Customer issues", False),
    ("offsite-2025", "Planning the team offsite", False), ("leadership", "Managers only", True),
    ("incidents", "Production incidents", False), ("book-club", "What we are reading", False),
    ("hiring", "Candidates and interviews", True), ("lunch", "Where to eat", False),
)
_THINGS = (  # singular: templates say "the {t} is"
    "slide deck", "budget sheet", "contract draft", "release plan", "design mockup", "Q3 report", "invoice",
    "meeting summary", "roadmap", "test plan", "onboarding doc", "sales deck", "expense report", "survey report",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "tomorrow", "end of day", "next week")
# What fills the slots of a chat line: real things people at work talk about (never random
# dictionary words: "Great job on the sort launch!" reads as noise).
_FEATURES = ("login", "checkout", "search", "export", "billing", "sign-up", "calendar sync", "notifications", "upload", "dashboard")
_PROJECTS = ("Atlas", "Phoenix", "Orion", "Mercury", "Horizon", "Beacon", "Summit", "Northstar", "Redwood", "Harbor")
_SERVERS = ("staging", "build", "mail", "test", "VPN", "file", "reporting")
_PLACES = ("the Thai place", "the taco place", "the new burger place", "the salad bar downstairs", "the ramen place", "the food trucks")
_TEMPLATES = (
    "Hey, can you send me the {t} by {d}?", "Thanks for the {t}, looks great!",
    "Are we still on for the {t} review {d}?", "I pushed a fix for the {feat} bug, can you take a look?",
    "Reminder: the {t} is due {d}.", "Can we move our 1:1 to {d}?", "Lunch {d}? I'm thinking {place}.",
    "I left comments on the {t}.", "Did you see the email from {f} about the {t}?",
    "Quick question about the {proj} project when you have a minute.", "The {t} is in the shared drive now.",
    "Happy birthday! Hope you have a great day.", "Running 5 minutes late to the {t} sync.",
    "Could you approve my {t} before {d}?", "Great job on the {proj} launch!", "FYI the {srv} server is down again.",
    "Who owns the {t} this quarter?", "Let's sync on the {t} {d}.", "I'll be out {d}, {f} is covering for me.",
    "New version of the {t} attached, please review.", "Is the {feat} page still broken for you?",
    "{f} asked for the {t}, do you have the latest copy?", "Can you join the {proj} kickoff {d}?",
    "I'm stuck on the {t}, any chance you could help {d}?", "The {srv} server is back up.",
    "Do we have a date for the {proj} release yet?", "Sorry, I won't make the {t} review, can {f} take notes?",
    "Nice work on the {t}, the numbers look much better.", "Can you share the {t} with {f}?",
    "Heads up: {f} is joining the {proj} team {d}.", "Free for coffee {d}?",
    "The {feat} tests are failing on main, I'm looking into it.", "Please send me your {t} by {d}.",
    "Who's presenting the {t} at the all-hands?", "Thanks for jumping on that {feat} issue so fast.",
)


@functools.lru_cache(maxsize=1)
def texts() -> tuple[str, ...]:
    """500 chat lines, identical in every process."""
    rng = random.Random(derive_seed("messaging-texts"))
    firsts = pool("first_name")
    return tuple(
        rng.choice(_TEMPLATES).format(
            f=rng.choice(firsts), t=rng.choice(_THINGS), d=rng.choice(_DAYS), feat=rng.choice(_FEATURES),
            proj=rng.choice(_PROJECTS), srv=rng.choice(_SERVERS), place=rng.choice(_PLACES),
        )
        for _ in range(500)
    )


@functools.lru_cache(maxsize=1)
def _times() -> tuple[str, ...]:
    return tuple(f"2025-{m:02d}-{d:02d} {h:02d}:{mi:02d}" for m in (8, 9, 10) for d in range(1, 29) for h in (8, 10, 13, 15, 17) for mi in (5, 35))


def unique_ids(rng: random.Random, prefix: str, n: int, width: int = 6) -> list[str]:
    """``n`` distinct, random-looking ids (``n`` <= 65536) for one world: a seeded slice of a
    scrambled pool built once per process (:mod:`toolgym.envs.ids`)."""
    return pool_ids(rng, prefix, n, ("messaging-ids", prefix, width), width)


@functools.lru_cache(maxsize=1)
def _crowd() -> tuple[dict[str, Any], ...]:
    """1500 colleagues (ready rows) drawn once per process; a world picks its members among them.

    Rows are shared between worlds, which is safe: rows are never mutated in place.
    """
    rng = random.Random(derive_seed("messaging-crowd"))
    ppl = people(rng, 1500)
    titles = rng.choices(pool("job"), k=1500)
    depts = rng.choices(_DEPARTMENTS, k=1500)
    statuses = rng.choices(_STATUSES, k=1500)
    return tuple(
        {"name": p["name"], "username": p["username"], "email": p["email"], "title": t, "department": d, "status": s, "status_text": ""}
        for p, t, d, s in zip(ppl, titles, depts, statuses, strict=False)
    )


@functools.lru_cache(maxsize=1)
def _dm_shapes() -> tuple[tuple[str, int, str, bool, bool], ...]:
    """(sent, peer index, text, incoming, read) combinations: one draw per message picks all."""
    rng = random.Random(derive_seed("messaging-dm-shapes"))
    txt, times = texts(), _times()
    return tuple(sorted((rng.choice(times), rng.randrange(_PEERS), rng.choice(txt), rng.random() < 0.67, rng.random() < 0.75) for _ in range(4000)))


@functools.lru_cache(maxsize=1)
def _post_shapes() -> tuple[tuple[str, str], ...]:
    """(sent, text) combinations for channel posts: one draw per post."""
    rng = random.Random(derive_seed("messaging-post-shapes"))
    return tuple(sorted(zip(rng.choices(_times(), k=3000), rng.choices(texts(), k=3000), strict=False)))


def _distinct(rng: random.Random, population: Any, k: int) -> list[Any]:
    """About ``k`` distinct picks (``choices`` + dedupe: several times cheaper than ``sample``)."""
    return list(dict.fromkeys(rng.choices(population, k=k + k // 4 + 2)))[:k]


def _messages(my_id: str, peers: list[str], dm_ids: list[str], shapes: list[Any], posts_drawn: list[tuple[Any, ...]]) -> dict[str, dict[str, Any]]:
    """The messages table: direct messages with me, then each channel's posts."""
    n_peers = len(peers)  # _distinct may return a few fewer on a collision
    messages: dict[str, dict[str, Any]] = {
        mid: {"from": peers[w % n_peers] if inc else my_id, "to": my_id if inc else peers[w % n_peers], "channel": None, "text": t, "sent": s, "read": r or not inc}
        for mid, (s, w, t, inc, r) in zip(dm_ids, shapes, strict=False)
    }
    for cid, posts in posts_drawn:
        for mid, a, (s, t) in posts:
            messages[mid] = {"from": a, "to": None, "channel": cid, "text": t, "sent": s, "read": True}
    return messages


def build_world(world: WorldScope, n_others: int = 260) -> dict[str, Any]:
    me = world.persona
    rng = world.rng("users")
    mine = [me] + me["contacts"]
    crowd_rows = _crowd()
    start = rng.randrange(len(crowd_rows) - n_others)  # the crowd is in random order: a slice is a sample
    drawn = crowd_rows[start : start + n_others]
    taken = {p["username"] for p in mine}
    # A colleague drawn from the crowd may share a username with a persona contact: rename.
    others_rows = [r if r["username"] not in taken else {**r, "username": r["username"] + "2"} for r in drawn]
    n = len(mine) + len(others_rows)
    ids = unique_ids(rng, "U", n)
    extra = rng.choices(_DEPARTMENTS, k=len(mine))
    titles = rng.choices(pool("job"), k=len(mine))
    users = {
        uid: {"name": p["name"], "username": p["username"], "email": p["email"], "title": t, "department": d, "status": "active", "status_text": ""}
        for uid, p, t, d in zip(ids, mine, titles, extra, strict=False)
    }
    users.update(zip(ids[len(mine) :], others_rows, strict=False))
    my_id = ids[0]
    contact_ids = ids[1:41]
    others = ids[41:]
    contacts = {uid: {"added": day} for uid, day in zip(_distinct(rng, contact_ids, 18), rng.choices(_times(), k=18), strict=False)}

    # direct messages with me: mostly with contacts, some from strangers
    mrng = world.rng("messages")
    peers = contact_ids[:30] + _distinct(mrng, others, _PEERS - 30)
    n_dm = 170
    msg_ids = unique_ids(mrng, "M", n_dm + 300, 8)
    dm_pool = _dm_shapes()  # sorted by time: sorting drawn indices (ints) is cheaper than rows
    shapes = [dm_pool[i] for i in sorted(mrng.choices(range(len(dm_pool)), k=n_dm))]
    # The messages (the bulk of a build) are assembled when a chain first touches them: here
    # only what they are made of is drawn (direct messages, then each channel's posts).
    posts_drawn: list[tuple[Any, ...]] = []

    # channels and their posts
    crng = world.rng("channels")
    chan_ids = unique_ids(crng, "C", len(_CHANNELS))
    channels: dict[str, dict[str, Any]] = {}
    posts = iter(msg_ids[n_dm:])
    post_pool = _post_shapes()
    sizes = crng.choices(range(8, 40), k=len(_CHANNELS))
    joined_flags = crng.choices((True, True, False), k=len(_CHANNELS))
    for cid, (name, topic, private), size, joined in zip(chan_ids, _CHANNELS, sizes, joined_flags, strict=False):
        members = set(crng.choices(ids[1:], k=size))
        if (joined or name == "general") and name != "leadership":  # the user is no manager
            members.add(my_id)
        members_l = sorted(members)
        channels[cid] = {"name": name, "topic": topic, "private": private, "members": members_l}
        k = size // 3 + 6
        posts_drawn.append((cid, list(zip(posts, crng.choices(members_l, k=k), [post_pool[i] for i in sorted(crng.choices(range(len(post_pool)), k=k))],
                                          strict=False))))
    messages = LazyRows(functools.partial(_messages, my_id, peers, msg_ids[:n_dm], shapes, posts_drawn))

    return {
        "my_id": my_id,
        "users": world.table("users", users),
        "contacts": world.table("contacts", contacts),
        "messages": world.table("messages", messages),
        "channels": world.table("channels", channels),
    }

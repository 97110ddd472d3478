"""The social network's seeded world: users, the follow graph, posts, comments, likes, alerts.

A reset must cost about a millisecond although a world holds some 300 users, 1,000 posts and 600
comments, so the network is assembled rather than drawn row by row:

* **Communities, built once per process.** The strangers of the network live in 120 closed
  communities of 20 people each (users, follows, posts, comments among themselves), drawn once
  from a fixed seed (identical in every process). A world adopts 13 of them, chosen by its seed,
  by dict updates of their ready rows. The rows are shared between worlds, which is safe:
  rows are never mutated in place (the journal replaces them). Communities are closed, so an
  adopted community never points at a user the world does not have.
* **The persona, built per world.** "Me" (``world.persona``: my handle is the persona's
  username, my password the persona's password) and my 40 contacts get fresh ids, rows, posts
  and comments. Who follows whom among us and a few strangers comes from one of 32 link plans
  (drawn once per process) whose slots the world fills with its people; the few stranger rows
  those links touch are replaced by new rows. Likes and mentions are drawn per world.

The clock (``NOW``) is fixed, like the ``TODAY`` of other domains, because the shared rows carry
their timestamps. Ids are random hex (never derived from names): slices of a scrambled pool,
strangers' from its first part, the persona's from the rest, so they never collide. A stranger
keeps its ids in every world that adopts its community (120 communities, 13 per world, so a
given pair of worlds shares about one); the persona's ids are new in every world.
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import random
import re
from typing import Any, NamedTuple

from toolgym.envs import pools
from toolgym.envs.ids import pool_ids, pool_slice
from toolgym.envs.world import WorldScope, derive_seed

from .texts import COMMENTS, OPENERS, POSTS, TAGLINES, compose

__all__ = ["build_world", "stamp", "HASHTAGS", "TAG_RE", "MENTION_RE", "MAX_POST_CHARS", "EPOCH", "NOW"]

MAX_POST_CHARS = 280
TAG_RE = re.compile(r"#(\w+)")
MENTION_RE = re.compile(r"@(\w+)")

HASHTAGS = (
    "ai", "climate", "python", "music", "travel", "foodie", "fitness", "nba", "worldcup",
    "startups", "photography", "books", "gaming", "design", "remotework", "movies", "coffee",
    "hiking", "science", "space", "art", "cooking", "marketing", "mentalhealth",
    "sustainability", "devops", "opensource", "fashion", "parenting", "gardening", "running",
    "jazz", "datascience", "electionnight", "tbt", "mondaymotivation", "weekendvibes", "nature",
    "history", "podcast",
)
# A tag's share of the posts is the number of distinct posts its authored lines make (lead x
# optional tail, see texts.py; openers multiply every tag alike): popular tags have more to say, and a world repeats a post
# about as rarely for every tag (posts are named by their text, so repeats make them ambiguous).
_TAG_WEIGHTS = tuple(len(POSTS[t][0]) * (len(POSTS[t][1]) + 1) for t in HASHTAGS)
_TAG_LISTS = tuple([t] for t in HASHTAGS)  # shared one-tag lists (lists in rows are never mutated)

# Minutes are counted from this epoch; stamps are a day string plus a time-of-day string from
# precomputed tables, because formatting a datetime per row would dominate the build.
EPOCH = _dt.datetime(2016, 1, 1)
_DAYS = tuple((EPOCH + _dt.timedelta(days=d)).strftime("%Y-%m-%d") for d in range(3800))
_CLOCK = tuple(f"T{m // 60:02d}:{m % 60:02d}:00Z" for m in range(1440))
_BASE_DAY = (_dt.datetime(2025, 3, 1) - EPOCH).days
NOW = (_BASE_DAY + 61) * 1440 + 14 * 60 + 37  # the simulated clock at the start of every world

N_COMMUNITIES, COMMUNITY, ADOPTED = 120, 20, 13  # 13 x 20 = 260 strangers per world
_POSTS_PER_COMMUNITY, _COMMENTS_PER_COMMUNITY = 76, 42
_PERSONA_POSTS, _PERSONA_COMMENTS = 52, 26


def stamp(minute: int) -> str:
    """ISO-8601 UTC time of ``minute`` minutes after :data:`EPOCH`."""
    return _DAYS[minute // 1440] + _CLOCK[minute % 1440]


def build_world(world: WorldScope) -> dict[str, Any]:
    """The domain's tables (made with ``world.table``) and facts, by name (see docs/writing-a-domain.md)."""
    base = _generate(world)
    return {**base["facts"], **{name: world.table(name, rows) for name, rows in base["tables"].items()}}


_RESERVED = 20_000  # pool positions taken by the communities' ids; the persona's come after


def _ids(prefix: str, width: int, start: int, n: int) -> list[str]:
    return pool_slice(prefix, ("social-ids", width), start, n, width)


def _fresh_ids(rng: random.Random, prefix: str, width: int, n: int) -> list[str]:
    """``n`` ids for one world: a seeded slice of the pool past the communities' part."""
    return pool_ids(rng, prefix, n, ("social-ids", width), width, reserved=_RESERVED)


class _Community(NamedTuple):
    ids: tuple[str, ...]
    public: tuple[str, ...]  # members whose accounts are not protected
    protected: tuple[str, ...]
    users: dict[str, dict[str, Any]]
    graph: dict[str, dict[str, Any]]
    posts: dict[str, dict[str, Any]]
    comments: dict[str, dict[str, Any]]
    by_author: dict[str, tuple[str, ...]]
    tags: tuple[int, ...]  # posts per hashtag (HASHTAGS order)
    tags_24h: tuple[int, ...]


class _Shape(NamedTuple):
    """Content of a post drawn once per process; a world gives it an author and an id."""

    text: str  # the sentence and its hashtag
    tag: int
    minute: int  # when it was posted (before NOW)
    created_at: str
    replied_at: tuple[str, str, str]  # when comments on it were written
    likes: int
    reposts: int
    followers_only: bool


@functools.lru_cache(maxsize=1)
def _shapes() -> tuple[_Shape, ...]:
    rng = random.Random(derive_seed("social-post-shapes"))
    rand = rng.random
    n = 12000  # a world draws ~1,000: few draw the same shape (same text, same minute) twice
    tags = rng.choices(range(len(HASHTAGS)), weights=_TAG_WEIGHTS, k=n)
    sentences = []
    for t in tags:
        leads, tails = POSTS[HASHTAGS[t]]
        sentences.append(compose(rng.choice(OPENERS), rng.choice(leads), rng.choice(("", *tails))))
    out = []
    for s, t in zip(sentences, tags, strict=False):
        minute = NOW - int(45 * 1440 * rand() ** 2) - 1
        r1, r2, r3 = (stamp(min(NOW - 1, minute + 1 + int(600 * rand()))) for _ in range(3))
        replied = (r1, r2, r3)
        out.append(_Shape(f"{s} #{HASHTAGS[t]}", t, minute, stamp(minute), replied, int(200 * rand() ** 5), int(40 * rand() ** 6), rand() < 0.15))
    return tuple(out)


def _post_row(pid: str, author: str, shape: _Shape, text: str, mentions: list[str]) -> dict[str, Any]:
    return {
        "post_id": pid, "author_id": author, "text": text, "created_at": shape.created_at,
        "hashtags": _TAG_LISTS[shape.tag], "mentions": mentions, "like_count": shape.likes,
        "repost_count": shape.reposts, "comment_count": 0, "repost_of": None,
        "replies": "followers" if shape.followers_only else "everyone",
    }


def _user_rows(ids: list[str], people: list[dict[str, Any]], handles: list[str], profiles: Any) -> dict[str, Any]:
    return {
        uid: {
            "user_id": uid, "name": p["name"], "handle": h, "bio": bio, "city": c,
            "joined": joined, "protected": pr, "verified": v,
        }
        for uid, p, h, (bio, c, joined, pr, v) in zip(ids, people, handles, profiles, strict=False)
    }


@functools.lru_cache(maxsize=1)
def _profiles() -> tuple[tuple[str, str, str, bool, bool], ...]:
    """(bio, city, joined, protected, verified) of 2,000 made-up profiles, drawn once per process."""
    rng = random.Random(derive_seed("social-profiles"))
    n = 2000
    jobs = rng.choices(pools.pool("job"), k=n)
    phrases = rng.choices(TAGLINES, k=n)
    cities = rng.choices(pools.pool("city"), k=n)
    rand = rng.random
    now_day = NOW // 1440
    return tuple(
        (f"{job}. {ph}", c, _DAYS[now_day - 30 - int(2970 * rand())], rand() < 0.08, rand() < 0.05)
        for job, ph, c in zip(jobs, phrases, cities, strict=False)
    )


def _weights_cum(rng: random.Random, n: int) -> list[float]:
    """Cumulative popularity weights: a few members attract most follows and posts."""
    rand = rng.random
    return list(itertools.accumulate(1 + 30 * (rand() ** 6) for _ in range(n)))


@functools.lru_cache(maxsize=1)
def _communities() -> tuple[_Community, ...]:
    """The strangers' communities, identical in every process (fixed seed)."""
    rng = random.Random(derive_seed("social-communities"))
    total = N_COMMUNITIES * COMMUNITY
    # Handles are first_last (persona handles never contain '_', so the two never collide).
    handles, seen = [], set()
    people = pools.people(rng, total)
    for p in people:
        h = f"{p['first_name']}_{p['last_name']}".lower().replace(" ", "").replace("'", "")
        k = 2
        base = h
        while h in seen:
            h, k = f"{base}{k}", k + 1
        seen.add(h)
        handles.append(h)
    uids = _ids("U", 6, 0, total)
    pids = iter(_ids("P", 7, 0, N_COMMUNITIES * _POSTS_PER_COMMUNITY))
    cids = iter(_ids("C", 7, N_COMMUNITIES * _POSTS_PER_COMMUNITY, N_COMMUNITIES * _COMMENTS_PER_COMMUNITY))
    shapes = _shapes()
    day_ago = stamp(NOW - 1440)
    out = []
    for b in range(N_COMMUNITIES):
        lo = b * COMMUNITY
        ids = uids[lo : lo + COMMUNITY]
        users = _user_rows(ids, people[lo : lo + COMMUNITY], handles[lo : lo + COMMUNITY], rng.choices(_profiles(), k=COMMUNITY))
        cum = _weights_cum(rng, COMMUNITY)
        following = {}
        for uid in ids:
            picks = rng.choices(ids, cum_weights=cum, k=2 + int(9 * rng.random()))
            following[uid] = list(dict.fromkeys(p for p in picks if p != uid))
        followers: dict[str, list[str]] = {uid: [] for uid in ids}
        for uid in ids:
            for f in following[uid]:
                followers[f].append(uid)
        graph = {uid: {"user_id": uid, "following": following[uid], "followers": followers[uid], "requests": []} for uid in ids}

        posts: dict[str, dict[str, Any]] = {}
        by_author: dict[str, list[str]] = {}
        authors = rng.choices(ids, cum_weights=cum, k=_POSTS_PER_COMMUNITY)
        others = rng.choices(ids, k=_POSTS_PER_COMMUNITY)
        for a, other, shape in zip(authors, others, rng.choices(shapes, k=_POSTS_PER_COMMUNITY), strict=False):
            pid = next(pids)
            text, mentions = shape.text, []
            if rng.random() < 0.07 and other != a:
                text, mentions = f"@{users[other]['handle']} {text}", [other]
            posts[pid] = _post_row(pid, a, shape, text, mentions)
            by_author.setdefault(a, []).append(pid)

        comments = {}
        post_ids = list(posts)
        counts: dict[str, int] = {}
        for pid, a, t in zip(
            rng.choices(post_ids, k=_COMMENTS_PER_COMMUNITY), rng.choices(ids, k=_COMMENTS_PER_COMMUNITY),
            rng.choices(COMMENTS, k=_COMMENTS_PER_COMMUNITY), strict=False,
        ):
            cid = next(cids)
            created = min(NOW - 1, _minute(posts[pid]["created_at"]) + 1 + int(600 * rng.random()))
            comments[cid] = {"comment_id": cid, "post_id": pid, "author_id": a, "text": t, "created_at": stamp(created)}
            counts[pid] = counts.get(pid, 0) + 1
        for pid, c in counts.items():
            posts[pid] = {**posts[pid], "comment_count": c}

        tags = [0] * len(HASHTAGS)
        tags_24h = [0] * len(HASHTAGS)
        index = {t: i for i, t in enumerate(HASHTAGS)}
        for p in posts.values():
            i = index[p["hashtags"][0]]
            tags[i] += 1
            tags_24h[i] += p["created_at"] >= day_ago
        out.append(_Community(
            tuple(ids), tuple(u for u in ids if not users[u]["protected"]), tuple(u for u in ids if users[u]["protected"]), users, graph, posts, comments,
            {a: tuple(v) for a, v in by_author.items()}, tuple(tags), tuple(tags_24h),
        ))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _by_author() -> dict[str, tuple[str, ...]]:
    """Post ids of every stranger (the communities' posts are fixed), to find them in one lookup."""
    return {u: pids for c in _communities() for u, pids in c.by_author.items()}


_DAY_INDEX = {d: i for i, d in enumerate(_DAYS)}


def _minute(iso: str) -> int:
    return _DAY_INDEX[iso[:10]] * 1440 + int(iso[11:13]) * 60 + int(iso[14:16])


class _Plan(NamedTuple):
    """How the persona links up, as slot indices (see :func:`_plans`)."""

    following: tuple[tuple[int, ...], ...]  # per slot: the slots it follows
    followers: tuple[tuple[int, ...], ...]
    authors: tuple[int, ...]  # persona slot of each of the persona's posts


# Slots: 0 me, 1-40 my contacts, then the strangers the persona touches: 10 public and 2
# protected accounts I follow, and 14 fans who follow me (and maybe a contact or two).
_ME, _CONTACTS = 0, range(1, 41)
_FOLLOWED = range(41, 53)
_FANS = range(53, 67)
_SLOTS = 67


@functools.lru_cache(maxsize=1)
def _plans() -> tuple[_Plan, ...]:
    """32 link plans drawn once per process; a world takes one and fills its slots with people.

    Who follows whom is then a lookup per slot instead of hundreds of RNG draws per reset, and
    the people in the slots (my contacts, the strangers) differ in every world.
    """
    rng = random.Random(derive_seed("social-plans"))
    contacts = list(_CONTACTS)
    out = []
    for _ in range(32):
        edges = [(_ME, u) for u in rng.sample(contacts, 28)] + [(_ME, u) for u in _FOLLOWED]
        edges += [(c, _ME) for c in rng.sample(contacts, 30)]
        cum = _weights_cum(rng, 41)
        for c in contacts:
            picks = rng.choices(range(41), cum_weights=cum, k=1 + int(6 * rng.random()))
            edges += [(c, u) for u in dict.fromkeys(picks) if u != c and u != _ME]
        for f in _FANS:
            edges += [(f, _ME)] + [(f, c) for c in rng.sample(contacts, rng.randint(0, 2))]
        edges += [(c, rng.choice(_FOLLOWED)) for c in contacts]
        following: list[list[int]] = [[] for _ in range(_SLOTS)]
        followers: list[list[int]] = [[] for _ in range(_SLOTS)]
        for a, b in dict.fromkeys(edges):
            following[a].append(b)
            followers[b].append(a)
        authors = (_ME,) * 6 + tuple(rng.choices(contacts, k=_PERSONA_POSTS - 6))
        out.append(_Plan(tuple(map(tuple, following)), tuple(map(tuple, followers)), authors))
    return tuple(out)


def _generate(world: Any) -> dict[str, Any]:
    me = world.persona
    now = NOW
    rng = world.rng("world")
    rand = rng.random
    chosen = [_communities()[i] for i in rng.sample(range(N_COMMUNITIES), ADOPTED)]
    plan = _plans()[rng.randrange(32)]

    # --- users: me and my 40 contacts (fresh), then the adopted communities (shared rows) -----
    persona = [me, *me["contacts"]]
    mine = _fresh_ids(rng, "U", 6, len(persona))
    me_id = mine[0]
    handles = [p["username"] for p in persona]  # unique within the persona, never '_' (see above)
    users = _user_rows(mine, persona, handles, rng.choices(_profiles(), k=len(mine)))
    users[me_id] = {**users[me_id], "city": me["home_city"], "protected": False}
    for c in chosen:
        users.update(c.users)
    public = [u for c in chosen for u in c.public]
    protected = [u for c in chosen for u in c.protected]
    picks = rng.sample(public, 24)
    followed_protected = rng.sample(protected, 2) if len(protected) >= 2 else picks[22:]
    # The slots of the plan: me, contacts, 10 public + 2 protected accounts I follow, 14 fans.
    slots = mine + picks[:10] + followed_protected + picks[10:24]

    # --- follow graph: the plan's links among the persona and a few strangers -----------------
    at = slots.__getitem__
    graph = {
        u: {"user_id": u, "following": list(map(at, fo)), "followers": list(map(at, fr)), "requests": []}
        for u, fo, fr in zip(mine, plan.following, plan.followers, strict=False)
    }
    for c in chosen:
        graph.update(c.graph)
    for i in range(41, _SLOTS):  # the strangers the persona touches get new rows
        u = slots[i]
        g = graph[u]
        graph[u] = {
            **g, "following": [*g["following"], *map(at, plan.following[i])],
            "followers": [*g["followers"], *map(at, plan.followers[i])],
        }

    # --- posts: the persona's own, then the communities' -------------------------------------
    # I like 20 posts of the contacts I follow (counted in like_count when the row is made)
    # and, below, 20 posts of the strangers I follow.
    shapes = rng.choices(_shapes(), k=_PERSONA_POSTS)
    authors = list(map(at, plan.authors))
    post_ids = _fresh_ids(rng, "P", 7, _PERSONA_POSTS)
    mention_picks = rng.choices(mine[1:], k=_PERSONA_POSTS)
    followed = set(graph[me_id]["following"])
    of_followed = [i for i, a in enumerate(authors) if a in followed]
    liked = set(rng.sample(of_followed, min(20, len(of_followed))))
    me_tag = f"@{handles[0]} "
    posts: dict[str, dict[str, Any]] = {}
    pid: str | None
    for i, (pid, a, shape, other) in enumerate(zip(post_ids, authors, shapes, mention_picks, strict=False)):
        text, mentions = shape.text, []
        r = rand()
        if r < 0.12 and a != me_id:  # some posts mention me
            text, mentions = me_tag + text, [me_id]
        elif r < 0.2 and other != a:
            text, mentions = f"@{users[other]['handle']} {text}", [other]
        posts[pid] = {
            "post_id": pid, "author_id": a, "text": text, "created_at": shape.created_at,
            "hashtags": _TAG_LISTS[shape.tag], "mentions": mentions, "like_count": shape.likes + (i in liked),
            "repost_count": shape.reposts, "comment_count": 0, "repost_of": None,
            "replies": "followers" if shape.followers_only else "everyone",
        }
    for c in chosen:
        posts.update(c.posts)
    theirs = [p for u in slots[41:53] for p in _by_author().get(u, ())]
    liked_theirs = rng.sample(theirs, min(20, len(theirs)))
    for pid in liked_theirs:
        p = posts[pid]
        posts[pid] = {**p, "like_count": p["like_count"] + 1}
    my_likes = {f"{pid}|{me_id}": {"post_id": pid, "user_id": me_id} for pid in [post_ids[i] for i in sorted(liked)] + liked_theirs}

    # --- comments on the persona's posts (the communities bring their own) ---------------------
    n = _PERSONA_COMMENTS
    on = rng.choices(range(_PERSONA_POSTS), k=n)
    counts = [0] * _PERSONA_POSTS
    comments: dict[str, dict[str, Any]] = {}
    for cid, i, a, t, d in zip(
        _fresh_ids(rng, "C", 7, n), on, rng.choices(slots, k=n), rng.choices(COMMENTS, k=n),
        rng.choices((0, 1, 2), k=n), strict=False,
    ):
        comments[cid] = {
            "comment_id": cid, "post_id": post_ids[i], "author_id": a, "text": t, "created_at": shapes[i].replied_at[d],
        }
        counts[i] += 1
    for pid, k in zip(post_ids, counts, strict=False):
        if k:
            posts[pid] = {**posts[pid], "comment_count": k}
    for c in chosen:
        comments.update(c.comments)

    # --- hashtag index (what trending reads, kept current by post writes) -------------------
    total = [sum(col) for col in zip(*(c.tags for c in chosen), strict=False)]
    recent = [sum(col) for col in zip(*(c.tags_24h for c in chosen), strict=False)]
    day_ago = now - 1440
    for shape in shapes:
        total[shape.tag] += 1
        recent[shape.tag] += shape.minute >= day_ago
    hashtags = {t: {"tag": t, "total_posts": total[i], "posts_24h": recent[i]} for i, t in enumerate(HASHTAGS)}

    # --- my notifications -------------------------------------------------------------------
    n = 30
    my_posts = post_ids[:6]  # the plan's first six posts are mine
    mentions_me = [pid for pid in post_ids if posts[pid]["mentions"] == [me_id]] or my_posts
    my_followers = graph[me_id]["followers"]
    kinds = rng.choices(("like", "follow", "comment", "repost", "mention"), k=n)
    actors = rng.choices(slots[1:], k=n)
    fans = rng.choices(my_followers, k=n)
    on_mine = rng.choices(my_posts, k=n)
    on_mention = rng.choices(mentions_me, k=n)
    ago = rng.choices(range(5, 20 * 1440 + 1), k=n)
    notes: dict[str, dict[str, Any]] = {}
    for i, (nid, kind, actor, fan, mp, mention, m) in enumerate(
        zip(_fresh_ids(rng, "N", 6, n), kinds, actors, fans, on_mine, on_mention, ago, strict=False)
    ):
        if kind == "mention":
            pid, actor = mention, posts[mention]["author_id"]
        elif kind == "follow":
            pid, actor = None, fan
        else:
            pid = mp
        notes[nid] = {
            "notification_id": nid, "recipient_id": me_id, "kind": kind, "actor_id": actor, "post_id": pid,
            "created_at": stamp(now - m), "read": i >= 8,
        }

    return {
        "tables": {
            "users": users, "graph": graph, "posts": posts, "comments": comments, "likes": my_likes,
            "hashtags": hashtags, "notifications": notes,
            # The user's own sign-in record: what they know and type into login.
            "account": {"me": {"username": handles[0], "password": me["password"], "user_id": me_id, "email": me["email"]}},
        },
        "facts": {"now": now, "me_id": me_id, "username": handles[0], "password": me["password"]},
    }

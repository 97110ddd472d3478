"""The social network's seeded world: users, the follow graph, posts, comments, likes, alerts.

Every value comes from ``world.rng("<purpose>")`` streams and the shared Faker pools, so a
world is a pure function of the seed. The persona (``world.persona``) is "me": my handle is the
persona's username, my password the persona's password, and my 40 contacts are users here too
(so a task can cross domains: find a contact's email elsewhere, then follow them here).

Worlds are built column-wise (one ``rng.choices`` per field, then ``zip``).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections import Counter
from typing import Any

from toolgym.envs import pools

__all__ = ["build_world", "stamp", "HASHTAGS", "TAG_RE", "MENTION_RE", "MAX_POST_CHARS", "EPOCH"]

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

# Minutes are counted from this epoch; ISO stamps come from a precomputed day table because
# formatting a datetime per row would dominate the build.
EPOCH = _dt.datetime(2016, 1, 1)
_DAYS = tuple((EPOCH + _dt.timedelta(days=d)).strftime("%Y-%m-%d") for d in range(3800))
_BASE_DAY = (_dt.datetime(2025, 3, 1) - EPOCH).days


def stamp(minute: int) -> str:
    """ISO-8601 UTC time of ``minute`` minutes after :data:`EPOCH`."""
    return f"{_DAYS[minute // 1440]}T{minute % 1440 // 60:02d}:{minute % 60:02d}:00Z"


def build_world(world: Any) -> dict[str, Any]:
    """Create the domain's tables in ``world`` (a ``WorldScope``); returns the scalar facts.

    Built worlds are cached per seed by the SDK (``ToolEnv.cache_worlds``), so this runs once
    per seed and process.
    """
    base = _generate(world)
    for name, rows in base["tables"].items():
        world.table(name, rows)
    return base["facts"]


def _unique_ids(rng: Any, prefix: str, n: int, width: int = 6) -> list[str]:
    # Random hex ids (never derived from names), so only a lookup can reveal them.
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen.setdefault(f"{prefix}{rng.getrandbits(4 * width):0{width}x}", None)
    return list(seen)


def _generate(world: Any) -> dict[str, Any]:
    me = world.persona
    rng = world.rng("clock")
    now = (_BASE_DAY + rng.randint(0, 120)) * 1440 + rng.randint(8 * 60, 21 * 60)

    # --- users: me, my 40 contacts, and strangers ---------------------------------------------
    rng = world.rng("users")
    n_strangers = 260
    strangers = pools.people(rng, n_strangers)
    people = [me, *me["contacts"], *strangers]
    n = len(people)
    ids = _unique_ids(rng, "U", n)
    handles: list[str] = []
    seen: set[str] = set()
    for i, p in enumerate(people):
        h = p["username"]
        if h in seen:
            h = f"{h}_{i}"
        seen.add(h)
        handles.append(h)
    jobs = rng.choices(pools.pool("job"), k=n)
    phrases = rng.choices(pools.pool("catch_phrase"), k=n)
    cities = rng.choices(pools.pool("city"), k=n)
    cities[0] = me["home_city"]
    rand = rng.random
    joined = [now - int(30 + 2970 * rand()) * 1440 for _ in range(n)]
    protected = [rand() < 0.08 for _ in range(n)]
    protected[0] = False
    verified = [rand() < 0.05 for _ in range(n)]
    users = {
        uid: {
            "user_id": uid, "name": p["name"], "handle": h, "bio": f"{job}. {ph}.", "city": c,
            "joined": stamp(j)[:10], "protected": pr, "verified": v,
        }
        for uid, p, h, job, ph, c, j, pr, v in zip(ids, people, handles, jobs, phrases, cities, joined, protected, verified)
    }
    me_id = ids[0]
    contact_ids = ids[1:41]

    # --- follow graph (popular accounts attract more followers) ------------------------------
    rng = world.rng("follows")
    rand = rng.random
    weights = [1 + 30 * (rand() ** 6) for _ in range(n)]
    cum = list(itertools.accumulate(weights))  # computed once: choices() would redo it per call
    following: dict[str, list[str]] = {}
    for uid in ids[1:]:
        picks = rng.choices(ids, cum_weights=cum, k=3 + int(16 * rand()))
        following[uid] = list(dict.fromkeys(p for p in picks if p != uid))
    my_follows = rng.sample(contact_ids, 28) + rng.sample(ids[41:], 12)
    following[me_id] = [u for u in my_follows if not users[u]["protected"]] + [
        u for u in my_follows if users[u]["protected"]
    ][:2]
    for cid in rng.sample(contact_ids, 30):
        if me_id not in following[cid]:
            following[cid] = [*following[cid], me_id]
    followers: dict[str, list[str]] = {uid: [] for uid in ids}
    for uid in ids:
        for f in following[uid]:
            followers[f].append(uid)
    graph = {uid: {"user_id": uid, "following": following[uid], "followers": followers[uid], "requests": []} for uid in ids}

    # --- posts -----------------------------------------------------------------------------
    rng = world.rng("posts")
    n_posts = 1500
    post_ids = _unique_ids(rng, "P", n_posts, 7)
    rand = rng.random
    authors = rng.choices(ids, cum_weights=cum, k=n_posts)
    sentences = rng.choices(pools.pool("sentence"), k=n_posts)
    tags = rng.choices(HASHTAGS, weights=[1 / (i + 1) for i in range(len(HASHTAGS))], k=n_posts)
    ages = [int(45 * 1440 * rand() ** 2) + 1 for _ in range(n_posts)]
    likes = [int(200 * rand() ** 5) for _ in range(n_posts)]
    shares = [int(40 * rand() ** 6) for _ in range(n_posts)]
    followers_only = [rand() < 0.15 for _ in range(n_posts)]
    mention_pick = [rand() for _ in range(n_posts)]
    mention_targets = rng.choices(ids, cum_weights=cum, k=n_posts)
    posted_at = {pid: now - age for pid, age in zip(post_ids, ages)}
    posts: dict[str, dict[str, Any]] = {}
    for pid, a, s, t, age, lk, sh, fo, mp, other in zip(
        post_ids, authors, sentences, tags, ages, likes, shares, followers_only, mention_pick, mention_targets
    ):
        mentions: list[str] = []
        text = f"{s} #{t}"
        if mp < 0.012 and a != me_id:  # some posts mention me
            mentions = [me_id]
            text = f"@{handles[0]} {text}"
        elif mp < 0.08 and other not in (a, me_id):
            mentions = [other]
            text = f"@{users[other]['handle']} {text}"
        posts[pid] = {
            "post_id": pid, "author_id": a, "text": text, "created_at": stamp(now - age),
            "hashtags": [t], "mentions": mentions, "like_count": lk, "repost_count": sh,
            "comment_count": 0, "repost_of": None, "replies": "followers" if fo else "everyone",
        }

    # --- comments ----------------------------------------------------------------------------
    rng = world.rng("comments")
    n_comments = 1000
    comment_ids = _unique_ids(rng, "C", n_comments, 7)
    on_posts = rng.choices(post_ids, k=n_comments)
    c_authors = rng.choices(ids[1:], k=n_comments)
    c_texts = rng.choices(pools.pool("sentence"), k=n_comments)
    c_delay = [1 + int(600 * rng.random()) for _ in range(n_comments)]
    counts: dict[str, int] = {}
    comments = {}
    for cid, pid, a, t, d in zip(comment_ids, on_posts, c_authors, c_texts, c_delay):
        created = stamp(min(now, posted_at[pid] + d))
        comments[cid] = {"comment_id": cid, "post_id": pid, "author_id": a, "text": t, "created_at": created}
        counts[pid] = counts.get(pid, 0) + 1
    for pid, c in counts.items():
        posts[pid] = {**posts[pid], "comment_count": c}

    # --- my likes (each counted in like_count) ----------------------------------------------
    rng = world.rng("likes")
    my_follows_set = set(following[me_id])
    liked = rng.sample([p for p in post_ids if posts[p]["author_id"] in my_follows_set], 60)
    my_likes = {f"{pid}|{me_id}": {"post_id": pid, "user_id": me_id} for pid in liked}
    for pid in liked:
        posts[pid] = {**posts[pid], "like_count": posts[pid]["like_count"] + 1}

    # --- hashtag index (what trending reads, kept current by post writes) -------------------
    day_ago = stamp(now - 1440)
    total = Counter(t for p in posts.values() for t in p["hashtags"])
    recent = Counter(t for p in posts.values() if p["created_at"] >= day_ago for t in p["hashtags"])
    hashtags = {t: {"tag": t, "total_posts": total[t], "posts_24h": recent[t]} for t in HASHTAGS}

    # --- my notifications -------------------------------------------------------------------
    rng = world.rng("notifications")
    notes: dict[str, dict[str, Any]] = {}
    my_posts = [p for p in post_ids if posts[p]["author_id"] == me_id]
    mentions_me = [p for p in post_ids if me_id in posts[p]["mentions"]]
    note_ids = _unique_ids(rng, "N", 60)
    for i, nid in enumerate(note_ids):
        kind = rng.choice(("like", "follow", "comment", "repost", "mention"))
        if kind == "mention" and mentions_me:
            pid = rng.choice(mentions_me)
            actor = posts[pid]["author_id"]
        elif kind == "follow":
            pid, actor = None, rng.choice(followers[me_id] or ids[1:])
        elif my_posts:
            pid, actor = rng.choice(my_posts), rng.choice(ids[1:])
        else:
            kind, pid, actor = "follow", None, rng.choice(ids[1:])
        notes[nid] = {
            "notification_id": nid, "recipient_id": me_id, "kind": kind, "actor_id": actor, "post_id": pid,
            "created_at": stamp(now - rng.randint(5, 20 * 1440)), "read": i >= 14,
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

"""The help desk's seeded world: agents, customers, tickets, comments, knowledge-base articles.

The persona is "me", a support agent on the technical team; my 40 contacts are customers too
(so a task can start from a contact found in another domain). A reset must cost about a
millisecond although a world holds some 440 customers, 1,000 tickets and 1,000 comments, so the
world is assembled rather than drawn row by row:

* **Accounts, built once per process.** Other customers come in 150 blocks of 10, each with its
  tickets and their comments, drawn once from a fixed seed (identical in every process). A
  world adopts 40 blocks chosen by its seed, by dict updates of their ready rows. Rows are
  shared between worlds, which is safe: rows are never mutated in place (the journal replaces
  them). The knowledge base is the company's, also built once, and so are the ids of my 27
  colleagues (the blocks' tickets are assigned to them); their names, emails and presence are
  drawn per world.
* **Per world:** me, my colleagues' rows, my contacts as customers with their own tickets and
  comments, and my queue (open technical tickets reassigned to me: new rows replace the shared
  ones).

The clock (``NOW``) is fixed, like the ``TODAY`` of other domains, because shared rows carry
timestamps. Ids are random hex (never derived from names), slices of a scrambled pool: the
blocks' from its first part, each world's own from the rest, so they never collide.
"""

from __future__ import annotations

import datetime as _dt
import functools
import random
from typing import Any, NamedTuple

from toolgym.envs import pools
from toolgym.envs.ids import pool_ids, pool_slice
from toolgym.envs.world import WorldScope, derive_seed

from .texts import AGENT_HOLDING_REPLIES, ARTICLE_SUMMARIES, CUSTOMER_FOLLOW_UPS, TICKETS

__all__ = [
    "build_world", "stamp", "minute_of", "NOW", "TEAMS", "WORK_TEAMS", "PRIORITIES", "STATUSES", "SLA_MINUTES", "TIERS",
]

TEAMS = ("billing", "technical", "accounts", "shipping", "escalations")
WORK_TEAMS = TEAMS[:4]  # escalations is reached only by escalate_ticket
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
TIERS = ("free", "pro", "enterprise")
# Resolution targets by priority (calendar minutes from creation).
SLA_MINUTES = {"urgent": 4 * 60, "high": 8 * 60, "normal": 24 * 60, "low": 72 * 60}

_PLANS = ("Starter", "Pro", "Business", "Enterprise")
_ENDPOINTS = ("orders", "invoices", "users", "reports", "events", "webhooks", "projects")
_IDPS = ("Okta", "Azure AD", "Google Workspace", "OneLogin")
_DAYS_OF_WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

_ARTICLES = {
    "billing": (
        "How refunds are processed", "Understanding your invoice", "Updating your payment method",
        "Changing or cancelling your plan", "Why was I charged twice?", "Adding a VAT or tax ID",
        "Overage fees explained", "Downloading past invoices", "Prorated charges when upgrading",
        "Payment failed: what to do next", "Switching from monthly to annual billing", "Billing contacts and receipts",
    ),
    "technical": (
        "Troubleshooting API 500 errors", "Configuring SSO with Okta", "Configuring SSO with Azure AD",
        "Webhook retries and failure alerts", "API rate limits and how to handle them", "Exporting data to CSV",
        "Fixing mobile app crashes after an update", "Clearing the browser cache", "Supported browsers",
        "Password reset emails not arriving", "Dashboard performance tips", "API authentication with tokens",
        "Migrating to API v2", "Setting up webhook signatures", "Status page and incident updates",
    ),
    "accounts": (
        "Resetting two-factor authentication", "Adding and removing admins", "Changing the account owner",
        "Deleting your account and data", "Merging workspaces", "Managing seats and licenses",
        "Unlocking a locked account", "Roles and permissions overview", "Single sign-on enforcement",
        "Audit log of account changes",
    ),
    "shipping": (
        "Reporting a damaged delivery", "Tracking a package in transit", "Returning a wrong item",
        "Changing a delivery address", "Lost packages and claims", "Printing a return label",
        "Delivery times by region", "International shipping and customs",
    ),
}

EPOCH = _dt.datetime(2016, 1, 1)
_DAY_STRINGS = tuple((EPOCH + _dt.timedelta(days=d)).strftime("%Y-%m-%d") for d in range(3800))
_DAY_INDEX = {d: i for i, d in enumerate(_DAY_STRINGS)}
_BASE_DAY = (_dt.datetime(2025, 3, 3) - EPOCH).days


_CLOCK = tuple(f"T{m // 60:02d}:{m % 60:02d}:00Z" for m in range(1440))
NOW = (_BASE_DAY + 58) * 1440 + 10 * 60 + 42  # a Wednesday morning; the clock of every world


def stamp(minute: int) -> str:
    """ISO-8601 UTC time of ``minute`` minutes after :data:`EPOCH`."""
    return _DAY_STRINGS[minute // 1440] + _CLOCK[minute % 1440]


def minute_of(iso: str) -> int:
    """Inverse of :func:`stamp`."""
    return _DAY_INDEX[iso[:10]] * 1440 + int(iso[11:13]) * 60 + int(iso[14:16])


def build_world(world: WorldScope) -> dict[str, Any]:
    """The domain's tables (made with ``world.table``) and facts, by name (see docs/writing-a-domain.md).

    Built worlds are cached per seed by the SDK (``ToolEnv.cache_worlds``), so this runs once
    per seed and process.
    """
    base = _generate(world)
    return {**base["facts"], **{name: world.table(name, rows) for name, rows in base["tables"].items()}}


N_BLOCKS, BLOCK, ADOPTED = 150, 10, 40  # 40 x 10 = 400 customers besides my contacts
_BLOCK_TICKETS, _BLOCK_COMMENTS = 25, 25
_CONTACT_TICKETS, _CONTACT_COMMENTS = 30, 25
_QUEUE = 30  # open technical tickets in my queue
_COLLEAGUES = 27
_RESERVED = 12_000  # pool positions of the blocks' (and colleagues') ids; worlds draw past them


def _ids(prefix: str, width: int, start: int, n: int) -> list[str]:
    return pool_slice(prefix, ("support-ids", width), start, n, width)


def _fresh_ids(rng: random.Random, prefix: str, width: int, n: int) -> list[str]:
    return pool_ids(rng, prefix, n, ("support-ids", width), width, reserved=_RESERVED)


def _fill(template: str, num: int) -> str:
    # One pre-drawn number picks every slot: a few rng calls per ticket would dominate the build.
    if "{" not in template:
        return template
    return template.format(
        plan=_PLANS[num % 4], inv=f"INV-{num % 90000 + 10000}", endpoint=_ENDPOINTS[num % 7],
        idp=_IDPS[num % 4], order=f"#{num}", day=_DAYS_OF_WEEK[num % 5],
    )


@functools.lru_cache(maxsize=1)
def _staff() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]], tuple[str, ...]]:
    """My colleagues' ids, by team, and each one's team (fixed: the blocks' tickets name them)."""
    ids = tuple(_ids("AG", 5, 0, _COLLEAGUES))
    teams = tuple(TEAMS[i % len(TEAMS)] for i in range(_COLLEAGUES))
    by_team = {t: tuple(a for a, at in zip(ids, teams, strict=False) if at == t) for t in TEAMS}
    return ids, by_team, teams


@functools.lru_cache(maxsize=1)
def _articles() -> tuple[dict[str, dict[str, Any]], dict[str, tuple[str, ...]]]:
    """The company's knowledge base (rows and ids by category), built once per process."""
    rng = random.Random(derive_seed("support-articles"))
    titles = [(cat, t) for cat, ts in _ARTICLES.items() for t in ts]
    kb_ids = _ids("KB", 5, 100, len(titles))
    summaries = [ARTICLE_SUMMARIES[t] for _, t in titles]
    views = [int(20000 * rng.random() ** 3) for _ in titles]
    articles = {
        kid: {"article_id": kid, "title": t, "category": cat, "summary": s, "views": v, "updated": stamp(NOW - v * 7)[:10]}
        for kid, (cat, t), s, v in zip(kb_ids, titles, summaries, views, strict=False)
    }
    return articles, {cat: tuple(k for k in kb_ids if articles[k]["category"] == cat) for cat in _ARTICLES}


@functools.lru_cache(maxsize=1)
def _profiles() -> tuple[tuple[str, str, str, str, str], ...]:
    """(company, tier, phone, city, customer since) of 3,000 accounts, drawn once per process."""
    rng = random.Random(derive_seed("support-profiles"))
    n = 3000
    day = NOW // 1440
    return tuple(zip(
        rng.choices(pools.pool("company"), k=n), rng.choices(TIERS, weights=(5, 4, 2), k=n),
        rng.choices(pools.pool("phone_number"), k=n), rng.choices(pools.pool("city"), k=n),
        [_DAY_STRINGS[day - s] for s in rng.choices(range(30, 1530), k=n)], strict=False,
    ))


def _customer_rows(rng: random.Random, ids: list[str], people: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        cid: {
            "customer_id": cid, "name": p["name"], "email": p["email"], "company": co, "tier": t, "phone": ph,
            "city": c, "customer_since": since,
        }
        for cid, p, (co, t, ph, c, since) in zip(ids, people, rng.choices(_profiles(), k=len(ids)), strict=False)
    }


def _tickets(
    rng: random.Random, t_ids: list[str], customers: dict[str, dict[str, Any]], c_ids: list[str],
    n_comments: int,
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Tickets of ``customers`` (assigned to colleagues) and ``n_comments`` comments on them."""
    now = NOW
    _, by_team, _ = _staff()
    kb_by_cat = _articles()[1]
    n_t = len(t_ids)
    rand = rng.random
    t_cust = rng.choices(list(customers), k=n_t)
    t_team = rng.choices(WORK_TEAMS, weights=(3, 4, 2, 2), k=n_t)
    t_status = rng.choices(STATUSES, weights=(8, 30, 14, 5, 15, 28), k=n_t)
    t_prio = rng.choices(PRIORITIES, weights=(20, 50, 22, 8), k=n_t)
    tickets: dict[str, dict[str, Any]] = {}
    span: dict[str, tuple[int, int]] = {}  # ticket -> (created, updated) minutes, for the comments
    kinds: dict[str, tuple[Any, int]] = {}  # ticket -> (its TicketKind, its slot number), for the comments
    open_like = ("open", "pending", "on_hold")
    for tid, cid, team, status, prio in zip(t_ids, t_cust, t_team, t_status, t_prio, strict=False):
        pick, num, tm = rand(), 100000 + int(900000 * rand()), int(1000 * rand())
        if prio == "urgent" and customers[cid]["tier"] != "enterprise":
            prio = "high"  # the world obeys the rule the tools enforce
        if status in ("new", *open_like):
            age = 10 + int(6 * 1440 * pick * pick)  # work in progress is recent
        else:
            age = 1440 + int(90 * 1440 * pick)
        created = now - age
        escalated = status in open_like and prio in ("high", "urgent") and pick < 0.12
        if escalated:
            team = "escalations"
        pool_ = by_team[team]
        assignee = None if status == "new" else pool_[int(pick * 1e6) % len(pool_)]
        resolved = None
        if status in ("solved", "closed"):
            resolved = stamp(created + int(SLA_MINUTES[prio] * (0.2 + 1.2 * pick)))
        cat = "technical" if team == "escalations" else team
        kind = TICKETS[cat][tm % len(TICKETS[cat])]
        kinds[tid] = (kind, num)
        updated = created + min(age, 30 + int(age * pick))
        span[tid] = (created, updated)
        linked = []
        if resolved and created % 3 == 0:
            linked = [kb_by_cat[cat][created % len(kb_by_cat[cat])]]
        tickets[tid] = {
            "ticket_id": tid, "customer_id": cid, "subject": _fill(kind.subject, num),
            "description": _fill(kind.description, num), "team": team, "priority": prio, "status": status, "assignee_id": assignee,
            "created_at": stamp(created), "updated_at": stamp(updated),
            "sla_due_at": stamp(created + SLA_MINUTES[prio]), "resolved_at": resolved,
            "resolution": _fill(kind.resolution, num) if resolved else None, "escalated": escalated, "merged_into": None,
            "linked_articles": linked,
        }
    comments = {}
    for cmid, tid, which in zip(c_ids, rng.choices(t_ids, k=n_comments), rng.choices(range(1 << 16), k=n_comments), strict=False):
        pick = rand()
        t = tickets[tid]
        by_agent = t["assignee_id"] is not None and pick < 0.6
        kind, num = kinds[tid]
        if by_agent:
            lines = kind.notes if pick < 0.15 else kind.replies + AGENT_HOLDING_REPLIES[: len(kind.replies)]
        else:
            lines = kind.customer + CUSTOMER_FOLLOW_UPS[: len(kind.customer)]
        body = _fill(lines[which % len(lines)], num)
        start, end = span[tid]
        comments[cmid] = {
            "comment_id": cmid, "ticket_id": tid, "author_type": "agent" if by_agent else "customer",
            "author_id": t["assignee_id"] if by_agent else t["customer_id"], "body": body,
            "public": not (by_agent and pick < 0.15), "created_at": stamp(start + int((end - start) * pick)),
        }
    return tickets, comments


class _Block(NamedTuple):
    customers: dict[str, dict[str, Any]]
    tickets: dict[str, dict[str, Any]]
    comments: dict[str, dict[str, Any]]
    queueable: tuple[str, ...]  # open technical tickets that may land in my queue


def _queueable(tickets: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    return tuple(
        k for k, t in tickets.items()
        if t["team"] == "technical" and t["status"] in ("open", "pending", "on_hold") and t["assignee_id"] is not None
    )


@functools.lru_cache(maxsize=1)
def _blocks() -> tuple[_Block, ...]:
    """The customer blocks, identical in every process (fixed seed)."""
    rng = random.Random(derive_seed("support-blocks"))
    n = N_BLOCKS * BLOCK
    people = pools.people(rng, n)
    cust_ids = _ids("CU", 6, 0, n)
    t_ids = _ids("TK", 6, n, N_BLOCKS * _BLOCK_TICKETS)
    c_ids = _ids("CM", 6, n + N_BLOCKS * _BLOCK_TICKETS, N_BLOCKS * _BLOCK_COMMENTS)
    out = []
    for b in range(N_BLOCKS):
        customers = _customer_rows(rng, cust_ids[b * BLOCK : (b + 1) * BLOCK], people[b * BLOCK : (b + 1) * BLOCK])
        tickets, comments = _tickets(
            rng, t_ids[b * _BLOCK_TICKETS : (b + 1) * _BLOCK_TICKETS], customers,
            c_ids[b * _BLOCK_COMMENTS : (b + 1) * _BLOCK_COMMENTS], _BLOCK_COMMENTS,
        )
        out.append(_Block(customers, tickets, comments, _queueable(tickets)))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _crowd() -> tuple[dict[str, str], ...]:
    """People my colleagues are drawn from (a world takes a slice), drawn once per process."""
    return tuple(pools.people(random.Random(derive_seed("support-colleagues")), 1000))


def _generate(world: Any) -> dict[str, Any]:
    me = world.persona
    now = NOW
    rng = world.rng("world")

    # --- agents: me (technical) plus colleagues on every team -------------------------------
    colleague_ids, _, colleague_teams = _staff()
    crowd = _crowd()
    start = rng.randrange(len(crowd) - _COLLEAGUES)
    me_id = _fresh_ids(rng, "AG", 5, 1)[0]
    statuses = rng.choices(("available", "away", "out_of_office"), weights=(7, 2, 1), k=_COLLEAGUES)
    agents = {me_id: {"agent_id": me_id, "name": me["name"], "email": f"{me['username']}@helpdesk.example", "team": "technical", "status": "available", "role": "agent"}}
    for i, (aid, p, t, st) in enumerate(zip(colleague_ids, crowd[start : start + _COLLEAGUES], colleague_teams, statuses, strict=False)):
        agents[aid] = {
            "agent_id": aid, "name": p["name"], "email": f"{p['username']}@helpdesk.example", "team": t,
            "status": st, "role": "lead" if i < 5 else "agent",
        }

    # --- customers: my contacts (fresh) and the adopted blocks (shared rows) ------------------
    chosen = [_blocks()[i] for i in rng.sample(range(N_BLOCKS), ADOPTED)]
    contacts = me["contacts"]
    customers = _customer_rows(rng, _fresh_ids(rng, "CU", 6, len(contacts)), contacts)

    # --- tickets and comments: my contacts' (fresh), then the blocks' --------------------------
    tickets, comments = _tickets(
        rng, _fresh_ids(rng, "TK", 6, _CONTACT_TICKETS), customers, _fresh_ids(rng, "CM", 6, _CONTACT_COMMENTS),
        _CONTACT_COMMENTS,
    )
    queueable = list(_queueable(tickets))
    for b in chosen:
        customers.update(b.customers)
        tickets.update(b.tickets)
        comments.update(b.comments)
        queueable += b.queueable

    # --- my queue: open technical tickets reassigned to me ------------------------------------
    for tid in rng.sample(queueable, min(_QUEUE, len(queueable))):
        tickets[tid] = {**tickets[tid], "assignee_id": me_id}

    articles = dict(_articles()[0])  # a new dict per world: tables own their dicts (rows are shared)
    return {
        "tables": {
            "agents": agents, "customers": customers, "tickets": tickets, "comments": comments,
            "articles": articles, "history": {},
            # The agent's own sign-in record: what they know and type into login.
            "account": {"me": {"username": me["username"], "password": me["password"], "agent_id": me_id}},
        },
        "facts": {"now": now, "me_id": me_id},
    }

"""The help desk's seeded world: agents, customers, tickets, comments, knowledge-base articles.

All values come from ``world.rng("<purpose>")`` streams, the shared Faker pools and the small
authored vocabularies below, so a world is a pure function of the seed. The persona is "me", a
support agent on the technical team; my 40 contacts are customers too (so a task can start
from a contact found in another domain).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from toolgym.envs import pools

__all__ = [
    "build_world", "stamp", "minute_of", "TEAMS", "WORK_TEAMS", "PRIORITIES", "STATUSES", "SLA_MINUTES", "TIERS",
]

TEAMS = ("billing", "technical", "accounts", "shipping", "escalations")
WORK_TEAMS = TEAMS[:4]  # escalations is reached only by escalate_ticket
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
TIERS = ("free", "pro", "enterprise")
# Resolution targets by priority (calendar minutes from creation).
SLA_MINUTES = {"urgent": 4 * 60, "high": 8 * 60, "normal": 24 * 60, "low": 72 * 60}

_SUBJECTS = {
    "billing": (
        "Charged twice for the {plan} subscription", "Refund request for invoice {inv}",
        "Invoice {inv} shows the wrong VAT number", "Cannot update the credit card on file",
        "Upgrade to {plan} not reflected on my account", "Unexpected overage fee on invoice {inv}",
        "Need a copy of invoice {inv}", "Cancel auto-renewal of the {plan} plan",
    ),
    "technical": (
        "API returns 500 errors on /v2/{endpoint}", "Login page times out", "Webhook deliveries failing since {day}",
        "CSV export of {endpoint} is empty", "Mobile app crashes on startup", "SSO with {idp} stopped working",
        "Rate limit errors on /v2/{endpoint}", "Dashboard charts not loading", "Password reset email never arrives",
    ),
    "accounts": (
        "Add a new admin to our workspace", "Reset two-factor authentication", "Change the account owner email",
        "Delete my account and all data", "Merge two workspaces into one", "Transfer seats to another team",
        "Locked out after too many login attempts",
    ),
    "shipping": (
        "Order {order} arrived damaged", "Package for order {order} stuck in transit", "Wrong item delivered in order {order}",
        "Change the delivery address for order {order}", "Order {order} marked delivered but never arrived",
        "Return label for order {order} not working",
    ),
}
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


def stamp(minute: int) -> str:
    """ISO-8601 UTC time of ``minute`` minutes after :data:`EPOCH`."""
    return f"{_DAY_STRINGS[minute // 1440]}T{minute % 1440 // 60:02d}:{minute % 60:02d}:00Z"


def minute_of(iso: str) -> int:
    """Inverse of :func:`stamp`."""
    return _DAY_INDEX[iso[:10]] * 1440 + int(iso[11:13]) * 60 + int(iso[14:16])


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
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen.setdefault(f"{prefix}{rng.getrandbits(4 * width):0{width}x}", None)
    return list(seen)


def _fill(template: str, num: int) -> str:
    # One pre-drawn number picks every slot: a few rng calls per ticket would dominate the build.
    if "{" not in template:
        return template
    return template.format(
        plan=_PLANS[num % 4], inv=f"INV-{num % 90000 + 10000}", endpoint=_ENDPOINTS[num % 7],
        idp=_IDPS[num % 4], order=f"#{num}", day=_DAYS_OF_WEEK[num % 5],
    )


def _generate(world: Any) -> dict[str, Any]:
    me = world.persona
    rng = world.rng("clock")
    now = (_BASE_DAY + rng.randint(0, 120)) * 1440 + rng.randint(9 * 60, 17 * 60)

    # --- agents: me (technical) plus colleagues on every team -------------------------------
    rng = world.rng("agents")
    colleagues = pools.people(rng, 27)
    agent_people = [me, *colleagues]
    agent_ids = _unique_ids(rng, "AG", len(agent_people), 5)
    teams = ["technical"] + [TEAMS[i % len(TEAMS)] for i in range(len(colleagues))]
    statuses = ["available"] + rng.choices(("available", "away", "out_of_office"), weights=(7, 2, 1), k=len(colleagues))
    agents = {
        aid: {
            "agent_id": aid, "name": p["name"], "email": f"{p['username']}@helpdesk.example", "team": t,
            "status": s, "role": "lead" if i in (1, 2, 3, 4, 5) else "agent",
        }
        for i, (aid, p, t, s) in enumerate(zip(agent_ids, agent_people, teams, statuses))
    }
    me_id = agent_ids[0]
    by_team: dict[str, list[str]] = {t: [a for a in agent_ids if agents[a]["team"] == t] for t in TEAMS}

    # --- customers: my contacts and strangers ------------------------------------------------
    rng = world.rng("customers")
    strangers = pools.people(rng, 460)
    cust_people = [*me["contacts"], *strangers]
    n_c = len(cust_people)
    cust_ids = _unique_ids(rng, "CU", n_c)
    companies = rng.choices(pools.pool("company"), k=n_c)
    tiers = rng.choices(TIERS, weights=(5, 4, 2), k=n_c)
    phones = rng.choices(pools.pool("phone_number"), k=n_c)
    cities = rng.choices(pools.pool("city"), k=n_c)
    since = [now - (30 + int(1500 * rng.random())) * 1440 for _ in range(n_c)]
    customers = {
        cid: {
            "customer_id": cid, "name": p["name"], "email": p["email"], "company": co, "tier": t, "phone": ph,
            "city": c, "customer_since": stamp(s)[:10],
        }
        for cid, p, co, t, ph, c, s in zip(cust_ids, cust_people, companies, tiers, phones, cities, since)
    }

    # --- tickets ---------------------------------------------------------------------------
    rng = world.rng("tickets")
    rand = rng.random
    n_t = 1200
    t_ids = _unique_ids(rng, "TK", n_t)
    t_cust = rng.choices(cust_ids, k=n_t)
    t_team = rng.choices(WORK_TEAMS, weights=(3, 4, 2, 2), k=n_t)
    t_status = rng.choices(STATUSES, weights=(8, 30, 14, 5, 15, 28), k=n_t)
    t_prio = rng.choices(PRIORITIES, weights=(20, 50, 22, 8), k=n_t)
    t_desc = rng.choices(pools.pool("paragraph"), k=n_t)
    t_res = rng.choices(pools.pool("sentence"), k=n_t)
    t_pick = [rand() for _ in range(n_t)]
    t_num = [100000 + int(900000 * rand()) for _ in range(n_t)]
    t_tmpl = [int(1000 * rand()) for _ in range(n_t)]
    tickets: dict[str, dict[str, Any]] = {}
    span: dict[str, tuple[int, int]] = {}  # ticket -> (created, updated) minutes, for the comments
    open_like = ("open", "pending", "on_hold")
    for tid, cid, team, status, prio, desc, res, pick, num, tm in zip(
        t_ids, t_cust, t_team, t_status, t_prio, t_desc, t_res, t_pick, t_num, t_tmpl
    ):
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
        if status == "new":
            assignee = None
        elif team == "technical" and status in open_like and pick < 0.18:
            assignee = me_id  # my queue
        else:
            assignee = pool_[int(pick * 1e6) % len(pool_)]
        resolved = None
        if status in ("solved", "closed"):
            took = int(SLA_MINUTES[prio] * (0.2 + 1.2 * pick))
            resolved = stamp(created + took)
        subjects = _SUBJECTS["technical" if team == "escalations" else team]
        updated = created + min(age, 30 + int(age * pick))
        span[tid] = (created, updated)
        tickets[tid] = {
            "ticket_id": tid, "customer_id": cid, "subject": _fill(subjects[tm % len(subjects)], num),
            "description": desc, "team": team, "priority": prio, "status": status, "assignee_id": assignee,
            "created_at": stamp(created), "updated_at": stamp(updated),
            "sla_due_at": stamp(created + SLA_MINUTES[prio]), "resolved_at": resolved,
            "resolution": res if resolved else None, "escalated": escalated, "merged_into": None,
            "linked_articles": [],
        }

    # --- comments: a customer message and agent replies --------------------------------------
    rng = world.rng("comments")
    n_cm = 1500
    cm_ids = _unique_ids(rng, "CM", n_cm)
    cm_tickets = rng.choices(t_ids, k=n_cm)
    cm_bodies = rng.choices(pools.pool("sentence"), k=n_cm)
    cm_pick = [rng.random() for _ in range(n_cm)]
    comments = {}
    for cmid, tid, body, pick in zip(cm_ids, cm_tickets, cm_bodies, cm_pick):
        t = tickets[tid]
        by_agent = t["assignee_id"] is not None and pick < 0.6
        start, end = span[tid]
        comments[cmid] = {
            "comment_id": cmid, "ticket_id": tid, "author_type": "agent" if by_agent else "customer",
            "author_id": t["assignee_id"] if by_agent else t["customer_id"], "body": body,
            "public": not (by_agent and pick < 0.15), "created_at": stamp(start + int((end - start) * pick)),
        }

    # --- knowledge base ------------------------------------------------------------------------
    rng = world.rng("articles")
    titles = [(cat, t) for cat, ts in _ARTICLES.items() for t in ts]
    kb_ids = _unique_ids(rng, "KB", len(titles), 5)
    summaries = rng.choices(pools.pool("paragraph"), k=len(titles))
    views = [int(20000 * rng.random() ** 3) for _ in titles]
    articles = {
        kid: {"article_id": kid, "title": t, "category": cat, "summary": s, "views": v, "updated": stamp(now - v * 7)[:10]}
        for kid, (cat, t), s, v in zip(kb_ids, titles, summaries, views)
    }
    kb_by_cat = {cat: [k for k in kb_ids if articles[k]["category"] == cat] for cat in _ARTICLES}
    for tid, t in tickets.items():
        created = span[tid][0]
        if t["status"] in ("solved", "closed") and created % 3 == 0:
            cat = "technical" if t["team"] == "escalations" else t["team"]
            pick = kb_by_cat[cat][created % len(kb_by_cat[cat])]
            tickets[tid] = {**t, "linked_articles": [pick]}

    return {
        "tables": {
            "agents": agents, "customers": customers, "tickets": tickets, "comments": comments,
            "articles": articles, "history": {},
            # The agent's own sign-in record: what they know and type into login.
            "account": {"me": {"username": me["username"], "password": me["password"], "agent_id": me_id}},
        },
        "facts": {"now": now, "me_id": me_id},
    }


"""The Office world: the persona's contacts, mailbox and calendar, around a fixed simulated day.

Everything is drawn column-wise from one seeded ``world.rng("world")`` stream and the Faker
pools. What does not depend on the seed is prepared once per process (subjects rendered into a
pool, the date and clock strings, the shapes of a day's calendar, the scrambled id pool, the
senders who are not contacts), so a cold build of a world with hundreds of messages costs
about a millisecond. Dates are relative to ``today``, itself drawn from the seed (never the
real clock).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from typing import Any

from toolgym.envs import pools
from toolgym.envs.ids import pool_ids
from toolgym.envs.world import LazyRows, WorldScope, derive_seed

__all__ = ["build_world", "N_EMAILS", "DAY_START"]

N_EMAILS = 340
N_OTHERS = 60  # senders who are not contacts (colleagues of colleagues, shops, newsletters)
HISTORY_DAYS = 180
EVENT_PAST_DAYS = 21
EVENT_FUTURE_DAYS = 45
DAY_START = "09:00"  # the simulated clock starts here on "today" and ticks one minute per write

# Authored vocabularies: what a real work mailbox and calendar are about. Subjects and bodies
# come in pairs (a body talks about its own subject); slots are filled from the lists below and
# from Faker's companies, never from random words or lorem text. A body's slots are few where its
# subject's are (a subject said by a user should name one email, not many).
PROJECTS = (
    "Atlas", "Phoenix", "Northstar", "Horizon", "Beacon", "Mercury", "Lighthouse", "Redwood", "Orion", "Cascade",
    "Keystone", "Meridian", "Granite", "Juniper", "Polaris", "Sequoia",
)
TOPICS = (
    "Q3 forecast", "hiring plan", "vendor shortlist", "roadmap for next quarter", "customer survey results",
    "launch checklist", "office move", "support backlog", "pricing change", "security audit", "holiday schedule",
    "onboarding process", "year-end review", "website refresh", "Q4 targets", "partner agreement", "travel policy",
    "training plan", "press release", "board deck", "release notes", "client workshop", "team budget", "product demo",
)
CITIES = (
    "Chicago", "Denver", "Lisbon", "Austin", "Barcelona", "Toronto", "Berlin", "Boston", "Dublin", "Seattle",
    "Amsterdam", "Nashville", "San Diego", "Montreal",
)
MAILS = (
    ("Quarterly report for {company}", (
        "Hi, attached is the quarterly report for {company}. Revenue came in slightly above forecast; the main open item is the {project} budget. Could you look it over before {weekday}?",
        "Here's the quarterly report for {company}. Numbers are final except travel expenses, which I'll update by {weekday}.",
    )),
    ("Re: {topic}", (
        "Thanks for the update on the {topic}. I agree with the plan; let's confirm the details on {weekday}.",
        "Sounds good to me. One question on the {topic}: who signs off on the final version?",
    )),
    ("Lunch on {weekday}?", (
        "Are you free for lunch on {weekday}? I was thinking of the Thai place around the corner at 12:30.",
        "It's been a while! Lunch on {weekday}? My treat this time.",
    )),
    ("Invoice #{n}", (
        "Please find attached invoice #{n} for last month's services. Payment is due within 30 days. Let us know if anything looks off.",
        "Invoice #{n} is attached. We accept bank transfer or card; reference the invoice number with your payment.",
    )),
    ("Meeting notes: {topic}", (
        "Here are my notes from today's meeting on the {topic}. Action items: finalize the timeline, confirm owners, and circulate the draft by {weekday}.",
        "Notes on the {topic}: we agreed to keep the current scope and revisit the budget next month. Shout if I missed anything.",
    )),
    ("Your order #{n} has shipped", (
        "Good news: your order #{n} is on its way and should arrive within 3-5 business days. You can track it from your account.",
    )),
    ("Weekly digest: {project}", (
        "This week on {project}: 3 new comments on your documents, 2 files shared with you and 1 upcoming deadline.",
        "Your weekly summary for {project}: 5 tasks completed, 2 overdue, and the board was updated.",
    )),
    ("Question about the {project} project", (
        "Quick question about the {project} project: are we still shipping the first milestone this month, or has it moved?",
        "Who is the right person to ask about access to the {project} project files?",
    )),
    ("Fwd: {topic}", (
        "Forwarding this in case it's useful for the {topic}. See the thread below.",
    )),
    ("Draft proposal: {project}", (
        "I've put together a first draft of the {project} proposal. Comments welcome, especially on scope and timeline.",
        "Attached is the draft proposal for {project}. I'd like to send it out by {weekday}.",
    )),
    ("Follow-up on {project}", (
        "Following up on our conversation about {project}. Do you have everything you need from my side?",
        "Any news on {project}? I'd like to give the client an update this week.",
    )),
    ("Reminder: {project} review on {weekday}", (
        "A reminder that the {project} review is on {weekday} at 2 pm. Please bring your latest numbers.",
    )),
    ("Budget approval for {project}", (
        "Could you approve the revised budget for {project}? The total is unchanged, but we moved some spend from Q3 to Q4.",
    )),
    ("Travel plans for {city}", (
        "I've booked flights to {city} for the conference. Hotel details to follow; let me know if you want to share a cab from the airport.",
        "Are you coming to {city} next month? I'm putting together the travel plans for the team.",
    )),
    ("Welcome to {company}", (
        "Thanks for signing up. Your account with {company} is ready; here are a few tips to get started.",
    )),
    ("Offsite in {city}", (
        "We're planning the team offsite in {city} next month. Please fill in the availability poll by {weekday}.",
        "The offsite in {city} is confirmed. Agenda and hotel details are in the shared folder.",
    )),
    ("Your receipt from {company}", (
        "Thank you for your purchase. Your receipt from {company} is attached for your records.",
    )),
    ("Can we move our call?", (
        "Something came up on my side. Could we move our call to later this week? {weekday} afternoon works for me.",
    )),
    ("Slides for {weekday}", (
        "Attaching the slides for {weekday}'s presentation. Let me know if you want any changes before I send them around.",
    )),
    ("Contract renewal: {company}", (
        "Our contract with {company} renews at the end of the month. Do we want to renegotiate the terms or renew as is?",
    )),
    ("Out of office on {weekday}", (
        "Heads up: I'll be out of the office on {weekday}. Reach me by phone if anything urgent comes up.",
    )),
    ("Hiring update for {project}", (
        "We have three candidates in the final round for the {project} role. Interviews are scheduled for {weekday}.",
    )),
)
# Event title -> notes (its description); the title's slots are filled first, then the notes'.
EVENTS = {
    "Team standup": ("Daily check-in: yesterday, today, blockers.", "Keep it to 15 minutes, please."),
    "1:1 with {first}": ("Regular catch-up. Bring anything you want to discuss.", "Career goals and feedback this time."),
    "Project {project} sync": ("Status of {project}: open issues and next steps.", "Weekly sync on {project}; agenda in the shared doc."),
    "Design review: {project}": ("Walk through the latest {project} designs and agree on changes.", "Please read the spec before the meeting."),
    "Quarterly planning": ("Set next quarter's goals and owners.", "Bring your team's top three priorities."),
    "Lunch with {first}": ("Lunch, no agenda.", "Table booked for two."),
    "Budget review": ("Review spend against plan and approve changes.", "Finance will share the numbers beforehand."),
    "Customer call: {company}": ("Quarterly check-in with {company}.", "Renewal discussion with {company}; pricing sheet attached."),
    "Interview: {first} {last}": ("Interview for the open analyst role. CV in the hiring folder.", "Second-round interview; focus on the case study."),
    "Sprint retro": ("What went well, what didn't, what we change next sprint.", "Add your notes to the board before we start."),
    "Dentist appointment": ("Check-up and cleaning.", "Bring the insurance card."),
    "Gym": ("Leg day.", "Spin class."),
    "Coffee with {first}": ("Catch-up over coffee.", "Informal chat about the {project} handover."),
    "Board prep": ("Prepare the board deck and rehearse the numbers.", "Final pass on slides for the board meeting."),
    "All hands": ("Company update and Q&A.", "Quarterly results and team announcements."),
    "Vendor demo: {company}": ("{company} demos their platform; 30 minutes plus questions.", "Evaluation demo from {company}; compare with the shortlist."),
}
EVENT_TITLES = tuple(EVENTS)
PERSONAL = ("Dentist appointment", "Gym", "Interview: {first} {last}")  # always the user's own
LOCATIONS = ("Room 4A", "Room 2B", "Main boardroom", "Zoom", "Google Meet", "Cafe downstairs", "Phone", "Lobby")
LABELS = ("work", "finance", "travel", "personal", "receipts", "newsletters")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
NEWSLETTER_USERS = ("news", "no-reply", "updates", "billing", "support", "team")


_MAIL_FIELDS = {
    "company": lambda f: f.company(), "topic": lambda f: f.random_element(TOPICS),
    "weekday": lambda f: f.random_element(WEEKDAYS), "n": lambda f: f.random_int(1000, 99999),
    "project": lambda f: f.random_element(PROJECTS), "city": lambda f: f.random_element(CITIES),
}


def _mail(f: Any) -> tuple[str, str]:
    """A (subject, body) pair: one mail kind, its slots filled once for both."""
    subject, bodies = f.random_element(MAILS)
    body = f.random_element(bodies)
    values = {k: g(f) for k, g in _MAIL_FIELDS.items() if "{" + k + "}" in subject + body}
    return subject.format(**values), body.format(**values)


# Mails are rendered once per process into a pool (like every Faker value), not per reset.
pools.register_pool("office_mail", _mail)

_EPOCH = dt.date(2024, 6, 1)
_DATES = tuple((_EPOCH + dt.timedelta(days=d)).isoformat() for d in range(700))  # day strings, built once
_CLOCK = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(24 * 60))
_AGES = tuple(int(x * x * HISTORY_DAYS) for x in (random.Random(derive_seed("office-ages")).random() for _ in range(4096)))


def _ids(rng: Any, prefix: str, n: int) -> list[str]:
    return pool_ids(rng, prefix, n, ("office-ids",))


@functools.lru_cache(maxsize=1)
def _strangers() -> tuple[tuple[str, str], ...]:
    """(name, email) of 1,000 senders who are not contacts, drawn once per process."""
    return tuple((p["name"], p["email"]) for p in pools.people(random.Random(derive_seed("office-strangers")), 1000))


@functools.cache
def _day_plans(weekday: int) -> tuple[tuple[tuple[int, int, int, bool], ...], ...]:
    """16 calendars around a ``today`` on ``weekday``: (day offset, hour, minutes, past) per event.

    Distinct start hours per day and 30- or 60-minute events: the base calendar has no clashes.
    """
    rng = random.Random(derive_seed("office-day-plans", weekday))
    plans = []
    for _ in range(16):
        slots = []
        for off in range(-EVENT_PAST_DAYS, EVENT_FUTURE_DAYS + 1):
            if (weekday + off) % 7 >= 5:
                continue
            for hour in sorted(rng.sample(range(8, 18), rng.randint(1, 4))):
                slots.append((off, hour, 30 if rng.random() < 0.5 else 60, off < 0))
        plans.append(tuple(slots))
    return tuple(plans)


def build_world(world: WorldScope) -> dict[str, Any]:
    """Every Office table (made with ``world.table``) plus the simulated ``today`` (an ISO date
    string), by name (see docs/writing-a-domain.md).

    A pure function of the world's seed (the SDK caches built worlds per seed, so this runs
    once per seed and process).
    """
    data = _build(world)
    me = world.persona
    # The backend's record of the user's own account (what sign_in checks against).
    made: dict[str, Any] = {"account": world.table("account", {"me": {"email": me["email"], "password": me["password"], "name": me["name"]}}),
                            "today": data["today"]}
    for name in ("contacts", "emails", "events"):
        made[name] = world.table(name, data[name])
    return made


def _build(world: Any) -> dict[str, Any]:
    persona = world.persona
    rng = world.rng("world")
    # A weekday in 2025, so "today" has meetings on it.
    base = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, 300))
    today = base + dt.timedelta(days=(7 - base.weekday()) % 7 if base.weekday() >= 5 else 0)
    contacts = _contacts(rng, persona)
    emails = _emails(rng, persona, contacts, today)
    events = _events(rng, persona, contacts, today)
    return {"today": today.isoformat(), "contacts": contacts, "emails": emails, "events": events}


def _contacts(rng: random.Random, persona: dict[str, Any]) -> dict[str, dict[str, Any]]:
    people = persona["contacts"]
    n = len(people)
    ids = _ids(rng, "C", n)
    companies = rng.choices(pools.pool("company"), k=n)
    jobs = rng.choices(pools.pool("job"), k=n)
    phones = rng.choices(pools.pool("phone_number"), k=n)
    return {
        cid: {"contact_id": cid, "name": p["name"], "email": p["email"], "phone": ph, "company": co, "title": jb}
        for cid, p, co, jb, ph in zip(ids, people, companies, jobs, phones, strict=False)
    }


@functools.lru_cache(maxsize=1)
def _email_shapes() -> tuple[tuple[Any, ...], ...]:
    """4,096 mails without their people, in random order, drawn once per process.

    Each is (age in days, folder, sent, "Thh:mm", subject, body, labels, read if received); a
    world takes a seeded slice (a random sample: the order is random), sorts it by age and gives
    the mails senders and recipients.
    """
    rng = random.Random(derive_seed("office-email-shapes"))
    n = 4096
    folders = rng.choices(("inbox", "sent", "archive", "trash"), cum_weights=(72, 87, 97, 100), k=n)
    times = rng.choices(range(7 * 60, 22 * 60), k=n)
    mails = rng.choices(pools.pool("office_mail"), k=n)
    labels = {lab: [lab] for lab in LABELS}
    label_picks = rng.choices(LABELS + ("",) * 6, k=n)
    out = []
    for age, folder, t, (subject, body), lab in zip(_AGES, folders, times, mails, label_picks, strict=False):
        if age == 0:
            t = t % 120 + 7 * 60  # today's mail arrived before the simulated clock's 09:00
        r = rng.random()
        # Label lists are shared between rows: rows (and the lists in them) are never mutated.
        out.append((age, folder, folder == "sent", "T" + _CLOCK[t], subject, body, labels[lab] if lab else [], r < (0.97 if age > 3 else 0.4)))
    return tuple(out)


def _oldest_first(shape: tuple[Any, ...]) -> tuple[int, str]:
    return -shape[0], shape[3]


def _emails(rng: random.Random, persona: dict[str, Any], contacts: dict[str, Any], today: dt.date) -> LazyRows:
    n = N_EMAILS
    me = persona["email"]
    my_name = persona["name"]
    # Senders: the persona's contacts (about 2/3 of the mail) and others (strangers, shops,
    # newsletters); repeating the contacts in the population gives that mix in one draw.
    crowd = _strangers()
    start = rng.randrange(len(crowd) - N_OTHERS)
    others = list(crowd[start : start + N_OTHERS])
    shops = rng.sample(pools.pool("company"), 12)
    shop_domains = rng.sample(pools.pool("domain_name"), 12)
    others += [(c, f"{u}@{d}") for c, d, u in zip(shops, shop_domains, rng.choices(NEWSLETTER_USERS, k=12), strict=False)]
    known = [(c["name"], c["email"]) for c in contacts.values()]
    senders = rng.choices(known * 4 + others, k=n)
    recipients = rng.choices(known, k=n)
    shapes = _email_shapes()
    start = rng.randrange(len(shapes) - n)
    picked = sorted(shapes[start : start + n], key=_oldest_first)
    t0 = (today - _EPOCH).days
    day_names = _DATES[t0 - HISTORY_DAYS : t0 + 1][::-1]  # day_names[age]
    ids = _ids(rng, "M", n)
    # The rows (the bulk of an Office build) are assembled when a chain first touches the mail.
    return LazyRows(functools.partial(_email_rows, me, my_name, ids, picked, senders, recipients, day_names))


def _email_rows(me: str, my_name: str, ids: list[str], picked: list[Any], senders: list[Any], recipients: list[Any],
                day_names: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    me_to = [me]  # shared by the received mail's rows (never mutated)
    return {
        eid: {
            "email_id": eid, "folder": folder, "from_name": my_name if sent else sname,
            "from_email": me if sent else semail, "to": [remail] if sent else me_to, "cc": [],
            "subject": subject, "body": body, "date": day_names[age] + t, "read": sent or read,
            "labels": labels, "in_reply_to": None,
        }
        for eid, (age, folder, sent, t, subject, body, labels, read), (sname, semail), (_, remail) in zip(
            ids, picked, senders, recipients, strict=False
        )
    }


@functools.lru_cache(maxsize=1)
def _event_shapes() -> tuple[tuple[Any, ...], ...]:
    """2,048 events without their people or dates: (title template, mine, location, project,
    company, guests, response, notes template), drawn once per process."""
    rng = random.Random(derive_seed("office-event-shapes"))
    n = 2048
    titles = rng.choices(EVENT_TITLES, k=n)
    return tuple(zip(
        titles, [rng.random() < 0.45 for _ in range(n)], rng.choices(LOCATIONS, k=n),
        rng.choices(PROJECTS, k=n), rng.choices(pools.pool("company"), k=n), rng.choices((0, 1, 2, 3), k=n),
        rng.choices(("accepted", "tentative", "declined", "needs_action"), cum_weights=(6, 7, 8, 10), k=n),
        [rng.choice(EVENTS[t]) for t in titles], strict=False,
    ))


_STARTS = tuple(f"{h:02d}:00" for h in range(24))


def _events(rng: random.Random, persona: dict[str, Any], contacts: dict[str, Any], today: dt.date) -> LazyRows:
    me = persona["email"]
    people = list(contacts.values())
    t0 = (today - _EPOCH).days
    plan = rng.choice(_day_plans(today.weekday()))
    n = len(plan)
    shapes = rng.choices(_event_shapes(), k=n)
    organizers = rng.choices(people, k=n)
    guests = [p["email"] for p in rng.choices(people, k=3 * n)]
    ids = _ids(rng, "E", n)
    # Every draw is made: the rows are assembled when a chain first touches the calendar.
    return LazyRows(functools.partial(_event_rows, me, persona["name"], t0, ids, plan, shapes, organizers, guests))


def _event_rows(me: str, my_name: str, t0: int, ids: list[str], plan: Any, shapes: list[Any], organizers: list[Any],
                guests: list[str]) -> dict[str, dict[str, Any]]:
    my_first, _, my_last = my_name.partition(" ")
    rows: dict[str, dict[str, Any]] = {}
    for i, (eid, (off, hour, dur, past), (template, mine, location, project, company, k, response, desc), org) in enumerate(
        zip(ids, plan, shapes, organizers, strict=False)
    ):
        mine = mine or template in PERSONAL
        named = "{first}" in template
        if "{" in template:
            # "1:1 with {first}" names the other person: the guest when the user organizes, else the user.
            first, _, last = org["name"].partition(" ") if mine else (my_first, "", my_last)
            template = template.format(first=first, last=last, project=project, company=company)
        if "{" in desc:
            desc = desc.format(project=project, company=company)
        org_email = org["email"]
        attendees = [e for e in guests[3 * i : 3 * i + k] if e != org_email] if k else []
        if k > 1:
            attendees = list(dict.fromkeys(attendees))
        if mine:  # the user organizes it; a named guest ("1:1 with Ann") is invited
            if named or not attendees:
                attendees.insert(0, org_email)
            organizer, my_response = me, "organizer"
        else:
            attendees.insert(0, me)
            organizer, my_response = org_email, "accepted" if past else response
        end = hour * 60 + dur
        rows[eid] = {
            "event_id": eid, "title": template, "date": _DATES[t0 + off], "start": _STARTS[hour],
            "end": _CLOCK[end], "location": location, "organizer": organizer, "attendees": attendees,
            "my_response": my_response, "status": "confirmed", "description": desc,
        }
    return rows

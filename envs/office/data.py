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
from toolgym.envs.world import derive_seed
from toolgym.envs.ids import pool_ids

__all__ = ["build_office", "N_EMAILS", "DAY_START"]

N_EMAILS = 340
N_OTHERS = 60  # senders who are not contacts (colleagues of colleagues, shops, newsletters)
HISTORY_DAYS = 180
EVENT_PAST_DAYS = 21
EVENT_FUTURE_DAYS = 45
DAY_START = "09:00"  # the simulated clock starts here on "today" and ticks one minute per write

# Authored vocabularies: what a real work mailbox and calendar are about.
SUBJECTS = (
    "Quarterly report for {company}", "Re: {bs}", "Lunch on {weekday}?", "Invoice #{n}",
    "{catch}", "Meeting notes: {bs}", "Your order #{n} has shipped", "Weekly digest",
    "Question about the {word} project", "Fwd: {catch}", "Draft proposal: {catch}",
    "Follow-up on {word}", "Reminder: {word} review on {weekday}", "Budget approval for {word}",
    "Travel plans for {city}", "Welcome to {company}", "Offsite in {city}", "Your receipt from {company}",
)
EVENT_TITLES = (
    "Team standup", "1:1 with {first}", "Project {word} sync", "Design review: {word}",
    "Quarterly planning", "Lunch with {first}", "Budget review", "Customer call: {company}",
    "Interview: {first} {last}", "Sprint retro", "Dentist appointment", "Gym",
    "Coffee with {first}", "Board prep", "All hands", "Vendor demo: {company}",
)
PERSONAL = ("Dentist appointment", "Gym", "Interview: {first} {last}")  # always the user's own
LOCATIONS = ("Room 4A", "Room 2B", "Main boardroom", "Zoom", "Google Meet", "Cafe downstairs", "Phone", "Lobby")
LABELS = ("work", "finance", "travel", "personal", "receipts", "newsletters")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
NEWSLETTER_USERS = ("news", "no-reply", "updates", "billing", "support", "team")


_SUBJECT_FIELDS = {
    "company": lambda f: f.company(), "bs": lambda f: f.bs(), "weekday": lambda f: f.random_element(WEEKDAYS),
    "n": lambda f: f.random_int(1000, 99999), "catch": lambda f: f.catch_phrase(), "word": lambda f: f.word(),
    "city": lambda f: f.city(),
}


def _subject(f: Any) -> str:
    template = f.random_element(SUBJECTS)
    return template.format(**{k: g(f) for k, g in _SUBJECT_FIELDS.items() if "{" + k + "}" in template})


# Subjects are rendered once per process into a pool (like every Faker value), not per reset.
pools.register_pool("office_subject", _subject)

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


@functools.lru_cache(maxsize=None)
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


def build_office(world: Any) -> dict[str, Any]:
    """Rows of every Office table plus the simulated ``today`` (an ISO date string).

    A pure function of the world's seed (the SDK caches built worlds per seed, so this runs
    once per seed and process).
    """
    return _build(world)


def _build(world: Any) -> dict[str, Any]:
    persona = world.persona
    rng = world.rng("world")  # one stream: each world.rng costs ~15 us
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
        for cid, p, co, jb, ph in zip(ids, people, companies, jobs, phones)
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
    subjects = rng.choices(pools.pool("office_subject"), k=n)
    bodies = rng.choices(pools.pool("paragraph"), k=n)
    labels = {lab: [lab] for lab in LABELS}
    label_picks = rng.choices(LABELS + ("",) * 6, k=n)
    out = []
    for age, folder, t, subject, body, lab in zip(_AGES, folders, times, subjects, bodies, label_picks):
        if age == 0:
            t = t % 120 + 7 * 60  # today's mail arrived before the simulated clock's 09:00
        r = rng.random()
        # Label lists are shared between rows: rows (and the lists in them) are never mutated.
        out.append((age, folder, folder == "sent", "T" + _CLOCK[t], subject, body, labels[lab] if lab else [], r < (0.97 if age > 3 else 0.4)))
    return tuple(out)


def _oldest_first(shape: tuple[Any, ...]) -> tuple[int, str]:
    return -shape[0], shape[3]


def _emails(rng: random.Random, persona: dict[str, Any], contacts: dict[str, Any], today: dt.date) -> dict[str, dict[str, Any]]:
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
    others += [(c, f"{u}@{d}") for c, d, u in zip(shops, shop_domains, rng.choices(NEWSLETTER_USERS, k=12))]
    known = [(c["name"], c["email"]) for c in contacts.values()]
    senders = rng.choices(known * 4 + others, k=n)
    recipients = rng.choices(known, k=n)
    shapes = _email_shapes()
    start = rng.randrange(len(shapes) - n)
    picked = sorted(shapes[start : start + n], key=_oldest_first)
    t0 = (today - _EPOCH).days
    day_names = _DATES[t0 - HISTORY_DAYS : t0 + 1][::-1]  # day_names[age]
    me_to = [me]  # shared by the received mail's rows (never mutated)
    return {
        eid: {
            "email_id": eid, "folder": folder, "from_name": my_name if sent else sname,
            "from_email": me if sent else semail, "to": [remail] if sent else me_to, "cc": [],
            "subject": subject, "body": body, "date": day_names[age] + t, "read": sent or read,
            "labels": labels, "in_reply_to": None,
        }
        for eid, (age, folder, sent, t, subject, body, labels, read), (sname, semail), (_, remail) in zip(
            _ids(rng, "M", n), picked, senders, recipients
        )
    }


@functools.lru_cache(maxsize=1)
def _event_shapes() -> tuple[tuple[Any, ...], ...]:
    """2,048 events without their people or dates: (title template, mine, location, word,
    company, guests, response, description), drawn once per process."""
    rng = random.Random(derive_seed("office-event-shapes"))
    n = 2048
    return tuple(zip(
        rng.choices(EVENT_TITLES, k=n), [rng.random() < 0.45 for _ in range(n)], rng.choices(LOCATIONS, k=n),
        rng.choices(pools.pool("word"), k=n), rng.choices(pools.pool("company"), k=n), rng.choices((0, 1, 2, 3), k=n),
        rng.choices(("accepted", "tentative", "declined", "needs_action"), cum_weights=(6, 7, 8, 10), k=n),
        rng.choices(pools.pool("sentence"), k=n),
    ))


_STARTS = tuple(f"{h:02d}:00" for h in range(24))


def _events(rng: random.Random, persona: dict[str, Any], contacts: dict[str, Any], today: dt.date) -> dict[str, dict[str, Any]]:
    me = persona["email"]
    people = list(contacts.values())
    t0 = (today - _EPOCH).days
    plan = rng.choice(_day_plans(today.weekday()))
    n = len(plan)
    shapes = rng.choices(_event_shapes(), k=n)
    organizers = rng.choices(people, k=n)
    guests = [p["email"] for p in rng.choices(people, k=3 * n)]
    my_first, _, my_last = persona["name"].partition(" ")
    rows: dict[str, dict[str, Any]] = {}
    for i, (eid, (off, hour, dur, past), (template, mine, location, word, company, k, response, desc), org) in enumerate(
        zip(_ids(rng, "E", n), plan, shapes, organizers)
    ):
        mine = mine or template in PERSONAL
        named = "{first}" in template
        if "{" in template:
            # "1:1 with {first}" names the other person: the guest when the user organizes, else the user.
            first, _, last = org["name"].partition(" ") if mine else (my_first, "", my_last)
            template = template.format(first=first, last=last, word=word, company=company)
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

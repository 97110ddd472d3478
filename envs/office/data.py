"""The Office world: the persona's contacts, mailbox and calendar, around a fixed simulated day.

Everything is drawn column-wise from seeded ``world.rng(...)`` streams and the Faker pools
(subjects are pre-rendered into a pool once per process), so building the world costs a few
milliseconds although the mailbox holds hundreds of messages; the SDK's per-seed world cache
makes later resets to the same seed a fraction of a millisecond. Dates are relative to
``today``, itself drawn from the seed (never the real clock).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from toolgym.envs import pools

__all__ = ["build_office", "N_EMAILS", "DAY_START"]

N_EMAILS = 520
N_OTHERS = 60  # senders who are not contacts (colleagues of colleagues, shops, newsletters)
HISTORY_DAYS = 180
EVENT_PAST_DAYS = 30
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

def _ids(rng: Any, prefix: str, n: int) -> list[str]:
    # 28 random bits: unguessable from names; the rare collision is simply drawn again (seeded).
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen.setdefault(f"{prefix}{rng.getrandbits(28):07x}", None)
    return list(seen)


def build_office(world: Any) -> dict[str, Any]:
    """Rows of every Office table plus the simulated ``today`` (an ISO date string).

    A pure function of the world's seed (the SDK caches built worlds per seed, so this runs
    once per seed and process).
    """
    return _build(world)


def _build(world: Any) -> dict[str, Any]:
    persona = world.persona
    rng = world.rng("clock")
    # A weekday in 2025, so "today" has meetings on it.
    base = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, 300))
    today = base + dt.timedelta(days=(7 - base.weekday()) % 7 if base.weekday() >= 5 else 0)
    contacts = _contacts(world, persona)
    emails = _emails(world, persona, contacts, today)
    events = _events(world, persona, contacts, today)
    return {"today": today.isoformat(), "contacts": contacts, "emails": emails, "events": events}


def _contacts(world: Any, persona: dict[str, Any]) -> dict[str, dict[str, Any]]:
    rng = world.rng("contacts")
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


def _emails(world: Any, persona: dict[str, Any], contacts: dict[str, Any], today: dt.date) -> dict[str, dict[str, Any]]:
    rng = world.rng("emails")
    n = N_EMAILS
    me = persona["email"]
    # Senders: the persona's contacts (about 2/3 of the mail) and others (strangers, shops,
    # newsletters); repeating the contacts in the population gives that mix in one draw.
    others = [(p["name"], p["email"]) for p in pools.people(world.rng("email-others"), N_OTHERS)]
    shops = rng.sample(pools.pool("company"), 12)
    shop_domains = rng.sample(pools.pool("domain_name"), 12)
    others += [(c, f"{u}@{d}") for c, d, u in zip(shops, shop_domains, rng.choices(NEWSLETTER_USERS, k=12))]
    known = [(c["name"], c["email"]) for c in contacts.values()]
    senders = rng.choices(known * 4 + others, k=n)
    recipients = rng.choices(known, k=n)
    folders = rng.choices(("inbox", "sent", "archive", "trash"), cum_weights=(72, 87, 97, 100), k=n)
    # Ages in days, most mail recent (oldest first, so the dict is in date order).
    ages = sorted((int(x * x * HISTORY_DAYS) for x in [rng.random() for _ in range(n)]), reverse=True)
    day_names = [(today - dt.timedelta(days=d)).isoformat() for d in range(HISTORY_DAYS + 1)]
    clock = [f"{m // 60:02d}:{m % 60:02d}" for m in range(24 * 60)]
    times = rng.choices(range(7 * 60, 22 * 60), k=n)
    subjects = rng.choices(pools.pool("office_subject"), k=n)
    bodies = rng.choices(pools.pool("paragraph"), k=n)
    label_picks = rng.choices(LABELS + ("",) * 6, k=n)
    reads = [rng.random() for _ in range(n)]
    ids = _ids(rng, "M", n)
    me_to = [me]
    rows: dict[str, dict[str, Any]] = {}
    for eid, folder, (sname, semail), (_, remail), age, t, subject, body, lab, r in zip(
        ids, folders, senders, recipients, ages, times, subjects, bodies, label_picks, reads
    ):
        if age == 0:
            t = t % 120 + 7 * 60  # today's mail arrived before the simulated clock's 09:00
        sent = folder == "sent"
        rows[eid] = {
            "email_id": eid,
            "folder": folder,
            "from_name": persona["name"] if sent else sname,
            "from_email": me if sent else semail,
            "to": [remail] if sent else me_to,
            "cc": [],
            "subject": subject,
            "body": body,
            "date": f"{day_names[age]}T{clock[t]}",
            "read": sent or r < (0.97 if age > 3 else 0.4),
            "labels": [lab] if lab else [],
            "in_reply_to": None,
        }
    return rows


def _events(world: Any, persona: dict[str, Any], contacts: dict[str, Any], today: dt.date) -> dict[str, dict[str, Any]]:
    rng = world.rng("events")
    me = persona["email"]
    people = list(contacts.values())
    slots: list[tuple[str, int, int, bool]] = []
    for off in range(-EVENT_PAST_DAYS, EVENT_FUTURE_DAYS + 1):
        day = today + dt.timedelta(days=off)
        if day.weekday() >= 5:
            continue
        iso = day.isoformat()
        # Distinct start hours per day, 30- or 60-minute events: the base calendar has no clashes.
        for hour in sorted(rng.sample(range(8, 18), rng.randint(1, 4))):
            slots.append((iso, hour, 30 if rng.random() < 0.5 else 60, off < 0))
    n = len(slots)
    ids = _ids(rng, "E", n)
    titles = rng.choices(EVENT_TITLES, k=n)
    organizers = rng.choices(people, k=n)
    roles = [rng.random() for _ in range(n)]
    locations = rng.choices(LOCATIONS, k=n)
    words = rng.choices(pools.pool("word"), k=n)
    companies = rng.choices(pools.pool("company"), k=n)
    guests = [rng.choices(people, k=k) for k in rng.choices((0, 1, 2, 3), k=n)]
    responses = rng.choices(("accepted", "tentative", "declined", "needs_action"), cum_weights=(6, 7, 8, 10), k=n)
    descs = rng.choices(pools.pool("sentence"), k=n)
    rows: dict[str, dict[str, Any]] = {}
    for i, (day, hour, dur, past) in enumerate(slots):
        org = organizers[i]
        template = titles[i]
        mine = roles[i] < 0.45 or template in PERSONAL
        # "1:1 with {first}" names the other person: the guest when the user organizes, else the user.
        first, _, last = (org if mine else persona)["name"].partition(" ")
        title = template.format(first=first, last=last, word=words[i], company=companies[i]) if "{" in template else template
        attendees = list(dict.fromkeys(p["email"] for p in guests[i] if p is not org))
        if mine:  # the user organizes it; a named guest ("1:1 with Ann") is invited
            if "{first}" in template or not attendees:
                attendees.insert(0, org["email"])
            organizer, response = me, "organizer"
        else:
            attendees.insert(0, me)
            organizer, response = org["email"], "accepted" if past else responses[i]
        end = hour * 60 + dur
        rows[ids[i]] = {
            "event_id": ids[i],
            "title": title,
            "date": day,
            "start": f"{hour:02d}:00",
            "end": f"{end // 60:02d}:{end % 60:02d}",
            "location": locations[i],
            "organizer": organizer,
            "attendees": attendees,
            "my_response": response,
            "status": "confirmed",
            "description": descs[i],
        }
    return rows

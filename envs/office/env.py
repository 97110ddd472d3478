"""Office: the persona's mailbox, calendar and contacts, on a fixed simulated day."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from typing_extensions import TypedDict

from toolgym.envs import Entity, ToolEnv, ToolError, state, tool
from toolgym.envs.world import WorldScope, derive_seed
from toolgym.errors import suggest

from .data import DAY_START, build_world
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Office"]

EmailId = Annotated[str, Entity("email", label="subject")]
# An event is known by its title and when it is: titles repeat (a standup every day), so
# "Team standup" alone would not say which one.
EventId = Annotated[str, Entity("event", label="summary")]
ContactId = Annotated[str, Entity("contact", label="name")]
# A contact's address is only known from the address book: the query writer says the name.
Address = Annotated[str, Entity("email_address", label="name")]

_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class Contact(TypedDict):
    contact_id: ContactId
    name: str
    email: Address
    phone: str
    company: str
    title: str


class ContactEcho(TypedDict):
    contact_id: str
    name: str
    email: Address
    phone: str
    company: str
    title: str


class EmailSummary(TypedDict):
    email_id: EmailId
    folder: str
    from_name: str
    from_email: Address
    subject: str
    date: str
    read: bool
    labels: list[str]


class EmailEcho(TypedDict):
    # Results that echo the id the tool was given use a plain string: only lookups reveal ids
    # (keeps the API graph's providers meaningful and its chain search small).
    email_id: str
    folder: str
    from_name: str
    from_email: Address
    subject: str
    date: str
    read: bool
    labels: list[str]


class Email(EmailEcho):
    to: list[str]
    cc: list[str]
    body: str
    in_reply_to: str | None


class SentEmail(TypedDict):
    email_id: EmailId
    to: list[str]
    cc: list[str]
    subject: str
    date: str


class LabelCount(TypedDict):
    label: str
    count: int


class Event(TypedDict):
    event_id: EventId
    title: str
    summary: str  # "Team standup on 2025-08-19 at 10:00": the title with its day and start
    date: str
    start: str
    end: str
    location: str
    organizer: str
    attendees: list[str]
    my_response: str
    status: str


class EventEcho(TypedDict):
    event_id: str
    title: str
    summary: str
    date: str
    start: str
    end: str
    location: str
    organizer: str
    attendees: list[str]
    my_response: str
    status: str


class EventDetail(EventEcho):
    description: str


class Slot(TypedDict):
    date: str
    start: str
    end: str


class Today(TypedDict):
    date: str
    weekday: str
    time: str


class Session(TypedDict):
    email: str
    name: str
    unread: int


_SUMMARY_KEYS = tuple(EmailSummary.__annotations__)
_EVENT_KEYS = tuple(Event.__annotations__)


def _event_summary(row: dict) -> str:
    return f"{row['title']} on {row['date']} at {row['start']}"


def _minutes(t: str, what: str) -> int:
    m = _TIME_RE.match(t)
    if not m:
        raise ToolError(f"expected {what} as HH:MM (24-hour), got {t!r}")
    return int(m[1]) * 60 + int(m[2])


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _date(s: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        raise ToolError(f"expected {what} as YYYY-MM-DD, got {s!r}") from None


class Office(ToolEnv):
    """You are an executive assistant with access to the user's work email, calendar and address book.

    Policies:
    - Sign in with the user's email address and password before using any other tool.
    - Email ids, event ids and contact ids are internal: get them from list/search/find tools.
    - "Today" is the date get_today returns; never schedule anything in the past.
    - Do not double-book: a new or moved event (or an accepted invitation) may not overlap an
      event the user organizes or has accepted, unless the user explicitly allows the overlap.
    - Attendees and recipients must be the user's contacts (look them up with find_contact) or
      valid email addresses.
    - Deleted email cannot be replied to or forwarded. Only the organizer can reschedule or
      cancel an event; for invitations, RSVP instead.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES

    signed_in_as = state(None)
    seq = state(0)  # counts writes: drives new ids and the simulated clock

    def build(self, world: WorldScope) -> None:
        made = build_world(world)
        self._me = world.persona
        self._today = made["today"]
        self.contacts = made["contacts"]
        self.emails = made["emails"]
        self.events = made["events"]

    # --- helpers ------------------------------------------------------------------------------

    def _now(self) -> str:
        """The simulated clock: 09:00 on today plus one minute per write so far."""
        return f"{self._today}T{_hhmm(_minutes(DAY_START, 'time') + self.seq)}"

    def _new_id(self, prefix: str, table) -> str:  # noqa: ANN001
        seq = self.seq
        while True:
            seq += 1
            new = f"{prefix}{derive_seed(self.world.seed, 'office', prefix, seq) & 0xFFFFFFF:07x}"
            if new not in table:
                self.seq = seq
                return new

    def _email(self, email_id: str) -> dict:
        row = self.emails.get(email_id)
        if row is None:
            raise ToolError(f"no email with id {email_id!r}; use list_emails or search_emails to get ids")
        return row

    def _event(self, event_id: str) -> dict:
        row = self.events.get(event_id)
        if row is None:
            raise ToolError(f"no event with id {event_id!r}; use list_events or list_invitations to get ids")
        return row

    def _check_address(self, address: str, role: str) -> str:
        if _EMAIL_RE.match(address):
            return address
        names = [c["name"] for c in self.contacts.values()]
        hint = suggest(address, names)
        raise ToolError(
            f"{role} {address!r} is not a valid email address{hint}; use find_contact to look up a contact's address"
        )

    def _summary(self, row: dict) -> EmailSummary:
        return {k: row[k] for k in _SUMMARY_KEYS}  # type: ignore[return-value]

    def _event_out(self, row: dict) -> Event:
        return {k: row[k] if k != "summary" else _event_summary(row) for k in _EVENT_KEYS}  # type: ignore[return-value]

    def _blocking(self, date: str, skip: str | None = None) -> list[dict]:
        """Events on ``date`` that occupy the user's time (organized or accepted, not cancelled)."""
        return sorted(
            (
                e
                for e in self.events.values()
                if e["date"] == date
                and e["status"] == "confirmed"
                and e["my_response"] in ("organizer", "accepted", "tentative")
                and e["event_id"] != skip
            ),
            key=lambda e: e["start"],
        )

    def _check_free(self, date: str, start: int, end: int, skip: str | None, allow_overlap: bool) -> None:
        if allow_overlap:
            return
        for e in self._blocking(date, skip):
            if _minutes(e["start"], "start") < end and start < _minutes(e["end"], "end"):
                raise ToolError(
                    f"{date} {_hhmm(start)}-{_hhmm(end)} overlaps {e['title']!r} ({e['start']}-{e['end']}, "
                    f"id {e['event_id']}); pick a free slot (find_free_slots) or pass allow_overlap=true if the user agrees"
                )

    def _check_future(self, day: dt.date, start: int) -> None:
        today = dt.date.fromisoformat(self._today)
        if day < today or (day == today and start < _minutes(self._now()[11:], "time")):
            raise ToolError(f"cannot schedule in the past: it is now {self._now().replace('T', ' ')}")

    def _send(self, to: list[str], cc: list[str], subject: str, body: str, in_reply_to: str | None) -> SentEmail:
        if not to:
            raise ToolError("expected at least one recipient in 'to', got an empty list")
        to = [self._check_address(a, "recipient") for a in to]
        cc = [self._check_address(a, "cc recipient") for a in cc]
        if not subject.strip():
            raise ToolError("expected a non-empty subject")
        email_id = self._new_id("M", self.emails)
        row = {
            "email_id": email_id,
            "folder": "sent",
            "from_name": self._me["name"],
            "from_email": self._me["email"],
            "to": to,
            "cc": cc,
            "subject": subject,
            "body": body,
            "date": self._now(),
            "read": True,
            "labels": [],
            "in_reply_to": in_reply_to,
        }
        self.emails[email_id] = row
        if self._me["email"] in to or self._me["email"] in cc:
            # Mail to oneself also lands in the inbox, unread, as a real mail server delivers it.
            copy_id = self._new_id("M", self.emails)
            self.emails[copy_id] = {**row, "email_id": copy_id, "folder": "inbox", "read": False}
        return {"email_id": email_id, "to": to, "cc": cc, "subject": subject, "date": row["date"]}

    # --- session ------------------------------------------------------------------------------

    @tool(establishes="signed_in", writes=True)
    def sign_in(self, email: Annotated[str, Entity("my_email", internal=False)], password: str) -> Session:
        """Sign in to the user's office account (mail, calendar, contacts).

        Args:
            email: the user's own email address.
            password: the account password.
        """
        if email.strip().lower() != self._me["email"].lower():
            raise ToolError(f"no office account for {email!r}; sign in with the user's own address")
        if password != self._me["password"]:
            raise ToolError("wrong password; ask the user for the right one")
        self.signed_in_as = self._me["email"]
        unread = sum(1 for e in self.emails.values() if e["folder"] == "inbox" and not e["read"])
        return {"email": self._me["email"], "name": self._me["name"], "unread": unread}

    @tool(needs="signed_in", revokes="signed_in", writes=True)
    def sign_out(self) -> str:
        """Sign out of the office account."""
        self.signed_in_as = None
        return "signed out"

    @tool
    def get_today(self) -> Today:
        """Today's date, weekday and the current time (the simulated clock)."""
        now = self._now()
        return {"date": self._today, "weekday": dt.date.fromisoformat(self._today).strftime("%A"), "time": now[11:]}

    # --- contacts -----------------------------------------------------------------------------

    @tool(needs="signed_in")
    def find_contact(self, query: str) -> list[Contact]:
        """Search the address book by name, email or company (case-insensitive substring).

        Args:
            query: part of a name, an email address or a company.
        """
        q = query.strip().lower()
        if not q:
            raise ToolError("expected a non-empty query (a name, email or company)")
        return [
            dict(c)  # type: ignore[misc]
            for c in self.contacts.values()
            if q in c["name"].lower() or q in c["email"].lower() or q in c["company"].lower()
        ]

    @tool(needs="signed_in")
    def get_contact(self, contact_id: ContactId) -> ContactEcho:
        """One contact's details.

        Args:
            contact_id: the contact's id, from find_contact.
        """
        row = self.contacts.get(contact_id)
        if row is None:
            raise ToolError(f"no contact with id {contact_id!r}; use find_contact to get ids")
        return dict(row)  # type: ignore[return-value]

    # --- email: reading -----------------------------------------------------------------------

    @tool(needs="signed_in")
    def list_emails(
        self,
        folder: Literal["inbox", "sent", "archive", "trash"] = "inbox",
        unread_only: bool = False,
        limit: int = 20,
        offset: int = 0,
    ) -> list[EmailSummary]:
        """List emails in a folder, newest first.

        Args:
            folder: which folder to list.
            unread_only: only unread emails.
            limit: at most this many (1-100).
            offset: skip this many (for paging).
        """
        if not 1 <= limit <= 100:
            raise ToolError(f"expected limit between 1 and 100, got {limit}")
        if offset < 0:
            raise ToolError(f"expected offset >= 0, got {offset}")
        rows = [e for e in self.emails.values() if e["folder"] == folder and (not unread_only or not e["read"])]
        rows.sort(key=lambda e: (e["date"], e["email_id"]), reverse=True)
        return [self._summary(e) for e in rows[offset : offset + limit]]

    @tool(needs="signed_in")
    def search_emails(
        self,
        sender: str | None = None,
        subject: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        label: str | None = None,
        folder: Literal["inbox", "sent", "archive", "trash", "any"] = "any",
        limit: int = 20,
    ) -> list[EmailSummary]:
        """Search emails by sender, subject words, date range, label and folder; newest first.

        Args:
            sender: part of the sender's name or address (for sent mail: of a recipient).
            subject: words that must all appear in the subject (case-insensitive).
            date_from: earliest date, YYYY-MM-DD (inclusive).
            date_to: latest date, YYYY-MM-DD (inclusive).
            label: only emails with this label.
            folder: restrict to one folder ("any" searches every folder, trash included).
            limit: at most this many results (1-100).
        """
        if not 1 <= limit <= 100:
            raise ToolError(f"expected limit between 1 and 100, got {limit}")
        lo = _date(date_from, "date_from").isoformat() if date_from else ""
        hi = _date(date_to, "date_to").isoformat() + "T99" if date_to else "~"
        if lo > hi:
            raise ToolError(f"date_from {date_from} is after date_to {date_to}")
        s = sender.strip().lower() if sender else None
        words = subject.lower().split() if subject else []
        lab = label.strip().lower() if label else None
        out = []
        for e in self.emails.values():
            if folder != "any" and e["folder"] != folder:
                continue
            if not lo <= e["date"] <= hi:
                continue
            if s is not None:
                who = [e["from_name"], e["from_email"]] if e["folder"] != "sent" else e["to"] + e["cc"]
                if not any(s in w.lower() for w in who):
                    continue
            if words and not all(w in e["subject"].lower() for w in words):
                continue
            if lab is not None and lab not in e["labels"]:
                continue
            out.append(e)
        out.sort(key=lambda e: (e["date"], e["email_id"]), reverse=True)
        return [self._summary(e) for e in out[:limit]]

    @tool(needs="signed_in")
    def read_email(self, email_id: EmailId) -> Email:
        """The full email: recipients and body (does not mark it read; use mark_email_read).

        Args:
            email_id: the email's id, from list_emails or search_emails.
        """
        return dict(self._email(email_id))  # type: ignore[return-value]

    @tool(needs="signed_in")
    def list_labels(self) -> list[LabelCount]:
        """Every label in use, with how many emails carry it."""
        counts: dict[str, int] = {}
        for e in self.emails.values():
            for lab in e["labels"]:
                counts[lab] = counts.get(lab, 0) + 1
        return [{"label": k, "count": counts[k]} for k in sorted(counts)]

    # --- email: writing -----------------------------------------------------------------------

    @tool(needs="signed_in", writes=True)
    def send_email(self, to: list[Address], subject: str, body: str, cc: list[Address] = []) -> SentEmail:  # noqa: B006
        """Send a new email; it appears in the sent folder.

        Args:
            to: recipient addresses (look contacts up with find_contact).
            subject: the subject line.
            body: the message text.
            cc: addresses to copy.
        """
        return self._send(list(to), list(cc), subject, body, None)

    @tool(needs="signed_in", writes=True)
    def reply_email(self, email_id: EmailId, body: str, reply_all: bool = False) -> SentEmail:
        """Reply to an email (not to a deleted one).

        Args:
            email_id: the email to answer.
            body: the reply text.
            reply_all: also reply to everyone else on the email.
        """
        src = self._email(email_id)
        if src["folder"] == "trash":
            raise ToolError(f"cannot reply to email {email_id}: it was deleted (it is in the trash)")
        me = self._me["email"]
        if src["folder"] == "sent":
            to = list(src["to"])
            cc = list(src["cc"]) if reply_all else []
        else:
            to = [src["from_email"]]
            cc = [a for a in src["to"] + src["cc"] if a != me and a not in to] if reply_all else []
        subject = src["subject"] if src["subject"].lower().startswith("re:") else f"Re: {src['subject']}"
        return self._send(to, cc, subject, body, email_id)

    @tool(needs="signed_in", writes=True)
    def forward_email(self, email_id: EmailId, to: list[Address], note: str = "") -> SentEmail:
        """Forward an email (not a deleted one) with an optional note on top.

        Args:
            email_id: the email to forward.
            to: addresses to forward it to.
            note: text to put above the forwarded message.
        """
        src = self._email(email_id)
        if src["folder"] == "trash":
            raise ToolError(f"cannot forward email {email_id}: it was deleted (it is in the trash)")
        body = f"{note}\n\n---------- Forwarded message ----------\nFrom: {src['from_name']} <{src['from_email']}>\nDate: {src['date']}\nSubject: {src['subject']}\n\n{src['body']}"
        subject = src["subject"] if src["subject"].lower().startswith("fwd:") else f"Fwd: {src['subject']}"
        return self._send(list(to), [], subject, body.lstrip("\n"), email_id)

    @tool(needs="signed_in", writes=True)
    def archive_email(self, email_id: EmailId) -> EmailEcho:
        """Move an inbox email to the archive.

        Args:
            email_id: the email to archive.
        """
        row = self._email(email_id)
        if row["folder"] != "inbox":
            raise ToolError(f"email {email_id} is in {row['folder']}, not the inbox; only inbox mail can be archived")
        return self._summary(self.emails.patch(email_id, folder="archive"))

    @tool(needs="signed_in", writes=True)
    def delete_email(self, email_id: EmailId, permanently: bool = False) -> str:
        """Move an email to the trash; deleting from the trash (or permanently) removes it for good.

        Args:
            email_id: the email to delete.
            permanently: remove it for good instead of moving it to the trash.
        """
        row = self._email(email_id)
        if permanently or row["folder"] == "trash":
            del self.emails[email_id]
            return f"email {email_id} permanently deleted"
        self.emails.patch(email_id, folder="trash")
        return f"email {email_id} moved to trash"

    @tool(needs="signed_in", writes=True)
    def label_email(self, email_id: EmailId, label: str, action: Literal["add", "remove"] = "add") -> EmailEcho:
        """Add a label to an email, or remove one.

        Args:
            email_id: the email to label.
            label: the label (lower case; created on first use).
            action: add or remove the label.
        """
        row = self._email(email_id)
        lab = label.strip().lower()
        if not lab or len(lab) > 40:
            raise ToolError(f"expected a label of 1-40 characters, got {label!r}")
        labels = list(row["labels"])
        if action == "add":
            if lab in labels:
                raise ToolError(f"email {email_id} already has the label {lab!r}")
            labels.append(lab)
        else:
            if lab not in labels:
                raise ToolError(f"email {email_id} has no label {lab!r}; its labels are {labels}")
            labels.remove(lab)
        return self._summary(self.emails.patch(email_id, labels=labels))

    @tool(needs="signed_in", writes=True)
    def mark_email_read(self, email_id: EmailId, read: bool = True) -> EmailEcho:
        """Mark an email read or unread.

        Args:
            email_id: the email.
            read: true for read, false for unread.
        """
        row = self._email(email_id)
        if row["read"] == read:
            return self._summary(row)
        return self._summary(self.emails.patch(email_id, read=read))

    # --- calendar -----------------------------------------------------------------------------

    @tool(needs="signed_in")
    def list_events(self, date: str, include_cancelled: bool = False) -> list[Event]:
        """The events on one day, by start time (invitations included, with my_response).

        Args:
            date: the day, YYYY-MM-DD.
            include_cancelled: also show cancelled events.
        """
        day = _date(date, "date").isoformat()
        rows = [
            e for e in self.events.values() if e["date"] == day and (include_cancelled or e["status"] != "cancelled")
        ]
        rows.sort(key=lambda e: (e["start"], e["event_id"]))
        return [self._event_out(e) for e in rows]

    @tool(needs="signed_in")
    def get_event(self, event_id: EventId) -> EventDetail:
        """One event with its description and attendees.

        Args:
            event_id: the event's id, from list_events or list_invitations.
        """
        row = self._event(event_id)
        return {**self._event_out(row), "description": row["description"]}

    @tool(needs="signed_in")
    def list_invitations(self) -> list[Event]:
        """Upcoming invitations the user has not answered yet (my_response "needs_action")."""
        rows = [
            e
            for e in self.events.values()
            if e["my_response"] == "needs_action" and e["status"] == "confirmed" and e["date"] >= self._today
        ]
        rows.sort(key=lambda e: (e["date"], e["start"], e["event_id"]))
        return [self._event_out(e) for e in rows]

    @tool(needs="signed_in")
    def find_free_slots(
        self, date: str, duration_minutes: int, earliest: str = "09:00", latest: str = "18:00"
    ) -> list[Slot]:
        """Free windows of at least the given length between two times on a day.

        Args:
            date: the day, YYYY-MM-DD.
            duration_minutes: the meeting length needed (5-600).
            earliest: the start of the working window, HH:MM.
            latest: the end of the working window, HH:MM.
        """
        day = _date(date, "date").isoformat()
        if not 5 <= duration_minutes <= 600:
            raise ToolError(f"expected duration_minutes between 5 and 600, got {duration_minutes}")
        lo, hi = _minutes(earliest, "earliest"), _minutes(latest, "latest")
        if lo >= hi:
            raise ToolError(f"earliest {earliest} must be before latest {latest}")
        if day == self._today:
            lo = max(lo, _minutes(self._now()[11:], "time"))
        elif day < self._today:
            raise ToolError(f"{day} is in the past (today is {self._today})")
        slots: list[Slot] = []
        cur = lo
        for e in self._blocking(day):
            s, en = _minutes(e["start"], "start"), _minutes(e["end"], "end")
            if s - cur >= duration_minutes and s <= hi:
                slots.append({"date": day, "start": _hhmm(cur), "end": _hhmm(min(s, hi))})
            cur = max(cur, en)
        if hi - cur >= duration_minutes:
            slots.append({"date": day, "start": _hhmm(cur), "end": _hhmm(hi)})
        return [s for s in slots if _minutes(s["end"], "end") - _minutes(s["start"], "start") >= duration_minutes]

    @tool(needs="signed_in", writes=True)
    def create_event(
        self,
        title: str,
        date: str,
        start: str,
        end: str,
        attendees: list[Address] = [],  # noqa: B006
        location: str = "",
        description: str = "",
        allow_overlap: bool = False,
    ) -> Event:
        """Create an event the user organizes; invitations go to the attendees.

        Args:
            title: what the event is called.
            date: the day, YYYY-MM-DD (today or later).
            start: start time, HH:MM.
            end: end time, HH:MM (after start, same day).
            attendees: attendee addresses (the user's contacts via find_contact, or valid addresses).
            location: where it happens.
            description: notes for the attendees.
            allow_overlap: book even if it overlaps another event (only if the user agrees).
        """
        if not title.strip():
            raise ToolError("expected a non-empty title")
        day = _date(date, "date")
        s, e = _minutes(start, "start"), _minutes(end, "end")
        if e <= s:
            raise ToolError(f"end {end} must be after start {start}")
        self._check_future(day, s)
        people = []
        for a in attendees:
            self._check_address(a, "attendee")
            if a.lower() == self._me["email"].lower():
                continue  # the organizer is always there
            if a not in people:
                people.append(a)
        self._check_free(day.isoformat(), s, e, None, allow_overlap)
        event_id = self._new_id("E", self.events)
        row = {
            "event_id": event_id,
            "title": title,
            "date": day.isoformat(),
            "start": _hhmm(s),
            "end": _hhmm(e),
            "location": location,
            "organizer": self._me["email"],
            "attendees": people,
            "my_response": "organizer",
            "status": "confirmed",
            "description": description,
        }
        self.events[event_id] = row
        return self._event_out(row)

    def _own_upcoming(self, event_id: str, verb: str) -> dict:
        row = self._event(event_id)
        if row["organizer"] != self._me["email"]:
            raise ToolError(
                f"cannot {verb} {row['title']!r}: {row['organizer']} organizes it; use rsvp_event to answer the invitation"
            )
        if row["status"] == "cancelled":
            raise ToolError(f"event {event_id} ({row['title']!r}) is already cancelled")
        if row["date"] < self._today:
            raise ToolError(f"event {event_id} took place on {row['date']}; it cannot be changed (today is {self._today})")
        return row

    @tool(needs="signed_in", writes=True)
    def reschedule_event(
        self, event_id: EventId, new_date: str, new_start: str, new_end: str | None = None, allow_overlap: bool = False
    ) -> EventEcho:
        """Move an event the user organizes; it keeps its length unless new_end is given.

        Args:
            event_id: the event to move.
            new_date: the new day, YYYY-MM-DD.
            new_start: the new start time, HH:MM.
            new_end: the new end time, HH:MM (default: same length as before).
            allow_overlap: move it even if it overlaps another event (only if the user agrees).
        """
        row = self._own_upcoming(event_id, "reschedule")
        day = _date(new_date, "new_date")
        s = _minutes(new_start, "new_start")
        length = _minutes(row["end"], "end") - _minutes(row["start"], "start")
        e = _minutes(new_end, "new_end") if new_end is not None else s + length
        if e <= s:
            raise ToolError(f"new_end {new_end} must be after new_start {new_start}")
        if e > 24 * 60 - 1:
            raise ToolError(f"the event would run past midnight ({new_start} + {length} min); choose an earlier start")
        self._check_future(day, s)
        self._check_free(day.isoformat(), s, e, event_id, allow_overlap)
        return self._event_out(self.events.patch(event_id, date=day.isoformat(), start=_hhmm(s), end=_hhmm(e)))

    @tool(needs="signed_in", writes=True)
    def cancel_event(self, event_id: EventId) -> EventEcho:
        """Cancel an upcoming event the user organizes (attendees are notified).

        Args:
            event_id: the event to cancel.
        """
        self._own_upcoming(event_id, "cancel")
        return self._event_out(self.events.patch(event_id, status="cancelled"))

    @tool(needs="signed_in", writes=True)
    def rsvp_event(
        self, event_id: EventId, response: Literal["accepted", "tentative", "declined"], allow_overlap: bool = False
    ) -> EventEcho:
        """Answer an invitation: accept, tentatively accept or decline.

        Args:
            event_id: the invitation's event id, from list_invitations or list_events.
            response: the answer.
            allow_overlap: accept even if it overlaps another event (only if the user agrees).
        """
        row = self._event(event_id)
        if row["organizer"] == self._me["email"]:
            raise ToolError(f"the user organizes {row['title']!r}; there is no invitation to answer")
        if row["status"] == "cancelled":
            raise ToolError(f"{row['title']!r} was cancelled by {row['organizer']}")
        if row["date"] < self._today:
            raise ToolError(f"{row['title']!r} took place on {row['date']} (today is {self._today})")
        if response != "declined":
            self._check_free(
                row["date"], _minutes(row["start"], "start"), _minutes(row["end"], "end"), event_id, allow_overlap
            )
        if row["my_response"] == response:
            return self._event_out(row)
        return self._event_out(self.events.patch(event_id, my_response=response))

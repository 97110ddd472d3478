"""How a busy professional asks their assistant about mail, calendar and contacts (see envs/language.py).

Asks are what someone would type to an executive assistant; ``task`` is what the assistant
thinks it is doing; answers state what was asked for (an email's sender and text, a day's
events, the free windows, a contact's phone and email), never a dump of every field.

People and their addresses are named by the person's name ("Kristin Branch"), an email by its
subject ("the 'Invoice #59754' email"), an event by its title and when it is ("the Team standup
on 2025-08-19 at 10:00": titles repeat). The ``values`` are what people really write: short
work emails, replies, notes, event titles and labels; never lorem text.

SPEC: ``mark_email_read(read=...)`` has asks that leave the flag to the ``params`` phrases ("mark
{email_id}" + "as unread"), since an ask can not depend on a boolean's value ("mark {email_id}
as read" would be wrong for read=false). When read is left out (true), the ask says less than
one would like; per-value asks would fix it. The same holds for ``label_email``'s ``action``
(its asks that do not place ``{action}`` say "label", which is right for the default "add").
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS"]

NOUNS = {
    "email": Noun("email", named=("the {} email", "the email titled {}", "the email with the subject {}")),
    "event": Noun("event", named=("the {}", "my {}")),
    "contact": Noun("contact", named=("{}",)),
    "email_address": Noun("email address", plural="email addresses", named=("{}",)),
    "my_email": Noun("email address", plural="email addresses", named=("{}",)),
}

# Phrases are said by the user and echoed in the assistant's reasoning: no "I" or "my" in them.
_FOLDER = {
    "inbox": ("in the inbox", "from the inbox"),
    "sent": ("in the sent folder", "among the sent mail"),
    "archive": ("in the archive", "from the archive"),
    "trash": ("in the trash", "from the trash"),
}

_SUBJECTS = (
    "Quick question", "Lunch on Friday?", "Notes from today's meeting", "Budget update", "Running late",
    "Draft for review", "Schedule change", "Thanks!", "Follow-up from our call", "Client feedback", "Travel plans",
    "Out of office tomorrow", "Agenda for Monday", "Question about the invoice", "Project timeline",
    "Can we talk later?", "Slides for the board meeting", "Welcome aboard",
)
_BODIES = (
    "Can we push our meeting to 3 pm?",
    "Thanks for your help today!",
    "I've attached the latest draft; comments welcome.",
    "Are you free for a quick call this afternoon?",
    "Please send me the final numbers by Friday.",
    "I'll be out tomorrow. Reach me on my phone if anything is urgent.",
    "Running about 10 minutes late, sorry!",
    "Could you review the proposal before our meeting on Thursday?",
    "Here are my notes from the call. Let me know if I missed anything.",
    "Let's catch up next week, whenever suits you.",
    "Can you confirm the room booking for Thursday?",
    "The client approved the budget. Great work, everyone.",
    "Please add me to the invite.",
    "Do you have the slides from yesterday's presentation?",
    "Just checking in on the contract. Any news?",
    "I booked the flights; hotel details to follow.",
    "Welcome to the team! Let me know if you need anything in your first week.",
)
_REPLIES = (
    "Thanks, that works for me.",
    "Got it, I'll take a look today.",
    "Sounds good, see you then!",
    "Sorry, I can't make it. Could we do Thursday instead?",
    "Thanks for sending this over.",
    "I'll get back to you by Friday.",
    "Yes, please go ahead.",
    "Could you resend the attachment? It didn't come through.",
    "Approved.",
    "Let me check with the team and get back to you.",
    "Happy to help. Let me know if you need anything else.",
    "Count me in!",
    "Can we discuss this on our next call?",
    "Great news, thanks for the update.",
)
_NOTES = (
    "FYI",
    "See below.",
    "Can you handle this one?",
    "Thought you'd want to see this.",
    "Please take a look before our meeting.",
    "For your records.",
    "Any thoughts?",
    "Can you follow up with them?",
    "Forwarding as discussed.",
    "This is the one I mentioned.",
    "Looping you in.",
    "Please review and approve.",
)
_TITLES = (
    "Project kickoff", "Budget check-in", "Client call", "Team retro", "Interview debrief", "Offsite planning",
    "Product demo", "Training session", "Coffee chat", "Doctor's appointment", "School pickup", "Yoga",
    "1:1 catch-up", "Sales pipeline review", "Release planning", "Hiring sync", "Board meeting prep", "Focus time",
    "Vendor call", "Marketing sync", "Lunch with the design team", "Quarterly planning",
)
_LOCATIONS = (
    "Room 4A", "Room 2B", "the main boardroom", "the cafe downstairs", "my office", "the lobby", "conference room C",
    "the training room", "Zoom", "Google Meet", "the 5th floor kitchen", "Microsoft Teams",
)
_DESCRIPTIONS = (
    "Agenda: review the Q3 numbers and agree on next steps.",
    "Please bring your laptop.",
    "Dial-in details to follow.",
    "We'll go over the launch checklist.",
    "Lunch will be provided.",
    "Quick sync, no slides needed.",
    "Prep: read the proposal beforehand.",
    "Bring questions for the candidate.",
    "Let's finalize the budget.",
    "Celebrating the release!",
    "Come with your top three priorities.",
    "Parking is in the back lot.",
)
# Words people search their mail for; each appears in subjects of the simulated mailbox.
_SEARCH_WORDS = (
    "invoice", "quarterly report", "offsite", "budget", "meeting notes", "proposal", "travel plans", "receipt",
    "reminder", "hiring update", "contract renewal", "lunch", "weekly digest", "order", "slides", "follow-up",
)
_WORLD_LABELS = ("work", "finance", "travel", "personal", "receipts", "newsletters")
_NEW_LABELS = (
    "urgent", "follow up", "clients", "to read", "taxes", "projects", "hr", "expenses", "conference", "waiting",
    "reference", "team",
)

LANGUAGE = {
    "sign_in": ToolLanguage(
        task=("sign in to the office account as {email}", "log the user in with their email address and password"),
        asks=(
            "sign in as {email} with password {password}",
            "log me in to my mail with {email} and {password}",
            "use {email} and password {password} to open my office account",
            "my login is {email} / {password}; sign me in",
            "I'm {email}, password {password}, get me into my mailbox",
            "open my work account: {email}, password {password}",
            "sign into my email and calendar ({email}, {password})",
            "here's my login, {email} with {password}; sign me in",
        ),
        context=(
            "my email is {email} and my password is {password}",
            "I sign in as {email} with {password}",
            "my login is {email}, password {password}",
        ),
        answer=Answer(
            fields=("name", "unread"),
            says=(
                "You're signed in as {name}; you have {unread} unread emails.",
                "Welcome back, {name}. There are {unread} unread messages in your inbox.",
                "Signed in as {name} ({email}). {unread} emails are waiting unread.",
            ),
        ),
        kinds={"unread": "count"},
    ),
    "sign_out": ToolLanguage(
        task=("sign out of the office account",),
        asks=(
            "sign me out",
            "log out of my office account",
            "sign out of mail and calendar",
            "I'm done for the day; log me out",
            "close my session",
            "that's all, sign me off",
            "log me off my work account",
            "end my office session",
            "I'm heading home, sign me out",
        ),
        answer=Answer(says=("You're signed out.", "Done: you're logged out of mail and calendar.", "Signed out. Have a good one!")),
    ),
    "get_today": ToolLanguage(
        task=("check today's date and the time",),
        asks=(
            "what's today's date?",
            "what day is it?",
            "tell me the date and time",
            "what time is it now?",
            "which day of the week is it?",
            "remind me what day it is",
            "what's the date today?",
            "what's the date and time right now?",
        ),
        answer=Answer(
            fields=("date", "weekday", "time"),
            says=(
                "It's {weekday}, {date}, and the time is {time}.",
                "Today is {weekday} {date}; it's {time} now.",
                "{time} on {weekday}, {date}.",
            ),
        ),
    ),
    "find_contact": ToolLanguage(
        task=("look up {query} in the address book", "find the contact details of {query}"),
        asks=(
            "look up {query} in my contacts",
            "find the contact details for {query}",
            "what's {query}'s email address?",
            "do I have {query} in my address book?",
            "search my contacts for {query}",
            "what's the phone number for {query}?",
            "pull up {query}'s contact card",
            "how do I reach {query}?",
        ),
        context=("it's {query}", "the person is {query}", "I mean {query} from my contacts"),
        answer=Answer(
            each="{name} ({email}, {phone})",
            says=("Here's who matches: {items}.", "In your address book ({count} in all): {items}.", "I found these contacts: {items}."),
            empty=("No one in your contacts matches {query}.", "I couldn't find {query} in your address book."),
        ),
    ),
    "get_contact": ToolLanguage(
        task=("look up {contact_id}'s contact card",),
        asks=(
            "show me the contact card of {contact_id}",
            "open the contact for {contact_id}",
            "what's {contact_id}'s job title?",
            "where does {contact_id} work?",
            "give me {contact_id}'s details",
            "how do I reach {contact_id}?",
            "what are {contact_id}'s phone number and email?",
            "pull up the details for {contact_id}",
        ),
        context=("it's {contact_id}", "I mean {contact_id}"),
        answer=Answer(
            fields=("email", "phone", "company", "title"),
            says=(
                "{name} works at {company} ({title}); you can reach them at {email} or {phone}.",
                "{name}: {email}, {phone}, {title} at {company}.",
                "You can call {name} on {phone} or email {email}. They're with {company} as {title}.",
            ),
        ),
    ),
    "list_emails": ToolLanguage(
        task=("list the user's emails", "check the latest messages"),
        asks=(
            "show my latest emails",
            "list my emails",
            "what emails do I have?",
            "check my mail",
            "pull up my recent messages",
            "go through my mail for me",
            "let me see my messages",
            "what's come in lately?",
        ),
        context=(
            "it's in the {folder} folder",
            "it's within the latest {limit} in my mailbox",
            "it's further down the list, after the first {offset}",
            "it's one of my emails",
        ),
        params={
            "folder": _FOLDER,
            "unread_only": {True: ("that are still unread", "only the unread ones")},
            "limit": ("just the last {}", "the {} most recent"),
            "offset": ("skipping the first {}", "after the first {}"),
        },
        answer=Answer(
            each="{subject} from {from_name} ({date})",
            says=("Your mail: {items}.", "Here are the emails ({count} in all): {items}.", "This is what's there: {items}."),
            empty=("There's nothing there.", "No emails match that."),
        ),
    ),
    "search_emails": ToolLanguage(
        task=("search the mailbox", "search the user's email"),
        asks=(
            "find emails from {sender}",
            "search my mail for messages about {subject}",
            "look for emails with {subject} in the subject",
            "did {sender} email me?",
            "dig up the emails from {sender}",
            "search my mailbox",
            "find the messages labelled {label}",
            "show me everything {sender} wrote to me",
        ),
        context=(
            "it's from {sender}",
            "the subject mentions {subject}",
            "it came in on {date_from} or later",
            "it's labelled {label}",
            "it's somewhere in my mail",
        ),
        params={
            "sender": ("from {}", "sent by {}"),
            "subject": ("about {}", "with {} in the subject"),
            "date_from": ("since {}", "from {} on"),
            "date_to": ("until {}", "up to {}"),
            "label": ("labelled {}", "tagged {}"),
            "folder": {**_FOLDER, "any": ("in any folder", "across all folders")},
            "limit": ("no more than {} results", "just the first {}"),
        },
        values={"subject": _SEARCH_WORDS, "label": _WORLD_LABELS},
        answer=Answer(
            each="{subject} from {from_name} ({date})",
            says=("Matching emails: {items}.", "Here's what I found ({count} in all): {items}.", "These fit: {items}."),
            empty=("No emails match that search.", "I couldn't find anything like that in your mail."),
        ),
    ),
    "read_email": ToolLanguage(
        task=("open {email_id}", "read {email_id}"),
        asks=(
            "open {email_id}",
            "read me {email_id}",
            "what does {email_id} say?",
            "show me {email_id}",
            "what's in {email_id}?",
            "who sent {email_id}, and what does it say?",
            "let me see {email_id}",
            "read {email_id} to me",
        ),
        context=("it's {email_id}", "I mean {email_id}"),
        answer=Answer(
            fields=("from_name", "body"),
            says=(
                "{from_name} wrote on {date}, subject {subject}: {body}",
                "It's from {from_name} ({from_email}), subject {subject}. It says: {body}",
                "Here's what {from_name} sent about {subject}: {body}",
            ),
        ),
    ),
    "list_labels": ToolLanguage(
        task=("list the user's email labels",),
        asks=(
            "which labels do I use?",
            "list my email labels",
            "show my mail labels with counts",
            "how many emails are under each label?",
            "what tags are on my mail?",
            "remind me of my labels",
            "what labels have I got?",
            "list the labels I use",
        ),
        answer=Answer(
            each="{label} ({count})",
            says=("Your labels, with how many emails carry each: {items}.", "Labels in use ({count} in all): {items}.", "Here they are: {items}."),
            empty=("You have no labels yet.", "None of your emails carries a label."),
        ),
    ),
    "send_email": ToolLanguage(
        task=("email {to} with the subject {subject}", "send {to} an email saying {body}"),
        asks=(
            "email {to} with the subject {subject} saying {body}",
            "send {to} an email titled {subject}, saying {body}",
            "write to {to} about {subject} and tell them {body}",
            "send an email to {to}, subject {subject}, that says {body}",
            "shoot {to} an email with the subject {subject} saying {body}",
            "I need to email {to}: subject {subject}, message {body}",
            "compose an email to {to} titled {subject} that says {body}",
            "email {to} with the subject {subject} and the message {body}",
        ),
        params={"cc": ("and cc {}", "copying {}")},
        values={"subject": _SUBJECTS, "body": _BODIES},
        answer=Answer(
            says=(
                "Sent: {subject}, to {to}.",
                "Your email {subject} is on its way to {to}.",
                "Done, I've emailed {to}.",
            ),
        ),
    ),
    "reply_email": ToolLanguage(
        task=("reply to {email_id} saying {body}",),
        asks=(
            "reply to {email_id} saying {body}",
            "answer {email_id} with {body}",
            "write back to {email_id}: {body}",
            "respond to {email_id} and say {body}",
            "send a reply to {email_id} saying {body}",
            "hit reply on {email_id} and write {body}",
            "reply to {email_id} with {body}",
            "get back to the sender of {email_id} saying {body}",
        ),
        params={"reply_all": {True: ("and reply to everyone on it", "as a reply-all")}},
        values={"body": _REPLIES},
        answer=Answer(
            # who the reply went to is a list in the result: reported as the answer's items
            items="to",
            each="{result}",
            says=(
                "Replied to {items}: {subject}.",
                "Your reply, {subject}, went to {items}.",
                "Done, I answered {items} ({subject}).",
            ),
            empty=("Your reply, {subject}, is sent.", "Replied: {subject}."),
        ),
    ),
    "forward_email": ToolLanguage(
        task=("forward {email_id} to {to}",),
        asks=(
            "forward {email_id} to {to}",
            "send {email_id} on to {to}",
            "pass {email_id} along to {to}",
            "share {email_id} with {to}",
            "fwd {email_id} to {to}",
            "make sure {to} gets {email_id}",
            "loop {to} in on {email_id}",
            "forward {email_id} over to {to}",
        ),
        params={"note": ("with the note {}", "adding {}", "and add a note saying {}")},
        values={"note": _NOTES},
        answer=Answer(
            says=("I've forwarded it to {to} as {subject}.", "Done, {to} has it now ({subject}).", "Sent on to {to}: {subject}."),
        ),
    ),
    "archive_email": ToolLanguage(
        task=("archive {email_id}",),
        asks=(
            "archive {email_id}",
            "move {email_id} to the archive",
            "file away {email_id}",
            "get {email_id} out of my inbox but keep it",
            "put {email_id} in the archive",
            "I'm done with {email_id}; archive it",
            "archive {email_id} for me",
            "clear {email_id} out of my inbox into the archive",
        ),
        answer=Answer(
            says=(
                "Archived: {subject}.",
                "{subject} from {from_name} is in the archive now.",
                "Done, {subject} is out of your inbox and in the archive.",
            ),
        ),
    ),
    "delete_email": ToolLanguage(
        task=("delete {email_id}",),
        asks=(
            "delete {email_id}",
            "trash {email_id}",
            "get rid of {email_id}",
            "throw {email_id} away",
            "bin {email_id}",
            "remove {email_id} from my mailbox",
            "I don't need {email_id}; delete it",
            "{email_id} can go in the bin",
        ),
        params={"permanently": {True: ("for good", "permanently, skipping the trash")}},
        answer=Answer(says=("Done, {email_id} is deleted.", "Deleted {email_id}.", "I've deleted {email_id}.")),
    ),
    "label_email": ToolLanguage(
        task=("label {email_id} as {label}", "{action} the {label} label on {email_id}"),
        asks=(
            "label {email_id} as {label}",
            "tag {email_id} with {label}",
            "put the {label} label on {email_id}",
            "file {email_id} under {label}",
            "{action} the {label} label on {email_id}",
            "I want to {action} the label {label} on {email_id}",
            "give {email_id} the label {label}",
            "{email_id} should be labelled {label}",
        ),
        values={"label": _NEW_LABELS + _WORLD_LABELS},
        answer=Answer(
            says=(
                "Done, the labels on {subject} are updated.",
                "I've changed the labels on {subject} from {from_name}.",
                "Updated: {subject} has the labels you wanted now.",
            ),
        ),
    ),
    "mark_email_read": ToolLanguage(
        task=("mark {email_id}", "change the read status of {email_id}"),
        asks=(
            "mark {email_id}",
            "I want {email_id} marked",
            "have {email_id} marked",
            "flag {email_id}",
            "set {email_id}",
            "get {email_id} marked",
            "go ahead and mark {email_id}",
            "I'd like {email_id} marked",
        ),
        params={"read": {True: ("as read", "as seen"), False: ("as unread", "as not read yet")}},
        answer=Answer(
            fields=(),
            when={"read": {
                True: ("{subject} is marked as read.", "Done, {subject} from {from_name} shows as read."),
                False: ("{subject} is unread again.", "Done, {subject} from {from_name} is marked unread."),
            }},
        ),
    ),
    "list_events": ToolLanguage(
        task=("check the calendar for {date}", "list the events on {date}"),
        asks=(
            "what's on my calendar on {date}?",
            "show my meetings for {date}",
            "list my events on {date}",
            "what do I have on {date}?",
            "how busy am I on {date}?",
            "walk me through {date}",
            "pull up my schedule for {date}",
            "am I booked on {date}?",
        ),
        context=("it's on {date}", "the meeting is on {date}", "it was scheduled for {date}", "I'm talking about {date}", "it's on my calendar"),
        params={"include_cancelled": {True: ("including cancelled ones", "counting cancelled meetings")}},
        answer=Answer(
            each="{title} from {start} to {end}",
            says=("On {date} you have {items}.", "Your schedule for {date}: {items}.", "Events on {date} ({count} in all): {items}."),
            empty=("Nothing on your calendar on {date}.", "There's nothing on {date}: the day is free."),
        ),
    ),
    "get_event": ToolLanguage(
        task=("look up {event_id}", "check the details of {event_id}"),
        asks=(
            "show me the details of {event_id}",
            "who's coming to {event_id}?",
            "open {event_id}",
            "where is {event_id}?",
            "what's {event_id} about?",
            "what's the agenda for {event_id}?",
            "tell me about {event_id}",
            "pull up {event_id} for me",
        ),
        context=("it's {event_id}", "I mean {event_id}"),
        answer=Answer(
            # the attendees are the list reported; the rest of the event is in every sentence
            items="attendees",
            each="{result}",
            says=(
                "{title} is on {date}, {start} to {end} ({location}), with {items}. Notes: {description}",
                "It's {title} on {date} at {start} ({location}), organized by {organizer}; invited are {items}. Notes: {description}",
                "{title}: {date} from {start} to {end}, {location}, with {items}. {description}",
            ),
            empty=(
                "{title} is on {date}, {start} to {end} ({location}), with no one else invited. Notes: {description}",
                "It's {title} on {date} at {start} ({location}); no one else is on the invite. {description}",
            ),
        ),
    ),
    "list_invitations": ToolLanguage(
        task=("list the invitations the user hasn't answered",),
        asks=(
            "which meeting invitations haven't I answered?",
            "list my pending invites",
            "show invitations waiting for my reply",
            "do I have any open invites?",
            "what meetings am I invited to that I haven't responded to?",
            "any invitations I still need to answer?",
            "check my calendar invites",
            "show me my open invitations",
        ),
        answer=Answer(
            each="{title} on {date} at {start} (from {organizer})",
            says=("Still to answer: {items}.", "Invitations waiting for your reply ({count} in all): {items}.", "You're invited to these: {items}."),
            empty=("You're all caught up: no invitations are waiting.", "No invitations are waiting for you."),
        ),
    ),
    "find_free_slots": ToolLanguage(
        task=("find {duration_minutes} free minutes on {date}", "look for a free slot on {date}"),
        asks=(
            "when am I free for {duration_minutes} minutes on {date}?",
            "find a {duration_minutes}-minute gap in my calendar on {date}",
            "show free slots of {duration_minutes} minutes on {date}",
            "do I have {duration_minutes} minutes free on {date}?",
            "where can I fit a {duration_minutes}-minute meeting on {date}?",
            "look for {duration_minutes} free minutes on {date}",
            "when could I squeeze in {duration_minutes} minutes on {date}?",
            "find me {duration_minutes} free minutes on {date}",
        ),
        context=(
            "it needs {duration_minutes} minutes on {date}",
            "the meeting is {duration_minutes} minutes long, on {date}",
            "I need a free slot",
        ),
        params={
            "duration_minutes": ("of {} minutes",),
            "date": ("on {}",),
            "earliest": ("after {}", "no earlier than {}"),
            "latest": ("before {}", "ending by {}"),
        },
        answer=Answer(
            each="{start} to {end}",
            says=(
                "Free windows on {date}: {items}.",
                "You're free {items} on {date}.",
                "Open slots on {date}: {items}.",
            ),
            empty=("There's no {duration_minutes}-minute gap on {date}.", "{date} has no free slot that long."),
        ),
        kinds={"duration_minutes": "count", "earliest": "time", "latest": "time"},
    ),
    "create_event": ToolLanguage(
        task=("schedule {title} on {date} from {start} to {end}", "put {title} on the calendar for {date}"),
        asks=(
            "schedule {title} on {date} from {start} to {end}",
            "put {title} in my calendar on {date}, {start} to {end}",
            "book {title} for {date} from {start} until {end}",
            "add an event called {title} on {date} from {start} to {end}",
            "block {start} to {end} on {date} for {title}",
            "set up {title} on {date} between {start} and {end}",
            "I need {title} on my calendar on {date} from {start} to {end}",
            "put {title} on my calendar for {date} from {start} to {end}",
        ),
        params={
            "attendees": ("with {}", "and invite {}"),
            "location": ("with {} as the location", "location: {}"),
            "description": ("with the note {}", "and add the description {}"),
            "allow_overlap": {True: ("even if it clashes with something", "even if that means double-booking")},
        },
        values={"title": _TITLES, "location": _LOCATIONS, "description": _DESCRIPTIONS},
        answer=Answer(
            fields=("date", "start", "end"),
            says=(
                "Created {title} on {date} from {start} to {end}, inviting {attendees}.",
                "It's on your calendar: {title}, {date}, {start} to {end}, with {attendees} invited.",
                "Created {title} on {date} from {start} to {end}.",
                "{title} is booked for {date} from {start} to {end}.",
            ),
        ),
    ),
    "reschedule_event": ToolLanguage(
        task=("move {event_id} to {new_date} at {new_start}",),
        asks=(
            "move {event_id} to {new_date} at {new_start}",
            "reschedule {event_id} for {new_date} starting at {new_start}",
            "push {event_id} to {new_start} on {new_date}",
            "shift {event_id} to {new_date}, {new_start}",
            "can we do {event_id} on {new_date} at {new_start} instead?",
            "change {event_id} to start at {new_start} on {new_date}",
            "I need {event_id} moved to {new_date} at {new_start}",
            "{event_id} needs to move to {new_date} at {new_start}",
        ),
        params={
            "new_end": ("ending at {}", "until {}"),
            "allow_overlap": {True: ("even if it clashes", "even if that means a double booking")},
        },
        why=("something came up", "the room isn't free then", "half the team is out that day"),
        answer=Answer(
            fields=("date", "start"),
            says=(
                "{title} now starts on {date} at {start} (until {end}).",
                "Moved: {title} is on {date}, {start} to {end}.",
                "Done, {title} is rescheduled to {date} at {start}; the attendees are notified.",
            ),
        ),
    ),
    "cancel_event": ToolLanguage(
        task=("cancel {event_id}",),
        asks=(
            "cancel {event_id}",
            "call off {event_id}",
            "take {event_id} off the calendar and tell everyone",
            "scrap {event_id}",
            "I need to cancel {event_id}",
            "drop {event_id} from my calendar",
            "we're not doing {event_id}; cancel it",
            "{event_id} is off; cancel it",
        ),
        answer=Answer(
            says=(
                "{title} on {date} is cancelled, and the attendees have been told.",
                "Done: {title} is off the calendar.",
                "Cancelled {title} ({date} at {start}).",
            ),
        ),
    ),
    "rsvp_event": ToolLanguage(
        task=("answer the invitation to {event_id}",),
        asks=(
            "answer the invitation to {event_id}",
            "reply to the invite for {event_id}",
            "rsvp to {event_id}",
            "respond to {event_id}",
            "get back to the organizer of {event_id}",
            "send my response to {event_id}",
            "send my reply to the invite for {event_id}",
            "reply to the invitation to {event_id}",
        ),
        params={
            "response": {
                "accepted": ("and accept it", "with a yes"),
                "tentative": ("with a maybe", "as tentative"),
                "declined": ("and decline it", "with a no"),
            },
            "allow_overlap": {True: ("even if it clashes with something else", "even if that means double-booking")},
        },
        answer=Answer(
            when={"my_response": {
                "accepted": ("You've accepted {title} on {date} at {start}.", "Accepted: you're going to {title} on {date}."),
                "tentative": ("You've answered maybe to {title} on {date}.", "Marked {title} as tentative."),
                "declined": ("You've declined {title}.", "Declined: {organizer} will see you can't make {title}."),
            }},
        ),
    ),
}

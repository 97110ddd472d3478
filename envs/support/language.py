"""How a support agent asks the help desk for things, and how the assistant reports them (see envs/language.py).

The user is a support agent working their queue ("assign the ticket 'Login page times out' to
Kelly Small", "what's breaching its SLA?"). Customers and agents are said by their names,
tickets by their subjects, articles by their titles. Answers state what was asked for (a
ticket's status and owner, the time left on an SLA, who took an escalation), never a dump of
the ticket.

Asks never say a status, priority or team word (open, urgent, billing...) unless they place
that parameter: those words select an argument, so they come only from ``params`` phrases.
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS", "SCENES"]

NOUNS = {
    "customer": Noun("customer", named=("{}",)),
    "agent": Noun("agent", named=("{}",)),
    "ticket": Noun("ticket", named=("the ticket {}", "the {} ticket", "ticket {}")),
    "article": Noun("article", named=("the article {}", "the KB article {}", "{}")),
}

_STATUS = {
    "new": ("that are still new", "just the new ones"),
    "open": ("that are open", "only the open ones"),
    "pending": ("that are waiting on the customer", "just the pending ones"),
    "on_hold": ("that are on hold", "only the ones on hold"),
    "solved": ("that were solved", "only the solved ones"),
    "closed": ("that are closed", "only the closed ones"),
}
_TEAM_OF_AGENT = {
    "billing": ("on the billing team", "from billing"),
    "technical": ("on the technical team", "from tech support"),
    "accounts": ("on the accounts team", "from accounts"),
    "shipping": ("on the shipping team", "from shipping"),
    "escalations": ("on the escalations team", "who handle escalations"),
}
_TEAM_OF_TICKET = {
    "billing": ("in the billing queue", "for the billing team"),
    "technical": ("in the technical queue", "for the technical team"),
    "accounts": ("in the accounts queue", "for the accounts team"),
    "shipping": ("in the shipping queue", "for the shipping team"),
    "escalations": ("in the escalations queue", "that were escalated"),
}
_CATEGORY = {
    "billing": ("in the billing section", "about billing"),
    "technical": ("in the technical section", "from the technical docs"),
    "accounts": ("in the accounts section", "about accounts"),
    "shipping": ("in the shipping section", "about shipping"),
}
_PRIORITY = {
    "low": ("at low priority", "as low priority"),
    "normal": ("at normal priority", "as normal priority"),
    "high": ("at high priority", "as high priority"),
    "urgent": ("as urgent", "at urgent priority"),
}
_PRIORITY_FILTER = {
    "low": ("marked low priority", "of low priority"),
    "normal": ("of normal priority", "at normal priority"),
    "high": ("marked high priority", "of high priority"),
    "urgent": ("marked urgent", "that are urgent"),
}

# What an agent types for a customer's new ticket (subject and description are drawn
# independently: see the SPEC note in the report; each reads well on its own).
_SUBJECTS = (
    "Customer cannot log in after password change",
    "Invoice total doesn't match the quote",
    "Bulk import fails with a timeout",
    "Request to add five more seats",
    "Parcel delivered to the wrong address",
    "Reports page shows no data for last week",
    "Question about the annual billing discount",
    "Two-factor codes not accepted",
    "Integration with the CRM stopped syncing",
    "Request for a data export before cancellation",
    "Notification emails arrive hours late",
    "Need to change the company name on invoices",
)
_DESCRIPTIONS = (
    "Nobody on their team can sign in since yesterday afternoon. They already tried resetting passwords.",
    "The invoice is about 15% higher than the quote they signed; both documents are attached.",
    "It started after they changed their settings on Monday and it affects all of their users.",
    "They need this sorted before their board meeting on Friday.",
    "They already followed the help center article and the steps didn't work.",
    "It happens every time, in both the web app and the mobile app. Screenshots attached.",
    "They'd like an email update as soon as it's fixed.",
    "Their admin asked for this by phone and will confirm by email.",
)
_TRANSFER_REASONS = (
    "it was filed in the wrong queue",
    "their team owns this part of the product",
    "it's outside what our team can fix",
    "the customer needs someone with admin access",
    "it came in through the wrong form",
    "they have the tools to look into it",
    "the customer's real question is for them",
)
_PRIORITY_REASONS = (
    "the customer clarified the impact",
    "after reviewing the logs",
    "per my team lead",
    "to match our priority guidelines",
    "after a call with the customer",
    "the impact changed since it was filed",
    "based on the customer's contract terms",
)
_RESOLUTIONS = (
    "Walked the customer through the fix on a call and they confirmed it works now.",
    "Fixed in today's release; the customer confirmed the problem is gone.",
    "Applied the steps from the knowledge base article and verified with the customer.",
    "Reset the settings on our side and the customer confirmed everything works.",
    "The cause was on the customer's side; sent instructions and they confirmed the fix.",
    "Answered the customer's question and they're happy with the outcome.",
    "Made the requested change and emailed the customer a confirmation.",
    "Couldn't reproduce after the latest update; the customer agreed to close it.",
)
_REOPEN_REASONS = (
    "the customer says the problem is back",
    "the fix didn't work for all of their users",
    "the customer replied with new details",
    "it happened again this morning",
    "we closed it too early",
    "the customer never confirmed the fix",
)
_ESCALATION_REASONS = (
    "the customer is threatening to cancel",
    "it's been open for days with no progress",
    "several customers are affected",
    "we need an engineer to look at it",
    "it's past its SLA and the customer is upset",
    "their account manager asked us to escalate",
)
_COMMENTS = (
    "Thanks for your patience, we're looking into this now.",
    "Could you send a screenshot of the error you see?",
    "I'll update you as soon as I hear back from the team.",
    "We've identified the cause and a fix is on the way.",
    "Checked the logs, the problem started after Tuesday's deploy.",
    "Called the customer, no answer, left a voicemail.",
    "Could you confirm which browser and version you're using?",
    "Customer confirmed the workaround helps for now.",
    "Sorry for the trouble! Could you try again and let me know if it works?",
    "Waiting on engineering before I reply to the customer.",
    "Just following up: is this still an issue for you?",
    "Same root cause as the ticket we solved last week.",
)
_KB_QUERIES = (
    "refund", "two-factor", "SSO", "webhook", "invoice", "password reset", "rate limit", "damaged delivery",
    "return label", "VAT", "CSV export", "locked account", "API token", "delivery address", "seats", "payment failed",
)
_TICKET_QUERIES = (
    "webhook", "invoice", "refund", "damaged", "SSO", "login", "export", "two-factor", "VAT", "return label",
    "rate limit", "dashboard", "password reset", "overage", "in transit",
)

# Situations a help-desk agent mentions around any request (ToolEnv.scenes): neutral to every tool
# (no customer, ticket, team, status or priority word: not "new", "open", "urgent", "billing"...).
SCENES = (
    "I'm covering the queue for a colleague who's out sick",
    "our queue doubled after the last product release",
    "I've only been on the help desk for a few weeks",
    "it's the end of my shift and I want to leave things tidy",
    "my team lead is reviewing our response times this week",
    "we're short-staffed on the desk today",
    "I just got back from lunch and the inbox has exploded",
    "I'm working the weekend rotation",
    "there's an outage upstream and customers are noticing",
    "I have a one-to-one with my manager later and want my work in order",
    "we switched ticketing tools recently and I'm still getting used to this one",
    "one of our biggest customers has a contract renewal coming up",
    "I'm mentoring a trainee today, so I'm talking through everything",
    "our satisfaction scores dipped last month",
    "tonight I'm on the late shift",
    "it's been a long day of difficult calls",
    "the next shift takes over from me soon",
    "the phones have been ringing nonstop",
    "before the holidays, I'm trying to clear my backlog",
    "I work remotely and my second monitor just died",
    "our team is trying out a tidier way of working this month",
    "quality assurance is auditing some of my tickets",
    "right now I'm the only agent on shift",
    "management wants cleaner records in the system",
    "I've got a training session in half an hour",
    "I like to keep my tickets well documented",
    "honestly, it's been a rough morning on the desk",
    "we just shipped a big feature and questions are pouring in",
    "my coffee went cold ages ago, it's that kind of day",
    "I'm doing a bit of housekeeping in the help desk",
    "I'm on a call with a customer as we speak",
    "the monthly report is due and my numbers need to be right",
    "this week I'm filling in for the team lead",
    "our manager asked us to be extra careful with records today",
    "I'm still learning the house rules of this help desk",
    "it's peak season and the desk is swamped",
    "I am reviewing my caseload ahead of a performance review",
    "a demanding client has kept us on our toes all week",
    "I'm working from home on a spotty connection",
    "ugh, I've been on the phones all morning",
)

LANGUAGE = {
    "login": ToolLanguage(
        task=("log in to the help desk as {username}", "sign the agent in with their username and password"),
        asks=(
            "log me into the help desk as {username}, password {password}",
            "sign in to the ticketing system with {username} and {password}",
            "my help desk login is {username} / {password}, get me in",
            "I'm {username} and my password is {password}; log me in",
            "start my shift: sign in as {username} with the password {password}",
            "use {username} and {password} to open my help desk session",
        ),
        context=(
            "my username is {username} and my password is {password}",
            "I sign in as {username} with {password}",
            "my help desk login is {username}, password {password}",
            "the account is {username} and the password is {password}",
        ),
        answer=Answer(
            fields=("name", "open_assigned"),
            says=(
                "You're signed in as {name} on the {team} team; {open_assigned} active tickets are assigned to you.",
                "Logged in. Welcome back, {name}: you have {open_assigned} tickets in progress.",
                "You're in, {name}. {open_assigned} of your tickets still need work.",
            ),
        ),
    ),
    "logout": ToolLanguage(
        task=("log out of the help desk",),
        asks=(
            "log me out of the help desk",
            "sign out of the ticketing system",
            "my shift is over, log me out",
            "end my help desk session",
            "close my session in the ticketing tool",
            "sign me out for today",
        ),
        answer=Answer(says=("You're logged out of the help desk.", "Done, your session is closed.", "Signed out. Have a good evening.")),
    ),
    "find_customers": ToolLanguage(
        task=("find the customer {query}", "look up customers matching {query}"),
        asks=(
            "find the customer {query}",
            "look up {query} in our customers",
            "which customer is {query}?",
            "search customers for {query}",
            "pull up the customer record for {query}",
            "do we have a customer called {query}?",
            "I need to find {query} in the help desk",
        ),
        context=("the customer is {query}", "it's for {query}", "I'm working with {query}", "the customer goes by {query}"),
        params={"limit": ("just the top {}", "only {} results", "no more than {} of them")},
        answer=Answer(
            each="{name} of {company} ({tier} tier)",
            says=("I found {count} customers: {items}.", "Matches for {query}: {items}.", "Here's who matches {query}: {items}."),
            empty=("No customer matches {query}.", "I couldn't find any customer for {query}."),
        ),
        why=("they just called in", "I need their record", "they emailed us without a reference"),
    ),
    "get_customer": ToolLanguage(
        task=("look up the customer record of {customer_id}", "check {customer_id}'s account"),
        asks=(
            "pull up {customer_id}'s record",
            "what tier is {customer_id} on?",
            "how many open tickets does {customer_id} have?",
            "which company is {customer_id} with?",
            "give me the rundown on {customer_id}",
            "show me {customer_id}'s account details",
            "how long has {customer_id} been with us?",
        ),
        context=("the customer is {customer_id}", "it's about {customer_id}"),
        answer=Answer(
            fields=("company", "tier", "open_tickets"),
            says=(
                "{name} is with {company} on the {tier} tier, a customer since {customer_since}; {open_tickets} open out of {total_tickets} tickets in total.",
                "{name} of {company}, {tier} tier, has {open_tickets} open and {total_tickets} tickets in total. Email {email}, phone {phone}.",
                "{name} from {company}: {tier} tier since {customer_since}; tickets open right now: {open_tickets}.",
            ),
        ),
        kinds={"total_tickets": "count", "open_tickets": "count"},
        why=("they're on the phone with me", "I want some context before I reply", "I need to check their plan"),
    ),
    "find_agents": ToolLanguage(
        task=("look up the help desk agents", "find an agent called {query}"),
        asks=(
            "list the agents",
            "find an agent called {query}",
            "who could take a ticket right now?",
            "show me the help desk agents",
            "look up agents named {query}",
            "which of my colleagues are around today?",
            "I need to know who's on shift",
        ),
        context=("the agent is {query}", "I mean {query}"),
        params={"team": _TEAM_OF_AGENT},
        answer=Answer(
            each="{name} ({team}, {status})",
            says=("I found {count} agents: {items}.", "Here's the list: {items}.", "Agents: {items}."),
            empty=("No agent matches that.", "I couldn't find any agent like that."),
        ),
        why=("I need someone to hand this to", "a customer needs a specialist", "I'm putting together the rota"),
    ),
    "list_customer_tickets": ToolLanguage(
        task=("list the tickets of {customer_id}", "look up what tickets {customer_id} has filed"),
        asks=(
            "show the tickets of {customer_id}",
            "what tickets has {customer_id} filed?",
            "list {customer_id}'s tickets",
            "pull up everything {customer_id} has raised with us",
            "which tickets belong to {customer_id}?",
            "how many tickets does {customer_id} have with us?",
        ),
        context=("it's one of {customer_id}'s tickets", "the ticket is from {customer_id}", "{customer_id} filed it"),
        params={"status": _STATUS},
        answer=Answer(
            each="{subject} ({status}, {priority} priority)",
            says=("{customer_id} has {count} tickets: {items}.", "Tickets of {customer_id}: {items}.", "I see {count} from {customer_id}: {items}."),
            empty=("{customer_id} has no tickets like that.", "Nothing like that from {customer_id}."),
        ),
        why=(
            "they say they've reported this before",
            "I want the full picture before I call them",
            "they're asking about their earlier requests",
        ),
    ),
    "get_my_queue": ToolLanguage(
        task=("check the agent's queue", "list the tickets assigned to the agent"),
        asks=(
            "show me my queue",
            "what's assigned to me?",
            "what am I working on?",
            "list my tickets",
            "what's on my plate today?",
            "which tickets do I own?",
            "go through my queue with me",
        ),
        params={"status": _STATUS},
        answer=Answer(
            each="{subject} ({status}, due {sla_due_at})",
            says=("You have {count} tickets: {items}.", "Your queue, most urgent first: {items}.", "{count} tickets are yours: {items}."),
            empty=("Your queue is empty.", "Nothing like that is assigned to you."),
        ),
        why=("I'm starting my shift", "I want to plan my afternoon", "my lead asked for an update"),
    ),
    "get_ticket": ToolLanguage(
        task=("open {ticket_id}", "look up the details of {ticket_id}"),
        asks=(
            "open {ticket_id}",
            "show me the details of {ticket_id}",
            "what's the status of {ticket_id}?",
            "who's working on {ticket_id}?",
            "what is {ticket_id} about?",
            "pull up {ticket_id} for me",
            "where are we with {ticket_id}?",
        ),
        context=("it's about {ticket_id}", "I mean {ticket_id}"),
        answer=Answer(
            fields=("status", "priority"),
            when={"status": {
                "new": (
                    "It's {status} and nobody has it yet ({priority} priority, {team} queue). {customer_name} wrote: {description}",
                    "{customer_name}'s ticket is {status} and unassigned, {priority} priority, due {sla_due_at}. The request: {description}",
                ),
                "open": (
                    "It's {status} with {assignee_name}, {priority} priority, due {sla_due_at}. {customer_name} wrote: {description}",
                    "{assignee_name} has it; it's {status} at {priority} priority. The customer, {customer_name}, says: {description}",
                ),
                "pending": (
                    "It's {status}, waiting on {customer_name}; {assignee_name} owns it ({priority} priority). The request: {description}",
                    "{assignee_name} is waiting for {customer_name} to reply, so it's {status} ({priority} priority). {customer_name} wrote: {description}",
                ),
                "on_hold": (
                    "It's {status} with {assignee_name}, waiting on a third party ({priority} priority). {customer_name} wrote: {description}",
                    "{assignee_name} put it {status}; it's {priority} priority and due {sla_due_at}. The request: {description}",
                ),
                "solved": (
                    "It's {status} ({priority} priority); {assignee_name} resolved it: {resolution}",
                    "{assignee_name} marked it {status} on {resolved_at}, {priority} priority. Resolution: {resolution}",
                ),
                "closed": (
                    "It's {status} ({priority} priority). Resolution: {resolution}",
                    "That ticket is {status}; it was {priority} priority. Resolution: {resolution}",
                ),
            }},
        ),
        why=("the customer is asking for an update", "I need the details before I reply", "I'm picking it up from a colleague"),
    ),
    "search_tickets": ToolLanguage(
        task=("search the tickets for {query}", "look for tickets about {query}"),
        asks=(
            "search the tickets for {query}",
            "find tickets about {query}",
            "look for tickets on {query}",
            "pull up tickets about {query}",
            "any tickets about {query}?",
            "I need the tickets about {query}",
            "dig through the help desk for {query}",
        ),
        context=("the ticket was about {query}", "it mentioned {query}", "it's the one about {query}"),
        params={
            "status": _STATUS,
            "priority": _PRIORITY_FILTER,
            "team": _TEAM_OF_TICKET,
            "assignee_id": ("assigned to {}", "that {} is handling", "owned by {}"),
            "limit": ("just the latest {}", "at most {} of them", "the {} newest"),
        },
        values={"query": _TICKET_QUERIES},
        answer=Answer(
            each="{subject} ({status}, {priority})",
            says=("I found {count} tickets: {items}.", "Matching tickets: {items}.", "{count} hits: {items}."),
            empty=("No tickets match that.", "I couldn't find any ticket like that."),
        ),
        why=("I think we've seen this before", "a customer mentioned a similar problem", "I'm looking for a pattern"),
    ),
    "list_comments": ToolLanguage(
        task=("read the comments on {ticket_id}", "go through the conversation on {ticket_id}"),
        asks=(
            "show the comments on {ticket_id}",
            "read me the conversation on {ticket_id}",
            "what did the customer write on {ticket_id}?",
            "what's been said on {ticket_id} so far?",
            "pull up the thread of {ticket_id}",
            "go through the replies on {ticket_id}",
        ),
        context=("it's about {ticket_id}", "it's on {ticket_id}"),
        answer=Answer(
            each="{author_name}: {body}",
            says=("Here's the conversation on {ticket_id}: {items}.", "The conversation so far: {items}.", "On {ticket_id}, {count} so far: {items}."),
            empty=("Nobody has commented on {ticket_id} yet.", "{ticket_id} has no comments so far."),
        ),
        why=("I need to catch up on what was said", "I'm taking it over from a colleague", "the customer says they replied"),
    ),
    "check_sla": ToolLanguage(
        task=("check the SLA of {ticket_id}", "see how much time is left on {ticket_id}"),
        asks=(
            "check the SLA of {ticket_id}",
            "is {ticket_id} about to breach its SLA?",
            "how much time is left on {ticket_id}?",
            "when is {ticket_id} due?",
            "are we still within the SLA on {ticket_id}?",
            "what's the deadline for {ticket_id}?",
        ),
        context=("it's about {ticket_id}", "I mean {ticket_id}"),
        answer=Answer(
            fields=("sla_due_at",),
            when={"state": {
                "on_track": (
                    "{ticket_id} is on track: it's due {sla_due_at}, with {remaining_minutes} minutes to go.",
                    "No rush yet: {ticket_id} is due {sla_due_at} ({target_hours}-hour target), {remaining_minutes} minutes left.",
                ),
                "at_risk": (
                    "{ticket_id} is at risk: only {remaining_minutes} minutes left before it's due at {sla_due_at}.",
                    "Careful, {ticket_id} is due {sla_due_at} and has just {remaining_minutes} minutes left.",
                ),
                "breached": (
                    "{ticket_id} has breached its SLA: it was due {sla_due_at} ({target_hours}-hour target).",
                    "It's overdue. {ticket_id} should have been resolved by {sla_due_at}.",
                ),
                "met": (
                    "{ticket_id} met its SLA: it was resolved before the {sla_due_at} deadline.",
                    "That one was solved in time; it was due {sla_due_at}.",
                ),
            }},
        ),
        why=("I want to prioritise my work", "the customer is getting impatient", "my lead is watching our targets"),
    ),
    "list_sla_breaches": ToolLanguage(
        task=("list the tickets past their SLA", "check which tickets are overdue"),
        asks=(
            "which tickets are breaching their SLA?",
            "show the SLA breaches",
            "what's overdue?",
            "list the tickets past their SLA",
            "anything overdue right now?",
            "which tickets have blown their deadline?",
        ),
        params={"team": _TEAM_OF_TICKET, "limit": ("just the worst {}", "the {} most overdue", "no more than {}")},
        answer=Answer(
            each="{subject} (due {sla_due_at}, {priority} priority)",
            says=("{count} tickets are past their SLA: {items}.", "Overdue, most overdue first: {items}.", "These have breached: {items}."),
            empty=("Nothing is past its SLA.", "No SLA breaches right now."),
        ),
        why=("my lead wants a report", "I'm planning the day's priorities", "we're reviewing our targets this week"),
    ),
    "get_ticket_history": ToolLanguage(
        task=("look up the history of {ticket_id}", "check what changed on {ticket_id}"),
        asks=(
            "show the history of {ticket_id}",
            "what changed on {ticket_id}?",
            "who touched {ticket_id} and when?",
            "give me the audit trail of {ticket_id}",
            "walk me through what happened on {ticket_id}",
            "when was {ticket_id} created and what's happened since?",
        ),
        context=("it's about {ticket_id}", "I mean {ticket_id}"),
        answer=Answer(
            each="{at}: {action}, {detail} ({actor})",
            says=("{ticket_id} has {count} events: {items}.", "The history of {ticket_id}: {items}.", "Here's what happened: {items}."),
            empty=("There's no history for {ticket_id}.", "Nothing has been recorded on {ticket_id}."),
        ),
        why=(
            "I want to know who changed what",
            "the customer says it was handled differently",
            "something about it doesn't add up",
        ),
    ),
    "create_ticket": ToolLanguage(
        task=("open a ticket for {customer_id} about {subject}", "create a ticket for {customer_id} in the {team} queue"),
        asks=(
            "open a ticket for {customer_id} in the {team} queue titled {subject}, saying {description}",
            "create a ticket for {customer_id} about {subject} for the {team} team; details: {description}",
            "log a new ticket for {customer_id} with the {team} team. Subject: {subject}. Description: {description}",
            "file a ticket on behalf of {customer_id} for the {team} team, subject {subject}, description {description}",
            "I need a new {team} team ticket for {customer_id} called {subject}, with the description {description}",
            "raise a ticket for {customer_id} with the {team} team about {subject}; the customer says {description}",
        ),
        params={"priority": _PRIORITY},
        values={"subject": _SUBJECTS, "description": _DESCRIPTIONS},
        answer=Answer(
            fields=("sla_due_at",),
            says=(
                "Created the ticket {subject} for {customer_name} in the {team} queue at {priority} priority; it's due by {sla_due_at}.",
                "The new ticket is in the {team} queue, unassigned, and due {sla_due_at}.",
                "Done: {customer_name} has a new {priority} priority ticket, {subject}, due {sla_due_at}.",
            ),
        ),
        why=("the customer just called about it", "I want it on record", "it came in by phone"),
    ),
    "assign_ticket": ToolLanguage(
        task=("assign {ticket_id} to {agent_id}",),
        asks=(
            "assign {ticket_id} to {agent_id}",
            "give {ticket_id} to {agent_id}",
            "make {agent_id} the owner of {ticket_id}",
            "hand {ticket_id} to {agent_id}",
            "put {agent_id} on {ticket_id}",
            "{agent_id} should take {ticket_id}, assign it to them",
        ),
        answer=Answer(
            fields=("assignee_name", "status"),
            says=(
                "{assignee_name} has {ticket_id} now; it's {status}.",
                "Assigned {ticket_id} to {assignee_name}. Status: {status}.",
                "Done, {ticket_id} is with {assignee_name} and {status}.",
            ),
        ),
        why=("they know this area best", "I'm overloaded today", "they have more capacity right now"),
    ),
    "transfer_ticket": ToolLanguage(
        task=("move {ticket_id} to the {team} team", "transfer {ticket_id} to {team}"),
        asks=(
            "move {ticket_id} to the {team} team because {reason}",
            "transfer {ticket_id} to {team}: {reason}",
            "hand {ticket_id} over to the {team} team, since {reason}",
            "send {ticket_id} to the {team} queue. Reason: {reason}",
            "{ticket_id} belongs with the {team} team ({reason}), move it",
            "reroute {ticket_id} to {team} because {reason}",
        ),
        values={"reason": _TRANSFER_REASONS},
        answer=Answer(
            fields=("team",),
            says=(
                "Moved {ticket_id} to the {team} queue; it's unassigned there until someone picks it up.",
                "{ticket_id} is with the {team} team now, waiting for an agent.",
                "Transferred to {team}. The ticket is back to new in their queue.",
            ),
        ),
    ),
    "change_priority": ToolLanguage(
        task=("change the priority of {ticket_id} to {priority}",),
        asks=(
            "set the priority of {ticket_id} to {priority} because {reason}",
            "change {ticket_id} to {priority} priority: {reason}",
            "make {ticket_id} {priority} priority; reason: {reason}",
            "{ticket_id} should be {priority} priority ({reason})",
            "update the priority on {ticket_id} to {priority}. Reason: {reason}",
            "I want {ticket_id} at {priority} priority because {reason}",
        ),
        values={"reason": _PRIORITY_REASONS},
        answer=Answer(
            fields=("priority", "sla_due_at"),
            says=(
                "{ticket_id} is now {priority} priority; its SLA due time moved to {sla_due_at}.",
                "Priority changed to {priority}. The new deadline is {sla_due_at}.",
                "Done: {priority} priority, due {sla_due_at}.",
            ),
        ),
    ),
    "set_status": ToolLanguage(
        task=("set {ticket_id} to {status}", "change the status of {ticket_id} to {status}"),
        asks=(
            "set {ticket_id} to {status}",
            "mark {ticket_id} as {status}",
            "change the status of {ticket_id} to {status}",
            "switch {ticket_id} to {status}",
            "{ticket_id} should be {status} now, update it",
            "update the status on {ticket_id}",
        ),
        params={"status": {
            "open": ("to open", "back to open"),
            "pending": ("to pending", "as waiting on the customer"),
            "on_hold": ("to on hold", "so it shows on hold while we wait on a third party"),
        }},
        answer=Answer(
            fields=("status",),
            says=("{ticket_id} is now {status}.", "Done, the status is {status}.", "Status of {ticket_id} changed to {status}."),
        ),
        why=("I want the queue to reflect reality", "my lead reviews statuses today", "I'm tidying up my queue"),
    ),
    "resolve_ticket": ToolLanguage(
        task=("resolve {ticket_id} with the note {resolution_note}", "mark {ticket_id} as solved"),
        asks=(
            "resolve {ticket_id} with the note {resolution_note}",
            "mark {ticket_id} solved: {resolution_note}",
            "solve {ticket_id}, resolution: {resolution_note}",
            "{ticket_id} is fixed, resolve it with the note {resolution_note}",
            "wrap up {ticket_id} as solved, noting {resolution_note}",
            "record {resolution_note} as the fix and resolve {ticket_id}",
        ),
        values={"resolution_note": _RESOLUTIONS},
        answer=Answer(
            fields=("status",),
            says=(
                "{ticket_id} is {status}, with your note recorded as the resolution.",
                "Resolved. The ticket is {status} and the note is saved.",
                "Done, {ticket_id} is {status} as of {resolved_at}.",
            ),
        ),
        why=("the customer is happy now", "I'm tidying up my queue", "I'm wrapping up for the day"),
    ),
    "close_ticket": ToolLanguage(
        task=("close {ticket_id}",),
        asks=(
            "close {ticket_id}",
            "close out {ticket_id}",
            "{ticket_id} is done, close it",
            "file away {ticket_id}",
            "we can close {ticket_id} now",
            "archive {ticket_id}",
        ),
        answer=Answer(
            fields=("status",),
            says=("{ticket_id} is {status}.", "Done, {ticket_id} is {status} and read-only now.", "It's {status}."),
        ),
        why=("the customer hasn't come back", "the fix has held up", "I'm tidying up my queue"),
    ),
    "reopen_ticket": ToolLanguage(
        task=("reopen {ticket_id}",),
        asks=(
            "reopen {ticket_id} because {reason}",
            "{ticket_id} isn't fixed after all, reopen it: {reason}",
            "open {ticket_id} again since {reason}",
            "bring {ticket_id} back because {reason}",
            "reopen {ticket_id}. Reason: {reason}",
            "un-solve {ticket_id}: {reason}",
        ),
        values={"reason": _REOPEN_REASONS},
        answer=Answer(
            fields=("status",),
            when={"status": {
                "open": (
                    "Reopened {ticket_id}; it's {status} again with {assignee_name}.",
                    "{ticket_id} is {status} again and still assigned to {assignee_name}.",
                ),
                "new": (
                    "Reopened {ticket_id}; it's back in the {team} queue as {status}, unassigned.",
                    "{ticket_id} is {status} again and waiting for someone on the {team} team to take it.",
                ),
            }},
        ),
    ),
    "escalate_ticket": ToolLanguage(
        task=("escalate {ticket_id}",),
        asks=(
            "escalate {ticket_id} because {reason}",
            "send {ticket_id} to escalations: {reason}",
            "escalate {ticket_id}, reason: {reason}",
            "{ticket_id} needs escalating because {reason}",
            "get {ticket_id} in front of the escalations team since {reason}",
            "I want {ticket_id} escalated: {reason}",
        ),
        values={"reason": _ESCALATION_REASONS},
        answer=Answer(
            fields=("assignee_name",),
            says=(
                "Escalated {ticket_id}; {assignee_name} on the escalations team has it now.",
                "{assignee_name} from escalations took over {ticket_id}.",
                "Done, {ticket_id} is escalated and assigned to {assignee_name}.",
            ),
        ),
    ),
    "add_comment": ToolLanguage(
        task=("add a comment to {ticket_id} saying {body}",),
        asks=(
            "add a comment to {ticket_id} saying {body}",
            "comment on {ticket_id}: {body}",
            "write {body} on {ticket_id}",
            "post an update on {ticket_id}: {body}",
            "put {body} on {ticket_id}",
            "leave a comment on {ticket_id} that says {body}",
        ),
        params={"public": {
            True: ("as a public reply", "so the customer sees it", "visible to the customer"),
            False: ("as an internal note", "internal only", "just for the team"),
        }},
        values={"body": _COMMENTS},
        answer=Answer(
            when={"public": {
                True: ("Your reply is on {ticket_id}; the customer can see it.", "Posted a public reply on {ticket_id}."),
                False: ("Added an internal note to {ticket_id}.", "The note is on {ticket_id}, visible to agents only."),
            }},
        ),
        why=("I want a record of it", "I don't want to forget it", "my colleague will pick it up later"),
    ),
    "merge_tickets": ToolLanguage(
        task=("merge {source_ticket_id} into {target_ticket_id}",),
        asks=(
            "merge {source_ticket_id} into {target_ticket_id}",
            "{source_ticket_id} is a duplicate of {target_ticket_id}, merge them",
            "fold {source_ticket_id} into {target_ticket_id}",
            "close {source_ticket_id} as a duplicate of {target_ticket_id}",
            "treat {source_ticket_id} as a dupe of {target_ticket_id} and merge it",
            "combine {source_ticket_id} with {target_ticket_id}, keeping the second one",
        ),
        answer=Answer(
            fields=("comments_moved",),
            says=(
                "Merged {source_ticket_id} into {target_ticket_id}; {comments_moved} comments moved over and the duplicate is closed.",
                "Done: {target_ticket_id} now holds the {comments_moved} comments of {source_ticket_id}, which is closed.",
                "{source_ticket_id} is closed as a duplicate; {comments_moved} comments went to {target_ticket_id}.",
            ),
        ),
        why=("the customer wrote in twice", "it's the same problem", "I want the conversation in one place"),
    ),
    "search_articles": ToolLanguage(
        task=("search the knowledge base for {query}", "find help articles about {query}"),
        asks=(
            "find help articles about {query}",
            "search the knowledge base for {query}",
            "is there a KB article on {query}?",
            "look up our docs on {query}",
            "what do we have in the KB about {query}?",
            "pull up help articles on {query}",
        ),
        context=("the article is about {query}", "it's the one on {query}", "the topic is {query}"),
        params={"category": _CATEGORY, "limit": ("just the top {}", "only {} of them", "no more than {}")},
        values={"query": _KB_QUERIES},
        answer=Answer(
            each="{title}",
            says=("I found {count} articles: {items}.", "Articles on {query}: {items}.", "The knowledge base has {items}."),
            empty=("There's no article about {query}.", "The knowledge base has nothing on {query}."),
        ),
        why=(
            "I think we documented this",
            "the customer wants step-by-step instructions",
            "I don't want to write the answer from scratch",
        ),
    ),
    "link_article": ToolLanguage(
        task=("link {article_id} to {ticket_id}",),
        asks=(
            "link {article_id} to {ticket_id}",
            "attach {article_id} to {ticket_id}",
            "add {article_id} as a reference on {ticket_id}",
            "put {article_id} on {ticket_id}",
            "connect {ticket_id} with {article_id}",
            "reference {article_id} in {ticket_id}",
        ),
        answer=Answer(says=(
            "Linked {article_id} to {ticket_id}.",
            "{article_id} is attached to {ticket_id} now.",
            "Done, {ticket_id} references {article_id}.",
        )),
        why=("it explains the fix", "the customer asked for instructions", "it'll help whoever picks it up next"),
    ),
}

"""How people ask the team chat for things, and how the assistant reports them (see envs/language.py).

The user is an office worker in a company chat workspace: asks are what they would type to an
assistant ("message Ann Lee that I'm running late", "anything new in #design?"); people are
said by their names, channels by their names, messages by what they say. Answers state what
was asked for (who someone is, what a message says, how many are unread), never a dump of the
result.
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS", "SCENES"]

NOUNS = {
    "user": Noun("person", plural="people", named=("{}",)),
    "message": Noun("message", named=("the message {}", "the message saying {}", "the message that says {}")),
    "channel": Noun("channel", named=("#{}", "the #{} channel", "the {} channel")),
}

_LIMIT = ("just the last {}", "only the {} most recent", "no more than {}")

# Direct messages to a colleague: what people really send at work, short and long.
_DM_TEXTS = (
    "Are you free for a quick call at 3?",
    "Running about ten minutes late, start without me",
    "Can you send me the latest version of the Q3 deck?",
    "Thanks for covering for me yesterday, I owe you one",
    "The client moved our meeting to Thursday at 10",
    "Did you get a chance to look at my pull request?",
    "Lunch today? I was thinking the ramen place on 5th",
    "Heads up: the staging server is down again",
    "I just shared the budget sheet with you",
    "Can we push our 1:1 to tomorrow morning?",
    "Great presentation this morning!",
    "I'm working from home today, ping me here if you need anything",
    "Could you review the contract draft before Friday?",
    "The invoice from the printer came in higher than quoted, can we talk?",
    "Where did we land on the offsite venue?",
    "Just a reminder that timesheets are due today",
    "I left some comments on your mockups",
    "Can you add me to the release planning meeting?",
    "I'll be out on Friday, back Monday",
    "Congrats on the promotion, well deserved!",
    "The customer call went well. They want a proposal by next week, can you help me put it together?",
    "Let me know when you're back at your desk",
    "I went through the survey results last night. Mostly positive, but onboarding scores dropped again. Can we talk about it on Thursday?",
    "Do you still need the room at 2 or can I grab it?",
    "Sorry I missed your call, I was in back-to-back meetings",
    "Quick favor: can you proofread the newsletter before it goes out?",
)

_REPLY_TEXTS = (
    "Sounds good, thanks!",
    "On it, you'll have it by end of day",
    "Yes, Thursday works for me",
    "Sorry, I missed this. Sending it now",
    "Sure, 2 pm works",
    "Thanks, I'll take a look this afternoon",
    "No worries, take your time",
    "Got it, I'll update the doc",
    "I can't make it today, could we do tomorrow instead?",
    "Done, it's in the shared drive",
    "Good catch, I'll fix it before the release",
    "Count me in!",
    "Let me check with my manager and get back to you",
    "Thanks for the heads up",
    "I'm out of the office until Monday, can it wait?",
    "Yes, I approved it this morning",
    "Happy to help. Want to pair on it after lunch?",
    "Not yet, I should have it ready by Friday",
    "Perfect, see you there",
    "Could you send me the link again? I can't find it",
)

_CHANNEL_POSTS = (
    "Reminder: all-hands at 4 pm today in the main room",
    "The deploy went out, let us know if anything looks off",
    "Has anyone else seen builds timing out this morning?",
    "There's leftover pizza in the kitchen, help yourselves",
    "New mockups for the settings page are up, feedback welcome",
    "Hi all, I just joined the team. Glad to be here!",
    "Who's around for a quick sync at 11?",
    "The shared drive will be read-only tonight from 8 to 10 for maintenance",
    "Thanks all for a great quarter!",
    "I'm collecting agenda items for Friday's meeting, reply here with yours",
    "Does anyone have a spare HDMI adapter?",
    "The notes from today's meeting are in the team folder",
    "Heads up: the VPN is flaky this morning, IT is on it",
    "Quick poll: should we move the weekly sync to Tuesdays?",
    "Congrats to the support team for clearing the backlog!",
    "Please fill in the offsite survey by Wednesday",
)

_STATUS_NOTES = (
    "in meetings until 3", "out for lunch", "on vacation until Monday", "working from home today",
    "heads down on the quarterly report", "commuting", "at the dentist, back at 2",
    "focus time, replies may be slow", "at a customer site", "off sick today",
    "in the Berlin office this week", "back after the holidays", "on a call",
)

_SEARCH_WORDS = (
    "slide deck", "budget sheet", "invoice", "roadmap", "release plan", "contract draft", "expense report",
    "lunch", "1:1", "meeting summary", "test plan", "sales deck", "server", "review", "survey report",
    "onboarding doc", "Q3 report", "launch", "coffee",
)

# Situations a member of a team chat mentions around any request (ToolEnv.scenes): neutral to
# every tool (no name, channel, or presence word: active, away, busy, offline), first person.
SCENES = (
    "I've just come back from a fortnight of leave",
    "I'm working from a café today",
    "our team is in the middle of a release",
    "I started here recently and I'm still learning who's who",
    "my laptop is in for repair, so I'm on my phone",
    "it's been a hectic morning of meetings",
    "we have a big client demo coming up",
    "I manage a small team spread across time zones",
    "the notifications on my phone are driving me mad",
    "I'm covering for my manager while she's on holiday",
    "half the team is out sick",
    "I've been heads-down on a report all day",
    "I'm wrapping things up before a long weekend",
    "I'm onboarding a colleague this week",
    "we're moving most of our conversations from email to chat",
    "honestly, I've fallen behind on my messages",
    "my manager asked everyone to be more responsive on chat",
    "we're in crunch mode this month",
    "this chat app is still new to me",
    "working nights means I miss a lot during the day",
    "I'm about to go into a long workshop",
    "my team lead just changed",
    "it's the end of the quarter and everyone is pinging me",
    "I'm at a conference and catching up in the breaks",
    "our project kicked off recently and the chatter has exploded",
    "I like to keep my work chat tidy",
    "colleagues in my department come to me with their IT questions",
    "there's a reorg going on and things are confusing",
    "I'm organising a team offsite",
    "the Wi-Fi on this train keeps dropping",
    "my calendar is packed today",
    "I'm trying to spend less time in chat and more on real work",
    "as a first-time team lead, I want to stay on top of things",
    "it's my first day back after parental leave",
    "we've got an audit going on and people keep asking me things",
    "I'm typing this from the school pick-up queue",
    "I am coordinating communications for our department this week",
    "things have been quiet on my side, so I'm catching up on admin",
    "a big deadline just passed and I'm finally coming up for air",
    "ugh, so many pings today",
)

LANGUAGE = {
    "login": ToolLanguage(
        task=("sign in to the chat workspace as {username}", "log the user in with their username and password"),
        asks=(
            "log me into the chat as {username}, password {password}",
            "sign in as {username} with the password {password}",
            "my chat login is {username} / {password}, get me in",
            "I'm {username} and my password is {password}; sign me in",
            "get me into the workspace: username {username}, password {password}",
            "use {username} and {password} to log me in to the team chat",
        ),
        context=(
            "my username is {username} and my password is {password}",
            "I sign in as {username} with {password}",
            "my chat login is {username}, password {password}",
            "the account is {username} and the password is {password}",
        ),
        answer=Answer(
            fields=("name",),
            says=(
                "You're signed in as {name}.",
                "Logged in. Welcome back, {name}.",
                "I've signed you in to the workspace, {name}; your status is {status}.",
            ),
        ),
    ),
    "logout": ToolLanguage(
        task=("sign out of the chat workspace",),
        asks=(
            "log me out of the chat",
            "sign out of the workspace",
            "I'm done for the day, sign me out",
            "end my chat session",
            "close my session in the team chat",
            "log out for me",
        ),
        answer=Answer(says=("You're signed out.", "Done, you're logged out of the workspace.", "Signed out of the chat.")),
    ),
    "whoami": ToolLanguage(
        task=("check which account the user is signed in with", "look up the user's own profile"),
        asks=(
            "which account am I logged in with?",
            "who am I signed in as?",
            "show me my own profile",
            "what does my profile say about me?",
            "remind me what username I'm using here",
            "pull up my profile in the workspace",
            "what's my job title on here?",
        ),
        answer=Answer(
            fields=("name", "username"),
            says=(
                "You're signed in as {name} (username {username}), {title} in {department}.",
                "This is {name}'s account, username {username}; your status is {status}.",
                "You're {name}, username {username}, listed as {title} in {department}.",
            ),
        ),
        why=(
            "I have a couple of accounts and lose track",
            "I might be on my old account",
            "someone else used this laptop before me",
        ),
    ),
    "set_status": ToolLanguage(
        task=("set the user's status to {status}", "change the user's presence to {status}"),
        asks=(
            "set my status to {status}",
            "mark me as {status}",
            "change my presence to {status}",
            "I want my status to show {status}",
            "switch me to {status} in the chat",
            "make my status {status}",
            "could my status say {status} from now on?",
        ),
        params={"status_text": ("with the note {}", "and add the note {}", "with {} as my status message")},
        values={"status_text": _STATUS_NOTES},
        answer=Answer(
            fields=("status",),
            says=(
                "Your status is now {status}.",
                "Done: you show as {status} to everyone.",
                "I've set your presence to {status}.",
            ),
        ),
        why=(
            "my team relies on it to know where I am",
            "people keep asking whether I'm around",
            "my manager likes it kept up to date",
        ),
    ),
    "find_user": ToolLanguage(
        task=("find {name} in the workspace", "look up colleagues named {name}"),
        asks=(
            "find {name} in the workspace",
            "look up {name} in the chat",
            "is there anyone called {name} in our workspace?",
            "search for a colleague called {name}",
            "who's {name} here?",
            "I need to find {name} on the team chat",
        ),
        context=(
            "the person is {name}",
            "it's {name}",
            "I mean {name}",
            "their name is {name}",
        ),
        params={"limit": ("just the first {}", "no more than {} of them", "only {} results")},
        answer=Answer(
            each="{name} ({title}, {department})",
            says=(
                "I found {count} matching people: {items}.",
                "Matches for {name}: {items}.",
                "Here's who matches {name}: {items}.",
            ),
            empty=("Nobody in the workspace matches {name}.", "I couldn't find anyone called {name}."),
        ),
        why=("I need to get in touch with them", "I'm not sure how they spell it", "we haven't worked together before"),
    ),
    "get_user": ToolLanguage(
        task=("look up the profile of {user_id}", "check who {user_id} is and whether they're around"),
        asks=(
            "show me {user_id}'s profile",
            "who is {user_id} and what do they do?",
            "what's {user_id}'s job title?",
            "pull up the profile of {user_id}",
            "tell me about {user_id}",
            "is {user_id} around right now?",
            "which department is {user_id} in?",
        ),
        context=("it's about {user_id}", "I'm asking about {user_id}"),
        answer=Answer(
            fields=("title", "department", "status"),
            when={"is_contact": {
                True: (
                    "{name} ({title}, {department}) shows as {status}; they're one of your contacts ({email}).",
                    "{name}: {title}, {department}. Current status: {status}. You have them as a contact.",
                ),
                False: (
                    "{name} ({title}, {department}) shows as {status}; they aren't in your contacts yet ({email}).",
                    "{name}: {title}, {department}. Current status: {status}. They're not one of your contacts.",
                ),
            }},
        ),
        why=("I want to know what they do before I message them", "I need their email", "I'm not sure which team they're on"),
    ),
    "list_contacts": ToolLanguage(
        task=("list the user's contacts",),
        asks=(
            "list my contacts",
            "who's in my contact list?",
            "show everyone I have as a contact",
            "which colleagues have I saved as contacts?",
            "remind me who my contacts are",
            "how many contacts do I have?",
            "give me my contact list",
        ),
        answer=Answer(
            each="{name} ({title})",
            says=("You have {count} contacts: {items}.", "Your contacts: {items}.", "There are {count} people in your contact list: {items}."),
            empty=("Your contact list is empty.", "You haven't added any contacts yet."),
        ),
        why=("I'm tidying up my contacts", "I want to see who I can message directly", "I can't remember if I added someone"),
    ),
    "add_contact": ToolLanguage(
        task=("add {user_id} to the user's contacts",),
        asks=(
            "add {user_id} to my contacts",
            "save {user_id} as a contact",
            "make {user_id} one of my contacts",
            "put {user_id} in my contact list",
            "I'd like {user_id} in my contacts",
            "connect me with {user_id}",
        ),
        answer=Answer(
            fields=("name",),
            says=(
                "{name} is now in your contacts.",
                "Added {name} ({title}) to your contacts.",
                "Done, you can message {name} directly now.",
            ),
        ),
        why=("I want to message them directly", "we're working together on a project now", "they just joined my team"),
    ),
    "remove_contact": ToolLanguage(
        task=("remove {user_id} from the user's contacts",),
        asks=(
            "remove {user_id} from my contacts",
            "delete {user_id} from my contact list",
            "drop {user_id} from my contacts",
            "I don't need {user_id} as a contact anymore",
            "take {user_id} off my contact list",
            "we no longer work together, remove {user_id} from my contacts",
        ),
        answer=Answer(says=(
            "{user_id} is no longer in your contacts.",
            "Removed {user_id} from your contacts.",
            "Done, {user_id} is off your contact list.",
        )),
        why=("I only needed them for one project", "they left the company", "I'm trimming down my contacts"),
    ),
    "send_message": ToolLanguage(
        task=("send {receiver_id} a message saying {text}", "message {receiver_id}"),
        asks=(
            "send {receiver_id} a message saying {text}",
            "message {receiver_id}: {text}",
            "tell {receiver_id} {text}",
            "shoot {receiver_id} a quick message: {text}",
            "drop {receiver_id} a note: {text}",
            "write to {receiver_id} saying {text}",
            "I need to let {receiver_id} know {text}",
            "ping {receiver_id} with {text}",
        ),
        values={"text": _DM_TEXTS},
        answer=Answer(
            fields=("to_name",),
            says=("Sent to {to_name}.", "Your message to {to_name} is on its way.", "Done, {to_name} has your message."),
        ),
        why=("I don't want to forget to tell them", "it's quicker than a call", "they asked me to keep them posted"),
    ),
    "reply": ToolLanguage(
        task=("reply to {message_id} with {text}", "answer {message_id}"),
        asks=(
            "reply to {message_id} with {text}",
            "answer {message_id}: {text}",
            "respond to {message_id} saying {text}",
            "write back to {message_id} and say {text}",
            "send a reply to {message_id}: {text}",
            "get back to {message_id} with {text}",
        ),
        values={"text": _REPLY_TEXTS},
        answer=Answer(
            fields=("to_name",),
            says=("Replied to {to_name}.", "Your reply is on its way to {to_name}.", "Done, I answered {to_name}."),
        ),
        why=("they're waiting on me", "I haven't got back to them yet", "I don't want to leave them hanging"),
    ),
    "view_inbox": ToolLanguage(
        task=("check the user's inbox", "look at the direct messages the user received"),
        asks=(
            "check my inbox",
            "what messages did I get?",
            "show me my direct messages",
            "what's in my DMs?",
            "go through my inbox",
            "who's been messaging me?",
            "pull up the messages people sent me",
        ),
        params={
            "unread_only": {True: ("only the unread ones", "just what I haven't read yet"), False: ("read ones included", "including the ones I've already seen")},
            "limit": _LIMIT,
        },
        answer=Answer(
            each="{from_name}: {text}",
            says=("Here are your latest {count} messages: {items}.", "In your inbox: {items}.", "You have {count} here: {items}."),
            empty=("Your inbox is empty.", "There's nothing in your inbox like that."),
        ),
        why=("I've been in meetings all morning", "I'm expecting an answer from someone", "I want to catch up"),
    ),
    "view_sent": ToolLanguage(
        task=("look at the messages the user sent",),
        asks=(
            "show the messages I sent",
            "list my sent messages",
            "what did I send recently?",
            "pull up my outbox",
            "who have I messaged lately?",
            "go over what I've sent people",
        ),
        params={"limit": _LIMIT},
        answer=Answer(
            each="to {to_name}: {text}",
            says=("Your last {count} sent messages: {items}.", "Recently you wrote {items}.", "Here's what you sent: {items}."),
            empty=("You haven't sent any direct messages.", "Your sent folder is empty."),
        ),
        why=("I can't remember if I replied", "I want to check what I told them", "I think I sent something to the wrong person"),
    ),
    "read_message": ToolLanguage(
        task=("open {message_id}", "read {message_id} in full"),
        asks=(
            "open {message_id}",
            "read me {message_id}",
            "show me {message_id} in full",
            "read {message_id} out to me",
            "pull up {message_id}",
            "who sent {message_id} and when?",
        ),
        context=("it's about {message_id}", "I mean {message_id}"),
        answer=Answer(
            fields=("from_name", "text"),
            says=(
                "{from_name} wrote on {sent}: {text}",
                "It's from {from_name}, sent {sent}: {text}",
                "{from_name} sent it on {sent}. It says {text}",
            ),
        ),
        why=("it might be urgent", "I saw the notification but not the text", "I've been waiting for it"),
    ),
    "mark_all_read": ToolLanguage(
        task=("mark every message in the user's inbox as read",),
        asks=(
            "mark all my messages as read",
            "clear my unread messages",
            "mark everything in my inbox read",
            "I've seen it all, reset my unread count",
            "get rid of the unread badges on my DMs",
            "catch me up: mark my inbox as read",
        ),
        answer=Answer(
            fields=("marked",),
            says=("Marked {marked} messages as read.", "Done, {marked} unread messages are now marked read.", "Your inbox is clear: {marked} messages marked as read."),
        ),
        why=("nothing in there needs an answer", "the badge is driving me mad", "I'm starting fresh today"),
    ),
    "search_messages": ToolLanguage(
        task=("search the user's messages for {query}", "look for messages mentioning {query}"),
        asks=(
            "search my messages for {query}",
            "find messages about {query}",
            "look for {query} in my chats",
            "where did someone mention {query}?",
            "dig up the messages that talk about {query}",
            "has anyone written about {query}?",
            "I need the messages mentioning {query}",
        ),
        context=("it mentioned {query}", "the message was about {query}", "it had {query} in it"),
        params={"sender_id": ("from {}", "that {} sent", "only from {}"), "limit": ("just the latest {}", "at most {} of them")},
        values={"query": _SEARCH_WORDS},
        answer=Answer(
            each="{from_name}: {text}",
            says=("I found {count} messages: {items}.", "Messages mentioning {query}: {items}.", "{count} hits: {items}."),
            empty=("Nothing in your messages mentions {query}.", "I couldn't find any message about {query}."),
        ),
        why=("I know someone mentioned it", "I need to find what was decided", "I can't remember who said it"),
    ),
    "delete_message": ToolLanguage(
        task=("delete {message_id}",),
        asks=(
            "delete {message_id}",
            "remove {message_id} from my chats",
            "erase {message_id}",
            "get rid of {message_id}",
            "I don't want {message_id} around anymore, delete it",
            "trash {message_id}",
        ),
        answer=Answer(says=("{message_id} is deleted.", "Deleted {message_id}.", "Done, {message_id} is gone.")),
        why=("I'm cleaning up my chats", "it's been sitting there for ages", "it's no longer relevant"),
    ),
    "message_stats": ToolLanguage(
        task=("get the user's messaging statistics", "count the user's sent, received and unread messages"),
        asks=(
            "show my message statistics",
            "how many unread messages do I have?",
            "who do I message the most?",
            "give me a summary of my DM activity",
            "how busy has my inbox been?",
            "what are my chat numbers looking like?",
        ),
        answer=Answer(
            items="top_correspondents",
            each="{name} ({messages} messages)",
            fields=("received", "sent", "unread"),
            says=(
                "You've received {received} direct messages and sent {sent}; {unread} are unread. You talk most with {items}.",
                "{unread} unread out of {received} received, and {sent} sent. Your top contacts: {items}.",
                "Received {received}, sent {sent}, unread {unread}. The people you message most are {items}.",
            ),
            empty=(
                "You haven't exchanged any direct messages yet: {received} received, {sent} sent.",
                "No direct messages so far ({received} received, {sent} sent), so there's no one to rank.",
            ),
        ),
        why=("I want to see how far behind I am", "I'm curious who I talk to most", "I'm trying to cut down on chat"),
    ),
    "list_channels": ToolLanguage(
        task=("list the workspace's channels",),
        asks=(
            "list the channels",
            "which channels are there?",
            "show me all the channels in the workspace",
            "what channels could I join?",
            "give me the channel list",
            "I'd like to see every channel we have",
        ),
        answer=Answer(
            each="#{name} ({topic})",
            says=("There are {count} channels: {items}.", "Channels in the workspace: {items}.", "Here's the full list: {items}."),
            empty=("There are no channels in the workspace.", "The workspace has no channels yet."),
        ),
        why=(
            "I'm still finding my way around",
            "I'm looking for the right place to ask something",
            "I want to see what's out there",
        ),
    ),
    "join_channel": ToolLanguage(
        task=("join {channel_id}",),
        asks=(
            "join {channel_id}",
            "add me to {channel_id}",
            "sign me up for {channel_id}",
            "I want to be in {channel_id}",
            "get me into {channel_id}",
            "subscribe me to {channel_id}",
        ),
        answer=Answer(
            fields=("name",),
            says=("You're in #{name} now, with {members} members.", "Joined #{name}.", "Done, you're a member of #{name} ({topic})."),
        ),
        why=("my team talks there", "I want to follow the discussion", "my manager wants me in there"),
    ),
    "leave_channel": ToolLanguage(
        task=("leave {channel_id}",),
        asks=(
            "leave {channel_id}",
            "get me out of {channel_id}",
            "unsubscribe me from {channel_id}",
            "I don't want to be in {channel_id} anymore",
            "take me off {channel_id}",
            "quit {channel_id} for me",
        ),
        answer=Answer(says=("You've left {channel_id}.", "Done, you're no longer in {channel_id}.", "Left {channel_id}.")),
        why=("it's too noisy for me", "I'm not on that project anymore", "I'm trying to cut down on notifications"),
    ),
    "read_channel": ToolLanguage(
        task=("read the latest posts in {channel_id}", "catch up on {channel_id}"),
        asks=(
            "show the latest posts in {channel_id}",
            "what's happening in {channel_id}?",
            "read {channel_id} for me",
            "catch me up on {channel_id}",
            "anything new in {channel_id}?",
            "what have people been saying in {channel_id}?",
        ),
        context=("it was posted in {channel_id}", "it's in {channel_id}"),
        params={"limit": ("just the last {}", "only the {} newest posts", "the latest {}")},
        answer=Answer(
            each="{from_name}: {text}",
            says=("Latest in {channel_id}: {items}.", "The last {count} posts in {channel_id}: {items}.", "Here's what's new in {channel_id}: {items}."),
            empty=("Nobody has posted in {channel_id} yet.", "{channel_id} is quiet, no posts there."),
        ),
        why=(
            "I haven't looked at it in a while",
            "I missed the discussion this morning",
            "I want to catch up before the meeting",
        ),
    ),
    "post_to_channel": ToolLanguage(
        task=("post {text} in {channel_id}", "share a message in {channel_id}"),
        asks=(
            "post {text} in {channel_id}",
            "write in {channel_id}: {text}",
            "announce in {channel_id}: {text}",
            "share this in {channel_id}: {text}",
            "put a message in {channel_id} saying {text}",
            "let {channel_id} know {text}",
            "I want to post {text} to {channel_id}",
        ),
        values={"text": _CHANNEL_POSTS},
        answer=Answer(says=("Posted in {channel_id}.", "Your message is up in {channel_id}.", "Done, it's posted to {channel_id}.")),
        why=("everyone there needs to know", "it's easier than messaging people one by one", "my manager asked me to share it"),
    ),
}

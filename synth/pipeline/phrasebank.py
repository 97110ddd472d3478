"""Words around a request: frames, openers, closers, connectors, asides, and common facts.

The user's voice (:mod:`.noise`) draws from these. They are many and unlike each other on
purpose: a dataset of thousands of requests shows every phrase that recurs, and a model trained
on it learns the recurrence (BFCL's human-written multi-turn queries share few word 3-grams:
distinct-3 0.88). Frames keep the assistant as the one who acts ("can you X", never "help me
X", which would make the user the actor).

``CREDENTIALS`` states common login facts (a username and a password, an email and a zip code)
in many forms, mixed with each tool's own ``context`` phrases, since nearly every conversation
starts with them.
"""

from __future__ import annotations

__all__ = ["FRAMES", "QUESTION_LEADS", "OPENERS", "ASIDES", "CLOSERS", "CONNECTORS", "CREDENTIALS"]

# Frames around an imperative clause: {q} keeps its lower-case start, {Q} is capitalised.
FRAMES = {
    "plain": (
        "{Q}.", "Please {q}.", "Can you {q}?", "I'd like you to {q}.", "Could you {q}?", "I need you to {q}.", "{Q}, please.",
        "Go ahead and {q}.", "Would you {q}?", "Can I get you to {q}?", "I'd appreciate it if you could {q}.", "Please {q} for me.",
        "{Q} when you get a chance.", "Could you go ahead and {q}?", "I was wondering if you could {q}.",
        "Are you able to {q}?", "If you can, {q}.", "Next up: {q}.", "What I need is for you to {q}.", "It'd help if you could {q}.",
        "Can you please {q}?", "Let's {q}.", "{Q} if that's possible.", "Is it possible to {q}?",
        "Could you take care of this: {q}?", "I'd like to ask you to {q}.", "Please handle this: {q}.", "Could I ask you to {q}?", "When you have a moment, {q}.", "Would it be okay to {q}?", "I need this done: {q}.", "Can you sort this out: {q}?", "Do you think you could {q}?", "Here's the task: {q}.", "Could you do me a favor and {q}?", "My request: {q}.", "Right now I need you to {q}.", "Can you go ahead and {q}?", "Would you please {q}?", "I'm asking you to {q}."),
    "casual": (
        "{Q}.", "Can you {q}?", "{Q}, thanks.", "Could you {q} for me?", "Hey, {q}?", "{Q} real quick.", "Can ya {q}?", "Need you to {q}.",
        "{Q} pls.", "{Q}?", "Could ya {q}?", "Just {q}.", "Gotta {q}, can you do that?", "Mind if we {q}?", "{Q} for me, would ya?",
        "Yo, {q}.", "Ok so {q}.", "Lemme get you to {q}.", "Can u {q}?", "{Q}, cheers.", "Go on and {q}.", "Wanna {q} for me?",
        "Quick favor: {q}.", "{Q} when you can.",
        "{Q}, if you can.", "Mind doing this: {q}?", "Can you just {q}?", "So, {q}?", "Do me a solid and {q}.", "{Q} for me pls.", "Hey can you {q} real fast?", "Gonna need you to {q}.", "You think you can {q}?", "{Q}, ty!", "Lemme ask: can you {q}?", "{Q} when u get a sec.", "Help a friend out and {q}.", "{Q}, would be great."),
    "formal": (
        "Could you please {q}?", "I would like you to {q}.", "Would you kindly {q}?", "Please {q}.", "I would be grateful if you could {q}.",
        "May I ask you to {q}?", "Kindly {q}.", "I'd like to request that you {q}.", "Would it be possible to {q}?",
        "Please be so kind as to {q}.", "I would appreciate it if you would {q}.", "I must ask you to {q}.", "Would you be so good as to {q}?",
        "At your earliest convenience, please {q}.", "I hereby ask you to {q}.", "It would be most helpful if you could {q}.",
        "I should like you to {q}.", "Might you {q}?", "I request that you {q}.", "Please proceed to {q}.",
        "I would kindly ask you to {q}.", "Could you be so kind as to {q}?", "I am writing to ask you to {q}.", "Would you be willing to {q}?", "I would be obliged if you could {q}.", "Kindly arrange to {q}.", "Please see that you {q}.", "It would be appreciated if you could {q}.", "I hereby request that you {q}.", "May I trouble you to {q}?"),
    "terse": ("{Q}.", "{Q}", "{q}", "Need you to {q}.", "{Q} now.", "{Q}, asap.", "{q}.", "{Q}. Thanks.", "{Q}. Go.", "{q} pls",
              "{Q}. Quick.", "Task: {q}.", "{Q}, thx.", "{Q}, now.", "Do it: {q}.", "{Q}. ASAP.", "Pls {q}.", "{Q}. That's all.", "Just {q}."),
    "chatty": (
        "So, could you {q}?", "I was hoping you could {q}.", "Would you be able to {q}?", "Can you {q} for me?", "Okay so I need you to {q}.",
        "If it's not too much trouble, could you {q}?", "I've been meaning to ask: could you {q}?", "Any chance you could {q}?",
        "Here's what I need: {q}.", "Could you help me out and {q}?", "So here's the thing, I need you to {q}.",
        "Oh, and while I remember, could you {q}?", "This is going to sound silly, but can you {q}?", "Would you be a star and {q}?",
        "I finally got around to this, so could you {q}?", "Okay, deep breath: please {q}.", "You know what would make my day? If you could {q}.",
        "I keep putting this off, so can you {q}?", "If you have a second, {q}.", "Right, so, {q}, if you can.",
        "Okay, so, could you {q}? That would be amazing.", "I have a little favor to ask: could you {q}?", "Sorry to bother you again, but could you {q}?", "Would you mind terribly if I asked you to {q}?", "If you're not too busy, could you {q}?", "Oh, and could you {q}? I almost forgot.", "So I was thinking, could you {q}?", "Could you do me a huge favor and {q}?", "I'd love it if you could {q}.", "Pretty please, {q}?"),
}

QUESTION_LEADS = {
    "plain": ("", "", "Quick question: ", "Could you tell me: ", "One thing: ", "I'm curious: "),
    "casual": ("", "Hey, ", "So ", "Quick q: ", "Ok, ", "Random q: "),
    "formal": ("", "I have a question: ", "Could you tell me the following: ", "I would like to know: ", "If I may ask: "),
    "terse": ("",),
    "chatty": ("", "I was wondering, ", "Okay, question for you: ", "Hmm, ", "So I'm curious, ", "Silly question, but "),
}

OPENERS = {
    "plain": ("Hi.", "Hello.", "Hi!", "Hi there.", "Hello!", "Hey.", "Hi, it's me again.", "Morning.", "Afternoon."),
    "casual": ("Hey!", "Hey there,", "Hi, quick one:", "Hiya.", "Yo,", "Heya!", "Hey hey.", "Sup.", "Ok hi.", "Oi!"),
    "formal": ("Hello.", "Good morning.", "Good afternoon.", "Dear assistant,", "Good evening.", "Greetings.", "Hello, I hope you are well."),
    "terse": (),
    "chatty": ("Hi! Hope your day is going well.", "Hello again!", "Hey, how are you?", "Hi hi!", "Morning! Hope you slept well.",
               "Oh hello! You again.", "Hi there, happy Friday!", "Hey! Long time no see."),
}

CLOSERS = {
    "plain": ("Thanks.", "Thank you.", "Thanks a lot.", "Thank you!", "Much appreciated.", "Thanks in advance.", "Thanks for the help."),
    "casual": ("Thanks!", "Cheers!", "Appreciate it.", "Thx!", "You rock.", "Ta!", "Legend.", "Cheers mate.", "Thanks a ton!", "Nice one."),
    "formal": ("Thank you in advance.", "Many thanks.", "I appreciate your help.", "Thank you kindly.", "With thanks.", "Regards.",
               "I am grateful for your assistance."),
    "terse": ("Thx.", "Ty."),
    "chatty": ("Thanks so much!", "You're a lifesaver.", "Thanks a bunch!", "Thank you, you're the best!", "Really appreciate it!",
               "What would I do without you!", "You're a gem, thank you!", "Honestly, thank you!"),
}

CONNECTORS = {
    "plain": ("Next, ", "Also, ", "Now ", "Great. Now ", "OK, ", "One more thing: ", "Then ", "Alright, ", "Thanks. Next, ", "Good. Now ",
              "Another thing: ", "After that, ", "Okay, and ", "That's helpful. Now ", "Right. ", "Moving on, "),
    "casual": ("Cool, now ", "Nice. Also ", "Ok next ", "Sweet. ", "Awesome, now ", "Also ", "Oh and ", "Perfect, now ", "K, ", "Sick. Now ",
               "Neat. Next ", "Alright alright, ", "Dope. "),
    "formal": ("Thank you. Next, ", "Additionally, ", "Furthermore, ", "Very good. Now ", "Next, ", "In addition, ", "Excellent. Now ",
               "Thank you for that. ", "Further to that, ", "Subsequently, "),
    "terse": ("Next: ", "Now ", "Also ", "Then ", "", "And ", "Next "),
    "chatty": ("Oh great, thanks! Now ", "Perfect! Next, ", "Lovely. Also, ", "Okay, next thing: ", "Brilliant. Now ", "Thank you! Also, ",
               "Ooh nice. Now ", "Amazing, that helps. Next, ", "Yay. Okay, ", "You're on a roll! Now "),
}

ASIDES = (
    "I'm between meetings, so quick is good.", "My coffee went cold while I figured this out.", "This is for a project I'm wrapping up this week.",
    "It has been a long day.", "My manager asked me to sort this out today.", "I'm on my phone, sorry for the short message.",
    "The weather here is terrible, by the way.", "I've been meaning to do this since Monday.", "I'm trying to clear my to-do list before the weekend.",
    "My cat just walked across the keyboard, ignore any weirdness.", "The wifi on this train keeps dropping.", "I'm doing this from the airport lounge.",
    "Sorry if I'm slow to reply, the kids are home.", "Finally got a quiet moment to deal with this.", "I keep forgetting to do this.",
    "My sister reminded me about this yesterday.", "It's been one of those weeks.", "I'm multitasking, bear with me.", "Just got back from a run.",
    "I'm sitting in a parking lot waiting for my kid.", "Lunch break, so I have ten minutes.", "This should have been done last week, honestly.",
    "Writing this with one hand, holding a baby in the other.", "The dog wants a walk, so let's be fast.", "Power's flickering here, storm outside.",
    "New laptop, still getting used to the keyboard.", "I'm in a queue at the post office.", "Half asleep still, forgive me.",
    "Our team offsite starts tomorrow.", "I'm cooking dinner while typing this.", "My accountant keeps nagging me about this.",
    "Just landed, still on the plane.", "I promised my partner I'd handle this tonight.", "The kids are finally asleep.",
    "My neighbour is drilling again, can barely think.", "I'm at the gym between sets.", "Bit of a hectic morning over here.",
    "Just back from holiday, catching up on everything.", "Reception is bad in this building.", "I'm on a call, so I'm typing quietly.",
    "Sorry, autocorrect is fighting me today.", "The train is delayed again, so I've got time.", "My calendar is a mess this week.",
    "First thing on my list this morning.", "I'm at my desk with a huge pile of emails.", "Friday afternoon energy, sorry.",
    "My brother asked me to handle this for the family.", "Doing some weekend admin.", "I'm on the couch with a cold.",
    "This has been bugging me all day.", "It's raining so I'm staying in and sorting stuff out.", "Waiting for the kettle to boil.",
    "I have a dentist appointment in twenty minutes.", "Battery at 4%, need to be quick.", "Quiet night shift, figured I'd get this done.",
    "I'm at a cafe, the music is loud.", "Trying to be more organised this month.", "My therapist says I should stop procrastinating.",
    "Can't sleep, so doing chores.", "On the bus home.", "Getting ready for a trip next week.", "Just finished a big presentation.",
    "I'm helping my mum set things up.", "Taking a short break from studying.", "Sorry, long week.", "Blame the jet lag for any typos.",
    "My boss is breathing down my neck about this.", "Doing this before my shift starts.", "The baby just went down for a nap.",
    "It's my day off but here we are.", "Sitting in the waiting room at the vet.", "Hope this is the last thing today.",
    "I just moved, so everything is chaos.", "Grocery shopping right after this.", "I'm on my tablet, the screen is tiny.",
    "The office printer is broken again, unrelated.", "Using voice typing, hope it comes out right.", "I'm behind on everything this week.",
    "Quick one before the school run.", "My flatmate keeps asking me about this.", "Having my morning tea.", "I'm at the hospital with my dad, just keeping busy.",
    "Haven't had lunch yet, so be gentle.", "I've got guests coming over in an hour.", "Sunday chores, you know how it is.",
    "I only have a minute before my next class.", "Finally remembered the thing I was supposed to do.", "The heating is broken and it's freezing.",
    "I'm a bit all over the place today.", "Just got home from work.", "Watching the game while I do this.", "Trying to get ahead for next week.",
)

# Login facts, said many ways (mixed with each tool's own context phrases).
CREDENTIALS = {
    frozenset({"username", "password"}): (
        "my username is {username} and my password is {password}", "I'm {username}, password {password}",
        "login: {username} / {password}", "you can sign in as {username} with {password}", "username {username}, pw {password}",
        "the account is {username} and the password's {password}", "creds are {username} and {password}",
        "{username} is my username, {password} the password", "use {username} and {password} to get in",
        "sign in with {username} (password {password})", "my handle is {username}; password {password}",
        "I go by {username} there, and the password is {password}", "the login is {username}, pass {password}",
        "it's {username} with password {password}", "account {username}, password {password}",
    ),
    frozenset({"email", "password"}): (
        "my email is {email} and my password is {password}", "log in with {email} / {password}", "I use {email}, password {password}",
        "the account email is {email}, password {password}", "sign in as {email} with {password}", "email {email}, pw {password}",
    ),
    frozenset({"email", "zip_code"}): (
        "my email is {email} and my zip is {zip_code}", "I'm {email}, zip code {zip_code}", "the account's under {email}, zip {zip_code}",
        "you'll find me by {email} and {zip_code}", "email {email}, postcode {zip_code}", "look me up with {email} and the zip {zip_code}",
    ),
}

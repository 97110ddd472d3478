"""How a bank's customer asks for things, and how the assistant reports them (see envs/language.py).

Asks are what a retail-bank customer would type to an assistant working their online banking;
``task`` is what the assistant thinks it is doing; answers state what the customer asked for (a
balance, what a payment left in the account, the new limit), never a dump of every field.

Writing notes:
- An id placeholder is a whole noun phrase: ``{account_id}`` is "my Everyday Checking" or "that
  account", ``{payee_id}`` is "PG&E" or "that payee", ``{card_id}`` is "my Visa credit card",
  ``{code}`` (the one-time code, which has no label) is "that security code".
- The one-time code comes from ``read_security_code``, never from the customer, so the OTP tools'
  phrasings are neutral about it and ``request_otp``'s asks never say the channel (a text or an
  e-mail): ``channel`` is said through its phrases only.
- Amounts are money, ``date`` a date; ``month`` (YYYY-MM) is said as the value ("for 2025-04"),
  so asks put it after "for"/"in", where a month name reads as well.
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

from .data import MERCHANTS, UTILITIES

__all__ = ["LANGUAGE", "NOUNS", "SCENES"]

NOUNS = {
    "account": Noun("account", named=("my {}", "my {} account", "the {} account")),
    "payee": Noun("payee", named=("{}",)),
    "card": Noun("card", named=("my {}", "the {}")),
    "transaction": Noun("transaction", named=("the {} charge", "my {} purchase", "the charge from {}")),
    "scheduled_payment": Noun(
        "scheduled payment",
        named=("the scheduled payment to {}", "my upcoming payment to {}", "the {} payment"),
    ),
    "dispute": Noun("dispute", named=("my dispute with {}", "the {} dispute")),
    "otp_code": Noun("security code", named=("the code {}",)),
}

# Searches a customer types: merchants and payees as they appear on a statement (every one of
# them is in every world's history), in the case people type them.
_QUERIES = (
    *(m for names, _lo, _hi in MERCHANTS.values() for m in names[:3]),
    *UTILITIES,
    "rent", "payroll", "interest", "uber", "amazon", "starbucks",
)

# Notes on a transfer between the customer's own accounts.
_TRANSFER_MEMOS = (
    "rainy day fund", "summer trip", "car repair", "tax savings", "holiday gifts", "emergency fund top-up",
    "new laptop", "moving costs", "paying off the card", "wedding in June", "house deposit",
    "monthly savings", "back to checking", "vet bill", "school fees", "ski weekend",
)

# References a payee sees on a payment.
_PAYMENT_MEMOS = (
    "April rent", "Invoice 2291", "dinner last Friday", "concert tickets", "half of the utilities",
    "water bill", "thanks for covering lunch", "book club dues", "cabin deposit", "piano lessons",
    "Account 448812", "birthday gift", "babysitting Saturday", "Policy 77-3041", "plumbing repair",
    "gym membership", "ref 55120", "carpool gas money",
)

# A dispute's explanation, written to fit every reason. SPEC: values cannot depend on another
# argument (details written for reason="duplicate"), so these are reason-neutral.
_DISPUTE_DETAILS = (
    "I have the receipt if you need it",
    "the merchant won't answer my emails",
    "I already called the store twice",
    "the store told me to contact my bank",
    "please keep me posted by email",
    "I noticed it on my statement this morning",
    "the shop said a refund would take a week, and it never came",
    "I've attached nothing yet but can send screenshots",
    "this happened while I was traveling",
    "my partner and I both checked and neither of us recognises the amount",
    "I asked for a refund on the spot and was turned down",
    "it's the second time this has happened with them",
    "the charge appeared after I cancelled",
    "I'd like the money back on my card",
)

# New payees: businesses and services people pay by bank transfer.
_PAYEE_NAMES = (
    "Green Valley Landscaping", "Bright Smiles Dental", "Riverside Music School", "Harbor Auto Repair",
    "Maple Street Daycare", "Oakwood Tennis Club", "Summit Property Management", "Clearwater Plumbing",
    "Northside Pediatrics", "Blue Door Cleaning Co", "Lakeview HOA", "Pine Hill Veterinary Clinic",
    "City Tax Office", "Evergreen Insurance", "Sunrise Yoga Studio", "Hilltop Roofing",
)

# Short names a customer gives a payee.
_NICKNAMES = (
    "Landlord", "Mom", "Dentist", "Piano lessons", "Babysitter", "Gym", "Cleaner", "Car loan",
    "Sis", "Tennis club", "Daycare", "Garden guy", "Vet", "HOA", "Plumber", "Insurance",
)

_MEMO = ("with the note {}", "and add the memo {}", "with {} in the memo")
_REFERENCE = ("with the reference {}", "and put {} as the reference", "with {} in the memo")

# Situations a bank customer mentions around any request (ToolEnv.scenes): neutral to every tool
# (no amount, date, account type, card, payee or merchant; no "phone", "email" or "once", which
# pick how a code or a payment goes), first person.
SCENES = (
    "I'm trying to get my finances in order this year",
    "payday was yesterday and I like to sort things out straight away",
    "we just moved in together and are figuring out our shared bills",
    "I'm saving up for a place of my own",
    "my partner usually handles the banking",
    "I've started using this app instead of going to the branch",
    "until the end of the month I'm on a tight budget",
    "as a freelancer, I get paid at odd times",
    "I had a scare with a phishing message recently",
    "my accountant wants my paperwork in order",
    "I'm planning a big purchase soon and want to be careful",
    "my local branch closed, so I do everything online now",
    "we're saving for a wedding",
    "I've just started my first job",
    "it's the start of the month and the bills are coming in",
    "these days I'm keeping a closer eye on my spending",
    "I'm abroad at the moment and doing my banking from the hotel",
    "I've banked here for years but rarely use the app",
    "my partner and I are setting up a household budget",
    "money has been a bit tight lately",
    "I'm a student and every penny counts",
    "tax season is coming and I want to be ready",
    "we're renovating the kitchen and the costs keep piling up",
    "I'm trying to pay off my debts faster",
    "I run a small side business from my spare room",
    "honestly, online banking still makes me nervous",
    "my ex and I are untangling our finances",
    "I'd rather do this with you than click through the app",
    "having just got back from holiday, I'm catching up on money stuff",
    "my financial adviser suggested I check in more often",
    "I'm between jobs at the moment, so I'm careful with money",
    "the baby is due soon and we're getting our finances ready",
    "I am reviewing my finances as part of my year-end routine",
    "I've been meaning to sort this out for weeks",
    "I'm sitting down with a cup of tea to do my finances",
    "the cost of living keeps climbing and I'm rethinking how I handle money",
    "ugh, money admin is my least favourite chore",
    "my parents taught me to check my bank every week",
    "a friend of mine got scammed, so I'm being extra careful",
    "we're planning a family trip and budgeting for it",
)

LANGUAGE = {
    # --- sign-in -------------------------------------------------------------------------------
    "login": ToolLanguage(
        task=("log in to online banking as {username}", "sign in to the bank with the customer's username and password"),
        asks=(
            "log me into my bank: username {username}, password {password}",
            "sign in to online banking as {username} with the password {password}",
            "my bank login is {username} / {password}, get me in",
            "I'm {username} and my password is {password}; log me in to the bank",
            "start my online banking session, user {username}, password {password}",
            "open my banking with {username} and {password}",
            "get me signed in to the bank ({username}, {password})",
        ),
        context=(
            "my username is {username} and my password is {password}",
            "I bank online as {username} with the password {password}",
            "my bank login is {username}, password {password}",
            "sign in as {username} / {password} first",
        ),
        answer=Answer(
            says=(
                "Your username and password are accepted; the bank wants a one-time security code next.",
                "Password accepted for {username}. To finish signing in, the bank needs a one-time code.",
                "The first step worked: {username} is recognised, and a security code comes next.",
            ),
        ),
    ),
    "request_otp": ToolLanguage(
        task=("ask the bank for a one-time sign-in code", "request a security code for the second sign-in step"),
        asks=(
            "send me a one-time code to finish signing in",
            "request a security code for my bank login",
            "I need a verification code to get into my account",
            "get the bank to send me a sign-in code",
            "ask for a new one-time passcode",
            "have the bank send a fresh security code",
            "trigger the two-step verification code",
        ),
        params={
            "channel": {
                "sms": ("by text message", "to my phone", "as a text"),
                "email": ("by email", "to my inbox", "as an email"),
            },
        },
        answer=Answer(
            fields=("sent_to",),
            when={"channel": {
                "sms": (
                    "The bank texted a one-time code to {sent_to}; it's good for {expires_in_seconds} seconds.",
                    "A security code is on its way by text to {sent_to}.",
                    "I've requested a code; it went to {sent_to} and expires in five minutes.",
                ),
                "email": (
                    "The bank emailed a one-time code to {sent_to}; it's good for {expires_in_seconds} seconds.",
                    "A security code is on its way to {sent_to}.",
                    "I've requested a code by email ({sent_to}); it expires in five minutes.",
                ),
            }},
        ),
        why=("the bank asks for one", "my last code expired", "I'm signing in from a new device"),
    ),
    "read_security_code": ToolLanguage(
        task=("read the security code the bank just sent", "get the one-time code from the bank's message"),
        asks=(
            "read me the code the bank just sent",
            "what's the security code the bank sent me?",
            "check my phone for the bank's verification code",
            "get the one-time code from the bank's text",
            "what code did the bank send?",
            "look up the latest sign-in code from the bank",
            "find the passcode in the bank's message",
        ),
        answer=Answer(
            fields=("code",),
            says=(
                "The latest code from the bank is {code}.",
                "The bank's message to {sent_to} says your code is {code}.",
                "Your one-time security code is {code}; it expires in five minutes.",
            ),
        ),
        why=("I don't want to dig through my messages", "I'm in the middle of signing in"),
    ),
    "verify_otp": ToolLanguage(
        task=("finish signing in with {code}", "verify the sign-in with {code}"),
        asks=(
            "verify my login with {code}",
            "enter {code} to finish signing in",
            "finish signing me in using {code}",
            "use {code} to complete the two-step check",
            "confirm my sign-in with {code}",
            "complete the bank login with {code}",
            "submit {code} so I'm fully logged in",
        ),
        context=(
            "the second sign-in step needs {code}",
            "the sign-in is finished with {code}",
            "the bank's check wants {code}",
        ),
        answer=Answer(
            fields=("name",),
            says=(
                "You're signed in, {name}.",
                "That code worked: welcome back, {name}.",
                "Verified. You're fully logged in to online banking as {name}.",
            ),
        ),
    ),
    "logout": ToolLanguage(
        task=("log out of online banking", "end the banking session"),
        asks=(
            "log me out of the bank",
            "sign out of online banking",
            "end my banking session",
            "I'm done with the bank for now, sign me out",
            "close my online banking session",
            "log out of my bank account",
        ),
        answer=Answer(says=("You're signed out of online banking.", "Done, your banking session is closed.", "Logged out of the bank.")),
        why=("I'm on a shared computer", "I'm heading out"),
    ),
    # --- accounts ------------------------------------------------------------------------------
    "list_accounts": ToolLanguage(
        task=("list the customer's bank accounts", "look up which accounts the customer has"),
        asks=(
            "show my bank accounts",
            "list my accounts and their balances",
            "what accounts do I have?",
            "which accounts do I hold with you?",
            "give me an overview of my accounts",
            "how much is in each of my accounts?",
            "remind me which accounts I have at this bank",
        ),
        answer=Answer(
            each="{name} ({balance})",
            says=(
                "Your accounts and their balances: {items}.",
                "Here's where things stand ({count} accounts in all): {items}.",
                "You hold {count} accounts with us: {items}.",
            ),
            empty=("There are no accounts under your login.", "I don't see any accounts for you."),
        ),
        why=("I want a quick overview", "I'm planning my budget", "I haven't logged in for a while"),
    ),
    "get_balance": ToolLanguage(
        task=("check the balance of {account_id}", "look up how much is in {account_id}"),
        asks=(
            "what's the balance of {account_id}?",
            "how much money is in {account_id}?",
            "check the balance on {account_id}",
            "how much do I have in {account_id} right now?",
            "tell me what {account_id} is at",
            "I need the current balance of {account_id}",
            "look up {account_id} and tell me the balance",
        ),
        context=("it's about {account_id}", "I'm asking about {account_id}", "the account is {account_id}"),
        answer=Answer(
            fields=("balance", "available"),
            says=(
                "{name} has a balance of {balance}, and {available} is available.",
                "The balance of {name} is {balance}; available to use: {available}.",
                "{name} (ending {last4}) stands at {balance}, with {available} available.",
            ),
            when={"type": {
                "credit": (
                    "{name} stands at {balance} (a negative balance is what you owe); {available} of your {credit_limit} limit is available.",
                    "On {name} the balance is {balance}, which leaves {available} of credit available.",
                ),
            }},
        ),
        kinds={"available": "money", "credit_limit": "money"},
        why=("a big bill is due soon", "I'm about to make a big purchase", "I want to be sure a payment cleared"),
    ),
    "list_transactions": ToolLanguage(
        task=("list the transactions of {account_id}", "look up the recent activity in {account_id}"),
        asks=(
            "show the transactions on {account_id}",
            "list the activity in {account_id}",
            "what went in and out of {account_id}?",
            "pull up the transaction history of {account_id}",
            "I want to see the transactions on {account_id}",
            "go through the transactions on {account_id} with me",
            "give me the payments and purchases on {account_id}",
        ),
        context=(
            "it's in {account_id}",
            "the account is {account_id}",
            "it went through {account_id}",
        ),
        params={
            "month": ("for {}", "from {}", "during {}"),
            "category": ("in the {} category", "filed under {}", "tagged as {}"),
            "limit": ("the last {}", "just the {} most recent", "at most {} of them"),
        },
        answer=Answer(
            each="{description} ({amount}, {date})",
            says=(
                "Here's the activity, newest first: {items}.",
                "I found these transactions ({count} in all): {items}.",
                "The account shows these entries, {count} of them: {items}.",
            ),
            empty=(
                "There are no matching transactions on that account.",
                "Nothing like that shows up in the account's history.",
            ),
        ),
        kinds={"limit": "count"},
        why=("I'm keeping an eye on my spending", "I'm working on my budget", "I want to make sure nothing odd went through"),
    ),
    "search_transactions": ToolLanguage(
        task=("search the customer's transactions for {query}", "find the transactions that mention {query}"),
        asks=(
            "find my transactions with {query}",
            "search my account history for {query}",
            "look up the payments involving {query}",
            "show me every transaction that mentions {query}",
            "I'm looking for the {query} transactions",
            "pull up anything from {query} in my transactions",
            "have I had any transactions with {query}?",
        ),
        context=(
            "it shows up as {query} in my transactions",
            "it's listed under {query}",
            "it should say {query} in the description",
            "search for {query}",
        ),
        params={
            "date_from": ("since {}", "from {} onwards", "starting {}"),
            "date_to": ("up to {}", "through {}", "until {}"),
            "min_amount": ("of at least {}", "for {} or more", "no smaller than {}"),
            "max_amount": ("of at most {}", "for no more than {}", "no bigger than {}"),
            "limit": ("just the {} most recent", "no more than {} results", "at most {} of them"),
        },
        answer=Answer(
            each="{description} ({amount}, {date})",
            says=(
                "Here's what matches {query}, newest first: {items}.",
                "Transactions with {query} ({count} found): {items}.",
                "I found these for {query}: {items}.",
            ),
            empty=(
                "Nothing matching {query} turns up in your transactions.",
                "I couldn't find any transaction with {query} in it.",
            ),
        ),
        values={"query": _QUERIES},
        kinds={"date_from": "date", "date_to": "date", "min_amount": "money", "max_amount": "money", "limit": "count"},
        why=("I think I was charged twice", "I need it for an expense report", "I'm trying to remember when I paid"),
    ),
    "get_statement": ToolLanguage(
        # SPEC: ``month`` is YYYY-MM and no kind says a month ("April 2025"); asks put it after
        # "for"/"in", where either reads well.
        task=("get the statement of {account_id} for {month}", "look up the monthly statement of {account_id} for {month}"),
        asks=(
            "get the statement of {account_id} for {month}",
            "show me the monthly statement of {account_id} for {month}",
            "how much went in and out of {account_id} in {month}?",
            "pull up my statement on {account_id} for {month}",
            "I need {account_id}'s statement for {month}",
            "what were the totals on {account_id} in {month}?",
            "give me the summary of {account_id} for {month}",
        ),
        context=(
            "it's the statement of {account_id} for {month}",
            "I mean {month} on {account_id}",
            "the month is {month}, on {account_id}",
        ),
        answer=Answer(
            fields=("opening_balance", "closing_balance", "total_in", "total_out"),
            says=(
                "For {month}, {name} opened at {opening_balance} and closed at {closing_balance}: {total_in} came in and {total_out} went out.",
                "The {month} statement of {name} starts at {opening_balance} and ends at {closing_balance}, with {total_in} in and {total_out} out.",
                "In {month}, {total_in} came into {name} and {total_out} left it, taking the balance from {opening_balance} to {closing_balance}.",
            ),
        ),
        why=("I'm doing my taxes", "my accountant asked for it", "I'm reconciling my budget"),
    ),
    # --- moving money --------------------------------------------------------------------------
    "transfer_between_accounts": ToolLanguage(
        task=("move {amount} from {from_account_id} to {to_account_id}", "transfer {amount} between the customer's accounts"),
        asks=(
            "move {amount} from {from_account_id} to {to_account_id}",
            "transfer {amount} from {from_account_id} into {to_account_id}",
            "put {amount} from {from_account_id} into {to_account_id}",
            "shift {amount} over from {from_account_id} to {to_account_id}",
            "I want {amount} moved from {from_account_id} to {to_account_id}",
            "take {amount} out of {from_account_id} and put it in {to_account_id}",
            "send {amount} to {to_account_id} from {from_account_id}",
        ),
        params={"memo": _MEMO},
        values={"memo": _TRANSFER_MEMOS},
        answer=Answer(
            fields=("amount", "from_balance", "to_balance"),
            says=(
                "Moved {amount} from {from_account} to {to_account}. {from_account} now has {from_balance}, and {to_account} {to_balance}.",
                "{amount} is in {to_account}, which now holds {to_balance}; {from_account} is down to {from_balance}.",
                "Done: {amount} transferred. {from_account} has {from_balance} left and {to_account} is at {to_balance}.",
            ),
        ),
        why=("I'm rebalancing my money for the month", "payday just came in", "a bill is about to come out"),
    ),
    "list_payees": ToolLanguage(
        task=("list the customer's saved payees", "look up who the customer can pay"),
        asks=(
            "who are my saved payees?",
            "list my payees",
            "show the people and companies I can pay",
            "which payees have I set up?",
            "pull up my payee list",
            "who can I send payments to?",
        ),
        answer=Answer(
            each="{name}",
            says=("Your saved payees: {items}.", "You can pay these {count}: {items}.", "Payees on file, {count} altogether: {items}."),
            empty=("You haven't saved any payees yet.", "There are no payees on your account."),
        ),
        why=("I can't remember who I've saved", "I'm about to pay someone", "I'm tidying up my payees"),
    ),
    "add_payee": ToolLanguage(
        task=("add {name} as a payee with IBAN {iban}", "save {name} ({iban}) as a new payee"),
        asks=(
            "add {name} as a payee with IBAN {iban}",
            "save a new payee: {name}, IBAN {iban}",
            "set up {name} ({iban}) so I can pay them",
            "I need to add {name} to my payees; the IBAN is {iban}",
            "create a payee for {name} with the IBAN {iban}",
            "register {name} as someone I can pay, IBAN {iban}",
            "put {name} on my payee list with the account {iban}",
        ),
        params={"nickname": ("nicknamed {}", "with the nickname {}", "and call them {} for short")},
        values={"name": _PAYEE_NAMES, "nickname": _NICKNAMES},
        answer=Answer(
            fields=("name",),
            says=(
                "{name} is saved as a payee (IBAN {iban}).",
                "Added {name} to your payees; you can pay them now.",
                "New payee {name} is set up with the IBAN {iban}.",
            ),
        ),
        why=("I have a bill to pay them", "I'll be paying them regularly", "they did some work on the house"),
    ),
    "remove_payee": ToolLanguage(
        task=("remove {payee_id} from the saved payees", "delete the payee {payee_id}"),
        asks=(
            "remove {payee_id} from my payees",
            "delete {payee_id} from my payee list",
            "I don't pay {payee_id} anymore, take them off my payees",
            "get rid of {payee_id} as a payee",
            "drop {payee_id} from the people I can pay",
            "clean {payee_id} out of my saved payees",
        ),
        answer=Answer(
            says=(
                "{payee_id} is no longer one of your payees.",
                "Removed {payee_id} from your payee list.",
                "Done, {payee_id} is off your saved payees.",
            ),
        ),
        why=("we settled up for good", "I moved house", "they changed their bank details"),
    ),
    "pay_payee": ToolLanguage(
        task=("pay {payee_id} {amount} from {from_account_id}", "send {amount} to {payee_id} out of {from_account_id}"),
        asks=(
            "pay {payee_id} {amount} from {from_account_id}",
            "send {amount} to {payee_id} out of {from_account_id}",
            "make a payment of {amount} to {payee_id} from {from_account_id}",
            "I owe {payee_id} {amount}; pay it from {from_account_id}",
            "use {from_account_id} to pay {payee_id} {amount}",
            "transfer {amount} to {payee_id} using {from_account_id}",
            "settle up with {payee_id}: {amount} from {from_account_id}",
        ),
        params={"memo": _REFERENCE},
        values={"memo": _PAYMENT_MEMOS},
        answer=Answer(
            fields=("amount", "payee_name", "balance_after"),
            says=(
                "Paid {amount} to {payee_name} from {from_account}; the balance there is now {balance_after}.",
                "{payee_name} has been sent {amount}. {from_account} now has {balance_after}, and you can still send {remaining_daily_limit} today.",
                "Done: {amount} to {payee_name}, leaving {balance_after} in {from_account}.",
            ),
        ),
        kinds={"remaining_daily_limit": "money"},
        why=("the bill is due today", "I want it to arrive on time", "they're waiting for it"),
    ),
    "get_transfer_limit": ToolLanguage(
        task=("check the daily transfer limit", "look up how much the customer can still send today"),
        asks=(
            "what's my daily transfer limit?",
            "how much can I still send today?",
            "show my transfer limit",
            "check how much of my daily limit is left",
            "what's the most I can pay out today?",
            "tell me my daily payment limit and what I've used",
        ),
        answer=Answer(
            fields=("daily_limit", "remaining_today"),
            says=(
                "Your daily transfer limit is {daily_limit}; you've used {used_today} today, so {remaining_today} is left.",
                "You can still send {remaining_today} today, out of a {daily_limit} daily limit.",
                "Limit: {daily_limit} a day. Used so far today: {used_today}, leaving {remaining_today}.",
            ),
        ),
        kinds={"daily_limit": "money", "used_today": "money", "remaining_today": "money"},
        why=("I have a big payment to make", "I'm about to pay a contractor", "a payment was declined earlier"),
    ),
    "set_transfer_limit": ToolLanguage(
        task=("set the daily transfer limit to {amount}", "change the daily payment limit to {amount}"),
        asks=(
            "set my daily transfer limit to {amount}",
            "change my daily limit to {amount}",
            "make my daily payment limit {amount}",
            "I need my transfer limit at {amount} a day",
            "adjust the daily cap on payments to {amount}",
            "update my daily transfer limit to {amount}",
        ),
        answer=Answer(
            fields=("daily_limit",),
            says=(
                "Your daily transfer limit is now {daily_limit}, leaving {remaining_today} for today.",
                "Done: the limit is {daily_limit} a day; you can still send {remaining_today} today.",
                "The daily limit on payments is set to {daily_limit}.",
            ),
        ),
        kinds={"daily_limit": "money", "remaining_today": "money"},
        why=("I'm reviewing my security settings", "I want it to match how I actually spend"),
    ),
    # --- cards ---------------------------------------------------------------------------------
    "list_cards": ToolLanguage(
        task=("list the customer's cards", "check which cards the customer has and whether they are frozen"),
        asks=(
            "show my cards",
            "list my debit and credit cards",
            "which cards do I have, and are any of them frozen?",
            "what cards are on my account?",
            "pull up my bank cards",
            "check the status of my cards",
        ),
        answer=Answer(
            each="{card_name} ending {last4} ({status})",
            says=("Your cards: {items}.", "You have these cards ({count} in all): {items}.", "On your account: {items}."),
            empty=("There are no cards on your account.", "You don't have any cards with this bank."),
        ),
        why=("I can't remember which cards I have", "I'm about to shop online", "one of them may be about to expire"),
    ),
    "freeze_card": ToolLanguage(
        task=("freeze {card_id}", "block new purchases on {card_id}"),
        asks=(
            "freeze {card_id}",
            "block {card_id} for now, I can't find it",
            "put a freeze on {card_id}",
            "I lost {card_id}; freeze it",
            "stop any new purchases on {card_id}",
            "lock {card_id} temporarily",
            "temporarily block {card_id}",
        ),
        answer=Answer(
            says=(
                "Your {card_name} ending {last4} is frozen; new purchases on it will be declined.",
                "Done: I froze the {card_name} ending {last4}.",
                "The {card_name} ending {last4} is now frozen until you unfreeze it.",
            ),
        ),
        why=("my wallet is missing", "I think someone copied it", "I left it at a restaurant"),
    ),
    "unfreeze_card": ToolLanguage(
        task=("unfreeze {card_id}", "lift the freeze on {card_id}"),
        asks=(
            "unfreeze {card_id}",
            "unblock {card_id}, I found it",
            "reactivate {card_id}",
            "lift the freeze on {card_id}",
            "turn {card_id} back on",
            "I found {card_id}; make it usable again",
        ),
        answer=Answer(
            says=(
                "Your {card_name} ending {last4} is active again.",
                "Done: the freeze on the {card_name} ending {last4} is lifted.",
                "The {card_name} ending {last4} works again.",
            ),
        ),
        why=("it was in my coat pocket all along", "I need it for a purchase today", "it turned up in the car"),
    ),
    # --- scheduled payments --------------------------------------------------------------------
    "schedule_payment": ToolLanguage(
        task=("schedule a payment of {amount} to {payee_id} from {from_account_id} for {date}", "set up a future payment to {payee_id}"),
        asks=(
            "schedule a payment of {amount} to {payee_id} from {from_account_id} on {date}",
            "pay {payee_id} {amount} on {date} out of {from_account_id}",
            "set up a payment of {amount} to {payee_id} from {from_account_id} for {date}",
            "I want {amount} to go to {payee_id} from {from_account_id} on {date}",
            "arrange for {payee_id} to get {amount} from {from_account_id} on {date}",
            "on {date}, send {payee_id} {amount} from {from_account_id}",
            "book a payment to {payee_id} for {date}: {amount} out of {from_account_id}",
        ),
        params={
            "frequency": {
                "once": ("just once", "as a one-off"),
                "weekly": ("and repeat it every week", "every week from then on"),
                "monthly": ("and repeat it every month", "every month from then on"),
            },
            "memo": _REFERENCE,
        },
        values={"memo": _PAYMENT_MEMOS},
        answer=Answer(
            fields=("amount", "payee_name", "date"),
            when={"frequency": {
                "once": (
                    "{amount} to {payee_name} is scheduled for {date}.",
                    "Done: {payee_name} will get {amount} on {date}.",
                ),
                "weekly": (
                    "{amount} to {payee_name} will go out every week, starting {date}.",
                    "Done: a weekly payment of {amount} to {payee_name} begins on {date}.",
                ),
                "monthly": (
                    "{amount} to {payee_name} will go out every month, starting {date}.",
                    "Done: a monthly payment of {amount} to {payee_name} begins on {date}.",
                ),
            }},
        ),
        why=("I don't want to forget", "that's when it's due", "payday is the day before"),
    ),
    "list_scheduled_payments": ToolLanguage(
        task=("list the scheduled payments", "check which payments are set to go out"),
        asks=(
            "what payments are scheduled?",
            "list my upcoming scheduled payments",
            "show my standing orders",
            "which payments are set to go out?",
            "remind me what payments I've scheduled",
            "what's due to leave my accounts automatically?",
            "pull up my scheduled payments",
        ),
        params={"include_cancelled": {True: ("including the cancelled ones", "cancelled ones too")}},
        answer=Answer(
            each="{amount} to {payee_name} on {date} ({frequency})",
            says=(
                "Scheduled to go out: {items}.",
                "Coming up, {count} of them: {items}.",
                "Here's what's on the schedule: {items}.",
            ),
            empty=("You have no scheduled payments.", "Nothing is scheduled to go out."),
        ),
        why=("I want to plan my month", "I want to be sure nothing will bounce", "I'm reviewing my outgoings"),
    ),
    "cancel_scheduled_payment": ToolLanguage(
        task=("cancel {scheduled_id}", "stop {scheduled_id} from going out"),
        asks=(
            "cancel {scheduled_id}",
            "stop {scheduled_id}",
            "I don't want {scheduled_id} to go out; cancel it",
            "call off {scheduled_id}",
            "scrap {scheduled_id}",
            "make sure {scheduled_id} doesn't happen",
        ),
        answer=Answer(
            fields=("payee_name",),
            says=(
                "The {amount} payment to {payee_name} on {date} is cancelled.",
                "Done: nothing will go to {payee_name} on {date}.",
                "I cancelled the scheduled payment to {payee_name}.",
            ),
        ),
        why=("I already paid it by hand", "the bill changed", "I moved out"),
    ),
    # --- disputes ------------------------------------------------------------------------------
    "dispute_transaction": ToolLanguage(
        task=("dispute {txn_id}", "open a dispute on {txn_id}"),
        asks=(
            "dispute {txn_id}",
            "open a dispute on {txn_id}",
            "I want to contest {txn_id}",
            "report a problem with {txn_id}",
            "challenge {txn_id} with the bank",
            "file a dispute for {txn_id}",
            "raise a dispute over {txn_id}",
        ),
        params={
            "reason": {
                "unauthorized": ("because I didn't make it", "as unauthorized", "since it wasn't me"),
                "duplicate": ("because I was charged twice", "as a duplicate charge", "since it's a double charge"),
                "not_received": ("because I never got what I paid for", "since the order never arrived", "as an item I never received"),
                "wrong_amount": ("because the amount is wrong", "since I was charged more than I agreed to", "as charged for the wrong amount"),
                "other": ("for a reason I'll explain", "for another reason", "even though it doesn't fit the usual categories"),
            },
            "details": ("and add that {}", "with the explanation {}", "and tell them {}"),
        },
        values={"details": _DISPUTE_DETAILS},
        answer=Answer(
            fields=("merchant", "amount", "status"),
            says=(
                "I've opened a dispute on the {amount} charge from {merchant}; it's {status} now.",
                "Your dispute over {merchant} ({amount}) is {status}; the bank will look into it.",
                "Dispute filed for {merchant}, {amount}. Status: {status}.",
            ),
        ),
    ),
    "list_disputes": ToolLanguage(
        task=("list the customer's disputes", "check the status of the customer's disputes"),
        asks=(
            "show my disputes",
            "what disputes have I opened?",
            "list the status of my disputed charges",
            "how are my disputes going?",
            "any update on the charges I disputed?",
            "pull up my disputes",
        ),
        answer=Answer(
            each="{merchant} ({amount}, {status})",
            says=("Your disputes: {items}.", "Here's where your disputes stand ({count} on file): {items}.", "Disputed charges on file: {items}."),
            empty=("You haven't disputed any charges.", "There are no disputes on your account."),
        ),
        why=("I'm waiting for a refund", "I want to know where things stand", "the merchant still hasn't replied"),
    ),
}

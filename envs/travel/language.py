"""How travellers ask the booking assistant for things, and how it reports them (see envs/language.py).

Asks are what a customer would type to a travel site's assistant; ``task`` is what the
assistant thinks it is doing; answers state what was asked for (a search's flights and fares, a
price's total, an airport's code, the free seats), never a dump of every field.

A flight id is never said: a customer names a flight by its number ("AA1266"), a booking and
its insurance by the flight they are for ("my booking on AA1266", "the insurance on AA1266"), a
card by its last four digits. A flight is found by its route and date, so the searches carry
``context`` phrases that state them ("it's the LHR to SEA flight on June 3, 2025").

Amounts in a chosen currency (a fare in euros, a conversion) are said as a number followed by the
currency code ("842.65 EUR"), because the money format would print a dollar sign.
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS"]

NOUNS = {
    "flight": Noun("flight", named=("{}", "flight {}", "the {} flight")),
    "booking": Noun("booking", named=("my booking on {}", "my {} booking", "the {} booking", "my {} flight")),
    "card": Noun("card", named=("my card ending in {}", "the card ending in {}", "the card that ends in {}")),
    "insurance": Noun(
        "insurance policy",
        plural="insurance policies",
        named=("the insurance on {}", "my policy for {}", "the {} insurance", "my travel insurance for {}"),
    ),
    "airport": Noun("airport", named=("{}",)),
    "seat": Noun("seat", named=("seat {}", "{}")),
}

# How a customer asks for an amount in a currency; every code has its own phrases.
_CURRENCY = {
    "USD": ("in US dollars", "in USD"),
    "EUR": ("in euros", "in EUR"),
    "GBP": ("in pounds sterling", "in GBP"),
    "CAD": ("in Canadian dollars", "in CAD"),
    "MXN": ("in Mexican pesos", "in MXN"),
    "CHF": ("in Swiss francs", "in CHF"),
    "AED": ("in UAE dirhams", "in AED"),
    "JPY": ("in Japanese yen", "in JPY"),
    "KRW": ("in Korean won", "in KRW"),
    "SGD": ("in Singapore dollars", "in SGD"),
    "HKD": ("in Hong Kong dollars", "in HKD"),
    "AUD": ("in Australian dollars", "in AUD"),
    "BRL": ("in Brazilian reais", "in BRL"),
    "DKK": ("in Danish kroner", "in DKK"),
}
_CABIN = {
    "economy": ("in economy", "economy class"),
    "premium": ("in premium economy", "premium economy fares"),
    "business": ("in business class", "flying business"),
}

# Cities, countries and airport names a traveller types into an airport search (all of them
# match an airport of the world: the schedule covers these 30 airports).
_PLACES = (
    "London", "Tokyo", "New York", "Paris", "Seattle", "Toronto", "Chicago", "Sydney", "Frankfurt", "Dubai",
    "Singapore", "Hong Kong", "Madrid", "Barcelona", "Rome", "Dublin", "Copenhagen", "Vancouver", "Mexico City",
    "Sao Paulo", "Seoul", "Zurich", "Amsterdam", "Boston", "Miami", "Denver", "Heathrow", "Japan", "Spain",
    "Canada",
)

LANGUAGE = {
    "login": ToolLanguage(
        task=("log in to the travel account as {username}", "sign the customer in with their username and password"),
        asks=(
            "log me in as {username} with the password {password}",
            "sign me in: username {username}, password {password}",
            "I'm {username} and my password is {password}; get me into my travel account",
            "my travel login is {username} / {password}, sign me in",
            "access my account with username {username} and password {password}",
            "use {username} and {password} to log me in",
            "I need to get into my bookings account ({username}, password {password})",
            "here are my details, {username} and {password}: sign me in",
        ),
        context=(
            "my username is {username} and my password is {password}",
            "I log in as {username} with the password {password}",
            "my login is {username}, password {password}",
            "my account is {username} (password {password})",
        ),
        answer=Answer(
            fields=("name",),
            says=(
                "You're signed in as {name}.",
                "Welcome back, {name}: you're logged in, with {loyalty_points} loyalty points on the account.",
                "I've logged you in as {name} ({username}).",
            ),
        ),
    ),
    "logout": ToolLanguage(
        task=("log out of the travel account",),
        asks=(
            "log me out",
            "sign out of my travel account",
            "end my session on the booking site",
            "I'm done here, sign me out",
            "that's all for now; log me off",
            "close my session",
            "end my session now",
            "I'm finished with my travel account, sign me out",
        ),
        answer=Answer(says=("You're signed out.", "Done: you're logged out of your travel account.", "I've ended your session.")),
    ),
    "get_profile": ToolLanguage(
        task=("look up the customer's profile", "check which account is signed in"),
        asks=(
            "show my travel profile",
            "which account am I signed in with?",
            "what email is on my travel account?",
            "pull up my profile",
            "who am I logged in as?",
            "check my account details",
            "what's my home city on file?",
            "what name and email are on this account?",
        ),
        answer=Answer(
            fields=("name", "email", "home_city"),
            says=(
                "You're signed in as {name} ({username}); your email is {email} and your home city is {home_city}.",
                "The profile is {name}'s: email {email}, home city {home_city}.",
                "This is {name}'s account. We have {email} as your email and {home_city} as your home city.",
            ),
        ),
    ),
    "list_cards": ToolLanguage(
        task=("list the customer's saved cards", "look up which cards are on file"),
        asks=(
            "show my saved payment cards",
            "which cards do I have on file?",
            "list the cards on my account",
            "what cards can I pay with?",
            "remind me which credit cards are saved",
            "pull up my cards",
            "what payment methods do I have stored here?",
            "which cards could I use to pay for a flight?",
        ),
        answer=Answer(
            each="the card ending in {last4} ({brand}, expires {expires})",
            says=("Cards on file ({count} in all): {items}.", "Your saved cards: {items}.", "You can pay with these: {items}."),
            empty=("You have no cards saved.", "There are no payment cards on your account."),
        ),
    ),
    "get_budget": ToolLanguage(
        task=("check the customer's travel budget", "look up how much of the travel budget is left"),
        asks=(
            "how much of my travel budget is left?",
            "show my budget",
            "what's my remaining travel budget?",
            "how much can I still spend on trips?",
            "check my travel budget",
            "am I close to my budget limit?",
            "give me a budget summary",
            "what have I committed so far against my budget?",
        ),
        answer=Answer(
            fields=("remaining", "budget", "committed"),
            says=(
                "You have {remaining} left of your {budget} travel budget; {committed} is already committed to bookings and insurance.",
                "Your budget is {budget}: {committed} is spoken for, so {remaining} remains.",
                "{remaining} of your {budget} budget is still free ({committed} committed).",
            ),
        ),
        kinds={"remaining": "money", "committed": "money"},
    ),
    "set_budget": ToolLanguage(
        task=("set the travel budget to {amount}", "change the customer's travel budget to {amount}"),
        asks=(
            "set my travel budget to {amount}",
            "change my budget to {amount}",
            "make my travel budget {amount}",
            "I want my budget set at {amount}",
            "update the travel budget to {amount}",
            "cap my travel spending at {amount}",
            "my new travel budget is {amount}; save that",
            "reset my trip budget to {amount}",
        ),
        params={"currency": _CURRENCY},
        why=("I got a bonus this month", "I need to rein in my spending", "I'm planning a big trip"),
        answer=Answer(
            fields=("budget", "remaining"),
            says=(
                "Your travel budget is now {budget}, leaving {remaining} after what's committed.",
                "Done: budget set to {budget}; {remaining} is still free to spend.",
                "The budget now stands at {budget}, so you have {remaining} available.",
            ),
        ),
        kinds={"amount": "number", "remaining": "money", "committed": "money"},
    ),
    "get_loyalty": ToolLanguage(
        task=("check the customer's loyalty points and tier",),
        asks=(
            "how many loyalty points do I have?",
            "what's my frequent flyer status?",
            "which tier am I in?",
            "check my points balance",
            "how close am I to the next tier?",
            "show my loyalty status",
            "how many points have I racked up?",
            "where do I stand with my frequent flyer points?",
        ),
        answer=Answer(
            fields=("points", "tier"),
            says=(
                "You have {points} points, which puts you in {tier}; {points_to_next} more and you reach {next_tier}.",
                "You're {tier} with {points} points; {next_tier} is {points_to_next} points away.",
                "Your balance is {points} points ({tier} tier); you need {points_to_next} more for {next_tier}.",
            ),
            when={"tier": {"platinum": (
                "You have {points} points and you're {tier}, the top tier.",
                "You're already {tier}, our highest tier, with {points} points.",
            )}},
        ),
        kinds={"points": "count", "points_to_next": "count"},
    ),
    "find_airports": ToolLanguage(
        task=("look up the airports for {query}", "find the airport code for {query}"),
        asks=(
            "which airports serve {query}?",
            "find the airport code for {query}",
            "look up airports in {query}",
            "what's the airport code for {query}?",
            "where would I fly into for {query}?",
            "I need the IATA code for {query}",
            "what airport is there in {query}?",
            "list the airports for {query}",
        ),
        context=("it's in {query}", "the airport is in {query}", "I mean {query}", "the city is {query}"),
        answer=Answer(
            each="{code} ({name}, {city})",
            says=(
                "{query} is served by {items}.",
                "Airports for {query}: {items}.",
                "Here's what matches {query}: {items}.",
            ),
            empty=("No airport matches {query}.", "I couldn't find an airport for {query}; try the city's English name."),
        ),
        values={"query": _PLACES},
    ),
    "search_flights": ToolLanguage(
        task=("search flights from {origin} to {destination} on {date}", "look for flights {origin} to {destination} on {date}"),
        asks=(
            "find flights from {origin} to {destination} on {date}",
            "what flights go from {origin} to {destination} on {date}?",
            "search {origin} to {destination} for {date}",
            "I need to get from {origin} to {destination} on {date}",
            "are there any direct flights from {origin} to {destination} on {date}?",
            "look for a flight on {date} from {origin} to {destination}",
            "which airlines fly {origin} to {destination} on {date}?",
            "what's the cheapest way from {origin} to {destination} on {date}?",
        ),
        context=(
            "it's the flight from {origin} to {destination} on {date}",
            "it's the {origin} to {destination} flight on {date}",
            "I'm flying {origin} to {destination} on {date}",
            "the trip is from {origin} to {destination}, leaving {date}",
            # for a search whose route the conversation already holds (only a cabin or a
            # currency to state): the modifier phrases follow it
            "I'm looking at that route",
        ),
        params={
            # the route and date said after a context sentence that leaves them out ("I'm
            # looking at that route from LHR to SEA on June 3, 2025")
            "origin": ("from {}",),
            "destination": ("to {}",),
            "date": ("on {}",),
            "cabin": _CABIN,
            "passengers": ("with room for {}", "for a party of {}"),
            "currency": {k: tuple(f"with fares {p}" for p in v) for k, v in _CURRENCY.items()},
        },
        why=("I have a meeting there", "I'm visiting family", "I'm planning a holiday"),
        answer=Answer(
            each="{flight_number} ({airline}) leaving at {depart}, {fare} {currency}",
            says=(
                "Flights from {origin} to {destination} on {date}, cheapest first: {items}.",
                "Here's what flies that day ({count} in all): {items}.",
                "On {date} you can fly {origin} to {destination} with {items}.",
            ),
            empty=(
                "Nothing flies direct from {origin} to {destination} on {date}.",
                "I couldn't find a flight from {origin} to {destination} on {date}; another day may work.",
            ),
        ),
        kinds={"fare": "number"},
    ),
    "get_flight": ToolLanguage(
        task=("look up the details of {flight_id}", "check the schedule and fare of {flight_id}"),
        asks=(
            "show me the details of {flight_id}",
            "tell me about {flight_id}",
            "when does {flight_id} leave and land?",
            "what time does {flight_id} arrive?",
            "give me the schedule for {flight_id}",
            "pull up {flight_id}",
            "what are the times and fare of {flight_id}?",
            "what are the details on {flight_id}?",
        ),
        context=("it's {flight_id}", "I'm looking at {flight_id}", "it's that flight"),
        params={"cabin": _CABIN},
        answer=Answer(
            fields=("date", "depart", "arrive", "arrive_date", "fare"),
            says=(
                "{flight_number} ({airline}) leaves {origin} on {date} at {depart} and lands in {destination} at {arrive} on {arrive_date}; the {cabin} fare is {fare}, with {seats_left} seats left.",
                "{flight_number} departs {date} at {depart} and arrives {arrive_date} at {arrive}. It costs {fare} in {cabin}.",
                "{flight_number} flies {origin} to {destination}, leaving {date} at {depart} and landing {arrive_date} at {arrive}, for {fare} a seat.",
            ),
        ),
    ),
    "get_flight_cost": ToolLanguage(
        task=("work out the total price of {flight_id}", "price {flight_id} with taxes and fees"),
        asks=(
            "how much would {flight_id} cost in total?",
            "price out {flight_id} for me",
            "what's the all-in price of {flight_id}?",
            "give me the full cost of {flight_id} with taxes and fees",
            "what would I pay for {flight_id}?",
            "how much is {flight_id} once taxes are added?",
            "total up {flight_id} for me",
            "I need a price for {flight_id}",
        ),
        context=("it's {flight_id}", "the flight is {flight_id}", "it's that flight"),
        params={
            "cabin": _CABIN,
            "passengers": ("for a party of {}", "with {} in the party"),
            "currency": _CURRENCY,
        },
        answer=Answer(
            fields=("total",),
            says=(
                "{flight_number} in {cabin} comes to {total} {currency} in all: {fare_per_passenger} a person plus {taxes} in taxes and {fees} in fees.",
                "All in, {flight_number} costs {total} {currency} for a party of {passengers}.",
                "You'd pay {total} {currency} for {flight_number}, taxes and fees included.",
            ),
        ),
        kinds={"total": "number", "fare_per_passenger": "number", "taxes": "number", "fees": "number"},
    ),
    "get_exchange_rate": ToolLanguage(
        task=("check the exchange rate from {from_currency} to {to_currency}",),
        asks=(
            "what's the exchange rate from {from_currency} to {to_currency}?",
            "how many {to_currency} do I get for one {from_currency}?",
            "show me the {from_currency} to {to_currency} rate",
            "what's one {from_currency} worth in {to_currency} today?",
            "check the {from_currency}/{to_currency} rate",
            "I need today's rate for {from_currency} into {to_currency}",
            "how is the {from_currency} doing against the {to_currency}?",
            "what's the going rate from {from_currency} to {to_currency}?",
        ),
        context=(
            "I'm changing {from_currency} into {to_currency}",
            "I'll pay in {from_currency} and spend {to_currency} there",
        ),
        answer=Answer(
            fields=("rate",),
            says=(
                "One {from_currency} buys {rate} {to_currency} today.",
                "The {from_currency} to {to_currency} rate is {rate}.",
                "Today 1 {from_currency} gets you {rate} {to_currency}.",
            ),
        ),
        kinds={"rate": "number"},
    ),
    "convert_currency": ToolLanguage(
        task=("convert {amount} {from_currency} to {to_currency}",),
        asks=(
            "convert {amount} {from_currency} to {to_currency}",
            "how much is {amount} {from_currency} in {to_currency}?",
            "work out {amount} {from_currency} in {to_currency} for me",
            "I have {amount} {from_currency}; what's that in {to_currency}?",
            "if I spend {amount} {from_currency}, how much {to_currency} is that?",
            "tell me what {amount} {from_currency} comes to in {to_currency}",
            "what do I get in {to_currency} for {amount} {from_currency}?",
            "turn {amount} {from_currency} into {to_currency} for me",
        ),
        context=(
            "I have {amount} {from_currency} to change into {to_currency}",
            "the amount is {amount} {from_currency}, and I need it in {to_currency}",
        ),
        answer=Answer(
            fields=("converted",),
            says=(
                "{amount} {from_currency} is {converted} {to_currency} at today's rate ({rate}).",
                "That comes to {converted} {to_currency}.",
                "At {rate}, {amount} {from_currency} works out to {converted} {to_currency}.",
            ),
        ),
        kinds={"amount": "number", "converted": "number", "rate": "number"},
    ),
    "book_flight": ToolLanguage(
        task=("book {flight_id} and charge {card_id}", "reserve {flight_id}, paying with {card_id}"),
        asks=(
            "book {flight_id} and pay with {card_id}",
            "reserve a place on {flight_id} using {card_id}",
            "get me on {flight_id}, charge {card_id}",
            "I'd like to book {flight_id} with {card_id}",
            "put {flight_id} on {card_id}",
            "go ahead and book {flight_id}; use {card_id}",
            "charge {card_id} for {flight_id}",
            "book me on {flight_id}, paying with {card_id}",
        ),
        params={"cabin": _CABIN, "passengers": ("for a party of {}", "with {} in the party")},
        why=("I'm visiting family", "it's for a work trip", "the dates work for me"),
        answer=Answer(
            fields=("flight_number", "total"),
            says=(
                "You're booked on {flight_number} from {origin} to {destination} on {date} at {depart}; {total} went on the card ending in {card_last4}.",
                "Booked: {flight_number} on {date}, {cabin}, for a total of {total} (card ending in {card_last4}).",
                "Your {flight_number} flight on {date} is confirmed. The charge of {total} is on the card ending in {card_last4}.",
            ),
        ),
    ),
    "list_bookings": ToolLanguage(
        task=("list the customer's bookings", "look up the customer's trips"),
        asks=(
            "show my bookings",
            "what flights have I booked?",
            "list my trips",
            "pull up my reservations",
            "what have I got booked with you?",
            "give me a rundown of my flights",
            "remind me of my bookings",
            "which trips do I have on my account?",
        ),
        context=("it's one of my {status} bookings", "it's one of my bookings", "it's a trip I booked with you"),
        params={
            "status": {
                "confirmed": ("only the confirmed ones", "that are still on"),
                "completed": ("that were already flown", "only past trips"),
                "cancelled": ("that were cancelled", "only the cancelled ones"),
            },
        },
        answer=Answer(
            each="{flight_number} from {origin} to {destination} on {date} ({status})",
            says=("Your bookings: {items}.", "Here are your trips ({count} in all): {items}.", "On your account: {items}."),
            empty=("There are no bookings like that on your account.", "Nothing matches in your bookings."),
        ),
    ),
    "get_booking": ToolLanguage(
        task=("look up {booking_id}", "check the details of {booking_id}"),
        asks=(
            "show me {booking_id}",
            "what are the details of {booking_id}?",
            "look up {booking_id}",
            "what's the status of {booking_id}?",
            "what's the departure time for {booking_id}?",
            "pull up {booking_id} for me",
            "check {booking_id}",
            "give me the rundown on {booking_id}",
        ),
        context=("it's about {booking_id}", "I'm asking about {booking_id}"),
        answer=Answer(
            fields=("status", "date", "depart"),
            says=(
                "Your {flight_number} booking, {origin} to {destination} on {date} at {depart}, is {status}; it's {cabin} for a party of {passengers}, {total} in total.",
                "{flight_number} on {date} (departing {depart} from {origin}) is {status}. You paid {total}.",
                "That booking is {status}: {flight_number} flies {origin} to {destination} on {date} at {depart}.",
            ),
        ),
    ),
    "cancel_booking": ToolLanguage(
        task=("cancel {booking_id}",),
        asks=(
            "cancel {booking_id}",
            "call off {booking_id}, I'm not going",
            "I need to cancel {booking_id}",
            "the trip's off; cancel {booking_id}",
            "drop {booking_id} and refund me",
            "scrap {booking_id}",
            "cancel {booking_id} and tell me what I get back",
            "I won't be flying, so cancel {booking_id}",
        ),
        why=("my plans changed", "the meeting was moved", "I'm not well enough to travel"),
        answer=Answer(
            fields=("refund",),
            says=(
                "{flight_number} is cancelled; you'll get {refund} back ({rule}).",
                "Done, the booking on {flight_number} is cancelled and {refund} will be refunded.",
                "Cancelled {flight_number}. Your refund comes to {refund} ({rule}).",
            ),
        ),
        kinds={"refund": "money"},
    ),
    "get_insurance_quote": ToolLanguage(
        task=("get an insurance quote for {booking_id}", "check what it costs to insure {booking_id}"),
        asks=(
            "how much is insurance for {booking_id}?",
            "quote me travel insurance for {booking_id}",
            "what would it cost to insure {booking_id}?",
            "price up insurance for {booking_id}",
            "what are the insurance options for {booking_id}?",
            "get me an insurance quote for {booking_id}",
            "I'm thinking of insuring {booking_id}; how much would it be?",
            "what's the price of insurance on {booking_id}?",
        ),
        context=("it's for {booking_id}", "the trip is {booking_id}"),
        answer=Answer(
            fields=("basic", "premium"),
            says=(
                "Insuring {flight_number} costs {basic} for the basic plan or {premium} for premium.",
                "Basic cover for {flight_number} is {basic}; premium, which also refunds a cancellation for any reason, is {premium}.",
                "You can insure {flight_number} for {basic} (basic: medical and luggage) or {premium} (premium, with cancellation cover).",
            ),
        ),
        kinds={"basic": "money", "premium": "money"},
    ),
    "buy_insurance": ToolLanguage(
        task=("buy {plan} insurance for {booking_id}",),
        asks=(
            "buy {plan} insurance for {booking_id}",
            "insure {booking_id} with the {plan} plan",
            "add {plan} travel insurance to {booking_id}",
            "get {plan} cover on {booking_id}",
            "I want the {plan} policy for {booking_id}",
            "take out {plan} insurance on {booking_id}",
            "sign me up for {plan} coverage on {booking_id}",
            "put {plan} insurance on {booking_id}",
        ),
        why=("just in case", "my plans might change", "I'm travelling with my kids"),
        answer=Answer(
            fields=("price",),
            says=(
                "{flight_number} now has {plan} insurance for {price}; it covers {covers}.",
                "Done: {plan} cover on {flight_number}, {price} charged to the booking's card.",
                "{flight_number} is insured ({plan}, {price}), which covers {covers}.",
            ),
        ),
    ),
    "list_insurance": ToolLanguage(
        task=("list the customer's insurance policies",),
        asks=(
            "show my insurance policies",
            "which of my trips are insured?",
            "list my travel insurance",
            "what insurance do I have?",
            "do I have cover on any of my flights?",
            "pull up my policies",
            "remind me what I've insured",
            "which policies do I have at the moment?",
        ),
        answer=Answer(
            each="{flight_number}: {plan} cover ({status}, {price})",
            says=("Your insurance: {items}.", "Policies on your account ({count} in all): {items}.", "Here's what's insured: {items}."),
            empty=("You have no travel insurance.", "None of your trips is insured."),
        ),
    ),
    "cancel_insurance": ToolLanguage(
        task=("cancel {insurance_id}",),
        asks=(
            "cancel {insurance_id}",
            "drop {insurance_id}",
            "I don't need {insurance_id} anymore",
            "take {insurance_id} off my trip",
            "call off {insurance_id} and refund it",
            "remove {insurance_id}",
            "get rid of {insurance_id}",
            "cancel {insurance_id} and give me my money back",
        ),
        answer=Answer(
            fields=("price",),
            says=(
                "The {plan} policy on {flight_number} is cancelled and its {price} refunded.",
                "Done: there's no more insurance on {flight_number}, and you get {price} back.",
                "I've cancelled the {plan} cover for {flight_number}; the {price} will be refunded.",
            ),
        ),
    ),
    "get_seat_map": ToolLanguage(
        task=("check the free seats on {flight_id}", "look up the seat map of {flight_id}"),
        asks=(
            "show me the free seats on {flight_id}",
            "which seats are still open on {flight_id}?",
            "what seats can I pick on {flight_id}?",
            "pull up the seat map for {flight_id}",
            "any empty seats left on {flight_id}?",
            "let me see which seats are free on {flight_id}",
            "list the open seats on {flight_id}",
            "where can I still sit on {flight_id}?",
        ),
        context=("it's {flight_id}", "I'm on {flight_id}", "I'm booked on that flight"),
        params={"cabin": _CABIN},
        answer=Answer(
            items="available",
            each="{result}",
            says=(
                "Free {cabin} seats on {flight_number} ({count} in all): {items}.",
                "Free seats on {flight_number}: {items}.",
                "On {flight_number} you can choose from {items} in {cabin}.",
            ),
            empty=("No {cabin} seat is free on {flight_number}.", "There are no free {cabin} seats on {flight_number}."),
        ),
    ),
    "select_seat": ToolLanguage(
        task=("put the customer in seat {seat} on {booking_id}",),
        asks=(
            "put me in seat {seat} on {booking_id}",
            "choose seat {seat} for {booking_id}",
            "I'd like seat {seat} on {booking_id}",
            "switch my seat on {booking_id} to {seat}",
            "grab seat {seat} for me on {booking_id}",
            "can I sit in {seat} on {booking_id}?",
            "seat me in {seat} on {booking_id}",
            "move me to seat {seat} on {booking_id}",
        ),
        params={"passenger": ("for passenger {}", "for traveller number {}")},
        why=("I forgot to pick one when I booked", "the seat I was given isn't great"),
        answer=Answer(
            says=(
                "You're in seat {seat} on {flight_number}.",
                "Seat {seat} is yours on {flight_number} ({date}).",
                "Done: {seat} is reserved on your {flight_number} flight.",
            ),
        ),
    ),
}

"""How people ask a calculator for things, and how it reports results (see envs/language.py).

Written for the synthesis pipeline's built-in writers. Two constraints shape the asks:

- An operation is an enum whose raw values do not read as English in every position ("12
  subtract 5", "divide 12 and 5"), and the order of the operands matters. So the asks of
  ``calculate``, ``percentage`` and ``memory_update`` place the numbers only, in a neutral frame
  ("take {a} and {b}"), and the operation is said by its phrase, which also says which number
  does what ("and divide the first by the second").
- No ask implies a default it does not place: ``root``'s asks say "root", not "square root",
  because ``degree`` may be 3 (SPEC: an ordinal rendering, "the {degree} root" -> "the 3rd
  root", would allow the natural phrasing).

SPEC: per-value asks would make these read as people type them ("what's {a} minus {b}?",
"subtract {b} from {a}"); the asks for each operation are at the end of this file (``VALUE_ASKS``).
"""

from __future__ import annotations

from dataclasses import replace

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS", "SCENES"]

NOUNS = {
    "calculation": Noun("calculation", named=("the calculation {}", "the {} calculation")),
    "memory_slot": Noun("memory slot", named=("the {} slot", "my {} slot", "the slot called {}")),
}

# Asks that place the two numbers of an operation and leave the operation to its phrase: every
# phrase of calculate's and percentage's operation starts with "and ..." to continue them.
_TWO_NUMBERS = (
    "take {a} and {b}",
    "use {a} and {b}",
    "start with {a} and {b}",
    "punch in {a} and {b}",
    "key in {a} and {b}",
    "enter {a} and {b}",
    "grab {a} and {b}",
)

_TWO_FIGURES = (  # the same idea for percentages, worded apart so the two tools' requests differ
    "plug in {a} and {b}",
    "look at {a} and {b}",
    "work with {a} and {b}",
    "consider {a} and {b}",
    "take the numbers {a} and {b}",
    "use the figures {a} and {b}",
)

_SLOT_NAMES = (
    "rent", "tip", "car loan", "daily budget", "Q3 bonus", "hourly rate", "fuel cost", "deposit", "subtotal",
    "sales tax", "discount", "savings", "shipping", "monthly total", "electric bill", "vacation fund",
    "paycheck", "split per person",
)

# Number lists people ask statistics about: test scores, temperatures, receipts, run times...
_DATASETS = (
    [72, 85, 90, 66, 78, 94, 88],
    [18.5, 21.0, 19.2, 23.4, 25.1, 22.8, 20.3],
    [12.99, 4.5, 23.75, 8.2, 15.0],
    [5, 7, 7, 8, 10, 12, 7, 9],
    [1450, 1620, 1380, 1710, 1555, 1490],
    [31.2, 29.8, 30.5, 32.1, 28.9],
    [3, 1, 4, 1, 5, 9, 2, 6],
    [250, 310, 275, 198, 402, 330, 287, 260],
    [62.5, 64.0, 61.8, 63.2],
    [42, 38, 45, 51, 47, 39, 44, 40, 48],
    [0.8, 1.2, 0.95, 1.1, 1.05, 0.9],
    [120, 135, 128, 142, 118, 131, 125],
    [9.58, 9.63, 9.69, 9.72, 9.79],
    [2200, 1850, 2400, 2050, 1975],
)

# Situations a calculator user mentions around any request (ToolEnv.scenes): neutral to every
# tool, with no number, unit, currency or word that names an operation or a kind of calculation.
SCENES = (
    "I'm helping my daughter with her maths homework",
    "the household accounts are my job this evening",
    "my phone's calculator keeps losing what I typed",
    "a builder sent me a quote and I'm checking the numbers",
    "I run a small bakery and I'm going over my costs",
    "with an exam coming up, I want to check my working",
    "doing sums in my head was never my strong suit",
    "numbers make my head spin after a long day",
    "my spreadsheet crashed, so I'm doing this the old way",
    "my old desk calculator finally gave up",
    "my accountant is on holiday, so I'm checking the figures myself",
    "we're splitting the bills in our flat and I'm the one who does the sums",
    "we're renovating the bathroom and every estimate is different",
    "we're organising a charity event and I'm the treasurer",
    "it's tax season and I'm buried in paperwork",
    "as a carpenter, I measure twice and cut once",
    "as a nurse, I double-check everything I work out",
    "before I send these figures to my boss, I want to be sure of them",
    "honestly, I've never been good with numbers",
    "there's a pile of receipts on the kitchen table in front of me",
    "this is for a grant application, so my figures have to be right",
    "my son and I are working through his science project together",
    "our school fundraiser is coming up and I'm handling the money side",
    "expenses from my last work trip still need sorting out",
    "I'm teaching a class tomorrow and preparing some examples",
    "I freelance and I'm putting an invoice together",
    "two car dealers gave me offers and I'm comparing them",
    "I coach a kids' football team and track how they're doing",
    "my pension statement just arrived and I'm going through it",
    "I sell things online and I'm working out my margins",
    "my chemistry worksheet for class isn't going to write itself",
    "I'm meal-prepping for the week and scaling recipes up",
    "my calculator is in my locker at uni, so I'm using you instead",
    "I like to keep all my workings in one place",
    "before we start on the garden makeover, I'm doing the sums",
    "I think the shop may have overcharged me",
    "I'm preparing a report and the figures need to be consistent",
    "I'm learning to code and checking results by hand",
    "we're doing some rough planning for a trip abroad",
    "I am reconciling the figures for our quarterly board pack",
)

LANGUAGE = {
    # --- session ------------------------------------------------------------------------------
    "start_session": ToolLanguage(
        task=("start a calculator session", "open a session so the memory can be used"),
        asks=(
            "start a calculator session",
            "open a session so I can use the memory",
            "begin a new calculation session",
            "I want to start a session",
            "get a session going",
            "let's open a session first",
        ),
        answer=Answer(
            fields=("memory_slots",),
            when={"status": {
                "started": (
                    "Your session is open; you have {memory_slots} saved memory slots.",
                    "Session started. There are {memory_slots} values in memory from before.",
                ),
                "already active": (
                    "A session was already open; {memory_slots} memory slots are saved.",
                    "You're already in a session, with {memory_slots} values in memory.",
                ),
            }},
        ),
        why=("I'll want to store a few results", "I have a long list of sums to get through", "I need the memory for this"),
    ),
    "end_session": ToolLanguage(
        task=("end the calculator session",),
        asks=(
            "end my calculator session",
            "close the session",
            "I'm done, finish the session",
            "wrap up the session",
            "log out of the calculator session",
            "shut the session down",
        ),
        answer=Answer(
            fields=("memory_slots",),
            says=(
                "Session closed; your {memory_slots} memory slots stay saved.",
                "The session is over. The {memory_slots} values in memory will be there next time.",
                "Ended the session ({memory_slots} memory slots kept).",
            ),
        ),
        why=("I'm packing up for the day", "I've finished my sums", "I've got what I needed"),
    ),
    # --- arithmetic ---------------------------------------------------------------------------
    "calculate": ToolLanguage(
        task=("do the arithmetic on {a} and {b}", "work out the calculation with {a} and {b}"),
        asks=_TWO_NUMBERS,
        params={
            "operation": {
                "add": ("and add them together", "and add them up", "and give me their sum"),
                "subtract": ("and subtract the second from the first", "and take the second away from the first"),
                "multiply": ("and multiply them", "and give me their product", "and multiply one by the other"),
                "divide": ("and divide the first by the second", "and split the first into that many equal parts"),
                "modulo": ("and give me the remainder when the first is divided by the second", "and take the first modulo the second"),
                "floor_divide": (
                    "and tell me how many whole times the second goes into the first",
                    "and floor-divide the first by the second",
                ),
            },
        },
        answer=Answer(
            fields=("result",),
            says=("{expression} = {result}.", "That comes to {result}.", "The answer is {result} ({expression})."),
        ),
        why=(
            "I don't trust myself to do it in my head",
            "I want to double-check my working",
            "I'm checking my kid's homework",
            "I'm filling in a form and want it right",
        ),
    ),
    "power": ToolLanguage(
        task=("raise {base} to the power of {exponent}",),
        asks=(
            "what's {base} to the power of {exponent}?",
            "raise {base} to the power {exponent}",
            "compute {base}^{exponent}",
            "what do I get if I raise {base} to {exponent}?",
            "I need {base} raised to the power of {exponent}",
            "what's {base} raised to {exponent}?",
            "how much is {base} with an exponent of {exponent}?",
        ),
        # Powers people compute: squares and cubes, compound growth (1.05^10), halvings.
        values={"base": (2, 3, 1.05, 1.07, 10, 12, 1.5, 0.5, 7, 4, 9, 1.025), "exponent": (2, 3, 10, 0.5, 12, 4, 5, 8, -1, 20, 30, 6)},
        answer=Answer(
            fields=("result",),
            says=("{base} to the power of {exponent} is {result}.", "{expression} = {result}.", "That's {result}."),
        ),
        why=("I'm working through a physics problem", "I want to double-check my working", "I'm checking my kid's homework"),
    ),
    "root": ToolLanguage(
        task=("take the root of {value}",),
        asks=(
            "what's the root of {value}?",
            "take the root of {value}",
            "find the root of {value}",
            "work out the root of {value}",
            "I need the root of {value}",
            "compute the root of {value} for me",
        ),
        params={"degree": ("of degree {}", "with degree {}", "with a root degree of {}")},
        values={"value": (16, 27, 81, 144, 1000, 2, 50, 625, 225, 12.25, 343, 10), "degree": (2, 3, 4, 5)},
        answer=Answer(
            fields=("result",),
            says=("{expression} = {result}.", "The root is {result}.", "That root comes out to {result}."),
        ),
        why=("I'm checking a geometry answer", "I'm working through a physics problem", "my calculator doesn't do roots"),
    ),
    "logarithm": ToolLanguage(
        task=("take the logarithm of {value}",),
        asks=(
            "what's the log of {value}?",
            "take the logarithm of {value}",
            "compute log {value}",
            "work out the logarithm of {value}",
            "I need the log of {value}",
            "find the logarithm of {value}",
        ),
        params={"base": ("in base {}", "to base {}", "with base {}")},
        values={"value": (100, 1000, 2, 50, 1024, 0.5, 8, 365, 1e6, 20, 0.01, 7.5), "base": (2, 10, "e")},
        answer=Answer(
            fields=("result",),
            says=("{expression} = {result}.", "The logarithm is {result}.", "That log comes out to {result}."),
        ),
        why=("I'm revising for a maths exam", "it's for a chemistry problem", "I never remember how logs work"),
    ),
    "percentage": ToolLanguage(
        task=("work out the percentage with {a} and {b}", "do the percentage calculation on {a} and {b}"),
        asks=_TWO_FIGURES,
        params={
            "operation": {
                "percent_of": ("and find what the first percent of the second comes to", "and apply the first as a percentage to the second"),
                "what_percent": ("and tell me what percentage the first is of the second", "and express the first as a percentage of the second"),
                "change": ("and give me the percent change from the first to the second", "and tell me by what percent it went from the first to the second"),
                "increase_by": ("and increase the first by the second percent", "and raise the first by the second as a percentage"),
                "decrease_by": ("and decrease the first by the second percent", "and cut the first by the second as a percentage"),
            },
        },
        answer=Answer(
            fields=("result",),
            says=("{expression} comes to {result}.", "That works out to {result}.", "The answer is {result}."),
            when={"unit": {"%": ("That's {result}%.", "It works out to {result}%.", "{expression}: {result}%.")}},
        ),
        why=("percentages always confuse me", "I'm putting the figures into a report", "I want to be sure before I quote it"),
    ),
    # --- statistics ---------------------------------------------------------------------------
    "summary_statistics": ToolLanguage(
        task=("summarise the numbers {values}", "get the statistics of {values}"),
        asks=(
            "give me the statistics of {values}",
            "what are the mean, median and standard deviation of {values}?",
            "summarize these numbers: {values}",
            "crunch the numbers {values}",
            "I need the average and spread of {values}",
            "run summary stats on {values}",
            "how do {values} look statistically?",
        ),
        context=("the numbers are {values}", "my data is {values}", "the values I have are {values}"),
        params={
            "sample": {
                True: ("as a sample", "using the sample standard deviation"),
                False: ("as the whole population", "using the population standard deviation"),
            },
        },
        values={"values": _DATASETS},
        answer=Answer(
            fields=("mean", "median"),
            says=(
                "For those {count} numbers the mean is {mean} and the median {median}; they range from {min} to {max}.",
                "The mean is {mean} and the median {median}, with a standard deviation of {stdev}.",
                "The average is {mean}, the median is {median}, and the standard deviation is {stdev}.",
            ),
            # One value has no sample standard deviation (it is null): say so instead.
            when={"count": {1: (
                "With just one number there's no spread: the mean is {mean} and the median is {median}.",
                "With a single value the mean is {mean} and the median {median}; a standard deviation needs at least two.",
            )}},
        ),
        why=("I want a quick summary of the numbers", "I'm writing up a lab report", "I have to present these figures tomorrow"),
    ),
    "percentile": ToolLanguage(
        task=("find percentile {percentile} of {values}",),
        asks=(
            "what's percentile {percentile} of {values}?",
            "find the value at percentile {percentile} in {values}",
            "compute percentile {percentile} of {values}",
            "where's the {percentile} percent mark in {values}?",
            "I need percentile {percentile} for {values}",
            "give me the percentile-{percentile} value of {values}",
        ),
        values={"values": _DATASETS, "percentile": (10, 25, 50, 75, 90, 95, 99)},
        answer=Answer(
            fields=("result",),
            says=("Percentile {percentile} is {result}.", "The value at percentile {percentile} is {result}.", "That's {result}."),
        ),
        kinds={"percentile": "number"},
        why=(
            "I want to see where the cut-off falls",
            "it's for a report I'm writing",
            "I'm comparing one result against the rest",
        ),
    ),
    # --- conversion ---------------------------------------------------------------------------
    "convert_units": ToolLanguage(
        task=("convert {value} {from_unit} to {to_unit}",),
        asks=(
            "convert {value} {from_unit} to {to_unit}",
            "how many {to_unit} is {value} {from_unit}?",
            "change {value} {from_unit} into {to_unit}",
            "what's {value} {from_unit} in {to_unit}?",
            "turn {value} {from_unit} into {to_unit}",
            "I need {value} {from_unit} expressed in {to_unit}",
            "{value} {from_unit} is how many {to_unit}?",
        ),
        answer=Answer(
            fields=("result",),
            says=("{value} {from_unit} is {result} {to_unit}.", "That's {result} {to_unit}.", "It comes to {result} {to_unit}."),
        ),
        why=(
            "it's for a school assignment",
            "I want to double-check a number",
            "I'm comparing two spec sheets",
            "I can never remember the factor",
        ),
    ),
    "list_units": ToolLanguage(
        task=("list the units the converter knows",),
        asks=(
            "what units can you convert?",
            "list the {dimension} units",
            "which {dimension} units do you know?",
            "show me the units you support",
            "what can I convert between?",
            "I need the list of units you handle",
        ),
        params={
            "dimension": {
                "length": ("for length", "for distances"),
                "mass": ("for mass", "for weight"),
                "volume": ("for volume", "for liquids"),
                "temperature": ("for temperature",),
                "time": ("for time", "for durations"),
                "speed": ("for speed",),
                "area": ("for area",),
            },
        },
        answer=Answer(
            each="{unit}",
            says=("I can convert {count} units: {items}.", "Supported units: {items}.", "There are {count} of them: {items}."),
            empty=("There are no units for that.", "I don't have any units there."),
        ),
        why=("I'm not sure what you support", "I want to know my options first", "I'd like to see what's available"),
    ),
    "convert_currency": ToolLanguage(
        task=("convert {amount} {from_currency} to {to_currency}",),
        asks=(
            "convert {amount} {from_currency} to {to_currency}",
            "how much is {amount} {from_currency} in {to_currency}?",
            "exchange {amount} {from_currency} into {to_currency}",
            "what's {amount} {from_currency} worth in {to_currency}?",
            "change {amount} {from_currency} to {to_currency} at today's rate",
            "I have {amount} {from_currency}; what is that in {to_currency}?",
        ),
        answer=Answer(
            fields=("result", "rate"),
            says=(
                "{amount} {from_currency} is {result} {to_currency} at today's rate of {rate}.",
                "That's {result} {to_currency} (1 {from_currency} = {rate} {to_currency}).",
                "At {rate}, you'd get {result} {to_currency}.",
            ),
        ),
        kinds={"amount": "number", "result": "number", "rate": "number"},
        why=(
            "I'm travelling next week",
            "I'm paying an invoice from abroad",
            "I'm comparing prices",
            "a friend overseas is paying me back",
        ),
    ),
    "list_exchange_rates": ToolLanguage(
        task=("look up today's exchange rates",),
        asks=(
            "show today's exchange rates",
            "what are the rates for {base}?",
            "list the exchange rates against {base}",
            "give me the currency rates",
            "how much does one {base} buy in other currencies?",
            "I need today's rates",
        ),
        context=("the base currency is {base}", "I'm thinking in {base}"),
        params={"base": ("against {}", "relative to {}", "for one {}")},
        answer=Answer(
            each="{currency} {rate}",
            says=("Today's rates: {items}.", "Here are {count} rates: {items}.", "Current exchange rates: {items}."),
            empty=("I have no rates right now.", "No exchange rates are available."),
        ),
        kinds={"rate": "number"},
        why=("I'm planning a trip abroad", "I'm keeping an eye on the rates", "I get paid from abroad"),
    ),
    # --- memory -------------------------------------------------------------------------------
    "memory_store": ToolLanguage(
        task=("store a value in memory as {name}", "save it to memory under {name}"),
        asks=(
            "store {value} in memory as {name}",
            "save {value} under {name}",
            "remember {value} as {name}",
            "take {entry_id} and save its result as {name}",
            "keep what {entry_id} came to in memory under {name}",
            "make a memory slot called {name}",
            "put {value} in a new slot named {name}",
            "I want a memory slot named {name}",
        ),
        params={
            "value": ("with the value {}", "holding {}"),
            "entry_id": ("holding the result of {}", "from {}"),
        },
        values={"name": _SLOT_NAMES},
        answer=Answer(
            fields=("value",),
            says=("Saved {value} as {name}.", "{name} is stored in memory: {value}.", "Memory slot {name} now holds {value}."),
        ),
        why=("I'll need it again in a minute", "I don't want to retype it later", "I'm building up a total"),
    ),
    "memory_recall": ToolLanguage(
        task=("recall {slot_id}", "read back {slot_id}"),
        asks=(
            "recall {slot_id}",
            "what's in {slot_id}?",
            "read back {slot_id}",
            "what value did I save in {slot_id}?",
            "pull up {slot_id}",
            "remind me what {slot_id} holds",
        ),
        context=("it's {slot_id}", "I saved it in {slot_id}"),
        answer=Answer(
            fields=("value",),
            says=("{name} holds {value}.", "You stored {value} as {name}.", "The value in {name} is {value}."),
        ),
        why=("I need it for the next step", "I forgot what I saved", "I want to use it in another sum"),
    ),
    "memory_list": ToolLanguage(
        task=("list what's stored in memory",),
        asks=(
            "what's in memory?",
            "list my memory slots",
            "show everything I have stored",
            "which values have I saved?",
            "go through my saved values",
            "I'd like to see my memory",
        ),
        answer=Answer(
            each="{name} ({value})",
            says=("You have {count} memory slots: {items}.", "In memory: {items}.", "Your saved values: {items}."),
            empty=("Memory is empty.", "You haven't stored anything yet."),
        ),
        why=("I forgot what I stored", "I want to tidy up my memory", "I'm about to reuse some of them"),
    ),
    "memory_update": ToolLanguage(
        task=("update {slot_id} with {value}", "change the value stored in {slot_id}"),
        asks=(
            "update {slot_id} with {value}",
            "change {slot_id} using {value}",
            "adjust {slot_id} with {value}",
            "apply {value} to {slot_id}",
            "use {value} on {slot_id}",
            "rework {slot_id} with {value}",
        ),
        params={
            "operation": {
                "set": ("as its new value", "replacing what's stored", "overwriting the old value"),
                "add": ("by adding it", "adding it to what's stored"),
                "subtract": ("by subtracting it", "taking it off what's stored"),
                "multiply": ("by multiplying by it", "multiplying what's stored by it"),
                "divide": ("by dividing by it", "dividing what's stored by it"),
            },
        },
        answer=Answer(
            fields=("value",),
            says=("{name} is now {value}.", "Updated {name}: it holds {value}.", "The new value of {name} is {value}."),
        ),
        why=("I just got updated figures", "I want it to stay current", "the old figure is wrong now"),
    ),
    "memory_delete": ToolLanguage(
        task=("delete {slot_id}",),
        asks=(
            "delete {slot_id}",
            "forget {slot_id}",
            "clear {slot_id}",
            "I don't need {slot_id} anymore",
            "drop {slot_id}",
            "wipe {slot_id}",
        ),
        answer=Answer(says=("That memory slot is deleted.", "Deleted; the slot is free again.", "It's gone from memory.")),
        why=("it was a one-off", "it's out of date", "I'm clearing out old values"),
    ),
    # --- history and settings -----------------------------------------------------------------
    "list_history": ToolLanguage(
        task=("look up the recent calculations", "list the calculation history"),
        asks=(
            "show my last {limit} calculations",
            "what did I calculate recently?",
            "list my calculation history",
            "go back through my recent calculations",
            "which calculations have I done lately?",
            "pull up the history",
            "I need to see my previous calculations",
        ),
        params={
            "limit": ("the last {}", "just the last {}", "at most {} of them"),
            "kind": {
                "arithmetic": ("only the arithmetic ones", "just plain arithmetic"),
                "power": ("only the powers", "just the exponent ones"),
                "root": ("only the roots", "just the root calculations"),
                "logarithm": ("only the logarithms", "just the logs"),
                "percentage": ("only the percentage ones", "just percentages"),
                "statistics": ("only the statistics", "just the percentile ones"),
                "conversion": ("only unit conversions", "just the unit conversions"),
                "currency": ("only currency conversions", "just the currency exchanges"),
            },
            "contains": ("that contain {}", "involving {}", "with {} in them"),
        },
        answer=Answer(
            each="{expression} = {result}",
            says=("Your last {count} calculations: {items}.", "Recent history: {items}.", "I found {count}: {items}."),
            empty=("There's nothing like that in your history.", "No calculations match."),
        ),
        why=("I lost track of what I worked out", "I need a result from earlier", "I want to check my earlier working"),
    ),
    "get_history_entry": ToolLanguage(
        task=("look up {entry_id} in the history",),
        asks=(
            "show me {entry_id}",
            "what was the outcome of {entry_id}?",
            "look up {entry_id} in my history",
            "what did {entry_id} come out to?",
            "pull up {entry_id}",
            "I need the answer to {entry_id} again",
        ),
        context=("it's {entry_id}", "I mean {entry_id}"),
        answer=Answer(
            fields=("result",),
            says=("{expression} came out to {result}.", "That one was {expression} = {result}.", "The answer was {result}."),
        ),
        why=("I need that result again", "I want to check how I got it", "I'm writing it up"),
    ),
    "clear_history": ToolLanguage(
        task=("clear the calculation history",),
        asks=(
            "clear my calculation history",
            "wipe the history",
            "delete all past calculations",
            "start the history fresh",
            "erase every calculation in the history",
            "I want an empty history",
        ),
        answer=Answer(
            fields=("deleted",),
            says=("Cleared {deleted} calculations from the history.", "The history is empty now; {deleted} entries were deleted.", "Deleted {deleted} past calculations."),
        ),
        why=("I'm starting fresh", "it's cluttered with old sums", "someone else will use this after me"),
    ),
    "set_precision": ToolLanguage(
        task=("round results to {decimals} decimal places", "set the precision to {decimals} decimals"),
        asks=(
            "round results to {decimals} decimal places",
            "set the precision to {decimals} decimals",
            "show {decimals} digits after the decimal point",
            "I want answers with {decimals} decimal places",
            "change the rounding to {decimals} places",
            "use {decimals} decimals from now on",
        ),
        params={
            "rounding": {
                "half_even": ("with banker's rounding", "rounding halves to the even digit"),
                "half_up": ("rounding halves up", "with the usual round-half-up rule"),
                "half_down": ("rounding halves down", "with ties going down"),
                "up": ("always rounding away from zero", "always rounding up in size"),
                "down": ("always rounding toward zero", "just cutting off the extra digits"),
                "ceiling": ("always rounding toward positive infinity", "rounding to the ceiling"),
                "floor": ("always rounding toward negative infinity", "rounding to the floor"),
            },
        },
        answer=Answer(
            fields=("decimals", "rounding"),
            says=(
                "Results will be rounded to {decimals} decimal places ({rounding} rounding).",
                "Precision set: {decimals} decimals, rounding {rounding}.",
                "From now on you'll get {decimals} decimal places, rounded {rounding}.",
            ),
        ),
        kinds={"decimals": "count"},
        why=(
            "my teacher wants answers rounded like that",
            "it's for a report with strict formatting",
            "the extra digits are distracting",
        ),
    ),
    "get_settings": ToolLanguage(
        task=("check the calculator's settings",),
        asks=(
            "what precision are you using?",
            "show the calculator settings",
            "how are results rounded?",
            "how many decimals do you show?",
            "is a session open right now?",
            "tell me the current rounding setup",
        ),
        answer=Answer(
            fields=("decimals", "rounding"),
            when={"session_active": {
                True: (
                    "Results are rounded to {decimals} decimal places ({rounding} rounding), and a session is open.",
                    "You get {decimals} decimals with {rounding} rounding; your session is active.",
                ),
                False: (
                    "Results are rounded to {decimals} decimal places ({rounding} rounding); no session is open.",
                    "You get {decimals} decimals with {rounding} rounding, and there's no active session.",
                ),
            }},
        ),
        kinds={"decimals": "count"},
        why=("my results look oddly rounded", "I want to know how results are rounded", "someone else used this before me"),
    ),
}

# Per-value asks: calculate(a=12, operation="subtract", b=5) reads "what's 12 minus 5?" rather
# than "take 12 and 5 and subtract the second from the first" (kept apart here for reading).
VALUE_ASKS = {
    ("calculate", "operation"): {
        "add": ("what's {a} plus {b}?", "add {a} and {b}", "{a} + {b}?"),
        "subtract": ("what's {a} minus {b}?", "subtract {b} from {a}", "take {b} away from {a}"),
        "multiply": ("what's {a} times {b}?", "multiply {a} by {b}", "{a} x {b}?"),
        "divide": ("what's {a} divided by {b}?", "divide {a} by {b}", "split {a} into {b} equal parts"),
        "modulo": ("what's {a} mod {b}?", "what's the remainder of {a} divided by {b}?"),
        "floor_divide": ("how many whole times does {b} go into {a}?", "integer-divide {a} by {b}"),
    },
    ("percentage", "operation"): {
        "percent_of": ("what's {a}% of {b}?", "work out {a} percent of {b}"),
        "what_percent": ("what percent of {b} is {a}?", "{a} is what percentage of {b}?"),
        "change": ("what's the percent change from {a} to {b}?", "by what percent did it go from {a} to {b}?"),
        "increase_by": ("increase {a} by {b}%", "what's {a} plus {b} percent?"),
        "decrease_by": ("take {b}% off {a}", "what's {a} minus {b} percent?"),
    },
    ("memory_update", "operation"): {
        "set": ("set {slot_id} to {value}", "change {slot_id} to {value}"),
        "add": ("add {value} to {slot_id}", "M+ {value} into {slot_id}"),
        "subtract": ("subtract {value} from {slot_id}", "take {value} off {slot_id}"),
        "multiply": ("multiply {slot_id} by {value}",),
        "divide": ("divide {slot_id} by {value}",),
    },
}


LANGUAGE = {
    name: replace(lang, value_asks={param: cases for (tool, param), cases in VALUE_ASKS.items() if tool == name})
    if any(tool == name for tool, _ in VALUE_ASKS) else lang
    for name, lang in LANGUAGE.items()
}

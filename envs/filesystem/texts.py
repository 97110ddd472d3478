"""Authored text pools for the FileSystem world: what people's notes, reports, letters and code say.

The world's files are read back to the user (``cat``, ``head``, ``grep``...), so their text ends
up in answers that models are trained on: it must read like real files, not like generated
filler. Each maker composes a document from these pools with a seeded ``random.Random``;
:func:`toolgym.envs.filesystem.data.texts` builds a per-process pool of documents from them once.
"""

from __future__ import annotations

import random

__all__ = ["note", "todo", "markdown", "letter", "python", "test", "json_config", "csv", "REPORT_NAMES", "DOWNLOAD_STEMS", "DOWNLOAD_SUFFIXES"]

TODO_ITEMS = (
    "renew the car registration", "book the dentist for a cleaning", "pay the electricity bill",
    "call the landlord about the leaking tap", "order a birthday present for Sam", "back up the laptop",
    "cancel the unused streaming subscription", "return the library books", "schedule the boiler service",
    "update the budget spreadsheet", "buy printer paper", "reply to the HOA email", "fix the squeaky door",
    "send the invoice for October", "file the expense report", "sign up for the 10k run",
    "clean out the garage", "take the winter coats to the dry cleaner", "check the flight times for December",
    "replace the smoke detector battery", "renew the passport", "read the chapter for book club",
    "refill the prescription", "email the photos to Grandma", "set up automatic savings transfer",
    "defrost the freezer", "get a quote for new tires", "finish the slides for Thursday",
    "review the pull request from Priya", "upgrade the NAS firmware", "water the plants on the balcony",
    "compare home insurance offers", "write the thank-you cards", "plan the menu for Sunday lunch",
    "donate the old clothes", "return the Amazon package", "change the Wi-Fi password",
    "put the recycling out on Tuesday", "find the warranty for the dishwasher", "renew the gym membership",
)
NOTE_LINES = (
    "Slow start today, but the afternoon was productive.",
    "Standup was short; the release is still planned for Friday.",
    "Rained all day, so I stayed in and sorted the photos.",
    "Good call with the client: they approved the second draft.",
    "Spent the morning on the tax paperwork, almost done.",
    "The new coffee place on Elm Street is worth going back to.",
    "Long day of meetings, not much real work got done.",
    "Finally fixed the bug in the export script.",
    "Ran 5 km before work, felt great.",
    "Kids' school concert tonight at 6.",
    "Budget review went fine; we are slightly under on travel.",
    "Internet was down for two hours, called the provider.",
    "Started reading a new novel, hard to put down.",
    "Team lunch for Maria's farewell.",
    "Migrated the old notes into the new folder structure.",
    "Car is making a noise again when braking.",
    "Quiet Sunday, cooked a big pot of soup for the week.",
    "Interviewed two candidates for the analyst role.",
    "Worked from home; the heating is fixed at last.",
    "Planned the trip to the coast for the long weekend.",
)
CALL_TOPICS = (
    "the invoice", "the lease renewal", "Saturday's game", "the quarterly numbers", "the plumbing",
    "the school trip", "the conference talk", "the new laptop", "the dentist bill", "dinner on Friday",
    "the insurance claim", "the garden fence", "the holiday rota", "the spare keys",
)
REPORT_TOPICS = (
    "budget", "sales", "marketing", "hiring", "security-audit", "customer-survey", "roadmap", "incident",
    "inventory", "support-tickets", "website-traffic", "cloud-costs", "onboarding", "vendor-review",
    "energy-usage", "fundraising", "training", "product-feedback", "fleet", "facilities", "churn",
    "release-notes", "compliance", "partnerships", "quality",
)
REPORT_PERIODS = ("2024-q3", "2024-q4", "2025-q1", "2025-q2", "2025-q3", "2025-05", "2025-08", "2025-10")
REPORT_NAMES = tuple(f"{t}-{p}-report.md" for t in REPORT_TOPICS for p in REPORT_PERIODS)
REPORT_TITLES = (
    "Quarterly budget review", "Website redesign: status", "Customer survey results", "Security audit findings",
    "Hiring plan update", "Cloud cost review", "Support ticket trends", "Product roadmap",
    "Incident review: checkout outage", "Inventory count", "Onboarding feedback", "Vendor comparison",
)
REPORT_INTRO = (
    "This report summarises the work done since the last review and the open questions.",
    "Numbers are taken from the finance export at the end of the period.",
    "Overall the quarter went to plan, with two exceptions described below.",
    "The survey ran for three weeks and got 412 responses.",
    "Costs rose by 8 percent, mostly because of the new storage tier.",
    "Most of the delay came from waiting on the vendor's security review.",
    "The team closed 140 tickets, up from 118 last period.",
    "We kept the scope small so the changes could ship before the holidays.",
    "Traffic grew steadily; mobile is now more than half of all visits.",
    "Two hires joined in September and a third starts next month.",
)
REPORT_STATUS = (
    "Vendor contract signed", "Migration to the new database finished", "Load tests pass at 500 requests per second",
    "Design review scheduled for next Tuesday", "Two open positions still unfilled", "Backup restore tested successfully",
    "Pricing page copy approved", "Legal review still pending", "Dashboard shared with the leadership team",
    "Old servers decommissioned", "Training sessions booked for all new staff", "Invoice backlog cleared",
    "Mobile app crash rate down to 0.4 percent", "Office move postponed to January",
    "Accessibility fixes merged", "Supplier delivered the replacement parts",
)
REPORT_NEXT = (
    "Agree the budget for next quarter before the 15th.",
    "Follow up with the vendor on the missing documentation.",
    "Share the results with the whole team at the monthly meeting.",
    "Decide whether to extend the pilot for another month.",
    "Collect feedback from the first users and adjust the plan.",
    "Prepare a short summary for the board.",
    "Move the remaining services and switch off the old cluster.",
    "Hire a contractor for the data clean-up.",
)
LETTER_OPENERS = (
    "Thank you for your letter of last week.",
    "I hope you are keeping well.",
    "I am writing about the renewal of our lease.",
    "Thank you for having us over last weekend; we had a lovely time.",
    "I am writing to confirm the details we discussed on the phone.",
    "It was good to catch up at the conference.",
)
LETTER_BODY = (
    "As agreed, I have enclosed a copy of the signed form.",
    "The payment should reach your account by the end of the month.",
    "Please let me know if any of the dates do not suit you.",
    "The children are doing well and send their love.",
    "We would be happy to host you in the spring if you can make it.",
    "I have attached the invoice and the delivery note.",
    "The repairs to the roof were finished on Tuesday.",
    "I would appreciate a reply at your earliest convenience.",
    "Our new address is on the back of this letter.",
    "I am sorry for the delay in getting back to you.",
)
LETTER_CLOSERS = ("Best regards", "Kind regards", "With warm wishes", "Yours sincerely", "All the best")

MODULE_DOCS = {
    "main": "Entry point: parse the arguments and run the app", "utils": "Small helpers used across the project",
    "config": "Reading and validating the settings file", "models": "The data classes the app passes around",
    "api": "HTTP routes of the public API", "db": "Database access: connections, queries and migrations",
    "cli": "The command-line interface", "parser": "Parsing of the exported CSV files",
    "client": "HTTP client for the remote service", "server": "The web server and its startup",
    "auth": "Authentication and session handling", "cache": "A small in-memory cache with expiry",
    "storage": "Saving and loading files", "scheduler": "Scheduled jobs and their runner",
    "report": "Report generation", "metrics": "Metrics collection and export", "handlers": "Request handlers",
    "views": "Page views and templates", "tasks": "Background tasks", "validators": "Input validation",
}
FUNCTIONS = (
    ("load_config", "path", "Read the settings file and return it as a dict.", "fall back to defaults when the file is missing"),
    ("parse_row", "line", "Split one CSV line into its fields.", "handle quoted commas"),
    ("format_amount", "value", "Format a number as money with two decimals.", "support other currencies"),
    ("fetch_page", "url", "Download a page and return its text.", "add a retry on timeout"),
    ("save_report", "report", "Write the report to disk as Markdown.", "include the generation date"),
    ("normalize_name", "name", "Strip and title-case a person's name.", "keep particles like 'van' lower-case"),
    ("group_by_month", "rows", "Group rows by the month of their date.", "sort the months"),
    ("check_password", "password", "Return True when the password matches the stored hash.", "rate-limit failed attempts"),
    ("send_reminder", "user", "Email a reminder to the user.", "skip users who opted out"),
    ("total_expenses", "items", "Sum the amounts of the given items.", "ignore refunds"),
    ("resize_image", "path", "Shrink an image to fit 1024 pixels.", "keep the EXIF orientation"),
    ("next_run", "job", "Return when the job should run next.", "respect the time zone"),
    ("read_events", "path", "Read the event log and return the entries.", "stream large files"),
    ("cache_get", "key", "Return the cached value or None.", "expire stale entries"),
    ("validate_email", "address", "Check that an email address looks valid.", "allow plus addressing"),
)
# Config keys with the range their values plausibly take.
JSON_KEYS = {
    "timeout_seconds": (5, 120), "max_retries": (1, 10), "port": (3000, 9000), "page_size": (10, 200),
    "cache_ttl": (30, 3600), "workers": (1, 16), "batch_size": (50, 1000), "max_upload_mb": (5, 500),
    "session_minutes": (15, 240), "backup_hour": (0, 23), "threads": (1, 32), "retention_days": (7, 365),
}
# Card statement lines: merchant, category, and the range of a plausible amount.
PURCHASES = (
    ("Whole Foods", "groceries", 12, 180), ("Trader Joe's", "groceries", 8, 120), ("Costco", "groceries", 40, 320),
    ("Shell", "transport", 25, 90), ("Uber", "transport", 9, 60), ("Lyft", "transport", 8, 55),
    ("Delta Air Lines", "travel", 120, 780), ("Airbnb", "travel", 90, 650), ("Netflix", "subscriptions", 7, 23),
    ("Spotify", "subscriptions", 6, 17), ("Apple", "subscriptions", 1, 15), ("Comcast", "utilities", 60, 140),
    ("Con Edison", "utilities", 45, 220), ("City Water Dept", "utilities", 20, 90), ("Geico", "insurance", 70, 240),
    ("CVS Pharmacy", "health", 5, 85), ("Walgreens", "health", 4, 60), ("Chipotle", "dining", 10, 45),
    ("Starbucks", "dining", 4, 18), ("Amazon", "household", 8, 250), ("IKEA", "household", 20, 600),
    ("Home Depot", "household", 12, 400), ("Target", "household", 10, 150), ("REI", "entertainment", 25, 300),
    ("AMC Theatres", "entertainment", 12, 45), ("Etsy", "gifts", 15, 90),
)
DOWNLOAD_STEMS = (
    "invoice", "receipt", "boarding-pass", "lease", "bank-statement", "paystub", "manual", "recipe",
    "itinerary", "ticket", "syllabus", "resume", "cover-letter", "contract", "quote", "warranty",
    "tax-form", "playlist", "dataset", "export", "notes", "agenda", "minutes", "schedule", "checklist",
    "changelog", "inventory", "contacts", "transactions", "orders", "survey-results", "timesheet",
    "wishlist", "guest-list", "packing-list", "floor-plan", "meal-plan", "reading-list",
)
DOWNLOAD_SUFFIXES = ("", "-2025", "-final", "-v2", "-oct", "-copy", "-signed", "-draft", "-old")


def _pick(rng: random.Random, pool: tuple[str, ...], k: int) -> list[str]:
    return rng.sample(pool, min(k, len(pool)))


def note(rng: random.Random) -> str:
    lines = [rng.choice(NOTE_LINES), ""]
    lines += [f"- [{rng.choice(' x')}] {t}" for t in _pick(rng, TODO_ITEMS, rng.randint(1, 4))]
    lines += ["", f"call {rng.choice(('Ana', 'Ben', 'Chris', 'Dana', 'Eli', 'Fatima', 'Greg', 'Hana'))} about {rng.choice(CALL_TOPICS)}"]
    return "\n".join(lines) + "\n"


def todo(rng: random.Random) -> str:
    return "".join(f"- {t}\n" for t in _pick(rng, TODO_ITEMS, 8))


def markdown(rng: random.Random) -> str:
    body = [f"# {rng.choice(REPORT_TITLES)}", "", " ".join(_pick(rng, REPORT_INTRO, 2)), "", "## Status", ""]
    body += [f"- {s}" for s in _pick(rng, REPORT_STATUS, rng.randint(2, 5))]
    body += ["", "## Next steps", "", " ".join(_pick(rng, REPORT_NEXT, 2))]
    return "\n".join(body) + "\n"


def letter(rng: random.Random, who: str) -> str:
    body = " ".join([rng.choice(LETTER_OPENERS), *_pick(rng, LETTER_BODY, 3)])
    return f"Dear {who},\n\n{body}\n\n{rng.choice(LETTER_BODY)}\n\n{rng.choice(LETTER_CLOSERS)}\n"


def python(rng: random.Random, module: str) -> str:
    lines = [f'"""{MODULE_DOCS[module]}."""', "", "import json", "import os", ""]
    for fn, arg, doc, todo_ in _pick_funcs(rng, rng.randint(2, 4)):
        lines += ["", f"def {fn}({arg}):", f'    """{doc}"""', f"    # TODO: {todo_}", f"    return {arg}"]
    return "\n".join(lines) + "\n"


def _pick_funcs(rng: random.Random, k: int) -> list[tuple[str, str, str, str]]:
    return [FUNCTIONS[i] for i in rng.sample(range(len(FUNCTIONS)), k)]


def test(rng: random.Random) -> str:
    lines = ["import pytest", ""]
    for fn, _, _, _ in _pick_funcs(rng, rng.randint(2, 4)):
        n = rng.randint(1, 99)
        lines += ["", f"def test_{fn}_returns_its_input_unchanged_for_now():", f"    assert {fn}({n}) == {n}"]
    return "\n".join(lines) + "\n"


def json_config(rng: random.Random) -> str:
    keys = _pick(rng, tuple(JSON_KEYS), rng.randint(2, 6))
    return "{\n" + ",\n".join(f'  "{k}": {rng.randint(*JSON_KEYS[k])}' for k in keys) + "\n}\n"


def csv(rng: random.Random, days: tuple[str, ...]) -> str:
    lines = ["date,category,description,amount"]
    for _ in range(rng.randint(5, 15)):
        merchant, category, lo, hi = rng.choice(PURCHASES)
        lines.append(f"{rng.choice(days)},{category},{merchant},{rng.randint(lo, hi - 1)}.{rng.randint(0, 99):02d}")
    return "\n".join(lines) + "\n"


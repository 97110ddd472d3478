"""The persona: the one user an assistant serves, shared by every domain of a world.

Built from the world's ``"persona"`` RNG stream, so a domain sees the same person (name, email,
phone, home city, contacts, payment cards) alone or composed with other domains. That is what
lets a task cross domains: find a flight in Travel, then message its code to a contact in
Messaging.
"""

from __future__ import annotations

import random
from typing import Any

from .pools import people, pool

__all__ = ["make_persona"]

_CARD_BRANDS = ("visa", "mastercard", "amex")
_STATES = ("CA", "NY", "TX", "WA", "IL", "PA", "OH", "GA", "NC", "MI", "AZ", "MA", "CO", "OR", "MN", "FL")


def make_persona(rng: random.Random) -> dict[str, Any]:
    me, *contacts = people(rng, 41)
    cards = []
    for i, brand in enumerate(rng.sample(_CARD_BRANDS, 2)):
        number = rng.choice(pool("credit_card_number"))
        cards.append(
            {
                "card_id": f"card_{rng.getrandbits(32):08x}",
                "brand": brand,
                "last4": number[-4:],
                "holder": me["name"],
                "expires": f"{rng.randint(1, 12):02d}/{rng.randint(27, 32)}",
                "primary": i == 0,
            }
        )
    return {
        **me,
        "password": "".join(rng.choices("abcdefghijkmnpqrstuvwxyz23456789", k=10)),
        "phone": rng.choice(pool("phone_number")),
        "home_city": rng.choice(pool("city")),
        "address": rng.choice(pool("street_address")),
        "birthday": f"19{rng.randint(60, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "contacts": contacts,
        "cards": cards,
        # Drawn last, so adding them left every earlier value of every seed unchanged.
        "zip_code": f"{rng.randint(10_000, 99_999)}",
        "state": rng.choice(_STATES),
    }

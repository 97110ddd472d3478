"""Pools of realistic values, drawn from Faker once per process and sampled per reset.

One Faker value costs 50-80 µs and ``Faker()`` ~20 ms (design.md §9), so a world drawn from
Faker at every reset would cost ~100 ms. Instead each pool is drawn once, from a Faker seeded
with a fixed seed (so every process sees the same pools), and worlds sample from the pools with
the environment's seeded RNG: still Faker's realism, still deterministic, and a reset costs
microseconds per row.

The Faker version is part of the run manifest, since another version may give other pools.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from typing import Any

from toolgym.seeds import derive_seed

__all__ = ["pool", "faker", "POOL_SEED", "people", "PoolName"]

POOL_SEED = 20251028
_POOL_SIZE = 1000

PoolName = str


@functools.lru_cache(maxsize=1)
def faker() -> Any:
    """The process's one Faker instance (construction costs ~20 ms; never per reset)."""
    from faker import Faker

    f = Faker("en_US")
    f.seed_instance(POOL_SEED)
    return f


def _draw(name: str, fn: Callable[[Any], Any], size: int, unique: bool) -> tuple[Any, ...]:
    f = faker()
    f.seed_instance(derive_pool_seed(name))
    if unique:
        seen: dict[Any, None] = {}
        tries = 0
        while len(seen) < size and tries < size * 3:
            seen.setdefault(fn(f), None)
            tries += 1
        return tuple(seen)
    return tuple(fn(f) for _ in range(size))


def derive_pool_seed(name: str) -> int:
    return derive_seed("pool", POOL_SEED, name)


_PRODUCT_NOUNS: tuple[str, ...]  # below; the product_name maker reads it when called
_GENERATORS: dict[str, tuple[Callable[[Any], Any], bool]] = {
    "first_name": (lambda f: f.first_name(), True),
    "last_name": (lambda f: f.last_name(), True),
    "city": (lambda f: f.city(), True),
    "company": (lambda f: f.company(), True),
    "street_address": (lambda f: f.street_address(), True),
    "word": (lambda f: f.word(), True),
    "job": (lambda f: f.job(), True),
    "sentence": (lambda f: f.sentence(nb_words=10), True),
    "paragraph": (lambda f: f.paragraph(nb_sentences=4), True),
    "catch_phrase": (lambda f: f.catch_phrase(), True),
    "domain_name": (lambda f: f.domain_name(), True),
    "color_name": (lambda f: f.color_name(), True),
    "country": (lambda f: f.country(), True),
    "file_stem": (lambda f: f.file_name().rsplit(".", 1)[0], True),
    "bs": (lambda f: f.bs(), True),
    "phone_number": (lambda f: f.numerify("+1-###-###-####"), True),
    "credit_card_number": (lambda f: f.credit_card_number(card_type="visa16"), True),
    "iban": (lambda f: f.iban(), True),
    "license_plate": (lambda f: f.license_plate(), True),
    "product_name": (lambda f: f"{f.color_name()} {f.word().title()} {f.random_element(_PRODUCT_NOUNS)}", True),
}

_PRODUCT_NOUNS = (
    "Lamp", "Backpack", "Headphones", "Kettle", "Blender", "Jacket", "Sneakers", "Watch",
    "Notebook", "Chair", "Desk", "Mug", "Speaker", "Monitor", "Keyboard", "Mouse", "Tent",
    "Bottle", "Umbrella", "Scarf", "Camera", "Drone", "Router", "Pillow", "Blanket",
)


@functools.cache
def pool(name: str, size: int = _POOL_SIZE) -> tuple[Any, ...]:
    """The pool ``name``: a tuple of distinct Faker values, identical in every process."""
    try:
        fn, unique = _GENERATORS[name]
    except KeyError:
        from toolgym.errors import suggest

        raise KeyError(f"no pool named {name!r}{suggest(name, _GENERATORS)}") from None
    return _draw(name, fn, size, unique)


def register_pool(name: str, fn: Callable[[Any], Any], unique: bool = True) -> None:
    """Add a pool for a third-party environment (``fn`` receives the Faker instance)."""
    if name in _GENERATORS and _GENERATORS[name][0] is not fn:
        raise ValueError(f"pool {name!r} already exists")
    _GENERATORS[name] = (fn, unique)


def people(rng: random.Random, n: int) -> list[dict[str, str]]:
    """``n`` distinct people (first, last, full name, username, email) sampled from the pools.

    Column-wise sampling keeps this at well under a microsecond per person.
    """
    firsts = rng.choices(pool("first_name"), k=n)
    lasts = rng.choices(pool("last_name"), k=n)
    domains = rng.choices(pool("domain_name"), k=n)
    out = []
    seen: set[str] = set()
    for i, (f, last, d) in enumerate(zip(firsts, lasts, domains, strict=False)):
        user = f"{f[0]}{last}".lower()
        if user in seen:
            user = f"{user}{i}"
        seen.add(user)
        out.append({"first_name": f, "last_name": last, "name": f"{f} {last}", "username": user, "email": f"{user}@{d}"})
    return out

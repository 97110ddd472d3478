"""Banking: accounts, payments, limits, cards and disputes for the persona (``toolgym/Banking-v0``)."""

from .env import Banking

__all__ = ["Banking"]

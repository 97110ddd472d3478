"""Office: email, calendar and contacts for the persona (``toolgym/Office-v0``)."""

from .env import Office

__all__ = ["Office"]

"""Flight search and booking with budget, cancellation, insurance and currencies (``toolgym/Travel-v0``)."""

from .env import Travel

__all__ = ["Travel"]

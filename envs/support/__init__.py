"""Support: a customer-support help desk with tickets and a knowledge base (toolgym/Support-v0)."""

from .env import Support

__all__ = ["Support"]

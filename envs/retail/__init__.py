"""Retail orders: catalogue, cart, checkout, order management, returns and exchanges under written policies."""

from .env import Retail

__all__ = ["Retail"]

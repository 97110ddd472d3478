"""Trading: a stock brokerage with a market clock, quotes, orders and watchlists (toolgym/Trading-v0)."""

from .env import Trading

__all__ = ["Trading"]

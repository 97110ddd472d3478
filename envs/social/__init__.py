"""Social: a microblogging network (toolgym/Social-v0)."""

from .env import Social

__all__ = ["Social"]

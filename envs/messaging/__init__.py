"""A team chat workspace: contacts, direct messages, channels (``toolgym/Messaging-v0``)."""

from .env import Messaging

__all__ = ["Messaging"]

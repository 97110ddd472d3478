"""BFCL's multi-turn environments (``bfcl-eval``) as toolgym environments: ``toolgym/bfcl-<Class>-v0``.

Needs the ``bfcl`` extra (``pip install 'toolgym[bfcl]'``). Training on them risks contaminating
BFCL's test set (its scenarios are its test entries' initial states): see README.
"""

from __future__ import annotations

from .env import CLASSES, BfclEnv, BfclError, env_class, parse_calls, positional_names, register_all, scenarios
from .replay import replay_all, replay_entry

__all__ = ["CLASSES", "BfclEnv", "BfclError", "env_class", "parse_calls", "positional_names", "register_all", "scenarios",
           "replay_entry", "replay_all"]

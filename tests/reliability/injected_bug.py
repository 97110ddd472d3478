"""A plugin that plants a bug (``toolgym --plugin injected_bug``): explore_run raises the
exception named by $TOOLGYM_INJECT. The CLI must show its traceback, not a clean line."""

import builtins
import os

import toolgym.synth.explore as explore


def _broken(*args, **kwargs):
    raise getattr(builtins, os.environ.get("TOOLGYM_INJECT", "RuntimeError"))("injected bug")


explore.explore_run = _broken

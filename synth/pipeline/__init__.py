"""The synthesis pipeline (FunReason-MT, arXiv 2510.24645, and beyond): ``toolgym synth``.

From live environments to verified multi-turn function-calling records, in four roles that each
run on a deterministic built-in or on any OpenAI-compatible model:

* Phase I (``toolgym.synth.explore``): the graph-directed sampler executes a chain toward a
  target tool; :mod:`.turnplan` reads the turn's ground truth off it.
* Phase II a (:mod:`.advanced`): the chain becomes one composite "advanced tool".
* Phase II b (:mod:`.query`, :mod:`.noise`, :mod:`.leakage`): a hard query in the user's terms
  (and an easy, explicit one), with seeded noise; a leak of any tool-only value rejects it.
* Phase III (:mod:`.reasoner`, :mod:`.critic`, :mod:`.phase3`): the reasoner solves the hard
  query with the primitive tools in the turn's starting state; the critic names the error; the
  hint is added and it retries, up to ``k_max``.
* :mod:`.multiturn` composes N rounds in one world, with BFCL's variants; :mod:`.verify`
  replays, dedups and scores; :mod:`.run` writes the run directory.

Example:
    >>> from toolgym.synth.pipeline import SynthConfig, synthesize
    >>> summary = synthesize(SynthConfig(records=100, out="runs/demo"))
"""

from __future__ import annotations

from typing import Any

__all__ = ["SynthConfig", "load_config", "synthesize", "episode_to_task", "replay_episode"]


def __getattr__(name: str) -> Any:
    # Lazy: the CLI imports this package to build its parser; the heavy parts load on use.
    if name in ("SynthConfig", "load_config"):
        from . import config

        return getattr(config, name)
    if name == "synthesize":
        from .run import synthesize

        return synthesize
    if name == "episode_to_task":
        from .tasks import episode_to_task

        return episode_to_task
    if name == "replay_episode":
        from .verify import replay_episode

        return replay_episode
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Moved to :mod:`toolgym.runs`, the one owner of the run-directory format.

Kept because round 1's README taught ``from toolgym.synth.rundir import iter_episodes``; new
code imports from :mod:`toolgym.runs`.
"""

from toolgym.runs import DEFAULT_SHARD_SIZE, RunDir, env_entry, iter_episodes, read_config, read_manifest

__all__ = ["RunDir", "iter_episodes", "read_manifest", "read_config", "env_entry", "DEFAULT_SHARD_SIZE"]

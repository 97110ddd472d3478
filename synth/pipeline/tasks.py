"""Synthesized records as tasks: ``episode_to_task`` for evaluation and RL with the same checker.

Every turn of a synthesized episode carries, in ``Turn.expect``, the
:class:`~toolgym.envs.task.TurnSpec` its task-mode check needs: the user's words, the state
hash the world must reach, the goal tools that must run, ``expect_answer`` for turns that must
ask, ``add_tools`` for the turn a withheld tool comes back, ``inject_errors`` for the turn with
an injected failure. ``toolgym collect`` runs any policy on these tasks and the environment
scores each turn exactly as the pipeline verified it.

Example:
    >>> ep = next(iter_episodes("runs/synth"))
    >>> task = episode_to_task(ep)
    >>> env = env_for_episode(ep)
    >>> episode = asyncio.run(run_task(env, policy, task))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolgym.envs.task import Task, TurnSpec

from .multiturn import make_env

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv
    from toolgym.record import Episode

__all__ = ["episode_to_task", "env_for_episode", "turn_specs"]


def turn_specs(episode: Episode) -> list[TurnSpec]:
    """The task-mode expectations of every turn.

    Raises:
        ValueError: a turn has no ``expect`` (not an episode ``toolgym synth`` or ``collect`` wrote).
    """
    out = []
    for i, t in enumerate(episode.turns):
        if t.expect is None:
            raise ValueError(
                f"episode {episode.id!r} turn {i} has no expect: expected an episode written by `toolgym synth`"
            )
        out.append(t.expect)
    return out


def initially_offered(episode: Episode) -> list[str]:
    """The tools offered at the start: all of ``episode.tools`` but those a later turn adds."""
    added = {name for t in episode.turns for name in t.add_tools}
    return [s.name for s in episode.tools if s.name not in added]


def episode_to_task(episode: Episode) -> Task:
    """The task a synthesized episode poses: same seed, same user turns, same checks, same tools."""
    system = episode.messages[0].content if episode.messages and episode.messages[0].role == "system" else None
    return Task(
        id=episode.id,
        seed=episode.seed,
        turns=turn_specs(episode),
        tools=initially_offered(episode),
        system=system,
        meta={"variant": episode.variant, "env_id": episode.env_id, "source": "toolgym-synth"},
    )


def env_for_episode(episode: Episode) -> ToolEnv:
    """A new environment of the episode's kind (a registered id, or domains joined by ``+``)."""
    return make_env(episode.env_id)

"""Target sampling with coverage control: aim at the tools the run has covered least.

FunReason-MT starts every synthesis round by choosing a target tool. Drawn uniformly, the easy
tools (one call, no prerequisites) soon dominate and the deep ones (three prerequisites, a
domain rule) stay rare. :class:`CoverageSampler` weights each tool by how rarely it has been
*reached* (run successfully as the target) so far, so every tool, the hard-to-reach ones
included, keeps coming back as a target until it is covered::

    weight(t) = 1 / (1 + reached(t))^2          # halves quickly once a tool is covered
    weight(t) *= 0.25 once t failed 20 times unreached (a tool that cannot be reached must not
                                                        starve the others)

The choice for episode ``i`` uses an RNG derived from ``(seed, i)`` and the counts of the
episodes before it, so a run resumed from its episodes on disk (:meth:`observe` each of them)
picks exactly the targets an uninterrupted run picks.

Example:
    >>> cov = CoverageSampler({"toolgym/Travel-v0": tools}, seed=0)
    >>> t = cov.next_target("toolgym/Travel-v0", key=0)
    >>> cov.record("toolgym/Travel-v0", t, reached=True, ran=["login", t])
    >>> print(cov.report().table())
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from toolgym.envs.world import derive_seed

__all__ = ["CoverageSampler", "CoverageReport", "ToolCoverage"]

_GIVE_UP_AFTER = 20


@dataclass
class ToolCoverage:
    """How one tool fared: chosen as target, reached as target, ran successfully at all."""

    targeted: int = 0
    reached: int = 0
    ran: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"targeted": self.targeted, "reached": self.reached, "ran": self.ran}


@dataclass
class CoverageReport:
    """Per environment and tool coverage; ``table()`` renders it, ``as_dict()`` for manifests."""

    tools: dict[str, dict[str, ToolCoverage]] = field(default_factory=dict)

    def fraction(self, env_id: str | None = None) -> float:
        """Share of tools reached as a target at least once (over one env or all)."""
        rows = [c for e, ts in self.tools.items() if env_id in (None, e) for c in ts.values()]
        return sum(c.reached > 0 for c in rows) / len(rows) if rows else 0.0

    def missing(self, env_id: str | None = None) -> list[str]:
        """Tools never reached as a target, as ``env_id:tool``."""
        return [f"{e}:{t}" for e, ts in self.tools.items() if env_id in (None, e) for t, c in ts.items() if c.reached == 0]

    def as_dict(self) -> dict[str, Any]:
        return {
            "fraction": round(self.fraction(), 6),
            "envs": {
                e: {"fraction": round(self.fraction(e), 6), "tools": {t: c.as_dict() for t, c in sorted(ts.items())}}
                for e, ts in sorted(self.tools.items())
            },
        }

    def table(self, *, only_missing: bool = False) -> str:
        lines = []
        for e, ts in sorted(self.tools.items()):
            reached = sum(c.reached > 0 for c in ts.values())
            lines.append(f"{e}: {reached}/{len(ts)} tools reached as target ({100 * self.fraction(e):.0f}%)")
            w = max((len(t) for t in ts), default=4)
            if not only_missing:
                lines.append(f"  {'tool':<{w}}  targeted  reached  ran")
            for t, c in ts.items():
                if only_missing and c.reached:
                    continue
                lines.append(f"  {t:<{w}}  {c.targeted:>8}  {c.reached:>7}  {c.ran:>3}")
        return "\n".join(lines)


class CoverageSampler:
    """Chooses targets, weighted toward the least-covered tools of each environment.

    Args:
        tools: environment id -> the tools that may be targets.
        seed: the run seed.
    """

    def __init__(self, tools: Mapping[str, Iterable[str]], seed: int):
        self.seed = seed
        self.cov: dict[str, dict[str, ToolCoverage]] = {e: {t: ToolCoverage() for t in ts} for e, ts in tools.items()}
        for e, ts in self.cov.items():
            if not ts:
                raise ValueError(f"expected at least one target tool for {e}, got none")

    def weights(self, env_id: str) -> tuple[list[str], list[float]]:
        names = list(self.cov[env_id])
        ws = []
        for t in names:
            c = self.cov[env_id][t]
            w = 1.0 / (1 + c.reached) ** 2
            if c.reached == 0 and c.targeted - c.reached >= _GIVE_UP_AFTER:
                w *= 0.25
            ws.append(w)
        return names, ws

    def next_target(self, env_id: str, key: int) -> str:
        """The target of episode ``key`` (deterministic given the episodes recorded before it)."""
        if env_id not in self.cov:
            from toolgym.errors import suggest

            raise KeyError(f"no environment {env_id!r} in this sampler{suggest(env_id, self.cov)}")
        names, ws = self.weights(env_id)
        rng = random.Random(derive_seed(self.seed, "target", key))
        return rng.choices(names, weights=ws, k=1)[0]

    def record(self, env_id: str, target: str, *, reached: bool, ran: Iterable[str] = ()) -> None:
        """Count an episode: its target, whether it was reached, every tool that ran successfully."""
        ts = self.cov[env_id]
        if target in ts:
            ts[target].targeted += 1
            ts[target].reached += bool(reached)
        for t in set(ran):
            if t in ts:
                ts[t].ran += 1

    def observe(self, episode: Any) -> None:
        """Count a finished exploration :class:`~toolgym.record.Episode` (for resuming a run)."""
        if not episode.target_tools or episode.env_id not in self.cov:
            return
        ran = [m.name for m in episode.messages if m.role == "tool" and m.error is None and m.name]
        self.record(episode.env_id, episode.target_tools[0], reached=bool(episode.reward), ran=ran)

    def report(self) -> CoverageReport:
        return CoverageReport({e: {t: ToolCoverage(**c.as_dict()) for t, c in ts.items()} for e, ts in self.cov.items()})

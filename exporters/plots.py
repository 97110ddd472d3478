"""PNG plots of the statistics (needs the ``plots`` extra: matplotlib, imported lazily).

Deterministic bytes: the Agg backend, fixed size and dpi, and no "Software" metadata.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["write_plots", "PLOTS"]

# file name -> (title, statistic key, x label, horizontal bars?)
PLOTS: dict[str, tuple[str, str, str, bool]] = {
    "turns_per_episode.png": ("Turns per episode", "turns_per_episode", "turns", False),
    "calls_per_turn.png": ("Tool calls per turn", "calls_per_turn", "calls", False),
    "tool_calls.png": ("Calls per tool", "tool_calls", "calls", True),
    "environments.png": ("Episodes per environment", "envs", "episodes", True),
    "variants.png": ("Turns per variant", "turn_variants", "turns", True),
    "difficulty.png": ("Difficulty", "difficulty", "difficulty", False),
}


def write_plots(stats: Any, out_dir: str | Path) -> list[str]:
    """Write one PNG per statistic (plus reasoning length) into ``out_dir``; the file names.

    Returns an empty list, with no error, when matplotlib is not installed (the card then
    links no pictures); install ``toolgym[plots]`` for them.
    """
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    d = stats.to_dict() if hasattr(stats, "to_dict") else stats
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fname, (title, key, xlabel, horizontal) in PLOTS.items():
        data = d.get(key) or {}
        if not data:
            continue
        labels = list(data)[:40]
        values = [data[k] for k in labels]
        fig, ax = plt.subplots(figsize=(7, 0.3 * len(labels) + 1.5) if horizontal else (7, 3.5), dpi=100)
        if horizontal:
            ax.barh(range(len(labels)), values, color="#4c72b0")
            ax.set_yticks(range(len(labels)), labels, fontsize=8)
            ax.invert_yaxis()
            ax.set_xlabel(xlabel)
        else:
            ax.bar(range(len(labels)), values, color="#4c72b0")
            ax.set_xticks(range(len(labels)), labels)
            ax.set_xlabel(xlabel)
            ax.set_ylabel("count")
        ax.set_title(title)
        fig.tight_layout()
        fig.savefig(out / fname, metadata={"Software": None})
        plt.close(fig)
        written.append(fname)
    rc = getattr(stats, "reasoning_chars", None)
    if rc:
        fig, ax = plt.subplots(figsize=(7, 3.5), dpi=100)
        lengths = sorted(rc)
        ax.hist(lengths, weights=[rc[k] for k in lengths], bins=min(40, max(5, len(lengths))), color="#55a868")
        ax.set_title("Reasoning length per assistant step")
        ax.set_xlabel("characters")
        ax.set_ylabel("steps")
        fig.tight_layout()
        fig.savefig(out / "reasoning_length.png", metadata={"Software": None})
        plt.close(fig)
        written.append("reasoning_length.png")
    return written

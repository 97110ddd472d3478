"""Dataset statistics, collected in one streamed pass over canonical episodes.

Everything is a counter keyed by a small value (a turn count, a tool name, a length bucket), so
memory depends on how varied the data is, not on how much of it there is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Stats", "collect_stats", "format_table"]


def _pct(counter: Counter, q: float) -> float:
    total = sum(counter.values())
    if not total:
        return 0.0
    need = q * total
    acc = 0
    for k in sorted(counter):
        acc += counter[k]
        if acc >= need:
            return float(k)
    return float(max(counter))  # pragma: no cover


def _mean(counter: Counter) -> float:
    total = sum(counter.values())
    return sum(k * v for k, v in counter.items()) / total if total else 0.0


@dataclass
class Stats:
    """Counts over a set of canonical episodes (see :meth:`add`)."""

    episodes: int = 0
    messages: int = 0
    calls: int = 0
    failed_calls: int = 0
    parallel_steps: int = 0
    assistant_steps: int = 0
    reasoning_steps: int = 0
    turns_per_episode: Counter = field(default_factory=Counter)
    calls_per_turn: Counter = field(default_factory=Counter)
    steps_per_turn: Counter = field(default_factory=Counter)
    max_parallel: int = 0
    tool_calls: Counter = field(default_factory=Counter)
    tools_offered: Counter = field(default_factory=Counter)  # names; counts are per distinct tool list
    envs: Counter = field(default_factory=Counter)
    variants: Counter = field(default_factory=Counter)
    turn_variants: Counter = field(default_factory=Counter)
    difficulty: Counter = field(default_factory=Counter)  # bucket (0.0, 0.1, ...) or "none"
    reasoning_chars: Counter = field(default_factory=Counter)  # exact lengths
    terminations: Counter = field(default_factory=Counter)
    reward_sum: float = 0.0
    reward_n: int = 0
    _seen_tools: dict[int, Any] = field(default_factory=dict, repr=False, compare=False)

    def add(self, ep: dict[str, Any]) -> None:
        """Count one episode (a dict in the canonical JSON form)."""
        self.episodes += 1
        msgs = ep.get("messages") or []
        self.messages += len(msgs)
        self.envs[ep.get("env_id", "?")] += 1
        self.variants[ep.get("variant", "base")] += 1
        d = ep.get("difficulty")
        self.difficulty["none" if d is None else round(min(max(float(d), 0.0), 1.0) * 10) / 10] += 1
        if ep.get("termination"):
            self.terminations[ep["termination"]] += 1
        if ep.get("reward") is not None:
            self.reward_sum += float(ep["reward"])
            self.reward_n += 1
        tools = ep.get("tools") or ()
        if id(tools) not in self._seen_tools:
            # Episodes read from a run share one parsed list per distinct tool list
            # (toolgym.runs.ToolsCache): count each list's names once; a new list object is counted anew.
            for t in tools:
                self.tools_offered[t.get("name", "?")] += 1
            self._seen_tools[id(tools)] = tools  # held, so the id stays its own
            if len(self._seen_tools) > 64:
                del self._seen_tools[next(iter(self._seen_tools))]
        turns = ep.get("turns") or []
        if not turns:  # one turn per user message
            starts = [i for i, m in enumerate(msgs) if m.get("role") == "user"] or [0]
            turns = [{"start": s, "end": (starts[k + 1] if k + 1 < len(starts) else len(msgs))} for k, s in enumerate(starts)]
        self.turns_per_episode[len(turns)] += 1
        # Locals: this runs for every message of every exported episode.
        tool_calls, reasoning_chars = self.tool_calls, self.reasoning_chars
        calls_per_turn, steps_per_turn, turn_variants = self.calls_per_turn, self.steps_per_turn, self.turn_variants
        for t in turns:
            turn_variants[t.get("variant", "base")] += 1
            n_calls = n_steps = 0
            for m in msgs[t.get("start", 0) : t.get("end", len(msgs))]:
                role = m.get("role")
                if role == "assistant":
                    n_steps += 1
                    calls = m.get("tool_calls")
                    if calls:
                        n_calls += len(calls)
                        for c in calls:
                            tool_calls[c.get("name", "?")] += 1
                        if len(calls) > 1:
                            self.parallel_steps += 1
                            if len(calls) > self.max_parallel:
                                self.max_parallel = len(calls)
                    r = m.get("reasoning")
                    if r:
                        self.reasoning_steps += 1
                        reasoning_chars[len(r)] += 1
                elif role == "tool" and m.get("error") is not None:
                    self.failed_calls += 1
            calls_per_turn[n_calls] += 1
            steps_per_turn[n_steps] += 1
            self.calls += n_calls
            self.assistant_steps += n_steps

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready numbers (counters keyed by strings, sorted)."""

        def c(counter: Counter) -> dict[str, int]:
            return {str(k): counter[k] for k in sorted(counter, key=lambda x: (isinstance(x, str), x))}

        return {
            "episodes": self.episodes,
            "messages": self.messages,
            "turns": sum(k * v for k, v in self.turns_per_episode.items()),
            "calls": self.calls,
            "failed_calls": self.failed_calls,
            "assistant_steps": self.assistant_steps,
            "parallel_steps": self.parallel_steps,
            "max_parallel": self.max_parallel,
            "reasoning_steps": self.reasoning_steps,
            "mean_reward": (self.reward_sum / self.reward_n) if self.reward_n else None,
            "turns_per_episode": c(self.turns_per_episode),
            "calls_per_turn": c(self.calls_per_turn),
            "steps_per_turn": c(self.steps_per_turn),
            "tool_calls": dict(sorted(self.tool_calls.items(), key=lambda kv: (-kv[1], kv[0]))),
            "tools_offered": sorted(self.tools_offered),
            "tools_never_called": sorted(set(self.tools_offered) - set(self.tool_calls)),
            "envs": c(self.envs),
            "variants": c(self.variants),
            "turn_variants": c(self.turn_variants),
            "difficulty": c(self.difficulty),
            "reasoning_chars": {
                "mean": round(_mean(self.reasoning_chars), 1),
                "p50": _pct(self.reasoning_chars, 0.5),
                "p90": _pct(self.reasoning_chars, 0.9),
                "max": max(self.reasoning_chars) if self.reasoning_chars else 0,
            },
            "terminations": c(self.terminations),
        }


def collect_stats(episodes: Any) -> Stats:
    """Statistics of a run directory, a JSONL file or an iterable of episodes."""
    from toolgym.runs import records_of

    s = Stats()
    for ep in records_of(episodes):
        s.add(ep)
    return s


def _dist(d: dict[str, int], limit: int = 8) -> str:
    items = list(d.items())
    shown = ", ".join(f"{k}: {v}" for k, v in items[:limit])
    return shown + (f", ... (+{len(items) - limit})" if len(items) > limit else "")


def format_table(stats: Stats | dict[str, Any], records: dict[str, int] | None = None) -> str:
    """The statistics as a Markdown table (what ``toolgym stats`` prints and the card embeds)."""
    d = stats.to_dict() if isinstance(stats, Stats) else stats
    turns = d["turns"] or 1
    steps = d["assistant_steps"] or 1
    n = d["episodes"] or 1

    def mean_of(dist: dict[str, int]) -> float:
        tot = sum(dist.values())
        return sum(int(k) * v for k, v in dist.items()) / tot if tot else 0.0

    offered = d["tools_offered"]
    rows = [
        ("episodes", f"{d['episodes']:,}"),
    ]
    if records:
        rows.append(("records", ", ".join(f"{k}: {v:,}" for k, v in records.items()) + f" (total {sum(records.values()):,})"))
    rows += [
        ("turns per episode", f"mean {mean_of(d['turns_per_episode']):.2f}; {_dist(d['turns_per_episode'])}"),
        ("calls per turn", f"mean {mean_of(d['calls_per_turn']):.2f}; {_dist(d['calls_per_turn'])}"),
        ("assistant steps per turn", f"mean {d['assistant_steps'] / turns:.2f}"),
        ("tool calls", f"{d['calls']:,} ({d['failed_calls']:,} failed, {100 * d['failed_calls'] / max(d['calls'], 1):.1f}%)"),
        ("parallel steps", f"{d['parallel_steps']:,} of {d['assistant_steps']:,} steps (max {d['max_parallel']} calls in one)"),
        ("tools covered", f"{len(offered) - len(d['tools_never_called'])} of {len(offered)} offered tools called"
         + (f"; never called: {', '.join(d['tools_never_called'][:6])}{' ...' if len(d['tools_never_called']) > 6 else ''}" if d["tools_never_called"] else "")),
        ("most called tools", _dist(d["tool_calls"], 6)),
        ("environments", _dist(d["envs"])),
        ("episode variants", _dist(d["variants"])),
        ("turn variants", _dist(d["turn_variants"])),
        ("difficulty", _dist(d["difficulty"], 12)),
        ("reasoning", f"{d['reasoning_steps']:,} of {d['assistant_steps']:,} steps ({100 * d['reasoning_steps'] / steps:.0f}%); "
         f"chars mean {d['reasoning_chars']['mean']}, p50 {d['reasoning_chars']['p50']:.0f}, p90 {d['reasoning_chars']['p90']:.0f}, max {d['reasoning_chars']['max']}"),
        ("messages per episode", f"mean {d['messages'] / n:.1f}"),
    ]
    if d.get("mean_reward") is not None:
        rows.append(("mean reward", f"{d['mean_reward']:.3f}"))
    if d["terminations"]:
        rows.append(("terminations", _dist(d["terminations"])))
    w = max(len(r[0]) for r in rows)
    lines = [f"| {'statistic':<{w}} | value |", f"|{'-' * (w + 2)}|-------|"]
    lines += [f"| {k:<{w}} | {v.replace('|', '/')} |" for k, v in rows]
    return "\n".join(lines)

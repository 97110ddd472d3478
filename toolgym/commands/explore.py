"""``toolgym explore``: graph-directed exploration (FunReason-MT Phase I) into a run directory."""

from __future__ import annotations

import argparse

from .scaleopts import add_scale_options, scale_kwargs


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "explore",
        help="explore environments toward target tools (Phase I) and write the chains as episodes",
        description="Explore environments with the graph-directed sampler. Targets are weighted toward the "
        "tools covered least; every chain is written as a canonical episode (variant 'explore'). "
        "Rerunning the same command resumes; a different config on the same --out is refused.",
    )
    p.add_argument("--env", action="append", required=True, metavar="ID",
                   help="a registered environment id, or A+B of them (repeat for several); --plugin MODULE registers more")
    p.add_argument("--episodes", type=int, required=True, metavar="N", help="chains to explore")
    p.add_argument("--seed", type=int, default=0, metavar="S")
    p.add_argument("--out", required=True, metavar="DIR", help="run directory (created, or resumed)")
    p.add_argument("--force", action="store_true", help="discard the episodes of a run with another config")
    p.add_argument("--max-steps", type=int, default=12, help="most calls per chain (default 12)")
    p.add_argument("--extra", type=int, default=0, help="up to this many more random legal calls after the target")
    p.add_argument("--worlds", type=int, default=None, help="distinct worlds (default: one per episode)")
    p.add_argument("--shard-size", type=int, default=None, help="episodes per JSONL shard (default 10000)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_scale_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from toolgym.synth.explore import explore_run

    report = explore_run(
        args.out,
        args.env,
        episodes=args.episodes,
        seed=args.seed,
        max_steps=args.max_steps,
        extra=args.extra,
        worlds=args.worlds,
        force=args.force,
        shard_size=args.shard_size,
        progress=not args.no_progress,
        **scale_kwargs(args),
    )
    print(report.table(only_missing=True))
    print(f"coverage {report.fraction():.1%} of tools reached as target; episodes in {args.out}")
    return 0

"""``toolgym stats``: the statistics table of a run (turns, calls, tools, variants, difficulty, reasoning)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="print statistics of a run directory as a table")
    p.add_argument("run_dir", metavar="RUN_DIR", help="a run directory (or one episodes-*.jsonl file)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--plots", metavar="DIR", default=None, help="also write PNG plots into DIR")
    p.add_argument("--no-quality", action="store_true", help="skip the quality report (grounding, answers, diversity)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from toolgym.exporters import collect_stats, format_table

    stats = collect_stats(args.run_dir)
    quality = None if args.no_quality else _quality(args.run_dir)
    if args.json:
        out = stats.to_dict()
        if quality is not None:
            out["quality"] = quality
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(format_table(stats))
        if quality is not None:
            from toolgym.synth.quality.report import quality_table

            print("\n" + quality_table(quality))
    if args.plots:
        import os
        import shutil
        import tempfile

        from toolgym.commands.envs import output_dir
        from toolgym.exporters.plots import write_plots
        from toolgym.fsio import fsync_dir

        plots = output_dir(args.plots, "--plots")
        # Drawn beside the target, then each picture renamed into place: a kill leaves old or new files, never torn ones.
        tmp = Path(tempfile.mkdtemp(prefix=".plots-", dir=plots))
        try:
            files = write_plots(stats, tmp)
            for f in files:
                os.replace(tmp / Path(f).name, plots / Path(f).name)
            fsync_dir(plots)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"wrote {len(files)} plots to {args.plots}" if files else "no plots: install toolgym[plots] (matplotlib)")
    return 0


def _quality(run_dir: str) -> dict | None:
    """The quality report of the records (None when their environments cannot be made here)."""
    import functools
    from pathlib import Path

    from toolgym.errors import ToolgymError
    from toolgym.record import Episode
    from toolgym.synth.pipeline.multiturn import make_env
    from toolgym.synth.quality.report import quality_report

    @functools.cache
    def defs(env_id: str):
        return make_env(env_id).all_tooldefs()

    path = Path(run_dir)
    files = [path] if path.is_file() else sorted(path.glob("episodes-*.jsonl"))
    episodes = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    episodes.append(Episode.from_json(line))
                except ValueError:
                    continue  # collect_stats reported it already
    try:
        return quality_report(episodes, defs) if episodes else None
    except (ToolgymError, ValueError, KeyError) as e:
        print(f"no quality report: {e}")
        return None

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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from toolgym.exporters import collect_stats, format_table

    stats = collect_stats(args.run_dir)
    if args.json:
        print(json.dumps(stats.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_table(stats))
    if args.plots:
        import os
        import shutil
        import tempfile

        from toolgym.commands.envs import output_dir
        from toolgym.exporters.plots import write_plots
        from toolgym.fsio import fsync_dir

        out = output_dir(args.plots, "--plots")
        # Drawn beside the target, then each picture renamed into place: a kill leaves old or new files, never torn ones.
        tmp = Path(tempfile.mkdtemp(prefix=".plots-", dir=out))
        try:
            files = write_plots(stats, tmp)
            for f in files:
                os.replace(tmp / Path(f).name, out / Path(f).name)
            fsync_dir(out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"wrote {len(files)} plots to {args.plots}" if files else "no plots: install toolgym[plots] (matplotlib)")
    return 0

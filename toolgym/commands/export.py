"""``toolgym export``: a run directory into a training or evaluation dataset, validated."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export a run to openai / hf / sharegpt / hermes / bfcl, with a dataset card and statistics",
        description="Export the episodes of RUN_DIR into a dataset directory (data, README.md card, stats, plots), "
        "then read it back and check it against the episodes.",
    )
    p.add_argument("run_dir", metavar="RUN_DIR", help="a run directory (or one episodes-*.jsonl file)")
    p.add_argument("--format", "-f", required=True, metavar="F", help="openai, hf, sharegpt, hermes or bfcl")
    p.add_argument("--out", "-o", required=True, metavar="PATH", help="output directory (new or empty)")
    p.add_argument("--per", choices=["conversation", "turn"], default="conversation",
                   help="one record per conversation (default) or per user turn (keeps every step's reasoning visible to thinking templates)")
    p.add_argument("--no-reasoning", dest="reasoning", action="store_false", help="drop the assistant's reasoning")
    p.add_argument("--reasoning-style", choices=["field", "think"], default="field",
                   help="openai/hf: a message field (default) or inline <think> in the content")
    p.add_argument("--system", metavar="TEMPLATE", default=None,
                   help="system prompt template; fields {system} {env_id} {domain} {tool_names}")
    p.add_argument("--split", metavar="SPEC", default=None,
                   help="e.g. 'train=0.9,validation=0.05,test=0.05' (default: all train; bfcl: all test)")
    p.add_argument("--split-seed", type=int, default=0, help="seed of the split hash")
    p.add_argument("--split-by", choices=["episode", "world"], default="episode",
                   help="'world' keeps every episode of one environment+seed in the same split")
    p.add_argument("--name", default="toolgym", help="dataset name (file names, card, LLaMA-Factory entries)")
    p.add_argument("--license", default="apache-2.0", help="license field of the dataset card")
    p.add_argument("--no-plots", dest="plots", action="store_false", help="skip the PNG plots")
    p.add_argument("--no-validate", dest="validate", action="store_false", help="skip reading the export back")
    p.add_argument("--check", action="store_true", help="only validate an existing export at --out against RUN_DIR")
    p.add_argument("--force", action="store_true",
                   help="replace an existing export directory (the same command again needs no --force: it redoes the export)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from toolgym.exporters import ExportOptions, export, get_format, validate_export

    fmt = get_format(args.format)  # a clear error for an unknown format, before any work
    if args.check:
        report = validate_export(args.out, args.run_dir)
        print(report.summary())
        return 0 if report.ok else 1
    opts = ExportOptions(
        reasoning=args.reasoning,
        per=args.per,
        system_template=args.system,
        splits=args.split if args.split is not None else dict(fmt.default_splits),
        split_seed=args.split_seed,
        split_by=args.split_by,
        reasoning_style=args.reasoning_style,
        name=args.name,
        license=args.license,
    )
    res = export(args.run_dir, args.format, args.out, opts, validate=args.validate, plots=args.plots, overwrite=args.force)
    splits = ", ".join(f"{k} {v:,}" for k, v in res.records.items()) or "nothing"
    print(f"exported {res.episodes:,} episodes as {res.total:,} {res.format} records ({splits}) to {res.out}")
    limits = [s for s in res.skipped if s not in res.corrupt]
    if res.skipped_count - res.corrupt_count:
        print(f"skipped {res.skipped_count - res.corrupt_count} episodes that cannot be put in this format, e.g.:", file=sys.stderr)
        for s in limits[:3]:
            print(f"  {s['episode']}: {s['reason']}", file=sys.stderr)
    status = 0
    if res.validation is not None:
        print(res.validation.summary())
        status = 0 if res.validation.ok else 1
    if res.corrupt_count:
        # Not a format limit: the run holds broken episodes. The export has the rest; say so and fail.
        print(f"error: {res.corrupt_count} episodes of {args.run_dir} are corrupt and were left out "
              f"(e.g. {res.corrupt[0]['episode']}: {res.corrupt[0]['reason']}); listed in export.json", file=sys.stderr)
        status = 1
    return status

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
    p.add_argument("--format", "-f", required=True, metavar="F", help="openai, hf, sharegpt, hermes, bfcl or rl (with --target)")
    p.add_argument("--target", metavar="T", default=None,
                   help="with --format rl: the trainer the prompt rows are for: trl, verl, skyrl or verifiers")
    p.add_argument("--out", "-o", metavar="PATH", help="output directory (new or empty); not needed for --template ... --check")
    p.add_argument("--per", choices=["conversation", "turn"], default=None,
                   help="one record per conversation (default) or per user turn (keeps every step's reasoning visible to "
                   "thinking templates; chosen automatically with a --template that drops earlier reasoning)")
    p.add_argument("--no-reasoning", dest="reasoning", action="store_false", help="drop the assistant's reasoning")
    p.add_argument("--reasoning-style", choices=["auto", "field", "think"], default="auto",
                   help="openai/hf: auto (default: hf reasoning_content; openai none, its schema has no place for it), "
                   "think (inline <think> in the content) or field (hf reasoning_content; openai a 'reasoning' key, outside its schema)")
    p.add_argument("--parallel-calls", choices=["keep", "serialize", "skip"], default="keep",
                   help="steps with several calls: keep (default), serialize (one call per assistant message, for templates "
                   "such as Llama 3.1's that refuse parallel calls) or skip the records that hold them")
    p.add_argument("--template", metavar="NAME|FILE", default=None,
                   help="hf: also render every row through a chat template (qwen2.5, qwen3, llama3.1, hermes, or a .jinja / "
                   "tokenizer_config.json file) into data/<split>.<name>.jsonl with assistant spans; with --check, only "
                   "report per row what the template loses")
    p.add_argument("--exact-tools", action="store_true",
                   help="with --template: render the exact tool schemas (tools_exact) instead of the template subset")
    p.add_argument("--report", metavar="PATH", default=None, help="with --template --check: write every failing row's losses as JSONL")
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
    p.add_argument("--check", action="store_true",
                   help="only validate an existing export at --out against RUN_DIR; with --template, only check the rows through the template")
    p.add_argument("--force", action="store_true",
                   help="replace an existing export directory (the same command again needs no --force: it redoes the export)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from toolgym.errors import ConfigError
    from toolgym.exporters import ExportOptions, export, get_format, validate_export

    if args.format == "rl" or args.target is not None:
        from toolgym.errors import suggest as _suggest
        from toolgym.exporters.rl import TARGETS

        if args.format != "rl":
            raise ConfigError(f"expected --target only with --format rl, got --format {args.format}")
        if args.target not in TARGETS:
            got = repr(args.target) if args.target else "none"
            raise ConfigError(f"expected --target {'|'.join(TARGETS)} with --format rl, got {got}"
                              f"{_suggest(str(args.target), TARGETS) if args.target else ''}")
        args.format = f"rl-{args.target}"
    fmt = get_format(args.format)  # a clear error for an unknown format, before any work
    tpl = None
    if args.template is not None:
        if fmt.name != "hf":
            raise ConfigError(f"expected --format hf with --template, got --format {fmt.name}")
        from toolgym.exporters.chat_templates import load_template

        tpl = load_template(args.template)
    per = args.per
    if per is None:
        per = "conversation"
        cap = tpl.capabilities if tpl is not None else None
        if cap and cap["reasoning"] and not cap["earlier_reasoning"] and args.reasoning:
            per = "turn"
            print(f"{tpl.label} drops the reasoning of turns before the last user message: one record per user turn "
                  "(--per turn); pass --per conversation to keep conversations whole", file=sys.stderr)
    if args.check and tpl is None:
        if args.out is None:
            raise ConfigError("expected --out with the export to check")
        report = validate_export(args.out, args.run_dir)
        print(report.summary())
        return 0 if report.ok else 1
    opts = ExportOptions(
        reasoning=args.reasoning,
        per=per,
        system_template=args.system,
        splits=args.split if args.split is not None else dict(fmt.default_splits),
        split_seed=args.split_seed,
        split_by=args.split_by,
        reasoning_style=args.reasoning_style,
        parallel_calls=args.parallel_calls,
        name=args.name,
        license=args.license,
    )
    if args.check:
        from toolgym.exporters.chat_templates import check_run

        rep = check_run(args.run_dir, tpl, opts, exact_tools=args.exact_tools)
        print(rep.summary())
        if args.report:
            import json

            with open(args.report, "w", encoding="utf-8") as f:
                f.write(json.dumps({k: v for k, v in rep.to_dict().items() if k != "failures"}, ensure_ascii=False) + "\n")
                for fail in rep.failures:
                    f.write(json.dumps(fail, ensure_ascii=False) + "\n")
        return 0 if rep.failed == 0 else 1
    if args.out is None:
        raise ConfigError("expected --out PATH, the directory to export into")
    res = export(args.run_dir, args.format, args.out, opts, validate=args.validate, plots=args.plots, overwrite=args.force,
                 template=tpl, exact_tools=args.exact_tools)
    splits = ", ".join(f"{k} {v:,}" for k, v in res.records.items()) or "nothing"
    print(f"exported {res.episodes:,} episodes as {res.total:,} {res.format} records ({splits}) to {res.out}")
    limits = [s for s in res.skipped if s not in res.corrupt]
    if res.skipped_count - res.corrupt_count:
        print(f"skipped {res.skipped_count - res.corrupt_count} episodes that cannot be put in this format, e.g.:", file=sys.stderr)
        for s in limits[:3]:
            print(f"  {s['episode']}: {s['reason']}", file=sys.stderr)
    if res.template is not None:
        print(res.template.summary())
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

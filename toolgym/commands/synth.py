"""``toolgym synth``: environments in, a verified multi-turn function-calling dataset out.

Offline by default (every role a deterministic built-in); ``--llm-<role>-base-url`` and
``--llm-<role>-model`` put a role on any OpenAI-compatible server (``--llm-base-url`` /
``--llm-model`` set all four). Rerunning the same command resumes; the same config and seed give
byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .scaleopts import add_scale_options

ROLES = ("tooling", "query", "reasoner", "critic")


def _kv(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE (e.g. phase3.k_max=4), got {text!r}")
    k, v = text.split("=", 1)
    try:
        value: Any = json.loads(v)
    except ValueError:
        value = v
    return k.strip(), value


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "synth",
        help="synthesize a verified multi-turn function-calling dataset (FunReason-MT)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--config", metavar="FILE", help="config file (JSON, or YAML with PyYAML); flags override it")
    p.add_argument("--env", action="append", metavar="ID", help="environment id (repeatable; default: every built-in domain)")
    p.add_argument("--records", type=int, metavar="N", help="verified records to write (default 300)")
    p.add_argument("--seed", type=int, metavar="S", help="seed (default 0)")
    p.add_argument("--out", metavar="DIR", help="run directory (default runs/synth)")
    p.add_argument("--k-max", type=int, metavar="K", help="reasoner attempts per turn (default 3)")
    p.add_argument("--error-rate", type=float, metavar="P", help="built-in reasoner: share of first attempts with a seeded slip the critic must fix")
    p.add_argument("--set", action="append", type=_kv, default=[], metavar="KEY=VALUE", help="any config setting by dotted key, e.g. variants.base=0.5")
    p.add_argument("--llm-base-url", metavar="URL", help="OpenAI-compatible endpoint for every role")
    p.add_argument("--llm-model", metavar="NAME", help="model name for every role")
    for role in ROLES:
        p.add_argument(f"--llm-{role}-base-url", metavar="URL", help=f"endpoint for the {role} role")
        p.add_argument(f"--llm-{role}-model", metavar="NAME", help=f"model for the {role} role")
    p.add_argument("--api-key-env", metavar="VAR", help="environment variable holding the API key (default OPENAI_API_KEY)")
    p.add_argument("--force", action="store_true", help="discard an existing run with another config in --out")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--check", action="store_true", help="replay every record of --out in a fresh env and report; write nothing")
    p.add_argument("--print-config", action="store_true", help="print the resolved config and exit")
    add_scale_options(p)
    p.set_defaults(func=run)


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    o: dict[str, Any] = {}
    if args.env:
        o["envs"] = list(args.env)
    for flag, key in (("records", "records"), ("seed", "seed"), ("out", "out"), ("workers", "workers"), ("ray", "ray"), ("shards", "shards"),
                      ("k_max", "phase3.k_max"), ("error_rate", "roles.reasoner.error_rate")):
        v = getattr(args, flag)
        if v is not None:
            o[key] = v
    if args.force:
        o["force"] = True
    if args.no_progress:
        o["progress"] = False
    for role in ROLES:
        url = getattr(args, f"llm_{role}_base_url") or args.llm_base_url
        model = getattr(args, f"llm_{role}_model") or args.llm_model
        if url:
            o[f"roles.{role}.base_url"] = url
        if model:
            o[f"roles.{role}.model"] = model
        if (url or model) and args.api_key_env:
            o[f"roles.{role}.api_key_env"] = args.api_key_env
    for k, v in args.set:
        o[k] = v
    return o


def run(args: argparse.Namespace) -> int:
    from toolgym.synth.pipeline.config import load_config

    cfg = load_config(args.config, _overrides(args))
    if args.print_config:
        print(json.dumps(cfg.model_dump(mode="json"), indent=2, sort_keys=True))
        return 0
    if args.check:
        return _check(cfg.out)
    from toolgym.synth.pipeline.run import summary_table, synthesize

    summary = synthesize(cfg)
    print(summary_table(summary, cfg))
    return 0


def _check(out: str) -> int:
    from toolgym.runs import iter_episodes
    from toolgym.synth.pipeline.verify import replay_episode

    n = bad = 0
    for ep in iter_episodes(out):
        n += 1
        rep = replay_episode(ep)
        if not rep:
            bad += 1
            print(f"record {ep.id} ({ep.env_id}): turn {rep.turn}: {rep.reason}", file=sys.stderr)
    print(f"{n - bad} passed, {bad} failed")
    return 1 if bad else 0

"""``toolgym import openapi``: an OpenAPI document as an environment (and, with --out, a package)."""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import an API description as an environment (openapi)",
        description="Import an API description as a stateful, seeded environment.",
    )
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    o = kinds.add_parser(
        "openapi",
        help="an OpenAPI 3.0/3.1 document (YAML or JSON)",
        description="Import an OpenAPI 3.0/3.1 document: resources become tables, operations tools. Prints what was "
        "inferred and with what confidence, runs the conformance check, and with --out writes an installable package "
        "that registers ID through the toolgym.envs entry points.",
    )
    o.add_argument("spec", metavar="SPEC", help="the document (YAML or JSON; $refs to relative files are followed)")
    o.add_argument("--id", required=True, metavar="ID", help="the environment id, like acme/Pets-v0")
    o.add_argument("--out", metavar="DIR", help="write a reviewable Python package here (pip install DIR)")
    o.add_argument("--overrides", metavar="FILE", help="a YAML/JSON overrides file for what inference gets wrong")
    o.add_argument("--size", type=int, default=12, metavar="N", help="rows per resource in the seeded world (default 12)")
    o.add_argument("--no-check", action="store_true", help="skip the conformance check")
    o.add_argument("--json", action="store_true", help="print the import report as JSON")
    o.add_argument("--force", action="store_true", help="overwrite a non-empty --out")
    o.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from toolgym.envs.openapi import from_spec, import_report
    from toolgym.envs.openapi.env import _load_overrides
    from toolgym.envs.openapi.report import report_data
    from toolgym.errors import ConfigError

    if args.size < 1:
        raise ConfigError(f"expected --size >= 1, got {args.size}")
    cls = from_spec(args.spec, env_id=args.id, overrides=args.overrides, size=args.size)
    plan = cls.plan
    status = 0
    check = None
    if not args.no_check:
        from toolgym.envs.conformance import check_env

        check = check_env(args.id, raise_on_failure=False)
        status = 0 if check.passed else 1
    if args.out:
        from toolgym.envs.openapi.document import load_document
        from toolgym.envs.openapi.package import write_package

        data, _ = _load_overrides(args.overrides)
        pkg = write_package(load_document(args.spec), plan, args.out, env_id=args.id, overrides=data, size=args.size,
                            force=args.force)
    if args.json:
        out = report_data(plan)
        out["sha256"] = cls.source["sha256"]
        if check is not None:
            out["conformance"] = {"passed": check.passed, "problems": check.problems}
        if args.out:
            out["package"] = {"dir": args.out, "name": pkg}
        print(json.dumps(out, indent=1))
        return status
    print(import_report(plan))
    print(f"document sha256 {cls.source['sha256']}")
    if check is not None:
        print(check.summary())
    if args.out:
        print(f"wrote package {pkg} to {args.out}: pip install {args.out}, then toolgym synth --env {args.id}")
    return status

"""The ``toolgym`` command line. Each subcommand lives in ``toolgym/commands/<name>.py``.

A command module provides ``add_parser(subparsers)``, which registers its parser and sets
``func`` (called with the parsed namespace, returning an exit code). Modules are imported only
to build the parser; heavy imports belong inside ``func``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from toolgym.errors import ToolgymError

COMMANDS = ["synth", "explore", "collect", "export", "stats", "envs", "serve", "schema"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolgym",
        description="Simulated tool environments, graph-directed exploration, and verified function-calling datasets.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"toolgym.commands.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"toolgym.commands.{name}":
                continue  # a command not built yet
            raise
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except ToolgymError as e:
        print(f"toolgym {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; rerun the same command to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

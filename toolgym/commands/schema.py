"""``toolgym schema``: print the JSON Schema of the canonical episode line."""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of one episode line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from toolgym.record import episode_json_schema

    print(json.dumps(episode_json_schema(), indent=2))
    return 0

"""The scale-out options every producing command shares: ``--workers``, ``--ray``, ``--shards``."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_scale_options", "scale_kwargs"]


def add_scale_options(p: argparse.ArgumentParser, *, workers: bool = True) -> None:
    """Add ``--ray [ADDRESS]`` and ``--shards N`` (and ``--workers N`` when ``workers``)."""
    g = p.add_argument_group("scale-out (the output is byte-identical for any of these)")
    if workers:
        g.add_argument("--workers", type=int, metavar="N", help="processes on this machine (default 1)")
    g.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                   help="run on Ray shards (pip install 'toolgym[ray]'): no ADDRESS starts a private local instance "
                        "(or joins $RAY_ADDRESS); 'auto' joins this machine's cluster (ray start); ray://host:10001 or host:6379 a given one")
    g.add_argument("--shards", type=int, metavar="N", help="Ray actors with --ray (default: the cluster's CPUs)")


def scale_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """The options as keyword arguments (only those given)."""
    out: dict[str, Any] = {}
    for k in ("workers", "ray", "shards"):
        v = getattr(args, k, None)
        if v is not None:
            out[k] = v
    return out

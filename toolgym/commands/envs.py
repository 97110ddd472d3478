"""``toolgym envs``: list, show and check environments, and draw their API graphs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from toolgym.errors import ConfigError


def output_dir(path: str | Path, flag: str) -> Path:
    """``path`` as a directory to write into (created), or a clear error when it cannot be one."""
    p = Path(path)
    for parent in (p, *p.parents):
        if parent.exists() and not parent.is_dir():
            what = "it" if parent == p else f"{str(parent)!r}"
            raise ConfigError(f"expected {flag} to be a directory, got {str(p)!r}, but {what} is a file")
    p.mkdir(parents=True, exist_ok=True)
    return p


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("envs", help="list, show and check environments")
    s = p.add_subparsers(dest="envs_command", metavar="ACTION")
    s.required = True

    lp = s.add_parser("list", help="every registered environment, with tool counts")
    lp.add_argument("--json", action="store_true", help="machine-readable output")
    lp.set_defaults(func=run_list)

    sp = s.add_parser("show", help="an environment's tools with their schemas")
    sp.add_argument("env_id")
    sp.add_argument("--json", action="store_true", help="print the tool specs as JSON")
    sp.set_defaults(func=run_show)

    cp = s.add_parser("check", help="run the conformance check")
    cp.add_argument("env_id", nargs="?")
    cp.add_argument("--all", action="store_true", help="check every registered environment")
    cp.add_argument("--seed", type=int, default=0)
    cp.add_argument("--steps", type=int, default=300, help="random-walk calls")
    cp.set_defaults(func=run_check)

    gp = s.add_parser("graph", help="an environment's API dependency graph (printed; DOT and PNG with --out)")
    gp.add_argument("env_id", help="a registered environment id, or A+B of registered ids")
    gp.add_argument("--out", metavar="DIR", help="write DIR/<name>.dot and DIR/<name>.png")
    gp.add_argument("--json", action="store_true", help="print nodes and edges as JSON")
    gp.set_defaults(func=run_graph)

    kp = s.add_parser("catalogue", help="write the catalogue page of the built-in environments")
    kp.add_argument("--out", default=None, help="write here (default: print)")
    kp.add_argument("--timings", default="benchmarks/results/env_step.json", help="env_step.py --json output")
    kp.set_defaults(func=run_catalogue)


def run_list(args: argparse.Namespace) -> int:
    from toolgym.envs import list_envs, make

    rows: list[dict[str, Any]] = []
    for info in list_envs():
        try:
            env = make(info.id)
            defs = env.all_tooldefs()
            rows.append({
                "id": info.id,
                "tools": len(defs),
                "writes": sum(d.writes for d in defs.values()),
                "source": info.source,
                "description": env.system_prompt().splitlines()[0],
            })
        except Exception as e:  # noqa: BLE001 - a broken env is listed, not fatal
            rows.append({"id": info.id, "tools": None, "writes": None, "source": info.source, "description": f"(cannot make: {e})"})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    w = max([len(r["id"]) for r in rows] + [2])
    print(f"{'id':<{w}}  tools  writes  source    description")
    for r in rows:
        print(f"{r['id']:<{w}}  {r['tools'] if r['tools'] is not None else '-':>5}  {r['writes'] if r['writes'] is not None else '-':>6}  {r['source']:<8}  {r['description'][:70]}")
    print(f"{len(rows)} environments, {sum(r['tools'] or 0 for r in rows)} tools")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from toolgym.envs import make

    env = make(args.env_id)
    defs = env.all_tooldefs()
    if args.json:
        print(json.dumps([d.spec.to_dict() for d in defs.values()], indent=2))
        return 0
    print(f"{args.env_id}: {env.system_prompt()}\n")
    for d in defs.values():
        s = d.spec
        tags = ["write" if s.writes else "read"]
        if s.needs:
            tags.append("needs " + ",".join(s.needs))
        if s.establishes:
            tags.append("establishes " + ",".join(s.establishes))
        if s.revokes:
            tags.append("revokes " + ",".join(s.revokes))
        props = s.parameters.get("properties", {})
        req = set(s.parameters.get("required", []))
        sig = ", ".join(f"{n}{'' if n in req else '?'}: {_type(p)}" for n, p in props.items())
        print(f"{s.name}({sig})  [{'; '.join(tags)}]")
        print(f"    {s.description.splitlines()[0]}")
        for n, p in props.items():
            ent = f" <{s.param_entities[n]}>" if n in s.param_entities else ""
            default = f" (default {p['default']!r})" if "default" in p else ""
            print(f"    - {n}{ent}: {p.get('description', '')}{default}")
    return 0


def _type(p: dict) -> str:
    if "enum" in p:
        return "|".join(json.dumps(v) for v in p["enum"])
    t = p.get("type", "any")
    if isinstance(t, list):
        t = "|".join(t)
    if t == "array":
        return f"list[{_type(p.get('items', {}))}]"
    return str(t)


def run_graph(args: argparse.Namespace) -> int:
    from toolgym.envs.graph import ApiGraph
    from toolgym.synth.explore import resolve_env

    graph = ApiGraph.of(resolve_env(args.env_id))
    if args.json:
        depth = graph.depth()
        print(json.dumps({
            "tools": [{"name": t, "depth": depth[t], "requirements": [[r.kind, r.key] for r in graph.requirements(t)],
                       "user_params": graph.user_params(t), "internal_params": graph.internal_params(t)} for t in graph.tools],
            "edges": [{"src": u, "dst": v, **{k: d[k] for k in sorted(d)}} for u, v, d in graph.edges()],
        }, indent=2))
    else:
        print(f"{args.env_id}: {len(graph.tools)} tools\n")
        print(graph.summary())
    if args.out:
        from toolgym.fsio import atomic_output, atomic_write

        out = output_dir(args.out, "--out")
        name = args.env_id.replace("/", "_").replace(":", "_").replace("+", "_")
        atomic_write(out / f"{name}.dot", graph.to_dot(args.env_id), encoding="ascii")
        atomic_output(out / f"{name}.png", lambda tmp: graph.draw(tmp, title=f"{args.env_id} (solid: data, dashed: state; red: writes)"))
        print(f"\nwrote {out / (name + '.dot')} and {out / (name + '.png')}", file=sys.stderr)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from toolgym.envs import check_env, list_envs

    if not args.all and not args.env_id:
        print("toolgym envs check: give an ENV_ID or --all", file=sys.stderr)
        return 2
    ids = [i.id for i in list_envs()] if args.all else [args.env_id]
    failed = 0
    for env_id in ids:
        report = check_env(env_id, seed=args.seed, steps=args.steps, raise_on_failure=False)
        print(report.summary())
        failed += not report.passed
    print(f"{len(ids) - failed} passed, {failed} failed")
    return 1 if failed else 0


def run_catalogue(args: argparse.Namespace) -> int:
    from toolgym.envs.catalogue import load_timings, render_catalogue

    page = render_catalogue(load_timings(args.timings))
    if args.out:
        from toolgym.fsio import atomic_write

        target = Path(args.out)
        output_dir(target.parent, "--out's folder")
        if target.is_dir():
            raise ConfigError(f"expected --out to be a file, got {str(target)!r}, which is a directory")
        atomic_write(target, page)
        print(f"wrote {args.out}")
    else:
        print(page, end="")
    return 0

"""``toolgym serve``: the scripted OpenAI-compatible server, for dry runs without a model."""

from __future__ import annotations

import argparse
import signal
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="run the scripted OpenAI-compatible test server (dry runs, benchmarks)",
        description=(
            "Serve POST /v1/chat/completions and GET /v1/models with deterministic scripted replies. "
            "Without --script it runs in echo mode: it calls the tool the user names (else one chosen by "
            "a hash of the message) with arguments made from the schema, then answers in text."
        ),
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="0 picks a free port (printed on start)")
    p.add_argument("--script", help="a JSON script file (rules matched per conversation); see toolgym.synth.llm.server")
    p.add_argument("--model", default="scripted", help="the model id reported by /v1/models")
    p.add_argument("--latency", type=float, default=0.0, help="seconds before each answer (default 0)")
    p.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND=RATE",
        help="server-wide fault rate, repeatable: 429, 500, 503, hang, drop, garbage, malformed, empty (e.g. --fault 429=0.05)",
    )
    p.add_argument("--retry-after", type=float, default=1.0, help="seconds a 429 asks the client to wait")
    p.add_argument("--parallel", type=int, default=1, help="tools the echo mode calls at once")
    p.add_argument("--seed", type=int, default=0, help="seed of the fault stream")
    p.set_defaults(func=run)


def _faults(specs: list[str]) -> dict[str, float]:
    from toolgym.errors import ConfigError

    out: dict[str, float] = {}
    for spec in specs:
        kind, sep, rate = spec.partition("=")
        try:
            if not sep:
                raise ValueError
            value = float(rate)
        except ValueError:
            raise ConfigError(f"expected --fault KIND=RATE (e.g. 429=0.05), got {spec!r}") from None
        if not 0.0 <= value <= 1.0:  # also refuses nan
            raise ConfigError(f"expected a fault rate between 0 and 1 (a probability), got {spec!r}")
        out[kind] = value
    return out


def run(args: argparse.Namespace) -> int:
    import asyncio

    from toolgym.errors import ConfigError
    from toolgym.synth.llm.server import ScriptedServer, ServerConfig, load_script

    try:
        cfg = ServerConfig(
            script=load_script(args.script) if args.script else None,
            latency=args.latency,
            model=args.model,
            faults=_faults(args.fault),
            seed=args.seed,
            retry_after=args.retry_after,
            parallel=args.parallel,
        )
    except (OSError, ValueError) as e:
        raise ConfigError(str(e)) from None

    async def main() -> None:
        server = ScriptedServer(cfg)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            # Stopping is asked for, not an error: the loop closes the open connections in
            # order (a signal raised inside a connection's callback printed asyncio tracebacks).
            loop.add_signal_handler(sig, stop.set)
        url = await server.start(args.host, args.port)
        # Announced only now, with the handlers in place: a caller that signals as soon as it
        # reads this line must not meet the interpreter's default handling instead.
        print(f"listening on {url}", flush=True)
        try:
            await stop.wait()
        finally:
            await server.stop()
            print(f"served {server.stats}", file=sys.stderr, flush=True)

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    return 0

"""``toolgym serve-env``: an environment as a service, over MCP or an OpenEnv-style HTTP/WebSocket API."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve-env",
        help="serve an environment over MCP or an OpenEnv-style HTTP/WebSocket API (RL trainers, agents)",
        description=(
            "Serve one environment: --protocol mcp (the official MCP SDK, Streamable HTTP at /mcp: every tool "
            "listed with its schema, calls run in the caller's session's world, failures as isError with the "
            "environment's hint) or --protocol openenv (WebSocket /ws and HTTP /reset /step /state, as OpenEnv "
            "clients speak). Each session has its own world; at most --max-sessions are open, idle ones close "
            "after --idle-timeout seconds."
        ),
    )
    p.add_argument("--env", required=True, metavar="ID", help="a registered environment id (or A+B of registered ids)")
    p.add_argument("--protocol", choices=["mcp", "openenv"], default="mcp")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="0 picks a free port (printed on start)")
    p.add_argument("--max-sessions", type=int, default=64, help="worlds held at once (default 64)")
    p.add_argument("--idle-timeout", type=float, default=600.0, help="seconds before an unused session is closed")
    p.add_argument("--seed", type=int, default=0, help="world seed of a session that names none")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from toolgym.errors import ConfigError

    if args.max_sessions < 1:
        raise ConfigError(f"expected --max-sessions >= 1, got {args.max_sessions}")
    if not args.idle_timeout > 0:
        raise ConfigError(f"expected --idle-timeout > 0 seconds, got {args.idle_timeout}")
    if not 0 <= args.port <= 65535:
        raise ConfigError(f"expected --port between 0 and 65535, got {args.port}")
    try:
        import uvicorn
    except ImportError:
        raise ConfigError("serve-env needs uvicorn and starlette: pip install 'toolgym[mcp]'") from None
    if args.protocol == "mcp":
        from toolgym.rl.mcp_server import MCPEnvServer

        app = MCPEnvServer(args.env, seed=args.seed, max_sessions=args.max_sessions, idle_timeout=args.idle_timeout).app(args.host)
        path = "/mcp"
    else:
        from toolgym.rl.openenv_server import OpenEnvServer

        app = OpenEnvServer(args.env, seed=args.seed, max_sessions=args.max_sessions, idle_timeout=args.idle_timeout).app()
        path = "/ws"
    import socket

    # Bound and listening before the address is printed: a client that reads it can connect at once.
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as e:
        sock.close()
        raise ConfigError(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}") from None
    sock.listen(2048)
    port = sock.getsockname()[1]
    print(f"serving {args.env} over {args.protocol} on http://{args.host}:{port}{path}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("stopped", file=sys.stderr, flush=True)
    return 0

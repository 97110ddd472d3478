"""A toolgym environment as an MCP server (the official ``mcp`` SDK, Streamable HTTP).

``toolgym serve-env --env ID --protocol mcp`` runs it. Every tool of the environment is listed
with its own JSON Schema (``inputSchema``) and description; ``tools/call`` runs the call in the
world of the caller's session, through the environment's ``step`` (validated, atomic: a failed
call leaves the world as it was). A failed call is a result with ``isError: true`` whose text is
the environment's message, with its recovery hint ("unknown tool 'serch'; did you mean
'search'?", "precondition not met for send: 'logged_in' does not hold; call login first").

Sessions: each client session gets its own world, built at its first call from the seed
(``--seed``, or ``_meta["toolgym/seed"]`` of that first call). A client session is the MCP
session (the ``Mcp-Session-Id`` of a stateful Streamable HTTP connection); the 2026 protocol
revision has no transport sessions, so such clients name theirs in the request's ``_meta``
(``"toolgym/session": "any-id"``). At most ``max_sessions`` are open at once (one more is
refused with ``isError`` saying so), a session idle for ``idle_timeout`` seconds is closed, and
``_meta["toolgym/close"]: true`` on a call closes it after the call.

Example:
    >>> from mcp import Client
    >>> async with Client("http://127.0.0.1:8000/mcp", mode="legacy") as c:
    ...     tools = (await c.list_tools()).tools
    ...     r = await c.call_tool("login", {"username": "me"})
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from toolgym.canonical import dumps_ascii

from .pool import PoolFull, SessionPool
from .session import Session

__all__ = ["MCPEnvServer", "SESSION_META", "SEED_META", "CLOSE_META", "running"]

SESSION_META = "toolgym/session"
SEED_META = "toolgym/seed"
CLOSE_META = "toolgym/close"


def _mcp() -> Any:
    try:
        import mcp_types as types
        from mcp.server.lowlevel import Server
    except ImportError as e:  # pragma: no cover - depends on the extra
        from toolgym.errors import ConfigError

        raise ConfigError("serving over MCP needs the mcp SDK: pip install 'toolgym[mcp]'") from e
    return types, Server


@dataclass
class MCPEnvServer:
    """The MCP server of one environment id; :meth:`app` is its ASGI application.

    Args:
        env_id: a registered environment id (or ``A+B``).
        seed: the world seed of a session that names none.
        max_sessions: the most worlds held at once.
        idle_timeout: seconds before an unused world is closed.
        max_steps: calls per session before it ends (``step_budget``).
    """

    env_id: str
    seed: int = 0
    max_sessions: int = 64
    idle_timeout: float | None = 600.0
    max_steps: int = 100_000

    def __post_init__(self) -> None:
        from toolgym.envs.registry import make

        probe = make(self.env_id)  # a clear error for an unknown id, before serving
        probe.reset(seed=self.seed)
        self.specs = probe.tool_specs()
        self.system_prompt = probe.system_prompt()
        self.pool = SessionPool(self.max_sessions, self.idle_timeout)
        self.calls = 0
        types, Server = _mcp()
        self._types = types
        self._tools = [types.Tool(name=s.name, description=s.description, input_schema=s.parameters) for s in self.specs]
        self.server = Server("toolgym", version=_version(), instructions=self.system_prompt,
                             on_list_tools=self._list_tools, on_call_tool=self._call_tool)

    def app(self, host: str = "127.0.0.1") -> Any:
        """The Starlette app serving ``/mcp`` (Streamable HTTP)."""
        return self.server.streamable_http_app(host=host, max_sessions=self.max_sessions * 4,
                                               session_idle_timeout=self.idle_timeout or None)

    async def _list_tools(self, ctx: Any, params: Any) -> Any:
        return self._types.ListToolsResult(tools=self._tools)

    def _session_key(self, ctx: Any, meta: dict[str, Any]) -> str | None:
        key = meta.get(SESSION_META)
        if isinstance(key, str) and key:
            return "meta:" + key[:200]
        req = getattr(ctx, "request", None)
        sid = req.headers.get("mcp-session-id") if req is not None else None
        return "mcp:" + sid if sid else None

    def _error(self, text: str) -> Any:
        t = self._types
        return t.CallToolResult(content=[t.TextContent(type="text", text=text)], is_error=True)

    async def _call_tool(self, ctx: Any, params: Any) -> Any:
        t = self._types
        meta = _meta_dict(getattr(params, "meta", None))
        key = self._session_key(ctx, meta)
        if key is None:
            return self._error(f"this server keeps one world per session: connect with a stateful MCP session, or name "
                               f"yours in the request's _meta ({{\"{SESSION_META}\": \"my-session\"}})")
        self.pool.sweep()
        try:
            session = self.pool.get(key) if key in self.pool else None
            if session is None:
                seed = meta.get(SEED_META, self.seed)
                if type(seed) is not int or seed < 0:
                    return self._error(f"expected _meta {SEED_META} to be an integer >= 0, got {seed!r}")
                _, session = self.pool.open(self.env_id, seed=seed, max_steps=self.max_steps, sid=key)
                session.reset()
        except PoolFull as e:
            return self._error(f"server at capacity: {e}")
        if session.done:
            self.pool.close(key)
            return self._error(f"this session's episode is over ({session.termination}); start a new session")
        args = params.arguments if params.arguments is not None else {}
        result, _ = session.call_tool(params.name, args)
        self.calls += 1
        if meta.get(CLOSE_META) is True:
            self.pool.close(key)
        if result.error is not None:
            return self._error(result.error)
        text = dumps_ascii(result.content)
        structured = result.content if isinstance(result.content, dict) else None
        return t.CallToolResult(content=[t.TextContent(type="text", text=text)], structured_content=structured, is_error=False)


def _meta_dict(meta: Any) -> dict[str, Any]:
    if meta is None:
        return {}
    if isinstance(meta, dict):
        return meta
    dump = getattr(meta, "model_dump", None)
    return dump(by_alias=True) if dump else {}


def _version() -> str:
    from toolgym import __version__

    return __version__


# --- running it ------------------------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread; yields ``http://host:port``; stopped on exit."""
    import uvicorn

    port = port or free_port(host)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on", ws="websockets-sansio"
                                           if _has_sansio() else "auto"))
    thread = threading.Thread(target=server.run, name=f"toolgym-serve-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server on {host}:{port} did not start")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def _has_sansio() -> bool:
    try:
        import uvicorn.protocols.websockets.websockets_sansio_impl  # noqa: F401
    except ImportError:
        return False
    return True

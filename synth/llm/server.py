"""A scripted OpenAI-compatible Chat Completions server, for tests, benchmarks and dry runs.

It speaks just enough HTTP/1.1 (keep-alive, ``Content-Length`` or chunked bodies) to serve
``POST /v1/chat/completions`` (with ``tools``) and ``GET /v1/models`` to the ``openai`` client,
on one asyncio loop with no framework, so it serves hundreds of concurrent connections at a few
hundred microseconds of CPU per request. Replies are deterministic:

- **script mode**: rules match a conversation by a substring of its first user message; the
  reply is the rule's ``replies[k]`` where ``k`` is the number of assistant messages already in
  the conversation. The server keeps no session: a conversation replayed gets the same replies.
- **echo mode** (the fallback, and what ``toolgym serve`` uses without a script): a rule-based
  "model" that calls a tool (the one the last user message names, else one chosen by a hash of
  the message) with arguments made from its schema, then answers in text once results arrive.

Faults are injected per scripted reply (``"faults": ["429", "hang"]``: the first requests for
that reply fail that way, each once, then the reply is served; the index ``k`` counts only
usable assistant messages, so when a client shows the model its ``malformed`` or ``empty``
reply and asks again, the same scripted reply comes next) or server-wide with seeded rates
(``faults={"500": 0.05}``). Kinds: ``429`` (with ``Retry-After`` and ``retry-after-ms``), ``500``,
``503``, ``hang`` (no answer until the client gives up), ``drop`` (connection closed without an
answer), ``garbage`` (a 200 whose body is not JSON), ``malformed`` (a tool call whose arguments
are not JSON), ``empty`` (no content, no tool calls).

Script file (JSON)::

    {"rules": [{"match": "Send Ann", "replies": [
        {"tool_calls": [{"name": "find_user", "arguments": {"name": "Ann"}}], "faults": ["429"]},
        {"reasoning_content": "Found her id.",
         "tool_calls": [{"name": "send", "arguments": {"to": {"$from": "find_user", "path": "0.id"}}}]},
        {"content": "Sent."}]}],
     "fallback": "echo"}

An argument value ``{"$from": TOOL, "path": "0.id"}`` is replaced by that field of the latest
result of ``TOOL`` in the conversation, so a script can use ids only a tool reveals.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import math
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from toolgym import safejson

__all__ = ["ServerConfig", "ScriptedServer", "FAULT_KINDS", "example_arguments"]

try:  # optional: the server's CPU per request competes with the client's in benchmarks
    import orjson as _orjson

    def _loads(data: str | bytes) -> Any:
        try:
            return _orjson.loads(data)
        except _orjson.JSONDecodeError:  # what orjson refuses (NaN, huge ints) json may take, or explain
            return json.loads(data)

    def _dumps(payload: Any) -> bytes:
        try:
            return _orjson.dumps(payload)
        except TypeError:
            return json.dumps(payload, separators=(",", ":")).encode()
except ImportError:  # pragma: no cover - depends on the machine
    _loads = json.loads  # type: ignore[assignment]

    def _dumps(payload: Any) -> bytes:
        return json.dumps(payload, separators=(",", ":")).encode()

FAULT_KINDS = ("429", "500", "503", "hang", "drop", "garbage", "malformed", "empty")

_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 429: "Too Many Requests",
            500: "Internal Server Error", 503: "Service Unavailable"}


class _Drop(Exception):
    """Close the connection without answering."""


class _Hang(Exception):
    """Never answer; wait until the client closes the connection."""


@dataclass
class ServerConfig:
    """What the scripted server replies and how it misbehaves.

    Attributes:
        script: ``{"rules": [...], "fallback": "echo"|"error"}`` (see the module docstring), or
            None for pure echo mode.
        latency: seconds to wait before every answer (a model's generation time).
        model: the model id ``/v1/models`` lists and completions report.
        faults: server-wide fault rates, kind -> probability, drawn from a ``seed``-ed stream.
        seed: seed of the fault stream.
        retry_after: seconds a 429 asks the client to wait.
        hang_seconds: how long a ``hang`` lasts at most if the client never gives up.
        parallel: how many tools the echo mode calls at once.
    """

    script: dict[str, Any] | None = None
    latency: float = 0.0
    model: str = "scripted"
    faults: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    retry_after: float = 0.05
    hang_seconds: float = 600.0
    parallel: int = 1

    def __post_init__(self) -> None:
        for kind in self.faults:
            if kind not in FAULT_KINDS:
                raise ValueError(f"unknown fault kind {kind!r}; expected one of {list(FAULT_KINDS)}")
        if self.script is not None:
            _check_script(self.script)


def _check_script(script: dict[str, Any]) -> None:
    if not isinstance(script, dict) or not isinstance(script.get("rules", []), list):
        raise ValueError("expected a script object {'rules': [...], 'fallback': ...}")
    for i, rule in enumerate(script.get("rules", [])):
        if not isinstance(rule, dict) or not isinstance(rule.get("replies"), list):
            raise ValueError(f"rules[{i}]: expected an object with a 'replies' list")
        for j, rep in enumerate(rule["replies"]):
            for kind in rep.get("faults", []):
                if kind not in FAULT_KINDS:
                    raise ValueError(f"rules[{i}].replies[{j}]: unknown fault {kind!r}; expected one of {list(FAULT_KINDS)}")
    fb = script.get("fallback", "echo")
    if fb not in ("echo", "error") and not isinstance(fb, dict):
        raise ValueError(f"expected fallback 'echo', 'error' or a reply object, got {fb!r}")


class ScriptedServer:
    """The server. ``with ScriptedServer(cfg).running() as base_url:`` runs it in a thread.

    ``stats`` counts requests, completions and faults by kind; ``max_connections`` the peak
    number of simultaneously open connections.
    """

    def __init__(self, config: ServerConfig | None = None):
        self.config = config or ServerConfig()
        self._rng = random.Random(self.config.seed)
        self._fault_counts: dict[tuple[Any, ...], int] = {}
        self.stats: dict[str, int] = {"requests": 0, "completions": 0}
        self.connections = 0
        self.max_connections = 0
        self.last_headers: dict[str, str] = {}  # of the latest request (lower-cased names), for tests
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.host = "127.0.0.1"
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen (``port=0``: a free port); returns the base URL (``http://host:port/v1``)."""
        self._server = await asyncio.start_server(self._serve_connection, host, port, backlog=1024)
        self.host, self.port = self._server.sockets[0].getsockname()[:2]
        return self.base_url

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            # A connection accepted just before close() registers when its handler first runs:
            # one pass of the loop lets it, and the loop repeats until none is left.
            await asyncio.sleep(0)
            while self._tasks:
                for w in list(self._writers):  # open keep-alive connections would keep wait_closed waiting
                    w.transport.abort()
                for t in list(self._tasks):
                    t.cancel()
                await asyncio.gather(*self._tasks, return_exceptions=True)
                await asyncio.sleep(0)
            await self._server.wait_closed()
            self._server = None

    @contextlib.contextmanager
    def running(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """Serve from a background thread; yields the base URL and stops on exit."""
        ready = threading.Event()
        error: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self.start(host, port))
            except BaseException as e:  # noqa: BLE001 - reported to the starting thread
                error.append(e)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        self._thread = threading.Thread(target=run, name="scripted-llm-server", daemon=True)
        self._thread.start()
        ready.wait()
        if error:
            raise error[0]
        try:
            yield self.base_url
        finally:
            assert self._loop is not None
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)

    # --- HTTP -------------------------------------------------------------------------------

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.max_connections = max(self.max_connections, self.connections)
        self._writers.add(writer)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, _version = lines[0].split(" ", 2)
                except ValueError:
                    writer.write(_response(400, {"error": {"message": "bad request line"}}))
                    return
                headers = {}
                for line in lines[1:]:
                    k, sep, v = line.partition(":")
                    if sep:
                        headers[k.strip().lower()] = v.strip()
                self.last_headers = headers
                try:
                    body = await _read_body(reader, headers)
                except (asyncio.IncompleteReadError, ConnectionError, ValueError):
                    return
                try:
                    data = await self._dispatch(method, target.split("?", 1)[0], body)
                except _Drop:
                    writer.transport.abort()
                    return
                except _Hang:
                    with contextlib.suppress(asyncio.TimeoutError, ConnectionError):
                        await asyncio.wait_for(reader.read(), self.config.hang_seconds)
                    writer.transport.abort()
                    return
                writer.write(data)
                if headers.get("connection", "").lower() == "close":
                    await writer.drain()
                    return
        except ConnectionError:
            return
        except asyncio.CancelledError:
            # stop() cancels open connections; ending the handler normally, not as cancelled,
            # spares Python 3.11's stream callback from logging a traceback per connection
            return
        finally:
            self.connections -= 1
            self._writers.discard(writer)
            self._tasks.discard(task)
            writer.close()

    async def _dispatch(self, method: str, path: str, body: bytes) -> bytes:
        self.stats["requests"] += 1
        path = path.rstrip("/")
        if path in ("/v1/models", "/models"):
            if method != "GET":
                return _response(405, {"error": {"message": f"expected GET, got {method}"}})
            return _response(200, {"object": "list", "data": [
                {"id": self.config.model, "object": "model", "created": 0, "owned_by": "toolgym"}]})
        if path not in ("/v1/chat/completions", "/chat/completions"):
            return _response(404, {"error": {"message": f"no route {path!r}; this server has /v1/chat/completions and /v1/models"}})
        if method != "POST":
            return _response(405, {"error": {"message": f"expected POST, got {method}"}})
        try:
            req = _loads(body)
            messages = req["messages"]
            if not isinstance(messages, list):
                raise TypeError("messages is not a list")
        except (ValueError, KeyError, TypeError) as e:
            return _response(400, {"error": {"message": f"expected a chat completion request: {e}", "type": "invalid_request_error"}})
        reply, key, faults = self._reply_for(req)
        fault = self._next_fault(key, faults)
        delay = reply.get("delay", self.config.latency) if isinstance(reply, dict) else self.config.latency
        if delay:
            await asyncio.sleep(delay)
        if fault is not None:
            self.stats[fault] = self.stats.get(fault, 0) + 1
            out = self._fault_response(fault)
            if out is not None:
                return out
            if fault == "malformed":
                reply = _malformed(reply)
            elif fault == "empty":
                reply = {"content": None}
        self.stats["completions"] += 1
        return _response(200, self._completion(req, reply, key), raw=reply.get("body") if isinstance(reply, dict) else None)

    def _fault_response(self, fault: str) -> bytes | None:
        if fault == "429":
            ra = self.config.retry_after
            headers = {"Retry-After": str(max(0, math.ceil(ra))), "retry-after-ms": str(int(ra * 1000))}
            return _response(429, {"error": {"message": "Rate limit reached; retry later", "type": "rate_limit_error", "code": "rate_limit"}}, headers)
        if fault in ("500", "503"):
            return _response(int(fault), {"error": {"message": f"scripted fault {fault}", "type": "server_error"}})
        if fault == "hang":
            raise _Hang()
        if fault == "drop":
            raise _Drop()
        if fault == "garbage":
            return _response(200, None, raw=b"<html><body>502 Bad Gateway (scripted garbage)</body></html>")
        return None

    def _next_fault(self, key: tuple[Any, ...], faults: list[str]) -> str | None:
        if faults:
            n = self._fault_counts.get(key, 0)
            if n < len(faults):
                self._fault_counts[key] = n + 1
                return faults[n]
            return None
        for kind, rate in self.config.faults.items():
            if rate > 0 and self._rng.random() < rate:
                return kind
        return None

    # --- replies ----------------------------------------------------------------------------

    def _reply_for(self, req: dict[str, Any]) -> tuple[dict[str, Any], tuple[Any, ...], list[str]]:
        messages = req["messages"]
        first_user = next((_text(m.get("content")) for m in messages if isinstance(m, dict) and m.get("role") == "user"), "")
        k = sum(1 for m in messages if _usable_assistant(m))
        script = self.config.script
        if script is not None:
            for i, rule in enumerate(script.get("rules", [])):
                match = rule.get("match", "")
                if match in first_user or match == "*":
                    replies = rule["replies"]
                    if k < len(replies):
                        rep = replies[k]
                        return _resolve_refs(rep, messages), (i, first_user, k), list(rep.get("faults", []))
                    return {"content": f"(script for rule {i} is exhausted after {len(replies)} replies)"}, (i, first_user, k), []
            fb = script.get("fallback", "echo")
            if isinstance(fb, dict):
                return _resolve_refs(fb, messages), ("fallback", first_user, k), list(fb.get("faults", []))
            if fb == "error":
                return {"content": "(no script rule matches this conversation)"}, ("error", first_user, k), []
        return _echo(req, self.config.parallel), ("echo", first_user, k), []

    def _completion(self, req: dict[str, Any], reply: dict[str, Any], key: tuple[Any, ...]) -> dict[str, Any]:
        msg: dict[str, Any] = {"role": "assistant", "content": reply.get("content")}
        if "reasoning_content" in reply:
            msg["reasoning_content"] = reply["reasoning_content"]
        calls: list[dict[str, Any]] = []
        for i, c in enumerate(reply.get("tool_calls") or []):
            args = c.get("arguments", {})
            cid = c.get("id") or "call_" + hashlib.blake2b(repr((key, i)).encode(), digest_size=8).hexdigest()
            calls.append({"id": cid, "type": "function", "function": {
                "name": c.get("name", ""), "arguments": args if isinstance(args, str) else json.dumps(args)}})
        if calls:
            msg["tool_calls"] = calls
        prompt_tokens = sum(len(_text(m.get("content"))) for m in req["messages"] if isinstance(m, dict)) // 4 + 1
        completion_tokens = (len(_text(msg["content"])) + sum(len(c["function"]["arguments"]) + 8 for c in calls)) // 4 + 1
        return {
            "id": f"chatcmpl-{self.stats['completions']}",
            "object": "chat.completion",
            "created": 0,
            "model": req.get("model") or self.config.model,
            "choices": [{"index": 0, "message": msg, "logprobs": None,
                         "finish_reason": reply.get("finish_reason") or ("tool_calls" if calls else "stop")}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }


def _usable_assistant(m: Any) -> bool:
    """An assistant message a client kept: text, or calls whose arguments are JSON objects."""
    if not isinstance(m, dict) or m.get("role") != "assistant":
        return False
    calls = m.get("tool_calls") or []
    for c in calls:
        args = (c.get("function") or {}).get("arguments") if isinstance(c, dict) else None
        if isinstance(args, str):
            try:  # what a model sent back: bounded before parsing (a 10k-deep string is just unusable)
                args = safejson.loads(args, max_depth=safejson.MAX_DEPTH) if args.strip() else {}
            except ValueError:
                return False
        if not isinstance(args, (dict, type(None))):
            return False
    return bool(calls) or bool(_text(m.get("content")).strip())


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def _resolve_refs(reply: dict[str, Any], messages: list[Any]) -> dict[str, Any]:
    if not any(isinstance(v, dict) and "$from" in v for c in reply.get("tool_calls") or []
               for v in (c["arguments"] if isinstance(c.get("arguments"), dict) else {}).values()):  # str arguments: as given
        return reply
    names: dict[str, str] = {}
    latest: dict[str, Any] = {}
    for m in messages:
        if not isinstance(m, dict):
            continue
        for c in m.get("tool_calls") or []:
            names[c.get("id")] = c.get("function", {}).get("name")
        if m.get("role") == "tool":
            name = names.get(str(m.get("tool_call_id")))
            with contextlib.suppress(ValueError):
                latest[str(name)] = safejson.loads(_text(m.get("content")))
    calls = []
    for c in reply.get("tool_calls") or []:
        args = c.get("arguments")
        if isinstance(args, dict):
            args = {k: _lookup(latest, v) if isinstance(v, dict) and "$from" in v else v for k, v in args.items()}
        calls.append({**c, "arguments": args})
    return {**reply, "tool_calls": calls}


def _lookup(latest: dict[str, Any], ref: dict[str, Any]) -> Any:
    value = latest.get(ref["$from"])
    for part in str(ref.get("path", "")).split("."):
        if part == "":
            continue
        if isinstance(value, list) and part.lstrip("-").isdigit() and -len(value) <= int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _malformed(reply: dict[str, Any]) -> dict[str, Any]:
    calls = reply.get("tool_calls") or [{"name": "unknown_tool", "arguments": {}}]
    return {**reply, "tool_calls": [{**c, "arguments": (json.dumps(c.get("arguments", {})) if not isinstance(c.get("arguments"), str) else c["arguments"])[:-1] + ", "}
                                    for c in calls]}


def _echo(req: dict[str, Any], parallel: int) -> dict[str, Any]:
    """A rule-based stand-in for a model: call the tool the user names (or one picked by a hash of
    the message); when a result's error names another tool, call that one and then retry; answer
    in text once the named tool ran, or after a few calls."""
    messages = [m for m in req["messages"] if isinstance(m, dict)]
    tools = [t.get("function", {}) for t in req.get("tools") or [] if isinstance(t, dict)]
    by_name = {t.get("name"): t for t in tools if t.get("name")}
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    text = _text(messages[last_user].get("content")) if last_user >= 0 else ""
    if not tools:
        return {"content": f"echo: {text[:200]}"}
    named = [n for n in by_name if n in text]
    target = max(named, key=len) if named else None
    since = messages[last_user + 1:]
    calls = {c.get("id"): c.get("function", {}).get("name") for m in since for c in m.get("tool_calls") or []}
    results = [(calls.get(m.get("tool_call_id")), _text(m.get("content"))) for m in since if m.get("role") == "tool"]
    if results:
        if target is None or any(n == target and '"error"' not in r[:10] for n, r in results) or len(results) >= 6:
            tail = " | ".join(r[:120] for _, r in results[-max(1, parallel):])
            return {"content": "Done. Results: " + tail, "reasoning_content": "The tools answered; I report."}
        name, last = results[-1]
        hint = next((n for n in sorted(by_name, key=len, reverse=True) if n != name and n in last), None) if '"error"' in last[:10] else None
        nxt = by_name[hint] if hint else by_name[target]
        return {"reasoning_content": f"{name} answered; next {nxt['name']}.",
                "tool_calls": [{"name": nxt["name"], "arguments": example_arguments(nxt.get("parameters") or {})}]}
    if target is not None:
        start = tools.index(by_name[target])
    else:
        start = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big") % len(tools)
    chosen = [tools[(start + i) % len(tools)] for i in range(min(max(1, parallel), len(tools)))]
    return {
        "reasoning_content": f"I will call {', '.join(t['name'] for t in chosen)}.",
        "tool_calls": [{"name": t["name"], "arguments": example_arguments(t.get("parameters") or {})} for t in chosen],
    }


def example_arguments(schema: dict[str, Any]) -> dict[str, Any]:
    """Arguments for the required parameters of a JSON Schema, each the simplest valid-looking value."""
    props = schema.get("properties") or {}
    return {name: _example(props.get(name) or {}) for name in schema.get("required", [])}


def _example(p: dict[str, Any]) -> Any:
    if "enum" in p and p["enum"]:
        return p["enum"][0]
    if "const" in p:
        return p["const"]
    if "default" in p:
        return p["default"]
    for key in ("anyOf", "oneOf"):
        if p.get(key):
            return _example(p[key][0])
    t = p.get("type", "string")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "string")
    if t == "integer":
        return int(p.get("minimum", 1))
    if t == "number":
        return float(p.get("minimum", 1.0))
    if t == "boolean":
        return True
    if t == "array":
        return []
    if t == "object":
        return example_arguments(p)
    if t == "null":
        return None
    fmt = str(p.get("format"))
    return {"date": "2025-01-01", "date-time": "2025-01-01T09:00:00", "email": "user@example.com"}.get(fmt, "example")


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts: list[bytes] = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    n = int(headers.get("content-length", "0") or 0)
    return await reader.readexactly(n) if n else b""


def _response(status: int, payload: Any, headers: dict[str, str] | None = None, raw: bytes | str | None = None) -> bytes:
    if raw is not None:
        body = raw.encode() if isinstance(raw, str) else raw
    else:
        body = _dumps(payload)
    head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}", "Content-Type: application/json",
            f"Content-Length: {len(body)}"]
    for k, v in (headers or {}).items():
        head.append(f"{k}: {v}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def load_script(path: str) -> dict[str, Any]:
    """Read and check a script file (JSON)."""
    with open(path, encoding="utf-8") as f:
        script = json.load(f)
    _check_script(script)
    return script

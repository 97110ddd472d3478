"""The endpoint pool: every chat completion toolgym asks of a model goes through :class:`LLMClient`.

What it guarantees, whatever the number of episodes in flight:

* **A bound on in-flight requests**, not on episodes: thousands of episodes may wait on one
  semaphore; at most ``max_in_flight`` HTTP requests are open at once. Backoff sleeps happen
  outside the semaphore, so a rate-limited request does not hold a slot.
* **One ``AsyncOpenAI`` client per endpoint per event loop** (a connection pool is tied to the
  loop that made it), with connection limits sized to the bound, so no request waits for a
  connection and none is opened beyond need. Under it, by default, :mod:`.transport`'s HTTP
  client over aiohttp (``LLMConfig.http``).
* **Little CPU per request** (``benchmarks/llm_throughput.py``): every request goes through the
  SDK's public client, but with options built once per endpoint, an absolute URL, the SDK's
  telemetry headers omitted, the body as bytes joined from JSON encoded once per message
  (:mod:`.wire`), and the answer read as bytes and decoded with orjson (no pydantic models).
* **Retries it counts and bounds itself** (the SDK's own are off): 408/409/425/429/5xx, connection
  errors, timeouts and unreadable bodies are retried with capped exponential backoff and jitter,
  or after exactly the delay the server asks for (``retry-after-ms``, ``Retry-After`` seconds or
  HTTP date). 401/403/404 mean the run is misconfigured and raise :class:`LLMFatalError` (the
  collector stops; a rerun resumes). Other 4xx end the episode (``request_error``).
* **Least-in-flight routing with a sticky endpoint per episode**: an episode's first request
  goes to the endpoint with the fewest requests open, and its later requests follow it (so a
  server's prefix cache sees the whole conversation); after a failure the episode moves to the
  least-loaded other endpoint.
* **Accounting**: tokens, latency, retries and errors per call (:class:`ChatResult`) and in sum
  (:attr:`LLMClient.stats`).

The API key is read from the environment variable the config names, at first use; it is never
stored in the config, a run directory or a log.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import os
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, cast

import httpx2

from toolgym.errors import ConfigError, ToolgymError

from ..policy import PolicyError
from .wire import DECODE_ERRORS, Conversation, Encoded, dumps, loads, request_body

__all__ = ["LLMConfig", "LLMClient", "LLMError", "LLMFatalError", "ChatResult", "Session", "retry_delay", "RETRY_STATUSES"]

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 529})
FATAL_STATUSES = frozenset({401, 403, 404})

HTTP_CLIENTS = ("auto", "aiohttp", "sdk-aiohttp", "httpx2")
# The SDK's telemetry headers (platform, versions, retry count, read timeout): omitted, the
# SDK's documented way to drop a default header. An OpenAI-compatible server ignores them, and
# each costs header building on both sides of every request.
_TELEMETRY = ("X-Stainless-Lang", "X-Stainless-Package-Version", "X-Stainless-OS", "X-Stainless-Arch",
              "X-Stainless-Runtime", "X-Stainless-Runtime-Version", "X-Stainless-Async")
_PER_REQUEST_TELEMETRY = ("X-Stainless-Retry-Count", "X-Stainless-Read-Timeout")
NO_KEY = "EMPTY"  # what local servers (vLLM, llama.cpp, Ollama) accept when they check no key


class LLMError(PolicyError):
    """A request that could not be completed; ``reason`` is the episode's termination reason."""


class LLMFatalError(ToolgymError):
    """The endpoint refuses every request (bad key, unknown model or URL): stop the run."""


class ResponseTooLarge(httpx2.TransportError):
    """An answer past ``max_response_bytes``: reading stopped there (raised by the HTTP clients)."""


class _BoundedStream(httpx2.AsyncByteStream):
    """A response body that raises :class:`ResponseTooLarge` once it passes ``limit`` bytes."""

    def __init__(self, inner: Any, limit: int):
        self._inner = inner
        self._limit = limit

    async def __aiter__(self) -> Any:
        seen = 0
        async for chunk in self._inner:
            seen += len(chunk)
            if seen > self._limit:
                raise ResponseTooLarge(f"the answer is larger than {self._limit:,} bytes")
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


def _bound_response_hook(limit: int) -> Any:
    """An httpx response hook (run before the body is read) bounding what is read."""

    async def hook(response: Any) -> None:
        length = response.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise ResponseTooLarge(f"the answer is {int(length):,} bytes, larger than {limit:,}")
        response.stream = _BoundedStream(response.stream, limit)

    return hook


@dataclass
class LLMConfig:
    """Where the model is and how to ask it.

    Attributes:
        model: the model name the server knows.
        base_urls: one or more OpenAI-compatible base URLs (``http://host:port/v1``).
        api_key_env: the environment variable holding the API key (its NAME is what configs
            store). Unset variable: the placeholder key ``EMPTY`` local servers accept.
        max_in_flight: the most requests open at once, over all endpoints.
        request_timeout: seconds for one HTTP request, all of it: connecting, sending, and
            reading the whole answer (a hung or trickling server costs at most this).
        connect_timeout: seconds to open a connection.
        max_retries: retries of one request after its first attempt.
        backoff_initial: the first backoff delay in seconds (doubling, jittered).
        backoff_max: the longest backoff delay.
        max_retry_after: the longest server-requested delay honoured (longer ones are capped).
        temperature, top_p, max_tokens, seed: sampling parameters (None: the server's default).
        tool_choice: ``auto``, ``required``, ``none`` (None: not sent).
        parallel_tool_calls: sent when not None.
        extra_body: more fields for the request body (server-specific: ``top_k``, ``chat_template_kwargs``...).
        max_response_bytes: the largest answer read (default 8 MiB; a real reply is rarely a
            tenth of that). A larger one is not read further and ends the episode with
            ``malformed_output``: memory stays bounded and nothing that size is stored.
        record_latency: keep per-call latency and endpoint in the episodes (they vary run to
            run; turn off for byte-identical reruns against a deterministic server).
        http: the HTTP client under the SDK: ``aiohttp`` (:class:`~.transport.AioHttpClient`,
            the least CPU per request), ``sdk-aiohttp`` (the SDK's ``DefaultAioHttpClient``),
            ``httpx2`` (the SDK's default), or ``auto`` (``aiohttp`` when installed).
    """

    model: str
    base_urls: list[str] = field(default_factory=lambda: ["http://127.0.0.1:8000/v1"])
    api_key_env: str | None = "OPENAI_API_KEY"
    max_in_flight: int = 32
    request_timeout: float = 300.0
    connect_timeout: float = 10.0
    max_retries: int = 6
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 120.0
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    tool_choice: str | None = None
    parallel_tool_calls: bool | None = None
    extra_body: dict[str, Any] = field(default_factory=dict)
    record_latency: bool = True
    http: str = "auto"
    max_response_bytes: int = 8 * 2**20

    def __post_init__(self) -> None:
        if self.http not in HTTP_CLIENTS:
            raise ConfigError(f"expected http one of {', '.join(repr(h) for h in HTTP_CLIENTS)}, got {self.http!r}")
        if isinstance(self.base_urls, str):
            self.base_urls = [self.base_urls]
        if not self.base_urls:
            raise ConfigError("expected at least one base URL, got none")
        for u in self.base_urls:
            if not u.startswith(("http://", "https://")):
                raise ConfigError(f"expected a base URL like http://host:port/v1, got {u!r}")
        if self.max_in_flight < 1:
            raise ConfigError(f"expected max_in_flight >= 1, got {self.max_in_flight}")
        if self.max_retries < 0:
            raise ConfigError(f"expected max_retries >= 0, got {self.max_retries}")
        if not self.request_timeout > 0:
            raise ConfigError(f"expected request_timeout > 0 seconds, got {self.request_timeout}")
        if self.max_response_bytes < 1024:
            raise ConfigError(f"expected max_response_bytes >= 1024, got {self.max_response_bytes}")
        if self.tool_choice not in (None, "auto", "required", "none"):
            raise ConfigError(f"expected tool_choice auto, required or none, got {self.tool_choice!r}")
        if self.api_key_env is not None and not self.api_key_env.replace("_", "").isalnum():
            raise ConfigError(
                f"expected the NAME of an environment variable for api_key_env (e.g. OPENAI_API_KEY), got {self.api_key_env[:4]!r}..."
            )

    def to_dict(self) -> dict[str, Any]:
        """JSON data for a run's config: the key's variable name, never the key."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LLMConfig:
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(d) - known)
        if unknown:
            from toolgym.errors import suggest

            raise ConfigError(f"unknown LLM setting {unknown[0]!r}{suggest(unknown[0], known)}")
        return cls(**d)

    def sampling(self) -> dict[str, Any]:
        """The request fields besides model, messages and tools."""
        out: dict[str, Any] = {}
        for k in ("temperature", "top_p", "max_tokens", "seed", "tool_choice", "parallel_tool_calls"):
            v = getattr(self, k)
            if v is not None:
                out[k] = v
        return out


@dataclass
class ChatResult:
    """One completed chat request.

    Attributes:
        data: the completion as JSON data (``choices``, ``usage``...).
        latency: seconds of the attempt that succeeded.
        attempts: HTTP attempts it took (1 = no retry).
        endpoint: index of the base URL that answered.
        waited: seconds spent waiting for a slot or in backoff.
    """

    data: dict[str, Any]
    latency: float
    attempts: int
    endpoint: int
    waited: float

    @property
    def usage(self) -> dict[str, int]:
        u = self.data.get("usage") or {}
        return {
            "prompt_tokens": int(u.get("prompt_tokens") or 0),
            "completion_tokens": int(u.get("completion_tokens") or 0),
        }


@dataclass
class Session:
    """Per-episode routing state: the endpoint the episode sticks to."""

    endpoint: int | None = None


@dataclass
class Stats:
    """Counters over the client's life (read them any time; they only grow)."""

    calls: int = 0  # completed chat requests
    attempts: int = 0  # HTTP attempts, retries included
    retries: int = 0
    failed: int = 0  # requests given up on
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency: float = 0.0  # seconds, successful attempts
    peak_in_flight: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["errors"] = dict(sorted(self.errors.items()))
        return d


class _LoopState:
    """What is tied to one event loop: the clients and the semaphore."""

    def __init__(self, loop: asyncio.AbstractEventLoop, n: int, bound: int):
        self.loop = loop
        self.clients: list[Any] = [None] * n
        self.urls: list[str] = [""] * n  # each endpoint's absolute completions URL
        self.options: list[Any] = [None] * n  # each endpoint's SDK request options, copied per request
        self.sem = asyncio.Semaphore(bound)
        self.in_flight = [0] * n
        self.sessions = [0] * n  # sticky episodes per endpoint, a tie-break
        self.rr = 0


class LLMClient:
    """Chat completions over a pool of OpenAI-compatible endpoints (see the module docstring).

    Example:
        >>> client = LLMClient(LLMConfig(model="qwen3-8b", base_urls=["http://gpu1:8000/v1"]))
        >>> res = await client.chat([{"role": "user", "content": "hi"}], tools=[])
        >>> res.data["choices"][0]["message"]
    """

    def __init__(self, config: LLMConfig, *, rng: random.Random | None = None):
        self.config = config
        self.stats = Stats()
        self._state: _LoopState | None = None
        self._jitter = rng or random.Random()  # timing only: never reaches an output
        self._in_flight = 0
        self._heads: dict[bool, bytes] = {}  # encoded request fields besides messages and tools, by "has tools"

    # --- per-loop state -------------------------------------------------------------------------

    def _loop_state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        st = self._state
        if st is None or st.loop is not loop:
            st = self._state = _LoopState(loop, len(self.config.base_urls), self.config.max_in_flight)
        return st

    def _client(self, st: _LoopState, i: int) -> Any:
        c = st.clients[i]
        if c is None:
            import httpx2
            import openai

            cfg = self.config
            key = os.environ.get(cfg.api_key_env, "") if cfg.api_key_env else ""
            if not key:
                if cfg.api_key_env:
                    log.info("%s is not set; sending the placeholder key %r", cfg.api_key_env, NO_KEY)
                key = NO_KEY
            # Every request may land on one endpoint (stickiness), so each pool holds the bound.
            limits = httpx2.Limits(max_connections=cfg.max_in_flight, max_keepalive_connections=cfg.max_in_flight)
            timeout = httpx2.Timeout(cfg.request_timeout, connect=cfg.connect_timeout)
            c = openai.AsyncOpenAI(
                base_url=cfg.base_urls[i],
                api_key=key,
                max_retries=0,  # retries are ours: counted, bounded, Retry-After honoured, re-routed
                timeout=timeout,
                http_client=_http_client(cfg.http, limits=limits, timeout=timeout, max_body=cfg.max_response_bytes),
                # the SDK takes Omit to drop one of its default headers, though it annotates str
                default_headers=cast("dict[str, str]", {h: openai.omit for h in _TELEMETRY}),
            )
            # An absolute URL: the SDK then parses it once instead of merging it with the base URL.
            st.urls[i] = str(c.base_url).rstrip("/") + "/chat/completions"
            st.options[i] = _request_options(st.urls[i], timeout)
            st.clients[i] = c
        return c

    def _pick(self, st: _LoopState, exclude: int | None = None) -> int:
        n = len(st.in_flight)
        if n == 1:
            return 0
        start = st.rr = (st.rr + 1) % n  # rotate ties so equal endpoints share new episodes
        order = [(start + k) % n for k in range(n)]
        cands = [i for i in order if i != exclude] or order
        return min(cands, key=lambda i: (st.in_flight[i], st.sessions[i]))

    # --- the request ------------------------------------------------------------------------------

    async def chat(
        self,
        messages: Conversation | list[dict[str, Any]],
        tools: Encoded | list[dict[str, Any]] | None = None,
        *,
        session: Session | None = None,
        **overrides: Any,
    ) -> ChatResult:
        """One chat completion, retried as the module docstring says.

        Args:
            messages: the conversation in wire form: a list, or a :class:`~.wire.Conversation`
                (each message encoded once, when appended; what :class:`~.policy.LLMPolicy` sends).
            tools: tools in wire form (``{"type": "function", "function": {...}}``), as a list or
                :class:`~.wire.Encoded` (encoded once for all the requests that offer them).
            session: the episode's routing state (a fresh one: route by load alone).
            overrides: request fields overriding the config's sampling parameters.

        Raises:
            LLMError: ``server_error`` after the last retry, ``request_error`` on a refused
                request (e.g. a context too long); the episode ends with that reason.
            LLMFatalError: 401/403/404: the run cannot work as configured.
        """
        cfg = self.config
        st = self._loop_state()
        session = session or Session()
        content = self._body(messages, tools, overrides)
        attempt = 0
        waited = 0.0
        last_error = ""
        while True:
            if session.endpoint is None:
                session.endpoint = self._pick(st)
                st.sessions[session.endpoint] += 1
            ep = session.endpoint
            self._client(st, ep)  # made (and openai imported) before the clock starts
            t_wait = time.perf_counter()
            async with st.sem:
                t0 = time.perf_counter()
                waited += t0 - t_wait
                st.in_flight[ep] += 1
                self._in_flight += 1
                if self._in_flight > self.stats.peak_in_flight:
                    self.stats.peak_in_flight = self._in_flight
                attempt += 1
                self.stats.attempts += 1
                try:
                    outcome = await self._attempt(st, ep, content)
                finally:
                    st.in_flight[ep] -= 1
                    self._in_flight -= 1
                latency = time.perf_counter() - t0
            kind, payload, headers = outcome
            if kind == "ok":
                self.stats.calls += 1
                self.stats.latency += latency
                res = ChatResult(payload, latency, attempt, ep, waited)
                u = res.usage
                self.stats.prompt_tokens += u["prompt_tokens"]
                self.stats.completion_tokens += u["completion_tokens"]
                return res
            self.stats.errors[kind] += 1
            last_error = payload
            status = int(kind) if kind.isdigit() else None
            if status in FATAL_STATUSES:
                self.stats.failed += 1
                hint = {401: f"check the API key in ${cfg.api_key_env}", 403: f"check the API key in ${cfg.api_key_env}",
                        404: f"check the base URL {cfg.base_urls[ep]!r} and the model name {cfg.model!r}"}[status]
                raise LLMFatalError(f"{cfg.base_urls[ep]} answered {status}: {payload}; {hint}")
            if status is not None and status not in RETRY_STATUSES:
                self.stats.failed += 1
                raise LLMError("request_error", f"the server refused the request ({status}): {payload}")
            if kind == "too_large":  # asking again would bring the same flood: the episode ends
                self.stats.failed += 1
                raise LLMError("malformed_output", payload)
            if attempt > cfg.max_retries:
                self.stats.failed += 1
                raise LLMError("server_error", f"gave up after {attempt} attempts; last error: {kind}: {last_error}")
            self.stats.retries += 1
            delay = retry_delay(attempt, headers, initial=cfg.backoff_initial, cap=cfg.backoff_max,
                                max_retry_after=cfg.max_retry_after, rng=self._jitter)
            if len(st.in_flight) > 1 and (kind in ("connection", "timeout", "bad_response") or (status or 0) >= 500):
                # The endpoint may be down: move the episode to the least-loaded other one.
                st.sessions[ep] -= 1
                session.endpoint = self._pick(st, exclude=ep)
                st.sessions[session.endpoint] += 1
            log.debug("retry %d of a request after %s (%s) in %.3fs", attempt, kind, last_error, delay)
            await asyncio.sleep(delay)
            waited += delay

    def _body(self, messages: Conversation | list[dict[str, Any]], tools: Encoded | list[dict[str, Any]] | None,
              overrides: dict[str, Any]) -> bytes:
        """The request body as JSON bytes; only what is new since the last request is encoded."""
        has_tools = bool(tools)
        if overrides or has_tools not in self._heads:
            head: dict[str, Any] = {"model": self.config.model, **self.config.sampling(), **overrides}
            if not has_tools:
                head.pop("tool_choice", None)
                head.pop("parallel_tool_calls", None)
            head.update(self.config.extra_body)  # the server-specific fields win, as extra_body does in the SDK
            if "messages" in head or "tools" in head:  # a caller replacing them: plain encoding
                return dumps({"messages": getattr(messages, "messages", messages),
                              **({"tools": getattr(tools, "value", tools)} if has_tools else {}), **head})
            encoded = dumps(head)
            if overrides:
                return request_body(encoded, messages, tools)
            self._heads[has_tools] = encoded
        return request_body(self._heads[has_tools], messages, tools)

    async def _attempt(self, st: _LoopState, ep: int, content: bytes) -> tuple[str, Any, Any]:
        """One HTTP attempt: ("ok", data, headers) or (error kind, message, headers)."""
        import openai

        client = self._client(st, ep)
        try:
            # The SDK's generic ``post`` (its documented way to reach any route), not
            # ``chat.completions.create``: that one walks every message and tool through its
            # TypedDict transformer, ~3 ms of CPU per request at a realistic size.
            # The body goes as bytes we encode (orjson when installed, each message once: see
            # .wire): the SDK's encoder is slower and would encode the whole conversation again.
            opts = st.options[ep]
            # A total deadline: httpx's read timeout restarts at every byte, so a server
            # trickling one byte a second would otherwise hold the request for ever.
            async with asyncio.timeout(self.config.request_timeout):
                if isinstance(opts, dict):  # an SDK without FinalRequestOptions where we look for it
                    http = await client.post(st.urls[ep], cast_to=httpx2.Response, content=content, options=opts)
                else:
                    # What ``post`` does, minus building the options anew (a pydantic model with
                    # defaults resolved per field): the prebuilt ones, copied with this body.
                    http = await client.request(httpx2.Response, opts.model_copy(update={"content": content}))
        except openai.APIStatusError as e:
            return str(e.status_code), _error_message(e), e.response.headers
        except (openai.APITimeoutError, TimeoutError):
            return "timeout", f"no complete answer within {self.config.request_timeout}s", None
        except openai.APIConnectionError as e:
            if isinstance(e.__cause__, ResponseTooLarge):
                return "too_large", f"{e.__cause__} (max_response_bytes); not read further", None
            return "connection", str(e.__cause__ or e) or type(e).__name__, None
        try:
            data = loads(http.content)
            if not isinstance(data, dict):
                raise ValueError(f"expected a JSON object, got {type(data).__name__}")
        except DECODE_ERRORS as e:
            snippet = http.content[:60].decode("utf-8", "replace")
            return "bad_response", f"the body is not a chat completion ({e}): {snippet!r}", None
        if "error" in data and "choices" not in data:  # some servers answer errors with 200
            return "bad_response", f"error in a 200 answer: {str(data['error'])[:200]}", None
        return "ok", data, http.headers

    async def aclose(self) -> None:
        """Close the connection pools of the current loop."""
        st = self._state
        if st is None:
            return
        for c in st.clients:
            if c is not None:
                await c.close()
        self._state = None


def _request_options(url: str, timeout: Any) -> Any:
    """The SDK options of every completion request to ``url``: built once per endpoint.

    Every field is given (no pydantic default resolved per request): JSON content type, no SDK
    retries (ours are counted, bounded, honour Retry-After and re-route), the SDK's telemetry
    headers omitted. A ``FinalRequestOptions`` when the SDK has it where ``AsyncOpenAI.request``
    takes it from, else the same fields as a dict for ``post``.
    """
    import openai

    fields: dict[str, Any] = {
        "headers": {"Content-Type": "application/json", **{h: openai.omit for h in _PER_REQUEST_TELEMETRY}},
        "max_retries": 0, "timeout": timeout, "params": {}, "extra_json": None,
        "follow_redirects": None, "security": {"bearer_auth": True, "admin_api_key_auth": True},
        "synthesize_event_and_data": None, "stream_mode": "legacy",
    }
    try:
        from openai._models import FinalRequestOptions
    except ImportError:  # pragma: no cover - another SDK layout: the public post() path
        return fields
    return FinalRequestOptions.construct(method="post", url=url, json_data=None, content=None, files=None, **fields)


def aiohttp_available() -> bool:
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


def _http_client(kind: str, *, max_body: int = 8 * 2**20, **kwargs: Any) -> Any:
    """The HTTP client under the SDK (``LLMConfig.http``): ours over aiohttp when installed
    (``pip install 'openai[aiohttp]'``; see :mod:`.transport`), else the SDK's default ``httpx2``
    client. ``sdk-aiohttp`` is the SDK's own aiohttp client, kept for comparison."""
    import openai

    if kind in ("aiohttp", "sdk-aiohttp") or (kind == "auto" and aiohttp_available()):
        if not aiohttp_available():
            raise ConfigError(f"http={kind!r} needs aiohttp: pip install 'openai[aiohttp]'")
        if kind == "sdk-aiohttp":
            return openai.DefaultAioHttpClient(event_hooks={"response": [_bound_response_hook(max_body)]}, **kwargs)
        from .transport import AioHttpClient

        return AioHttpClient(max_body=max_body, **kwargs)
    return openai.DefaultAsyncHttpxClient(event_hooks={"response": [_bound_response_hook(max_body)]}, **kwargs)


def _error_message(e: Any) -> str:
    body = getattr(e, "body", None)
    if isinstance(body, dict):
        inner = body.get("error")
        msg = inner.get("message") if isinstance(inner, dict) else body.get("message")
        if msg:
            return str(msg)[:300]
    return str(getattr(e, "message", e))[:300]


def retry_delay(
    attempt: int,
    headers: Any,
    *,
    initial: float = 0.5,
    cap: float = 30.0,
    max_retry_after: float = 120.0,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based).

    The server's wish comes first (``retry-after-ms``, then ``Retry-After`` as seconds or an HTTP
    date), capped at ``max_retry_after``; otherwise ``initial * 2**(attempt-1)`` capped at ``cap``,
    with jitter down to half, so that many clients rate-limited together do not return together.
    """
    if headers is not None:
        for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
            value = headers.get(name)
            if value is None:
                continue
            try:
                d = float(value) * scale
            except ValueError:
                parsed = email.utils.parsedate_tz(value) if name == "retry-after" else None
                if parsed is None:
                    continue
                d = email.utils.mktime_tz(parsed) - time.time()
            if math.isfinite(d):
                return min(max(d, 0.0), max_retry_after)  # a date already past: now
    base = min(initial * (2 ** (attempt - 1)), cap)
    r = (rng or random).random()
    return base * (0.5 + 0.5 * r)

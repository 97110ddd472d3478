"""The HTTP client under ``AsyncOpenAI``: an ``httpx2.AsyncClient`` whose requests go out over aiohttp.

Why not the SDK's own ``DefaultAioHttpClient``: between the SDK and the socket, that one runs
every request through httpx2's generic machinery (URL parsing and merging, header merging,
auth and redirect flows, cookie extraction, a streamed body read in 16 KB chunks through two
wrapper streams) and then aiohttp's. Measured on the 10 KB mid-episode request of
``benchmarks/llm_throughput.py`` that is about 0.6 ms of CPU per request, on top of the SDK's
own ~0.3 ms: more than the whole budget of an LLM call.

:class:`AioHttpClient` is handed to ``AsyncOpenAI(http_client=...)`` (the SDK's documented way
to bring an HTTP client), so every request still goes through the SDK's public ``post``: its
headers (auth included), URL, timeout, status errors (``APIStatusError`` with the response's
``Retry-After``), ``APITimeoutError`` and ``APIConnectionError``. It overrides two public
``httpx2.AsyncClient`` methods for the plain case the SDK produces (an absolute URL, a bytes
body, no query, no cookies, no auth flow, no redirects followed):

* ``build_request``: URLs parsed once and cached; the client's default headers merged by a
  precomputed key set instead of two ``Headers`` rebuilds;
* ``send``: one aiohttp request on a pooled session sized to the client's connection limit
  (a proxy the environment names honoured, looked up once per URL), the body read whole (LLM answers are small), aiohttp
  errors mapped to the httpx2 exceptions the SDK turns into ``APITimeoutError`` /
  ``APIConnectionError``. A redirect is asked again through httpx2, which follows it.

Anything else (a stream, a relative URL, an auth flow, event hooks) is passed to
``httpx2.AsyncClient`` unchanged, over its default transport. Cookies are not kept.
"""

from __future__ import annotations

import asyncio
import urllib.request
from typing import Any

import aiohttp
import httpx2

__all__ = ["AioHttpClient"]

# Headers aiohttp computes itself from the URL and the body: sending httpx2's copies too would
# duplicate them on the wire.
_AIOHTTP_OWN = frozenset({"host", "content-length", "transfer-encoding"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_LIMITS = httpx2.Limits(max_connections=100)  # the default pool (immutable, so one object serves all)


_UNKNOWN: Any = object()


def _env_proxy(url: httpx2.URL) -> str | None:
    """The proxy the environment names for ``url`` (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``,
    ``NO_PROXY``), as httpx2 would use it. Looked up once per URL: aiohttp's ``trust_env`` reads
    the environment on every request (~1 ms of CPU here)."""
    proxies = urllib.request.getproxies()
    proxy = proxies.get(url.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(url.host):
        return None
    return proxy if "://" in proxy else "http://" + proxy


def _map_error(e: BaseException) -> httpx2.TransportError:
    """The httpx2 exception the SDK expects for an aiohttp failure (timeouts become
    ``APITimeoutError``, the rest ``APIConnectionError``)."""
    msg = str(e) or type(e).__name__
    if isinstance(e, aiohttp.ConnectionTimeoutError):
        return httpx2.ConnectTimeout(msg)
    if isinstance(e, (aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
        return httpx2.ReadTimeout(msg)
    if isinstance(e, aiohttp.ClientConnectorError):
        return httpx2.ConnectError(msg)
    if isinstance(e, aiohttp.ServerDisconnectedError):
        return httpx2.RemoteProtocolError(msg)
    if isinstance(e, aiohttp.ClientPayloadError):
        return httpx2.ReadError(msg)
    if isinstance(e, (aiohttp.ClientError, OSError)):
        return httpx2.NetworkError(msg)
    return httpx2.TransportError(msg)


async def _read_bounded(resp: aiohttp.ClientResponse, limit: int) -> bytes:
    from .client import ResponseTooLarge

    if resp.content_length is not None and resp.content_length > limit:
        resp.close()
        raise ResponseTooLarge(f"the answer is {resp.content_length:,} bytes, larger than {limit:,}")
    parts: list[bytes] = []
    seen = 0
    async for chunk in resp.content.iter_chunked(1 << 16):
        seen += len(chunk)
        if seen > limit:
            resp.close()  # drop the connection: the rest is never read
            raise ResponseTooLarge(f"the answer is larger than {limit:,} bytes")
        parts.append(chunk)
    return b"".join(parts)


class AioHttpClient(httpx2.AsyncClient):
    """An ``httpx2.AsyncClient`` sending the SDK's plain requests over one aiohttp session.

    Args:
        limits: connection limits; ``max_connections`` bounds the aiohttp pool and
            ``keepalive_expiry`` its idle connections.
        timeout: the default timeout (the SDK passes its own per request anyway).
        max_body: the largest response body read; past it :class:`~.client.ResponseTooLarge`
            is raised and the connection dropped (memory stays bounded whatever a server sends).
        kwargs: anything else ``httpx2.AsyncClient`` takes (used by its fallback path).

    Example:
        >>> client = openai.AsyncOpenAI(base_url=url, api_key=key, http_client=AioHttpClient(limits=limits))
    """

    def __init__(self, *, limits: httpx2.Limits = _LIMITS, timeout: Any = 60.0,
                 max_body: int = 8 * 2**20, **kwargs: Any):
        kwargs.setdefault("follow_redirects", True)  # as the SDK's own clients
        super().__init__(limits=limits, timeout=timeout, **kwargs)
        self._max_body = max_body
        self._pool_limit = limits.max_connections or 0
        self._keepalive = limits.keepalive_expiry
        self._session: aiohttp.ClientSession | None = None
        self._urls: dict[str, tuple[httpx2.URL, str]] = {}  # URL -> (parsed, its Host header)
        self._timeouts: dict[tuple[Any, ...], tuple[dict[str, Any], aiohttp.ClientTimeout]] = {}
        self._last_timeout: tuple[Any, dict[str, Any]] = (object(), {})
        self._proxies: dict[str, str | None] = {}  # URL -> proxy from the environment (looked up once)
        # The client's default headers (Accept-Encoding, Connection...) that a request may override.
        self._defaults = [(k, v) for k, v in self.headers.multi_items()]
        self._default_keys = frozenset(k.lower() for k, _ in self._defaults)
        # Cookies are neither stored (no Set-Cookie is read) nor sent on the fast path; a client
        # made with cookies takes httpx2's path. Checked once: an empty jar costs a walk to test.
        self._no_cookies = not self.cookies

    # --- building ---------------------------------------------------------------------------------

    def build_request(  # same signature as httpx2.AsyncClient.build_request, keywords passed through
        self,
        method: str,
        url: httpx2.URL | str,
        *,
        content: Any = None,
        data: Any = None,
        files: Any = None,
        json: Any = None,
        params: Any = None,
        headers: Any = None,
        cookies: Any = None,
        timeout: Any = httpx2.USE_CLIENT_DEFAULT,
        extensions: Any = None,
    ) -> httpx2.Request:
        plain = (
            isinstance(url, str)
            and (content is None or isinstance(content, bytes))
            and data is None and not files and json is None and not params and not cookies and not extensions
            and (headers is None or isinstance(headers, list))
            and self._no_cookies
        )
        hit = self._urls.get(url) if plain else None  # type: ignore[arg-type]
        if plain and hit is None:
            parsed = httpx2.URL(url)
            if not parsed.is_relative_url and len(self._urls) < 256:  # relative URLs merge with a base URL: httpx2's job
                hit = self._urls[url] = (parsed, parsed.netloc.decode("ascii"))  # type: ignore[index]
        if hit is None:
            return super().build_request(
                method, url, content=content, data=data, files=files, json=json, params=params,
                headers=headers, cookies=cookies, timeout=timeout, extensions=extensions,
            )
        given = headers or []
        keys = {k.lower() for k, _ in given}
        if keys & _AIOHTTP_OWN:  # a caller's own Host or length: httpx2 knows how to merge them
            return super().build_request(method, url, content=content, headers=headers, timeout=timeout)
        merged = [kv for kv in self._defaults if kv[0].lower() not in keys] + given if keys & self._default_keys else self._defaults + given
        # Host and Content-Length given, the body as a ByteStream: what Request(content=...) does,
        # without its two rounds of header lookups and its second Headers build.
        body = content or b""
        u, host = hit
        length = [("Content-Length", str(len(body)))] if body or method.upper() in ("POST", "PUT", "PATCH", "QUERY") else []
        merged = [("Host", host), *merged, *length]
        request = httpx2.Request(method, u, headers=merged, stream=httpx2.ByteStream(body), extensions={"timeout": self._timeout_dict(timeout)})
        request.read()  # as with content=...: the body is there for whoever reads request.content
        return request

    def _timeout_dict(self, timeout: Any) -> dict[str, Any]:
        if timeout is self._last_timeout[0]:  # the SDK passes the same object request after request
            return self._last_timeout[1]
        t = self.timeout if timeout is httpx2.USE_CLIENT_DEFAULT else httpx2.Timeout(timeout)
        d = self._timeout_for(t)[0]
        self._last_timeout = (timeout, d)
        return d

    def _timeout_for(self, t: httpx2.Timeout | dict[str, Any]) -> tuple[dict[str, Any], aiohttp.ClientTimeout]:
        d = t if isinstance(t, dict) else t.as_dict()
        key = (d.get("connect"), d.get("read"), d.get("write"), d.get("pool"))
        hit = self._timeouts.get(key)
        if hit is None:
            # As the SDK's aiohttp transport maps them: connect -> socket connect, read -> each
            # socket read, pool -> waiting for a pooled connection.
            hit = self._timeouts[key] = (d, aiohttp.ClientTimeout(sock_connect=key[0], sock_read=key[1], connect=key[3]))
        return hit

    # --- sending ----------------------------------------------------------------------------------

    def _session_for_loop(self) -> aiohttp.ClientSession:
        s = self._session
        if s is None or s.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_limit, keepalive_timeout=self._keepalive)
            # auto_decompress off: the body is decoded by httpx2.Response, by its Content-Encoding.
            s = self._session = aiohttp.ClientSession(connector=connector, auto_decompress=False)
        return s

    async def send(
        self,
        request: httpx2.Request,
        *,
        stream: bool = False,
        auth: Any = httpx2.USE_CLIENT_DEFAULT,
        follow_redirects: Any = httpx2.USE_CLIENT_DEFAULT,
    ) -> httpx2.Response:
        simple = (
            not stream
            and auth in (httpx2.USE_CLIENT_DEFAULT, None) and self.auth is None
            and not self._event_hooks["request"] and not self._event_hooks["response"]
            and isinstance(request.stream, httpx2.ByteStream)
        )
        if not simple:
            return await super().send(request, stream=stream, auth=auth, follow_redirects=follow_redirects)
        if self.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        _, timeout = self._timeout_for(request.extensions.get("timeout") or self.timeout)
        headers = [kv for kv in request.headers.multi_items() if kv[0] not in _AIOHTTP_OWN]  # keys come lower-cased
        url = str(request.url)
        proxy = self._proxies.get(url, _UNKNOWN)
        if proxy is _UNKNOWN:
            proxy = _env_proxy(request.url)
            if len(self._proxies) < 256:
                self._proxies[url] = proxy
        try:
            async with self._session_for_loop().request(
                request.method, url, data=request.content or None, headers=headers,
                allow_redirects=False, timeout=timeout, compress=False, proxy=proxy,
            ) as resp:
                body = await _read_bounded(resp, self._max_body)
                status, raw_headers, reason = resp.status, resp.raw_headers, resp.reason
        except (TimeoutError, aiohttp.ClientError, OSError) as e:
            raise _map_error(e) from e
        if status in _REDIRECTS and (follow_redirects if follow_redirects is not httpx2.USE_CLIENT_DEFAULT else self.follow_redirects):
            # Rare (a base URL that moved): httpx2 asks again and follows, as it would have.
            return await super().send(request, stream=stream, auth=auth, follow_redirects=follow_redirects)
        ext: dict[str, Any] = {"http_version": b"HTTP/1.1"}
        if reason:
            ext["reason_phrase"] = reason.encode("latin-1", "replace")
        return httpx2.Response(status, headers=list(raw_headers), content=body, request=request, extensions=ext)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        await super().aclose()

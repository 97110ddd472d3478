"""A deliberately bad OpenAI-compatible endpoint on 127.0.0.1: it trickles its answer a few
bytes at a time, or floods a huge one. Real sockets, real HTTP; the client sees what a broken
server or proxy sends."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Iterator

COMPLETION = {"id": "x", "object": "chat.completion", "model": "m",
              "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}],
              "usage": {"prompt_tokens": 1, "completion_tokens": 1}}


class BadServer:
    """``mode``: ``trickle`` (the answer one byte every ``delay`` s), ``flood`` (``size`` bytes,
    chunked), ``flood-declared`` (the same with its Content-Length sent first)."""

    def __init__(self, mode: str, *, delay: float = 0.05, size: int = 64 * 2**20):
        self.mode = mode
        self.delay = delay
        self.size = size
        self.sent = 0  # body bytes written before the client stopped reading
        self.requests = 0

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
            await reader.readexactly(length)
            self.requests += 1
            if self.mode == "trickle":
                body = json.dumps(COMPLETION).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
                for i in range(len(body)):
                    writer.write(body[i : i + 1])
                    await writer.drain()
                    self.sent += 1
                    await asyncio.sleep(self.delay)
            else:
                declared = b"Content-Length: %d\r\n" % self.size if self.mode == "flood-declared" else b"Transfer-Encoding: chunked\r\n"
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + declared + b"\r\n")
                chunk = b'{"pad": "' + b"x" * (1 << 16)
                while self.sent < self.size:
                    data = chunk[: self.size - self.sent]
                    writer.write(data if self.mode == "flood-declared" else b"%x\r\n%s\r\n" % (len(data), data))
                    await writer.drain()
                    self.sent += len(data)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    @contextlib.contextmanager
    def running(self) -> Iterator[str]:
        started = threading.Event()
        box: dict[str, object] = {}

        async def main() -> None:
            srv = await asyncio.start_server(self._handle, "127.0.0.1", 0)
            box["port"] = srv.sockets[0].getsockname()[1]
            box["loop"] = asyncio.get_running_loop()
            stop = box["stop"] = asyncio.Event()
            started.set()
            await stop.wait()
            srv.close()
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in others:
                t.cancel()
            await asyncio.gather(*others, return_exceptions=True)
            await srv.wait_closed()

        t = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
        t.start()
        started.wait(10)
        try:
            yield f"http://127.0.0.1:{box['port']}/v1"
        finally:
            loop = box["loop"]
            loop.call_soon_threadsafe(box["stop"].set)  # type: ignore[attr-defined,union-attr]
            t.join(10)

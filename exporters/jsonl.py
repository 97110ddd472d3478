"""Export files: one JSON object per line, written buffered and read back with each line's place.

(Reading run directories is :mod:`toolgym.runs`; this is the exporters' own output.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolgym.fastjson import dumpb, loads

__all__ = ["JsonlWriter", "iter_jsonl"]


class JsonlWriter:
    """Appends one JSON object per line, buffered; counts what it wrote.

    ``tail_key`` names a large value that repeats from record to record (the tool list): it is
    written last, and its JSON is reused for a value seen recently (by identity: formats hand
    out one converted list per distinct tool list), since serialising the same 3-50 KB of tool
    schemas for every record would cost more than the rest of the record. Lines are kept as
    UTF-8 bytes and written a batch at a time with one ``write``.
    """

    TAIL_CACHE = 64

    def __init__(self, path: Path, tail_key: str | None = None):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._f = open(path, "wb")
        self._buf: list[bytes] = []
        self._size = 0
        self.count = 0
        self._tail_key = tail_key
        self._tails: dict[int, tuple[Any, bytes]] = {}

    def _tail(self, value: Any) -> bytes:
        hit = self._tails.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        spelled = f',"{self._tail_key}":'.encode() + dumpb(value) + b"}\n"
        self._tails[id(value)] = (value, spelled)  # the value is held, so its id stays its own
        if len(self._tails) > self.TAIL_CACHE:
            del self._tails[next(iter(self._tails))]
        return spelled

    def write(self, record: dict[str, Any]) -> None:
        key = self._tail_key
        buf = self._buf
        if key is not None and key in record:
            head = dumpb({k: v for k, v in record.items() if k != key})
            tail = self._tail(record[key])
            if len(head) > 2:
                buf.append(head[:-1])
                buf.append(tail)
            else:
                buf.append(b"{" + tail[1:])
            self._size += len(head) + len(tail)
        else:
            line = dumpb(record)
            buf.append(line)
            buf.append(b"\n")
            self._size += len(line) + 1
        self.count += 1
        if self._size >= (1 << 20):
            self.flush()

    def write_line(self, line: bytes) -> None:
        """Append a line the caller serialised itself (one JSON object, ending in a newline)."""
        self._buf.append(line)
        self._size += len(line)
        self.count += 1
        if self._size >= (1 << 20):
            self.flush()

    def flush(self) -> None:
        if self._buf:
            self._f.write(b"".join(self._buf))
            self._buf.clear()
            self._size = 0

    def close(self) -> None:
        self.flush()
        self._f.close()


def iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) of every line of an export file; a bad line raises with its place."""
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            if not raw or raw.isspace():  # blank (raw.strip() would copy the line)
                continue
            try:
                yield lineno, loads(raw)
            except ValueError as e:
                raise ValueError(f"{path}:{lineno}: not JSON ({e})") from None

"""Reading run directories and JSON, streamed: memory stays flat however large the run is.

A run directory (written by exploration and synthesis) holds ``config.json``, ``manifest.json``,
``episodes-00000.jsonl``, ``episodes-00001.jsonl``, ... and ``log.txt``. Each shard line is one
canonical ``Episode.to_json()``. A killed writer can leave a torn last line (no newline, not
JSON): it is skipped with a warning, since the rerun that resumes the run rewrites it.

Episodes are handed to the exporters as plain dicts (the JSON of ``Episode``, defaults omitted):
parsing a line into pydantic models costs ~4x as much as decoding it, and exporters only read.

JSON goes through :func:`loads` / :func:`dumps`, which use ``orjson`` when it is installed (about
5x faster here) and the standard library otherwise. Both produce the same bytes for the values
episodes hold (compact separators, UTF-8 text unescaped; a test checks this), so an export is
byte-identical with or without ``orjson``.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from toolgym.errors import RunDirError

__all__ = [
    "loads",
    "dumps",
    "dumps_std",
    "dumpb",
    "iter_run",
    "iter_episodes",
    "shard_paths",
    "read_run_json",
    "JsonlWriter",
    "ToolsCache",
    "HAVE_ORJSON",
]

log = logging.getLogger(__name__)

SHARD_RE = re.compile(r"^episodes-(\d{5,})\.jsonl$")

try:  # an optional speed-up; the standard library gives the same bytes
    if os.environ.get("TOOLGYM_NO_ORJSON"):  # measure or test the fallback
        raise ImportError("disabled by TOOLGYM_NO_ORJSON")
    import orjson as _orjson

    HAVE_ORJSON = True
except ImportError:
    _orjson = None  # type: ignore[assignment]
    HAVE_ORJSON = False

_std_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False, allow_nan=False).encode


def dumps_std(value: Any) -> str:
    """Compact JSON, UTF-8 text unescaped, keys in insertion order (the standard library)."""
    return _std_encode(value)


if _orjson is not None:
    _odumps = _orjson.dumps
    _oloads = _orjson.loads

    def dumps(value: Any) -> str:
        """Compact JSON, UTF-8 text unescaped, keys in insertion order."""
        try:
            return _odumps(value).decode("utf-8")
        except TypeError:  # ints past 64 bits and other values orjson refuses
            return _std_encode(value)

    def dumpb(value: Any) -> bytes:
        """:func:`dumps` as UTF-8 bytes (what files get; no round trip through str)."""
        try:
            return _odumps(value)
        except TypeError:
            return _std_encode(value).encode("utf-8")

    def loads(text: str | bytes) -> Any:
        """Decode JSON (``orjson``; the standard library for what orjson refuses)."""
        try:
            return _oloads(text)
        except _orjson.JSONDecodeError:
            return json.loads(text)  # raises the familiar ValueError when it is really bad

else:  # pragma: no cover
    dumps = dumps_std
    loads = json.loads

    def dumpb(value: Any) -> bytes:
        """:func:`dumps` as UTF-8 bytes."""
        return _std_encode(value).encode("utf-8")


def shard_paths(run_dir: str | os.PathLike[str]) -> list[Path]:
    """The run's episode shards in order; a clear error when ``run_dir`` is not a run."""
    root = Path(run_dir)
    if not root.exists():
        raise RunDirError(f"expected a run directory, got {str(root)!r}, which does not exist")
    if root.is_file():
        return [root]
    shards = sorted((p for p in root.iterdir() if SHARD_RE.match(p.name)), key=lambda p: p.name)
    if not shards:
        found = sorted(p.name for p in root.iterdir())[:8]
        raise RunDirError(
            f"expected episodes-NNNNN.jsonl shards in {str(root)!r}, found {found or 'nothing'}; "
            "is this the output directory of 'toolgym synth' or 'toolgym explore'?"
        )
    return shards


class ToolsCache:
    """Decodes an episode line, parsing its ``tools`` list once per distinct spelling.

    A run's episodes carry the full tool specs of their environment (15-50 KB of JSON, half or
    more of each line), and consecutive episodes of one environment carry byte-identical lists.
    Parsing them again for every line would cost ~4x the rest of the line; instead the line is cut
    at ``"tools":``, and when the bytes there start with a tools list seen before, only the rest
    of the line is decoded (with ``null`` in the tools' place) and the parsed list is reused.

    Why this is exact: a JSON value's extent is fixed by its own bytes, so a line whose bytes at
    that position start with a complete, previously parsed array holds exactly that array there.
    The decoded line must then show ``"tools": null`` at the top level (else the cut was inside a
    nested value and the line is decoded whole). Parsed lists are shared between episodes, so
    exporters treat episodes as read-only (they do). Memory stays bounded: at most ``size``
    lists are kept, least recently used dropped first.
    """

    KEY = b'"tools":['
    PREFIX = 256  # bytes of a tools list that index the cache (lists of one domain share more)

    def __init__(self, size: int = 64):
        self.size = size
        self._lists: dict[bytes, list[tuple[bytes, list[Any]]]] = {}
        self._count = 0
        self.hits = 0
        self.misses = 0

    def decode(self, raw: bytes) -> Any:
        p = raw.find(self.KEY)
        if p < 0:
            return loads(raw)
        s = p + len(self.KEY) - 1
        key = raw[s : s + self.PREFIX]
        bucket = self._lists.get(key)
        if bucket is not None:
            for i, (spelled, parsed) in enumerate(bucket):
                if raw.startswith(spelled, s):
                    value = loads(raw[:s] + b"null" + raw[s + len(spelled) :])
                    if type(value) is dict and "tools" in value and value["tools"] is None:
                        value["tools"] = parsed
                        self.hits += 1
                        if i:
                            bucket.insert(0, bucket.pop(i))
                        self._lists[key] = self._lists.pop(key)  # most recently used last
                        return value
                    break
        self.misses += 1
        value = loads(raw)
        tools = value.get("tools") if type(value) is dict else None
        if type(tools) is list:
            spelled = dumps(tools).encode("utf-8")
            if raw.startswith(spelled, s):  # this writer spells JSON as we do: cacheable
                self._lists.setdefault(key, []).insert(0, (spelled, tools))
                self._count += 1
                while self._count > self.size:
                    oldest = next(iter(self._lists))
                    self._count -= len(self._lists.pop(oldest))
        return value


def _iter_file(path: Path, tools_cache: ToolsCache | None = None) -> Iterator[dict[str, Any]]:
    decode = tools_cache.decode if tools_cache is not None else loads
    with open(path, "rb", buffering=1 << 20) as f:
        lineno = 0
        for raw in f:
            lineno += 1
            if not raw.strip():
                continue
            try:
                value = decode(raw)
            except (ValueError, RecursionError) as e:  # RecursionError: a line nested thousands deep
                if not raw.endswith(b"\n"):
                    # A torn tail from a killed writer; the resumed run rewrites it.
                    log.warning("%s:%d: skipping a torn last line (%d bytes)", path, lineno, len(raw))
                    return
                raise RunDirError(f"{path}:{lineno}: expected one episode as JSON, got unreadable text ({e})") from None
            if not isinstance(value, dict):
                raise RunDirError(f"{path}:{lineno}: expected an episode object, got {type(value).__name__}")
            why = _not_an_episode(value)
            if why:
                raise RunDirError(f"{path}:{lineno}: expected an episode (an object with id, env_id, seed and messages), {why}")
            yield value


# The top-level fields of an episode line and their JSON types (Episode.to_json() omits defaults).
_REQUIRED = {"id": str, "env_id": str, "seed": int}
_TYPED = {"messages": list, "turns": list, "tools": list, "meta": dict, "producers": dict, "target_tools": list}


def _not_an_episode(value: dict[str, Any]) -> str | None:
    """Why a decoded line is not an episode (a cheap look at the top level), or None."""
    for key, t in _REQUIRED.items():
        v = value.get(key)
        if not isinstance(v, t) or isinstance(v, bool):
            keys = sorted(value)[:6]
            return f"got {key!r} = {str(v)[:40]!r}" if key in value else f"got an object without {key!r} (keys {keys})"
    for key, t in _TYPED.items():
        if key in value and not isinstance(value[key], t):
            return f"got {key!r} as {type(value[key]).__name__}, expected {t.__name__}"
    return None


def iter_run(run_dir: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Every episode of a run directory (or of one ``.jsonl`` file), as a dict, streamed.

    Episodes that carry the same tool list share one parsed list (see :class:`ToolsCache`):
    treat them as read-only.
    """
    cache = ToolsCache()
    for path in shard_paths(run_dir):
        yield from _iter_file(path, cache)


def iter_episodes(source: Any) -> Iterator[dict[str, Any]]:
    """Episodes as dicts from a run directory, a JSONL file, or an iterable of ``Episode``/dicts."""
    if isinstance(source, (str, os.PathLike)):
        yield from iter_run(source)
        return
    if not isinstance(source, Iterable):
        raise TypeError(f"expected a run directory, a JSONL path or an iterable of episodes, got {type(source).__name__}")
    for ep in source:
        if isinstance(ep, dict):
            yield ep
        elif hasattr(ep, "to_json"):
            yield loads(ep.to_json())
        else:
            raise TypeError(f"expected an Episode or a dict, got {type(ep).__name__}")


def read_run_json(run_dir: str | os.PathLike[str] | None, name: str) -> dict[str, Any] | None:
    """``config.json`` or ``manifest.json`` of a run, or None when absent (e.g. a bare JSONL)."""
    if run_dir is None:
        return None
    p = Path(run_dir)
    if not p.is_dir() or not (p / name).exists():
        return None
    try:
        value = json.loads((p / name).read_text(encoding="utf-8"))
    except ValueError as e:
        raise RunDirError(f"{p / name}: expected JSON, got unreadable text ({e})") from None
    return value if isinstance(value, dict) else {"value": value}


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

    def flush(self) -> None:
        if self._buf:
            self._f.write(b"".join(self._buf))
            self._buf.clear()
            self._size = 0

    def close(self) -> None:
        self.flush()
        self._f.close()


_MISSING = object()


def iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) of every line of an export file; a bad line raises with its place."""
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                yield lineno, loads(raw)
            except ValueError as e:
                raise ValueError(f"{path}:{lineno}: not JSON ({e})") from None

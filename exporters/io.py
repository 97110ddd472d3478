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
    "iter_run",
    "iter_episodes",
    "shard_paths",
    "read_run_json",
    "JsonlWriter",
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
    _orjson = None
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

    def loads(text: str | bytes) -> Any:
        """Decode JSON (``orjson``; the standard library for what orjson refuses)."""
        try:
            return _oloads(text)
        except _orjson.JSONDecodeError:
            return json.loads(text)  # raises the familiar ValueError when it is really bad

else:  # pragma: no cover
    dumps = dumps_std
    loads = json.loads


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


def _iter_file(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as f:
        lineno = 0
        for raw in f:
            lineno += 1
            if not raw.strip():
                continue
            try:
                value = loads(raw)
            except ValueError as e:
                if not raw.endswith(b"\n"):
                    # A torn tail from a killed writer; the resumed run rewrites it.
                    log.warning("%s:%d: skipping a torn last line (%d bytes)", path, lineno, len(raw))
                    return
                raise RunDirError(f"{path}:{lineno}: expected one episode as JSON, got unreadable text ({e})") from None
            if not isinstance(value, dict):
                raise RunDirError(f"{path}:{lineno}: expected an episode object, got {type(value).__name__}")
            yield value


def iter_run(run_dir: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Every episode of a run directory (or of one ``.jsonl`` file), as a dict, streamed."""
    for path in shard_paths(run_dir):
        yield from _iter_file(path)


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
    written last, and its JSON is reused while the value stays equal, since serialising the
    same 3-10 KB of tool schemas for every record would cost more than the rest of the record.
    """

    def __init__(self, path: Path, tail_key: str | None = None):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._f = open(path, "w", encoding="utf-8", newline="\n")
        self._buf: list[str] = []
        self.count = 0
        self._tail_key = tail_key
        self._tail_value: Any = _MISSING
        self._tail_json = ""

    def write(self, record: dict[str, Any]) -> None:
        key = self._tail_key
        if key is not None and key in record:
            value = record[key]
            if value is not self._tail_value and value != self._tail_value:
                self._tail_json = f',"{key}":' + dumps(value) + "}"
            self._tail_value = value
            head = dumps({k: v for k, v in record.items() if k != key})
            line = head[:-1] + self._tail_json if len(head) > 2 else "{" + self._tail_json[1:]
        else:
            line = dumps(record)
        self._buf.append(line)
        self.count += 1
        if len(self._buf) >= 512:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            self._f.write("\n".join(self._buf))
            self._f.write("\n")
            self._buf.clear()

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

"""Run directories, the one owner of their format: naming, writing, resuming and reading.

Every job that produces episodes (``toolgym explore``, ``toolgym collect``, ``toolgym synth``)
writes one through :class:`RunDir`, and every reader (collect's tasks, rl rows, stats, the
exporters) reads one through :func:`iter_episodes` (``Episode`` models) or :func:`iter_records`
(plain dicts typed as :class:`~toolgym.record.RecordDict`, not validated: what exporters
use). The layout is fixed::

    RUN_DIR/config.json          the resolved config (sorted keys); a rerun must match it
    RUN_DIR/manifest.json        versions, environments and their spec hashes, seeds, counts,
                                 usage sums; no wall-clock time, so it is reproducible
    RUN_DIR/episodes-00000.jsonl one canonical ``Episode.to_json()`` per line, in key order;
    RUN_DIR/episodes-00001.jsonl a new shard every ``shard_size`` lines
    RUN_DIR/log.txt              a human log with timestamps (outside the byte-identity promise)

Keys are episode indices ``0, 1, 2, ...``, and line ``i`` of the concatenated shards is episode
``i``. That makes the three promises cheap to keep:

* **resume**: the finished keys are exactly ``range(n_done)``; a rerun computes only the rest;
* **never a duplicate**: writing a key that is already on disk or already buffered raises;
* **a kill leaves a clean prefix**: episodes that finish out of order (many in flight at once)
  wait in memory until every smaller key is written, so the files only ever hold a prefix;
  a line torn by a kill mid-write is detected, truncated and logged on the next open.

Same config and seed give byte-identical ``config.json``, ``manifest.json`` and shards, whether
the run went through in one go or was killed and resumed any number of times.

Shards are named ``episodes-NNNNN.jsonl`` (:func:`shard_name`, :data:`SHARD_RE`: five digits
or more) and read in shard-number order. Readers skip a torn last line (no newline, not JSON)
with a warning; any other bad line is a :class:`~toolgym.errors.RunDirError` naming its file
and line. Every error here is a ``RunDirError``.

Example:
    >>> with RunDir.open("runs/x", {"env": "toolgym/Travel-v0", "episodes": 3, "seed": 0}) as run:
    ...     for key in run.pending(3):
    ...         run.write(key, make_episode(key))
"""

from __future__ import annotations

import functools
import json
import logging
import os
import platform
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from toolgym import fsio, stopping
from toolgym.canonical import canonical_json, stable_hash
from toolgym.errors import RunDirError
from toolgym.fastjson import dumps, loads
from toolgym.recorddict import RecordDict, upgrade_dict

if TYPE_CHECKING:
    from toolgym.record import Episode

__all__ = [
    "RunDir",
    "EpisodeCounts",
    "iter_episodes",
    "iter_records",
    "records_of",
    "shard_paths",
    "shard_name",
    "read_manifest",
    "read_config",
    "read_run_json",
    "env_entry",
    "versions",
    "ToolsCache",
    "RecordDict",
    "CONFIG",
    "MANIFEST",
    "LOG",
    "SHARD_RE",
    "DEFAULT_SHARD_SIZE",
]

log = logging.getLogger(__name__)

CONFIG = "config.json"
MANIFEST = "manifest.json"
LOG = "log.txt"
SHARD_RE = re.compile(r"^episodes-(\d{5,})\.jsonl$")  # the one shard-naming rule
DEFAULT_SHARD_SIZE = 10_000
_MANIFEST_EVERY = 1000  # rewrite the manifest (and fsync) every this many episodes


def _shard_files(root: Path) -> list[Path]:
    """The files in ``root`` named like shards, by shard number (the one naming rule: SHARD_RE)."""
    numbered = [(int(m.group(1)), p) for p in root.iterdir() if (m := SHARD_RE.match(p.name))]
    return [p for _, p in sorted(numbered)]


def _pretty(value: Any) -> str:
    """The byte form of config.json and manifest.json: sorted keys, ASCII, one key a line."""
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=True, allow_nan=False) + "\n"


def _normalise(config: dict[str, Any]) -> dict[str, Any]:
    """The config as it reads back from JSON (tuples become lists...), so comparisons are fair."""
    try:
        return json.loads(canonical_json(config))
    except (TypeError, ValueError) as e:
        raise RunDirError(f"the run config must be JSON data, got {e}") from None


@functools.lru_cache(maxsize=1)
def _versions() -> tuple[tuple[str, str], ...]:
    out = {"python": platform.python_version()}
    for dist in ("toolgym", "gymnasium", "faker", "pydantic", "networkx"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "unknown"
    return tuple(out.items())


def versions() -> dict[str, str]:
    """Versions of what determines the bytes of a run (another Faker may give other pools)."""
    return dict(_versions())


def env_entry(env: Any) -> dict[str, Any]:
    """An environment as the manifest records it: id, version, hash of every tool spec.

    Args:
        env: a ``ToolEnv`` instance (``toolgym.envs.make(id)``).
    """
    specs = [td.spec.to_dict() for _, td in sorted(env.all_tooldefs().items())]
    out = {"id": env.env_id, "version": type(env).version, "tools": len(specs), "specs_hash": stable_hash(specs)}
    source = getattr(type(env), "source", None)
    if source:
        out["source"] = dict(source)  # an imported environment's document (its sha256)
    return out


def _diff(old: Any, new: Any, path: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for k in sorted(set(old) | set(new)):
            sub = f"{path}.{k}" if path else str(k)
            if k not in old:
                out.append(f"{sub}: (absent) -> {json.dumps(new[k])[:60]}")
            elif k not in new:
                out.append(f"{sub}: {json.dumps(old[k])[:60]} -> (absent)")
            else:
                out += _diff(old[k], new[k], sub)
        return out
    if old != new:
        return [f"{path or '(config)'}: {json.dumps(old)[:60]} -> {json.dumps(new)[:60]}"]
    return []


class EpisodeCounts(NamedTuple):
    """What the manifest counts of one episode: all a writer needs besides the episode's line.

    A process that makes episodes for another (``--workers``, Ray shards) sends these with the
    line instead of the :class:`~toolgym.record.Episode`: rebuilding a pickled Episode costs the
    receiving process ~1 ms (a hundred pydantic models), which is most of what making an
    exploration chain costs, and the receiver is the one process every episode passes through.
    """

    turns: int
    calls: int
    failed_calls: int
    reward: float | None
    termination: str
    variant: str
    target_tools: tuple[str, ...]
    usage: dict[str, float] | None  # its numeric entries (a model's tokens and calls)

    @classmethod
    def of(cls, ep: Episode) -> EpisodeCounts:
        calls = failed = 0
        for m in ep.messages:
            if m.role == "assistant":
                calls += len(m.tool_calls)
            elif m.role == "tool" and m.error is not None:
                failed += 1
        usage = ep.meta.get("usage") if isinstance(ep.meta, dict) else None
        if isinstance(usage, dict):
            usage = {k: v for k, v in usage.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        return cls(len(ep.turns), calls, failed, ep.reward, ep.termination or "none", ep.variant, tuple(ep.target_tools),
                   usage or None)


class _Stats:
    """Counts summed over the episodes on disk; rebuilt from the shards on resume."""

    def __init__(self) -> None:
        self.episodes = 0
        self.turns = 0
        self.calls = 0
        self.failed_calls = 0
        self.reward_sum = 0.0
        self.rewarded = 0
        self.terminations: Counter[str] = Counter()
        self.variants: Counter[str] = Counter()
        self.targets: Counter[str] = Counter()
        self.usage: dict[str, float] = {}

    def add(self, c: EpisodeCounts) -> None:
        self.episodes += 1
        self.turns += c.turns
        self.calls += c.calls
        self.failed_calls += c.failed_calls
        if c.reward is not None:
            self.reward_sum += c.reward
            self.rewarded += 1
        self.terminations[c.termination] += 1
        self.variants[c.variant] += 1
        for t in c.target_tools:
            self.targets[t] += 1
        for k, v in (c.usage or {}).items():
            self.usage[k] = self.usage.get(k, 0) + v

    def as_dict(self) -> dict[str, Any]:
        return {
            "episodes": self.episodes,
            "turns": self.turns,
            "calls": self.calls,
            "failed_calls": self.failed_calls,
            "reward_sum": round(self.reward_sum, 9),
            "reward_mean": round(self.reward_sum / self.rewarded, 9) if self.rewarded else None,
            "terminations": dict(sorted(self.terminations.items())),
            "variants": dict(sorted(self.variants.items())),
            "targets": dict(sorted(self.targets.items())),
            "usage": {k: round(v, 9) if isinstance(v, float) else v for k, v in sorted(self.usage.items())},
        }


class RunDir:
    """An open run directory: an ordered, append-only episode writer plus config and manifest.

    Open it with :meth:`open`. One process at a time: the directory is locked (``flock``) while
    open, so a second job on the same directory fails fast instead of interleaving lines.
    """

    def __init__(self, path: Path, config: dict[str, Any], shard_size: int, manifest: dict[str, Any], planned: int | None):
        self.path = path
        self.config = config
        self.config_hash = stable_hash(config)
        self.shard_size = shard_size
        self.planned = planned
        self._extra = dict(manifest)
        self._stats = _Stats()
        self._n_done = 0
        self._buffer: dict[int, tuple[Episode | EpisodeCounts, str | None]] = {}
        self._file: Any = None
        self._file_shard = -1
        self._lock_fd: int | None = None
        self._log: Any = None
        self._since_manifest = 0

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        config: dict[str, Any],
        *,
        force: bool = False,
        shard_size: int = DEFAULT_SHARD_SIZE,
        manifest: dict[str, Any] | None = None,
        planned: int | None = None,
    ) -> RunDir:
        """Create a run directory, or resume the one at ``path`` when its config matches.

        Args:
            path: the directory (created if missing).
            config: the resolved config (JSON data). It is the run's identity: a rerun with the
                same config resumes, a different one is refused.
            force: on a config mismatch, discard the existing episodes and start over with
                ``config`` (the old log is kept and says so).
            shard_size: lines per shard; fixed for the life of the directory (part of the byte
                layout, so it is recorded in the manifest and a resume keeps the recorded one).
            manifest: extra deterministic facts for the manifest (environments via
                :func:`env_entry`, seeds, policy names). Never wall-clock times.
            planned: how many episodes the run will have (the manifest says ``complete`` when
                that many are on disk).

        Raises:
            RunDirError: a different config without ``force``, a directory in use by another
                process, or shards that are not a clean run (a gap, a corrupt line mid-file).
        """
        if shard_size < 1:
            raise RunDirError(f"expected shard_size >= 1, got {shard_size}")
        p = Path(path)
        if p.exists() and not p.is_dir():
            raise RunDirError(f"expected a directory at {p}, got a file")
        p.mkdir(parents=True, exist_ok=True)
        cfg = _normalise(config)
        self = cls(p, cfg, shard_size, manifest or {}, planned)
        self._lock()
        try:
            self._log = open(p / LOG, "a", encoding="utf-8")
            self._prepare(force)
        except BaseException:
            self.close(write_manifest=False)
            raise
        return self

    def _lock(self) -> None:
        fd = fsio.lock_dir(self.path)
        if fd is None:
            raise RunDirError(_in_use(self.path))
        self._lock_fd = fd

    def _prepare(self, force: bool) -> None:
        p = self.path
        cfg_path = p / CONFIG
        for name in fsio.clean_temps(p) + _legacy_temps(p):
            self.log(f"removed {name}, left by a run killed while it replaced a file")
        shards = _shard_files(p)
        old = _read_json(cfg_path)
        rewrite = old is None or old is _UNREADABLE
        if old is _UNREADABLE or (old is None and shards):
            # config.json is gone or unreadable (written in place by an older version and torn by
            # a kill): the run still says which config made it, in its manifest and episodes.
            made_by = _recorded_config_hash(p, shards)
            state = "unreadable" if old is _UNREADABLE else "missing"
            if made_by == self.config_hash:
                self.log(f"{CONFIG} was {state}; rewritten: the manifest and episodes were made with this config ({made_by})")
                old = self.config
            elif made_by is None:
                # Nothing says a toolgym run made these files: never adopted, never deleted.
                raise RunDirError(
                    f"{p} has episode shards but no {CONFIG} (or none readable), and nothing in it says which config made them: "
                    "it is not a run directory this tool made; pick another --out"
                )
            elif force:
                self.log(f"{CONFIG} was {state}; --force: discarding {len(shards)} shard(s) made with config {made_by}")
                self._discard(shards)
                shards, old = [], None
            else:
                raise RunDirError(
                    f"{cfg_path} is {state} and the {len(shards)} episode shard(s) in {p} were made with another config "
                    f"({made_by}); use a new output directory, or --force to discard them and start over"
                )
        if old is not None and old != self.config:
            if not force:
                changes = "; ".join(_diff(old, self.config)[:8])
                raise RunDirError(
                    f"{p} holds a run with a different config ({changes}); "
                    "use a new output directory, or --force to discard its episodes and start over"
                )
            self.log(f"config changed ({'; '.join(_diff(old, self.config)[:8])}); --force: discarding {len(shards)} shard(s)")
            self._discard(shards)
            shards = []
        elif old is not None:
            old_manifest = read_manifest(p, missing_ok=True) or {}
            self.shard_size = int(old_manifest.get("shard_size", self.shard_size))
        if rewrite or old != self.config:
            fsio.atomic_write(cfg_path, _pretty(self.config), encoding="ascii")
        self._recover(shards)
        self.log(f"open: {self._n_done} episode(s) on disk, config {self.config_hash}")
        self.update_manifest()

    def _discard(self, shards: list[Path]) -> None:
        # Last shard first: a kill half-way leaves a shorter clean prefix of the old run, never a gap.
        for s in reversed(shards):
            s.unlink()
        (self.path / MANIFEST).unlink(missing_ok=True)
        fsio.fsync_dir(self.path)

    def _recover(self, shards: list[Path]) -> None:
        """Count the finished episodes, truncating a torn last line; check the shards are a prefix."""
        from toolgym.record import Episode  # not at the top: the dict readers (exporters) never need pydantic

        for i, shard in enumerate(shards):
            if shard.name != shard_name(i):
                raise RunDirError(f"expected shard {shard_name(i)} in {self.path}, found {shard.name}: shards are missing")
            last = i == len(shards) - 1
            data = shard.read_bytes()
            if last:
                data = self._drop_torn(shard, data)
            lines = data.split(b"\n")[:-1] if data else []
            if not last and len(lines) != self.shard_size:
                raise RunDirError(f"{shard} has {len(lines)} lines, expected {self.shard_size}: the run is damaged")
            for n, line in enumerate(lines):
                try:
                    ep = Episode.from_json(line)
                except ValueError as e:
                    raise RunDirError(f"{shard}:{n + 1} is not a valid episode ({_first_problem(e)})") from None
                self._stats.add(EpisodeCounts.of(ep))
            self._n_done += len(lines)

    def _drop_torn(self, shard: Path, data: bytes) -> bytes:
        keep = data
        if keep and not keep.endswith(b"\n"):
            keep = keep[: keep.rfind(b"\n") + 1]
        # A complete-looking last line that does not parse (a write reordered by a crash) goes too.
        while keep:
            start = keep.rfind(b"\n", 0, len(keep) - 1) + 1
            try:
                json.loads(keep[start:])
                break
            except ValueError:
                keep = keep[:start]
        if len(keep) != len(data):
            with open(shard, "r+b") as f:
                f.truncate(len(keep))
                f.flush()
                os.fsync(f.fileno())
            self.log(f"dropped a torn last line of {shard.name} ({len(data) - len(keep)} bytes); its episode reruns")
        return keep

    # --- the ordered writer --------------------------------------------------------------------

    @property
    def n_done(self) -> int:
        """Episodes on disk (keys ``0 .. n_done - 1``)."""
        return self._n_done

    def done_keys(self) -> range:
        """The keys on disk: always a prefix ``range(n_done)``."""
        return range(self._n_done)

    def pending(self, total: int) -> range:
        """The keys still to produce for a run of ``total`` episodes."""
        return range(self._n_done, max(total, self._n_done))

    @property
    def buffered(self) -> int:
        """Finished episodes waiting for a smaller key before they can be written."""
        return len(self._buffer)

    def write(self, key: int, episode: Episode | EpisodeCounts, *, line: str | None = None) -> None:
        """Hand over episode ``key``; it is written as soon as every smaller key is.

        ``line``: the episode's JSON when the caller already has it (it must equal
        ``episode.to_json()``; exploration splices cached tool specs in for speed). With the
        line, ``episode`` may be its :class:`EpisodeCounts` alone (what a worker process sends).

        Raises:
            RunDirError: ``key`` is already on disk or already handed over (a duplicate), or
                negative.
            TypeError: counts without the line.
        """
        if key < 0:
            raise RunDirError(f"expected an episode key >= 0, got {key}")
        if key < self._n_done or key in self._buffer:
            raise RunDirError(f"episode {key} was already written; keys are written once")
        if self.planned is not None and key >= self.planned:
            raise RunDirError(f"episode key {key} is outside the run's {self.planned} planned episodes")
        if line is None and isinstance(episode, EpisodeCounts):
            raise TypeError(f"episode {key}: its counts were handed over without its line")
        self._buffer[key] = (episode, line)
        while self._n_done in self._buffer:
            self._append(*self._buffer.pop(self._n_done))

    def _append(self, episode: Episode | EpisodeCounts, line: str | None = None) -> None:
        shard = self._n_done // self.shard_size
        if shard != self._file_shard:
            if self._file is not None:
                self._file.close()
            self._file = open(self.path / shard_name(shard), "ab")
            self._file_shard = shard
        if line is None:
            assert not isinstance(episode, EpisodeCounts)  # refused in write()
            line = episode.to_json()
        data = line.encode("utf-8") + b"\n"
        counts = episode if isinstance(episode, EpisodeCounts) else EpisodeCounts.of(episode)
        with stopping.held():  # a SIGTERM between the write and the count would leave a line the manifest misses
            # One write of the whole line: a kill leaves at most one torn line, which open() drops.
            self._file.write(data)
            self._file.flush()  # in the OS after each episode: a SIGKILL loses nothing written
            self._n_done += 1
            self._stats.add(counts)
        self._since_manifest += 1
        if self._since_manifest >= _MANIFEST_EVERY:
            self.update_manifest()

    # --- manifest, log, closing -----------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        """The manifest as it would be written now."""
        counts = self._stats.as_dict()
        return {
            **self._extra,
            "format": "toolgym-run/1",
            "versions": versions(),
            "config_hash": self.config_hash,
            "shard_size": self.shard_size,
            "planned": self.planned,
            "complete": self.planned is not None and self._n_done >= self.planned and not self._buffer,
            "counts": counts,
        }

    def update_manifest(self, **extra: Any) -> None:
        """Rewrite manifest.json atomically (and fsync the shard), adding ``extra`` facts."""
        self._extra.update(extra)
        if self._file is not None:
            os.fsync(self._file.fileno())  # the episodes it counts are on the disk first
        fsio.atomic_write(self.path / MANIFEST, _pretty(self.manifest()), encoding="ascii")
        self._since_manifest = 0

    def log(self, message: str) -> None:
        """A line in log.txt, with a timestamp (the log is not part of the reproducible bytes)."""
        if self._log is None:
            return
        self._log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}\n")
        self._log.flush()

    def close(self, *, write_manifest: bool = True) -> None:
        """Write the final manifest and release the directory.

        Episodes still buffered (a smaller key never arrived, e.g. the job was cancelled) are
        not written: the files stay a clean prefix and a rerun produces them again.
        """
        try:
            if self._buffer:
                self.log(f"closing with {len(self._buffer)} out-of-order episode(s) unwritten; a rerun redoes them")
                self._buffer.clear()
            if write_manifest and self._lock_fd is not None:
                self.update_manifest()
                self.log(f"close: {self._n_done} episode(s) on disk")
        finally:
            if self._file is not None:
                self._file.close()
                self._file = None
            if self._log is not None:
                self._log.close()
                self._log = None
            if self._lock_fd is not None:
                fsio.unlock_dir(self._lock_fd)
                self._lock_fd = None

    def __enter__(self) -> RunDir:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


_UNREADABLE: Any = object()


def _read_json(path: Path) -> Any:
    """The JSON in ``path``; None when absent, ``_UNREADABLE`` when not JSON."""
    try:
        return json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (ValueError, UnicodeDecodeError):
        return _UNREADABLE


def _recorded_config_hash(path: Path, shards: list[Path]) -> str | None:
    """The config hash a run's manifest or first episode records (None when neither says)."""
    man = _read_json(path / MANIFEST)
    if isinstance(man, dict) and isinstance(man.get("config_hash"), str):
        return man["config_hash"]
    for shard in shards[:1]:
        with open(shard, "rb") as f:
            first = f.readline()
        try:
            ep = json.loads(first)
        except ValueError:
            return None
        h = ep.get("config_hash") if isinstance(ep, dict) else None
        return h if isinstance(h, str) else None
    return None


def _legacy_temps(path: Path) -> list[str]:
    """``manifest.json.tmp``, the temporary name versions before fsio used."""
    tmp = path / (MANIFEST + ".tmp")
    if tmp.exists():
        tmp.unlink()
        return [tmp.name]
    return []


def _in_use(path: Path) -> str:
    """Why a run directory cannot be opened: who holds it, and whether the lock is stale."""
    holders = fsio.lock_holders(path)
    owner = fsio.lock_owner(path)
    who = ", ".join(f"process {h['pid']} ({h['command'] or 'unknown command'})" for h in holders[:3]) or "another process"
    if owner is not None and not fsio.pid_alive(owner):
        pids = " ".join(str(h["pid"]) for h in holders) or "?"
        return (f"run directory {path} has a stale lock: the run that took it (process {owner}) is gone, but {who} "
                f"it started still holds it; stop them (kill {pids}) and rerun the same command to resume")
    return f"run directory {path} is in use by {who}; wait for it to finish, or pick another --out"


# --- reading ---------------------------------------------------------------------------------


def shard_name(index: int) -> str:
    """The file name of shard ``index`` (``episodes-00000.jsonl``; more digits past 99999)."""
    return f"episodes-{index:05d}.jsonl"


def shard_paths(path: str | os.PathLike[str]) -> list[Path]:
    """The episode shards of a run directory in key order (or ``[path]`` for one ``.jsonl`` file).

    A directory with ``config.json`` and no shard yet is an empty run; a directory with neither
    is not a run.

    Raises:
        RunDirError: ``path`` does not exist, or is a directory without shards or config.
    """
    root = Path(path)
    if not root.exists():
        raise RunDirError(f"expected a run directory, got {str(root)!r}, which does not exist")
    if root.is_file():
        return [root]
    shards = _shard_files(root)
    if not shards and not (root / CONFIG).exists():
        found = sorted(p.name for p in root.iterdir())[:8]
        raise RunDirError(
            f"expected episodes-NNNNN.jsonl shards in {str(root)!r}, found {found or 'nothing'}; "
            "is this the output directory of 'toolgym synth', 'collect' or 'explore'?"
        )
    return shards


def _iter_raw(path: str | os.PathLike[str], decode: Callable[[bytes], Any]) -> Iterator[tuple[Path, int, Any]]:
    """(shard, line number, decoded line) of every episode line, in key order.

    A last line without its newline that does not decode was torn by a killed writer: it is
    skipped with a warning (the run that resumes rewrites it). Any other bad line is an error.
    """
    for shard in shard_paths(path):
        with open(shard, "rb", buffering=1 << 20) as f:
            for n, raw in enumerate(f, 1):
                if not raw or raw.isspace():  # blank (not raw.strip(): that copies a 50 KB line)
                    continue
                try:
                    value = decode(raw)
                except (ValueError, RecursionError) as e:  # RecursionError: a line nested thousands deep
                    if not raw.endswith(b"\n"):
                        log.warning("%s:%d: skipping a torn last line (%d bytes)", shard, n, len(raw))
                        return
                    raise RunDirError(f"{shard}:{n} is not a valid episode ({_first_problem(e)}); "
                                      f"is {path} a run directory this tool wrote?") from None
                yield shard, n, value


def iter_episodes(path: str | os.PathLike[str]) -> Iterator[Episode]:
    """The episodes of a run (or of one ``.jsonl`` file) as :class:`Episode` models, in key order.

    Older records are upgraded in memory (:data:`toolgym.record.RECORD_VERSION`).

    Raises:
        RunDirError: a line that is not an episode (garbage, truncated, another schema), with its
            file and line number.
    """
    from toolgym.record import Episode  # not at the top: the dict readers (exporters) never need pydantic

    for _, _, ep in _iter_raw(path, Episode.from_json):
        yield ep


def iter_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The episodes of a run (or of one ``.jsonl`` file) as plain dicts, fast, in key order.

    Each dict has the shape :class:`~toolgym.record.RecordDict` describes (typed as a plain
    dict so that the exporters' functions, which take any episode dict, accept it as is).

    Decoding a line costs about a quarter of validating it into models, and exporters only
    read. Episodes that carry the same tool list share one parsed list (see
    :class:`ToolsCache`): treat them as read-only. Older records are upgraded as they are read
    (:func:`toolgym.record.upgrade_dict`), so readers see the current fields only.

    Raises:
        RunDirError: a line that is not JSON, or not an object with ``id``, ``env_id``, ``seed``.
    """
    cache = ToolsCache()
    for shard, n, value in _iter_raw(path, cache.decode):
        if not isinstance(value, dict):
            raise RunDirError(f"{shard}:{n} is not a valid episode: expected an episode object, got {type(value).__name__}")
        why = _not_an_episode(value)
        if why:
            raise RunDirError(f"{shard}:{n} is not a valid episode: expected an episode "
                              f"(an object with id, env_id, seed and messages), {why}")
        try:
            yield upgrade_dict(value)
        except ValueError as e:
            raise RunDirError(f"{shard}:{n} is not a valid episode ({e})") from None


def records_of(source: Any) -> Iterator[dict[str, Any]]:
    """Episodes as dicts from a run directory, a JSONL file, or an iterable of ``Episode``/dicts."""
    if isinstance(source, (str, os.PathLike)):
        yield from iter_records(source)
        return
    if not isinstance(source, Iterable):
        raise TypeError(f"expected a run directory, a JSONL path or an iterable of episodes, got {type(source).__name__}")
    for ep in source:
        if isinstance(ep, dict):
            yield upgrade_dict(ep)
        elif hasattr(ep, "to_json"):  # an Episode
            yield loads(ep.to_json())
        else:
            raise TypeError(f"expected an Episode or a dict, got {type(ep).__name__}")


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


def _first_problem(e: BaseException) -> str:
    """The first problem of a validation error, short (pydantic's full text runs to many lines)."""
    errors = getattr(e, "errors", None)
    if callable(errors):
        errs = errors(include_url=False, include_input=False)
        if errs:
            loc = ".".join(str(x) for x in errs[0]["loc"])
            more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
            return f"{loc + ': ' if loc else ''}{errs[0]['msg']}{more}"[:300]
    return (str(e).splitlines() or [type(e).__name__])[0][:300]


def read_config(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The run's ``config.json``.

    Raises:
        RunDirError: it is missing or not a JSON object.
    """
    p = Path(path) / CONFIG
    value = _read_json(p)
    if value is None:
        raise RunDirError(f"{Path(path)} is not a run directory (no {CONFIG})")
    if value is _UNREADABLE or not isinstance(value, dict):
        raise RunDirError(f"{p} is not a run config (expected a JSON object)")
    return value


def read_manifest(path: str | os.PathLike[str], *, missing_ok: bool = False) -> dict[str, Any] | None:
    """The run's ``manifest.json`` (None when absent or unreadable and ``missing_ok``).

    Raises:
        RunDirError: it is missing or not JSON (without ``missing_ok``).
    """
    p = Path(path) / MANIFEST
    value = _read_json(p)
    if value is None or value is _UNREADABLE:
        if missing_ok:
            return None
        raise RunDirError(f"{Path(path)} has no {MANIFEST}" if value is None else f"{p} is not valid JSON")
    return value


def read_run_json(path: str | os.PathLike[str] | None, name: str) -> dict[str, Any] | None:
    """``config.json`` or ``manifest.json`` of a run as an object, or None when absent (a bare JSONL).

    Raises:
        RunDirError: the file is there but not JSON.
    """
    if path is None:
        return None
    p = Path(path)
    if not p.is_dir():
        return None
    value = _read_json(p / name)
    if value is None:
        return None
    if value is _UNREADABLE:
        raise RunDirError(f"{p / name}: expected JSON, got unreadable text")
    return value if isinstance(value, dict) else {"value": value}

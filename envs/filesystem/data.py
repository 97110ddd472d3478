"""The seeded file tree of the FileSystem environment.

Texts are the costly part of a file system world, so file contents come from per-process pools
of authored-looking documents (python modules, logs, notes, reports, CSV...), built once from a
fixed seed and the shared Faker pools, exactly like ``pools.pool``. A reset then only samples
names, contents and dates column-wise with the world's RNG: a few hundred files cost a few
hundred microseconds, and every process builds the same world for the same seed.

Rows (all JSON values, never mutated in place):
    ``nodes[abs_path]``   = ``{"type": "file", "content", "size", "modified", "inode"}``
                         or ``{"type": "dir", "size": 4096, "modified", "inode"}``
    ``archive[abs_path]`` = the same, for the read-only backup volume under ``/mnt/archive``
    ``backups[backup_id]`` = ``{"backup_id", "taken", "root", "files"}``
    ``trash[trash_id]``   = ``{"trash_id", "original_path", "type", "deleted", "rows"}``
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from typing import Any

from toolgym.envs.pools import pool
from toolgym.envs.world import WorldScope, derive_seed

from . import texts as T

__all__ = ["build_world", "ARCHIVE", "NOW", "PROTECTED", "DIR_SIZE"]

ARCHIVE = "/mnt/archive"
PROTECTED = ("/etc", "/var")  # writable only after sudo
NOW = "2025-11-03 09:00"  # the simulated clock: every write in an episode happens "now"
DIR_SIZE = 4096

_PROJECTS = (
    "atlas-api", "billing-service", "blog", "chess-engine", "data-pipeline", "dotfiles", "garden-planner",
    "homelab", "invoice-tool", "kanban-board", "ml-experiments", "photo-sorter", "recipe-app", "scraper",
    "thesis", "weather-bot", "budget-tracker", "game-jam", "portfolio-site", "cli-utils",
)
_MODULES = (
    "main", "utils", "config", "models", "api", "db", "cli", "parser", "client", "server", "auth",
    "cache", "storage", "scheduler", "report", "metrics", "handlers", "views", "tasks", "validators",
)
_LOG_COMPONENTS = ("api", "db", "auth", "scheduler", "cache", "worker", "http", "mailer")
_LEVELS = ("INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR")
_LOG_EVENTS = (
    "request completed in {n} ms", "connection pool exhausted, retrying in {n} s", "user {u} logged in",
    "cache miss for key {w}:{n}", "job {w}-{n} finished", "timeout after {n} ms talking to {w}",
    "disk usage at {p} percent", "slow query ({n} ms): SELECT * FROM {w}", "config reloaded",
    "failed to send mail to {u}@example.com", "scheduled backup started", "health check ok",
)
_LOG_WORDS = ("orders", "users", "invoices", "sessions", "payments", "reports", "billing", "search", "thumbnails", "emails")
_LOG_USERS = ("alice", "bkumar", "jlee", "mgarcia", "sam", "tnguyen", "rpatel", "admin", "ochen", "dsmith")
_EXTS = ("txt", "md", "csv", "json", "log")
_REQUIREMENTS = ("requests", "pydantic", "numpy", "pytest", "flask", "rich", "click", "sqlalchemy")
_FINANCE = ("budget", "expenses", "income", "taxes", "savings", "utilities", "travel", "groceries")
_BACKUP_DAYS = ("2025-08-01", "2025-09-01", "2025-10-01")
_BACKUP_DIRS = ("", "/notes", "/documents", "/documents/reports", "/documents/letters", "/documents/finance")
# Folders people make and then leave empty (relative to home; "{p}" is one of the user's
# projects): every world has a few, so rmdir and find(empty=true) have something real to act on.
_EMPTY_DIRS = (
    "old_drafts", "scratch", "Desktop", "Desktop/untitled folder", "downloads/unzipped", "documents/scans",
    "documents/to-file", "notes/archive", "projects/{p}/build", "projects/{p}/docs", "projects/{p}/tests/fixtures",
)


def _days() -> tuple[str, ...]:
    out = []
    for year, months in ((2024, range(1, 13)), (2025, range(1, 11))):
        for m in months:
            for d in range(1, 29):
                out.append(f"{year}-{m:02d}-{d:02d}")
    return tuple(out)


_DAYS = _days()
_TIMES = tuple(f"{d} {h:02d}:{mi:02d}" for d in _DAYS[-200:] for h, mi in ((9, 15), (14, 40), (21, 5)))


def _python(rng: random.Random) -> str:
    return T.python(rng, rng.choice(_MODULES))


def _csv(rng: random.Random) -> str:
    return T.csv(rng, _DAYS[-120:])


def _log(rng: random.Random) -> str:
    day = rng.choice(_DAYS[-60:])
    lines = []
    for i in range(rng.randint(12, 30)):
        ev = rng.choice(_LOG_EVENTS).format(n=rng.randint(1, 999), w=rng.choice(_LOG_WORDS), u=rng.choice(_LOG_USERS), p=rng.randint(40, 97))
        lines.append(f"{day} {8 + i // 3:02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} {rng.choice(_LEVELS)} [{rng.choice(_LOG_COMPONENTS)}] {ev}")
    return "\n".join(lines) + "\n"


_MAKERS = {
    "python": _python, "test": T.test, "markdown": T.markdown, "note": T.note, "log": _log, "csv": _csv,
    "json": T.json_config, "todo": T.todo,
}


@functools.cache
def texts(kind: str, size: int = 120) -> tuple[str, ...]:
    """A per-process pool of ``size`` documents of ``kind`` (identical in every process)."""
    rng = random.Random(derive_seed("filesystem-texts", kind))
    return tuple(_MAKERS[kind](rng) for _ in range(size))


def _txt(kind: str) -> tuple[str, ...]:
    return texts(kind)


# Fixed system files (identical in every world; /etc/hostname is added per persona).
_SYSTEM_FILES = list({
    "/etc/hosts": "127.0.0.1 localhost\n::1 localhost\n192.168.1.10 nas.local\n192.168.1.20 printer.local\n",
    "/etc/fstab": "UUID=8c1e-root / ext4 defaults 0 1\nUUID=77aa-arch /mnt/archive ext4 ro,noauto 0 2\n",
    "/etc/motd": "Welcome! Backups are on the archive volume: mount it to browse them.\n",
    "/etc/timezone": "America/New_York\n",
    "/etc/environment": "PATH=/usr/local/bin:/usr/bin:/bin\nEDITOR=vim\n",
    "/var/log/auth.log": "2025-11-02 08:01:12 sshd: accepted publickey for me\n2025-11-02 22:14:40 sudo: session opened for root\n",
    "/var/log/syslog": "2025-11-03 07:59:58 kernel: eth0 link up\n2025-11-03 08:00:03 cron: daily backup finished\n",
}.items())


def _ids(rng: random.Random, n: int, width: int = 24) -> list[int]:
    """``n`` distinct, unguessable-looking integers: a seeded bijection of 0..n-1 (no retries)."""
    mask = (1 << width) - 1
    a, b, c = rng.getrandbits(width) | 1, rng.getrandbits(width), rng.getrandbits(width) | 1
    out = []
    for i in range(n):
        x = (a * i + b) & mask
        x ^= x >> (width // 2)
        out.append((x * c) & mask)
    return out


def _distinct(rng: random.Random, population: Sequence[Any], k: int) -> list[Any]:
    """About ``k`` distinct picks; ``choices`` + dedupe is several times cheaper than ``sample``.

    A rare collision costs a file, never determinism: the same seed picks the same values.
    """
    return list(dict.fromkeys(rng.choices(population, k=k + k // 4 + 2)))[:k]


_Entry = tuple[str, dict[str, Any]]  # (name relative to its folder, row)


def _file_row(content: str, modified: str, inode: int) -> dict[str, Any]:
    return {"type": "file", "content": content, "size": len(content), "modified": modified, "inode": inode}


@functools.lru_cache(maxsize=1)
def universe() -> dict[str, Any]:
    """Every file a world may hold, as ready rows, built once per process from a fixed seed.

    A reset then only picks entries and prefixes their names: rows are shared between worlds,
    which is safe because rows are never mutated in place (writes replace them). Inodes are
    unique across the universe, so any pick has distinct inodes.
    """
    rng = random.Random(derive_seed("filesystem-universe"))
    inode = iter(range(10_000, 10_000_000))
    t = _TIMES

    def rows(entries: list[tuple[str, str]]) -> tuple[_Entry, ...]:
        times = rng.choices(t, k=len(entries))
        return tuple((name, _file_row(c, tm, next(inode))) for (name, c), tm in zip(entries, times, strict=False))

    py, tests, md, js = _txt("python"), _txt("test"), _txt("markdown"), _txt("json")
    projects: dict[str, list[tuple[_Entry, ...]]] = {}
    for proj in _PROJECTS:
        variants = []
        for _ in range(3):
            mods = rng.sample(_MODULES, 6)
            entries = [(f"src/{m}.py", rng.choice(py)) for m in mods]
            entries += [(f"tests/test_{m}.py", rng.choice(tests)) for m in mods[:3]]
            entries += [
                ("README.md", f"# {proj}\n\n" + rng.choice(md)),
                (".gitignore", "__pycache__/\n*.pyc\n.env\n"),
                ("config.json", rng.choice(js)),
                ("requirements.txt", "\n".join(rng.sample(_REQUIREMENTS, 3)) + "\n"),
            ]
            variants.append(rows(entries))
        projects[proj] = variants
    stems = rng.sample([f"{s}{x}" for s in T.DOWNLOAD_STEMS for x in T.DOWNLOAD_SUFFIXES], 300)
    kinds = {"txt": _txt("note"), "md": md, "csv": _txt("csv"), "json": js, "log": _txt("log")}
    exts = rng.choices(_EXTS, k=300)
    return {
        "projects": projects,
        "reports": rows([(name, rng.choice(md)) for name in T.REPORT_NAMES]),
        # each letter is addressed to the person its file is named after
        "letters": rows([(f"letter-to-{n.lower()}.txt", T.letter(rng, n)) for n in rng.sample(pool("first_name"), 200)]),
        "finance": rows([(f"{s}-2025.csv", rng.choice(_txt("csv"))) for s in _FINANCE]),
        "notes": rows([(f"{d}.md", rng.choice(_txt("note"))) for d in _DAYS[-300:]]),
        "logs": rows([(f"app-{d}.log", rng.choice(_txt("log"))) for d in _DAYS[-60:]]),
        "downloads": rows([(f"{s}.{e}", rng.choice(kinds[e])) for s, e in zip(stems, exts, strict=False)]),
        "todo": rows([("todo.txt", t) for t in texts("todo", 50)]),
        "old_texts": _txt("note") + md,
    }


def _pick(rng: random.Random, entries: tuple[_Entry, ...], k: int, sort: bool = False) -> list[_Entry]:
    idx = _distinct(rng, range(len(entries)), k)
    if sort:
        idx.sort()
    return [entries[i] for i in idx]


def build_world(world: WorldScope) -> dict[str, Any]:
    """Create the tables; returns ``{"home": ..., "nodes": Table, ...}`` for the environment."""
    me = world.persona
    u = universe()
    home = f"/home/{me['username']}"
    rng = world.rng("tree")
    doc, notes, logs, dl = f"{home}/documents", f"{home}/notes", f"{home}/logs", f"{home}/downloads"
    dir_paths = [
        "/", "/home", home, "/etc", "/var", "/var/log", "/tmp", "/mnt", ARCHIVE, f"{home}/projects", doc,
        f"{doc}/reports", f"{doc}/letters", f"{doc}/finance", notes, logs, dl, f"{home}/.ssh", f"{home}/.config",
    ]
    files: list[tuple[str, dict[str, Any]]] = []
    projects = _distinct(rng, _PROJECTS, 6)
    for proj in projects:
        root = f"{home}/projects/{proj}"
        dir_paths += [root, f"{root}/src", f"{root}/tests"]
        files += [(f"{root}/{name}", row) for name, row in rng.choice(u["projects"][proj])]
    # 3-4 empty folders; "Desktop/untitled folder" brings its (then non-empty) Desktop along
    for rel in sorted(_distinct(rng, _EMPTY_DIRS, 3 + rng.getrandbits(1))):
        d = f"{home}/{rel.format(p=rng.choice(projects))}"
        if d not in dir_paths:
            dir_paths += [x for x in (d.rsplit("/", 1)[0], d) if x not in dir_paths]
    docs = [(f"{doc}/reports/{n}", r) for n, r in _pick(rng, u["reports"], 24)]
    docs += [(f"{doc}/letters/{n}", r) for n, r in _pick(rng, u["letters"], 16)]
    docs += [(f"{doc}/finance/{n}", r) for n, r in _pick(rng, u["finance"], 6)]
    docs += [(f"{notes}/{n}", r) for n, r in _pick(rng, u["notes"], 70, sort=True)]
    docs.append((f"{notes}/todo.txt", rng.choice(u["todo"])[1]))
    downloads = [(f"{dl}/{n}", r) for n, r in _pick(rng, u["downloads"], 40)]
    files += docs
    files += [(f"{logs}/{n}", r) for n, r in _pick(rng, u["logs"], 36, sort=True)]
    files += downloads

    stamps = rng.choices(_TIMES, k=len(dir_paths) + 5)
    inodes = iter(range(1000 + rng.getrandbits(8), 10_000))
    nodes: dict[str, dict[str, Any]] = {
        d: {"type": "dir", "size": DIR_SIZE, "modified": t, "inode": next(inodes)} for d, t in zip(dir_paths, stamps, strict=False)
    }
    nodes.update(files)
    personal = [
        (f"{home}/.bashrc", "export EDITOR=vim\nalias ll='ls -la'\nalias gs='git status'\n"),
        (f"{home}/.profile", "[ -f ~/.bashrc ] && . ~/.bashrc\n"),
        (f"{home}/.ssh/config", "Host nas\n  HostName nas.local\n  User " + me["username"] + "\n"),
        (f"{home}/.config/settings.json", rng.choice(_txt("json"))),
        ("/etc/hostname", f"{me['first_name'].lower()}-laptop\n"),
    ]
    for (p, c), t in zip(personal, stamps[len(dir_paths):], strict=False):
        nodes[p] = _file_row(c, t, next(inodes))
    for p, c in _SYSTEM_FILES:
        nodes[p] = _file_row(c, "2025-10-30 08:00", next(inodes))

    # the archive volume: three dated backups of notes and documents (older versions)
    brng = world.rng("backups")
    archive: dict[str, dict[str, Any]] = {}
    backups: dict[str, dict[str, Any]] = {}
    cut = len(home) + 1
    old_texts = u["old_texts"]
    stamp = "2025-10-01 03:00"
    archive[f"{ARCHIVE}/backups"] = {"type": "dir", "size": DIR_SIZE, "modified": stamp, "inode": next(inodes)}
    for day, bid in zip(_BACKUP_DAYS, _ids(brng, 3, 24), strict=False):
        root = f"{ARCHIVE}/backups/{day}"
        stamp = f"{day} 03:00"
        backup_id = f"B{bid:06x}"
        for sub in _BACKUP_DIRS:
            archive[root + sub] = {"type": "dir", "size": DIR_SIZE, "modified": stamp, "inode": next(inodes)}
        chosen = _pick(brng, docs, 30)  # type: ignore[arg-type]
        for (p, _), c in zip(chosen, brng.choices(old_texts, k=len(chosen)), strict=False):
            archive[f"{root}/{p[cut:]}"] = _file_row(c, stamp, next(inodes))
        backups[backup_id] = {"backup_id": backup_id, "taken": stamp, "root": root, "files": len(chosen)}

    # a few things the user threw away last month (restorable until the trash is emptied)
    trash: dict[str, dict[str, Any]] = {}
    trng = world.rng("trash")
    gone = _pick(trng, tuple(downloads + docs[-20:]), 4)
    for (p, _), tid, day in zip(gone, _ids(trng, 4, 24), sorted(trng.choices(_DAYS[-30:], k=4)), strict=False):
        row = nodes.pop(p)
        trash[f"T{tid:06x}"] = {"trash_id": f"T{tid:06x}", "original_path": p, "type": "file", "deleted": f"{day} 18:30", "rows": {"": row}}

    return {
        "home": home,
        "nodes": world.table("nodes", nodes),
        "archive": world.table("archive", archive),
        "backups": world.table("backups", backups),
        "trash": world.table("trash", trash),
    }

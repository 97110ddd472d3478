"""kill -9 at every write: each command of issue 12, killed at each write it makes, then run again.

For each command (``synth``, ``explore``, ``collect`` against the scripted OpenAI-compatible
server, ``export`` to the ``hf`` format with Parquet and plots):

1. **Enumerate** the kill points from ``strace`` of an uninterrupted run: every write-family
   syscall (``write``, ``pwrite64``, ``writev``, ...) and every rename/unlink/truncate on every
   regular file, whoever makes it (our code, pyarrow, matplotlib, the interpreter). The N-th
   such syscall a thread makes on a path is one kill point.
2. For each kill point: a fresh output directory, the same command under
   ``strace -P PATH -e inject=SYSCALL:signal=KILL:when=N`` (the kernel delivers SIGKILL as the
   syscall starts, so it never completes), then the same command again, untraced.
3. **Check**: the killed run died at that point (SIGKILL), and the output directory after the
   rerun is byte for byte the output of the uninterrupted run (``log.txt`` aside: timestamps).

Run: ``python benchmarks/killpoints.py [--command synth ...] [--sample N] [--seed S] [--json FILE]``
(no ``--sample``: every kill point, the full sweep). Needs ``strace`` (Linux). Exit status 1
when any kill point failed. ``tests/reliability/test_killpoints.py`` runs a seeded sample in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYSCALLS = ("write", "pwrite64", "writev", "pwritev", "pwritev2", "rename", "renameat", "renameat2", "ftruncate",
            "truncate", "unlink", "unlinkat")
_LINE = re.compile(r"^(\d+)\s+(\w+)\((.*)$")
_FD_PATH = re.compile(r"^\d+<([^>]*)>")
_STR = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class KillPoint:
    path: str  # the file the syscall is about
    syscall: str
    n: int  # the n-th such syscall on that path by the thread that makes it

    def __str__(self) -> str:
        return f"{self.syscall}#{self.n} {self.path}"


@dataclass
class Sweep:
    command: str
    points: int = 0  # enumerated
    tried: int = 0
    failures: list[str] = field(default_factory=list)
    by_file: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures


def _argv(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "toolgym", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
            "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}


def _unescape(s: str) -> str:
    return s.encode("latin-1", "backslashreplace").decode("unicode_escape")


def _paths_of(syscall: str, args: str) -> list[str]:
    """The file path(s) a traced syscall line is about (``-y`` prints fds as ``3</path>``)."""
    m = _FD_PATH.match(args)
    if m and syscall in ("write", "pwrite64", "writev", "pwritev", "pwritev2", "ftruncate"):
        return [m.group(1)]
    names = [_unescape(s) for s in _STR.findall(args)]
    if syscall in ("rename", "renameat", "renameat2"):
        # One kill point per rename, named by its source: strace's -P matches a rename by that.
        return names[:1]
    if syscall in ("truncate", "unlink", "unlinkat"):
        return names[:1]
    return []


def enumerate_points(trace: str, keep: Callable[[str], bool]) -> list[KillPoint]:
    """Kill points from an ``strace -f -y`` log: the N-th syscall per (thread, syscall, path)."""
    counts: Counter = Counter()
    best: dict[tuple[str, str], int] = {}
    for line in trace.splitlines():
        m = _LINE.match(line)
        if not m:  # strace's --inject counter counts invocations, failed ones included: so do we
            continue
        tid, syscall, args = m.groups()
        if syscall not in SYSCALLS:
            continue
        for path in _paths_of(syscall, args):
            if not path.startswith("/") or path.startswith(("/dev/", "/proc/")) or "pipe:" in path or "socket:" in path:
                continue
            if not keep(path):
                continue
            counts[(tid, syscall, path)] += 1
            k = (syscall, path)
            best[k] = max(best.get(k, 0), counts[(tid, syscall, path)])
    return [KillPoint(path, sc, n) for (sc, path), top in sorted(best.items()) for n in range(1, top + 1)]


def _stratified(points: list[KillPoint], k: int, seed: int) -> list[KillPoint]:
    """``k`` kill points, seeded: one on each file first (files in a seeded order), then more at random."""
    rng = random.Random(seed)
    by_file: dict[str, list[KillPoint]] = {}
    for p in points:
        by_file.setdefault(Path(p.path).name.lstrip(".").removesuffix(".tmp"), []).append(p)
    files = sorted(by_file)
    rng.shuffle(files)
    chosen = [rng.choice(by_file[f]) for f in files[:k]]
    rest = [p for p in points if p not in chosen]
    chosen += rng.sample(rest, max(0, k - len(chosen)))
    return sorted(chosen, key=points.index)


def _tree(path: Path) -> dict[str, bytes]:
    if not path.exists():
        return {}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file() and p.name != "log.txt"}


class Case:
    """One command of the sweep: how to prepare its inputs and the args of its run."""

    def __init__(self, name: str, work: Path):
        self.name = name
        self.work = work
        self.out = work / "out"  # the same path for every run: outputs may name it
        self._stack = contextlib.ExitStack()
        self.args: list[str] = []

    def __enter__(self) -> Case:
        w = self.work
        if self.name == "synth":
            self.args = ["synth", "--records", "6", "--env", "toolgym/Calculator-v0", "--env", "toolgym/Travel-v0",
                         "--set", "world_reuse=2", "--seed", "5", "--out", str(self.out), "--no-progress"]
        elif self.name == "explore":
            self.args = ["explore", "--env", "toolgym/Messaging-v0", "--episodes", "14", "--shard-size", "5", "--seed", "3",
                         "--out", str(self.out), "--no-progress"]
        elif self.name == "collect":
            from toolgym.synth.llm.server import ScriptedServer, ServerConfig

            url = self._stack.enter_context(ScriptedServer(ServerConfig()).running())
            self.args = ["collect", "--env", "toolgym/Calculator-v0", "--explore-targets", "5", "--model", "scripted",
                         "--base-url", url, "--no-record-latency", "--max-steps", "6", "--out", str(self.out), "--no-progress"]
        elif self.name == "export":
            run = w / "run"
            subprocess.run(_argv(["synth", "--records", "5", "--env", "toolgym/Calculator-v0", "--out", str(run),
                                  "--no-progress"]), check=True, capture_output=True, env=_env())
            self.args = ["export", str(run), "--format", "hf", "--out", str(self.out)]
        else:
            raise ValueError(f"unknown command {self.name!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def keep(self, path: str) -> bool:
        """Files of this command's output (the run or export dir, and its staging beside it)."""
        return path.startswith(str(self.work) + "/") and not path.startswith(str(self.work / "run") + "/")

    def reset(self) -> None:
        for p in self.work.iterdir():
            if p.name != "run":
                shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()


_HOOKED = ("import sys; sys.path.insert(0, {bench!r}); import killhook; killhook.install(); "
           "from toolgym.cli import main; sys.exit(main(sys.argv[1:]))")


def _hooked(args: list[str], watch: Path, *, log: Path | None = None, at: KillPoint | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess:
    """The command under the fault-injecting writer (killhook.py), for machines without strace."""
    env = {**_env(), "TOOLGYM_KILLHOOK_DIR": str(watch)}
    if log is not None:
        env["TOOLGYM_KILLHOOK_LOG"] = str(log)
    if at is not None:
        env["TOOLGYM_KILLHOOK_AT"] = f"{at.syscall}\t{at.n}\t{at.path}"
    code = _HOOKED.format(bench=str(Path(__file__).resolve().parent))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=timeout)


def _hook_points(log: str) -> list[KillPoint]:
    pts = []
    for line in log.splitlines():
        op, n, path = line.split("\t", 2)
        pts.append(KillPoint(path, op, int(n)))
    return sorted(set(pts), key=lambda k: (k.syscall, k.path, k.n))


def _strace(args: list[str], *extra: str, seccomp: bool = False, timeout: float = 600) -> subprocess.CompletedProcess:
    # --seccomp-bpf makes tracing cheap, but strace then ignores -P for injection: enumeration only.
    cmd = ["strace", "-f", "-qq", *(["--seccomp-bpf"] if seccomp else []), *extra, *_argv(args)]
    return subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=timeout)


def sweep(name: str, *, sample: int | None = None, seed: int = 0, log: Callable[[str], None] = print,
          work: Path | None = None, mechanism: str = "strace") -> Sweep:
    """Enumerate the kill points of command ``name`` and try every one (or a seeded ``sample``).

    ``mechanism``: ``strace`` (every syscall-level write, libraries' included) or ``hook``
    (killhook.py: the writes that go through Python, where strace is not installed).
    """
    t0 = time.perf_counter()
    rep = Sweep(name)
    base = Path(work or tempfile.mkdtemp(prefix=f"toolgym-kill-{name}-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        with Case(name, base) as case:
            case.reset()
            trace_file = base.parent / f".{base.name}-trace.txt"
            if mechanism == "strace":
                ref = _strace(case.args, "-y", "-e", f"trace={','.join(SYSCALLS)}", "-o", str(trace_file), seccomp=True)
            else:
                ref = _hooked(case.args, base, log=trace_file)
            if ref.returncode != 0:
                raise RuntimeError(f"the uninterrupted {name} run failed: {ref.stderr[-2000:]}")
            reference = _tree(case.out)
            text = trace_file.read_text(errors="replace") if trace_file.exists() else ""
            points = enumerate_points(text, case.keep) if mechanism == "strace" else [p for p in _hook_points(text) if case.keep(p.path)]
            trace_file.unlink(missing_ok=True)
            rep.points = len(points)
            chosen = points if sample is None or sample >= len(points) else _stratified(points, sample, seed)
            for i, kp in enumerate(chosen):
                before = len(rep.failures)
                case.reset()
                if mechanism == "strace":
                    killed = _strace(case.args, "-P", kp.path, "-e", f"trace={kp.syscall}",
                                     "-e", f"inject={kp.syscall}:signal=KILL:when={kp.n}", "-o", "/dev/null")
                else:
                    killed = _hooked(case.args, base, at=kp)
                rep.tried += 1
                rep.by_file[Path(kp.path).name] += 1
                if killed.returncode not in (-9, 128 + 9):  # strace dies of its tracee's signal
                    rep.failures.append(f"{kp}: not killed there (exit {killed.returncode})")
                    continue
                again = subprocess.run(_argv(case.args), capture_output=True, text=True, env=_env(), timeout=600)
                if again.returncode != 0:
                    rep.failures.append(f"{kp}: the rerun failed (exit {again.returncode}): {again.stderr.strip()[-500:]}")
                    continue
                got = _tree(case.out)
                if got != reference:
                    diff = sorted(set(got) ^ set(reference)) or [k for k in reference if got.get(k) != reference[k]]
                    rep.failures.append(f"{kp}: the rerun's output differs from the uninterrupted run's ({diff[:4]})")
                log(f"  {name} {i + 1}/{len(chosen)} {kp}: {'ok' if len(rep.failures) == before else 'FAIL'}")
    finally:
        if work is None:
            shutil.rmtree(base, ignore_errors=True)
    rep.seconds = time.perf_counter() - t0
    return rep


COMMANDS = ("synth", "explore", "collect", "export")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--command", action="append", choices=COMMANDS, help="commands to sweep (default: all four)")
    ap.add_argument("--sample", type=int, default=None, help="kill points per command, seeded (default: every one)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--mechanism", choices=["strace", "hook"], default=None,
                    help="strace (default when installed) or hook (killhook.py: Python-level writes only)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    mechanism = args.mechanism or ("strace" if shutil.which("strace") else "hook")
    if mechanism == "strace" and not shutil.which("strace"):
        print("strace is needed (apt-get install strace), or --mechanism hook", file=sys.stderr)
        return 2
    print(f"mechanism: {mechanism}")
    results = []
    for name in args.command or COMMANDS:
        r = sweep(name, sample=args.sample, seed=args.seed, log=(lambda s: None) if args.quiet else print, mechanism=mechanism)
        results.append(r)
        for f in r.failures:
            print(f"  FAIL {f}")
    print(f"\n{'command':<10}{'kill points':>12}{'tried':>8}{'identical after rerun':>24}{'failures':>10}{'s':>7}   files")
    for r in results:
        files = ", ".join(f"{k} {v}" for k, v in r.by_file.most_common(8))
        print(f"{r.command:<10}{r.points:>12}{r.tried:>8}{r.tried - len(r.failures):>24}{len(r.failures):>10}{r.seconds:>7.0f}   {files}")
    total = sum(r.tried for r in results)
    print(f"{'total':<10}{sum(r.points for r in results):>12}{total:>8}{total - sum(len(r.failures) for r in results):>24}"
          f"{sum(len(r.failures) for r in results):>10}")
    print(f"{'target':<10}{'':>12}{'':>8}{'all':>24}{0:>10}")
    if args.json:
        Path(args.json).write_text(json.dumps([{"command": r.command, "points": r.points, "tried": r.tried,
                                                "failures": r.failures, "files": dict(r.by_file), "seconds": round(r.seconds, 1)}
                                               for r in results], indent=2))
    return 1 if any(r.failures for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Validation: read an export back and prove it well formed, and (given its episodes) lossless.

Without the episodes, every record is checked on its own (structure, roles and positions,
arguments as the format requires, call/result pairing). With them, the canonical episodes are
streamed again alongside the export's files, and for every episode:

- each of its records, read back into a neutral view, equals the view of the canonical sample
  (every message, call, argument, result, error and reasoning string; ids where the format has
  them);
- independently of how samples are cut, every call, result, reasoning string, user message and
  answer of the canonical episode appears somewhere in its records;
- no record is left over, none is missing.

Memory stays flat: one episode and one open reader per split at a time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolgym.errors import ToolgymError
from toolgym.fastjson import loads
from toolgym.runs import records_of

from .base import get_format
from .checks import coverage_errors
from .options import ExportOptions
from .samples import EpisodeError, build_samples

__all__ = ["ValidationReport", "validate_export", "read_export_manifest", "missing_files", "coverage_errors", "ExportManifestError"]

MANIFEST = "export.json"


class ExportManifestError(ToolgymError):
    pass


@dataclass
class ValidationReport:
    format: str
    records: int = 0
    episodes: int = 0
    skipped: int = 0
    against_episodes: bool = False
    error_count: int = 0
    errors: list[str] = field(default_factory=list)
    max_errors: int = 50

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error(self, where: str, msg: str) -> None:
        self.error_count += 1
        if len(self.errors) < self.max_errors:
            self.errors.append(f"{where}: {msg}")

    def summary(self) -> str:
        what = f"{self.records} records"
        if self.against_episodes:
            what += f" against {self.episodes} episodes ({self.skipped} not exportable)"
        head = f"{self.format}: {what}: " + ("OK" if self.ok else f"{self.error_count} errors")
        return "\n".join([head] + [f"  {e}" for e in self.errors])


def read_export_manifest(out: str | os.PathLike[str]) -> dict[str, Any]:
    p = Path(out) / MANIFEST
    if not p.exists():
        raise ExportManifestError(f"expected {p} (written by 'toolgym export' when an export is complete); "
                                  f"is {str(out)!r} an export directory, and did the export finish?")
    try:
        man = loads(p.read_bytes())
    except ValueError as e:
        raise ExportManifestError(f"{p} is not valid JSON ({e}); run the export again") from None
    if not isinstance(man, dict) or not isinstance(man.get("splits"), dict) or "format" not in man:
        raise ExportManifestError(f"{p} is not an export manifest (expected an object with 'format' and 'splits')")
    return man


def missing_files(out: str | os.PathLike[str], man: dict[str, Any]) -> list[str]:
    """Files ``export.json`` says the export holds that are not there (an incomplete or damaged export)."""
    root = Path(out)
    listed: list[str] = [f for info in man["splits"].values() for f in (info.get("files") or [])]
    listed += list(man.get("extra_files") or [])
    written = man.get("written")
    if isinstance(written, dict):
        listed += [written["card"]] if written.get("card") else []
        listed += list(written.get("stats") or []) + list(written.get("plots") or [])
    else:  # an export.json from before it listed them: every CLI export had a card and statistics
        listed += ["README.md", "stats.json", "stats.md"]
    return [f for f in dict.fromkeys(listed) if not (root / f).is_file()]


def validate_export(out: str | os.PathLike[str], source: Any = None, *, max_errors: int = 50) -> ValidationReport:
    """Check an export directory; with ``source`` (run dir, JSONL or episodes), check it is lossless too."""
    out = Path(out)
    man = read_export_manifest(out)
    opts = ExportOptions(**man["options"])
    fmt = get_format(man["format"])(opts)
    fmt.out = out
    report = ValidationReport(format=fmt.name, max_errors=max_errors, against_episodes=source is not None)
    missing = missing_files(out, man)
    if missing:
        for f in missing:
            report.error("files", f"{f} is missing: the export is incomplete; run the export again")
        return report
    readers: dict[str, Iterator[tuple[str, Any]]] = {
        split: fmt.iter_records(out, info["files"]) for split, info in man["splits"].items()
    }
    for problem in fmt.check_files(out, man):
        report.error("files", problem)
    if source is None:
        for reader in readers.values():
            for where, rec in reader:
                report.records += 1
                for e in fmt.check(rec):
                    report.error(where, e)
        return report

    for ep in records_of(source):
        report.episodes += 1
        try:
            samples = build_samples(ep, opts)
            fmt.records(samples)  # the exporter skips exactly the episodes this rejects
        except EpisodeError:
            report.skipped += 1
            continue
        split = opts.split_of(ep)
        it = readers.get(split)
        views: list[list[dict[str, Any]]] = []
        n = fmt.expected_count(samples)
        got: list[Any] = []
        for _ in range(n):
            nxt = next(it, None) if it is not None else None
            if nxt is None:
                report.error(f"episode {ep.get('id')}", f"expected {n} records in split {split!r}, found only {len(got)}")
                break
            got.append(nxt)
        if len(got) != n:
            continue
        report.records += n
        for where, problems, view in fmt.compare_episode(ep, samples, got):
            for p in problems:
                report.error(where, p)
            if view is not None:
                views.append(view)
        # With parallel_calls='skip' some turns are left out on purpose: cover what the samples hold.
        cov_ep = ep if opts.parallel_calls != "skip" or fmt.name == "bfcl" else {**ep, "messages": [m for s in samples for m in s.messages]}
        for p in fmt.coverage(cov_ep, views):
            report.error(f"episode {ep.get('id')}", p)
    for split, it in readers.items():
        for where, _ in it:
            report.error(where, f"a record in split {split!r} that no episode of the source produces")
            report.records += 1
    return report

"""Small helpers shared by the exporter tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_jsonl(path: Path) -> list[Any]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def all_records(res: Any) -> list[Any]:
    """Every record of an export (JSONL files of every split), in split order."""
    man = json.loads((res.out / "export.json").read_text())
    rows = []
    for info in man["splits"].values():
        rows += read_jsonl(res.out / info["files"][0])
    return rows


def rewrite_first_jsonl(out: Path, fn) -> None:
    """Apply ``fn(record) -> record`` to the first record of the first split file (to tamper with an export)."""
    man = json.loads((out / "export.json").read_text())
    path = out / next(iter(man["splits"].values()))["files"][0]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = json.dumps(fn(json.loads(lines[0])), ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def canonical_calls(episodes) -> dict[str, tuple[str, dict]]:
    return {c.id: (c.name, c.arguments) for e in episodes for c in e.calls()}


def canonical_results(episodes) -> dict[str, tuple[Any, str | None]]:
    return {m.tool_call_id: (m.content, m.error) for e in episodes for m in e.messages if m.role == "tool"}

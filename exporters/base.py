"""The base class of every format, and the registry of formats by name.

A format turns samples into records (``record``), writes them per split, reads them back
(``iter_records``), checks each record's structure on its own (``check``), and turns a record back
into a format-neutral view (``view``) so the validator can compare it with the canonical
episode. Subclasses override only what differs from "one JSONL file per split".
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from toolgym.errors import ConfigError, suggest

from .checks import check_pairing, coverage_errors
from .jsonl import JsonlWriter, iter_jsonl
from .options import ExportOptions
from .samples import Sample
from .view import CARRY_ALL, diff_views, expected_view, normalize

__all__ = ["Format", "FORMATS", "get_format", "check_pairing"]

FORMATS: dict[str, str] = {
    "openai": "toolgym.exporters.openai:OpenAIFormat",
    "hf": "toolgym.exporters.hf:HFFormat",
    "sharegpt": "toolgym.exporters.sharegpt:ShareGPTFormat",
    "hermes": "toolgym.exporters.hermes:HermesFormat",
    "bfcl": "toolgym.exporters.bfcl:BFCLFormat",
    # RL prompt rows, one format per trainer (`--format rl --target T` is `rl-T`)
    "rl-trl": "toolgym.exporters.rl:TRLFormat",
    "rl-verl": "toolgym.exporters.rl:VerlFormat",
    "rl-skyrl": "toolgym.exporters.rl:SkyRLFormat",
    "rl-verifiers": "toolgym.exporters.rl:VerifiersFormat",
}


def get_format(name: str) -> type[Format]:
    """The format class registered as ``name``."""
    if name not in FORMATS:
        raise ConfigError(f"expected a format in {sorted(FORMATS)}, got {name!r}{suggest(name, FORMATS)}")
    module, _, cls = FORMATS[name].partition(":")
    return getattr(importlib.import_module(module), cls)


class Format:
    """One output format. Subclasses set ``name``, ``carries`` and implement ``record``/``check``/``view``."""

    name: ClassVar[str] = ""
    #: what of the canonical record the format can hold (see view.normalize)
    carries: frozenset[str] = CARRY_ALL
    #: the split layout when the user gives none
    default_splits: ClassVar[dict[str, float]] = {"train": 1.0}
    #: describes the format in the dataset card
    summary: ClassVar[str] = ""
    #: a record key whose (repeating) value the writer serialises once while it stays equal
    tail_key: ClassVar[str | None] = None
    #: converted values (tool lists) kept per cache key
    CACHE_SIZE: ClassVar[int] = 64

    def __init__(self, options: ExportOptions):
        self.opts = options
        if not self.keeps_reasoning():
            self.carries = self.carries - {"reasoning"}
        self.out: Path | None = None
        self._writers: dict[str, JsonlWriter] = {}
        #: what the format had to leave out, by kind (reported in export.json and the card)
        self.lossy: Counter = Counter()
        self._cache: dict[str, dict[Any, tuple[Any, Any]]] = {}
        self._same_list: dict[str, dict[int, tuple[Any, Any]]] = {}  # per cache key: id(list) -> (list, converted)

    def keeps_reasoning(self) -> bool:
        """Whether records hold the reasoning (the options may drop it, or the format have no place for it)."""
        return self.opts.reasoning

    def cached(self, key: str, value: Any, convert: Any) -> Any:
        """``convert(value)``, reused for a value seen recently (records of one environment share tools).

        Tool lists are matched by the identity of their items: episodes read from a run share
        one parsed list per distinct list (toolgym.runs.ToolsCache), and a list with some tools hidden
        (tools_by_turn) is a new list of the same items. Otherwise the last value is compared
        by equality, as for episodes that come from elsewhere.
        """
        lru = self._cache.get(key)
        if lru is None:
            lru = self._cache[key] = {}
        same: dict[int, tuple[Any, Any]] | None = None
        if type(value) is list:
            # The same list object again (one per distinct list, from the run reader): found by
            # its own id before building the key of its items' ids (50 tools: a few microseconds).
            same = self._same_list.setdefault(key, {})
            hit = same.get(id(value))
            if hit is not None and hit[0] is value:
                return hit[1]
            ident: Any = tuple(map(id, value))
        else:
            ident = id(value)
        hit = lru.get(ident)
        if hit is not None:
            out = hit[1]
        else:
            last = next(reversed(lru.values())) if lru else None
            if last is not None and last[0] == value:
                out = last[1]
            else:
                out = convert(value)
                lru[ident] = (value, out)  # holding the value keeps the ids in the key alive and unique
                if len(lru) > self.CACHE_SIZE:
                    del lru[next(iter(lru))]
        if same is not None:
            same[id(value)] = (value, out)  # held too: its id stays its own
            if len(same) > self.CACHE_SIZE:
                del same[next(iter(same))]
        return out

    # --- writing ------------------------------------------------------------------------------

    def records(self, samples: list[Sample]) -> list[dict[str, Any]]:
        """The records of one episode's samples (built entirely before any is written)."""
        return [self.record(s) for s in samples]

    def record(self, sample: Sample) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def data_path(self, split: str) -> Path:
        assert self.out is not None
        return self.out / "data" / f"{split}.jsonl"

    def open(self, out: Path) -> None:
        self.out = out

    def writer(self, split: str) -> JsonlWriter:
        """The open data file of ``split`` (opened on its first record)."""
        w = self._writers.get(split)
        if w is None:
            w = self._writers[split] = JsonlWriter(self.data_path(split), self.tail_key)
        return w

    def write(self, split: str, records: list[dict[str, Any]], episode: dict[str, Any]) -> None:
        w = self.writer(split)
        for r in records:
            w.write(r)

    def close(self) -> dict[str, list[str]]:
        """Finish writing; the files written per split, relative to the output directory."""
        assert self.out is not None
        files: dict[str, list[str]] = {}
        for split, w in self._writers.items():
            w.close()
            files[split] = [str(w.path.relative_to(self.out))]
        self._writers.clear()
        return files

    def card_data_files(self, files: dict[str, list[str]]) -> dict[str, list[str]]:
        """The data files the card's ``configs`` lists per split (what ``load_dataset`` reads)."""
        return files

    def extra_files(self) -> list[str]:
        """Files besides the data (e.g. LLaMA-Factory's dataset_info.json), relative to the output."""
        return []

    # --- reading back -------------------------------------------------------------------------

    def iter_records(self, out: Path, files: list[str]) -> Iterator[tuple[str, Any]]:
        """(where, record) for every record of one split, in order."""
        for rel in files:
            for lineno, rec in iter_jsonl(out / rel):
                yield f"{rel}:{lineno}", rec

    def check(self, record: Any) -> list[str]:  # pragma: no cover - abstract
        """Structural errors of one record on its own (empty when well formed)."""
        raise NotImplementedError

    def view(self, record: Any) -> list[dict[str, Any]]:  # pragma: no cover - abstract
        """The record read back as a format-neutral view (see view.py)."""
        raise NotImplementedError

    def compare(self, sample: Sample, record: Any) -> tuple[list[str], list[dict[str, Any]] | None]:
        """Errors of a record against the canonical sample it was made from, and its view."""
        errs = self.check(record)
        if errs:
            return errs, None
        try:
            got = normalize(self.view(record), self.carries)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            return [f"cannot read the record back: {e!r}"], None
        exp = normalize(expected_view(sample.system, sample.messages), self.carries)
        errs = diff_views(exp, got) + check_pairing(got, "ids" in self.carries)
        names = self.tool_names(record)
        want = [t.get("name") for t in sample.tools]
        if names != want:
            errs.append(f"tools {names} differ from the tools offered then {want}")
        return errs, got

    def tool_names(self, record: Any) -> list[str]:
        """Names of the tools a record offers, in order."""
        return [t["function"]["name"] for t in _tools_list(record.get("tools"))]

    def compare_episode(
        self, ep: dict[str, Any], samples: list[Sample], got: list[tuple[str, Any]]
    ) -> Iterator[tuple[str, list[str], list[dict[str, Any]] | None]]:
        """(where, errors, view) for each record read back for one episode."""
        for s, (where, rec) in zip(samples, got, strict=False):
            errs, view = self.compare(s, rec)
            yield where, errs, view

    def coverage(self, ep: dict[str, Any], views: list[list[dict[str, Any]]]) -> list[str]:
        """What of the canonical episode is in none of its records (see checks.coverage_errors)."""
        return coverage_errors(self.carries, ep, views)

    def check_files(self, out: Path, manifest: dict[str, Any]) -> list[str]:
        """Problems with files beside the records (e.g. a missing dataset_info.json)."""
        return []

    def expected_count(self, samples: list[Sample]) -> int:
        return len(samples)


def _tools_list(tools: Any) -> list[dict[str, Any]]:
    if isinstance(tools, str):
        from toolgym.fastjson import loads

        tools = loads(tools)
    return list(tools or [])

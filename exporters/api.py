"""``export()``: canonical episodes in, a dataset directory out (data, card, statistics, plots).

Layout of an export directory::

    OUT/export.json        what was exported, how, and what was written (the validator reads it)
    OUT/README.md          the dataset card (Hugging Face dataset README with YAML header)
    OUT/stats.json         statistics; OUT/stats.md the same as a table
    OUT/plots/*.png        statistics as pictures (with the ``plots`` extra)
    OUT/data/<split>.jsonl the records (hf adds <split>.parquet; bfcl has its own tree)
    OUT/dataset_info.json  (sharegpt) LLaMA-Factory's entry for the data

One streamed pass: each episode is read, cut into samples, turned into records (all of an
episode's records are built before any is written, so a broken episode is skipped whole, never
half-written) and appended to its split's file.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolgym.errors import ConfigError
from toolgym.fastjson import dumps_std
from toolgym.fsio import fsync_dir, is_locked
from toolgym.runs import read_run_json, records_of, shard_paths

from .base import get_format
from .card import render_card
from .options import ExportOptions
from .samples import EpisodeError, build_samples
from .stats import Stats, format_table
from .validate import MANIFEST, ExportManifestError, ValidationReport, read_export_manifest, validate_export

__all__ = ["export", "ExportResult"]

log = logging.getLogger(__name__)


@dataclass
class ExportResult:
    out: Path
    format: str
    episodes: int
    records: dict[str, int]
    skipped: list[dict[str, str]] = field(default_factory=list)
    skipped_count: int = 0
    corrupt: list[dict[str, str]] = field(default_factory=list)  # episodes that are not valid canonical episodes
    corrupt_count: int = 0
    validation: ValidationReport | None = None
    template: Any = None

    @property
    def total(self) -> int:
        return sum(self.records.values())


def export(
    source: Any,
    format: str,
    out: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    validate: bool = True,
    plots: bool = True,
    card: bool = True,
    overwrite: bool = False,
    template: Any = None,
    exact_tools: bool = False,
) -> ExportResult:
    """Export episodes to ``out`` in ``format``.

    Args:
        source: a run directory, an ``episodes-*.jsonl`` file, or an iterable of ``Episode``/dicts.
        format: ``openai``, ``hf``, ``sharegpt``, ``hermes`` or ``bfcl``.
        out: the output directory (created; must be new, empty, or an export of the same request
            unless ``overwrite``). It is written as a whole: until the export ends it is left as
            it was, so a killed export is redone by running it again.
        options: :class:`ExportOptions` (defaults: reasoning kept, one record per conversation,
            everything in ``train``; bfcl puts everything in ``test``).
        validate: read the export back and check it against the episodes (a second pass over
            ``source``; with a one-shot iterator only the records' own structure is checked).
        plots: write PNG plots (skipped silently without matplotlib).
        card: write README.md.
        overwrite: replace an existing non-empty ``out``.
        template: hf only: a chat template (a name such as ``qwen3``, a file, or a
            :class:`~.chat_templates.ChatTemplate`); every row is also rendered through it into
            ``data/<split>.<template>.jsonl`` (text and assistant spans), and what it loses is
            reported in export.json and the card.
        exact_tools: render with the exact tool schemas (``tools_exact``) instead of ``tools``.

    Example:
        >>> from toolgym.exporters import export, ExportOptions
        >>> export("runs/demo", "hf", "exports/demo-hf", ExportOptions(per="turn"))  # doctest: +SKIP
    """
    fmt_cls = get_format(format)
    if isinstance(source, (str, os.PathLike)):
        shard_paths(source)  # a clear error before anything is created
        if Path(source).is_dir() and is_locked(source):
            raise ConfigError(f"{str(source)!r} is still being written (a toolgym run holds its lock); "
                              "export it once that run has finished")
    if options is None:
        options = ExportOptions(splits=dict(fmt_cls.default_splits))
    tpl = None
    if template is not None:
        if fmt_cls.name != "hf":
            raise ConfigError(f"expected --format hf with a chat template, got {fmt_cls.name!r}")
        from .chat_templates import ChatTemplate, load_template

        tpl = template if isinstance(template, ChatTemplate) else load_template(str(template))
    final = Path(out)
    _claim(final, fmt_cls.name, options, source, overwrite)
    # Everything is written into a staging directory beside ``out`` and moved into place at the
    # end (see _publish): a kill or a full disk leaves ``out`` as it was, and the same command
    # run again starts from scratch and gives the same bytes.
    staging = _staging(final)
    try:
        result = _export_into(staging, fmt_cls, source, options, plots=plots, card=card, template=tpl, exact_tools=exact_tools)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _publish(staging, final)
    result.out = final
    if validate:
        again = source if isinstance(source, (str, os.PathLike, list, tuple)) else None
        result.validation = validate_export(final, again)
    return result


_STAGING = ".{}.export-partial"  # beside the output directory: a kill leaves it, the next export removes it
_OLD = ".{}.export-old"
# What an export directory holds at its top level (every format), to tell ours from others' files.
_OURS = {"data", "plots", "README.md", "stats.json", "stats.md", MANIFEST, "dataset_info.json", "possible_answer",
         "multi_turn_func_doc"}


def _staging(final: Path) -> Path:
    tmp = final.parent / _STAGING.format(final.name)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    return tmp


def _claim(out: Path, fmt: str, options: ExportOptions, source: Any, overwrite: bool) -> None:
    """Decide whether ``out`` may receive this export; a clear error when it may not.

    Allowed: a new or empty directory; an export directory made by the same request (format,
    options, source: running the same command again redoes it, e.g. after a kill); any export
    directory with ``overwrite``; with ``overwrite``, also a directory holding only what an
    export writes (left by a version that wrote in place and was killed before export.json).
    """
    for parent in (out, *out.parents):
        if parent.exists() and not parent.is_dir():
            where = "it" if parent == out else repr(str(parent))
            raise ConfigError(f"expected --out to be a directory, got {str(out)!r}, but {where} is a file")
    for leftover in (out.parent / _STAGING.format(out.name), out.parent / _OLD.format(out.name)):
        shutil.rmtree(leftover, ignore_errors=True)  # from an export killed before it finished
    if not out.exists() or not any(out.iterdir()):
        return
    if (out / MANIFEST).exists():
        try:
            old = read_export_manifest(out)
        except (ValueError, ExportManifestError):
            old = None
        same = (isinstance(old, dict) and old.get("format") == fmt and old.get("options") == options.to_dict()
                and old.get("source") == (str(source) if isinstance(source, (str, os.PathLike)) else None))
        if same or overwrite:
            return
        raise ConfigError(f"expected an empty or new output directory, got {str(out)!r} with another export in it; "
                          "pass overwrite=True (--force) to replace it")
    names = {p.name for p in out.iterdir()}
    if overwrite and names <= _OURS:
        return
    if overwrite:
        raise ConfigError(f"refusing to overwrite {str(out)!r}: it is not an export directory (no {MANIFEST}; "
                          f"it holds {sorted(names - _OURS)[:5]})")
    raise ConfigError(f"expected an empty or new output directory, got {str(out)!r} with files in it; "
                      "pass overwrite=True (--force) to replace it")


def _publish(tmp: Path, final: Path) -> None:
    """Move the finished export into place: ``final`` is the old export or the new one, never a mix."""
    old = final.parent / _OLD.format(final.name)
    if final.exists() and any(final.iterdir()):
        os.replace(final, old)
    elif final.exists():
        final.rmdir()
    os.replace(tmp, final)
    fsync_dir(final.parent)
    shutil.rmtree(old, ignore_errors=True)


def _export_into(out: Path, fmt_cls: Any, source: Any, options: ExportOptions, *, plots: bool, card: bool,
                 template: Any = None, exact_tools: bool = False) -> ExportResult:
    """Write the whole export into ``out`` (the staging directory)."""
    renderer = None
    if template is not None:
        from .chat_templates import TemplateRenderer

        renderer = TemplateRenderer(template, options, exact_tools=exact_tools)
        renderer.out = out
    fmt = fmt_cls(options)
    fmt.open(out)
    stats = Stats()
    per_split_eps: Counter = Counter()
    per_split_recs: Counter = Counter()
    skipped: list[dict[str, str]] = []
    skipped_count = 0
    producers: dict[str, set[str]] = {}
    episodes = 0
    corrupt: list[dict[str, str]] = []
    corrupt_count = 0
    for ep in records_of(source):
        episodes += 1
        try:
            samples = build_samples(ep, options)
        except EpisodeError as e:  # not a valid canonical episode: the run is damaged
            corrupt_count += 1
            if len(corrupt) < 100:
                corrupt.append({"episode": str(ep.get("id")), "reason": str(e)})
            log.debug("corrupt episode %s: %s", ep.get("id"), e)
            continue
        try:
            records = fmt.records(samples)
        except EpisodeError as e:  # valid, but this format cannot hold it
            skipped_count += 1
            if len(skipped) < 100:
                skipped.append({"episode": str(ep.get("id")), "reason": str(e)})
            log.debug("skipping episode %s: %s", ep.get("id"), e)
            continue
        split = options.split_of(ep)
        fmt.write(split, records, ep)
        if renderer is not None:
            renderer.add(split, samples, records)
        per_split_eps[split] += 1
        per_split_recs[split] += len(records)
        stats.add(ep)
        for role, who in (ep.get("producers") or {}).items():
            s = producers.setdefault(role, set())
            if len(s) < 20:
                s.add(str(who))
    files = fmt.close()
    rendered = renderer.close() if renderer is not None else {}
    if episodes == 0:
        log.warning("the source holds no episodes; the export is empty")

    run_dir = source if isinstance(source, (str, os.PathLike)) else None
    run_config = read_run_json(run_dir, "config.json")
    run_manifest = read_run_json(run_dir, "manifest.json")
    from toolgym import __version__ as version  # noqa: PLC0415 - keep import toolgym.exporters light

    manifest: dict[str, Any] = {
        "format": fmt.name,
        "options": options.to_dict(),
        "toolgym_version": version,
        "source": str(run_dir) if run_dir is not None else None,
        "episodes_read": episodes,
        "splits": {
            s: {"episodes": per_split_eps[s], "records": per_split_recs[s], "files": files[s]}
            for s in sorted(files, key=lambda s: ("train", "validation", "test").index(s) if s in ("train", "validation", "test") else 9)
        },
        "extra_files": fmt.extra_files(),
        "skipped_count": skipped_count + corrupt_count,
        "skipped": (corrupt + skipped)[:100],
        "corrupt_count": corrupt_count,
        "lossy": dict(fmt.lossy),
        "producers": {k: ", ".join(sorted(v)) for k, v in sorted(producers.items())},
    }
    if renderer is not None:
        manifest["template"] = {**renderer.report.to_dict(), "files": rendered}
    sd = stats.to_dict()
    (out / "stats.json").write_text(dumps_std(sd) + "\n", encoding="utf-8")
    records_by_split = {s: v["records"] for s, v in manifest["splits"].items()}
    (out / "stats.md").write_text(format_table(stats, records_by_split) + "\n", encoding="utf-8")
    plot_files: list[str] = []
    if plots:
        from .plots import write_plots

        plot_files = write_plots(stats, out / "plots")
    if card:
        text = render_card(
            fmt=fmt,
            manifest=manifest,
            stats=stats,
            run_config=run_config,
            run_manifest=run_manifest,
            plots=plot_files,
            data_files=fmt.card_data_files(files),
        )
        (out / "README.md").write_text(text, encoding="utf-8")
    # export.json last: its presence says every file it lists was written (--check relies on it).
    manifest["written"] = {"card": "README.md" if card else None, "stats": ["stats.json", "stats.md"],
                           "plots": [f"plots/{f}" for f in plot_files]}
    (out / MANIFEST).write_text(dumps_std(manifest) + "\n", encoding="utf-8")
    return ExportResult(
        out=out,
        format=fmt.name,
        episodes=sum(per_split_eps.values()),
        records=records_by_split,
        skipped=(corrupt + skipped)[:100],  # every episode left out; ``corrupt`` are those that are broken
        skipped_count=skipped_count + corrupt_count,
        corrupt=corrupt,
        corrupt_count=corrupt_count,
        template=renderer.report if renderer is not None else None,
    )

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

from .base import get_format
from .card import render_card
from .io import dumps_std, iter_episodes, read_run_json, shard_paths
from .options import ExportOptions
from .samples import EpisodeError, build_samples
from .stats import Stats, format_table
from .validate import MANIFEST, ValidationReport, validate_export

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
        out: the output directory (created; must be empty unless ``overwrite``).
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
    if options is None:
        options = ExportOptions(splits=dict(fmt_cls.default_splits))
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise ConfigError(f"expected an empty or new output directory, got {str(out)!r} with files in it; pass overwrite=True (--force) to replace it")
        if not (out / MANIFEST).exists():
            raise ConfigError(f"refusing to overwrite {str(out)!r}: it is not an export directory (no {MANIFEST})")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)

    renderer = None
    if template is not None:
        if fmt_cls.name != "hf":
            raise ConfigError(f"expected --format hf with a chat template, got {fmt_cls.name!r}")
        from .chat_templates import ChatTemplate, TemplateRenderer, load_template

        tpl = template if isinstance(template, ChatTemplate) else load_template(str(template))
        renderer = TemplateRenderer(tpl, options, exact_tools=exact_tools)
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
    for ep in iter_episodes(source):
        episodes += 1
        try:
            samples = build_samples(ep, options)
            records = fmt.records(samples)
        except EpisodeError as e:
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
        "skipped_count": skipped_count,
        "skipped": skipped,
        "lossy": dict(fmt.lossy),
        "producers": {k: ", ".join(sorted(v)) for k, v in sorted(producers.items())},
    }
    if renderer is not None:
        manifest["template"] = {**renderer.report.to_dict(), "files": rendered}
    (out / MANIFEST).write_text(dumps_std(manifest) + "\n", encoding="utf-8")
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
    result = ExportResult(
        out=out,
        format=fmt.name,
        episodes=sum(per_split_eps.values()),
        records=records_by_split,
        skipped=skipped,
        skipped_count=skipped_count,
        template=renderer.report if renderer is not None else None,
    )
    if validate:
        again = source if isinstance(source, (str, os.PathLike, list, tuple)) else None
        result.validation = validate_export(out, again)
    return result

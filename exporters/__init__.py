"""Dataset exporters: one module per format, each a pure function of canonical episodes.

>>> from toolgym.exporters import export, ExportOptions, validate_export
>>> res = export("runs/demo", "sharegpt", "exports/demo-lf", ExportOptions(per="turn"))  # doctest: +SKIP
>>> print(res.validation.summary())  # doctest: +SKIP

Formats: ``openai``, ``hf``, ``sharegpt`` (LLaMA-Factory), ``hermes``, ``bfcl``. Every export
directory gets a dataset card (README.md), statistics (stats.json, stats.md) and plots. Only
``toolgym`` core types are used here; ``datasets``/``pyarrow`` (hf) and ``matplotlib`` (plots)
are imported lazily by the code that needs them.

Through their consumers: ``consumers`` checks openai rows against the ``openai`` SDK's types,
reads hf exports back with ``datasets`` and runs LLaMA-Factory's own converter;
``chat_templates`` renders hf rows through chat templates (``templates/``: upstream files,
verbatim) with transformers' ``apply_chat_template`` (``export(..., template="qwen3")``).
"""

from __future__ import annotations

from toolgym.runs import iter_records as iter_run  # the public name since round 1

from .api import ExportResult, export
from .base import FORMATS, Format, get_format
from .options import ExportOptions, parse_splits
from .samples import EpisodeError, Sample, build_samples
from .stats import Stats, collect_stats, format_table
from .validate import ValidationReport, validate_export

__all__ = [
    "export",
    "ExportResult",
    "ExportOptions",
    "parse_splits",
    "FORMATS",
    "Format",
    "get_format",
    "iter_run",
    "Sample",
    "build_samples",
    "EpisodeError",
    "Stats",
    "collect_stats",
    "format_table",
    "validate_export",
    "ValidationReport",
]

"""The fast write paths give the bytes the plain one gives.

Hermes and hf build their JSON lines from parts (the tools' JSON spliced in once per distinct
list, each message serialised once for the JSONL line and the Parquet row); every line must be
exactly ``dumpb`` of the record the format makes, and the fast path must be the one taken.
"""

from __future__ import annotations

import json
import math

import pytest
from helpers import read_jsonl

from toolgym.exporters import ExportOptions, build_samples, export, get_format
from toolgym.exporters.jsonl import JsonlWriter
from toolgym.exporters.stdjson import compact, spaced
from toolgym.fastjson import dumpb, dumps_std
from toolgym.runs import iter_records as iter_run

CASES = [
    ("openai", {}),
    ("sharegpt", {"per": "turn"}),
    ("hermes", {}),
    ("hermes", {"per": "turn", "system_template": "{env_id}: {system}"}),
    ("hf", {}),
    ("hf", {"per": "turn", "reasoning_style": "think"}),
]


@pytest.mark.parametrize("fmt,opts", CASES, ids=[f"{f}-{'-'.join(o) or 'default'}" for f, o in CASES])
def test_every_line_is_the_plain_serialisation_of_its_record(src, tmp_path, monkeypatch, fmt, opts):
    general = []
    plain_write = JsonlWriter.write
    monkeypatch.setattr(JsonlWriter, "write", lambda self, rec: (general.append(rec), plain_write(self, rec)))
    options = ExportOptions(**opts)
    res = export(src.run_dir, fmt, tmp_path / "out", options, validate=False, plots=False, card=False)
    lines = (tmp_path / "out" / "data" / "train.jsonl").read_bytes().splitlines(keepends=True)

    maker = get_format(fmt)(options)
    want = [dumpb(r) + b"\n" for ep in iter_run(src.run_dir) for r in maker.records(build_samples(ep, options))]
    assert len(lines) == res.total == len(want) > 0
    for k, (got, exp) in enumerate(zip(lines, want, strict=True)):
        assert got == exp, f"line {k + 1} differs from dumpb(record)"
    if fmt in ("hermes", "hf"):
        assert general == [], "the spliced write path was not taken"


def test_hf_parquet_rows_match_the_jsonl_rows_built_from_the_same_parts(src, tmp_path):
    res = export(src.run_dir, "hf", tmp_path / "out", validate=True, plots=False, card=False)
    assert res.validation.ok, res.validation.summary()
    from toolgym.exporters.hf import _iter_parquet, decode_row

    rows = list(_iter_parquet(tmp_path / "out", ["data/train.parquet"]))
    assert [decode_row(r) for r in rows] == read_jsonl(tmp_path / "out" / "data" / "train.jsonl")


VALUES = [
    {"a": [1, 2.5, None, True, False], "b": {}, "c": []},
    "plain",
    "é ü 漢字 🙂 \n\t\r\b\f \x01\x1f \x7f \u2028 \"q\" \\",
    [1e-05, 1e16, 1e22, 0.1, -0.0, 123456789.123, 2**70, -(2**63)],
    {"nested": [{"x": [[], {}]}], "": ""},
]


@pytest.mark.parametrize("value", VALUES)
def test_stdjson_spells_as_the_standard_library(value):
    assert spaced(value) == json.dumps(value, ensure_ascii=False)
    assert compact(value) == dumps_std(value)


def test_stdjson_refuses_what_the_standard_library_refuses():
    assert spaced([math.nan, math.inf]) == json.dumps([math.nan, math.inf], ensure_ascii=False)  # json.dumps allows them
    with pytest.raises(ValueError):
        compact([math.nan])  # dumps_std does not
    with pytest.raises(ValueError):
        dumps_std([math.nan])
    for dump in (spaced, compact):
        with pytest.raises(TypeError, match="not JSON serializable"):
            dump({"x": object()})

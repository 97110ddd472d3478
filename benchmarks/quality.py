"""Quality of synthesized records, beside BFCL's human-written multi-turn queries.

Prints the quality report of a run (``toolgym synth`` makes one, or give a run directory):
grounded arguments, answers that state their fields, duplicates, distinct-n and self-BLEU-4 of
user messages (a seeded sample of 733, deduplicated, as written and as phrasing only), template
share of answers and reasoning, broken sentences, variant and error-kind mix, hint rate.

With ``bfcl-eval`` installed (an optional extra of nobody: ``pip install bfcl-eval``), the same
text measures of BFCL's multi-turn base queries (its 734 user messages, 733 after dedup) are
printed beside ours, computed by the same code. Without it, or with ``--bfcl PATH`` pointing at
a ``BFCL_v*_multi_turn_base.json``, the column is filled from that file, or left empty.

Usage:
    python benchmarks/quality.py                       # the default run: 300 records, seed 0
    python benchmarks/quality.py --records 2000 --seed 7
    python benchmarks/quality.py --run runs/quickstart
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
import tempfile
from pathlib import Path


def bfcl_queries(path: str | None) -> list[str] | None:
    """BFCL's multi-turn base user messages, from ``path`` or the installed ``bfcl_eval``."""
    files: list[Path] = []
    if path:
        files = [Path(path)]
    else:
        try:
            from importlib import resources

            data = resources.files("bfcl_eval").joinpath("data")
            files = sorted(Path(str(p)) for p in data.iterdir() if p.name.endswith("multi_turn_base.json"))  # type: ignore[attr-defined]
        except (ImportError, ModuleNotFoundError, FileNotFoundError):
            return None
    out: list[str] = []
    for f in files[-1:]:
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            for turn in entry.get("question", []):
                out.extend(m["content"] for m in turn if m.get("role") == "user" and isinstance(m.get("content"), str))
    return out or None


def reference(texts: list[str]) -> dict:
    from toolgym.synth.quality.report import SAMPLE_SIZE
    from toolgym.synth.quality.text import exact_duplicate_share, sample, text_stats

    s = text_stats(sample(texts, SAMPLE_SIZE, 0))
    return {"exact_duplicate": round(exact_duplicate_share(texts), 4), "as_written": s.as_dict()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", help="a run directory to measure (default: make a fresh run)")
    ap.add_argument("--records", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bfcl", help="path to BFCL_v*_multi_turn_base.json (default: the installed bfcl_eval)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON too")
    args = ap.parse_args()

    from toolgym.runs import iter_episodes
    from toolgym.synth.pipeline.config import load_config
    from toolgym.synth.pipeline.multiturn import make_env
    from toolgym.synth.pipeline.run import synthesize
    from toolgym.synth.quality.report import quality_report, quality_table

    tmp = None
    run = Path(args.run) if args.run else None
    if run is None:
        tmp = Path(tempfile.mkdtemp(prefix="toolgym-bench-quality-"))
        run = tmp / "run"
        synthesize(load_config(overrides={"records": args.records, "seed": args.seed, "out": str(run), "progress": False}))
    try:

        @functools.cache
        def defs(env_id: str):
            return make_env(env_id).all_tooldefs()

        q = quality_report(iter_episodes(run), defs)
        bfcl = bfcl_queries(args.bfcl)
        ref = reference(bfcl) if bfcl else None
        where = f"run {args.run}" if args.run else f"toolgym synth --records {args.records} --seed {args.seed}"
        print(f"quality of {q['records']} records ({where}); {q['user_messages']} user messages, 733 sampled")
        print(quality_table(q, ref, "BFCL base" if ref else ""))
        if not ref:
            print("  (BFCL column empty: pip install bfcl-eval, or --bfcl PATH)")
        print("  broken patterns found: " + (json.dumps(q["broken_sentences"]) if q["broken_sentences"] else "none"))
        if args.json:
            print(json.dumps({"ours": q, "bfcl": ref}, indent=1))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

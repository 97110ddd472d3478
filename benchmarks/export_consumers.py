"""Every export format through the consumer it is named after, on a real run: rows checked, failed, altered.

Not a speed benchmark: a measured table of what the consumers take as it is. For a run directory
(``toolgym synth --out RUN --records 2000 --seed 7``) it exports each format with default options
and checks:

- openai: every row against pydantic models built from the ``openai`` SDK's param types
  (extra keys forbidden) -> failed; the export's own read-back against the episodes -> altered;
- hf / datasets: ``load_dataset(DIR)`` (the folder the card points to), decoded as the card says,
  compared value for value (floats included) with the rows built from the canonical episodes;
- chat templates (Qwen2.5, Qwen3, Llama-3.1, vLLM Hermes): the datasets-loaded rows rendered with
  transformers' ``apply_chat_template``, checked against the canonical rows (``--check`` logic),
  with default options and with the options that bring each to zero;
- TRL: ``SFTTrainer(assistant_only_loss=True)`` on the first 100 hf rows, streamed from the JSONL;
  the tokens it trains on vs the canonical assistant messages;
- LLaMA-Factory: each sharegpt row through its own converter and function/tool formatters (when
  ``llamafactory`` is installed: ``pip install --no-deps llamafactory==0.9.5 peft``), calls compared
  with the canonical ones;
- bfcl: one API class per tool domain across the export.

Run: ``python benchmarks/export_consumers.py RUN [--rows-trl 100]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run")
    ap.add_argument("--rows-trl", type=int, default=100)
    ap.add_argument("--templates", default="qwen2.5,qwen3,llama3.1,hermes")
    args = ap.parse_args()

    from toolgym.exporters import ExportOptions, build_samples, export
    from toolgym.exporters.chat_templates import load_template
    from toolgym.exporters.consumers import (
        hf_loaded_rows,
        llamafactory_modules,
        llamafactory_row_errors,
        openai_row_errors,
    )
    from toolgym.exporters.hf import HFFormat
    from toolgym.runs import iter_records as iter_run

    tmp = Path(tempfile.mkdtemp(prefix="toolgym-consumers-"))
    results: list[tuple[str, str, int, int, int, str]] = []
    t_start = time.time()
    try:
        # openai
        res = export(args.run, "openai", tmp / "openai", plots=False)
        rows = [json.loads(x) for x in (tmp / "openai" / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
        failed = sum(1 for r in rows if openai_row_errors(r))
        results.append(("OpenAI fine-tuning schema (openai SDK types, extra keys forbidden)", "default", len(rows), failed, res.validation.error_count, ""))

        # hf through datasets
        res = export(args.run, "hf", tmp / "hf", plots=False)
        opts = ExportOptions()
        fmt = HFFormat(opts)
        expected, samples = [], []
        for ep in iter_run(args.run):
            ss = build_samples(ep, opts)
            samples += ss
            expected += fmt.records(ss)
        loaded = hf_loaded_rows(tmp / "hf", tmp / "hf-cache")["train"]
        altered = sum(1 for a, b in zip(loaded, expected, strict=False) if a != b) + abs(len(loaded) - len(expected))
        results.append(("HF datasets load_dataset(DIR) (Parquet the card points to)", "default", len(loaded), 0, altered, "value for value, floats included"))
        jsonl = [json.loads(x) for x in (tmp / "hf" / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
        results.append(("hf JSONL read with json.loads", "default", len(jsonl), 0, sum(1 for a, b in zip(jsonl, expected, strict=False) if a != b), ""))
        print(f"exports and loads done ({time.time() - t_start:.0f} s)", file=sys.stderr, flush=True)

        # chat templates, on the rows datasets gave
        variants = {
            "qwen2.5": [("default", {}, False)],
            "qwen3": [("default", {}, False), ("--per turn", {"per": "turn"}, False)],
            "llama3.1": [("default", {}, False), ("--parallel-calls serialize", {"parallel_calls": "serialize"}, False), ("--per turn --parallel-calls skip", {"per": "turn", "parallel_calls": "skip"}, False)],
            "hermes": [("default", {}, False), ("--exact-tools", {}, True)],
        }
        template_rows: list[tuple[str, str, int, int, str]] = []
        for name in args.templates.split(","):
            tpl = load_template(name)
            for label, kw, exact in variants[name]:
                t0 = time.time()
                o = ExportOptions(**kw)
                if kw:
                    out = tmp / f"hf-{name}-{len(template_rows)}"
                    export(args.run, "hf", out, o, plots=False, validate=False)
                    rows_in = hf_loaded_rows(out, tmp / "hf-cache")["train"]
                    f2 = HFFormat(o)
                    ss_all, exp_all = [], []
                    for ep in iter_run(args.run):
                        try:
                            ss = build_samples(ep, o)
                        except Exception:  # noqa: BLE001 - an episode the options leave out whole
                            continue
                        ss_all += ss
                        exp_all += f2.records(ss)
                    shutil.rmtree(out, ignore_errors=True)
                else:
                    rows_in, ss_all, exp_all = loaded, samples, expected
                passed = 0
                kinds: dict[str, int] = {}
                for s, row, want in zip(ss_all, rows_in, exp_all, strict=False):
                    tools = json.loads(row["tools_exact" if exact else "tools"])
                    rc = tpl.check(
                        row, s.train_from + (s.system is not None), tools=tools, expected=want,
                        has_parallel=any(len(m.get("tool_calls") or ()) > 1 for m in s.messages),
                    )
                    passed += rc.ok
                    for k in rc.kinds:
                        kinds[k] = kinds.get(k, 0) + 1
                n = len(rows_in)
                top = "; ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))
                template_rows.append((name, label, n, n - passed, top))
                print(f"  {name} {label}: {passed}/{n} ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)

        # TRL: SFTTrainer with assistant_only_loss on the hf JSONL rows streamed as they are
        try:
            import datasets as hf_datasets
            from transformers import LlamaConfig, LlamaForCausalLM
            from trl import SFTConfig, SFTTrainer

            tok = load_template("qwen3").tokenizer
            tok.pad_token = "<|endoftext|>"
            path = tmp / "hf" / "data" / "train.jsonl"

            def first_rows():
                with open(path, encoding="utf-8") as fh:
                    for k, line in enumerate(fh):
                        if k == args.rows_trl:
                            return
                        r = json.loads(line)
                        yield {"messages": r["messages"], "tools": r["tools"]}

            model = LlamaForCausalLM(LlamaConfig(vocab_size=len(tok), hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2))
            trainer = SFTTrainer(
                model=model,
                args=SFTConfig(output_dir=str(tmp / "sft"), assistant_only_loss=True, max_length=None, report_to=[], use_cpu=True, max_steps=1),
                train_dataset=hf_datasets.IterableDataset.from_generator(first_rows),
                processing_class=tok,
            )
            bad = n = 0
            for s, ex in zip(samples, trainer.train_dataset, strict=False):
                n += 1
                trained = tok.decode([t for t, lab in zip(ex["input_ids"], ex["labels"], strict=False) if lab != -100])
                want = ""
                for m in s.messages:
                    if m["role"] != "assistant":
                        continue
                    body = f"<think>\n{m.get('reasoning') or ''}\n</think>\n\n" + (m.get("content") or "")
                    for k, c in enumerate(m.get("tool_calls") or ()):
                        call = json.dumps({"name": c["name"], "arguments": c.get("arguments") or {}}, ensure_ascii=False)
                        body += ("\n" if (k or m.get("content")) else "") + f"<tool_call>\n{call}\n</tool_call>"
                    want += body + "<|im_end|>\n"
                bad += trained != want
            results.append(("TRL SFTTrainer, assistant_only_loss (Qwen3; TRL's training template): trained tokens == canonical assistant messages", "default", n, 0, bad, "hf JSONL streamed"))
        except ImportError as e:
            results.append((f"TRL not installed ({e})", "", 0, 0, 0, ""))

        # LLaMA-Factory
        res = export(args.run, "sharegpt", tmp / "sharegpt", plots=False)
        mods = llamafactory_modules()
        if mods is None:
            results.append(("LLaMA-Factory not installed: rules checked by the export's validator only", "default", res.total, 0, res.validation.error_count, ""))
        else:
            info = json.loads((tmp / "sharegpt" / "dataset_info.json").read_text())["toolgym_train"]
            lf_rows = [json.loads(x) for x in (tmp / "sharegpt" / info["file_name"]).read_text(encoding="utf-8").splitlines()]
            failed = altered = 0
            for s, row in zip(samples, lf_rows, strict=False):
                errs, got = llamafactory_row_errors(mods, row, info)
                failed += bool(errs)
                want = [[(c["name"], c.get("arguments") or {}) for c in m["tool_calls"]] for m in s.messages if m["role"] == "assistant" and m.get("tool_calls")]
                altered += bool(got) and got["calls"] != want
            results.append(("LLaMA-Factory 0.9.5 converter + FunctionFormatter/ToolFormatter (qwen tool format)", "default", len(lf_rows), failed, altered, ""))

        # bfcl
        res = export(args.run, "bfcl", tmp / "bfcl", plots=False)
        docs = sorted(p.name for p in (tmp / "bfcl" / "multi_turn_func_doc").iterdir())
        dup = len(docs) - len({d.replace("_", "").lower() for d in docs})
        results.append((f"BFCL function docs: {len(docs)} classes, {dup} duplicated under two names", "default", res.total, 0, res.validation.error_count, ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nConsumer results for {args.run} (load average {os.getloadavg()[0]:.1f}; {time.time() - t_start:.0f} s)\n")
    print("| consumer | options | rows checked | failed | altered | note |")
    print("|---|---|---:|---:|---:|---|")
    for r in results:
        print(f"| {r[0]} | {r[1]} | {r[2]:,} | {r[3]:,} | {r[4]:,} | {r[5]} |")
    print("\n`--check` through each chat template (rows datasets loaded, against the canonical rows)\n")
    print("| template | options | rows | failing | what they lose (rows) |")
    print("|---|---|---:|---:|---|")
    for name, label, n, f, top in template_rows:
        print(f"| {name} | {label} | {n:,} | {f:,} | {top or '-'} |")


if __name__ == "__main__":
    main()

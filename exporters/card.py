"""The dataset card: a Hugging Face dataset README.md with its YAML header.

The header carries what the Hub reads (license, task categories, tags, size category, and
``configs`` naming the data files per split, so ``load_dataset(repo)`` finds them); the body says
what the data is, how it was generated, with which configuration, and its statistics with
pictures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .stats import format_table

__all__ = ["render_card", "size_category", "CARD_SECTIONS", "CardContext"]


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` value for ``n`` records."""
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")):
        if n < limit:
            return label
    return "10M<n<100M"


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML scalar


_LOAD = {
    "openai": """```python
# OpenAI / Azure / Together fine-tuning: upload data/train.jsonl as the training file.
import json
rows = [json.loads(line) for line in open("data/train.jsonl", encoding="utf-8")]
print(rows[0]["messages"][-1], len(rows[0]["tools"]))
```""",
    "hf": """```python
import json
from datasets import load_dataset
from toolgym.exporters.hf import decode_batch   # or the 4 lines in its docstring, without toolgym
ds = load_dataset("path/to/this/export")["train"].with_transform(decode_batch)
row = ds[0]                                # call arguments are objects again, numbers exact
tools = json.loads(row["tools"])           # TRL's SFTTrainer does this for string tools
# tokenizer.apply_chat_template(row["messages"], tools=tools)
```
The Parquet rows keep each call's `arguments` as JSON text: `datasets` decodes `Json` values
with pandas' ujson, which rounds some floats (1.95 -> 1.9500000000000002), so numbers never go
through it. `data/<split>.jsonl` holds the same rows with `arguments` as objects; read it with
`json.loads` per line (not `load_dataset("json")`, which decodes with that same ujson).
`tools` is in the JSON Schema subset chat templates render (a nullable type is the non-null type
plus `"nullable": true`); `tools_exact` holds the exact schemas.

For TRL's `SFTTrainer`, stream the JSONL rows as they are (TRL refuses `with_transform`, and
`Dataset.from_list` would pad every call's arguments with every other tool's parameters):

```python
from datasets import IterableDataset
def rows():
    for line in open("data/train.jsonl", encoding="utf-8"):
        yield json.loads(line)
train_dataset = IterableDataset.from_generator(rows)   # SFTConfig(assistant_only_loss=True) works on it
```""",
    "sharegpt": """Copy this directory into LLaMA-Factory's `data/` folder (or point `dataset_dir` at it);
`dataset_info.json` here already holds the entries, e.g.:

```yaml
dataset: {name}_train
dataset_dir: path/to/this/export
template: qwen3   # any template with a tool format
```""",
    "hermes": """```python
import json
rows = [json.loads(line) for line in open("data/train.jsonl", encoding="utf-8")]
for turn in rows[0]["conversations"]:
    print(turn["from"], turn["value"][:80])
```""",
    "bfcl": """Copy `{name}_<split>.json` into BFCL's `bfcl_eval/data/`, `possible_answer/{name}_<split>.json`
into `bfcl_eval/data/possible_answer/`, and `multi_turn_func_doc/*.json` beside BFCL's own function
docs; `initial_config` names toolgym's environment and seed, from which toolgym rebuilds the same world
(`toolgym.envs.make(env_id).reset(seed=seed)`), the backend that the state checks need.""",
}


def render_card(
    *,
    fmt: Any,
    manifest: dict[str, Any],
    stats: Any,
    run_config: dict[str, Any] | None,
    run_manifest: dict[str, Any] | None,
    plots: list[str],
    data_files: dict[str, list[str]],
) -> str:
    """The README.md text of an export."""
    opts = manifest["options"]
    name = opts["name"]
    records = {k: v["records"] for k, v in manifest["splits"].items()}
    total = sum(records.values())
    sd = stats.to_dict()
    header = [
        "---",
        f"license: {opts['license']}",
        "task_categories:",
        "- text-generation",
        "language:",
        "- en",
        "tags:",
        "- function-calling",
        "- tool-use",
        "- multi-turn",
        "- synthetic",
        "- toolgym",
        f"- {manifest['format']}",
        "pretty_name: " + _q(name + " (" + manifest["format"] + " format)"),
        "size_categories:",
        f"- {size_category(total)}",
        "configs:",
        "- config_name: default",
        "  data_files:",
    ]
    for split, files in data_files.items():
        header.append(f"  - split: {split}")
        header.append(f"    path: {_q(files[0]) if len(files) == 1 else ''}")
        if len(files) > 1:
            header.pop()
            header.append("    path:")
            header += [f"    - {_q(f)}" for f in files]
    header.append("---")

    ctx = CardContext(fmt=fmt, manifest=manifest, stats=stats, sd=sd, opts=opts, name=name, records=records, total=total,
                      run_config=run_config, run_manifest=run_manifest, plots=plots)
    body: list[str] = []
    for section in CARD_SECTIONS:
        lines = section(ctx)
        if lines:
            body += lines + [""]
    return "\n".join(header + [""] + body)



@dataclass
class CardContext:
    """What a card section may read."""

    fmt: Any
    manifest: dict[str, Any]
    stats: Any
    sd: dict[str, Any]
    opts: dict[str, Any]
    name: str
    records: dict[str, int]
    total: int
    run_config: dict[str, Any] | None
    run_manifest: dict[str, Any] | None
    plots: list[str]


def _intro(c: CardContext) -> list[str]:
    envs = ", ".join(f"`{e}`" for e in c.sd["envs"]) or "none"
    return [
        f"# {c.name}",
        "",
        f"Multi-turn function-calling conversations generated by [toolgym](https://arxiv.org/abs/2510.24645) "
        f"(an open implementation of FunReason-MT) in simulated, stateful tool environments: {envs}. "
        f"{c.total:,} records from {c.sd['episodes']:,} episodes.",
    ]


def _reasoning_line(c: CardContext) -> str:
    if not c.opts["reasoning"]:
        return "dropped"
    style = c.opts.get("reasoning_style", "field")
    fmt = c.manifest["format"]
    if fmt == "openai" and style == "auto":
        return "left out: OpenAI's chat fine-tuning schema has no place for it (`--reasoning-style think` puts it inline as `<think>...</think>`)"
    if fmt == "openai" and style == "field":
        return "kept on every assistant step as a `reasoning` key (outside OpenAI's schema: for trainers that read it)"
    if style == "think" or fmt in ("sharegpt", "hermes"):
        return "kept on every assistant step, inline as `<think>...</think>` before the content"
    return "kept on every assistant step" + (" as `reasoning_content`" if fmt == "hf" else "")


def _contents(c: CardContext) -> list[str]:
    o = c.opts
    lines = [
        "## What is in it",
        "",
        f"Format: **{c.manifest['format']}**. {c.fmt.summary}",
        "",
        f"- records: one per {'user turn (history before it, reasoning of earlier turns removed)' if o['per'] == 'turn' else 'conversation (split only where the offered tools change)'}",
        f"- reasoning: {_reasoning_line(c)}",
    ]
    pc = o.get("parallel_calls", "keep")
    if pc != "keep":
        lines.append(
            "- parallel calls: " + ("each written as a sequence of single calls, each followed by its result" if pc == "serialize" else "records holding them were left out")
        )
    lines += [
        f"- splits: {', '.join(f'{k} {v:,}' for k, v in c.records.items())} (by a seeded hash of the {'environment and world seed' if o['split_by'] == 'world' else 'episode id'}, split seed {o['split_seed']}; no episode is in two splits)",
        f"- skipped episodes: {c.manifest.get('skipped_count', 0)}",
    ]
    return lines


def _load(c: CardContext) -> list[str]:
    return ["## How to load", "", _LOAD.get(c.manifest["format"], "").replace("{name}", c.name)]


def _template(c: CardContext) -> list[str]:
    t = c.manifest.get("template")
    if not t:
        return []
    files = ", ".join(f"`{f}`" for f in (t.get("files") or {}).values()) or "none"
    lines = [
        "## Rendered through a chat template",
        "",
        f"Every row was also rendered through the chat template `{t['template']}` (sha256 `{t['sha256'][:16]}...`) with "
        f"transformers' `apply_chat_template`: {t['passed']:,} of {t['rows']:,} rows render as they are, in {files} "
        "(`text` and `assistant_spans`, the character spans of the trained assistant messages; "
        "`toolgym.exporters.chat_templates.token_masks(tokenizer, text, spans)` gives `input_ids` and `assistant_masks`).",
    ]
    if t.get("failed"):
        lines += ["", "Rows the template cannot hold as they are (left out of the rendered files):", ""]
        lines += [f"- {n:,} rows: {k}" for k, n in t.get("rows_by_loss", {}).items()]
        if t.get("advice"):
            lines += ["", "Options that avoid this: " + "; ".join(t["advice"]) + "."]
    return lines


def _generation(c: CardContext) -> list[str]:
    lines = [
        "## How it was generated",
        "",
        "Every episode was played in a toolgym environment built from its seed, so each tool result is what the "
        "simulated API returned and the world can be rebuilt from the environment id and seed. Runs of "
        "`toolgym synth` keep only episodes whose turns reach the checked end state and that replay to the same "
        "results and state hashes in a fresh environment. Turns come in BFCL-style variants (base, missing "
        "parameter, missing function, long context, error recovery).",
    ]
    producers = sorted({f"{k}: {v}" for k, v in (c.manifest.get("producers") or {}).items()})
    if producers:
        lines += ["", "Producers (role: policy or model): " + "; ".join(producers)]
    if c.run_manifest:
        lines += ["", "Run manifest:", "", "```json", json.dumps(c.run_manifest, indent=2, ensure_ascii=False)[:4000], "```"]
    return lines


def _configuration(c: CardContext) -> list[str]:
    lines = ["## Configuration", ""]
    if c.run_config:
        lines += ["Run configuration (`config.json`):", "", "```json", json.dumps(c.run_config, indent=2, ensure_ascii=False)[:6000], "```", ""]
    lines += ["Export options:", "", "```json", json.dumps(c.opts, indent=2, ensure_ascii=False), "```"]
    return lines


def _statistics(c: CardContext) -> list[str]:
    lines = ["## Statistics", "", format_table(c.stats, c.records)]
    if c.plots:
        lines.append("")
        lines += [f"![{p.rsplit('.', 1)[0].replace('_', ' ')}](plots/{p})" for p in c.plots]
    return lines


def _limitations(c: CardContext) -> list[str]:
    o, fmt = c.opts, c.manifest["format"]
    lines = [
        "## Limitations",
        "",
        "The environments are simulations: their data is synthetic (drawn from Faker pools) and their APIs "
        "are toolgym's, not real services. User turns are written by a query writer, not by people.",
    ]
    if "content_with_calls" not in c.fmt.carries:
        lines.append(
            "This format cannot hold text that an assistant wrote beside its tool calls in the same step "
            f"(LLaMA-Factory's `function_call` turn); {c.manifest.get('lossy', {}).get('content_with_calls', 0)} such texts were left out."
        )
    if o["per"] == "turn" and fmt in ("sharegpt", "hermes"):
        lines.append(
            "Per-turn records repeat earlier turns (without their reasoning) as history; trainers that learn every "
            "assistant turn of a row (LLaMA-Factory without `mask_history`) see those answers more than once."
        )
    if fmt == "bfcl":
        lines.append(
            "BFCL entries hold user turns and ground-truth calls only; the export options `per`, `reasoning` and "
            "`parallel_calls` do not apply to them."
        )
    return lines


def _quality(c: CardContext) -> list[str]:
    """The run's quality report (written by ``toolgym synth`` into its manifest), as a table."""
    q = (((c.run_manifest or {}).get("synth") or {}).get("summary") or {}).get("quality")
    if not q:
        return []

    def pct(x: Any) -> str:
        return f"{x:.1%}" if isinstance(x, (int, float)) else str(x)

    w, p = q.get("as_written", {}), q.get("phrasing_only", {})
    rows = [
        ("call arguments grounded in what the assistant had seen", pct(q.get("grounded_arguments"))),
        ("answer turns that state what each call was asked for", pct(q.get("answer_turns_stating_fields"))),
        ("exact duplicate user messages", pct(q.get("exact_duplicate_user_messages"))),
        (f"user messages as written (n={w.get('n')}): distinct-3 / self-BLEU-4", f"{w.get('distinct_3')} / {w.get('self_bleu_4')}"),
        ("phrasing only (values as tags, chit-chat out): distinct-3 / self-BLEU-4", f"{p.get('distinct_3')} / {p.get('self_bleu_4')}"),
        ("near-duplicate user messages (3-gram Jaccard >= 0.6)", pct(w.get("near_dup"))),
        ("answers / reasoning sharing a template", f"{pct(q.get('answer_template_share'))} / {pct(q.get('reasoning_template_share'))}"),
        ("turns the critic had to correct (hint rate)", pct(q.get("turns_needing_a_hint"))),
        ("error-recovery kinds", ", ".join(f"{k} {v}" for k, v in (q.get("error_kinds") or {}).items()) or "none"),
    ]
    lines = ["## Quality", "", "Measured by `toolgym synth` on the records as written (see `benchmarks/quality.py`):", "",
             "| measure | value |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return lines


def _license(c: CardContext) -> list[str]:
    return ["## License and citation", "", f"License: {c.opts['license']}. Method: FunReason-MT, arXiv:2510.24645."]


#: The card's body, in order: each section is a function of the context returning its lines
#: (nothing to leave it out). Add a section by inserting a function here.
CARD_SECTIONS: list[Callable[[CardContext], list[str]]] = [
    _intro,
    _contents,
    _load,
    _template,
    _generation,
    _configuration,
    _statistics,
    _quality,
    _limitations,
    _license,
]

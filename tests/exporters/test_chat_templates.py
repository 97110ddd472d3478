"""hf rows through the real consumers of chat templates: transformers' apply_chat_template and TRL.

Templates are the upstream files shipped in exporters/templates (verbatim; their sha256 is checked
against the README table). Every claim is checked against the canonical episodes: which rows a
template refuses, which lose reasoning, and that the options named for each template bring it to
zero; rendered rows' assistant spans, tokenized, decode exactly to the assistant messages.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from toolgym.exporters import ExportOptions, build_samples, export
from toolgym.exporters.chat_templates import NAMED, TEMPLATES_DIR, load_template, token_masks
from toolgym.exporters.chat_templates import check_run as _check_run
from toolgym.exporters.hf import HFFormat
from toolgym.runs import iter_records as iter_run

#: the options that bring each shipped template to zero losses on rows without text beside calls
OPTIONS = {"qwen2.5": {}, "qwen3": {"per": "turn"}, "llama3.1": {"parallel_calls": "serialize"}, "hermes": {}}


_REPORTS: dict = {}


def check_run(run_dir, template, opts, exact_tools=False):
    """``chat_templates.check_run``, once per (run, template, options) in this module."""
    key = (str(run_dir), template.label, json.dumps(opts.to_dict(), sort_keys=True), exact_tools)
    if key not in _REPORTS:
        _REPORTS[key] = _check_run(run_dir, template, opts, exact_tools=exact_tools)
    return _REPORTS[key]


@pytest.fixture(scope="module")
def templates():
    return {n: load_template(n) for n in NAMED}


def _samples(src, **opts):
    o = ExportOptions(**opts)
    return [s for ep in iter_run(src.run_dir) for s in build_samples(ep, o)]


def _beside(s) -> bool:
    return any(m["role"] == "assistant" and m.get("content") and m.get("tool_calls") for m in s.messages)


def _bare_step(s) -> bool:
    trained = s.messages[s.train_from :]
    return any(m["role"] == "assistant" and not m.get("reasoning") for m in trained[:-1])


def _parallel(s) -> bool:
    return any(len(m.get("tool_calls") or ()) > 1 for m in s.messages)


def test_shipped_templates_are_the_recorded_upstream_files():
    readme = (TEMPLATES_DIR / "README.md").read_text(encoding="utf-8")
    for name, n in NAMED.items():
        digest = hashlib.sha256((TEMPLATES_DIR / n.file).read_bytes()).hexdigest()
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}` |"))
        assert f"`{n.file}`" in row and digest in row, name


def test_capabilities_are_learnt_by_rendering(templates):
    cap = {n: t.capabilities for n, t in templates.items()}
    assert cap["qwen3"]["reasoning"] and not cap["qwen3"]["earlier_reasoning"]
    assert not any(cap[n]["reasoning"] for n in ("qwen2.5", "llama3.1", "hermes"))
    assert not cap["llama3.1"]["parallel_calls"] and cap["qwen2.5"]["parallel_calls"]
    assert not cap["hermes"]["nullable_types"] and cap["qwen3"]["nullable_types"]


@pytest.mark.parametrize("name", list(NAMED))
def test_default_rows_render_as_they_are_with_each_templates_options(src, templates, name):
    rep = check_run(src.run_dir, templates[name], ExportOptions(**OPTIONS[name]))
    samples = _samples(src, **OPTIONS[name])
    assert rep.rows == len(samples) > 0
    # Templates that print only the calls of a step lose the text an assistant wrote beside them
    # (the Library run has such steps; synthesized runs have none): exactly those rows, nothing else.
    beside = sum(map(_beside, samples)) if name in ("llama3.1", "hermes") else 0
    # Qwen3 renders an empty <think> block for the last assistant message only: a trained step
    # with no reasoning (the Library's injected-failure step) is generated with one and shown
    # without, so it cannot be masked as generated; the check says so for exactly those rows.
    bare = sum(map(_bare_step, samples)) if name == "qwen3" else 0
    assert rep.failed == beside + bare, rep.summary()
    assert rep.kinds["text beside calls dropped"] == beside and rep.kinds["rendered differently in context"] == bare, rep.summary()
    assert set(rep.kinds) <= {"text beside calls dropped", "rendered differently in context"}, rep.summary()
    if src.name == "synth":
        assert rep.failed == 0


def test_qwen3_drops_earlier_reasoning_of_whole_conversations(src, templates):
    rep = check_run(src.run_dir, templates["qwen3"], ExportOptions())
    samples = _samples(src)
    multi = [s for s in samples if any(m.get("reasoning") for m in s.messages[: max(i for i, m in enumerate(s.messages) if m["role"] == "user")])]
    assert multi
    assert rep.kinds["reasoning dropped"] == len(multi), rep.summary()


def test_llama_refuses_exactly_the_rows_with_parallel_calls(src, templates):
    rep = check_run(src.run_dir, templates["llama3.1"], ExportOptions())
    samples = _samples(src)
    assert rep.kinds["refused: parallel calls"] == sum(map(_parallel, samples)) > 0, rep.summary()
    skipped = check_run(src.run_dir, templates["llama3.1"], ExportOptions(per="turn", parallel_calls="skip"))
    assert skipped.kinds["refused: parallel calls"] == 0
    assert skipped.rows == len(_samples(src, per="turn")) - sum(map(_parallel, _samples(src, per="turn")))


def test_hermes_recurses_on_exact_nullable_schemas_and_not_on_the_default_tools(src, templates):
    exact = check_run(src.run_dir, templates["hermes"], ExportOptions(), exact_tools=True)
    nullable = sum(any(isinstance(p.get("type"), list) for t in s.tools for p in t["parameters"].get("properties", {}).values()) for s in _samples(src))
    assert nullable and exact.kinds["refused: schema it cannot render"] == nullable
    assert check_run(src.run_dir, templates["hermes"], ExportOptions()).kinds["refused: schema it cannot render"] == 0


def test_an_argument_read_back_rounded_is_reported_as_changed(episodes, run_dir, templates):
    """What a template renders from 1.9500000000000002 is not the canonical call: the check says so."""
    opts = ExportOptions()
    fmt = HFFormat(opts)
    seen = 0
    for ep in iter_run(run_dir):
        for s, row in zip(build_samples(ep, opts), fmt.records(build_samples(ep, opts)), strict=False):
            calls = [c for m in row["messages"] for c in m.get("tool_calls") or () if (c["function"]["arguments"].get("extra") or {}).get("floor") == 1.95]
            if not calls:
                continue
            tf = s.train_from + 1
            want = json.loads(json.dumps(row))
            assert templates["qwen2.5"].check(row, tf, expected=want).ok
            calls[0]["function"]["arguments"]["extra"]["floor"] = 1.9500000000000002  # datasets' ujson reading of 1.95
            rc = templates["qwen2.5"].check(row, tf, expected=want)
            assert [k for k in rc.kinds] == ["call changed"], rc.losses
            seen += 1
    assert seen


def _carrier_tokenizer(template):
    return template.tokenizer  # byte-level: every string round-trips, offsets are character offsets


@pytest.mark.parametrize("name", ["qwen3", "llama3.1"])
def test_rendered_rows_masks_decode_exactly_to_the_assistant_messages(src, templates, name, tmp_path):
    kw = {"per": "turn", **OPTIONS[name]}
    res = export(src.run_dir, "hf", tmp_path / name, ExportOptions(**kw), template=templates[name], plots=False)
    lossy = _beside if name == "llama3.1" else _bare_step
    assert res.validation.ok and res.template.failed == sum(map(lossy, _samples(src, **kw)))
    rows = {json.loads(line)["id"]: json.loads(line) for line in (tmp_path / name / "data" / f"train.{name}.jsonl").read_text(encoding="utf-8").splitlines()}
    samples = {s.id: s for s in _samples(src, **kw)}
    tok = _carrier_tokenizer(templates[name])
    checked = 0
    for rid, r in list(rows.items())[:100]:
        enc = token_masks(tok, r["text"], r["assistant_spans"])
        assert len(enc["input_ids"]) == len(enc["assistant_masks"])
        unmasked = tok.decode([t for t, m in zip(enc["input_ids"], enc["assistant_masks"], strict=False) if m])
        assert unmasked == "".join(r["text"][a:b] for a, b in r["assistant_spans"])
        # Each span is one trained assistant message, in order, holding its calls (and reasoning
        # where the template has a place for it), as the model generates it.
        s = samples[rid]
        assert len(r["assistant_spans"]) == len([m for m in s.messages[s.train_from :] if m["role"] == "assistant"])
        for (a, b), m in zip(r["assistant_spans"], [m for m in s.messages[s.train_from :] if m["role"] == "assistant"], strict=False):
            span = r["text"][a:b]
            for c in m.get("tool_calls") or ():
                assert json.dumps(c.get("arguments") or {}, ensure_ascii=False) in span
            if name == "qwen3" and m.get("reasoning"):
                assert f"<think>\n{m['reasoning']}\n</think>" in span
            if m.get("content") and not m.get("tool_calls"):
                assert m["content"].strip() in span
        checked += 1
    assert checked == min(100, len(rows)) > 0


def _qwen3_generated(messages) -> str:
    """The oracle: Qwen3's assistant turns as the model writes them, from canonical messages."""
    out = ""
    for m in messages:
        if m["role"] != "assistant":
            continue
        body = f"<think>\n{m.get('reasoning') or ''}\n</think>\n\n"
        body += m.get("content") or ""
        for k, c in enumerate(m.get("tool_calls") or ()):
            call = json.dumps({"name": c["name"], "arguments": c.get("arguments") or {}}, ensure_ascii=False)
            body += ("\n" if (k or m.get("content")) else "") + f"<tool_call>\n{call}\n</tool_call>"
        out += body + "<|im_end|>\n"
    return out


def _sft(tok, dataset, **config):
    from transformers import LlamaConfig, LlamaForCausalLM
    from trl import SFTConfig, SFTTrainer

    model = LlamaForCausalLM(LlamaConfig(vocab_size=len(tok), hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2))
    args = SFTConfig(output_dir=str(config.pop("out")), max_length=None, report_to=[], use_cpu=True, **config)
    return SFTTrainer(model=model, args=args, train_dataset=dataset, processing_class=tok)


def test_trl_sft_tokenizes_hf_rows_with_assistant_only_loss_exactly(src, tmp_path):
    """TRL's SFTTrainer, assistant_only_loss=True, on the hf JSONL rows streamed as they are
    (``IterableDataset.from_generator``: no Arrow encoding, so no float is re-parsed): for the
    Qwen3 original it swaps in its training template; the tokens it trains on decode exactly to
    the assistant messages of the canonical episodes, planted floats included."""
    import datasets

    res = src.export("hf")
    path = res.out / "data" / "train.jsonl"
    tok = load_template("qwen3").tokenizer
    tok.pad_token = "<|endoftext|>"

    def rows():
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i == 100:
                    return
                r = json.loads(line)
                yield {"messages": r["messages"], "tools": r["tools"]}

    trainer = _sft(tok, datasets.IterableDataset.from_generator(rows), out=tmp_path, assistant_only_loss=True, max_steps=1)
    samples = _samples(src)[:100]
    n = 0
    for s, ex in zip(samples, trainer.train_dataset, strict=False):
        trained = tok.decode([t for t, lab in zip(ex["input_ids"], ex["labels"], strict=False) if lab != -100])
        assert trained == _qwen3_generated(s.messages), s.id
        n += 1
    assert n == len(samples) > 0
    if src.name == "library":
        assert any("1.95" in _qwen3_generated(s.messages) for s in samples)


def test_trl_sft_takes_rendered_rows_and_trains_exactly_the_assistant_spans(src, templates, tmp_path):
    """The rendered export, tokenized with token_masks, is a pre-tokenized dataset for TRL's
    SFTTrainer: the labels it builds decode exactly to the assistant messages."""
    import datasets

    res = export(src.run_dir, "hf", tmp_path / "out", ExportOptions(per="turn"), template=templates["qwen3"], plots=False)
    assert res.template.passed > 0
    rendered = [json.loads(line) for line in (tmp_path / "out" / "data" / "train.qwen3.jsonl").read_text(encoding="utf-8").splitlines()][:100]
    tok = templates["qwen3"].tokenizer
    tok.pad_token = "<|endoftext|>"
    ds = datasets.Dataset.from_list([token_masks(tok, r["text"], r["assistant_spans"]) for r in rendered])
    trainer = _sft(tok, ds, out=tmp_path / "sft")
    samples = {s.id: s for s in _samples(src, per="turn")}
    for r, ex in zip(rendered, trainer.train_dataset, strict=False):
        trained = tok.decode([t for t, lab in zip(ex["input_ids"], ex["labels"], strict=False) if lab != -100])
        s = samples[r["id"]]
        assert trained == "".join(r["text"][a:b] for a, b in r["assistant_spans"]) == _qwen3_generated(s.messages[s.train_from :])
    assert len(rendered) > 0

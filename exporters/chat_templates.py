"""Chat templates as an export target: hf rows rendered through a model's own Jinja template.

A dataset is only as good as the text the trainer makes of it, and that text is what the
model's chat template renders. This module renders hf rows through a template with the real
consumer, transformers' ``apply_chat_template`` (the template files are the upstream ones,
copied verbatim into ``templates/``: see its README), and says, row by row, what the template
loses of the canonical record:

- ``refused``: the template raised (Llama 3.1: "This model only supports single tool-calls at
  once!"; vLLM's Hermes template recursing on a ``["string", "null"]`` parameter type);
- ``reasoning dropped``: a step's reasoning is not in the text although the template has a
  place for reasoning (Qwen3 keeps it only after the last user message);
- ``text beside calls dropped``, ``call changed``, ``result changed``, ``user message changed``,
  ``system prompt changed``, ``tool missing``: the item is not in the text in any spelling the
  template could have given it (arguments as ``tojson`` spells them, results as text or as a
  JSON string);
- ``rendered differently in context``: a trained assistant message is not rendered in the
  conversation as it is when it is the last message (what the model generates at that point),
  so its tokens cannot be masked as the model's output.

Reasoning counts only where the template has a place for it (Qwen2.5, Llama 3.1 and Hermes have
none; Qwen3 does); each template's capabilities come from probes rendered through it, not from
its name.

Masks: the text of an assistant message as the model generates it is
``render(messages[:i+1])`` minus ``render(messages[:i], add_generation_prompt=True)``; it is found
in the full text, in order, and its character span is the assistant's. No template is rewritten
or re-implemented; spans map to token masks for any tokenizer with :func:`token_masks`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from toolgym.errors import ConfigError, suggest

__all__ = ["NAMED", "ChatTemplate", "RowCheck", "TemplateReport", "TemplateRenderer", "check_run", "load_template", "token_masks", "TEMPLATES_DIR"]

TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Named:
    """A shipped template: its file and the special tokens its model's tokenizer passes to it."""

    file: str
    special: dict[str, str]
    model: str


NAMED: dict[str, Named] = {
    "qwen2.5": Named("qwen2_5.jinja", {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"}, "Qwen2.5-Instruct"),
    "qwen3": Named("qwen3.jinja", {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"}, "Qwen3"),
    "llama3.1": Named("llama3_1.jinja", {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"}, "Llama-3.1-Instruct"),
    "hermes": Named("hermes.jinja", {}, "vLLM's Hermes tool template"),
}
_ALIASES = {"qwen2_5": "qwen2.5", "qwen25": "qwen2.5", "llama3_1": "llama3.1", "llama-3.1": "llama3.1", "llama31": "llama3.1"}
_TOKEN_RE = re.compile(r"<\|[A-Za-z0-9_]+\|>")


def load_template(spec: str, special: dict[str, str] | None = None) -> ChatTemplate:
    """A shipped template by name (``qwen2.5``, ``qwen3``, ``llama3.1``, ``hermes``) or any template file."""
    key = _ALIASES.get(spec.lower(), spec.lower())
    if key in NAMED:
        n = NAMED[key]
        return ChatTemplate((TEMPLATES_DIR / n.file).read_text(encoding="utf-8"), key, {**n.special, **(special or {})})
    path = Path(spec)
    if not path.is_file():
        raise ConfigError(f"expected a template name in {sorted(NAMED)} or a Jinja file, got {spec!r}{suggest(spec, NAMED)}")
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("{") and '"chat_template"' in text[:20000]:  # a tokenizer_config.json
        try:
            text = json.loads(text)["chat_template"]
        except (ValueError, KeyError, TypeError) as e:
            raise ConfigError(f"{spec}: expected a Jinja template or a tokenizer_config.json with a chat_template string ({e})") from None
        if not isinstance(text, str):
            raise ConfigError(f"{spec}: chat_template is not one string (a list of named templates is not supported)")
    return ChatTemplate(text, path.stem, dict(special or {}))


def _transformers() -> Any:
    try:
        from tokenizers import Tokenizer, decoders, models, pre_tokenizers
        from transformers import PreTrainedTokenizerFast
    except ImportError as e:
        raise ConfigError("rendering chat templates needs transformers: pip install 'toolgym[templates]'") from e
    return Tokenizer, decoders, models, pre_tokenizers, PreTrainedTokenizerFast


def _carrier(template: str, special: dict[str, str]) -> Any:
    """A tokenizer that only carries the template into ``apply_chat_template`` (byte level, no merges).

    Rendering needs no vocabulary; the special tokens are registered so they would map to
    single ids if anyone tokenized with it.
    """
    Tokenizer, decoders, models, pre_tokenizers, Fast = _transformers()
    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    tok = Tokenizer(models.BPE(vocab={c: i for i, c in enumerate(alphabet)}, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    tok.decoder = decoders.ByteLevel()
    specials = sorted(set(_TOKEN_RE.findall(template)) | set(special.values()))
    if specials:
        tok.add_special_tokens(specials)
    fast = Fast(tokenizer_object=tok, **special)
    fast.chat_template = template
    return fast


def _dumps_variants(value: Any) -> list[str]:
    """The spellings a template's ``tojson`` (transformers': json.dumps, UTF-8 kept) may give a value."""
    out = [json.dumps(value, ensure_ascii=False)]
    for s in (json.dumps(value, ensure_ascii=False, sort_keys=True), json.dumps(value, ensure_ascii=False, separators=(",", ":")),
              json.dumps(value, ensure_ascii=True)):
        if s not in out:
            out.append(s)
    return out


@dataclass
class RowCheck:
    """What one row lost in a template, and (when nothing) its text and assistant spans."""

    id: str
    losses: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    text: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.losses

    def lose(self, kind: str, detail: str) -> None:
        self.kinds[kind] += 1
        if len(self.losses) < 8:
            self.losses.append(f"{kind}: {detail}")


class ChatTemplate:
    """One Jinja chat template, rendered with transformers' ``apply_chat_template``."""

    def __init__(self, source: str, label: str, special: dict[str, str] | None = None):
        self.source = source
        self.label = label
        self.special = dict(special or {})
        self.tokenizer = _carrier(source, self.special)

    def render(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None, *, add_generation_prompt: bool = False) -> str:
        return self.tokenizer.apply_chat_template(
            messages, tools=tools or None, tokenize=False, add_generation_prompt=add_generation_prompt
        )

    # --- what the template does, learnt by rendering probes through it ------------------------

    def _probe(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> str | None:
        try:
            return self.render(messages, tools if tools is not None else _PROBE_TOOLS)
        except Exception:  # noqa: BLE001 - any refusal counts
            return None

    @cached_property
    def capabilities(self) -> dict[str, bool]:
        """``reasoning`` (a place for it), ``earlier_reasoning`` (kept before the last user turn),
        ``parallel_calls`` and ``nullable_types`` (renders them without raising)."""
        one = self._probe(_PROBE)
        two = self._probe(_PROBE_PARALLEL)
        nullable = self._probe(_PROBE, _PROBE_TOOLS_NULLABLE)
        return {
            "renders": one is not None,
            "reasoning": one is not None and "PROBE-R3" in one,
            "earlier_reasoning": one is not None and "PROBE-R1" in one,
            "parallel_calls": two is not None,
            "nullable_types": nullable is not None,
            "tools": one is not None and "probe_lookup" in one,
        }

    def advice(self) -> list[str]:
        """Options that avoid what this template loses."""
        cap = self.capabilities
        out = []
        if cap["reasoning"] and not cap["earlier_reasoning"]:
            out.append("--per turn (the template drops the reasoning of turns before the last user message)")
        if not cap["parallel_calls"]:
            out.append("--parallel-calls serialize or skip (the template takes one call per assistant message)")
        if not cap["nullable_types"]:
            out.append("the default hf tools (nullable types rewritten; the exact schemas are in tools_exact)")
        return out

    # --- one row ---------------------------------------------------------------------------------

    def check(
        self,
        row: dict[str, Any],
        train_from: int,
        *,
        has_parallel: bool = False,
        tools: list[dict[str, Any]] | None = None,
        expected: dict[str, Any] | None = None,
    ) -> RowCheck:
        """Render ``row`` (an hf row: messages and tools) and report what it lost.

        The text is checked against ``expected`` (the row the exporter built from the canonical
        episode; by default ``row`` itself): pass it when ``row`` was read back through another
        consumer (``datasets``), so that what that consumer changed is seen.

        ``train_from`` is the index (in ``row["messages"]``, system included) of the first trained
        message: spans are computed for trained assistant messages, and reasoning is expected only
        there (history carries none).
        """
        rc = RowCheck(id=str(row.get("id")))
        msgs = row["messages"]
        tools = tools if tools is not None else json.loads(row["tools"]) if isinstance(row.get("tools"), str) else row.get("tools")
        cap = self.capabilities
        try:
            text = self.render(msgs, tools)
        except RecursionError:
            rc.lose("refused: schema it cannot render", "the template recursed without end" + ("" if cap["nullable_types"] else " (it cannot render nullable types)"))
            return rc
        except Exception as e:  # noqa: BLE001 - the template's own refusal
            msg = str(e).splitlines()[0][:160] if str(e) else type(e).__name__
            why = "parallel calls" if has_parallel and not cap["parallel_calls"] else "error"
            rc.lose(f"refused: {why}", msg)
            return rc
        rc.text = text
        want = (expected or row)["messages"]
        if len(want) != len(msgs):
            rc.lose("messages changed", f"expected {len(want)} messages, got {len(msgs)}")
            return rc
        if cap["tools"]:
            for t in tools or ():
                name = (t.get("function") or t).get("name")
                if f'"{name}"' not in text:
                    rc.lose("tool missing", str(name))
        cur = 0
        for i, m in enumerate(want):
            role = m.get("role")
            if role == "system":
                if not _find(text, _text_variants(m.get("content")), 0)[0] >= 0:
                    rc.lose("system prompt changed", "not in the text")
            elif role == "user":
                pos, end = _find(text, _text_variants(m.get("content")), cur)
                if pos < 0:
                    rc.lose("user message changed", f"message {i}")
                else:
                    cur = end
            elif role == "tool":
                c = m.get("content")
                variants = _text_variants(c) + ([json.dumps(c, ensure_ascii=False)] if isinstance(c, str) else [])
                pos, end = _find(text, variants, cur)
                if pos < 0:
                    rc.lose("result changed", f"message {i} ({m.get('name') or m.get('tool_call_id')})")
                else:
                    cur = end
            elif role == "assistant":
                cur = self._assistant(rc, text, msgs, tools, i, cur, trained=i >= train_from, want=m)
        if rc.ok:
            rc.spans = sorted(rc.spans)
        return rc

    def _assistant(
        self, rc: RowCheck, text: str, msgs: list[dict[str, Any]], tools: Any, i: int, cur: int, *, trained: bool, want: dict[str, Any]
    ) -> int:
        m = want
        cap = self.capabilities
        region_start, region_end = cur, len(text)
        found = False
        if trained:
            body = self._generated(msgs, tools, i)
            # It must come before the next user message (synthesized turns can repeat a step
            # word for word) and right after an assistant header.
            limit = _next_user(text, msgs, i, cur)
            pos = text.find(body, cur, limit + len(body)) if body else -1
            header = self.generation_prompt
            if pos >= 0 and header and not text.endswith(header, 0, pos):
                pos = -1
            if pos < 0:
                rc.lose("rendered differently in context", f"message {i} is not rendered in the conversation as when the model generates it")
                region_end = limit
            else:
                region_start, region_end = pos, pos + len(body or "")
                rc.spans.append((region_start, region_end))
                found = True
        region = text[region_start:region_end]
        end = region_start
        reasoning = m.get("reasoning_content")
        if reasoning and trained and cap["reasoning"]:
            p, e = _find(region, _text_variants(reasoning), 0)
            if p < 0:
                rc.lose("reasoning dropped", f"message {i}")
            else:
                end = max(end, region_start + e)
        content = m.get("content")
        if content:
            p, e = _find(region, _text_variants(content), 0)
            if p < 0:
                rc.lose("text beside calls dropped" if m.get("tool_calls") else "answer changed", f"message {i}")
            else:
                end = max(end, region_start + e)
        for c in m.get("tool_calls") or ():
            fn = c.get("function") or c
            name, args = fn.get("name"), fn.get("arguments")
            variants = [args] if isinstance(args, str) else _dumps_variants(args)
            p, e = _find(region, variants, 0)
            if p < 0 or f'"{name}"' not in region and f"{name}(" not in region and f"{name}." not in region:
                rc.lose("call changed", f"message {i}: {name}")
            else:
                end = max(end, region_start + e)
        if found:
            return region_end
        # Not found as generated: its items were looked for in the rest of the text, and the
        # search goes on from where it was (matches are first occurrences, so the position
        # never passes the true one).
        return cur if trained else max(cur, end)

    @cached_property
    def generation_prompt(self) -> str:
        """What ``add_generation_prompt=True`` appends (the assistant header), learnt from a probe."""
        try:
            without = self.render(_PROBE[:2], _PROBE_TOOLS)
            with_ = self.render(_PROBE[:2], _PROBE_TOOLS, add_generation_prompt=True)
        except Exception:  # noqa: BLE001
            return ""
        return with_[len(without) :] if with_.startswith(without) else ""

    def _generated(self, msgs: list[dict[str, Any]], tools: Any, i: int) -> str | None:
        """The text of message ``i`` as the model generates it: what follows the last assistant
        header when ``msgs[: i + 1]`` is rendered (so message ``i`` is the last one)."""
        header = self.generation_prompt
        try:
            full = self.render(msgs[: i + 1], tools)
        except Exception:  # noqa: BLE001
            return None
        if header:
            p = full.rfind(header)
            return full[p + len(header) :] if p >= 0 else None
        try:  # a template without a generation prompt: what message i adds to the render
            prompt = self.render(msgs[:i], tools, add_generation_prompt=True)
        except Exception:  # noqa: BLE001
            return None
        return full[len(prompt) :] if full.startswith(prompt) else None


def _next_user(text: str, msgs: list[dict[str, Any]], i: int, start: int) -> int:
    """Where the next user message's text is, from ``start`` (the end of the text if none)."""
    for m in msgs[i + 1 :]:
        if m.get("role") == "user" and m.get("content"):
            p = _find(text, _text_variants(m["content"]), start)[0]
            return p if p >= 0 else len(text)
    return len(text)


def _text_variants(s: Any) -> list[str]:
    if not isinstance(s, str) or not s:
        return [""] if s in (None, "") else [json.dumps(s, ensure_ascii=False)]
    out = [s]
    if s.strip() != s:
        out.append(s.strip())
    return out


def _find(text: str, variants: list[str], start: int) -> tuple[int, int]:
    """(position, end) of the first variant found at or after ``start``, or (-1, -1)."""
    best = (-1, -1)
    for v in variants:
        p = text.find(v, start)
        if p >= 0 and (best[0] < 0 or p < best[0]):
            best = (p, p + len(v))
    return best


def token_masks(tokenizer: Any, text: str, spans: list[tuple[int, int]] | list[list[int]]) -> dict[str, list[int]]:
    """``input_ids`` and ``assistant_masks`` of a rendered row for a fast tokenizer (1 = assistant token).

    A token is the assistant's when its characters overlap a span (transformers' own rule for
    ``return_assistant_tokens_mask``). The result is what TRL's SFTTrainer takes as an already
    tokenized dataset (``input_ids`` + ``assistant_masks``).
    """
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    masks = [0] * len(enc["input_ids"])
    k = 0
    ordered = sorted((int(a), int(b)) for a, b in spans)
    for t, (a, b) in enumerate(enc["offset_mapping"]):
        while k < len(ordered) and a >= ordered[k][1]:
            k += 1
        if k == len(ordered):
            break
        if b > ordered[k][0]:
            masks[t] = 1
    return {"input_ids": list(enc["input_ids"]), "assistant_masks": masks}


_PROBE_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "probe_lookup",
            "description": "Look something up.",
            "parameters": {"type": "object", "properties": {"q": {"type": "string", "description": "what"}}, "required": ["q"]},
        },
    }
]
_PROBE_TOOLS_NULLABLE = [
    {
        "type": "function",
        "function": {
            "name": "probe_lookup",
            "description": "Look something up.",
            "parameters": {
                "type": "object",
                "properties": {"q": {"type": "string", "description": "what"}, "near": {"type": ["string", "null"], "description": "where"}},
                "required": ["q"],
            },
        },
    }
]


def _call(cid: str, q: str) -> dict[str, Any]:
    return {"id": cid, "type": "function", "function": {"name": "probe_lookup", "arguments": {"q": q}}}


_PROBE: list[dict[str, Any]] = [
    {"role": "system", "content": "PROBE-S"},
    {"role": "user", "content": "PROBE-U1"},
    {"role": "assistant", "content": "PROBE-A1", "reasoning_content": "PROBE-R1"},
    {"role": "user", "content": "PROBE-U2"},
    {"role": "assistant", "content": "", "reasoning_content": "PROBE-R2", "tool_calls": [_call("probeAAA1", "x")]},
    {"role": "tool", "tool_call_id": "probeAAA1", "name": "probe_lookup", "content": "PROBE-T1"},
    {"role": "assistant", "content": "PROBE-A3", "reasoning_content": "PROBE-R3"},
]
_PROBE_PARALLEL: list[dict[str, Any]] = [
    {"role": "user", "content": "PROBE-U1"},
    {"role": "assistant", "content": "", "tool_calls": [_call("probeAAA1", "x"), _call("probeAAA2", "y")]},
    {"role": "tool", "tool_call_id": "probeAAA1", "name": "probe_lookup", "content": "PROBE-T1"},
    {"role": "tool", "tool_call_id": "probeAAA2", "name": "probe_lookup", "content": "PROBE-T2"},
    {"role": "assistant", "content": "PROBE-A3"},
]


# --- a whole run or export, through one template -----------------------------------------------


@dataclass
class TemplateReport:
    """How many rows a template renders as they are, and what the others lose (rows per kind)."""

    template: str
    sha256: str
    options: dict[str, Any] = field(default_factory=dict)
    rows: int = 0
    passed: int = 0
    kinds: Counter = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    capabilities: dict[str, bool] = field(default_factory=dict)
    max_failures: int = 100

    def add(self, rc: RowCheck) -> None:
        self.rows += 1
        if rc.ok:
            self.passed += 1
            return
        for k in rc.kinds:
            self.kinds[k] += 1  # rows, not occurrences
        if len(self.failures) < self.max_failures:
            self.failures.append({"id": rc.id, "losses": rc.losses})

    @property
    def failed(self) -> int:
        return self.rows - self.passed

    def to_dict(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "sha256": self.sha256,
            "options": self.options,
            "rows": self.rows,
            "passed": self.passed,
            "failed": self.failed,
            "rows_by_loss": dict(self.kinds.most_common()),
            "capabilities": self.capabilities,
            "advice": self.advice,
            "failures": self.failures,
        }

    def summary(self) -> str:
        head = f"{self.template}: {self.passed:,} of {self.rows:,} rows render as they are; {self.failed:,} lose something"
        lines = [head]
        for k, n in self.kinds.most_common():
            lines.append(f"  {n:>7,} rows: {k}")
        for f in self.failures[:3]:
            lines.append(f"  e.g. {f['id']}: {'; '.join(f['losses'][:2])}")
        if self.failed and self.advice:
            lines.append("  options that avoid this: " + "; ".join(self.advice))
        return "\n".join(lines)


class TemplateRenderer:
    """Renders hf records through a template as an export runs; writes ``data/<split>.<name>.jsonl``.

    Each rendered row is ``{"id", "text", "assistant_spans"}``: the training text as the template
    renders it and the character spans of the trained assistant messages (``token_masks`` turns
    them into ``assistant_masks`` for a tokenizer). Rows the template cannot hold as they are go
    to the report, not to the file.
    """

    def __init__(self, template: ChatTemplate, options: Any, *, exact_tools: bool = False, write: bool = True):
        import hashlib

        self.template = template
        self.exact_tools = exact_tools
        self.write = write
        self.report = TemplateReport(
            template=template.label,
            sha256=hashlib.sha256(template.source.encode("utf-8")).hexdigest(),
            options={"per": options.per, "parallel_calls": options.parallel_calls, "tools": "exact" if exact_tools else "template"},
            capabilities=template.capabilities,
            advice=template.advice(),
        )
        self._writers: dict[str, Any] = {}
        self.out: Path | None = None

    def file_name(self, split: str) -> str:
        return f"data/{split}.{re.sub(r'[^A-Za-z0-9_.-]', '_', self.template.label)}.jsonl"

    def add(self, split: str, samples: list[Any], records: list[dict[str, Any]]) -> None:
        for s, row in zip(samples, records, strict=False):
            tools = json.loads(row["tools_exact" if self.exact_tools else "tools"])
            train_from = s.train_from + (1 if s.system is not None else 0)
            has_parallel = any(len(m.get("tool_calls") or ()) > 1 for m in s.messages)
            rc = self.template.check(row, train_from, has_parallel=has_parallel, tools=tools)
            self.report.add(rc)
            if self.write and rc.ok and self.out is not None:
                w = self._writers.get(split)
                if w is None:
                    from .jsonl import JsonlWriter

                    w = self._writers[split] = JsonlWriter(self.out / self.file_name(split))
                w.write({"id": row["id"], "text": rc.text, "assistant_spans": [list(sp) for sp in rc.spans]})

    def close(self) -> dict[str, str]:
        files = {}
        for split, w in self._writers.items():
            w.close()
            files[split] = self.file_name(split)
        self._writers.clear()
        return files


def check_run(source: Any, template: ChatTemplate, options: Any, *, exact_tools: bool = False) -> TemplateReport:
    """Render every hf row of ``source`` (a run directory or episodes) through ``template``; nothing is written."""
    from toolgym.runs import records_of

    from .hf import HFFormat
    from .samples import EpisodeError, build_samples

    fmt = HFFormat(options, parquet=False)
    r = TemplateRenderer(template, options, exact_tools=exact_tools, write=False)
    for ep in records_of(source):
        try:
            samples = build_samples(ep, options)
            records = fmt.records(samples)
        except EpisodeError:
            continue
        r.add("train", samples, records)
    return r.report

"""Hugging Face / TRL ``messages`` + ``tools``, as JSONL and Parquet.

Read by TRL's SFT/DPO/KTO trainers, Axolotl's ``chat_template`` strategy and anything that
calls ``tokenizer.apply_chat_template(messages, tools=tools)``. One row per record::

    {"id": "ep00007/0", "episode_id": "ep00007", "env_id": "toolgym/Retail-v0", "variant": "base",
     "difficulty": 0.4, "messages": [
        {"role": "system", "content": "..."},
        {"role": "user", "content": "..."},
        {"role": "assistant", "content": "", "reasoning_content": "...",
         "tool_calls": [{"id": "a1B2c3D4e", "type": "function",
                         "function": {"name": "find_order", "arguments": {"order_no": 1234}}}]},
        {"role": "tool", "tool_call_id": "a1B2c3D4e", "name": "find_order", "content": "{...}"},
        {"role": "assistant", "content": "..."}],
     "tools": "[{\"type\": \"function\", ...}]", "tools_exact": "[...]"}

**JSONL** (``data/<split>.jsonl``): the rows as TRL documents them. Arguments are **objects**
(HF chat templates ``tojson`` them; a string would be double-encoded, formats.md pitfall 1);
an assistant message with calls has ``content: ""`` (templates concatenate it; ``None`` breaks
Qwen3's under transformers 4.x). Read it with ``json.loads`` per line: ``datasets``' JSON loader
decodes nested values with pandas' ujson, which rounds some floats (1.95 -> 1.9500000000000002,
huggingface/datasets#8652), and those digits would be the text a template renders.

**Parquet** (``data/<split>.parquet``, what the card's ``configs`` and ``load_dataset(DIR)``
read): every message is one ``datasets.Json`` value, so a message holds exactly its own keys
(a struct type would give every message every key of every other message as ``None``, and
``message.tool_calls is defined`` would hold for all of them). Since that same ujson decoder
reads ``Json`` values, numbers that must stay exact do not go through it: each call's
``arguments`` is a JSON **string** in the Parquet rows, and :func:`decode_row` turns it back into
the object (``ds.with_transform(decode_batch)`` does it on access; ``map`` would store the
objects back through ``Json``). ``tools`` is a JSON string either way (TRL's SFTTrainer
``json.loads`` it).

``tools`` holds the schemas in the subset chat templates render (nullable types as the non-null
type plus ``"nullable": true``; see :mod:`.schema`); ``tools_exact`` the environment's exact JSON
Schemas, which calls validate against.

Reasoning is ``reasoning_content`` (Qwen3, DeepSeek-R1 and TRL's patched templates read it), or
inline ``<think>`` with ``reasoning_style="think"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolgym.errors import ConfigError
from toolgym.fastjson import dumpb, dumps, dumps_std, loads

from .base import Format
from .openai import tool_openai
from .samples import Sample
from .schema import template_tool
from .view import decode_result, encode_result, join_think, split_think

__all__ = ["HFFormat", "hf_features", "decode_row", "decode_batch"]

_PARQUET_BATCH = 1000


def hf_features() -> Any:
    """The ``datasets.Features`` of an hf export's Parquet files (needs ``datasets`` >= 4.7 for ``Json``)."""
    try:
        import datasets
        from datasets import Features, Value
    except ImportError as e:  # pragma: no cover - exercised without the extra
        raise ConfigError("the hf format's Parquet output needs the 'hf' extra: pip install 'toolgym[hf]'") from e
    Json = getattr(datasets, "Json", None)
    List = getattr(datasets, "List", None)
    if Json is None or List is None:
        raise ConfigError(f"the hf format needs datasets >= 4.7 (the Json feature), got {datasets.__version__}")
    return Features(
        {
            "id": Value("string"),
            "episode_id": Value("string"),
            "env_id": Value("string"),
            "variant": Value("string"),
            "difficulty": Value("float64"),
            "messages": List(Json()),
            "tools": Value("string"),
            "tools_exact": Value("string"),
        }
    )


def decode_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row read from the Parquet files, as the JSONL row: call arguments decoded into objects.

    The only difference between the two is the arguments, kept as JSON text in Parquet so that
    ``datasets`` never parses their numbers (see the module docstring). Changes ``row`` in place
    and returns it. The same few lines, for readers without toolgym::

        for m in row["messages"]:
            for c in m.get("tool_calls") or []:
                if isinstance(c["function"]["arguments"], str):
                    c["function"]["arguments"] = json.loads(c["function"]["arguments"])
    """
    for m in row.get("messages") or ():
        for c in m.get("tool_calls") or ():
            fn = c.get("function") or {}
            if isinstance(fn.get("arguments"), str):
                fn["arguments"] = loads(fn["arguments"])
    return row


def decode_batch(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """:func:`decode_row` for a batch (``Dataset.with_transform(decode_batch)``)."""
    for msgs in batch.get("messages") or ():
        decode_row({"messages": msgs})
    return batch


class _ParquetSink:
    """Streams rows into one Parquet file, a batch at a time, with the HF features in its schema.

    The Arrow arrays are built from our own JSON text (one string per message, arguments as JSON
    strings), so ``datasets`` encodes nothing: what it reads back is what we wrote.
    """

    COLUMNS = ("id", "episode_id", "env_id", "variant", "difficulty", "tools", "tools_exact")

    def __init__(self, path: Path, features: Any):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self._pq = pq
        self.schema = features.arrow_schema
        self.path = path
        self._writer: Any = None
        self._cols: dict[str, list[Any]] = {k: [] for k in self.COLUMNS}
        # Each message's JSON as str: pyarrow converts a list of str to a string array faster, and
        # with less memory, than a list of bytes (which it builds as binary and then casts).
        self._msgs: list[str] = []
        self._offsets: list[int] = [0]

    def add(self, row: dict[str, Any], spelled: list[bytes] | None = None) -> None:
        """Queue a row; ``spelled``: its messages' JSON as the JSONL line has them (reused where equal)."""
        for k in self.COLUMNS:
            self._cols[k].append(row.get(k))
        msgs = self._msgs
        for j, m in enumerate(row["messages"]):
            calls = m.get("tool_calls")
            if calls:  # the one difference from the JSONL row: arguments as JSON text
                m = {
                    **m,
                    "tool_calls": [
                        {**c, "function": {"name": c["function"]["name"], "arguments": dumps(c["function"]["arguments"])}}
                        for c in calls
                    ],
                }
                msgs.append(dumps(m))
            else:
                msgs.append(spelled[j].decode() if spelled is not None else dumps(m))
        self._offsets.append(len(msgs))
        if len(self._offsets) > _PARQUET_BATCH:
            self.flush()

    def flush(self) -> None:
        if len(self._offsets) == 1 and self._writer is not None:
            return
        pa = self._pa
        json_type = self.schema.field("messages").type.value_type
        msgs = pa.ListArray.from_arrays(
            pa.array(self._offsets, type=pa.int32()),
            pa.ExtensionArray.from_storage(json_type, pa.array(self._msgs, type=pa.string())),
        )
        arrays = []
        for f in self.schema:
            if f.name == "messages":
                arrays.append(msgs)
            else:
                arrays.append(pa.array(self._cols[f.name], type=f.type))
        table = pa.Table.from_arrays(arrays, schema=self.schema)
        if self._writer is None:
            self._writer = self._pq.ParquetWriter(self.path, self.schema)
        self._writer.write_table(table)
        self._cols = {k: [] for k in self.COLUMNS}
        self._msgs = []
        self._offsets = [0]

    def close(self) -> None:
        self.flush()  # with no rows: still a valid empty file with the schema
        self._writer.close()


def _tail_exact(text: str) -> bytes:
    return b',"tools_exact":' + dumpb(text)


def _tail_tools(text: str) -> bytes:
    return b',"tools":' + dumpb(text)


class HFFormat(Format):
    name = "hf"
    tail_key = "tools"
    summary = (
        "Hugging Face / TRL conversational rows: `messages` (tool-call `arguments` as objects, reasoning "
        "as `reasoning_content`), `tools` as a JSON string of schemas in the subset chat templates render, "
        "and `tools_exact` with the exact JSON Schemas. JSONL as TRL documents it; Parquet with each message "
        "a `datasets.Json` value (no padding) and each call's `arguments` kept as JSON text, decoded by "
        "`toolgym.exporters.hf.decode_row` (so `datasets` never rounds a number). Pass "
        "`tools=json.loads(row['tools'])` to `apply_chat_template`."
    )

    def __init__(self, options: Any, *, parquet: bool = True):
        super().__init__(options)
        self.parquet = parquet
        self._sinks: dict[str, _ParquetSink] = {}
        self._features: Any = None

    def _tools_json(self, tools: list[dict[str, Any]]) -> str:
        return self.cached("tools", tools, lambda ts: dumps_std([template_tool(tool_openai(t)) for t in ts]))

    def _tools_exact(self, tools: list[dict[str, Any]]) -> str:
        return self.cached("tools_exact", tools, lambda ts: dumps_std([tool_openai(t) for t in ts]))

    def record(self, sample: Sample) -> dict[str, Any]:
        think = self.opts.reasoning_style == "think"
        msgs: list[dict[str, Any]] = []
        if sample.system is not None:
            msgs.append({"role": "system", "content": sample.system})
        for m in sample.messages:
            role = m["role"]
            if role == "assistant":
                d: dict[str, Any] = {"role": "assistant"}
                calls = m.get("tool_calls")
                if think:
                    d["content"] = join_think(m.get("reasoning"), m.get("content"))
                else:
                    d["content"] = m.get("content") or ""
                    if m.get("reasoning"):
                        d["reasoning_content"] = m["reasoning"]
                if calls:
                    d["tool_calls"] = [
                        {"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": c.get("arguments") or {}}}
                        for c in calls
                    ]
                msgs.append(d)
            elif role == "tool":
                d = {"role": "tool", "tool_call_id": m["tool_call_id"], "content": encode_result(m)}
                if m.get("name") is not None:
                    d["name"] = m["name"]
                msgs.append(d)
            else:
                msgs.append({"role": role, "content": m.get("content") or ""})
        ep = sample.episode
        return {
            "id": sample.id,
            "episode_id": ep["id"],
            "env_id": ep.get("env_id"),
            "variant": ep.get("variant", "base"),
            "difficulty": ep.get("difficulty"),
            "messages": msgs,
            "tools_exact": self._tools_exact(sample.tools),
            "tools": self._tools_json(sample.tools),
        }

    def write(self, split: str, records: list[dict[str, Any]], episode: dict[str, Any]) -> None:
        w = self.writer(split)
        sink = None
        if self.parquet:
            sink = self._sinks.get(split)
            if sink is None:
                if self._features is None:
                    self._features = hf_features()
                assert self.out is not None
                sink = self._sinks[split] = _ParquetSink(self.out / "data" / f"{split}.parquet", self._features)
        for r in records:
            spelled = self._line(r)
            if spelled is None:
                w.write(r)
                if sink is not None:
                    sink.add(r)
            else:
                w.write_line(spelled[0])
                if sink is not None:
                    sink.add(r, spelled[1])

    _KEYS = ["id", "episode_id", "env_id", "variant", "difficulty", "messages", "tools_exact", "tools"]

    def _line(self, rec: dict[str, Any]) -> tuple[bytes, list[bytes]] | None:
        """The JSONL line of a row (the bytes ``dumpb(rec)`` gives) and each message's JSON in it.

        Built from parts: each message is serialised once, for the line and for the Parquet row
        (which holds the same JSON for every message without calls), and the two tool columns,
        3-50 KB each and the same for every row of an environment, are escaped once per distinct
        list. None for a row of another shape (written the general way).
        """
        if list(rec) != self._KEYS or type(rec["tools"]) is not str or type(rec["tools_exact"]) is not str:
            return None
        try:
            msgs = [dumpb(m) for m in rec["messages"]]
            head = dumpb({k: rec[k] for k in self._KEYS[:5]})
            exact = self.cached("tools_exact_json", rec["tools_exact"], _tail_exact)
            tools = self.cached("tools_json", rec["tools"], _tail_tools)
        except (TypeError, ValueError):  # what orjson refuses: the general path
            return None
        return b"".join((head[:-1], b',"messages":[', b",".join(msgs), b"]", exact, tools, b"}\n")), msgs

    def close(self) -> dict[str, list[str]]:
        files = super().close()
        assert self.out is not None
        for split, sink in self._sinks.items():
            sink.close()
            files[split].append(str(sink.path.relative_to(self.out)))
        self._sinks.clear()
        return files

    def card_data_files(self, files: dict[str, list[str]]) -> dict[str, list[str]]:
        pq = {s: [f for f in fs if f.endswith(".parquet")] for s, fs in files.items()}
        return pq if all(pq.values()) else files

    # --- reading back -------------------------------------------------------------------------

    def iter_records(self, out: Path, files: list[str]) -> Iterator[tuple[str, Any]]:
        """JSONL rows, each checked against the Parquet row at the same position."""
        jsonl = [f for f in files if f.endswith(".jsonl")]
        parquet = [f for f in files if f.endswith(".parquet")]
        pq_rows = _iter_parquet(out, parquet) if parquet else None
        for where, rec in super().iter_records(out, jsonl):
            if pq_rows is not None:
                prow = next(pq_rows, None)
                if prow is None:
                    yield where, {"__error__": f"the Parquet file has fewer rows than {jsonl[0]}"}
                    pq_rows = None
                    continue
                if decode_row(prow) != rec:
                    yield where, {"__error__": f"Parquet row differs from the JSONL row: {str(prow)[:200]}"}
                    continue
            yield where, rec
        if pq_rows is not None and next(pq_rows, None) is not None:
            yield f"{parquet[0]}:end", {"__error__": "the Parquet file has more rows than the JSONL file"}

    def check(self, record: Any) -> list[str]:
        if isinstance(record, dict) and "__error__" in record:
            return [record["__error__"]]
        errs: list[str] = []
        if not isinstance(record, dict) or not isinstance(record.get("messages"), list):
            return ["expected a row with a 'messages' list"]
        tools = record.get("tools")
        if not isinstance(tools, str):
            errs.append(f"expected 'tools' as a JSON string (TRL json.loads it), got {type(tools).__name__}")
        else:
            try:
                tl = loads(tools)
                if not isinstance(tl, list) or not all(isinstance(t, dict) and t.get("type") == "function" for t in tl):
                    errs.append("'tools' is not a list of {'type': 'function', ...} schemas")
            except ValueError:
                errs.append("'tools' is not valid JSON")
        for i, m in enumerate(record["messages"]):
            role = m.get("role")
            if role not in ("system", "user", "assistant", "tool"):
                errs.append(f"message {i}: unknown role {role!r}")
            for c in m.get("tool_calls") or ():
                args = (c.get("function") or {}).get("arguments")
                if not isinstance(args, dict):
                    errs.append(f"message {i}: expected arguments as an object, got {type(args).__name__} (double-encoded?)")
            if role == "tool" and not isinstance(m.get("content"), str):
                errs.append(f"message {i}: tool content must be a string")
            if role == "assistant" and m.get("reasoning_content") is not None and not isinstance(m["reasoning_content"], str):
                errs.append(f"message {i}: reasoning_content must be a string")
        return errs

    def view(self, record: Any) -> list[dict[str, Any]]:
        think = self.opts.reasoning_style == "think"
        out: list[dict[str, Any]] = []
        for m in record["messages"]:
            role = m["role"]
            if role == "assistant":
                content, reasoning = m.get("content"), m.get("reasoning_content")
                if think:
                    reasoning, content = split_think(content)
                calls = [
                    {"id": c.get("id"), "name": c["function"]["name"], "arguments": c["function"]["arguments"]}
                    for c in m.get("tool_calls") or ()
                ]
                out.append({"role": "assistant", "content": content, "reasoning": reasoning, "calls": calls})
            elif role == "tool":
                value, error = decode_result(m["content"])
                out.append({"role": "tool", "id": m.get("tool_call_id"), "name": m.get("name"), "value": value, "error": error})
            else:
                out.append({"role": role, "content": m.get("content")})
        return out


def _iter_parquet(out: Path, files: list[str]) -> Iterator[dict[str, Any]]:
    """Parquet rows as ``datasets`` decodes them: each message's JSON text through its own ``Json`` decoder."""
    import pyarrow.parquet as pq

    features = hf_features()
    for rel in files:
        pf = pq.ParquetFile(out / rel)
        for batch in pf.iter_batches(batch_size=512):
            for row in batch.to_pylist():
                yield features.decode_example(row)

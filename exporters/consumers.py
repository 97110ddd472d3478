"""Checks of an export through the consumers its formats are named after (not through our readers).

- :func:`openai_row_errors`: a row of the openai format against pydantic models built from the
  ``openai`` SDK's own message and tool param types (``ChatCompletion*MessageParam``,
  ``ChatCompletionFunctionToolParam``), every level with extra keys forbidden, plus the one key
  the fine-tuning guide adds (``weight`` on assistant messages). OpenAI rejects a training file
  with a row that fails this.
- :func:`hf_loaded_rows`: the rows ``datasets.load_dataset(DIR)`` gives for an hf export (the
  folder the card points to), decoded as the card documents.
- :func:`llamafactory_modules`: LLaMA-Factory's own data code (``converter``, ``formatter``,
  ``tool_utils``, ``parser``), imported from an installed ``llamafactory`` without running its
  package ``__init__`` (which imports the trainer stack). Its ``template.py`` (``encode_multiturn``)
  needs ``torchaudio`` at import, which has no release for the CPU torch this project tests with,
  so the sharegpt check stops at the converter and the function/tool formatters.
"""

from __future__ import annotations

import importlib
import sys
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

__all__ = ["openai_row_errors", "hf_loaded_rows", "llamafactory_modules", "llamafactory_row_errors"]


# --- OpenAI chat fine-tuning ----------------------------------------------------------------------


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Required, typing.NotRequired):
        return _unwrap(typing.get_args(tp)[0])
    return tp


def _convert(tp: Any, models: dict[Any, Any]) -> Any:
    """A type with every TypedDict in it replaced by a pydantic model that forbids extra keys."""
    import collections.abc

    tp = _unwrap(tp)
    if typing.is_typeddict(tp):
        return _model(tp, models)
    origin = typing.get_origin(tp)
    if origin is None:
        return tp
    args = tuple(_convert(a, models) for a in typing.get_args(tp))
    if origin in (list, collections.abc.Iterable, typing.Iterable, collections.abc.Sequence):
        return list[args[0]]  # type: ignore[valid-type]
    if origin is typing.Union or str(origin) == "types.UnionType":
        return typing.Union[args]  # noqa: UP007 - built from a runtime tuple
    if origin is Literal:
        return tp
    if origin is dict:
        return dict[args[0], args[1]]  # type: ignore[valid-type]
    return tp


def _model(td: Any, models: dict[Any, Any], extra_fields: dict[str, Any] | None = None) -> Any:
    from pydantic import ConfigDict, create_model

    key = (td, tuple(sorted((extra_fields or {}).items())))
    if key in models:
        return models[key]
    hints = typing.get_type_hints(td, include_extras=True)
    required = set(getattr(td, "__required_keys__", ()))
    fields: dict[str, Any] = {}
    for name, tp in hints.items():
        conv = _convert(tp, models)
        fields[name] = (conv, ...) if name in required else (conv, None)
    for name, tp in (extra_fields or {}).items():
        fields[name] = (tp, None)
    m = create_model(f"Strict{td.__name__}", __config__=ConfigDict(extra="forbid", strict=False), **fields)
    models[key] = m
    return m


@lru_cache(maxsize=1)
def _openai_adapter() -> Any:
    from openai.types.chat import (
        ChatCompletionAssistantMessageParam,
        ChatCompletionFunctionToolParam,
        ChatCompletionSystemMessageParam,
        ChatCompletionToolMessageParam,
        ChatCompletionUserMessageParam,
    )
    from pydantic import ConfigDict, Field, TypeAdapter, create_model

    models: dict[Any, Any] = {}
    messages: Any = typing.Annotated[
        _model(ChatCompletionSystemMessageParam, models) | _model(ChatCompletionUserMessageParam, models) | _model(ChatCompletionAssistantMessageParam, models, {"weight": Literal[0, 1]}) | _model(ChatCompletionToolMessageParam, models),
        Field(discriminator="role"),
    ]
    # held as Any: a model made at run time is no type to a checker (and pydantic's create_model
    # signature differs between releases)
    tools: Any = list[_model(ChatCompletionFunctionToolParam, models)] | None  # type: ignore[misc]
    row = create_model(
        "OpenAIFineTuningRow",
        __config__=ConfigDict(extra="forbid"),
        messages=(list[messages], ...),
        tools=(tools, None),
        parallel_tool_calls=(bool | None, None),
    )
    return TypeAdapter(row)


def openai_row_errors(row: Any) -> list[str]:
    """Why OpenAI's chat fine-tuning schema rejects ``row`` (empty when it takes it)."""
    from pydantic import ValidationError

    try:
        _openai_adapter().validate_python(row)
    except ValidationError as e:
        return [f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()[:5]]
    return []


# --- Hugging Face datasets -------------------------------------------------------------------------


def hf_loaded_rows(out: str | Path, cache_dir: str | Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Rows per split as ``datasets.load_dataset(out)`` gives them, decoded as the card documents."""
    import datasets

    from .hf import decode_row

    ds = datasets.load_dataset(str(out), cache_dir=str(cache_dir) if cache_dir else None)
    return {split: [decode_row(dict(r)) for r in ds[split]] for split in ds}


# --- LLaMA-Factory ---------------------------------------------------------------------------------


def llamafactory_modules() -> dict[str, Any] | None:
    """LLaMA-Factory's data modules from an installed ``llamafactory``, or None when it is not installed."""
    try:
        import importlib.metadata as md

        root = Path(str(md.distribution("llamafactory").locate_file("llamafactory")))
    except Exception:  # noqa: BLE001 - not installed
        return None
    if not (root / "data" / "converter.py").exists():
        return None
    for name, path in (("llamafactory", root), ("llamafactory.data", root / "data"), ("llamafactory.extras", root / "extras")):
        if name not in sys.modules:
            pkg = types.ModuleType(name)
            pkg.__path__ = [str(path)]
            sys.modules[name] = pkg
    mods = {}
    for short in ("data_utils", "tool_utils", "formatter", "converter", "parser"):
        mods[short] = importlib.import_module(f"llamafactory.data.{short}")
    return mods


def llamafactory_row_errors(mods: dict[str, Any], row: dict[str, Any], info_entry: dict[str, Any], tool_format: str = "qwen") -> tuple[list[str], dict[str, Any]]:
    """Run one sharegpt row through LLaMA-Factory's converter and formatters.

    Returns (errors, what LLaMA-Factory made of it: ``messages`` with roles, ``calls`` parsed by
    its FunctionFormatter, ``tools_text`` from its ToolFormatter).
    """
    DatasetAttr = mods["parser"].DatasetAttr
    attr = DatasetAttr(load_from="file", dataset_name=info_entry["file_name"], formatting="sharegpt")
    for k, v in {**info_entry.get("columns", {}), **info_entry.get("tags", {})}.items():
        setattr(attr, k, v)
    conv = mods["converter"].SharegptDatasetConverter(dataset_attr=attr, data_args=types.SimpleNamespace(dataset_dir=".", media_dir=None))
    out = conv(row)
    errs: list[str] = []
    msgs = out["_prompt"] + out["_response"]
    if not msgs:
        errs.append("LLaMA-Factory's converter dropped the row (invalid role tag or message count)")
        return errs, {}
    Role = mods["data_utils"].Role
    fmt_fn = mods["formatter"].FunctionFormatter(slots=["{{content}}"], tool_format=tool_format)
    fmt_tools = mods["formatter"].ToolFormatter(tool_format=tool_format)
    calls = []
    for m in msgs:
        if m["role"] == Role.FUNCTION.value:
            try:
                text = fmt_fn.apply(content=m["content"], thought_words=("<think>\n", "\n</think>\n\n"))[0]
            except Exception as e:  # noqa: BLE001 - LLaMA-Factory's own refusal
                errs.append(f"FunctionFormatter: {e}")
                continue
            parsed = mods["tool_utils"].QwenToolUtils.tool_extractor(text) if tool_format == "qwen" else None
            if isinstance(parsed, str):
                errs.append(f"LLaMA-Factory cannot read back the calls it formatted: {parsed[:80]}")
            elif parsed is not None:
                import json

                calls.append([(fc.name, json.loads(fc.arguments)) for fc in parsed])
    try:
        tools_text = fmt_tools.apply(content=out["_tools"])[0]
    except Exception as e:  # noqa: BLE001
        errs.append(f"ToolFormatter: {e}")
        tools_text = ""
    return errs, {"messages": msgs, "calls": calls, "tools_text": tools_text, "system": out["_system"]}

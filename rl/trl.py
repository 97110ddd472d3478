"""TRL: an ``environment_factory`` class per environment, generated from its tool specs.

TRL's ``GRPOTrainer(environment_factory=...)`` makes one instance per rollout, calls
``reset(**row)`` with the dataset row, exposes every public method as a tool (its schema from the
method's type hints and Google-style docstring, by transformers' ``get_json_schema``) and calls
``method(**arguments)`` for each tool call the model makes, until the model answers in text.

:func:`environment_class` writes that class from the environment's :class:`~toolgym.record.ToolSpec`
objects, not from its methods: each tool becomes a method named like the tool (FileSystem's
``restore`` tool is a method of the generated class, not ``ToolEnv.restore``), whose signature
and docstring make ``get_json_schema`` give back the tool's own schema. What Python type hints
cannot express (an object's properties, e.g. SmartHome ``create_scene``'s list of settings) is
typed ``dict``/``list[dict]`` and its exact JSON Schema is written into the parameter's
description, so the model still sees it. :func:`schema_fidelity` reports, per tool, whether the
rendered schema equals ours.

A call runs in the rollout's :class:`~toolgym.rl.session.Session` (validated, atomic); its
result is returned as JSON text, a failed call raises :class:`ToolCallError` (TRL shows the
model ``{"error": "<message with the environment's hint>"}`` and counts the failure).

The reward: TRL never passes the model's final text answer to the environment, and a turn is
scored on it (``expect_answer``) and on the world. :func:`reward_func` (put it in
``reward_funcs``) hands each rollout's final answer to its environment, which scores the turn
with the same checker as ``toolgym collect``. Rows come from
``toolgym export RUN --format rl --target trl`` (one user turn each: TRL's loop ends at the
model's first text answer).

Example:
    >>> from toolgym.rl.trl import environment_factory, reward_func
    >>> trainer = GRPOTrainer(model=..., train_dataset=load_dataset("json", data_files=rows)["train"],
    ...                       environment_factory=environment_factory(rows), reward_funcs=[reward_func])
"""

from __future__ import annotations

import inspect
import json
import keyword
import re
from collections.abc import Callable, Iterable
from typing import Any, Literal, Optional

from toolgym.errors import ConfigError
from toolgym.record import ToolSpec

from .session import Session

__all__ = ["environment_class", "environment_factory", "reward_func", "schema_fidelity", "ToolCallError", "ToolgymTRLEnv"]

RESERVED = frozenset({"reset", "get_reward"})  # TRL's own names on an environment class
_SIMPLE = {"string": str, "integer": int, "number": float, "boolean": bool}


class ToolCallError(Exception):
    """A tool call the environment refused (TRL shows the model ``{"error": str(e)}``)."""


class ToolgymTRLEnv:
    """Base of the generated classes: one toolgym session per rollout (no public method but ``reset``)."""

    _env_id: str = ""
    _reward_mode: str = "binary"

    def __init__(self) -> None:
        self._session: Session | None = None
        self._answered = False

    def reset(self, **row: Any) -> None:
        """Start the rollout's session from its dataset row (``toolgym`` payload); the row's prompt holds the turn."""
        s = Session.from_row(row, reward=self._reward_mode)
        if s.env.env_id != self._env_id and set(s.env.env_id.split("+")) != set(self._env_id.split("+")):
            raise ConfigError(f"expected a row of {self._env_id}, got one of {s.env.env_id}")
        s.reset()
        self._session = s
        self._answered = False
        return None

    def _call(self, name: str, arguments: dict[str, Any]) -> str:
        s = self._session
        if s is None:
            raise ToolCallError("the environment was not reset")
        if s.done:
            raise ToolCallError(f"the episode is over ({s.termination})")
        result, _ = s.call_tool(name, arguments)
        if result.error is not None:
            raise ToolCallError(result.error)
        return json.dumps(result.content, ensure_ascii=False)

    def _score(self, completion: Any) -> float:
        """Score the rollout: hand the model's final text answer to the session (once)."""
        s = self._session
        if s is None:
            return 0.0
        if not self._answered and not s.done:
            self._answered = True
            last = completion[-1] if isinstance(completion, list) and completion else completion
            text = None
            if isinstance(last, dict) and last.get("role") == "assistant" and not last.get("tool_calls"):
                text = last.get("content")
                if isinstance(text, list):  # content parts
                    text = "".join(p.get("text", "") for p in text if isinstance(p, dict))
            elif isinstance(last, str):
                text = last
            if isinstance(text, str) and text.strip():
                s.step_message({"role": "assistant", "content": text})
        return float(s.episode_reward or 0.0) if s.done else 0.0


def reward_func(completions: list[Any], environments: list[Any] | None = None, **kwargs: Any) -> list[float | None]:
    """TRL reward function: each rollout's turn reward, from its environment's checker."""
    if environments is None:
        raise ConfigError("reward_func needs GRPOTrainer(environment_factory=...) (TRL passes the environments)")
    return [e._score(c) if isinstance(e, ToolgymTRLEnv) else None for c, e in zip(completions, environments)]


# --- generating the class from the specs ------------------------------------------------------------


def _nullable(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    t = schema.get("type")
    if isinstance(t, list) and "null" in t:
        rest = [x for x in t if x != "null"]
        return {**schema, "type": rest[0] if len(rest) == 1 else rest}, True
    any_of = schema.get("anyOf")
    if isinstance(any_of, list) and any(isinstance(a, dict) and a.get("type") == "null" for a in any_of):
        rest = [a for a in any_of if not (isinstance(a, dict) and a.get("type") == "null")]
        if len(rest) == 1:
            return {**{k: v for k, v in schema.items() if k != "anyOf"}, **rest[0]}, True
    return schema, False


def _hint(schema: dict[str, Any]) -> tuple[Any, bool]:
    """A Python type whose ``get_json_schema`` form is ``schema``: ``(type, exact)``."""
    schema, nullable = _nullable(schema)
    t = schema.get("type")
    exact = True
    if "enum" in schema and all(type(v) in (str, int, float, bool) for v in schema["enum"]) and schema["enum"]:
        hint: Any = Literal[tuple(schema["enum"])]  # type: ignore[valid-type]
    elif isinstance(t, str) and t in _SIMPLE:
        hint = _SIMPLE[t]
        exact = set(schema) <= {"type", "description", "title", "default"}
    elif t == "array":
        items = schema.get("items")
        if isinstance(items, dict) and items:
            inner, exact = _hint(items)
            hint = list[inner]  # type: ignore[valid-type]
        else:
            hint = list
        exact = exact and set(schema) <= {"type", "items", "description", "title", "default"}
    elif t == "object":
        hint = dict
        exact = not schema.get("properties") and set(schema) <= {"type", "description", "title", "default"}
    else:
        hint, exact = Any, False
    return (Optional[hint] if nullable else hint), exact  # noqa: UP007 - get_json_schema reads Optional


def _clean(text: str) -> str:
    # one line: Google-style "name: description" lines end at a newline
    return " ".join(str(text).split())


def _tool_method(spec: ToolSpec) -> Callable[..., str]:
    name = spec.name
    params = spec.parameters or {"type": "object", "properties": {}}
    props: dict[str, Any] = params.get("properties") or {}
    required = set(params.get("required") or [])
    sig_params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    annotations: dict[str, Any] = {}
    arg_lines = []
    for pname, pschema in props.items():
        if not pname.isidentifier() or keyword.iskeyword(pname):
            raise ConfigError(f"tool {name!r}: argument {pname!r} is not a Python identifier; TRL needs one per argument")
        hint, exact = _hint(pschema if isinstance(pschema, dict) else {})
        annotations[pname] = hint
        desc = _clean(pschema.get("description") or pname.replace("_", " ")) if isinstance(pschema, dict) else pname
        if isinstance(pschema, dict) and "default" in pschema and pname not in required:
            desc += f" Default: {json.dumps(pschema['default'], ensure_ascii=False)}."
        if not exact:
            exact_schema = {k: v for k, v in pschema.items() if k not in ("description", "title")}
            desc += f" JSON Schema: {json.dumps(exact_schema, ensure_ascii=False, separators=(',', ':'))}"
        desc = desc.replace("(choices:", "(options:")  # get_json_schema would read it as an enum
        arg_lines.append(f"    {pname}: {desc}")
        default = inspect.Parameter.empty if pname in required else None
        sig_params.append(inspect.Parameter(pname, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint))
    doc = _clean(spec.description) or name.replace("_", " ")
    if arg_lines:
        doc += "\n\nArgs:\n" + "\n".join(arg_lines)
    annotations["return"] = str

    def tool(self: ToolgymTRLEnv, **arguments: Any) -> str:
        return self._call(name, arguments)

    tool.__name__ = tool.__qualname__ = name
    tool.__doc__ = doc
    tool.__annotations__ = annotations
    tool.__signature__ = inspect.Signature(sig_params, return_annotation=str)  # type: ignore[attr-defined]
    return tool


def environment_class(env_id: str, *, reward: str = "binary", tools: Iterable[str] | None = None) -> type[ToolgymTRLEnv]:
    """A TRL environment class for ``env_id``, its methods generated from the tool specs.

    Args:
        env_id: a registered environment id (or ``A+B``).
        reward: ``binary`` or ``partial`` turn rewards.
        tools: only these tools (default: every tool the environment has).

    Raises:
        ConfigError: a tool named like TRL's own ``reset``/``get_reward``, or not a Python name.
    """
    from toolgym.envs.registry import make

    env = make(env_id)
    defs = env.all_tooldefs()
    names = list(tools) if tools is not None else list(defs)
    ns: dict[str, Any] = {"_env_id": env_id, "_reward_mode": reward, "__module__": __name__}
    for n in names:
        if n in RESERVED or n.startswith("_") or not n.isidentifier() or keyword.iskeyword(n):
            raise ConfigError(f"tool {n!r} of {env_id} cannot be a TRL environment method (reserved or not a Python name)")
        ns[n] = _tool_method(defs[n].spec)
    cls_name = re.sub(r"[^A-Za-z0-9]", "", env_id.split("/")[-1].replace("+", "_")) + "TRLEnv"
    ns["__doc__"] = f"TRL environment of {env_id} (generated by toolgym.rl.trl from its tool specs)."
    return type(cls_name, (ToolgymTRLEnv,), ns)


def environment_factory(rows_or_ids: Iterable[Any], **kw: Any) -> dict[str, type[ToolgymTRLEnv]]:
    """``{env_id: class}`` for TRL's multi-environment mode (rows carry ``environment``)."""
    ids: list[str] = []
    for x in rows_or_ids:
        eid = x if isinstance(x, str) else x.get("environment")
        if isinstance(eid, str) and eid not in ids:
            ids.append(eid)
    return {eid: environment_class(eid, **kw) for eid in ids}


def schema_fidelity(cls: type[ToolgymTRLEnv]) -> dict[str, bool]:
    """Per tool: does transformers' ``get_json_schema`` of the generated method give our exact schema?"""
    from transformers.utils import get_json_schema

    from toolgym.envs.registry import make

    defs = make(cls._env_id).all_tooldefs()
    out = {}
    for name, fn in inspect.getmembers(cls, predicate=inspect.isfunction):
        if name.startswith("_") or name in RESERVED:
            continue
        got = get_json_schema(fn)["function"]["parameters"]
        want = defs[name].spec.parameters
        out[name] = _same_schema(got, want)
    return out


def _same_schema(got: dict[str, Any], want: dict[str, Any]) -> bool:
    """Equal as a model reads them: types, enums, items, required (descriptions, titles and
    defaults aside: a default is stated in the description, which Python hints cannot carry)."""
    def norm(s: Any) -> Any:
        if isinstance(s, dict):
            s2 = {k: norm(v) for k, v in s.items() if k not in ("description", "title", "additionalProperties", "default")}
            if s2.get("nullable"):
                s2.pop("nullable")
                t = s2.get("type")
                s2["type"] = sorted(set([t] if isinstance(t, str) else t) | {"null"}) if t else t
            elif isinstance(s2.get("type"), list):
                s2["type"] = sorted(s2["type"])
            if "anyOf" in s2 and any(a == {"type": "null"} for a in s2["anyOf"]):
                rest = [a for a in s2.pop("anyOf") if a != {"type": "null"}]
                if len(rest) == 1:
                    s2.update(rest[0])
                    t = s2.get("type")
                    s2["type"] = sorted(set([t] if isinstance(t, str) else t) | {"null"})
            if s2.get("type") == "object" and "properties" in s2:
                s2["required"] = sorted(s2.get("required") or [])  # transformers leaves out an empty list
            return s2
        if isinstance(s, list):
            return [norm(x) for x in s]
        return s

    return norm(got) == norm(want)

"""The ``@tool`` decorator: a tool's JSON Schema and validator, derived from its signature.

Pydantic does the schema work (types, enums as ``Literal``, nested ``TypedDict``s, lists,
optionals) and compiles a strict validator per tool (about half a microsecond a call);
``docstring_parser`` reads the Google-style docstring for the tool and per-parameter
descriptions. Entity annotations (``Annotated[str, Entity("user")]``) are lifted out of the
schema into ``ToolSpec.param_entities`` / ``result_entities``, where the API graph reads them.

Example:
    >>> UserId = Annotated[str, Entity("user")]
    >>> class Chat(ToolEnv):
    ...     @tool(needs="logged_in", writes=True)
    ...     def send_message(self, receiver_id: UserId, text: str) -> dict:
    ...         '''Send a direct message.
    ...
    ...         Args:
    ...             receiver_id: the user who receives it.
    ...             text: the message body.
    ...         '''
"""

from __future__ import annotations

import inspect
import reprlib
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, NotRequired, TypeVar, get_type_hints, overload

import docstring_parser
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, with_config
from pydantic_core import SchemaValidator
from typing_extensions import TypedDict

from toolgym.record import ToolSpec

__all__ = ["tool", "condition", "Entity", "ToolDef", "ToolError", "format_validation_error", "build_dynamic_tooldef"]

_ENTITY_KEY = "x-entity"


class ToolError(Exception):
    """A domain error shown to the model (insufficient funds, no such file...).

    Raise it from a tool for anything the caller got wrong; the call's writes are undone and the
    message is returned as the tool's error observation. Any other exception is a bug and
    surfaces out of ``step``.
    """


@dataclass(frozen=True)
class Entity:
    """Marks a value as an entity of a type, linking tools that produce it to tools that take it.

    ``UserId = Annotated[str, Entity("user")]``: a result field of that type feeds every
    parameter of that type. ``internal=True`` (the default) means only a tool can produce it (an
    id); ``internal=False`` marks a user-knowable value (a username, a city name). ``label``
    names the sibling field a user knows the entity by (``"name"`` for a user id): the query
    writer says "Ann Lee", never "U3f9a1c".
    """

    type: str
    internal: bool = True
    label: str | None = None

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler(core_schema)
        schema = handler.resolve_ref_schema(schema)
        schema[_ENTITY_KEY] = {"type": self.type, "internal": self.internal, "label": self.label}
        return schema


@dataclass
class ToolDef:
    """A tool as the framework runs it: spec, compiled validator, and the function."""

    name: str
    fn: Callable[..., Any]
    spec: ToolSpec
    validator: SchemaValidator
    needs: tuple[str, ...]
    establishes: tuple[str, ...]
    revokes: tuple[str, ...]
    writes: bool
    entities: dict[str, Entity] = field(default_factory=dict)
    intents: tuple[str, ...] = ()
    # How people ask for it and how its result is reported (envs/language.py); set when the
    # class is created: the authored one, else a draft from ``intents`` and the description.
    language: Any = None


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


_F = TypeVar("_F", bound=Callable[..., Any])


@overload
def tool(fn: _F, /) -> _F: ...


@overload
def tool(
    fn: None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    writes: bool = False,
    needs: str | Iterable[str] | None = None,
    establishes: str | Iterable[str] | None = None,
    revokes: str | Iterable[str] | None = None,
    intents: Iterable[str] = (),
) -> Callable[[_F], _F]: ...


def tool(
    fn: _F | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    writes: bool = False,
    needs: str | Iterable[str] | None = None,
    establishes: str | Iterable[str] | None = None,
    revokes: str | Iterable[str] | None = None,
    intents: Iterable[str] = (),
) -> _F | Callable[[_F], _F]:
    """Mark a method of a :class:`~toolgym.envs.ToolEnv` as a tool.

    Args:
        name: the tool's name (default: the method's name).
        description: overrides the docstring's summary.
        writes: the tool may change state (read-only tools never do; the conformance check
            verifies it).
        needs: preconditions that must hold before the call (flags set by ``establishes``, or
            names of ``@condition`` predicates).
        establishes: flags a successful call sets (e.g. ``"logged_in"``).
        revokes: flags a successful call clears (e.g. logout revokes ``"logged_in"``).
        intents: how a user asks for this tool's effect, several phrasings, with ``{param}``
            placeholders for its arguments (``"send {receiver_id} a note saying {text}"``). The
            built-in query writer composes hard queries from them; a placeholder of an internal
            entity is rendered as what the user knows it by (its label), never the raw id.
    """

    # The decorated method is returned as it is (typed as itself: mypy keeps its signature),
    # only marked with the tool's metadata.
    def mark(f: _F) -> _F:
        f.__toolgym_tool__ = {  # type: ignore[attr-defined]
            "name": name or f.__name__,
            "description": description,
            "writes": writes,
            "needs": _as_tuple(needs),
            "establishes": _as_tuple(establishes),
            "revokes": _as_tuple(revokes),
            "intents": tuple(intents),
        }
        return f

    return mark(fn) if fn is not None else mark


def condition(fn: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """Mark a predicate method as a named precondition that ``needs=`` can refer to."""
    fn.__toolgym_condition__ = fn.__name__  # type: ignore[attr-defined]
    return fn


# --- schema derivation -------------------------------------------------------------------------


def _resolve_refs(schema: Any, defs: dict[str, Any], names: bool = False) -> Any:
    """Inline ``$ref``s and drop pydantic's ``title``s: many servers mishandle ``$defs``.

    ``names``: ``schema`` maps property names to schemas (a ``properties`` object), so a
    property called ``title`` is kept; only the ``title`` keyword is dropped.
    """
    if isinstance(schema, dict):
        if names:
            return {k: _resolve_refs(v, defs) for k, v in schema.items()}
        if "$ref" in schema:
            target = defs[schema["$ref"].rsplit("/", 1)[-1]]
            merged = {**_resolve_refs(target, defs), **{k: v for k, v in schema.items() if k != "$ref"}}
            return _resolve_refs(merged, defs)
        return {k: _resolve_refs(v, defs, k == "properties") for k, v in schema.items() if k not in ("title", "$defs")}
    if isinstance(schema, list):
        return [_resolve_refs(v, defs) for v in schema]
    return schema


def _simplify_optional(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, {type: null}]`` becomes X plus ``nullable`` semantics via type list."""
    any_of = schema.get("anyOf")
    if isinstance(any_of, list) and len(any_of) == 2 and {"type": "null"} in any_of:
        other = next(s for s in any_of if s != {"type": "null"})
        if isinstance(other.get("type"), str):
            rest = {k: v for k, v in schema.items() if k != "anyOf"}
            return {**other, **rest, "type": [other["type"], "null"]}
    return schema


def _walk_entities(schema: Any, path: str, out: dict[str, Any]) -> Any:
    """Collect ``x-entity`` marks with their paths (``a.b``, ``[].id``) and strip them."""
    if isinstance(schema, dict):
        schema = _simplify_optional(schema)
        if _ENTITY_KEY in schema:
            out[path] = schema[_ENTITY_KEY]
            schema = {k: v for k, v in schema.items() if k != _ENTITY_KEY}
        new = dict(schema)
        if isinstance(schema.get("properties"), dict):
            new["properties"] = {
                k: _walk_entities(v, f"{path}.{k}" if path else k, out) for k, v in schema["properties"].items()
            }
        if isinstance(schema.get("items"), dict):
            new["items"] = _walk_entities(schema["items"], f"{path}[]", out)
        if isinstance(schema.get("additionalProperties"), dict):
            new["additionalProperties"] = _walk_entities(schema["additionalProperties"], f"{path}{{}}", out)
        for key in ("anyOf", "oneOf", "allOf"):
            if isinstance(schema.get(key), list):
                new[key] = [_walk_entities(s, path, out) for s in schema[key]]
        return new
    return schema


def _clean(schema: dict[str, Any], found: dict[str, Entity]) -> tuple[dict[str, Any], dict[str, str]]:
    """Inline refs, strip entity marks; returns the schema and ``{path: entity type}``."""
    schema = _resolve_refs(schema, schema.get("$defs", {}))
    marks: dict[str, Any] = {}
    schema = _walk_entities(schema, "", marks)
    for m in marks.values():
        found.setdefault(m["type"], Entity(m["type"], m["internal"], m["label"]))
    return schema, {path: m["type"] for path, m in marks.items()}


# Strict types, no unknown arguments, and no NaN/Infinity for any float anywhere in the
# arguments (pydantic applies the config to nested TypedDicts and lists too).
_STRICT_FORBID = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


def build_tooldef(fn: Callable[..., Any], meta: dict[str, Any], owner: type, domain: str | None) -> ToolDef:
    """Derive spec and validator for one decorated method."""
    doc = docstring_parser.parse(inspect.getdoc(fn) or "")
    param_docs = {p.arg_name: (p.description or "").strip() for p in doc.params}
    summary = " ".join(s for s in (doc.short_description, doc.long_description) if s).strip()
    description = meta["description"] or summary
    if not description:
        raise TypeError(f"tool {owner.__name__}.{fn.__name__} needs a docstring: the model reads it")

    hints = get_type_hints(fn, include_extras=True)
    sig = inspect.signature(fn)
    fields: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    for pname, param in list(sig.parameters.items())[1:]:  # skip self
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise TypeError(f"tool {fn.__name__}: *args/**kwargs cannot be described to a model")
        if pname not in hints:
            raise TypeError(f"tool {fn.__name__}: parameter {pname!r} needs a type hint")
        ann: Any = hints[pname]
        desc = param_docs.get(pname, "")
        if desc:
            ann = Annotated[ann, Field(description=desc)]
        if param.default is inspect.Parameter.empty:
            fields[pname] = ann
        else:
            fields[pname] = NotRequired[ann]
            defaults[pname] = param.default

    args_td = TypedDict(f"{meta['name']}_arguments", fields)  # type: ignore[misc]
    adapter = TypeAdapter(with_config(_STRICT_FORBID)(args_td))
    found: dict[str, Entity] = {}
    params_schema, param_entities = _clean(adapter.json_schema(), found)
    params_schema.pop("additionalProperties", None)
    params_schema["additionalProperties"] = False
    params_schema.setdefault("properties", {})
    params_schema.setdefault("required", [])
    for pname, default in defaults.items():
        if default is not None or "null" in _types_of(params_schema["properties"][pname]):
            params_schema["properties"][pname]["default"] = default
    ordered = {"type": "object", "properties": params_schema["properties"], "required": params_schema["required"]}
    ordered["additionalProperties"] = False

    ret = hints.get("return", typing.Any)
    returns_schema: dict[str, Any] | None
    result_entities: dict[str, str] = {}
    if ret in (None, type(None)):
        returns_schema = {"type": "null"}
    elif ret is typing.Any:
        returns_schema = None
    else:
        returns_schema, result_entities = _clean(TypeAdapter(ret).json_schema(), found)
    spec = ToolSpec(
        name=meta["name"],
        description=description,
        parameters=ordered,
        returns=returns_schema,
        writes=meta["writes"],
        needs=list(meta["needs"]),
        establishes=list(meta["establishes"]),
        revokes=list(meta["revokes"]),
        param_entities=param_entities,
        result_entities=result_entities,
        domain=domain,
    )
    return ToolDef(
        name=meta["name"],
        fn=fn,
        spec=spec,
        validator=adapter.validator,  # type: ignore[arg-type]
        needs=meta["needs"],
        establishes=meta["establishes"],
        revokes=meta["revokes"],
        writes=meta["writes"],
        entities=found,
        intents=meta["intents"],
    )


def build_dynamic_tooldef(
    name: str,
    schema: dict[str, Any],
    fn: Callable[..., Any],
    *,
    description: str,
    domain: str | None,
    returns: dict[str, Any] | None = None,
    writes: bool = False,
    needs: str | Iterable[str] | None = None,
    establishes: str | Iterable[str] | None = None,
    revokes: str | Iterable[str] | None = None,
    entities: dict[str, Entity] | None = None,
    result_entities: dict[str, Entity] | None = None,
    intents: Iterable[str] = (),
) -> ToolDef:
    """A tool from data: its parameters' JSON Schema instead of a signature (see ``ToolEnv.add_tool``).

    The schema is cleaned as ``@tool``'s are (``$defs`` refs inlined, ``x-entity`` marks lifted
    into the entity paths), ``entities``/``result_entities`` add marks by path (``"pet_id"``,
    ``"[].id"``), and the validator is compiled from the schema by pydantic-core
    (:func:`toolgym.envs.validation.compile_validator`): strict, finite, unknown arguments refused.
    """
    from toolgym.errors import ToolgymError

    from .validation import compile_validator

    if not isinstance(name, str) or not name:
        raise ToolgymError(f"expected a tool name, got {name!r}")
    if not (description or "").strip():
        raise ToolgymError(f"tool {name}: expected a description (the model reads it), got {description!r}")
    found: dict[str, Entity] = {}
    params, param_entities = _clean(dict(schema), found)
    if params.get("type", "object") != "object":
        raise ToolgymError(f"tool {name}: expected a parameters schema of type object, got type {params.get('type')!r}")
    props = dict(params.get("properties") or {})
    required = [r for r in params.get("required") or [] if r in props]
    ordered = {"type": "object", "properties": props, "required": required, "additionalProperties": False}
    for path, ent in (entities or {}).items():
        head = path.split(".")[0].split("[")[0]
        if head not in props:
            raise ToolgymError(f"tool {name}: entity path {path!r} names no parameter{_suggest(head, props)}")
        found.setdefault(ent.type, ent)
        param_entities[path] = ent.type
    result_ents: dict[str, str] = {}
    returns_schema = None
    if returns is not None:
        returns_schema, result_ents = _clean(dict(returns), found)
    for path, ent in (result_entities or {}).items():
        found.setdefault(ent.type, ent)
        result_ents[path] = ent.type
    try:
        validator = compile_validator(ordered)
    except ValueError as e:
        raise ToolgymError(f"tool {name}: {e}") from None
    meta_needs, meta_est, meta_rev = _as_tuple(needs), _as_tuple(establishes), _as_tuple(revokes)
    spec = ToolSpec(
        name=name,
        description=description.strip(),
        parameters=ordered,
        returns=returns_schema,
        writes=writes,
        needs=list(meta_needs),
        establishes=list(meta_est),
        revokes=list(meta_rev),
        param_entities=param_entities,
        result_entities=result_ents,
        domain=domain,
    )
    return ToolDef(name=name, fn=fn, spec=spec, validator=validator, needs=meta_needs, establishes=meta_est,
                   revokes=meta_rev, writes=writes, entities=found, intents=tuple(intents))


def _suggest(name: str, options: Any) -> str:
    from toolgym.errors import suggest

    return suggest(name, options)


def _types_of(schema: dict[str, Any]) -> list[str]:
    t = schema.get("type")
    return t if isinstance(t, list) else [t] if t else []


_MAX_PROBLEMS = 8  # problems listed per failed call; the rest are counted


def format_validation_error(tool_name: str, exc: ValidationError, schema: dict[str, Any]) -> str:
    """One readable line per problem, in the "expected X, got Y" style.

    What the caller sent is echoed short (``reprlib``: bounded length and nesting), so a huge or
    deeply nested argument gives a small message.
    """
    from toolgym.errors import suggest
    from toolgym.safejson import clip

    props = list(schema.get("properties", {}))
    parts = []
    errors = exc.errors(include_url=False, include_input=True)
    for err in errors[:_MAX_PROBLEMS]:
        loc = clip(".".join(str(p) for p in err["loc"]), 60) or "(arguments)"
        kind = err["type"]
        if kind == "missing":
            parts.append(f"missing required argument {loc!r}")
        elif kind == "extra_forbidden":
            key = str(err["loc"][-1])
            parts.append(f"unexpected argument {loc!r}{suggest(key, props) if len(key) <= 128 else ''}")
        else:
            got = err.get("input")
            parts.append(f"argument {loc!r}: {err['msg'].lower()}, got {type(got).__name__} {_REPR.repr(got)}")
    if len(errors) > _MAX_PROBLEMS:
        parts.append(f"and {len(errors) - _MAX_PROBLEMS} more")
    return f"invalid arguments for {tool_name}: " + "; ".join(parts)


def _short_repr() -> reprlib.Repr:
    r = reprlib.Repr()
    r.maxlevel = 3
    r.maxstring = r.maxother = r.maxlong = 57
    r.maxdict = r.maxlist = r.maxtuple = r.maxset = 4
    return r


_REPR = _short_repr()

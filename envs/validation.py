"""A compiled, strict validator for a tool whose parameters come as a JSON Schema (dynamic tools).

``@tool`` methods get their validator from pydantic, through their type hints. A tool added from
data (:meth:`ToolEnv.add_tool <toolgym.envs.core.ToolEnv.add_tool>`, an imported OpenAPI
operation, a BFCL function document) has only a JSON Schema, so this module translates the
schema into a pydantic-core ``CoreSchema`` and compiles it into a ``SchemaValidator``: the same
engine, the same error format (``format_validation_error``), microseconds a call.

Strictness matches ``@tool``: no coercion (``"3"`` is not an integer, ``1`` is not ``true``),
unknown arguments refused, no NaN or infinity anywhere. An integer stays an integer where the
schema says ``number`` (JSON Schema's ``number`` includes the integers; pydantic's ``float``
would turn ``100`` into ``100.0``).

Keywords translated: ``type`` (also lists, ``null``), ``enum``, ``const``, ``properties``,
``required``, ``additionalProperties``, ``items``, ``minItems``/``maxItems``, ``minLength``/
``maxLength``, ``pattern``, ``minimum``/``maximum``/``exclusiveMinimum``/``exclusiveMaximum``,
``multipleOf``, ``anyOf``/``oneOf`` (a union), ``allOf`` of objects (merged), ``default`` of
top-level parameters (filled in). A subschema using any other validation keyword (``not``,
``if``/``then``, ``uniqueItems``, ``patternProperties``, ``prefixItems``, ``oneOf``'s
exclusivity...) is additionally checked by ``jsonschema`` (Draft 2020-12) after pydantic-core,
so nothing the schema says is silently skipped. ``format`` is an annotation (as in 2020-12).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Literal

from pydantic_core import PydanticCustomError, SchemaValidator
from pydantic_core import core_schema as cs

__all__ = ["compile_validator", "SchemaUnsupported"]

_ANNOTATIONS = frozenset({
    "description", "title", "default", "examples", "example", "format", "deprecated", "readOnly", "writeOnly",
    "$schema", "$id", "$comment", "contentMediaType", "contentEncoding", "nullable", "discriminator", "xml",
    "externalDocs",
})
_TRANSLATED = frozenset({
    "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
    "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "anyOf", "oneOf", "allOf",
})
_MAX_DEPTH = 40


class SchemaUnsupported(ValueError):
    """A parameters schema that cannot describe a tool's arguments (not an object schema...)."""


def compile_validator(schema: Mapping[str, Any]) -> SchemaValidator:
    """A strict validator of a tool's arguments for its parameters' JSON Schema.

    Args:
        schema: an object schema (``{"type": "object", "properties": ...}``), refs inlined.

    Returns:
        a ``SchemaValidator`` whose ``validate_python(arguments)`` returns the arguments with
        top-level defaults filled in, or raises ``pydantic_core.ValidationError``.

    Raises:
        SchemaUnsupported: ``schema`` is not an object schema.
    """
    if not isinstance(schema, Mapping) or _types(schema) - {"object"} or "properties" not in schema and _types(schema) != {"object"}:
        raise SchemaUnsupported(f"expected a parameters schema of type object, got {str(dict(schema) if isinstance(schema, Mapping) else schema)[:80]}")
    return SchemaValidator(_translate(schema, 0, top=True), config=cs.CoreConfig(regex_engine="python-re"))


def _types(s: Mapping[str, Any]) -> set[str]:
    t = s.get("type")
    if isinstance(t, list):
        return set(t)
    return {t} if isinstance(t, str) else set()


def _leftover(s: Mapping[str, Any]) -> bool:
    """Whether ``s`` uses a validation keyword this translation does not express."""
    for k in s:
        if k in _TRANSLATED or k in _ANNOTATIONS or k.startswith("x-"):
            continue
        return True
    if "oneOf" in s:
        return True  # a union accepts a value matching two branches; oneOf does not
    if isinstance(s.get("additionalProperties"), Mapping) and "properties" in s:
        return True
    if isinstance(s.get("items"), list):
        return True
    return False


def _jsonschema_check(s: Mapping[str, Any]) -> Any:
    import jsonschema

    validator = jsonschema.Draft202012Validator(dict(s))

    def check(value: Any) -> Any:
        err = jsonschema.exceptions.best_match(validator.iter_errors(value))
        if err is not None:
            raise PydanticCustomError("json_schema", "{message}", {"message": err.message[:200]})
        return value

    return check


def _translate(s: Any, depth: int, *, top: bool = False) -> cs.CoreSchema:
    if s is True or (isinstance(s, Mapping) and not s):
        return cs.any_schema()
    if s is False:
        return cs.no_info_plain_validator_function(_refuse_all)
    if not isinstance(s, Mapping):
        raise SchemaUnsupported(f"expected a JSON Schema (an object or a boolean), got {type(s).__name__}")
    if depth > _MAX_DEPTH:
        raise SchemaUnsupported(f"schema nested more than {_MAX_DEPTH} levels deep (a recursive $ref?)")
    inner = _core(s, depth, top)
    if _leftover(s):
        inner = cs.no_info_after_validator_function(_jsonschema_check(s), inner)
    return inner


def _refuse_all(value: Any) -> Any:
    raise PydanticCustomError("json_schema", "no value is allowed here")


def _core(s: Mapping[str, Any], depth: int, top: bool) -> cs.CoreSchema:
    if "const" in s:
        return cs.literal_schema([s["const"]]) if _literal_ok(s["const"]) else _checked(s)
    if "enum" in s:
        vals = list(s["enum"])
        if all(_literal_ok(v) for v in vals) and vals:
            return cs.literal_schema(vals)
        return _checked(s)
    alts = [a for key in ("anyOf", "oneOf") for a in (s.get(key) or ())]
    if "allOf" in s:
        merged = merge_all_of(s)
        if merged is not None:
            return _core(merged, depth, top)
        return _checked(s)
    if alts:
        base = {k: v for k, v in s.items() if k not in ("anyOf", "oneOf")}
        choices = [_translate({**base, **a} if isinstance(a, Mapping) and _types(base) and not _types(a) else a, depth + 1) for a in alts]
        return cs.union_schema([(c, f"option {i + 1}") for i, c in enumerate(choices)]) if len(choices) > 1 else choices[0]
    types = _types(s)
    if not types:
        if "properties" in s or "required" in s or "additionalProperties" in s:
            types = {"object"}
        elif "items" in s:
            types = {"array"}
        else:
            return cs.any_schema()
    branches = [_typed(t, s, depth, top) for t in sorted(types)]
    return branches[0] if len(branches) == 1 else cs.union_schema([(b, t) for b, t in zip(branches, sorted(types), strict=False)])


def _literal_ok(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, bool))


def _checked(s: Mapping[str, Any]) -> cs.CoreSchema:
    return cs.no_info_after_validator_function(_jsonschema_check(s), cs.any_schema())


def merge_all_of(s: Mapping[str, Any], *, lenient: bool = False) -> dict[str, Any] | None:
    """``allOf`` of object schemas as one object schema (None when they do not merge plainly).

    ``lenient`` (what real OpenAPI documents need): a property two parts both define keeps the
    first definition, titles and descriptions keep the first, and properties make the merge an
    object; strict (validation): a property defined two different ways does not merge.
    """
    out: dict[str, Any] = {k: v for k, v in s.items() if k != "allOf"}
    props: dict[str, Any] = dict(out.get("properties") or {})
    req: list[str] = list(out.get("required") or [])
    for part in s.get("allOf") or ():
        if not isinstance(part, Mapping):
            return None
        if "allOf" in part:
            part = merge_all_of(part, lenient=lenient)
            if part is None:
                return None
        for k, v in part.items():
            if k == "properties" and (isinstance(v, Mapping) or not lenient):
                for p, ps in v.items():
                    if lenient:
                        props.setdefault(p, ps)
                        continue
                    if p in props and props[p] != ps:
                        return None
                    props[p] = ps
            elif k == "required" and (isinstance(v, list) or not lenient):
                req += [r for r in v if r not in req]
            elif lenient and k in ("title", "description"):
                out.setdefault(k, v)
            elif k == "type":
                if out.get("type", v) != v:
                    return None
                out["type"] = v
            elif k in out and out[k] != v:
                return None
            else:
                out[k] = v
    if props:
        out["properties"] = props
        if lenient:
            out.setdefault("type", "object")
    if req:
        out["required"] = req
    return out


def _typed(t: str, s: Mapping[str, Any], depth: int, top: bool) -> cs.CoreSchema:
    if t == "string":
        return cs.str_schema(strict=True, min_length=s.get("minLength"), max_length=s.get("maxLength"), pattern=s.get("pattern"))
    if t == "integer":
        return cs.int_schema(strict=True, **_bounds(s, int))
    if t == "number":
        # an integer stays an integer (JSON Schema's number includes them); floats are finite
        return cs.no_info_plain_validator_function(_number_check(_bounds(s, float)))
    if t == "boolean":
        return cs.bool_schema(strict=True)
    if t == "null":
        return cs.none_schema()
    if t == "array":
        items = s.get("items")
        item = _translate(items, depth + 1) if isinstance(items, Mapping) else cs.any_schema()
        return cs.list_schema(item, min_length=s.get("minItems"), max_length=s.get("maxItems"), strict=True)
    if t == "object":
        return _object(s, depth, top)
    raise SchemaUnsupported(f"unknown JSON Schema type {t!r}")


_OPS = {"ge": (">=", lambda v, b: v >= b), "gt": (">", lambda v, b: v > b), "le": ("<=", lambda v, b: v <= b),
        "lt": ("<", lambda v, b: v < b)}


def _number_check(bounds: dict[str, Any]) -> Any:
    import math

    def check(v: Any) -> Any:
        if type(v) not in (int, float):
            raise PydanticCustomError("number_type", "input should be a number")
        if type(v) is float and not math.isfinite(v):
            raise PydanticCustomError("finite_number", "input should be a finite number")
        for op, b in bounds.items():
            if op == "multiple_of":
                if b and abs(v / b - round(v / b)) > 1e-9:
                    raise PydanticCustomError("multiple_of", "input should be a multiple of {b}", {"b": b})
                continue
            word, ok = _OPS[op]
            if not ok(v, b):
                raise PydanticCustomError("number_bound", "input should be {op} {b}", {"op": word, "b": b})
        return v

    return check


def _bounds(s: Mapping[str, Any], kind: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, name in (("minimum", "ge"), ("maximum", "le"), ("multipleOf", "multiple_of")):
        v = s.get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[name] = v
    for key, name in (("exclusiveMinimum", "gt"), ("exclusiveMaximum", "lt")):
        v = s.get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[name] = v
    if kind is int:
        # an int schema takes integer bounds; a fractional bound of an integer is rounded inward
        import math

        for name in ("ge", "gt"):
            if name in out and not float(out[name]).is_integer():
                out["ge"] = math.ceil(out.pop(name))
        for name in ("le", "lt"):
            if name in out and not float(out[name]).is_integer():
                out["le"] = math.floor(out.pop(name))
        out = {k: int(v) if k != "multiple_of" or float(v).is_integer() else v for k, v in out.items()}
        if "multiple_of" in out and not isinstance(out["multiple_of"], int):
            out.pop("multiple_of")  # checked by jsonschema (see _leftover): never here
    return out


def _object(s: Mapping[str, Any], depth: int, top: bool) -> cs.CoreSchema:
    props = s.get("properties") or {}
    required = set(s.get("required") or ())
    extra = s.get("additionalProperties", True if not top else False)
    if not props and isinstance(extra, Mapping):
        return cs.dict_schema(cs.str_schema(), _translate(extra, depth + 1), strict=True)
    fields: dict[str, cs.TypedDictField] = {}
    for name, ps in props.items():
        sub = _translate(ps, depth + 1)
        if top and name not in required and isinstance(ps, Mapping) and "default" in ps:
            sub = cs.with_default_schema(sub, default_factory=_default_factory(ps["default"]))
        fields[name] = cs.typed_dict_field(sub, required=name in required)
    for name in required - set(props):
        fields[name] = cs.typed_dict_field(cs.any_schema(), required=True)
    behavior: Literal["forbid", "allow"] = "forbid" if extra is False or (top and extra is not True) else "allow"
    return cs.typed_dict_schema(fields, extra_behavior=behavior, strict=True)


def _default_factory(value: Any) -> Any:
    frozen = copy.deepcopy(value)
    return lambda: copy.deepcopy(frozen)

"""Tool schemas in the JSON Schema subset that chat templates render.

Environments describe parameters in JSON Schema draft 2020-12, where an optional value that may
be null is ``{"type": ["string", "null"]}``. Chat templates read these schemas with Jinja, and not
all of them take a list of types: the Hermes template vLLM ships
(``examples/tool_chat_template_hermes.jinja``) maps each ``type`` to a Python type name and, given
a list, recurses on each member; ``"null"`` is no name it knows, and a string is itself iterable,
so it recurses without end (RecursionError on every row with a nullable parameter).

:func:`template_schema` rewrites a schema into the subset every template we ship renders:

- ``"type": [T, "null"]`` becomes ``"type": T`` plus ``"nullable": true`` (OpenAPI 3.0's spelling,
  which JSON Schema validators ignore). A nullable parameter is optional in every toolgym
  environment, so "absent" and "null" mean the same call; a parameter that is both required
  and nullable stays required (the ``nullable`` flag says null is allowed).
- ``"type": [T1, T2, ...]`` (several non-null types) becomes ``"anyOf": [{"type": T1}, ...]``.
- ``"anyOf": [S, {"type": "null"}]`` becomes ``S`` plus ``"nullable": true``.

Everything else (descriptions, enums, defaults, bounds, nested objects and arrays) is kept as it
is. The exact schema is kept beside it (hf rows: ``tools_exact``), since calls are validated
against it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["template_schema", "template_tool", "needs_rewrite"]

# Keywords whose value is a schema, a list of schemas, or a map of name -> schema.
_ONE = ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames")
_MANY = ("anyOf", "oneOf", "allOf", "prefixItems")
_MAP = ("properties", "$defs", "definitions", "patternProperties")


def needs_rewrite(schema: Any) -> bool:
    """Whether :func:`template_schema` would change ``schema`` (a fast check for the common case)."""
    if isinstance(schema, dict):
        t = schema.get("type")
        if isinstance(t, list):
            return True
        alts = schema.get("anyOf")
        if isinstance(alts, list) and any(isinstance(a, dict) and a.get("type") == "null" for a in alts):
            return True
        return any(needs_rewrite(v) for v in schema.values() if isinstance(v, (dict, list)))
    if isinstance(schema, list):
        return any(needs_rewrite(v) for v in schema)
    return False


def template_schema(schema: Any) -> Any:
    """``schema`` in the subset chat templates render (see the module docstring); a new object."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    nullable = False
    for k, v in schema.items():
        if k == "type" and isinstance(v, list):
            types = [t for t in v if t != "null"]
            nullable = len(types) < len(v)
            if len(types) == 1:
                out["type"] = types[0]
            elif types:
                out["anyOf"] = [{"type": t} for t in types]
            # a list of only "null" stays as the single type "null"
            else:
                out["type"] = "null"
        elif k == "anyOf" and isinstance(v, list) and any(isinstance(a, dict) and a.get("type") == "null" and len(a) == 1 for a in v):
            rest = [template_schema(a) for a in v if not (isinstance(a, dict) and a.get("type") == "null" and len(a) == 1)]
            nullable = True
            if len(rest) == 1 and isinstance(rest[0], dict):
                for rk, rv in rest[0].items():
                    out.setdefault(rk, rv)
            else:
                out["anyOf"] = rest
        elif k in _ONE:
            out[k] = template_schema(v)
        elif k in _MANY and isinstance(v, list):
            out[k] = [template_schema(a) for a in v]
        elif k in _MAP and isinstance(v, dict):
            out[k] = {name: template_schema(s) for name, s in v.items()}
        else:
            out[k] = v
    if nullable:
        out["nullable"] = True
    return out


def template_tool(tool: dict[str, Any]) -> dict[str, Any]:
    """An OpenAI-style ``{"type": "function", "function": {...}}`` tool with its parameters rewritten."""
    fn = tool["function"]
    params = fn.get("parameters")
    if not needs_rewrite(params):
        return tool
    return {**tool, "function": {**fn, "parameters": template_schema(params)}}

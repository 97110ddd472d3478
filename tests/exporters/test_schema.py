"""The JSON Schema subset chat templates render: what template_schema rewrites, and what it keeps."""

from __future__ import annotations

import copy

from toolgym.exporters.schema import needs_rewrite, template_schema, template_tool


def test_nullable_types_become_the_type_plus_nullable_everywhere():
    schema = {
        "type": "object",
        "properties": {
            "where": {"type": ["string", "null"], "description": "d", "default": None},
            "extra": {"type": ["object", "null"], "additionalProperties": {"type": ["number", "null"]}},
            "items": {"type": "array", "items": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]}},
            "either": {"type": ["string", "integer"]},
            "base": {"anyOf": [{"type": "number"}, {"const": "e", "type": "string"}]},
        },
        "required": ["where"],
    }
    before = copy.deepcopy(schema)
    out = template_schema(schema)
    assert schema == before  # a new object; the exact schema is untouched
    p = out["properties"]
    assert p["where"] == {"type": "string", "description": "d", "default": None, "nullable": True}
    assert p["extra"] == {"type": "object", "additionalProperties": {"type": "number", "nullable": True}, "nullable": True}
    assert p["items"]["items"] == {"type": "integer", "minimum": 0, "nullable": True}
    assert p["either"] == {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    assert p["base"] == schema["properties"]["base"]  # no null in it: kept as is
    assert out["required"] == ["where"]  # required and nullable stays required
    assert not needs_rewrite(out)


def test_tools_without_unions_are_returned_as_they_are():
    tool = {"type": "function", "function": {"name": "f", "description": "", "parameters": {"type": "object", "properties": {"a": {"type": "string"}}}}}
    assert template_tool(tool) is tool
    nullable = {"type": "function", "function": {**tool["function"], "parameters": {"type": "object", "properties": {"a": {"type": ["string", "null"]}}}}}
    assert template_tool(nullable)["function"]["parameters"]["properties"]["a"] == {"type": "string", "nullable": True}

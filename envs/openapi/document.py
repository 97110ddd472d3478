"""Reading an OpenAPI document: YAML or JSON, ``$ref``s resolved (local and relative files), its
schemas as JSON Schema 2020-12.

OpenAPI 3.0 and 3.1 are read; Swagger 2.0 is refused with a message that says how to convert it.
Every problem names where it is (``paths./pets.get.responses``), so one clear error is enough to
fix a broken document.

References are resolved lazily and memoised: a document of hundreds of operations whose schemas
share components costs each component once. A recursive schema (a category whose ``parent`` is a
category) is cut where it recurs, into an object described as such: a tool schema must be finite.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from toolgym.envs.validation import merge_all_of as _merge_all_of
from toolgym.errors import ToolgymError

__all__ = ["OpenApiError", "Document", "load_document", "METHODS"]

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_DROP = frozenset({"discriminator", "xml", "externalDocs", "example", "nullable", "$schema", "$id", "$anchor", "$comment",
                   "$defs", "definitions", "exclusiveMinimum", "exclusiveMaximum", "x-nullable"})
_MAX_REF_DEPTH = 12  # nested references inlined into one schema before it is cut


class OpenApiError(ToolgymError, ValueError):
    """A document that cannot be imported; the message names where the problem is."""


def _load_bytes(data: bytes, where: str) -> Any:
    text = data.decode("utf-8-sig", errors="strict") if data else ""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise OpenApiError(f"{where}: not valid JSON at line {e.lineno} column {e.colno}: {e.msg}") from None
    import yaml  # only YAML documents need it (the bare name here was a NameError on bad YAML)

    try:
        return _yaml_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        raise OpenApiError(f"{where}: not valid YAML{at}: {getattr(e, 'problem', None) or e}") from None


_LOADER: Any = None


def _yaml_load(text: str) -> Any:
    """YAML as JSON data, read as YAML 1.2: dates and times stay the strings they are
    (``2020-01-01`` in an example is a string in JSON; PyYAML would make a ``date``), and only
    ``true``/``false`` are booleans."""
    global _LOADER
    import yaml

    if _LOADER is None:
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class _Loader(base):  # type: ignore[misc, valid-type]
            pass

        # YAML 1.2's booleans only (OpenAPI says YAML 1.2): an enum's `off`, `no` or `on` stays a
        # string, where PyYAML (YAML 1.1) would make it False or True
        _Loader.yaml_implicit_resolvers = {
            k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
            for k, v in base.yaml_implicit_resolvers.items()
        }
        for first in "tTfF":
            _Loader.yaml_implicit_resolvers.setdefault(first, []).insert(
                0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))
        _LOADER = _Loader
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader: plain data only


@dataclass
class Document:
    """A loaded OpenAPI document.

    Attributes:
        root: the document's top-level mapping.
        version: ``"3.0"`` or ``"3.1"``.
        sha256: the sha256 of the file's bytes (of its canonical JSON when given as a dict).
        path: the file it was read from (None for a dict).
        files: every file read, the document and the ones its ``$ref``s name (relative paths).
    """

    root: dict[str, Any]
    version: str
    sha256: str
    path: str | None = None
    files: dict[str, Any] = field(default_factory=dict)
    _memo: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    @property
    def title(self) -> str:
        info = self.root.get("info")
        return str((info.get("title") if isinstance(info, Mapping) else None) or "API")

    @property
    def description(self) -> str:
        info = self.root.get("info")
        return str((info.get("description") if isinstance(info, Mapping) else None) or "")

    # --- references --------------------------------------------------------------------------

    def _file(self, name: str, where: str) -> Any:
        if name not in self.files:
            if self.path is None:
                raise OpenApiError(f"{where}: $ref to the file {name!r}, but the document was given as data; pass its path")
            full = os.path.normpath(os.path.join(os.path.dirname(self.path), name))
            try:
                with open(full, "rb") as f:
                    raw = f.read()
            except OSError as e:
                raise OpenApiError(f"{where}: $ref to {name!r}, which cannot be read ({e.strerror})") from None
            self.files[name] = _load_bytes(raw, name)
        return self.files[name]

    def deref(self, node: Any, ctx: str, where: str, depth: int = 0) -> tuple[Any, str]:
        """``node`` with its ``$ref`` followed (repeatedly): ``(target, file it lives in)``.

        ``ctx`` is the file ``node`` was read from ("" for the document). Siblings of a ``$ref``
        (a description) override the target's.
        """
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            if depth > 50:
                raise OpenApiError(f"{where}: $ref chain longer than 50 (a reference to itself?)")
            ref = node["$ref"]
            target, ctx = self._resolve(ref, ctx, where)
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **siblings} if siblings and isinstance(target, Mapping) else target
            depth += 1
        return node, ctx

    def _resolve(self, ref: str, ctx: str, where: str) -> tuple[Any, str]:
        file_part, _, pointer = ref.partition("#")
        if file_part:
            name = os.path.normpath(os.path.join(os.path.dirname(ctx), file_part)) if ctx else os.path.normpath(file_part)
            base = self._file(name, where)
            ctx = name
        else:
            base = self.files[ctx] if ctx else self.root
        node = base
        if pointer:
            for raw in pointer.lstrip("/").split("/"):
                seg = unquote(raw).replace("~1", "/").replace("~0", "~")
                if isinstance(node, Mapping) and seg in node:
                    node = node[seg]
                elif isinstance(node, list) and seg.isdigit() and int(seg) < len(node):
                    node = node[int(seg)]
                else:
                    raise OpenApiError(f"{where}: $ref {ref!r} points nowhere (no {seg!r} there)")
        return node, ctx

    # --- schemas ---------------------------------------------------------------------------------

    def schema(self, node: Any, ctx: str, where: str) -> dict[str, Any]:
        """The JSON Schema 2020-12 of an OpenAPI schema object, every ``$ref`` inlined."""
        return self._schema(node, ctx, where, (), 0)

    def _schema(self, node: Any, ctx: str, where: str, stack: tuple[str, ...], depth: int) -> Any:
        if isinstance(node, bool):
            return {} if node else {"not": {}}
        if not isinstance(node, Mapping):
            raise OpenApiError(f"{where}: expected a schema object, got {type(node).__name__}")
        ref = node.get("$ref") if isinstance(node.get("$ref"), str) else None
        key = None
        if ref is not None:
            target, tctx = self._resolve(ref, ctx, where)
            key = f"{tctx}#{ref.partition('#')[2]}"
            name = ref.rsplit("/", 1)[-1]
            if key in stack or depth > _MAX_REF_DEPTH:
                return {"type": "object", "description": f"a {name} (nested; its fields as the {name} schema says)"}
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            memo_key = (key, json.dumps(siblings, sort_keys=True, default=str)) if siblings else (key, "")
            got = self._memo.get(memo_key)
            if got is not None:
                return got
            merged = {**target, **siblings} if isinstance(target, Mapping) else target
            got = self._schema(merged, tctx, where, (*stack, key), depth + 1)
            if isinstance(got, dict) and "title" not in got and not name.isdigit():
                got = {"title": name, **got} if isinstance(target, Mapping) and "properties" in target else got
            self._memo[memo_key] = got
            return got
        out: dict[str, Any] = {}
        for k, v in node.items():
            if k in _DROP or (isinstance(k, str) and k.startswith("x-")):
                continue
            if k == "properties" and isinstance(v, Mapping):
                pctx = ctx
                if isinstance(v.get("$ref"), str):  # a $ref to a whole properties map (JSON Reference style)
                    v, pctx = self.deref(v, ctx, f"{where}.properties")
                    if not isinstance(v, Mapping):
                        raise OpenApiError(f"{where}.properties: expected a mapping of properties, got {type(v).__name__}")
                out[k] = {str(p): self._schema(ps, pctx, f"{where}.properties.{p}", stack, depth) for p, ps in v.items()}
            elif k in ("items", "additionalProperties", "not", "contains", "propertyNames", "unevaluatedProperties",
                       "unevaluatedItems", "if", "then", "else") and isinstance(v, (Mapping, bool)):
                out[k] = self._schema(v, ctx, f"{where}.{k}", stack, depth) if isinstance(v, Mapping) else v
            elif k in ("allOf", "anyOf", "oneOf", "prefixItems") and isinstance(v, list):
                out[k] = [self._schema(s, ctx, f"{where}.{k}[{i}]", stack, depth) for i, s in enumerate(v)]
            elif k == "type":
                out[k] = "string" if v == "file" else v
            else:
                out[k] = v
        # OpenAPI 3.0 forms in JSON Schema terms
        if node.get("nullable") is True or node.get("x-nullable") is True:
            t = out.get("type")
            if isinstance(t, str):
                out["type"] = [t, "null"]
            elif "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        for k, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            v = node.get(k)
            if v is True and bound in out:
                out[k] = out.pop(bound)
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                out[k] = v
        if "example" in node and "examples" not in out:
            out["examples"] = [node["example"]]
        elif "examples" in out and not isinstance(out["examples"], list):
            out["examples"] = list(out["examples"].values()) if isinstance(out["examples"], Mapping) else [out["examples"]]
        if "allOf" in out:
            merged = merge_all_of(out)
            if merged is not None:
                out = merged
        return out


def merge_all_of(s: Mapping[str, Any]) -> dict[str, Any] | None:
    """``allOf`` of object schemas merged into one (None when the parts conflict)."""
    return _merge_all_of(s, lenient=True)


def _str_keys(v: Any) -> Any:
    if isinstance(v, Mapping):
        return {str(k): _str_keys(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_str_keys(x) for x in v]
    return v


def load_document(source: Any) -> Document:
    """Read an OpenAPI 3.0/3.1 document from a path (YAML or JSON) or a dict.

    Raises:
        OpenApiError: unreadable, not YAML/JSON, Swagger 2.0, or no ``paths``; the message
            names the file and the place.
    """
    if isinstance(source, Mapping):
        root = dict(source)
        raw = json.dumps(_str_keys(root), sort_keys=True, separators=(",", ":"), default=str).encode()
        path = None
    else:
        path = os.fspath(source)
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            raise OpenApiError(f"cannot read the document {path!r}: {e.strerror}") from None
        root = _load_bytes(raw, path)
    where = path or "the document"
    if not isinstance(root, Mapping):
        raise OpenApiError(f"{where}: expected a mapping at the top (openapi, info, paths), got {type(root).__name__}")
    if "swagger" in root:
        raise OpenApiError(
            f"{where}: this is Swagger {root.get('swagger')} (OpenAPI 2); toolgym imports OpenAPI 3.0 and 3.1. "
            "Convert it first (swagger2openapi, or the Swagger Editor's 'Convert to OpenAPI 3') and import the result"
        )
    version = str(root.get("openapi", ""))
    m = re.match(r"^3\.(0|1)(\.\d+)?", version)
    if not m:
        raise OpenApiError(f"{where}: openapi: expected a version 3.0.x or 3.1.x, got {root.get('openapi')!r}")
    paths = root.get("paths")
    if not isinstance(paths, Mapping) or not paths:
        raise OpenApiError(f"{where}: paths: expected a mapping of paths to operations, got "
                           f"{'nothing' if paths is None else type(paths).__name__ if not isinstance(paths, Mapping) else 'an empty mapping'}")
    for p, item in paths.items():
        if not isinstance(p, str) or not p.startswith("/"):
            raise OpenApiError(f"{where}: paths.{p}: expected a path starting with '/', got {p!r}")
        if not isinstance(item, Mapping):
            raise OpenApiError(f"{where}: paths.{p}: expected a path item (a mapping of methods), got {type(item).__name__}")
    return Document(root=dict(root), version=f"3.{m[1]}", sha256=hashlib.sha256(raw).hexdigest(), path=path)

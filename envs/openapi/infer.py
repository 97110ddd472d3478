"""What an OpenAPI document means as a stateful simulation: resources, and what each operation does.

Inferred, each with a confidence and a reason (``toolgym import openapi`` prints them):

* **resources**: a path ending in a template (``/pet/{petId}``) is an item of the collection
  before it (``/pet``); a collection with a create and a list is one too. The resource is named
  after the collection's last literal segment, singular (``pet``, ``order``, ``droplet``); its
  schema is the item read's response (unwrapped from ``{"droplet": {...}}``/``{"data": ...}``),
  else the create's body; its key is the field the item path names (``petId`` -> ``id``,
  ``username`` -> ``username``, ``{id}`` -> ``id``).
* **operations**: GET on a collection (or a literal beneath it, ``/pet/findByStatus``) returning
  its items lists it; GET/PUT/PATCH/DELETE on an item read/update/delete it; POST on a
  collection creates; POST on an item updates it (Stripe's style); POST on a literal beneath an
  item is an action on it (``/containers/{id}/start``); ``.../login`` and ``.../logout`` open and
  close the session. Anything else is simulated as an accepted request (logged in the world,
  answered from its response schema), with low confidence.
* **ids and entities**: a path id is an entity of the resource whose item path it names; a
  field named after another resource's key (``petId`` in an order) is that resource's entity,
  so the API graph has data edges from the tools that reveal pets to the ones that take them.
* **security**: operations whose security requirement is not empty need the session; the
  document's login operation opens it, else a synthesized ``authenticate`` tool.

Overrides (``x-toolgym`` on an operation, or an overrides file) set any of ``kind``,
``resource``, ``name``, ``key``, ``verb``, ``skip`` for what the heuristics get wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .document import METHODS, Document, OpenApiError, merge_all_of

__all__ = ["Param", "Resource", "Operation", "Plan", "infer", "KINDS"]

KINDS = ("list", "read", "create", "update", "delete", "action", "login", "logout", "request", "bulk_create")
_LOGIN = re.compile(r"^(login|log-in|log_in|signin|sign-in|sign_in|authenticate|auth|token|session|sessions)$", re.I)
_LOGOUT = re.compile(r"^(logout|log-out|log_out|signout|sign-out|sign_out)$", re.I)
_ID_PARAM = re.compile(r"(^id$|_id$|Id$|_uuid$|_identifier$|^uuid$|_key$|_ref$|^ref$|_number$|_code$)")
_LABELS = ("name", "title", "username", "display_name", "displayName", "full_name", "label", "email", "slug", "subject",
           "description")
_JSON = re.compile(r"^application/(.+\+)?json|^\*/\*$|^application/x-www-form-urlencoded$|^multipart/form-data$")
_PAGING = frozenset({"limit", "page", "offset", "per_page", "perPage", "page_size", "pageSize", "starting_after",
                     "ending_before", "cursor", "after", "before", "size"})
_SKIP_HEADERS = frozenset({"accept", "content-type", "authorization", "user-agent", "content-length", "accept-encoding"})


@dataclass
class Param:
    """One tool parameter and where it goes in the HTTP request."""

    name: str
    source: str  # path | query | header | cookie | body | body_whole
    original: str
    schema: dict[str, Any]
    required: bool


@dataclass
class Resource:
    name: str
    collection: str
    key: str
    key_type: str
    schema: dict[str, Any]
    label: str | None
    internal: bool
    size: int = 12
    fields_from: str = ""  # what the schema was taken from
    parent: tuple[str, str] | None = None  # (parent resource, field holding its key)


@dataclass
class Operation:
    op_id: str
    tool: str
    method: str
    path: str
    summary: str
    description: str
    kind: str
    resource: str | None
    params: list[Param]
    returns: dict[str, Any] | None
    key_param: str | None = None
    parents: dict[str, str] = field(default_factory=dict)  # tool param -> resource (path ids before the item)
    errors: dict[str, str] = field(default_factory=dict)  # status -> the document's description
    secured: bool = False
    confidence: str = "high"
    reason: str = ""
    verb: str | None = None
    verb_param: str | None = None  # an action whose argument names it (droplet actions: type=power_off)
    wrapper: str | None = None  # result field holding the resource (``data``, ``droplet``)
    item_wrapper: str | None = None
    tags: list[str] = field(default_factory=list)
    entity_fields: dict[str, str] = field(default_factory=dict)  # tool param -> resource it refers to
    result_key: str | None = None  # a create without a response body: the key field its confirmation carries


@dataclass
class Plan:
    title: str
    description: str
    resources: dict[str, Resource]
    operations: list[Operation]
    skipped: list[tuple[str, str]]
    login: str | None  # tool name that opens the session (None: nothing needs one)
    synthesized_login: bool
    notes: list[str] = field(default_factory=list)


# --- names --------------------------------------------------------------------------------------


def singular(word: str) -> str:
    w = word
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def ident(name: str) -> str:
    """A parameter name a function-calling model (and a BFCL call string) can use."""
    s = re.sub(r"[^A-Za-z0-9_]", "_", name).strip("_")
    s = re.sub(r"_+", "_", s)
    if not s:
        s = "value"
    if s[0].isdigit():
        s = "p_" + s
    return s


def tool_name(op_id: str | None, method: str, path: str) -> str:
    if op_id:
        s = re.sub(r"[^A-Za-z0-9_-]", "_", op_id).strip("_-")
    else:
        segs = [re.sub(r"[{}]", "", x) for x in path.strip("/").split("/") if x]
        s = "_".join([method, *[re.sub(r"[^A-Za-z0-9]", "_", x) for x in segs]])
    s = re.sub(r"_+", "_", s) or method
    if len(s) > 64:
        import hashlib

        s = s[:55] + "_" + hashlib.sha256(s.encode()).hexdigest()[:8]
    return s


def _res_name(seg: str) -> str:
    return ident(singular(seg.replace("-", "_").lower()))


def _segs(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s]


def _is_tpl(seg: str) -> bool:
    return seg.startswith("{") and seg.endswith("}")


# --- reading operations -----------------------------------------------------------------------------


def _json_media(content: Any) -> tuple[str, Any] | None:
    if not isinstance(content, Mapping):
        return None
    for mt, media in content.items():
        if isinstance(mt, str) and _JSON.match(mt.strip().lower()):
            return mt, media
    return None


class _Reader:
    def __init__(self, doc: Document):
        self.doc = doc

    def schema_of(self, media: Any, ctx: str, where: str) -> dict[str, Any] | None:
        media, ctx = self.doc.deref(media, ctx, where)
        if not isinstance(media, Mapping) or "schema" not in media:
            return None
        return self.doc.schema(media["schema"], ctx, where + ".schema")

    def response(self, op: Mapping[str, Any], ctx: str, where: str) -> tuple[dict[str, Any] | None, dict[str, str], bool]:
        """(result schema of the first 2xx with JSON content, error descriptions, has a 2xx)."""
        responses = op.get("responses")
        if responses is None:
            return None, {}, False
        if not isinstance(responses, Mapping):
            raise OpenApiError(f"{where}.responses: expected a mapping of status codes, got {type(responses).__name__}")
        ok: dict[str, Any] | None = None
        errors: dict[str, str] = {}
        any_ok = False
        for status in sorted(responses, key=str):
            resp, rctx = self.doc.deref(responses[status], ctx, f"{where}.responses.{status}")
            if not isinstance(resp, Mapping):
                raise OpenApiError(f"{where}.responses.{status}: expected a response object, got {type(resp).__name__}")
            code = str(status)
            if code.startswith("2"):
                any_ok = True
                if ok is None:
                    m = _json_media(resp.get("content"))
                    if m is not None:
                        ok = self.schema_of(m[1], rctx, f"{where}.responses.{status}.content.{m[0]}")
            elif code[:1] in "45" or code == "default":
                desc = str(resp.get("description") or "").strip()
                errors[code] = desc
        return ok, errors, any_ok


def _object_schema(s: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not isinstance(s, Mapping):
        return None
    if "allOf" in s:
        s = merge_all_of(s) or s
    if ("properties" in s) and (s.get("type") in (None, "object") or s.get("type") == ["object", "null"]):
        return dict(s)
    alts = [a for k in ("oneOf", "anyOf") for a in (s.get(k) or ()) if isinstance(a, Mapping)]
    objs = [o for o in map(_object_schema, alts) if o]
    if objs and len(objs) == len([a for a in alts if a.get("type") != "null"]):
        merged: dict[str, Any] = {"type": "object", "properties": {}}
        for o in objs:
            for p, ps in (o.get("properties") or {}).items():
                merged["properties"].setdefault(p, ps)
        base = {k: v for k, v in s.items() if k not in ("oneOf", "anyOf")}
        for p, ps in (base.get("properties") or {}).items():
            merged["properties"].setdefault(p, ps)
        req = [r for r in base.get("required") or [] if r in merged["properties"]]
        if req:
            merged["required"] = req
        if "title" in s:
            merged["title"] = s["title"]
        return merged
    return None


def _array_items(s: dict[str, Any] | None) -> dict[str, Any] | None:
    if isinstance(s, Mapping) and (s.get("type") == "array" or "items" in s) and isinstance(s.get("items"), Mapping):
        return s["items"]
    return None


def unwrap_list(s: dict[str, Any] | None, res: str | None) -> tuple[dict[str, Any] | None, str | None]:
    """The item schema of a list response and the field wrapping the list (None: the list itself)."""
    it = _array_items(s)
    if it is not None:
        return it, None
    o = _object_schema(s)
    if o is None:
        return None, None
    props = o.get("properties") or {}
    cands = [(p, _array_items(ps)) for p, ps in props.items() if _array_items(ps) is not None]
    cands = [(p, it) for p, it in cands if _object_schema(it)]
    if not cands:
        return None, None
    if res:
        for p, it in cands:
            if _res_name(p) == res:
                return it, p
    for p, it in cands:
        if p in ("data", "items", "results", "records", "values", "entries", "list"):
            return it, p
    return (cands[0][1], cands[0][0]) if len(cands) == 1 else (None, None)


def unwrap_item(s: dict[str, Any] | None, res: str | None) -> tuple[dict[str, Any] | None, str | None]:
    """The resource schema of an item response and the field wrapping it."""
    o = _object_schema(s)
    if o is None:
        return None, None
    props = o.get("properties") or {}
    if res:
        for p, ps in props.items():
            if _res_name(p) == res and _object_schema(ps):
                return _object_schema(ps), p
    if set(props) <= {"data", "meta", "links"} and _object_schema(props.get("data")):
        return _object_schema(props["data"]), "data"
    return o, None


# --- the inference --------------------------------------------------------------------------------------


def _key_field(param: str, res: str, schema: dict[str, Any] | None) -> str:
    props = (schema or {}).get("properties") or {}
    cands = [param]
    low = param.lower()
    for suffix in ("id", "_id", "identifier", "_identifier", "_uuid", "uuid"):
        if low.endswith(suffix):
            stem = param[: -len(suffix)].rstrip("_")
            if stem.lower() in (res, res.replace("_", "")) or not stem:
                cands.append("id")
    cands += ["id", f"{res}_id", f"{res}Id", "uuid"]
    for c in cands:
        if c in props:
            return c
    return param


def _security(doc: Document, op: Mapping[str, Any]) -> bool:
    sec = op.get("security", doc.root.get("security"))
    if not isinstance(sec, list) or not sec:
        return False
    return not any(isinstance(r, Mapping) and not r for r in sec)  # {} in the list: anonymous is allowed


def infer(doc: Document, overrides: Mapping[str, Any] | None = None, *, size: int = 12) -> Plan:
    """The plan of an imported environment: resources and operations, with what was inferred."""
    ov = _Overrides(overrides or {})
    reader = _Reader(doc)
    raw_ops: list[tuple[str, str, Mapping[str, Any], str, list[Any]]] = []
    for path, item in doc.root["paths"].items():
        item, ctx = doc.deref(item, "", f"paths.{path}")
        if not isinstance(item, Mapping):
            raise OpenApiError(f"paths.{path}: expected a path item, got {type(item).__name__}")
        common = item.get("parameters") or []
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            op, octx = doc.deref(op, ctx, f"paths.{path}.{method}")
            if not isinstance(op, Mapping):
                raise OpenApiError(f"paths.{path}.{method}: expected an operation object, got {type(op).__name__}")
            raw_ops.append((path, method, op, octx, common))

    # 1. collections and items
    items: dict[str, str] = {}  # collection path -> item path
    for path, *_ in raw_ops:
        segs = _segs(path)
        if segs and _is_tpl(segs[-1]) and len(segs) > 1 and not _is_tpl(segs[-2]):
            items.setdefault("/" + "/".join(segs[:-1]), path)
    collections = set(items)
    for path, method, _op, *_ in raw_ops:
        segs = _segs(path)
        if method == "post" and segs and not _is_tpl(segs[-1]) and any(p == path and m == "get" for p, m, *_ in raw_ops):
            collections.add(path)

    resources: dict[str, Resource] = {}
    skipped: list[tuple[str, str]] = []
    notes: list[str] = []

    def op_label(method: str, path: str, op: Mapping[str, Any]) -> str:
        return str(op.get("operationId") or f"{method.upper()} {path}")

    def res_for_collection(cpath: str) -> str:
        segs = [s for s in _segs(cpath) if not _is_tpl(s)]
        return _res_name(segs[-1]) if segs else "item"

    # resource schemas
    by_path = {(p, m): (op, c, cm) for p, m, op, c, cm in raw_ops}
    for cpath in sorted(collections, key=lambda p: (len(p), p)):
        name = res_for_collection(cpath)
        ipath = items.get(cpath)
        schema, source = None, ""
        if ipath and (ipath, "get") in by_path:
            op, c, _ = by_path[(ipath, "get")]
            s, _, _ = reader.response(op, c, f"paths.{ipath}.get")
            schema, _w = unwrap_item(s, name)
            source = f"GET {ipath}"
            if schema is None:
                its, _ = unwrap_list(s, name)
                schema = _object_schema(its)
        if schema is None and (cpath, "get") in by_path:
            op, c, _ = by_path[(cpath, "get")]
            s, _, _ = reader.response(op, c, f"paths.{cpath}.get")
            its, _ = unwrap_list(s, name)
            schema, source = _object_schema(its), f"GET {cpath}"
        if schema is None and (cpath, "post") in by_path:
            op, c, _ = by_path[(cpath, "post")]
            body = _body_schema(reader, op, c, f"paths.{cpath}.post")
            schema, source = _object_schema(body), f"POST {cpath} body"
        rov = ov.resource(name)
        if schema is None:
            if ipath is None:
                continue
            schema, source = {"type": "object", "properties": {}}, "nothing (no schema in the document)"
        if name in resources and resources[name].collection != cpath:
            # two collections of one name (/v2/account/keys, /v2/functions/.../keys): the later
            # one is named with the literal segment before it (account_key, namespace_key...)
            lits = [x for x in _segs(cpath) if not _is_tpl(x)]
            alt = _res_name(lits[-2]) + "_" + name if len(lits) > 1 else name
            k = 2
            while alt in resources:
                alt = f"{name}_{k}"
                k += 1
            notes.append(f"resource {name!r} of {cpath} is named {alt!r} ({resources[name].collection} has {name!r})")
            name = alt
            rov = ov.resource(name)
        keyp = re.sub(r"[{}]", "", _segs(ipath)[-1]) if ipath else "id"
        key = rov.get("key") or _key_field(keyp, name, schema)
        props = schema.get("properties") or {}
        if key not in props:
            props = {key: {"type": "integer" if keyp.lower().endswith("id") else "string"}, **props}
            schema = {**schema, "properties": props}
        ks = props.get(key) or {}
        kt = ks.get("type")
        kt = next((t for t in kt if t != "null"), "string") if isinstance(kt, list) else kt or "string"
        label = rov.get("label") or next((f for f in _LABELS if f in props and f != key and _scalar_type(props[f]) == "string"), None)
        internal = bool(_ID_PARAM.search(key)) or kt == "integer"
        resources[name] = Resource(name=name, collection=cpath, key=key, key_type="integer" if kt == "integer" else "string",
                                   schema=schema, label=label, internal=rov.get("internal", internal),
                                   size=int(rov.get("size", size)), fields_from=source)
    # sub-collections: their rows belong to a parent
    for r in resources.values():
        segs = _segs(r.collection)
        tpls = [s for s in segs if _is_tpl(s)]
        if tpls:
            parent_seg = segs[: segs.index(tpls[-1])]
            ppath = "/" + "/".join(parent_seg)
            pres = next((x for x in resources.values() if x.collection == ppath), None)
            if pres is not None:
                props = r.schema.get("properties") or {}
                pfield = next((f for f in (f"{pres.name}_id", f"{pres.name}Id", pres.name, "parent_id") if f in props), None)
                if pfield:
                    r.parent = (pres.name, pfield)

    def resource_of_item_param(path: str, seg_index: int) -> str | None:
        segs = _segs(path)
        cpath = "/" + "/".join(segs[:seg_index])
        if cpath in items and cpath in {r.collection for r in resources.values()}:
            return next(r.name for r in resources.values() if r.collection == cpath)
        if seg_index > 0 and not _is_tpl(segs[seg_index - 1]):
            cand = _res_name(segs[seg_index - 1])
            if cand in resources:
                return cand
        return None

    # 2. operations
    operations: list[Operation] = []
    used_names: set[str] = set()
    login_tool: str | None = None
    any_secured = False
    for path, method, op, ctx, common in raw_ops:
        label = op_label(method, path, op)
        where = f"paths.{path}.{method}"
        x = dict(op.get("x-toolgym") or {})
        x.update(ov.operation(label, method, path))
        if x.get("skip"):
            skipped.append((label, str(x.get("skip") if isinstance(x.get("skip"), str) else "skipped by an override")))
            continue
        if method in ("head", "options", "trace"):
            skipped.append((label, f"{method.upper()} returns no body a model can use (headers only)"))
            continue
        segs = _segs(path)
        try:
            params, body_kind = _params(reader, doc, op, common, ctx, where)
        except OpenApiError:
            raise
        returns, errors, _ = reader.response(op, ctx, where)
        name = x.get("name") or tool_name(op.get("operationId"), method, path)
        if name in used_names:
            base = name
            k = 2
            while f"{base}_{k}" in used_names:
                k += 1
            name = f"{base}_{k}"
            notes.append(f"{label}: tool name {base!r} taken, named {name!r}")
        used_names.add(name)
        o = Operation(op_id=label, tool=name, method=method, path=path, summary=str(op.get("summary") or "").strip(),
                      description=str(op.get("description") or "").strip(), kind="request", resource=None, params=params,
                      returns=returns, errors=errors, secured=_security(doc, op), tags=[str(t) for t in op.get("tags") or []])
        # path ids: entities of the resources whose items they name
        tpl_positions = [i for i, s in enumerate(segs) if _is_tpl(s)]
        for i in tpl_positions:
            pname = ident(segs[i][1:-1])
            parent = resource_of_item_param(path, i)
            if parent is not None:
                o.parents[pname] = parent
        _classify(o, segs, items, resources, body_kind, x)
        _widen_path_ids(o, resources, notes)
        if o.kind in ("login",):
            login_tool = login_tool or o.tool
        any_secured = any_secured or o.secured
        # fields referring to other resources (an order's petId): their entities
        for p in o.params:
            if p.name in o.parents or p.name == o.key_param:
                continue
            ref = _refers_to(p.original, resources, own=o.resource)
            if ref is not None:
                o.entity_fields[p.name] = ref
        operations.append(o)
    synthesized = False
    if any_secured and login_tool is None:
        login_tool = "authenticate"
        synthesized = True
        k = 2
        while login_tool in used_names:
            login_tool = f"authenticate_{k}"
            k += 1
        notes.append(f"no login operation in the document: a synthesized {login_tool!r} tool opens the session the secured operations need")
    if not any_secured:
        login_tool = login_tool if any(o.kind == "login" for o in operations) else None
    return Plan(title=doc.title, description=doc.description, resources=resources, operations=operations, skipped=skipped,
                login=login_tool, synthesized_login=synthesized, notes=notes)


def _scalar_type(s: Any) -> str | None:
    if not isinstance(s, Mapping):
        return None
    t = s.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), None)
    return t if t in ("string", "integer", "number", "boolean") else None


def _refers_to(field_name: str, resources: Mapping[str, Resource], own: str | None) -> str | None:
    """The resource a field names by its key (``petId`` -> pet, ``droplet_id`` -> droplet)."""
    m = re.match(r"^(.+?)(?:_id|Id|_uuid|_identifier)$", field_name)
    if not m:
        return None
    stem = _res_name(re.sub(r"([a-z])([A-Z])", r"\1_\2", m[1]).lower())
    if stem in resources and stem != own:
        return stem
    return None


def _body_schema(reader: _Reader, op: Mapping[str, Any], ctx: str, where: str) -> dict[str, Any] | None:
    rb = op.get("requestBody")
    if rb is None:
        return None
    rb, rctx = reader.doc.deref(rb, ctx, where + ".requestBody")
    m = _json_media(rb.get("content") if isinstance(rb, Mapping) else None)
    if m is None:
        return None
    return reader.schema_of(m[1], rctx, f"{where}.requestBody.content.{m[0]}")


def _described(s: dict[str, Any], name: str, fallback: str) -> dict[str, Any]:
    if not s.get("description"):
        s = {**s, "description": fallback}
    return s


def _human(name: str) -> str:
    s = re.sub(r"([a-z])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ").strip().lower()
    return s or name


def _params(reader: _Reader, doc: Document, op: Mapping[str, Any], common: list[Any], ctx: str, where: str) -> tuple[list[Param], str]:
    """The tool parameters of an operation: path, query, header and cookie parameters (security
    headers left to the session), then the request body's fields flattened (``body_whole`` when
    the body is not an object: an array of users, a file)."""
    merged: dict[tuple[str, str], tuple[Any, str]] = {}
    for i, raw in enumerate(list(common) + list(op.get("parameters") or [])):
        p, pctx = doc.deref(raw, ctx, f"{where}.parameters[{i}]")
        if not isinstance(p, Mapping) or "name" not in p or "in" not in p:
            raise OpenApiError(f"{where}.parameters[{i}]: expected a parameter with 'name' and 'in', got {str(p)[:60]}")
        merged[(str(p["name"]), str(p["in"]))] = (p, pctx)
    secnames = set()
    schemes = ((doc.root.get("components") or {}).get("securitySchemes") or {}) if isinstance(doc.root.get("components"), Mapping) else {}
    for sc in schemes.values() if isinstance(schemes, Mapping) else ():
        sc, _ = doc.deref(sc, "", "components.securitySchemes")
        if isinstance(sc, Mapping) and sc.get("type") == "apiKey" and sc.get("name"):
            secnames.add((str(sc["name"]).lower(), str(sc.get("in"))))
    out: list[Param] = []
    taken: set[str] = set()
    order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
    for (pname, loc), (p, pctx) in sorted(merged.items(), key=lambda kv: order.get(kv[0][1], 9)):
        if loc not in order:
            raise OpenApiError(f"{where}.parameters: {pname!r}: expected 'in' to be path, query, header or cookie, got {loc!r}")
        if loc == "header" and pname.lower() in _SKIP_HEADERS or (pname.lower(), loc) in secnames:
            continue  # credentials travel with the session; content negotiation is not the model's business
        if "schema" in p:
            s = doc.schema(p["schema"], pctx, f"{where}.parameters.{pname}.schema")
        else:
            m = _json_media(p.get("content"))
            s = (reader.schema_of(m[1], pctx, f"{where}.parameters.{pname}.content") if m else None) or {"type": "string"}
        desc = str(p.get("description") or "").strip()
        s = {**s, "description": desc} if desc else _described(s, pname, f"the {_human(pname)} ({loc} parameter)")
        if p.get("deprecated"):
            s["description"] = s["description"].rstrip(".") + " (deprecated)"
        n = ident(pname)
        if n in taken:
            n = ident(f"{loc}_{pname}")
        taken.add(n)
        out.append(Param(n, loc, pname, s, bool(p.get("required")) or loc == "path"))
    rb = op.get("requestBody")
    if rb is None:
        return out, "none"
    rb, rctx = doc.deref(rb, ctx, f"{where}.requestBody")
    if not isinstance(rb, Mapping):
        raise OpenApiError(f"{where}.requestBody: expected a request body object, got {type(rb).__name__}")
    content = rb.get("content")
    if not isinstance(content, Mapping) or not content:
        raise OpenApiError(f"{where}.requestBody.content: expected a mapping of media types, got {str(content)[:60]}")
    required = bool(rb.get("required"))
    m = _json_media(content)
    if m is None:
        mt = next(iter(content))
        n = "file" if "file" not in taken else "body_file"
        out.append(Param(n, "body_whole", "", {"type": "string", "description": f"the {mt} content to send (a file name or its text)"},
                         required))
        return out, "file"
    s = reader.schema_of(m[1], rctx, f"{where}.requestBody.content.{m[0]}") or {}
    obj = _object_schema(s)
    if obj is not None and obj.get("properties"):
        req = set(obj.get("required") or ()) if required else set()
        for prop, ps in obj["properties"].items():
            if isinstance(ps, Mapping) and ps.get("readOnly"):
                continue
            n = ident(prop)
            if n in taken:
                n = ident(f"body_{prop}")
            taken.add(n)
            ps = _described(dict(ps) if isinstance(ps, Mapping) else {}, prop, f"the {_human(prop)}")
            out.append(Param(n, "body", str(prop), ps, prop in req))
        return out, "object"
    if obj is not None:
        return out, "object"
    n = "body" if "body" not in taken else "request_body"
    if _array_items(s) is not None:
        n = "items" if "items" not in taken else n
    out.append(Param(n, "body_whole", "", _described(dict(s), n, "the request body"), required))
    return out, "array" if _array_items(s) is not None else "scalar"


def _classify(o: Operation, segs: list[str], items: Mapping[str, str], resources: Mapping[str, Resource], body_kind: str,
              x: Mapping[str, Any]) -> None:
    by_collection = {r.collection: r for r in resources.values()}
    path = o.path
    m = o.method
    [s for s in segs if not _is_tpl(s)]
    last = segs[-1] if segs else ""
    forced = x.get("kind")
    # where does this path stand relative to a resource?
    col = by_collection.get(path)
    item_of = None
    if segs and _is_tpl(last):
        item_of = by_collection.get("/" + "/".join(segs[:-1]))
    under_item = None  # /pet/{petId}/uploadImage: (resource, verb)
    under_col = None  # /pet/findByStatus
    if not col and not item_of and segs and not _is_tpl(last):
        for i in range(len(segs) - 1, 0, -1):
            head = "/" + "/".join(segs[:i])
            if _is_tpl(segs[i - 1]):
                r = by_collection.get("/" + "/".join(segs[: i - 1]))
                if r is not None:
                    under_item = (r, "_".join(segs[i:]))
                    break
            elif head in by_collection:
                under_col = (by_collection[head], "_".join(segs[i:]))
                break
    if forced:
        if forced not in KINDS:
            raise OpenApiError(f"{o.op_id}: override kind {forced!r}: expected one of {', '.join(KINDS)}")
        o.kind = forced
        o.resource = x.get("resource") or (col or item_of or (under_item or under_col or (None,))[0] or _NoRes).name
        if o.resource and o.resource not in resources and o.kind not in ("request", "login", "logout"):
            raise OpenApiError(f"{o.op_id}: override resource {o.resource!r}: expected one of {sorted(resources)}")
        o.verb = x.get("verb") or (under_item[1] if under_item else None)
        o.verb_param = ident(str(x["verb_param"])) if x.get("verb_param") else None
        o.confidence, o.reason = "override", "set by an override"
        _key_param(o, resources, x)
        return
    if last and _LOGIN.match(last) and (m in ("get", "post")):
        o.kind, o.confidence, o.reason = "login", "high", f"{m.upper()} .../{last} opens the session"
        return
    if last and _LOGOUT.match(last):
        o.kind, o.confidence, o.reason = "logout", "high", f".../{last} closes the session"
        return
    if col is not None:
        o.resource = col.name
        if m == "get":
            its, wrap = unwrap_list(o.returns, col.name)
            if its is not None and _object_schema(its):
                o.kind, o.wrapper, o.reason = "list", wrap, f"GET on the collection {path} returns its items"
            else:
                o.kind, o.confidence, o.reason = "request", "low", f"GET {path} returns no list of {col.name}s: answered from its response schema"
        elif m == "post":
            if body_kind == "array":
                o.kind, o.reason = "bulk_create", f"POST on {path} with an array body creates several {col.name}s"
                _body_required(o)
            else:
                o.kind, o.reason = "create", f"POST on the collection {path} creates a {col.name}"
        elif m in ("put", "patch") and any(p.original == col.key and p.source == "body" for p in o.params):
            o.kind, o.confidence, o.reason = "update", "medium", f"{m.upper()} on the collection with the key {col.key!r} in the body updates that {col.name}"
        else:
            o.kind, o.confidence, o.reason = "request", "low", f"{m.upper()} on the collection {path}: simulated as an accepted request"
        _key_param(o, resources, x)
        _adjust_key(o, col)
        return
    if item_of is not None:
        o.resource = item_of.name
        kinds = {"get": ("read", "high", "GET on an item reads it"), "put": ("update", "high", "PUT on an item updates it"),
                 "patch": ("update", "high", "PATCH on an item updates it"), "delete": ("delete", "high", "DELETE on an item deletes it"),
                 "post": ("update", "medium", "POST on an item path: taken as an update (Stripe's style; override with kind: action)")}
        o.kind, o.confidence, o.reason = kinds.get(m, ("request", "low", "unusual method on an item"))
        if o.kind == "read":
            _, o.item_wrapper = unwrap_item(o.returns, item_of.name)
        _key_param(o, resources, x)
        return
    if under_item is not None:
        r, verb = under_item
        o.resource, o.verb = r.name, verb
        if m == "get":
            o.kind, o.confidence, o.reason = "request", "medium", f"GET {path}: a read about one {r.name}, answered from its response schema"
        else:
            o.kind, o.confidence, o.reason = "action", "medium", f"{m.upper()} on {verb!r} beneath a {r.name}: an action on it (Docker's style)"
        _key_param(o, resources, x)
        return
    if under_col is not None:
        r, verb = under_col
        o.resource = r.name
        if m == "get":
            its, wrap = unwrap_list(o.returns, r.name)
            if its is not None and _object_schema(its) and set((_object_schema(its) or {}).get("properties") or {}) & set(r.schema.get("properties") or {}):
                o.kind, o.wrapper, o.confidence, o.reason = "list", wrap, "high", f"GET {path} returns {r.name}s: a search"
                return
        if m == "post" and body_kind == "array":
            o.kind, o.confidence, o.reason = "bulk_create", "medium", f"POST {path} with an array body creates several {r.name}s"
            _body_required(o)
            return
        o.kind, o.confidence, o.reason = "request", "low", f"{m.upper()} {path}: simulated as an accepted request"
        return
    o.kind, o.confidence, o.reason = "request", "low", f"{m.upper()} {path} names no resource: simulated as an accepted request"


def _widen_path_ids(o: Operation, resources: Mapping[str, Resource], notes: list[str]) -> None:
    """A path id typed ``string`` for a resource whose keys are integers (``/pets/{petId}`` with a
    string petId, integer pet ids) takes either: a URL segment is text, and the ids a list shows
    are numbers."""
    for p in o.params:
        res = o.parents.get(p.name) or (o.resource if p.name == o.key_param else None)
        r = resources.get(res or "")
        if r is None or p.source != "path" or r.key_type != "integer":
            continue
        if p.schema.get("type") == "string":
            p.schema = {**{k: v for k, v in p.schema.items() if k not in ("type", "format", "maxLength", "minLength", "pattern")},
                        "type": ["integer", "string"]}
            notes.append(f"{o.op_id}: path parameter {p.original!r} is a string while {r.name} ids are integers: it takes either")


def _body_required(o: Operation) -> None:
    """A bulk create creates nothing without its list: the list is required (inferred)."""
    for p in o.params:
        if p.source == "body_whole" and not p.required:
            p.required = True
            o.reason += "; its list is required (nothing to create without it)"


def _adjust_key(o: Operation, r: Resource) -> None:
    """A create leaves an id the world assigns out of its parameters; an update by a key in its
    body needs that key."""
    if o.kind == "create" and r.internal:
        o.params = [p for p in o.params if not (p.source == "body" and p.original == r.key)]
    elif o.kind == "create":
        for p in o.params:  # a resource keyed by a name the user picks (a username) needs it
            if p.source == "body" and p.original == r.key and not p.required:
                p.required = True
                o.reason += f"; its key {r.key!r} is required (the user picks it)"
    if o.kind == "update":
        for p in o.params:
            if p.source == "body" and p.original == r.key:
                p.required = True
                o.key_param = p.name


class _NoRes:
    name = None


def _key_param(o: Operation, resources: Mapping[str, Resource], x: Mapping[str, Any]) -> None:
    if o.resource is None or o.resource not in resources:
        return
    r = resources[o.resource]
    if x.get("key_param"):
        o.key_param = ident(str(x["key_param"]))
        return
    if o.kind in ("read", "update", "delete", "action") or (o.kind == "request" and o.verb):
        segs = _segs(o.path)
        tpls = [ident(s[1:-1]) for s in segs if _is_tpl(s)]
        owned = [t for t in tpls if o.parents.get(t) == r.name]
        if owned:
            o.key_param = owned[-1]
        else:
            body_key = next((p.name for p in o.params if p.source == "body" and p.original == r.key), None)
            o.key_param = body_key or (tpls[-1] if tpls else None)


class _Overrides:
    """An overrides mapping: ``operations`` by operationId or ``"METHOD /path"``, ``resources`` by name."""

    def __init__(self, data: Mapping[str, Any]):
        if not isinstance(data, Mapping):
            raise OpenApiError(f"overrides: expected a mapping with 'operations' and/or 'resources', got {type(data).__name__}")
        unknown = set(data) - {"operations", "resources", "sizes", "login"}
        if unknown:
            raise OpenApiError(f"overrides: unknown key(s) {sorted(unknown)}; expected operations, resources, sizes, login")
        self.ops = dict(data.get("operations") or {})
        self.res = dict(data.get("resources") or {})
        self.used: set[str] = set()
        for k, v in self.ops.items():
            if not isinstance(v, Mapping):
                raise OpenApiError(f"overrides.operations.{k}: expected a mapping (kind, resource, name, key_param, verb, skip)")
            bad = set(v) - {"kind", "resource", "name", "key_param", "verb", "verb_param", "skip"}
            if bad:
                raise OpenApiError(f"overrides.operations.{k}: unknown key(s) {sorted(bad)}; expected kind, resource, name, key_param, "
                                   "verb, verb_param, skip")

    def operation(self, label: str, method: str, path: str) -> dict[str, Any]:
        for k in (label, f"{method.upper()} {path}"):
            if k in self.ops:
                self.used.add(k)
                return dict(self.ops[k])
        return {}

    def resource(self, name: str) -> dict[str, Any]:
        v = self.res.get(name) or {}
        if not isinstance(v, Mapping):
            raise OpenApiError(f"overrides.resources.{name}: expected a mapping (key, label, size, internal)")
        return dict(v)

"""An imported OpenAPI document as a stateful, seeded ``ToolEnv``.

:func:`from_spec` reads the document, infers its plan (:mod:`.infer`), makes a ``ToolEnv``
subclass whose tools are the operations (:meth:`ToolEnv.add_tool`: the operation's JSON Schema,
validated strictly, with preconditions, journaled writes and entity edges) and registers it. The
world holds one table per resource, seeded from the schemas (:mod:`.seed`); every call reads and
writes those tables, so a created pet is listed, read, updated and deleted by the other tools,
and a failed call changes nothing. Errors are the document's own (404 not found, 409 conflict,
422 invalid) with a hint naming the tool that would help.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from toolgym.canonical import stable_hash
from toolgym.envs.core import ToolEnv
from toolgym.envs.tooling import Entity, ToolError
from toolgym.envs.world import WorldScope, derive_seed

from .document import Document, OpenApiError, load_document
from .infer import Operation, Plan, Resource, infer
from .seed import MISSING, fits, gen_value, shape

__all__ = ["OpenApiEnv", "from_spec", "build_env_class", "FLAG"]

FLAG = "logged_in"
_PAGE_LIMIT = ("limit", "per_page", "perPage", "page_size", "pageSize", "size", "max_results", "maxResults", "count", "top")
_PAGE_START = ("offset", "skip", "start")
_PAGE_NUM = ("page", "page_number", "pageNumber")
_SEARCH = ("search", "q", "query", "keyword", "term", "filter")
_CREDENTIAL = re.compile(r"^(username|user_name|user|login|email|password|passwd|pass|api_key|apikey|token|secret)$", re.I)
_CONFIRM: dict[str, Any] = {"type": "object", "properties": {"status": {"type": "string"}, "message": {"type": "string"}},
            "required": ["status", "message"]}
_VERB_STATES = {
    "start": ("running", "started", "active", "on"), "stop": ("stopped", "exited", "inactive", "off"), "pause": ("paused",),
    "unpause": ("running", "active"), "resume": ("running", "active", "resumed"), "restart": ("running", "active"),
    "kill": ("stopped", "exited", "killed"), "cancel": ("canceled", "cancelled"), "capture": ("captured", "succeeded"),
    "pay": ("paid",), "void": ("void", "voided"), "finalize": ("finalized", "open"), "close": ("closed",),
    "archive": ("archived",), "approve": ("approved",), "reject": ("rejected", "declined"), "enable": ("enabled", "active"),
    "disable": ("disabled", "inactive"), "refund": ("refunded",), "verify": ("verified",), "confirm": ("confirmed",),
    "lock": ("locked",), "unlock": ("unlocked",), "publish": ("published",), "accept": ("accepted",), "complete": ("completed", "complete"),
    "reboot": ("active", "running"), "power_on": ("active", "on"), "power_off": ("off", "inactive"), "shutdown": ("off", "stopped"),
}


def _kv(args: Mapping[str, Any]) -> str:
    return json.dumps(args, sort_keys=True, default=str)


class OpenApiEnv(ToolEnv):
    """Base class of imported environments (a subclass per document, made by :func:`from_spec`)."""

    plan: ClassVar[Plan]
    source: ClassVar[dict[str, Any]] = {}
    ops: ClassVar[dict[str, Operation]] = {}
    version = 1

    # --- the world ------------------------------------------------------------------------------

    def build(self, world: WorldScope) -> None:
        plan = type(self).plan
        made: dict[str, list[Any]] = {}
        for r in _build_order(plan):
            rng = world.rng("rows", r.name)
            rows: dict[str, dict[str, Any]] = {}
            keys = _keys(r, rng)
            persona_like = r.name in ("user", "customer", "account", "member", "person", "profile") or (
                "password" in (r.schema.get("properties") or {}))
            for i, k in enumerate(keys):
                row = gen_value(r.name, {**r.schema, "required": list(r.schema.get("properties") or {})}, rng)
                if not isinstance(row, dict):
                    row = {}
                row = {f: v for f, v in row.items() if not _write_only(r, f)}
                row[r.key] = k
                for f, target in _foreign(plan, r).items():
                    if made.get(target):
                        row[f] = rng.choice(made[target])
                if i == 0 and persona_like:
                    _persona_row(row, r, world.persona)
                rows[str(row[r.key])] = row
            made[r.name] = [row[r.key] for row in rows.values()]
            world.table(r.name, rows)
        world.table("requests", {})
        world.table("actions", {})

    def table(self, name: str) -> Any:
        return self.world_scope.table(name)

    def system_prompt(self) -> str:
        plan = type(self).plan
        desc = _plain(plan.description).split("\n\n")[0].strip()
        first = f"You are an assistant with access to the {plan.title} API."
        if plan.login:
            first += f" Some operations need a session: call {plan.login} first."
        return first + (f"\n\n{desc}" if desc and len(desc) < 600 else "")

    # --- calls ----------------------------------------------------------------------------------

    def _call(self, op: Operation, args: dict[str, Any]) -> Any:
        plan = type(self).plan
        parts: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}, "cookie": {}, "body": {}}
        whole = MISSING
        by_name = {p.name: p for p in op.params}
        for k, v in args.items():
            p = by_name.get(k)
            if p is None:
                continue
            if p.source == "body_whole":
                whole = v
            else:
                parts[p.source][p.original] = v
        for pname, res in op.parents.items():
            if pname == op.key_param or pname not in args:
                continue
            self._row(op, res, args[pname])  # a parent that does not exist is a 404
        handler = getattr(self, f"_do_{op.kind}")
        return handler(op, args, parts, whole, plan)

    def _rng(self, op: Operation, args: Mapping[str, Any]) -> Any:
        import random

        return random.Random(derive_seed(self.world.seed, op.tool, _kv(args), len(self.table("requests"))))

    def _error(self, op: Operation, status: str, why: str) -> ToolError:
        doc = op.errors.get(status) or op.errors.get(status[0] + "XX") or ""
        names = {"400": "Bad Request", "401": "Unauthorized", "404": "Not Found", "409": "Conflict", "422": "Unprocessable Entity"}
        said = f" ({doc.rstrip('.')})" if doc and doc.lower() not in why.lower() else ""
        return ToolError(f"{status} {names.get(status, 'Error')}: {why}{said}")

    def _finder(self, res: str) -> str | None:
        plan = type(self).plan
        for kind in ("list", "read"):
            for o in plan.operations:
                if o.resource == res and o.kind == kind:
                    return o.tool
        return None

    def _row(self, op: Operation, res: str, key: Any) -> dict[str, Any]:
        t = self.table(res)
        row = t.get(str(key))
        if row is None:
            finder = self._finder(res)
            r = type(self).plan.resources[res]
            hint = f"; {finder} shows the {r.name}s there are" if finder and finder != op.tool else ""
            raise self._error(op, "404", f"no {r.name} with {r.key} {key!r}{hint}")
        return row

    def _result(self, op: Operation, value: Any, args: Mapping[str, Any]) -> Any:
        if op.returns is None:
            return value if isinstance(value, dict) and set(value) == {"status", "message"} else _confirm(op, args, value)
        return shape(op.returns, value, self._rng(op, args), op.resource or "value")

    def _wrap_item(self, op: Operation, row: dict[str, Any]) -> Any:
        if op.returns is None:
            return row
        r = type(self).plan.resources.get(op.resource or "")
        if op.item_wrapper:
            return {op.item_wrapper: row}
        rt = op.returns.get("type") if isinstance(op.returns, Mapping) else None
        if rt == "array":
            return [row]
        if r is not None and isinstance(op.returns, Mapping):
            props = op.returns.get("properties") or {}
            for p, ps in props.items():
                if isinstance(ps, Mapping) and "properties" in ps and r.key in (ps.get("properties") or {}) and r.key not in props:
                    return {p: row}
        return row

    def _fields(self, op: Operation, r: Resource, parts: Mapping[str, Any]) -> dict[str, Any]:
        props = r.schema.get("properties") or {}
        out = {}
        for src in ("query", "body"):
            for k, v in parts[src].items():
                # a field of the resource, with a value its schema takes (a body's "status" may be
                # another thing than the resource's)
                if k in props and k != r.key and fits(v, props[k]):
                    out[k] = v
        return out

    def _check_refs(self, op: Operation, args: Mapping[str, Any]) -> None:
        for pname, res in op.entity_fields.items():
            v = args.get(pname)
            if v is not None and not isinstance(v, (list, dict)):
                self._row(op, res, v)

    # --- kinds ----------------------------------------------------------------------------------

    def _do_list(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        r = plan.resources[op.resource]  # type: ignore[index]
        rows = list(self.table(r.name).values())
        if r.parent is not None:
            pres, pfield = r.parent
            pkey = next((args[p] for p, res in op.parents.items() if res == pres and p in args), None)
            if pkey is not None:
                rows = [x for x in rows if str(x.get(pfield)) == str(pkey)]
        props = r.schema.get("properties") or {}
        limit = start = None
        page = None
        for k, v in parts["query"].items():
            if k in _PAGE_LIMIT and isinstance(v, int) and k not in props:
                limit = v
            elif k in _PAGE_START and isinstance(v, int) and k not in props:
                start = v
            elif k in _PAGE_NUM and isinstance(v, int) and k not in props:
                page = v
            elif v is None or v == "" or v == []:
                continue
            elif k in _SEARCH and k not in props:
                needle = str(v).lower()
                rows = [x for x in rows if any(needle in str(val).lower() for val in x.values() if isinstance(val, str))]
            else:
                f = _field_for(k, props)
                if f is not None:
                    rows = [x for x in rows if _matches(x.get(f), v)]
        if page is not None and limit:
            start = max(0, page - 1) * limit
        if start:
            rows = rows[start:]
        if limit is not None and limit >= 0:
            rows = rows[:limit]
        if op.wrapper:
            return self._result(op, {op.wrapper: rows}, args)
        return self._result(op, rows, args)

    def _do_read(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        row = self._row(op, op.resource, args[op.key_param]) if op.key_param in args else None  # type: ignore[arg-type]
        if row is None:
            raise self._error(op, "400", f"expected {op.key_param}")
        return self._result(op, self._wrap_item(op, row), args)

    def _do_create(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        r = plan.resources[op.resource]  # type: ignore[index]
        self._check_refs(op, args)
        row = self._new_row(op, r, {**parts["query"], **parts["body"]}, args)
        return self._result(op, self._wrap_item(op, row), args)

    def _new_row(self, op: Operation, r: Resource, given: Mapping[str, Any], args: Mapping[str, Any]) -> dict[str, Any]:
        t = self.table(r.name)
        props = r.schema.get("properties") or {}
        row = {k: v for k, v in given.items() if not props or (k in props and fits(v, props[k]))}
        for k, ps in props.items():
            if k not in row and isinstance(ps, Mapping) and "default" in ps:
                row[k] = ps["default"]
        if r.key in row:
            if str(row[r.key]) in t:
                raise self._error(op, "409", f"a {r.name} with {r.key} {row[r.key]!r} already exists")
        else:
            row[r.key] = _next_key(r, t, args)
        if r.parent is not None:
            pres, pfield = r.parent
            pkey = next((args[p] for p, res in op.parents.items() if res == pres and p in args), None)
            if pkey is not None:
                row[pfield] = pkey
        t[str(row[r.key])] = row
        return row

    def _do_bulk_create(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        r = plan.resources[op.resource]  # type: ignore[index]
        made = []
        for i, item in enumerate(whole if isinstance(whole, list) else []):
            if not isinstance(item, dict):
                raise self._error(op, "422", f"item {i} is not an object")
            made.append(self._new_row(op, r, item, {**args, "#": i}))
        if not made:
            raise self._error(op, "422", f"nothing to create: expected a list of {r.name}s")
        rt = op.returns.get("type") if isinstance(op.returns, Mapping) else None
        return self._result(op, made if rt == "array" else made[-1], args)

    def _do_update(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        r = plan.resources[op.resource]  # type: ignore[index]
        key = args.get(op.key_param) if op.key_param else None
        if key is None:
            raise self._error(op, "400", f"expected the {r.name}'s {r.key}")
        self._row(op, r.name, key)
        self._check_refs(op, args)
        changes = self._fields(op, r, parts)
        row = self.table(r.name).patch(str(key), **changes)
        return self._result(op, self._wrap_item(op, row), args)

    def _do_delete(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        r = plan.resources[op.resource]  # type: ignore[index]
        key = args.get(op.key_param) if op.key_param else None
        row = self._row(op, r.name, key)
        del self.table(r.name)[str(key)]
        if op.returns is None:
            return {"status": "deleted", "message": f"{r.name} {key} deleted"}
        return self._result(op, self._wrap_item(op, row), args)

    def _do_action(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        r = plan.resources[op.resource]  # type: ignore[index]
        key = args.get(op.key_param) if op.key_param else None
        row = self._row(op, r.name, key)
        verb = str(args.get(op.verb_param) if op.verb_param and args.get(op.verb_param) is not None else op.verb or "").lower()
        field, state = _state_for(r, verb)
        changes = self._fields(op, r, parts)
        if field is not None:
            changes[field] = state
        if changes:
            row = self.table(r.name).patch(str(key), **changes)
        t = self.table("actions")
        t[f"{len(t):06d}"] = {"tool": op.tool, "resource": r.name, "key": key, "action": verb, "arguments": dict(args)}
        value = self._wrap_item(op, row) if _looks_like(op.returns, r) else {"status": "ok", "message": f"{verb or op.tool} done for {r.name} {key}"}
        return self._result(op, value, args)

    def _do_request(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        value: Any = MISSING
        if op.resource and op.key_param and op.key_param in args:
            row = self._row(op, op.resource, args[op.key_param])
            if _looks_like(op.returns, plan.resources[op.resource]):
                value = self._wrap_item(op, row)
        if op.method != "get":
            t = self.table("requests")
            t[f"{len(t):06d}"] = {"tool": op.tool, "method": op.method.upper(), "path": op.path, "arguments": dict(args)}
            if op.returns is None:
                return {"status": "accepted", "message": f"{op.method.upper()} {op.path} accepted"}
        return self._result(op, value, args)

    def _do_login(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        given = {k.lower(): v for k, v in args.items()}
        user = given.get("username") or given.get("user") or given.get("login") or given.get("email")
        password = given.get("password") or given.get("passwd") or given.get("pass")
        key = given.get("api_key") or given.get("apikey") or given.get("token") or given.get("secret")
        me = self.world.persona
        ok = False
        if key is not None:
            ok = key == _api_key(self.world)
        elif user is not None:
            ok = (user in (me["username"], me["email"]) and password == me["password"]) or self._known_user(user, password)
        if not ok:
            raise self._error(op, "401" if "401" in op.errors else "400", "the username or password is wrong" if key is None else "the API key is wrong")
        if op.returns is None:
            return {"status": "logged in", "message": f"signed in as {user or 'the API key holder'}"}
        return self._result(op, f"logged in user session: {stable_hash([self.world.seed, user, 'session'], length=6)}", args)

    def _known_user(self, user: Any, password: Any) -> bool:
        for r in type(self).plan.resources.values():
            props = r.schema.get("properties") or {}
            if "password" in props:
                for row in self.table(r.name).values():
                    if user in (row.get("username"), row.get("email")) and row.get("password") == password:
                        return True
        return False

    def _do_logout(self, op: Operation, args: dict[str, Any], parts: dict[str, Any], whole: Any, plan: Plan) -> Any:
        if op.returns is None:
            return {"status": "logged out", "message": "the session is closed"}
        return self._result(op, "logged out", args)


# --- helpers ------------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text or "")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return re.sub(r"[*_`#]", "", text)


def _confirm(op: Operation, args: Mapping[str, Any], value: Any = None) -> dict[str, Any]:
    """What a write the document gives no response body for returns: what happened, in words."""
    past = {"create": "created", "bulk_create": "created", "update": "updated", "delete": "deleted", "action": "done"}.get(
        op.kind, "returned" if op.method == "get" else "accepted")
    what = op.resource or "request"
    key = args.get(op.key_param) if op.key_param else None
    if key is None and isinstance(value, dict) and op.resource:
        key = next((value.get(k) for k in ("id", "name", "username") if k in value), None)
    out = {"status": past, "message": f"{what} {key} {past}" if key is not None else f"{what} {past}"}
    if op.kind == "create" and isinstance(value, dict) and op.resource and op.result_key:
        k = op.result_key
        if k in value:
            out[k] = value[k]  # a 201 without a body: the simulation says what it made (like a Location header)
    return out



def _write_only(r: Resource, f: str) -> bool:
    ps = (r.schema.get("properties") or {}).get(f)
    return isinstance(ps, Mapping) and bool(ps.get("writeOnly")) and f != "password"


def _build_order(plan: Plan) -> list[Resource]:
    done: list[Resource] = []
    seen: set[str] = set()

    def visit(r: Resource, stack: tuple[str, ...]) -> None:
        if r.name in seen or r.name in stack:
            return
        for target in _foreign(plan, r).values():
            if target in plan.resources:
                visit(plan.resources[target], (*stack, r.name))
        seen.add(r.name)
        done.append(r)

    for r in plan.resources.values():
        visit(r, ())
    return done


def _foreign(plan: Plan, r: Resource) -> dict[str, str]:
    from .infer import _refers_to

    out = {}
    for f in r.schema.get("properties") or {}:
        target = _refers_to(f, plan.resources, own=r.name)
        if target is not None:
            out[f] = target
    if r.parent is not None:
        out[r.parent[1]] = r.parent[0]
    return out


def _keys(r: Resource, rng: Any) -> list[Any]:
    if r.key_type == "integer":
        return sorted(rng.sample(range(1, 10_000), r.size))
    ks = (r.schema.get("properties") or {}).get(r.key) or {}
    out: list[Any] = []
    while len(out) < r.size:
        v = gen_value(r.key, ks, rng)
        if not isinstance(v, str) or not v or v in out:
            v = f"{r.name[:3]}_{rng.getrandbits(40):010x}"
        out.append(v)
    return out


def _next_key(r: Resource, t: Any, args: Mapping[str, Any]) -> Any:
    if r.key_type == "integer":
        keys = [row.get(r.key) for row in t.values() if isinstance(row.get(r.key), int)]
        return max(keys, default=0) + 1
    n = len(t)
    while True:
        k = f"{r.name[:3]}_{stable_hash([r.name, n, _kv(args)], length=10)}"
        if k not in t:
            return k
        n += 1


def _persona_row(row: dict[str, Any], r: Resource, me: Mapping[str, Any]) -> None:
    props = r.schema.get("properties") or {}
    first, _, last = str(me["name"]).partition(" ")
    for f in props:
        low = f.lower().replace("_", "")
        v = {"username": me["username"], "email": me["email"], "password": me["password"], "firstname": first,
             "lastname": last, "name": me["name"], "fullname": me["name"], "phone": me["phone"]}.get(low)
        if v is not None and f != r.key:
            row[f] = v
    if r.key in ("username", "email"):
        row[r.key] = me[r.key]


def _api_key(world: Any) -> str:
    return "sk_" + stable_hash([world.seed, "api-key"], length=12)


def _field_for(param: str, props: Mapping[str, Any]) -> str | None:
    if param in props:
        return param
    low = {k.lower(): k for k in props}
    for cand in (param.lower(), param.lower() + "s", param.lower().rstrip("s")):
        if cand in low:
            return low[cand]
    return None


def _scalar(v: Any) -> Any:
    if isinstance(v, dict):
        for k in ("name", "id", "label", "value", "title"):
            if k in v:
                return v[k]
    return v


def _eq(a: Any, b: Any) -> bool:
    a, b = _scalar(a), _scalar(b)
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return a == b


def _matches(row_value: Any, wanted: Any) -> bool:
    wants = wanted if isinstance(wanted, list) else [wanted]
    have = row_value if isinstance(row_value, list) else [row_value]
    return any(_eq(h, w) for h in have for w in wants)


def _state_for(r: Resource, verb: str) -> tuple[str | None, Any]:
    props = r.schema.get("properties") or {}
    wanted = _VERB_STATES.get(verb, ()) + (verb + "ed", verb + "d", verb)
    for f in ("status", "state", *props):
        ps = props.get(f)
        if not isinstance(ps, Mapping) or not ps.get("enum"):
            continue
        for w in wanted:
            if w in ps["enum"]:
                return f, w
    return None, None


def _same_resource(s: Mapping[str, Any], r: Resource) -> bool:
    """Whether object schema ``s`` is ``r``'s: the same component (title), else most of its fields."""
    a, b = s.get("title"), r.schema.get("title")
    if a and b:
        return a == b
    props, rprops = set(s.get("properties") or {}), set(r.schema.get("properties") or {})
    return r.key in props and len(props & rprops) >= max(2, int(0.6 * len(rprops))) or props == rprops


def _looks_like(returns: Any, r: Resource) -> bool:
    if not isinstance(returns, Mapping):
        return False
    props = returns.get("properties") or {}
    if r.key in props:
        return True
    return any(isinstance(ps, Mapping) and r.key in (ps.get("properties") or {}) for ps in props.values())


# --- making the class ---------------------------------------------------------------------------------------


def _class_name(title: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Imported"
    return name if name[0].isalpha() else "Api" + name


def build_env_class(doc: Document, plan: Plan, *, env_id: str, overrides_sha256: str | None = None, domain: str | None = None) -> type[OpenApiEnv]:
    """The ``ToolEnv`` subclass of a planned document (not registered)."""
    from .language import draft_language_for, nouns_for

    name = _class_name(plan.title)
    dom = domain or re.sub(r"[^a-z0-9]+", "_", env_id.split("/")[-1].rsplit("-v", 1)[0].lower()).strip("_") or "api"
    cls: type[OpenApiEnv] = type(name, (OpenApiEnv,), {
        "__doc__": f"You are an assistant with access to the {plan.title} API.",
        "__module__": __name__,
        "domain": dom,
        "plan": plan,
        "ops": {o.tool: o for o in plan.operations},
        "source": {"document": plan.title, "sha256": doc.sha256, "openapi": doc.version, "env_id": env_id,
                   **({"overrides_sha256": overrides_sha256} if overrides_sha256 else {})},
        "nouns": nouns_for(plan),
    })
    cls.__qualname__ = name
    # The world's identity (and the per-process cache of built worlds) must change with the
    # document, the overrides, the sizes and the id: the version hashes them.
    cls.version = int(stable_hash([doc.sha256, overrides_sha256, env_id, dom, {r.name: r.size for r in plan.resources.values()}], length=4), 16)
    for o in plan.operations:
        _add(cls, plan, o, draft_language_for)
    if plan.synthesized_login and plan.login:
        _add_authenticate(cls, plan)
    return cls


def _tool_schema(plan: Plan, o: Operation) -> tuple[dict[str, Any], dict[str, Entity], bool]:
    props: dict[str, Any] = {}
    required: list[str] = []
    ents: dict[str, Entity] = {}
    login = o.kind == "login"
    for p in o.params:
        props[p.name] = p.schema
        if p.required or (login and _CREDENTIAL.match(p.name)):
            required.append(p.name)
        res = o.parents.get(p.name) or (o.resource if p.name == o.key_param else None) or o.entity_fields.get(p.name)
        if res and res in plan.resources:
            r = plan.resources[res]
            ents[p.name] = Entity(r.name, internal=r.internal, label=r.label)
    return {"type": "object", "properties": props, "required": required}, ents, login


def _result_entities(plan: Plan, o: Operation) -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    if o.returns is None:
        return out
    from .infer import _res_name

    claims: dict[str, list[Resource]] = {}
    for r in plan.resources.values():
        for path in _paths_to_key(o.returns, r):
            claims.setdefault(path, []).append(r)
    for path, rs in claims.items():
        # several resources share a schema: the operation's own, else the one the field is named after
        owner = [p for p in path.replace("[]", "").split(".")[:-1]]
        named = _res_name(owner[-1]) if owner else None
        best = sorted(rs, key=lambda r: (r.name != o.resource, r.name != named, r.name))[0]
        out[path] = Entity(best.name, internal=best.internal, label=best.label)
    return out


def _paths_to_key(s: Any, r: Resource, prefix: str = "", depth: int = 0) -> list[str]:
    """Result paths holding ``r``'s key: the key field of objects shaped like ``r``, and fields
    named after it (an order's ``petId``)."""
    from .infer import _refers_to

    out: list[str] = []
    if not isinstance(s, Mapping) or depth > 3:
        return out
    if s.get("type") == "array" or "items" in s:
        return _paths_to_key(s.get("items"), r, prefix + "[]", depth + 1)
    props = s.get("properties") or {}
    if r.key in props and _same_resource(s, r):
        out.append(f"{prefix}.{r.key}" if prefix else r.key)
    for k, ps in props.items():
        if k != r.key and _refers_to(k, {r.name: r}, own=None) == r.name and isinstance(ps, Mapping) and ps.get("type") in ("integer", "string"):
            out.append(f"{prefix}.{k}" if prefix else k)
        elif isinstance(ps, Mapping) and (ps.get("properties") or ps.get("items")):
            out += _paths_to_key(ps, r, f"{prefix}.{k}" if prefix else k, depth + 1)
    return out


def _add(cls: type[OpenApiEnv], plan: Plan, o: Operation, draft: Any) -> None:
    schema, ents, _ = _tool_schema(plan, o)
    desc = _plain(o.summary or o.description or f"{o.method.upper()} {o.path}").strip()
    if o.description and o.summary and _plain(o.description).strip() != desc:
        more = _plain(o.description).strip().split("\n\n")[0]
        if len(more) < 400:
            desc = f"{desc.rstrip('.')}. {more}"
    writes = o.method != "get" or o.kind in ("login", "logout")
    needs = (FLAG,) if o.secured and plan.login and o.kind not in ("login",) else ()
    est = (FLAG,) if o.kind == "login" and plan.login else ()
    rev = (FLAG,) if o.kind == "logout" and plan.login else ()

    def run(env: OpenApiEnv, _op: Operation = o, **args: Any) -> Any:
        return env._call(_op, args)

    returns = o.returns if o.returns is not None else _CONFIRM
    result_ents = _result_entities(plan, o)
    if o.kind == "create" and o.returns is None and o.resource in plan.resources:
        r = plan.resources[o.resource]
        kschema = (r.schema.get("properties") or {}).get(r.key) or {"type": r.key_type}
        returns = {**_CONFIRM, "properties": {**_CONFIRM["properties"], r.key: {k: v for k, v in kschema.items() if k != "description"}},
                   "required": [*_CONFIRM["required"], r.key]}
        result_ents[r.key] = Entity(r.name, internal=r.internal, label=r.label)
        o.result_key = r.key
    cls.add_tool(o.tool, schema, run, description=desc, returns=returns, writes=writes, needs=needs, establishes=est,
                 revokes=rev, entities=ents, result_entities=result_ents, language=draft(plan, o, schema))


def _add_authenticate(cls: type[OpenApiEnv], plan: Plan) -> None:
    from .infer import Operation, Param

    schema: dict[str, Any] = {"type": "object", "properties": {
        "username": {"type": "string", "description": "the account's username or email"},
        "password": {"type": "string", "description": "the account's password"}}, "required": ["username", "password"]}
    op = Operation(op_id="(synthesized)", tool=plan.login or "authenticate", method="post", path="(session)",
                   summary="Sign in to the API", description="", kind="login", resource=None,
                   params=[Param("username", "body", "username", schema["properties"]["username"], True),
                           Param("password", "body", "password", schema["properties"]["password"], True)],
                   returns=None, reason="synthesized: the document's security schemes need a session")
    plan.operations.append(op)
    cls.ops = {**cls.ops, op.tool: op}
    from .language import draft_language_for

    def run(env: OpenApiEnv, **args: Any) -> Any:
        return env._call(op, args)

    cls.add_tool(op.tool, schema, run, description="Sign in to the API with the account's username and password; the secured operations need it.",
                 returns=_CONFIRM, writes=True, establishes=(FLAG,), language=draft_language_for(plan, op, schema))


def from_spec(
    source: Any,
    *,
    env_id: str | None = None,
    overrides: Any = None,
    size: int = 12,
    register: bool = True,
) -> type[OpenApiEnv]:
    """Import an OpenAPI 3.0/3.1 document as a registered environment class.

    Args:
        source: a path to a YAML or JSON document, or the document as a dict.
        env_id: the id to register (default: ``openapi/<Title>-v0``).
        overrides: a mapping or a path to a YAML/JSON overrides file (see README, "Importing an
            OpenAPI document"); ``x-toolgym`` extensions on operations work the same.
        size: rows per resource in the seeded world (a resource's ``size`` override wins).
        register: register ``env_id`` (``toolgym.envs.make(env_id)`` then works).

    Raises:
        OpenApiError: the document or the overrides cannot be imported (the message says where).
    """
    doc = load_document(source)
    ov_data, ov_sha = _load_overrides(overrides)
    memo = (doc.sha256, ov_sha, size, env_id, register)
    if memo in _IMPORTED:
        return _IMPORTED[memo]
    plan = infer(doc, ov_data, size=size)
    env_id = env_id or f"openapi/{_class_name(plan.title)}-v0"
    if not re.match(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.+-]+-v\d+$", env_id):
        raise OpenApiError(f"expected an environment id like acme/Pets-v0, got {env_id!r}")
    cls = build_env_class(doc, plan, env_id=env_id, overrides_sha256=ov_sha)
    if register:
        from toolgym.envs.registry import register as reg

        reg(env_id, entry_point=cls, source="openapi")
    _IMPORTED[memo] = cls
    return cls


# (document sha256, overrides sha256, size, id, registered) -> the class: importing the same
# document again in one process gives the same class (the registry refuses a second one).
_IMPORTED: dict[tuple[Any, ...], type[OpenApiEnv]] = {}


def _load_overrides(overrides: Any) -> tuple[dict[str, Any] | None, str | None]:
    if overrides is None:
        return None, None
    if isinstance(overrides, Mapping):
        data = dict(overrides)
        return data, stable_hash(data, length=16)
    import hashlib

    from .document import _load_bytes

    path = str(overrides)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise OpenApiError(f"cannot read the overrides file {path!r}: {e.strerror}") from None
    data = _load_bytes(raw, path) or {}
    if not isinstance(data, Mapping):
        raise OpenApiError(f"{path}: expected a mapping (operations, resources), got {type(data).__name__}")
    return dict(data), hashlib.sha256(raw).hexdigest()

"""Language drafted from an OpenAPI document, so that ``toolgym synth`` works on an import.

Per operation, from what the document says: asks and a task from the operation's kind, its
resource's name and its summary (``Finds Pets by status.`` -> "find pets by status"); a context
phrase per lookup input; a modifier phrase per parameter (``with the ship date {}``); phrases for
every boolean and enum value (``with status available``), which is what lets the grounding check
accept them; nouns for the resources, named by their label field ("the pet doggie"); answers
that state the response's scalar fields (the label, a status, then other fields) and name list
items by their label (``each``). It reads plainly rather than beautifully: an author who wants
better words writes a ``language`` mapping and passes it in the overrides' place (the generated
package has one, ready to edit).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from toolgym.envs.language import Answer, Noun, ToolLanguage, enum_values, is_bool

from .infer import Operation, Plan, Resource, unwrap_item, unwrap_list

__all__ = ["draft_language_for", "nouns_for", "imperative"]

_VERBS = {"finds": "find", "returns": "get", "return": "get", "retrieves": "get", "retrieve": "get", "gets": "get", "lists": "list",
          "creates": "create", "updates": "update", "deletes": "delete", "removes": "remove", "adds": "add", "places": "place",
          "uploads": "upload", "logs": "log", "sends": "send", "searches": "search", "fetches": "fetch", "cancels": "cancel",
          "starts": "start", "stops": "stop", "restarts": "restart", "modifies": "modify", "replaces": "replace", "sets": "set",
          "checks": "check", "shows": "show", "describes": "describe", "downloads": "download", "installs": "install",
          "initiates": "initiate", "captures": "capture", "confirms": "confirm", "attaches": "attach", "detaches": "detach",
          "assigns": "assign", "unassigns": "unassign", "applies": "apply", "reads": "read", "counts": "count", "pays": "pay",
          "verifies": "verify", "refunds": "refund", "resizes": "resize", "renames": "rename", "reboots": "reboot"}
_KNOWN_VERBS = set(_VERBS.values()) | {"info", "list", "get", "find", "create", "update", "delete", "add", "remove", "search",
                                       "post", "put", "patch", "run", "retry", "approve", "reject", "archive", "enable", "disable",
                                       "perform", "register", "submit", "transfer", "trigger", "validate", "preview", "void",
                                       "mark", "finalize", "close", "open", "resume", "pause", "kill", "power", "shutdown",
                                       "reset", "revoke", "rotate", "test", "invite", "accept", "decline", "move", "copy", "sync", "write",
                                       "display", "compare", "sort", "change", "count", "estimate", "return", "view", "follow", "unfollow", "comment", "mention", "share", "book", "buy", "sell", "purchase",
                                       "lock", "unlock", "press", "release", "set", "fill", "activate", "adjust", "convert",
                                       "calculate", "compute", "round", "multiply", "divide", "subtract", "log", "login",
                                       "logout", "edit", "resolve", "escalate", "notify", "fund", "withdraw", "deposit", "navigate",
                                       "turn", "toggle", "authenticate", "contact", "exchange", "set up", "schedule", "load"}
_SKIP_ANSWER = re.compile(r"(^|_)(id|ids|uuid|url|uri|href|token|password|secret|object|livemode|metadata)$|^(id|url)$", re.I)
_STATUSISH = ("status", "state", "phase")


def human(name: str) -> str:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    s = re.sub(r"(^|[_\s])(id|ids)$", "", s) if len(s) > 3 else s
    s = s.replace("_", " ").replace("-", " ").strip().lower()
    return s or name.lower()


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text or "")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"[`*_#{}]", "", text)
    return " ".join(text.split())


def imperative(summary: str) -> str:
    """A summary as an infinitive phrase: ``Finds Pets by status.`` -> "find pets by status"."""
    s = _plain(summary).split(". ")[0].rstrip(".!:; ")
    if not s:
        return ""
    words = s.split(" ")
    first = words[0].lower()
    if first in _VERBS:
        words[0] = _VERBS[first]
    elif first.endswith("ies") and first[:-3] + "y" in _KNOWN_VERBS:
        words[0] = first[:-3] + "y"
    elif first.endswith("s") and first[:-1] in _KNOWN_VERBS:
        words[0] = first[:-1]
    elif first not in _KNOWN_VERBS:
        words = ["get", words[0][:1].lower() + words[0][1:], *words[1:]]
    else:
        words[0] = first
    out = []
    for w in words:
        out.append(w if (w.isupper() and len(w) > 1) or any(c.isdigit() for c in w) else w.lower())
    phrase = " ".join(out)
    return phrase if len(phrase) <= 90 else phrase[:90].rsplit(" ", 1)[0]


def nouns_for(plan: Plan) -> dict[str, Noun]:
    out = {}
    for r in plan.resources.values():
        n = human(r.name)
        named = (f"the {n} {{}}", f"my {n} {{}}", "{}") if r.label else ("{}",)
        out[r.name] = Noun(n, named=named)
    return out


def _enum_words(v: Any) -> str:
    return str(v).replace("_", " ").replace("-", " ")


def _param_phrases(name: str, schema: Mapping[str, Any], kind: str, required: bool) -> Any:
    h = human(name)
    if is_bool(schema):
        return {True: (f"with {h} switched on", f"with {h} set to true"), False: (f"with {h} switched off", f"with {h} set to false")}
    ev = enum_values(schema)
    if ev is not None:
        return {v: (f"with {h} {_enum_words(v)}", f"where the {h} is {_enum_words(v)}") for v in ev if v is not None}
    items = schema.get("items") if isinstance(schema.get("items"), Mapping) else None
    if items is not None and enum_values(items) is not None:
        return (f"with {h} {{}}", f"for the {h} {{}}")
    if kind == "update":
        return (f"setting its {h} to {{}}", f"with the new {h} {{}}", f"changing the {h} to {{}}")
    if kind == "list":
        return (f"with {h} {{}}", f"where the {h} is {{}}")
    return (f"with the {h} {{}}", f"with {h} {{}}")


def _result_object(op: Operation, res: Resource | None) -> tuple[dict[str, Any] | None, str]:
    """The object an answer reports and the path prefix to it (``droplet.`` when wrapped)."""
    s = op.returns
    if not isinstance(s, Mapping):
        return None, ""
    if op.item_wrapper:
        inner = (s.get("properties") or {}).get(op.item_wrapper)
        return (dict(inner) if isinstance(inner, Mapping) else None), op.item_wrapper + "."
    if s.get("type") == "array":
        return None, ""
    obj, wrap = unwrap_item(s, res.name if res else None)
    if obj is None:
        return None, ""
    return obj, (wrap + "." if wrap else "")


def _answer_fields(obj: Mapping[str, Any], res: Resource | None, limit: int = 3) -> list[str]:
    props = obj.get("properties") or {}
    fields: list[str] = []

    def scalar(ps: Any) -> bool:
        if not isinstance(ps, Mapping):
            return False
        t = ps.get("type")
        t = [x for x in t if x != "null"][0] if isinstance(t, list) and [x for x in t if x != "null"] else t
        return t in ("string", "integer", "number") and ps.get("format") not in ("binary", "byte")

    if res is not None and res.label and res.label in props and scalar(props[res.label]):
        fields.append(res.label)
    for f in _STATUSISH:
        if f in props and scalar(props[f]) and f not in fields:
            fields.append(f)
    for f, ps in props.items():
        if len(fields) >= limit:
            break
        if f in fields or _SKIP_ANSWER.search(f) or not scalar(ps) or (res is not None and f == res.key):
            continue
        fields.append(f)
    return fields[:limit]


def _sentences(fields: list[str], lead: str, noun: str) -> tuple[str, ...]:
    if not fields:
        return ()
    parts = [f"{human(f.rsplit('.', 1)[-1])} {{{f}}}" for f in fields]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (f"{lead} {listed}.", f"Here it is: the {noun} has {listed}.", f"The {noun} shows {listed}.")


def _write_answer(kind: str, n: str, res: Resource, obj: Mapping[str, Any], prefix: str, k: str | None) -> Answer:
    """A write's answer: what was made or changed, named when the result names it (nothing required)."""
    props = obj.get("properties") or {}
    label = f"{{{prefix}{res.label}}}" if res.label and res.label in props else None
    key = f"{{{prefix}{res.key}}}" if res.key in props else None
    ref = f"{{{k}}}" if k else f"the {n}"
    if kind == "create":
        says = [f"I've created the new {n}.", f"The {n} is created."]
        if label:
            says += [f"I've created the {n} {label}.", f"The new {n} {label} is set up."]
        if key and res.internal:
            says += [f"I've created the {n}; its {human(res.key) or 'id'} is {key}.", f"Done: the new {n} has {human(res.key) or 'id'} {key}."]
    elif kind == "update":
        says = [f"I've updated {ref}.", f"{ref} is updated." if k else f"The {n} is updated."]
    else:
        says = [f"Done for {ref}.", f"That's done for {ref}."]
    return Answer(says=tuple(says))


def draft_language_for(plan: Plan, op: Operation, schema: Mapping[str, Any]) -> ToolLanguage:
    props: dict[str, Any] = dict(schema.get("properties") or {})
    required = set(schema.get("required") or ())
    res = plan.resources.get(op.resource or "")
    n = human(res.name) if res else "item"
    ns = n + ("es" if n.endswith(("s", "x", "ch", "sh")) else "s")
    k = op.key_param if op.key_param in props else None
    summary = imperative(op.summary or op.description or "")
    kind = op.kind
    asks: list[str] = []
    task: list[str] = []
    context: list[str] = []
    if kind == "list":
        asks = [f"list the {ns}", f"show me the {ns}", f"which {ns} are there?", f"what {ns} do you have?",
                f"get me the list of {ns}", f"pull up the {ns}"]
        task = [f"list the {ns}"]
    elif kind == "read" and k:
        asks = [f"show me {{{k}}}", f"look up {{{k}}}", f"get the details of {{{k}}}", f"what do you have on {{{k}}}?",
                f"pull up {{{k}}}", f"find {{{k}}} for me"]
        task = [f"look up {{{k}}}", f"get the details of {{{k}}}"]
    elif kind in ("create", "bulk_create"):
        a = "an" if n[:1] in "aeiou" else "a"
        asks = [f"create a new {n}", f"add {a} {n}", f"set up a new {n}", f"make a new {n}", f"register a new {n}",
                f"I'd like to add {a} {n}"]
        task = [f"create a new {n}", f"add {a} {n}"]
        if kind == "bulk_create":
            asks = [f"add these {ns}", f"create these {ns} in one go", f"register these new {ns}", f"set up these {ns}",
                    f"I want to add several {ns}", f"make these {ns}"]
            task = [f"create several {ns}"]
    elif kind == "update" and k:
        asks = [f"update {{{k}}}", f"change {{{k}}}", f"edit {{{k}}}", f"modify {{{k}}}", f"make a change to {{{k}}}",
                f"I need {{{k}}} updated"]
        task = [f"update {{{k}}}"]
    elif kind == "delete" and k:
        asks = [f"delete {{{k}}}", f"remove {{{k}}}", f"get rid of {{{k}}}", f"I want {{{k}}} deleted", f"erase {{{k}}}",
                f"take {{{k}}} off the system"]
        task = [f"delete {{{k}}}"]
    elif kind == "login":
        user = next((p for p in props if p.lower() in ("username", "user", "login", "email", "user_name")), None)
        pw = next((p for p in props if "pass" in p.lower()), None)
        if user and pw:
            asks = [f"log me in as {{{user}}} with password {{{pw}}}", f"sign in as {{{user}}}, password {{{pw}}}",
                    f"my login is {{{user}}} / {{{pw}}}, get me signed in", f"log in for me: {{{user}}}, password {{{pw}}}",
                    f"I'm {{{user}}} and my password is {{{pw}}}; sign me in", f"get me logged in with {{{user}}} and {{{pw}}}"]
            context = [f"my username is {{{user}}} and my password is {{{pw}}}", f"I log in as {{{user}}} with {{{pw}}}",
                       f"my login is {{{user}}}, password {{{pw}}}"]
            task = [f"log in as {{{user}}}", "sign in with the user's credentials"]
        else:
            asks = ["log me in", "sign me in", "get me signed in", "open a session for me", "log in for me", "authenticate me"]
            task = ["sign in"]
    elif kind == "logout":
        asks = ["log me out", "sign me out", "end my session", "close my session", "log out of my account", "I'm done, sign me out"]
        task = ["log out"]
    if not asks:
        base = summary or human(op.tool)
        tail = f" for {{{k}}}" if k else ""
        asks = [f"{base}{tail}", f"I need to {base}{tail}", f"go ahead and {base}{tail}", f"I want you to {base}{tail}",
                f"help me {base}{tail}", f"I'd like to {base}{tail}"]
        task = [f"{base}{tail}"]
    if not task:
        task = [summary or human(op.tool)]
    # modifier phrases for every parameter an ask does not place
    placed = {p for a in asks for p in re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", a)}
    params: dict[str, Any] = {}
    for p, ps in props.items():
        if p in placed and not (is_bool(ps) or enum_values(ps) is not None):
            continue
        if p in op.parents or p == k or p in op.entity_fields:
            params[p] = ("for {}",)
            continue
        params[p] = _param_phrases(p, ps, kind, p in required)
    # context: the facts a lookup needs when it is a step the user did not ask for
    if kind in ("list", "read", "request") and not context:
        for p in [p for p in props if p in required and p not in op.parents and p != k]:
            context.append(f"the {human(p)} is {{{p}}}")
    # answers
    ans = Answer(says=("Done.", "That's done.", "All set."))
    if kind == "list":
        item_s, _ = unwrap_list(op.returns, res.name if res else None)
        iprops = (item_s or {}).get("properties") or {}
        label = res.label if res and res.label in iprops else next((f for f in ("name", "title") if f in iprops), None)
        label = label or (res.key if res and res.key in iprops else None)
        status = next((f for f in _STATUSISH if f in iprops and f != label), None)
        each = (f"{{{label}}} ({{{status}}})" if status else f"{{{label}}}") if label else "{result}"
        ans = Answer(each=each, items=op.wrapper, says=(f"I found {{count}} {ns}: {{items}}.", f"There are {{count}} {ns}: {{items}}.",
                                                         f"Here are the {ns}: {{items}}."),
                     empty=(f"There are no {ns} matching that.", f"I couldn't find any {ns}."))
    elif kind in ("login",):
        ans = Answer(says=("You're signed in.", "You're logged in now.", "I've signed you in."))
    elif kind == "logout":
        ans = Answer(says=("You're logged out.", "Your session is closed.", "Signed out."))
    elif kind == "delete":
        ref = f"{{{k}}}" if k else f"the {n}"
        ans = Answer(says=(f"I've deleted {ref}.", f"{ref[0].upper() + ref[1:] if not k else ref} is deleted.", f"Done: {ref} is gone."))
    elif op.returns is not None:
        obj, prefix = _result_object(op, res)
        if kind in ("create", "update", "action") and obj is not None and res is not None:
            ans = _write_answer(kind, n, res, obj, prefix, k)
        elif obj is not None and (obj.get("properties") or {}):
            fields = [prefix + f for f in _answer_fields(obj, res if obj is not None else None)]
            lead = {"create": f"I've created the {n} with", "update": f"The {n} is updated, with", "action": f"Done. The {n} now has",
                    "read": f"The {n} has"}.get(kind, "It came back with")
            says = _sentences(fields, lead, n)
            if says:
                ans = Answer(fields=tuple(fields), says=says)
        elif op.returns.get("type") in ("string", "integer", "number"):
            ans = Answer(says=("The result is {result}.", "It came back with {result}.", "The answer is {result}."))
    if kind == "request" and isinstance(op.returns, Mapping) and op.returns.get("type") == "array":
        items = op.returns.get("items")
        item = items if isinstance(items, Mapping) else {}
        if item.get("type") in ("string", "integer", "number") or "enum" in item:
            ans = Answer(each="{result}", says=("I found {count}: {items}.", "There are {count}: {items}.", "Here they are: {items}."),
                         empty=("There are none.", "I found nothing."))
    return ToolLanguage(task=tuple(dict.fromkeys(task)), asks=tuple(dict.fromkeys(asks)), context=tuple(context), params=params,
                        answer=_checked_answer(ans, op, props), values=_values(op, props, k))


_NOT_FREE = re.compile(r"(pass|secret|token|key|email|url|uri|phone|date|time|_at$|id$|Id$)", re.I)


def _values(op: Operation, props: Mapping[str, Any], k: str | None) -> dict[str, tuple[Any, ...]]:
    """Values a user would type for the free-text inputs of a write (a new pet's name, a tag):
    drawn from the schema and the field's name like the world's rows, so that a request is not
    filled with the user's own name."""
    import random

    from .seed import gen_value

    if op.kind not in ("create", "update", "action", "bulk_create", "request") or op.method == "get":
        return {}
    out: dict[str, tuple[Any, ...]] = {}
    for p, ps in props.items():
        if p == k or p in op.parents or p in op.entity_fields or _NOT_FREE.search(p) or not isinstance(ps, Mapping):
            continue
        if ps.get("type") != "string" or "enum" in ps or ps.get("format") or ps.get("pattern"):
            continue
        rng = random.Random(f"{op.tool}:{p}")
        vals = [gen_value(p, ps, rng) for _ in range(16)]
        vals = [v for v in dict.fromkeys(vals) if isinstance(v, str) and v.strip()]
        if len(vals) >= 4:
            out[p] = tuple(vals)
    return out


def _checked_answer(ans: Answer, op: Operation, props: Mapping[str, Any]) -> Answer:
    """Only sentences whose placeholders the result schema (as the SDK reads it) has."""
    from toolgym.envs.language import placeholders, result_paths

    paths = result_paths(op.returns) if op.returns is not None else None
    if paths is None or ans.is_list:
        return ans

    def ok(t: str) -> bool:
        return all(p in ("count", "items", "result") or p in props or p in paths for p in placeholders(t))

    says = tuple(t for t in ans.says if ok(t))
    fields = tuple(f for f in ans.fields if f in paths)
    if not says or len(fields) != len(ans.fields):
        return Answer(says=("Done.", "That's done.", "All set."))
    return Answer(says=says, fields=fields, when=ans.when)

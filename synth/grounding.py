"""Argument grounding: values for a call's parameters, each with its provenance.

A call's arguments come from where a real user's request would get them:

* an **internal entity** parameter (an id only a tool can produce) takes a value an earlier
  result revealed (:class:`Known`), with ``ArgSource(kind="result", call_id, path, label)``;
  ``label`` is the entity's label field in the same result object (the user's *name* for a user
  id), so a query writer can refer to it the way a user would;
* every other parameter is **user-side** (``kind="user"``): an enum or a default of the schema,
  the persona's own details (email, password, home city...), a value of a same-named field of
  the world (names, cities, amounts, dates: what a user could plausibly know), the label values
  of the entities the tool looks up (a search's ``query`` gets a contact's name), a Faker pool,
  or a value drawn from the schema (format, range). Optional parameters are sometimes left out.

Everything is drawn from the caller's seeded ``random.Random``. The per-environment plan of
which source serves which parameter is computed once per environment class (:meth:`Grounder.of`).
"""

from __future__ import annotations

import datetime as _dt
import re
import string
from collections.abc import Callable
from random import Random
from typing import TYPE_CHECKING, Any

from toolgym.envs.graph import ApiGraph, _segments, extract
from toolgym.envs.lru import LruCache

from .chain import ArgSource

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv

__all__ = ["Known", "Grounder", "USER", "DEFAULT"]

def _construct(**fields: Any) -> ArgSource:
    from .chain import fast_model

    return fast_model(ArgSource, **fields)


USER = _construct(kind="user", call_id=None, path=None, label=None)
DEFAULT = _construct(kind="default", call_id=None, path=None, label=None)
_ITEMS_CAP = 12  # items of one result list worth remembering (a search's first hits)
_KNOWN_CAP = 64  # values kept per entity type (a search can reveal hundreds)
_OPTIONAL_P = 0.3  # how often an optional parameter is filled in

# Name hints for parameters no world field matches: name fragment -> pool.
_POOL_HINTS = (
    (("city", "town", "origin", "destination"), "city"),
    (("country",), "country"),
    (("company", "organization"), "company"),
    (("street", "address"), "street_address"),
    (("color", "colour"), "color_name"),
    (("phone",), "phone_number"),
    (("iban",), "iban"),
    (("plate",), "license_plate"),
    (("product",), "product_name"),
    (("job", "title"), "job"),
    (("message", "text", "body", "note", "content", "comment", "description", "reason", "memo", "caption", "bio"), "sentence"),
    (("word", "tag", "label", "keyword", "topic", "subject"), "word"),
)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z_]{2,}")
_QUOTED_ANY = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUM_RE = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
_MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
_TIME_RE = re.compile(r"^\d{2}:\d{2}$")
_RANGE_RE = re.compile(r"(-?\d+(?:\.\d+)?)\s*(?:-|to|and|\.\.)\s*(-?\d+(?:\.\d+)?)")
_QUOTED_RE = re.compile(r"[\"'`]([^\"'`\s][^\"'`]{0,30})[\"'`]")
_CODES_RE = re.compile(r"\b(?:like|e\.g\.|eg|such as|for example)\s+((?:[A-Z]{2,5}(?:,\s*|\s+or\s+|\s+and\s+)?)+)")
_AMOUNT_WORDS = ("amount", "price", "quantity", "qty", "count", "total", "limit", "size", "number_of", "psi", "duration", "minutes", "hours", "days")
_CREATE_PREFIXES = ("create_", "add_", "new_", "register_", "make_", "save_", "open_", "book_")
_PREFIXES = ("new_", "old_", "min_", "max_", "from_", "to_", "target_", "current_")
_QUERY_NAMES = ("query", "q", "search", "keyword", "keywords", "term", "name", "pattern", "filter")


_NAMING_FIELDS: tuple[str, ...] = ("name", "title", "subject")  # fields a user names a thing by, in order


class Known:
    """Entity values revealed by earlier results: type -> [(value, call_id, path, label, parent)].

    Also remembers, per tool, the entity values a failed call of that tool used (execution
    feedback within one episode): a value that made ``cancel_event`` fail (someone else's event)
    is not offered to ``cancel_event`` again, so the sampler looks for another.
    """

    __slots__ = ("values", "bad", "bad_user", "_fails", "numbers", "prefer", "_usable")

    def __init__(self) -> None:
        self.values: dict[str, list[tuple[Any, str, str, str | None, Any]]] = {}
        self.bad: dict[str, set[Any]] = {}
        self.bad_user: dict[tuple[str, str], set[Any]] = {}
        self._fails: dict[str, int] = {}
        self.numbers: dict[str, list[float]] = {}
        self.prefer: dict[str, frozenset[str]] = {}
        # usable() answers, dropped whenever values or failures change: the sampler asks for
        # every offered tool at every step, and a failed search can mark a whole bucket bad
        self._usable: dict[tuple[str, str], bool] = {}

    def words_from(self, tool: str, error: str) -> None:
        """Words an error of ``tool`` uses ("only pending orders can be changed"): values whose
        result object has a field equal to one of them ({"status": "pending"}) are preferred."""
        # quoted words echo what was wrong ("its status is 'delivered'"); the rest says what
        # would be right ("only pending orders")
        words = frozenset(w.lower() for w in _WORD_RE.findall(_QUOTED_ANY.sub(" ", error)))
        if words:
            self.prefer[tool] = words

    def numbers_from(self, tool: str, error: str) -> None:
        """Numbers an error of ``tool`` names ("below the 3377.26 USD already committed"):
        the next numeric arguments of ``tool`` are drawn around them."""
        nums = [float(m) for m in _NUM_RE.findall(error)]
        if nums:
            self.numbers[tool] = nums[:6]

    def unhelpful(self, tool: str, args: dict[str, Any], params: list[str]) -> None:
        """Remember user-side values that made ``tool`` fail or find nothing (drawn again next time)."""
        for p in params:
            v = args.get(p)
            if isinstance(v, (str, int, float)) and not isinstance(v, bool):
                self.bad_user.setdefault((tool, p), set()).add(v)

    def get(self, entity: str, default: Any = None) -> Any:
        return self.values.get(entity, default)

    def __contains__(self, entity: str) -> bool:
        return bool(self.values.get(entity))

    def keys(self) -> Any:
        return self.values.keys()

    def items(self) -> Any:
        return self.values.items()

    def usable(self, tool: str, entity: str) -> bool:
        """Whether some known value of ``entity`` has not failed for ``tool``."""
        key = (tool, entity)
        got = self._usable.get(key)
        if got is None:
            vals = self.values.get(entity)
            bad = self.bad.get(tool)
            got = self._usable[key] = bool(vals) and (not bad or any(v[0] not in bad for v in vals or ()))
        return got

    def choose(self, tool: str, entity: str, rng: Random) -> tuple[Any, str, str, str | None, Any] | None:
        """A known value for ``tool``: often one the latest call revealed, else any."""
        vals = self.values.get(entity)
        if not vals:
            return None
        bad = self.bad.get(tool)
        if bad:
            vals = [v for v in vals if v[0] not in bad] or vals
        prefer = self.prefer.get(tool)
        if prefer and len(vals) > 1:
            vals = [v for v in vals if _matches(v[4], prefer)] or vals
        if len(vals) == 1:
            return vals[0]
        if rng.random() < 0.4:
            last = vals[-1][1]
            recent = [v for v in vals if v[1] == last]
            return rng.choice(recent)
        return rng.choice(vals)

    def failed(self, tool: str, args: dict[str, Any], internal_params: list[str]) -> None:
        """Remember the internal values a failed call of ``tool`` used.

        From the second failure of a tool on, every value that came from the same result as a
        failing one is dropped for it too: one search's hits tend to fail alike (all of them
        someone else's events), so the sampler had better find values elsewhere.
        """
        used: list[Any] = []
        for p in internal_params:
            v = args.get(p)
            for x in v if isinstance(v, list) else (v,):
                if isinstance(x, (str, int)) and not isinstance(x, bool):
                    used.append(x)
        if not used:
            return
        self._usable.clear()
        bad = self.bad.setdefault(tool, set())
        bad.update(used)
        n = self._fails[tool] = self._fails.get(tool, 0) + 1
        if n >= 2:
            prefer = self.prefer.get(tool)
            if not (prefer and any(_matches(v[4], prefer) for vals in self.values.values() for v in vals if v[0] not in bad)):
                calls = {v[1] for vals in self.values.values() for v in vals if v[0] in bad}
                for vals in self.values.values():
                    bad.update(v[0] for v in vals if v[1] in calls)

    def reveal(self, graph: ApiGraph, tool: str, call_id: str, content: Any) -> None:
        """Record the entity values a successful result of ``tool`` holds."""
        self._usable.clear()
        for slot, segs, label in _result_plan(graph, tool):
            bucket = self.values.setdefault(slot.entity, [])
            if len(bucket) >= _KNOWN_CAP:
                del bucket[: len(bucket) - _KNOWN_CAP // 2]  # keep the newest half
            for value, path, parent in extract(content, segs, _ITEMS_CAP):
                if value is None or isinstance(value, (dict, list, bool)):
                    continue
                lab = parent.get(label) if label and isinstance(parent, dict) else None
                bucket.append((value, call_id, path, lab if isinstance(lab, str) else None, parent))
                if len(bucket) >= _KNOWN_CAP:
                    break


def _matches(parent: Any, words: frozenset[str]) -> bool:
    if not isinstance(parent, dict):
        return False
    for v in parent.values():
        if isinstance(v, str) and v.lower() in words:
            return True
    return False


def _result_plan(graph: ApiGraph, tool: str) -> list[tuple[Any, tuple[str, ...], str | None]]:
    cache = graph._derived.setdefault("result_plan", {})
    plan = cache.get(tool)
    if plan is None:
        plan = cache[tool] = [(s, _segments(s.path), s.label or graph.entity_label(s.entity)) for s in graph.produced(tool)]
    return plan


def _json_type(schema: dict[str, Any]) -> str | None:
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), None)
    if t is None and "enum" in schema:
        return "enum"
    return t


def _type_ok(v: Any, t: str | None) -> bool:
    if t == "string":
        return isinstance(v, str)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "boolean":
        return isinstance(v, bool)
    return False


def _shape(name: str, schema: dict[str, Any]) -> str | None:
    """``"date"`` or ``"time"`` when the name, format or description says so (HH:MM...)."""
    desc = str(schema.get("description", ""))
    fmt = schema.get("format")
    low = name.lower()
    if fmt == "date" or "YYYY-MM-DD" in desc and "HH" not in desc:
        return "date"
    if "YYYY-MM" in desc:
        return "month"
    if fmt == "time" or "HH:MM" in desc and "YYYY" not in desc:
        return "time"
    if fmt == "date-time":
        return "datetime"
    if schema.get("type") == "string" and (low == "date" or low.endswith("_date") or low.startswith("date_")):
        return "date"
    return None


def _examples(desc: str) -> list[str]:
    """Example values a docstring names: quoted tokens ("km", 'miles') and codes (like USD, EUR)."""
    out = [m for m in _QUOTED_RE.findall(desc) if not m.endswith(("=", "("))]
    for m in _CODES_RE.findall(desc):
        out += re.findall(r"[A-Z]{2,5}", m)
    return list(dict.fromkeys(out))


def _desc_range(schema: dict[str, Any]) -> tuple[float, float] | None:
    """A numeric range a docstring states ("between 5 and 600", "(1-100)")."""
    m = _RANGE_RE.search(str(schema.get("description", "")))
    if not m:
        return None
    lo, hi = float(m[1]), float(m[2])
    return (lo, hi) if lo < hi else None


def _fit(v: Any, schema: dict[str, Any], t: str | None, shape: str | None = None) -> bool:
    """Whether a found value satisfies the simple constraints of the parameter's schema."""
    if t == "array":
        # an authored list ("summary statistics of 12, 15.5 and 20"): its length and item types
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        it = _json_type(items) if items else None
        return isinstance(v, list) and schema.get("minItems", 0) <= len(v) <= schema.get("maxItems", len(v)) \
            and (it is None or all(_type_ok(x, it) for x in v))
    if not _type_ok(v, t):
        return False
    if t in ("integer", "number"):
        if "minimum" in schema and v < schema["minimum"] or "maximum" in schema and v > schema["maximum"]:
            return False
    if t == "string":
        if len(v) < schema.get("minLength", 0) or ("maxLength" in schema and len(v) > schema["maxLength"]):
            return False
        if shape == "date" and not _DATE_RE.match(v) or shape == "time" and not _TIME_RE.match(v):
            return False
        if shape == "month" and not _MONTH_RE.match(v):
            return False
    return True


class _WorldIndex:
    """Which world tables hold a scalar field of a given name, also one level down
    (``address.zip``), from one built world (tables have the same shape for every seed)."""

    def __init__(self, env: ToolEnv):
        self.fields: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self.table_fields: dict[str, set[str]] = {}
        for tname, table in env.world.tables.items():
            if tname.endswith(".vars"):
                continue
            for row in list(table.values())[:1]:
                if isinstance(row, dict):
                    self.table_fields[tname] = set(row)
                    for k, v in row.items():
                        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
                            self.fields.setdefault(k, []).append((tname, (k,)))
                        elif isinstance(v, dict):
                            for k2, v2 in v.items():
                                if isinstance(v2, (str, int, float)) and not isinstance(v2, bool):
                                    self.fields.setdefault(k2, []).append((tname, (k, k2)))
        self._persona_rows: dict[tuple[str, str], Any] = {}

    def tables_for(self, field: str, tool: str) -> list[tuple[str, tuple[str, ...]]]:
        """Where ``field`` lives, tables named like the tool first (``list_events`` -> events)."""
        places = self.fields.get(field, [])
        words = {w.rstrip("s") for w in tool.lower().split("_") if len(w) > 2}
        near = [p for p in places if p[0].split(".", 1)[-1].rstrip("s") in words]
        return near or places

    def persona_row(self, env: ToolEnv, tname: str) -> Any:
        """The row of ``tname`` that is the persona's own (same email, username or name), if any."""
        key = (env.world.identity, tname)
        if key not in self._persona_rows:
            if len(self._persona_rows) > 64:
                self._persona_rows.clear()  # one world at a time matters; never grow with a run
            p = env.world.persona
            marks = {p.get("email"), p.get("username"), p.get("name")} - {None}
            found = None
            table = env.world.tables.get(tname)
            if table is not None:
                for row in table.values():
                    if isinstance(row, dict) and (row.get("email") in marks or row.get("username") in marks or row.get("name") in marks):
                        found = row
                        break
            self._persona_rows[key] = found
        return self._persona_rows[key]

    @staticmethod
    def get(row: Any, path: tuple[str, ...]) -> Any:
        for k in path:
            if not isinstance(row, dict):
                return None
            row = row.get(k)
        return row

    def sample(self, env: ToolEnv, places: list[tuple[str, tuple[str, ...]]], rng: Random, memo: dict[str, Any]) -> Any:
        """A value from a random row; rows already used by this call are reused (an email and a
        zip code of the same customer), the persona's own row first when the persona is in play."""
        if not places:
            return None
        tname, path = places[0] if len(places) == 1 else rng.choice(places)
        row = memo.get(tname)
        if row is None and memo.get("@persona") and rng.random() < 0.9:
            row = self.persona_row(env, tname)
        if row is None:
            t = env.world.tables.get(tname)
            if not t:
                return None
            rows = t._rows
            row = rows[rng.choice(list(rows))] if len(rows) > 1 else next(iter(rows.values()))
            memo[tname] = row
        return self.get(row, path)


def _reference_env(env: ToolEnv) -> ToolEnv:
    """A fresh env like ``env`` reset to seed 0, never ``env``'s own world.

    The grounder is cached per process and built on first use; were it read from the world the
    caller's env holds, what it knows would depend on which record came first in the process,
    and a run on two workers (or resumed half-way) would write other bytes than one process.
    (Composed envs once fell back to exactly that: their config was not a valid constructor
    argument.)
    """
    try:
        ref = type(env)(**env.config)
    except Exception:  # noqa: BLE001 - an env whose constructor needs more than its config
        import copy

        ref = copy.deepcopy(env)  # a copy: its reset leaves the caller's world as it is
    ref.spec = getattr(env, "spec", None)
    ref.reset(seed=0)
    return ref


class Grounder:
    """Grounds the arguments of an environment's tools (one per environment class, cached)."""

    _cache: LruCache[Any, Grounder] = LruCache(32)  # bounded, as ApiGraph's

    def __init__(self, env: ToolEnv, graph: ApiGraph):
        self.graph = graph
        # The shape of the world (which tables have which fields) is read from the world of
        # seed 0, whatever seed the caller's env was reset to: a run resumed at episode k must
        # ground exactly as the uninterrupted run did.
        ref = _reference_env(env)
        self.world = _WorldIndex(ref)
        # The persona is built lazily (~250 us); only parameters named like one of its fields
        # touch it.
        self.persona_keys = frozenset(k for k, v in ref.world.persona.items() if isinstance(v, (str, int, float)))
        self._plans: dict[str, list[tuple[str, dict[str, Any], bool, Callable[..., Any]]]] = {}
        self.blind = self._blind_params()
        # What the sampler plans on: the graph plus, as requirements, the user-knowable values
        # it can only get from a result (see _blind_params).
        self.plan_graph = graph.with_requirements({t: {e for _, e in ps} for t, ps in self.blind.items()})

    def _user_fields(self, tool: str, pname: str) -> list[str]:
        low = pname.lower()
        base = next((pname[len(p):] for p in _PREFIXES if low.startswith(p) and len(pname) > len(p)), pname)
        short = next((base[: -len(x)] for x in ("_code", "_number", "_name", "_text") if base.endswith(x) and len(base) > len(x) + 1), base)
        fields = [f for f in dict.fromkeys((pname, base, short)) if f in self.world.fields]
        if not fields and len(base) >= 3 and self.graph.param_entity(tool, pname) is None:
            # "pin" is the car's "owner_pin": a field named "<something>_<param>". Not for an
            # entity (a path is not any "original_path" of the trash).
            fields = sorted(f for f in self.world.fields if f.endswith("_" + base))[:3]
        return fields

    def _blind_params(self) -> dict[str, set[tuple[str, str]]]:
        """Required user-knowable entity parameters with no user-side source but a producer.

        A file path is something a user may know, but this world offers no field, persona
        value or documented example to draw one from; only ``find`` reveals real ones. Drawing
        a random word would fail every time, so the sampler treats such a parameter like an id:
        reveal a value first.
        """
        graph = self.graph
        producers = {s.entity for slots in graph.result_slots.values() for s in slots}
        out: dict[str, set[tuple[str, str]]] = {}
        for tool, td in graph.tooldefs.items():
            props = td.spec.parameters.get("properties", {})
            required = set(td.spec.parameters.get("required", []))
            for s in graph.entity_slots(tool):
                if s.internal or s.path != s.param or s.param not in required or s.entity not in producers:
                    continue
                ps = props.get(s.param, {})
                if "enum" in ps or self._user_fields(tool, s.param) or s.param in self.persona_keys:
                    continue
                if _examples(str(ps.get("description", ""))):
                    continue
                out.setdefault(tool, set()).add((s.param, s.entity))
        return out

    @classmethod
    def of(cls, env: ToolEnv, graph: ApiGraph | None = None) -> Grounder:
        """The cached grounder of ``env``'s class and config (``env`` must have been reset)."""
        key = (type(env), repr(sorted(env.config.items())))
        g = cls._cache.get(key)
        if g is None:
            g = cls._cache[key] = cls(env, graph or ApiGraph.of(env))
        return g

    # --- per-parameter plans, built once per tool -----------------------------------------------

    def _plan(self, tool: str) -> list[tuple[str, dict[str, Any], bool, Callable[..., Any]]]:
        plan = self._plans.get(tool)
        if plan is None:
            spec = self.graph.tooldefs[tool].spec
            required = set(spec.parameters.get("required", []))
            plan = []
            for pname, ps in spec.parameters.get("properties", {}).items():
                plan.append((pname, ps, pname in required, self._maker(tool, pname, ps)))
            self._plans[tool] = plan
        return plan

    def _maker(self, tool: str, pname: str, ps: dict[str, Any]) -> Callable[..., Any]:
        graph = self.graph
        slots = [s for s in graph.entity_slots(tool) if s.param == pname]
        internal = [s for s in slots if s.internal]
        if internal:
            paths = {s.path: s.entity for s in internal}
            if len(paths) == 1 and pname in paths:
                entity = paths[pname]
                return lambda env, known, rng, memo: self._from_known(tool, entity, known, rng, memo)
            return lambda env, known, rng, memo: self._structured(tool, pname, ps, paths, env, known, rng, memo)
        return self._user_maker(tool, pname, ps, [s.entity for s in slots])

    def _from_known(self, tool: str, entity: str, known: Known, rng: Random, memo: dict[str, Any] | None = None) -> tuple[Any, ArgSource]:
        got = None
        if memo is not None and "@call" in memo and rng.random() < 0.6:
            # Co-provenance: the items of the order just picked come from that order's result.
            same = [v for v in known.values.get(entity, ()) if v[1] == memo["@call"] and v[0] not in known.bad.get(tool, ())]
            if same:
                got = rng.choice(same)
        if got is None:
            got = known.choose(tool, entity, rng)
        if got is not None and memo is not None:
            memo.setdefault("@call", got[1])
        if got is None:
            return None, USER  # not legal yet; the sampler never asks (a model might)
        value, call_id, path, label = got[:4]
        return value, _construct(kind="result", call_id=call_id, path=path, label=label)

    def _structured(
        self, tool: str, pname: str, ps: dict[str, Any], paths: dict[str, str], env: ToolEnv, known: Known, rng: Random, memo: dict[str, Any]
    ) -> tuple[Any, ArgSource]:
        """A list or object parameter with entity fields inside (``to[]``, ``items[].id``).

        Lists of one call share a length (``item_ids`` and ``new_item_ids`` pair up) and hold
        distinct values where there are enough.
        """
        first: list[ArgSource] = []

        def gen(schema: dict[str, Any], path: str, depth: int) -> Any:
            if path in paths:
                v, src = self._from_known(tool, paths[path], known, rng, memo)
                if not first:
                    first.append(src)
                return v
            t = _json_type(schema)
            if t == "array" and depth < 4:
                if "@n" not in memo:
                    memo["@n"] = 1 if rng.random() < 0.6 else 2
                n = max(memo["@n"], schema.get("minItems", 1))
                out: list[Any] = []
                for _ in range(n):
                    v = gen(schema.get("items", {}), path + "[]", depth + 1)
                    for _ in range(3):
                        if not isinstance(v, (str, int)) or v not in out:
                            break
                        v = gen(schema.get("items", {}), path + "[]", depth + 1)
                    if isinstance(v, (str, int)) and v in out and len(out) >= schema.get("minItems", 1):
                        # one item known, not two: the list is one long ("swap item I1 and
                        # I1" fails), and the lists it pairs with follow
                        memo["@n"] = len(out)
                        break
                    out.append(v)
                return out
            if t == "object" and depth < 4:
                req = set(schema.get("required", []))
                return {
                    k: gen(sub, f"{path}.{k}", depth + 1)
                    for k, sub in (schema.get("properties") or {}).items()
                    if k in req or rng.random() < _OPTIONAL_P
                }
            return _from_schema(k_name(path), schema, rng)

        value = gen(ps, pname, 0)
        return value, first[0] if first else USER

    def _user_maker(self, tool: str, pname: str, ps: dict[str, Any], entities: list[str]) -> Callable[..., Any]:
        t = _json_type(ps)
        if "enum" in ps:
            choices = list(ps["enum"])
            return lambda env, known, rng, memo: (rng.choice(choices), USER)
        if "const" in ps:
            c = ps["const"]
            return lambda env, known, rng, memo: (c, USER)
        graph = self.graph
        low = pname.lower()
        base = next((pname[len(p):] for p in _PREFIXES if low.startswith(p) and len(pname) > len(p)), pname)
        shape = _shape(pname, ps)
        fields = self._user_fields(tool, pname)
        spec = graph.tooldefs[tool].spec
        examples: list[str] = []
        if t == "string":
            examples = _examples(str(ps.get("description", "")))
            if not examples:  # to_unit borrows from_unit's examples
                for other, ops in spec.parameters.get("properties", {}).items():
                    ob = next((other[len(p):] for p in _PREFIXES if other.lower().startswith(p)), other)
                    if other != pname and ob == base:
                        examples = _examples(str(ops.get("description", "")))
                        if examples:
                            break
        # a quoted word naming the parameter itself or another's choice ('required when method
        # is "pin"') is no example of a value: a PIN of "pin" was sent 39 times in 300 records
        enum_words = {str(v).lower() for o in spec.parameters.get("properties", {}).values() for v in o.get("enum") or ()}
        examples = [e for e in examples if e.lower() != low and e.lower() not in enum_words]
        creating = tool.lower().startswith(_CREATE_PREFIXES)
        positive = t in ("integer", "number") and any(w in low for w in _AMOUNT_WORDS)
        numeric = t in ("integer", "number")
        # What a lookup tool's free-text parameter most likely matches: the label of the entity
        # it reveals (find_contact(query) -> a contact's name).
        entity_tables: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        if not fields and t == "string" and (low in _QUERY_NAMES or low.endswith(("_name", "_query"))):
            for s in graph.produced(tool):
                lab = s.label or graph.entity_label(s.entity)
                if lab and lab in self.world.fields and lab not in fields:
                    fields.append(lab)
                    # Only rows of the entity the search finds: a symbol search's query is a
                    # company's name, not the name of a person of another table.
                    key = k_name(s.path)
                    places = [p for p in self.world.fields[lab] if key in self.world.table_fields.get(p[0], ())]
                    if places:
                        entity_tables[lab] = places
            if not fields:
                fields = [f for f in _NAMING_FIELDS if f in self.world.fields][:1]
        sources = [(f, entity_tables.get(f) or self.world.tables_for(f, tool)) for f in fields]
        authored = tuple(getattr(graph.tooldefs[tool].language, "values", {}).get(pname, ()) or ())
        pool_name = None
        if t == "string" and shape is None:
            for frags, pname_pool in _POOL_HINTS:
                if any(f in low for f in frags):
                    pool_name = pname_pool
                    break
        user_entity = entities[0] if entities else None
        p_known = 0.95 if any(p == pname for p, _ in self.blind.get(tool, ())) else 0.5
        persona_keys = [k for k in dict.fromkeys((pname, base)) if k in self.persona_keys]
        if (spec.returns or {}).get("type") == "array":
            # a search for people is never for the user's own name ("find Bailey Cruz on the
            # team chat", asked by Bailey Cruz)
            persona_keys = [k for k in persona_keys if k not in ("name", "full_name", "first_name", "last_name")]

        def make(env: ToolEnv, known: Known, rng: Random, memo: dict[str, Any]) -> tuple[Any, ArgSource]:
            if authored:
                # What the environment's author says a user types here (a message's text, a
                # new watchlist's name): never lorem ipsum, never a person's name by accident.
                v = rng.choice(authored)
                if _fit(v, ps, t, shape):
                    return v, USER
            if numeric and known.numbers and tool in known.numbers and rng.random() < 0.7:
                # Feedback: numbers an error named (a limit, a minimum) bound the next try.
                n = rng.choice(known.numbers[tool]) * rng.choice((1.25, 2.0, 0.5))
                v = int(round(n)) if t == "integer" else round(n, 2)
                if _fit(v, ps, t):
                    return v, USER
            # A user-knowable entity a result revealed (a username found earlier) is fine too.
            if user_entity is not None and user_entity in known and rng.random() < p_known:
                picked = known.choose(tool, user_entity, rng)
                v = picked[0] if picked is not None else None
                if picked is not None and _fit(v, ps, t, shape):
                    return v, USER
            if sources and any(p[0] in memo for _, places in sources for p in places) and rng.random() < 0.9:
                for _f, places in sources:
                    for tname, path in places:
                        if tname in memo:
                            v = _WorldIndex.get(memo[tname], path)
                            if v is not None and _fit(v, ps, t, shape):
                                return v, USER
            if examples and rng.random() < 0.8:  # what the docstring itself suggests
                return rng.choice(examples), USER
            for k in persona_keys:
                pv = env.world.persona.get(k)
                if pv is not None and _fit(pv, ps, t, shape) and (not sources or rng.random() < 0.7):
                    memo["@persona"] = True
                    return pv, USER
            # A tool that creates something wants new values (an IBAN already saved fails);
            # names and other shared facts still come from the world now and then.
            if sources and not (creating and pool_name is not None and rng.random() < 0.7):
                for _ in range(4):
                    f, places = sources[0] if len(sources) == 1 else rng.choice(sources)
                    v = self.world.sample(env, places, rng, memo)
                    if positive and isinstance(v, (int, float)) and v <= 0:
                        v = -v or None
                    if v is not None and _fit(v, ps, t, shape):
                        return v, USER
            if pool_name is not None:
                from toolgym.envs.pools import pool

                v = rng.choice(pool(pool_name))
                if _fit(v, ps, t, shape):
                    return v, USER
            return _from_schema(pname, ps, rng, shape=shape), USER

        return make

    # --- the public call --------------------------------------------------------------------------

    def ground(
        self, env: ToolEnv, tool: str, known: Known, rng: Random, *, required_only: bool = False
    ) -> tuple[dict[str, Any], dict[str, ArgSource]]:
        """Arguments for a call of ``tool`` and the provenance of each.

        Required parameters are always filled; an optional one is filled now and then (an
        internal-entity one only when a value is known), else left to its default. Two
        parameters of the same entity get different values when there are (a transfer between
        two accounts, not from one to itself).
        """
        args: dict[str, Any] = {}
        sources: dict[str, ArgSource] = {}
        graph = self.graph
        memo: dict[str, Any] = {}
        for pname, ps, required, make in self._plan(tool):
            entity = graph.param_entity(tool, pname)
            internal = entity is not None and graph.is_internal_param(tool, pname)
            if not required:
                if required_only or internal and str(entity) not in known:
                    continue
                if not (internal and rng.random() < 0.5) and rng.random() >= _OPTIONAL_P:
                    continue
            value, src = make(env, known, rng, memo)
            if not internal and known.bad_user:
                bad = known.bad_user.get((tool, pname))
                if bad:
                    for _ in range(4):
                        if value not in bad:
                            break
                        value, src = make(env, known, rng, memo)
            # Two arguments of one call with the same value (diff a file with itself, a transfer
            # from an account to itself) are drawn again: a request would make no sense.
            if (entity is not None and isinstance(value, (str, int)) or isinstance(value, str) and len(value) > 1) and value in args.values():
                for _ in range(3):  # try for a distinct value of the same entity
                    v2, s2 = make(env, known, rng, memo)
                    if v2 not in args.values():
                        value, src = v2, s2
                        break
            if value is None and not required:
                continue  # no optional argument is sent as an explicit null
            if not required and "default" in ps and value == ps["default"]:
                src = DEFAULT
            args[pname] = value
            sources[pname] = src
        _order_times(args)
        return args, sources


def _order_times(args: dict[str, Any]) -> None:
    """An end time drawn before its start time is swapped (a meeting from 15:00 to 11:30 fails)."""
    for a, b in (("start", "end"), ("new_start", "new_end"), ("earliest", "latest"), ("start_time", "end_time")):
        x, y = args.get(a), args.get(b)
        if isinstance(x, str) and isinstance(y, str) and _TIME_RE.match(x) and _TIME_RE.match(y) and y <= x:
            if x == y:
                h = min(int(x[:2]) + 1, 23)
                args[b] = f"{h:02d}{x[2:]}"
            else:
                args[a], args[b] = y, x


def k_name(path: str) -> str:
    segs = [s for s in _segments(path) if s not in ("[]", "{}")]
    return segs[-1] if segs else path


_MONEY_WORDS = ("amount", "price", "cost", "balance", "total", "fee", "budget", "payment", "salary", "fare", "rate", "value")


def _number(name: str, x: float, lo: float, hi: float, rng: Random) -> float:
    """A number as a person gives it: money to the cent, anything else (a tire pressure, a
    temperature) mostly whole ("inflate to 32 psi", not "to 28.12")."""
    if any(w in name.lower() for w in _MONEY_WORDS):
        return round(x, 2)
    v = float(round(x)) if rng.random() < 0.75 else round(x, 1)
    return v if lo <= v <= hi else round(x, 2)


def _from_schema(name: str, s: dict[str, Any], rng: Random, depth: int = 0, shape: str | None = None) -> Any:
    """A value drawn from the schema alone: enums, formats, ranges (also ones the description states)."""
    if "enum" in s:
        return rng.choice(s["enum"])
    if "const" in s:
        return s["const"]
    if "default" in s and rng.random() < 0.5:
        return s["default"]
    t = _json_type(s)
    if t is None and "anyOf" in s:
        opts = [o for o in s["anyOf"] if o.get("type") != "null"] or s["anyOf"]
        return _from_schema(name, rng.choice(opts), rng, depth)
    if t == "string":
        fmt = s.get("format")
        low = name.lower()
        shape = shape or _shape(name, s)
        if shape == "date":
            return (_dt.date(2025, 1, 1) + _dt.timedelta(days=rng.randrange(365))).isoformat()
        if shape == "month":
            return f"2025-{rng.randint(1, 12):02d}"
        if shape == "datetime":
            return f"{(_dt.date(2025, 1, 1) + _dt.timedelta(days=rng.randrange(365))).isoformat()}T{rng.randrange(8, 19):02d}:00:00"
        if shape == "time" or low in ("time", "start", "end") or low.endswith("_time"):
            return f"{rng.randrange(8, 18):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        if fmt == "email" or "email" in low:
            from toolgym.envs.pools import pool

            return f"{rng.choice(pool('first_name')).lower()}@{rng.choice(pool('domain_name'))}"
        lo, hi = s.get("minLength", 1), s.get("maxLength", 12)
        n = max(lo, min(hi, rng.randint(4, 10)))
        from toolgym.envs.pools import pool

        w = rng.choice(pool("word"))
        if low in ("path", "file", "filename", "file_name", "file_path", "dest", "target"):
            # a file a person would name ("want" read as no file at all)
            w = f"{w}{rng.choice(('.txt', '.md', '-notes.txt', '.log', '.csv'))}"
            if len(w) <= s.get("maxLength", 255):
                return w
        return w if lo <= len(w) <= hi else "".join(rng.choices(string.ascii_lowercase, k=n))
    if t in ("integer", "number") and "minimum" not in s and "maximum" not in s:
        r = _desc_range(s)
        if r is not None:
            if t == "integer":
                lo, hi = int(r[0]), int(r[1])
                if "minute" in name.lower() and hi - lo >= 15:
                    return rng.choice([m for m in (15, 30, 45, 60, 90) if lo <= m <= hi] or [lo])
                return rng.randint(lo, min(hi, lo + 20))
            return _number(name, rng.uniform(r[0], min(r[1], r[0] + 100.0)), r[0], r[1], rng)
        if t == "integer" and "minute" in name.lower():
            return rng.choice((15, 30, 45, 60, 90))
    if t == "integer":
        lo = s.get("minimum", s.get("exclusiveMinimum", 0) + (1 if "exclusiveMinimum" in s else 0))
        lo = max(lo, 1) if "minimum" not in s and "exclusiveMinimum" not in s else lo
        hi = s.get("maximum", s.get("exclusiveMaximum", lo + 10) - (1 if "exclusiveMaximum" in s else 0))
        hi = min(hi, lo + 10) if "maximum" not in s and "exclusiveMaximum" not in s else hi
        return rng.randint(int(lo), int(max(lo, hi)))
    if t == "number":
        lo = s.get("minimum", s.get("exclusiveMinimum", 0.0))
        hi = s.get("maximum", s.get("exclusiveMaximum", lo + 100.0))
        v = _number(name, rng.uniform(lo, min(hi, lo + 100.0)), lo, hi, rng)
        return max(v, lo + 0.01) if "exclusiveMinimum" in s and v <= lo else v
    if t == "boolean":
        return rng.random() < 0.5
    if t == "array":
        if depth > 3:
            return []
        lo = s.get("minItems", 1)
        return [_from_schema(name, s.get("items", {}), rng, depth + 1) for _ in range(max(lo, 1))]
    if t == "object":
        if depth > 3:
            return {}
        req = set(s.get("required", []))
        return {k: _from_schema(k, sub, rng, depth + 1) for k, sub in (s.get("properties") or {}).items() if k in req or rng.random() < _OPTIONAL_P}
    if t == "null":
        return None
    return None

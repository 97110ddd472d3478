"""BFCL's multi-turn classes (``bfcl-eval``) as toolgym environments.

Each class (GorillaFileSystem, MathAPI, MessageAPI, TwitterAPI, TicketAPI, TradingBot,
TravelAPI, VehicleControlAPI) is wrapped, not copied: its methods run as they are, and:

* **schemas** come from BFCL's own function documents (``multi_turn_func_doc``), its types
  mapped to JSON Schema (``dict`` -> object, ``float`` -> number, ``tuple`` -> array, ``any``
  -> any value), validated by the compiled strict validator; defaults are the methods' own;
* **state** lives in the world: every attribute of the instance, encoded as data
  (:mod:`.codec`), one row per attribute; public attributes in a hashed table, private ones
  (``_current_dir``, ``_random``) in a table the state hash leaves out, so the hash covers
  exactly what BFCL's state checker compares;
* **a failed call changes nothing**: a method's ``{"error": ...}`` result (or an exception,
  reported as BFCL's executor words it, ``Error during execution: ...``) is an error
  observation, and the instance is rebuilt from the world, which the call never wrote;
* **initial configs** come from BFCL's scenarios (``scenario=`` a config, ``entry=`` a BFCL
  test id, else one of the class's scenarios chosen by the seed), or from a seeded generator
  (``scenario="generated"``; the file system gets a new tree of BFCL's own files);
* **calls written as BFCL writes them** (``cd(folder='document')``, positional arguments too)
  are parsed with :mod:`ast` (:func:`parse_calls`): literals only, never ``eval``.

Training on these environments risks contaminating BFCL's test set: its scenarios are the
initial states of its multi-turn categories (see README).
"""

from __future__ import annotations

import ast
import copy
import importlib
import inspect
import json
import random
from collections.abc import Mapping
from functools import cache
from typing import Any, ClassVar

from toolgym.envs.core import ToolEnv
from toolgym.envs.tooling import Entity, ToolError
from toolgym.envs.world import WorldScope
from toolgym.errors import ToolgymError

from .codec import decode, encode

__all__ = ["CLASSES", "BfclEnv", "env_class", "register_all", "parse_calls", "func_docs", "scenarios", "BfclError"]

CLASSES = ("GorillaFileSystem", "MathAPI", "MessageAPI", "TwitterAPI", "TicketAPI", "TradingBot", "TravelAPI", "VehicleControlAPI")
_TYPES = {"dict": "object", "float": "number", "tuple": "array", "any": None, "integer": "integer", "string": "string",
          "boolean": "boolean", "array": "array", "object": "object", "number": "number", "int": "integer", "str": "string",
          "bool": "boolean", "list": "array"}
# BFCL's categories whose entries carry initial configs (scenarios); base first
_CATEGORIES = ("multi_turn_base", "multi_turn_miss_func", "multi_turn_miss_param", "multi_turn_long_context")
# read-only methods (checked by the conformance walk: a read that writes would be caught)
_READS = {
    "GorillaFileSystem": {"pwd", "ls", "cat", "find", "wc", "grep", "du", "tail", "diff", "sort"},
    "MessageAPI": {"list_users", "get_user_id", "view_messages_sent", "search_messages", "get_message_stats"},
    "TwitterAPI": {"get_tweet", "get_user_tweets", "search_tweets", "get_tweet_comments", "get_user_stats", "posting_get_login_status"},
    "TicketAPI": {"get_ticket", "get_user_tickets", "ticket_get_login_status"},
    "TradingBot": {"get_current_time", "get_symbol_by_name", "get_stock_info", "get_order_details", "get_order_history",
                   "get_transaction_history", "get_watchlist", "get_account_info", "filter_stocks_by_price", "trading_get_login_status",
                   "get_available_stocks", "notify_price_change"},
    "TravelAPI": {"get_budget_fiscal_year", "get_flight_cost", "get_credit_card_balance", "retrieve_invoice", "list_all_airports",
                  "get_nearest_airport_by_city", "get_all_credit_cards", "get_zipcode_based_on_city", "verify_traveler_information",
                  "travel_get_login_status"},
    "VehicleControlAPI": {"displayCarStatus", "check_tire_pressure", "find_nearest_tire_shop", "get_current_speed",
                          "get_outside_temperature_from_google", "get_outside_temperature_from_weather_com", "estimate_drive_feasibility_by_mileage",
                          "estimate_distance", "get_zipcode_based_on_city", "display_log", "gallon_to_liter", "liter_to_gallon"},
}
# user-knowable values one tool shows and another takes (file names from ls/find): entity hints
_ENTITIES: dict[str, dict[str, Any]] = {
    "GorillaFileSystem": {
        "params": {"file_name": "name", "file_name1": "name", "file_name2": "name", "source": "name", "folder": "name"},
        "results": {"ls": {"current_directory_content[]": "name"}},
    },
}


class BfclError(ToolgymError):
    """bfcl-eval is missing, or a BFCL call or config cannot be used."""


def _require() -> Any:
    try:
        from bfcl_eval.constants import executable_backend_config as cfg
    except ImportError:
        raise BfclError("the BFCL environments need bfcl-eval: pip install 'toolgym[bfcl]' "
                        "(or, to skip its heavy dependencies, pip install --no-deps bfcl-eval mpmath)") from None
    return cfg


def _data_file(*parts: str) -> Any:
    from importlib import resources

    return resources.files("bfcl_eval").joinpath("data", *parts)


@cache
def func_docs(cls_name: str) -> tuple[dict[str, Any], ...]:
    """BFCL's function documents of a class, as it ships them."""
    cfg = _require()
    name = cfg.MULTI_TURN_FUNC_DOC_FILE_MAPPING[cls_name]
    text = _data_file("multi_turn_func_doc", name).read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


@cache
def entries(category: str = "multi_turn_base") -> tuple[dict[str, Any], ...]:
    """BFCL's test entries of a category (question, initial_config, involved_classes...)."""
    _require()
    data = _data_file()
    for f in sorted(p.name for p in data.iterdir()):
        if f.endswith(f"_{category}.json") and f.startswith("BFCL_"):
            text = data.joinpath(f).read_text(encoding="utf-8")
            return tuple(json.loads(line) for line in text.splitlines() if line.strip())
    raise BfclError(f"no BFCL data file for {category!r} in the installed bfcl-eval")


@cache
def ground_truth(category: str = "multi_turn_base") -> dict[str, list[list[str]]]:
    data = _data_file("possible_answer")
    for f in sorted(p.name for p in data.iterdir()):
        if f.endswith(f"_{category}.json"):
            text = data.joinpath(f).read_text(encoding="utf-8")
            return {d["id"]: d["ground_truth"] for d in (json.loads(x) for x in text.splitlines() if x.strip())}
    raise BfclError(f"no BFCL ground truth for {category!r}")


@cache
def scenarios(cls_name: str) -> tuple[str, ...]:
    """The distinct initial configs BFCL's multi-turn entries give a class (canonical JSON)."""
    seen: dict[str, None] = {}
    for cat in _CATEGORIES:
        try:
            es = entries(cat)
        except BfclError:
            continue
        for e in es:
            c = (e.get("initial_config") or {}).get(cls_name)
            if c is not None:
                seen.setdefault(json.dumps(c, sort_keys=True), None)
    return tuple(seen) or ("{}",)


def _module(cls_name: str) -> Any:
    cfg = _require()
    return importlib.import_module(cfg.CLASS_FILE_PATH_MAPPING[cls_name])


def _schema(s: Any, where: str) -> dict[str, Any]:
    """A BFCL parameter document as JSON Schema 2020-12."""
    if not isinstance(s, Mapping):
        return {}
    out: dict[str, Any] = {}
    t = s.get("type")
    if isinstance(t, str):
        mapped = _TYPES.get(t)
        if t not in _TYPES:
            raise BfclError(f"{where}: unknown BFCL type {t!r}")
        if mapped:
            out["type"] = mapped
    for k, v in s.items():
        if k == "type":
            continue
        if k == "properties" and isinstance(v, Mapping):
            out["properties"] = {p: _schema(ps, f"{where}.{p}") for p, ps in v.items()}
        elif k == "items":
            out["items"] = _schema(v, f"{where}[]")
        elif k in ("description", "enum", "required", "minimum", "maximum", "minItems", "maxItems"):
            out[k] = v
    if "description" not in out:
        out["description"] = where.rsplit(".", 1)[-1].replace("_", " ")
    return out


def _fits_type(v: Any, s: Mapping[str, Any]) -> bool:
    t = s.get("type")
    return {"string": isinstance(v, str), "integer": isinstance(v, int) and not isinstance(v, bool),
            "number": isinstance(v, (int, float)) and not isinstance(v, bool), "boolean": isinstance(v, bool),
            "array": isinstance(v, list), "object": isinstance(v, dict)}.get(t, True) if t else True


def _param_schema(cls_name: str, doc: Mapping[str, Any], method: Any) -> dict[str, Any]:
    params = doc.get("parameters") or {}
    props = {p: _schema(ps, f"{doc['name']}.{p}") for p, ps in (params.get("properties") or {}).items()}
    sig = inspect.signature(method)
    for p, ps in props.items():
        ps.pop("default", None)
        par = sig.parameters.get(p)
        # the method's own default, when it is a plain value (a documented "None" is no value)
        if par is not None and par.default is not inspect.Parameter.empty and par.default is not None:
            d = list(par.default) if isinstance(par.default, tuple) else par.default
            if _fits_type(d, ps):
                ps["default"] = d
        if ps.get("type") == "number" or ps.get("type") is None:
            pass
    required = [r for r in params.get("required") or [] if r in props]
    return {"type": "object", "properties": props, "required": required}


class BfclEnv(ToolEnv):
    """Base of the wrapped BFCL classes (one subclass per class or set of classes)."""

    bfcl_classes: ClassVar[tuple[str, ...]] = ()
    owner_of: ClassVar[dict[str, str]] = {}  # tool -> class (BFCL's rule: the last class with the method)
    tuple_params: ClassVar[dict[str, frozenset[str]]] = {}
    version = 1

    def __init__(self, *, scenario: Any = None, entry: str | None = None, long_context: bool = False, **kwargs: Any):
        cfg: dict[str, Any] = {}
        if scenario is not None:
            cfg["scenario"] = scenario
        if entry is not None:
            cfg["entry"] = entry
        if long_context:
            cfg["long_context"] = True
        super().__init__(**kwargs, **cfg)
        self._live: dict[str, Any] = {}
        self._token: dict[str, tuple[Any, ...]] = {}

    # --- building ---------------------------------------------------------------------------------

    def _config_for(self, cls_name: str, seed: int) -> dict[str, Any] | None:
        sc = self.config.get("scenario")
        entry = self.config.get("entry")
        if entry is not None:
            found = next((e for cat in _CATEGORIES for e in _safe_entries(cat) if e["id"] == entry), None)
            if found is None:
                raise BfclError(f"no BFCL entry {entry!r}")
            return copy.deepcopy((found.get("initial_config") or {}).get(cls_name, {}))
        if isinstance(sc, Mapping):
            # a config keyed by class names (an entry's initial_config) or the class's own config
            if len(self.bfcl_classes) > 1 or (sc and all(k in CLASSES for k in sc)):
                return copy.deepcopy(dict(sc.get(cls_name, {})))
            return copy.deepcopy(dict(sc))
        rng = random.Random(f"bfcl-scenario:{cls_name}:{seed}")
        pool = scenarios(cls_name)
        base = json.loads(pool[rng.randrange(len(pool))])
        if sc == "generated":
            return _generate(cls_name, base, rng)
        if sc not in (None, "bfcl"):
            raise BfclError(f"expected scenario to be a config, 'bfcl' or 'generated', got {sc!r}")
        return base

    def build(self, world: WorldScope) -> None:
        cfg = _require()
        for c in self.bfcl_classes:
            if c in cfg.STATELESS_CLASSES:
                continue  # MathAPI keeps no state: it has no tables, and every seed the same (empty) world
            inst = getattr(_module(c), c)()
            inst._load_scenario(self._config_for(c, world.seed), long_context=bool(self.config.get("long_context")))
            pub, priv = _encoded(inst)
            world.table(c, {k: {"value": v} for k, v in pub.items()})
            world.table("_" + c, {k: {"value": v} for k, v in priv.items()})

    # --- the live instances -----------------------------------------------------------------------------

    def _tables(self, c: str) -> tuple[Any, Any]:
        return self.world_scope.table(c), self.world_scope.table("_" + c)

    def _rows(self, c: str) -> tuple[Any, ...]:
        pub, priv = self._tables(c)
        return (self.world, *pub.values(), None, *priv.values())

    def instance(self, c: str) -> Any:
        """The live BFCL instance of class ``c``; rebuilt from the world's rows whenever they are
        not the rows it was made from (a rolled-back call, a restored checkpoint, a reset). Rows
        are never changed in place, so the same row objects mean the same state."""
        if c in _require().STATELESS_CLASSES:
            live = self._live.get(c)
            if live is None:
                live = self._live[c] = getattr(_module(c), c)()
            return live
        rows = self._rows(c)
        live = self._live.get(c)
        old = self._token.get(c)
        if live is not None and old is not None and len(old) == len(rows) and all(a is b for a, b in zip(old, rows, strict=False)):
            return live
        pub, priv = self._tables(c)
        mod = _module(c)
        obj = getattr(mod, c).__new__(getattr(mod, c))
        made: dict[int, Any] = {}
        # one memo for both tables: the current directory is a node of the public tree
        for name, row in list(pub.items()) + list(priv.items()):
            setattr(obj, name, decode(row["value"], (mod,), made))
        self._live[c] = obj
        self._token[c] = rows
        return obj

    def _store(self, c: str, obj: Any) -> None:
        if c in _require().STATELESS_CLASSES:
            return
        pub_rows, priv_rows = self._tables(c)
        pub, priv = _encoded(obj)
        for table, values in ((pub_rows, pub), (priv_rows, priv)):
            for k, v in values.items():
                old = table.get(k)
                if old is None or old["value"] != v:
                    table[k] = {"value": v}
            for k in [k for k in table if k not in values]:
                del table[k]
        self._live[c] = obj
        self._token[c] = self._rows(c)

    def _invalidate(self, c: str) -> None:
        if c in _require().STATELESS_CLASSES:
            return
        self._live.pop(c, None)
        self._token.pop(c, None)

    def _run(self, tool: str, args: dict[str, Any]) -> Any:
        c = type(self).owner_of[tool]
        obj = self.instance(c)
        tuples = type(self).tuple_params.get(tool, frozenset())
        call = {k: tuple(v) if k in tuples and isinstance(v, list) else v for k, v in args.items()}
        try:
            result = getattr(obj, tool)(**call)
        except Exception as e:  # noqa: BLE001 - BFCL's executor reports any exception this way
            self._invalidate(c)
            raise ToolError(f"Error during execution: {e}") from None
        if isinstance(result, dict) and "error" in result:
            self._invalidate(c)  # the instance may be half-changed; the world is not
            raise ToolError(str(result["error"]))
        self._store(c, obj)
        return _jsonable(result)

    def state(self, c: str | None = None) -> dict[str, Any]:
        """The public attributes of a wrapped class as data (what the state hash covers)."""
        c = c or self.bfcl_classes[0]
        if c in _require().STATELESS_CLASSES:
            return {}
        return {k: row["value"] for k, row in self._tables(c)[0].items()}


def _safe_entries(cat: str) -> tuple[dict[str, Any], ...]:
    try:
        return entries(cat)
    except BfclError:
        return ()


def _encoded(inst: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    seen: dict[int, int] = {}
    pub = {k: encode(v, seen) for k, v in vars(inst).items() if not k.startswith("_")}
    priv = {k: encode(v, seen) for k, v in vars(inst).items() if k.startswith("_")}
    return pub, priv


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if type(v).__name__ == "mpf":  # MathAPI's mpmath numbers: a JSON number
        return float(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return str(v)


def _generate(cls_name: str, base: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A new config from the seed: for the file system, a new tree of BFCL's own files; for the
    others, BFCL's scenario for the seed (their fields depend on each other: a tweet's author is
    the logged-in user)."""
    if cls_name != "GorillaFileSystem":
        return base
    files: list[tuple[str, str]] = []
    dirs: list[str] = []

    def walk(node: Mapping[str, Any]) -> None:
        for name, item in node.items():
            if item.get("type") == "file":
                files.append((name, item.get("content", "")))
            elif item.get("type") == "directory":
                dirs.append(name)
                walk(item.get("contents") or {})

    for sc in scenarios(cls_name):
        root = json.loads(sc).get("root") or {}
        for top in root.values():
            walk(top.get("contents") or {})
    rng.shuffle(files)
    names = sorted(set(dirs))
    rng.shuffle(names)
    top_dirs = names[: rng.randint(2, 4)]
    tree: dict[str, Any] = {d: {"type": "directory", "contents": {}} for d in top_dirs}
    for name, content in files[: rng.randint(6, 12)]:
        target = tree if rng.random() < 0.3 else tree[rng.choice(top_dirs)]["contents"]
        if name not in target:
            target[name] = {"type": "file", "content": content}
    user = rng.choice(["alex", "workspace", "home", "project", "user"])
    return {"root": {user: {"type": "directory", "contents": tree}}}


# --- classes, tools, registration ---------------------------------------------------------------------------


@cache
def env_class(classes: tuple[str, ...] | str) -> type[BfclEnv]:
    """The environment class wrapping one BFCL class, or several at once (one world)."""
    from .language import draft

    if isinstance(classes, str):
        classes = (classes,)
    for c in classes:
        if c not in CLASSES:
            from toolgym.errors import suggest

            raise BfclError(f"no BFCL multi-turn class {c!r}{suggest(c, CLASSES)}")
    name = "Bfcl" + "".join(classes)
    owner: dict[str, str] = {}
    docs: dict[str, dict[str, Any]] = {}
    for c in classes:
        for d in func_docs(c):
            owner[d["name"]] = c  # a later class wins a clash, as BFCL's executor has it
            docs[d["name"]] = d
    cls: type[BfclEnv] = type(name, (BfclEnv,), {
        "__doc__": "You are an assistant with these tools: " + ", ".join(_api_blurb(c) for c in classes) + ".",
        "__module__": __name__,
        "domain": "bfcl_" + "_".join(c.lower() for c in classes),
        "bfcl_classes": tuple(classes),
        "owner_of": dict(owner),
    })
    cls.__qualname__ = name
    tuples: dict[str, frozenset[str]] = {}
    hints = {c: _ENTITIES.get(c, {}) for c in classes}
    for tool, d in docs.items():
        c = owner[tool]
        method = getattr(getattr(_module(c), c), tool, None)
        if method is None:
            raise BfclError(f"{c} documents {tool!r} but has no such method")
        schema = _param_schema(c, d, method)
        tuples[tool] = frozenset(p for p, ps in ((d.get("parameters") or {}).get("properties") or {}).items()
                                 if isinstance(ps, Mapping) and ps.get("type") == "tuple")
        h = hints[c]
        ents = {p: Entity(h["params"][p], internal=False) for p in schema["properties"] if p in h.get("params", {})}
        rents = {path: Entity(e, internal=False) for path, e in h.get("results", {}).get(tool, {}).items()}
        desc = str(d.get("description") or tool)

        def run(env: BfclEnv, _tool: str = tool, **args: Any) -> Any:
            return env._run(_tool, args)

        writes = tool not in _READS.get(c, set()) and c != "MathAPI"
        cls.add_tool(tool, schema, run, description=desc, writes=writes, entities=ents, result_entities=rents,
                     language=draft(c, d, schema))
    cls.tuple_params = tuples
    return cls


def _api_blurb(c: str) -> str:
    d = func_docs(c)[0].get("description", "") if func_docs(c) else ""
    head = d.split("Tool description:")[0].strip().rstrip(".")
    return head.replace("This tool belongs to ", "") or c


def register_if_available() -> list[str]:
    """The ``toolgym.envs`` entry point: register the BFCL ids when bfcl-eval is installed."""
    import importlib.util

    if importlib.util.find_spec("bfcl_eval") is None:
        return []
    return register_all()


def register_all() -> list[str]:
    """Register ``toolgym/bfcl-<Class>-v0`` for every multi-turn class (when bfcl-eval is installed)."""
    from toolgym.envs.registry import register

    ids = []
    for c in CLASSES:
        env_id = f"toolgym/bfcl-{c}-v0"
        register(env_id, entry_point=f"toolgym.envs.bfcl.classes:{c}", source="bfcl")
        ids.append(env_id)
    return ids


# --- BFCL's call strings, parsed without eval -------------------------------------------------------------


def parse_calls(text: str | list[str], positional: Mapping[str, list[str]] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """``"cd(folder='document')"`` (or a list of them) as ``[(name, arguments)]``.

    Only calls of a plain name with literal arguments are accepted (``ast.literal_eval`` of each
    argument); positional arguments are named through ``positional`` (tool -> parameter names in
    order, the method's signature). Nothing is evaluated.

    Raises:
        BfclError: not a call, a nested call, or a value that is not a literal.
    """
    items = [text] if isinstance(text, str) else list(text)
    out = []
    for s in items:
        try:
            tree = ast.parse(s.strip(), mode="eval")
        except SyntaxError as e:
            raise BfclError(f"not a call: {s[:80]!r} ({e.msg})") from None
        node = tree.body
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            raise BfclError(f"expected a call like name(arg=value), got {s[:80]!r}")
        name = node.func.id
        args: dict[str, Any] = {}
        names = list((positional or {}).get(name, ()))
        for i, a in enumerate(node.args):
            if i >= len(names):
                raise BfclError(f"{name}: {len(node.args)} positional arguments, expected at most {len(names)}")
            args[names[i]] = _literal(a, s)
        for kw in node.keywords:
            if kw.arg is None:
                raise BfclError(f"{name}: **kwargs are not allowed in {s[:80]!r}")
            args[kw.arg] = _literal(kw.value, s)
        out.append((name, args))
    return out


def _literal(node: ast.AST, s: str) -> Any:
    try:
        v = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise BfclError(f"an argument that is not a literal in {s[:80]!r}") from None
    return _listify(v)


def _listify(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_listify(x) for x in v]
    if isinstance(v, list):
        return [_listify(x) for x in v]
    if isinstance(v, dict):
        return {k: _listify(x) for k, x in v.items()}
    return v


def positional_names(cls: type[BfclEnv]) -> dict[str, list[str]]:
    """tool -> its parameters in the method's order (how BFCL's positional arguments bind)."""
    out = {}
    for tool, c in cls.owner_of.items():
        m = getattr(getattr(_module(c), c), tool)
        out[tool] = [p for p in inspect.signature(m).parameters if p != "self"]
    return out

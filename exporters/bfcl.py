"""BFCL multi-turn evaluation entries, possible answers and function docs.

Layout (mirrors berkeley-function-call-leaderboard's ``bfcl_eval/data``)::

    OUT/BFCL_v4_<name>_<split>.json                 one entry per line
    OUT/possible_answer/BFCL_v4_<name>_<split>.json one ground truth per line
    OUT/multi_turn_func_doc/<class>.json            one function doc per line, per API class

An entry::

    {"id": "toolgym_ep00007", "question": [[{"role": "user", "content": "..."}], [], ...],
     "initial_config": {"Library": {"env_id": "toolgym/Library-v0", "env_version": 0, "seed": 1007}},
     "path": ["Library.search_books", "Library.borrow_book"], "involved_classes": ["Library"],
     "missed_function": {"2": ["reserve_book"]}, "excluded_function": [...],
     "toolgym": {"episode_id": "ep00007", "variant": "miss_func", "holdout_user_messages": {"2": "..."}}}

and its ground truth ``{"id": ..., "ground_truth": [["search_books(query='Dune')"], [], [...]]}``:
per turn, the calls that achieve it as Python call strings with keyword arguments and no class
prefix. ``initial_config`` names the toolgym environment and world seed: the world is rebuilt
from them (``toolgym.envs.make(env_id).reset(seed=seed)``), which is the backend BFCL's state
check needs. As in BFCL's miss_func category, a turn where held-out functions come back has an
empty question (BFCL sends its own "functions were added" message); toolgym's own user text for
that turn is kept under ``toolgym.holdout_user_messages``. Function docs use BFCL's type names
(``dict``, ``float``); functions of a class that an episode did not offer are listed in its
``excluded_function``.

The reading side parses call strings with ``ast`` and ``ast.literal_eval`` only: nothing is
evaluated.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolgym.fastjson import dumps_std

from .base import Format
from .jsonl import JsonlWriter, iter_jsonl
from .samples import EpisodeError, Sample, episode_turns, tools_by_turn

__all__ = ["BFCLFormat", "call_string", "parse_call_string", "func_doc", "class_names", "domain_class"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _py(v: Any) -> str:
    """A JSON value as a Python literal (what ``ast.literal_eval`` reads back)."""
    if v is None or isinstance(v, (bool, int, str)):
        return repr(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise EpisodeError(f"non-finite number {v!r} cannot be a BFCL literal")
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_py(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_py(k)}: {_py(x)}" for k, x in v.items()) + "}"
    raise EpisodeError(f"cannot write {type(v).__name__} as a BFCL literal")


def call_string(name: str, arguments: dict[str, Any]) -> str:
    """``name(a='x', n=2)``: BFCL's ground-truth spelling, keyword arguments only."""
    for k in arguments:
        if not _IDENT.match(k):
            raise EpisodeError(f"argument name {k!r} of {name} is not a Python identifier; BFCL call strings need one")
    return f"{name}(" + ", ".join(f"{k}={_py(v)}" for k, v in arguments.items()) + ")"


def parse_call_string(s: str) -> tuple[str, dict[str, Any]]:
    """Inverse of :func:`call_string`, by ``ast`` (no evaluation)."""
    try:
        node = ast.parse(s, mode="eval").body
    except SyntaxError as e:
        raise ValueError(f"not a Python call: {s[:60]!r} ({e.msg})") from None
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name) or node.args:
        raise ValueError(f"expected name(key=value, ...) with keyword arguments only, got {s[:60]!r}")
    args = {}
    for kw in node.keywords:
        if kw.arg is None:
            raise ValueError(f"**kwargs are not allowed in {s[:60]!r}")
        args[kw.arg] = ast.literal_eval(kw.value)
    return node.func.id, args


def _bfcl_schema(schema: Any) -> Any:
    """JSON Schema -> BFCL's dialect (``dict`` for object, ``float`` for number, one type)."""
    if isinstance(schema, list):
        return [_bfcl_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for k, v in schema.items():
        if k == "title":
            continue
        if k == "type":
            t = v
            if isinstance(t, list):
                non_null = [x for x in t if x != "null"]
                t = non_null[0] if len(non_null) == 1 else (non_null or ["any"])[0]
            out[k] = {"object": "dict", "number": "float"}.get(t, t)
        elif k in ("properties", "$defs", "definitions"):
            out[k] = {pk: _bfcl_schema(pv) for pk, pv in v.items()} if isinstance(v, dict) else v
        else:
            out[k] = _bfcl_schema(v)
    return out


def func_doc(spec: dict[str, Any]) -> dict[str, Any]:
    """A BFCL function doc from a ToolSpec dict."""
    doc = {
        "name": spec["name"],
        "description": spec.get("description", ""),
        "parameters": _bfcl_schema(spec.get("parameters") or {"type": "object", "properties": {}}),
    }
    if spec.get("returns"):
        doc["response"] = _bfcl_schema(spec["returns"])
    return doc


def _camel(s: str) -> str:
    parts = re.split(r"[^A-Za-z0-9]+", s)
    return "".join(p[:1].upper() + p[1:] for p in parts if p) or "Env"


def _snake(s: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", s).lower()


def _env_classes(env_id: str) -> list[str]:
    """The API class names of the environments in an env id (``a/X-v0+a/Y-v0`` for composed worlds)."""
    return [_camel(part.split("/")[-1].rsplit("-v", 1)[0]) for part in env_id.split("+") if part]


def domain_class(domain: str, env_classes: list[str]) -> str:
    """The API class of a tool domain: the environment class it names (``smarthome`` -> ``SmartHome``).

    The same for every record, single-domain or composed, so each API has one class name and one
    function-doc file in the export.
    """
    key = re.sub(r"[^a-z0-9]", "", domain.lower())
    for cls in env_classes:
        if cls.lower() == key:
            return cls
    return _camel(domain)


def class_names(ep: dict[str, Any]) -> dict[str, str]:
    """Tool name -> BFCL API class: the class of the tool's domain (or of the environment when it has none).

    A tool's class depends only on its domain, never on what else the record composes, so an API
    keeps one class name across the export. Composed worlds rename clashing tools (a prefix such
    as ``trading_login``); those names stay as the record used them, and entries list the class's
    other spellings in ``excluded_function``, as for any function they were not offered.
    """
    env_id = str(ep.get("env_id") or "env")
    envs = _env_classes(env_id) or ["Env"]
    base = envs[0] if len(envs) == 1 else _camel(env_id.split("+")[0].split("/")[-1].rsplit("-v", 1)[0])
    return {t["name"]: domain_class(t["domain"], envs) if t.get("domain") else base for t in ep.get("tools") or []}


def _class_domains(tools: list[dict[str, Any]], classes: dict[str, str]) -> dict[str, str]:
    """API class -> the domain its tools come from, when the tools span several classes."""
    if len(set(classes.values())) <= 1:
        return {}
    out: dict[str, set[str]] = {}
    for t in tools:
        if t.get("domain"):
            out.setdefault(classes[t["name"]], set()).add(t["domain"])
    return {cls: sorted(ds)[0] for cls, ds in out.items()}


class BFCLFormat(Format):
    name = "bfcl"
    default_splits = {"test": 1.0}
    summary = (
        "BFCL multi-turn entries (`question` per turn, `initial_config` naming the toolgym environment and "
        "seed, `involved_classes`, `missed_function` for held-out tools), per-turn ground truth as Python call "
        "strings in `possible_answer/`, and function docs per API class in `multi_turn_func_doc/`."
    )

    def __init__(self, options: Any):
        super().__init__(options)
        self._answers: dict[str, JsonlWriter] = {}
        self._docs: dict[str, dict[str, dict[str, Any]]] = {}  # class -> name -> doc
        self.doc_conflicts = 0

    # --- writing ------------------------------------------------------------------------------

    def _file(self, split: str) -> str:
        return f"BFCL_v4_{self.opts.name}_{split}.json"

    def data_path(self, split: str) -> Path:
        assert self.out is not None
        return self.out / (self._file(split) + ".partial")

    def expected_count(self, samples: list[Sample]) -> int:
        return 1

    def records(self, samples: list[Sample]) -> list[dict[str, Any]]:
        ep = samples[0].episode
        turns = episode_turns(ep)
        offered = tools_by_turn(ep, turns)
        msgs = ep["messages"]
        tools = ep.get("tools") or []
        classes = self.cached(f"classes:{ep.get('env_id')}", tools, lambda _: class_names(ep))
        use_gt = any(t.get("ground_truth") for t in turns)
        question: list[list[dict[str, str]]] = []
        answers: list[list[str]] = []
        path: list[str] = []
        missed: dict[str, list[str]] = {}
        holdout: dict[str, str] = {}
        for k, t in enumerate(turns):
            users = [{"role": "user", "content": m.get("content") or ""} for m in msgs[t["start"] : t["end"]] if m["role"] == "user"]
            if k == 0 and samples[0].system:
                users.insert(0, {"role": "system", "content": samples[0].system})
            added = list(t.get("add_tools") or ())
            if k > 0 and added:
                missed[str(k)] = added
                if users:
                    holdout[str(k)] = "\n".join(u["content"] for u in users)
                users = []
            question.append(users)
            if use_gt:
                calls = t.get("ground_truth") or []
            else:
                calls = _succeeded_calls(msgs[t["start"] : t["end"]])
            strings = []
            for c in calls:
                name = c["name"]
                strings.append(call_string(name, c.get("arguments") or {}))
                cls = classes.get(name)
                if cls is None:
                    cls = _camel(str(ep.get("env_id")))
                path.append(f"{cls}.{name}")
            answers.append(strings)
        involved = sorted({classes[n] for n in classes})
        self.cached(f"docs:{ep.get('env_id')}", ep.get("tools") or [], lambda specs: self._add_docs(specs, classes))
        class_domain = self.cached(f"domains:{ep.get('env_id')}", tools, lambda ts: _class_domains(ts, classes))
        config: dict[str, Any] = {}
        for cls in involved:
            cfg = {"env_id": ep.get("env_id"), "env_version": ep.get("env_version", 0), "seed": ep.get("seed")}
            if cls in class_domain:
                cfg["domain"] = class_domain[cls]
            config[cls] = cfg
        entry: dict[str, Any] = {
            "id": f"{self.opts.name}_{ep['id']}",
            "question": question,
            "initial_config": config,
            "path": path,
            "involved_classes": involved,
        }
        if missed:
            entry["missed_function"] = missed
        entry["toolgym"] = {"episode_id": ep["id"], "variant": ep.get("variant", "base"), "offered": self.cached("offered", offered[-1], _tool_names)}
        if holdout:
            entry["toolgym"]["holdout_user_messages"] = holdout
        return [{"entry": entry, "answer": {"id": entry["id"], "ground_truth": answers}}]

    def _add_docs(self, specs: list[dict[str, Any]], classes: dict[str, str]) -> None:
        for spec in specs:
            cls = classes[spec["name"]]
            doc = func_doc(spec)
            have = self._docs.setdefault(cls, {}).get(spec["name"])
            if have is None:
                self._docs[cls][spec["name"]] = doc
            elif have != doc:
                self.doc_conflicts += 1

    def write(self, split: str, records: list[dict[str, Any]], episode: dict[str, Any]) -> None:
        super().write(split, [r["entry"] for r in records], episode)
        w = self._answers.get(split)
        if w is None:
            assert self.out is not None
            w = self._answers[split] = JsonlWriter(self.out / "possible_answer" / self._file(split))
        for r in records:
            w.write(r["answer"])

    def close(self) -> dict[str, list[str]]:
        partial = super().close()
        assert self.out is not None
        for w in self._answers.values():
            w.close()
        self._answers.clear()
        doc_dir = self.out / "multi_turn_func_doc"
        doc_dir.mkdir(parents=True, exist_ok=True)
        for cls, docs in sorted(self._docs.items()):
            with open(doc_dir / f"{_snake(cls)}.json", "w", encoding="utf-8") as f:
                for name in sorted(docs):
                    f.write(dumps_std(docs[name]) + "\n")
        class_tools = {cls: set(docs) for cls, docs in self._docs.items()}
        files: dict[str, list[str]] = {}
        for split, rels in partial.items():
            # Second streamed pass: functions of a class the episode did not offer are excluded.
            src = self.out / rels[0]
            dst = self.out / self._file(split)
            w = JsonlWriter(dst)
            for _, entry in iter_jsonl(src):
                offered = set(entry["toolgym"]["offered"]) | {n for v in (entry.get("missed_function") or {}).values() for n in v}
                excluded = sorted(n for cls in entry["involved_classes"] for n in class_tools.get(cls, ()) if n not in offered)
                if excluded:
                    entry = {**entry, "excluded_function": excluded}
                    entry["toolgym"] = entry.pop("toolgym")  # keep the extension last
                w.write(entry)
            w.close()
            os.remove(src)
            files[split] = [self._file(split), f"possible_answer/{self._file(split)}"]
        return files

    def extra_files(self) -> list[str]:
        return [f"multi_turn_func_doc/{_snake(c)}.json" for c in sorted(self._docs)]

    def card_data_files(self, files: dict[str, list[str]]) -> dict[str, list[str]]:
        return {s: [fs[0]] for s, fs in files.items()}

    # --- reading back -------------------------------------------------------------------------

    def iter_records(self, out: Path, files: list[str]) -> Iterator[tuple[str, Any]]:
        entries = iter_jsonl(out / files[0])
        answers = iter_jsonl(out / files[1])
        for (ln, e), got in zip(entries, answers, strict=False):
            yield f"{files[0]}:{ln}", {"entry": e, "answer": got[1]}
        if next(entries, None) is not None or next(answers, None) is not None:
            yield f"{files[0]}:end", {"__error__": "entries and possible answers differ in number"}

    def check_files(self, out: Path, manifest: dict[str, Any]) -> list[str]:
        errs = []
        for rel in manifest.get("extra_files") or []:
            p = out / rel
            if not p.exists():
                errs.append(f"{rel} is missing")
                continue
            for ln, doc in iter_jsonl(p):
                if not (isinstance(doc, dict) and doc.get("name") and isinstance(doc.get("parameters"), dict) and doc["parameters"].get("type") == "dict"):
                    errs.append(f"{rel}:{ln}: not a BFCL function doc (name, parameters of type dict)")
        return errs

    def check(self, record: Any) -> list[str]:
        if "__error__" in record:
            return [record["__error__"]]
        e, a = record["entry"], record["answer"]
        errs = []
        for key in ("id", "question", "initial_config", "path", "involved_classes"):
            if key not in e:
                errs.append(f"entry lacks {key!r}")
        if errs:
            return errs
        if a.get("id") != e["id"]:
            errs.append(f"ground truth id {a.get('id')!r} differs from entry id {e['id']!r}")
        q, gt = e["question"], a.get("ground_truth")
        if not isinstance(q, list) or not all(isinstance(t, list) for t in q):
            errs.append("question must be a list of turns, each a list of messages")
        elif not isinstance(gt, list) or len(gt) != len(q):
            errs.append(f"ground truth has {len(gt) if isinstance(gt, list) else '?'} turns, question {len(q)}")
        else:
            for k, turn in enumerate(gt):
                for s in turn:
                    try:
                        parse_call_string(s)
                    except ValueError as ex:
                        errs.append(f"ground truth turn {k}: {ex}")
        for k in (e.get("missed_function") or {}):
            if not k.isdigit() or int(k) >= len(q) or q[int(k)]:
                errs.append(f"missed_function turn {k!r} must index a turn with an empty question")
        for cls in e["involved_classes"]:
            cfg = e["initial_config"].get(cls)
            if not isinstance(cfg, dict) or "env_id" not in cfg or "seed" not in cfg:
                errs.append(f"initial_config[{cls!r}] must name env_id and seed")
        for p in e["path"]:
            if p.split(".", 1)[0] not in e["involved_classes"]:
                errs.append(f"path {p!r} names a class outside involved_classes")
        return errs

    def compare_episode(
        self, ep: dict[str, Any], samples: list[Sample], got: list[tuple[str, Any]]
    ) -> Iterator[tuple[str, list[str], list[dict[str, Any]] | None]]:
        where, rec = got[0]
        errs = self.check(rec)
        if errs:
            yield where, errs, None
            return
        want = self.records(samples)[0]
        e, a = rec["entry"], rec["answer"]
        for key in ("question", "initial_config", "path", "involved_classes", "missed_function"):
            if e.get(key) != want["entry"].get(key):
                errs.append(f"{key}: expected {str(want['entry'].get(key))[:160]}, got {str(e.get(key))[:160]}")
        for k, (ws, gs) in enumerate(zip(want["answer"]["ground_truth"], a["ground_truth"], strict=False)):
            if [parse_call_string(s) for s in gs] != [parse_call_string(s) for s in ws]:
                errs.append(f"ground truth turn {k}: expected {ws}, got {gs}")
        view: list[dict[str, Any]] = []
        for turn, calls in zip(e["question"], a["ground_truth"], strict=False):
            view += [{"role": m["role"], "content": m["content"]} for m in turn]
            view.append({"role": "assistant", "content": None, "reasoning": None, "calls": [dict(zip(("name", "arguments"), parse_call_string(s), strict=False)) for s in calls]})
        for text in ((e.get("toolgym") or {}).get("holdout_user_messages") or {}).values():
            view.append({"role": "user", "content": text})
        yield where, errs, view

    def coverage(self, ep: dict[str, Any], views: list[list[dict[str, Any]]]) -> list[str]:
        """Every user message and every call of the ground truth appears in the entry."""
        from toolgym.canonical import canonical_json

        turns = episode_turns(ep)
        use_gt = any(t.get("ground_truth") for t in turns)
        want_calls = set()
        for t in turns:
            calls = (t.get("ground_truth") or []) if use_gt else _succeeded_calls(ep["messages"][t["start"] : t["end"]])
            want_calls |= {(c["name"], canonical_json(c.get("arguments") or {})) for c in calls}
        want_users = {m.get("content") for m in ep["messages"] if m["role"] == "user" and m.get("content")}
        got_calls = {(c["name"], canonical_json(c["arguments"])) for v in views for e in v if e["role"] == "assistant" for c in e["calls"]}
        got_users = {e["content"] for v in views for e in v if e["role"] == "user"}
        errs = []
        if want_calls - got_calls:
            errs.append(f"{len(want_calls - got_calls)} ground-truth calls are in no entry, e.g. {sorted(want_calls - got_calls)[:2]}")
        if want_users - got_users:
            errs.append(f"{len(want_users - got_users)} user messages are in no entry, e.g. {sorted(want_users - got_users)[:2]}")
        return errs


def _tool_names(tools: list[dict[str, Any]]) -> list[Any]:
    """The names of a tool list (one list per distinct tool list, shared by its entries: read only)."""
    return [t.get("name") for t in tools]


def _succeeded_calls(msgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ok = {m.get("tool_call_id") for m in msgs if m["role"] == "tool" and m.get("error") is None}
    return [c for m in msgs if m["role"] == "assistant" for c in m.get("tool_calls") or () if c["id"] in ok]

"""How people talk about a tool, and how an assistant reports what it returned.

The built-in writers of the synthesis pipeline (requests, reasoning, answers) and the quality
checks read this, one :class:`ToolLanguage` per tool. A domain keeps them in its own
``language.py`` and points its environment class at them::

    # envs/trading/language.py
    LANGUAGE = {
        "get_quote": ToolLanguage(
            task=("get a quote for {symbol}", "look up the price of {symbol}"),
            asks=("what's {symbol} trading at?", "get me a quote for {symbol}", ...),
            context=("I'm looking at {symbol}",),
            answer=Answer(fields=("last", "change_pct"),
                          says=("{symbol} last traded at {last} ({change_pct} on the day).", ...)),
        ),
    }

    # envs/trading/env.py
    class Trading(ToolEnv):
        language = LANGUAGE

Placeholders are ``{name}``: in ``task``, ``asks`` and ``context`` a parameter of the tool; in
an answer also a result field (``{last}``, ``{account.balance}``), ``{count}`` and ``{items}``
(list results) and ``{result}`` (a scalar result). An internal id is never said raw: a
placeholder of an id parameter is rendered as what the user calls the thing (its label, "that
message", "the first order"). Booleans never appear as placeholders; what a user says to turn
one on is in ``params`` (``{"all": {True: ("including hidden files",)}}``), and enum values the
same way or verbatim through a placeholder.

A tool without authored language gets one drafted from its ``intents=[...]`` and description
(:func:`draft_language`), enough for synthesis to run; :func:`lint` lists what an author should
still write. The built-in domains pass ``lint`` with no findings (tested).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .tooling import ToolDef

__all__ = [
    "ToolLanguage",
    "Answer",
    "Noun",
    "placeholders",
    "draft_language",
    "attach_language",
    "lint",
    "LanguageError",
    "MIN_ASKS",
    "MIN_SAYS",
]

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}")
_SPECIAL = frozenset({"count", "items", "result"})
MIN_ASKS = 6  # phrasings per tool an authored domain gives (lint)
MIN_SAYS = 2  # answer sentences per tool with a result worth reporting (lint)
_ID_NAME = re.compile(r"(^|_)(id|ids|token|uuid)$", re.IGNORECASE)


class LanguageError(TypeError):
    """A tool's language names something the tool does not have (raised at class creation)."""


def placeholders(template: str) -> list[str]:
    """The ``{name}`` placeholders of a template, in order."""
    return PLACEHOLDER.findall(template)


def _tuple(v: str | Iterable[Any] | None) -> tuple[Any, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    return tuple(v)



# A piece that opens on the noun after a list placeholder ("{doors} door is locked"), as the
# writer says it after two or more items ("doors are locked").
_PLURAL_VERB = {"is": "are", "gets": "get", "was": "were", "has": "have", "stays": "stay", "isn't": "aren't", "wasn't": "weren't"}
_PLURAL_PIECE = re.compile(r"^(\w+)(?:(\s+)(is|gets|was|has|stays|isn't|wasn't)\b)?")


def has_words(text: str, piece: str) -> bool:
    """Whether ``piece`` occurs in ``text`` as whole words ("lock the" is not in "unlock the").

    A scan with ``str.find``, not a regex: value phrases are many, and one pattern each would
    thrash the ``re`` module's cache."""
    if not piece:
        return False
    n, start = len(piece), 0
    edge_l, edge_r = piece[0].isalnum(), piece[-1].isalnum()
    while (i := text.find(piece, start)) >= 0:
        if not (edge_l and i and text[i - 1].isalnum()) and not (edge_r and i + n < len(text) and text[i + n].isalnum()):
            return True
        start = i + 1
    return False

@dataclass(frozen=True)
class Answer:
    """How the assistant reports a call's result.

    Attributes:
        says: answer sentences (several, chosen at random), each stating every field of
            ``fields``; may use call arguments as well (rendered as the user named them).
        fields: result paths whose values answer the request (``get_quote`` -> ``last``;
            ``find_airports`` -> the code). The quality check looks for each value in the
            answer. Empty for a write whose confirmation is the answer.
        items: for a list to report, its path in the result (default: the result itself).
        where: keep only list items with these field values (``{"available": True}``).
        each: one list item in words (``"{name} ({symbol})"``); its fields are the item's
            answer fields.
        empty: sentences for an empty list (may use call arguments).
        when: sentences for a result whose boolean or enum field has a value, instead of
            ``says`` (``{"is_open": {True: ("The market is open ...",), False: (...)}}``);
            the first field whose value has sentences decides. How a flag is reported.
    """

    says: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    items: str | None = None
    where: Mapping[str, Any] = field(default_factory=dict)
    each: str | None = None
    empty: tuple[str, ...] = ()
    when: Mapping[str, Mapping[Any, tuple[str, ...]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "when", {f: {v: _tuple(ss) for v, ss in cases.items()} for f, cases in dict(self.when).items()})
        object.__setattr__(self, "says", _tuple(self.says))
        object.__setattr__(self, "fields", _tuple(self.fields))
        object.__setattr__(self, "empty", _tuple(self.empty))
        object.__setattr__(self, "where", dict(self.where))

    @property
    def is_list(self) -> bool:
        return self.each is not None

    def sentences(self) -> tuple[str, ...]:
        """Every sentence it may say: ``says`` and every case of ``when``."""
        return self.says + tuple(s for cases in self.when.values() for ss in cases.values() for s in ss)


@dataclass(frozen=True)
class ToolLanguage:
    """Everything the built-in writers need to talk about one tool.

    Attributes:
        task: what calling the tool does, as an infinitive phrase the assistant's reasoning
            can use ("send {receiver_id} a message saying {text}"); one or several.
        asks: how a user asks for it: imperative clauses without a leading "please" and
            without final punctuation ("send {receiver_id} a note saying {text}"), or questions
            ending in "?" ("what's {symbol} trading at?"). Optional parameters may appear; a
            template whose placeholder has no value is used only when the placeholder can go
            with the preposition before it ("list the files in {path}" -> "list the files").
        context: the tool's inputs stated as background facts, for when the tool is a step the
            user does not ask for ("my username is {username} and my password is {password}",
            "it's the flight from {origin} to {destination} on {date}").
        params: how a parameter the chosen ask does not place is said: modifier phrases with
            ``{}`` for the value ("under {}"), or for booleans and enums a mapping from value to
            phrases (``{True: ("including hidden files",)}``). A boolean or enum value is said
            only through these phrases (or an enum placeholder in an ask).
        answer: how the result is reported (:class:`Answer`).
        values: realistic values for user-side free-text parameters (a message's text, a new
            watchlist's name), preferred by the sampler over generic pools.
        why: short reasons a user may give for asking ("for my records", "I'm about to
            travel"), added now and then to vary requests; no placeholders.
        value_asks: asks written for one value of a boolean or enum parameter (parameter ->
            value -> asks): ``{"operation": {"subtract": ("what's {a} minus {b}?",)}}``,
            ``{"lock": {True: ("lock the {doors}",), False: ("unlock the {doors}",)}}``. When a
            call has that value they are preferred, and they say it: the ask's words are the
            phrase the grounding check looks for.
        kinds: how a value is said when the name and type do not tell: ``money``, ``percent``,
            ``count``, ``number``, ``date``, ``time``, ``text``, ``raw``. Keys are parameter
            names or result fields.
    """

    task: tuple[str, ...]
    asks: tuple[str, ...]
    context: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    answer: Answer = field(default_factory=Answer)
    values: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)
    why: tuple[str, ...] = ()
    value_asks: Mapping[str, Mapping[Any, tuple[str, ...]]] = field(default_factory=dict)
    drafted: bool = False  # made by draft_language, not written by an author

    def __post_init__(self) -> None:
        object.__setattr__(self, "task", _tuple(self.task))
        object.__setattr__(self, "asks", _tuple(self.asks))
        object.__setattr__(self, "context", _tuple(self.context))
        object.__setattr__(self, "why", _tuple(self.why))
        object.__setattr__(self, "value_asks", {p: {v: _tuple(a) for v, a in cases.items()} for p, cases in dict(self.value_asks).items()})
        params: dict[str, Any] = {}
        for k, v in dict(self.params).items():
            params[k] = {val: _tuple(ph) for val, ph in v.items()} if isinstance(v, Mapping) else _tuple(v)
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "values", {k: _tuple(v) for k, v in dict(self.values).items()})
        object.__setattr__(self, "kinds", dict(self.kinds))

    def modifiers(self, param: str) -> tuple[str, ...]:
        """Modifier phrases (``"under {}"``) for a free-valued parameter."""
        v = self.params.get(param)
        return v if isinstance(v, tuple) else ()

    def value_phrases(self, param: str, value: Any) -> tuple[str, ...]:
        """Phrases that say a boolean or enum parameter has ``value``."""
        v = self.params.get(param)
        if not isinstance(v, Mapping):
            return ()
        for k, phrases in v.items():
            # True == 1 in Python: a boolean's phrases never say an integer, nor the reverse
            if k == value and isinstance(k, bool) == isinstance(value, bool):
                return phrases
        return ()

    def asks_for_value(self, param: str, value: Any) -> tuple[str, ...]:
        """The asks written for ``param`` having ``value`` (booleans never match integers)."""
        for k, asks in self.value_asks.get(param, {}).items():
            if k == value and isinstance(k, bool) == isinstance(value, bool):
                return asks
        return ()

    def value_said(self, param: str, value: Any, text_low: str) -> bool:
        """Whether lower-cased user text says ``param=value`` through a phrase or a value ask
        (every literal piece of one of the value's asks, placeholders aside, is in the text)."""
        def has(piece: str) -> bool:  # as whole words: "lock the" is not in "unlock the"
            # ... or with the plural the writer gives a word after a list ("lock the {doors} door"
            # with two doors reads "... doors")
            if has_words(text_low, piece):
                return True
            plural = _PLURAL_PIECE.sub(lambda mt: mt.group(1) + "s" + (mt.group(2) + _PLURAL_VERB[mt.group(3)] if mt.group(3) else ""), piece, 1)
            return plural != piece and has_words(text_low, plural)

        for ph in self.value_phrases(param, value):
            if has(" ".join(ph.lower().split())):
                return True
        for ask in self.asks_for_value(param, value):
            pieces = [" ".join(x.lower().split()).strip(" ?,.!;:") for x in PLACEHOLDER.split(ask)[::2]]
            pieces = [x for x in pieces if len(x) >= 3]
            if pieces and all(has(x) for x in pieces):
                return True
        return False

    def cues(self) -> dict[str, dict[Any, tuple[str, ...]]]:
        """Parameter -> value -> phrases, for the booleans and enums (what the grounding check reads)."""
        return {p: dict(v) for p, v in self.params.items() if isinstance(v, Mapping)}


@dataclass(frozen=True)
class Noun:
    """How users speak of an entity type (a domain's ``NOUNS``, set as the class's ``nouns``).

    A placeholder of an id parameter in an ask stands for a whole noun phrase: the thing's
    label in one of ``named`` ("my {} account" -> "my Roth IRA account"), or a reference built
    from ``noun`` ("that account", "the first account from before").

    Attributes:
        noun: the singular noun ("account"); default: the entity type in words.
        plural: the plural ("accounts"); default: ``noun`` + "s".
        named: how a user names one by its label (``"{}"`` alone for people's names).
    """

    noun: str
    plural: str | None = None
    named: tuple[str, ...] = ("{}",)

    def __post_init__(self) -> None:
        object.__setattr__(self, "named", _tuple(self.named))
        if self.plural is None:
            object.__setattr__(self, "plural", self.noun + ("es" if self.noun.endswith(("s", "x", "ch", "sh")) else "s"))


# --- schema helpers -------------------------------------------------------------------------------


def _prop_types(schema: Mapping[str, Any]) -> set[str]:
    t = schema.get("type")
    out = set(t) if isinstance(t, list) else {t} if t else set()
    for s in schema.get("anyOf", ()) or ():
        if isinstance(s, Mapping):
            out |= _prop_types(s)
    return out - {None}


def enum_values(schema: Mapping[str, Any]) -> list[Any] | None:
    """The enum of a parameter schema (nullable or ``anyOf`` forms included), or None."""
    if "enum" in schema:
        return list(schema["enum"])
    for s in schema.get("anyOf", ()) or ():
        if isinstance(s, Mapping) and "enum" in s:
            return list(s["enum"])
    return None


def is_bool(schema: Mapping[str, Any]) -> bool:
    return _prop_types(schema) & {"boolean", "string", "integer", "number", "array", "object"} == {"boolean"}


def result_paths(returns: Mapping[str, Any] | None) -> set[str] | None:
    """Dotted paths of a result schema's object fields (None: the schema does not say)."""
    if not returns:
        return None
    out: set[str] = set()

    def walk(s: Mapping[str, Any], prefix: str, depth: int) -> None:
        if depth > 4 or not isinstance(s, Mapping):
            return
        for alt in s.get("anyOf", ()) or ():
            walk(alt, prefix, depth + 1)
        props = s.get("properties")
        if isinstance(props, Mapping):
            for k, v in props.items():
                p = f"{prefix}.{k}" if prefix else k
                out.add(p)
                walk(v, p, depth + 1)
        if s.get("type") == "object" and not props and s.get("additionalProperties") not in (None, False):
            out.add(prefix + ".*" if prefix else "*")

    walk(returns, "", 0)
    return out


def item_schema(returns: Mapping[str, Any] | None, items: str | None) -> Mapping[str, Any] | None:
    """The schema of one item of the list an answer reports (None when unknown)."""
    if not returns:
        return None
    s: Any = returns
    if items:
        for seg in items.split("."):
            s = (s.get("properties") or {}).get(seg) if isinstance(s, Mapping) else None
            if s is None:
                return None
    if isinstance(s, Mapping):
        for alt in [s, *(s.get("anyOf") or ())]:
            if isinstance(alt, Mapping) and alt.get("type") == "array":
                it = alt.get("items")
                return it if isinstance(it, Mapping) else None
    return None


# --- attaching and drafting -------------------------------------------------------------------------


def _first_sentence(text: str) -> str:
    s = text.strip().split("\n")[0]
    m = re.search(r"(?<=[.;:])\s", s)
    s = s[: m.start()] if m else s
    return s.rstrip(".;: ")


def draft_language(td: "ToolDef") -> ToolLanguage:
    """A serviceable language for a tool nobody wrote one for: from its intents and description."""
    spec = td.spec
    desc = _first_sentence(spec.description) or spec.name.replace("_", " ")
    task = desc[:1].lower() + desc[1:]
    asks = tuple(td.intents) or (task,)
    returns = spec.returns or {}
    answer = Answer()
    if returns.get("type") == "array":
        item = item_schema(returns, None) or {}
        props = list((item.get("properties") or {}))
        label = next((p for p in ("name", "title", "label", "subject", "path", "symbol", "summary") if p in props), None)
        label = label or next((p for p in props if not _ID_NAME.search(p)), None)
        answer = Answer(each="{" + label + "}" if label else "{result}", says=("I found {count}: {items}.",), empty=("I found nothing.",))
    elif returns.get("type") == "object":
        props = [p for p, s in (returns.get("properties") or {}).items() if not _ID_NAME.search(p) and _prop_types(s) & {"string", "number", "integer"}]
        fields = tuple(props[:2])
        if fields:
            answer = Answer(fields=fields, says=(" ".join(f"The {f.replace('_', ' ')} is {{{f}}}." for f in fields),))
    elif returns.get("type") in ("string", "number", "integer"):
        answer = Answer(says=("The result is {result}.",))
    return ToolLanguage(task=(task,), asks=asks, answer=answer, drafted=True)


def _check_placeholders(tool: str, lang: ToolLanguage, td: "ToolDef") -> None:
    params = set(td.spec.parameters.get("properties", {}))
    paths = result_paths(td.spec.returns)
    ans = lang.answer
    item_paths = result_paths(item_schema(td.spec.returns, ans.items)) if ans.is_list else None
    value_asks = tuple(a for cases in lang.value_asks.values() for asks in cases.values() for a in asks)
    for name in lang.value_asks:
        if name not in params:
            raise LanguageError(f"language of {tool}: value_asks name {name!r}, expected one of its parameters {sorted(params)}")
    for kind, templates in (("task", lang.task), ("asks", lang.asks), ("context", lang.context), ("why", lang.why), ("value_asks", value_asks)):
        for t in templates:
            for p in placeholders(t):
                if p not in params:
                    raise LanguageError(f"language of {tool}: {kind} {t!r} names {{{p}}}, expected one of its parameters {sorted(params)}")
    for name in list(lang.params) + list(lang.values):
        if name not in params:
            raise LanguageError(f"language of {tool}: params/values name {name!r}, expected one of its parameters {sorted(params)}")
    for f in ans.when:
        if paths is not None and f not in paths:
            raise LanguageError(f"language of {tool}: answer.when names {f!r}, which is not in its result {sorted(paths)}")
    for t in ans.sentences() + ans.empty:
        for p in placeholders(t):
            ok = p in _SPECIAL or p in params or paths is None or p in paths or any(x.endswith("*") for x in paths)
            if not ok:
                raise LanguageError(f"language of {tool}: answer {t!r} names {{{p}}}, expected a result field {sorted(paths or ())}, a parameter, count, items or result")
    if ans.each is not None and item_paths is not None:
        for p in placeholders(ans.each):
            if p not in item_paths and p != "result":
                raise LanguageError(f"language of {tool}: answer.each {ans.each!r} names {{{p}}}, expected an item field {sorted(item_paths)}")
    for f in ans.fields:
        if paths is not None and f not in paths:
            raise LanguageError(f"language of {tool}: answer field {f!r} is not in its result, expected one of {sorted(paths)}")


def attach_language(owner: type, tooldefs: Mapping[str, "ToolDef"], authored: Mapping[str, ToolLanguage] | None) -> None:
    """Give every tool of a class its language: the authored one, else a draft.

    Raises:
        LanguageError: the authored language names a tool or placeholder the class lacks.
    """
    from toolgym.errors import suggest

    authored = dict(authored or {})
    for name in authored:
        if name not in tooldefs:
            raise LanguageError(f"{owner.__name__}.language names tool {name!r}, which it does not have{suggest(name, tooldefs)}")
    for name, td in tooldefs.items():
        lang = authored.get(name)
        if lang is None:
            lang = draft_language(td)
        else:
            _check_placeholders(name, lang, td)
        td.language = lang


# --- lint: what an author should still write ----------------------------------------------------------


def _says_fields(t: str) -> set[str]:
    return set(placeholders(t))


def lint(tooldefs: Mapping[str, "ToolDef"], *, min_asks: int = MIN_ASKS) -> list[str]:
    """Every gap in the tools' language, one readable line each (empty: complete).

    Checks: the language is authored; at least ``min_asks`` distinct asks, each placing every
    required parameter (or the parameter has modifier phrases); no ask names a boolean; every
    non-default value of a boolean and every enum value can be said; no ask uses an enum
    value as a word while not placing that parameter (an ask saying "append" for a ``mode``
    it leaves out); a read or precondition tool with parameters has ``context`` phrases; an
    answer with sentences for every result worth reporting, each stating all its ``fields``;
    list results have ``each`` and ``empty``.
    """
    out: list[str] = []
    for name, td in tooldefs.items():
        lang: ToolLanguage | None = getattr(td, "language", None)
        if lang is None or lang.drafted:
            out.append(f"{name}: no authored language (a draft is used)")
            continue
        props: dict[str, Any] = td.spec.parameters.get("properties", {})
        required = set(td.spec.parameters.get("required", []))
        asks = list(lang.asks)
        if len(set(asks)) < min_asks:
            out.append(f"{name}: expected >= {min_asks} distinct asks, got {len(set(asks))}")
        if not lang.task:
            out.append(f"{name}: no task phrase")
        for a in asks:
            s = a.strip()
            if s != a or not s:
                out.append(f"{name}: ask {a!r} is empty or has surrounding spaces")
                continue
            if s[0].isalpha() and s[0].isupper() and not s.startswith("I ") and not s.startswith("I'"):
                out.append(f"{name}: ask {a!r} should start lower-case")
            if s[-1] in ".!;:," :
                out.append(f"{name}: ask {a!r} should not end with {s[-1]!r} (questions end with '?', others bare)")
            if re.match(r"(please|can you|could you|would you)\b", s, re.IGNORECASE):
                out.append(f"{name}: ask {a!r} should not start with a politeness frame (the writer adds frames)")
            ph = set(placeholders(a))
            for p in ph:
                if p in props and is_bool(props[p]):
                    out.append(f"{name}: ask {a!r} places boolean {{{p}}}; say booleans through params phrases")
            for p in required - ph:
                if p in props and not lang.modifiers(p) and not lang.cues().get(p):
                    out.append(f"{name}: ask {a!r} does not place required {{{p}}} and params has no phrases for it")
            words = set(re.findall(r"[a-z][a-z_-]*", PLACEHOLDER.sub(" ", a.lower())))
            for p, ps in props.items():
                ev = enum_values(ps)
                if ev is None or p in ph:
                    continue
                hit = [v for v in ev if isinstance(v, str) and v.lower() in words and len(v) > 2]
                if hit:
                    out.append(f"{name}: ask {a!r} says {hit[0]!r} (a value of {p!r}) without placing {{{p}}}")
        for p, ps in props.items():
            default = ps.get("default")
            if is_bool(ps):
                for v in (True, False):
                    if v != default and not lang.value_phrases(p, v) and not lang.asks_for_value(p, v):
                        out.append(f"{name}: boolean {p!r}={v} has no phrase in params")
                continue
            ev = enum_values(ps)
            if ev is not None:
                in_ask = any(p in placeholders(a) for a in asks)
                missing = [v for v in ev if v != default and not lang.value_phrases(p, v) and not lang.asks_for_value(p, v)]
                if missing and not in_ask:
                    out.append(f"{name}: enum {p!r} values {missing} have no phrase in params and no ask places it")
                continue
            if p not in required and not any(p in placeholders(a) for a in asks) and not lang.modifiers(p):
                out.append(f"{name}: optional {p!r} has no modifier phrases and no ask places it")
        is_lookup = not td.writes or td.establishes
        if props and is_lookup:
            user_params = [p for p in required if p in props and not _ID_NAME.search(p)]
            if user_params and len(lang.context) < 2:
                out.append(f"{name}: expected >= 2 context phrases (it can be a step the user does not ask for)")
        returns = td.spec.returns or {}
        ans = lang.answer
        if returns.get("type") == "array" or ans.items:
            if ans.each is None:
                out.append(f"{name}: list result needs answer.each")
            if not ans.empty:
                out.append(f"{name}: list result needs answer.empty sentences")
        if returns and returns.get("type") != "null" and len(ans.says) < MIN_SAYS and not ans.when:
            out.append(f"{name}: expected >= {MIN_SAYS} answer sentences, got {len(ans.says)}")
        for f, cases in ans.when.items():
            for v, ss in cases.items():
                if len(ss) < MIN_SAYS:
                    out.append(f"{name}: expected >= {MIN_SAYS} sentences for {f}={v!r}, got {len(ss)}")
        for t in ans.sentences():
            missing_f = [f for f in ans.fields if f not in _says_fields(t)]
            if missing_f:
                out.append(f"{name}: answer {t!r} does not state field(s) {missing_f}")
            if ans.is_list and not ({"items", "count"} & _says_fields(t)):
                out.append(f"{name}: list answer {t!r} states neither {{items}} nor {{count}}")
        if not td.writes and returns.get("type") == "object" and not ans.fields and not ans.is_list and not ans.when:
            out.append(f"{name}: a read with an object result needs answer.fields (what answers the user)")
    return out

"""The built-in writers' vocabulary: tools' language and entities' nouns, and clauses made of them.

A :class:`Lexicon` is built once per environment (tool -> :class:`ToolLanguage`, tool ->
entity -> :class:`Noun`); every plan carries it. :meth:`Lexicon.clause` turns one plan step
into words from one of its templates (an ask, a task, a context fact), with every argument said
as people say it (:mod:`.say`) and every argument the template does not place added through the
tool's modifier phrases. The result is a list of :class:`Seg` so that noise never touches a
value and the diversity report can see the phrasing without the values.
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolgym.envs.language import _PLURAL_VERB, PLACEHOLDER, Noun, ToolLanguage, draft_language, enum_values, has_words
from toolgym.synth.grounding import _CREATE_PREFIXES

from .phrasebank import CREDENTIALS
from .say import assistant_voice, join_list, kind_of, say_value, third_person

if TYPE_CHECKING:
    from .turnplan import Mention, TurnPlan

__all__ = ["Seg", "Lexicon", "Unsayable", "text_of", "clean_of", "skeleton_of", "article", "cap"]

# A last placeholder with no preposition is dropped only where the words before it still make
# a sentence: not after a lone verb ("drop") or a conjunction, article or copula ("it's normal
# priority and").
_NO_SENTENCE_WITHOUT = re.compile(r"(\b(and|or|but|then|is|are|was|were|be|as|than|the|a|an|my|your|their|our|its|this|that)|^\W*\w+)\W*$", re.IGNORECASE)
_PREP = re.compile(
    r"\s*\b(in|into|to|from|of|for|with|at|on|under|inside|within|by|as|about|named|called|saying|between|via|through|using)\s*$",
    re.IGNORECASE,
)
_PERSON_NOUNS = frozenset({"user", "person", "contact", "receiver", "recipient", "friend", "member", "customer", "people", "attendee",
                           "assignee", "employee", "owner", "follower", "payee", "passenger", "agent", "guest", "author", "sender"})


def _pluralized(plural: str, mt: re.Match[str]) -> str:
    """``re.sub``'s replacement: the noun made plural, and its verb agreeing ("doors are")."""
    return f"{mt.group(1)}{plural}s" + (mt.group(2) + _PLURAL_VERB[mt.group(3)] if mt.group(3) else "")


class Unsayable(Exception):
    """A value of a step that the tool's language has no words for (the attempt is dropped)."""


@dataclass(slots=True)
class Seg:
    """A piece of a written text.

    ``text`` as written (typos included), ``clean`` without injected typos, ``tag`` what the
    piece is in a skeleton (``<date>``; None: the clean text itself), ``protected``: a value the
    checker needs (noise never alters it), ``noise``: chit-chat a skeleton leaves out.
    """

    text: str
    protected: bool = False
    tag: str | None = None
    noise: bool = False
    clean: str | None = None
    fixed: bool = False  # words that say a value (a value ask's "lock the ... door"): no typo there


_PUNCT = ",.;:?!"


def _joined(parts: list[tuple[str, bool]]) -> str:
    """Pieces joined into one text: no space before a punctuation mark a free piece starts with
    ("Beverages" + " , just the top 11"), and a sentence's end replaces a colon or comma left by a
    dropped last value ("make a post for me:" + "." reads "make a post for me.")."""
    out = ""
    after_value = False  # the text so far ends on a value's own characters (never cut)
    for text, protected in parts:
        if not protected and text.lstrip(" ")[:1] in _PUNCT and text.strip():
            text = text.lstrip(" ")
            if not (after_value and out.endswith(" ")):
                out = out.rstrip(" ")
            if text[0] in ".?!" and out[-1:] in ",;:" and not after_value:
                out = out[:-1]
        out += text
        if text:
            after_value = protected and not text[-1:].isspace()
    return re.sub(r"[ ]{2,}", " ", out).strip()


def text_of(segs: list[Seg]) -> str:
    return _joined([(s.text, s.protected) for s in segs])


def clean_of(segs: list[Seg]) -> str:
    return _joined([(s.clean if s.clean is not None else s.text, s.protected) for s in segs])


def skeleton_of(segs: list[Seg]) -> str:
    """The text with values as type tags and noise left out (what phrasing diversity is measured on)."""
    return _joined([("" if s.noise else s.tag if s.tag is not None else (s.clean if s.clean is not None else s.text), s.protected)
                    for s in segs])


def article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


# shell commands people type in lower case at any place in a sentence ("cd home", not "Cd home")
_COMMANDS = frozenset("cd ls cp mv rm pwd mkdir rmdir wc grep du df chmod".split())


def cap(s: str) -> str:
    """The first letter upper case, unless the first word is an identifier ("view_inbox")."""
    i = len(s) - len(s.lstrip(" \"'("))
    word = s[i:].split(" ", 1)[0]
    if any(c in "_/.@#\\:" or c.isdigit() or c.isupper() for c in word[1:].rstrip(".,;:!?")) or "_" in word[:1] \
            or word.rstrip(".,;:!?") in _COMMANDS:
        return s  # a tool name or an id as written: "view_inbox only works after login"
    return s[:i] + s[i : i + 1].upper() + s[i + 1 :]


def humanize(name: str) -> str:
    s = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    s = re.sub(r"(^|_)(id|ids)$", "", s)
    return s.replace("_", " ").strip().lower() or name.lower()


@functools.lru_cache(maxsize=4096)
def _fit_cached(template: str, present: frozenset[str], required: frozenset[str], strict: bool) -> list[tuple[str, str | None]] | None:
    # a pure function asked with the same few combinations for every plan: memoized (read only)
    return Lexicon._fit_uncached(template, present, required, strict)


@functools.lru_cache(maxsize=8192)
def _fit_info(template: str, present: frozenset[str], required: frozenset[str]) -> tuple[list[tuple[str, str | None]], frozenset[str], int] | None:
    """``_fit`` with what :meth:`Lexicon.clause` ranks templates by: the fields placed and the
    template's placeholder count (memoized: a clause weighs every template of its tool)."""
    fitted = _fit_cached(template, present, required, False)
    if fitted is None:
        return None
    return fitted, frozenset(f for _, f in fitted if f is not None), len(PLACEHOLDER.findall(template))


# Words a modifier can follow a clause with directly ("... in Paris", "... that are open");
# any other modifier is set off by a comma ("show my messages, only the unread ones").
_CONTINUES = frozenset("""in on at for with without from to by under over before after since until into onto via as about between
within through during that which who whose where including excluding sorted ordered starting ending near around across along
up down than like using of per off out and or but if so when while named called saying""".split())


# the sampler's creating tools, and those that make something while doing something else
_CREATES = _CREATE_PREFIXES + ("place_", "post_", "send_", "schedule_", "upload_", "write_", "compose_", "start_", "submit_",
                               "draft_", "reply", "mkdir", "touch", "copy", "cp")


def _made_by_a_create(plan: TurnPlan, m: Mention) -> bool:
    """Whether the step that produced ``m``'s value made something new (a ticket it created)."""
    src = plan.steps[m.step].sources.get(m.param)
    call_id = getattr(src, "call_id", None)
    for st in plan.steps[: m.step]:
        if st.call.id == call_id:
            name = st.spec.name
            # a composed env may prefix a tool with its domain ("support_create_ticket")
            return name.startswith(_CREATES) or name.partition("_")[2].startswith(_CREATES)
    return False


def _joint(phrase: str) -> str:
    """What goes between a clause and a modifier phrase: a space, or a comma and a space."""
    p = phrase.lstrip()
    if not p or p[0] in ",;:(":
        return "" if p[:1] == "," else " "
    first = re.split(r"[\s,]", p, maxsplit=1)[0].lower()
    return " " if first in _CONTINUES or first.endswith("ing") or first.endswith("ed") else ", "


# A value ask that is a question or a statement ("which orders are on their way?", "I want the
# door locked") says the value, but is no task phrase ("The user wants me to which orders ...").
_NOT_IMPERATIVE = re.compile(r"\?\s*$|^(I|I'm|I'd|I've|I'll|my|we|our|what|what's|which|who|how|where|when|why|is|are|do|does|did|can|"
                             r"could|would|will|should|any|the|a|an|this|that|it|it's|there)\b|^\{", re.IGNORECASE)


# parameters whose value is something written, which "says" things (a message, a note); any other
# text (a symbol, a label, a city) is asked for as "which ... do you mean?"
_SAYING = ("text", "body", "message", "content", "note", "comment", "caption", "bio", "description", "reason", "memo", "reply")


class Lexicon:
    """Tool language and entity nouns of one environment (composed ones included)."""

    def __init__(self, env: Any):
        defs = env.all_tooldefs()
        self.defs = defs
        self.langs: dict[str, ToolLanguage] = {n: (td.language or draft_language(td)) for n, td in defs.items()}
        self.specs = {n: td.spec for n, td in defs.items()}
        # entity type -> the result field users know it by (Entity(label=...))
        self.label_fields: dict[str, str] = {}
        for td in defs.values():
            for ent, e in (getattr(td, "entities", None) or {}).items():
                if getattr(e, "label", None):
                    self.label_fields.setdefault(ent, e.label)
        self.nouns: dict[str, dict[str, Noun]] = {}
        self.scenes: dict[str, tuple[str, ...]] = {}
        for n in defs:
            owner = env.tool_owner(n) if hasattr(env, "tool_owner") else env
            self.nouns[n] = dict(getattr(type(owner), "nouns", {}) or {})
            self.scenes[n] = tuple(getattr(type(owner), "scenes", ()) or ())

    # --- nouns and values ----------------------------------------------------------------------

    def noun(self, tool: str, param: str) -> Noun:
        spec = self.specs[tool]
        ent = spec.param_entities.get(param) or spec.param_entities.get(f"{param}[]")
        got = self.nouns.get(tool, {}).get(ent) if ent else None
        if got is not None:
            return got
        return Noun(humanize(ent) if ent else humanize(param))

    def is_person(self, tool: str, param: str) -> bool:
        n = self.noun(tool, param).noun
        return n in _PERSON_NOUNS or humanize(param) in _PERSON_NOUNS or n.endswith(" name")

    def kind(self, tool: str, param: str, value: Any) -> str:
        lang = self.langs[tool]
        props = self.specs[tool].parameters.get("properties", {})
        ps = props.get(param, {})
        if param in lang.kinds:
            return lang.kinds[param]
        if enum_values(ps) is not None and isinstance(value, str):
            return "enum"
        return kind_of(param, value, lang.kinds)

    def param_noun(self, tool: str, param: str) -> str:
        """A parameter in words: its name, or for a name that says nothing ("a", "b", "x"), the
        first words of its description ("first operand")."""
        words = humanize(param)
        if len(words) > 2:
            return words
        desc = str(self.specs[tool].parameters.get("properties", {}).get(param, {}).get("description", ""))
        desc = re.split(r"[(,;.:]", desc)[0].strip()
        desc = re.sub(r"^(the|a|an)\s+", "", desc, flags=re.IGNORECASE)
        return " ".join(desc.split()[:3]).lower() or "value"

    def vague(self, plan: TurnPlan, m: Mention) -> str:
        """What the user says instead of a value they forgot to give (missing parameter)."""
        tool = plan.steps[m.step].spec.name
        if m.kind in ("label", "labels", "ref", "ordinal"):
            if self.is_person(tool, m.param):
                return "someone"
            return article(self.noun(tool, m.param).noun)
        k = self.kind(tool, m.param, m.value)
        return {
            "money": "some money", "date": "a date", "datetime": "some time", "time": "a time",
            "count": "a number of them", "percent": "some percentage", "text": "something",
        }.get(k, article(self.param_noun(tool, m.param)))

    def ask_for(self, plan: TurnPlan, m: Mention, rng: random.Random) -> str:
        """The assistant's question for a value the user left out."""
        tool = plan.steps[m.step].spec.name
        noun = self.noun(tool, m.param)
        if m.kind in ("label", "labels", "ref", "ordinal"):
            if self.is_person(tool, m.param):
                return rng.choice(("Who do you mean?", "Who should I use?", f"Which {noun.noun} do you mean?", "Who is it for?"))
            return rng.choice((f"Which {noun.noun} do you mean?", f"Which {noun.noun} should I use?", f"Could you tell me which {noun.noun}?"))
        k = self.kind(tool, m.param, m.value)
        what = self.param_noun(tool, m.param)
        pools = {
            "money": ("How much should it be?", "What amount should I use?", "How much do you have in mind?"),
            "date": ("Which date should I use?", "For which day?", "What date do you mean?"),
            "datetime": ("When exactly?", "For what date and time?"),
            "time": ("At what time?", "What time should I use?"),
            "count": ("How many?", f"How many {what} should it be?", "What number should I use?"),
            "text": (f"What should the {what} say?", f"What {what} do you want?", f"Could you give me the {what}?")
            if any(w in m.param.lower() for w in _SAYING) else (f"Which {what} do you mean?", f"What {what} should I use?", f"Could you give me the {what}?"),
        }
        return rng.choice(pools.get(k, (f"What {what} should I use?", f"Which {what} do you mean?", f"Could you tell me the {what}?")))

    def said(self, plan: TurnPlan, m: Mention, text: str) -> bool:
        """Whether ``text`` states mention ``m`` (a boolean or enum through its phrases)."""
        from toolgym.synth.quality.values import normalize_text, stated

        if m.kind in ("label", "labels"):
            from toolgym.synth.quality.values import Haystack

            hay = Haystack([text])  # whole words: the hub "Home" is not in "homework"
            return all(hay.has_text(x) for x in (m.labels or [m.bare]))
        tool = plan.steps[m.step].spec.name
        lang = self.langs[tool]
        low = normalize_text(text)
        if isinstance(m.value, bool) or self.kind(tool, m.param, m.value) == "enum":
            if lang.value_said(m.param, m.value, low):
                return True
            if isinstance(m.value, str) and has_words(low, m.value.replace("_", " ").lower()):
                return True  # whole words: "off" is not said by "office"
            return lang.drafted and isinstance(m.value, bool) and f"{humanize(m.param)} {'on' if m.value else 'off'}" in low
        return stated(m.value, text)

    def label_of(self, plan: TurnPlan, m: Mention) -> str | None:
        """The label of the thing a reference points to, from the result that showed it."""
        step = plan.steps[m.step]
        src = step.sources.get(m.param)
        ent = step.spec.param_entities.get(m.param)
        field_ = self.label_fields.get(ent or "")
        if src is None or not src.call_id or not field_:
            return None
        producer = next((s for s in plan.steps if s.call.id == src.call_id), None)
        content = producer.content if producer is not None else plan.earlier_content.get(src.call_id)
        rows = content if isinstance(content, list) else [content]
        for row in rows:
            if isinstance(row, dict) and m.value in row.values():
                lab = row.get(field_)
                return lab if isinstance(lab, str) and lab else None
        return None

    def surface(self, plan: TurnPlan, m: Mention, rng: random.Random | None, *, voice: str = "user") -> list[Seg]:
        """How a mention is said: a value, a named thing, or a reference to an earlier result."""
        tool = plan.steps[m.step].spec.name
        if m.kind == "value":
            k = self.kind(tool, m.param, m.value)
            if isinstance(m.value, bool):
                return [Seg("yes" if m.value else "no", True, "<bool>")]
            if isinstance(m.value, list) and m.value and all(isinstance(x, str) for x in m.value):
                items = self.specs[tool].parameters.get("properties", {}).get(m.param, {}).get("items", {})
                if isinstance(items, dict) and enum_values(items) is not None:
                    text = join_list([v.replace("_", " ") for v in m.value])  # enum words: "rear left"
                else:
                    text = say_value(m.value, "list", rng)
            else:
                text = say_value(m.value, k, rng)
            return [Seg(text, True, f"<{k}>")]
        noun = self.noun(tool, m.param)
        if m.kind == "labels" and m.labels:
            segs: list[Seg] = []
            for j, lab in enumerate(m.labels):
                if j:
                    segs.append(Seg(" and " if j == len(m.labels) - 1 else ", "))
                tpl = noun.named[0] if rng is None else rng.choice(noun.named)
                if voice == "assistant":
                    tpl = assistant_voice(tpl)
                elif voice == "third":
                    tpl = third_person(tpl)
                pre, _, post = tpl.partition("{}")
                segs += [Seg(pre), Seg(lab, True, "<name>"), Seg(post)]
            return segs
        label = m.text if m.kind == "label" else (self.label_of(plan, m) if voice != "user" else None)
        if label is not None:
            # the assistant names what the user referred to ("the first account" -> "your
            # Roth IRA account"): the answer says which one it was
            tpl = noun.named[0] if rng is None else rng.choice(noun.named)
            if voice == "assistant":
                tpl = assistant_voice(tpl)
            elif voice == "third":
                tpl = third_person(tpl)
            pre, _, post = tpl.partition("{}")
            return [Seg(pre), Seg(label, True, "<name>"), Seg(post)]
        # references to a value a result produced
        if m.kind == "ordinal" and m.ordinal:
            when = "" if not m.cross_turn else (rng.choice((" from before", " from earlier", " you listed", "")) if rng else " from before")
            return [Seg(f"the {m.ordinal} {noun.noun}{when}", False, "<ref>")]
        if m.cross_turn:
            opts: tuple[str, ...] = (f"the {noun.noun} from before", f"that {noun.noun} from earlier", f"the same {noun.noun}", f"that {noun.noun}")
        elif _made_by_a_create(plan, m):
            opts = (f"that {noun.noun}", f"the new {noun.noun}", f"that {noun.noun}")
        else:
            # a ticket just resolved is "that ticket", not "the new ticket"
            opts = (f"that {noun.noun}", f"the {noun.noun}", f"that same {noun.noun}")
        return [Seg(opts[0] if rng is None else rng.choice(opts), False, "<ref>")]

    # --- clauses -------------------------------------------------------------------------------

    @staticmethod
    def _fit(template: str, present: set[str], required: set[str], strict: bool = False) -> list[tuple[str, str | None]] | None:
        """The template's parts with absent optional placeholders dropped (None: unusable).

        ``strict``: a placeholder goes only with the preposition before it ("bookmark the cafe
        [in {city}]"), never as a bare last word ("cancel [{order_id}]" would say "cancel.").
        """
        return _fit_cached(template, frozenset(present), frozenset(required), strict)

    @staticmethod
    def _fit_uncached(template: str, present: frozenset[str], required: frozenset[str], strict: bool = False) -> list[tuple[str, str | None]] | None:
        parts: list[tuple[str, str | None]] = []
        pos = 0
        for mt in PLACEHOLDER.finditer(template):
            parts.append((template[pos : mt.start()], mt.group(1)))
            pos = mt.end()
        tail = template[pos:]
        out: list[tuple[str, str | None]] = []
        for j, (lit, f) in enumerate(parts):
            if f in present:
                out.append((lit, f))
                continue
            if f in required:
                return None
            m = _PREP.search(lit)
            last = j == len(parts) - 1 and not tail.strip(" ?") and not strict
            if m:
                out.append((lit[: m.start()], None))
            elif last and not _NO_SENTENCE_WITHOUT.search(lit):
                out.append((lit.rstrip(" :;,"), None))
            else:
                return None
        out.append((tail, None))
        return out

    def templates(self, tool: str, which: str) -> tuple[str, ...]:
        lang = self.langs[tool]
        return {"asks": lang.asks, "task": lang.task, "context": lang.context}[which]

    def clause(
        self,
        plan: TurnPlan,
        i: int,
        rng: random.Random,
        *,
        which: str = "asks",
        mentions: list[Mention] | None = None,
        omit: Mention | None = None,
        voice: str = "user",
        modifiers: bool = True,
        leftover: list[Mention] | None = None,
    ) -> list[Seg]:
        """Step ``i`` in words from one of its ``which`` templates (asks, task, context).

        Every mention in ``mentions`` (default: all of the step's) is said: by a placeholder, or
        else by the tool's modifier/value phrases. Raises :class:`Unsayable` when a mention
        has no words (an authored language that lacks a phrase) or no template fits; with
        ``leftover`` given, such mentions are put there instead (to be said some other way).
        """
        step = plan.steps[i]
        tool = step.spec.name
        lang = self.langs[tool]
        ms = {m.param: m for m in (mentions if mentions is not None else plan.mentions_of(i))}
        props = step.spec.parameters.get("properties", {})
        required = set(step.spec.parameters.get("required", ())) & set(ms)
        sayable_in_template = {p for p, m in ms.items() if not isinstance(m.value, bool) or m.kind != "value"}
        fits: list[tuple[int, int, list[tuple[str, str | None]]]] = []
        said_by_ask: dict[int, str] = {}  # id(fitted) -> the parameter a value ask says
        candidates: list[tuple[str, str | None]] = []
        if which in ("asks", "task"):
            # asks written for a value ("lock the {doors} door") say it, as a request and as
            # what the assistant thinks it is doing
            for p, m in ms.items():
                if m.kind == "value" and m is not omit:
                    candidates.extend((t, p) for t in lang.asks_for_value(p, m.value)
                                      if which == "asks" or not _NOT_IMPERATIVE.search(t))
        candidates.extend((t, None) for t in self.templates(tool, which))
        if omit is not None and ms.get(omit.param) is omit and which in ("asks", "task"):
            # a value the user forgets is best simply not there ("bookmark the cafe"), where a
            # template can drop it with its preposition; else it is said vaguely ("some money")
            bare = {p for p in sayable_in_template if p != omit.param}
            if any(self._fit(t, bare, required - {omit.param} - ({by} if by else set()), strict=True) is not None for t, by in candidates):
                sayable_in_template = bare
                required = required - {omit.param}
                ms = {p: m for p, m in ms.items() if p != omit.param}
        if which == "context":
            # login facts said many ways, beside the tool's own phrases
            candidates.extend((t, None) for t in CREDENTIALS.get(frozenset(ms), ()))
        sayable_fs = frozenset(sayable_in_template)
        required_fs = frozenset(required) if which != "context" else frozenset()
        for t, by in candidates:
            info = _fit_info(t, sayable_fs, required_fs - {by} if by else required_fs)
            if info is None:
                continue
            fitted, fields, n_placeholders = info
            if by:
                fitted = list(fitted)  # its own object: said_by_ask is keyed by identity
                said_by_ask[id(fitted)] = by
            dropped = n_placeholders - len(fields - {by} if by else fields)
            fits.append((dropped, len(fields | {by}) if by else len(fields), fitted))
        if not fits:
            if which == "asks" and lang.task:
                return self.clause(plan, i, rng, which="task", mentions=mentions, omit=omit, voice=voice, modifiers=modifiers)
            if which == "context" and ms:
                return self._plain_facts(plan, ms, rng, omit, voice, props)
            raise Unsayable(f"{tool}: no {which} template fits {sorted(ms)}")
        # templates that lose no placeholder ("list today's top {direction}" without a
        # direction reads "list today's top"), then those placing the most values
        least = min(d for d, _, _ in fits)
        top = [(n, f) for d, n, f in fits if d == least]
        best = max(n for n, _ in top)
        pool = [f for n, f in top if n == best or (n >= best - 1 and len(ms) > 2)]
        fitted = pool[rng.randrange(len(pool))]
        segs: list[Seg] = []
        placed = set()
        if which == "context" and not any(f for _, f in fitted) and ms:
            # no context phrase names these values ("the place is" + modifiers would read
            # badly): they are said plainly through their modifier phrases
            return self._plain_facts(plan, ms, rng, omit, voice, props)
        by_value = id(fitted) in said_by_ask
        if by_value:
            placed.add(said_by_ask[id(fitted)])  # the ask itself says this value
        plural: str | None = None  # "lock the {doors} door" with two doors or more: "... doors"
        for lit, f in fitted:
            if plural and lit:
                lit = re.sub(rf"^(\s+){re.escape(plural)}\b(?:(\s+)(is|gets|was|has|stays|isn't|wasn't)\b)?",
                             functools.partial(_pluralized, plural), lit)
            plural = None
            if lit:
                # a value ask's own words say the value ("lock the ... door"): no typo there
                segs.append(Seg(lit, fixed=by_value))
            if f is not None:
                placed.add(f)
                m = ms[f]
                if isinstance(m.value, list) and len(m.value) > 1 and m is not omit:
                    plural = humanize(f).rstrip("s")
                if m is omit:
                    segs.append(Seg(self.vague(plan, m), False, "<vague>"))
                else:
                    segs.extend(self.surface(plan, m, rng, voice=voice))
        # a question's modifiers go before its question mark ("what went in and out of that
        # account recently, just the last 15?")
        qmark = bool(segs) and segs[-1].text.rstrip().endswith("?") and not segs[-1].protected
        if qmark:
            segs[-1].text = segs[-1].text.rstrip()[:-1]
        if modifiers:
            for p, m in ms.items():
                if p in placed:
                    continue
                if which == "task" and (m.kind != "value" or isinstance(m.value, bool) or self.kind(tool, p, m.value) == "enum"):
                    continue  # a task phrase names what it acts on in its own words (a switch's phrase completes asks, not tasks)
                if m.kind == "value" and m is not omit and (isinstance(m.value, bool) or self.kind(tool, p, m.value) == "enum") \
                        and self.said(plan, m, text_of(segs)):
                    continue  # the template's own words say it already ("with my PIN: 4572" is the pin method)
                try:
                    segs.extend(self.modifier(plan, m, rng, omit=omit, voice=voice, props=props))
                except Unsayable:
                    if leftover is not None:
                        leftover.append(m)
                    elif which != "task":
                        raise  # a request must say every value; a task phrase may leave some out
        if qmark:
            segs.append(Seg("?"))
        if voice in ("assistant", "third"):
            turn = assistant_voice if voice == "assistant" else third_person
            for s in segs:
                if not s.protected:
                    s.text = turn(s.text)
        return segs

    def _plain_facts(self, plan: TurnPlan, ms: dict[str, Mention], rng: random.Random, omit: Mention | None, voice: str,
                     props: dict[str, Any]) -> list[Seg]:
        """Values of a step no context phrase names, as one plain sentence ("When you look it
        up: tire shops only, the closest 3 only")."""
        mods = [text_of(self.modifier(plan, m, rng, omit=omit, voice=voice, props=props)).strip(" ,") for m in ms.values()]
        # after a colon a filter is a noun phrase: "To find it: low priority", not "of low priority"
        mods = [re.sub(r"^(of|with|just|only)\s+", "", mod) for mod in mods]
        frames = ["When you look it up: {}", "For the search: {}", "Use these filters: {}", "Criteria: {}", "To find it: {}"]
        if not any(mod.split(" ", 1)[0].lower() in _CONTINUES for mod in mods):
            # "Keep it to ..." wants a noun phrase: not "Keep it to with the top 7 devices"
            frames += ["Search with {}", "Keep it to {}", "Filter it to {}", "Narrow it down to {}", "Look with {}", "Only {} matter",
                       "Limit it to {}"]
        frame = rng.choice(frames)
        return [Seg(frame.replace("{}", ", ".join(mods)), protected=True)]

    def modifier(self, plan: TurnPlan, m: Mention, rng: random.Random, *, omit: Mention | None = None,
                 voice: str = "user", props: dict[str, Any] | None = None) -> list[Seg]:
        """A value the template did not place, said through the tool's phrases for it."""
        tool = plan.steps[m.step].spec.name
        lang = self.langs[tool]
        if m.kind == "value" and (isinstance(m.value, bool) or self.kind(tool, m.param, m.value) == "enum"):
            phrases = lang.value_phrases(m.param, m.value)
            if phrases:
                ph = rng.choice(phrases)
                return [Seg(_joint(ph)), Seg(ph, True, f"<{m.param}>")]
            if isinstance(m.value, str):  # an enum value without phrases: said as a word
                return [Seg(" "), Seg(f"({m.value.replace('_', ' ')})", True, "<enum>")]
            if lang.drafted:
                return [Seg(f", {humanize(m.param)} {'on' if m.value else 'off'}", True, "<bool>")]
            raise Unsayable(f"{tool}.{m.param}={m.value!r}: no phrase says it")
        mods = lang.modifiers(m.param)
        value = [Seg(self.vague(plan, m), False, "<vague>")] if m is omit else self.surface(plan, m, rng, voice=voice)
        if mods:
            tpl = rng.choice(mods)
            pre, _, post = tpl.partition("{}")
            return [Seg(_joint(pre) + pre), *value, Seg(post)]
        if lang.drafted or m.kind != "value":
            noun = humanize(m.param)
            return [Seg(f", with the {noun} "), *value]
        raise Unsayable(f"{tool}.{m.param}: no modifier phrase says it")

    def join_clauses(self, clauses: list[list[Seg]], rng: random.Random) -> list[Seg]:
        """Several imperative clauses as one: "a, then b", "a and b"."""
        out: list[Seg] = []
        for k, c in enumerate(clauses):
            if k:
                if k == len(clauses) - 1:
                    out.append(Seg(rng.choice((" and then ", ", then ", " and ", ", and after that ", "; then "))))
                else:
                    out.append(Seg(", "))
            out.extend(c)
        return out


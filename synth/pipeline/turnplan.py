"""The ground truth of one turn, read off the chains Phase I executed.

A chain is what the directed sampler did on its way to a target: failed calls, lookups, the
target, perhaps calls after it. A turn's plan keeps what achieves the user's goal:

* every successful call up to the target, minus reads nobody used (a read changes no state, so
  dropping one changes no other result and no state hash: the plan replays exactly as the
  chain ran);
* each kept call is a **goal** (the target, and every write that is not a mere precondition
  such as a login) or **implicit** (a lookup whose result feeds a later argument, a call that
  establishes a precondition a later call needs). Goals are what the user asks for; implicit
  calls are the "logical jump" the model must make on its own.

Every argument gets a :class:`Mention`: how the user says it. A user-side value is said as is; an
internal id the user knows by a label (a user id by the person's name) is said by its label; an
id produced earlier in the conversation is referred to ("that message", "the first channel").
Values that only a tool produced are collected in ``TurnPlan.internal`` for the leak check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from toolgym.canonical import canonical_json
from toolgym.record import ToolCall, ToolSpec
from toolgym.synth.chain import ArgSource, Chain, ChainStep

__all__ = ["Revealed", "reveal", "PlanStep", "Mention", "TurnPlan", "PlanRejected", "plan_turn", "needed_mentions", "leaf_values", "humanize", "render_value", "entity_noun"]

_USER = ArgSource.model_construct(kind="user", call_id=None, path=None, label=None)
# Keys whose string values are ids only a tool makes (codes are not: airport and zip codes are
# the user's words; the API graph's entity slots say when a code is internal).
_ID_KEY = re.compile(r"(^|_)(id|ids|token|uuid)$", re.IGNORECASE)
_INDEX = re.compile(r"\[(\d+)\]")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


class PlanRejected(Exception):
    """The chains cannot make a turn; ``reason`` is the short drop reason for the summary."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(slots=True)
class PlanStep:
    """One call of the plan, with its recorded result and where each argument came from."""

    call: ToolCall
    content: Any
    sources: dict[str, ArgSource]
    spec: ToolSpec
    goal: bool
    state_hash: str


@dataclass(slots=True)
class Mention:
    """How the user conveys one argument of one plan step.

    ``kind``: ``value`` (the user's own value, said verbatim), ``label`` (an internal id said by
    the label the user knows it by), ``ref`` (a value produced earlier, referred to by a phrase),
    ``ordinal`` (an unlabelled item of a list, by position). ``protected`` texts must reach the
    query verbatim (noise never touches them) since the checker needs them.
    """

    step: int
    param: str
    value: Any
    text: str
    kind: str
    cross_turn: bool = False
    ordinal: str | None = None  # "first", for kind == "ordinal"
    labels: list[str] | None = None  # kind == "labels": the name of each id of a list

    @property
    def bare(self) -> str:
        """The text without the quotes free text gets."""
        t = self.text
        return t[1:-1] if len(t) >= 2 and t[0] == t[-1] == '"' else t

    @property
    def protected(self) -> bool:
        return self.kind in ("value", "label", "labels")


@dataclass
class TurnPlan:
    """The ground truth of one turn."""

    steps: list[PlanStep]
    targets: list[str]
    mentions: list[Mention]
    internal: frozenset[str]
    start_hash: str
    end_hash: str
    cross_refs: int = 0
    env_ids: list[str] = field(default_factory=list)
    lex: Any = None  # the environment's Lexicon (set by the pipeline): how to say each step
    earlier_content: dict[str, Any] = field(default_factory=dict)  # call id of an earlier turn -> its result

    @property
    def goals(self) -> list[int]:
        return [i for i, s in enumerate(self.steps) if s.goal]

    @property
    def implicit(self) -> int:
        """Implicit dependencies: implicit calls plus arguments the user never states."""
        return sum(not s.goal for s in self.steps) + sum(m.kind in ("label", "labels", "ref", "ordinal") for m in self.mentions)

    def calls(self) -> list[ToolCall]:
        return [s.call for s in self.steps]

    def mentions_of(self, step: int) -> list[Mention]:
        return [m for m in self.mentions if m.step == step]

    def user_values(self) -> list[Mention]:
        """Mentions whose text must appear verbatim in a query."""
        return [m for m in self.mentions if m.protected]


def humanize(name: str) -> str:
    """``receiver_id`` -> ``receiver``, ``fromCity`` -> ``from city``."""
    s = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    s = re.sub(r"(^|_)(id|ids)$", "", s)
    s = s.replace("_", " ").strip().lower()
    return s or name.lower()


def entity_noun(spec: ToolSpec, param: str) -> str:
    """What to call the thing an argument names: its entity type, else the humanized name."""
    ent = spec.param_entities.get(param)
    return humanize(ent) if ent else humanize(param)


_PUNCT = re.compile(r"[.?!,:;]")


def quote(text: str) -> str:
    """Free text in double quotes (a sentence, or text with punctuation), names as they are."""
    if not text.strip() or text != text.strip():
        return f'"{text}"'  # spaces at the ends (or nothing at all) only show inside quotes
    if '"' not in text and " " in text and (len(text.split()) > 3 or _PUNCT.search(text)):
        return f'"{text}"'
    return text


def render_value(value: Any) -> str:
    """A value as a user would type it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(render_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{humanize(str(k))} {render_value(v)}" for k, v in value.items())
    return str(value)


def leaf_values(content: Any, internal_paths: frozenset[str], out: set[str], path: str = "") -> None:
    """Collect string values only a tool produced: at internal entity paths, or under id-like keys."""
    if isinstance(content, dict):
        for k, v in content.items():
            p = f"{path}.{k}" if path else k
            if isinstance(v, str):
                if (p in internal_paths or _ID_KEY.search(k)) and len(v) >= 3:
                    out.add(v)
            elif isinstance(v, (dict, list)):
                leaf_values(v, internal_paths, out, p)
    elif isinstance(content, list):
        p = f"{path}[]"
        for v in content:
            if isinstance(v, str):
                if p in internal_paths and len(v) >= 3:
                    out.add(v)
            elif isinstance(v, (dict, list)):
                leaf_values(v, internal_paths, out, p)
    elif isinstance(content, str) and path in internal_paths and len(content) >= 3:
        out.add(content)


def _internal_values(graph: Any, tool: str, content: Any, out: set[str]) -> None:
    """Values at the result slots the API graph calls internal, plus id-like keys anywhere."""
    from toolgym.envs.graph import _segments

    cache = graph._derived.setdefault("synth_internal_slots", {})
    segs = cache.get(tool)
    if segs is None:
        segs = cache[tool] = [_segments(s.path) for s in graph.produced(tool) if s.internal]
    for sg in segs:
        _slot_values(content, sg, 0, out)
    _id_key_values(content, out)


# Key -> "is it id-like": result keys repeat across millions of objects, the regex ran per key.
_ID_KEYS: dict[str, bool] = {}


def _id_key_values(content: Any, out: set[str]) -> None:
    """``leaf_values(content, frozenset(), out)`` without building paths nobody reads.

    With no internal paths only string values under id-like keys count, so the walk needs no
    path strings (per-record hot path: every result of every chain is walked).
    """
    stack = [content]
    pop, push = stack.pop, stack.append
    ids = _ID_KEYS
    while stack:
        c = pop()
        if type(c) is dict:
            for k, v in c.items():
                if isinstance(v, str):
                    is_id = ids.get(k)
                    if is_id is None:
                        is_id = ids[k] = _ID_KEY.search(k) is not None
                    if is_id and len(v) >= 3:
                        out.add(v)
                elif isinstance(v, (dict, list)):
                    push(v)
        elif type(c) is list:
            for v in c:
                if isinstance(v, (dict, list)):
                    push(v)
        elif isinstance(c, dict):
            leaf_values(c, frozenset(), out)  # a dict subclass: the general walk
        elif isinstance(c, list):
            leaf_values(c, frozenset(), out)


def _slot_values(v: Any, segs: tuple[str, ...], i: int, out: set[str]) -> None:
    """The string leaves (3+ chars) ``graph.extract(v, segs)`` reaches, without paths or parents."""
    n = len(segs)
    while i < n:
        seg = segs[i]
        if seg == "[]":
            if isinstance(v, list):
                for x in v:
                    _slot_values(x, segs, i + 1, out)
            return
        if seg == "{}":
            if isinstance(v, dict):
                for x in v.values():
                    _slot_values(x, segs, i + 1, out)
            return
        if not isinstance(v, dict) or seg not in v:
            return
        v = v[seg]
        i += 1
    if isinstance(v, str) and len(v) >= 3:
        out.add(v)


def _ordinal(path: str | None) -> str | None:
    if not path:
        return None
    m = _INDEX.search(path)
    if not m:
        return None
    i = int(m.group(1))
    return _ORDINALS[i] if i < len(_ORDINALS) else f"number {i + 1}"


def primary_entity(spec: ToolSpec) -> str | None:
    """The entity a list result is a list *of*: the first id among its items' fields.

    ``list_insurance`` items carry a booking id too, but they are policies: "the first booking"
    must not mean the booking of the first policy.
    """
    for path, ent in spec.result_entities.items():
        if path.startswith("[].") and "." not in path[3:] and "[" not in path[3:]:
            return ent
    return None


def _nameable_by_position(spec: ToolSpec | None, path: str | None, entity: str | None) -> bool:
    """An unlabelled item of a list can be called "the first <noun>" only in a list of those."""
    if spec is None or not path or not entity:
        return False
    return primary_entity(spec) == entity


@dataclass(frozen=True, slots=True)
class Revealed:
    """Where an earlier turn's result showed an internal value, and how the user can name it."""

    call_id: str
    path: str
    label: str | None
    single: bool  # the result's own id (not an item of a list)
    entity: str
    listed: bool = False  # an item of a list of such entities (nameable by position)


def reveal(graph: Any, steps: list[PlanStep], into: dict[str, Revealed], counts: dict[str, int]) -> None:
    """Record the internal values a turn's results showed (``into``: value -> where)."""
    from toolgym.envs.graph import _segments, extract

    for st in steps:
        if st.content is None:
            continue
        for slot in graph.produced(st.spec.name):
            if not slot.internal:
                continue
            label_field = slot.label or graph.entity_label(slot.entity)
            for v, path, parent in extract(st.content, _segments(slot.path)):
                if not isinstance(v, str) or len(v) < 3:
                    continue
                single = "[" not in path
                if single:
                    counts[slot.entity] = counts.get(slot.entity, 0) + 1
                lab = parent.get(label_field) if label_field and isinstance(parent, dict) else None
                listed = not single and primary_entity(st.spec) == slot.entity
                into[v] = Revealed(st.call.id, path, lab if isinstance(lab, str) and lab else None, single, slot.entity, listed)


def _prefer_made(raw: list[tuple[Any, bool]], graph: Any) -> list[tuple[Any, bool]]:
    """An id a call of this turn just made (a new watchlist) is taken from that call's result,
    not looked up again in a listing: the lookup is then unused and the plan prunes it."""
    from toolgym.envs.graph import _segments, extract

    made: dict[str, tuple[str, str]] = {}
    out: list[tuple[Any, bool]] = []
    for st, is_target in raw:
        changed = {}
        for param, src in st.sources.items():
            v = st.call.arguments.get(param)
            if src.kind == "result" and isinstance(v, str) and v in made and made[v][0] != src.call_id:
                cid, path = made[v]
                changed[param] = ArgSource.model_construct(kind="result", call_id=cid, path=path, label=src.label)
        if changed:
            st = ChainStep.model_construct(call=st.call, result=st.result, state_hash=st.state_hash, sources={**st.sources, **changed})
        out.append((st, is_target))
        content = st.result.content
        if content is None or not st.call.name or not isinstance(content, dict):
            continue
        if not graph.tooldefs[st.call.name].spec.writes:
            continue
        for slot in graph.produced(st.call.name):
            if slot.internal and "[" not in slot.path:
                for value, path, _ in extract(content, _segments(slot.path)):
                    if isinstance(value, str) and len(value) >= 3:
                        made.setdefault(value, (st.call.id, path))
    return out


def _resource(st: Any, revealed: dict[str, Revealed], counts: dict[str, int]) -> Any:
    changed = {}
    for param, src in st.sources.items():
        if src.kind != "result":
            continue
        v = st.call.arguments.get(param)
        r = revealed.get(v) if isinstance(v, str) else None
        if r is None or r.call_id == src.call_id:
            continue
        ordinal = _ordinal(r.path)
        # Nameable: by its label, as the one such thing the conversation created ("that
        # booking"), or by its place in a short list; anything else keeps its lookup.
        if r.label or (r.single and counts.get(r.entity, 0) <= 1) or (ordinal in _ORDINALS[:3] and r.listed):
            changed[param] = ArgSource.model_construct(kind="result", call_id=r.call_id, path=r.path, label=r.label)
    if not changed:
        return st
    return ChainStep.model_construct(call=st.call, result=st.result, state_hash=st.state_hash, sources={**st.sources, **changed})


def plan_turn(
    chains: list[Chain],
    specs: dict[str, ToolSpec],
    graph: Any,
    earlier: dict[str, tuple[int, ToolSpec, Any]],
    *,
    max_calls: int = 7,
    revealed: dict[str, Revealed] | None = None,
    revealed_counts: dict[str, int] | None = None,
    allow_undo: bool = False,
) -> TurnPlan:
    """Read the plan of one turn off its chains (executed one after the other in one world).

    Args:
        chains: the turn's chains, in execution order; each must have reached its target.
        specs: tool name -> spec (the env's).
        graph: the env's :class:`~toolgym.envs.graph.ApiGraph` (which params and result
            fields hold internal values).
        earlier: call id -> (turn, spec, result content) of calls of earlier turns, for
            cross-turn references.
        max_calls: the most calls a turn may need.
        revealed: internal values earlier turns' results showed (see :func:`reveal`).
        allow_undo: keep a request that undoes what it just made ("send it, then unsend it");
            for a tool that can be reached no other way (nothing to delete in the world yet).

    Raises:
        PlanRejected: a chain missed its target, the turn needs too many calls, or an internal
            value came from nowhere the user could know.
    """
    if not chains:
        raise PlanRejected("no_chain")
    raw: list[tuple[Any, bool]] = []  # (ChainStep, is_target)
    for ch in chains:
        if ch.target_index is None:
            raise PlanRejected("target_unreached", ch.target)
        for i, st in enumerate(ch.steps[: ch.target_index + 1]):
            if st.result.error is None:
                raw.append((st, i == ch.target_index))
    raw = _prefer_made(raw, graph)
    if revealed:
        # An id this turn looked up again but the conversation already holds (an earlier turn's
        # result) is taken from there: the user refers back to it ("that message from before")
        # and the lookup, now unused, is pruned. The cross-turn dependency FunReason-MT wants.
        raw = [(_resource(st, revealed, revealed_counts or {}), t) for st, t in raw]
    # Backward pass: keep targets, writes, and whatever a kept call needs (data or precondition).
    keep = [False] * len(raw)
    referenced: set[str] = set()
    pending_flags: set[str] = set()
    for i in range(len(raw) - 1, -1, -1):
        st, is_target = raw[i]
        spec = specs[st.call.name]
        if is_target or spec.writes or st.call.id in referenced or (set(spec.establishes) & pending_flags):
            keep[i] = True
            pending_flags -= set(spec.establishes)
            pending_flags |= set(spec.needs)
            for src in st.sources.values():
                if src.kind == "result" and src.call_id:
                    referenced.add(src.call_id)
    kept = [(st, t) for (st, t), k in zip(raw, keep, strict=False) if k]
    kept = _merge_repeated_reads(kept, specs)
    if len(kept) > max_calls:
        raise PlanRejected("too_many_calls", f"{len(kept)} > {max_calls}")

    steps: list[PlanStep] = []
    index_of: dict[str, int] = {}
    for st, is_target in kept:
        spec = specs[st.call.name]
        # A write is something the user asks for, unless it only opens a precondition (a login).
        goal = is_target or (spec.writes and not spec.establishes)
        index_of[st.call.id] = len(steps)
        steps.append(PlanStep(st.call, st.result.content, dict(st.sources), spec, goal, st.state_hash))
    acted: dict[tuple[str, str], PlanStep] = {}
    for step in steps:
        # "say maybe to the 1:1, then say yes to the 1:1": one request never sets the same
        # thing twice
        if step.goal and step.spec.writes:
            ids = {p: step.call.arguments.get(p) for p in graph.internal_params(step.spec.name) if p in step.call.arguments}
            if ids:
                key = (step.spec.name, canonical_json(ids))
                if key in acted and acted[key].call.arguments != step.call.arguments:
                    raise PlanRejected("self_overwrite", f"{step.spec.name} twice on {ids}")
                acted[key] = step
    for later in steps:
        # "create a watchlist, then delete it" in one breath is no request anyone makes
        if later.goal and not allow_undo and _UNDO.match(later.spec.name):
            for src in later.sources.values():
                k = index_of.get(src.call_id or "")
                if src.kind == "result" and k is not None and steps[k].goal and steps[k].spec.writes:
                    raise PlanRejected("self_undo", f"{later.spec.name} undoes {steps[k].spec.name} of the same request")

    mentions: list[Mention] = []
    cross = 0
    for si, step in enumerate(steps):
        spec = step.spec
        for param, value in step.call.arguments.items():
            src = step.sources.get(param) or _USER
            if src.kind == "default":
                continue
            if src.kind == "user":
                if value is None:
                    continue  # an optional parameter sent as null: the same as leaving it out
                if graph.is_internal_param(spec.name, param):
                    raise PlanRejected("internal_user_value", f"{spec.name}.{param}")
                if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value)):
                    # a list of objects (a scene's per-device settings) has no words a user
                    # would say for it yet: no request could ground it
                    raise PlanRejected("structured_user_value", f"{spec.name}.{param}")
                mentions.append(Mention(si, param, value, quote(render_value(value)), "value"))
                continue
            # A value a tool produced.
            in_turn = src.call_id in index_of
            prior = earlier.get(src.call_id or "")
            if isinstance(value, list) and len(value) > 1 and all(isinstance(v, str) for v in value):
                # Several ids: said by their labels, "the Porch Light and the Hall Lamp", when the
                # result that showed them names each one.
                content = steps[index_of[src.call_id or ""]].content if in_turn else (prior[2] if prior else None)
                ent = spec.param_entities.get(param) or spec.param_entities.get(f"{param}[]")
                labels = _labels_in(content, value, graph.entity_label(ent) if ent else None)
                if labels is None:
                    raise PlanRejected("structured_internal_arg", f"{spec.name}.{param}: not every id has a name")
                mentions.append(Mention(si, param, value, join_labels(labels), "labels", cross_turn=not in_turn, labels=labels))
                cross += not in_turn
                continue
            if isinstance(value, dict) or (isinstance(value, list) and (len(value) != 1 or isinstance(value[0], (dict, list)))):
                # an object mixing ids and other values has no one label
                raise PlanRejected("structured_internal_arg", f"{spec.name}.{param}")
            if not in_turn and prior is None:
                raise PlanRejected("unknown_source", f"{spec.name}.{param} from {src.call_id}")
            noun = entity_noun(spec, param)
            made_by = steps[index_of[src.call_id or ""]] if in_turn else None
            if src.label and made_by is not None and made_by.spec.writes and not _user_said(made_by, src.label):
                if made_by.spec.establishes and not made_by.goal:
                    # "check whether the person is online", the person being the user a hidden
                    # login returned: no words of the user's point at it (the plan is dropped:
                    # "show my followers" needs the language to say "my", which it does not yet;
                    # ~1 in 3 plans of Social go this way, a cost in speed)
                    raise PlanRejected("ambiguous_reference", f"{spec.name}.{param} from a login the user never saw")
                # a thing made in this very request has no name the user knew (an order's
                # generated summary): it is "that order"
                mentions.append(Mention(si, param, value, f"that {noun}", "ref", cross_turn=False))
            elif src.label:
                mentions.append(Mention(si, param, value, quote(src.label), "label", cross_turn=not in_turn))
            else:
                ordinal = _ordinal(src.path)
                producer = steps[index_of[src.call_id or ""]].spec if in_turn else (prior[1] if prior else None)
                if ordinal is not None and not _nameable_by_position(producer, src.path, spec.param_entities.get(param)):
                    raise PlanRejected("ambiguous_reference", f"{spec.name}.{param} is in a list of other things, without a label")
                if ordinal is not None and ordinal not in _ORDINALS[:3]:
                    # "the 19th user" of some list is no way to name anyone: the query would be
                    # ambiguous, so the plan is not used.
                    raise PlanRejected("ambiguous_reference", f"{spec.name}.{param} is item {ordinal} of a list, without a label")
                if ordinal is not None:
                    when = "" if in_turn else " from before"
                    mentions.append(Mention(si, param, value, f"the {ordinal} {noun}{when}", "ordinal", cross_turn=not in_turn, ordinal=ordinal))
                else:
                    hidden = in_turn and not steps[index_of[src.call_id or ""]].goal
                    if hidden and steps[index_of[src.call_id or ""]].spec.establishes:
                        # "the bio of that person" where the hidden login gave the id (the user's
                        # own): no words of the user's point at it
                        raise PlanRejected("ambiguous_reference", f"{spec.name}.{param} from a login the user never saw")
                    # the one thing a hidden lookup found ("the security code") is "the", not
                    # "that": the user never saw it to point at
                    text = f"the {noun} from before" if not in_turn else (f"the {noun}" if hidden else f"that {noun}")
                    mentions.append(Mention(si, param, value, text, "ref", cross_turn=not in_turn))
            cross += not in_turn

    # Values only a tool produced: every internal value of every result of every chain (pruned
    # lookups included: the user never saw those either), minus what the user side supplied.
    internal: set[str] = set()
    for ch in chains:
        for st in ch.steps:
            if st.result.error is None and st.result.content is not None:
                _internal_values(graph, st.call.name, st.result.content, internal)
            for param, src in st.sources.items():
                v = st.call.arguments.get(param)
                if src.kind == "result" and isinstance(v, str) and len(v) >= 3:
                    internal.add(v)
    for m in mentions:
        if m.protected:
            internal.discard(m.bare)
            if m.kind == "value" and isinstance(m.value, str):
                internal.discard(m.value)  # the user said it: not only a tool's (a label's id stays)
    return TurnPlan(
        steps=steps,
        targets=[ch.target for ch in chains],
        mentions=mentions,
        internal=frozenset(internal),
        start_hash=chains[0].start_hash,
        # After the last target (the sampler runs no calls after it; if it did, they are not
        # part of the plan and the replay of the plan defines the end state).
        end_hash=kept[-1][0].state_hash,
        cross_refs=cross,
        env_ids=sorted({ch.env_id for ch in chains}),
    )


def join_labels(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _labels_in(content: Any, ids: list[str], label_field: str | None) -> list[str] | None:
    """The label of each id, from the rows of a result that hold it (None if one has none)."""
    rows = content if isinstance(content, list) else [content]
    out = []
    for v in ids:
        row = next((r for r in rows if isinstance(r, dict) and v in r.values()), None)
        lab = None
        if isinstance(row, dict):
            lab = row.get(label_field) if label_field else None
            if not isinstance(lab, str):
                lab = next((row[k] for k in ("name", "title", "label", "display_name") if isinstance(row.get(k), str)), None)
        if not lab:
            return None
        out.append(lab)
    return out if len(set(out)) == len(out) else None


_UNDO = re.compile(r"^(delete|remove|cancel|discard|trash|undo|destroy|drop)_")


def _user_said(step: PlanStep, label: str) -> bool:
    """Whether a label is a value the step's call took from the user (a new watchlist's name)."""
    return any(src.kind == "user" and step.call.arguments.get(p) == label for p, src in step.sources.items())


def _merge_repeated_reads(kept: list[tuple[Any, bool]], specs: dict[str, ToolSpec]) -> list[tuple[Any, bool]]:
    """A read made again with the same arguments and the same result is one call; so is a
    write made again that changed nothing (a second "set the destination to X").

    The sampler may list the accounts twice on its way to two targets; a plan sends it once
    and later calls take their values from the first (reads and no-op writes change nothing,
    so every result and state hash stays as it was).
    """
    first: dict[str, Any] = {}
    alias: dict[str, str] = {}
    out: list[tuple[Any, bool]] = []
    for st, is_target in kept:
        if alias:
            changed = {p: ArgSource.model_construct(kind=s.kind, call_id=alias.get(s.call_id, s.call_id), path=s.path, label=s.label)
                       for p, s in st.sources.items() if s.kind == "result" and s.call_id in alias}
            if changed:
                st = ChainStep.model_construct(call=st.call, result=st.result, state_hash=st.state_hash, sources={**st.sources, **changed})
        spec = specs[st.call.name]
        unchanged = bool(out) and out[-1][0].state_hash == st.state_hash
        if not spec.writes or unchanged:
            key = st.call.name + canonical_json(st.call.arguments)
            prev = first.get(key)
            if prev is not None and canonical_json(prev[0].result.content) == canonical_json(st.result.content):
                alias[st.call.id] = prev[0].call.id
                if is_target and not prev[1]:
                    out[prev[2]] = (prev[0], True)
                continue
            first[key] = (st, is_target, len(out))
        out.append((st, is_target))
    return out


def needed_mentions(plan: TurnPlan) -> list[Mention]:
    """The user-side values a solver needs: the advanced tool's parameters, in plan order.

    Every value and label the plan's calls take from the user, the inputs of implicit lookups
    and logins included: a search's criteria or a login's password are as much the user's to
    give as the goal's own values (the grounding law: no argument may come from nowhere).
    The query writer may leave out an implicit step's value the conversation already holds.
    Repeats of the same text count once.
    """
    out: list[Mention] = []
    seen: set[str] = set()
    for m in plan.mentions:
        if not m.protected:
            continue
        key = m.text.lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(m)
    return out

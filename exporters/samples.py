"""From one canonical episode to the samples every format serialises.

A :class:`Sample` is a slice of an episode ready to become one training record: the system
prompt, the messages (history first, then the part to train on), and the tools offered while
the trained part happened. Formats differ only in how they spell a sample; what goes into it is
decided here once, so every format agrees on splitting, tool availability and reasoning.

Tools added mid-episode (the missing-function variant: ``Turn.add_tools``) are the
reason a conversation can become more than one sample: a record carries one tool list, and a
record that lists a tool before the turn that added it would teach the model to refuse a tool it
can see. So a sample never spans a change of the offered tools.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toolgym.callid import CALL_ID_RULE, is_call_id
from toolgym.errors import ToolgymError

from .options import ExportOptions

__all__ = ["Sample", "EpisodeError", "build_samples", "check_episode", "episode_turns", "tools_by_turn", "serialize_parallel"]

_ROLES = ("system", "user", "assistant", "tool")


class EpisodeError(ToolgymError):
    """An episode that cannot be exported as it is (it is skipped and reported, never half-written)."""


@dataclass(slots=True)
class Sample:
    """One record's worth of an episode.

    Attributes:
        episode: the canonical episode (a dict).
        index: the sample's number within its episode.
        system: the system prompt (after the template), or None.
        messages: user/assistant/tool message dicts in order (no system message).
        train_from: messages before this index are history (context only; their reasoning is
            removed, since it was trained in the sample that ended with them).
        tools: ToolSpec dicts offered during the trained part.
        turns: (first, last + 1) turn indices the trained part covers.
    """

    episode: dict[str, Any]
    index: int
    system: str | None
    messages: list[dict[str, Any]]
    train_from: int
    tools: list[dict[str, Any]]
    turns: tuple[int, int]

    @property
    def id(self) -> str:
        return f"{self.episode['id']}/{self.index}"


def check_episode(ep: dict[str, Any]) -> None:
    """Raise :class:`EpisodeError` unless every call pairs with exactly one result, ids are valid, and roles are known."""
    msgs = ep.get("messages")
    if not isinstance(ep.get("id"), str) or not ep.get("id"):
        raise EpisodeError(f"expected an episode 'id' string, got {ep.get('id')!r}")
    if not isinstance(msgs, list) or not msgs:
        raise EpisodeError("expected a non-empty 'messages' list")
    pending: dict[str, str] = {}
    seen: set[str] = set()
    for i, m in enumerate(msgs):
        role = m.get("role") if type(m) is dict else None
        if role == "tool":
            cid = m.get("tool_call_id")
            if pending.pop(cid, None) is None:
                raise EpisodeError(f"message {i}: tool result for {cid!r}, which is no pending call of the assistant message before it")
            continue
        if pending:
            raise EpisodeError(f"message {i}: calls {sorted(pending)} have no result before the next {role} message")
        if role == "assistant":
            content = m.get("content")
            if content is not None and type(content) is not str:
                raise EpisodeError(f"message {i}: expected assistant content as text, got {type(content).__name__}")
            for c in m.get("tool_calls") or ():
                cid = c.get("id")
                if not is_call_id(cid):
                    raise EpisodeError(f"message {i}: expected a call id of {CALL_ID_RULE}, got {cid!r}")
                if cid in seen:
                    raise EpisodeError(f"message {i}: call id {cid!r} used twice in one episode")
                name = c.get("name")
                if type(name) is not str or not name:
                    raise EpisodeError(f"message {i}: call {cid} has no tool name")
                if type(c.get("arguments", {})) is not dict:
                    raise EpisodeError(f"message {i}: expected call {cid}'s arguments as an object, got {type(c.get('arguments')).__name__}")
                seen.add(cid)
                pending[cid] = name
        elif role == "user" or (role == "system" and i == 0):
            content = m.get("content")
            if content is not None and type(content) is not str:
                raise EpisodeError(f"message {i}: expected {role} content as text, got {type(content).__name__}")
        elif role == "system":
            raise EpisodeError(f"message {i}: a system message may only come first (chat templates reject it elsewhere)")
        else:
            raise EpisodeError(f"message {i}: expected role in {list(_ROLES)}, got {role!r}")
    if pending:
        raise EpisodeError(f"calls {sorted(pending)} at the end have no result")


def episode_turns(ep: dict[str, Any]) -> list[dict[str, Any]]:
    """The episode's turns; when it has none, one turn per user message (to the next one)."""
    turns = ep.get("turns") or []
    msgs = ep["messages"]
    if turns:
        prev = 0
        for k, t in enumerate(turns):
            s, e = t.get("start"), t.get("end")
            if not (isinstance(s, int) and isinstance(e, int) and prev <= s < e <= len(msgs)):
                raise EpisodeError(f"turn {k}: expected 0 <= start < end <= {len(msgs)} after the previous turn, got [{s}, {e})")
            prev = e
        return turns
    starts = [i for i, m in enumerate(msgs) if m["role"] == "user"]
    if not starts:
        raise EpisodeError("no turns and no user message to derive them from")
    return [{"start": s, "end": (starts[k + 1] if k + 1 < len(starts) else len(msgs))} for k, s in enumerate(starts)]


def tools_by_turn(ep: dict[str, Any], turns: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The tool specs offered at each turn: all tools, minus those a later turn adds (``Turn.add_tools``).

    Episodes reach here at the current record version (``toolgym.runs.records_of`` upgrades
    older ones: a version-1 tool spec given in full is in ``tools`` by then).
    """
    # The episode's own list is returned as is where nothing is hidden: the same object from
    # episode to episode (see toolgym.runs.ToolsCache) lets formats reuse what they made of it.
    tools = ep.get("tools") or []
    added_at: list[set[str]] = [set(t.get("add_tools") or ()) for t in turns]
    if not any(added_at):
        return [tools] * len(turns)
    out = []
    later: set[str] = set()
    per_turn_later: list[set[str]] = [set() for _ in turns]
    for k in range(len(turns) - 1, -1, -1):
        per_turn_later[k] = set(later)
        later |= added_at[k]
    for k in range(len(turns)):
        hide = per_turn_later[k]
        out.append([t for t in tools if t.get("name") not in hide] if hide else tools)
    return out


def _strip(m: dict[str, Any]) -> dict[str, Any]:
    if "reasoning" in m:
        m = dict(m)
        del m["reasoning"]
    return m


def _system(ep: dict[str, Any], opts: ExportOptions, tools: list[dict[str, Any]]) -> str | None:
    msgs = ep["messages"]
    own = msgs[0].get("content") if msgs[0]["role"] == "system" else None
    if opts.system_template is None:
        return own
    env_id = str(ep.get("env_id", ""))
    domain = env_id.split("/")[-1].rsplit("-v", 1)[0] if env_id else ""
    return opts.system_template.format(
        system=own or "", env_id=env_id, domain=domain, tool_names=", ".join(t.get("name", "") for t in tools)
    )


_names: dict[Any, tuple[list[dict[str, Any]], frozenset[str]]] = {}


def _tool_names(tools: list[dict[str, Any]]) -> frozenset[str]:
    """The names of a tool list, remembered for recently seen lists (keyed by the list's or its items' identity)."""
    hit = _names.get(id(tools))  # the same list object again: no key of 50 ids to build
    if hit is not None and hit[0] is tools:
        return hit[1]
    key = tuple(map(id, tools))
    hit = _names.get(key)
    if hit is None:
        hit = _names[key] = (tools, frozenset(str(t.get("name")) for t in tools))  # held: ids stay unique
    _names[id(tools)] = (tools, hit[1])  # held too
    while len(_names) > 128:
        del _names[next(iter(_names))]
    return hit[1]


def _names_of(tools: list[dict[str, Any]]) -> list[Any]:
    return [t.get("name") for t in tools]


def _check_offered(part: list[dict[str, Any]], tools: list[dict[str, Any]], turn: int) -> None:
    """A call that succeeded must name a tool the record offers (else its spec is missing)."""
    names = _tool_names(tools)
    failed = None
    for m in part:
        for c in m.get("tool_calls") or ():
            if c["name"] in names:
                continue
            if failed is None:
                failed = {m.get("tool_call_id") for m in part if m["role"] == "tool" and m.get("error") is not None}
            if c["id"] not in failed:
                raise EpisodeError(
                    f"call {c['id']} to {c['name']!r} succeeded in turn {turn}+, but {c['name']!r} is not among the tools "
                    f"offered there (Episode.tools lacks its spec; tools added mid-episode need their spec in "
                    f"Episode.tools)"
                )


def build_samples(ep: dict[str, Any], opts: ExportOptions) -> list[Sample]:
    """The samples of one episode under ``opts`` (raises :class:`EpisodeError` for a broken episode)."""
    check_episode(ep)
    msgs = ep["messages"]
    turns = episode_turns(ep)
    offered = tools_by_turn(ep, turns)
    first = 1 if msgs[0]["role"] == "system" else 0
    # Groups of consecutive turns that become one sample each.
    groups: list[tuple[int, int]] = []
    if opts.per == "turn":
        groups = [(k, k + 1) for k in range(len(turns))]
    else:
        a = 0
        for k in range(1, len(turns) + 1):
            if k == len(turns) or (offered[k] is not offered[a] and _names_of(offered[k]) != _names_of(offered[a])):
                groups.append((a, k))
                a = k
    out: list[Sample] = []
    keep = opts.reasoning
    skipped = 0
    for _idx, (a, b) in enumerate(groups):
        start = turns[a]["start"] if a > 0 else min(first, turns[0]["start"])
        end = turns[b - 1]["end"]
        history = [_strip(m) for m in msgs[first:start]]
        part = msgs[start:end] if keep else [_strip(m) for m in msgs[start:end]]
        if not any(m["role"] == "assistant" for m in part):
            continue  # nothing to train on (e.g. a trailing user message)
        tools = offered[a]
        _check_offered(part, tools, a)
        if opts.parallel_calls != "keep" and (_has_parallel(history) or _has_parallel(part)):
            if opts.parallel_calls == "skip":
                skipped += 1
                continue
            history, part = serialize_parallel(history), serialize_parallel(part)
        sample_msgs = history + list(part)
        out.append(
            Sample(
                episode=ep,
                index=len(out),
                system=_system(ep, opts, tools),
                messages=sample_msgs,
                train_from=len(history),
                tools=tools,
                turns=(a, b),
            )
        )
    if not out:
        if skipped:
            raise EpisodeError(f"every record of the episode holds parallel calls (parallel_calls='skip' left out {skipped})")
        raise EpisodeError("no assistant message to train on")
    return out


def _has_parallel(msgs: list[dict[str, Any]]) -> bool:
    return any(len(m.get("tool_calls") or ()) > 1 for m in msgs if m["role"] == "assistant")


def serialize_parallel(msgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One assistant message per call, each followed by its result, in call order.

    For chat templates that take one call per assistant message (Llama 3.1 raises "This model
    only supports single tool-calls at once!"). The step's text, reasoning and other keys stay on
    its first call; ids, arguments and results are kept as they are, so nothing is lost, only
    the parallel step becomes a sequence.
    """
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(msgs):
        m = msgs[i]
        calls = m.get("tool_calls") or ()
        if m["role"] != "assistant" or len(calls) < 2:
            out.append(m)
            i += 1
            continue
        j = i + 1
        results: dict[str, dict[str, Any]] = {}
        while j < len(msgs) and msgs[j]["role"] == "tool":
            results[msgs[j]["tool_call_id"]] = msgs[j]
            j += 1
        for k, c in enumerate(calls):
            step = {**m, "tool_calls": [c]} if k == 0 else {"role": "assistant", "tool_calls": [c]}
            out.append(step)
            out.append(results[c["id"]])
        i = j
    return out

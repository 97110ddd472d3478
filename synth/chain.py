"""An executed chain: Phase I's output and the ground truth of one turn.

The graph-directed sampler (and the LLM explorer) produce a :class:`Chain`: every call that ran,
its result, the state hash after it, and where each argument value came from (the user's side,
or a field of an earlier result). Phase II abstracts it into an advanced tool and a hard query;
Phase III checks the reasoner's calls against it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from toolgym.record import RECORD_VERSION, ToolCall, ToolResult

__all__ = [
    "ArgSource",
    "ChainStep",
    "Chain",
    "chain_to_episode",
    "chain_episode_json",
    "episode_to_chain",
    "explore_request",
    "fast_model",
    "EXPLORER",
]


class ArgSource(BaseModel):
    """Where an argument value came from.

    ``user``: a value the user can know (from the world's public side, the persona, the task or
    drawn from the schema); ``result``: a field of an earlier result (``call_id`` and ``path``,
    e.g. ``"[0].user_id"``), so only a tool could have produced it; ``default``: the schema's
    default.
    """

    model_config = ConfigDict(extra="forbid")
    kind: Literal["user", "result", "default"]
    call_id: str | None = None
    path: str | None = None
    label: str | None = Field(default=None, description="how the user refers to the value (e.g. a name)")


class ChainStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    call: ToolCall
    result: ToolResult
    state_hash: str
    sources: dict[str, ArgSource] = Field(default_factory=dict, description="argument name -> provenance")


class Chain(BaseModel):
    model_config = ConfigDict(extra="forbid")
    env_id: str
    seed: int
    target: str
    steps: list[ChainStep] = Field(default_factory=list)
    start_hash: str
    end_hash: str
    target_index: int | None = Field(default=None, description="index in steps of the successful target call")
    meta: dict[str, Any] = Field(default_factory=dict)

    @property
    def reached(self) -> bool:
        return self.target_index is not None

    def ok_steps(self) -> list[ChainStep]:
        return [s for s in self.steps if s.result.error is None]


# --- Chain <-> Episode -------------------------------------------------------------------------
#
# Runs store canonical episodes, so an executed chain travels as one: system prompt, a user
# message naming the target, then one assistant message per call and its tool message. What an
# episode has no field for (the state hash after each step, argument provenance, the index of
# the target call) goes in ``meta["chain"]``. The LLM explorer (``rollout.run_explore``) writes
# exactly this layout, so graph-sampled and model-explored episodes feed the same pipeline.

EXPLORER = "graph-sampler"


def fast_model(cls: Any, **fields: Any) -> Any:
    """A pydantic model from already-valid, complete fields, without validation or defaults.

    What ``model_construct`` does, minus its per-field default resolution (half its cost);
    every field must be given. Exploration builds tens of these per chain.
    """
    m = cls.__new__(cls)
    object.__setattr__(m, "__dict__", fields)
    object.__setattr__(m, "__pydantic_fields_set__", set(fields))
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


def explore_request(target: str, description: str = "") -> str:
    """The user message of an exploration episode: reach ``target`` with a successful call."""
    what = description.strip().splitlines()[0].rstrip(".") if description.strip() else ""
    about = f" ({what})" if what else ""
    return (
        f"Make a successful call to the tool `{target}`{about}. Call whatever other tools you need first "
        "to find the values it takes, using only values this environment gives you."
    )


def chain_to_episode(
    chain: Chain,
    *,
    episode_id: str,
    tools: list[Any],
    system: str,
    env_version: int = 0,
    config_hash: str | None = None,
    producer: str = EXPLORER,
    termination: str | None = None,
) -> Any:
    """The canonical :class:`~toolgym.record.Episode` of an executed chain (variant ``explore``).

    Args:
        chain: the chain.
        episode_id: the episode's id.
        tools: the offered tool specs (``ToolSpec``), as the model would have seen them.
        system: the system prompt.
        env_version: the environment class's version.
        config_hash: hash of the run config.
        producer: who chose the calls (``producers["explorer"]``).
        termination: default ``"done"`` when the target ran, else ``"step_budget"``.
    """
    from toolgym.record import Episode, Message, Turn

    # model_construct with every field given: pydantic resolves missing defaults through
    # inspect.signature (~0.7 ms per model), which would dominate an exploration episode.
    def msg(role: str, content: Any = None, tool_calls: Any = None, tool_call_id: Any = None, name: Any = None, error: Any = None) -> Any:
        return fast_model(
            Message,
            role=role, content=content, reasoning=None, tool_calls=tool_calls if tool_calls is not None else [],
            tool_call_id=tool_call_id, name=name, error=error, meta={},
        )

    target_desc = next((t.description for t in tools if getattr(t, "name", None) == chain.target), "")
    messages = [
        msg("system", system),
        msg("user", explore_request(chain.target, target_desc)),
    ]
    for s in chain.steps:
        messages.append(msg("assistant", tool_calls=[s.call]))
        r = s.result
        messages.append(msg("tool", r.content, tool_call_id=r.call_id, name=r.name, error=r.error))
    reached = chain.target_index is not None
    turn = fast_model(
        Turn,
        start=1,
        end=len(messages),
        state_hash=chain.end_hash,
        reward=1.0 if reached else 0.0,
        target_tools=[chain.target],
        variant="explore",
        attempts=None,
        ground_truth=[],
        add_tools=[],
        expect=None,
        meta={},
    )
    meta_chain = _meta_chain(chain)
    fields: dict[str, Any] = dict(
        record_version=RECORD_VERSION,
        id=episode_id,
        env_id=chain.env_id,
        env_version=env_version,
        seed=chain.seed,
        tools=list(tools),
        messages=messages,
        turns=[turn],
        reward=1.0 if reached else 0.0,
        termination=termination or ("done" if reached else "step_budget"),
        target_tools=[chain.target],
        difficulty=None,
        variant="explore",
        producers={"explorer": producer},
        config_hash=config_hash,
        meta={"chain": meta_chain},
    )
    return fast_model(Episode, **fields)


def _meta_chain(chain: Chain) -> dict[str, Any]:
    meta_chain: dict[str, Any] = {
        "start_hash": chain.start_hash,
        "step_hashes": [s.state_hash for s in chain.steps],
        "sources": [{k: _src_dict(v) for k, v in s.sources.items()} for s in chain.steps],
        "target_index": chain.target_index,
    }
    if chain.meta:
        meta_chain["meta"] = chain.meta
    return meta_chain


def chain_episode_json(
    chain: Chain,
    *,
    episode_id: str,
    tools_json: str,
    target_description: str,
    system: str,
    env_version: int = 0,
    config_hash: str | None = None,
    producer: str = EXPLORER,
    termination: str | None = None,
    meta_chain: dict[str, Any] | None = None,
) -> str:
    """``chain_to_episode(...).to_json()`` without building the models: the same bytes, ~3x faster.

    The line is the episode as plain dicts, with the fields the canonical form leaves out (those
    equal to their defaults) left out here too, serialised by pydantic-core (so numbers, strings
    and non-finite floats come out exactly as ``model_dump_json`` writes them).

    Args:
        tools_json: the offered tools' JSON list as ``Episode.to_json`` writes it (``""`` or
            ``"[]"`` when none are offered); the same for every episode of an environment, so
            callers serialise it once.
        target_description: the target tool's description (its first line names the goal).
        meta_chain: ``meta["chain"]`` when the caller built it already (the episode's).
    """
    from pydantic_core import to_json

    messages: list[dict[str, Any]] = [
        {"role": "system", "content": system} if system is not None else {"role": "system"},
        {"role": "user", "content": explore_request(chain.target, target_description)},
    ]
    for s in chain.steps:
        c = s.call
        call: dict[str, Any] = {"id": c.id, "name": c.name}
        if c.arguments:
            call["arguments"] = c.arguments
        messages.append({"role": "assistant", "tool_calls": [call]})
        r = s.result
        m: dict[str, Any] = {"role": "tool"}
        if r.content is not None:
            m["content"] = r.content
        m["tool_call_id"] = r.call_id
        m["name"] = r.name
        if r.error is not None:
            m["error"] = r.error
        messages.append(m)
    reached = chain.target_index is not None
    reward = 1.0 if reached else 0.0
    turn: dict[str, Any] = {"start": 1, "end": len(messages)}
    if chain.end_hash is not None:
        turn["state_hash"] = chain.end_hash
    turn.update(reward=reward, target_tools=[chain.target], variant="explore")
    ep: dict[str, Any] = {"record_version": RECORD_VERSION, "id": episode_id, "env_id": chain.env_id}
    if env_version != 0:
        ep["env_version"] = env_version
    ep["seed"] = chain.seed
    ep["messages"] = messages
    ep["turns"] = [turn]
    ep["reward"] = reward
    ep["termination"] = termination or ("done" if reached else "step_budget")
    ep["target_tools"] = [chain.target]
    ep["variant"] = "explore"
    ep["producers"] = {"explorer": producer}
    if config_hash is not None:
        ep["config_hash"] = config_hash
    ep["meta"] = {"chain": meta_chain if meta_chain is not None else _meta_chain(chain)}
    body = to_json(ep, inf_nan_mode="null").decode()
    if not tools_json or tools_json == "[]":
        return body
    i = body.index(',"messages":')
    return f'{body[:i]},"tools":{tools_json}{body[i:]}'


def _src_dict(src: ArgSource) -> dict[str, Any]:
    if src.kind == "user" and src.call_id is None and src.path is None and src.label is None:
        return {"kind": "user"}  # most arguments
    d: dict[str, Any] = {"kind": src.kind}
    if src.call_id is not None:
        d["call_id"] = src.call_id
    if src.path is not None:
        d["path"] = src.path
    if src.label is not None:
        d["label"] = src.label
    return d


def episode_to_chain(episode: Any) -> Chain:
    """The :class:`Chain` stored in an exploration episode (inverse of :func:`chain_to_episode`).

    Calls are paired with their tool messages by call id; parallel calls in one assistant
    message become consecutive steps (each carries the hash recorded for it).

    Raises:
        ValueError: the episode has no ``meta["chain"]`` (not an exploration episode).
    """
    info = episode.meta.get("chain")
    if not isinstance(info, dict):
        raise ValueError(f"episode {episode.id!r} has no meta['chain']: expected an exploration episode (variant 'explore')")
    results: dict[str, ToolResult] = {}
    for m in episode.messages:
        if m.role == "tool" and m.tool_call_id is not None:
            results[m.tool_call_id] = ToolResult(call_id=m.tool_call_id, name=m.name or "", content=m.content, error=m.error)
    hashes = info.get("step_hashes", [])
    sources = info.get("sources", [])
    steps: list[Any] = []
    for c in episode.calls():
        i = len(steps)
        r = results.get(c.id) or ToolResult(call_id=c.id, name=c.name, error="no result recorded")
        steps.append(
            ChainStep(
                call=c,
                result=r,
                state_hash=hashes[i] if i < len(hashes) else "",
                sources={k: ArgSource(**v) for k, v in (sources[i] if i < len(sources) else {}).items()},
            )
        )
    target = episode.target_tools[0] if episode.target_tools else ""
    return Chain(
        env_id=episode.env_id,
        seed=episode.seed,
        target=target,
        steps=steps,
        start_hash=info.get("start_hash", ""),
        end_hash=episode.turns[-1].state_hash if episode.turns and episode.turns[-1].state_hash else "",
        target_index=info.get("target_index"),
        meta=info.get("meta", {}),
    )

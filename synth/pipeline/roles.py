"""The four roles of the pipeline, each a deterministic built-in or a model, configured separately.

=========== ================================ ==============================================
role        built-in                         model (any OpenAI-compatible endpoint)
=========== ================================ ==============================================
tooling     :func:`.advanced.build_advanced_tool`  writes the advanced tool's name/description;
                                             accepted only with exactly the plan's parameters
query       :func:`.query.compose_query`     writes the hard query; the leak check and the
            (intents + seeded noise)         "every needed value present" check apply
reasoner    :class:`.reasoner.PlanReasoner`  :class:`~toolgym.synth.llm.LLMPolicy` acting on the
                                             primitive tools; hints appended to its prompt
critic      :class:`.critic.DiffCritic`      writes the hint from the verdict and the diff
=========== ================================ ==============================================

Model roles load their prompt from ``toolgym/synth/prompts/<role>.md`` (front matter
``version: N``); the version of every prompt used is recorded per record
(``Episode.meta["prompts"]``) and in the run manifest.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from toolgym.errors import ConfigError
from toolgym.record import Message, ToolSpec

from .advanced import AdvancedTool, build_advanced_tool, check_advanced_tool
from .critic import DiffCritic
from .noise import Voice
from .phase3 import TurnCheck, TurnContext, Verdict
from .query import Query, check_query, compose_query, easy_query
from .reasoner import PlanReasoner
from .turnplan import Mention, PlanRejected, TurnPlan, needed_mentions

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv

    from .config import RoleConfig, SynthConfig

__all__ = ["Roles", "Prompt", "load_prompt", "make_roles", "BuiltinTooling", "BuiltinQuery", "scrub_hints", "HINT_WORDS"]

HINT_WORDS = re.compile(r"\b(hint|hints|guidance|critic|feedback|previous attempt|last attempt|advanced tool|adv_\w+|was told|i was told)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Prompt:
    role: str
    version: int
    text: str

    def render(self, **values: Any) -> str:
        out = self.text
        for k, v in values.items():
            out = out.replace("{{" + k + "}}", v if isinstance(v, str) else json.dumps(v, ensure_ascii=True, indent=1))
        return out


def load_prompt(role: str) -> Prompt:
    """The packaged prompt of a role, with its version from the front matter."""
    try:
        text = resources.files("toolgym.synth").joinpath("prompts", f"{role}.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"no prompt file for role {role!r} (expected toolgym/synth/prompts/{role}.md)") from None
    m = re.match(r"---\s*\nversion:\s*(\d+)\s*\n---\s*\n", text)
    if not m:
        raise ConfigError(f"prompt {role}.md must start with front matter '---\\nversion: N\\n---'")
    return Prompt(role=role, version=int(m.group(1)), text=text[m.end() :])


def scrub_hints(text: str | None) -> str | None:
    """Drop every sentence of a model's reasoning that mentions hints, guidance or the critic.

    The kept reasoning must read as the model's own; a sentence like "as the hint says" would
    teach a student model to expect hints.
    """
    if not text:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    kept = [s for s in sentences if not HINT_WORDS.search(s)]
    return " ".join(kept) if kept else None


# --- built-ins ---------------------------------------------------------------------------------


class BuiltinTooling:
    name = "builtin-tooling"

    async def build(self, plan: TurnPlan) -> AdvancedTool:
        return build_advanced_tool(plan)


class BuiltinQuery:
    name = "builtin-intent-grammar"

    async def write(
        self,
        plan: TurnPlan,
        adv: AdvancedTool,
        rng: random.Random,
        voice: Voice,
        *,
        turn: int,
        omit: Mention | None,
        forbidden: frozenset[str] | set[str],
        history: list[Message],
        known: Any = None,
    ) -> Query:
        from toolgym.synth.quality.grounding import known_from

        known = known if known is not None else known_from(history)
        return compose_query(plan, plan.lex, rng, voice, turn=turn, omit=omit, forbidden=forbidden, known=known)


# --- model roles -------------------------------------------------------------------------------


def _llm_config(rc: RoleConfig, seed: int) -> Any:
    from toolgym.synth.llm.client import LLMConfig

    return LLMConfig(
        model=rc.model or "",
        base_urls=[rc.base_url or ""],
        api_key_env=rc.api_key_env,
        max_in_flight=rc.max_in_flight,
        request_timeout=rc.timeout,
        temperature=rc.temperature,
        max_tokens=rc.max_tokens,
        seed=seed,
        record_latency=False,
    )


def _content(result: Any) -> str:
    choices = result.data.get("choices") or []
    if not choices:
        return ""
    msg = choices[0].get("message") or {}
    return msg.get("content") or ""


def _json_in(text: str) -> Any:
    """The first JSON object in a model's answer (fenced or bare)."""
    m = re.search(r"```(?:json)?\s*(\{.*?\})\s*```", text, re.DOTALL)
    candidates = [m.group(1)] if m else []
    start = text.find("{")
    if start >= 0:
        candidates.append(text[start : text.rfind("}") + 1])
    for c in candidates:
        try:
            return json.loads(c)
        except ValueError:
            continue
    return None


class _LLMRole:
    def __init__(self, role: str, rc: RoleConfig, seed: int, usage: dict[str, Any]):
        from toolgym.synth.llm.client import LLMClient

        self.role = role
        self.rc = rc
        self.prompt = load_prompt(role)
        self.client = LLMClient(_llm_config(rc, seed))
        self.name = f"llm:{rc.model}"
        self.usage = usage

    async def _ask(self, system: str, user: str) -> str:
        res = await self.client.chat([{"role": "system", "content": system}, {"role": "user", "content": user}])
        u = res.usage
        self.usage["calls"] = self.usage.get("calls", 0) + 1
        self.usage[f"calls_{self.role}"] = self.usage.get(f"calls_{self.role}", 0) + 1
        self.usage["prompt_tokens"] = self.usage.get("prompt_tokens", 0) + u["prompt_tokens"]
        self.usage["completion_tokens"] = self.usage.get("completion_tokens", 0) + u["completion_tokens"]
        return _content(res)

    async def aclose(self) -> None:
        await self.client.aclose()


def _plan_view(plan: TurnPlan) -> list[dict[str, Any]]:
    out = []
    for s in plan.steps:
        out.append({
            "tool": s.spec.name,
            "role": "goal" if s.goal else "implicit",
            "arguments": s.call.arguments,
            "result": s.content if len(json.dumps(s.content, ensure_ascii=True)) < 1500 else "(long result omitted)",
        })
    return out


class LLMTooling(_LLMRole):
    """A_T: the model names and describes the advanced tool; its parameters must be the plan's."""

    async def build(self, plan: TurnPlan) -> AdvancedTool:
        ref = build_advanced_tool(plan)
        user = self.prompt.render(
            chain=_plan_view(plan),
            parameters={p: {"value": m.text, "schema": ref.spec.parameters["properties"][p]} for p, m in ref.bindings.items()},
        )
        why = ""
        for _ in range(self.rc.retries + 1):
            text = await self._ask("You design tool APIs. Answer with one JSON object only.", user + (f"\n\nYour last answer was rejected: {why}" if why else ""))
            tool, why = check_advanced_tool(_json_in(text), ref)
            if tool is not None:
                return tool
        raise PlanRejected("advanced_tool_rejected", why)


class LLMQuery(_LLMRole):
    """A_Q: the model writes the hard query; checked for leaks and for every needed value."""

    async def write(
        self,
        plan: TurnPlan,
        adv: AdvancedTool,
        rng: random.Random,
        voice: Voice,
        *,
        turn: int,
        omit: Mention | None,
        forbidden: frozenset[str] | set[str],
        history: list[Message],
        known: Any = None,
    ) -> Query:
        from toolgym.synth.quality.grounding import known_from

        known = known if known is not None else known_from(history)
        needed = [m for m in needed_mentions(plan) if m is not omit]
        refs = [m.text for m in plan.mentions if m.kind in ("ref", "ordinal")]
        earlier = [m.content for m in history if m.role == "user"][-3:]
        lex = plan.lex
        values = []
        for m in needed:
            tool = plan.steps[m.step].spec.name
            entry: dict[str, Any] = {"value": m.bare if m.kind == "label" else m.value, "what": m.param.replace("_", " ")}
            if lex is not None:
                kind = lex.kind(tool, m.param, m.value)
                entry["kind"] = "a name the user knows it by" if m.kind == "label" else kind
                phrases = lex.langs[tool].value_phrases(m.param, m.value)
                if phrases:
                    entry["say it like"] = list(phrases)
            values.append(entry)
        system = history[0].content if history and history[0].role == "system" and isinstance(history[0].content, str) else ""
        examples = []
        for k in range(2):  # the built-in writer's requests for the same plan, as facts to go by
            try:
                examples.append(compose_query(plan, plan.lex, random.Random(k), voice, turn=turn, omit=omit, forbidden=forbidden, known=known).hard)
            except PlanRejected:
                break
        user = self.prompt.render(
            domain=system.split("\n")[0][:300],
            advanced_tool=adv.to_dict(),
            values=values,
            references=refs,
            omit=("" if omit is None else f"Leave out the {omit.param} entirely: the user forgets to say it."),
            style=voice.style,
            earlier_requests=earlier,
            examples=examples or ["(none)"],
        )
        why = ""
        for _ in range(self.rc.retries + 1):
            text = (await self._ask("You write what a user types to an assistant. Answer with the request only.", user + (f"\n\nYour last answer was rejected: {why}" if why else ""))).strip().strip('"')
            why = check_query(text, plan, forbidden, omit=omit, known=known) if text else "empty answer"
            if not why:
                return Query(hard=text, easy=easy_query(plan, plan.lex, rng), protected=[m.text for m in needed], omitted=omit)
        raise PlanRejected("leak" if why.startswith("leak") else "query_rejected", why)


class LLMCritic(_LLMRole):
    """A_C: the model compares the attempt with the ground truth and writes the hint."""

    async def critique(self, env: ToolEnv, checkpoint: int, messages: list[Message], verdict: Verdict, check: TurnCheck, ctx: TurnContext) -> str:
        attempt = [
            {"call": c.name, "arguments": c.arguments}
            for m in messages
            if m.role == "assistant"
            for c in m.tool_calls
        ]
        results = [{"tool": m.name, "error": m.error} if m.error else {"tool": m.name, "ok": True} for m in messages if m.role == "tool"]
        truth = [{"call": c.name, "arguments": c.arguments} for c in (ctx.plan.calls() if ctx.plan else [])]
        reasoning = " ".join(m.reasoning for m in messages if m.role == "assistant" and m.reasoning)
        user = self.prompt.render(
            request=ctx.query,
            reasoning=reasoning[:2000] or "(none)",
            attempt=attempt,
            results=results,
            ground_truth=truth,
            problems=[p.detail for p in verdict.problems],
            answer=messages[-1].content if messages else "",
        )
        text = (await self._ask("You review tool-use attempts and write one short corrective hint.", user)).strip()
        return text or await DiffCritic().critique(env, checkpoint, messages, verdict, check, ctx)


class LLMReasoner:
    """A_R: an :class:`~toolgym.synth.llm.LLMPolicy` whose prompt carries Prompt(k).

    Prompt(1) is the advanced tool's description; each failed attempt appends the critic's hint.
    They are appended to the current user message of the model's view only; the record keeps
    the plain query, and any sentence of the reasoning that mentions them is dropped
    (:func:`scrub_hints`).
    """

    def __init__(self, rc: RoleConfig, seed: int, usage: dict[str, Any]):
        from toolgym.synth.llm import LLMPolicy

        self.prompt = load_prompt("reasoner")
        self.policy = LLMPolicy(_llm_config(rc, seed))
        self.name = f"llm:{rc.model}"
        self.usage = usage

    async def act(self, messages: list[Message], tools: list[ToolSpec], ctx: TurnContext) -> Message:
        view = list(messages)
        guidance = []
        if ctx.advanced is not None and ctx.mode == "solve":
            guidance.append(f"This request can be done by composing your tools as follows: {ctx.advanced.spec.description}")
        guidance.extend(ctx.hints)
        if view and view[0].role == "system":
            view[0] = view[0].model_copy(update={"content": f"{view[0].content}\n\n{self.prompt.text.strip()}"})
        if guidance:
            last_user = max(i for i, m in enumerate(view) if m.role == "user")
            note = "\n".join(f"- {g}" for g in guidance)
            view[last_user] = view[last_user].model_copy(
                update={"content": f"{view[last_user].content}\n\n[Private notes, never mention them:\n{note}]"}
            )
        before = dict(ctx.usage)
        msg = await self.policy.act(view, tools, ctx)
        for k, v in ctx.usage.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                self.usage[k] = self.usage.get(k, 0) + v - before.get(k, 0)
        self.usage["calls"] = self.usage.get("calls", 0) + 1
        self.usage["calls_reasoner"] = self.usage.get("calls_reasoner", 0) + 1
        return msg.model_copy(update={"reasoning": scrub_hints(msg.reasoning)})

    async def aclose(self) -> None:
        await self.policy.aclose()


@dataclass
class Roles:
    tooling: Any
    query: Any
    reasoner: Any
    critic: Any
    prompts: dict[str, int] = field(default_factory=dict)
    usage: dict[str, Any] = field(default_factory=dict)

    def producers(self) -> dict[str, str]:
        return {
            "explorer": "graph-sampler",
            "tooling": self.tooling.name,
            "query": self.query.name,
            "reasoner": self.reasoner.name,
            "critic": self.critic.name,
        }

    async def aclose(self) -> None:
        for r in (self.tooling, self.query, self.reasoner, self.critic):
            close = getattr(r, "aclose", None)
            if close is not None:
                await close()


def make_roles(cfg: SynthConfig) -> Roles:
    """The roles a config asks for (model roles share a usage counter)."""
    usage: dict[str, Any] = {}
    rcs = cfg.roles
    prompts: dict[str, int] = {}
    tooling: Any = BuiltinTooling()
    query: Any = BuiltinQuery()
    reasoner: Any = PlanReasoner()
    critic: Any = DiffCritic()
    if rcs.tooling.is_llm:
        tooling = LLMTooling("tooling", rcs.tooling, cfg.seed, usage)
        prompts["tooling"] = tooling.prompt.version
    if rcs.query.is_llm:
        query = LLMQuery("query", rcs.query, cfg.seed, usage)
        prompts["query"] = query.prompt.version
    if rcs.reasoner.is_llm:
        reasoner = LLMReasoner(rcs.reasoner, cfg.seed, usage)
        prompts["reasoner"] = reasoner.prompt.version
    if rcs.critic.is_llm:
        critic = LLMCritic("critic", rcs.critic, cfg.seed, usage)
        prompts["critic"] = critic.prompt.version
    return Roles(tooling=tooling, query=query, reasoner=reasoner, critic=critic, prompts=prompts, usage=usage)

"""Phase II a: the advanced tool, one composite tool that does what a turn's whole plan does.

Its parameters are exactly the user-side inputs of the plan (:func:`needed_mentions`: values the
user states, entities named by their labels); its result is the target's result; its
description says what the chain achieves and which intermediate values it works out by itself.
FunReason-MT's tooling role (A_T) writes it; here a deterministic built-in derives it from the
plan and the tools' descriptions, and a model-written one (``roles.LLMTooling``) is accepted
only if its parameters are exactly the same names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from toolgym.record import ToolSpec

from .turnplan import Mention, TurnPlan, entity_noun, humanize, needed_mentions

__all__ = ["AdvancedTool", "build_advanced_tool", "check_advanced_tool", "first_sentence"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


@dataclass
class AdvancedTool:
    """The composite tool and how each of its parameters maps onto the plan."""

    spec: ToolSpec
    bindings: dict[str, Mention]

    def example_arguments(self) -> dict[str, Any]:
        """The call of the advanced tool that does the turn (labels stand for their ids)."""
        return {p: (m.text if m.kind == "label" else m.labels if m.kind == "labels" else m.value) for p, m in self.bindings.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.spec.name, "description": self.spec.description, "parameters": self.spec.parameters}


def first_sentence(text: str) -> str:
    """The first sentence of a description, without its full stop."""
    line = text.strip().split("\n", 1)[0]
    m = re.match(r"(.+?[.!?])(\s|$)", line)
    return (m.group(1) if m else line).rstrip(".!? ").strip()


def _param_names(plan: TurnPlan, needed: list[Mention]) -> dict[str, Mention]:
    out: dict[str, Mention] = {}
    for m in needed:
        spec = plan.steps[m.step].spec
        base = entity_noun(spec, m.param).replace(" ", "_") if m.kind in ("label", "labels") else m.param
        base = re.sub(r"\W", "_", base) or "value"
        name = base
        k = 2
        while name in out:
            name = f"{base}_{k}"
            k += 1
        out[name] = m
    return out


def build_advanced_tool(plan: TurnPlan) -> AdvancedTool:
    """The built-in tooling role: the advanced tool of ``plan``, derived without a model."""
    needed = needed_mentions(plan)
    bindings = _param_names(plan, needed)
    props: dict[str, Any] = {}
    for name, m in bindings.items():
        spec = plan.steps[m.step].spec
        if m.kind == "labels":
            noun = entity_noun(spec, m.param)
            props[name] = {"type": "array", "items": {"type": "string"},
                           "description": f"the {noun}s, by the names the user knows them by (e.g. {m.labels!r})"}
        elif m.kind == "label":
            noun = entity_noun(spec, m.param)
            props[name] = {"type": "string", "description": f"the {noun}, by the name the user knows it by (e.g. {m.text!r})"}
        else:
            schema = dict(spec.parameters.get("properties", {}).get(m.param, {}))
            schema.pop("default", None)
            desc = (schema.get("description") or humanize(m.param)).rstrip(". ")
            schema["description"] = f"{desc} (for {spec.name})"
            props[name] = schema
    goals = [plan.steps[i] for i in plan.goals]
    what = "; then ".join(first_sentence(s.spec.description).lower() for s in goals) or "run the plan"
    implicit = [s for s in plan.steps if not s.goal]
    works_out = sorted({entity_noun(s.spec, p) for s in plan.steps for p, src in s.sources.items() if src.kind == "result"})
    desc = what[0].upper() + what[1:] + "."
    if works_out:
        via = ", ".join(dict.fromkeys(s.spec.name for s in implicit))
        desc += f" It works out the {', '.join(works_out)} by itself" + (f" (with {via})." if via else ".")
    elif implicit:
        desc += f" It first runs {', '.join(dict.fromkeys(s.spec.name for s in implicit))}."
    target_specs = [s.spec for s in plan.steps if s.spec.name in plan.targets]
    last = target_specs[-1] if target_specs else goals[-1].spec
    if len(set(plan.targets)) > 1:
        returns: dict[str, Any] | None = {
            "type": "object",
            "properties": {s.name: (s.returns or {}) for s in target_specs},
        }
    else:
        returns = last.returns
    name = "adv_" + "_then_".join(dict.fromkeys(s.spec.name for s in goals))
    if len(name) > 64:
        name = name[:64].rstrip("_")
    spec = ToolSpec(
        name=name,
        description=desc,
        parameters={"type": "object", "properties": props, "required": list(props), "additionalProperties": False},
        returns=returns,
        writes=any(s.spec.writes for s in plan.steps),
        domain=last.domain,
    )
    return AdvancedTool(spec=spec, bindings=bindings)


def check_advanced_tool(candidate: Any, reference: AdvancedTool) -> tuple[AdvancedTool | None, str]:
    """Accept a model-written advanced tool only if its parameters are exactly the reference's.

    Returns ``(tool, "")`` or ``(None, why)``. The model may rename the tool and rewrite the
    descriptions; the parameter names (the plan's user-side inputs) must match one to one.
    """
    if not isinstance(candidate, dict):
        return None, f"expected a JSON object with name, description, parameters, got {type(candidate).__name__}"
    name = candidate.get("name")
    desc = candidate.get("description")
    params = candidate.get("parameters")
    if not isinstance(name, str) or not _IDENT.match(name):
        return None, f"expected 'name' to be an identifier, got {name!r}"
    if not isinstance(desc, str) or len(desc.strip()) < 10:
        return None, "expected a 'description' of at least a sentence"
    if not isinstance(params, dict) or not isinstance(params.get("properties"), dict):
        return None, "expected 'parameters' to be a JSON Schema object with 'properties'"
    got = set(params["properties"])
    want = set(reference.bindings)
    if got != want:
        missing = sorted(want - got)
        extra = sorted(got - want)
        return None, f"parameters must be exactly {sorted(want)}; missing {missing}, unexpected {extra}"
    props = {}
    for p, ref_schema in reference.spec.parameters["properties"].items():
        mine = params["properties"][p]
        merged = dict(ref_schema)
        if isinstance(mine, dict) and isinstance(mine.get("description"), str) and mine["description"].strip():
            merged["description"] = mine["description"].strip()
        props[p] = merged  # types stay the reference's: the model only words them
    spec = reference.spec.model_copy(
        update={
            "name": name,
            "description": desc.strip(),
            "parameters": {**reference.spec.parameters, "properties": props},
        }
    )
    return AdvancedTool(spec=spec, bindings=reference.bindings), ""

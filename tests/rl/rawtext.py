"""Raw model text for recorded assistant messages, made by real chat templates; and perturbations.

What a model generates for an assistant message is what its chat template renders for that
message when it is the last one, after the assistant header: ``render([user, message])`` minus
``render([user], add_generation_prompt=True)``. The templates are the upstream files the
exports issue ships (``exporters/templates``: Qwen2.5, Qwen3, Llama 3.1, vLLM's Hermes), plus
vLLM's Mistral template (``tests/rl/templates``, verbatim, see its README). Only "plain JSON"
has no template: it is the calls as a JSON list, which is what that syntax is.

Llama 3.1's template takes one call per assistant message, as the model does, so an assistant
message with parallel calls becomes one message per call (each followed by its own result).
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path
from typing import Any

from toolgym.record import Episode, Message, ToolCall, new_call_id

SYNTAXES = ("hermes", "qwen2.5", "qwen3", "llama3.1", "mistral", "json")
MISTRAL = Path(__file__).parent / "templates" / "mistral_parallel.jinja"
_USER = {"role": "user", "content": "."}


@cache
def template(syntax: str) -> Any:
    from toolgym.exporters.chat_templates import load_template

    if syntax == "mistral":
        return load_template(str(MISTRAL), {"bos_token": "<s>", "eos_token": "</s>"})
    return load_template(syntax)


def hf_message(m: Message) -> dict[str, Any]:
    """An assistant message as chat templates take it (arguments as objects, reasoning_content)."""
    d: dict[str, Any] = {"role": "assistant", "content": m.content or ""}
    if m.reasoning:
        d["reasoning_content"] = m.reasoning
    if m.tool_calls:
        d["tool_calls"] = [{"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                           for c in m.tool_calls]
    return d


def generated(syntax: str, m: Message) -> str:
    """The raw text a model of ``syntax`` generates for assistant message ``m``."""
    if syntax == "json":
        if not m.tool_calls:
            return m.content or ""
        calls = [{"name": c.name, "arguments": c.arguments} for c in m.tool_calls]
        return json.dumps(calls if len(calls) > 1 else calls[0])
    tpl = template(syntax)
    full = tpl.render([_USER, hf_message(m)], None)
    if syntax == "mistral":  # no assistant header: the model's output follows the end of the user turn
        return full.rsplit("[/INST]", 1)[1]
    prompt = tpl.render([_USER], None, add_generation_prompt=True)
    assert full.startswith(prompt), (syntax, full[:200], prompt[:200])
    return full[len(prompt):]


def assistant_steps(syntax: str, messages: list[Message]) -> list[Message]:
    """The assistant messages a model of ``syntax`` writes for a recorded conversation, in order."""
    out: list[Message] = []
    for m in messages:
        if m.role != "assistant":
            continue
        if syntax == "llama3.1" and len(m.tool_calls) > 1:
            for k, c in enumerate(m.tool_calls):
                out.append(Message(role="assistant", content=m.content if k == 0 else None,
                                   reasoning=m.reasoning if k == 0 else None, tool_calls=[c]))
        else:
            out.append(m)
    return out


def raw_texts(syntax: str, messages: list[Message]) -> list[str]:
    return [generated(syntax, m) for m in assistant_steps(syntax, messages)]


# --- perturbations ----------------------------------------------------------------------------

PERTURBATIONS = ("wrong_argument", "skipped_lookup", "extra_write")


def _changed(v: Any) -> Any:
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + 7
    if isinstance(v, float):
        return v * 2 + 1
    if isinstance(v, str):
        return v + "x" if v else "x"
    return None


def perturb(ep: Episode, kind: str, seed: int) -> tuple[list[Message], str]:
    """The assistant messages of ``ep`` with one mistake: ``(messages, what was done)``.

    ``wrong_argument``: one argument of one call gets another value (a write call's when there
    is one); ``skipped_lookup``: one call of a read-only tool is left out; ``extra_write``: a
    write call is made once more, in a message of its own. The choice is seeded; a kind that
    does not apply (no read-only call, no write) falls back to the next one.
    """
    rng = random.Random(seed)
    assistants = [m.model_copy(deep=True) for m in ep.messages if m.role == "assistant"]
    writes = {t.name for t in ep.tools if t.writes}
    order = list(PERTURBATIONS)
    start = order.index(kind)
    for k in order[start:] + order[:start]:
        calls = [(i, j, c) for i, m in enumerate(assistants) for j, c in enumerate(m.tool_calls)]
        if k == "wrong_argument":
            cands = [(i, j, c, a) for i, j, c in calls for a, v in c.arguments.items() if _changed(v) is not None]
            if not cands:
                continue
            wcands = [x for x in cands if x[2].name in writes]
            i, j, c, a = rng.choice(wcands or cands)
            c.arguments[a] = _changed(c.arguments[a])
            return assistants, f"wrong_argument {c.name}.{a}"
        if k == "skipped_lookup":
            cands = [(i, j, c) for i, j, c in calls if c.name not in writes]
            if not cands:
                continue
            i, j, c = rng.choice(cands)
            m = assistants[i]
            del m.tool_calls[j]
            if not m.tool_calls and not m.content:
                del assistants[i]
            return assistants, f"skipped_lookup {c.name}"
        if k == "extra_write":
            cands = [(i, j, c) for i, j, c in calls if c.name in writes]
            if not cands:
                continue
            i, j, c = rng.choice(cands)
            extra = Message(role="assistant", tool_calls=[ToolCall(id=new_call_id(rng), name=c.name, arguments=dict(c.arguments))])
            assistants.insert(i + 1, extra)
            return assistants, f"extra_write {c.name}"
    raise AssertionError(f"no perturbation applies to {ep.id}")

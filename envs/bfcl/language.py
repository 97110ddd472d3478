"""Language drafted from BFCL's function documents (what ``toolgym synth`` needs to write requests
and answers for the wrapped classes): the task from the document's "Tool description", asks
around it, a modifier per parameter, phrases for booleans and enums, answers from the
documented response fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from toolgym.envs.language import Answer, ToolLanguage, enum_values, is_bool
from toolgym.envs.openapi.language import _param_phrases, human, imperative

__all__ = ["draft"]


def _task(doc: Mapping[str, Any]) -> str:
    desc = str(doc.get("description") or "")
    part = desc.split("Tool description:", 1)[-1].strip()
    return imperative(part) or human(str(doc.get("name")))


def draft(cls_name: str, doc: Mapping[str, Any], schema: Mapping[str, Any]) -> ToolLanguage:
    props: dict[str, Any] = dict(schema.get("properties") or {})
    required = [p for p in schema.get("required") or [] if p in props]
    task = _task(doc)
    place = [p for p in required if not is_bool(props[p]) and enum_values(props[p]) is None]
    tail = "".join(f", {human(p)} {{{p}}}" for p in place)
    asks = (f"{task}{tail}", f"I need to {task}{tail}", f"go ahead and {task}{tail}", f"I want you to {task}{tail}",
            f"help me {task}{tail}", f"I'd like to {task}{tail}")
    params: dict[str, Any] = {}
    for p, ps in props.items():
        if p in place:
            continue
        params[p] = _param_phrases(p, ps, "call", p in required)
    context = tuple(f"the {human(p)} is {{{p}}}" for p in place)
    resp = (doc.get("response") or {}).get("properties") or {}
    lists = [k for k, v in resp.items() if isinstance(v, Mapping) and v.get("type") == "array"]
    scalars = [k for k, v in resp.items() if isinstance(v, Mapping) and v.get("type") in ("string", "integer", "float", "number")]
    if len(resp) == 1 and lists:
        k = lists[0]
        ans = Answer(each="{result}", items=k, says=("Here is what came back: {items}.", "I got {count}: {items}.", "There are {count}: {items}."),
                     empty=("There was nothing to show.", "Nothing came back."))
    elif scalars:
        fields = tuple(scalars[:2])
        listed = " and ".join(f"{human(f)} {{{f}}}" for f in fields)
        ans = Answer(fields=fields, says=(f"It came back with {listed}.", f"The result: {listed}.", f"Done, with {listed}."))
    else:
        ans = Answer(says=("Done.", "That's done.", "All set."))
    return ToolLanguage(task=(f"{task}{tail}",), asks=tuple(dict.fromkeys(asks)), context=context, params=params, answer=ans)

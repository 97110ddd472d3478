"""What an import inferred, and with what confidence: the text ``toolgym import openapi`` prints."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .infer import Plan

__all__ = ["import_report", "report_data"]


def report_data(plan: Plan) -> dict[str, Any]:
    return {
        "title": plan.title,
        "resources": {r.name: {"collection": r.collection, "key": r.key, "key_type": r.key_type, "label": r.label,
                               "internal": r.internal, "schema_from": r.fields_from, "rows": r.size,
                               **({"parent": list(r.parent)} if r.parent else {})} for r in plan.resources.values()},
        "operations": [{"operation": o.op_id, "tool": o.tool, "method": o.method.upper(), "path": o.path, "kind": o.kind,
                        "resource": o.resource, "key_param": o.key_param, "confidence": o.confidence, "reason": o.reason,
                        "needs_login": o.secured and bool(plan.login)} for o in plan.operations],
        "skipped": [{"operation": op, "reason": why} for op, why in plan.skipped],
        "login": plan.login,
        "synthesized_login": plan.synthesized_login,
        "notes": list(plan.notes),
    }


def import_report(plan: Plan, *, verbose: bool = True) -> str:
    """A readable report: resources, then each operation's kind, confidence and reason."""
    synth = sum(o.op_id == "(synthesized)" for o in plan.operations)
    from_doc = len(plan.operations) - synth
    lines = [f"{plan.title}: {from_doc + len(plan.skipped)} operations: {from_doc} tools, {len(plan.skipped)} not imported (each with its reason)"
             f"{f', plus {synth} synthesized' if synth else ''}; {len(plan.resources)} resources"]
    conf = Counter(o.confidence for o in plan.operations)
    kinds = Counter(o.kind for o in plan.operations)
    lines.append("  kinds: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    lines.append("  confidence: " + ", ".join(f"{k} {v}" for k, v in conf.most_common()))
    if plan.login:
        how = "synthesized (no login operation in the document)" if plan.synthesized_login else "the document's login operation"
        lines.append(f"  session: {plan.login} ({how}) opens it for {sum(o.secured for o in plan.operations)} secured operations")
    lines.append("resources:")
    for r in plan.resources.values():
        parent = f", rows belong to a {r.parent[0]} ({r.parent[1]})" if r.parent else ""
        lines.append(f"  {r.name:<22} {r.collection}  key {r.key} ({r.key_type}{', an id only a tool reveals' if r.internal else ''}), "
                     f"label {r.label or '-'}; schema from {r.fields_from}{parent}")
    if verbose:
        lines.append("operations:")
        for o in plan.operations:
            lines.append(f"  {o.tool:<34} {o.method.upper():<6} {o.path}  -> {o.kind}"
                         f"{' ' + o.resource if o.resource else ''} [{o.confidence}] {o.reason}")
    if plan.skipped:
        lines.append("not imported:")
        for op, why in plan.skipped:
            lines.append(f"  {op}: {why}")
    for n in plan.notes:
        lines.append(f"note: {n}")
    return "\n".join(lines)

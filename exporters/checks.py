"""Checks of records read back, shared by the formats (``Format.compare``) and the validator.

Their own module so that ``base`` (the formats) and ``validate`` (the export validator) both
import it and neither imports the other.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from toolgym.callid import CALL_ID_RULE, is_call_id
from toolgym.canonical import canonical_json

from .view import decode_result, encode_result

__all__ = ["check_pairing", "coverage_errors"]


def check_pairing(view: list[dict[str, Any]], with_ids: bool) -> list[str]:
    """Every call is followed by exactly its results; ids follow the call-id rule and are unique; arguments are objects.

    Formats keep the canonical ids, so the rule checked is the core's (``toolgym.record.is_call_id``),
    which is also the shape Mistral's templates require.
    """
    errs: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(view):
        e = view[i]
        i += 1
        if e["role"] != "assistant" or not e.get("calls"):
            continue
        calls = e["calls"]
        results = []
        while i < len(view) and view[i]["role"] == "tool":
            results.append(view[i])
            i += 1
        if len(results) != len(calls):
            errs.append(f"{len(calls)} calls followed by {len(results)} results")
        for c in calls:
            if not isinstance(c.get("arguments"), dict):
                errs.append(f"call {c.get('name')}: arguments are {type(c.get('arguments')).__name__}, not an object (double-encoded?)")
        if with_ids:
            ids = [c.get("id") for c in calls]
            for cid in ids:
                if not is_call_id(cid):
                    errs.append(f"call id {cid!r} is not {CALL_ID_RULE}")
                elif cid in seen:
                    errs.append(f"call id {cid!r} used twice")
                seen.add(cid) if isinstance(cid, str) else None
            if sorted(map(str, ids)) != sorted(str(r.get("id")) for r in results):
                errs.append(f"result ids {[r.get('id') for r in results]} do not pair with call ids {ids}")
    return errs


def _cj(v: Any) -> str:
    return canonical_json(v)


def coverage_errors(carries: Collection[str], ep: dict[str, Any], views: list[list[dict[str, Any]]]) -> list[str]:
    """What of the canonical episode appears in none of its records' views.

    Args:
        carries: what the format can hold (``Format.carries``; see view.normalize).
        ep: the canonical episode.
        views: the format-neutral views of its records.
    """
    ids = "ids" in carries
    keep_text_with_calls = "content_with_calls" in carries
    want: dict[str, set] = {"call": set(), "result": set(), "reasoning": set(), "user": set(), "answer": set()}
    got: dict[str, set] = {k: set() for k in want}
    names: dict[str, str] = {}
    for m in ep["messages"]:
        role = m["role"]
        if role == "assistant":
            calls = m.get("tool_calls") or ()
            for c in calls:
                names[c["id"]] = c["name"]
                want["call"].add((c["id"] if ids else None, c["name"], _cj(c.get("arguments") or {})))
            if m.get("reasoning") and "reasoning" in carries:
                want["reasoning"].add(m["reasoning"])
            if m.get("content") and (keep_text_with_calls or not calls):
                want["answer"].add(m["content"])
        elif role == "tool":
            val, err = decode_result(encode_result(m))
            want["result"].add((m.get("tool_call_id") if ids else None, _cj(val), err))
        elif role == "user" and m.get("content"):
            want["user"].add(m["content"])
    for view in views:
        for e in view:
            r = e["role"]
            if r == "assistant":
                for c in e.get("calls") or ():
                    got["call"].add((c.get("id") if ids else None, c["name"], _cj(c.get("arguments"))))
                if e.get("reasoning"):
                    got["reasoning"].add(e["reasoning"])
                if e.get("content"):
                    got["answer"].add(e["content"])
            elif r == "tool":
                got["result"].add((e.get("id") if ids else None, _cj(e.get("value")), e.get("error")))
            elif r == "user" and e.get("content"):
                got["user"].add(e["content"])
    errs = []
    for kind in want:
        missing = want[kind] - got[kind]
        if missing:
            sample = sorted(map(str, missing))[:2]
            errs.append(f"{len(missing)} {kind}(s) of the canonical episode are in no record, e.g. {sample}")
    return errs

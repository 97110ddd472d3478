"""BFCL's ground truth replayed through the wrapped environments and through BFCL's own executor.

For each entry, turn by turn, every ground-truth call runs in both: in the wrapped env (parsed
with :func:`~.env.parse_calls`, validated, executed) and in BFCL's
``execute_multi_turn_func_call`` (which ``eval``s BFCL's own ground-truth strings: BFCL's code
on BFCL's data, never model output). The results must agree as BFCL writes them (the text of a
string, the JSON of a dict, ``str`` of anything else; an error observation as BFCL's
``{"error": ...}`` dict), and after each turn the public attributes of every class must be the
same data (what BFCL's state checker compares). Each mismatch is reported with its cause.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from toolgym.envs.actions import CallRequest

from .codec import encode
from .env import BfclError, entries, env_class, ground_truth, parse_calls, positional_names

__all__ = ["ReplayResult", "replay_entry", "replay_all", "bfcl_text"]


@dataclass
class ReplayResult:
    entry: str
    calls: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def bfcl_text(content: Any, error: str | None) -> str:
    """A wrapped env's result as BFCL's executor writes the same result."""
    if error is not None:
        if error.startswith("Error during execution: "):
            return error
        return json.dumps({"error": error})
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return json.dumps(content)
    return str(content)


_MPF = re.compile(r"mpf\('([^']*)'\)")


def _digits_equal(mine: Any, printed: str) -> bool:
    """``mine`` rounded to the significant digits BFCL printed equals what it printed."""
    digits = len(re.sub(r"[^0-9]", "", printed.split("e")[0]).lstrip("0")) or 1
    try:
        return float(f"{float(mine):.{digits}g}") == float(printed)
    except (TypeError, ValueError):
        return False


def _same(ours: str, theirs: str) -> str | None:
    """None when the results agree; else why not. ``exact``: same text or JSON value; ``mpf``:
    BFCL's executor wrote an mpmath number as its Python repr (``{'result': mpf('2.0')}``, not
    JSON) and the values are equal to the precision it printed."""
    if ours == theirs:
        return None
    try:
        if json.loads(ours) == json.loads(theirs):
            return None
    except (ValueError, TypeError):
        pass
    if "mpf(" in theirs:
        try:
            mine = json.loads(ours)
            want = dict(re.findall(r"'(\w+)': mpf\('([^']*)'\)", theirs))
        except (ValueError, TypeError):
            return "different"
        if isinstance(mine, dict) and want and set(mine) == set(want) and all(_digits_equal(mine[k], v) for k, v in want.items()):
            return None
    return "different"


def replay_entry(entry: dict[str, Any], truth: list[list[str]], *, run_bfcl: bool = True) -> ReplayResult:
    """Replay one entry's ground truth; mismatches name the turn, the call and the cause."""
    from bfcl_eval.eval_checker.multi_turn_eval.multi_turn_utils import execute_multi_turn_func_call

    classes = tuple(entry["involved_classes"])
    cls = env_class(classes)
    env = cls(scenario=entry.get("initial_config") or {})
    env.reset(seed=0)
    pos = positional_names(cls)
    res = ReplayResult(entry["id"])
    for t, turn in enumerate(truth):
        theirs: list[str] = []
        instances: dict[str, Any] = {}
        if run_bfcl:
            theirs, instances = execute_multi_turn_func_call(turn, entry.get("initial_config") or {}, list(entry["involved_classes"]),
                                                             "toolgym_replay", entry["id"], long_context=False, is_evaL_run=False)
        for i, call_text in enumerate(turn):
            try:
                (name, args), = parse_calls(call_text, pos)
            except BfclError as e:
                res.mismatches.append(f"turn {t} call {i} {call_text!r}: cannot parse ({e})")
                continue
            r = env.execute(CallRequest(f"c{t:02d}{i:06d}", name, args))
            res.calls += 1
            ours = bfcl_text(r.content, r.error)
            if run_bfcl and i < len(theirs) and _same(ours, theirs[i]):
                res.mismatches.append(f"turn {t} call {i} {call_text}: ours {ours[:160]!r} vs BFCL {theirs[i][:160]!r}")
        if run_bfcl:
            for c, inst in instances.items():
                if not env.state(c) and c == "MathAPI":
                    continue  # stateless
                want = {k: encode(v) for k, v in vars(inst).items() if not k.startswith("_")}
                got = env.state(c)
                if json.dumps(want, sort_keys=True, default=str) != json.dumps(got, sort_keys=True, default=str):
                    diff = sorted(k for k in set(want) | set(got) if want.get(k) != got.get(k))
                    res.mismatches.append(f"turn {t}: state of {c} differs in {diff}")
    _forget(entry["id"])
    return res


def _forget(entry_id: str) -> None:
    """BFCL's executor keeps each entry's instances in its module's globals: drop ours."""
    from bfcl_eval.eval_checker.multi_turn_eval import multi_turn_utils as mtu

    for k in [k for k in vars(mtu) if k.startswith("toolgym_replay_") and entry_id.replace("-", "_") in k]:
        del vars(mtu)[k]


def replay_all(category: str = "multi_turn_base", *, limit: int | None = None) -> list[ReplayResult]:
    """Every entry of a category (or the first ``limit``), replayed and compared."""
    truth = ground_truth(category)
    out = []
    for e in entries(category)[:limit]:
        out.append(replay_entry(e, truth[e["id"]]))
    return out

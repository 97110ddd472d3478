"""Verify and filter: replay every record, drop duplicates, score difficulty.

* **Replay** (:func:`replay_episode`): a fresh env is built from the record's seed and driven in
  task mode with the record's own assistant messages: every tool result must come back
  identical (content and error), and at every turn's end the env's checker must score the turn
  1.0 with the recorded state hash. :func:`replay_in` does the same on an env already built from
  that seed (restored to its pristine state), with the checker called directly: what the run
  uses, so a world shared by consecutive records is built once.
* **Duplicates** (:class:`DedupIndex`): exact (same calls and same queries) and near (MinHash
  with LSH over word 3-grams of the user's words, and over the normalised calls; estimated
  Jaccard above the configured thresholds).
* **Difficulty** is scored when a record is made (:func:`~.multiturn.difficulty_of`);
  :func:`difficulty_bucket` names its band for the summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from hashlib import blake2b
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any

import numpy as np

from toolgym.canonical import canonical_json, stable_hash
from toolgym.envs.task import score_turn
from toolgym.synth.compact import BandIndex, U64Set

from .phase3 import normalize_call, run_call
from .tasks import env_for_episode, episode_to_task, initially_offered, turn_specs

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv
    from toolgym.record import Episode

__all__ = ["ReplayReport", "replay_episode", "replay_in", "signatures", "DedupIndex", "difficulty_bucket", "BUCKETS"]

BUCKETS = (("easy", 0.45), ("medium", 0.7), ("hard", 1.01))


def difficulty_bucket(d: float | None) -> str:
    d = d or 0.0
    for name, hi in BUCKETS:
        if d < hi:
            return name
    return BUCKETS[-1][0]


@dataclass
class ReplayReport:
    ok: bool
    reason: str = ""
    turn: int | None = None

    def __bool__(self) -> bool:
        return self.ok


def _same(a: Any, b: Any) -> bool:
    return a == b or canonical_json(a) == canonical_json(b)


def replay_episode(episode: Episode, env: ToolEnv | None = None) -> ReplayReport:
    """Replay ``episode`` in a fresh env (``reset(seed)`` in task mode) and check everything.

    Args:
        episode: a record written by ``toolgym synth``.
        env: the environment to use (reset here); default a new one of the episode's kind.
    """
    env = env or env_for_episode(episode)
    task = episode_to_task(episode)
    env.reset(seed=episode.seed, options={"task": task})
    msgs = episode.messages
    for ti, turn in enumerate(episode.turns):
        if msgs[turn.start].role != "user" or msgs[turn.start].content != task.turns[ti].user:
            return ReplayReport(False, "user message differs from the task", ti)
        i = turn.start + 1
        scored = False
        while i < turn.end:
            m = msgs[i]
            if m.role != "assistant":
                return ReplayReport(False, f"expected an assistant message at {i}, got {m.role}", ti)
            if m.tool_calls:
                action = {"content": m.content if isinstance(m.content, str) else None,
                          "tool_calls": [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in m.tool_calls]}
                _, _, _, _, info = env.step(action)
                results = info.get("tool_results")
                if results is None:
                    return ReplayReport(False, f"the env did not run the calls at {i}: {info.get('error')}", ti)
                for r in results:
                    i += 1
                    rec = msgs[i] if i < turn.end else None
                    if rec is None or rec.role != "tool" or rec.tool_call_id != r.call_id:
                        return ReplayReport(False, f"tool message for {r.call_id} missing", ti)
                    if rec.error != r.error or not _same(rec.content, r.content):
                        return ReplayReport(False, f"{r.name} returned something else on replay", ti)
                i += 1
            else:
                _, reward, terminated, _, info = env.step({"content": m.content or ""})
                score = info.get("turn_score")
                if score is None:
                    return ReplayReport(False, "the env did not score the turn", ti)
                if score.reward != 1.0:
                    failed = [k for k, v in score.checks.items() if not v]
                    return ReplayReport(False, f"the checker scored {score.reward} (failed: {failed})", ti)
                if score.state_hash != turn.state_hash:
                    return ReplayReport(False, "state hash differs", ti)
                scored = True
                i += 1
        if not scored:
            return ReplayReport(False, "turn has no final answer", ti)
    return ReplayReport(True)


def replay_in(episode: Episode, env: ToolEnv) -> ReplayReport:
    """Replay in ``env``, already holding the pristine world of ``episode.seed`` (free mode).

    Runs the calls with the turns' injected errors and offered tools, and scores each turn with
    the env's own checker (:func:`~toolgym.envs.task.score_turn`).
    """
    specs = turn_specs(episode)
    offered = set(initially_offered(episode))
    msgs = episode.messages
    for ti, (turn, spec) in enumerate(zip(episode.turns, specs, strict=False)):
        offered |= set(spec.add_tools)
        injections: dict[str, list[str]] = {}
        for inj in spec.inject_errors:
            injections.setdefault(inj.tool, []).extend([inj.error] * inj.times)
        ok_names: list[str] = []
        n_calls = 0
        answer = None
        i = turn.start + 1
        while i < turn.end:
            m = msgs[i]
            i += 1
            if m.role != "assistant":
                continue
            if not m.tool_calls:
                answer = m.content or ""
                continue
            for c in m.tool_calls:
                rec = msgs[i] if i < turn.end else None
                i += 1
                if rec is None or rec.role != "tool" or rec.tool_call_id != c.id:
                    return ReplayReport(False, f"tool message for {c.id} missing", ti)
                if c.name not in offered:
                    return ReplayReport(False, f"{c.name} called while not offered", ti)
                n_calls += 1
                r, _ = run_call(env, c, injections)
                if rec.error != r.error or not _same(rec.content, r.content):
                    return ReplayReport(False, f"{c.name} returned something else on replay", ti)
                if r.error is None:
                    ok_names.append(c.name)
        if answer is None:
            return ReplayReport(False, "turn has no final answer", ti)
        h = env.state_hash()
        score = score_turn(spec, h, ok_names, n_calls, answer)
        if score.reward != 1.0:
            failed = [k for k, v in score.checks.items() if not v]
            return ReplayReport(False, f"the checker scored {score.reward} (failed: {failed})", ti)
        if h != turn.state_hash:
            return ReplayReport(False, "state hash differs", ti)
    return ReplayReport(True)


# --- duplicates ----------------------------------------------------------------------------------

_quote = encode_basestring_ascii
_NUM_PERM = 32
_BANDS = 8
_ROWS = _NUM_PERM // _BANDS
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_SALTS = np.random.Generator(np.random.PCG64(20251028)).integers(1, 2**63 - 1, size=_NUM_PERM, dtype=np.uint64)
_MULT = np.uint64(0x9E3779B97F4A7C15)
_WORD = re.compile(r"[a-z0-9]+")


def _minhash(tokens: set[str]) -> bytes:
    if not tokens:
        return b"\0" * (_NUM_PERM * 8)
    # == int(stable_hash(t, length=8), 16): the canonical JSON of a string is its ASCII-escaped
    # quoted form, hashed here without the encoder's per-call overhead.
    hs = np.fromiter(
        (int.from_bytes(blake2b(_quote(t).encode("ascii"), digest_size=8).digest(), "big") for t in tokens),
        dtype=np.uint64,
        count=len(tokens),
    )
    with np.errstate(over="ignore"):
        mixed = ((hs[:, None] ^ _SALTS[None, :]) * _MULT) & _MASK
        mixed ^= mixed >> np.uint64(29)
    return mixed.min(axis=0).astype(np.uint64).tobytes()


def _shingles(text: str, n: int = 3) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def _message_key(text: str) -> int:
    """A user message, case, spacing and punctuation aside, as 8 bytes (for exact duplicates)."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return int.from_bytes(blake2b(" ".join(words).encode(), digest_size=8).digest(), "big")


def signatures(episode: Episode) -> tuple[str, bytes, bytes, frozenset[int]]:
    """``(exact key, query MinHash, calls MinHash, user message keys)`` of a record."""
    specs = {s.name: s for s in episode.tools}
    calls = [normalize_call(c.name, c.arguments, specs.get(c.name)) for c in episode.calls()]
    queries = [m.content for m in episode.messages if m.role == "user" and isinstance(m.content, str)]
    exact = stable_hash([episode.env_id, calls, [q.lower().strip() for q in queries]])
    q_sig = _minhash(_shingles(" ".join(queries)))
    c_tokens = set(calls) | {f"{a.split('{', 1)[0]}>{b.split('{', 1)[0]}" for a, b in zip(calls, calls[1:], strict=False)}
    return exact, q_sig, _minhash(c_tokens), frozenset(_message_key(q) for q in queries)


REPEAT_BUDGET = 0.004  # the share of user messages that may repeat an earlier one, word for word


class DedupIndex:
    """Exact and near-duplicate detection over the records kept so far (in key order).

    Its memory is what a long run keeps per record, so it is compact (:mod:`toolgym.synth.compact`): the
    exact key's first 64 bits, one 64-bit key per distinct user message, and per MinHash index
    the signature's low 16 bits and a link per band; about 0.5 KB per record where Python sets
    and dicts of the same facts took ~10 KB. Its decisions are those of the plain index: 64 of
    the exact key's 128 bits and 16 of each MinHash value's 64 bits can only merge different
    values by chance (2^-64 per comparison, and 2^-16 per MinHash value that really differs
    between two records already sharing a band: see :class:`~toolgym.synth.compact.BandIndex`).
    """

    def __init__(self, query_threshold: float = 0.9, call_threshold: float = 0.95):
        self.exact = U64Set()
        self.messages = U64Set()  # every kept user message's key
        self.n_messages = 0
        self.n_repeats = 0
        self.queries = BandIndex(query_threshold, _NUM_PERM, _BANDS)
        self.calls = BandIndex(call_threshold, _NUM_PERM, _BANDS)

    def check(self, sig: tuple[str, bytes, bytes, frozenset[int]]) -> str:
        """``""`` when new, else the drop reason (``duplicate``, ``duplicate_message``...)."""
        exact, q, c, msgs = sig
        if int(exact[:16], 16) in self.exact:
            return "duplicate"
        again = sum(m in self.messages for m in msgs)
        if again and (self.n_repeats + again) > REPEAT_BUDGET * (self.n_messages + len(msgs)):
            # A dataset says each thing once, within a small budget: short follow-ups ("Try
            # again.") would otherwise become impossible to keep new as a run grows.
            return "duplicate_message"
        if self.queries.near(q):
            return "near_duplicate_query"
        if self.calls.near(c):
            return "near_duplicate_calls"
        return ""

    def add(self, sig: tuple[str, bytes, bytes, frozenset[int]]) -> None:
        exact, q, c, msgs = sig
        self.exact.add(int(exact[:16], 16))
        self.n_repeats += sum(m in self.messages for m in msgs)
        self.n_messages += len(msgs)
        for m in msgs:
            self.messages.add(m)
        self.queries.add(q)
        self.calls.add(c)

    @property
    def nbytes(self) -> int:
        """The bytes its tables hold (they grow with the records kept)."""
        return self.exact.nbytes + self.messages.nbytes + self.queries.nbytes + self.calls.nbytes

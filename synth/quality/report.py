"""The quality report of a set of records: what the synth summary, ``toolgym stats``, the dataset
card and ``benchmarks/quality.py`` print.

Everything is measured on the records as written (the grounding and answer checks read the
transcripts; the text measures read the messages). Diversity is measured twice on a seeded
sample of user messages (first requests and follow-ups alike): as written, and as phrasing only
(each turn's skeleton: values as type tags, chit-chat and typos left out), so that values and
noise cannot pass for varied phrasing.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from toolgym.synth.compact import U64Set

from .answers import check_answers
from .grounding import check_grounding
from .text import DistinctSample, message_key, opening_share, rank, template_share, text_stats

__all__ = ["QualityTally", "RecordFacts", "record_facts", "quality_report", "quality_table", "BROKEN", "broken_sentences", "SAMPLE_SIZE"]

SAMPLE_SIZE = 733  # BFCL v3 multi-turn base's deduplicated human-written user messages
# Answers and reasoning (template and opening shares) are measured on the texts of a seeded
# sample of this many records: the whole run up to that size, a fixed-size sample beyond it, so a
# long run keeps bounded memory and its shares stay comparable with a short run's.
SAMPLE_RECORDS = 1000

# Sentences the round-1 writers produced that no person writes (issue "Training-grade records").
BROKEN = {
    "wants me to + question": re.compile(r"\bwants? me to (what|who|which|how|when|where|is|are)\b", re.IGNORECASE),
    "need you to + question": re.compile(r"\b(need|want|like) you to (what|who|which|how|when|where|is|are)\b", re.IGNORECASE),
    "parameter set to value": re.compile(r"(?<=\w )set to (true|false)\b|\(\w+: (true|false)\)", re.IGNORECASE),
    "done + here is what happened": re.compile(r"here is what happened", re.IGNORECASE),
    "tools can + noun": re.compile(r"tools? (available to me )?can (the|a|an)\b", re.IGNORECASE),
    "for reference: name value": re.compile(r"for reference: \w+ \w+\.", re.IGNORECASE),
    "doubled word": re.compile(r"\b(the a|a the|the the|a a)\b", re.IGNORECASE),
    "lorem ipsum": re.compile(r"\blorem ipsum\b", re.IGNORECASE),
    "sentence ends on and/the": re.compile(r"\b(and|or|the|my|your)[.!?](?=\s|$)"),
}


# Every message of every record is read, so each pattern is tried only on lower-cased text that
# holds the literal words it needs (an IGNORECASE regex at every word start is ~20 us a text).
_NEEDS = {
    "wants me to + question": ("me to ",),
    "need you to + question": ("you to ",),
    "parameter set to value": ("set to ", ": true)", ": false)"),
    "done + here is what happened": ("here is what happened",),
    "tools can + noun": (" can ",),
    "for reference: name value": ("for reference: ",),
    "doubled word": ("the a", "a the", "the the", "a a"),
    "lorem ipsum": ("lorem ipsum",),
    "sentence ends on and/the": tuple(f" {w}{p}" for w in ("and", "or", "the", "my", "your") for p in ".!?"),
}


def broken_sentences(text: str) -> list[str]:
    """Names of the broken patterns ``text`` contains."""
    if not text:
        return []
    low = text.lower()
    return [name for name, rx in BROKEN.items() if any(w in low for w in _NEEDS[name]) and rx.search(text)]


def _assistant_texts(ep: Any) -> tuple[list[str], list[str]]:
    answers: list[str] = []
    reasoning: list[str] = []
    for t in ep.turns:
        msgs = ep.messages[t.start + 1 : t.end]
        if msgs and msgs[-1].role == "assistant" and not msgs[-1].tool_calls and msgs[-1].content:
            answers.append(msgs[-1].content)
        reasoning.extend(m.reasoning for m in msgs if m.role == "assistant" and m.reasoning)
    return answers, reasoning


@dataclass(slots=True)
class RecordFacts:
    """What the quality report reads of one record: made where the record is (a worker process
    sends these, not the record), summed by :meth:`QualityTally.add_facts`."""

    id: str
    variant: str
    turns: int
    arguments: int
    ungrounded: list[str]  # "tool.param" of each ungrounded argument
    grounded: bool
    answer_turns: int
    answered: int
    dumps: int
    labels: list[str]  # each turn's variant
    error_kinds: list[str]  # of the error-recovery turns that name one
    hinted: list[bool]  # per solve turn with a known attempt count: whether it needed a hint
    users: list[tuple[str, str]]  # (user message, its skeleton) per turn
    answers: list[str]
    reasoning: list[str]
    broken: list[str]  # names of the broken patterns, one per occurrence
    uses_domains: int | None  # a composed record (not long-context): how many domains its calls use


def record_facts(ep: Any, defs: Mapping[str, Any], grounding: Any = None, answers: Any = None) -> RecordFacts:
    """The :class:`RecordFacts` of ``ep``; the grounding and answer checks are run unless given."""
    g = grounding if grounding is not None else check_grounding(ep, defs)
    a = answers if answers is not None else check_answers(ep, defs)
    labels, error_kinds, hinted, users = [], [], [], []
    for t in ep.turns:
        labels.append(t.variant)
        meta = t.meta or {}
        if meta.get("error_kind") and t.variant == "error_recovery":
            error_kinds.append(meta["error_kind"])
        if meta.get("mode") == "solve" and t.attempts is not None:
            hinted.append(t.attempts > 1)
        user = ep.messages[t.start]
        if user.role == "user" and isinstance(user.content, str):
            users.append((user.content, meta.get("skeleton") or user.content))
    ans, rea = _assistant_texts(ep)
    broken = [b for text in [*ans, *rea, *(m.content for m in ep.messages if m.role == "user" and isinstance(m.content, str))]
              for b in broken_sentences(text)]
    uses = None
    if len(ep.env_id.split("+")) > 1 and ep.variant != "long_context":
        uses = len({defs[c.name].spec.domain for m in ep.messages if m.role == "assistant" for c in m.tool_calls if c.name in defs})
    return RecordFacts(ep.id, ep.variant, len(ep.turns), g.arguments, [f"{u.tool}.{u.param}" for u in g.ungrounded], bool(g.ok),
                       a.turns, a.answered, a.dumps, labels, error_kinds, hinted, users, ans, rea, broken, uses)


class QualityTally:
    """The report's counts, one record at a time (what a run keeps while it writes).

    Per record it keeps counts and the user messages' texts only (for the seeded sample at the
    end); the grounding and answer checks' results can be handed in when the caller ran them
    already (the synth run checks every record before it keeps it).
    """

    def __init__(self, *, sample_size: int = SAMPLE_SIZE, seed: int = 0, sample_records: int = SAMPLE_RECORDS) -> None:
        self.n = self.turns = self.args = self.grounded_args = self.fully_grounded = 0
        self.answer_turns = self.answered = self.dumps = 0
        self.sample_size, self.seed, self.sample_records = sample_size, seed, sample_records
        # What a run of any length keeps (memory flat in the number of records): seeded samples
        # of the distinct user messages, the texts of a seeded sample of records, and one 64-bit
        # key per distinct user message for the exact-duplicate share.
        self.user_sample = DistinctSample(sample_size, seed)
        self.skeleton_sample = DistinctSample(sample_size, seed)
        self.user_messages = 0
        self.user_repeats = 0
        self._user_keys = U64Set()
        self._records: list[tuple[int, int, list[str], list[str]]] = []  # (-rank, key, answers, reasoning)
        self.variants: Counter = Counter()
        self.labels: Counter = Counter()
        self.error_kinds: Counter = Counter()
        self.solve_turns = self.hinted = 0
        self.broken: Counter = Counter()
        self.composed = self.composed_multi = 0
        self.ungrounded: Counter = Counter()

    def add(self, ep: Any, defs: Mapping[str, Any], grounding: Any = None, answers: Any = None) -> None:
        self.add_facts(record_facts(ep, defs, grounding, answers))

    def add_facts(self, f: RecordFacts) -> None:
        """Count one record from its :class:`RecordFacts` (made where the record was)."""
        self.n += 1
        self.turns += f.turns
        self.variants[f.variant] += 1
        self.args += f.arguments
        self.grounded_args += f.arguments - len(f.ungrounded)
        self.fully_grounded += f.grounded
        for u in f.ungrounded:
            self.ungrounded[u] += 1
        self.answer_turns += f.answer_turns
        self.answered += f.answered
        self.dumps += f.dumps
        self.labels.update(f.labels)
        self.error_kinds.update(f.error_kinds)
        self.solve_turns += len(f.hinted)
        self.hinted += sum(f.hinted)
        for content, skeleton in f.users:
            self.user_sample.add(content)
            self.skeleton_sample.add(skeleton)
            self.user_messages += 1
            self.user_repeats += not self._user_keys.add(message_key(content))
        self._sample_record(f.id, f.answers, f.reasoning)
        for b in f.broken:
            self.broken[b] += 1
        if f.uses_domains is not None:
            self.composed += 1
            self.composed_multi += f.uses_domains >= 2

    def _sample_record(self, record_id: str, answers: list[str], reasoning: list[str]) -> None:
        """Keep the record's answers and reasoning if it ranks among the ``sample_records`` kept."""
        r = rank(record_id, self.seed)
        item = (-r, self.n, answers, reasoning)
        if len(self._records) < self.sample_records:
            heapq.heappush(self._records, item)
        elif -self._records[0][0] > r:
            heapq.heapreplace(self._records, item)

    def _sampled_texts(self) -> tuple[list[str], list[str]]:
        kept = sorted(self._records, key=lambda it: it[1])  # in the order the records were added
        return [a for it in kept for a in it[2]], [r for it in kept for r in it[3]]

    def report(self) -> dict[str, Any]:
        ws = text_stats(self.user_sample.texts())
        ps = text_stats(self.skeleton_sample.texts())
        answers, reasoning = self._sampled_texts()
        n = self.n
        return {
            "records": n,
            "turns": self.turns,
            "grounded_arguments": round(self.grounded_args / self.args, 4) if self.args else 1.0,
            "records_fully_grounded": round(self.fully_grounded / n, 4) if n else 1.0,
            "ungrounded": dict(self.ungrounded.most_common(10)),
            "answer_turns_stating_fields": round(self.answered / self.answer_turns, 4) if self.answer_turns else 1.0,
            "answer_dumps": self.dumps,
            "user_messages": self.user_messages,
            "exact_duplicate_user_messages": round(self.user_repeats / self.user_messages, 4) if self.user_messages else 0.0,
            "as_written": ws.as_dict(),
            "phrasing_only": ps.as_dict(),
            "answer_template_share": round(template_share(answers), 4),
            "answer_opening_share": round(opening_share(answers), 4),
            "reasoning_template_share": round(template_share(reasoning), 4),
            "reasoning_opening_share": round(opening_share(reasoning), 4),
            "text_sample_records": len(self._records),
            "broken_sentences": dict(self.broken),
            "variants": dict(sorted(self.variants.items())),
            "turn_labels": dict(sorted(self.labels.items())),
            "error_kinds": dict(sorted(self.error_kinds.items())),
            "turns_needing_a_hint": round(self.hinted / self.solve_turns, 4) if self.solve_turns else 0.0,
            "multi_domain_records": self.composed,
            "multi_domain_using_two_domains": self.composed_multi,
        }


def quality_report(
    episodes: Iterable[Any],
    tooldefs_of: Callable[[str], Mapping[str, Any]],
    *,
    sample_size: int = SAMPLE_SIZE,
    seed: int = 0,
) -> dict[str, Any]:
    """The quality measures of ``episodes`` (canonical records).

    Args:
        episodes: the records.
        tooldefs_of: env id -> its tool definitions (schemas and language) for the checks.
        sample_size: user messages sampled (deduplicated, seeded) for the text measures.
        seed: the sample's seed.
    """
    tally = QualityTally(sample_size=sample_size, seed=seed)
    for ep in episodes:
        tally.add(ep, tooldefs_of(ep.env_id))
    return tally.report()


def quality_table(q: Mapping[str, Any], reference: Mapping[str, Any] | None = None, ref_name: str = "BFCL") -> str:
    """The report as a table; ``reference``: another corpus's text measures beside ours."""
    lines = []

    def row(name: str, value: Any, ref: Any = None) -> None:
        v = f"{value:.1%}" if isinstance(value, float) and name.endswith("%") else (f"{value:.3f}" if isinstance(value, float) else str(value))
        r = "" if ref is None else (f"{ref:.1%}" if isinstance(ref, float) and name.endswith("%") else f"{ref:.3f}" if isinstance(ref, float) else str(ref))
        lines.append(f"  {name:<42}{v:>10}{r:>10}")

    lines.append(f"  {'quality':<42}{'ours':>10}{(ref_name if reference else ''):>10}")
    row("grounded arguments %", q["grounded_arguments"])
    row("records with every argument grounded %", q["records_fully_grounded"])
    row("answer turns stating their fields %", q["answer_turns_stating_fields"])
    row("exact duplicate user messages %", q["exact_duplicate_user_messages"], (reference or {}).get("exact_duplicate"))
    for view in ("as_written", "phrasing_only"):
        s = q[view]
        ref = (reference or {}).get(view) if view == "as_written" else None
        lines.append(f"  user messages, {view.replace('_', ' ')} (n={s['n']})")
        row("  distinct-3", s["distinct_3"], (ref or {}).get("distinct_3"))
        row("  self-BLEU-4", s["self_bleu_4"], (ref or {}).get("self_bleu_4"))
        row("  near duplicates (3-gram Jaccard >= 0.6) %", s["near_dup"], (ref or {}).get("near_dup"))
    row("answer template share %", q["answer_template_share"])
    row("reasoning template share %", q["reasoning_template_share"])
    row("turns needing a hint %", q["turns_needing_a_hint"])
    row("broken sentences", sum(q["broken_sentences"].values()))
    lines.append("  error kinds          " + ", ".join(f"{k} {v}" for k, v in q["error_kinds"].items()))
    lines.append("  turn labels          " + ", ".join(f"{k} {v}" for k, v in q["turn_labels"].items()))
    if q.get("multi_domain_records"):
        lines.append(f"  multi-domain records using two domains: {q['multi_domain_using_two_domains']} of {q['multi_domain_records']}")
    return "\n".join(lines)

"""Records of a run at seeded indices, written out as a person reads them (for review).

Writes a Markdown file with ``--n`` records chosen with a fixed seed from a run directory: every
message verbatim (system prompts shortened to their first line, long tool results to 300
characters), each turn's label and error kind, and the quality checks' verdict per record.
``docs/records-sample.md`` is made by it from the default run; a careful reader's count of the
defects still found in those records is kept at the top of that file.

Usage:
    python benchmarks/sample_records.py RUN_DIR --n 50 --seed 0 --out docs/records-sample.md
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from pathlib import Path


def _short(v: object, n: int = 300) -> str:
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return s if len(s) <= n else s[: n - 3] + "..."


def render(ep: object, index: int, defs: dict) -> list[str]:
    from toolgym.synth.quality.answers import check_answers
    from toolgym.synth.quality.grounding import check_grounding

    g = check_grounding(ep, defs)  # type: ignore[arg-type]
    a = check_answers(ep, defs)
    out = [f"### Record {index}: `{ep.id}` ({ep.env_id}, {ep.variant})", "",  # type: ignore[attr-defined]
           f"grounded arguments {g.arguments - len(g.ungrounded)}/{g.arguments}; answers stating their fields {a.answered}/{a.turns}", ""]
    turn_of = {}
    for k, t in enumerate(ep.turns):  # type: ignore[attr-defined]
        turn_of[t.start] = (k, t)
    for i, m in enumerate(ep.messages):  # type: ignore[attr-defined]
        if i in turn_of:
            k, t = turn_of[i]
            kind = (t.meta or {}).get("error_kind")
            out.append(f"**turn {k + 1}** ({t.variant}{', ' + kind if kind else ''}, attempts {t.attempts})")
            out.append("")
        if m.role == "system":
            out.append(f"- *system*: {_short((m.content or '').splitlines()[0], 160)}")
        elif m.role == "user":
            out.append(f"- **user**: {m.content}")
        elif m.role == "assistant":
            if m.reasoning:
                out.append(f"  - *thinking*: {m.reasoning}")
            for c in m.tool_calls:
                out.append(f"  - call `{c.name}({json.dumps(c.arguments, ensure_ascii=False)})`")
            if m.content:
                out.append(f"- **assistant**: {m.content}")
        elif m.role == "tool":
            out.append(f"  - result of `{m.name}`: " + (f"ERROR {m.error}" if m.error else f"`{_short(m.content)}`"))
    out.append("")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_dir")
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="-")
    ap.add_argument("--header", default="", help="a Markdown file whose text goes first (the reader's defect count)")
    args = ap.parse_args()

    from toolgym.runs import iter_episodes
    from toolgym.synth.pipeline.multiturn import make_env

    @functools.cache
    def defs(env_id: str) -> dict:
        return make_env(env_id).all_tooldefs()

    eps = list(iter_episodes(args.run_dir))
    picks = sorted(random.Random(args.seed).sample(range(len(eps)), min(args.n, len(eps))))
    lines = [Path(args.header).read_text(encoding="utf-8").rstrip() + "\n"] if args.header else []
    lines += [f"# {len(picks)} records of `{args.run_dir}` at seeded indices (seed {args.seed})", "",
              "Indices: " + ", ".join(map(str, picks)), ""]
    for i in picks:
        lines += render(eps[i], i, defs(eps[i].env_id))
    text = "\n".join(lines) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Options shared by every exporter, and the train/validation/test split.

The split of an episode is a pure function of its key and the split seed (a keyed hash, not a
running counter), so it does not depend on the order or number of episodes, an episode never
lands in two splits, and the per-turn samples of one episode always stay together.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from toolgym.errors import ConfigError, suggest

__all__ = ["ExportOptions", "parse_splits", "SPLIT_NAMES", "TEMPLATE_FIELDS"]

SPLIT_NAMES = ("train", "validation", "test")
TEMPLATE_FIELDS = ("system", "env_id", "domain", "tool_names")


def parse_splits(spec: str | dict[str, float] | None) -> dict[str, float]:
    """``"train=0.9,validation=0.05,test=0.05"`` (or ``"0.9,0.05,0.05"``) -> fractions summing to 1."""
    if spec is None or spec == "":
        return {"train": 1.0}
    items: list[tuple[str, float | str]]
    if isinstance(spec, dict):
        items = list(spec.items())
    else:
        parts = [p.strip() for p in str(spec).split(",") if p.strip()]
        items = []
        for i, part in enumerate(parts):
            if "=" in part:
                name, _, value = part.partition("=")
            elif i < len(SPLIT_NAMES):
                name, value = SPLIT_NAMES[i], part
            else:
                raise ConfigError(f"expected at most 3 unnamed split fractions, got {len(parts)} in {spec!r}")
            items.append((name.strip(), value))
    out: dict[str, float] = {}
    for name, given in items:
        if name not in SPLIT_NAMES:
            raise ConfigError(f"expected a split named one of {list(SPLIT_NAMES)}, got {name!r}{suggest(name, SPLIT_NAMES)}")
        try:
            frac = float(given)
        except (TypeError, ValueError):
            raise ConfigError(f"expected a fraction for split {name!r}, got {given!r}") from None
        if not 0.0 <= frac <= 1.0:
            raise ConfigError(f"expected split {name!r} between 0 and 1, got {frac}")
        if frac > 0:
            out[name] = frac
    total = sum(out.values())
    if not out or abs(total - 1.0) > 1e-6:
        raise ConfigError(f"expected split fractions that sum to 1, got {total:g} from {spec!r}")
    return out


@dataclass
class ExportOptions:
    """How episodes become records (every format honours all of these).

    Attributes:
        reasoning: keep each assistant step's reasoning (False drops it everywhere).
        per: ``"conversation"``: one record per episode (split where the offered tools change,
            so a record never shows a tool before the model had it); ``"turn"``: one record per
            user turn, holding the history before it (without its reasoning) and the turn's own
            steps with their reasoning. Reasoning templates (Qwen3 and others) render thinking
            only after the last user message, so per-turn records keep every step's reasoning
            visible to the trainer.
        system_template: replaces the system prompt; ``str.format`` fields ``{system}`` (the
            episode's own prompt), ``{env_id}``, ``{domain}``, ``{tool_names}``.
        splits: fractions per split, e.g. ``{"train": 0.9, "test": 0.1}``.
        split_seed: seeds the split hash; another seed gives another partition.
        split_by: ``"episode"`` (each episode independently) or ``"world"`` (every episode of
            the same environment and world seed in the same split, so no test world was seen).
        reasoning_style: where reasoning goes in openai and hf records. ``"auto"`` (the
            default): where the consumer documents a place for it, i.e. ``reasoning_content`` in
            hf rows (Qwen3, DeepSeek-R1 and TRL's templates read it) and nowhere in openai rows,
            since OpenAI's chat fine-tuning schema has no reasoning key (a row with one is
            rejected). ``"think"``: ``<think>...</think>`` before the content (both formats).
            ``"field"``: a message key, ``reasoning_content`` for hf and ``reasoning`` for openai
            (outside OpenAI's schema: for trainers that read that key). sharegpt and hermes
            always use ``<think>``.
        parallel_calls: what to do with an assistant step that makes several calls at once, for
            chat templates that allow one call per assistant message (Llama 3.1): ``"keep"``
            (default), ``"serialize"`` (one assistant message per call, each followed by its
            result, in call order; the step's reasoning and text stay on the first), or
            ``"skip"`` (leave out the records that hold such a step; with ``per="turn"`` only
            those turns).
        name: dataset name used in file names, the card and LLaMA-Factory's dataset_info.
        license: the card's license field.
    """

    reasoning: bool = True
    per: Literal["conversation", "turn"] = "conversation"
    system_template: str | None = None
    splits: dict[str, float] = field(default_factory=lambda: {"train": 1.0})
    split_seed: int = 0
    split_by: Literal["episode", "world"] = "episode"
    reasoning_style: Literal["auto", "field", "think"] = "auto"
    parallel_calls: Literal["keep", "serialize", "skip"] = "keep"
    name: str = "toolgym"
    license: str = "apache-2.0"

    def __post_init__(self) -> None:
        if self.per not in ("conversation", "turn"):
            raise ConfigError(f"expected per='conversation' or 'turn', got {self.per!r}{suggest(str(self.per), ['conversation', 'turn'])}")
        if self.split_by not in ("episode", "world"):
            raise ConfigError(f"expected split_by='episode' or 'world', got {self.split_by!r}")
        if self.reasoning_style not in ("auto", "field", "think"):
            raise ConfigError(f"expected reasoning_style 'auto', 'field' or 'think', got {self.reasoning_style!r}{suggest(str(self.reasoning_style), ['auto', 'field', 'think'])}")
        if self.parallel_calls not in ("keep", "serialize", "skip"):
            raise ConfigError(
                f"expected parallel_calls 'keep', 'serialize' or 'skip', got {self.parallel_calls!r}"
                f"{suggest(str(self.parallel_calls), ['keep', 'serialize', 'skip'])}"
            )
        self.splits = parse_splits(self.splits)
        if self.system_template is not None:
            for _, fname, _, _ in string.Formatter().parse(self.system_template):
                if fname is not None and fname not in TEMPLATE_FIELDS:
                    raise ConfigError(
                        f"unknown field {{{fname}}} in the system prompt template; expected one of "
                        f"{['{' + f + '}' for f in TEMPLATE_FIELDS]}{suggest(fname, TEMPLATE_FIELDS)}"
                    )
        if not self.name or any(c in self.name for c in "/\\ "):
            raise ConfigError(f"expected a dataset name without spaces or slashes, got {self.name!r}")
        # Cumulative thresholds on a 64-bit hash, in a fixed split order.
        self._cuts: list[tuple[int, str]] = []
        acc = 0.0
        for s in SPLIT_NAMES:
            if s in self.splits:
                acc += self.splits[s]
                self._cuts.append((min(int(acc * 2**64), 2**64), s))
        self._cuts[-1] = (2**64, self._cuts[-1][1])

    def split_of(self, episode: dict[str, Any]) -> str:
        """The split of an episode; a pure function of its key and ``split_seed``."""
        if len(self._cuts) == 1:
            return self._cuts[0][1]
        if self.split_by == "world":
            key = f"{episode.get('env_id')}#{episode.get('seed')}"
        else:
            key = str(episode.get("id"))
        h = int.from_bytes(hashlib.blake2b(f"{self.split_seed}:{key}".encode(), digest_size=8).digest(), "big")
        for cut, name in self._cuts:
            if h < cut:
                return name
        return self._cuts[-1][1]  # pragma: no cover - the last cut is 2**64

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("_cuts", None)
        return d

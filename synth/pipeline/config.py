"""The configuration of ``toolgym synth``: one pydantic model, a file, and flag overrides.

Resolution order: defaults < the config file (JSON, or YAML when PyYAML is installed) < flags.
The resolved config is written to the run directory; its **identity** part (everything that
changes the bytes of the output: seed, environments, distributions, roles...) is hashed into
``config_hash`` and compared on resume. What does not change the output (``records``: a longer
run extends a shorter one record for record; ``workers``; ``out``; progress display) is left out
of the identity, so a rerun with more records or more workers resumes the same directory.

Example::

    {"envs": ["toolgym/FileSystem-v0"], "records": 500, "seed": 7,
     "variants": {"base": 0.6, "miss_param": 0.1, "miss_func": 0.1, "long_context": 0.1, "error_recovery": 0.1},
     "roles": {"reasoner": {"base_url": "http://localhost:8000/v1", "model": "qwen3-4b"}}}
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from toolgym.canonical import stable_hash
from toolgym.errors import ConfigError, suggest

__all__ = [
    "SynthConfig",
    "RoleConfig",
    "RolesConfig",
    "NoiseConfig",
    "Phase3Config",
    "VerifyConfig",
    "VARIANTS",
    "ROLES",
    "load_config",
    "apply_overrides",
    "NON_IDENTITY",
]

VARIANTS = ("base", "miss_param", "miss_func", "long_context", "error_recovery")
ROLES = ("tooling", "query", "reasoner", "critic")
# Fields that never change the output's bytes: excluded from the identity and the hash.
NON_IDENTITY = ("records", "workers", "ray", "shards", "out", "progress", "force")

# BFCL v3 multi-turn base: 1-7 turns, 3.67 per entry on average.
_BFCL_TURNS = {1: 0.08, 2: 0.17, 3: 0.22, 4: 0.22, 5: 0.15, 6: 0.09, 7: 0.07}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class RoleConfig(_Model):
    """One role: the deterministic built-in, or a model behind an OpenAI-compatible endpoint."""

    kind: Literal["builtin", "llm"] = "builtin"
    base_url: str | None = Field(default=None, description="e.g. http://localhost:8000/v1 (setting it selects kind=llm)")
    model: str | None = None
    api_key_env: str = Field(default="OPENAI_API_KEY", description="environment variable holding the key (never stored)")
    temperature: float = Field(default=0.7, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1)
    timeout: float = Field(default=120.0, gt=0)
    max_in_flight: int = Field(default=16, ge=1, description="concurrent requests to this role's endpoint")
    retries: int = Field(default=2, ge=0, description="model answers rejected (unparseable, leaking) before the record is dropped")
    error_rate: float = Field(
        default=0.0, ge=0, le=1, description="built-in reasoner only: share of first attempts with a seeded mistake the critic must fix"
    )

    @model_validator(mode="after")
    def _kind(self) -> RoleConfig:
        if self.base_url and self.kind == "builtin":
            object.__setattr__(self, "kind", "llm")
        if self.kind == "llm" and (not self.base_url or not self.model):
            raise ValueError("an llm role needs both base_url and model")
        return self

    @property
    def is_llm(self) -> bool:
        return self.kind == "llm"


class RolesConfig(_Model):
    tooling: RoleConfig = Field(default_factory=RoleConfig)
    query: RoleConfig = Field(default_factory=RoleConfig)
    # the built-in reasoner slips on a fifth of its first attempts (a neighbouring row's id, a
    # skipped lookup, a wrong enum), so the critic loop of FunReason-MT runs offline too
    reasoner: RoleConfig = Field(default_factory=lambda: RoleConfig(error_rate=0.2))
    critic: RoleConfig = Field(default_factory=RoleConfig)


class NoiseConfig(_Model):
    personas: bool = Field(default=True, description="vary the user's style per conversation")
    politeness: float = Field(default=0.6, ge=0, le=1)
    irrelevant: float = Field(default=0.12, ge=0, le=1, description="share of queries with an irrelevant aside")
    typo_rate: float = Field(default=0.015, ge=0, le=0.2, description="per eligible word, outside protected values")


class Phase3Config(_Model):
    k_max: int = Field(default=3, ge=1, le=20, description="reasoner attempts per turn before the record is dropped")
    max_steps: int = Field(default=12, ge=1, description="assistant messages per turn attempt")
    max_parallel: int = Field(default=4, ge=1, description="most calls the built-in reasoner sends in one message")


class VerifyConfig(_Model):
    replay: bool = Field(default=True, description="replay every record in an env built from its seed")
    fresh: bool = Field(
        default=True,
        description="build the replay env anew for every record (False: restore one build per world; faster, "
        "but blind to an environment that keeps state outside its journaled world)",
    )
    near_dup_threshold: float = Field(default=0.9, gt=0, le=1, description="Jaccard similarity of queries above which a record is a near duplicate")
    call_dup_threshold: float = Field(default=0.95, gt=0, le=1, description="Jaccard similarity of call sequences above which a record is a near duplicate")


class SynthConfig(_Model):
    """Everything ``toolgym synth`` needs. Defaults give a useful dataset in seconds."""

    envs: list[str] = Field(default_factory=list, description="environment ids (default: every built-in domain)")
    records: int = Field(default=300, ge=1, description="verified records to write")
    seed: int = 0
    turns: dict[int, float] = Field(default_factory=lambda: dict(_BFCL_TURNS), description="turns per record -> weight")
    targets: list[str] = Field(default_factory=list, description="only these tools are targets (default: every tool)")
    targets_per_turn: dict[int, float] = Field(default_factory=lambda: {1: 0.75, 2: 0.2, 3: 0.05})
    max_calls_per_turn: int = Field(default=7, ge=1, le=20)
    variants: dict[str, float] = Field(
        default_factory=lambda: {"base": 0.4, "miss_param": 0.15, "miss_func": 0.15, "long_context": 0.15, "error_recovery": 0.15}
    )
    compose_share: float = Field(default=0.15, ge=0, le=1, description="share of records that combine two environments in one conversation")
    distractor_envs: int = Field(default=2, ge=0, le=6, description="long_context: extra environments whose tools are offered as distractors")
    world_reuse: int = Field(
        default=16, ge=1, le=1000, description="consecutive records built on one world (each starts from its pristine state)"
    )
    sampler_steps: int = Field(default=12, ge=1, description="most calls Phase I makes toward one target")
    max_slot_attempts: int = Field(default=40, ge=1, description="tries per record before the run gives up with an error")
    keep_artifacts: bool = Field(default=True, description="store each turn's advanced tool and easy query in Turn.meta")
    roles: RolesConfig = Field(default_factory=RolesConfig)
    noise: NoiseConfig = Field(default_factory=NoiseConfig)
    phase3: Phase3Config = Field(default_factory=Phase3Config)
    verify: VerifyConfig = Field(default_factory=VerifyConfig)
    concurrency: int = Field(default=32, ge=1, description="records in flight at once when a role is a model")
    workers: int = Field(default=1, ge=1, le=256, description="processes for the offline path (output is identical for any count)")
    ray: str | None = Field(
        default=None, description="make records on Ray shards: 'local' (a private instance), 'auto', 'ray://host:10001' or 'host:6379'"
    )
    shards: int | None = Field(default=None, ge=1, description="Ray actors (default: the cluster's CPUs); output is identical for any count")
    out: str = "runs/synth"
    progress: bool = True
    force: bool = False

    @field_validator("turns", "targets_per_turn")
    @classmethod
    def _dist(cls, v: dict[int, float]) -> dict[int, float]:
        if not v:
            raise ValueError("expected at least one entry")
        for k, w in v.items():
            if not 1 <= int(k) <= 20:
                raise ValueError(f"expected counts between 1 and 20, got {k}")
            if w < 0:
                raise ValueError(f"expected non-negative weights, got {w} for {k}")
        if sum(v.values()) <= 0:
            raise ValueError("weights sum to zero")
        return {int(k): float(w) for k, w in sorted(v.items(), key=lambda kv: int(kv[0]))}

    @field_validator("variants")
    @classmethod
    def _variants(cls, v: dict[str, float]) -> dict[str, float]:
        for name, share in v.items():
            if name not in VARIANTS:
                raise ValueError(f"unknown variant {name!r}{suggest(name, VARIANTS)}; expected one of {list(VARIANTS)}")
            if share < 0:
                raise ValueError(f"expected a non-negative share for {name}, got {share}")
        total = sum(v.values())
        if total <= 0:
            raise ValueError("variant shares sum to zero")
        return {k: v[k] / total for k in VARIANTS if v.get(k, 0) > 0}

    # --- derived --------------------------------------------------------------------------------

    def resolved_envs(self) -> list[str]:
        """The environment ids, defaulting to every built-in domain that loads."""
        if self.envs:
            return list(self.envs)
        return available_builtins()

    def identity(self) -> dict[str, Any]:
        """The part of the config that determines the output (JSON data, sorted)."""
        d = self.model_dump(mode="json")
        for k in NON_IDENTITY:
            d.pop(k, None)
        d["envs"] = self.resolved_envs()
        return json.loads(json.dumps(d, sort_keys=True))

    @property
    def config_hash(self) -> str:
        return stable_hash(self.identity())

    @property
    def uses_llm(self) -> bool:
        return any(getattr(self.roles, r).is_llm for r in ROLES)


def available_builtins() -> list[str]:
    """Every built-in single domain whose module imports (a domain still being written is skipped)."""
    import importlib

    from toolgym.envs.registry import BUILTINS, COMBINATIONS

    out = []
    for env_id, ep in BUILTINS.items():
        if env_id in COMBINATIONS:
            continue
        mod, _, attr = ep.partition(":")
        try:
            if hasattr(importlib.import_module(mod), attr):
                out.append(env_id)
        except ImportError:
            continue
    return out


def _read_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    p = Path(path)
    if not p.exists():
        raise ConfigError(f"config file {p} does not exist")
    if not p.is_file():
        raise ConfigError(f"expected a config file (JSON or YAML), got {p}, which is a directory or not a regular file")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"expected a config file as UTF-8 text (JSON or YAML), got bytes that are not text in {p} ({e.reason} at byte {e.start})") from None
    if p.suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise ConfigError(f"{p} is YAML but PyYAML is not installed; `pip install pyyaml` or use JSON") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise ConfigError(f"{p} is not valid YAML: {' '.join(str(e).split())}") from None
    else:
        try:
            data = json.loads(text)
        except ValueError as e:
            raise ConfigError(f"{p} is not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"expected a mapping at the top of {p}, got {type(data).__name__}")
    return data


def _set_path(d: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    cur = d
    for k in keys[:-1]:
        nxt = cur.get(k)
        if not isinstance(nxt, dict):
            nxt = cur[k] = {}
        cur = nxt
    cur[keys[-1]] = value


def apply_overrides(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``{"roles.reasoner.model": "m", "records": 10}`` applied onto a config mapping (a copy)."""
    out = json.loads(json.dumps(data))
    for k, v in overrides.items():
        if v is not None:
            _set_path(out, k, v)
    return out


def load_config(path: str | os.PathLike[str] | None = None, overrides: dict[str, Any] | None = None) -> SynthConfig:
    """Defaults, then the file at ``path``, then ``overrides`` (dotted keys).

    Raises:
        ConfigError: an unreadable file, an unknown key (with the nearest valid one), a value of
            the wrong type or range.
    """
    data = _read_file(path) if path else {}
    data = apply_overrides(data, overrides or {})
    try:
        return SynthConfig.model_validate(data)
    except ValidationError as e:
        raise ConfigError(_explain(e)) from None


def _explain(e: ValidationError) -> str:
    lines = []
    for err in e.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "(config)"
        if err["type"] == "extra_forbidden":
            model: Any = SynthConfig
            for part in err["loc"][:-1]:
                f = model.model_fields.get(str(part)) if hasattr(model, "model_fields") else None
                model = f.annotation if f is not None else None
            choices = list(getattr(model, "model_fields", {}) or {})
            lines.append(f"unknown setting {loc!r}{suggest(str(err['loc'][-1]), choices)}")
        else:
            lines.append(f"{loc}: {err['msg']} (got {err.get('input')!r})")
    return "invalid synth config: " + "; ".join(lines)

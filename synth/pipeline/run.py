"""``toolgym synth``: from environments to a verified dataset run directory.

The run is a sequence of **slots** (output records ``0 .. records-1``). What each slot must be
is fixed up front by :class:`Schedule`, a pure function of the config and the slot's key:

* its world: slots come in groups of ``world_reuse`` that share one world seed and one domain
  (the domains take turns, so every domain gets its share; with ``compose_share`` a group pairs
  its domain with a second one in the same conversation);
* its variant and its number of turns: a low-discrepancy sequence over the keys (golden-ratio
  steps), so every prefix of the run has each variant within about two records of its share;
* its first round's target: every tool of the domain in turn, in a seeded order per cycle (the
  coverage schedule: every tool is a target within a few hundred records).

A slot is attempted (attempt 0, 1, ...) until a record passes every check (Phase I-III, the leak
check, the replay, and the dedup against the records already kept); each record stores how many
attempts failed before it and why (``Episode.meta["drops"]``). Since every attempt is a pure
function of (config, key, attempt), the output is byte-identical for any number of worker
processes, and a killed run resumes exactly (the run directory's prefix of keys is kept, the
dedup index is rebuilt from it).
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from toolgym.envs.lru import LruCache
from toolgym.envs.world import derive_seed
from toolgym.errors import ToolgymError
from toolgym.runs import EpisodeCounts
from toolgym.synth.quality.answers import check_answers
from toolgym.synth.quality.grounding import check_grounding
from toolgym.synth.quality.report import QualityTally, RecordFacts, quality_table, record_facts
from toolgym.synth.scale import WorkerSpec, forwarded_env, make_executor, registering_modules

from .config import ROLES, SynthConfig
from .multiturn import Drop, EnvCache, Slot, make_env, synthesize_episode
from .verify import DedupIndex, difficulty_bucket, replay_in, signatures

if TYPE_CHECKING:
    from toolgym.record import Episode
    from toolgym.synth.scale import Scale

    from .roles import Roles

__all__ = ["Schedule", "RecordMaker", "Outcome", "synthesize", "SynthSummary", "SynthWorker", "run_sync", "summary_table"]

_GOLDEN = 0.6180339887498949  # frac of the golden ratio: the most evenly spread sequence
_SQRT2 = 0.41421356237309515


def run_sync(coro: Any) -> Any:
    """Run a coroutine that never suspends (the built-in roles) without an event loop."""
    try:
        coro.send(None)
    except StopIteration as e:
        return e.value
    coro.close()
    raise RuntimeError("a role awaited real I/O; the offline path needs built-in roles only")


class Schedule:
    """What every slot must be: world, domain(s), variant, turns, first target."""

    def __init__(self, cfg: SynthConfig, env_tools: dict[str, list[str]], unphrasable: dict[str, dict[str, str]] | None = None):
        self.cfg = cfg
        # tools no request can ask for yet (a required list of objects): never a coverage target
        self.unphrasable = unphrasable or {}
        self.envs = cfg.resolved_envs()
        if not self.envs:
            raise ToolgymError("no environments to synthesize from; pass --env ID (see `toolgym envs list`)")
        self.env_tools = env_tools
        if cfg.targets:
            known = {t for tools in env_tools.values() for t in tools}
            unknown = [t for t in cfg.targets if t not in known]
            if unknown:
                from toolgym.errors import ConfigError, suggest

                raise ConfigError(f"target {unknown[0]!r} is no tool of {self.envs}{suggest(unknown[0], known)}")
            self.env_tools = {e: [t for t in tools if t in cfg.targets] or tools for e, tools in env_tools.items()}

    def _pick(self, what: str, key: int) -> Any:
        """A low-discrepancy choice: over any prefix of keys each option's count stays within a
        couple of its share, without the period a round robin would lock onto the domains."""
        shares = self.cfg.variants if what == "variant" else self.cfg.turns
        alpha = _GOLDEN if what == "variant" else _SQRT2
        offset = random.Random(derive_seed(self.cfg.seed, what)).random()
        u = (offset + key * alpha) % 1.0
        total = sum(shares.values())
        acc = 0.0
        for k, v in shares.items():
            acc += v / total
            if u < acc:
                return k
        return list(shares)[-1]

    def group_envs(self, g: int) -> list[str]:
        """The domain(s) of world group ``g``: domains take turns; some groups pair two."""
        envs = self.envs
        lane = envs[g % len(envs)]
        rng = random.Random(derive_seed(self.cfg.seed, "group", g))
        if len(envs) > 1 and rng.random() < self.cfg.compose_share:
            partner = rng.choice([e for e in envs if e != lane])
            return [lane, partner]
        return [lane]

    def slot(self, key: int) -> Slot:
        cfg = self.cfg
        g, r = divmod(key, cfg.world_reuse)
        members = self.group_envs(g)
        lane = members[0]
        variant = self._pick("variant", key)
        n_turns = int(self._pick("turns", key))
        # Coverage: the m-th slot of a domain targets its tools in a seeded order, cycle by cycle.
        tools = [t for t in self.env_tools[lane] if t not in self.unphrasable.get(lane, ())] or self.env_tools[lane]
        m = (g // len(self.envs)) * cfg.world_reuse + r
        cycle, pos = divmod(m, len(tools))
        order = list(tools)
        random.Random(derive_seed(cfg.seed, "cover", lane, cycle)).shuffle(order)
        target = order[pos]
        env_key = "+".join(members)
        if variant == "long_context" and cfg.distractor_envs > 0:
            # Fixed per domain, so the long-context worlds of a domain reuse one composed env.
            others = [e for e in self.envs if e not in members]
            random.Random(derive_seed(cfg.seed, "distractors", lane)).shuffle(others)
            extra = others[: cfg.distractor_envs]
            env_key = "+".join(members + extra)
        world_seed = derive_seed(cfg.seed, "world", g) % (2**31)
        return Slot(key=key, env_key=env_key, variant=variant, n_turns=n_turns, target=target, world_seed=world_seed)


class RecordDigest(NamedTuple):
    """What the writer needs of a kept record besides its line: the manifest's counts, the
    quality report's facts and the summary's. Made where the record was made: a worker process
    sends this and the line, not the Episode, which would cost the one writer ~2 ms to rebuild
    from its pickle (about a seventh of what making the record cost)."""

    counts: EpisodeCounts
    quality: RecordFacts
    env_id: str
    difficulty: float | None
    attempts: tuple[int, ...]  # of the turns that record theirs
    drops: dict[str, int]

    @classmethod
    def of(cls, ep: Episode, defs: Any, checks: Any = None) -> RecordDigest:
        g, a = checks if checks is not None else (None, None)
        return cls(EpisodeCounts.of(ep), record_facts(ep, defs, g, a), ep.env_id, ep.difficulty,
                   tuple(t.attempts for t in ep.turns if t.attempts is not None), dict(ep.meta.get("drops") or {}))


@dataclass
class Outcome:
    """A slot's result: the kept record (its line and digest), or why none was kept."""

    key: int
    attempt: int
    line: str | None
    digest: RecordDigest | None
    sig: tuple[str, bytes, bytes, frozenset[int]] | None
    drops: dict[str, int] = field(default_factory=dict)
    error: str = ""


class RecordMaker:
    """Makes the record of a slot: attempts until one passes synthesis and replay."""

    def __init__(self, cfg: SynthConfig, roles: Roles):
        self.cfg = cfg
        self.roles = roles
        self.config_hash = cfg.config_hash
        self.gen = EnvCache(cfg.sampler_steps)
        self.replay = EnvCache(cfg.sampler_steps)
        self.last_detail: dict[str, str] = {}

    def _targets_of(self, slot: Slot) -> Slot:
        # The schedule names the first target by its name in the lane's own domain; a composed
        # env may have prefixed it (clashing names), so map it.
        h = self.gen.handle(slot.env_key)
        if slot.target is None or slot.target in h.targets[slot.primary]:
            return slot
        renamed = next((n for n in h.targets[slot.primary] if h.base_names[n] == slot.target), None)
        return Slot(**{**slot.__dict__, "target": renamed})

    async def make(self, slot: Slot, start: int = 0, drops: dict[str, int] | None = None) -> Outcome:
        drops = dict(drops or {})
        slot = self._targets_of(slot)
        n = self.cfg.max_slot_attempts
        for a in range(start, n):
            # A slot that keeps failing is relaxed rather than stopping the run: first its
            # coverage target goes (a tool the sampler cannot reach in this world), then its
            # variant (a world where, say, no value can be left out). Rare; recorded per record.
            tried = slot
            if a >= n // 2:
                tried = Slot(**{**slot.__dict__, "target": None})
            if a >= (3 * n) // 4 and slot.variant != "base":
                tried = Slot(**{**tried.__dict__, "variant": "base"})
            try:
                ep = await synthesize_episode(tried, a, self.cfg, self.roles, self.gen, self.config_hash)
            except Drop as d:
                drops[d.reason] = drops.get(d.reason, 0) + 1
                self.last_detail[d.reason] = d.detail
                continue
            if self.cfg.verify.replay:
                h = self.replay.handle(slot.env_key)
                if self.cfg.verify.fresh:
                    h.world_seed = None  # a new build from the seed, exactly as `--check` does
                self.replay.begin(h, slot.world_seed)
                rep = replay_in(ep, h.env)
                if not rep:
                    drops["replay_mismatch"] = drops.get("replay_mismatch", 0) + 1
                    self.last_detail["replay_mismatch"] = rep.reason
                    continue
            # The grounding law and the answer check, on the record as written (never on how
            # the sampler made it): a record that breaks either is not kept.
            defs = self.gen.handle(slot.env_key).env.all_tooldefs()
            grounding = check_grounding(ep, defs)
            if not grounding.ok:
                drops["ungrounded"] = drops.get("ungrounded", 0) + 1
                self.last_detail["ungrounded"] = str(grounding.ungrounded[0])
                continue
            answers = check_answers(ep, defs)
            if not answers.ok:
                drops["answer_incomplete"] = drops.get("answer_incomplete", 0) + 1
                self.last_detail["answer_incomplete"] = str(answers.missing[:1] or "a key: value dump")
                continue
            if tried is not slot:
                ep.meta["relaxed"] = [k for k in ("target", "variant") if getattr(tried, k) != getattr(slot, k)]
            sig = signatures(ep)
            if drops:
                # the attempts this slot dropped, the writer's near-duplicate refusals included
                # (they come back in ``drops`` with the slot)
                ep.meta["drops"] = dict(sorted(drops.items()))
            return Outcome(slot.key, a, ep.to_json(), RecordDigest.of(ep, defs, (grounding, answers)), sig, drops)
        detail = "; ".join(f"{k}: {v}" for k, v in sorted(drops.items()))
        last = "; ".join(f"{k} ({v})" for k, v in self.last_detail.items() if v)
        return Outcome(slot.key, self.cfg.max_slot_attempts, None, None, None, drops, error=f"{detail}; last details: {last}")


# --- workers (this process, --workers processes, --ray shards) ------------------------------------


class SynthWorker:
    """Makes records in one process or Ray shard: its own roles and env caches, built once.

    A unit is a list of ``(slot, first attempt, drops so far)``; its outcomes come back in the
    same order. ``arun`` runs a unit's slots at once on the event loop (roles on a model).
    """

    def __init__(self, cfg_json: str):
        from .roles import make_roles

        cfg = SynthConfig.model_validate_json(cfg_json)
        self.roles = make_roles(cfg)
        self.maker = RecordMaker(cfg, self.roles)

    def run(self, items: list[tuple[Slot, int, dict[str, int]]]) -> list[Outcome]:
        return [run_sync(self.maker.make(slot, start, drops)) for slot, start, drops in items]

    async def arun(self, items: list[tuple[Slot, int, dict[str, int]]]) -> list[Outcome]:
        return list(await asyncio.gather(*(self.maker.make(slot, start, drops) for slot, start, drops in items)))

    def stats(self) -> dict[str, Any]:
        return dict(self.roles.usage)

    async def aclose(self) -> None:
        await self.roles.aclose()


def synth_worker(cfg_json: str) -> SynthWorker:
    """The :class:`~toolgym.synth.scale.WorkerSpec` factory of ``toolgym synth``."""
    return SynthWorker(cfg_json)


def scale_of(cfg: SynthConfig) -> Scale:
    """Where the run's records are made: ``workers`` processes, or ``shards`` on a Ray cluster."""
    from toolgym.synth.scale import Scale

    return Scale(workers=cfg.workers, ray=cfg.ray, shards=cfg.shards)


# --- summary -------------------------------------------------------------------------------------


@dataclass
class SynthSummary:
    """What a run wrote and dropped (deterministic: built from the records themselves)."""

    records: int = 0
    turns: int = 0
    calls: int = 0
    drops: Counter = field(default_factory=Counter)
    variants: Counter = field(default_factory=Counter)
    difficulty: Counter = field(default_factory=Counter)
    attempts: Counter = field(default_factory=Counter)
    targets: dict[str, Counter] = field(default_factory=dict)
    multi_domain: int = 0
    seconds: float = 0.0
    new_records: int = 0
    coverage: dict[str, dict[str, Any]] = field(default_factory=dict)
    quality: QualityTally = field(default_factory=QualityTally)
    unphrasable: dict[str, dict[str, str]] = field(default_factory=dict)
    quality_report: dict[str, Any] = field(default_factory=dict)

    def add(self, ep: Episode, defs: Any = None, checks: Any = None) -> None:
        if defs is None:
            defs = make_env(ep.env_id).all_tooldefs()
        self.add_digest(RecordDigest.of(ep, defs, checks))

    def add_digest(self, d: RecordDigest) -> None:
        self.quality.add_facts(d.quality)
        c = d.counts
        self.records += 1
        self.turns += c.turns
        self.calls += c.calls
        self.variants[c.variant] += 1
        self.difficulty[difficulty_bucket(d.difficulty)] += 1
        self.attempts.update(d.attempts)
        for k, v in d.drops.items():
            self.drops[k] += v
        if len(d.env_id.split("+")) > 1 and c.variant != "long_context":
            self.multi_domain += 1
        self.targets.setdefault(d.env_id, Counter()).update(c.target_tools)

    def compute_coverage(self, env_tools: dict[str, list[str]]) -> None:
        """Per domain: how many of its tools were a target at least once."""
        hit: dict[str, set[str]] = {e: set() for e in env_tools}
        for env_key, counter in self.targets.items():
            domains = env_key.split("+")
            for name in counter:
                for d in domains:
                    tools = env_tools.get(d, [])
                    if name in tools:
                        hit[d].add(name)
                    elif "_" in name and name.split("_", 1)[1] in tools and make_env(d).domain == name.split("_", 1)[0]:
                        hit[d].add(name.split("_", 1)[1])
        self.coverage = {
            e: {"tools": len(tools), "targeted": len(hit[e]), "missing": sorted(set(tools) - hit[e])}
            for e, tools in env_tools.items()
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "turns": self.turns,
            "calls": self.calls,
            "drops": dict(sorted(self.drops.items())),
            "variants": dict(sorted(self.variants.items())),
            "difficulty": dict(sorted(self.difficulty.items())),
            "attempts_per_turn": {str(k): v for k, v in sorted(self.attempts.items())},
            "multi_domain_records": self.multi_domain,
            "coverage": self.coverage,
            "not_targeted": self.unphrasable,
            "quality": self.quality_report,
        }


def summary_table(s: SynthSummary, cfg: SynthConfig) -> str:
    """The human summary printed at the end of ``toolgym synth``."""
    lines = []
    rate = s.new_records / s.seconds if s.seconds > 0 else 0.0
    lines.append(f"wrote {s.new_records} new record(s) in {s.seconds:.1f}s ({rate:.0f} records/s); {s.records} in {cfg.out}")
    lines.append(f"{'records':<22}{s.records:>8}   turns {s.turns}  calls {s.calls}  multi-domain {s.multi_domain}")
    lines.append("variant               share   target")
    for v in sorted(set(cfg.variants) | set(s.variants)):
        got = s.variants.get(v, 0) / max(1, s.records)
        lines.append(f"  {v:<20}{got:>6.1%}   {cfg.variants.get(v, 0):>6.1%}")
    lines.append("difficulty            " + "  ".join(f"{k} {s.difficulty.get(k, 0)}" for k in ("easy", "medium", "hard")))
    att = sum(s.attempts.values())
    multi = sum(v for k, v in s.attempts.items() if k > 1)
    lines.append(f"turns needing a hint  {multi} of {att}")
    total_tools = sum(c["tools"] for c in s.coverage.values())
    covered = sum(c["targeted"] for c in s.coverage.values())
    lines.append(f"tool coverage         {covered}/{total_tools} tools were a target")
    for e, c in sorted(s.coverage.items()):
        miss = f"  missing: {', '.join(c['missing'][:6])}{' ...' if len(c['missing']) > 6 else ''}" if c["missing"] else ""
        lines.append(f"  {e:<28}{c['targeted']:>3}/{c['tools']:<3}{miss}")
        for t, why in s.unphrasable.get(e, {}).items():
            lines.append(f"    {t}: not a target ({why}: no request can say it yet)")
    if s.drops:
        lines.append("dropped attempts      " + ", ".join(f"{k} {v}" for k, v in s.drops.most_common()))
    else:
        lines.append("dropped attempts      none")
    if s.quality_report:
        lines.append(quality_table(s.quality_report))
    return "\n".join(lines)


# --- the driver ----------------------------------------------------------------------------------


def _env_tools(cfg: SynthConfig) -> dict[str, list[str]]:
    out = {}
    for e in cfg.resolved_envs():
        env = make_env(e)
        out[e] = list(env.all_tooldefs())
    return out


def unphrasable_tools(env: Any) -> dict[str, str]:
    """Tools a request cannot ask for yet, and why: a required argument that is a list of
    objects (a scene's per-device settings) has no words a user would say for it."""
    out = {}
    for name, td in env.all_tooldefs().items():
        props = td.spec.parameters.get("properties", {})
        for p in td.spec.parameters.get("required", []):
            ps = props.get(p, {})
            items = ps.get("items") if isinstance(ps.get("items"), dict) else {}
            if ps.get("type") == "object" or items.get("type") == "object":
                out[name] = f"{p} is a list of objects"
    return out


async def _drive(cfg: SynthConfig, progress: bool) -> SynthSummary:
    from toolgym.runs import RunDir, env_entry, iter_episodes

    from .roles import make_roles

    t0 = time.perf_counter()
    scale = scale_of(cfg)  # a bad combination of --workers/--ray/--shards is refused before anything is made
    env_tools = _env_tools(cfg)
    unphrasable = {e: unphrasable_tools(make_env(e)) for e in env_tools}
    schedule = Schedule(cfg, env_tools, unphrasable)
    roles = make_roles(cfg)
    manifest: dict[str, Any] = {
        "synth": {"producers": roles.producers(), "prompts": dict(roles.prompts)},
        "envs": [env_entry(make_env(e)) for e in cfg.resolved_envs()],
    }
    summary = SynthSummary()
    defs_cache: LruCache[str, Any] = LruCache(32)  # one per composition met: bounded, rebuilt on need

    def defs_of(env_id: str) -> Any:
        defs = defs_cache.get(env_id)
        if defs is None:
            defs = defs_cache[env_id] = make_env(env_id).all_tooldefs()
        return defs

    dedup = DedupIndex(cfg.verify.near_dup_threshold, cfg.verify.call_dup_threshold)
    run = RunDir.open(cfg.out, cfg.identity(), force=cfg.force, manifest=manifest, planned=cfg.records)
    try:
        for ep in iter_episodes(cfg.out):
            if summary.records >= run.n_done:
                break
            dedup.add(signatures(ep))
            summary.add(ep, defs_of(ep.env_id))
        keys = list(run.pending(cfg.records))
        run.log(f"synth: {len(keys)} record(s) to make, {run.n_done} on disk, config {cfg.config_hash}")
        keys_env = forwarded_env(getattr(cfg.roles, r).api_key_env for r in ROLES if getattr(cfg.roles, r).is_llm)
        spec = WorkerSpec(synth_worker, cfg.model_dump_json(), is_async=cfg.uses_llm, env=keys_env,
                          imports=registering_modules(cfg.resolved_envs()))
        executor = make_executor(spec, scale, concurrency=max(1, cfg.concurrency // max(1, cfg.world_reuse)))
        if keys:
            await executor.start()
            run.log(f"synth: records made by {executor.kind} ({executor.parallel} at once)")
        submit = executor.run

        # Work units: world groups (records sharing a world stay together in one worker).
        units: list[list[int]] = []
        for k in keys:
            g = k // cfg.world_reuse
            if units and units[-1][0] // cfg.world_reuse == g and (not cfg.uses_llm or len(units[-1]) < cfg.concurrency):
                units[-1].append(k)
            else:
                units.append([k])
        # Units in flight: with roles on a model, enough world groups to keep `concurrency` records
        # waiting on it (on this process or spread over the shards); else twice the workers, so
        # none waits for the writer.
        if cfg.uses_llm:
            window = max(1, cfg.concurrency // max(1, cfg.world_reuse))
        else:
            window = 1 if executor.kind == "local" else 2 * executor.parallel
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=cfg.records, initial=run.n_done, unit="rec", desc="synth", dynamic_ncols=True, file=sys.stderr)
        inflight: list[asyncio.Future[list[Outcome]]] = []
        next_unit = 0
        try:
            while next_unit < len(units) or inflight:
                while next_unit < len(units) and len(inflight) < window:
                    items: list[tuple[Any, int, dict[str, Any]]] = [(schedule.slot(k), 0, {}) for k in units[next_unit]]
                    inflight.append(asyncio.ensure_future(submit(items)))
                    next_unit += 1
                outcomes = await inflight.pop(0)
                for out in outcomes:
                    while True:
                        if out.line is None or out.digest is None:
                            raise ToolgymError(
                                f"record {out.key}: no record passed after {cfg.max_slot_attempts} attempts ({out.error}); "
                                "raise max_slot_attempts or check the environment"
                            )
                        assert out.sig is not None
                        why = dedup.check(out.sig)
                        if not why:
                            break
                        d = dict(out.drops)
                        d[why] = d.get(why, 0) + 1
                        out = (await submit([(schedule.slot(out.key), out.attempt + 1, d)]))[0]
                    dedup.add(out.sig)
                    run.write(out.key, out.digest.counts, line=out.line)
                    summary.add_digest(out.digest)
                    summary.new_records += 1
                    if bar is not None:
                        bar.update(1)
                        if summary.drops:
                            bar.set_postfix_str(f"dropped {sum(summary.drops.values())}", refresh=False)
        except BaseException:
            executor.abort()  # interrupted or failed: stop the workers now, not after their current units
            raise
        finally:
            for f in inflight:
                f.cancel()
            if bar is not None:
                bar.close()
            usage = await executor.stats() if keys else {}
            await executor.aclose()
            await roles.aclose()
        summary.compute_coverage(env_tools)
        summary.unphrasable = {e: u for e, u in unphrasable.items() if u}
        summary.quality_report = summary.quality.report()
        synth_facts = {**manifest["synth"], "summary": summary.as_dict()}
        if usage:
            kept = max(1, summary.new_records)
            synth_facts["model_calls_per_record"] = round(usage.get("calls", 0) / kept, 3)
        run.update_manifest(synth=synth_facts)
    finally:
        run.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def synthesize(cfg: SynthConfig, *, progress: bool | None = None) -> SynthSummary:
    """Run ``toolgym synth`` with ``cfg``; returns the summary (also written to the manifest).

    Raises:
        ToolgymError: a slot found no valid record within ``max_slot_attempts`` tries, or the
            run directory holds another config (see ``force``).
    """
    return asyncio.run(_drive(cfg, cfg.progress if progress is None else progress))

"""RL prompt rows for trainers: ``toolgym export RUN --format rl --target trl|verl|skyrl|verifiers``.

An RL dataset holds prompts, not answers: each row is what a trainer samples from, plus what its
reward function needs to rebuild the session and score the model's rollout with the same checker
as ``toolgym collect`` (:class:`toolgym.rl.Session`, ``Session.from_row(row)``). Every row has a
``toolgym`` payload (a JSON string: env id, world seed, the task, the turns the row covers, the
recorded conversation before them; see :mod:`toolgym.rl.rows`), and per target:

* ``trl`` (GRPOTrainer with ``environment_factory``, :mod:`toolgym.rl.trl`): ``prompt`` (chat
  messages), ``environment`` (the env id: a dict of factories picks by it), ``toolgym``. TRL's
  tool loop ends at the model's first text answer, so every row is one user turn (the history
  before it in the prompt, replayed in the environment at ``reset``).
* ``verl`` (RLHFDataset + the ``toolgym`` agent loop, :mod:`toolgym.rl.verl`): ``data_source``,
  ``prompt``, ``ability``, ``reward_model``, ``extra_info`` (``index``, ``toolgym``, ``tools``),
  ``agent_name: "toolgym"``.
* ``skyrl`` (SkyRL-Gym, :mod:`toolgym.rl.skyrl`): ``prompt`` (the tools stated in the system
  prompt: SkyRL's generator renders no ``tools``), ``env_class: "toolgym"``, ``reward_spec``,
  ``extra_info`` (``toolgym``).
* ``verifiers`` (its OpenEnv taskset over ``toolgym serve-env --protocol openenv``): ``prompt``,
  ``reset`` (the OpenEnv reset fields of the task: one entry of ``OpenEnvConfig.resets``),
  ``info`` (``toolgym``).

``tools`` (OpenAI form) is on every row. ``--per turn`` gives one row per user turn (trl always).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from .base import Format
from .samples import EpisodeError, Sample

__all__ = ["RLFormat", "TARGETS"]

TARGETS = ("trl", "verl", "skyrl", "verifiers")


def _dumps(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


class RLFormat(Format):
    """Prompt rows for one RL trainer (the subclasses name it)."""

    name: ClassVar[str] = "rl"
    target: ClassVar[str] = ""
    summary: ClassVar[str] = ""

    def expected_count(self, samples: list[Sample]) -> int:
        return len(self._payloads(samples))

    def _per(self) -> str:
        return "turn" if self.target == "trl" else self.opts.per

    def _payloads(self, samples: list[Sample]) -> list[dict[str, Any]]:
        from toolgym.record import Episode
        from toolgym.rl.rows import episode_payloads

        ep = samples[0].episode
        key = ("payloads", ep.get("id"), self._per())
        hit = self._cache.get("_p")
        if hit is not None and hit.get("key") == key:
            return hit["value"]
        try:
            value = episode_payloads(Episode.model_validate(ep), self._per())
        except (ValueError, KeyError) as e:
            raise EpisodeError(f"not an episode of `toolgym synth` (its turns carry no checks): {e}") from None
        self._cache["_p"] = {"key": key, "value": value}
        return value

    def records(self, samples: list[Sample]) -> list[dict[str, Any]]:
        from toolgym.errors import ToolgymError
        from toolgym.rl.session import Session

        rows = []
        for p in self._payloads(samples):
            try:
                s = Session(p["env_id"], p["task"], seed=p["seed"], start_turn=p["start_turn"], stop_turn=p["stop_turn"],
                            prefix=p["prefix"] or None)
                messages, tools = s.reset()
            except ToolgymError as e:
                raise EpisodeError(f"its session cannot be rebuilt: {e}") from None
            rows.append(self.row(p, messages, tools))
        return rows

    def row(self, p: dict[str, Any], messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> dict[str, Any]:
        raise NotImplementedError

    # --- reading back -----------------------------------------------------------------------------

    def check(self, record: Any) -> list[str]:
        from toolgym.rl.rows import payload

        errs: list[str] = []
        if not isinstance(record, dict):
            return [f"expected a row object, got {type(record).__name__}"]
        try:
            p = payload(record)
        except Exception as e:  # noqa: BLE001 - any unreadable payload is an error of the row
            return [str(e)]
        for key in ("env_id", "seed", "task", "start_turn", "stop_turn"):
            if key not in p:
                errs.append(f"the toolgym payload lacks {key!r}")
        prompt = record.get("prompt")
        if not isinstance(prompt, list) or not prompt or prompt[-1].get("role") != "user":
            errs.append("expected a prompt of chat messages ending with the user's turn")
        return errs

    def tool_names(self, record: Any) -> list[str]:
        return [t["function"]["name"] for t in record.get("tools") or []]

    def compare_episode(self, ep: dict[str, Any], samples: list[Sample], got: list[tuple[str, Any]]) -> Any:
        want = self.records(samples)
        for (where, rec), exp in zip(got, want):
            errs = self.check(rec)
            if not errs and rec != exp:
                diff = sorted(k for k in set(rec) | set(exp) if rec.get(k) != exp.get(k))
                errs.append(f"the row differs from the episode's in {diff}")
            yield where, errs, None

    def coverage(self, ep: dict[str, Any], views: list[list[dict[str, Any]]]) -> list[str]:
        return []  # a row is checked whole against the episode's rows (compare_episode)


class TRLFormat(RLFormat):
    name = "rl-trl"
    target = "trl"
    summary = ("TRL GRPO prompt rows (`prompt`, `environment`, `tools`, `toolgym`: the payload `toolgym.rl.trl`'s "
               "environment class resets from), one row per user turn.")

    def row(self, p: dict[str, Any], messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> dict[str, Any]:
        return {"prompt": messages, "environment": p["env_id"], "tools": tools, "toolgym": _dumps(p)}


class VerlFormat(RLFormat):
    name = "rl-verl"
    target = "verl"
    summary = ("verl RLHFDataset rows (`data_source`, `prompt`, `ability`, `reward_model`, `extra_info`) routed to "
               "the `toolgym` agent loop (`agent_name`).")

    def row(self, p: dict[str, Any], messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> dict[str, Any]:
        return {"data_source": p["env_id"], "prompt": messages, "ability": "tool-use",
                "reward_model": {"style": "rule", "ground_truth": p["episode_id"]},
                "extra_info": {"index": f"{p['episode_id']}/{p['start_turn']}", "toolgym": _dumps(p)},
                "agent_name": "toolgym", "tools": tools}


class SkyRLFormat(RLFormat):
    name = "rl-skyrl"
    target = "skyrl"
    summary = "SkyRL-Gym rows (`prompt` with the tools in the system prompt, `env_class: toolgym`, `reward_spec`, `extra_info`)."

    def row(self, p: dict[str, Any], messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> dict[str, Any]:
        from toolgym.rl.rows import tools_system_prompt

        prompt = [dict(m) for m in messages]
        prompt[0] = {"role": "system", "content": tools_system_prompt(prompt[0]["content"], tools)}
        return {"prompt": prompt, "env_class": "toolgym", "reward_spec": {"method": "rule", "ground_truth": p["episode_id"]},
                "extra_info": {"toolgym": _dumps(p)}, "tools": tools}


class VerifiersFormat(RLFormat):
    name = "rl-verifiers"
    target = "verifiers"
    summary = ("verifiers rows: `reset` (the OpenEnv reset fields of the task, for its OpenEnv taskset over "
               "`toolgym serve-env --protocol openenv`), `prompt`, `info`.")

    def row(self, p: dict[str, Any], messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> dict[str, Any]:
        reset = {"toolgym": _dumps(p)}
        return {"prompt": messages, "reset": reset, "info": {"toolgym": _dumps(p)}, "tools": tools}

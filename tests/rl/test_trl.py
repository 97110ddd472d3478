"""TRL: the generated environment classes, through TRL's own GRPOTrainer loop.

The trainer runs for real (its generation, its parsing of the model's tool calls with the
template's response schema, its calls of our methods, its reward, its optimizer step); the
policy is a scripted causal LM (``scripted_lm.py``) writing the records' raw Qwen2.5 text.
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path

import pytest

from toolgym.cli import main
from toolgym.envs.registry import BUILTINS, make
from toolgym.record import Episode

pytest.importorskip("trl")
from transformers.utils import get_json_schema  # noqa: E402

from toolgym.rl.trl import ToolgymTRLEnv, environment_class, environment_factory, reward_func, schema_fidelity  # noqa: E402

from .rawtext import raw_texts  # noqa: E402


def test_a_class_is_generated_for_every_builtin_tool_from_its_spec() -> None:
    total = exact = 0
    for env_id in BUILTINS:
        cls = environment_class(env_id)
        env = make(env_id)
        specs = {n: d.spec for n, d in env.all_tooldefs().items()}
        # exactly what TRL exposes: the public functions of the class, reset and get_reward aside
        methods = {n for n, _ in inspect.getmembers(cls, predicate=inspect.isfunction)
                   if n not in ("reset", "get_reward") and not n.startswith("_")}
        assert methods == set(specs), env_id
        for name in methods:
            schema = get_json_schema(getattr(cls, name))["function"]
            assert schema["name"] == name and schema["description"] == " ".join(specs[name].description.split())
        fid = schema_fidelity(cls)
        total += len(fid)
        exact += sum(fid.values())
    assert total == sum(len(make(e).all_tooldefs()) for e in BUILTINS)
    assert exact / total > 0.9, (exact, total)


def test_the_collisions_the_issue_found_are_handled() -> None:
    fs = environment_class("toolgym/FileSystem-v0")
    assert fs.restore is not ToolgymTRLEnv.__dict__.get("restore") and "restore" in fs.__dict__
    assert get_json_schema(fs.restore)["function"]["name"] == "restore"
    home = environment_class("toolgym/SmartHome-v0")
    p = get_json_schema(home.create_scene)["function"]["parameters"]["properties"]["settings"]
    assert p["type"] == "array" and p["items"] == {"type": "object"}
    assert '"device_id"' in p["description"]  # the nested schema is stated to the model


def _rows(rl_run: Path, tmp: Path) -> list[dict]:
    out = tmp / "trl"
    assert main(["export", str(rl_run), "--format", "rl", "--target", "trl", "--out", str(out), "--no-plots"]) == 0
    return [json.loads(x) for x in (out / "data" / "train.jsonl").read_text().splitlines()]


def test_grpo_trainer_runs_its_tool_loop_on_toolgym(rl_run: Path, tmp_path: Path, records: list[Episode]) -> None:
    os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

    from toolgym.exporters.chat_templates import load_template

    from .scripted_lm import ScriptedConfig, ScriptedLM

    by_id = {e.id: e for e in records}
    rows = _rows(rl_run, tmp_path)
    env_id = "toolgym/Retail-v0"
    chosen, scripts = [], {}
    for row in rows:
        p = json.loads(row["toolgym"])
        ep = by_id[p["episode_id"]]
        turn = ep.turns[p["start_turn"]]
        calls = sum(len(m.tool_calls) for m in ep.messages[turn.start:turn.end])
        user = row["prompt"][-1]["content"]
        if row["environment"] == env_id and 1 <= calls <= 3 and user not in scripts:
            scripts[user] = raw_texts("qwen2.5", ep.messages[turn.start:turn.end])
            chosen.append((row, turn.reward))
        if len(chosen) == 2:
            break
    assert len(chosen) == 2
    tok = load_template("qwen2.5").tokenizer
    tok.pad_token, tok.eos_token = "<|endoftext|>", "<|im_end|>"
    model = ScriptedLM(ScriptedConfig(vocab_size=len(tok)), tokenizer=tok, scripts=scripts)
    data = Dataset.from_list([{k: r[k] for k in ("prompt", "environment", "toolgym")} for r, _ in chosen])
    seen: list[list[float]] = []

    def recorded(completions, environments, **kw):
        out = reward_func(completions, environments, **kw)
        seen.append(list(out))
        return out

    args = GRPOConfig(output_dir=str(tmp_path / "out"), per_device_train_batch_size=2, num_generations=2, max_steps=2,
                      max_completion_length=6000, learning_rate=1e-3, bf16=False, use_cpu=True, report_to=[],
                      logging_steps=1, save_strategy="no", generation_kwargs={"use_cache": False}, seed=0,
                      gradient_checkpointing=False)
    trainer = GRPOTrainer(model=model, reward_funcs=[recorded], args=args, train_dataset=data, processing_class=tok,
                          environment_factory=environment_factory(r for r, _ in chosen))
    trainer.train()
    want = {r["toolgym"]: reward for r, reward in chosen}
    assert len(seen) == 2 and all(len(s) == 2 for s in seen)
    # every rollout earned its record's turn reward through TRL's own loop and our environment
    assert sorted(x for s in seen for x in s) == sorted([want[r["toolgym"]] for r, _ in chosen] * 2)
    logs = [h for h in trainer.state.log_history if "reward" in h]
    assert logs and all(h.get("tools/call_frequency", 1) > 0 for h in logs)

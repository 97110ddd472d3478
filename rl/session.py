"""``Session``: one environment and one task, driven by the raw text a model generates.

A session is what an RL trainer's rollout talks to. ``reset()`` gives the chat messages and the
tool schemas to prompt with; ``step_text(text)`` takes what the model wrote (its raw output, in
any of the common tool-call syntaxes: Hermes/Qwen ``<tool_call>`` blocks, Llama-3.x JSON,
Mistral ``[TOOL_CALLS]``, plain JSON), runs the calls in the session's world and returns the
messages to append, the reward, whether the episode is done, and what happened.
``step_message(msg)`` does the same for an OpenAI-style assistant message (``tool_calls``).

Rewards come from the environment's own checker (:func:`toolgym.envs.task.score_turn`), the one
``toolgym collect`` and the synthesis pipeline's verification use, at the step that ends a turn
(the model's text answer): binary (every check of the turn holds) or partial (the share of the
turn's checks that hold). The episode's reward, given when it ends, is the mean over the task's
turns, an unfinished turn counting 0, as in ``toolgym collect``.

Output the environment cannot read (no call and no text, a call without a name, arguments that
are no JSON object) is never an exception: the model gets a message saying what was wrong, and
after ``max_malformed`` such replies in a row the episode ends (``malformed_output``), as the
LLM policy of ``toolgym collect`` does.

Observation wire format (the ``messages`` of a step; OpenAI chat messages, JSON-ready):

* after tool calls, one message per call, in call order::

      {"role": "tool", "tool_call_id": "a1B2c3D4e", "name": "find_user",
       "content": "<the result as JSON text, or {\\"error\\": \\"...\\"} for a failed call>"}

  Calls written as text carry no ids: the session gives each a 9-character id (seeded, so
  reproducible) and ``info["assistant"]`` is the model's message with those ids (arguments as
  objects, as chat templates take them), for trainers that keep message lists;
* after a text answer that ends a turn, the next user turn: ``{"role": "user", "content": "..."}``
  (nothing after the last turn);
* after output that cannot be read: ``{"role": "user", "content": "<what was wrong; how to call>"}``.

``info`` always has ``turn`` (the index of the turn now open), ``steps``, ``calls`` (the calls
run: id, name, arguments), ``errors`` (the failed calls' messages); when a turn ends also
``turn_reward``, ``checks`` (the checker's verdicts); when the episode ends ``episode_reward``,
``turn_rewards`` and ``termination`` (``done``, ``step_budget``, ``malformed_output``,
``gave_up``); ``format`` is the syntax the calls were read from (``hermes``, ``mistral``,
``llama``, ``json``, or ``None`` for structured calls); ``tools`` appears when the offered tools
change (a turn adds a tool).

Example:
    >>> s = Session.from_record(episode)               # a record of `toolgym synth`
    >>> messages, tools = s.reset()
    >>> out = s.step_text('<tool_call>{"name": "login", "arguments": {}}</tool_call>')
    >>> out.messages[0]["role"], out.reward, out.done
    ('tool', 0.0, False)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from toolgym.errors import ConfigError, suggest
from toolgym.record import Episode, Message, ToolCall

if TYPE_CHECKING:
    from toolgym.envs.core import ToolEnv
    from toolgym.envs.task import Task, TurnScore

__all__ = ["Session", "StepResult", "STOP_TOKENS", "TERMINATIONS", "RewardMode"]

RewardMode = Literal["binary", "partial"]
TERMINATIONS = ("done", "step_budget", "malformed_output", "gave_up")
# End-of-turn tokens a serving engine may leave at the end of raw output (skip_special_tokens off).
STOP_TOKENS = ("<|im_end|>", "<|eot_id|>", "<|eom_id|>", "<|end_of_text|>", "<|endoftext|>", "</s>", "<|end|>")


@dataclass
class StepResult:
    """What one step gives back: the messages to append, the reward, whether it is over, and details."""

    messages: list[dict[str, Any]]
    reward: float
    done: bool
    info: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Any:  # ``messages, reward, done, info = session.step_text(...)``
        return iter((self.messages, self.reward, self.done, self.info))


def _strip_stop(text: str) -> str:
    t = text.rstrip()
    changed = True
    while changed:
        changed = False
        for tok in STOP_TOKENS:
            if t.endswith(tok):
                t = t[: -len(tok)].rstrip()
                changed = True
    return t


_ascii = json.JSONEncoder(ensure_ascii=True).encode  # what Message.text() writes, one encoder made once


def tool_message(result: Any) -> dict[str, Any]:
    """A tool result as the wire message the model sees (content is JSON text, as ``Message.text()``)."""
    content = _ascii({"error": result.error}) if result.error is not None else _ascii(result.content)
    return {"role": "tool", "tool_call_id": result.call_id, "name": result.name, "content": content}


def assistant_wire(msg: Message) -> dict[str, Any]:
    """A canonical assistant message in OpenAI wire form (arguments as JSON strings)."""
    from toolgym.synth.llm.wire import to_wire

    return to_wire(msg)


class Session:
    """One environment, one task (or exploration target), for a text-generating policy.

    Args:
        env: a registered environment id (``A+B`` of registered ids for a composition) or an
            environment object (the session owns it from now on).
        task: the task to pose (:class:`~toolgym.envs.task.Task`, or its dict); None with
            ``target`` for an exploration episode, None without it for free use of the tools
            (no reward; servers, tool access for trainers that score on their own).
        target: exploration mode: the tool to reach; reward 1 when a call to it succeeds.
        seed: the world seed (default: the task's, else 0).
        reward: ``"binary"`` (1 when every check of the turn holds) or ``"partial"`` (the share
            of the turn's checks that hold).
        max_steps: assistant messages per episode (default: the environment's).
        max_malformed: unreadable replies in a row before the episode ends.
        start_turn: begin at this turn of the task; the turns before it are replayed from
            ``prefix`` (the recorded assistant messages), so the world is as the record had it.
        stop_turn: end the episode once this turn is answered (default: the last turn); the
            episode's reward is then the mean over ``start_turn..stop_turn`` (a trainer whose
            rollout ends at the model's first text answer, as TRL's does, trains one turn).
        prefix: the conversation before ``start_turn`` (canonical messages or wire dicts, the
            record's); its assistant messages are replayed at reset.
        session_id: a name for logs and servers.
    """

    def __init__(
        self,
        env: "str | ToolEnv",
        task: "Task | dict[str, Any] | None" = None,
        *,
        target: str | None = None,
        seed: int | None = None,
        reward: RewardMode = "binary",
        max_steps: int | None = None,
        max_malformed: int = 3,
        start_turn: int = 0,
        stop_turn: int | None = None,
        prefix: Iterable[Message | dict[str, Any]] | None = None,
        session_id: str | None = None,
    ):
        from toolgym.envs.task import Task

        if isinstance(env, str):
            from toolgym.envs.registry import make

            env = make(env)
        if task is not None and not isinstance(task, Task):
            task = Task.model_validate(task)
        if task is not None and target is not None:
            raise ConfigError("expected at most one of task= and target= for a Session")
        if reward not in ("binary", "partial"):
            raise ConfigError(f"expected reward='binary' or 'partial', got {reward!r}{suggest(str(reward), ['binary', 'partial'])}")
        if max_malformed < 1:
            raise ConfigError(f"expected max_malformed >= 1, got {max_malformed}")
        n_turns = len(task.turns) if task is not None else 1
        if not 0 <= start_turn < n_turns:
            raise ConfigError(f"expected 0 <= start_turn < {n_turns} (the task's turns), got {start_turn}")
        if stop_turn is None:
            stop_turn = n_turns - 1
        if not start_turn <= stop_turn < n_turns:
            raise ConfigError(f"expected start_turn <= stop_turn < {n_turns}, got stop_turn {stop_turn}")
        self.stop_turn = stop_turn
        self.env = env
        self.task = task
        self.target = target
        self.seed = seed if seed is not None else (task.seed if task is not None and task.seed is not None else 0)
        self.reward_mode = reward
        self.max_steps = max_steps or env.max_steps
        self.max_malformed = max_malformed
        self.start_turn = start_turn
        self.prefix = [m if isinstance(m, Message) else _message_from_wire(m) for m in (prefix or [])]
        self.session_id = session_id
        self._reset_done = False

    # --- constructors ---------------------------------------------------------------------------

    @classmethod
    def from_record(cls, episode: Episode | dict[str, Any] | str, *, start_turn: int = 0, **kw: Any) -> "Session":
        """The task a synthesized record poses, in a new environment of the record's kind.

        ``start_turn=k`` begins at turn ``k``: the record's own turns before it are replayed.
        """
        from toolgym.synth.pipeline.tasks import episode_to_task

        if isinstance(episode, str):
            episode = Episode.from_json(episode)
        elif isinstance(episode, dict):
            episode = Episode.model_validate(episode)
        task = episode_to_task(episode)
        prefix = episode.messages[1 : episode.turns[start_turn].start] if start_turn else None
        return cls(episode.env_id, task, start_turn=start_turn, prefix=prefix, **kw)

    @classmethod
    def from_task(cls, task: "Task | dict[str, Any]", env: "str | ToolEnv | None" = None, **kw: Any) -> "Session":
        """A task (e.g. a line of a tasks file); its environment from ``env`` or ``task.meta["env_id"]``."""
        from toolgym.envs.task import Task

        if not isinstance(task, Task):
            task = Task.model_validate(task)
        env = env or task.meta.get("env_id")
        if not env:
            raise ConfigError(f"task {task.id!r} names no environment (meta.env_id); pass env=ID")
        return cls(env, task, **kw)

    @classmethod
    def from_row(cls, row: dict[str, Any], **kw: Any) -> "Session":
        """The session an ``rl`` export row (``toolgym export --format rl``) describes."""
        from .rows import session_args

        return cls(**{**session_args(row), **kw})

    # --- the episode ------------------------------------------------------------------------------

    @property
    def tool_names(self) -> frozenset[str]:
        names = self.__dict__.get("_names")
        if names is None or names[0] != len(self.env._offered):  # tools are only ever added
            names = self._names = (len(self.env._offered), frozenset(self.env._offered))
        return names[1]

    def tools(self) -> list[dict[str, Any]]:
        """The offered tools in OpenAI form (``{"type": "function", "function": {...}}``)."""
        defs = self.env.all_tooldefs()
        return [defs[n].spec.to_openai() for n in self.env.offered_tools]

    def reset(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Build the world and pose the task: ``(messages, tools)`` to prompt the model with.

        ``messages`` is the system prompt and the first user turn (with ``start_turn``, the
        whole conversation before that turn's user message, then it).
        """
        from toolgym.synth.rollout import policy_rng

        env = self.env
        env.max_steps = self.max_steps
        if self.task is not None:
            _, info = env.reset(seed=self.seed, options={"task": self.task})
            first = self.task.turns[0].user
            self._rng = policy_rng(self.seed, self.task.id, "session")
        elif self.target is None:  # free use of the tools
            _, info = env.reset(seed=self.seed)
            first = None
            self._rng = policy_rng(self.seed, "free", "session")
        else:
            _, info = env.reset(seed=self.seed)
            if self.target not in env.offered_tools:
                raise ConfigError(f"no tool {self.target!r} offered by {env.env_id}{suggest(str(self.target), env.offered_tools)}")
            from toolgym.synth.chain import explore_request

            first = explore_request(self.target, env.all_tooldefs()[self.target].spec.description)
            self._rng = policy_rng(self.seed, self.target, "session")
        self._turn_rewards: list[float] = []
        self._turn = 0
        self._steps = 0
        self._malformed = 0
        self._done = False
        self._termination: str | None = None
        self._offered = list(env.offered_tools)
        self.__dict__.pop("_names", None)
        messages: list[dict[str, Any]] = [{"role": "system", "content": info["system_prompt"]}]
        if first is not None:
            messages.append({"role": "user", "content": first})
        self.last_results: list[Any] = []
        if self.start_turn:
            messages += self._replay_prefix()
        self.messages = messages
        self._reset_done = True
        return [dict(m) for m in messages], self.tools()

    def _replay_prefix(self) -> list[dict[str, Any]]:
        """Run the recorded turns before ``start_turn``; the conversation they make."""
        out: list[dict[str, Any]] = []
        for m in self.prefix:
            if m.role != "assistant":
                continue
            _, _, terminated, _, info = self.env.step(_action(m))
            out.append(assistant_wire(m))
            if "tool_results" in info:
                out += [tool_message(r) for r in info["tool_results"]]
            elif "turn_score" in info:
                self._turn += 1
                if terminated or self._turn > self.start_turn:
                    raise ConfigError("the recorded prefix answers more turns than start_turn")
                out.append({"role": "user", "content": self.task.turns[self._turn].user})  # type: ignore[union-attr]
            else:
                raise ConfigError(f"the recorded prefix holds an action the environment cannot read: {info.get('error')}")
        if self._turn != self.start_turn:
            raise ConfigError(f"the recorded prefix ends at turn {self._turn}, expected start_turn {self.start_turn}")
        self._steps = 0
        self.env._steps = 0  # the budget counts the model's own steps
        self._offered = list(self.env.offered_tools)
        return out

    @property
    def done(self) -> bool:
        return self._done

    def step_text(self, text: str) -> StepResult:
        """Run the model's raw output; see the module docstring for what comes back."""
        from toolgym.synth.llm.parse import parse_message

        self._check_open()
        if not isinstance(text, str):
            return self._malformed_step(f"expected the model's output as a string, got {type(text).__name__}", None)
        text = _strip_stop(text)
        fast = self._fast_read(text)
        if fast is not None:
            self._malformed = 0
            return self._step(*fast)
        parsed = parse_message({"role": "assistant", "content": text}, self.tool_names, self._rng)
        return self._run_parsed(parsed)

    def _fast_read(self, text: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The common case read with the parser's own pieces, without building message objects:
        calls whose names are strings and arguments JSON objects, or a plain answer. Anything
        else (no usable content, unreadable calls, ids to keep) goes to ``parse_message``."""
        from toolgym.record import new_call_id
        from toolgym.synth.llm.parse import split_think, text_tool_calls

        content, _ = split_think(text)
        if content is None or not content.strip():
            return None
        found, rest, fmt = text_tool_calls(content, self.tool_names)
        if not found:
            return {"content": content}, {"format": None}
        calls = []
        for name, args in found:
            if not isinstance(name, str) or not name or not isinstance(args, dict):
                return None
            calls.append({"id": new_call_id(self._rng), "name": name, "arguments": args})
        info: dict[str, Any] = {"format": fmt}
        unknown = [c["name"] for c in calls if c["name"] not in self.tool_names]
        if unknown:
            info["problems"] = [f"unknown tool {n!r}" for n in unknown]
        return {"content": rest.strip() if rest and rest.strip() else None, "tool_calls": calls}, info

    def step_message(self, message: dict[str, Any]) -> StepResult:
        """Run an OpenAI-style assistant message (``content`` and/or ``tool_calls``)."""
        from toolgym.synth.llm.parse import parse_message

        self._check_open()
        if not isinstance(message, dict):
            return self._malformed_step(f"expected an assistant message object, got {type(message).__name__}", None)
        msg = dict(message)
        if isinstance(msg.get("content"), str):
            msg["content"] = _strip_stop(msg["content"])
        parsed = parse_message(msg, self.tool_names, self._rng)
        return self._run_parsed(parsed)

    async def astep_text(self, text: str) -> StepResult:
        """:meth:`step_text` for async rollouts (a step is CPU work of microseconds: nothing to await)."""
        return self.step_text(text)

    async def astep_message(self, message: dict[str, Any]) -> StepResult:
        return self.step_message(message)

    def call_tool(self, name: str, arguments: Any = None) -> tuple[Any, StepResult]:
        """Run one tool call in the session's world (MCP, TRL): ``(ToolResult, StepResult)``.

        The call goes through the environment's ``step`` like any other: it counts as a step,
        meets the turn's injected errors, is validated; a failure is the result's ``error``
        (with the environment's hint: the nearest tool name, the call a precondition needs).
        """
        from toolgym.record import ToolResult, new_call_id

        self._check_open()
        cid = new_call_id(self._rng)
        if arguments is None:
            arguments = {}
        res = self.step_message({"role": "assistant", "content": None,
                                 "tool_calls": [{"id": cid, "type": "function", "function": {"name": name, "arguments": arguments}}]})
        if self.last_results:
            return self.last_results[0], res
        return ToolResult(cid, name, error=res.info.get("error") or "the call could not be read"), res

    # --- internals --------------------------------------------------------------------------------

    def _check_open(self) -> None:
        if not self._reset_done:
            raise ConfigError("call reset() before stepping a Session")
        if self._done:
            raise ConfigError(f"the episode is over ({self._termination}); call reset() to start again")

    def _run_parsed(self, parsed: Any) -> StepResult:
        if parsed.message is None:
            feedback = [m for m in parsed.feedback if m.get("role") != "assistant"] or [
                {"role": "user", "content": f"({parsed.error}.) Reply with a tool call, or answer in text."}]
            return self._malformed_step(parsed.error or "unreadable output", feedback, parsed)
        self._malformed = 0
        msg: Message = parsed.message
        fmt = None
        for p in parsed.problems:
            if p.startswith("tool calls written as text ("):
                fmt = p[len("tool calls written as text ("):].split(" ", 1)[0]
        info: dict[str, Any] = {"format": fmt}
        if parsed.problems:
            info["problems"] = list(parsed.problems)
        return self._step(_action(msg), info)

    def _malformed_step(self, why: str, feedback: list[dict[str, Any]] | None, parsed: Any = None) -> StepResult:
        self._malformed += 1
        self.last_results = []
        msgs = feedback or [{"role": "user", "content": f"({why}.) Reply with a tool call, or answer in text."}]
        info: dict[str, Any] = {"error": why, "malformed": self._malformed, "turn": self._turn, "steps": self._steps,
                                "calls": [], "errors": []}
        if self._malformed >= self.max_malformed:
            return self._finish("malformed_output", msgs, 0.0, info)
        return StepResult(msgs, 0.0, False, info)

    def _step(self, action: dict[str, Any], info: dict[str, Any]) -> StepResult:
        env = self.env
        self._steps += 1
        calls = action.get("tool_calls") or []
        info["assistant"] = {"role": "assistant", "content": action["content"], **(
            {"tool_calls": [{"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": c["arguments"]}}
                            for c in calls]} if calls else {})}
        _, _, terminated, truncated, sinfo = env.step(action)
        info.update({"turn": self._turn, "steps": self._steps, "calls": calls, "errors": []})
        out: list[dict[str, Any]] = []
        reward = 0.0
        self.last_results = []
        if "tool_results" in sinfo:
            results = self.last_results = sinfo["tool_results"]
            out = [tool_message(r) for r in results]
            info["errors"] = [r.error for r in results if r.error is not None]
            if self.target is not None and any(r.name == self.target and r.error is None for r in results):
                self._turn_rewards.append(1.0)
                return self._finish("done", out, 1.0, info)
        elif "turn_score" in sinfo:
            score: TurnScore = sinfo["turn_score"]
            reward = self._turn_reward(score)
            self._turn_rewards.append(reward)
            info.update({"turn_reward": reward, "checks": dict(score.checks)})
            if terminated or self._turn >= self.stop_turn:
                return self._finish("done", out, reward, info)
            self._turn += 1
            info["turn"] = self._turn
            out = [{"role": "user", "content": self.task.turns[self._turn].user}]  # type: ignore[union-attr]
            if list(env.offered_tools) != self._offered:
                self._offered = list(env.offered_tools)
                info["tools"] = self.tools()
        elif self.task is None and self.target is None and sinfo.get("error") is None:
            return self._finish("done", out, 0.0, info)  # free use: a text answer ends it
        elif self.target is not None and "tool_results" not in sinfo and sinfo.get("error") is None:
            # exploration: a text answer before the target ran
            return self._finish("gave_up", out, 0.0, info)
        elif "error" in sinfo:  # not reachable with parsed messages; kept so nothing is silent
            return self._malformed_step(str(sinfo["error"]), None)
        if truncated or self._steps >= self.max_steps:
            return self._finish("step_budget", out, reward, info)
        return StepResult(out, reward, False, info)

    def _turn_reward(self, score: "TurnScore") -> float:
        if self.reward_mode == "partial" and score.checks:
            return sum(score.checks.values()) / len(score.checks)
        return score.reward

    def _finish(self, termination: str, messages: list[dict[str, Any]], reward: float, info: dict[str, Any]) -> StepResult:
        self._done = True
        self._termination = termination
        n = self.stop_turn - self.start_turn + 1 if self.task is not None else 1
        rewards = list(self._turn_rewards)
        if termination != "done" and len(rewards) < n:
            rewards.append(0.0)  # the unfinished turn, as `toolgym collect` scores it
        info.update({"termination": termination, "turn_rewards": rewards,
                     "episode_reward": sum(rewards) / n if n else 0.0, "state_hash": self.env.state_hash()})
        return StepResult(messages, reward, True, info)

    @property
    def episode_reward(self) -> float | None:
        """The episode's reward once it is over (mean of the turn rewards), else None."""
        if not self._done:
            return None
        n = self.stop_turn - self.start_turn + 1 if self.task is not None else 1
        total = sum(self._turn_rewards)
        return total / n if n else 0.0

    @property
    def turn_rewards(self) -> list[float]:
        return list(self._turn_rewards)

    @property
    def termination(self) -> str | None:
        return self._termination

    def close(self) -> None:
        """Release the world (the session cannot be stepped again until ``reset``)."""
        self._done = True
        self._termination = self._termination or "closed"
        self.env.close()


def _action(msg: Message) -> dict[str, Any]:
    # The dict action env.step takes as is (the same as the rollout's, see synth/rollout.py).
    out: dict[str, Any] = {"content": msg.content if isinstance(msg.content, str) or msg.content is None else str(msg.content)}
    if msg.tool_calls:
        out["tool_calls"] = [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in msg.tool_calls]
    return out


def _message_from_wire(m: dict[str, Any]) -> Message:
    """A wire message (OpenAI form, arguments as JSON strings or objects) as a canonical one."""
    import json

    role = m.get("role")
    if role == "assistant":
        calls = []
        for c in m.get("tool_calls") or []:
            fn = c.get("function") if isinstance(c.get("function"), dict) else c
            args = fn.get("arguments") or {}
            if isinstance(args, str):
                args = json.loads(args) if args.strip() else {}
            calls.append(ToolCall(id=c.get("id") or "", name=fn.get("name") or "", arguments=args))
        return Message(role="assistant", content=m.get("content"), tool_calls=calls)
    return Message(role=role, content=m.get("content"), tool_call_id=m.get("tool_call_id"), name=m.get("name"))


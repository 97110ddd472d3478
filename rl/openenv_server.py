"""A toolgym environment behind an OpenEnv-style API: WebSocket and HTTP reset / step / state.

``toolgym serve-env --env ID --protocol openenv`` runs it. The wire protocol is OpenEnv's (what
``openenv``'s ``GenericEnvClient`` speaks), so OpenEnv clients, and trainers that take OpenEnv
environments (TRL, verifiers' OpenEnv taskset, NeMo-RL), drive a toolgym :class:`Session`:

WebSocket ``/ws`` (one session per connection)::

    -> {"type": "reset", "data": {"seed": 3, "task": {...}}}      (all fields optional)
    <- {"type": "observation", "data": {"observation": {"messages": [...], "tools": [...]},
                                        "reward": null, "done": false}}
    -> {"type": "step", "data": {"text": "<raw model output>"}}
    <- {"type": "observation", "data": {"observation": {"messages": [...], "info": {...}},
                                        "reward": 0.0, "done": false}}
    -> {"type": "state"}          <- {"type": "state", "data": {"session_id": ..., "turn": ...}}
    -> {"type": "close"}
    errors: {"type": "error", "data": {"message": "...", "code": "..."}}

HTTP: ``POST /reset`` (body: the reset fields) answers the observation plus
``metadata.session_id``; ``POST /step`` takes ``{"action": {...}, "session_id": ...}``;
``GET /state?session_id=``; ``GET /health``, ``GET /schema`` (the action, observation and state
schemas), ``GET /metadata``.

Reset fields: ``seed``; ``task`` (a :class:`~toolgym.envs.task.Task` object: task mode, rewards
per turn); ``record`` (a synthesized episode: its task, optionally from ``start_turn``);
``toolgym`` (the payload of an ``rl`` export row: the task and the turns it covers);
``target`` (exploration); ``reward`` (``binary``/``partial``). Nothing: free use of the tools.

An action is ``{"text": "<raw model output>"}`` (any tool-call syntax the session reads),
``{"message": {<OpenAI assistant message>}}``, an OpenAI assistant message itself
(``content``/``tool_calls``), or one call object ``{"name": ..., "arguments": {...}}``. The
observation's ``messages`` and ``info`` are the session's step result (see
:mod:`toolgym.rl.session` for the wire format of messages).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from toolgym.errors import ToolgymError

from .pool import PoolFull, SessionPool, UnknownSession
from .session import Session, StepResult

__all__ = ["OpenEnvServer", "ACTION_SCHEMA", "action_to_step"]

ACTION_SCHEMA: dict[str, Any] = {
    "title": "ToolgymAction",
    "type": "object",
    "description": "The model's output: raw text (any tool-call syntax), or an OpenAI-style assistant message.",
    "properties": {
        "text": {"type": "string", "description": "the model's raw output"},
        "message": {"type": "object", "description": "an OpenAI assistant message (content, tool_calls)"},
    },
    "required": ["text"],
}
OBSERVATION_SCHEMA: dict[str, Any] = {
    "title": "ToolgymObservation",
    "type": "object",
    "properties": {
        "messages": {"type": "array", "items": {"type": "object"}, "description": "chat messages to append"},
        "tools": {"type": "array", "items": {"type": "object"}, "description": "offered tools (OpenAI form), at reset"},
        "info": {"type": "object"},
    },
}
STATE_SCHEMA: dict[str, Any] = {
    "title": "ToolgymState",
    "type": "object",
    "properties": {k: {} for k in ("session_id", "env_id", "seed", "episode_id", "step_count", "turn", "done",
                                   "termination", "turn_rewards", "state_hash")},
}


class ActionError(ToolgymError):
    pass


def action_to_step(session: Session, action: Any) -> StepResult:
    """Run one OpenEnv action (see the module docstring) on ``session``."""
    if not isinstance(action, dict):
        raise ActionError(f"expected an action object, got {type(action).__name__}")
    if "text" in action:
        text = action["text"]
        return session.step_text(text if isinstance(text, str) else json.dumps(text))
    if "message" in action:
        return session.step_message(action["message"])
    if "tool_calls" in action or "content" in action:
        return session.step_message({"role": "assistant", **{k: action[k] for k in ("content", "tool_calls") if k in action}})
    if isinstance(action.get("name"), str):
        return session.step_text(json.dumps(action))
    raise ActionError(f"expected an action with 'text' or 'message', got keys {sorted(action)[:8]}")


@dataclass
class OpenEnvServer:
    """The OpenEnv-style server of one environment id; :meth:`app` is its ASGI application."""

    env_id: str
    seed: int = 0
    max_sessions: int = 64
    idle_timeout: float | None = 600.0
    max_steps: int | None = None

    def __post_init__(self) -> None:
        from toolgym.envs.registry import make

        make(self.env_id)  # a clear error for an unknown id, before serving
        self.pool = SessionPool(self.max_sessions, self.idle_timeout)
        self.steps = 0

    # --- the protocol, transport-free ------------------------------------------------------------

    def new_session(self, data: dict[str, Any] | None) -> tuple[str, Session, dict[str, Any]]:
        """Open a session from reset fields: ``(id, session, serialized observation)``."""
        sid, session = self.pool.open(self._build(data or {}))
        return sid, session, self._reset(session, sid)

    def _build(self, data: dict[str, Any]) -> Session:
        if not isinstance(data, dict):
            raise ActionError(f"expected reset fields as an object, got {type(data).__name__}")
        known = {"seed", "task", "record", "start_turn", "target", "reward", "episode_id", "max_steps", "toolgym"}
        unknown = sorted(set(data) - known)
        if unknown:
            from toolgym.errors import suggest

            raise ActionError(f"unknown reset fields {unknown}{suggest(unknown[0], known)}; expected some of {sorted(known)}")
        kw: dict[str, Any] = {"max_steps": data.get("max_steps") or self.max_steps}
        if "reward" in data:
            kw["reward"] = data["reward"]
        if data.get("toolgym") is not None:  # a row's payload (`toolgym export --format rl`)
            from .rows import session_args

            args = session_args({"toolgym": data["toolgym"]})
            if args["env"] != self.env_id:
                raise ActionError(f"expected a task of {self.env_id}, got one of {args['env']}")
            return Session(**{**args, **kw})
        if data.get("record") is not None:
            s = Session.from_record(data["record"], start_turn=int(data.get("start_turn") or 0), **kw)
            if s.env.env_id.split("+") != self.env_id.split("+") and s.env.env_id != self.env_id:
                raise ActionError(f"expected a record of {self.env_id}, got one of {s.env.env_id}")
            return s
        seed = data.get("seed", self.seed)
        if seed is not None and (type(seed) is not int or seed < 0):
            raise ActionError(f"expected seed to be an integer >= 0, got {seed!r}")
        return Session(self.env_id, data.get("task"), target=data.get("target"), seed=seed, **kw)

    def _reset(self, session: Session, sid: str) -> dict[str, Any]:
        messages, tools = session.reset()
        return {"observation": {"messages": messages, "tools": tools}, "reward": None, "done": False,
                "metadata": {"session_id": sid, "env_id": session.env.env_id, "seed": session.seed}}

    def step(self, sid: str, action: Any) -> dict[str, Any]:
        session = self.pool.get(sid)
        res = action_to_step(session, action)
        self.steps += 1
        return {"observation": {"messages": res.messages, "info": _jsonable(res.info)}, "reward": res.reward, "done": res.done}

    def state(self, sid: str) -> dict[str, Any]:
        s = self.pool.get(sid)
        return {"session_id": sid, "env_id": s.env.env_id, "seed": s.seed, "episode_id": s.task.id if s.task else None,
                "step_count": getattr(s, "_steps", 0), "turn": getattr(s, "_turn", 0), "done": s.done,
                "termination": s.termination, "turn_rewards": s.turn_rewards, "state_hash": s.env.state_hash()}

    # --- transports ------------------------------------------------------------------------------

    def app(self) -> Any:
        """The Starlette app: ``/ws``, ``/reset``, ``/step``, ``/state``, ``/health``, ``/schema``, ``/metadata``."""
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import JSONResponse
        from starlette.routing import Route, WebSocketRoute
        from starlette.websockets import WebSocket, WebSocketDisconnect

        def error(message: str, code: str, status: int = 400) -> JSONResponse:
            return JSONResponse({"error": {"message": message, "code": code}}, status_code=status)

        async def body(request: Request) -> Any:
            raw = await request.body()
            if not raw.strip():
                return {}
            from toolgym import safejson

            return safejson.loads(raw)

        async def reset(request: Request) -> JSONResponse:
            try:
                sid, _, obs = self.new_session(await body(request))
            except PoolFull as e:
                return error(str(e), "CAPACITY_REACHED", 503)
            except (ToolgymError, ValueError) as e:
                return error(str(e), "INVALID_RESET")
            return JSONResponse(obs)

        async def step(request: Request) -> JSONResponse:
            try:
                data = await body(request)
                if not isinstance(data, dict) or "action" not in data:
                    raise ActionError("expected {\"action\": {...}, \"session_id\": ...}")
                return JSONResponse(self.step(str(data.get("session_id")), data["action"]))
            except UnknownSession as e:
                return error(str(e), "UNKNOWN_SESSION", 404)
            except (ToolgymError, ValueError) as e:
                return error(str(e), "INVALID_ACTION")

        async def state(request: Request) -> JSONResponse:
            try:
                return JSONResponse(self.state(str(request.query_params.get("session_id"))))
            except UnknownSession as e:
                return error(str(e), "UNKNOWN_SESSION", 404)

        async def health(request: Request) -> JSONResponse:
            return JSONResponse({"status": "healthy", "sessions": len(self.pool), "max_sessions": self.max_sessions})

        async def schema(request: Request) -> JSONResponse:
            return JSONResponse({"action": ACTION_SCHEMA, "observation": OBSERVATION_SCHEMA, "state": STATE_SCHEMA})

        async def metadata(request: Request) -> JSONResponse:
            from toolgym import __version__

            return JSONResponse({"name": self.env_id, "description": f"toolgym environment {self.env_id}",
                                 "version": __version__})

        async def ws(websocket: WebSocket) -> None:
            await websocket.accept()
            sid: str | None = None
            try:
                while True:
                    raw = await websocket.receive_text()
                    try:
                        msg = json.loads(raw)
                        kind = msg.get("type") if isinstance(msg, dict) else None
                        if kind == "reset":
                            if sid is not None:
                                self.pool.close(sid)
                                sid = None
                            sid, _, obs = self.new_session(msg.get("data") or {})
                            out = {"type": "observation", "data": obs}
                        elif kind == "step":
                            if sid is None:
                                raise ActionError("expected a reset before the first step")
                            out = {"type": "observation", "data": self.step(sid, msg.get("data"))}
                        elif kind == "state":
                            if sid is None:
                                raise ActionError("expected a reset before asking for the state")
                            out = {"type": "state", "data": self.state(sid)}
                        elif kind == "close":
                            break
                        else:
                            out = {"type": "error", "data": {"message": f"unknown message type {kind!r}; expected reset, step, "
                                                                        "state or close", "code": "UNKNOWN_TYPE"}}
                    except PoolFull as e:
                        out = {"type": "error", "data": {"message": str(e), "code": "CAPACITY_REACHED"}}
                    except UnknownSession as e:
                        sid = None
                        out = {"type": "error", "data": {"message": str(e), "code": "UNKNOWN_SESSION"}}
                    except (ToolgymError, ValueError) as e:
                        out = {"type": "error", "data": {"message": str(e), "code": "EXECUTION_ERROR"}}
                    await websocket.send_text(json.dumps(out))
            except WebSocketDisconnect:
                pass
            finally:
                if sid is not None:
                    self.pool.close(sid)

        routes = [Route("/reset", reset, methods=["POST"]), Route("/step", step, methods=["POST"]),
                  Route("/state", state, methods=["GET"]), Route("/health", health, methods=["GET"]),
                  Route("/schema", schema, methods=["GET"]), Route("/metadata", metadata, methods=["GET"]),
                  WebSocketRoute("/ws", ws)]
        return Starlette(routes=routes)


def _jsonable(info: dict[str, Any]) -> dict[str, Any]:
    # info holds plain data already (the session builds it); the checker's verdicts are bools.
    return {k: v for k, v in info.items()}

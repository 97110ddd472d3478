"""A small mail environment for the LLM-policy tests (kept here so they do not depend on the
built-in domains, which evolve on their own). Importing it registers ``test/LLMMail-v0``."""

from __future__ import annotations

from typing import Annotated, Any

from typing_extensions import TypedDict

from toolgym.envs import Entity, ToolEnv, ToolError, register, state, tool

UserId = Annotated[str, Entity("user", label="name")]

NAMES = ["Ann Smith", "Bob Jones", "Cleo Park", "Dan Wu", "Eve Stone", "Finn Hart"]


class UserRef(TypedDict):
    user_id: UserId
    name: str


class Mail(ToolEnv):
    """A mailbox. Log in first; find people by name; send them mail by user id."""

    domain = "mail"
    me = state(None)

    def build(self, world: Any) -> None:
        rng = world.rng("users")
        ids = rng.sample(range(1000, 9999), len(NAMES))
        self.users = world.table("users", {f"U{i}": {"user_id": f"U{i}", "name": n} for i, n in zip(ids, NAMES, strict=False)})
        self.sent = world.table("sent")

    @tool(establishes="logged_in", writes=True)
    def login(self, username: str) -> str:
        """Log in.

        Args:
            username: your handle.
        """
        if username != "me":
            raise ToolError(f"no account {username!r}; your handle is 'me'")
        self.me = username
        return "ok"

    @tool(needs="logged_in")
    def find_user(self, name: str) -> list[UserRef]:
        """Find people by (part of) their name.

        Args:
            name: the name to look for.
        """
        return [{"user_id": u["user_id"], "name": u["name"]} for u in self.users.values() if name.lower() in u["name"].lower()]

    @tool(needs="logged_in", writes=True)
    def send_mail(self, to: UserId, text: str) -> dict:
        """Send mail to a user.

        Args:
            to: the receiver's user id.
            text: the body.
        """
        if to not in self.users:
            raise ToolError(f"no user {to!r}; find_user gives ids")
        key = f"M{len(self.sent) + 1}"
        self.sent[key] = {"id": key, "to": to, "text": text}
        return {"id": key}

    @tool(needs="logged_in")
    def count_sent(self) -> int:
        """How many mails you have sent."""
        return len(self.sent)


ENV_ID = "test/LLMMail-v0"
register(ENV_ID, "tests.llm.mail_env:Mail")

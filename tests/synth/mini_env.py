"""A small chat environment for the graph and exploration tests (entities, flags, a condition).

Kept in the tests so they do not depend on the built-in domains, which evolve on their own.
"""

from __future__ import annotations

from typing import Annotated, Any

from typing_extensions import TypedDict

from toolgym.envs import Entity, ToolEnv, ToolError, condition, pools, register, state, tool

UserId = Annotated[str, Entity("user", label="name")]
MessageId = Annotated[str, Entity("message", label="text")]
Username = Annotated[str, Entity("username", internal=False)]


class UserRef(TypedDict):
    user_id: UserId
    name: str
    username: Username


class Sent(TypedDict):
    message_id: MessageId
    receiver_id: UserId
    text: str


class Chat(ToolEnv):
    """A team chat. Log in first; find people by name; message them by id."""

    domain = "chat"
    me = state(None)
    drafts = state(0)

    def build(self, world: Any) -> None:
        rng = world.rng("users")
        people = pools.people(rng, 30)
        self.users = world.table(
            "users",
            {f"U{i:04d}": {"user_id": f"U{i:04d}", "name": p["name"], "username": p["username"], "city": rng.choice(pools.pool("city"))} for i, p in enumerate(people)},
        )
        self.messages = world.table("messages")

    @tool(establishes="logged_in", writes=True)
    def login(self, username: Username) -> str:
        """Log in.

        Args:
            username: the user's handle.
        """
        if not self.users.where(username=username):
            raise ToolError(f"no user {username!r}")
        self.me = username
        return "ok"

    @tool(needs="logged_in", revokes="logged_in", writes=True)
    def logout(self) -> str:
        """Log out."""
        self.me = None
        return "bye"

    @tool(needs="logged_in")
    def find_user(self, name: str) -> list[UserRef]:
        """Find users by name.

        Args:
            name: full name.
        """
        return [{"user_id": r["user_id"], "name": r["name"], "username": r["username"]} for r in self.users.where(name=name)]

    @tool(needs="logged_in", writes=True)
    def send_message(self, receiver_id: UserId, text: str) -> Sent:
        """Send a direct message.

        Args:
            receiver_id: who receives it.
            text: the body.
        """
        if receiver_id not in self.users:
            raise ToolError(f"no user {receiver_id!r}")
        mid = f"M{len(self.messages):04d}"
        self.messages[mid] = {"message_id": mid, "receiver_id": receiver_id, "text": text}
        return {"message_id": mid, "receiver_id": receiver_id, "text": text}

    @tool(needs="logged_in", writes=True)
    def delete_message(self, message_id: MessageId) -> str:
        """Delete a sent message.

        Args:
            message_id: the message.
        """
        if message_id not in self.messages:
            raise ToolError(f"no message {message_id!r}")
        del self.messages[message_id]
        return "deleted"

    @tool(needs="logged_in", writes=True)
    def save_draft(self, text: str) -> int:
        """Save a draft.

        Args:
            text: the draft.
        """
        self.drafts = self.drafts + 1
        return self.drafts

    @condition
    def has_drafts(self) -> bool:
        return self.drafts > 0

    @tool(needs=("logged_in", "has_drafts"), writes=True)
    def send_drafts(self) -> int:
        """Send every saved draft."""
        n = self.drafts
        self.drafts = 0
        return n

    @tool
    def weather(self, city: str) -> str:
        """Weather in a city.

        Args:
            city: a city name.
        """
        return "sunny"


class ChatWithHook(Chat):
    """Chat whose author tells the graph that save_draft makes has_drafts hold."""

    def customize_graph(self, graph: Any) -> None:
        graph.add_edge("save_draft", "send_drafts", "state", flag="has_drafts")
        graph.remove_edge("send_message", "delete_message")  # keep only real producers


class OrderRow(TypedDict):
    order_id: str
    item: str


class Plain(ToolEnv):
    """A store with no entity annotations: the graph falls back on field names."""

    domain = "plain"

    def build(self, world: Any) -> None:
        rng = world.rng("orders")
        self.orders = world.table("orders", {f"O{i}": {"order_id": f"O{i}", "item": rng.choice(["pen", "cup"])} for i in range(20)})

    @tool
    def list_orders(self) -> list[OrderRow]:
        """All orders."""
        return [{"order_id": k, "item": v["item"]} for k, v in self.orders.items()]

    @tool(writes=True)
    def cancel_order(self, order_id: str) -> str:
        """Cancel an order.

        Args:
            order_id: the order.
        """
        if order_id not in self.orders:
            raise ToolError(f"no order {order_id!r}")
        del self.orders[order_id]
        return "cancelled"


# Registered by id (a string entry point: importing this module twice is harmless), so runs and
# the command line (`--plugin mini_env --env test/ChatWithHook-v0`) find it through the registry.
register("test/ChatWithHook-v0", "mini_env:ChatWithHook")

"""A small chat environment for the pipeline tests: login, lookups by name, ids only tools know.

It has what the synthesis pipeline needs to be exercised without the built-in domains: a state
precondition (``logged_in``), internal entities with labels (a user id the user knows by name,
a channel id known by its title), an internal entity without a label (a message id), writes
whose new ids derive from state (so a restored world re-creates the same ids), and several
intents per tool.
"""

from __future__ import annotations

from typing import Annotated

from typing_extensions import TypedDict

from toolgym.canonical import stable_hash
from toolgym.envs import Entity, ToolEnv, ToolError, pools, state, tool

UserId = Annotated[str, Entity("user", label="name")]
ChannelId = Annotated[str, Entity("channel", label="title")]
MessageId = Annotated[str, Entity("message")]


class UserRef(TypedDict):
    user_id: UserId
    name: str


class ChannelRef(TypedDict):
    channel_id: ChannelId
    title: str


class Sent(TypedDict):
    message_id: MessageId
    to: str
    text: str


class Chat(ToolEnv):
    """A team chat workspace. Log in before anything else."""

    domain = "chat"
    session = state(None)
    sent_count = state(0)

    def build(self, world) -> None:  # type: ignore[no-untyped-def]
        rng = world.rng("users")
        people = pools.people(rng, 30)
        ids = rng.sample(range(16**6), len(people))
        self.users = world.table(
            "users", {f"U{i:06x}": {"user_id": f"U{i:06x}", "name": p["name"], "email": p["email"]} for i, p in zip(ids, people, strict=False)}
        )
        crng = world.rng("channels")
        titles = crng.sample(["general", "random", "design", "ops", "sales", "hiring", "books"], 5)
        self.channels = world.table("channels", {f"C{crng.getrandbits(24):06x}": {"title": t} for t in titles})
        self.messages = world.table("messages")
        me = world.persona
        self.account = {"username": me["username"], "password": me["password"]}

    @tool(writes=True, establishes="logged_in", intents=[
        "log me in as {username} with password {password}",
        "sign in with username {username} and password {password}",
        "log in as {username}, password {password}",
    ])
    def login(self, username: str, password: str) -> dict:
        """Log in to the workspace.

        Args:
            username: the account's username.
            password: the account's password.
        """
        if username != self.account["username"] or password != self.account["password"]:
            raise ToolError("wrong username or password")
        self.session = username
        return {"logged_in": True, "username": username}

    @tool(needs="logged_in", intents=[
        "find the user called {name}",
        "look up {name}",
        "search for {name} in the directory",
    ])
    def find_user(self, name: str) -> list[UserRef]:
        """Find users whose name contains the text.

        Args:
            name: part of the person's full name.
        """
        q = name.lower().strip()
        if not q:
            raise ToolError("name must not be empty")
        return [{"user_id": k, "name": r["name"]} for k, r in self.users.items() if q in r["name"].lower()]

    @tool(needs="logged_in", intents=[
        "show me the profile of {user_id}",
        "what is the email of {user_id}",
        "get {user_id}'s profile",
    ])
    def get_profile(self, user_id: UserId) -> dict:
        """A user's profile.

        Args:
            user_id: the user (from find_user).
        """
        row = self.users.get(user_id)
        if row is None:
            raise ToolError(f"no user {user_id!r}; find_user gives ids")
        return {"name": row["name"], "email": row["email"]}

    @tool(needs="logged_in", writes=True, intents=[
        "send {receiver_id} a message saying {text}",
        "message {receiver_id}: {text}",
        "tell {receiver_id} {text}",
    ])
    def send_message(self, receiver_id: UserId, text: str) -> Sent:
        """Send a direct message.

        Args:
            receiver_id: the user who receives it (from find_user).
            text: the message body.
        """
        row = self.users.get(receiver_id)
        if row is None:
            raise ToolError(f"no user {receiver_id!r}; find_user gives ids")
        if not text.strip():
            raise ToolError("text must not be empty")
        n = self.sent_count
        mid = "M" + stable_hash([self.world_scope.seed, "msg", n], length=4)
        self.sent_count = n + 1
        self.messages[mid] = {"to": receiver_id, "text": text}
        return {"message_id": mid, "to": row["name"], "text": text}

    @tool(needs="logged_in", writes=True, intents=[
        "delete the message {message_id}",
        "remove message {message_id}",
        "unsend {message_id}",
    ])
    def delete_message(self, message_id: MessageId) -> dict:
        """Delete a message you sent.

        Args:
            message_id: the message (from send_message).
        """
        if message_id not in self.messages:
            raise ToolError(f"no message {message_id!r}")
        del self.messages[message_id]
        return {"deleted": message_id}

    @tool(needs="logged_in", intents=[
        "list the channels",
        "which channels are there",
        "show me all channels",
    ])
    def list_channels(self) -> list[ChannelRef]:
        """List the workspace's channels."""
        return [{"channel_id": k, "title": r["title"]} for k, r in self.channels.items()]

    @tool(needs="logged_in", writes=True, intents=[
        "post {text} in {channel_id}",
        "write {text} to the {channel_id} channel",
        "share {text} on {channel_id}",
    ])
    def post(self, channel_id: ChannelId, text: str) -> dict:
        """Post a message to a channel.

        Args:
            channel_id: the channel (from list_channels).
            text: what to post.
        """
        if channel_id not in self.channels:
            raise ToolError(f"no channel {channel_id!r}; list_channels gives ids")
        n = self.sent_count
        mid = "M" + stable_hash([self.world_scope.seed, "msg", n], length=4)
        self.sent_count = n + 1
        self.messages[mid] = {"channel": channel_id, "text": text}
        return {"message_id": mid, "channel": self.channels[channel_id]["title"]}

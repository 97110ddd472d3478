"""The Messaging environment: a team chat workspace (direct messages, contacts, channels)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from toolgym.canonical import stable_hash
from toolgym.envs.core import ToolEnv
from toolgym.envs.tooling import Entity, ToolError, tool
from toolgym.envs.world import WorldScope

from .data import NOW, build_world
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Messaging"]

UserId = Annotated[str, Entity("user", label="name")]
MessageId = Annotated[str, Entity("message", label="text")]
ChannelId = Annotated[str, Entity("channel", label="name")]
Limit = Annotated[int, Field(ge=1, le=100)]
_MAX_TEXT = 4000


class UserRef(TypedDict):
    user_id: UserId
    name: str
    username: str
    title: str
    department: str


class UserProfile(TypedDict):
    user_id: UserId
    name: str
    username: str
    email: str
    title: str
    department: str
    status: str
    status_text: str
    is_contact: bool


class SentMessage(TypedDict):
    message_id: MessageId
    to_id: UserId
    to_name: str
    sent: str


class Message(TypedDict):
    message_id: MessageId
    from_id: UserId
    from_name: str
    to_id: UserId | None
    to_name: str | None
    channel_id: ChannelId | None
    channel: str | None
    text: str
    sent: str
    read: bool


class PostedMessage(TypedDict):
    message_id: MessageId
    channel_id: ChannelId
    sent: str


class Correspondent(TypedDict):
    user_id: UserId
    name: str
    messages: int


class Stats(TypedDict):
    received: int
    sent: int
    unread: int
    contacts: int
    channels_joined: int
    top_correspondents: list[Correspondent]


class ChannelInfo(TypedDict):
    channel_id: ChannelId
    name: str
    topic: str
    private: bool
    members: int
    joined: bool


class Marked(TypedDict):
    marked: int


class Messaging(ToolEnv):
    """You are an assistant for a team chat workspace, acting for the signed-in user.

    Rules:
    - Log in first (login with the user's username and password); every other tool needs it.
    - People are referred to by name; tools take internal user ids (U...), which find_user or
      list_contacts reveal. Never invent an id.
    - A direct message can only be sent to someone in the user's contacts: add them with
      add_contact first. Replying to a message someone sent the user is always allowed.
    - Messages are at most 4000 characters and cannot be empty.
    - Only messages the user sent or received (or their own channel posts) can be deleted.
    - Posting to a channel requires being a member (join_channel); private channels cannot be
      joined or read by non-members.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES

    def build(self, world: WorldScope) -> None:
        made = build_world(world)
        self.my_id: str = made["my_id"]
        self.users = made["users"]
        self.contacts = made["contacts"]
        self.messages = made["messages"]
        self.channels = made["channels"]
        self.username: str = world.persona["username"]
        self.password: str = world.persona["password"]

    # --- helpers ---------------------------------------------------------------------------

    def _user(self, user_id: str) -> dict[str, Any]:
        row = self.users.get(user_id)
        if row is None:
            raise ToolError(f"no user with id {user_id!r}; use find_user (by name) or list_contacts to get ids")
        return row

    def _ref(self, uid: str) -> UserRef:
        u = self.users[uid]
        return {"user_id": uid, "name": u["name"], "username": u["username"], "title": u["title"], "department": u["department"]}

    def _view(self, mid: str, m: dict[str, Any]) -> Message:
        ch = m["channel"]
        return {
            "message_id": mid, "from_id": m["from"], "from_name": self.users[m["from"]]["name"], "to_id": m["to"],
            "to_name": self.users[m["to"]]["name"] if m["to"] else None,
            "channel_id": ch, "channel": self.channels[ch]["name"] if ch else None, "text": m["text"], "sent": m["sent"],
            "read": m["read"],
        }

    def _text(self, text: str) -> str:
        if not text.strip():
            raise ToolError("cannot send an empty message")
        if len(text) > _MAX_TEXT:
            raise ToolError(f"message too long: {len(text)} characters, the limit is {_MAX_TEXT}")
        return text

    def _new_id(self, *parts: Any) -> str:
        # From the content and the table size, not a counter: the same messages sent in
        # the same order always get the same ids.
        mid = "M" + stable_hash([*parts, len(self.messages)], length=4)
        while mid in self.messages:
            mid = "M" + stable_hash([mid], length=4)
        return mid

    def _visible(self, m: dict[str, Any]) -> bool:
        me = self.my_id
        if m["channel"] is None:
            return m["to"] == me or m["from"] == me
        return me in self.channels[m["channel"]]["members"]

    def _channel(self, channel_id: str) -> dict[str, Any]:
        ch = self.channels.get(channel_id)
        if ch is None:
            names = {c["name"]: k for k, c in self.channels.items()}
            hint = f"; #{channel_id.lstrip('#')} has id {names[channel_id.lstrip('#')]!r}" if channel_id.lstrip("#") in names else ""
            raise ToolError(f"no channel with id {channel_id!r}{hint}; list_channels shows the ids")
        return ch

    # --- session ----------------------------------------------------------------------------

    @tool(writes=True, establishes="logged_in")
    def login(self, username: str, password: str) -> UserProfile:
        """Sign in to the workspace.

        Args:
            username: the account's username.
            password: the account's password.
        """
        if username != self.username:
            known = any(u["username"] == username for u in self.users.values())
            raise ToolError(f"cannot log in as {username!r}: " + ("that is another member's account" if known else "no such account"))
        if password != self.password:
            raise ToolError(f"wrong password for {username!r}")
        return self._profile(self.my_id)

    @tool(writes=True, needs="logged_in", revokes="logged_in")
    def logout(self) -> str:
        """Sign out."""
        return "logged out"

    def _profile(self, uid: str) -> UserProfile:
        u = self.users[uid]
        return {
            "user_id": uid, "name": u["name"], "username": u["username"], "email": u["email"], "title": u["title"],
            "department": u["department"], "status": u["status"], "status_text": u["status_text"], "is_contact": uid in self.contacts,
        }

    @tool(needs="logged_in")
    def whoami(self) -> UserProfile:
        """The signed-in user's own profile."""
        return self._profile(self.my_id)

    @tool(writes=True, needs="logged_in")
    def set_status(self, status: Literal["active", "away", "busy", "offline"], status_text: str = "") -> UserProfile:
        """Set the user's presence and an optional status note.

        Args:
            status: the presence to show.
            status_text: a short note shown next to the name (e.g. "in meetings until 3").
        """
        if len(status_text) > 100:
            raise ToolError(f"status note too long: {len(status_text)} characters, the limit is 100")
        self.users.patch(self.my_id, status=status, status_text=status_text)
        return self._profile(self.my_id)

    # --- people -----------------------------------------------------------------------------

    @tool(needs="logged_in")
    def find_user(self, name: str, limit: Limit = 20) -> list[UserRef]:
        """Find workspace members whose name or username contains the text (case-insensitive).

        Args:
            name: part of a person's name or username.
            limit: the most people to return.
        """
        q = name.strip().lower()
        if not q:
            raise ToolError("expected part of a name, got an empty string")
        out = [self._ref(uid) for uid, u in self.users.items() if uid != self.my_id and (q in u["name"].lower() or q in u["username"])]
        out.sort(key=lambda r: (r["name"], r["user_id"]))
        return out[:limit]

    @tool(needs="logged_in")
    def get_user(self, user_id: UserId) -> UserProfile:
        """A member's profile: title, department, email, presence, and whether they are a contact.

        Args:
            user_id: the member, from find_user or list_contacts.
        """
        self._user(user_id)
        return self._profile(user_id)

    @tool(needs="logged_in")
    def list_contacts(self) -> list[UserRef]:
        """The user's contacts, sorted by name."""
        out = [self._ref(uid) for uid in self.contacts]
        out.sort(key=lambda r: (r["name"], r["user_id"]))
        return out

    @tool(writes=True, needs="logged_in")
    def add_contact(self, user_id: UserId) -> UserRef:
        """Add a member to the user's contacts (needed before sending them a direct message).

        Args:
            user_id: the member to add, from find_user.
        """
        u = self._user(user_id)
        if user_id == self.my_id:
            raise ToolError("you cannot add yourself as a contact")
        if user_id in self.contacts:
            raise ToolError(f"{u['name']} ({user_id}) is already in your contacts")
        self.contacts[user_id] = {"added": NOW}
        return self._ref(user_id)

    @tool(writes=True, needs="logged_in")
    def remove_contact(self, user_id: UserId) -> str:
        """Remove someone from the user's contacts.

        Args:
            user_id: the contact to remove, from list_contacts.
        """
        u = self._user(user_id)
        if user_id not in self.contacts:
            raise ToolError(f"{u['name']} ({user_id}) is not in your contacts")
        del self.contacts[user_id]
        return f"removed {u['name']} from your contacts"

    # --- direct messages ----------------------------------------------------------------------

    @tool(writes=True, needs="logged_in")
    def send_message(self, receiver_id: UserId, text: str) -> SentMessage:
        """Send a direct message to one of the user's contacts.

        Args:
            receiver_id: the contact who receives it (a user id from list_contacts or find_user).
            text: the message, at most 4000 characters.
        """
        u = self._user(receiver_id)
        if receiver_id == self.my_id:
            raise ToolError("you cannot message yourself")
        if receiver_id not in self.contacts:
            raise ToolError(f"{u['name']} ({receiver_id}) is not in your contacts; add_contact first")
        text = self._text(text)
        mid = self._new_id(receiver_id, text)
        self.messages[mid] = {"from": self.my_id, "to": receiver_id, "channel": None, "text": text, "sent": NOW, "read": True}
        return {"message_id": mid, "to_id": receiver_id, "to_name": u["name"], "sent": NOW}

    @tool(writes=True, needs="logged_in")
    def reply(self, message_id: MessageId, text: str) -> SentMessage:
        """Reply to a direct message the user received (its sender need not be a contact).

        Args:
            message_id: the received message, from view_inbox or search_messages.
            text: the reply, at most 4000 characters.
        """
        m = self.messages.get(message_id)
        if m is None or not self._visible(m):
            raise ToolError(f"no message {message_id!r} in your inbox; view_inbox or search_messages give ids")
        if m["channel"] is not None or m["to"] != self.my_id:
            raise ToolError(f"{message_id} is not a direct message you received; use post_to_channel or send_message")
        text = self._text(text)
        to = m["from"]
        mid = self._new_id(to, text, message_id)
        self.messages[mid] = {"from": self.my_id, "to": to, "channel": None, "text": text, "sent": NOW, "read": True}
        if not m["read"]:
            self.messages.patch(message_id, read=True)
        return {"message_id": mid, "to_id": to, "to_name": self.users[to]["name"], "sent": NOW}

    @tool(needs="logged_in")
    def view_inbox(self, unread_only: bool = False, limit: Limit = 20) -> list[Message]:
        """Direct messages the user received, newest first.

        Args:
            unread_only: only messages not read yet.
            limit: the most messages to return.
        """
        me = self.my_id
        out = [(m["sent"], mid, m) for mid, m in self.messages.items() if m["to"] == me and not (unread_only and m["read"])]
        out.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [self._view(mid, m) for _, mid, m in out[:limit]]

    @tool(needs="logged_in")
    def view_sent(self, limit: Limit = 20) -> list[Message]:
        """Direct messages the user sent, newest first.

        Args:
            limit: the most messages to return.
        """
        me = self.my_id
        out = [(m["sent"], mid, m) for mid, m in self.messages.items() if m["from"] == me and m["channel"] is None]
        out.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [self._view(mid, m) for _, mid, m in out[:limit]]

    @tool(writes=True, needs="logged_in")
    def read_message(self, message_id: MessageId) -> Message:
        """Open one message (marks it as read).

        Args:
            message_id: the message, from view_inbox or search_messages.
        """
        m = self.messages.get(message_id)
        if m is None or not self._visible(m):
            raise ToolError(f"no message {message_id!r} that you can see; view_inbox or search_messages give ids")
        if not m["read"]:
            m = self.messages.patch(message_id, read=True)
        return self._view(message_id, m)

    @tool(writes=True, needs="logged_in")
    def mark_all_read(self) -> Marked:
        """Mark every received direct message as read."""
        me = self.my_id
        todo = [mid for mid, m in self.messages.items() if m["to"] == me and not m["read"]]
        for mid in todo:
            self.messages.patch(mid, read=True)
        return {"marked": len(todo)}

    @tool(needs="logged_in")
    def search_messages(self, query: str, sender_id: UserId | None = None, limit: Limit = 20) -> list[Message]:
        """Search the direct messages and channel posts the user can see (case-insensitive), newest first.

        Args:
            query: text the message contains.
            sender_id: only messages from this member.
            limit: the most messages to return.
        """
        q = query.strip().lower()
        if not q:
            raise ToolError("expected a search text, got an empty string")
        if sender_id is not None:
            self._user(sender_id)
        out = [
            (m["sent"], mid, m)
            for mid, m in self.messages.items()
            if q in m["text"].lower() and (sender_id is None or m["from"] == sender_id) and self._visible(m)
        ]
        out.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [self._view(mid, m) for _, mid, m in out[:limit]]

    @tool(writes=True, needs="logged_in")
    def delete_message(self, message_id: MessageId) -> str:
        """Delete a message the user sent or received (or their own channel post).

        Args:
            message_id: the message, from view_inbox, view_sent or search_messages.
        """
        m = self.messages.get(message_id)
        if m is None or not self._visible(m):
            raise ToolError(f"no message {message_id!r} that you can see; view_inbox or search_messages give ids")
        if m["channel"] is not None and m["from"] != self.my_id:
            raise ToolError(f"you can only delete your own channel posts; {message_id} was posted by {self.users[m['from']]['name']}")
        del self.messages[message_id]
        return f"deleted {message_id}"

    @tool(needs="logged_in")
    def message_stats(self) -> Stats:
        """Counts of the user's direct messages (received, sent, unread) and top correspondents."""
        me = self.my_id
        received = sent = unread = 0
        per: dict[str, int] = {}
        for m in self.messages.values():
            if m["channel"] is not None:
                continue
            if m["to"] == me:
                received += 1
                unread += not m["read"]
                per[m["from"]] = per.get(m["from"], 0) + 1
            elif m["from"] == me:
                sent += 1
                per[m["to"]] = per.get(m["to"], 0) + 1
        top = sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        joined = sum(1 for c in self.channels.values() if me in c["members"])
        return {
            "received": received, "sent": sent, "unread": unread, "contacts": len(self.contacts), "channels_joined": joined,
            "top_correspondents": [{"user_id": uid, "name": self.users[uid]["name"], "messages": n} for uid, n in top],
        }

    # --- channels ---------------------------------------------------------------------------

    @tool(needs="logged_in")
    def list_channels(self) -> list[ChannelInfo]:
        """Every channel with its topic, size and whether the user is a member."""
        me = self.my_id
        out: list[ChannelInfo] = [
            {"channel_id": cid, "name": c["name"], "topic": c["topic"], "private": c["private"], "members": len(c["members"]), "joined": me in c["members"]}
            for cid, c in self.channels.items()
        ]
        out.sort(key=lambda c: c["name"])
        return out

    @tool(writes=True, needs="logged_in")
    def join_channel(self, channel_id: ChannelId) -> ChannelInfo:
        """Join a public channel.

        Args:
            channel_id: the channel, from list_channels.
        """
        c = self._channel(channel_id)
        if self.my_id in c["members"]:
            raise ToolError(f"you are already a member of #{c['name']}")
        if c["private"]:
            raise ToolError(f"#{c['name']} is private; ask one of its members to invite you")
        members = sorted(c["members"] + [self.my_id])
        self.channels.patch(channel_id, members=members)
        return {"channel_id": channel_id, "name": c["name"], "topic": c["topic"], "private": False, "members": len(members), "joined": True}

    @tool(writes=True, needs="logged_in")
    def leave_channel(self, channel_id: ChannelId) -> str:
        """Leave a channel.

        Args:
            channel_id: the channel, from list_channels.
        """
        c = self._channel(channel_id)
        if self.my_id not in c["members"]:
            raise ToolError(f"you are not a member of #{c['name']}")
        self.channels.patch(channel_id, members=[m for m in c["members"] if m != self.my_id])
        return f"left #{c['name']}"

    @tool(needs="logged_in")
    def read_channel(self, channel_id: ChannelId, limit: Limit = 20) -> list[Message]:
        """The latest posts of a channel, newest first (private channels: members only).

        Args:
            channel_id: the channel, from list_channels.
            limit: the most posts to return.
        """
        c = self._channel(channel_id)
        if c["private"] and self.my_id not in c["members"]:
            raise ToolError(f"#{c['name']} is private and you are not a member")
        out = [(m["sent"], mid, m) for mid, m in self.messages.items() if m["channel"] == channel_id]
        out.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [self._view(mid, m) for _, mid, m in out[:limit]]

    @tool(writes=True, needs="logged_in")
    def post_to_channel(self, channel_id: ChannelId, text: str) -> PostedMessage:
        """Post a message to a channel the user is a member of.

        Args:
            channel_id: the channel, from list_channels.
            text: the post, at most 4000 characters.
        """
        c = self._channel(channel_id)
        if self.my_id not in c["members"]:
            raise ToolError(f"you are not a member of #{c['name']}; join_channel first")
        text = self._text(text)
        mid = self._new_id(channel_id, text)
        self.messages[mid] = {"from": self.my_id, "to": None, "channel": channel_id, "text": text, "sent": NOW, "read": True}
        return {"message_id": mid, "channel_id": channel_id, "sent": NOW}

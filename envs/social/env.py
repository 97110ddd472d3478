"""``Social``: a microblogging network (follow, post, comment, repost, like, mentions)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from toolgym.envs import Entity, ToolEnv, ToolError, state, tool
from toolgym.envs.world import WorldScope, derive_seed
from toolgym.errors import suggest

from .data import MAX_POST_CHARS, MENTION_RE, TAG_RE, build_world, stamp
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Social"]

UserId = Annotated[str, Entity("user", label="name")]
PostId = Annotated[str, Entity("post", label="text")]
CommentId = Annotated[str, Entity("comment", label="text")]
NotificationId = Annotated[str, Entity("notification", label="summary")]

MAX_BIO_CHARS = 160


class UserRef(TypedDict):
    user_id: UserId
    name: str
    handle: str


class UserMatch(UserRef):
    city: str
    verified: bool


class Profile(UserRef):
    bio: str
    city: str
    joined: str
    protected: bool
    verified: bool
    followers: int
    following: int
    posts: int
    i_follow: bool
    follows_me: bool
    request_pending: bool


class Session(UserRef):
    unread_notifications: int


class PostView(TypedDict):
    post_id: PostId
    author: UserRef
    text: str
    created_at: str
    hashtags: list[str]
    mentions: list[str]
    likes: int
    reposts: int
    comments: int
    repost_of: PostId | None
    replies: Literal["everyone", "followers"]
    liked_by_me: bool


class CommentView(TypedDict):
    comment_id: CommentId
    post_id: PostId
    author: UserRef
    text: str
    created_at: str


class PostDetail(PostView):
    comment_list: list[CommentView]


class FollowResult(TypedDict):
    user_id: UserId
    handle: str
    status: Literal["following", "requested", "not_following"]
    following_count: int


class LikeResult(TypedDict):
    post_id: PostId
    liked: bool
    likes: int


class Deleted(TypedDict):
    post_id: PostId
    deleted: bool
    comments_removed: int


class NotificationView(TypedDict):
    notification_id: NotificationId
    kind: Literal["like", "follow", "comment", "repost", "mention", "follow_request"]
    actor: UserRef
    post_id: PostId | None
    summary: str
    created_at: str
    read: bool


class MarkedRead(TypedDict):
    marked: int
    unread: int


class Hashtag(TypedDict):
    tag: str
    posts_24h: int
    total_posts: int


class Social(ToolEnv):
    """You are the assistant of the user of a microblogging network, acting on their account.

    Use the tools to read and change what the user asks for; ids of users, posts, comments and
    notifications come only from tool results (find_users, timelines, searches), never guess
    them. The network's rules, which the tools enforce:
    - Log in first (login with the user's handle and password); every other tool needs a session.
    - A post or comment has 1 to 280 characters. A mention (@handle) must name an existing user.
    - Accounts may be protected: following one sends a follow request, and their posts,
      followers and follows are visible only to their approved followers. Posts of protected
      accounts cannot be reposted.
    - A post may accept replies from the author's followers only; follow the author first.
    - You cannot follow yourself, follow someone twice, like a post twice, or repost your own
      post or the same post twice. You can delete only your own posts (and your reposts);
      deleting a post removes its comments.
    - A bio has at most 160 characters.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES

    session = state(None)  # my user id while logged in
    me_id = state("")
    now = state(0)  # simulated clock, minutes since the epoch; every new item advances it
    seq = state(0)  # counter for new ids

    def build(self, world: WorldScope) -> None:
        made = build_world(world)
        self.users = made["users"]
        self.graph = made["graph"]
        self.posts = made["posts"]
        self.comments = made["comments"]
        self.likes = made["likes"]
        self.hashtags = made["hashtags"]
        self.notifications = made["notifications"]
        self.account = made["account"]
        self.me_id = made["me_id"]
        self.now = made["now"]

    # --- helpers ---------------------------------------------------------------------------

    def _new_id(self, prefix: str, table: Any, width: int = 7) -> str:
        while True:
            self.seq += 1
            new = f"{prefix}{derive_seed(self.world.seed, 'social', self.seq) % 16**width:0{width}x}"
            if new not in table:
                return new

    def _tick(self) -> str:
        self.now += 1
        return stamp(self.now)

    def _user(self, user_id: str) -> dict[str, Any]:
        row = self.users.get(user_id)
        if row is None:
            raise ToolError(f"no user with id {user_id!r}; use find_users to get user ids")
        return row

    def _ref(self, user_id: str) -> UserRef:
        u = self.users[user_id]
        return {"user_id": user_id, "name": u["name"], "handle": u["handle"]}

    def _can_see(self, author_id: str) -> bool:
        me = self.me_id
        return author_id == me or not self.users[author_id]["protected"] or me in self.graph[author_id]["followers"]

    def _visible_user(self, user_id: str, what: str) -> dict[str, Any]:
        u = self._user(user_id)
        if not self._can_see(user_id):
            raise ToolError(
                f"@{u['handle']}'s account is protected: only approved followers can see their {what}; "
                "send a follow request with follow_user"
            )
        return u

    def _post(self, post_id: str) -> dict[str, Any]:
        row = self.posts.get(post_id)
        if row is None:
            raise ToolError(f"no post with id {post_id!r}; get post ids from get_timeline, search_posts or get_user_posts")
        if not self._can_see(row["author_id"]):
            handle = self.users[row["author_id"]]["handle"]
            raise ToolError(f"post {post_id!r} is from @{handle}, a protected account you do not follow")
        return row

    def _view(self, p: dict[str, Any]) -> PostView:
        me = self.me_id
        return {
            "post_id": p["post_id"], "author": self._ref(p["author_id"]), "text": p["text"],
            "created_at": p["created_at"], "hashtags": p["hashtags"],
            "mentions": [self.users[u]["handle"] for u in p["mentions"]],
            "likes": p["like_count"], "reposts": p["repost_count"], "comments": p["comment_count"],
            "repost_of": p["repost_of"], "replies": p["replies"], "liked_by_me": f"{p['post_id']}|{me}" in self.likes,
        }

    def _newest(self, rows: Any, limit: int) -> list[PostView]:
        ordered = sorted(rows, key=lambda p: (p["created_at"], p["post_id"]), reverse=True)
        return [self._view(p) for p in ordered[: max(limit, 0)]]

    def _check_text(self, text: str, what: str, limit: int = MAX_POST_CHARS) -> str:
        text = text.strip()
        if not text:
            raise ToolError(f"a {what} cannot be empty")
        if len(text) > limit:
            raise ToolError(f"a {what} has at most {limit} characters, got {len(text)}; shorten it by {len(text) - limit}")
        return text

    def _handle_index(self) -> dict[str, str]:
        return {u["handle"].lower(): uid for uid, u in self.users.items()}

    def _mentions(self, text: str) -> list[str]:
        found = MENTION_RE.findall(text)
        if not found:
            return []
        index = self._handle_index()
        out = []
        for h in found:
            uid = index.get(h.lower())
            if uid is None:
                raise ToolError(f"no user with handle '@{h}'{suggest(h.lower(), index)}; use find_users to check handles")
            if uid not in out:
                out.append(uid)
        return out

    def _notify(self, recipient: str, kind: str, post_id: str | None) -> None:
        if recipient == self.me_id:
            return
        nid = self._new_id("N", self.notifications)
        self.notifications[nid] = {
            "notification_id": nid, "recipient_id": recipient, "kind": kind, "actor_id": self.me_id,
            "post_id": post_id, "created_at": stamp(self.now), "read": False,
        }

    def _count_tags(self, tags: list[str], delta: int, recent: bool) -> None:
        for t in tags:
            row = self.hashtags.get(t) or {"tag": t, "total_posts": 0, "posts_24h": 0}
            self.hashtags[t] = {
                "tag": t, "total_posts": max(row["total_posts"] + delta, 0),
                "posts_24h": max(row["posts_24h"] + (delta if recent else 0), 0),
            }

    def _new_post(self, text: str, replies: str, repost_of: str | None) -> dict[str, Any]:
        mentions = self._mentions(text)
        tags = list(dict.fromkeys(t.lower() for t in TAG_RE.findall(text)))
        created = self._tick()
        pid = self._new_id("P", self.posts)
        row = {
            "post_id": pid, "author_id": self.me_id, "text": text, "created_at": created, "hashtags": tags,
            "mentions": mentions, "like_count": 0, "repost_count": 0, "comment_count": 0,
            "repost_of": repost_of, "replies": replies,
        }
        self.posts[pid] = row
        self._count_tags(tags, +1, True)
        for uid in mentions:
            self._notify(uid, "mention", pid)
        return row

    # --- session ---------------------------------------------------------------------------

    @tool(writes=True, establishes="logged_in")
    def login(self, username: str, password: str) -> Session:
        """Log in to the user's account; every other tool needs this session.

        Args:
            username: the account's username (its handle), with or without the leading '@'.
            password: the account's password.
        """
        h = username.strip().lstrip("@").lower()
        acct = self.account["me"]
        if h != acct["username"].lower():
            if h not in self._handle_index():
                raise ToolError(f"no account with username '@{h}'{suggest(h, self._handle_index())}")
            raise ToolError(f"wrong password for '@{h}'")
        if password != acct["password"]:
            raise ToolError(f"wrong password for '@{h}'")
        self.session = self.me_id
        unread = sum(1 for n in self.notifications.values() if n["recipient_id"] == self.me_id and not n["read"])
        return {**self._ref(self.me_id), "unread_notifications": unread}

    @tool(writes=True, needs="logged_in", revokes="logged_in")
    def logout(self) -> str:
        """Log out of the account."""
        self.session = None
        return "logged out"

    # --- people ----------------------------------------------------------------------------

    @tool(needs="logged_in")
    def find_users(self, query: str, limit: int = 10) -> list[UserMatch]:
        """Find users by (part of) their name or handle; reveals their user ids.

        Args:
            query: a name, part of a name, or a handle (with or without '@').
            limit: the most results to return (1-50).
        """
        q = query.strip().lstrip("@").lower()
        if not q:
            raise ToolError("query cannot be empty; give a name or a handle")
        hits = [u for u in self.users.values() if q in u["name"].lower() or q in u["handle"].lower()]
        hits.sort(key=lambda u: (u["handle"].lower() != q, u["name"].lower() != q, u["name"], u["handle"]))
        return [
            {"user_id": u["user_id"], "name": u["name"], "handle": u["handle"], "city": u["city"], "verified": u["verified"]}
            for u in hits[: max(1, min(limit, 50))]
        ]

    @tool(needs="logged_in")
    def get_user_profile(self, user_id: UserId) -> Profile:
        """A user's profile: bio, city, counts, and whether you follow each other.

        Args:
            user_id: the user's id (from find_users or any post's author).
        """
        u = self._user(user_id)
        g = self.graph[user_id]
        me = self.me_id
        n_posts = sum(1 for p in self.posts.values() if p["author_id"] == user_id)
        return {
            **self._ref(user_id), "bio": u["bio"], "city": u["city"], "joined": u["joined"],
            "protected": u["protected"], "verified": u["verified"], "followers": len(g["followers"]),
            "following": len(g["following"]), "posts": n_posts, "i_follow": me in g["followers"],
            "follows_me": me in g["following"], "request_pending": me in g["requests"],
        }

    @tool(writes=True, needs="logged_in")
    def follow_user(self, user_id: UserId) -> FollowResult:
        """Follow a user (for a protected account this sends a follow request).

        Args:
            user_id: the user to follow.
        """
        me = self.me_id
        u = self._user(user_id)
        if user_id == me:
            raise ToolError("you cannot follow yourself")
        g = self.graph[user_id]
        if me in g["followers"]:
            raise ToolError(f"you already follow @{u['handle']}")
        if me in g["requests"]:
            raise ToolError(f"a follow request to @{u['handle']} is already pending")
        mine = self.graph[me]
        if u["protected"]:
            self.graph.patch(user_id, requests=[*g["requests"], me])
            self._notify(user_id, "follow_request", None)
            status: Literal["following", "requested", "not_following"] = "requested"
        else:
            self.graph.patch(user_id, followers=[*g["followers"], me])
            mine = self.graph.patch(me, following=[*mine["following"], user_id])
            self._notify(user_id, "follow", None)
            status = "following"
        return {"user_id": user_id, "handle": u["handle"], "status": status, "following_count": len(mine["following"])}

    @tool(writes=True, needs="logged_in")
    def unfollow_user(self, user_id: UserId) -> FollowResult:
        """Stop following a user (or withdraw a pending follow request).

        Args:
            user_id: the user to unfollow.
        """
        me = self.me_id
        u = self._user(user_id)
        g = self.graph[user_id]
        mine = self.graph[me]
        if me in g["requests"]:
            self.graph.patch(user_id, requests=[x for x in g["requests"] if x != me])
        elif me in g["followers"]:
            self.graph.patch(user_id, followers=[x for x in g["followers"] if x != me])
            mine = self.graph.patch(me, following=[x for x in mine["following"] if x != user_id])
        else:
            raise ToolError(f"you do not follow @{u['handle']}")
        return {"user_id": user_id, "handle": u["handle"], "status": "not_following", "following_count": len(mine["following"])}

    @tool(needs="logged_in")
    def list_followers(self, user_id: UserId, limit: int = 50) -> list[UserRef]:
        """The users who follow a user, most recent first.

        Args:
            user_id: whose followers to list (your own id from login works too).
            limit: the most results to return (1-200).
        """
        self._visible_user(user_id, "followers")
        ids = self.graph[user_id]["followers"][::-1][: max(1, min(limit, 200))]
        return [self._ref(x) for x in ids]

    @tool(needs="logged_in")
    def list_following(self, user_id: UserId, limit: int = 50) -> list[UserRef]:
        """The users a user follows, most recent first.

        Args:
            user_id: whose follows to list (your own id from login works too).
            limit: the most results to return (1-200).
        """
        self._visible_user(user_id, "follows")
        ids = self.graph[user_id]["following"][::-1][: max(1, min(limit, 200))]
        return [self._ref(x) for x in ids]

    @tool(writes=True, needs="logged_in")
    def update_profile(self, bio: str | None = None, city: str | None = None) -> Profile:
        """Change your own bio and/or city.

        Args:
            bio: the new bio (at most 160 characters); omit to keep it.
            city: the new city; omit to keep it.
        """
        if bio is None and city is None:
            raise ToolError("nothing to update: give bio and/or city")
        changes: dict[str, Any] = {}
        if bio is not None:
            if len(bio) > MAX_BIO_CHARS:
                raise ToolError(f"a bio has at most {MAX_BIO_CHARS} characters, got {len(bio)}")
            changes["bio"] = bio
        if city is not None:
            if not city.strip():
                raise ToolError("city cannot be empty")
            changes["city"] = city.strip()
        self.users.patch(self.me_id, **changes)
        return self.get_user_profile(self.me_id)

    # --- posts -----------------------------------------------------------------------------

    @tool(writes=True, needs="logged_in")
    def create_post(self, text: str, replies: Literal["everyone", "followers"] = "everyone") -> PostView:
        """Publish a post; '#tags' become hashtags and '@handles' notify the users mentioned.

        Args:
            text: the post, 1-280 characters.
            replies: who may comment: everyone, or only your followers.
        """
        text = self._check_text(text, "post")
        return self._view(self._new_post(text, replies, None))

    @tool(needs="logged_in")
    def get_post(self, post_id: PostId) -> PostDetail:
        """A post with its comments (oldest first).

        Args:
            post_id: the post's id.
        """
        p = self._post(post_id)
        cs = sorted((c for c in self.comments.values() if c["post_id"] == post_id), key=lambda c: (c["created_at"], c["comment_id"]))
        return {
            **self._view(p),
            "comment_list": [
                {"comment_id": c["comment_id"], "post_id": post_id, "author": self._ref(c["author_id"]), "text": c["text"], "created_at": c["created_at"]}
                for c in cs
            ],
        }

    @tool(needs="logged_in")
    def get_user_posts(self, user_id: UserId, limit: int = 20) -> list[PostView]:
        """A user's posts and reposts, newest first.

        Args:
            user_id: whose posts (your own id from login works too).
            limit: the most posts to return (1-100).
        """
        self._visible_user(user_id, "posts")
        return self._newest((p for p in self.posts.values() if p["author_id"] == user_id), min(limit, 100))

    @tool(writes=True, needs="logged_in")
    def comment_on_post(self, post_id: PostId, text: str) -> CommentView:
        """Comment on a post (the author is notified).

        Args:
            post_id: the post to comment on.
            text: the comment, 1-280 characters.
        """
        p = self._post(post_id)
        text = self._check_text(text, "comment")
        author = p["author_id"]
        if p["replies"] == "followers" and author != self.me_id and self.me_id not in self.graph[author]["followers"]:
            handle = self.users[author]["handle"]
            raise ToolError(f"@{handle} accepts replies to this post from followers only; follow @{handle} first (follow_user)")
        created = self._tick()
        cid = self._new_id("C", self.comments)
        self.comments[cid] = {"comment_id": cid, "post_id": post_id, "author_id": self.me_id, "text": text, "created_at": created}
        self.posts.patch(post_id, comment_count=p["comment_count"] + 1)
        self._notify(author, "comment", post_id)
        return {"comment_id": cid, "post_id": post_id, "author": self._ref(self.me_id), "text": text, "created_at": created}

    @tool(writes=True, needs="logged_in")
    def repost(self, post_id: PostId, quote: str = "") -> PostView:
        """Repost a post to your followers, optionally with your own comment on top.

        Args:
            post_id: the post to repost.
            quote: your comment shown above it (0-280 characters).
        """
        p = self._post(post_id)
        author = p["author_id"]
        if author == self.me_id:
            raise ToolError("you cannot repost your own post")
        if self.users[author]["protected"]:
            raise ToolError(f"posts from protected accounts (@{self.users[author]['handle']}) cannot be reposted")
        original = p["repost_of"] or post_id
        if any(q["repost_of"] == post_id and q["author_id"] == self.me_id for q in self.posts.values()):
            raise ToolError(f"you already reposted {post_id!r}")
        text = self._check_text(quote, "quote") if quote.strip() else ""
        row = self._new_post(text, "everyone", post_id)
        self.posts.patch(post_id, repost_count=p["repost_count"] + 1)
        self._notify(self.posts[original]["author_id"] if original in self.posts else author, "repost", post_id)
        return self._view(row)

    @tool(writes=True, needs="logged_in")
    def like_post(self, post_id: PostId) -> LikeResult:
        """Like a post (the author is notified).

        Args:
            post_id: the post to like.
        """
        p = self._post(post_id)
        key = f"{post_id}|{self.me_id}"
        if key in self.likes:
            raise ToolError(f"you already like {post_id!r}")
        self.likes[key] = {"post_id": post_id, "user_id": self.me_id}
        p = self.posts.patch(post_id, like_count=p["like_count"] + 1)
        self._notify(p["author_id"], "like", post_id)
        return {"post_id": post_id, "liked": True, "likes": p["like_count"]}

    @tool(writes=True, needs="logged_in")
    def unlike_post(self, post_id: PostId) -> LikeResult:
        """Remove your like from a post.

        Args:
            post_id: the post to unlike.
        """
        p = self._post(post_id)
        key = f"{post_id}|{self.me_id}"
        if key not in self.likes:
            raise ToolError(f"you have not liked {post_id!r}")
        del self.likes[key]
        p = self.posts.patch(post_id, like_count=max(p["like_count"] - 1, 0))
        return {"post_id": post_id, "liked": False, "likes": p["like_count"]}

    @tool(writes=True, needs="logged_in")
    def delete_post(self, post_id: PostId) -> Deleted:
        """Delete one of your own posts or reposts, with its comments.

        Args:
            post_id: the post to delete.
        """
        p = self._post(post_id)
        if p["author_id"] != self.me_id:
            raise ToolError(f"you can only delete your own posts; {post_id!r} was written by @{self.users[p['author_id']]['handle']}")
        doomed = [k for k, c in self.comments.items() if c["post_id"] == post_id]
        for k in doomed:
            del self.comments[k]
        for k in [k for k, lk in self.likes.items() if lk["post_id"] == post_id]:
            del self.likes[k]
        del self.posts[post_id]
        self._count_tags(p["hashtags"], -1, p["created_at"] >= stamp(self.now - 1440))
        orig = p["repost_of"]
        if orig and orig in self.posts:
            self.posts.patch(orig, repost_count=max(self.posts[orig]["repost_count"] - 1, 0))
        return {"post_id": post_id, "deleted": True, "comments_removed": len(doomed)}

    # --- feeds and discovery -----------------------------------------------------------------

    @tool(needs="logged_in")
    def get_timeline(self, limit: int = 20) -> list[PostView]:
        """Your home timeline: posts by you and the people you follow, newest first.

        Args:
            limit: the most posts to return (1-100).
        """
        authors = {self.me_id, *self.graph[self.me_id]["following"]}
        return self._newest((p for p in self.posts.values() if p["author_id"] in authors), min(limit, 100))

    @tool(needs="logged_in")
    def get_notifications(self, unread_only: bool = False, limit: int = 20) -> list[NotificationView]:
        """Your notifications (likes, follows, comments, reposts, mentions), newest first.

        Args:
            unread_only: only the ones you have not read yet.
            limit: the most notifications to return (1-100).
        """
        me = self.me_id
        mine = [n for n in self.notifications.values() if n["recipient_id"] == me and not (unread_only and n["read"])]
        mine.sort(key=lambda n: (n["created_at"], n["notification_id"]), reverse=True)
        verbs = {
            "like": "liked your post", "follow": "followed you", "comment": "commented on your post",
            "repost": "reposted your post", "mention": "mentioned you", "follow_request": "asked to follow you",
        }
        return [
            {
                "notification_id": n["notification_id"], "kind": n["kind"], "actor": self._ref(n["actor_id"]),
                "post_id": n["post_id"], "summary": f"@{self.users[n['actor_id']]['handle']} {verbs[n['kind']]}",
                "created_at": n["created_at"], "read": n["read"],
            }
            for n in mine[: max(1, min(limit, 100))]
        ]

    @tool(writes=True, needs="logged_in")
    def mark_notifications_read(self) -> MarkedRead:
        """Mark all your notifications as read."""
        me = self.me_id
        unread = [k for k, n in self.notifications.items() if n["recipient_id"] == me and not n["read"]]
        for k in unread:
            self.notifications.patch(k, read=True)
        return {"marked": len(unread), "unread": 0}

    @tool(needs="logged_in")
    def get_mentions(self, limit: int = 20) -> list[PostView]:
        """Posts that mention you, newest first.

        Args:
            limit: the most posts to return (1-100).
        """
        me = self.me_id
        return self._newest(
            (p for p in self.posts.values() if me in p["mentions"] and self._can_see(p["author_id"])), min(limit, 100)
        )

    @tool(needs="logged_in")
    def get_trending_hashtags(self, limit: int = 10) -> list[Hashtag]:
        """Hashtags with the most posts in the last 24 hours.

        Args:
            limit: how many hashtags (1-40).
        """
        rows = sorted(self.hashtags.values(), key=lambda h: (-h["posts_24h"], -h["total_posts"], h["tag"]))
        return [
            {"tag": h["tag"], "posts_24h": h["posts_24h"], "total_posts": h["total_posts"]}
            for h in rows[: max(1, min(limit, 40))]
        ]

    @tool(needs="logged_in")
    def search_posts(self, query: str = "", hashtag: str | None = None, limit: int = 20) -> list[PostView]:
        """Search posts by words in the text and/or a hashtag, newest first.

        Args:
            query: words that must appear in the post (case-insensitive); may be empty if hashtag is given.
            hashtag: a hashtag the post must carry, with or without '#'.
            limit: the most posts to return (1-100).
        """
        q = query.strip().lower()
        tag = hashtag.strip().lstrip("#").lower() if hashtag else None
        if not q and not tag:
            raise ToolError("give a query and/or a hashtag to search for")
        hits = (
            p
            for p in self.posts.values()
            if (not q or q in p["text"].lower()) and (tag is None or tag in p["hashtags"]) and self._can_see(p["author_id"])
        )
        return self._newest(hits, min(limit, 100))

"""Behaviour of the Messaging environment (toolgym/Messaging-v0)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make_action
from toolgym.envs.messaging import Messaging


def run(env: Messaging, name: str, /, **args: Any) -> Any:
    _, _, _, _, info = env.step(make_action(call(name, **args)))
    return info["tool_results"][0]


def ok(env: Messaging, name: str, /, **args: Any) -> Any:
    r = run(env, name, **args)
    assert r.error is None, f"{name}({args}) failed: {r.error}"
    return r.content


def fails(env: Messaging, name: str, expect: str, /, **args: Any) -> str:
    before = env.state_hash()
    r = run(env, name, **args)
    assert r.error is not None, f"{name}({args}) should fail, returned {r.content!r}"
    assert expect in r.error, r.error
    assert env.state_hash() == before
    return r.error


def login(env: Messaging) -> None:
    ok(env, "login", username=env.username, password=env.password)


@pytest.fixture
def env() -> Messaging:
    e = Messaging()
    e.reset(seed=5)
    login(e)
    return e


def stranger(env: Messaging) -> dict[str, Any]:
    """A member who is not a contact, found by name through find_user."""
    uid = next(u for u in env.users if u not in env.contacts and u != env.my_id)
    name = env.users[uid]["name"]
    return next(r for r in ok(env, "find_user", name=name) if r["user_id"] == uid)


def test_conformance_check_passes():
    report = check_env("toolgym/Messaging-v0", raise_on_failure=False)
    assert report.passed, report.summary()


def test_every_tool_has_complete_language():
    assert_language_complete(Messaging())
    assert len(Messaging().all_tooldefs()) >= 15


def test_world_has_hundreds_of_members_and_is_seeded():
    a, b, c = Messaging(), Messaging(), Messaging()
    a.reset(seed=1)
    b.reset(seed=1)
    c.reset(seed=2)
    assert a.snapshot() == b.snapshot() and a.snapshot() != c.snapshot()
    assert len(a.users) >= 300 and len(a.messages) >= 300
    assert len({u["username"] for u in a.users.values()}) == len(a.users)
    assert all(uid.startswith("U") and len(uid) == 7 for uid in a.users)


def test_world_chat_lines_read_like_work_chat():
    """Every chat line of a world is a template filled from authored pools, never from Faker words."""
    import re

    from toolgym.envs.messaging import data
    from toolgym.envs.pools import pool

    fills = {
        "t": data._THINGS, "d": data._DAYS, "feat": data._FEATURES, "proj": data._PROJECTS, "srv": data._SERVERS,
        "place": data._PLACES, "f": pool("first_name"),
    }
    alt = {k: "(?:" + "|".join(map(re.escape, v)) + ")" for k, v in fills.items()}
    shapes = [re.compile("".join(alt[p[1:-1]] if p.startswith("{") else re.escape(p) for p in re.split(r"(\{\w+\})", t)) + "$") for t in data._TEMPLATES]
    e = Messaging()
    e.reset(seed=3)
    texts = {m["text"] for m in e.messages.values()}
    assert len(texts) > 100
    assert [t for t in texts if not any(s.match(t) for s in shapes)] == []


def test_login_is_required_and_checked():
    e = Messaging()
    e.reset(seed=5)
    fails(e, "find_user", "call login first", name="a")
    fails(e, "login", "wrong password", username=e.username, password="nope")
    fails(e, "login", "no such account", username="nobody-here", password=e.password)
    login(e)
    assert ok(e, "whoami")["user_id"] == e.my_id
    ok(e, "logout")
    fails(e, "view_inbox", "call login first")


def test_chain_login_find_user_add_contact_send_message_then_read_back(env):
    who = stranger(env)
    fails(env, "send_message", "is not in your contacts; add_contact first", receiver_id=who["user_id"], text="hi")
    ok(env, "add_contact", user_id=who["user_id"])
    fails(env, "add_contact", "already in your contacts", user_id=who["user_id"])
    sent = ok(env, "send_message", receiver_id=who["user_id"], text="Lunch at noon? zq-marker")
    assert sent["to_name"] == who["name"]
    mine = ok(env, "view_sent", limit=1)[0]
    assert mine["message_id"] == sent["message_id"] and mine["to_name"] == who["name"]  # says to whom
    hits = ok(env, "search_messages", query="zq-marker")
    assert [h["message_id"] for h in hits] == [sent["message_id"]]
    assert any(c["user_id"] == who["user_id"] for c in ok(env, "list_contacts"))
    assert ok(env, "get_user", user_id=who["user_id"])["is_contact"] is True


def test_domain_errors_are_clear_and_change_nothing(env):
    fails(env, "send_message", "use find_user", receiver_id="U000000", text="hi")
    contact = next(iter(env.contacts))
    fails(env, "send_message", "cannot send an empty message", receiver_id=contact, text="   ")
    fails(env, "send_message", "message too long", receiver_id=contact, text="x" * 4001)
    fails(env, "add_contact", "cannot add yourself", user_id=env.my_id)
    fails(env, "remove_contact", "is not in your contacts", user_id=stranger(env)["user_id"])
    fails(env, "read_message", "view_inbox or search_messages give ids", message_id="M00000000")


def test_inbox_read_and_stats_agree(env):
    stats = ok(env, "message_stats")
    unread = ok(env, "view_inbox", unread_only=True, limit=100)
    assert len(unread) == stats["unread"] > 0
    ok(env, "read_message", message_id=unread[0]["message_id"])
    assert ok(env, "message_stats")["unread"] == stats["unread"] - 1
    assert ok(env, "mark_all_read")["marked"] == stats["unread"] - 1
    assert ok(env, "message_stats")["unread"] == 0


def test_reply_and_delete(env):
    msg = ok(env, "view_inbox", limit=1)[0]
    reply = ok(env, "reply", message_id=msg["message_id"], text="On it.")
    assert reply["to_id"] == msg["from_id"]
    ok(env, "delete_message", message_id=reply["message_id"])
    fails(env, "read_message", "give ids", message_id=reply["message_id"])
    assert all(m["message_id"] != reply["message_id"] for m in ok(env, "view_sent", limit=100))


def test_channels_membership_rules(env):
    chans = ok(env, "list_channels")
    private = next(c for c in chans if c["private"] and not c["joined"])
    fails(env, "join_channel", "is private", channel_id=private["channel_id"])
    fails(env, "read_channel", "is private", channel_id=private["channel_id"])
    public = next(c for c in chans if not c["private"] and not c["joined"])
    fails(env, "post_to_channel", "join_channel first", channel_id=public["channel_id"], text="hello")
    ok(env, "join_channel", channel_id=public["channel_id"])
    post = ok(env, "post_to_channel", channel_id=public["channel_id"], text="hello all")
    assert ok(env, "read_channel", channel_id=public["channel_id"], limit=1)[0]["message_id"] == post["message_id"]
    others = next(m for m in ok(env, "read_channel", channel_id=public["channel_id"], limit=50) if m["from_id"] != env.my_id)
    fails(env, "delete_message", "only delete your own channel posts", message_id=others["message_id"])
    fails(env, "join_channel", "#general has id", channel_id="general")


def test_task_mode_rewards_the_right_end_state_only():
    seed = 9
    probe = Messaging()
    probe.reset(seed=seed)
    login(probe)
    who = stranger(probe)

    def solve(e: Messaging, text: str) -> None:
        login(e)
        ok(e, "find_user", name=who["name"])
        ok(e, "add_contact", user_id=who["user_id"])
        ok(e, "send_message", receiver_id=who["user_id"], text=text)

    truth = Messaging()
    truth.reset(seed=seed)
    solve(truth, "Welcome aboard!")
    task = Task(seed=seed, turns=[TurnSpec(
        user=f"Add {who['name']} to my contacts and tell them: Welcome aboard!",
        expect_state=truth.state_hash(), expect_calls=["add_contact", "send_message"],
    )])
    good = Messaging()
    good.reset(options={"task": task})
    solve(good, "Welcome aboard!")
    assert good.step(make_action(content="Sent."))[1] == 1.0

    bad = Messaging()
    bad.reset(options={"task": task})
    solve(bad, "Welcome aboard")  # different text: a different end state
    assert bad.step(make_action(content="Sent."))[1] == 0.0

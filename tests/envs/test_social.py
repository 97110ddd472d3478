"""Behaviour of the Social domain (toolgym/Social-v0): chains, rules, visibility, task scoring."""

from __future__ import annotations

from typing import Any

from tests.envs.helpers import fails, ok, run
from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make, make_action
from toolgym.envs.social import Social

SEED = 11


def logged_in(seed: int = SEED) -> Social:
    env = make("toolgym/Social-v0")
    env.reset(seed=seed)
    acct = env.account["me"]
    ok(env, "login", username=acct["username"], password=acct["password"])
    return env


def contact(env: Social, i: int = 0) -> dict[str, Any]:
    return env.world.persona["contacts"][i]


def test_conformance_check_passes():
    report = check_env("toolgym/Social-v0")
    assert report.passed
    assert len(report.tools_succeeded) >= 15  # the walk gets past login into the real tools


def test_has_at_least_17_tools_and_a_sizeable_world():
    env = make("toolgym/Social-v0")
    env.reset(seed=SEED)
    assert len(env.all_tooldefs()) >= 17
    assert len(env.users) >= 300 and len(env.posts) >= 1000 and len(env.comments) >= 500


def test_every_tool_has_complete_language():
    assert_language_complete(Social())


def test_world_texts_are_authored_posts_comments_and_bios():
    """Posts, comments and bios are what people write (texts.py), never Faker sentences."""
    from toolgym.envs.social.texts import COMMENTS, OPENERS, POSTS, TAGLINES, compose

    env = make("toolgym/Social-v0")
    env.reset(seed=SEED)
    possible = {
        f"{compose(o, lead, tail)} #{tag}"
        for tag, (leads, tails) in POSTS.items() for lead in leads for tail in ("", *tails) for o in OPENERS
    }
    texts = [p["text"].split(" ", 1)[1] if p["text"].startswith("@") else p["text"] for p in env.posts.values()]
    assert [t for t in texts if t not in possible] == []
    assert len(set(texts)) > 0.75 * len(texts)  # posts are named by their text: few repeats
    assert {c["text"] for c in env.comments.values()} <= set(COMMENTS)
    assert all(u["bio"].endswith(TAGLINES) for u in env.users.values())


def test_tools_need_a_login_first():
    env = make("toolgym/Social-v0")
    env.reset(seed=SEED)
    error = run(env, "find_users", query="a").get("error")
    assert "precondition not met" in error and "login" in error


def test_login_rejects_a_wrong_password_and_unknown_user():
    env = make("toolgym/Social-v0")
    env.reset(seed=SEED)
    acct = env.account["me"]
    fails(env, "login", "wrong password", username=acct["username"], password="nope")
    fails(env, "login", "no account with username", username="zz_nobody_zz", password="x")


def test_chain_login_find_user_follow_then_comment_on_followers_only_post():
    env = logged_in()
    # A post that only the author's followers may reply to, by someone I do not follow.
    me = env.me_id
    post = next(
        p for p in env.posts.values()
        if p["replies"] == "followers" and p["author_id"] != me and me not in env.graph[p["author_id"]]["followers"]
        and not env.users[p["author_id"]]["protected"]
    )
    author = env.users[post["author_id"]]
    matches = ok(env, "find_users", query=author["handle"])
    assert matches[0]["user_id"] == author["user_id"]
    uid = matches[0]["user_id"]
    posts = ok(env, "get_user_posts", user_id=uid, limit=100)
    assert post["post_id"] in [p["post_id"] for p in posts]
    fails(env, "comment_on_post", "followers only", post_id=post["post_id"], text="Nice one")
    assert ok(env, "follow_user", user_id=uid)["status"] == "following"
    comment = ok(env, "comment_on_post", post_id=post["post_id"], text="Nice one")
    detail = ok(env, "get_post", post_id=post["post_id"])
    assert detail["comment_list"][-1]["comment_id"] == comment["comment_id"]
    assert detail["comments"] == post["comment_count"] + 1


def test_new_post_shows_on_timeline_search_profile_and_trending():
    env = logged_in()
    before = {h["tag"]: h["posts_24h"] for h in ok(env, "get_trending_hashtags", limit=40)}
    post = ok(env, "create_post", text="Shipping the new release today #opensource #brandnewtag")
    assert post["hashtags"] == ["opensource", "brandnewtag"]
    assert ok(env, "get_timeline", limit=1)[0]["post_id"] == post["post_id"]
    assert post["post_id"] in [p["post_id"] for p in ok(env, "search_posts", query="new release")]
    assert post["post_id"] in [p["post_id"] for p in ok(env, "search_posts", hashtag="#brandnewtag")]
    after = {h["tag"]: h["posts_24h"] for h in ok(env, "get_trending_hashtags", limit=40)}
    assert after["opensource"] == before["opensource"] + 1
    # a new tag trends once it has more posts today than the 40th tag of the list
    for _ in range(min(before.values())):
        ok(env, "create_post", text="Still shipping #brandnewtag")
    after = {h["tag"]: h["posts_24h"] for h in ok(env, "get_trending_hashtags", limit=40)}
    assert after["brandnewtag"] == min(before.values()) + 1
    profile = ok(env, "get_user_profile", user_id=env.me_id)
    assert profile["posts"] == sum(1 for p in env.posts.values() if p["author_id"] == env.me_id)


def test_mentions_notify_the_user_and_must_name_real_users():
    env = logged_in()
    friend = next(u for u in env.users.values() if u["handle"] == contact(env)["username"])
    post = ok(env, "create_post", text=f"Lunch tomorrow @{friend['handle']}?")
    assert post["mentions"] == [friend["handle"]]
    sent = [n for n in env.notifications.values() if n["recipient_id"] == friend["user_id"] and n["post_id"] == post["post_id"]]
    assert sent and sent[0]["kind"] == "mention"
    fails(env, "create_post", "no user with handle '@zz_nobody_zz'", text="hi @zz_nobody_zz")


def test_post_length_and_emptiness_rules():
    env = logged_in()
    err = fails(env, "create_post", "at most 280 characters", text="x" * 281)
    assert "got 281" in err
    fails(env, "create_post", "cannot be empty", text="   ")


def test_follow_rules_self_twice_and_unfollow():
    env = logged_in()
    fails(env, "follow_user", "cannot follow yourself", user_id=env.me_id)
    followed = env.graph[env.me_id]["following"][0]
    fails(env, "follow_user", "already follow", user_id=followed)
    res = ok(env, "unfollow_user", user_id=followed)
    assert res["status"] == "not_following"
    assert followed not in [u["user_id"] for u in ok(env, "list_following", user_id=env.me_id, limit=200)]
    fails(env, "unfollow_user", "do not follow", user_id=followed)
    fails(env, "follow_user", "no user with id", user_id="Uzzzzzz")


def test_protected_accounts_get_a_request_and_hide_their_posts():
    env = logged_in()
    me = env.me_id
    uid = next(u for u, row in env.users.items() if row["protected"] and me not in env.graph[u]["followers"])
    fails(env, "get_user_posts", "protected", user_id=uid)
    assert ok(env, "follow_user", user_id=uid)["status"] == "requested"
    assert ok(env, "get_user_profile", user_id=uid)["request_pending"] is True
    fails(env, "follow_user", "already pending", user_id=uid)
    fails(env, "get_user_posts", "protected", user_id=uid)  # still not approved


def test_like_repost_and_delete_rules():
    env = logged_in()
    me = env.me_id
    theirs = next(
        p for p in env.posts.values()
        if p["author_id"] != me and not env.users[p["author_id"]]["protected"] and f"{p['post_id']}|{me}" not in env.likes
    )
    pid = theirs["post_id"]
    liked = ok(env, "like_post", post_id=pid)
    assert liked["likes"] == theirs["like_count"] + 1
    fails(env, "like_post", "already like", post_id=pid)
    assert ok(env, "get_post", post_id=pid)["liked_by_me"] is True
    rp = ok(env, "repost", post_id=pid, quote="Worth a read")
    assert rp["repost_of"] == pid
    fails(env, "repost", "already reposted", post_id=pid)
    fails(env, "repost", "your own post", post_id=rp["post_id"])
    fails(env, "delete_post", "only delete your own posts", post_id=pid)
    res = ok(env, "delete_post", post_id=rp["post_id"])
    assert res["deleted"] is True
    fails(env, "get_post", "no post with id", post_id=rp["post_id"])
    assert env.posts[pid]["repost_count"] == theirs["repost_count"]  # the repost no longer counts


def test_notifications_mark_read_is_observable():
    env = logged_in()
    unread = ok(env, "get_notifications", unread_only=True, limit=100)
    assert unread
    assert ok(env, "mark_notifications_read")["marked"] == len(unread)
    assert ok(env, "get_notifications", unread_only=True) == []
    mentions = ok(env, "get_mentions", limit=100)
    assert all(env.users[env.me_id]["handle"] in m["mentions"] for m in mentions)


def test_logout_ends_the_session():
    env = logged_in()
    ok(env, "logout")
    error = run(env, "get_timeline").get("error")
    assert "precondition not met" in error


def test_same_seed_same_world_and_writes_never_leak_into_the_next_reset():
    a = logged_in(SEED)
    ok(a, "create_post", text="hello #python")
    ok(a, "follow_user", user_id=next(u for u in a.users if u != a.me_id and a.me_id not in a.graph[u]["followers"] and not a.users[u]["protected"]))
    b = make("toolgym/Social-v0")
    b.reset(seed=SEED)
    a.reset(seed=SEED)
    assert a.snapshot() == b.snapshot()
    c = make("toolgym/Social-v0")
    c.reset(seed=SEED + 1)
    assert c.snapshot() != b.snapshot()


def test_works_composed_with_support_and_trading_for_the_same_persona():
    from toolgym.envs.compose import compose

    env = compose("toolgym/Social-v0", "toolgym/Support-v0", "toolgym/Trading-v0")
    env.reset(seed=SEED)
    social, support, trading = env.components
    creds = {(c.domain, r["username"], r["password"]) for c, r in ((social, social.account["me"]), (support, support.account["me"]), (trading, trading.login_record["me"]))}
    assert len({(u, p) for _, u, p in creds}) == 1  # one persona, one username and password everywhere
    user, pw = next(iter(creds))[1:]
    for domain in ("social", "support", "trading"):
        ok(env, f"{domain}_login", username=user, password=pw)
    post = ok(env, "create_post", text="Composed hello #python")  # new ids need the shared world's seed
    assert ok(env, "get_post", post_id=post["post_id"])["text"] == "Composed hello #python"


def test_task_mode_rewards_the_right_calls_and_end_state():
    seed = SEED
    truth = logged_in(seed)
    uid = next(u for u in truth.users if u != truth.me_id and truth.me_id not in truth.graph[u]["followers"] and not truth.users[u]["protected"])
    name = truth.users[uid]["name"]
    ok(truth, "find_users", query=name)
    ok(truth, "follow_user", user_id=uid)
    ok(truth, "create_post", text=f"Welcome @{truth.users[uid]['handle']}!")
    acct = truth.account["me"]
    task = Task(
        seed=seed,
        turns=[
            TurnSpec(
                user=f"Log in ({acct['username']} / {acct['password']}), follow {name} and welcome them in a post.",
                expect_state=truth.state_hash(),
                expect_calls=["login", "follow_user", "create_post"],
            )
        ],
    )

    def play(calls: list[tuple[str, dict[str, Any]]]) -> float:
        env = make("toolgym/Social-v0")
        env.reset(options={"task": task})
        for name_, args in calls:
            env.step(make_action(call(name_, **args)))
        _, reward, terminated, _, _ = env.step(make_action(content="Done."))
        assert terminated
        return reward

    login = ("login", {"username": acct["username"], "password": acct["password"]})
    right = [login, ("find_users", {"query": name}), ("follow_user", {"user_id": uid}),
             ("create_post", {"text": f"Welcome @{truth.users[uid]['handle']}!"})]
    assert play(right) == 1.0
    wrong = [login, ("create_post", {"text": f"Welcome @{truth.users[uid]['handle']}!"})]  # forgot to follow
    assert play(wrong) == 0.0

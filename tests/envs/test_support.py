"""Behaviour of the Support domain (toolgym/Support-v0): workflow rules, SLAs, merges, tasks."""

from __future__ import annotations

from typing import Any

from tests.envs.helpers import fails, ok, run
from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make, make_action
from toolgym.envs.support import Support

SEED = 5


def logged_in(seed: int = SEED) -> Support:
    env = make("toolgym/Support-v0")
    env.reset(seed=seed)
    acct = env.account["me"]
    ok(env, "login", username=acct["username"], password=acct["password"])
    return env


def a_ticket(env: Support, **equals: Any) -> dict[str, Any]:
    return next(t for t in env.tickets.values() if all(t[k] == v for k, v in equals.items()))


def test_conformance_check_passes():
    report = check_env("toolgym/Support-v0")
    assert report.passed
    assert len(report.tools_succeeded) >= 10  # the walk gets past login into the real tools


def test_has_at_least_17_tools_and_a_sizeable_world():
    env = make("toolgym/Support-v0")
    env.reset(seed=SEED)
    assert len(env.all_tooldefs()) >= 17
    assert len(env.customers) >= 400 and len(env.tickets) >= 1000 and len(env.comments) >= 1000


def test_every_tool_has_complete_language():
    assert_language_complete(Support())


def test_everything_written_on_a_world_ticket_tells_its_story():
    """Description, resolution and comments come from the ticket's own kind (texts.py), slots and all."""
    import re

    from toolgym.envs.support.texts import AGENT_HOLDING_REPLIES, ARTICLE_SUMMARIES, CUSTOMER_FOLLOW_UPS, TICKETS

    def pattern(template: str) -> re.Pattern[str]:
        return re.compile("".join(f"(?P<{p[1:-1]}>.+?)" if p.startswith("{") else re.escape(p) for p in re.split(r"(\{\w+\})", template)) + "$")

    env = make("toolgym/Support-v0")
    env.reset(seed=SEED)
    kinds = [k for ks in TICKETS.values() for k in ks]
    comments: dict[str, list[dict[str, Any]]] = {}
    for c in env.comments.values():
        comments.setdefault(c["ticket_id"], []).append(c)
    for t in env.tickets.values():
        kind, slots = next((k, m.groupdict()) for k in kinds if (m := pattern(k.subject).match(t["subject"])))
        assert t["description"] == kind.description.format(**slots)
        assert t["resolution"] in (None, kind.resolution.format(**slots))
        for c in comments.get(t["ticket_id"], ()):
            if c["author_type"] == "customer":
                lines = kind.customer + CUSTOMER_FOLLOW_UPS
            else:
                lines = kind.replies + AGENT_HOLDING_REPLIES if c["public"] else kind.notes
            assert c["body"] in [x.format(**slots) for x in lines], (t["subject"], c["body"])
    assert all(a["summary"] == ARTICLE_SUMMARIES[a["title"]] for a in env.articles.values())


def test_tools_need_a_login_and_the_right_password():
    env = make("toolgym/Support-v0")
    env.reset(seed=SEED)
    error = run(env, "find_customers", query="a").get("error")
    assert "precondition not met" in error and "login" in error
    fails(env, "login", "wrong password", username=env.account["me"]["username"], password="bad")


def test_chain_login_find_customer_tickets_assign_to_me_resolve_and_close():
    env = logged_in()
    me = env.me_id
    t = a_ticket(env, status="new", team="technical")
    cust = env.customers[t["customer_id"]]
    found = ok(env, "find_customers", query=cust["email"])
    assert found[0]["customer_id"] == cust["customer_id"]
    tickets = ok(env, "list_customer_tickets", customer_id=cust["customer_id"], status="new")
    assert t["ticket_id"] in [x["ticket_id"] for x in tickets]
    tid = t["ticket_id"]
    fails(env, "resolve_ticket", "assign it first", ticket_id=tid, resolution_note="Cleared the cache and it works")
    assigned = ok(env, "assign_ticket", ticket_id=tid, agent_id=me)
    assert assigned["status"] == "open" and assigned["assignee_id"] == me
    assert tid in [x["ticket_id"] for x in ok(env, "get_my_queue")]
    fails(env, "close_ticket", "without a resolution", ticket_id=tid)
    assert ok(env, "set_status", ticket_id=tid, status="pending")["status"] == "pending"
    fails(env, "set_status", "already pending", ticket_id=tid, status="pending")
    fails(env, "resolve_ticket", "at least 10 characters", ticket_id=tid, resolution_note="done")
    solved = ok(env, "resolve_ticket", ticket_id=tid, resolution_note="Cleared the cache and it works")
    assert solved["status"] == "solved" and solved["resolution"] == "Cleared the cache and it works"
    assert ok(env, "close_ticket", ticket_id=tid)["status"] == "closed"
    fails(env, "add_comment", "read-only", ticket_id=tid, body="one more thing")
    fails(env, "reopen_ticket", "read-only", ticket_id=tid, reason="customer says still broken")
    actions = [e["action"] for e in ok(env, "get_ticket_history", ticket_id=tid)]
    assert actions == ["created", "assigned", "status", "solved", "closed"]


def test_only_the_assignee_may_change_status_or_resolve():
    env = logged_in()
    t = next(x for x in env.tickets.values() if x["status"] == "open" and x["assignee_id"] not in (None, env.me_id))
    fails(env, "set_status", "only the assignee", ticket_id=t["ticket_id"], status="pending")
    fails(env, "resolve_ticket", "only the assignee", ticket_id=t["ticket_id"], resolution_note="Reset the password for them")


def test_assignment_respects_team_and_out_of_office():
    env = logged_in()
    t = a_ticket(env, status="new", team="billing")
    tech = next(a for a in env.agents.values() if a["team"] == "technical" and a["agent_id"] != env.me_id and a["status"] == "available")
    fails(env, "assign_ticket", "transfer_ticket", ticket_id=t["ticket_id"], agent_id=tech["agent_id"])
    away = [a for a in env.agents.values() if a["team"] == "billing" and a["status"] == "out_of_office"]
    if away:
        fails(env, "assign_ticket", "out of office", ticket_id=t["ticket_id"], agent_id=away[0]["agent_id"])
    moved = ok(env, "transfer_ticket", ticket_id=t["ticket_id"], team="technical", reason="it is an API bug")
    assert moved["team"] == "technical" and moved["status"] == "new"
    assert ok(env, "assign_ticket", ticket_id=t["ticket_id"], agent_id=tech["agent_id"])["assignee_id"] == tech["agent_id"]


def test_escalation_only_for_high_or_urgent_priority():
    env = logged_in()
    t = next(x for x in env.tickets.values() if x["status"] == "open" and x["priority"] == "normal" and not x["escalated"])
    tid = t["ticket_id"]
    fails(env, "escalate_ticket", "only for high or urgent", ticket_id=tid, reason="customer is angry")
    ok(env, "change_priority", ticket_id=tid, priority="high", reason="outage for their whole team")
    esc = ok(env, "escalate_ticket", ticket_id=tid, reason="customer is angry")
    assert esc["team"] == "escalations" and esc["escalated"] is True
    assert env.agents[esc["assignee_id"]]["team"] == "escalations"
    fails(env, "escalate_ticket", "already escalated", ticket_id=tid, reason="again")


def test_urgent_priority_is_reserved_for_enterprise_customers():
    env = logged_in()
    t = next(x for x in env.tickets.values() if x["status"] == "open" and env.customers[x["customer_id"]]["tier"] == "free")
    fails(env, "change_priority", "reserved for enterprise", ticket_id=t["ticket_id"], priority="urgent", reason="VIP")
    ent = next(c for c in env.customers.values() if c["tier"] == "enterprise")
    new = ok(env, "create_ticket", customer_id=ent["customer_id"], subject="Production is down", description="All API calls fail", team="technical", priority="urgent")
    assert new["status"] == "new" and new["priority"] == "urgent"
    sla = ok(env, "check_sla", ticket_id=new["ticket_id"])
    assert sla["target_hours"] == 4 and sla["state"] == "on_track"
    created = [e for e in ok(env, "get_ticket_history", ticket_id=new["ticket_id"]) if e["action"] == "created"]
    assert len(created) == 1 and created[0]["actor"] == env.agents[env.me_id]["name"]  # the agent filed it, once
    assert "Production is down" in created[0]["detail"]
    assert new["ticket_id"] in [x["ticket_id"] for x in ok(env, "list_customer_tickets", customer_id=ent["customer_id"])]


def test_priority_change_moves_the_sla_due_time():
    env = logged_in()
    t = next(x for x in env.tickets.values() if x["status"] == "open" and x["priority"] == "low")
    before = ok(env, "check_sla", ticket_id=t["ticket_id"])
    ok(env, "change_priority", ticket_id=t["ticket_id"], priority="high", reason="blocking a release")
    after = ok(env, "check_sla", ticket_id=t["ticket_id"])
    assert (before["target_hours"], after["target_hours"]) == (72, 8)
    assert after["remaining_minutes"] < before["remaining_minutes"]


def test_sla_breaches_list_only_overdue_unresolved_tickets():
    env = logged_in()
    for s in ok(env, "list_sla_breaches", limit=100):
        assert ok(env, "check_sla", ticket_id=s["ticket_id"])["state"] == "breached"


def test_merge_duplicates_of_the_same_customer_only():
    env = logged_in()
    by_cust: dict[str, list[dict[str, Any]]] = {}
    for t in env.tickets.values():
        if t["status"] in ("open", "pending", "new"):
            by_cust.setdefault(t["customer_id"], []).append(t)
    src, dst = next(v for v in by_cust.values() if len(v) >= 2)[:2]
    other = next(t for t in env.tickets.values() if t["customer_id"] != src["customer_id"] and t["status"] == "open")
    fails(env, "merge_tickets", "same customer", source_ticket_id=src["ticket_id"], target_ticket_id=other["ticket_id"])
    fails(env, "merge_tickets", "into itself", source_ticket_id=src["ticket_id"], target_ticket_id=src["ticket_id"])
    n_src = len(ok(env, "list_comments", ticket_id=src["ticket_id"]))
    n_dst = len(ok(env, "list_comments", ticket_id=dst["ticket_id"]))
    res = ok(env, "merge_tickets", source_ticket_id=src["ticket_id"], target_ticket_id=dst["ticket_id"])
    assert res["comments_moved"] == n_src
    assert len(ok(env, "list_comments", ticket_id=dst["ticket_id"])) == n_src + n_dst
    closed = ok(env, "get_ticket", ticket_id=src["ticket_id"])
    assert closed["status"] == "closed" and closed["merged_into"] == dst["ticket_id"]
    fails(env, "merge_tickets", "closed", source_ticket_id=src["ticket_id"], target_ticket_id=dst["ticket_id"])


def test_comments_and_article_links_are_visible_and_capped():
    env = logged_in()
    t = a_ticket(env, status="open")
    tid = t["ticket_id"]
    c = ok(env, "add_comment", ticket_id=tid, body="Checked the logs, escalating internally", public=False)
    last = ok(env, "list_comments", ticket_id=tid)[-1]
    assert last["comment_id"] == c["comment_id"] and last["public"] is False
    hits = ok(env, "search_articles", query="two-factor authentication")
    assert hits and "two-factor" in hits[0]["title"].lower()
    arts = [a["article_id"] for a in ok(env, "search_articles", query="how", limit=30)] + list(env.articles)
    linked: list[str] = list(t["linked_articles"])
    for aid in arts:
        if len(linked) == 5:
            break
        if aid not in linked:
            ok(env, "link_article", ticket_id=tid, article_id=aid)
            linked.append(aid)
    assert [a["article_id"] for a in ok(env, "get_ticket", ticket_id=tid)["linked_articles"]] == linked
    fails(env, "link_article", "already linked", ticket_id=tid, article_id=linked[0])
    spare = next(a for a in env.articles if a not in linked)
    fails(env, "link_article", "maximum", ticket_id=tid, article_id=spare)


def test_reopen_a_solved_ticket():
    env = logged_in()
    t = a_ticket(env, status="solved")
    res = ok(env, "reopen_ticket", ticket_id=t["ticket_id"], reason="the customer says it still fails")
    assert res["status"] == "open" and res["resolution"] is None


def test_unknown_ids_tell_the_model_where_ids_come_from():
    env = logged_in()
    fails(env, "get_ticket", "search_tickets", ticket_id="TKnope")
    fails(env, "get_customer", "find_customers", customer_id="CUnope")
    fails(env, "assign_ticket", "find_agents", ticket_id=a_ticket(env, status="open")["ticket_id"], agent_id="AGnope")


def test_same_seed_same_world_and_writes_never_leak_into_the_next_reset():
    a = logged_in()
    ok(a, "create_ticket", customer_id=next(iter(a.customers)), subject="Printer on fire", description="Please help", team="technical")
    b = make("toolgym/Support-v0")
    b.reset(seed=SEED)
    a.reset(seed=SEED)
    assert a.snapshot() == b.snapshot()


def test_task_mode_rewards_the_right_calls_and_end_state():
    truth = logged_in()
    t = a_ticket(truth, status="new", team="technical")
    cust = truth.customers[t["customer_id"]]
    ok(truth, "assign_ticket", ticket_id=t["ticket_id"], agent_id=truth.me_id)
    ok(truth, "resolve_ticket", ticket_id=t["ticket_id"], resolution_note="Rotated the API key for them")
    acct = truth.account["me"]
    task = Task(
        seed=SEED,
        turns=[
            TurnSpec(
                user=f"Take {cust['name']}'s new ticket '{t['subject']}' and solve it: I rotated their API key.",
                expect_state=truth.state_hash(),
                expect_calls=["assign_ticket", "resolve_ticket"],
            )
        ],
    )

    def play(calls: list[tuple[str, dict[str, Any]]]) -> float:
        env = make("toolgym/Support-v0")
        env.reset(options={"task": task})
        for name, args in calls:
            env.step(make_action(call(name, **args)))
        return env.step(make_action(content="Done."))[1]

    login = ("login", {"username": acct["username"], "password": acct["password"]})
    assign = ("assign_ticket", {"ticket_id": t["ticket_id"], "agent_id": truth.me_id})
    resolve = ("resolve_ticket", {"ticket_id": t["ticket_id"], "resolution_note": "Rotated the API key for them"})
    assert play([login, ("find_customers", {"query": cust["name"]}), assign, resolve]) == 1.0
    assert play([login, resolve, assign]) == 0.0  # resolving before assigning fails: the state differs

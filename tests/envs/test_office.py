"""Office-v0: mail, calendar and contacts; chains, rules, preconditions, determinism, task mode."""

from __future__ import annotations

import json

from tests.envs.helpers import assert_safe_random_walk, fails, ok
from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make, make_action
from toolgym.envs.office import Office

ENV_ID = "toolgym/Office-v0"


def fresh(seed: int = 1, signed_in: bool = True) -> Office:
    env = make(ENV_ID)
    env.reset(seed=seed)
    if signed_in:
        me = env.world.persona
        ok(env, "sign_in", email=me["email"], password=me["password"])
    return env


def contact_email(env: Office, i: int = 0) -> str:
    first = env.world.persona["contacts"][i]["name"]
    return ok(env, "find_contact", query=first)[0]["email"]


def test_conformance_check_passes():
    check_env(ENV_ID)


def test_signed_in_random_walk_is_atomic_read_only_safe_and_matches_result_schemas():
    # The shipped check rarely gets past sign_in; this walk starts signed in, so every tool runs.
    env = fresh(3)
    defs = env.all_tooldefs()
    names = [n for n in defs if n not in ("sign_out", "sign_in")]
    assert_safe_random_walk(env, names, steps=800, seed=0, min_succeeded=16)


def test_has_at_least_18_tools_and_hundreds_of_emails():
    env = fresh()
    assert len(env.all_tooldefs()) >= 18
    assert len(env.emails) >= 300 and len(env.contacts) == 40 and len(env.events) >= 100


def test_sign_in_find_contact_send_email_chain_and_sent_folder_shows_it():
    env = fresh(signed_in=False)
    me = env.world.persona
    fails(env, "find_contact", "call sign_in first", query="a")
    ok(env, "sign_in", email=me["email"], password=me["password"])
    addr = contact_email(env, 2)
    sent = ok(env, "send_email", to=[addr], subject="Budget", body="See attached")
    listed = ok(env, "list_emails", folder="sent", limit=5)
    assert listed[0]["email_id"] == sent["email_id"] and listed[0]["subject"] == "Budget"
    assert ok(env, "read_email", email_id=sent["email_id"])["to"] == [addr]


def test_wrong_password_and_unknown_account_are_rejected():
    env = fresh(signed_in=False)
    me = env.world.persona
    fails(env, "sign_in", "wrong password", email=me["email"], password="nope")
    fails(env, "sign_in", "no office account", email="x@y.com", password=me["password"])


def test_sign_out_revokes_access():
    env = fresh()
    ok(env, "sign_out")
    fails(env, "list_emails", "precondition not met")


def test_mail_to_self_lands_in_inbox_unread():
    env = fresh()
    me = env.world.persona["email"]
    ok(env, "send_email", to=[me], subject="Note to self", body="buy milk")
    top = ok(env, "list_emails", unread_only=True, limit=1)[0]
    assert top["subject"] == "Note to self" and top["read"] is False


def test_search_by_sender_subject_and_date():
    env = fresh()
    c = env.world.persona["contacts"][0]
    hits = ok(env, "search_emails", sender=c["last_name"], limit=100)
    assert hits and all(c["last_name"].lower() in (h["from_name"] + h["from_email"]).lower() or h["folder"] == "sent" for h in hits)
    word = hits[0]["subject"].split()[0]
    assert all(word.lower() in h["subject"].lower() for h in ok(env, "search_emails", subject=word))
    day = hits[0]["date"][:10]
    assert all(h["date"].startswith(day) for h in ok(env, "search_emails", date_from=day, date_to=day, limit=100))
    fails(env, "search_emails", "expected date_from as YYYY-MM-DD", date_from="tomorrow")


def test_reply_and_forward_are_refused_for_deleted_mail():
    env = fresh()
    eid = ok(env, "list_emails", limit=1)[0]["email_id"]
    ok(env, "delete_email", email_id=eid)
    assert ok(env, "read_email", email_id=eid)["folder"] == "trash"
    fails(env, "reply_email", "it was deleted", email_id=eid, body="hi")
    fails(env, "forward_email", "it was deleted", email_id=eid, to=["a@b.com"])
    ok(env, "delete_email", email_id=eid)  # from the trash: gone for good
    fails(env, "reply_email", "no email with id", email_id=eid, body="hi")


def test_reply_goes_to_sender_with_re_subject_and_links_the_original():
    env = fresh()
    src = next(e for e in ok(env, "list_emails", limit=50) if not e["subject"].lower().startswith("re:"))
    r = ok(env, "reply_email", email_id=src["email_id"], body="Thanks!")
    assert r["to"] == [src["from_email"]] and r["subject"] == "Re: " + src["subject"]
    assert ok(env, "read_email", email_id=r["email_id"])["in_reply_to"] == src["email_id"]


def test_archive_label_and_mark_read_are_visible_later():
    env = fresh()
    e = ok(env, "list_emails", unread_only=True, limit=1)[0]
    ok(env, "mark_email_read", email_id=e["email_id"])
    ok(env, "label_email", email_id=e["email_id"], label="Urgent")
    ok(env, "archive_email", email_id=e["email_id"])
    got = ok(env, "read_email", email_id=e["email_id"])
    assert got["read"] and "urgent" in got["labels"] and got["folder"] == "archive"
    assert any(x["email_id"] == e["email_id"] for x in ok(env, "search_emails", label="urgent"))
    assert {"label": "urgent", "count": 1} in ok(env, "list_labels")
    fails(env, "archive_email", "not the inbox", email_id=e["email_id"])
    fails(env, "label_email", "already has the label", email_id=e["email_id"], label="urgent")


def test_invalid_recipient_is_rejected_with_a_hint():
    env = fresh()
    fails(env, "send_email", "use find_contact", to=["Bob"], subject="s", body="b")
    fails(env, "send_email", "at least one recipient", to=[], subject="s", body="b")


def test_create_event_with_contact_then_reschedule_chain_and_no_double_booking():
    env = fresh()
    today = ok(env, "get_today")["date"]
    import datetime as dt

    day = (dt.date.fromisoformat(today) + dt.timedelta(days=1)).isoformat()
    addr = contact_email(env, 1)
    slot = ok(env, "find_free_slots", date=day, duration_minutes=60)[0]
    ev = ok(env, "create_event", title="Planning", date=day, start=slot["start"], end=f"{int(slot['start'][:2]) + 1:02d}{slot['start'][2:]}", attendees=[addr])
    assert ev["attendees"] == [addr] and any(e["event_id"] == ev["event_id"] for e in ok(env, "list_events", date=day))
    fails(env, "create_event", "overlaps 'Planning'", title="Clash", date=day, start=ev["start"], end=ev["end"])
    ok(env, "create_event", title="Clash", date=day, start=ev["start"], end=ev["end"], allow_overlap=True)
    # The free slot is gone once booked.
    assert all(not (s["start"] <= ev["start"] < s["end"]) for s in ok(env, "find_free_slots", date=day, duration_minutes=30))
    later = (dt.date.fromisoformat(today) + dt.timedelta(days=40)).isoformat()
    free = ok(env, "find_free_slots", date=later, duration_minutes=60)[0]["start"]
    moved = ok(env, "reschedule_event", event_id=ev["event_id"], new_date=later, new_start=free)
    assert moved["date"] == later and moved["start"] == free
    ok(env, "cancel_event", event_id=ev["event_id"])
    assert ok(env, "get_event", event_id=ev["event_id"])["status"] == "cancelled"
    assert all(e["event_id"] != ev["event_id"] for e in ok(env, "list_events", date=later))


def test_calendar_rules_past_dates_bad_attendees_and_organizer_only():
    env = fresh()
    today = ok(env, "get_today")["date"]
    fails(env, "create_event", "cannot schedule in the past", title="x", date="2020-01-01", start="10:00", end="11:00")
    fails(env, "create_event", "not a valid email address", title="x", date="2030-01-01", start="10:00", end="11:00", attendees=["Someone"])
    fails(env, "create_event", "must be after start", title="x", date="2030-01-01", start="11:00", end="10:00")
    invite = ok(env, "list_invitations")[0]
    fails(env, "reschedule_event", "use rsvp_event", event_id=invite["event_id"], new_date="2030-01-01", new_start="10:00")
    fails(env, "cancel_event", "use rsvp_event", event_id=invite["event_id"])
    mine = next(e for e in env.events.values() if e["my_response"] == "organizer" and e["date"] < today)
    fails(env, "cancel_event", "took place", event_id=mine["event_id"])


def test_rsvp_updates_invitation_and_respects_double_booking():
    env = fresh()
    invite = ok(env, "list_invitations")[0]
    ok(env, "rsvp_event", event_id=invite["event_id"], response="declined")
    assert ok(env, "get_event", event_id=invite["event_id"])["my_response"] == "declined"
    assert invite["event_id"] not in [e["event_id"] for e in ok(env, "list_invitations")]
    # Book the invitation's time, then accepting it clashes.
    ok(env, "create_event", title="Focus", date=invite["date"], start=invite["start"], end=invite["end"], allow_overlap=True)
    fails(env, "rsvp_event", "overlaps 'Focus'", event_id=invite["event_id"], response="accepted")
    ok(env, "rsvp_event", event_id=invite["event_id"], response="accepted", allow_overlap=True)
    own = next(e for e in env.events.values() if e["my_response"] == "organizer")
    fails(env, "rsvp_event", "no invitation to answer", event_id=own["event_id"], response="accepted")


def test_same_seed_same_world_and_other_seed_other_world():
    a, b, c = fresh(5, False), fresh(5, False), fresh(6, False)
    assert json.dumps(a.snapshot(), sort_keys=True) == json.dumps(b.snapshot(), sort_keys=True)
    assert a.snapshot() != c.snapshot()


def test_today_is_simulated_and_fixed_by_seed():
    assert ok(fresh(5, False), "get_today") == ok(fresh(5, False), "get_today")
    assert ok(fresh(5, False), "get_today")["date"].startswith("2025-")


def test_every_tool_has_complete_language():
    assert_language_complete(Office())


def test_task_mode_rewards_right_end_state_and_not_wrong_one():
    seed = 11
    gt = fresh(seed)
    eid = ok(gt, "list_emails", limit=1)[0]["email_id"]
    ok(gt, "archive_email", email_id=eid)
    ok(gt, "label_email", email_id=eid, label="done")
    target = gt.state_hash()
    me = gt.world.persona

    def task() -> Task:
        return Task(seed=seed, turns=[TurnSpec(user="archive my newest email and label it done", expect_state=target,
                                               expect_calls=["archive_email", "label_email"])])

    env = make(ENV_ID)
    env.reset(options={"task": task()})
    env.step(make_action(call("sign_in", email=me["email"], password=me["password"])))
    env.step(make_action([call("archive_email", email_id=eid), call("label_email", email_id=eid, label="done")]))
    _, reward, done, _, _ = env.step(make_action(content="Done."))
    assert reward == 1.0 and done

    env.reset(options={"task": task()})
    env.step(make_action(call("sign_in", email=me["email"], password=me["password"])))
    env.step(make_action(call("delete_email", email_id=eid)))
    _, reward, done, _, _ = env.step(make_action(content="Done."))
    assert reward == 0.0 and done


def _template_re(template: str):
    import re

    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile("^" + "(.+)".join(re.escape(p) for p in parts) + "$")


def test_mail_and_events_are_written_text_not_filler():
    """Subjects, bodies and event notes come from the authored vocabularies (issue 10: lorem
    text in records), and a body belongs to its own subject's kind."""
    from toolgym.envs.office.data import EVENTS, MAILS

    kinds = [(_template_re(subject), [_template_re(b) for b in bodies]) for subject, bodies in MAILS]
    notes = [_template_re(n) for ns in EVENTS.values() for n in ns]
    for seed in (0, 7):
        env = fresh(seed, signed_in=False)
        for e in env.emails.values():
            assert any(s.match(e["subject"]) and any(b.match(e["body"]) for b in bs) for s, bs in kinds), e
        for ev in env.events.values():
            assert any(n.match(ev["description"]) for n in notes), ev
            assert "{" not in ev["title"] + ev["description"]


def test_events_are_named_by_title_and_time():
    """Titles repeat (a standup a day): results carry a summary with the day and start, the
    label the user names an event by."""
    from toolgym.envs.graph import ApiGraph

    env = fresh()
    day = ok(env, "get_today")["date"]
    made = ok(env, "create_event", title="Budget check-in", date=day, start="17:00", end="17:30", allow_overlap=True)
    assert made["summary"] == f"Budget check-in on {day} at 17:00"
    assert ok(env, "get_event", event_id=made["event_id"])["summary"] == made["summary"]
    moved = ok(env, "reschedule_event", event_id=made["event_id"], new_date=day, new_start="17:30", allow_overlap=True)
    assert moved["summary"] == f"Budget check-in on {day} at 17:30"
    assert all(e["summary"] == f"{e['title']} on {e['date']} at {e['start']}" for e in ok(env, "list_events", date=day))
    assert ApiGraph.of(env).entity_label("event") == "summary"

"""Defects found by reading records as a trainer would, each pinned where it was fixed.

The unit tests hold each writer's rule; the run test reads a fresh default run for the
symptoms themselves (a reader found every one of them in a round-2 run before its fix).
"""

from __future__ import annotations

import json
import random
import re

import pytest

from toolgym.envs.language import ToolLanguage, has_words
from toolgym.synth.grounding import _fit, _number
from toolgym.synth.pipeline.answer import _after_value, _ended, one_of
from toolgym.synth.pipeline.config import load_config
from toolgym.synth.pipeline.lexicon import _NOT_IMPERATIVE, Lexicon, Seg, cap, text_of
from toolgym.synth.pipeline.reasoner import _lower_start
from toolgym.synth.pipeline.run import synthesize
from toolgym.synth.quality.report import BROKEN, broken_sentences


def test_phrases_are_found_as_whole_words_only():
    assert has_words("please lock the door", "lock the")
    assert not has_words("please unlock the door", "lock the")
    assert not has_words("the office is closed", "off")
    assert has_words("turn it off.", "off")
    assert has_words("rate 5; rest of it", "; rest")  # a piece opening on punctuation after a value


def test_a_value_ask_is_recognised_in_the_plural_the_writer_gives_a_list():
    lang = ToolLanguage(task=("t",), asks=("a",), value_asks={"lock": {True: ("see to it that their {doors} door is locked",)}})
    assert lang.value_said("lock", True, "see to it that their driver door is locked")
    assert lang.value_said("lock", True, "see to it that their driver and passenger doors are locked")
    assert not lang.value_said("lock", True, "see to it that their doors")


def test_a_sentence_start_keeps_the_case_of_paths_tool_names_and_names():
    assert cap("notes/todo.txt is back") == "notes/todo.txt is back"
    assert cap("view_inbox only works after login") == "view_inbox only works after login"
    assert cap("eBay has it") == "eBay has it"
    assert cap("the door is locked") == "The door is locked"
    assert _lower_start("Bethany English has it") == "Bethany English has it"
    assert _lower_start("The ticket is open") == "the ticket is open"


def test_answer_templates_read_right_around_their_values():
    assert _after_value("1", " followers, following 3") == " follower, following 3"
    assert _after_value("Learning to code.", "; 1 post") == " 1 post"
    assert _ended("Your post is live: hello #x") == "Your post is live: hello #x."
    assert _ended("Diff:\n- a\n+ b") == "Diff:\n- a\n+ b"  # no full stop glued to a file's last line
    assert one_of("I found 1 status, 1 orders and 1 entries") == "I found 1 status, 1 order and 1 entry"


def test_free_words_never_leave_a_space_before_a_comma_or_a_colon_before_the_end():
    assert text_of([Seg("Beverages", True), Seg(" , just the top 11")]) == "Beverages, just the top 11"
    assert text_of([Seg("could you make a post for me:"), Seg(".")]) == "could you make a post for me."
    # a value's own characters are never cut
    assert text_of([Seg("say", False), Seg(" "), Seg("hi:", True), Seg(".")]) == "say hi:."


def test_the_broken_pattern_prefilter_finds_exactly_what_the_patterns_find():
    rng = random.Random(0)
    words = ["The", "user", "wants", "me", "to", "what", "need", "you", "is", "power", "set", "true", "(on:", "false)", "here",
             "happened", "tools", "can", "the", "a", "for", "reference:", "x", "y.", "lorem", "ipsum", "and", "it"]
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(2, 14)))
        assert broken_sentences(text) == [n for n, rx in BROKEN.items() if rx.search(text)], text


def test_questions_and_statements_are_no_task_phrases():
    assert _NOT_IMPERATIVE.search("which orders are on their way?")
    assert _NOT_IMPERATIVE.search("I want the {x} door locked")
    assert _NOT_IMPERATIVE.search("{doors} door should be locked")
    assert not _NOT_IMPERATIVE.search("lock the {doors} door")


def test_numbers_are_drawn_as_people_say_them():
    rng = random.Random(3)
    pressures = [_number("pressure_psi", rng.uniform(20, 40), 20, 40, rng) for _ in range(200)]
    assert sum(p == int(p) for p in pressures) > 120  # mostly whole
    assert all(round(p, 1) == p for p in pressures)
    amounts = [_number("amount", 12.3456, 0, 100, rng) for _ in range(5)]
    assert amounts == [12.35] * 5  # money keeps its cents


def test_an_authored_list_fits_a_list_parameter():
    schema = {"type": "array", "items": {"type": "number"}, "minItems": 2}
    assert _fit([12, 15.5, 20], schema, "array")
    assert not _fit([12], schema, "array")
    assert not _fit(["a", "b"], schema, "array")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    out = tmp_path_factory.mktemp("defects") / "run"
    synthesize(load_config(overrides={"records": 240, "seed": 11, "out": str(out), "progress": False}))
    eps = []
    for f in sorted(out.glob("episodes-*.jsonl")):
        eps += [json.loads(line) for line in f.read_text().splitlines() if line.strip()]
    return eps


def _texts(ep, roles=("assistant", "user")):
    for m in ep["messages"]:
        if m["role"] in roles:
            yield m.get("content") or ""
            yield m.get("reasoning") or ""


def test_no_call_sends_an_explicit_null(records):
    for ep in records:
        for m in ep["messages"]:
            for c in m.get("tool_calls") or []:
                assert None not in (c.get("arguments") or {}).values(), (ep["id"], c)


def test_no_argument_is_its_own_parameter_name(records):
    # '"pin": "pin"' came from a quoted choice in the parameter's description ('when method is "pin"')
    for ep in records:
        for m in ep["messages"]:
            for c in m.get("tool_calls") or []:
                for k, v in (c.get("arguments") or {}).items():
                    assert not (isinstance(v, str) and v.lower() == k.lower()), (ep["id"], c)


def test_reasoning_and_answers_hold_none_of_the_defects_a_reader_found(records):
    bad = {
        "done twice": re.compile(r"\bDone[:,.].*\bDone\.$"),
        "python list in prose": re.compile(r"\['[^']*'\]"),
        "singular verb after a plural list": re.compile(r"\bdoors (is|gets|was)\b"),
        "wants me to + question": re.compile(r"\bwants me to (what|which|who|how|where|when|is|are)\b"),
        "a write that 'found' its own result": re.compile(r"\b(create|place|add|send|post)_\w+ found \""),
        "a switch named as a noun": re.compile(r"\bThe \w+ only comes straight from\b"),
        "a lead before a heading": re.compile(r"^Here you go: [^.\n]*:"),
        "a lead before a one-word sentence": re.compile(r"^(Done|All set|Okay|Sure thing|Got it|That's taken care of|Sure|I checked)\. \w+\. "),
        "a claim of similar items the list may not hold": re.compile(r"there are several similar ones"),
        "an item 'used' that is an amount": re.compile(r"\((I went with|This was with|I used) \$[\d,.]+"),
        "requested steps called lookups": re.compile(r"\ba few lookups\b"),
        "'For the rest' with nothing before it": re.compile(r"(^|\. )Straightforward[^.]*\. For the rest:|^[^.]*\. For the rest:"),
        "a hidden login used as a lookup": re.compile(r"\b\w*login will find it from\b"),
        "the new thing that was not made": re.compile(r"\b(reopen|resolve|close|cancel|delete) the new \w+"),
    }
    for ep in records:
        for t in _texts(ep):
            for name, rx in bad.items():
                assert not rx.search(t), (name, ep["id"], t[:200])


def test_no_round_asks_again_for_the_last_rounds_goal_or_a_session_tool(records):
    for ep in records:
        goals = [tuple(t.get("target_tools") or ()) for t in ep["turns"]]
        for a, b in zip(goals, goals[1:], strict=False):
            if a and b:
                assert not set(a) & set(b), (ep["id"], goals)


def test_a_left_out_last_value_never_leaves_a_sentence_on_and_or_a_lone_verb():
    fit = Lexicon._fit_uncached
    # "it's normal priority and." / "could you drop." were written before
    assert fit("it's {priority} priority and {status}", frozenset({"priority"}), frozenset()) is None
    assert fit("drop {insurance_id}", frozenset(), frozenset()) is None
    assert fit("show my messages {folder}", frozenset(), frozenset()) == [("show my messages", None), ("", None)]
    assert broken_sentences("It's normal priority and. Thanks") == ["sentence ends on and/the"]
    assert broken_sentences("Which one are you thinking of? Plan A.") == []


def test_only_something_just_made_is_the_new_one():
    from types import SimpleNamespace as NS

    from toolgym.synth.pipeline.lexicon import _made_by_a_create

    def plan(producer: str) -> NS:
        made = NS(call=NS(id="c1"), spec=NS(name=producer), sources={})
        user = NS(call=NS(id="c2"), spec=NS(name="reopen_ticket"), sources={"ticket_id": NS(call_id="c1")})
        return NS(steps=[made, user])

    m = NS(step=1, param="ticket_id")
    # "reopen the new ticket" was written after resolve_ticket: the ticket was not new
    assert not _made_by_a_create(plan("resolve_ticket"), m)
    assert _made_by_a_create(plan("create_ticket"), m)
    assert _made_by_a_create(plan("support_create_ticket"), m)  # a composed env's prefixed name


def test_a_shell_command_keeps_its_case_at_a_sentence_start():
    assert cap("cd home.") == "cd home."
    assert cap("find the file") == "Find the file"

"""The phrase pools of the user's voice: large, distinct, and every item keeping the rules."""

from __future__ import annotations

import random
import re

import pytest

from toolgym.synth.pipeline import query
from toolgym.synth.pipeline.lexicon import Seg, text_of
from toolgym.synth.pipeline.noise import STYLES, Voice
from toolgym.synth.pipeline.phrasebank import ASIDES, CLOSERS, CONNECTORS, CREDENTIALS, FRAMES, OPENERS, QUESTION_LEADS

_PLACEHOLDER = re.compile(r"\{(q|Q)\}")
# a frame that makes the user the actor, or opens on a word a connector may already have said
_USER_ACTS = re.compile(r"\bhelp me\b(?! out and)|\blet's\b|\bmind if we\b|^gotta {q}", re.IGNORECASE)
_OPENS_BADLY = re.compile(r"^(oh|so|okay|ok|hey|yo|well|next|then|also|now|and|first)\b", re.IGNORECASE)
_TIME = re.compile(r"\b(today|tonight|tomorrow|yesterday|this (morning|afternoon|evening|week))\b", re.IGNORECASE)


@pytest.mark.parametrize("style", STYLES)
def test_every_frame_wraps_one_imperative_clause_with_the_assistant_acting(style):
    for f in FRAMES[style]:
        assert len(_PLACEHOLDER.findall(f)) == 1, f
        pre = _PLACEHOLDER.split(f)[0]
        assert not _USER_ACTS.search(f), f
        assert not _OPENS_BADLY.match(f), f
        assert not _TIME.search(f), f
        # "Big favour? {Q}" after a connector would read "Next, big favour? cancel ..."
        assert not re.search(r"[.?!]\s*$", pre), f
        assert "{Q}" not in f or f.startswith("{Q}"), f  # capitalised only where it starts the sentence


def test_pools_are_large_and_hold_no_item_twice():
    for style in STYLES:
        assert len(FRAMES[style]) >= (60 if style == "terse" else 100), style
        assert len(set(FRAMES[style])) == len(FRAMES[style]), style
        for pool, least in ((CONNECTORS, 30), (CLOSERS, 12 if style == "terse" else 30), (OPENERS, 0 if style == "terse" else 30),
                            (QUESTION_LEADS, 6 if style == "terse" else 30)):
            said = [x for x in pool[style] if x]
            assert len(set(said)) >= least, (style, least)
            assert len(set(said)) == len(said), style
    assert OPENERS["terse"] == ()  # a terse user does not greet
    assert len(set(ASIDES)) == len(ASIDES) >= 250


def test_a_connector_ends_so_that_the_sentence_goes_on_in_lower_case():
    for style in STYLES:
        for c in CONNECTORS[style]:
            assert c == "" or re.search(r"([A-Za-z] |, |: )$", c), c


def test_asides_can_never_state_a_value():
    for a in ASIDES:
        assert not re.search(r"\d", a), a
        assert a.endswith((".", "!", "?")), a


def test_every_credential_form_says_both_facts_once():
    for facts, forms in CREDENTIALS.items():
        assert len(set(forms)) == len(forms) >= 18
        for form in forms:
            assert sorted(re.findall(r"\{(\w+)\}", form)) == sorted(facts), form


def test_follow_up_pools_say_the_value_once_and_are_large():
    for style in STYLES:
        gives = query._GIVE[style]
        assert len(set(gives)) == len(gives) >= 15
        for g in gives:
            assert len(re.findall(r"\{[vV]\}", g)) == 1, g
        assert len(set(query._TOOL_BACK[style])) >= 12 and len(set(query._RETRY[style])) >= 12
    for g in query._GIVE_NOUN:
        assert len(re.findall(r"\{[vV]\}", g)) == 1, g


@pytest.mark.parametrize("style", STYLES)
def test_a_framed_request_after_a_connector_reads_as_one_sentence(style):
    voice = Voice(style=style, opener=0, politeness=1.0, irrelevant=0, closer=0, typo_rate=0)
    starts_with_i = 0
    for seed in range(400):
        clause = [Seg("cancel my booking")]
        text = text_of(query._framed(clause, voice, random.Random(seed), "Next, "))
        assert text.startswith("Next, "), text
        assert not re.search(r"\bi('|\s)", text), text  # "Next, i'd like you to" keeps its "I"
        before = text[: text.index("cancel my booking")]
        assert not re.search(r"[.?!]\s*$", before), text  # no sentence ends before the clause
        assert text.count("cancel my booking") == 1 and text.rstrip().endswith((".", "?", "!")), text
        starts_with_i += text.startswith("Next, I")
    if style in ("plain", "formal", "chatty"):
        assert starts_with_i > 0  # the case above was exercised


@pytest.mark.parametrize("style", STYLES)
def test_a_frame_sometimes_takes_a_tail_and_the_tail_never_repeats_the_frame(style):
    from toolgym.synth.pipeline.phrasebank import TAILS

    def words(text: str) -> set[str]:
        return set(re.findall(r"[a-z']+", text.lower()))

    voice = Voice(style=style, opener=0, politeness=1.0, irrelevant=0, closer=0, typo_rate=0)
    plain = {f.replace("{Q}", "X").replace("{q}", "X"): f for f in FRAMES[style]}
    tailed = 0
    for seed in range(600):
        pre, post, _ = voice.frame(random.Random(seed))
        framed = pre + "X" + post
        if framed in plain:
            continue
        # a frame ending right after its clause, then one tail of the style's own pool
        found = [(f, t) for f, raw in plain.items() for t in TAILS[style]
                 if f.endswith("X" + f[f.rindex("X") + 1:]) and f[f.rindex("X") + 1:].strip() in ("", ".", "?", "!")
                 and framed == f[: f.rindex("X") + 1] + t + f[f.rindex("X") + 1:]]
        assert found, framed
        f, t = found[0]
        assert not words(f) & words(t), framed  # no "Please X, please" or "Kindly X, kindly"
        tailed += 1
    assert 600 * 0.05 < tailed < 600 * 0.4, tailed


def test_no_noise_or_frame_says_a_number_a_value_could_be_read_from():
    from toolgym.synth.pipeline.phrasebank import TAILS
    from toolgym.synth.quality.values import numbers_in

    pools = [ASIDES] + [p[s] for p in (FRAMES, TAILS, QUESTION_LEADS, OPENERS, CLOSERS, CONNECTORS) for s in STYLES]
    for pool in pools:
        for item in pool:
            assert not numbers_in(item), item  # "one more thing" would ground a 1 nobody said

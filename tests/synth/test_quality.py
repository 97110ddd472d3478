"""The quality checks: values read back, grounding, answers, text measures, broken patterns."""

from __future__ import annotations

import random

import pytest

from toolgym.envs import make
from toolgym.record import Episode, Message, ToolCall, Turn
from toolgym.synth.pipeline.say import kind_of, say_value
from toolgym.synth.quality.answers import check_answers
from toolgym.synth.quality.grounding import check_grounding
from toolgym.synth.quality.report import BROKEN, broken_sentences
from toolgym.synth.quality.text import (
    distinct_n,
    exact_duplicate_share,
    near_duplicate_share,
    self_bleu,
    template_share,
)
from toolgym.synth.quality.values import dates_in, numbers_in, stated, times_in


@pytest.mark.parametrize(
    ("name", "value"),
    [("amount", 500.0), ("amount", 1250.5), ("change", -6.37), ("change_pct", -2.79), ("quantity", 7), ("date", "2025-06-03"),
     ("at", "2025-06-06T09:30:00"), ("start", "14:30"), ("start", "09:05"), ("volume", 1719732), ("path", "/home/a b/c.txt")],
)
def test_every_form_a_writer_says_a_value_in_is_read_back(name, value):
    for seed in range(60):
        said = say_value(value, kind_of(name, value), random.Random(seed))
        assert stated(value, f"so: {said} ok"), (value, said)


def test_the_normalisations_are_exactly_the_documented_ones():
    assert numbers_in("$1,250.50 and -6.37% then five") >= {1250.5, -6.37, 6.37, 5.0}
    assert dates_in("on June 3rd, 2025 or 4 Jul 2025 or 2025-08-01") == {"2025-06-03", "2025-07-04", "2025-08-01"}
    assert times_in("at 2:30 pm, 14:45 or 9 am") == {"14:30", "14:45", "09:00"}
    assert stated("most_active", "the most active ones") and stated("Ann Lee", "send it to ann   lee")
    assert not stated(True, "yes true on") and not stated("2025-06-03", "June 4, 2025") and not stated(12.5, "12.55")
    assert not stated("Ann Lee", "Ann Leeds"[:6])


def _trading_episode(user: str, calls: list[ToolCall], results: list[object], answer: str = "Done.") -> Episode:
    """One turn: each call in its own assistant message, its result after it, then the answer."""
    env = make("toolgym/Trading-v0")
    env.reset(seed=1)
    msgs = [Message(role="system", content=env.system_prompt()), Message(role="user", content=user)]
    for c, r in zip(calls, results, strict=False):
        msgs.append(Message(role="assistant", tool_calls=[c]))
        msgs.append(Message(role="tool", tool_call_id=c.id, name=c.name, content=r))
    msgs.append(Message(role="assistant", content=answer))
    return Episode(id="e", env_id="toolgym/Trading-v0", seed=1, messages=msgs, turns=[Turn(start=1, end=len(msgs), variant="base")])


def _defs():
    return make("toolgym/Trading-v0").all_tooldefs()


def test_grounding_flags_a_value_the_user_never_gave_and_accepts_dates_and_money_as_said():
    ok = _trading_episode("Put $500 into account AC1 on June 3, 2025, symbol AAPX",
                          [ToolCall(id="a" * 9, name="deposit_funds", arguments={"account_id": "AC1", "amount": 500.0})], [{}])
    assert check_grounding(ok, _defs()).ok
    bad = _trading_episode("Put some money into account AC1",
                           [ToolCall(id="a" * 9, name="deposit_funds", arguments={"account_id": "AC1", "amount": 500.0})], [{}])
    rep = check_grounding(bad, _defs())
    assert not rep.ok and rep.ungrounded[0].param == "amount"


def test_an_enum_needs_the_words_that_select_it_and_a_default_needs_none():
    def order(user: str, **extra: object) -> Episode:
        args = {"account_id": "AC1", "symbol": "AAPX", "side": "buy", "quantity": 3, **extra}
        return _trading_episode(user, [ToolCall(id="b" * 9, name="place_order", arguments=args)], [{}])

    assert check_grounding(order("buy 3 AAPX in AC1", order_type="market"), _defs()).ok  # the schema default
    assert not check_grounding(order("get 3 AAPX in AC1"), _defs()).ok  # "buy" never said
    assert not check_grounding(order("buy 3 AAPX in AC1", time_in_force="gtc"), _defs()).ok
    # the tool's language phrase for gtc selects it
    assert check_grounding(order("buy 3 AAPX in AC1, good till cancelled", time_in_force="gtc"), _defs()).ok


def test_a_call_may_not_take_a_value_from_a_result_it_is_sent_beside():
    env = make("toolgym/Trading-v0")
    env.reset(seed=1)
    a, b = ToolCall(id="g" * 9, name="list_accounts"), ToolCall(id="h" * 9, name="get_account_balance", arguments={"account_id": "AC77"})
    msgs = [Message(role="system", content=env.system_prompt()), Message(role="user", content="how much is my Roth IRA worth"),
            Message(role="assistant", tool_calls=[a, b]),
            Message(role="tool", tool_call_id=a.id, name=a.name, content=[{"account_id": "AC77", "nickname": "Roth IRA"}]),
            Message(role="tool", tool_call_id=b.id, name=b.name, content={"total_value": 1.0})]
    ep = Episode(id="p", env_id="toolgym/Trading-v0", seed=1, messages=msgs, turns=[Turn(start=1, end=len(msgs))])
    assert [u.param for u in check_grounding(ep, _defs()).ungrounded] == ["account_id"]


def test_a_later_call_may_take_what_an_earlier_result_showed():
    ep = _trading_episode(
        "how much is my Roth IRA worth",
        [ToolCall(id="c" * 9, name="list_accounts", arguments={}), ToolCall(id="d" * 9, name="get_account_balance", arguments={"account_id": "AC77"})],
        [[{"account_id": "AC77", "nickname": "Roth IRA"}], {"total_value": 10.0, "cash": 2.0, "buying_power": 1.0}],
        answer="Your Roth IRA account is worth $10: $2 in cash, with $1 of buying power.",
    )
    assert check_grounding(ep, _defs()).ok
    assert check_answers(ep, _defs()).ok


def test_answer_check_wants_the_fields_that_answer_and_refuses_dumps():
    calls = [ToolCall(id="e" * 9, name="get_quote", arguments={"symbol": "AAPX"})]
    quote = {"symbol": "AAPX", "last": 222.29, "change_pct": -2.79, "volume": 5}
    assert check_answers(_trading_episode("quote AAPX", calls, [quote], "AAPX is at $222.29 (-2.79% today)."), _defs()).ok
    rep = check_answers(_trading_episode("quote AAPX", calls, [quote], "Done. AAPX is trading."), _defs())
    assert not rep.ok and any("last" in what for _, _, what in rep.missing)
    dump = "- symbol: AAPX\n- last: 222.29\n- change_pct: -2.79"
    assert check_answers(_trading_episode("quote AAPX", calls, [quote], dump), _defs()).dumps == 1
    # two calls of one tool: both results must be stated
    calls2 = calls + [ToolCall(id="f" * 9, name="get_quote", arguments={"symbol": "MSFX"})]
    q2 = {"symbol": "MSFX", "last": 10.5, "change_pct": 1.0}
    rep = check_answers(_trading_episode("quote both", calls2, [quote, q2], "AAPX is at $222.29 (-2.79%)."), _defs())
    assert [w for _, t, w in rep.missing if t == "get_quote"] and all("MSFX" not in w for _, _, w in rep.missing)


def test_self_bleu_equals_nltk_on_a_sample():
    nltk = pytest.importorskip("nltk.translate.bleu_score")
    rng = random.Random(4)
    vocab = "send ann a note about the meeting please check my account balance today now".split()
    texts = [" ".join(rng.choice(vocab) for _ in range(rng.randint(4, 14))) for _ in range(40)]
    toks = [t.split() for t in texts]
    sm = nltk.SmoothingFunction().method1
    ref = sum(nltk.sentence_bleu(toks[:i] + toks[i + 1 :], toks[i], smoothing_function=sm) for i in range(len(toks))) / len(toks)
    assert self_bleu(texts) == pytest.approx(ref, abs=1e-12)


def test_text_measures_tell_templates_from_varied_text():
    same = [f"Please send the report to user {i}" for i in range(20)]
    varied = [" ".join(random.Random(i).sample("alpha beta gamma delta eps zeta eta theta iota kappa lambda mu".split(), 8)) for i in range(20)]
    assert distinct_n(same, 3) < 0.3 < distinct_n(varied, 3)
    assert self_bleu(same) > 0.8 > self_bleu(varied)
    assert near_duplicate_share(same) == 1.0 and near_duplicate_share(varied) < 0.2
    assert template_share(same) == 1.0 and template_share(varied) == 0.0
    assert exact_duplicate_share(["Hi there.", "hi there", "Bye"]) == pytest.approx(1 / 3)


def test_broken_patterns_of_round_one_are_recognised():
    for text in ("The user wants me to what is the price of X.", "List the files, with long set to true.", "Done. Here is what happened:",
                 "none of the tools available to me can the full price of X", "Lock the a doors doors."):
        assert broken_sentences(text), text
    assert not broken_sentences("The user wants me to send Ann a message. Ann Lee is set as the owner.")
    assert set(BROKEN) >= {"wants me to + question", "parameter set to value"}

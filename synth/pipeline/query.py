"""Phase II b: the hard query (the end goal in the user's words) and the easy one (every step).

The built-in query writer says each goal of the plan through one of its tool's ``asks``
(:mod:`toolgym.envs.language`), with every value as people say it (:mod:`.say`): a user-side
value as a date, an amount, a quoted text; an internal id by what the user calls the thing ("my
Roth IRA account"), or by a reference to an earlier result ("the order from before"). Values
only the implicit steps need (a login's password, a search's criteria) are stated as facts
through those tools' ``context`` phrases, unless the conversation holds them already: no call
may take a value from nowhere (the grounding law). The user's voice frames it: politeness,
questions, connectors between turns, a reason now and then, chit-chat and typos that never
touch a value. :func:`check_query` rejects a request that leaks a value only a tool produced or
lacks one the task needs.

Every request also gets a *skeleton* (values as type tags, chit-chat and typos removed), so the
report can tell diversity of phrasing from diversity of values.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .leakage import find_leaks
from .lexicon import Lexicon, Seg, Unsayable, cap, clean_of, skeleton_of, text_of
from .noise import Voice, add_typos
from .turnplan import Mention, PlanRejected, TurnPlan, needed_mentions

__all__ = ["Query", "compose_query", "easy_query", "check_query", "follow_up_value", "follow_up_tool", "implicit_needed"]



@dataclass
class Query:
    """A user request for one turn."""

    hard: str
    easy: str
    protected: list[str] = field(default_factory=list)
    omitted: Mention | None = None
    skeleton: str = ""


def _stated(m: Mention, text: str, plan: TurnPlan | None = None) -> bool:
    if plan is not None and plan.lex is not None:
        return bool(plan.lex.said(plan, m, text))
    from toolgym.synth.quality.values import stated

    if m.kind == "label":
        return m.bare.lower() in text.lower()
    return stated(m.value, text)


def implicit_needed(plan: TurnPlan, said: str, known: object | None = None) -> list[Mention]:
    """Values of implicit steps the request must state as facts: not said yet, not already known."""

    out = []
    for m in needed_mentions(plan):
        if plan.steps[m.step].goal or _stated(m, said, plan):
            continue
        if _known(plan, m, known):
            continue
        out.append(m)
    return out


def _known(plan: TurnPlan, m: Mention, known: object | None) -> bool:
    """An implicit step's value the conversation holds already (credentials given before).

    Booleans and enums are never taken as known: only the user's words select them.
    """
    from toolgym.synth.quality.values import stated_in

    if known is None or m.kind != "value" or isinstance(m.value, bool):
        return False
    if plan.lex is not None and plan.lex.kind(plan.steps[m.step].spec.name, m.param, m.value) == "enum":
        return False
    return stated_in(m.value, known)  # type: ignore[arg-type]


def _framed(clause: list[Seg], voice: Voice, rng: random.Random, connector: str) -> list[Seg]:
    """An imperative clause in the user's frame, as one sentence."""
    pre, post, capitalize = voice.frame(rng)
    said = text_of(clause).lower()
    for _ in range(3):  # "show me my orders for me?": a frame does not repeat what the clause says
        if not any(w in said for w in ("for me", "please")) or not any(w in (pre + post).lower() for w in ("for me", "please")):
            break
        pre, post, capitalize = voice.frame(rng)
    segs: list[Seg] = []
    if connector:
        segs.append(Seg(connector))
        if pre and not re.match(r"I\b", pre):  # "Next, I'd like you to ...", not "i'd"
            pre = pre[:1].lower() + pre[1:]
        capitalize = False
    if pre:
        segs.append(Seg(pre))
    segs.extend(clause)
    segs.append(Seg(post))
    if capitalize or (not connector and not pre):
        segs = _cap_first(segs)
    if not text_of(segs).rstrip().endswith((".", "?", "!")):
        segs.append(Seg("."))  # sentences end; only the terse write "{q}" and then go on
    return segs


def _cap_first(segs: list[Seg]) -> list[Seg]:
    for s in segs:
        if not s.text.strip():
            continue
        if s.protected:
            return segs
        s.text = cap(s.text)
        if s.clean is not None:
            s.clean = cap(s.clean)
        return segs
    return segs


# Asks that are statements, not imperatives ("I don't use X anymore, delete it", "the new
# ticket should be urgent"): sentences of their own that no politeness frame can wrap.
_FIRST_PERSON = re.compile(r"^(I|I'm|I'd|I've|I'll|my|we|we're|our|the|a|an|this|that|these|those|it|it's|there|there's|your|his|her|their)\b",
                           re.IGNORECASE)


def _is_question(clause: list[Seg]) -> bool:
    """A question, or a first-person statement ("I don't use X anymore, delete it"): a sentence
    of its own, which no politeness frame can wrap."""
    text = text_of(clause).rstrip()
    first = next((s for s in clause if s.text.strip()), None)
    # a clause that opens on a value ("Kelly Small should get it") is no imperative either
    return text.endswith("?") or bool(_FIRST_PERSON.match(text)) or (first is not None and first.protected)


def compose_query(
    plan: TurnPlan,
    lex: Lexicon,
    rng: random.Random,
    voice: Voice,
    *,
    turn: int = 0,
    omit: Mention | None = None,
    forbidden: Iterable[str] = (),
    known: object | None = None,
) -> Query:
    """The built-in query writer: hard and easy query of one turn.

    Args:
        plan: the turn's plan.
        lex: the environment's :class:`~.lexicon.Lexicon`.
        rng: the turn's RNG (all choices come from it).
        voice: the user's persona for the conversation.
        turn: the turn's index (later turns may start with a connector, "Next, ...").
        omit: a mention the user forgets to give (missing-parameter variant).
        forbidden: every value only a tool produced so far in the conversation.
        known: a :class:`~toolgym.synth.quality.values.Haystack` of what the conversation
            already holds (an implicit step's value found there need not be said again).

    Raises:
        PlanRejected: ``leak`` (a forbidden value in the text), ``query_invalid`` (a needed
            value missing), ``unsayable`` (the tools' language has no words for a value).
    """
    try:
        leftover: list[Mention] = []  # a goal's values its asks cannot say (stated as facts)
        body = _request_sentences(plan, lex, rng, voice, turn, omit, leftover)
        said = text_of([s for sent in body for s in sent])
        facts = leftover + implicit_needed(plan, said, known)
        if omit is not None:
            facts = [m for m in facts if m is not omit]
        context = _context_sentences(plan, lex, rng, facts, omit)
    except Unsayable as e:
        raise PlanRejected("unsayable", str(e)) from None
    goal0 = plan.steps[plan.goals[0]].spec.name if plan.goals else None
    why = lex.langs[goal0].why if goal0 else ()
    segs: list[Seg] = []
    opener = voice.open(rng, turn == 0)
    if opener:
        segs.append(Seg(opener + " ", noise=True))
        if opener.endswith(","):  # "Dear assistant, could you ..."
            body = [_lower_first(body[0]), *body[1:]] if body else body
    aside = voice.aside(rng)
    if aside and rng.random() < 0.5:
        segs.append(Seg(aside + " ", noise=True))
        aside = None
    # context may come first ("My username is ..."), but never a bare filter ("Filter it to tire
    # shops") before the request it filters
    # and never a locator ("It's in the sent folder.") before the request it locates: only login
    # facts ("My username is ...") lead
    if context and rng.random() < 0.3 and not any(len(sent) == 1 and sent[0].protected for sent in context) \
            and all(plan.steps[m.step].spec.establishes for m in facts):
        for sent in context:
            segs.extend(sent)
            segs.append(Seg(" "))
        context = []
    if why and rng.random() < 0.45 and len(body) == 1 and not body[0][0].text.strip().endswith((",", ":")) and turn == 0:
        body = [_with_reason(body[0], rng.choice(why), rng)]
    scenes = lex.scenes.get(goal0, ()) if goal0 else ()
    # a request with no value of its own ("show my cart") recurs word for word across a dataset
    # unless the user says more around it
    valueless = not any(s.protected for sent in body for s in sent)
    if scenes and rng.random() < (0.4 if turn == 0 else 0.15) + (0.35 if valueless else 0.0):
        # the situation the user is in: before the request, or after it; in a later turn after
        # it, as the request opens on what answers the last reply ("Ooh nice. Now ...")
        scene = cap(rng.choice(scenes)).rstrip(".") + "."
        if rng.random() < 0.6 and turn == 0:
            body = [[Seg(scene + " ")], *body]
        else:
            body = [*body, [Seg(scene)]]
    for k, sent in enumerate(body):
        if k:
            segs.append(Seg(" "))
        segs.extend(sent)
    for sent in context:
        segs.append(Seg(" "))
        segs.extend(sent)
    if aside:
        segs.append(Seg(" " + aside, noise=True))
    closer = voice.close(rng)
    if closer:
        segs.append(Seg(" " + closer, noise=True))
    segs = add_typos(segs, rng, voice.typo_rate)
    hard = text_of(segs)
    if voice.lowercase:
        hard = _lower_free(segs)
    query = Query(hard=hard, easy=easy_query(plan, lex, rng), protected=[s.text for s in segs if s.protected], omitted=omit,
                  skeleton=skeleton_of(segs))
    problem = check_query(query.hard, plan, forbidden, omit=omit, known=known)
    if problem:
        raise PlanRejected("leak" if problem.startswith("leak") else "query_invalid", problem)
    return query


def _with_reason(sent: list[Seg], why: str, rng: random.Random) -> list[Seg]:
    """A request with the user's reason for it: before, after, or in brackets."""
    form = rng.randrange(4)
    last = sent[-1].text if sent else ""
    if form == 0:
        return [Seg(cap(why) + ": "), *_lower_first(sent)]
    if form == 1 and last in (".", "?", "!"):
        return [*sent[:-1], Seg(f" ({why})"), sent[-1]]
    if form == 2 and not _is_question(sent):
        return [Seg(cap(why) + ", so "), *_lower_first(sent)]
    return [*sent, Seg(" " + cap(why) + ".")]


def _lower_first(segs: list[Seg]) -> list[Seg]:
    for s in segs:
        if s.text.strip():
            if not s.protected and not s.text.lstrip().startswith("I "):
                i = len(s.text) - len(s.text.lstrip())
                s.text = s.text[:i] + s.text[i : i + 1].lower() + s.text[i + 1 :]
            break
    return segs


def _lower_free(segs: list[Seg]) -> str:
    """A casual typist's text: free pieces in lower case (values untouched)."""
    out = []
    for s in segs:
        t = s.text
        if not s.protected and s.tag is None:
            t = re.sub(r"\bI\b", "i", t.lower())
        out.append(t)
    return re.sub(r"[ ]{2,}", " ", "".join(out)).strip()


def _request_sentences(plan: TurnPlan, lex: Lexicon, rng: random.Random, voice: Voice, turn: int, omit: Mention | None,
                       leftover: list[Mention] | None = None) -> list[list[Seg]]:
    goals = plan.goals
    clauses: list[list[Seg]] = []
    for gi in goals:
        ms = plan.mentions_of(gi)
        clauses.append(lex.clause(plan, gi, rng, which="asks", mentions=ms, omit=omit, leftover=leftover))
    # The same goal said twice ("what happened at home recently, then what happened at home
    # recently") is one request.
    uniq: list[list[Seg]] = []
    seen: set[str] = set()
    for c in clauses:
        key = clean_of(c).lower()
        if key not in seen:
            seen.add(key)
            uniq.append(c)
    clauses = uniq
    connector = voice.connector(rng) if turn > 0 else ""
    sentences: list[list[Seg]] = []
    imperatives = [c for c in clauses if not _is_question(c)]
    if len(imperatives) == len(clauses) and (len(clauses) == 1 or rng.random() < 0.6):
        sentences.append(_framed(lex.join_clauses(clauses, rng), voice, rng, connector))
        return sentences
    for k, c in enumerate(clauses):
        conn = connector if k == 0 else rng.choice((
            "Then ", "After that, ", "Also, ", "And ", "Next, ", "Afterwards, ", "And then ", "Plus, ", "Then, ", "Also ", "Besides, ",
            "Separately, ", "Additionally, ", "Once done, ", "And also ", "And next "))
        if _is_question(c):
            asks = text_of(c).rstrip().endswith("?")
            lead = voice.question_lead(rng) if k == 0 and not conn and asks else ""
            segs = ([Seg(conn)] if conn else []) + ([Seg(lead)] if lead else []) + c + ([] if asks else [Seg(".")])
            sentences.append(segs if (conn or lead) else _cap_first(segs))
        else:
            sentences.append(_framed(c, voice, rng, conn))
    return sentences


def _context_sentences(plan: TurnPlan, lex: Lexicon, rng: random.Random, facts: list[Mention], omit: Mention | None) -> list[list[Seg]]:
    """Facts implicit steps need, as sentences from their tools' ``context`` phrases."""
    by_step: dict[int, list[Mention]] = {}
    for m in facts:
        by_step.setdefault(m.step, []).append(m)
    out: list[list[Seg]] = []
    for i, ms in by_step.items():
        try:
            clause = lex.clause(plan, i, rng, which="context", mentions=ms, omit=omit)
        except Unsayable:
            if not lex.langs[plan.steps[i].spec.name].drafted:
                raise
            clause = []
            for k, m in enumerate(ms):
                clause.append(Seg(", and " if k else ""))
                clause.append(Seg(f"my {m.param.replace('_', ' ')} is "))
                clause.extend(lex.surface(plan, m, rng))
        out.append(_cap_first([*clause, Seg(".")]))
    return out


def easy_query(plan: TurnPlan, lex: Lexicon, rng: random.Random) -> str:
    """Every call of the plan spelled out in order, lookups included (no noise)."""
    parts: list[str] = []
    n = len(plan.steps)
    for i in range(n):
        try:
            text = text_of(lex.clause(plan, i, rng, which="task"))
        except Unsayable:
            text = plan.steps[i].spec.name.replace("_", " ")
        if n == 1:
            parts.append(cap(text) + ".")
        elif i == 0:
            parts.append(f"First, {text}.")
        elif i == n - 1:
            parts.append(f"Finally, {text}.")
        else:
            parts.append(f"Then {text}.")
    return " ".join(parts)


def check_query(text: str, plan: TurnPlan, forbidden: Iterable[str], *, omit: Mention | None = None, known: object | None = None) -> str:
    """Why a query (built-in or model-written) is unusable, or ``""``.

    It must state every value the solver needs (except one the user deliberately omits, and an
    implicit step's value the conversation already holds) and no value only a tool produced.
    """

    # a value the user states in this request is theirs, even if a tool showed it earlier
    own = {m.bare for m in plan.mentions if m.kind == "value" and isinstance(m.value, str)}
    leaks = find_leaks(text, (set(plan.internal) | set(forbidden)) - own)
    if leaks:
        return f"leak: the query contains {leaks[:3]}, which only a tool produced"
    missing = []
    for m in needed_mentions(plan):
        if m is omit:
            continue
        if _stated(m, text, plan):
            continue
        if not plan.steps[m.step].goal and _known(plan, m, known):
            continue
        missing.append(m.bare)
    if omit is not None and omit.kind in ("value", "label") and len(omit.bare) > 2 and _stated(omit, text, plan):
        return f"the query states {omit.bare!r}, which the user was to leave out"
    if missing:
        return f"the query lacks {missing[:3]}, which the task needs"
    return ""


# --- follow-ups -----------------------------------------------------------------------------------

_GIVE = {
    "plain": (
        "Oh, sorry: {v}.", "It's {v}.", "I meant {v}.", "Sorry, that would be {v}.", "{V}, please.", "Use {v}.", "Right, {v}.",
        "Good point, it's {v}.", "My mistake: {v}.", "That's {v}.", "{V} is the one.", "Ah, I forgot. {V}.", "Let's go with {v}.",
        "Should be {v}.", "I was thinking of {v}.", "Sorry, I left that out: {v}.", "Oh right. {V}.", "It'd be {v}.",
        "Go with {v}, please.", "{V}, sorry about that.", "Yes, {v}.", "Forgot to mention it: {v}.", "Make that {v}.",
        "Fair question. {V}.", "{V} - sorry, I skipped that.", "Oops, that's {v}.", "Ah, good catch: {v}.", "The answer is {v}.",
        "Sure, {v}.", "That one's {v}.", "{V}, if that helps.", "I should have said: {v}.", "Right, sorry, {v}.", "It would be {v}.",
        "Let's say {v}.", "{V}. That's what I meant.", "Thanks for checking. {V}.", "Please use {v}.", "Oh, I meant to include that. {V}.",
        "Ah yes, {v}.", "Okay, {v}.", "{V}, to be clear.", "Definitely {v}.", "Put down {v}.", "Sorry, it's {v}.",
    ),
    "casual": (
        "oops, {v}", "{V}!", "ah sorry, {v}.", "{V}, my bad.", "it's {v}", "{V} lol, forgot that.", "duh, {v}", "{v} obviously",
        "right right, {v}", "{V}. sorry!", "haha yeah {v}", "go with {v}", "{V} ofc", "lol {v}", "oh yeah, {v}", "{v} pls", "my bad, {v}",
        "welp, {v}", "{V}, duh.", "ahh {v}", "{v}, forgot sry", "yeah {v}", "oh {v}", "{V}! sry", "it's {v} lol", "{v} fr", "just {v}",
        "{V}, that's it", "sorry lol, {v}", "omg yes, {v}", "ugh forgot. {v}", "{v}!! my bad", "k, {v}", "{V} for sure",
        "oh right, {v} ofc", "{v} haha", "whoops, {v}", "ah yeah, {v}", "{v} is what I meant",
    ),
    "formal": (
        "My apologies: {v}.", "It should be {v}.", "Please use {v}.", "I intended {v}.", "That would be {v}, thank you.",
        "Apologies for the omission: {v}.", "The correct one is {v}.", "I should have said {v}.", "Kindly use {v}.",
        "It is {v}, thank you for asking.", "Forgive me; it is {v}.", "I neglected to mention it: {v}.", "Please proceed with {v}.",
        "The intended value is {v}.", "That would be {v}.", "I meant {v}, my apologies.", "Do use {v}, please.", "I beg your pardon: {v}.",
        "Thank you for asking; it is {v}.", "It ought to be {v}.", "Please take {v}.", "My oversight: {v}.", "Allow me to clarify: {v}.",
        "To clarify, {v}.", "I had intended {v}.", "Kindly proceed with {v}.", "Please note: {v}.", "Certainly: {v}.", "You may use {v}.",
        "That is {v}, with apologies.",
    ),
    "terse": (
        "{V}.", "{V}", "{v}.", "Use {v}.", "{V}, thx.", "{v}", "{V}. Go.", "It's {v}.", "{V}. Thx.", "Use {v}, thx.", "{V}, pls.",
        "{v} pls", "{V}. Proceed.", "Take {v}.", "{V}. That one.",
    ),
    "chatty": (
        "Oh gosh, sorry! It's {v}.", "Ha, I forgot to say: {v}.", "Sorry about that, I meant {v}.", "Oops! {V}. Thanks for checking.",
        "Silly me, it's {v}!", "Oh right, I totally skipped that. {V}.", "Good catch! It's {v}.", "Haha, my brain is elsewhere. {V}.",
        "Ah yes, sorry, {v} of course.", "Thanks for asking! {V}.", "Oh dear, I'm all over the place. It's {v}.",
        "Whoops, head in the clouds! {V}.", "You're right, I didn't say! {V}.", "Argh, sorry! {V}.", "Ooh, good question. {V}!",
        "Of course, how did I forget? {V}.", "Sorry, sorry! It's {v}.", "Oh, it's {v}! Thanks for asking.", "Ha, you caught me. {V}.",
        "Right, the important bit! {V}.", "Honestly, what am I like? {V}.", "Let's go with {v}, thank you!", "Gosh, yes: {v}.",
        "Eek, forgot! {V}.", "Oh, {v}, definitely.", "It's {v}, sorry for the runaround!", "My bad! It's {v}.", "Ah, yes! {V}, please.",
        "Oh goodness, {v}.", "Thank you for asking! It's {v}.",
    ),
}
_GIVE_NOUN = (
    "The {noun} is {v}.", "For the {noun}, use {v}.", "{V} is the {noun} I meant.", "Make it {v}.", "As for the {noun}: {v}.",
    "The {noun} should be {v}.", "Put {v} for the {noun}.", "The {noun}? {V}.", "{V} for the {noun}.", "Use {v} as the {noun}.",
    "I want {v} as the {noun}.", "The {noun} I had in mind is {v}.", "Go with {v} for the {noun}.", "{V} - that's the {noun}.",
    "Set the {noun} to {v}.", "Oh, the {noun}: {v}.", "The {noun} would be {v}.", "Sorry, the {noun} is {v}.", "Right, the {noun}. {V}.",
    "Take {v} for the {noun}.", "For the {noun}, it's {v}.",
)
_TOOL_BACK = {
    "plain": (
        "I've turned that on for you.", "That feature is enabled now.", "It should be available now.", "OK, it's switched on.",
        "I enabled it in the settings.", "That's been activated on my side.", "Access is sorted now.", "It's set up now.",
        "I've switched that feature on.", "It's enabled now.", "That should work now.", "I sorted out the access.",
        "The feature is on now.", "I went into the settings and turned it on.", "You should have access now.", "It's been turned on.",
        "I fixed the setting.", "Okay, that's enabled.", "I've given you access.", "It's available to you now.", "That option is on now.",
        "I activated it.", "The setting is changed now.", "Access granted on my end.",
    ),
    "casual": (
        "ok I switched it on", "fixed it on my end", "should be on now", "turned it on lol", "done, it's enabled", "flipped the switch",
        "ok it's on", "enabled it, go", "there, turned it on", "ok sorted", "it's on now", "switched it on, try now", "fixed lol",
        "toggled it on", "ok, should work now", "yep it's enabled", "k it's on", "done, flipped it",
    ),
    "formal": (
        "The feature has now been enabled.", "Access has been granted.", "The functionality is now available to you.",
        "I have activated the necessary feature.", "The permission has been granted.", "I have enabled the relevant setting.",
        "The required access is now in place.", "The feature is now active.", "I have granted the necessary permission.",
        "The setting has been adjusted accordingly.", "You should now have the required access.", "I have arranged for it to be enabled.",
        "The capability has been switched on.", "The option has now been activated.", "The matter of access has been resolved.",
    ),
    "terse": (
        "Enabled.", "Done.", "It's on.", "Fixed.", "On now.", "Switched on.", "Access granted.", "Sorted.", "Turned on.", "Works now.",
        "Activated.", "Enabled now.",
    ),
    "chatty": (
        "Oh, I just turned that on in the settings!", "Okay, I think it's enabled now!", "Sorry about that, I've switched it on.",
        "Right, my IT person just enabled it for me.", "Phew, found the setting and turned it on.",
        "Okay, I dug through the menus and switched it on!", "Ta-da, it's enabled now!", "I think I've fixed it, it's on now!",
        "My friend showed me where the setting was, it's on now.", "Right, that's switched on now, sorry!",
        "Oh silly me, it was off. It's on now!", "Okay, all sorted on my end!", "Found it! It's enabled.",
        "Done! I turned it on just now.", "It took me a minute, but it's on now!",
    ),
}
_RETRY = {
    "plain": (
        "Please go ahead.", "Please try again.", "Can you try again?", "Go ahead now, please.", "Could you give it another try?",
        "Try it again, please.", "You can go ahead now.", "Please try once more.", "Could you try that again?", "Give it another go.",
        "Please have another go.", "Try again now.", "It should work this time.", "Go ahead and retry.", "Please retry.",
    ),
    "casual": (
        "try again?", "go for it", "have another go", "give it a shot now", "try now", "try again pls", "go again", "retry?",
        "another go?", "hit it again", "ok go", "try it now", "give it a go", "take another shot", "again pls",
    ),
    "formal": (
        "Please proceed.", "Kindly try again.", "Please attempt it once more.", "You may proceed.", "Please try once more.",
        "Kindly proceed.", "Please make another attempt.", "You may now retry.", "Do proceed.", "Please carry on.",
        "Kindly attempt it again.", "You may try once more.",
    ),
    "terse": (
        "Retry.", "Go.", "Again.", "Try now.", "Go again.", "Retry now.", "Proceed.", "Try again.", "Redo.", "Once more.", "Go ahead.",
        "Continue.",
    ),
    "chatty": (
        "Could you give it another go?", "Try again? Fingers crossed!", "Would you mind trying once more?", "Let's try that again!",
        "Okay, try again! It should be fine now.", "Give it another whirl?", "Shall we try again?", "Could you have another crack at it?",
        "Go on, try again!", "Let's give it another shot!", "Try once more? I think it'll work now.", "Could you try it again for me?",
        "Okay, go again!", "Let's see if it works now!", "Another go? Please?",
    ),
}


def follow_up_value(plan: TurnPlan, lex: Lexicon, m: Mention, rng: random.Random, voice: Voice) -> tuple[str, str]:
    """The user's next message giving the value they forgot: ``(text, skeleton)``."""
    val = lex.surface(plan, m, rng)
    v = text_of(val)
    tag = skeleton_of(val)
    if rng.random() < 0.25 and m.kind == "value":
        noun = lex.noun(plan.steps[m.step].spec.name, m.param).noun
        tpl = rng.choice(_GIVE_NOUN).replace("{noun}", noun)
    else:
        tpl = rng.choice(_GIVE[voice.style])
    text = tpl.replace("{v}", v).replace("{V}", cap(v))
    skel = tpl.replace("{v}", tag).replace("{V}", tag)
    return text, skel


def follow_up_tool(rng: random.Random, voice: Voice, plan: TurnPlan | None = None, lex: Lexicon | None = None) -> str:
    """The user's next message once the missing tool is there: the news, and a nudge or the ask again."""
    ack = rng.choice(_TOOL_BACK[voice.style])
    if plan is not None and lex is not None and plan.goals and rng.random() < 0.75:
        try:
            again = text_of(lex.clause(plan, plan.goals[-1], rng, which="task", voice="user"))
        except Unsayable:
            again = ""
        if again:
            lead = rng.choice(("Please ", "Now ", "Go ahead and ", "So please ", "Can you now ", "Can you please ", "Can you go ahead and ",
                               "You can now ", "Please go ahead and ", "Now please ", "So now ", "Go on and ", "OK, now ",
                               "Then please ", "Can you ")) if voice.style != "terse" else ""
            end = "?" if lead.startswith("Can") else "."
            return f"{ack} {cap(lead + again) if lead else cap(again)}{end}"
    return f"{ack} {rng.choice(_RETRY[voice.style])}"

"""Scenes (``ToolEnv.scenes``) and reasons (``ToolLanguage.why``) of the built-in domains.

The query writer adds a scene ("my disk keeps filling up") around any request of a domain and
a tool's reason ("I'm doing my taxes") to a first request, in four forms, one of them
"<Reason>, so <request>". So a scene or reason must not say a value a request could hold: no
number, no placeholder, and no word that selects a boolean or enum argument (the grounding
check reads those words as the user's choice), and a reason must be a clause that can lead
"..., so ...".
"""

from __future__ import annotations

import re

import pytest

from toolgym.envs.language import enum_values
from toolgym.envs.registry import make

DOMAINS = ("FileSystem", "Calculator", "Vehicle", "Messaging", "Social", "Support", "Banking", "SmartHome", "Trading", "Travel", "Retail", "Office")
# "for my taxes" cannot lead "..., so get the statement"; a reason is a clause of its own
_NOT_A_CLAUSE = re.compile(r"^(for|so|to|before|after|because|since|in case|just)\b", re.IGNORECASE)


def _words(text: str, piece: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(piece)}(?![a-z0-9])", text.lower()) is not None


def _selecting_words(cls: type) -> set[str]:
    """Every phrase that says a boolean or enum value, and every enum value, of the domain."""
    out: set[str] = set()
    for td in cls._tooldefs.values():
        for schema in td.spec.parameters.get("properties", {}).values():
            out |= {v.lower().replace("_", " ") for v in enum_values(schema) or () if isinstance(v, str) and len(v) > 2}
        for cases in td.language.cues().values():
            out |= {" ".join(p.lower().split()) for phrases in cases.values() for p in phrases}
    return out


@pytest.fixture(scope="module", params=DOMAINS)
def domain(request: pytest.FixtureRequest) -> type:
    return type(make(f"toolgym/{request.param}-v0").unwrapped)


def test_every_domain_has_forty_distinct_scenes(domain: type) -> None:
    scenes = domain.scenes
    assert len(scenes) >= 160 and len(set(scenes)) == len(scenes), f"{domain.__name__}: {len(set(scenes))} distinct scenes"
    for s in scenes:
        assert 5 <= len(s.split()) <= 20, f"{domain.__name__} scene {s!r}: expected 5-20 words"
        assert not re.search(r"[\d{}?]", s) and s == s.strip() and s[-1] not in ".!,;:", f"{domain.__name__} scene {s!r}"


def test_scenes_and_reasons_select_no_value(domain: type) -> None:
    words = _selecting_words(domain)
    texts = [("scene", s) for s in domain.scenes] + [(f"why of {n}", w) for n, td in domain._tooldefs.items() for w in td.language.why]
    bad = [f"{kind} {t!r} says {w!r}" for kind, t in texts for w in sorted(words) if _words(t, w)]
    assert not bad, f"{domain.__name__}:\n  " + "\n  ".join(bad)


def test_reasons_are_clauses_without_values(domain: type) -> None:
    for name, td in domain._tooldefs.items():
        for w in td.language.why:
            assert not re.search(r"[\d{}?]", w), f"{domain.__name__}.{name} why {w!r} holds a value or a question"
            assert not _NOT_A_CLAUSE.match(w), f"{domain.__name__}.{name} why {w!r} cannot lead '..., so <request>'"
            assert w[:1].islower() or re.match(r"I\b|I'", w), f"{domain.__name__}.{name} why {w!r} should start lower-case"

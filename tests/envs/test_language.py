"""The SDK side of tool language: attaching, drafting, refusing what names nothing, linting."""

from __future__ import annotations

import pytest

from toolgym.envs import ToolEnv, tool
from toolgym.envs.language import Answer, LanguageError, ToolLanguage, lint


def _env(language):
    class Shop(ToolEnv):
        """You run a shop.

        Be brief.
        """

        def build(self, world):
            self.items = world.table("items", {"a": {"id": "a", "name": "Kettle", "price": 20.0}})

        @tool(intents=["look up {name}"])
        def find_item(self, name: str, limit: int = 5) -> list[dict]:
            """Find items by name."""
            return [r for r in self.items.values() if name.lower() in r["name"].lower()][:limit]

        @tool(writes=True)
        def set_price(self, item_id: str, price: float, rush: bool = False) -> dict:
            """Change an item's price."""
            return {"id": item_id, "price": price}

    # language is read when a class is created: a subclass carries it
    return Shop if language is None else type("Shop2", (Shop,), {"language": language})


def test_a_tool_without_language_gets_a_draft_from_its_intents_and_description():
    env = _env(None)()
    lang = env.all_tooldefs()["find_item"].language
    assert lang.drafted and lang.asks == ("look up {name}",) and lang.answer.is_list
    assert lang.task == ("find items by name",)
    assert any("no authored language" in p for p in lint(env.all_tooldefs()))


def test_language_naming_an_unknown_tool_or_parameter_is_refused_at_class_creation():
    with pytest.raises(LanguageError, match="find_items"):
        _env({"find_items": ToolLanguage(task="x", asks=("x",))})
    with pytest.raises(LanguageError, match=r"\{title\}"):
        _env({"find_item": ToolLanguage(task="find {title}", asks=("x",))})
    with pytest.raises(LanguageError, match="answer field 'cost'"):
        _env({"set_price": ToolLanguage(task="x", asks=("x",), answer=Answer(fields=("cost",), says=("{cost}",)))})


def test_lint_names_the_gaps_an_author_must_fill():
    lang = {
        "find_item": ToolLanguage(task="look up {name}", asks=("look up {name}", "Please find {name}."), answer=Answer(says=("{count}",))),
        "set_price": ToolLanguage(task="reprice {item_id}", asks=("set {item_id} to {price} rush {rush}",)),
    }
    problems = "\n".join(lint(_env(lang)().all_tooldefs()))
    for expected in (
        "find_item: expected >= 6 distinct asks",
        "should not end with '.'",
        "should not start with a politeness frame",
        "list result needs answer.each",
        "expected >= 2 context phrases",
        "places boolean {rush}",
        "boolean 'rush'=True has no phrase",
        "optional 'limit' has no modifier phrases",
    ):
        assert expected in problems, expected


def test_system_prompt_loses_the_docstring_indentation():
    env = _env(None)()
    assert env.system_prompt() == "You run a shop.\n\nBe brief."

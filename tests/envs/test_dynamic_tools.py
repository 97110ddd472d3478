"""ToolEnv.add_tool: tools from a JSON Schema and a function, with @tool's guarantees."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from toolgym.envs import Entity, ToolEnv, ToolError, check_env
from toolgym.envs.actions import CallRequest
from toolgym.envs.graph import ApiGraph
from toolgym.envs.validation import compile_validator
from toolgym.errors import ToolgymError


class Shelf(ToolEnv):
    """A bookshelf."""

    def build(self, world):
        rng = world.rng("books")
        self.books = world.table("books", {f"b{i}": {"id": f"b{i}", "title": f"Book {rng.randint(1, 999)}", "price": 5.0}
                                           for i in range(3)})


def _add(env, title, price=1.0, tags=None):
    key = f"b{len(env.books)}"
    env.books[key] = {"id": key, "title": title, "price": price}
    if price > 100:
        raise ToolError("too expensive")  # after the write: the savepoint must undo it
    return env.books[key]


def _price(env, book_id):
    if book_id not in env.books:
        raise ToolError(f"no book {book_id!r}")
    return {"price": env.books[book_id]["price"]}


Shelf.add_tool(
    "add_book",
    {"type": "object", "properties": {
        "title": {"type": "string", "minLength": 1, "description": "the title"},
        "price": {"type": "number", "minimum": 0, "default": 1.0, "description": "in dollars"},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "description": "labels"}},
     "required": ["title"]},
    _add, description="Add a book.", writes=True, needs="open",
    returns={"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "price": {"type": "number"}}},
    result_entities={"id": Entity("book", label="title")})
Shelf.add_tool("open_shelf", {"type": "object", "properties": {}}, lambda env: "open", description="Open the shelf.",
               writes=True, establishes="open")
Shelf.add_tool("get_price", {"type": "object", "properties": {"book_id": {"type": "string", "description": "the book"}},
                             "required": ["book_id"]},
               _price, description="A book's price.", entities={"book_id": Entity("book", label="title")},
               returns={"type": "object", "properties": {"price": {"type": "number"}}})


def _run(env, name, **args):
    return env.execute(CallRequest("abcdefghi", name, args))


def test_dynamic_tools_validate_strictly_check_preconditions_and_roll_back():
    env = Shelf()
    env.reset(seed=0)
    assert "precondition not met" in _run(env, "add_book", title="A").error
    assert _run(env, "open_shelf").ok
    assert _run(env, "add_book", title="A").content["price"] == 1.0  # the schema's default
    assert _run(env, "add_book", title="B", price=3).content["price"] == 3  # an integer stays one
    for bad in ({"title": 1}, {"title": ""}, {"title": "x", "price": -1}, {"title": "x", "price": True},
                {"title": "x", "price": float("nan")}, {"title": "x", "zz": 1}, {"title": "x", "tags": ["a", "a"]}):
        assert _run(env, "add_book", **bad).error.startswith("invalid arguments for add_book"), bad
    h = env.state_hash()
    assert _run(env, "add_book", title="C", price=500).error == "too expensive"
    assert env.state_hash() == h and len(env.books) == 5


def test_dynamic_tools_have_graph_edges_language_and_pass_conformance():
    g = ApiGraph.of(Shelf())
    assert ("add_book", "get_price") in {(u, v) for u, v, _ in g.data_edges()}
    assert ("open_shelf", "add_book") in {(u, v) for u, v, _ in g.state_edges()}
    assert Shelf._tooldefs["add_book"].language.task == ("add a book",)
    assert check_env(Shelf, steps=300).passed


def test_bad_dynamic_tools_are_refused_with_a_clear_error():
    class Bad(ToolEnv):
        """x"""

    with pytest.raises(ToolgymError, match="expected a description"):
        Bad.add_tool("t", {"type": "object", "properties": {}}, lambda env: 1, description="")
    with pytest.raises(ToolgymError, match="type object"):
        Bad.add_tool("t", {"type": "array"}, lambda env: 1, description="x")
    with pytest.raises(ToolgymError, match="names no parameter"):
        Bad.add_tool("t", {"type": "object", "properties": {}}, lambda env: 1, description="x", entities={"nope": Entity("a")})


def test_validator_keywords():
    v = compile_validator({"type": "object", "properties": {
        "n": {"type": ["integer", "null"]}, "o": {"oneOf": [{"type": "string"}, {"type": "string", "minLength": 3}]},
        "m": {"type": "object", "additionalProperties": {"type": "integer"}}}, "required": []})
    assert v.validate_python({"n": None, "m": {"a": 1}}) == {"n": None, "m": {"a": 1}}
    with pytest.raises(ValidationError):
        v.validate_python({"o": "long enough"})  # matches both branches of a oneOf
    assert v.validate_python({"o": "ab"}) == {"o": "ab"}
    with pytest.raises(ValidationError):
        v.validate_python({"m": {"a": "x"}})

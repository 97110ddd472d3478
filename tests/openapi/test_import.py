"""Importing OpenAPI documents: reading, inference, the world, the tools, conformance, the graph."""

from __future__ import annotations

import os

import pytest

from toolgym.envs import check_env, make
from toolgym.envs.actions import CallRequest
from toolgym.envs.graph import ApiGraph
from toolgym.envs.openapi import OpenApiError, from_spec, import_report, infer, load_document

DATA = os.path.join(os.path.dirname(__file__), "data")
PETSTORES = ["swagger-petstore-v3.yaml", "openapi-core-petstore.yaml", "petstore-v3.1.yaml"]


def _id(name: str) -> str:
    return "test/" + "".join(w.title() for w in name.split(".")[0].replace("-", " ").split()) + "-v0"


@pytest.fixture(scope="module", params=PETSTORES)
def petstore(request):
    path = os.path.join(DATA, request.param)
    cls = from_spec(path, env_id=_id(request.param))
    return _id(request.param), cls


def _call(env, _tool, **args):
    return env.execute(CallRequest("abcdefghi", _tool, args))


def test_every_petstore_passes_the_full_conformance_check(petstore):
    env_id, cls = petstore
    report = check_env(env_id, steps=600)
    assert report.passed, report.summary()
    assert report.ok_calls > 50


def test_graph_has_data_edges_from_create_to_read_update_delete(petstore):
    env_id, cls = petstore
    g = ApiGraph.of(make(env_id))
    edges = {(u, v) for u, v, _ in g.data_edges()}
    plan = cls.plan
    for r in plan.resources.values():
        creates = [o.tool for o in plan.operations if o.resource == r.name and o.kind == "create"]
        others = [o.tool for o in plan.operations if o.resource == r.name and o.kind in ("read", "update", "delete") and o.key_param]
        if not creates or not others or not r.internal:
            continue
        for c in creates:
            for o in others:
                assert (c, o) in edges, f"no data edge {c} -> {o} in {env_id}"


def test_swagger_petstore_semantics_create_read_update_delete_and_errors():
    env = make(from_spec(os.path.join(DATA, PETSTORES[0]), env_id=_id(PETSTORES[0])).source["env_id"])
    env.reset(seed=1)
    me = env.world.persona
    assert "precondition not met" in _call(env, "addPet", name="Rex", photoUrls=[]).error
    assert _call(env, "loginUser", username=me["username"], password="wrong").error.startswith("400")
    assert _call(env, "loginUser", username=me["username"], password=me["password"]).ok
    made = _call(env, "addPet", name="Rex", photoUrls=["https://x.org/rex.png"], status="available").content
    pid = made["id"]
    assert _call(env, "getPetById", petId=pid).content["name"] == "Rex"
    assert any(p["id"] == pid for p in _call(env, "findPetsByStatus", status="available").content)
    assert all(p["status"] == "sold" for p in _call(env, "findPetsByStatus", status="sold").content)
    assert _call(env, "updatePetWithForm", petId=pid, status="sold").content["status"] == "sold"
    assert _call(env, "updatePet", id=pid, name="Rexy", photoUrls=[]).content["name"] == "Rexy"
    before = env.state_hash()
    err = _call(env, "getPetById", petId=999999).error
    assert err.startswith("404 Not Found") and "Pet not found" in err and "findPetsByStatus" in err  # the doc's words, a hint
    assert _call(env, "deletePet", petId=pid).ok
    assert _call(env, "getPetById", petId=pid).error.startswith("404")
    assert _call(env, "deletePet", petId=pid).error.startswith("404") and env.state_hash() != before
    # a user-picked key: 409 on a second create, and validation by the compiled schema
    assert _call(env, "createUser", username="neo", email="neo@x.org").ok
    assert _call(env, "createUser", username="neo").error.startswith("409 Conflict")
    assert "invalid arguments" in _call(env, "placeOrder", quantity="three").error
    assert "invalid arguments" in _call(env, "placeOrder", status="lost").error
    # an order naming a pet that does not exist is a 404: the pet is an entity, not a number
    assert _call(env, "placeOrder", petId=424242).error.startswith("404")


def test_world_is_seeded_deterministically_with_persona_and_foreign_keys():
    cls = from_spec(os.path.join(DATA, PETSTORES[0]), env_id=_id(PETSTORES[0]))
    a, b = cls(), cls()
    a.reset(seed=5)
    b.reset(seed=5)
    assert a.world.snapshot() == b.world.snapshot()
    b.reset(seed=6)
    assert a.world.snapshot() != b.world.snapshot()
    users = a.table("user")
    assert a.world.persona["username"] in users  # the persona can log in
    pets = set(a.table("pet"))
    for order in a.table("order").values():
        if "petId" in order:
            assert str(order["petId"]) in pets  # an order names a real pet
    statuses = {p.get("status") for p in a.table("pet").values()}
    assert statuses <= {"available", "pending", "sold", None} and len(statuses) > 1


def test_relative_refs_recursion_and_sizes():
    cls = from_spec(os.path.join(DATA, "split", "library.yaml"), env_id="test/Library-v0", size=5)
    env = make("test/Library-v0")
    env.reset(seed=0)
    assert len(env.table("book")) == 5
    params = env.all_tooldefs()["addBook"].spec.parameters
    assert params["properties"]["genre"]["enum"] == ["fiction", "history", "science"]  # through two files
    assert set(params["required"]) == {"title", "genre"}
    returns = env.all_tooldefs()["getBook"].spec.returns
    mentor = returns["properties"]["author"]["properties"]["mentor"]
    assert "nested" in mentor["description"]  # the recursive Author is cut where it recurs
    assert check_env("test/Library-v0").passed
    assert {o.kind for o in cls.plan.operations} == {"list", "create", "read", "delete"}


def test_swagger2_is_refused_with_how_to_convert():
    with pytest.raises(OpenApiError, match=r"Swagger 2.0.*OpenAPI 3.0 and 3.1.*Convert"):
        from_spec(os.path.join(DATA, "swagger2.json"), env_id="test/Old-v0")


def test_an_invalid_document_gets_one_error_naming_where():
    with pytest.raises(OpenApiError) as e:
        from_spec(os.path.join(DATA, "broken.yaml"), env_id="test/Broken-v0")
    msg = str(e.value)
    assert "paths./things/{id}.get.parameters.id.schema" in msg and "#/components/schemas/Missing" in msg
    with pytest.raises(OpenApiError, match=r"paths: expected a mapping"):
        from_spec({"openapi": "3.1.0", "info": {"title": "x"}, "paths": []})
    with pytest.raises(OpenApiError, match=r"openapi: expected a version 3.0.x or 3.1.x, got '4.0'"):
        from_spec({"openapi": "4.0", "paths": {"/a": {}}})


def test_overrides_change_what_inference_got_wrong(tmp_path):
    doc = os.path.join(DATA, PETSTORES[0])
    base = infer(load_document(doc))
    kinds = {o.op_id: o.kind for o in base.operations}
    assert kinds["updatePetWithForm"] == "update" and kinds["uploadFile"] == "action"
    ov = tmp_path / "ov.yaml"
    ov.write_text("operations:\n  updatePetWithForm: {kind: action, verb: sell}\n  getInventory: {skip: not simulated here}\n"
                  "  uploadFile: {name: upload_pet_image}\nresources:\n  pet: {size: 4}\n")
    cls = from_spec(doc, env_id="test/PetsOverridden-v0", overrides=str(ov))
    plan = cls.plan
    by = {o.op_id: o for o in plan.operations}
    assert by["updatePetWithForm"].kind == "action" and by["updatePetWithForm"].confidence == "override"
    assert ("getInventory", "not simulated here") in plan.skipped
    assert "upload_pet_image" in cls._tooldefs and "getInventory" not in cls._tooldefs
    env = make("test/PetsOverridden-v0")
    env.reset(seed=0)
    assert len(env.table("pet")) == 4
    report = import_report(plan)
    assert "updatePetWithForm" in report and "[override]" in report and "not simulated here" in report
    with pytest.raises(OpenApiError, match="unknown key"):
        from_spec(doc, env_id="test/PetsBad-v0", overrides={"operations": {"addPet": {"knid": "list"}}})


def test_x_toolgym_extension_overrides_an_operation():
    with open(os.path.join(DATA, PETSTORES[2])) as f:
        import yaml

        d = yaml.safe_load(f)
    d["paths"]["/pets"]["post"]["x-toolgym"] = {"kind": "request"}
    cls = from_spec(d, env_id="test/PetsExt-v0")
    assert {o.op_id: o.kind for o in cls.plan.operations}["createPets"] == "request"


def test_import_report_says_what_was_inferred_with_confidence():
    plan = from_spec(os.path.join(DATA, PETSTORES[1]), env_id=_id(PETSTORES[1])).plan
    text = import_report(plan)
    assert "authenticate" in text and "synthesized" in text  # security schemes, no login operation
    assert "[low]" in text and "deleteTag" in text
    assert "[high]" in text

"""A large real document (DigitalOcean's API, 659 operations): every operation a tool or a named
reason, conformance, and the overrides a real document needs. Import time is measured by
benchmarks/openapi_import.py, not here."""

from __future__ import annotations

import os

import pytest

from toolgym.envs import check_env, make
from toolgym.envs.actions import CallRequest
from toolgym.envs.graph import ApiGraph
from toolgym.envs.openapi import from_spec, import_report, infer, load_document

DO = os.path.join(os.path.dirname(__file__), "data", "digitalocean")


@pytest.fixture(scope="module")
def do_env():
    return from_spec(os.path.join(DO, "digitalocean.json"), env_id="digitalocean/DigitalOcean-v0",
                     overrides=os.path.join(DO, "overrides.yaml"))


def test_every_operation_is_a_tool_or_a_named_reason(do_env):
    doc = load_document(os.path.join(DO, "digitalocean.json"))
    n = sum(1 for item in doc.root["paths"].values() for m in item if m in ("get", "put", "post", "delete", "patch", "head", "options", "trace"))
    assert n >= 500
    plan = do_env.plan
    tools = [o for o in plan.operations if o.op_id != "(synthesized)"]
    assert len(tools) + len(plan.skipped) == n
    assert all(why for _, why in plan.skipped)
    assert len(do_env._tooldefs) == len(plan.operations)
    assert "DigitalOcean API: 659 operations" in import_report(plan)


def test_the_large_document_passes_conformance(do_env):
    report = check_env("digitalocean/DigitalOcean-v0", steps=800)
    assert report.passed, report.summary()
    assert len(report.tools_succeeded) > 100


def test_ids_named_id_take_their_entity_from_the_collection(do_env):
    g = ApiGraph.of(make("digitalocean/DigitalOcean-v0"))
    assert g.param_entity("apps_get", "id") == "app"  # /v2/apps/{id}
    assert g.param_entity("vpcnatgateways_delete", "id") == "vpc_nat_gateway"
    assert ("apps_create", "apps_get") in {(u, v) for u, v, _ in g.data_edges()}
    # two collections called "keys" (/v2/account/keys, /v2/functions/namespaces/{id}/keys): each its own resource
    keys = {r.collection for r in do_env.plan.resources.values() if r.collection.endswith("/keys")}
    assert {"/v2/account/keys", "/v2/functions/namespaces/{namespace_id}/keys"} <= keys


def test_overrides_a_real_document_needs():
    base = {o.op_id: o for o in infer(load_document(os.path.join(DO, "digitalocean.json"))).operations}
    # what the heuristics infer without overrides
    # POST /v2/droplets/{droplet_id}/actions: the path has /actions/{action_id} beneath it, so it reads as
    # creating an action record; the droplet itself would never change
    assert base["dropletActions_post"].kind == "create" and base["dropletActions_post"].resource != "droplet"
    assert base["monitoring_update_destination"].kind == "update"  # POST on an item: an update (right here)
    assert base["genai_attach_agent"].kind == "update"  # POST on an item: wrong here, an attach
    assert base["droplets_list_supported_backup_policies"].kind == "list"  # wrong: not droplets
    env = make("digitalocean/DigitalOcean-v0")
    ov = {o.op_id: o for o in env.plan.operations}
    assert ov["genai_attach_agent"].kind == "action" and ov["droplets_list_supported_backup_policies"].kind == "request"
    env.reset(seed=0)
    me = env.world.persona
    assert env.execute(CallRequest("abcdefghi", "authenticate", {"username": me["username"], "password": me["password"]})).ok
    droplet = next(iter(env.table("droplet").values()))
    r = env.execute(CallRequest("abcdefghi", "dropletActions_post", {"droplet_id": droplet["id"], "type": "power_off"}))
    assert r.ok, r.error
    assert env.table("droplet")[str(droplet["id"])]["status"] == "off"  # the action named by its argument
    assert env.execute(CallRequest("abcdefghi", "droplets_get", {"droplet_id": droplet["id"]})).content["droplet"]["status"] == "off"
    assert len(env.table("droplet")) == 8  # resources: {droplet: {size: 8}}

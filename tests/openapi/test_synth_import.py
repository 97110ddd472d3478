"""``toolgym synth`` on imported documents: verified records, every tool a target, 100% replay,
and the generated package replaying them on a fresh interpreter where it is the only addition."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from toolgym.cli import main
from toolgym.envs import make
from toolgym.envs.openapi import from_spec
from toolgym.runs import iter_episodes
from toolgym.synth.pipeline import load_config, synthesize
from toolgym.synth.pipeline.run import unphrasable_tools
from toolgym.synth.pipeline.verify import replay_episode
from toolgym.synth.quality.answers import check_answers
from toolgym.synth.quality.grounding import check_grounding

DATA = os.path.join(os.path.dirname(__file__), "data")
# (document, records): enough records for every tool of the document to be a target
CASES = [("swagger-petstore-v3.yaml", 70), ("openapi-core-petstore.yaml", 30), ("petstore-v3.1.yaml", 12)]


@pytest.mark.parametrize("doc,records", CASES)
def test_synth_on_an_import_makes_verified_records_with_every_tool_a_target(tmp_path, doc, records):
    env_id = "synth/" + doc.split(".")[0].replace("-", "_").title().replace("_", "") + "-v0"
    cls = from_spec(os.path.join(DATA, doc), env_id=env_id)
    out = str(tmp_path / "run")
    summary = synthesize(load_config(overrides={"envs": [env_id], "records": records, "out": out, "progress": False}))
    assert summary.records == records
    cov = summary.coverage[env_id]
    unphrasable = unphrasable_tools(make(env_id))
    # every tool is a target, but those no request can say (a required list of objects), each named
    assert set(cov["missing"]) <= set(unphrasable), (cov, unphrasable)
    assert cov["targeted"] + len(unphrasable) >= cov["tools"]
    defs = make(env_id).all_tooldefs()
    eps = list(iter_episodes(out))
    for ep in eps:
        assert replay_episode(ep), ep.id  # 100% replay in a fresh env
        assert check_grounding(ep, defs).ok
        assert check_answers(ep, defs).ok
        assert ep.meta["sources"] == [cls.source]  # the document's sha256 travels with each record
    assert all(ep.meta["sources"][0]["sha256"] == cls.source["sha256"] for ep in eps)


def test_generated_package_installs_and_replays_records_on_a_fresh_interpreter(tmp_path, capsys):
    doc = os.path.join(DATA, "swagger-petstore-v3.yaml")
    pkg = tmp_path / "pkg"
    assert main(["import", "openapi", doc, "--id", "acme/PkgPets-v0", "--out", str(pkg), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["conformance"]["passed"] and report["package"]["name"] == "acme_pkgpets"
    assert {o["operation"] for o in report["operations"]} >= {"addPet", "getPetById", "deletePet"}
    # the document's bytes are copied: the package's records carry the same sha256
    import hashlib

    with open(doc, "rb") as f:
        assert report["sha256"] == hashlib.sha256(f.read()).hexdigest()
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                    "--target", str(site), str(pkg)], check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = tmp_path / "run"
    code = ("import sys; from toolgym.cli import main; sys.exit(main(sys.argv[1:]))")
    listed = subprocess.run([sys.executable, "-c", code, "envs", "list"], env=env, capture_output=True, text=True, timeout=300)
    assert "acme/PkgPets-v0" in listed.stdout, listed.stderr  # found through the toolgym.envs entry point
    made = subprocess.run([sys.executable, "-c", code, "synth", "--env", "acme/PkgPets-v0", "--records", "8", "--out", str(run),
                           "--no-progress"], env=env, capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr[-2000:]
    checked = subprocess.run([sys.executable, "-c", code, "synth", "--check", "--out", str(run)], env=env, capture_output=True,
                             text=True, timeout=600)
    assert checked.returncode == 0 and "8 passed, 0 failed" in checked.stdout, checked.stdout + checked.stderr[-2000:]
    ep = next(iter_episodes(str(run)))
    assert ep.meta["sources"][0]["sha256"] == report["sha256"]

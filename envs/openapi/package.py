"""``--out DIR``: an imported environment as a reviewable, installable Python package.

The package holds the document exactly as read (so its sha256 is the one records carry, and the
files its ``$ref``s name beside it), an overrides file listing what was inferred for every
operation (edit a line to change it), and an ``env.py`` that imports the document through
:func:`toolgym.envs.openapi.from_spec` and registers the id through the ``toolgym.envs``
entry-point group. ``pip install DIR`` and the id works everywhere: ``toolgym envs list``,
``toolgym synth --env ID``, ``toolgym synth --check`` (replay).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from typing import Any

from .document import Document, OpenApiError
from .infer import Plan

__all__ = ["write_package", "package_name"]


def package_name(env_id: str) -> str:
    ns, _, name = env_id.partition("/")
    base = re.sub(r"-v\d+$", "", name)
    s = re.sub(r"[^a-z0-9]+", "_", f"{ns}_{base}".lower()).strip("_")
    return ("env_" + s) if not s or s[0].isdigit() else s


def _overrides_text(plan: Plan, given: dict[str, Any] | None) -> str:
    lines = [
        "# Overrides for the OpenAPI import (see README: Importing an OpenAPI document).",
        "# Every operation is listed with what was inferred; uncomment and edit a line to change it.",
        "# kind: list | read | create | update | delete | action | login | logout | request | bulk_create",
        "# Other keys: resource, name (the tool's name), key_param, verb, skip: \"why\".",
    ]
    data = dict(given or {})
    ops = dict(data.get("operations") or {})
    res = dict(data.get("resources") or {})
    lines.append("operations:" if ops else "operations: {}")
    for k, v in ops.items():
        lines.append(f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True)}")
    for o in plan.operations:
        if o.op_id in ops or o.op_id == "(synthesized)":
            continue
        lines.append(f"  # {json.dumps(o.op_id)}: {{kind: {o.kind}{', resource: ' + o.resource if o.resource else ''}}}"
                     f"   # {o.confidence}: {o.reason}")
    lines.append("resources:" if res else "resources: {}")
    for k, v in res.items():
        lines.append(f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True)}")
    for r in plan.resources.values():
        if r.name not in res:
            lines.append(f"  # {r.name}: {{key: {r.key}, label: {r.label or 'null'}, size: {r.size}, internal: {str(r.internal).lower()}}}")
    return "\n".join(lines) + "\n"


def write_package(doc: Document, plan: Plan, out: str, *, env_id: str, overrides: dict[str, Any] | None, size: int,
                  force: bool = False) -> str:
    """Write the package into ``out``; returns the package's import name."""
    if doc.path is None:
        raise OpenApiError("--out needs the document as a file (its bytes are copied, so the sha256 stays)")
    pkg = package_name(env_id)
    if os.path.exists(out) and os.listdir(out) and not force:
        raise OpenApiError(f"{out} exists and is not empty; pass --force to overwrite it")
    src_dir = os.path.join(out, pkg)
    if os.path.exists(src_dir):
        shutil.rmtree(src_dir)
    os.makedirs(src_dir, exist_ok=True)
    doc_name = "openapi" + os.path.splitext(doc.path)[1].lower()
    shutil.copyfile(doc.path, os.path.join(src_dir, doc_name))
    for rel in doc.files:  # files its $refs name, at the same relative places
        dest = os.path.normpath(os.path.join(src_dir, rel))
        if not dest.startswith(os.path.abspath(src_dir) if os.path.isabs(dest) else src_dir):
            raise OpenApiError(f"$ref to {rel!r} leaves the document's folder; bundle the document first")
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(os.path.join(os.path.dirname(doc.path), rel), dest)
    with open(os.path.join(src_dir, "overrides.yaml"), "w", encoding="utf-8") as f:
        f.write(_overrides_text(plan, overrides))
    cls_name = re.sub(r"[^A-Za-z0-9]", "", env_id.split("/")[-1].rsplit("-v", 1)[0].title()) or "Imported"
    with open(os.path.join(src_dir, "env.py"), "w", encoding="utf-8") as f:
        f.write(f'''"""{plan.title}, imported from its OpenAPI document by `toolgym import openapi`.

Document sha256 {doc.sha256}. Edit overrides.yaml to change what was inferred; the import
report (`toolgym import openapi {doc_name} --id {env_id}`) says what each operation became.
"""

import os

from toolgym.envs.openapi import from_spec

ENV_ID = {env_id!r}
DOCUMENT_SHA256 = {doc.sha256!r}
_HERE = os.path.dirname(os.path.abspath(__file__))

{cls_name} = from_spec(os.path.join(_HERE, {doc_name!r}), env_id=ENV_ID, overrides=os.path.join(_HERE, "overrides.yaml"),
                       size={size}, register=False)
''')
    with open(os.path.join(src_dir, "__init__.py"), "w", encoding="utf-8") as f:
        f.write(f'''"""The {env_id} environment (toolgym plugin, registered through the toolgym.envs entry points)."""

ENV_ID = {env_id!r}


def register_all():
    from toolgym.envs import register

    register(ENV_ID, entry_point="{pkg}.env:{cls_name}")
''')
    data_globs = sorted({"*" + os.path.splitext(doc_name)[1], "*.yaml", *(os.path.join(os.path.dirname(r), "*" + os.path.splitext(r)[1])
                                                                         if os.path.dirname(r) else "*" + os.path.splitext(r)[1] for r in doc.files)})
    with open(os.path.join(out, "pyproject.toml"), "w", encoding="utf-8") as f:
        f.write(f'''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{pkg.replace('_', '-')}"
version = "0.1.0"
description = "{plan.title.replace('"', "'")} as a toolgym environment ({env_id}), imported from its OpenAPI document"
requires-python = ">=3.11"
dependencies = ["toolgym"]

[project.entry-points."toolgym.envs"]
{pkg} = "{pkg}:register_all"

[tool.setuptools]
packages = ["{pkg}"]

[tool.setuptools.package-data]
{pkg} = {json.dumps(data_globs)}
''')
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(f"# {env_id}\n\n{plan.title}, imported by `toolgym import openapi` (document sha256 `{doc.sha256}`).\n\n"
                f"```bash\npip install {out}\ntoolgym envs check {env_id}\ntoolgym synth --env {env_id} --records 100 --out runs/{pkg}\n```\n")
    return pkg

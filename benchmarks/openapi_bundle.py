"""Bundle a multi-file OpenAPI document into one JSON file (how tests/openapi/data/digitalocean/ was made).

    python benchmarks/openapi_bundle.py specification/DigitalOcean-public.v2.yaml digitalocean.json

The document is read by toolgym's own loader (YAML 1.2: ``off`` stays a string). Every target of a
``$ref`` to another file is stored once under the top-level ``x-bundled`` mapping and referenced
there (``#/x-bundled/NAME``); ``x-codeSamples`` (documentation snippets that ``$ref`` example
files) are left out. Nothing else changes.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

from toolgym.envs.openapi.document import load_document


def bundle(src: str) -> dict[str, Any]:
    doc = load_document(src)
    bundled: dict[str, Any] = {}
    names: dict[tuple[str, str], str] = {}

    def name_for(key: tuple[str, str]) -> str:
        if key not in names:
            f, ptr = key
            base = re.sub(r"[^A-Za-z0-9_]+", "_", os.path.splitext(f)[0] + ("_" + ptr.strip("/").replace("/", "_") if ptr else "")).strip("_")
            n, k = base, 2
            while n in bundled or n in names.values():
                n, k = f"{base}_{k}", k + 1
            names[key] = n
        return names[key]

    def walk(node: Any, ctx: str) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                f, _, ptr = ref.partition("#")
                if f or ctx:
                    key = (os.path.normpath(os.path.join(os.path.dirname(ctx), f)) if f else ctx, ptr)
                    n = name_for(key)
                    if n not in bundled:
                        bundled[n] = None  # a placeholder: a cycle ends here
                        target, tctx = doc._resolve(ref, ctx, "bundle")
                        bundled[n] = walk(target, tctx)
                    return {"$ref": f"#/x-bundled/{n}", **{k: walk(v, ctx) for k, v in node.items() if k != "$ref"}}
                return dict(node)
            return {k: walk(v, ctx) for k, v in node.items() if k != "x-codeSamples"}
        if isinstance(node, list):
            return [walk(v, ctx) for v in node]
        return node

    out = walk(doc.root, "")
    out["x-bundled"] = bundled
    return out


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump(bundle(src), fh, separators=(",", ":"))
    print(f"wrote {dst}: {os.path.getsize(dst):,} bytes")


if __name__ == "__main__":
    main()

"""The import graph: exporters load without Gymnasium/NumPy, and the two round-1 cycles are gone."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"toolgym": "toolgym", "toolgym.envs": "envs", "toolgym.synth": "synth", "toolgym.exporters": "exporters",
            "toolgym.rl": "rl"}


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd="/")
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


def test_importing_the_exporters_loads_neither_gymnasium_nor_numpy_nor_the_models() -> None:
    # The exporters read records as dicts: the pydantic models (toolgym.record) are not needed either.
    got = _run("import sys, toolgym.exporters, toolgym.runs; "
               "print(sorted(m for m in ('gymnasium', 'numpy', 'pydantic', 'toolgym.record') if m in sys.modules))")
    assert got == "[]"


def test_gymnasium_finds_the_builtins_after_import_toolgym_whichever_comes_first() -> None:
    for code in ("import toolgym, gymnasium", "import gymnasium, toolgym", "import toolgym, toolgym.exporters, gymnasium",
                 "import toolgym; from gymnasium import make as _m; import gymnasium"):
        got = _run(code + "; env = gymnasium.make('toolgym/Messaging-v0'); print(type(env.unwrapped).__name__)")
        assert got == "Messaging", code


def _module_name(path: Path) -> str:
    for name, folder in PACKAGES.items():
        base = ROOT / folder
        if base in path.parents:
            rel = path.relative_to(base).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            return ".".join([name, *parts])
    raise AssertionError(path)


def _import_graph() -> nx.DiGraph:
    """Every import between toolgym modules, module-level and inside functions alike."""
    g = nx.DiGraph()
    for folder in PACKAGES.values():
        for path in (ROOT / folder).rglob("*.py"):
            mod = _module_name(path)
            pkg = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                targets: list[str] = []
                if isinstance(node, ast.Import):
                    targets = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:
                        up = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                        base = ".".join(up + ([base] if base else []))
                    targets = [base] + [f"{base}.{a.name}" for a in node.names]
                for t in targets:
                    if t.startswith("toolgym"):
                        g.add_edge(mod, t)
    return g


def test_the_round_1_import_cycles_are_broken() -> None:
    g = _import_graph()
    assert g.has_edge("toolgym.envs.world", "toolgym.envs.persona")  # the graph is read at all
    for scc in nx.strongly_connected_components(g):
        assert not {"toolgym.envs.world", "toolgym.envs.pools"} <= scc, sorted(scc)
        assert not {"toolgym.exporters.base", "toolgym.exporters.validate"} <= scc, sorted(scc)
        assert not any(m.startswith("toolgym.exporters") for m in scc) or not any(m.startswith("toolgym.envs") for m in scc)

"""Shared check that a result's labelled ids sit beside their own label.

The synthesis pipeline names a revealed id by the label field found next to it in the result
(``Entity("scene", label="name")``: the ``name`` beside a ``scene_id``). A result that holds an
id of one entity beside another thing's ``name`` (a schedule's name next to its scene's id)
would make requests say the wrong name. Labels are looked up in the world's rows: the row whose
id is the revealed value must carry the same label.
"""

from __future__ import annotations

from typing import Any

from toolgym.envs.graph import _segments, extract

__all__ = ["assert_labels_are_their_own"]


def _rows_by_id(env: Any) -> dict[str, dict[str, Any]]:
    """Every world row by its key, across all tables (ids are unique across a domain's tables)."""
    out: dict[str, dict[str, Any]] = {}
    for table in env.snapshot().values():
        if isinstance(table, dict):
            for key, row in table.items():
                if isinstance(row, dict):
                    out.setdefault(key, row)
    return out


def assert_labels_are_their_own(env: Any, results: dict[str, Any]) -> int:
    """Each labelled id in ``results`` (tool -> content) is beside its own row's label.

    Returns how many labelled ids were checked, so a caller can assert the check saw some.
    """
    entities = env.entities()
    defs = env.all_tooldefs()
    rows = _rows_by_id(env)
    checked = 0
    for tool, content in results.items():
        for path, ent in defs[tool].spec.result_entities.items():
            label = entities[ent].label
            if not label:
                continue
            for value, where, parent in extract(content, _segments(path)):
                if not isinstance(parent, dict) or label not in parent or value not in rows:
                    continue
                own = rows[value].get(label)
                assert parent[label] == own, (
                    f"{tool} result {where}: {ent} id {value!r} sits beside {label}={parent[label]!r}, "
                    f"but that {ent} is {own!r}"
                )
                checked += 1
    return checked

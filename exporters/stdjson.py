"""The standard library's JSON spellings, with its C encoder made once and called directly.

Two spellings are the standard library's own and not orjson's: ``json.dumps`` defaults (``", "``
and ``": "``, what Jinja's ``tojson`` in HF chat templates writes, used by Hermes blocks) and
:func:`toolgym.fastjson.dumps_std` (compact, used where a consumer's reader was written against
it). ``json.JSONEncoder.encode`` makes a new C encoder on every call; calling one made once is
the same code on the same value, so the same bytes, about a microsecond sooner per call, and
exports make one call per tool call and per result. No circular-reference markers (as
``dumps_std``): values decoded from JSON hold no cycles.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from toolgym.fastjson import dumps_std

__all__ = ["spaced", "compact"]


def _direct(item_separator: str, key_separator: str, allow_nan: bool) -> Callable[[Any], str] | None:
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - a Python built without the _json accelerator
        return None
    default = json.JSONEncoder().default  # the standard TypeError for what JSON cannot hold
    encode = make(None, default, json.encoder.encode_basestring, None, key_separator, item_separator, False, False, allow_nan)

    def dumps(value: Any) -> str:
        return "".join(encode(value, 0))

    return dumps


#: ``json.dumps(value, ensure_ascii=False)``
spaced: Callable[[Any], str] = _direct(", ", ": ", True) or json.JSONEncoder(ensure_ascii=False).encode
#: :func:`toolgym.fastjson.dumps_std`
compact: Callable[[Any], str] = _direct(",", ":", False) or dumps_std

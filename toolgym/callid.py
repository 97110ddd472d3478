"""The call-id rule, defined once: what a tool-call id looks like, how one is made, how one is checked.

Pydantic-free, so readers that never build models (the exporters) use the same rule as
:class:`toolgym.record.ToolCall`.
"""

from __future__ import annotations

import random
import string

__all__ = ["CALL_ID_ALPHABET", "CALL_ID_LENGTH", "CALL_ID_PATTERN", "CALL_ID_RULE", "new_call_id", "is_call_id"]

# The call-id rule, defined once: 9 ASCII letters or digits. Mistral's chat templates, the
# strictest consumer, require exactly that shape, and every other consumer takes it; so the
# canonical record uses it and exporters keep ids as they are (checking them with is_call_id).
CALL_ID_ALPHABET = string.ascii_letters + string.digits
CALL_ID_LENGTH = 9
CALL_ID_PATTERN = rf"^[A-Za-z0-9]{{{CALL_ID_LENGTH}}}$"
CALL_ID_RULE = f"{CALL_ID_LENGTH} alphanumeric characters"

_id_rng = random.Random()


def new_call_id(rng: random.Random | None = None) -> str:
    """A new tool-call id (:data:`CALL_ID_RULE`: 9 alphanumeric characters).

    Pass a seeded ``random.Random`` to get reproducible ids (offline runs are byte-identical).
    """
    r = rng or _id_rng
    return "".join(r.choices(CALL_ID_ALPHABET, k=CALL_ID_LENGTH))


def is_call_id(value: object) -> bool:
    """Whether ``value`` follows the call-id rule (:data:`CALL_ID_PATTERN`)."""
    # str.isalnum alone would take non-ASCII letters and digits; isascii first keeps it [A-Za-z0-9].
    return type(value) is str and len(value) == CALL_ID_LENGTH and value.isascii() and value.isalnum()

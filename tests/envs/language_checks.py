"""Shared check of a domain's language (imported by every tests/envs/test_<domain>.py).

The built-in writers of the synthesis pipeline make requests, reasoning and answers from each
tool's :class:`~toolgym.envs.language.ToolLanguage`; :func:`toolgym.envs.language.lint` lists
every gap (too few phrasings, a boolean nobody can say, an answer that misses the field that
answers the user...). A built-in domain has none.
"""

from __future__ import annotations

from typing import Any

from toolgym.envs.language import lint

__all__ = ["assert_language_complete"]


def assert_language_complete(env: Any) -> None:
    """Fail with every finding listed when any tool's language has a gap."""
    defs = env.all_tooldefs() if not isinstance(env, type) else env._tooldefs
    problems = lint(defs)
    assert not problems, f"{len(problems)} language problem(s):\n  " + "\n  ".join(problems)

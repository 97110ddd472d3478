import os

# Tests never reach a model hub or the internet.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import pytest

# The long ones (see the ``slow`` marker in pyproject.toml): CI runs them, `-m "not slow"` skips
# them while iterating. Marked here, by file, so that one list says which they are.
_SLOW = (
    "tests/reliability/test_killpoints.py",
    "tests/scale/test_ray_",
    "tests/openapi/test_large_document.py",
    "tests/envs/test_writing_a_domain.py::test_the_recipe_type_checks",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(_SLOW):
            item.add_marker(pytest.mark.slow)

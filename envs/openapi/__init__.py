"""Import an OpenAPI 3.0/3.1 document as a stateful, seeded toolgym environment.

    >>> from toolgym.envs.openapi import from_spec
    >>> Pets = from_spec("petstore.yaml", env_id="acme/Pets-v0")   # registered: make("acme/Pets-v0")

See README.md, "Importing an OpenAPI document", and ``toolgym import openapi --help``.
"""

from __future__ import annotations

from .document import Document, OpenApiError, load_document
from .env import OpenApiEnv, build_env_class, from_spec
from .infer import Operation, Plan, Resource, infer
from .report import import_report

__all__ = ["from_spec", "load_document", "infer", "import_report", "OpenApiError", "OpenApiEnv", "Document", "Plan",
           "Operation", "Resource", "build_env_class"]

"""The JSON Schema (draft 2020-12) of the token document, shipped beside this module.

The schema checks structure, names and value shapes so that other tools and editors can check a
document; `copy_that.tokens.dtcg.validate_document` is the authority (it also applies group
``$type`` inheritance, resolves aliases and finds cycles).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["SCHEMA_FILE", "load_schema"]

#: File name of the schema inside the ``copy_that.tokens`` package.
SCHEMA_FILE = "dtcg-format.schema.json"


@cache
def load_schema() -> dict[str, Any]:
    """The token-document JSON Schema as a dict (read once)."""
    text = files("copy_that.tokens").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema

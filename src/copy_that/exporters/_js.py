"""JavaScript/TypeScript literals and identifiers shared by the ts and tailwind-v3 exporters."""

from __future__ import annotations

import json
import re
from typing import Final

__all__ = ["js_key", "js_string"]

_JS_IDENT: Final = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def js_string(text: str) -> str:
    """A double-quoted JS string literal (JSON escaping is valid JavaScript)."""
    return (
        json.dumps(text, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def js_key(name: str) -> str:
    """An object key: bare when an identifier, else quoted (``"50"``, ``"on-primary"``)."""
    return name if _JS_IDENT.match(name) else js_string(name)

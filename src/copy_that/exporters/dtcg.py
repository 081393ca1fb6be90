"""DTCG 2025.10 JSON: the token document, plus mode documents and a resolver when modes exist.

`render` gives one self-contained file: the token document, or, when the token set has modes,
a DTCG resolver document with the base and every mode inlined (lossless; read back by
`copy_that.tokens.dtcg.loads`). `render_files` gives the layout tools expect in a folder:
``<stem>.json`` (default-mode token document), ``<stem>.<mode>.json`` per mode (only the tokens
it changes) and ``<stem>.resolver.json`` tying them together (DTCG Resolver Module).
"""

from __future__ import annotations

import json

from copy_that.exporters._common import ExportOptions, kebab
from copy_that.tokens import dtcg, resolver
from copy_that.tokens.model import TokenSet

__all__ = ["DESCRIPTION", "EXTENSION", "MEDIA_TYPE", "NAME", "render", "render_files"]

NAME = "dtcg"
EXTENSION = "json"
MEDIA_TYPE = "application/design-tokens+json"
DESCRIPTION = "W3C Design Tokens (DTCG 2025.10) JSON; with modes, a resolver document beside it"


def _json(doc: object) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render(tokens: TokenSet, options: ExportOptions) -> str:
    """The token document, or the inline resolver document when there are modes."""
    return resolver.dumps(tokens, default_mode=options.default_mode)


def render_files(tokens: TokenSet, options: ExportOptions) -> dict[str, str]:
    """Token document, one override document per mode, and the resolver document."""
    stem = options.file_stem
    files = {f"{stem}.{EXTENSION}": dtcg.dumps(tokens)}
    if not tokens.modes:
        return files
    refs = {"": f"{stem}.{EXTENSION}"}
    for mode in tokens.modes:
        refs[mode] = f"{stem}.{kebab((mode,))}.{EXTENSION}"
        files[refs[mode]] = _json(resolver.mode_document(tokens, mode))
    doc = resolver.to_resolver_document(tokens, files=refs, default_mode=options.default_mode)
    files[f"{stem}.resolver.{EXTENSION}"] = _json(doc)
    return files

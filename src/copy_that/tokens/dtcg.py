"""DTCG 2025.10 token documents: write a `TokenSet`, read one back, and validate documents.

The round trip is lossless: ``from_document(to_document(ts)) == ts`` for any token set whose
tokens and groups are in document order (groups contiguous, empty groups after their populated
siblings) and whose ``com.copy-that`` extension entries are not empty. Modes are not part of a
token document; `copy_that.tokens.resolver` writes them as a DTCG resolver document.

Layout of a written document::

    {
      "$schema": "https://www.designtokens.org/schemas/2025.10/format.json",
      "color": {"$type": "color", "palette": {"blue": {"$value": {...}, "$extensions": {...}}}},
      ...,
      "$extensions": {"com.copy-that": {"version": "...", "images": [...], "timings_ms": {...}}}
    }

A group gets ``$type`` when every token below it shares one type (and its parent does not
already say so); tokens then omit it. Reading applies DTCG group ``$type`` inheritance.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from copy_that.errors import DTCGValidationError
from copy_that.tokens._dtcg_meta import encode_group_meta, encode_root_meta, encode_token_meta
from copy_that.tokens._dtcg_parse import ParsedDocument, parse_document
from copy_that.tokens._dtcg_values import Problems, encode_value
from copy_that.tokens.model import GroupInfo, Token, TokenPath, TokenSet

__all__ = [
    "SCHEMA_URL",
    "dumps",
    "from_document",
    "loads",
    "raise_problems",
    "to_document",
    "validate_document",
]

#: The ``$schema`` written on every document.
SCHEMA_URL: Final = "https://www.designtokens.org/schemas/2025.10/format.json"
#: How many problems the error message lists before summarising the rest.
_MAX_LISTED: Final = 20


def raise_problems(problems: Problems) -> None:
    """Raise one `DTCGValidationError` carrying every problem (no-op when there are none).

    The error's ``pointer`` and leading message are the first problem's; ``problems`` holds all.
    """
    if not problems:
        return
    pointer, message = problems[0]
    if len(problems) > 1:
        listed = "; ".join(f"{p or '/'}: {m}" for p, m in problems[1:_MAX_LISTED])
        more = len(problems) - _MAX_LISTED
        tail = f"; and {more} more" if more > 0 else ""
        message = f"{message} (and {len(problems) - 1} more problems: {listed}{tail})"
    raise DTCGValidationError(message, pointer=pointer, problems=problems)


def validate_document(doc: object) -> None:
    """Check `doc` against DTCG 2025.10 and Copy That's token contract.

    Parameters
    ----------
    doc : JSON value
        A parsed token document.

    Raises
    ------
    DTCGValidationError
        With every problem found (``.problems``), ``.pointer`` at the first. Checked: the root and
        every token/group are objects; names (no ``.``, ``{``, ``}``, no leading ``$``); known
        ``$`` properties; ``$type`` among the DTCG types (inherited from groups); value shapes
        per type; aliases point at tokens of the needed type, and no alias cycles; Copy That's
        ``$extensions`` (confidence 0–1, evidence, images, timings).

    Notes
    -----
    DTCG 2025.10 Format §5–9 and the Color module. Valid DTCG that the token model cannot hold
    (cubicBezier, transition, gradient, strokeStyle objects) is reported as a problem too.
    A resolver document (what `copy_that.tokens.resolver.dumps` writes for a token set with
    modes) is checked with its inline token sets.
    """
    if _is_resolver(doc):
        from copy_that.tokens.resolver import from_resolver_document

        from_resolver_document(doc)
        return
    raise_problems(parse_document(doc).problems)


def from_document(doc: object) -> TokenSet:
    """Read a token document into a `TokenSet` (validating it first).

    A resolver document with inline sources (`copy_that.tokens.resolver.dumps`) is read too,
    modes included; one that names files needs `copy_that.tokens.resolver.load_tokens`.

    Raises
    ------
    DTCGValidationError
        The document is not valid; see `validate_document`.
    """
    if _is_resolver(doc):
        from copy_that.tokens.resolver import from_resolver_document

        return from_resolver_document(doc)
    parsed: ParsedDocument = parse_document(doc)
    raise_problems(parsed.problems)
    return TokenSet(
        tokens=tuple(parsed.tokens),
        groups=tuple(parsed.groups),
        images=parsed.images,
        timings_ms=parsed.timings_ms,
        extensions=parsed.extensions,
    )


def loads(text: str) -> TokenSet:
    """Parse JSON text and read it with `from_document`.

    Raises
    ------
    DTCGValidationError
        The text is not JSON (pointer ``""``, message with line and column) or not valid.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DTCGValidationError(
            f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", pointer=""
        ) from None
    return from_document(doc)


def dumps(tokens: TokenSet) -> str:
    """`to_document` as JSON text: two-space indent, UTF-8 characters kept, trailing newline."""
    return json.dumps(to_document(tokens), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def to_document(tokens: TokenSet) -> dict[str, Any]:
    """Write `tokens` as a DTCG 2025.10 document (a JSON-ready dict), validated before return.

    Raises
    ------
    DTCGValidationError
        The token set cannot make a valid document: an alias points at no token or at a token of
        another type, aliases form a cycle, a number is not finite, or an ``extensions`` entry
        clashes with a field Copy That writes itself (pointer at the offending place).
    """
    groups = {info.path: info for info in tokens.groups}
    tree: dict[str, Any] = {}
    types: dict[TokenPath, set[str]] = {}
    problems: Problems = []
    for token in tokens.tokens:
        parent = _node(tree, token.path[:-1])
        parent[token.path[-1]] = token
        for n in range(len(token.path)):
            types.setdefault(token.path[:n], set()).add(token.type)
    token_paths = {token.path for token in tokens.tokens}
    for path in groups:
        if any(path[:n] in token_paths for n in range(1, len(path) + 1)):
            problems.append((_pointer(path), f"group info {'.'.join(path)} names a token"))
        elif path:
            _node(tree, path)
    doc: dict[str, Any] = {"$schema": SCHEMA_URL}
    root = groups.get(())
    if root is not None:
        if root.extensions:
            problems.append(("/$extensions", "root extensions belong in TokenSet.extensions"))
        if root.description is not None:
            doc["$description"] = root.description
    doc.update(_write_group(tree, (), None, groups, types, problems))
    try:
        doc["$extensions"] = encode_root_meta(tokens, root.reason if root else None)
    except ValueError as exc:
        problems.append(("/$extensions", str(exc)))
    if problems:
        raise_problems(problems)
    validate_document(doc)
    return doc


def _is_resolver(doc: object) -> bool:
    return isinstance(doc, dict) and "resolutionOrder" in doc


def _node(tree: dict[str, Any], path: TokenPath) -> dict[str, Any]:
    node = tree
    for name in path:
        node = node.setdefault(name, {})
    return node


def _pointer(path: TokenPath) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in path)


def _write_group(
    tree: Mapping[str, Any],
    path: TokenPath,
    inherited: str | None,
    groups: Mapping[TokenPath, GroupInfo],
    types: Mapping[TokenPath, set[str]],
    problems: Problems,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    below = types.get(path, set())
    own_type = next(iter(below)) if len(below) == 1 else None
    if path and own_type is not None and own_type != inherited:
        out["$type"] = own_type
    current = own_type if path and own_type is not None else inherited
    info = groups.get(path)
    if path and info is not None:
        if info.description is not None:
            out["$description"] = info.description
        try:
            meta = encode_group_meta(info)
        except ValueError as exc:
            problems.append((_pointer(path) + "/$extensions", str(exc)))
            meta = None
        if meta:
            out["$extensions"] = meta
    for name, child in tree.items():
        child_path = (*path, name)
        if isinstance(child, Token):
            out[name] = _write_token(child, current, problems)
        else:
            out[name] = _write_group(child, child_path, current, groups, types, problems)
    return out


def _write_token(token: Token, inherited: str | None, problems: Problems) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if token.type != inherited:
        out["$type"] = token.type
    out["$value"] = encode_value(token.type, token.value)
    if token.description is not None:
        out["$description"] = token.description
    try:
        meta = encode_token_meta(token)
    except ValueError as exc:
        problems.append((_pointer(token.path) + "/$extensions", str(exc)))
        meta = None
    if meta:
        out["$extensions"] = meta
    return out

"""Walk and change DTCG 2025.10 token documents held as JSON dicts (as the database stores them).

A token is an object with ``$value``; a group is any other object; keys starting with ``$`` are
properties, not children. A token without ``$type`` takes the nearest enclosing group's.
Paths are tuples of names, dotted in aliases (``{color.palette.blue}``).

Tokens with modes (a light and a dark theme) are stored as a resolver document: a base token
document plus one override document per other mode (`split_modes` finds them).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from copy_that.tokens.model import TokenPath
from copy_that.tokens.resolver import is_resolver_document

__all__ = [
    "Document",
    "alias_text",
    "deep_copy",
    "find_node",
    "iter_tokens",
    "parse_path",
    "remove_node",
    "set_node",
    "split_modes",
    "token_type",
    "transform_strings",
]

Document = dict[str, Any]


def parse_path(text: str) -> TokenPath:
    """Split a dotted token path (``"color.palette.blue"``), rejecting empty names.

    Raises
    ------
    ValueError
        The path is empty or has an empty or ``$``-prefixed segment.
    """
    parts = tuple(text.strip().strip("{}").split("."))
    if not text.strip() or any(not p or p.startswith("$") for p in parts):
        raise ValueError(f"{text!r} is not a token path like 'color.palette.blue'")
    return parts


def split_modes(document: Document) -> tuple[Document, dict[str, Document]]:
    """The base token document and each mode's override document: objects inside `document`.

    A token document is its own base, without modes. A resolver document in the shape
    `copy_that.tokens.resolver.to_any_document` writes (one set with one inline source, at most
    one modifier whose contexts hold at most one inline override each) gives its inline
    documents, so changing them changes `document`.

    Raises
    ------
    ValueError
        A resolver document of another shape (file references, several sources or modifiers).
    """
    if not is_resolver_document(document):
        return document, {}
    try:
        (base,) = document["sets"]["base"]["sources"]
        modifiers = list(document.get("modifiers", {}).values())
        if len(modifiers) > 1:
            raise ValueError
        modes: dict[str, Document] = {}
        for mode, sources in (modifiers[0]["contexts"] if modifiers else {}).items():
            if sources:
                (modes[mode],) = sources
    except (KeyError, TypeError, AttributeError, ValueError):
        raise ValueError(
            "a resolver document holds tokens only as one inline base set and one modifier "
            "with inline overrides; write it with copy_that.tokens.resolver.to_any_document"
        ) from None
    if not all(isinstance(d, dict) and "$ref" not in d for d in (base, *modes.values())):
        raise ValueError("a resolver document's sources must be inline token documents")
    return base, modes


def alias_text(path: TokenPath) -> str:
    """The DTCG alias string for `path`: ``{a.b.c}``."""
    return "{" + ".".join(path) + "}"


def deep_copy(document: Document) -> Document:
    """An independent copy of `document` (edits never change a stored version in place)."""
    return copy.deepcopy(document)


def _children(node: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for key, value in node.items():
        if not key.startswith("$") and isinstance(value, dict):
            yield key, value


def iter_tokens(document: Document) -> Iterator[tuple[TokenPath, dict[str, Any], str | None]]:
    """Every token in document order.

    Yields
    ------
    (path, node, type)
        The token's path, its object (``$value`` …) and its effective ``$type`` (own or
        inherited from a group; None when neither says).
    """

    def walk(
        node: dict[str, Any], prefix: TokenPath, inherited: str | None
    ) -> Iterator[tuple[TokenPath, dict[str, Any], str | None]]:
        for key, child in _children(node):
            path = (*prefix, key)
            if "$value" in child:
                yield path, child, child.get("$type", inherited)
            else:
                yield from walk(child, path, child.get("$type", inherited))

    yield from walk(document, (), document.get("$type"))


def find_node(document: Document, path: TokenPath) -> dict[str, Any] | None:
    """The object at `path` (token or group), or None."""
    node: Any = document
    for name in path:
        if not isinstance(node, dict) or name.startswith("$"):
            return None
        node = node.get(name)
    return node if isinstance(node, dict) else None


def token_type(document: Document, path: TokenPath) -> str | None:
    """The effective ``$type`` of the token at `path` (None when absent or untyped)."""
    for token_path, _node, kind in iter_tokens(document):
        if token_path == path:
            return kind
    return None


def set_node(document: Document, path: TokenPath, node: dict[str, Any]) -> None:
    """Put `node` at `path`, creating groups on the way.

    Raises
    ------
    ValueError
        A prefix of `path` is a token (tokens cannot hold children).
    """
    parent: dict[str, Any] = document
    for depth, name in enumerate(path[:-1]):
        child = parent.setdefault(name, {})
        if not isinstance(child, dict) or "$value" in child:
            where = ".".join(path[: depth + 1])
            raise ValueError(f"{where} is a token, so {'.'.join(path)} cannot be created under it")
        parent = child
    parent[path[-1]] = node


def remove_node(document: Document, path: TokenPath) -> dict[str, Any] | None:
    """Remove and return the object at `path`; drop groups this leaves with nothing in them."""
    trail: list[tuple[dict[str, Any], str]] = []
    node: dict[str, Any] = document
    for name in path:
        child = node.get(name)
        if not isinstance(child, dict):
            return None
        trail.append((node, name))
        node = child
    parent, name = trail.pop()
    removed: dict[str, Any] = parent.pop(name)
    while trail and not parent:
        parent, name = trail.pop()
        parent.pop(name)
    return removed


def transform_strings(value: Any, change: Callable[[str], str]) -> Any:
    """A copy of a JSON value with every string passed through `change` (for alias rewrites)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [transform_strings(item, change) for item in value]
    if isinstance(value, dict):
        return {key: transform_strings(item, change) for key, item in value.items()}
    return value

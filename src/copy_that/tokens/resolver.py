"""DTCG 2025.10 resolver documents: a `TokenSet`'s modes (light/dark …) as sets and a modifier.

A token set with modes is written as one base token document (the default mode, e.g. ``light``),
one override document per other mode (only the tokens that change, each with its ``$type``), and
a resolver document that orders them::

    {
      "$schema": "https://www.designtokens.org/schemas/2025.10/resolver.json",
      "version": "2025.10",
      "sets": {"base": {"sources": [{"$ref": "tokens.json"}]}},
      "modifiers": {"theme": {"contexts": {"light": [], "dark": [{"$ref": "tokens.dark.json"}]},
                              "default": "light"}},
      "resolutionOrder": [{"$ref": "#/sets/base"}, {"$ref": "#/modifiers/theme"}]
    }

With ``files=None`` the sources are inlined, which gives one self-contained, lossless file.
Reading accepts resolvers with any number of sets and at most one modifier.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from copy_that.errors import DTCGValidationError
from copy_that.tokens._dtcg_parse import parse_document
from copy_that.tokens._dtcg_values import Problems, encode_value, pointer_join
from copy_that.tokens.dtcg import from_document, raise_problems, to_document
from copy_that.tokens.model import TokenPath, TokenSet, TokenValue

__all__ = [
    "RESOLVER_SCHEMA_URL",
    "dumps",
    "from_resolver_document",
    "is_resolver_document",
    "load_tokens",
    "mode_document",
    "to_any_document",
    "to_resolver_document",
]

RESOLVER_SCHEMA_URL: Final = "https://www.designtokens.org/schemas/2025.10/resolver.json"
_VERSION: Final = "2025.10"
#: Loads the JSON document a file ``$ref`` names (a path relative to the resolver document).
Loader = Callable[[str], object]


def is_resolver_document(doc: object) -> bool:
    """Whether `doc` looks like a resolver document (it has ``resolutionOrder``)."""
    return isinstance(doc, dict) and "resolutionOrder" in doc


def mode_document(tokens: TokenSet, mode: str) -> dict[str, Any]:
    """The override token document of `mode`: only the tokens it changes, each with ``$type``.

    Raises
    ------
    KeyError
        `mode` is not one of ``tokens.modes``.
    """
    overrides = tokens.modes[mode]
    doc: dict[str, Any] = {}
    for token in tokens.tokens:
        if token.path in overrides:
            node = doc
            for name in token.path[:-1]:
                node = node.setdefault(name, {})
            node[token.path[-1]] = {
                "$type": token.type,
                "$value": encode_value(token.type, overrides[token.path]),
            }
    return doc


def to_resolver_document(
    tokens: TokenSet,
    *,
    files: Mapping[str, str] | None = None,
    default_mode: str = "light",
    modifier: str = "theme",
    name: str | None = None,
) -> dict[str, Any]:
    """Write the resolver document for `tokens` and its modes.

    Parameters
    ----------
    tokens : TokenSet
        The base values are the default mode; ``tokens.modes`` holds the others.
    files : mapping, optional
        File name of the base document under key ``""`` and of each mode's override document
        under the mode's name; sources become ``{"$ref": file}``. None inlines every source.
    default_mode : str
        Context name of the base values.
    modifier : str
        Name of the modifier holding the contexts.
    name : str, optional
        The resolver's human-readable name.

    Raises
    ------
    DTCGValidationError
        A mode is named like the default mode, or a mode's values do not resolve (aliases to
        missing tokens or of the wrong type) once laid over the base.
    """
    if default_mode in tokens.modes:
        raise DTCGValidationError(
            f"mode {default_mode!r} would shadow the base values; pass another default_mode",
            pointer=pointer_join("/modifiers", modifier, "contexts", default_mode),
        )
    base = to_document(tokens)
    contexts: dict[str, list[Any]] = {default_mode: []}
    for mode in tokens.modes:
        override = mode_document(tokens, mode)
        raise_problems(_rebase(parse_document(_merge(base, override)).problems, mode))
        contexts[mode] = [{"$ref": files[mode]} if files is not None else override]
    base_source: Any = {"$ref": files[""]} if files is not None else base
    doc: dict[str, Any] = {"$schema": RESOLVER_SCHEMA_URL}
    if name is not None:
        doc["name"] = name
    doc["version"] = _VERSION
    doc["sets"] = {"base": {"sources": [base_source]}}
    order: list[Any] = [{"$ref": "#/sets/base"}]
    if tokens.modes:
        doc["modifiers"] = {modifier: {"contexts": contexts, "default": default_mode}}
        order.append({"$ref": pointer_join("#/modifiers", modifier)})
    doc["resolutionOrder"] = order
    return doc


def to_any_document(tokens: TokenSet, *, default_mode: str = "light") -> dict[str, Any]:
    """The one self-contained document that holds all of `tokens`.

    A token document when there are no modes; otherwise a resolver document with the base and
    every mode inlined. `copy_that.tokens.dtcg.from_document` reads both back.
    """
    if not tokens.modes:
        return to_document(tokens)
    return to_resolver_document(tokens, default_mode=default_mode)


def dumps(tokens: TokenSet, *, default_mode: str = "light") -> str:
    """`to_any_document` as JSON text (two-space indent, trailing newline)."""
    doc = to_any_document(tokens, default_mode=default_mode)
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _rebase(problems: Problems, mode: str) -> Problems:
    return [(p, f"in mode {mode!r}: {m}") for p, m in problems]


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Lay token document `over` on `base`: tokens replace tokens, groups merge (Resolver §4)."""
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict) and key != "$extensions":
            out[key] = value if "$value" in value or "$value" in old else _merge(old, value)
        elif key == "$extensions" and isinstance(old, dict) and isinstance(value, dict):
            out[key] = {**old, **value}
        else:
            out[key] = value
    return out


def _token_paths(doc: Mapping[str, Any], path: TokenPath = ()) -> list[TokenPath]:
    out: list[TokenPath] = []
    for key, value in doc.items():
        if key.startswith("$") or not isinstance(value, dict):
            continue
        if "$value" in value:
            out.append((*path, key))
        else:
            out.extend(_token_paths(value, (*path, key)))
    return out


class _Reader:
    def __init__(self, doc: dict[str, Any], load: Loader | None) -> None:
        self.doc = doc
        self.load = load
        self.problems: Problems = []

    def fail(self, pointer: str, message: str) -> None:
        self.problems.append((pointer, message))

    def deref(self, ref: object, pointer: str, seen: tuple[str, ...] = ()) -> object:
        if not isinstance(ref, str):
            self.fail(pointer, "$ref must be a string")
            return None
        if ref in seen:
            self.fail(pointer, f"$ref cycle: {' → '.join((*seen, ref))}")
            return None
        if ref.startswith("#"):
            node: object = self.doc
            for part in ref[1:].split("/")[1:]:
                key = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(node, dict) or key not in node:
                    self.fail(pointer, f"$ref {ref!r} points at nothing in this document")
                    return None
                node = node[key]
            if ref.startswith("#/resolutionOrder"):
                self.fail(pointer, "resolutionOrder items must not be referenced")
                return None
            return node
        if self.load is None:
            self.fail(pointer, f"$ref {ref!r} names a file, but no loader was given")
            return None
        try:
            return self.load(ref)
        except (OSError, ValueError) as exc:
            self.fail(pointer, f"cannot load {ref!r}: {exc}")
            return None

    def sources(
        self, items: object, pointer: str, seen: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        if not isinstance(items, list):
            self.fail(pointer, "sources must be a list")
            return []
        docs: list[dict[str, Any]] = []
        for i, item in enumerate(items):
            p = pointer_join(pointer, i)
            if isinstance(item, dict) and set(item) == {"$ref"}:
                ref = item["$ref"]
                target = self.deref(ref, p, seen)
                if isinstance(target, dict) and "sources" in target:
                    inner = pointer_join(p, "sources")
                    docs.extend(self.sources(target["sources"], inner, (*seen, str(ref))))
                elif isinstance(target, dict):
                    docs.append(target)
                elif target is not None:
                    self.fail(p, "a source must be a token document (an object)")
            elif isinstance(item, dict):
                docs.append(item)
            else:
                self.fail(p, "a source is a token document or a {'$ref': …} object")
        return docs

    def order_item(self, item: object, pointer: str) -> tuple[str, object] | None:
        if isinstance(item, dict) and set(item) == {"$ref"}:
            ref = item["$ref"]
            target = self.deref(ref, pointer)
            if target is None:
                return None
            kind = "modifier" if isinstance(ref, str) and ref.startswith("#/modifiers/") else "set"
            return kind, target
        if isinstance(item, dict) and item.get("type") in ("set", "modifier") and "name" in item:
            return str(item["type"]), item
        self.fail(
            pointer, "a resolutionOrder item is a $ref or an inline set/modifier with name and type"
        )
        return None


def from_resolver_document(doc: object, *, load: Loader | None = None) -> TokenSet:
    """Read a resolver document into a `TokenSet` with modes.

    Parameters
    ----------
    doc : JSON value
        The resolver document.
    load : callable, optional
        Loads a file ``$ref`` (path relative to the resolver); needed unless all sources are
        inline or same-document references.

    Returns
    -------
    TokenSet
        Base tokens from the sets plus the modifier's default context; every other context
        becomes a mode holding the tokens its sources define.

    Raises
    ------
    DTCGValidationError
        The resolver breaks the Resolver Module 2025.10 (pointer into it), has more than one
        modifier, or a resolved token document is invalid (message names the context).
    """
    if not isinstance(doc, dict):
        raise DTCGValidationError("a resolver document is a JSON object", pointer="")
    reader = _Reader(doc, load)
    if doc.get("version") != _VERSION:
        reader.fail("/version", f"version must be {_VERSION!r}, got {doc.get('version')!r}")
    order = doc.get("resolutionOrder")
    if not isinstance(order, list):
        reader.fail("/resolutionOrder", "resolutionOrder must be a list")
        order = []
    base: dict[str, Any] = {}
    modifier: tuple[str, dict[str, Any]] | None = None
    for i, item in enumerate(order):
        pointer = pointer_join("/resolutionOrder", i)
        resolved = reader.order_item(item, pointer)
        if resolved is None:
            continue
        kind, target = resolved
        if kind == "set":
            sources = target.get("sources") if isinstance(target, dict) else None
            for source in reader.sources(sources, pointer_join(pointer, "sources")):
                base = _merge(base, source)
        elif modifier is not None:
            reader.fail(pointer, "Copy That reads resolvers with at most one modifier")
        elif isinstance(target, dict):
            modifier = (pointer, target)
    contexts: dict[str, list[dict[str, Any]]] = {}
    default: str | None = None
    if modifier is not None:
        pointer, target = modifier
        raw_contexts = target.get("contexts")
        if not isinstance(raw_contexts, dict) or not raw_contexts:
            reader.fail(pointer, "a modifier needs a non-empty contexts object")
            raw_contexts = {}
        for ctx, items in raw_contexts.items():
            contexts[ctx] = reader.sources(items, pointer_join(pointer, "contexts", ctx))
        default = target.get("default", next(iter(raw_contexts), None))
        if raw_contexts and default not in raw_contexts:
            reader.fail(pointer_join(pointer, "default"), f"default {default!r} is not a context")
    raise_problems(reader.problems)
    for source in contexts.get(default or "", []):
        base = _merge(base, source)
    tokens = from_document(base)
    modes: dict[str, dict[TokenPath, TokenValue]] = {}
    for ctx, sources in contexts.items():
        if ctx == default:
            continue
        merged = base
        paths: list[TokenPath] = []
        for source in sources:
            merged = _merge(merged, source)
            paths.extend(_token_paths(source))
        parsed = parse_document(merged)
        raise_problems(_rebase(parsed.problems, ctx))
        values = {t.path: t.value for t in parsed.tokens}
        unknown = [p for p in paths if tokens.get(p) is None]
        if unknown:
            raise DTCGValidationError(
                f"context {ctx!r} adds token {'.'.join(unknown[0])}, which the base lacks; "
                "Copy That modes only override existing tokens",
                pointer=pointer_join(modifier[0] if modifier else "", "contexts", ctx),
            )
        modes[ctx] = {p: values[p] for p in dict.fromkeys(paths)}
    return TokenSet(
        tokens=tokens.tokens,
        groups=tokens.groups,
        images=tokens.images,
        timings_ms=tokens.timings_ms,
        modes=modes,
        extensions=tokens.extensions,
    )


def load_tokens(path: Path) -> TokenSet:
    """Read a token document or a resolver document (its file sources relative to `path`).

    Raises
    ------
    DTCGValidationError
        The file is not JSON or not a valid document.
    OSError
        The file cannot be read.
    """

    def load(ref: str) -> object:
        return json.loads((path.parent / ref).read_text(encoding="utf-8"))

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DTCGValidationError(
            f"{path} is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", pointer=""
        ) from None
    if is_resolver_document(doc):
        return from_resolver_document(doc, load=load)
    return from_document(doc)

"""Walk a DTCG 2025.10 token document: structure, names, type inheritance, values and aliases.

`parse_document` never raises on a bad document; it returns what it could decode together with
every problem found, each as ``(JSON pointer, message)``. `copy_that.tokens.dtcg` turns the
problems into one `DTCGValidationError` and the decoded parts into a `TokenSet`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from copy_that.errors import AliasError
from copy_that.tokens._dtcg_meta import decode_group_meta, decode_root_meta, decode_token_meta
from copy_that.tokens._dtcg_values import (
    DTCG_TYPES,
    AliasUse,
    Problems,
    decode_value,
    pointer_join,
)
from copy_that.tokens._resolve import follow_alias
from copy_that.tokens.model import (
    Alias,
    GroupInfo,
    ImageInfo,
    Token,
    TokenPath,
    TokenValue,
    validate_name,
)

__all__ = ["ParsedDocument", "parse_document"]

_TOKEN_PROPS: Final = frozenset({"$value", "$type", "$description", "$extensions", "$deprecated"})
_GROUP_PROPS: Final = frozenset({"$type", "$description", "$extensions", "$deprecated"})
_ROOT_PROPS: Final = _GROUP_PROPS | {"$schema"}
#: Stands in for the value of a token that ends an alias chain when only its path matters.
_CHAIN_END: Final = 0.0


@dataclass
class _RawToken:
    path: TokenPath
    pointer: str
    node: dict[str, Any]
    type: str | None


@dataclass
class ParsedDocument:
    """What a document decodes to, plus every problem found in it."""

    tokens: list[Token] = field(default_factory=list)
    groups: list[GroupInfo] = field(default_factory=list)
    images: tuple[ImageInfo, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)
    problems: Problems = field(default_factory=list)


class _Walker:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.raw: list[_RawToken] = []
        self.group_paths: set[TokenPath] = set()
        self.groups: list[GroupInfo] = []

    def fail(self, pointer: str, message: str) -> None:
        self.problems.append((pointer, message))

    def check_type(self, node: dict[str, Any], pointer: str) -> str | None:
        if "$type" not in node:
            return None
        type_ = node["$type"]
        if type_ not in DTCG_TYPES:
            self.fail(
                pointer_join(pointer, "$type"),
                f"unknown $type {type_!r}; DTCG 2025.10 types are {sorted(DTCG_TYPES)}",
            )
            return None
        return str(type_)

    def check_common(self, node: dict[str, Any], pointer: str, allowed: frozenset[str]) -> None:
        for key in node:
            if key.startswith("$") and key not in allowed:
                hint = " (group $extends is not supported)" if key == "$extends" else ""
                self.fail(pointer_join(pointer, key), f"unknown property {key!r}{hint}")
        desc = node.get("$description")
        if desc is not None and not isinstance(desc, str):
            self.fail(pointer_join(pointer, "$description"), "$description must be a string")
        dep = node.get("$deprecated")
        if dep is not None and not isinstance(dep, bool | str):
            self.fail(
                pointer_join(pointer, "$deprecated"), "$deprecated must be true, false or a string"
            )

    def group(
        self, node: dict[str, Any], path: TokenPath, pointer: str, inherited: str | None
    ) -> None:
        self.check_common(node, pointer, _ROOT_PROPS if not path else _GROUP_PROPS)
        own_type = self.check_type(node, pointer)
        type_ = own_type or inherited
        if path:
            self.group_paths.add(path)
            reason, extensions = decode_group_meta(
                node.get("$extensions"), pointer_join(pointer, "$extensions"), self.problems
            )
            desc = node.get("$description") if isinstance(node.get("$description"), str) else None
            if desc is not None or reason is not None or extensions:
                self.groups.append(GroupInfo(path, desc, reason, extensions))
        for key, child in node.items():
            if key.startswith("$"):
                continue
            child_pointer = pointer_join(pointer, key)
            try:
                validate_name(key)
            except ValueError as exc:
                self.fail(child_pointer, str(exc))
                continue
            if not isinstance(child, dict):
                self.fail(child_pointer, f"a token or group must be an object, got {child!r}")
            elif "$value" in child:
                self.token(child, (*path, key), child_pointer, type_)
            else:
                self.group(child, (*path, key), child_pointer, type_)

    def token(
        self, node: dict[str, Any], path: TokenPath, pointer: str, inherited: str | None
    ) -> None:
        self.check_common(node, pointer, _TOKEN_PROPS)
        for key in node:
            if not key.startswith("$"):
                self.fail(
                    pointer_join(pointer, key), f"token {'.'.join(path)} cannot contain {key!r}"
                )
        own_type = self.check_type(node, pointer)
        if "$type" in node and own_type is None:
            return
        self.raw.append(_RawToken(path, pointer, node, own_type or inherited))


def _infer_types(walker: _Walker) -> None:
    """Give untyped alias tokens the type of the token their alias chain ends at (Format §8)."""
    by_path = {raw.path: raw for raw in walker.raw}

    def lookup(path: TokenPath) -> TokenValue | None:
        raw = by_path.get(path)
        if raw is None:
            return None
        value = raw.node["$value"]
        if raw.type is None and Alias.is_alias(value):
            try:
                return Alias.parse(value)
            except ValueError:
                return None
        return _CHAIN_END if raw.type is not None else None

    for raw in walker.raw:
        if raw.type is not None:
            continue
        value = raw.node["$value"]
        if not Alias.is_alias(value):
            walker.fail(
                raw.pointer,
                f"token {'.'.join(raw.path)} has no $type; set $type on it or on a parent group",
            )
            continue
        value_pointer = pointer_join(raw.pointer, "$value")
        try:
            target, _ = follow_alias(Alias.parse(value), lookup)
        except AliasError as exc:
            walker.fail(value_pointer, f"{exc}; its $type cannot be inferred")
            continue
        except ValueError:
            walker.fail(value_pointer, f"malformed alias {value!r}: write '{{group.token}}'")
            continue
        raw.type = by_path[target].type


def _check_aliases(walker: _Walker, tokens: dict[TokenPath, Token], uses: list[AliasUse]) -> None:
    # Tokens whose value failed to decode still end a chain (their problem is already reported).
    values: dict[TokenPath, TokenValue] = {raw.path: _CHAIN_END for raw in walker.raw}
    values.update((path, token.value) for path, token in tokens.items())
    types = {raw.path: raw.type for raw in walker.raw}
    for use in uses:
        target = use.alias.path
        if target in walker.group_paths:
            walker.fail(use.pointer, f"alias {use.alias} points at a group, not a token")
            continue
        if target not in types:
            walker.fail(
                use.pointer,
                f"alias {use.alias} points at no token; check the name or add the token",
            )
            continue
        if types[target] is not None and types[target] != use.expected:
            walker.fail(
                use.pointer,
                f"alias {use.alias} points at a {types[target]} token; a {use.expected} is needed",
            )
            continue
        try:
            follow_alias(use.alias, values.get)
        except AliasError as exc:
            walker.fail(use.pointer, str(exc))


def parse_document(doc: object) -> ParsedDocument:
    """Decode `doc` as a DTCG 2025.10 token document, collecting every problem.

    Notes
    -----
    DTCG 2025.10 Format §5 (names), §6 (tokens), §6.4 (group ``$type`` inheritance),
    §7 (aliases; chains must end in a value, cycles are errors).
    """
    parsed = ParsedDocument()
    if not isinstance(doc, dict):
        parsed.problems.append(("", f"a token document is a JSON object, got {type(doc).__name__}"))
        return parsed
    if "$value" in doc:
        parsed.problems.append(("", "the document root is a group and cannot have a $value"))
        return parsed
    if "resolutionOrder" in doc:
        parsed.problems.append(
            ("", "this is a DTCG resolver document; read it with copy_that.tokens.resolver")
        )
        return parsed
    walker = _Walker(parsed.problems)
    walker.group(doc, (), "", None)
    images, timings, root_reason, root_ext = decode_root_meta(
        doc.get("$extensions"), "/$extensions", parsed.problems
    )
    root_desc = doc.get("$description") if isinstance(doc.get("$description"), str) else None
    if root_desc is not None or root_reason is not None:
        parsed.groups.append(GroupInfo((), root_desc, root_reason))
    parsed.groups.extend(walker.groups)
    parsed.images, parsed.timings_ms, parsed.extensions = images, timings, root_ext
    _infer_types(walker)
    uses: list[AliasUse] = []
    tokens: dict[TokenPath, Token] = {}
    for raw in walker.raw:
        if raw.type is None:
            continue
        value = decode_value(
            raw.type, raw.node["$value"], pointer_join(raw.pointer, "$value"), parsed.problems, uses
        )
        confidence, evidence, extensions = decode_token_meta(
            raw.node.get("$extensions"), pointer_join(raw.pointer, "$extensions"), parsed.problems
        )
        desc = raw.node.get("$description")
        if value is None:
            continue
        tokens[raw.path] = Token(
            path=raw.path,
            type=raw.type,  # type: ignore[arg-type]
            value=value,
            description=desc if isinstance(desc, str) else None,
            confidence=confidence,
            evidence=evidence,
            extensions=extensions,
        )
    _check_aliases(walker, tokens, uses)
    parsed.tokens = list(tokens.values())
    return parsed
